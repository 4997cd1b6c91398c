// The three sending limits a campaign must stay inside (apis.md A6), shared by every worker process:
// - throughput: messages per second of the business number (whatsapp_accounts.throughput_mps, 80 or 1,000);
// - pair rate: one message per 6 s from the number to the same customer;
// - messaging limit: unique customers per moving 24 h for the portfolio (TIER_250 … TIER_UNLIMITED).
//
// Throughput and pair rate live in Redis: one Lua script per batch hands out send slots (a GCRA-style
// "theoretical arrival time" per number, kept in Redis time so every process agrees) and claims the pair key
// of each phone, in one round trip. Losing Redis loses only this pacing state: the next slots start from now
// and a 130429 (if any) slows the number down again. The 24-hour budget is counted in PostgreSQL
// (messaging_budget, 15-minute buckets) under a per-shop advisory lock, so it survives a Redis loss and two
// dispatchers can never both spend the last units. See docs/decisions/0010-campaign-dispatch.md.
import type { Redis } from "ioredis";
import type pg from "pg";
import { getEnv } from "../env.server";
import { createRedis } from "../../jobs/connection";

/** Send at this share of the number's limit: Meta counts in a sliding second, and network jitter bunches requests. */
export const THROUGHPUT_SAFETY = 0.975;
/** 1 message per 6 s per (number, customer) (apis.md A6: "~1 message per 6 s"). */
export const PAIR_INTERVAL_MS = 6_000;
/** How far ahead one reservation may book slots (a lane never holds more than this much of the number's time). */
export const MAX_AHEAD_MS = 1_000;

let redis: Redis | null = null;

function rateRedis(): Redis {
  // Waits for Redis instead of failing (worker connection): sending without pacing is never an option.
  redis ??= createRedis("worker");
  return redis;
}

export async function closeRateLimiter() {
  const r = redis;
  redis = null;
  if (r) await r.quit().catch(() => r.disconnect());
}

function keyPrefix(): string {
  return `${getEnv().QUEUE_PREFIX}:wa-rate`;
}

