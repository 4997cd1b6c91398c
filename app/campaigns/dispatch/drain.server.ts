// The dispatcher (one BullMQ job per lane): claims and sends batches until nothing is due, then books what comes
// next from the database alone (continuation, rollout check, completion), so the reconciler can call it too.
import { pool } from "../../db.server";
import { NotConnectedError } from "../../whatsapp/account.server";
import { DecryptionError } from "../../lib/encryption.server";
import { pauseForProblem } from "../pause.server";
import { budgetFreesAt, releaseBudget } from "../rates.server";
import { loadCampaignRow } from "./campaign.server";
import { claimBatch, type Claim } from "./claim.server";
import { batchSizeFor, lanesFor } from "./config.server";
import { loadCtx, type Ctx } from "./context.server";
import { queueDispatch, queueLane, queueRolloutCheck } from "./jobs.server";
import { logFailure } from "./log.server";
import { preflight } from "./preflight.server";
import { sendBatch, sleep, type BatchResult } from "./send.server";
import { settle } from "./settle.server";

export interface DispatchSummary {
  lane: number;
  sent: number;
  skipped: number;
  batches: number;
  ended: string;
}

/**
 * One dispatcher (lane) of a campaign: claims and sends batches until nothing is due, then decides what comes
 * next (continuation when rows wait for not_before or the 24-hour budget, rollout check after the test group,
 * completion). Safe to run any number of times concurrently for the same campaign.
 */
export async function runDispatch(args: {
  shopId: number;
  campaignId: number;
  lane?: number;
}): Promise<DispatchSummary> {
  const lane = args.lane ?? 0;
  const summary: DispatchSummary = { lane, sent: 0, skipped: 0, batches: 0, ended: "" };
  const first = await preflight(args.shopId, args.campaignId);
  if (!first.phase) return { ...summary, ended: `campaign is ${first.status}` };
  if (first.blocked) {
    await pauseForProblem({ shopId: args.shopId, campaignId: args.campaignId, reason: first.blocked });
    return { ...summary, ended: "paused" };
  }
  let ctx: Ctx;
  try {
    ctx = await loadCtx(args.shopId, args.campaignId);
  } catch (err) {
    if (err instanceof NotConnectedError) {
      await pauseForProblem({
        shopId: args.shopId,
        campaignId: args.campaignId,
        reason: "WhatsApp is not connected: connect a number in Settings, then resume.",
      });
      return { ...summary, ended: "paused" };
    }
    if (err instanceof DecryptionError) {
      // The stored token cannot be read with the keys this process has (ENCRYPTION_KEYS rotated without
      // re-encrypting): retrying cannot help, so the merchant is told instead of the job failing silently.
      await pauseForProblem({
        shopId: args.shopId,
        campaignId: args.campaignId,
        reason:
          "The saved WhatsApp access token could not be read: reconnect the number in Settings → WhatsApp, then resume.",
      });
      return { ...summary, ended: "paused" };
    }
    throw err;
  }
  const lanes = lanesFor(ctx.mps);
  if (lane === 0) {
    for (let k = 1; k < lanes; k++) await queueLane(args.shopId, args.campaignId, k);
  }
  const batchSize = batchSizeFor(ctx.mps, lanes);
  let phase: "testing" | "running" = first.phase;
  let budgetExhausted = false;
  type Next = { claim: Claim; phase: "testing" | "running" } | { stop: string; blocked: string | null };
  const claimNext = async (): Promise<Next> => {
    const check = await preflight(args.shopId, args.campaignId);
    if (!check.phase) return { stop: `campaign is ${check.status}`, blocked: null };
    if (check.blocked) return { stop: "paused", blocked: check.blocked };
    const claim = await claimBatch({
      shopId: args.shopId,
      campaignId: args.campaignId,
      group: check.phase === "testing" ? "test" : null,
      limit: batchSize,
      budgetLimit: ctx.budgetLimit,
      settings: ctx.settings,
    });
    return { claim, phase: check.phase };
  };
  /** Gives a prefetched batch back untouched (the campaign stopped meanwhile). */
  const giveBack = async (n: Promise<Next> | null) => {
    const got = n ? await n : null;
    if (got && "claim" in got && got.claim.sending.length) {
      const unreached = await settle(ctx, got.claim.leaseId, got.claim.sending, new Map());
      await releaseBudget(pool(), ctx.shopId, got.claim.bucket, unreached);
    }
  };
  let next: Promise<Next> | null = claimNext();
  let emptyRounds = 0;
  for (;;) {
    const got: Next = await next!;
    next = null;
    if ("stop" in got) {
      if (got.blocked) await pauseForProblem({ shopId: args.shopId, campaignId: args.campaignId, reason: got.blocked });
      return { ...summary, ended: got.stop };
    }
    const { claim } = got;
    phase = got.phase;
    summary.skipped += claim.rows.length - claim.sending.length;
    budgetExhausted = claim.budgetExhausted;
    if (!claim.rows.length) {
      // Rows this lane just requeued (a 130429, an aborted send) are due again at once, but the prefetched claim
      // ran before they were back: look again a few times before handing over to a continuation job.
      if (budgetExhausted || emptyRounds >= 3 || !(await hasDueRows(args.shopId, args.campaignId, phase))) break;
      emptyRounds++;
      await sleep(100);
      next = claimNext();
      continue;
    }
    emptyRounds = 0;
    summary.batches++;
    // The next batch is claimed when this one's last slot is near, not before: a worker that dies then leaves
    // few claimed-but-unsent rows (they would end `unknown`), and the number still never idles.
    const prefetch = () => {
      if (budgetExhausted || next) return;
      next = claimNext();
      // Awaited by the loop (which then throws it); this only keeps the rejection from counting as unhandled while
      // the current batch is still sending.
      next.catch(() => undefined); // not swallowed: the same promise is awaited (and its error thrown) below
    };
    if (claim.sending.length) {
      let r: BatchResult;
      try {
        r = await sendBatch(ctx, claim, prefetch);
      } catch (err) {
        await giveBack(next).catch(logFailure("giving back a prefetched batch", ctx));
        throw err;
      }
      summary.sent += r.sent;
      summary.skipped += r.skipped;
      if (r.paused) {
        await giveBack(next);
        return { ...summary, ended: "paused" };
      }
      if (r.backoffMs) {
        // WhatsApp is unreachable or asked the whole number to wait: hand the prefetched batch back and come back
        // later as a delayed job instead of holding a worker slot.
        await giveBack(next);
        const at = new Date(Date.now() + r.backoffMs);
        await queueDispatch(args.shopId, args.campaignId, at);
        return { ...summary, ended: `backing off until ${at.toISOString()}` };
      }
    }
    prefetch();
    if (!next) break;
  }
  summary.ended = await afterDrain(args.shopId, args.campaignId, phase, budgetExhausted);
  return summary;
}

