// customers/data_request: everything the app holds about one customer of one shop, and the merchant's access to
// it (Settings → Data requests). The export is rebuilt when it is downloaded, so it always holds what we hold at
// that moment; the row written when the request arrived keeps the first snapshot. Each download is audited
// (audit_events, action data_request.download: who, when); a request nobody has downloaded yet is unanswered.
import { pool } from "../db.server";
import { recordAudit } from "./audit.server";
import { parseJsonWithBigInts, stringifyWithBigInts, toShopifyId } from "../lib/json";
import { containsPatterns } from "./retention.server";

export interface CustomerExport {
  customer: Record<string, unknown> | null;
  orders: unknown[];
  attributions: unknown[];
  whatsappContacts: unknown[];
  consentHistory: unknown[];
  segments: unknown[];
  segmentHistory: unknown[];
  messages: unknown[];
  rawWebhookPayloads: Array<{ source: string; topic: string; received_at: string; body: unknown }>;
}

/** Everything held about the customer, scoped to the shop (one statement per kind, all by shop_id). */
export async function buildCustomerExport(shopId: number, customerIdValue: bigint | string): Promise<CustomerExport> {
  const customerId = String(customerIdValue);
  const db = pool();
  const [customer, contacts] = await Promise.all([
    db.query(`SELECT * FROM customers WHERE shop_id = $1 AND id = $2`, [shopId, customerId]),
    db.query(`SELECT * FROM contacts WHERE shop_id = $1 AND customer_id = $2`, [shopId, customerId]),
  ]);
  const phones = [
    ...new Set(
      [customer.rows[0]?.phone_e164, ...contacts.rows.map((c) => c.phone_e164)].filter((p): p is string => !!p),
    ),
  ];
  const [orders, attributions, consent, segments, segmentHistory, messages] = await Promise.all([
    db.query(
      `SELECT o.*,
              (SELECT json_agg(l ORDER BY l.id) FROM line_items l WHERE l.shop_id = o.shop_id AND l.order_id = o.id) AS line_items,
              (SELECT json_agg(r ORDER BY r.id) FROM refunds r WHERE r.shop_id = o.shop_id AND r.order_id = o.id) AS refunds
       FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2 ORDER BY o.shopify_created_at`,
      [shopId, customerId],
    ),
    db.query(
      `SELECT a.* FROM attributions a JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       WHERE a.shop_id = $1 AND o.customer_id = $2 ORDER BY a.order_id`,
      [shopId, customerId],
    ),
    db.query(
      `SELECT * FROM consent_events WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3::text[]))
       ORDER BY id`,
      [shopId, customerId, phones],
    ),
    db.query(
      `SELECT s.id AS segment_id, s.name, m.entered_at FROM segment_members m JOIN segments s ON s.id = m.segment_id
       WHERE m.shop_id = $1 AND m.customer_id = $2 ORDER BY s.name`,
      [shopId, customerId],
    ),
    db.query(
      `SELECT e.segment_id, s.name, e.change, e.at FROM segment_membership_events e
       LEFT JOIN segments s ON s.id = e.segment_id
       WHERE e.shop_id = $1 AND e.customer_id = $2 ORDER BY e.id`,
      [shopId, customerId],
    ),
    db.query(
      `SELECT r.*, c.name AS campaign_name FROM recipients r JOIN campaigns c ON c.id = r.campaign_id
       WHERE r.shop_id = $1 AND (r.customer_id = $2 OR r.phone_e164 = ANY($3::text[])) ORDER BY r.id`,
      [shopId, customerId, phones],
    ),
  ]);
  const raw = await rawPayloadsFor(shopId, [
    customerId,
    customer.rows[0]?.email,
    ...phones,
    ...phones.map((p) => p.slice(1)), // WhatsApp's wa_id: the number without "+"
  ]);
  return {
    customer: customer.rows[0] ?? null,
    orders: orders.rows,
    attributions: attributions.rows,
    whatsappContacts: contacts.rows,
    consentHistory: consent.rows,
    segments: segments.rows,
    segmentHistory: segmentHistory.rows,
    messages: messages.rows,
    rawWebhookPayloads: raw,
  };
}

