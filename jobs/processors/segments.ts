// Segment jobs: incremental refresh after customers' data changed, full refresh of one segment, and the daily
// refresh at local midnight in the shop's time zone (time-relative kinds move even when no order arrives).
import { pool } from "../../app/db.server";
import { refreshAll, refreshCustomers, refreshSegment } from "../../app/segments/refresh.server";
import { enqueue, type JobPayload } from "../queues";

export async function refreshCustomersJob(payload: JobPayload<"segments.refresh-customers">) {
  const results = await refreshCustomers({ shopId: payload.shopId, customerIds: payload.customerIds.map((id) => BigInt(id)) });
  return summarize(results);
}

export async function refreshSegmentJob(payload: JobPayload<"segments.refresh-segment">) {
  return refreshSegment({ shopId: payload.shopId, segmentId: payload.segmentId });
}

/** Refreshes everything, then books tomorrow's run (the chain keeps itself going; the jobId dedupes it). */
export async function dailyJob(payload: JobPayload<"segments.daily">) {
  const { rows } = await pool().query<{ iana_timezone: string; uninstalled_at: Date | null }>(
    `SELECT iana_timezone, uninstalled_at FROM shops WHERE id = $1`, [payload.shopId]);
  const shop = rows[0];
  if (!shop || shop.uninstalled_at) return { skipped: true };
  let refreshError: unknown = null;
  let results = {};
  try {
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

// ---- local midnight ---------------------------------------------------------------------------------------------

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instantMs: number, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instantMs))) if (part.type !== "literal") out[part.type] = Number(part.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
}

/** The zone's offset from UTC at an instant, in ms (local wall time − UTC). */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = localParts(instantMs, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The first instant of the local calendar day after `now`'s local day in `timeZone` — 00:00, or the first
 * existing time after it when a DST jump skips midnight. Offsets come from Intl (the platform's tz database).
 */
export function nextLocalMidnight(now: Date, timeZone: string): { at: Date; localDate: string } {
  const today = localParts(now.getTime(), timeZone);
  // Calendar arithmetic on a UTC date: no DST there.
  const next = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  const wallMidnight = next.getTime();
  const localDate = next.toISOString().slice(0, 10);
  // The offset in force at midnight is the one before or after a nearby transition; try both, keep the earliest
  // instant whose local date is the new day.
  const candidates = [offsetAt(wallMidnight - 86_400_000, timeZone), offsetAt(wallMidnight + 86_400_000, timeZone), offsetAt(wallMidnight, timeZone)]
    .map((offset) => wallMidnight - offset)
    .filter((t) => {
      const p = localParts(t, timeZone);
      return Date.UTC(p.year, p.month - 1, p.day) === wallMidnight;
    })
    .sort((a, b) => a - b);
  const exact = candidates.find((t) => {
    const p = localParts(t, timeZone);
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
