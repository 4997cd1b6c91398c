// When a scheduled campaign starts: a BullMQ delayed job `campaign.start` (queue `campaigns`) whose id names
// the campaign AND its start time — `campaign-start-<campaign id>-<start epoch ms>` (BullMQ custom ids may not
// be integers nor contain ':'). Rescheduling removes the old job and books a new id, so a job Redis kept from
// an earlier time can never be mistaken for the current one; the start handler also re-checks the database
// (status `scheduled`, scheduled_at due) under a row lock, so a stale job that still fires does nothing.
// PostgreSQL is the source of truth: reconcileCampaignSchedules() (maintenance.reconcile, every minute) books
// the job of every scheduled campaign whose job Redis does not have.
import { pool } from "../db.server";
import { enqueue, queue } from "../../jobs/queues";

export function startJobId(campaignId: number, scheduledAt: Date): string {
  return `campaign-start-${campaignId}-${scheduledAt.getTime()}`;
}

/** The dispatch job the start enqueues (resume/approve add a suffixed one: several dispatch jobs may run). */
export function dispatchJobId(campaignId: number, tag?: string): string {
  return tag ? `campaign-dispatch-${campaignId}-${tag}` : `campaign-dispatch-${campaignId}`;
}

/** Books the start job; idempotent (same campaign and time → same job id). */
export async function bookStart(
  shopId: number,
  campaignId: number,
  scheduledAt: Date,
  now = new Date(),
): Promise<string> {
  const jobId = startJobId(campaignId, scheduledAt);
  await enqueue(
    "campaign.start",
    { shopId, campaignId },
    { jobId, delay: Math.max(0, scheduledAt.getTime() - now.getTime()) },
  );
  return jobId;
}

/** Removes a booked start job (rescheduled or cancelled). A job already running is left to its own DB check. */
export async function unbookStart(campaignId: number, scheduledAt: Date | null): Promise<boolean> {
  if (!scheduledAt) return false;
  try {
    return (await queue("campaigns").remove(startJobId(campaignId, scheduledAt))) === 1;
  } catch {
    return false; // Redis down: the stale job, if it survives, finds the campaign no longer due and does nothing
  }
}

export async function queueDispatch(shopId: number, campaignId: number, tag?: string) {
  await enqueue("campaign.dispatch", { shopId, campaignId }, { jobId: dispatchJobId(campaignId, tag) });
}

/**
 * The reconciler's part for campaigns: every scheduled campaign of an installed shop has its start job (booked
 * with the remaining delay, or at once when the start time passed while Redis was gone).
 */
export async function reconcileCampaignSchedules(now = new Date()): Promise<{ checked: number; booked: number }> {
  const { rows } = await pool().query<{ id: number; shop_id: number; scheduled_at: Date }>(
    `SELECT c.id, c.shop_id, c.scheduled_at FROM campaigns c JOIN shops s ON s.id = c.shop_id
     WHERE c.status = 'scheduled' AND c.scheduled_at IS NOT NULL AND s.uninstalled_at IS NULL
     ORDER BY c.scheduled_at LIMIT 5000`,
  );
  let booked = 0;
  const q = queue("campaigns");
  for (const c of rows) {
    const job = await q.getJob(startJobId(c.id, c.scheduled_at));
    if (job) continue;
    await bookStart(c.shop_id, c.id, c.scheduled_at, now);
    booked += 1;
  }
  return { checked: rows.length, booked };
}
