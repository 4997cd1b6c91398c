// Segment jobs: incremental refresh after customers' data changed, full refresh of one segment, and the daily
// refresh at local midnight in the shop's time zone (time-relative kinds move even when no order arrives).
import type { Job } from "bullmq";
import { pool } from "../../app/db.server";
import {
  recordRefreshFailure,
  refreshAll,
  refreshCustomers,
  refreshSegmentAndDependants,
} from "../../app/segments/refresh.server";
import { purgeDeletedSegmentMembers } from "../../app/segments/manage.server";
import { scheduleDailyRefresh } from "../../app/segments/schedule.server";
import type { JobPayload } from "../queues";

export { nextLocalMidnight, scheduleDailyRefresh } from "../../app/segments/schedule.server";

export async function refreshCustomersJob(payload: JobPayload<"segments.refresh-customers">) {
  const results = await refreshCustomers({
    shopId: payload.shopId,
    customerIds: payload.customerIds.map((id) => BigInt(id)),
  });
  return summarize(results);
}

/** After a parameter change: the segment for the whole shop, then the samples and combinations built on it. */
export async function refreshSegmentJob(payload: JobPayload<"segments.refresh-segment">, job?: Job) {
  try {
    return summarize(await refreshSegmentAndDependants({ shopId: payload.shopId, segmentId: payload.segmentId }));
  } catch (err) {
    // Out of retries: the merchant sees the error on the segment instead of "refreshing" forever.
    const attempts = job?.opts.attempts ?? 1;
    if (!job || job.attemptsMade + 1 >= attempts) {
      await recordRefreshFailure({
        shopId: payload.shopId,
        segmentId: payload.segmentId,
        message: (err as Error).message,
      });
    }
    throw err;
  }
}

/** Refreshes everything, then books tomorrow's run (the chain keeps itself going; the jobId dedupes it). */
export async function dailyJob(payload: JobPayload<"segments.daily">) {
  const { rows } = await pool().query<{ iana_timezone: string; uninstalled_at: Date | null }>(
    `SELECT iana_timezone, uninstalled_at FROM shops WHERE id = $1`,
    [payload.shopId],
  );
  const shop = rows[0];
  if (!shop || shop.uninstalled_at) return { skipped: true };
  let refreshError: unknown = null;
  let results = {};
  try {
    await purgeDeletedSegmentMembers(payload.shopId);
    results = summarize(await refreshAll({ shopId: payload.shopId }));
  } catch (err) {
    refreshError = err;
  }
  // Book the next run even when a segment failed: one bad definition must not stop the others tomorrow.
  const next = await scheduleDailyRefresh(payload.shopId, shop.iana_timezone);
  if (refreshError) throw refreshError;
  return { ...results, next: next.jobId };
}

function summarize(results: Record<number, { entered: number; left: number; count: number }>) {
  let entered = 0;
  let left = 0;
  for (const r of Object.values(results)) {
    entered += r.entered;
    left += r.left;
  }
  return { segments: Object.keys(results).length, entered, left };
}
