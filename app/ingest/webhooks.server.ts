// Applies Shopify data webhooks (orders, refunds, customers, consent, products) to the database. Every handler
// is idempotent (a replay changes nothing) and out-of-order safe (an event older than the stored updated_at is
// ignored). Each applied change refreshes the affected customers' aggregates and queues their segment refresh.
import { pool, withTransaction } from "../db.server";
import {
  registerInboxBatchHandler,
  registerInboxHandler,
  type HandlerResult,
  type InboxEventRow,
} from "../inbox/handlers.server";
import { queueInboxEvent } from "../inbox/inbox.server";
import { SHOPIFY_BATCHED_TOPICS } from "../inbox/shopify-topics";
import { toShopifyId } from "../lib/json";
import { enqueue } from "../../jobs/queues";
import { refreshCustomerStats } from "./customer-stats.server";
import {
  customerFromRest,
  orderFromRest,
  PayloadError,
  productFromRest,
  refundFromRest,
  smsConsentFromRest,
  type CustomerPatch,
} from "./rest";
import type { CustomerRow, OrderRow } from "./rows";
import { writeStore } from "./store-writer.server";
import { applyWhatsAppConsentOf } from "./whatsapp-consent.server";
import { attributeOrders } from "../attribution/attribute.server";

interface ShopInfo {
  id: number;
  currencyExponent: number;
}

async function shopOf(event: InboxEventRow): Promise<ShopInfo | null> {
  const { rows } = await pool().query<{ id: number; currency_exponent: number }>(
    `SELECT id, currency_exponent FROM shops WHERE ${event.shop_id ? "id = $1" : "domain = $1"}`,
    [event.shop_id ?? event.shop_domain],
  );
  return rows[0] ? { id: rows[0].id, currencyExponent: rows[0].currency_exponent } : null;
}

/** Queue the segment refresh for customers whose data changed (the segments engine consumes it). */
export async function queueSegmentRefresh(shopId: number, customerIds: Iterable<bigint | null | undefined>) {
  const ids = [...new Set([...customerIds].filter((id): id is bigint => id !== null && id !== undefined).map(String))];
  if (ids.length === 0) return;
  await enqueue("segments.refresh-customers", { shopId, customerIds: ids });
}

/** Order lines do not carry compare-at prices: take them from the stored variants to detect markdowns. */
async function withCompareAtPrices(shopId: number, orders: OrderRow[]): Promise<OrderRow[]> {
  const variantIds = [
    ...new Set(
      orders
        .flatMap((o) => o.lines.map((l) => l.variantId))
        .filter((v): v is bigint => v !== null)
        .map(String),
    ),
  ];
  if (variantIds.length === 0) return orders;
  const { rows } = await pool().query<{ id: string; compare_at_price_minor: string | null }>(
    `SELECT id::text, compare_at_price_minor::text FROM product_variants WHERE shop_id = $1 AND id = ANY($2::bigint[])`,
    [shopId, variantIds],
  );
  const compareAt = new Map(
    rows.map((r) => [r.id, r.compare_at_price_minor === null ? null : BigInt(r.compare_at_price_minor)]),
  );
  return orders.map((order) => ({
    ...order,
    lines: order.lines.map((l) => ({
      ...l,
      compareAtPriceMinor: l.compareAtPriceMinor ?? compareAt.get(String(l.variantId)) ?? null,
    })),
  }));
}

/** The customer each order is stored under now (an order that moves customer changes the old one's segments too). */
async function previousCustomersOf(shopId: number, orderIds: bigint[]): Promise<bigint[]> {
  const { rows } = await pool().query<{ customer_id: string }>(
    `SELECT DISTINCT customer_id::text FROM orders WHERE shop_id = $1 AND id = ANY($2::bigint[]) AND customer_id IS NOT NULL`,
    [shopId, orderIds.map(String)],
  );
  return rows.map((r) => BigInt(r.customer_id));
}

