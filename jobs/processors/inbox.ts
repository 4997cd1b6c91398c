// Applies one inbox event. Idempotent: a row already done is skipped; handlers themselves tolerate replays.
import { pool } from "../../app/db.server";
import { handlerFor, parsePayload, type InboxEventRow } from "../../app/inbox/handlers.server";
import { queueInboxEvent, recordDelivery } from "../../app/inbox/inbox.server";
import type { JobPayload } from "../queues";

// Importing the domain modules registers their handlers.
import "../../app/inbox/handlers.server";
import "../../app/ingest/webhooks.server";
import "../../app/whatsapp/webhooks.server";

/** A processing claim older than this is considered abandoned by a crashed worker. */
const STALE_CLAIM = "5 minutes";

export async function processInboxEvent({ inboxId }: JobPayload<"inbox.process">) {
  const claimed = await pool().query<InboxEventRow>(
    `UPDATE inbox_events SET status = 'processing', attempts = attempts + 1, processed_at = NULL
     WHERE id = $1 AND (status IN ('pending', 'deferred', 'failed')
                        OR (status = 'processing' AND COALESCE(processed_at, enqueued_at, received_at) < now() - interval '${STALE_CLAIM}'))
     RETURNING *`,
    [inboxId],
  );
  const event = claimed.rows[0];
  if (!event) return { skipped: true };

  const handler = handlerFor(event.source, event.topic);
  if (!handler) {
    await finish(event.id, "deferred", `no handler for ${event.source} ${event.topic} yet`);
    return { deferred: true };
  }
  let payload: unknown;
  try {
    payload = parsePayload(event);
  } catch (err) {
    // Verified at intake, so this cannot normally happen; keep the row for a human rather than drop it.
    await finish(event.id, "failed", `unparseable body: ${(err as Error).message}`);
    return { failed: true };
  }
  try {
    const result = await handler(event, payload);
    if (result === "done") await finish(event.id, "done", null);
    else if ("deferred" in result) await finish(event.id, "deferred", result.deferred);
    else await finish(event.id, "failed", `rejected: ${result.rejected}`);
    return { result };
  } catch (err) {
    await finish(event.id, "failed", (err as Error).message.slice(0, 2000));
    throw err; // BullMQ retries with backoff
  }
}

async function finish(id: string, status: "done" | "deferred" | "failed", error: string | null) {
  await pool().query(
    `UPDATE inbox_events SET status = $2, last_error = $3, processed_at = now() WHERE id = $1`,
    [id, status, error],
  );
}

/** A delivery that only reached Redis (PostgreSQL was down at intake). */
export async function recordFromRedis(d: JobPayload<"inbox.record">) {
  let shopId = d.shopId;
  if (!shopId && d.shopDomain) {
    const { rows } = await pool().query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [d.shopDomain]);
    shopId = rows[0]?.id ?? null;
  }
  const recorded = await recordDelivery({
    ...d,
    shopId,
    triggeredAt: d.triggeredAt ? new Date(d.triggeredAt) : null,
  });
  if (!recorded.duplicate) await queueInboxEvent(recorded.id);
}