// KEYS[1] = the number's next free slot (ms, Redis time), KEYS[2] = the number's penalty (set after a 130429)
// ARGV[1] = slot interval ms, ARGV[2] = max ahead ms, ARGV[3] = pair interval ms, ARGV[4] = pair key prefix,
// ARGV[5..] = recipient phones (E.164 digits)
// Returns { penaltyMs, considered, granted[idx, delayMs]..., blocked[idx, retryInMs]... } with 1-based indexes.
const RESERVE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local penalty = redis.call('PTTL', KEYS[2])
if penalty > 0 then return {penalty, 0, {}, {}} end
local interval = tonumber(ARGV[1])
local maxAhead = tonumber(ARGV[2])
local pairMs = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local granted = {}
local blocked = {}
local considered = 0
for i = 5, #ARGV do
  if tat - now > maxAhead then break end
  considered = considered + 1
  local delay = math.floor(tat - now)
  local pk = ARGV[4] .. ARGV[i]
  if redis.call('SET', pk, '1', 'NX', 'PX', pairMs + delay) then
    granted[#granted + 1] = i - 4
    granted[#granted + 1] = delay
    tat = tat + interval
  else
    blocked[#blocked + 1] = i - 4
    blocked[#blocked + 1] = redis.call('PTTL', pk)
  end
end
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', 60000)
return {0, considered, granted, blocked}
`;

const PENALIZE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
redis.call('SET', KEYS[2], '1', 'PX', ms)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now + ms then redis.call('SET', KEYS[1], string.format('%.3f', now + ms), 'PX', 60000) end
return 1
`;

export interface Reservation {
  /** > 0: the number is cooling down after a 130429; nothing was reserved, try again after this many ms */
  penaltyMs: number;
  /** the first `considered` phones were handled (granted or blocked); the rest must ask again */
  considered: number;
  /** index into phones → wait this long before sending (its slot) */
  granted: Array<{ index: number; delayMs: number }>;
  /** index into phones → its pair-rate key is held for this long (another message went to this customer) */
  blocked: Array<{ index: number; retryInMs: number }>;
}

/** Slot interval for a number's throughput, with the safety margin. */
export function slotIntervalMs(mps: number): number {
  return 1000 / (Math.max(1, mps) * THROUGHPUT_SAFETY);
}

/**
 * Reserves send slots on the number for as many of `phones` as fit in the next MAX_AHEAD_MS, each also taking
 * that customer's pair-rate key. One Redis round trip, atomic across every process.
 */
export async function reserveSends(args: {
  phoneNumberId: string;
  mps: number;
  phones: string[];
  maxAheadMs?: number;
}): Promise<Reservation> {
  if (!args.phones.length) return { penaltyMs: 0, considered: 0, granted: [], blocked: [] };
  const p = `${keyPrefix()}:${args.phoneNumberId}`;
  const raw = (await rateRedis().eval(
    RESERVE_LUA,
    2,
    `${p}:tat`,
    `${p}:penalty`,
    String(slotIntervalMs(args.mps)),
    String(args.maxAheadMs ?? MAX_AHEAD_MS),
    String(PAIR_INTERVAL_MS),
    `${p}:pair:`,
    ...args.phones.map((ph) => ph.replace(/^\+/, "")),
  )) as [number, number, number[], number[]];
  const [penaltyMs, considered, g, b] = raw;
  const granted: Reservation["granted"] = [];
  for (let i = 0; i < g.length; i += 2) granted.push({ index: g[i]! - 1, delayMs: g[i + 1]! });
  const blocked: Reservation["blocked"] = [];
  for (let i = 0; i < b.length; i += 2) blocked.push({ index: b[i]! - 1, retryInMs: Math.max(1, b[i + 1]!) });
  return { penaltyMs, considered, granted, blocked };
}

/** After a 130429: no slot on this number for `ms` (every process sees it), then pacing resumes. */
export async function penalizeNumber(phoneNumberId: string, ms: number): Promise<void> {
  const p = `${keyPrefix()}:${phoneNumberId}`;
  await rateRedis().eval(PENALIZE_LUA, 2, `${p}:tat`, `${p}:penalty`, String(Math.max(1, Math.round(ms))));
}

/** After a 131056: hold this customer's pair key for `ms`. */
export async function holdPair(phoneNumberId: string, phone: string, ms: number): Promise<void> {
  await rateRedis().set(
    `${keyPrefix()}:${phoneNumberId}:pair:${phone.replace(/^\+/, "")}`,
    "1",
    "PX",
    Math.max(1, Math.round(ms)),
  );
}

/** Frees the pair keys of reserved sends that never reached the customer (refused, aborted), so they can go at once. */
export async function releasePairs(phoneNumberId: string, phones: string[]): Promise<void> {
  if (!phones.length) return;
  await rateRedis().del(...phones.map((ph) => `${keyPrefix()}:${phoneNumberId}:pair:${ph.replace(/^\+/, "")}`));
}

// ---- the 24-hour messaging limit ------------------------------------------------------------------------------

export const BUDGET_BUCKET_MINUTES = 15;

const TIER_LIMITS: Record<string, number> = {
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: Number.POSITIVE_INFINITY,
};

/** Unique customers per moving 24 h for a tier; an unknown tier counts as a new portfolio's 250. */
export function tierLimit(tier: string | null | undefined): number {
  return (tier && TIER_LIMITS[tier]) || 250;
}

// A bucket counts while any moment of it is within the last 24 h, so a reach is counted for at least 24 h.
const IN_WINDOW = `window_start > now() - interval '24 hours' - interval '${BUDGET_BUCKET_MINUTES} minutes'`;
const CURRENT_BUCKET = `date_bin(interval '${BUDGET_BUCKET_MINUTES} minutes', now(), timestamptz '2000-01-01 00:00:00+00')`;

/**
 * Locks the shop's budget for this transaction and returns what is left of the 24-hour limit. Call inside the
 * claim's transaction, then `spendBudget` with what was claimed.
 */
export async function lockBudget(db: pg.PoolClient, shopId: number, limit: number): Promise<number> {
  if (!Number.isFinite(limit)) return Number.POSITIVE_INFINITY;
  await db.query(`SELECT pg_advisory_xact_lock(20261124, $1)`, [shopId]);
  const { rows } = await db.query<{ used: number }>(
    `SELECT coalesce(sum(reached), 0)::int AS used FROM messaging_budget WHERE shop_id = $1 AND ${IN_WINDOW}`,
    [shopId],
  );
  return Math.max(0, limit - rows[0]!.used);
}

/** Records `n` customers reached now; returns the bucket, so rows that end up unsent can be given back. */
export async function spendBudget(db: pg.PoolClient | pg.Pool, shopId: number, n: number): Promise<Date | null> {
  if (n <= 0) return null;
  const { rows } = await db.query<{ window_start: Date }>(
    `INSERT INTO messaging_budget (shop_id, window_start, reached) VALUES ($1, ${CURRENT_BUCKET}, $2)
     ON CONFLICT (shop_id, window_start) DO UPDATE SET reached = messaging_budget.reached + excluded.reached
     RETURNING window_start`,
    [shopId, n],
  );
  return rows[0]!.window_start;
}

/** Gives back budget for claimed rows that reached nobody (requeued, refused synchronously, skipped). */
export async function releaseBudget(db: pg.Pool, shopId: number, bucket: Date | null, n: number): Promise<void> {
  if (!bucket || n <= 0) return;
  await db.query(
    `UPDATE messaging_budget SET reached = greatest(0, reached - $3) WHERE shop_id = $1 AND window_start = $2`,
    [shopId, bucket, n],
  );
}

/** When the oldest bucket still counted leaves the window (null: nothing counted). */
export async function budgetFreesAt(db: pg.Pool | pg.PoolClient, shopId: number): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(window_start) + interval '24 hours' + interval '${BUDGET_BUCKET_MINUTES} minutes' AS at
     FROM messaging_budget WHERE shop_id = $1 AND reached > 0 AND ${IN_WINDOW}`,
    [shopId],
  );
  return rows[0]?.at ?? null;
}

/** Buckets that no longer count (run by the reconciler). */
export async function pruneBudget(db: pg.Pool, shopId: number): Promise<number> {
  const res = await db.query(
    `DELETE FROM messaging_budget WHERE shop_id = $1 AND window_start < now() - interval '2 days'`,
    [shopId],
  );
  return res.rowCount ?? 0;
}
