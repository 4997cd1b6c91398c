// The Cloud API's sending limits (apis.md A6): throughput per number, pair rate per (number, user), and the
// messaging limit (unique users per moving 24 h, shared by the portfolio).
import type { MessagingLimitTier } from "./types";

/** At most `limit` events in any `windowMs` (a true sliding window: the timestamps themselves are kept). */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    public limit: number,
    private readonly windowMs = 1000,
  ) {}

  /** Records the event and returns true when it fits; returns false (and records nothing) when over. */
  tryTake(now: number): boolean {
    while (this.head < this.times.length && this.times[this.head] <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}

/** A token bucket: `maxBurst` messages at once, then one more every `windowMs`. */
export class PairRate {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly maxBurst: number,
    private readonly windowMs: number,
  ) {}

  tryTake(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.maxBurst, at: now };
    b.tokens = Math.min(this.maxBurst, b.tokens + (now - b.at) / this.windowMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

export const TIER_LIMIT: Record<MessagingLimitTier, number> = {
  TIER_250: 250,
  TIER_2K: 2000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: Number.POSITIVE_INFINITY,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Unique users reached by business-initiated messages in a moving 24 h. A user already reached in the window
 * does not count again; messages inside a customer service window do not count at all (A6).
 */
export class MessagingLimit {
  private lastReached = new Map<string, number>();

  constructor(public tier: MessagingLimitTier) {}

  /** True when `user` may be reached now (and records it); false when the portfolio is at its limit. */
  tryReach(user: string, now: number): boolean {
    for (const [u, at] of this.lastReached) {
      if (at > now - DAY_MS) break; // insertion order = time order, see below
      this.lastReached.delete(u);
    }
    if (this.lastReached.has(user)) {
      // Re-insert to keep the map ordered by last reach time.
      this.lastReached.delete(user);
      this.lastReached.set(user, now);
      return true;
    }
    if (this.lastReached.size >= TIER_LIMIT[this.tier]) return false;
    this.lastReached.set(user, now);
    return true;
  }

  get reached(): number {
    return this.lastReached.size;
  }
}
