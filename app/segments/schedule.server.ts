// When segments refresh in the background:
// - the daily refresh at local midnight in the shop's time zone (time-relative kinds move even when no order
//   arrives), booked as a delayed job whose id names the shop and the local date, so booking twice is a no-op;
// - a full refresh of one segment after its parameters changed (segments.refresh_requested_at records the request
//   in PostgreSQL, so a request made while Redis was down is not lost).
// The reconciler (maintenance.reconcile, every minute) calls reconcileSegmentJobs() to rebuild both from the
// database after a Redis loss.
import { pool } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { zonedParts, zoneOffsetMs } from "../lib/zoned-time";
import { errorMessage, logger } from "../lib/logger.server";

/**
 * The first instant of the local calendar day after `now`'s local day in `timeZone` — 00:00, or the first
 * existing time after it when a DST jump skips midnight. Offsets come from Intl (the platform's tz database).
 */
export function nextLocalMidnight(now: Date, timeZone: string): { at: Date; localDate: string } {
  const today = zonedParts(now.getTime(), timeZone);
  // Calendar arithmetic on a UTC date: no DST there.
  const next = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  const wallMidnight = next.getTime();
  const localDate = next.toISOString().slice(0, 10);
  // The offset in force at midnight is the one before or after a nearby transition; try both, keep the earliest
  // instant whose local date is the new day.
  const candidates = [
    zoneOffsetMs(wallMidnight - 86_400_000, timeZone),
    zoneOffsetMs(wallMidnight + 86_400_000, timeZone),
    zoneOffsetMs(wallMidnight, timeZone),
  ]
    .map((offset) => wallMidnight - offset)
    .filter((t) => {
      const p = zonedParts(t, timeZone);
      return Date.UTC(p.year, p.month - 1, p.day) === wallMidnight;
    })
    .sort((a, b) => a - b);
  const exact = candidates.find((t) => {
    const p = zonedParts(t, timeZone);
    return p.hour === 0 && p.minute === 0 && p.second === 0;
  });
  const at = exact ?? candidates[0];
  if (at === undefined) throw new Error(`cannot find local midnight of ${localDate} in ${timeZone}`);
  return { at: new Date(at), localDate };
}

/** Enqueues `segments.daily` at the shop's next local midnight (jobId daily-<shopId>-<local date>: idempotent). */
export async function scheduleDailyRefresh(shopId: number, timeZone: string, now = new Date()) {
  const { at, localDate } = nextLocalMidnight(now, timeZone);
  const jobId = `daily-${shopId}-${localDate}`;
  await enqueue("segments.daily", { shopId }, { jobId, delay: Math.max(0, at.getTime() - now.getTime()) });
  return { jobId, runAt: at };
}

/** The job for one refresh request: the same request always maps to the same job id (idempotent). */
export async function queueSegmentRefresh(
  shopId: number,
  segmentId: number,
  requestedAt: Date,
): Promise<{ queued: boolean }> {
  try {
    await enqueue(
      "segments.refresh-segment",
      { shopId, segmentId },
      { jobId: `segment-${segmentId}-${requestedAt.getTime()}` },
    );
    return { queued: true };
  } catch {
    return { queued: false }; // stored in segments.refresh_requested_at: the reconciler queues it once Redis is back
  }
}

/** How long a refresh request may wait for its job before the reconciler queues it again. */
const REQUEST_GRACE = "2 minutes";

/**
 * The reconciler's part for segments: every installed shop has its next daily refresh booked, and every refresh
 * request that no refresh has answered after a couple of minutes has its job. Both use deterministic job ids, so
 * a job Redis still holds (waiting, running, or failed and kept for inspection) is not duplicated.
 */
export async function reconcileSegmentJobs(
  now = new Date(),
): Promise<{ dailyBooked: number; refreshesQueued: number; failed: number }> {
  const shops = await pool().query<{ id: number; iana_timezone: string }>(
    `SELECT id, iana_timezone FROM shops WHERE uninstalled_at IS NULL ORDER BY id`,
  );
  let booked = 0;
  let failed = 0;
  for (const shop of shops.rows) {
    try {
      await scheduleDailyRefresh(shop.id, shop.iana_timezone, now);
      booked += 1;
    } catch (err) {
      // One shop's problem (a time zone this runtime does not know) must not stop the others' refreshes.
      failed += 1;
      logger.warn(`daily segment refresh not booked for shop ${shop.id}: ${errorMessage(err)}`);
    }
  }
  const stale = await pool().query<{ id: number; shop_id: number; requested: Date }>(
    `SELECT s.id, s.shop_id, s.refresh_requested_at AS requested FROM segments s JOIN shops sh ON sh.id = s.shop_id
     WHERE s.deleted_at IS NULL AND sh.uninstalled_at IS NULL AND s.refresh_requested_at IS NOT NULL
       AND s.refresh_requested_at < now() - interval '${REQUEST_GRACE}'
     ORDER BY s.refresh_requested_at LIMIT 1000`,
  );
  for (const s of stale.rows) {
    await enqueue(
      "segments.refresh-segment",
      { shopId: s.shop_id, segmentId: s.id },
      { jobId: `segment-${s.id}-${s.requested.getTime()}` },
    );
  }
  return { dailyBooked: booked, refreshesQueued: stale.rows.length, failed };
}
