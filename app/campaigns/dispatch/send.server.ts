// Sending a claimed batch: render every row's template, reserve pacing slots (rates.server.ts), call the Cloud
// API with at most IN_FLIGHT requests per lane — each marked attempted just before it goes out (attempt.server.ts)
// — classify each answer, then settle the batch in one statement.
import { pool } from "../../db.server";
import { loadRecipientFields } from "../../whatsapp/fields.server";
import { localeOf, renderComponents } from "../../whatsapp/mapping";
import { opaqueFor, recipientRef } from "../../whatsapp/refs";
import { linkOrigin, linkTag, shortRef } from "../../engagement/link-ref.server";
import { sendEndpointFor } from "../../whatsapp/endpoint";
import { WhatsAppApiError } from "../../whatsapp/errors";
import { applyContactEffect } from "../../whatsapp/webhooks.server";
import { pauseForProblem } from "../pause.server";
import { holdPair, penalizeNumber, releaseBudget, releasePairs, reserveSends, PAIR_INTERVAL_MS } from "../rates.server";
import { attemptMarker, type AttemptVerdict } from "./attempt.server";
import { IN_FLIGHT } from "./config.server";
import type { Claim, ClaimedRow } from "./claim.server";
import type { Ctx } from "./context.server";
import { logFailure } from "./log.server";
import { outcomeOfError, type Outcome } from "./outcome.server";
import { settle } from "./settle.server";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** A tiny semaphore for sends in flight. */
function limiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export interface BatchResult {
  sent: number;
  /** rows whose consent was withdrawn between the claim and the attempt */
  skipped: number;
  paused: string | null;
  backoffMs: number;
}

