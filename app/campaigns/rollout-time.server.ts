// When the rollout check runs, for the campaign page: test_wait_minutes after the last test message went out —
// the same figures and rule the `campaign.rollout-check` job uses (dispatch's testGroupFigures). While test
// messages are still going out the time is not known yet, only how it will be set.
import { testGroupFigures } from "./dispatch/index.server";

export interface RolloutCheckTime {
  /** ISO time of the check, null while test messages are still being sent */
  at: string | null;
  waitMinutes: number;
  pending: number;
  testRecipients: number;
}

export async function rolloutCheckTime(
  shopId: number,
  campaign: { id: number; status: string; testShare: number; testWaitMinutes: number },
): Promise<RolloutCheckTime | null> {
  if (campaign.status !== "testing" || campaign.testShare <= 0) return null;
  const f = await testGroupFigures(shopId, campaign.id);
  const at =
    f.pending === 0 && f.lastSendAt ? new Date(f.lastSendAt.getTime() + campaign.testWaitMinutes * 60_000) : null;
  return {
    at: at?.toISOString() ?? null,
    waitMinutes: campaign.testWaitMinutes,
    pending: f.pending,
    testRecipients: f.testRecipients,
  };
}
