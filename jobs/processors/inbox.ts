// Applies inbox events: one at a time, or a shop's order webhooks together. Idempotent: a row already done is
// skipped; handlers themselves tolerate replays.
import { pool } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import {
  batchHandlerFor,
  handlerFor,
  parsePayload,
  type HandlerResult,
  type InboxBatchHandler,
  type InboxEventRow,
} from "../../app/inbox/handlers.server";
import { queueInboxEvent, recordDelivery } from "../../app/inbox/inbox.server";
import { isLifecycleTopic, SHOPIFY_BATCHED_TOPICS } from "../../app/inbox/shopify-topics";
import { shopIdByDomain } from "../../app/inbox/shops.server";
import type { JobPayload } from "../queues";
import { decryptSecret } from "../../app/lib/encryption.server";
import { INBOX_STALE_CLAIM } from "../../app/compliance/retention.server";

// Importing the domain modules registers their handlers.
import "../../app/inbox/handlers.server";
import "../../app/ingest/webhooks.server";
import "../../app/whatsapp/webhooks.server";

/** A processing claim older than this is considered abandoned by a crashed worker (shared with the redaction). */
const STALE_CLAIM = INBOX_STALE_CLAIM;
/** At most this many events are applied together. */
const BATCH_LIMIT = 250;
/** Attempts after which a failed event is left for a human. */
const MAX_ATTEMPTS = 5;
/**
 * How long a shop's batched events gather before they are applied together (unless a batch is still being applied,
 * which they wait for anyway). Trades a little latency for far fewer, larger writes under load.
 */
const batchWindowMs = () => getEnv().INBOX_BATCH_WINDOW_MS;

// processed_at holds the claim time while a row is processing, and the finish time once it is done.
const CLAIMABLE = `(status IN ('pending', 'deferred', 'failed')
   OR (status = 'processing' AND COALESCE(processed_at, enqueued_at, received_at) < now() - interval '${STALE_CLAIM}'))`;
const CLAIM = `UPDATE inbox_events SET status = 'processing', attempts = attempts + 1, processed_at = now()`;

export async function processInboxEvent({ inboxId, shopId }: JobPayload<"inbox.process">) {
  if (shopId === undefined) return claimAndProcess(inboxId);
  return inShopRound(shopId);
}

// ---- batched events: rounds per shop --------------------------------------------------------------------------
// An event of a batched topic (a shop's order webhooks) does not claim its own row. It joins the shop's next round
// in this process: a round waits for the previous one to finish and for the gathering window, then claims every
// pending batched event of the shop (its own row was committed before its job was queued, so the claim sees it) and
// applies them together. A job that finds a round not yet claiming simply returns: that round will take its row.
// A worker that dies between the two leaves the rows pending; maintenance.reconcile queues them again.

interface Round {
  claiming: boolean;
  done: Promise<unknown>;
}

const rounds = new Map<number, Round>();

async function inShopRound(shopId: number) {
  const latest = rounds.get(shopId);
  if (latest && !latest.claiming) return { joined: true };
  const previous = latest?.done.catch(() => undefined) ?? Promise.resolve();
  const gatherUntil = Date.now() + batchWindowMs();
  const round: Round = { claiming: false, done: Promise.resolve() };
  round.done = previous.then(async () => {
    const wait = gatherUntil - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return drainShop(shopId, round);
  });
  rounds.set(shopId, round);
  try {
    return await round.done;
  } finally {
    if (rounds.get(shopId) === round) rounds.delete(shopId);
  }
}

async function drainShop(shopId: number, round: Round) {
  let applied = 0;
  for (;;) {
    round.claiming = true;
    const rows = await claimPending(shopId, "shopify", SHOPIFY_BATCHED_TOPICS, BATCH_LIMIT);
    if (rows.length === 0) break;
    const batch = batchHandlerFor("shopify", rows[0]!.topic);
    if (batch) await processBatch(rows, batch.handler, null);
    else for (const event of rows) await processOrRequeue(event); // topics without a batch handler: one by one
    applied += rows.length;
    if (rows.length < BATCH_LIMIT) break;
  }
  return { batched: applied };
}

