// Mandatory privacy webhooks: export what we hold for a customer, erase a customer, erase a shop.
import type pg from "pg";
import { pool, withTransaction } from "../db.server";
import { stringifyWithBigInts, toShopifyId } from "../lib/json";

/** Tables holding shop data, children first. Every one has shop_id. */
const SHOP_TABLES = [
  "attributions",
  "attribution_runs",
  "message_prices",
  "recipients",
  "campaign_test_sends",
  "campaign_segments",
  "campaigns",
  "whatsapp_templates",
  "whatsapp_accounts",
  "consent_events",
  "contacts",
  "consent_imports",
  "segment_membership_events",
  "segment_members",
  "segment_counts",
  "segments",
  "customer_products",
  "refunds",
  "line_items",
  "orders",
  "product_collections",
  "product_variants",
  "products",
  "collections",
  "customers",
  "bulk_imports",
  "data_requests",
  "inbox_events",
] as const;

export interface DataRequestPayload {
  shop_domain: string;
  customer: { id: number | bigint | string; email?: string | null; phone?: string | null };
  orders_requested?: Array<number | bigint | string>;
  data_request?: { id: number | bigint | string };
}

/** customers/data_request: collect everything we hold about the customer into data_requests for the merchant. */
export async function exportCustomerData(shopId: number, payload: DataRequestPayload) {
  const customerId = toShopifyId(payload.customer.id);
  const requestId = String(payload.data_request?.id ?? customerId);
  const db = pool();
  const [customer, orders, contacts, consent, recipients, segments] = await Promise.all([
    db.query(`SELECT * FROM customers WHERE shop_id = $1 AND id = $2`, [shopId, customerId]),
    db.query(
      `SELECT o.*, (SELECT json_agg(l) FROM line_items l WHERE l.shop_id = o.shop_id AND l.order_id = o.id) AS line_items
       FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2 ORDER BY o.shopify_created_at`,
      [shopId, customerId],
    ),
    db.query(`SELECT * FROM contacts WHERE shop_id = $1 AND customer_id = $2`, [shopId, customerId]),
    db.query(
      `SELECT e.* FROM consent_events e WHERE e.shop_id = $1 AND (e.customer_id = $2 OR e.phone_e164 IN
         (SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND customer_id = $2))`,
      [shopId, customerId],
    ),
    db.query(
      `SELECT r.campaign_id, r.status, r.phone_e164, r.sent_at, r.delivered_at, r.read_at, r.failed_at, r.error_code
       FROM recipients r WHERE r.shop_id = $1 AND r.customer_id = $2`,
      [shopId, customerId],
    ),
    db.query(
      `SELECT s.name, m.entered_at FROM segment_members m JOIN segments s ON s.id = m.segment_id
       WHERE m.shop_id = $1 AND m.customer_id = $2`,
      [shopId, customerId],
    ),
  ]);
  const exported = {
    customer: customer.rows[0] ?? null,
    orders: orders.rows,
    whatsappContacts: contacts.rows,
    consentHistory: consent.rows,
    messages: recipients.rows,
    segments: segments.rows,
  };
  await db.query(
    `INSERT INTO data_requests (shop_id, customer_id, request_id, export) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (shop_id, request_id) DO UPDATE SET export = EXCLUDED.export`,
    [shopId, customerId, requestId, stringifyWithBigInts(exported)],
  );
  return exported;
}

export interface RedactPayload {
  customer: { id: number | bigint | string; phone?: string | null; email?: string | null };
  orders_to_redact?: Array<number | bigint | string>;
}

/** customers/redact: erase the customer's personal data; orders stay as anonymous revenue. */
export async function redactCustomer(shopId: number, payload: RedactPayload) {
  const customerId = toShopifyId(payload.customer.id)!;
  const orderIds = (payload.orders_to_redact ?? []).map((id) => toShopifyId(id)!.toString());
  await withTransaction(async (c) => {
    const phones = await c.query<{ phone_e164: string }>(
      `SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND customer_id = $2
       UNION SELECT phone_e164 FROM customers WHERE shop_id = $1 AND id = $2 AND phone_e164 IS NOT NULL`,
      [shopId, customerId],
    );
    const phoneList = phones.rows.map((r) => r.phone_e164);
    await c.query(`DELETE FROM consent_events WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3))`, [
      shopId,
      customerId,
      phoneList,
    ]);
    await c.query(`DELETE FROM contacts WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3))`, [
      shopId,
      customerId,
      phoneList,
    ]);
    // A consent import's report may name the phone (as typed): drop those rows from the report.
    await c.query(
      `UPDATE consent_imports SET errors = coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(errors) e
                                                    WHERE NOT (e->>'phone' = ANY($2) OR regexp_replace(e->>'phone', '[^0-9]', '', 'g') = ANY($3))), '[]'::jsonb)
       WHERE shop_id = $1`,
      [shopId, phoneList, phoneList.map((p) => p.replace(/\D/g, ""))],
    );
    await c.query(`UPDATE recipients SET phone_e164 = NULL WHERE shop_id = $1 AND customer_id = $2`, [
      shopId,
      customerId,
    ]);
    // Membership counts stay exact: each segment the customer leaves loses one member.
    await c.query(
      `WITH gone AS (DELETE FROM segment_members WHERE shop_id = $1 AND customer_id = $2 RETURNING segment_id)
       UPDATE segments s SET member_count = greatest(s.member_count - 1, 0) FROM gone WHERE s.id = gone.segment_id AND s.shop_id = $1`,
      [shopId, customerId],
    );
    await c.query(`DELETE FROM customer_products WHERE shop_id = $1 AND customer_id = $2`, [shopId, customerId]);
    await c.query(`DELETE FROM segment_membership_events WHERE shop_id = $1 AND customer_id = $2`, [
      shopId,
      customerId,
    ]);
    await c.query(
      `UPDATE orders SET customer_id = NULL, email = NULL, phone = NULL, city = NULL, landing_site = NULL, referring_site = NULL
       WHERE shop_id = $1 AND (customer_id = $2 OR id = ANY($3::bigint[]))`,
      [shopId, customerId, orderIds],
    );
    await c.query(`DELETE FROM data_requests WHERE shop_id = $1 AND customer_id = $2`, [shopId, customerId]);
    await c.query(`DELETE FROM customers WHERE shop_id = $1 AND id = $2`, [shopId, customerId]);
  });
}

/** shop/redact (or the end of the grace period after uninstall): erase everything for the shop. */
export async function purgeShop(shopId: number, client?: pg.PoolClient) {
  const run = async (c: pg.PoolClient) => {
    const shop = await c.query<{ domain: string }>(`SELECT domain FROM shops WHERE id = $1`, [shopId]);
    for (const table of SHOP_TABLES) await c.query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
    if (shop.rows[0]) await c.query(`DELETE FROM "Session" WHERE shop = $1`, [shop.rows[0].domain]);
    await c.query(`DELETE FROM shops WHERE id = $1`, [shopId]);
  };
  return client ? run(client) : withTransaction(run);
}

export { SHOP_TABLES };
