// Meta's 24-hour messaging limit (unique customers a business portfolio may reach with business-initiated
// messages in a moving 24 hours, apis.md A6) as a number. No server imports.

const LIMIT_OF_TIER: Record<string, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

/** Unique recipients per moving 24 h; null = unlimited. Unknown or not set yet → 250 (a new portfolio's tier). */
export function dailyLimitOf(tier: string | null | undefined): number | null {
  if (!tier) return 250;
  const key = tier.toUpperCase();
  return key in LIMIT_OF_TIER ? LIMIT_OF_TIER[key]! : 250;
}

export interface TierEstimate {
  /** unique recipients per 24 h (null = unlimited) */
  limit: number | null;
  /** unique recipients messaged in the last 24 hours */
  usedLast24h: number;
  /** how many of this campaign's sends fit in the next 24 hours */
  fitsToday: number;
  /** days the whole send needs (1 = all today) */
  days: number;
}

export function tierEstimate(limit: number | null, usedLast24h: number, toSend: number): TierEstimate {
  if (limit === null) return { limit, usedLast24h, fitsToday: toSend, days: toSend > 0 ? 1 : 0 };
  const room = Math.max(0, limit - usedLast24h);
  const fitsToday = Math.min(room, toSend);
  const rest = toSend - fitsToday;
  // today (whatever fits, possibly nothing) plus one full 24-hour budget per further day
  return { limit, usedLast24h, fitsToday, days: toSend === 0 ? 0 : 1 + Math.ceil(rest / limit) };
}