/** Claim a shop's pending events of these topics, oldest first; rows another worker holds are skipped. */
async function claimPending(
  shopId: number,
  source: string,
  topics: readonly string[],
  limit: number,
): Promise<InboxEventRow[]> {
  const { rows } = await pool().query<InboxEventRow>(
    `${CLAIM}
     WHERE id IN (SELECT id FROM inbox_events
                  WHERE status = 'pending' AND shop_id = $1 AND source = $2 AND topic = ANY($3::text[])
                  ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [shopId, source, topics, limit],
  );
  return rows;
}

// ---- one event (and what a job for a row of its own may take along) --------------------------------------------

async function claimAndProcess(inboxId: string) {
  const claimed = await pool().query<InboxEventRow>(`${CLAIM} WHERE id = $1 AND ${CLAIMABLE} RETURNING *`, [inboxId]);
  const event = claimed.rows[0];
  if (!event) return { skipped: true };

  // A re-queued event of a batched topic takes the shop's other waiting ones along.
  const batch = batchHandlerFor(event.source, event.topic);
  if (batch && event.shop_id !== null) {
    const more = await claimPending(event.shop_id, event.source, batch.topics, BATCH_LIMIT - 1);
    if (more.length > 0) return processBatch([event, ...more], batch.handler, event.id);
  }
  return processOne(event);
}

/**
 * Shopify data events of shops that uninstalled the app are acknowledged and not applied (the backfill after a
 * reinstall brings the data back); lifecycle and compliance topics always apply. Marks the skipped rows done and
 * returns the others.
 */
async function skipUninstalled(events: InboxEventRow[]): Promise<InboxEventRow[]> {
  const data = events.filter((e) => e.source === "shopify" && e.shop_id !== null && !isLifecycleTopic(e.topic));
  if (data.length === 0) return events;
  const { rows } = await pool().query<{ id: number }>(
    `SELECT id FROM shops WHERE id = ANY($1::int[]) AND uninstalled_at IS NOT NULL`,
    [[...new Set(data.map((e) => e.shop_id))]],
  );
  if (rows.length === 0) return events;
  const gone = new Set(rows.map((r) => r.id));
  const skipped = data.filter((e) => gone.has(e.shop_id!)).map((e) => e.id);
  await finish(skipped, "done", "not applied: the shop had uninstalled the app");
  return events.filter((e) => !skipped.includes(e.id));
}

/** Apply one claimed event with its single-event handler and record the outcome; throws to let BullMQ retry. */
async function processOne(event: InboxEventRow) {
  if ((await skipUninstalled([event])).length === 0) return { skipped: "uninstalled" };
  const handler = handlerFor(event.source, event.topic);
  if (!handler) {
    await finish([event.id], "deferred", `no handler for ${event.source} ${event.topic} yet`);
    return { deferred: true };
  }
  let payload: unknown;
  try {
    payload = parsePayload(event);
  } catch (err) {
    // Verified at intake, so this cannot normally happen; keep the row for a human rather than drop it.
    await finish([event.id], "failed", `unparseable body: ${(err as Error).message}`);
    return { failed: true };
  }
  try {
    const result = await handler(event, payload);
    await record(event.id, result);
    return { result };
  } catch (err) {
    await finish([event.id], "failed", (err as Error).message.slice(0, 2000));
    throw err;
  }
}

/** processOne for an event that is not the job's own row: BullMQ will not retry it, so queue it again. */
async function processOrRequeue(event: InboxEventRow) {
  try {
    await processOne(event);
  } catch {
    if (event.attempts < MAX_ATTEMPTS) await queueInboxEvent(event.id, `retry-${event.attempts}`).catch(() => {});
  }
}

/**
 * Apply claimed events together. If the batch handler throws, each event is applied on its own instead, so one bad
 * event cannot hold up the others; the job's own event (ownId) then rethrows its error for BullMQ to retry.
 */
async function processBatch(claimed: InboxEventRow[], handler: InboxBatchHandler, ownId: string | null) {
  const events = [...(await skipUninstalled(claimed))].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const parsed: Array<{ event: InboxEventRow; payload: unknown }> = [];
  for (const event of events) {
    try {
      parsed.push({ event, payload: parsePayload(event) });
    } catch (err) {
      await finish([event.id], "failed", `unparseable body: ${(err as Error).message}`);
    }
  }
  let results: Map<string, HandlerResult>;
  try {
    results = await handler(parsed);
  } catch {
    let own: InboxEventRow | undefined;
    for (const { event } of parsed) {
      if (event.id === ownId) own = event;
      else await processOrRequeue(event);
    }
    return own ? processOne(own) : { batch: events.length, separately: true };
  }
  const done = parsed.map((p) => p.event.id).filter((id) => (results.get(id) ?? "done") === "done");
  await finish(done, "done", null);
  for (const [id, result] of results) if (result !== "done") await record(id, result);
  return { batch: events.length, done: done.length };
}

async function record(id: string, result: HandlerResult) {
  if (result === "done") await finish([id], "done", null);
  else if ("deferred" in result) await finish([id], "deferred", result.deferred);
  else await finish([id], "failed", `rejected: ${result.rejected}`);
}

async function finish(ids: string[], status: "done" | "deferred" | "failed", error: string | null) {
  if (ids.length === 0) return;
  await pool().query(
    `UPDATE inbox_events SET status = $2, last_error = $3, processed_at = now() WHERE id = ANY($1::bigint[])`,
    [ids, status, error],
  );
}

/** A delivery that only reached Redis (PostgreSQL was down at intake). */
export async function recordFromRedis(d: JobPayload<"inbox.record">) {
  // Scoped again by domain: the web process may have named a shop (from its cache) that was erased since.
  const shopId = d.shopDomain ? await shopIdByDomain(d.shopDomain) : d.shopId;
  const { sealedBody, body, ...rest } = d;
  const recorded = await recordDelivery({
    ...rest,
    body: sealedBody ? decryptSecret(sealedBody) : body!,
    shopId,
    triggeredAt: d.triggeredAt ? new Date(d.triggeredAt) : null,
  });
  if (!recorded.duplicate) await queueInboxEvent(recorded.id);
}
