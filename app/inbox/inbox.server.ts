// The inbox: every webhook delivery is stored before it is acknowledged, keyed by the sender's delivery id,
// then applied by a job. A repeat delivery is a no-op; an event we cannot apply yet stays for retry.
import { pool } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { isBatchedTopic } from "./shopify-topics";
import { encryptSecret } from "../lib/encryption.server";

export interface Delivery {
  source: "shopify" | "whatsapp";
  externalId: string;
  shopId: number | null;
  shopDomain: string | null;
  topic: string;
  apiVersion?: string | null;
  body: string;
  triggeredAt?: Date | null;
}

export interface Recorded {
  id: string;
  duplicate: boolean;
}

/** Store a delivery once. Returns the existing row's id for a repeat. */
export async function recordDelivery(d: Delivery, opts: { enqueuedNow?: boolean } = {}): Promise<Recorded> {
  const inserted = await pool().query<{ id: string }>(
    `INSERT INTO inbox_events (source, external_id, shop_id, shop_domain, topic, api_version, body, triggered_at, enqueued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::boolean THEN now() END)
     ON CONFLICT (source, external_id) DO NOTHING
     RETURNING id`,
    [
      d.source,
      d.externalId,
      d.shopId,
      d.shopDomain,
      d.topic,
      d.apiVersion ?? null,
      d.body,
      d.triggeredAt ?? null,
      opts.enqueuedNow === true,
    ],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, duplicate: false };
  const existing = await pool().query<{ id: string }>(
    `SELECT id FROM inbox_events WHERE source = $1 AND external_id = $2`,
    [d.source, d.externalId],
  );
  return { id: existing.rows[0]!.id, duplicate: true };
}

/** Queue the job that applies an inbox row. The job id dedupes: a row is queued at most once at a time. */
export async function queueInboxEvent(inboxId: string, retryTag?: string) {
  // A finished job keeps its id in Redis for a while, so a re-queue (reconciler) needs a fresh id.
  await enqueue(
    "inbox.process",
    { inboxId },
    { jobId: retryTag ? `inbox-${inboxId}-${retryTag}` : `inbox-${inboxId}` },
  );
  await pool().query(`UPDATE inbox_events SET enqueued_at = now() WHERE id = $1`, [inboxId]);
}

export type IntakeResult =
  | { status: 200; stored: "new" | "duplicate"; queued: boolean; inboxId: string }
  | { status: 200; stored: "redis-only"; queued: true }
  | { status: 503; error: string };

/**
 * Store and queue a delivery. PostgreSQL first; if it is down, the whole delivery goes to Redis and a worker
 * writes it to the inbox later. Only when neither can take it do we answer 503 so the sender retries.
 */
export async function intake(d: Delivery): Promise<IntakeResult> {
  let recorded: Recorded;
  try {
    recorded = await recordDelivery(d, { enqueuedNow: true });
  } catch (dbError) {
    try {
      // Sealed with the app's key: the body is personal data and Redis keeps the job until a worker takes it.
      const { body, ...rest } = d;
      await enqueue(
        "inbox.record",
        { ...rest, sealedBody: encryptSecret(body), triggeredAt: d.triggeredAt?.toISOString() ?? null },
        {
          jobId: `record-${d.source}-${d.externalId}`,
        },
      );
      return { status: 200, stored: "redis-only", queued: true };
    } catch {
      return {
        status: 503,
        error: `neither PostgreSQL nor Redis could take the delivery: ${(dbError as Error).message}`,
      };
    }
  }
  if (recorded.duplicate) return { status: 200, stored: "duplicate", queued: false, inboxId: recorded.id };
  // The row was stored with enqueued_at set (one round trip less on every delivery); if Redis does not take
  // the job, clear it so maintenance.reconcile queues the row at its next run.
  const batchShop = d.shopId !== null && isBatchedTopic(d.source, d.topic) ? { shopId: d.shopId } : {};
  const queued = await enqueue(
    "inbox.process",
    { inboxId: recorded.id, ...batchShop },
    { jobId: `inbox-${recorded.id}` },
  ).then(
    () => true,
    async () => {
      await pool()
        .query(`UPDATE inbox_events SET enqueued_at = NULL WHERE id = $1`, [recorded.id])
        .catch(() => {});
      return false;
    },
  );
  return { status: 200, stored: "new", queued, inboxId: recorded.id };
}
