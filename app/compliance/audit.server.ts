// The access log Shopify's level 2 protected-customer-data requirements ask for ("keep an access log to
// protected customer data"): who, from which shop, exported or viewed which personal data, and how many rows.
// One table for every kind (a data request's download included), scoped by shop, kept AUDIT_RETENTION_DAYS,
// erased with shop/redact and blanked of the customer it names by customers/redact (docs/privacy.md).
import type pg from "pg";
import { pool } from "../db.server";
import { getEnv } from "../env.server";

export type AuditAction =
  | "segment.export"
  | "recipients.export"
  | "consent_import.rejected_export"
  | "contact.view"
  | "segment.view"
  | "contacts.list_view"
  | "data_request.download";

export interface AuditInput {
  shopId: number;
  /** requireShop's `user`: "shopify-user:<sub>", "shop:<domain>" or "demo" */
  actor: string;
  action: AuditAction;
  targetType: "segment" | "campaign" | "consent_import" | "contact" | "data_request";
  targetId?: string | number | null;
  /** the one customer the event is about, when there is one */
  customerId?: string | bigint | null;
  phoneE164?: string | null;
  rowCount?: number | null;
}

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/** Views (not exports) repeated by the same person within this long are one event. */
const VIEW_REPEAT = "10 minutes";
const VIEWS: readonly AuditAction[] = ["contact.view", "segment.view", "contacts.list_view"];

/**
 * Records one event; returns its id (a streamed export fills in its row count when it ends), or null for a view
 * the same person already made of the same thing within VIEW_REPEAT: a page polling while a segment refreshes, or
 * paging back and forth, is one look at the data, and the log stays readable. Every export is recorded.
 */
export async function recordAudit(event: AuditInput, db: Queryable = pool()): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO audit_events (shop_id, actor, action, target_type, target_id, customer_id, phone_e164, row_count)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8
     WHERE NOT ($9 AND EXISTS (
       SELECT 1 FROM audit_events a
       WHERE a.shop_id = $1 AND a.at > now() - interval '${VIEW_REPEAT}' AND a.actor = $2 AND a.action = $3
         AND a.target_type = $4 AND a.target_id IS NOT DISTINCT FROM $5 AND a.phone_e164 IS NOT DISTINCT FROM $7))
     RETURNING id::text`,
    [
      event.shopId,
      event.actor,
      event.action,
      event.targetType,
      event.targetId == null ? null : String(event.targetId),
      event.customerId == null ? null : String(event.customerId),
      event.phoneE164 ?? null,
      event.rowCount ?? null,
      VIEWS.includes(event.action),
    ],
  );
  return rows[0]?.id ?? null;
}

/**
 * A streamed CSV export, audited: the event is written before the first byte leaves (no export without its
 * audit row: if the insert fails, the download fails), and its row count is filled in when the stream ends or the
 * client abandons it (rows sent so far: data left the app either way). Rows are counted as CSV records, so a
 * line break inside a quoted field does not count as a row; the header line is not counted.
 */
export async function auditedCsvStream(
  body: ReadableStream<Uint8Array>,
  event: Omit<AuditInput, "rowCount">,
): Promise<ReadableStream<Uint8Array>> {
  const id = await recordAudit(event);
  let records = 0;
  let inQuotes = false;
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    await pool().query(`UPDATE audit_events SET row_count = $3 WHERE shop_id = $1 AND id = $2`, [
      event.shopId,
      id,
      Math.max(0, records - 1),
    ]);
  };
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          await finish();
          controller.close();
          return;
        }
        for (const byte of value) {
          if (byte === 34) inQuotes = !inQuotes;
          else if (byte === 10 && !inQuotes) records++;
        }
        controller.enqueue(value);
      },
      async cancel(reason) {
        await reader.cancel(reason);
        await finish();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The scheduled clean-up (with maintenance.scrub-inbox): events older than the retention period are deleted. */
export async function pruneAuditEvents(opts: { retentionDays?: number } = {}): Promise<{ auditPruned: number }> {
  const days = opts.retentionDays ?? getEnv().AUDIT_RETENTION_DAYS;
  let pruned = 0;
  for (;;) {
    const res = await pool().query(
      `DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events
                                             WHERE at < now() - make_interval(days => $1::int) ORDER BY at LIMIT 5000)`,
      [days],
    );
    pruned += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < 5000) return { auditPruned: pruned };
  }
}

/** customers/redact: the events stay (who exported or viewed something, and when), naming nobody. */
export async function blankAuditSubject(
  c: Queryable,
  shopId: number,
  customerId: bigint | string,
  phones: string[],
): Promise<void> {
  await c.query(
    `UPDATE audit_events SET customer_id = NULL, phone_e164 = NULL
     WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3))`,
    [shopId, String(customerId), phones],
  );
}

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  rowCount: number | null;
}

/** The shop's most recent events, newest first (for a merchant's review of the log). */
export async function recentAuditEvents(shopId: number, limit = 100): Promise<AuditRow[]> {
  const { rows } = await pool().query<{
    at: Date;
    actor: string;
    action: string;
    target_type: string;
    target_id: string | null;
    row_count: number | null;
  }>(
    `SELECT at, actor, action, target_type, target_id, row_count FROM audit_events
     WHERE shop_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [shopId, limit],
  );
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    rowCount: r.row_count,
  }));
}