/**
 * Refunds we hold that a payload does not list (it was serialised before them, or arrived out of order): a
 * refund is never undone in Shopify, so an order payload must not delete it.
 */
async function withStoredRefunds(shopId: number, orders: OrderRow[]): Promise<OrderRow[]> {
  const { rows } = await pool().query<{
    id: string;
    order_id: string;
    amount_minor: string;
    note: string | null;
    shopify_created_at: Date;
    processed_at: Date | null;
    lines: Array<{ line_item_id: string; quantity: number; subtotal_minor: string }>;
  }>(
    `SELECT id::text, order_id::text, amount_minor::text, note, shopify_created_at, processed_at, lines
     FROM refunds WHERE shop_id = $1 AND order_id = ANY($2::bigint[])`,
    [shopId, orders.map((o) => o.id.toString())],
  );
  if (rows.length === 0) return orders;
  return orders.map((order) => {
    const listed = new Set(order.refunds.map((r) => r.id.toString()));
    const missing = rows.filter((r) => r.order_id === order.id.toString() && !listed.has(r.id));
    if (missing.length === 0) return order;
    return {
      ...order,
      refunds: [
        ...order.refunds,
        ...missing.map((r) => ({
          id: BigInt(r.id),
          orderId: order.id,
          amountMinor: BigInt(r.amount_minor),
          note: r.note,
          createdAt: r.shopify_created_at,
          processedAt: r.processed_at,
          lines: (r.lines ?? []).map((l) => ({
            lineItemId: BigInt(l.line_item_id),
            quantity: l.quantity,
            subtotalMinor: BigInt(l.subtotal_minor),
          })),
        })),
      ],
    };
  });
}

/**
 * Apply order payloads (orders/create, updated, cancelled) of one shop together: one set-based write, one
 * attribution pass and one segment refresh for all of them. Several versions of one order keep the newest (by
 * Shopify's updated_at; on a tie the one received last, which comes last in `orders`).
 */
export async function applyOrders(shop: ShopInfo, incoming: OrderRow[]) {
  const newest = new Map<string, OrderRow>();
  for (const order of incoming) {
    const key = order.id.toString();
    const seen = newest.get(key);
    if (!seen || seen.updatedAt.getTime() <= order.updatedAt.getTime()) newest.set(key, order);
  }
  if (newest.size === 0) return [];
  const orders = await withStoredRefunds(shop.id, await withCompareAtPrices(shop.id, [...newest.values()]));
  const orderIds = orders.map((o) => o.id);
  const previous = await previousCustomersOf(shop.id, orderIds);
  // writeStore skips an order when the stored one is newer, refreshes the customers' aggregates (including a
  // customer an order moved away from) and never duplicates lines or refunds.
  await writeStore({ shopId: shop.id, records: orders.map((row) => ({ type: "order" as const, row })) });
  // Attribution first: an order through a message's link records the click (recipients.clicked_at), which the
  // engagement and follow-up segments read, so the customers' refresh must not run before it.
  await attributeOrders({ shopId: shop.id, orderIds });
  await queueSegmentRefresh(shop.id, [...orders.map((o) => o.customerId), ...previous]);
  await requeueWaitingRefunds(shop.id, orderIds);
  return orders;
}

export async function applyOrderPayload(shop: ShopInfo, payload: unknown) {
  const [order] = await applyOrders(shop, [orderFromRest(payload, shop.currencyExponent)]);
  return order!;
}

/** Refunds that arrived before their order wait in the inbox as deferred: now that the order is here, apply them. */
async function requeueWaitingRefunds(shopId: number, orderIds: bigint[]) {
  const { rows } = await pool().query<{ id: string; order_id: string }>(
    `SELECT id, body::jsonb ->> 'order_id' AS order_id FROM inbox_events
     WHERE shop_id = $1 AND source = 'shopify' AND topic = 'refunds/create' AND status = 'deferred'
       AND (body::jsonb ->> 'order_id') = ANY($2::text[])`,
    [shopId, orderIds.map(String)],
  );
  // Redis down: the reconciler re-queues deferred rows later.
  for (const row of rows) await queueInboxEvent(row.id, `order-${row.order_id}`).catch(() => {});
}

