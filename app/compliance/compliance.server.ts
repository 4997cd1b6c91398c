// Mandatory privacy webhooks: export what we hold for a customer, erase a customer, erase a shop.
import type pg from "pg";
import { withTransaction } from "../db.server";
import { toShopifyId } from "../lib/json";
import { lockDeliveriesMentioning, scrubBodiesMentioning } from "./retention.server";
import { recordDataRequest } from "./customer-export.server";
import { blankAuditSubject } from "./audit.server";
import { forgetCustomerInRedis, forgetShopInRedis } from "./redis-forget.server";
import { errorMessage, logger } from "../lib/logger.server";

/** Tables holding shop data, children first. Every one has shop_id. */
const SHOP_TABLES = [
  "attributions",
  "attribution_runs",
  "message_prices",
  "clicks",
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
  "audit_events",
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
  return recordDataRequest(shopId, payload);
}

export interface RedactPayload {
  customer: { id: number | bigint | string; phone?: string | null; email?: string | null };
  orders_to_redact?: Array<number | bigint | string>;
}

/**
 * customers/redact: erase the customer's personal data; orders stay as anonymous revenue. The raw webhook bodies
 * that name the customer (and `inboxId`, the redact delivery itself) are blanked in the same transaction, and
 * what Redis holds about them is removed after it commits.
 */
export async function redactCustomer(
  shopId: number,
  payload: RedactPayload,
  opts: { inboxId?: string } = {},
): Promise<"done" | { deferred: string }> {
  const customerId = toShopifyId(payload.customer.id)!;
  const orderIds = (payload.orders_to_redact ?? []).map((id) => toShopifyId(id)!.toString());
  const identifiers = await withTransaction(async (c) => {
    const phones = await c.query<{ phone_e164: string }>(
      `SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND customer_id = $2
       UNION SELECT phone_e164 FROM customers WHERE shop_id = $1 AND id = $2 AND phone_e164 IS NOT NULL`,
      [shopId, customerId],
    );
    const phoneList = phones.rows.map((r) => r.phone_e164);
    const emails = await c.query<{ email: string }>(
      `SELECT email FROM customers WHERE shop_id = $1 AND id = $2 AND email IS NOT NULL
       UNION SELECT email FROM orders WHERE shop_id = $1 AND customer_id = $2 AND email IS NOT NULL`,
      [shopId, customerId],
    );
    const found = {
      all: [
        customerId.toString(),
        payload.customer.email,
        payload.customer.phone,
        ...emails.rows.map((r) => r.email),
        ...phoneList,
        ...phoneList.map((p) => p.replace(/\D/g, "")), // WhatsApp's wa_id: the number without "+"
        ...orderIds,
      ].filter((v): v is string => !!v),
      phones: phoneList,
    };
    // A delivery naming them that a worker is applying right now would write them back after this commits: wait
    // for it (the redact delivery stays in the inbox, deferred, and is retried). The rest is locked until commit.
    const { applying } = await lockDeliveriesMentioning(c, shopId, found.all, opts.inboxId);
    if (applying > 0) return { deferred: applying };
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
    // A message row stays for the campaign's figures, named by nobody: no phone, and instead of the Shopify id
    // (the column is NOT NULL and unique per campaign) the negated row id, which no Shopify customer can have.
    await c.query(
      `UPDATE recipients SET phone_e164 = NULL, customer_id = -id WHERE shop_id = $1 AND customer_id = $2`,
      [shopId, customerId],
    );
    // Its clicks stay counted the same way: named by the negated recipient id.
    await c.query(`UPDATE clicks SET customer_id = -recipient_id WHERE shop_id = $1 AND customer_id = $2`, [
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
    // The access log keeps who exported or viewed what and when, but no longer whom it was about.
    await blankAuditSubject(c, shopId, customerId, phoneList);
    await c.query(`DELETE FROM data_requests WHERE shop_id = $1 AND customer_id = $2`, [shopId, customerId]);
    await c.query(`DELETE FROM customers WHERE shop_id = $1 AND id = $2`, [shopId, customerId]);
    await scrubBodiesMentioning(c, shopId, found.all, opts.inboxId);
    return found;
  });
  if ("deferred" in identifiers)
    return { deferred: `waiting for ${identifiers.deferred} delivery(ies) naming the customer still being applied` };
  // Best effort: what Redis holds expires on its own (an hour for finished jobs, a week for failed ones), and a
  // retry of this redaction would no longer know the phones it just erased.
  await forgetCustomerInRedis(shopId, identifiers.all, identifiers.phones).catch((err: unknown) =>
    logger.warn(`customers/redact: Redis clean-up for shop ${shopId} failed: ${errorMessage(err)}`),
  );
  return "done";
}

/** shop/redact (or the end of the grace period after uninstall): erase everything for the shop. */
export async function purgeShop(shopId: number, client?: pg.PoolClient) {
  const run = async (c: pg.PoolClient) => {
    const shop = await c.query<{ domain: string }>(`SELECT domain FROM shops WHERE id = $1`, [shopId]);
    for (const table of SHOP_TABLES) await c.query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
    const domain = shop.rows[0]?.domain ?? null;
    if (domain) {
      await c.query(`DELETE FROM "Session" WHERE shop = $1`, [domain]);
      // Deliveries stored before the shop was known (lifecycle topics) carry only its domain.
      await c.query(`DELETE FROM inbox_events WHERE shop_id IS NULL AND shop_domain = $1`, [domain]);
    }
    await c.query(`DELETE FROM shops WHERE id = $1`, [shopId]);
    return domain;
  };
  const domain = client ? await run(client) : await withTransaction(run);
  // After the commit (a caller's own transaction commits later; its Redis clean-up is best effort either way).
  await forgetShopInRedis(shopId, domain).catch(() => {});
}

export { SHOP_TABLES };