async function hasDueRows(shopId: number, campaignId: number, phase: "testing" | "running"): Promise<boolean> {
  const { rows } = await pool().query(
    `SELECT 1 FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued' AND (not_before IS NULL OR not_before <= now())
       AND ($3::text IS NULL OR "group"::text = $3) LIMIT 1`,
    [shopId, campaignId, phase === "testing" ? "test" : null],
  );
  return rows.length > 0;
}

/**
 * Nothing claimable right now: schedule what comes next from the database alone (so the reconciler can call
 * it too): a continuation at the next not_before or when the budget frees, the rollout check, or completion.
 */
export async function afterDrain(
  shopId: number,
  campaignId: number,
  phase: "testing" | "running",
  budgetExhausted = false,
): Promise<string> {
  const group = phase === "testing" ? "test" : null;
  const { rows } = await pool().query<{ due: number; later: Date | null; sending: number; last_send: Date | null }>(
    `SELECT count(*) FILTER (WHERE status = 'queued' AND (not_before IS NULL OR not_before <= now()))::int AS due,
            min(not_before) FILTER (WHERE status = 'queued' AND not_before > now()) AS later,
            count(*) FILTER (WHERE status = 'sending')::int AS sending,
            max(coalesce(sent_at, sending_at)) AS last_send
     FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown')
       AND ($3::text IS NULL OR "group"::text = $3)`,
    [shopId, campaignId, group],
  );
  const s = rows[0]!;
  if (s.due > 0) {
    // Due rows left: the budget is used up (or other lanes hold them). Come back when the budget frees.
    const at = budgetExhausted
      ? ((await budgetFreesAt(pool(), shopId)) ?? new Date(Date.now() + 60_000))
      : new Date(Date.now() + 1000);
    await queueDispatch(shopId, campaignId, at);
    return budgetExhausted ? `budget exhausted until ${at.toISOString()}` : "rows still due";
  }
  if (s.later) {
    await queueDispatch(shopId, campaignId, s.later);
    return `waiting until ${s.later.toISOString()}`;
  }
  if (s.sending > 0) return "other sends in flight"; // their lane (or the reconciler) finishes the campaign
  if (phase === "testing") {
    const c = await loadCampaignRow(shopId, campaignId);
    const wait = (c?.test_wait_minutes ?? 60) * 60_000;
    const at = new Date((s.last_send?.getTime() ?? Date.now()) + wait);
    await queueRolloutCheck(shopId, campaignId, at);
    return `test group sent; rollout check at ${at.toISOString()}`;
  }
  const done = await pool().query(
    `UPDATE campaigns SET status = 'completed', completed_at = now(), updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status = 'running'
       AND NOT EXISTS (SELECT 1 FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status IN ('queued', 'sending'))`,
    [shopId, campaignId],
  );
  return (done.rowCount ?? 0) > 0 ? "completed" : "nothing to do";
}