/** A refund on an order we have: stored once, and the order's refunded/net amounts and line quantities follow. */
export async function applyRefundPayload(
  shop: ShopInfo,
  payload: unknown,
  receivedAt: Date,
): Promise<"applied" | "order-missing"> {
  const refund = refundFromRest(payload, shop.currencyExponent, receivedAt);
  const customerId = await withTransaction(async (c) => {
    const order = await c.query<{ customer_id: string | null }>(
      `SELECT customer_id::text FROM orders WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
      [shop.id, refund.orderId],
    );
    if (!order.rows[0]) return undefined;
    await c.query(
      `INSERT INTO refunds (shop_id, id, order_id, amount_minor, note, shopify_created_at, processed_at, lines)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (shop_id, id) DO NOTHING`,
      [
        shop.id,
        refund.id,
        refund.orderId,
        refund.amountMinor,
        refund.note,
        refund.createdAt,
        refund.processedAt,
        JSON.stringify(
          refund.lines.map((l) => ({
            line_item_id: l.lineItemId.toString(),
            quantity: l.quantity,
            subtotal_minor: l.subtotalMinor.toString(),
          })),
        ),
      ],
    );
    // Same rules as the writer (normalize.ts): net = 0 when cancelled or test, else total − refunds, never < 0.
    await c.query(
      `WITH r AS (SELECT coalesce(sum(amount_minor), 0)::bigint AS refunded FROM refunds WHERE shop_id = $1 AND order_id = $2)
       UPDATE orders o SET refunded_minor = r.refunded,
              net_minor = CASE WHEN o.test OR o.cancelled_at IS NOT NULL THEN 0 ELSE greatest(o.total_minor - r.refunded, 0) END,
              updated_at = now()
       FROM r WHERE o.shop_id = $1 AND o.id = $2`,
      [shop.id, refund.orderId],
    );
    await c.query(
      `WITH q AS (
         SELECT (l->>'line_item_id')::bigint AS line_id, sum((l->>'quantity')::int) AS qty
         FROM refunds f, jsonb_array_elements(f.lines) l WHERE f.shop_id = $1 AND f.order_id = $2 GROUP BY 1)
       UPDATE line_items li SET current_quantity = greatest(li.quantity - coalesce(q.qty, 0), 0)
       FROM line_items li2 LEFT JOIN q ON q.line_id = li2.id
       WHERE li.shop_id = $1 AND li.order_id = $2 AND li2.shop_id = li.shop_id AND li2.id = li.id`,
      [shop.id, refund.orderId],
    );
    const customer = order.rows[0].customer_id ? BigInt(order.rows[0].customer_id) : null;
    if (customer !== null) await refreshCustomerStats({ shopId: shop.id, customerIds: [customer], client: c });
    return customer;
  });
  if (customerId === undefined) return "order-missing";
  await queueSegmentRefresh(shop.id, [customerId]);
  await attributeOrders({ shopId: shop.id, orderIds: [refund.orderId] });
  return "applied";
}

const CUSTOMER_COLUMNS = `id, email, first_name, last_name, phone_raw, country_code, province_code, province, city, tags, state, locale,
  sms_consent_state, sms_consent_opt_in_level, sms_consent_updated_at, sms_consent_collected_from,
  whatsapp_consent_state, whatsapp_consent_opt_in_level, whatsapp_consent_updated_at, whatsapp_consent_collected_from,
  whatsapp_consent_source_location, shopify_created_at, shopify_updated_at`;

export async function storedCustomer(shopId: number, id: bigint): Promise<CustomerRow | null> {
  const { rows } = await pool().query(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE shop_id = $1 AND id = $2`, [
    shopId,
    id,
  ]);
  const r = rows[0];
  if (!r) return null;
  return {
    id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    phone: r.phone_raw,
    countryCode: r.country_code,
    provinceCode: r.province_code,
    province: r.province,
    city: r.city,
    tags: r.tags,
    state: r.state,
    locale: r.locale,
    smsConsentState: r.sms_consent_state,
    smsConsentOptInLevel: r.sms_consent_opt_in_level,
    smsConsentUpdatedAt: r.sms_consent_updated_at,
    smsConsentCollectedFrom: r.sms_consent_collected_from,
    whatsappConsentState: r.whatsapp_consent_state,
    whatsappConsentOptInLevel: r.whatsapp_consent_opt_in_level,
    whatsappConsentUpdatedAt: r.whatsapp_consent_updated_at,
    whatsappConsentCollectedFrom: r.whatsapp_consent_collected_from,
    whatsappConsentSourceLocation: r.whatsapp_consent_source_location,
    createdAt: r.shopify_created_at ?? new Date(0),
    updatedAt: r.shopify_updated_at ?? new Date(0),
  };
}

/** Customer webhooks since 2025-01 omit tags and consent: fields a payload lacks keep their stored value. */
export async function applyCustomerPatch(shopId: number, patch: CustomerPatch, fallbackUpdatedAt: Date) {
  const stored = await storedCustomer(shopId, patch.id);
  const base: CustomerRow = stored ?? {
    id: patch.id,
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    countryCode: null,
    provinceCode: null,
    province: null,
    city: null,
    tags: [],
    state: null,
    locale: null,
    smsConsentState: null,
    smsConsentOptInLevel: null,
    smsConsentUpdatedAt: null,
    smsConsentCollectedFrom: null,
    createdAt: fallbackUpdatedAt,
    updatedAt: fallbackUpdatedAt,
  };
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<CustomerRow>;
  const row: CustomerRow = { ...base, ...defined, updatedAt: patch.updatedAt ?? fallbackUpdatedAt };
  await writeStore({ shopId, records: [{ type: "customer", row }] });
  await queueSegmentRefresh(shopId, [row.id]);
}

export function receivedAt(event: InboxEventRow): Date {
  return event.triggered_at ?? event.received_at;
}

export async function withShop(
  event: InboxEventRow,
  fn: (shop: ShopInfo) => Promise<HandlerResult>,
): Promise<HandlerResult> {
  const shop = await shopOf(event);
  if (!shop) return { deferred: `shop ${event.shop_domain} is not installed` };
  try {
    return await fn(shop);
  } catch (err) {
    // A payload we can never apply: kept as failed for a human, not retried forever.
    if (err instanceof PayloadError) return { rejected: err.message };
    throw err;
  }
}

for (const topic of SHOPIFY_BATCHED_TOPICS) {
  registerInboxHandler("shopify", topic, (event, payload) =>
    withShop(event, async (shop) => {
      await applyOrderPayload(shop, payload);
      return "done";
    }),
  );
}

// A shop's waiting order webhooks are applied together (the inbox processor claims them as one batch, in inbox
// order). A payload that cannot be read is rejected on its own; anything else failing makes the processor fall
// back to the single-event handler above for each event.
registerInboxBatchHandler("shopify", SHOPIFY_BATCHED_TOPICS, async (items) => {
  const results = new Map<string, HandlerResult>();
  const shop = await shopOf(items[0]!.event);
  if (!shop) {
    for (const { event } of items) results.set(event.id, { deferred: `shop ${event.shop_domain} is not installed` });
    return results;
  }
  const orders: OrderRow[] = [];
  for (const { event, payload } of items) {
    try {
      orders.push(orderFromRest(payload, shop.currencyExponent));
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err;
      results.set(event.id, { rejected: err.message });
    }
  }
  await applyOrders(shop, orders);
  return results;
});

registerInboxHandler("shopify", "refunds/create", (event, payload) =>
  withShop(event, async (shop) => {
    const result = await applyRefundPayload(shop, payload, receivedAt(event));
    // The refund may arrive before its order: keep it in the inbox and apply it once the order is here.
    return result === "applied" ? "done" : { deferred: "order not received yet" };
  }),
);

for (const topic of ["customers/create", "customers/update"]) {
  registerInboxHandler("shopify", topic, (event, payload) =>
    withShop(event, async (shop) => {
      const patch = customerFromRest(payload);
      await applyCustomerPatch(shop.id, patch, receivedAt(event));
      // a customer payload that carries WhatsApp consent (Shopify does not document whether it does)
      if (patch.whatsappConsentState !== undefined) await applyWhatsAppConsentOf(shop.id, patch.id);
      return "done";
    }),
  );
}

registerInboxHandler("shopify", "customers_marketing_consent/update", (event, payload) =>
  withShop(event, async (shop) => {
    const p = payload as { id?: unknown; phone?: string | null; sms_marketing_consent?: unknown };
    const id = toShopifyId(p.id);
    if (id === null) throw new PayloadError("consent update without a customer id");
    const consent = smsConsentFromRest(p.sms_marketing_consent);
    // Consent changes carry their own time; an older one than stored is ignored.
    const stale = await pool().query(
      `SELECT 1 FROM customers WHERE shop_id = $1 AND id = $2 AND sms_consent_updated_at > $3`,
      [shop.id, id, consent.smsConsentUpdatedAt ?? receivedAt(event)],
    );
    if (stale.rowCount) return "done";
    const patch: CustomerPatch = { id, ...consent, ...(p.phone ? { phone: p.phone } : {}) };
    const stored = await storedCustomer(shop.id, id);
    await applyCustomerPatch(
      shop.id,
      { ...patch, updatedAt: stored?.updatedAt ?? receivedAt(event) },
      receivedAt(event),
    );
    return "done";
  }),
);

registerInboxHandler("shopify", "customers/delete", (event, payload) =>
  withShop(event, async (shop) => {
    const id = toShopifyId((payload as { id?: unknown }).id);
    if (id === null) throw new PayloadError("customer delete without an id");
    await pool().query(`UPDATE customers SET deleted_at = COALESCE(deleted_at, now()) WHERE shop_id = $1 AND id = $2`, [
      shop.id,
      id,
    ]);
    await queueSegmentRefresh(shop.id, [id]);
    return "done";
  }),
);

for (const topic of ["products/create", "products/update"]) {
  registerInboxHandler("shopify", topic, (event, payload) =>
    withShop(event, async (shop) => {
      const product = productFromRest(payload, shop.currencyExponent);
      // Product webhooks carry no collections: keep the memberships from the last backfill.
      const { rows } = await pool().query<{ collection_id: string }>(
        `SELECT collection_id::text FROM product_collections WHERE shop_id = $1 AND product_id = $2`,
        [shop.id, product.id],
      );
      product.collectionIds = rows.map((r) => BigInt(r.collection_id));
      await writeStore({ shopId: shop.id, records: [{ type: "product", row: product }] });
      return "done";
    }),
  );
}

registerInboxHandler("shopify", "products/delete", (event, payload) =>
  withShop(event, async (shop) => {
    const id = toShopifyId((payload as { id?: unknown }).id);
    if (id === null) throw new PayloadError("product delete without an id");
    // Past orders still name the product: mark it deleted rather than erase what segments are built on.
    await pool().query(`UPDATE products SET deleted_at = COALESCE(deleted_at, now()) WHERE shop_id = $1 AND id = $2`, [
      shop.id,
      id,
    ]);
    return "done";
  }),
);

registerInboxHandler("shopify", "bulk_operations/finish", (event, payload) =>
  withShop(event, async (shop) => {
    const gid = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
    if (typeof gid !== "string") throw new PayloadError("bulk_operations/finish without admin_graphql_api_id");
    const { onBulkOperationFinished } = await import("./backfill.server");
    await onBulkOperationFinished(shop.id, gid);
    return "done";
  }),
);