/** Webhook bodies still held (not yet blanked by the retention job) that name the customer. */
async function rawPayloadsFor(shopId: number, identifiers: Array<string | null | undefined>) {
  const patterns = containsPatterns(identifiers);
  if (patterns.length === 0) return [];
  const { rows } = await pool().query<{ source: string; topic: string; received_at: Date; body: string }>(
    `SELECT source, topic, received_at, body FROM inbox_events
     WHERE (shop_id = $1 OR (shop_id IS NULL AND source = 'whatsapp')) AND body_scrubbed_at IS NULL
       AND body LIKE ANY($2::text[])
     ORDER BY id`,
    [shopId, patterns],
  );
  return rows.map((r) => ({
    source: r.source,
    topic: r.topic,
    received_at: r.received_at.toISOString(),
    body: parseBody(r.body),
  }));
}

function parseBody(body: string): unknown {
  try {
    return parseJsonWithBigInts(body);
  } catch {
    return body;
  }
}

/** Writes (or refreshes) the request row when customers/data_request arrives. */
export async function recordDataRequest(
  shopId: number,
  payload: { customer: { id: number | bigint | string }; data_request?: { id: number | bigint | string } },
) {
  const customerId = toShopifyId(payload.customer.id)!;
  const requestId = String(payload.data_request?.id ?? customerId);
  const exported = await buildCustomerExport(shopId, customerId);
  await pool().query(
    `INSERT INTO data_requests (shop_id, customer_id, request_id, export) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (shop_id, request_id) DO UPDATE SET export = EXCLUDED.export`,
    [shopId, customerId, requestId, stringifyWithBigInts(exported)],
  );
  return exported;
}

export interface DataRequestRow {
  id: number;
  requestId: string;
  customerId: string | null;
  receivedAt: string;
  downloads: number;
  lastDownloadedAt: string | null;
  lastDownloadedBy: string | null;
}

/** The shop's requests, newest first, with their download audit. */
export async function listDataRequests(shopId: number): Promise<DataRequestRow[]> {
  const { rows } = await pool().query<{
    id: number;
    request_id: string;
    customer_id: string | null;
    created_at: Date;
    downloads: number;
    last_at: Date | null;
    last_by: string | null;
  }>(
    `SELECT r.id, r.request_id, r.customer_id::text, r.created_at, count(d.id)::int AS downloads,
            max(d.downloaded_at) AS last_at,
            (array_agg(d.downloaded_by ORDER BY d.downloaded_at DESC) FILTER (WHERE d.id IS NOT NULL))[1] AS last_by
     FROM data_requests r
     LEFT JOIN (SELECT id, actor AS downloaded_by, at AS downloaded_at, target_id FROM audit_events
                WHERE shop_id = $1 AND action = 'data_request.download' AND target_type = 'data_request') d
       ON d.target_id = r.id::text
     WHERE r.shop_id = $1 GROUP BY r.id ORDER BY r.created_at DESC, r.id DESC`,
    [shopId],
  );
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    customerId: r.customer_id,
    receivedAt: r.created_at.toISOString(),
    downloads: r.downloads,
    lastDownloadedAt: r.last_at?.toISOString() ?? null,
    lastDownloadedBy: r.last_by,
  }));
}

/** Requests nobody has downloaded yet (the banner on Home and Settings). */
export async function unansweredDataRequests(shopId: number): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM data_requests r
     WHERE r.shop_id = $1 AND NOT EXISTS (SELECT 1 FROM audit_events d
                                          WHERE d.shop_id = r.shop_id AND d.action = 'data_request.download'
                                            AND d.target_type = 'data_request' AND d.target_id = r.id::text)`,
    [shopId],
  );
  return rows[0]!.n;
}

/**
 * The export of one of the shop's requests as JSON text, with the download audited; null when the shop has no
 * such request (another shop's id included: the caller answers 404).
 */
export async function downloadDataRequest(opts: {
  shopId: number;
  id: number;
  downloadedBy: string;
}): Promise<{ requestId: string; json: string } | null> {
  const { rows } = await pool().query<{ id: number; request_id: string; customer_id: string | null; created_at: Date }>(
    `SELECT id, request_id, customer_id::text, created_at FROM data_requests WHERE shop_id = $1 AND id = $2`,
    [opts.shopId, opts.id],
  );
  const request = rows[0];
  if (!request) return null;
  const exported = request.customer_id ? await buildCustomerExport(opts.shopId, request.customer_id) : null;
  await recordAudit({
    shopId: opts.shopId,
    actor: opts.downloadedBy,
    action: "data_request.download",
    targetType: "data_request",
    targetId: request.id,
    customerId: request.customer_id,
  });
  const json = stringifyWithBigInts({
    dataRequest: {
      id: request.request_id,
      customerId: request.customer_id,
      receivedAt: request.created_at.toISOString(),
      exportedAt: new Date().toISOString(),
    },
    ...(exported ?? { customer: null }),
  });
  return { requestId: request.request_id, json };
}
