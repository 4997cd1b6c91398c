// Dispatch settings: read through getEnv() (validated once by app/env.server.ts), with the defaults the
// throughput figures in docs/performance.md were measured with.
import { getEnv } from "../../env.server";

/** Rows left in `sending` longer than this had their answer lost: settled from webhooks or marked `unknown`. */
export function sendingTimeoutMs(): number {
  return (getEnv().CAMPAIGN_SENDING_TIMEOUT_SECONDS ?? 600) * 1000;
}

/**
 * How long a claim holds its rows. Long enough to cover a batch (about half a second of the number's time) and the
 * prefetched batch behind it many times over; a lease that runs out under a live dispatcher costs nothing (it can
 * no longer mark those rows attempted, so another lane sends them), only a dead dispatcher's rows wait this long.
 */
export function claimLeaseMs(): number {
  return (getEnv().CAMPAIGN_CLAIM_LEASE_SECONDS ?? 60) * 1000;
}

/** Parallel dispatchers (jobs) per campaign: enough to keep the number busy, not more. */
export function lanesFor(mps: number): number {
  const forced = getEnv().CAMPAIGN_DISPATCH_LANES;
  if (forced) return Math.min(forced, 16);
  // At least two, so a campaign keeps going while one worker process dies and its lane waits to be taken over.
  return Math.min(4, Math.max(2, Math.ceil(mps / 300)));
}

/** About half a second of the number's time per claim (fewer rows in flight when a worker dies), 10–250 rows. */
export function batchSizeFor(mps: number, lanes: number): number {
  return Math.min(250, Math.max(10, Math.round((mps / lanes) * 0.5)));
}

/** Sends in flight per lane (four lanes fill the client's 64 keep-alive sockets without queueing behind them). */
export const IN_FLIGHT = 16;
