// The BullMQ jobs dispatch books for itself: dispatchers (one per lane), continuations and rollout checks.
// Job ids are deterministic so booking twice is a no-op.
import { enqueue } from "../../../jobs/queues";

export function dispatchJobId(campaignId: number, lane = 0): string {
  return lane === 0 ? `campaign-dispatch-${campaignId}` : `campaign-dispatch-${campaignId}-lane-${lane}`;
}

/** Queues the campaign's dispatcher now, or a continuation at `at` (one job per due second). */
export async function queueDispatch(shopId: number, campaignId: number, at?: Date | null) {
  const delay = at ? Math.max(0, at.getTime() - Date.now()) : 0;
  const jobId =
    at && delay > 0
      ? `campaign-dispatch-${campaignId}-at-${Math.ceil(at.getTime() / 1000)}`
      : dispatchJobId(campaignId);
  return enqueue("campaign.dispatch", { shopId, campaignId }, { jobId, delay });
}

/** Queues one more lane of a campaign that is already dispatching (lane 0 books the others). */
export async function queueLane(shopId: number, campaignId: number, lane: number) {
  return enqueue("campaign.dispatch", { shopId, campaignId, lane }, { jobId: dispatchJobId(campaignId, lane) });
}

export async function queueRolloutCheck(shopId: number, campaignId: number, at: Date) {
  const delay = Math.max(0, at.getTime() - Date.now());
  return enqueue(
    "campaign.rollout-check",
    { shopId, campaignId },
    { jobId: `campaign-rollout-${campaignId}-at-${Math.ceil(at.getTime() / 1000)}`, delay },
  );
}
