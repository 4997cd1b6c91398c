// The merchant's controls on a campaign. Every transition is one conditional UPDATE on the campaign row (the
// dispatcher and the start job change it too), so two clicks, or a click racing the dispatcher, cannot leave it
// in a state no one chose. The dispatcher itself sets `paused` / `awaiting_decision` with paused_reason.
//   pause           running | testing | awaiting_decision → paused (reason "Paused by you")
//   resume          paused → testing (test share > 0 and no main-group recipient has been sent yet) or running;
//                   queues campaign.dispatch again
//   cancel          any state but completed / cancelled / failed → cancelled; recipients still queued become
//                   skipped (reason cancelled), and so do rows claimed but not yet attempted; a scheduled start job
//                   is removed. Rows already attempted are left to their answer or the reconciliation (never
//                   re-sent, never silently dropped).
//   approveRollout  awaiting_decision → running; queues campaign.dispatch
import { pool, withTransaction } from "../db.server";
import { queueDispatch, unbookStart } from "./schedule.server";

export type ControlResult = { ok: true; status: string } | { ok: false; error: string; status?: string };

export const PAUSED_BY_MERCHANT = "Paused by you.";

const FINISHED = ["completed", "cancelled", "failed"];

async function currentStatus(shopId: number, campaignId: number): Promise<string | undefined> {
  const { rows } = await pool().query<{ status: string }>(
    `SELECT status FROM campaigns WHERE shop_id = $1 AND id = $2`,
    [shopId, campaignId],
  );
  return rows[0]?.status;
}

async function refused(shopId: number, campaignId: number, action: string): Promise<ControlResult> {
  const status = await currentStatus(shopId, campaignId);
  if (!status) return { ok: false, error: "Campaign not found." };
  return { ok: false, status, error: `A ${status.replace("_", " ")} campaign cannot be ${action}.` };
}

export async function pauseCampaign(opts: {
  shopId: number;
  campaignId: number;
  reason?: string;
}): Promise<ControlResult> {
  const { rows } = await pool().query<{ status: string }>(
    `UPDATE campaigns SET status = 'paused', paused_reason = $3, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status IN ('running', 'testing', 'awaiting_decision') RETURNING status`,
    [opts.shopId, opts.campaignId, opts.reason ?? PAUSED_BY_MERCHANT],
  );
  return rows[0] ? { ok: true, status: rows[0].status } : refused(opts.shopId, opts.campaignId, "paused");
}

export async function resumeCampaign(opts: { shopId: number; campaignId: number }): Promise<ControlResult> {
  const { rows } = await pool().query<{ status: string }>(
    `UPDATE campaigns c SET paused_reason = NULL, updated_at = now(),
       status = CASE WHEN c.test_share > 0
                      AND NOT EXISTS (SELECT 1 FROM recipients r WHERE r.campaign_id = c.id AND r.shop_id = c.shop_id
                                      AND r."group" = 'main' AND r.status NOT IN ('queued', 'excluded', 'holdout', 'skipped'))
                      AND EXISTS (SELECT 1 FROM recipients r WHERE r.campaign_id = c.id AND r.shop_id = c.shop_id AND r."group" = 'test')
                     THEN 'testing'::"CampaignStatus" ELSE 'running'::"CampaignStatus" END
     WHERE c.shop_id = $1 AND c.id = $2 AND c.status = 'paused' RETURNING c.status`,
    [opts.shopId, opts.campaignId],
  );
  if (!rows[0]) return refused(opts.shopId, opts.campaignId, "resumed");
  await queueDispatch(opts.shopId, opts.campaignId, `resume-${Date.now()}`);
  return { ok: true, status: rows[0].status };
}

export async function approveRollout(opts: { shopId: number; campaignId: number }): Promise<ControlResult> {
  const { rows } = await pool().query<{ status: string }>(
    `UPDATE campaigns SET status = 'running', paused_reason = NULL, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status = 'awaiting_decision' RETURNING status`,
    [opts.shopId, opts.campaignId],
  );
  if (!rows[0]) return refused(opts.shopId, opts.campaignId, "rolled out");
  await queueDispatch(opts.shopId, opts.campaignId, `rollout-${Date.now()}`);
  return { ok: true, status: rows[0].status };
}

export async function cancelCampaign(opts: {
  shopId: number;
  campaignId: number;
}): Promise<ControlResult & { skipped?: number }> {
  const out = await withTransaction(async (db) => {
    const { rows } = await db.query<{ status: string; scheduled_at: Date | null }>(
      `SELECT status, scheduled_at FROM campaigns WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
      [opts.shopId, opts.campaignId],
    );
    const c = rows[0];
    if (!c) return null;
    if (FINISHED.includes(c.status)) return { before: c.status, scheduledAt: c.scheduled_at, skipped: -1 };
    await db.query(
      `UPDATE campaigns SET status = 'cancelled', completed_at = now(), updated_at = now() WHERE shop_id = $1 AND id = $2`,
      [opts.shopId, opts.campaignId],
    );
    const skipped = await db.query(
      // Claimed rows not yet attempted (sending, sending_at NULL) are cancelled too: their dispatcher's attempt mark
      // then finds them no longer its own and does not send them. Attempted rows are left to their answer.
      `UPDATE recipients SET status = 'skipped', reason = 'cancelled', lease_id = NULL, lease_until = NULL
       WHERE shop_id = $1 AND campaign_id = $2 AND (status = 'queued' OR (status = 'sending' AND sending_at IS NULL))`,
      [opts.shopId, opts.campaignId],
    );
    return { before: c.status, scheduledAt: c.scheduled_at, skipped: skipped.rowCount ?? 0 };
  });
  if (!out) return { ok: false, error: "Campaign not found." };
  if (out.skipped < 0) return { ok: false, status: out.before, error: `A ${out.before} campaign cannot be cancelled.` };
  if (out.before === "scheduled") await unbookStart(opts.campaignId, out.scheduledAt);
  return { ok: true, status: "cancelled", skipped: out.skipped };
}