export async function sendBatch(ctx: Ctx, claim: Claim, nearlyDone: () => void = () => {}): Promise<BatchResult> {
  const outcomes = new Map<string, Outcome>();
  const result: BatchResult = { sent: 0, skipped: 0, paused: null, backoffMs: 0 };
  const rows = claim.sending;
  const fieldRows = await loadRecipientFields({
    shopId: ctx.shopId,
    recipients: rows.map((r) => ({ customerId: r.customer_id, segmentId: r.segment_id })),
    fields: ctx.fields,
  });
  const locale = localeOf(ctx.template.language);
  const endpoint = sendEndpointFor(ctx.templateCategory);
  const ready: Array<{ row: ClaimedRow; components: ReturnType<typeof renderComponents>["components"] }> = [];
  for (const row of rows) {
    const rendered = renderComponents(ctx.template, ctx.mapping, fieldRows.get(row.customer_id) ?? {}, {
      currency: ctx.shop.currency,
      currencyExponent: ctx.shop.currencyExponent,
      locale,
      timeZone: ctx.shop.timeZone,
      shopName: ctx.shop.name,
      campaignId: ctx.campaignId,
      recipientRef: recipientRef(row.id),
      linkTag: linkTag(ctx.shopId, row.id),
      shortRef: shortRef(ctx.shopId, row.id),
      linkOrigin: linkOrigin(),
    });
    // A parameter left empty would be refused (131008): not sent, with the reason.
    if (rendered.missing.length) outcomes.set(row.id, { kind: "skipped", reason: "empty_parameter" });
    else ready.push({ row, components: rendered.components });
  }

  let abort: "pause" | "backoff" | null = null;
  const slotTimes: number[] = [];
  const run = limiter(IN_FLIGHT);
  const marker = attemptMarker({ shopId: ctx.shopId, leaseId: claim.leaseId, settings: ctx.settings });
  const tasks: Promise<void>[] = [];
  let pending = ready;
  while (pending.length && !abort) {
    const res = await reserveSends({
      phoneNumberId: ctx.phoneNumberId,
      mps: ctx.mps,
      phones: pending.map((p) => p.row.phone_e164),
    });
    if (res.penaltyMs > 0) {
      await sleep(res.penaltyMs);
      continue;
    }
    const base = Date.now();
    for (const g of res.granted) slotTimes.push(base + g.delayMs);
    for (const b of res.blocked) {
      const row = pending[b.index]!.row;
      outcomes.set(row.id, {
        kind: "requeue",
        notBefore: new Date(base + b.retryInMs),
        counted: false,
        pairHeld: true,
      });
    }
    for (const g of res.granted) {
      const { row, components } = pending[g.index]!;
      tasks.push(
        (async () => {
          const wait = base + g.delayMs - Date.now();
          if (wait > 0) await sleep(wait);
          await run(async () => {
            if (abort) return; // not sent: requeued by settle's default
            // The attempt mark, committed before the request leaves: from here on this row is never sent again.
            let verdict: AttemptVerdict;
            try {
              verdict = await marker.mark(row);
            } catch (err) {
              // The database is unreachable: nothing was marked, nothing is sent; the batch backs off.
              logFailure("marking sends attempted", ctx)(err);
              if (!abort) {
                abort = "backoff";
                result.backoffMs = 5000;
              }
              return;
            }
            if (!verdict.go) {
              if ("skipped" in verdict) {
                outcomes.set(row.id, { kind: "skipped", reason: verdict.skipped });
                result.skipped++;
              } else outcomes.set(row.id, { kind: "lease_lost" });
              return;
            }
            try {
              const sent = await ctx.client.sendTemplate({
                to: row.phone_e164,
                template: { name: ctx.template.name, language: ctx.template.language, components },
                bizOpaqueCallbackData: opaqueFor(row.id),
                endpoint,
              });
              outcomes.set(row.id, { kind: "sent", wamid: sent.wamid, at: new Date() });
              result.sent++;
            } catch (err) {
              const o = outcomeOfError(err, row);
              outcomes.set(row.id, o.outcome);
              if (o.penaltyMs && err instanceof WhatsAppApiError && (err.code === 130429 || o.abort === "backoff")) {
                await penalizeNumber(ctx.phoneNumberId, o.penaltyMs).catch(logFailure("penalizing the number", ctx));
              }
              if (err instanceof WhatsAppApiError && err.code === 131056)
                await holdPair(ctx.phoneNumberId, row.phone_e164, PAIR_INTERVAL_MS).catch(
                  logFailure("holding a pair slot", ctx),
                );
              if (
                err instanceof WhatsAppApiError &&
                err.code !== null &&
                (o.outcome.kind === "failed" || o.outcome.kind === "skipped")
              ) {
                await applyContactEffect({
                  shopId: ctx.shopId,
                  phoneE164: row.phone_e164,
                  code: err.code,
                  title: err.message,
                  at: new Date(),
                }).catch(logFailure("recording the error on the contact", ctx));
              }
              if (o.abort && !abort) {
                abort = o.abort;
                if (o.abort === "pause") result.paused = o.pauseReason ?? "Paused by a WhatsApp error.";
                else result.backoffMs = o.penaltyMs ?? 5000;
              }
            }
          });
        })(),
      );
    }
    pending = pending.slice(res.considered);
    // Slots are booked at most MAX_AHEAD_MS ahead: let the booked ones go out before asking for more.
    if (pending.length && res.considered === 0) await sleep(50);
    else if (pending.length && res.granted.length)
      await sleep(Math.max(0, res.granted[res.granted.length - 1]!.delayMs - 250));
  }
  // Every row has its slot: call for the next batch ~150 ms before the last one is due.
  const lastSlot = Math.max(0, ...slotTimes) - Date.now() - 150;
  const nearly = setTimeout(nearlyDone, Math.max(0, lastSlot));
  await Promise.all(tasks);
  clearTimeout(nearly);
  // A reserved send that did not reach the customer (refused synchronously, or never attempted) gives its pair
  // slot back; a 131056 keeps the key Meta asked us to respect.
  const unused = ready.filter(({ row }) => {
    const o = outcomes.get(row.id);
    return (
      !o ||
      o.kind === "failed" ||
      o.kind === "skipped" ||
      o.kind === "lease_lost" ||
      (o.kind === "requeue" && !o.pairHeld)
    );
  });
  await releasePairs(
    ctx.phoneNumberId,
    unused.map(({ row }) => row.phone_e164),
  ).catch(logFailure("releasing pair slots", ctx));
  const unreached = await settle(
    ctx,
    claim.leaseId,
    claim.rows.filter((r) => r.status === "sending"),
    outcomes,
  );
  await releaseBudget(pool(), ctx.shopId, claim.bucket, unreached);
  if (result.paused) await pauseForProblem({ shopId: ctx.shopId, campaignId: ctx.campaignId, reason: result.paused });
  return result;
}
