// Credits orders to campaign messages: one set-based statement for a list of orders, a time range or the whole
// shop, so an incoming order and a from-scratch re-attribution can never disagree. The rules (docs/attribution.md;
// docs/decisions/0003-attribution-windows.md):
//
// - Only messages that were sent count; holdout recipients are never sent, so never credited. Test orders are
//   never credited. A cancelled order stays credited with revenue 0; refunds lower the revenue as they arrive.
// - Clicks first. A message was clicked for an order when
//     link           the order's landing page carried the message's link (utm_source=whatsapp and r=<recipient>),
//                    i.e. the customer clicked in the visit that placed the order (signal time = order time);
//     discount_code  the order used the campaign's discount code, the customer was a recipient and the message
//                    was sent within the click window before the order (signal time = order time);
//     click          the customer clicked the message within the click window before the order (recipients.
//                    clicked_at: the first order that came through the link, or a click tracker).
//   The latest click wins (ties: link, then code, then recorded click; then the later message).
// - Otherwise views: the latest delivery or read receipt of a message to the customer within the view window
//   before the order (a read counts from when it was read; a receipt after the order does not count).
import type pg from "pg";
import { pool, withTransaction } from "../db.server";
import { OUR_LINK_SQL } from "./ref";
import { getAttributionWindows } from "./settings.server";
import type { AttributionWindows } from "./windows";

export interface AttributionScope {
  /** only these orders */
  orderIds?: readonly (bigint | string)[];
  /** only orders placed at or after this time */
  since?: Date;
}

export interface AttributionResult {
  ordersConsidered: number;
  ordersCredited: number;
}

/**
 * The orders in scope with their best message. Parameters: $1 shop, $2 click window hours, $3 view window hours,
 * $4 order ids (null = any), $5 placed at or after (null = any).
 */
const CREDIT_SQL = `
WITH o AS MATERIALIZED (
  SELECT o.id, o.customer_id, o.shopify_created_at AS at, o.net_minor, o.cancelled_at IS NOT NULL AS cancelled, o.discount_codes,
         CASE WHEN ${OUR_LINK_SQL} THEN o.wa_ref::bigint END AS link_recipient
  FROM orders o
  WHERE o.shop_id = $1 AND NOT o.test
    AND ($4::bigint[] IS NULL OR o.id = ANY($4::bigint[]))
    AND ($5::timestamptz IS NULL OR o.shopify_created_at >= $5::timestamptz)
),
link AS (
  SELECT o.id AS order_id, r.id AS recipient_id, 'click'::text AS signal, 'link'::text AS evidence, o.at AS signal_at,
         1 AS prio, r.sent_at
  FROM o JOIN recipients r ON r.id = o.link_recipient
  WHERE r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= o.at
),
codes AS (
  SELECT c.id AS campaign_id, code FROM campaigns c CROSS JOIN LATERAL unnest(c.discount_codes) AS code
  WHERE c.shop_id = $1
),
code AS (
  SELECT oc.id AS order_id, r.id AS recipient_id, 'click'::text AS signal, 'discount_code'::text AS evidence, oc.at AS signal_at,
         2 AS prio, r.sent_at
  FROM (SELECT o.id, o.customer_id, o.at, upper(used) AS code
        FROM o CROSS JOIN LATERAL unnest(o.discount_codes) AS used
        WHERE cardinality(o.discount_codes) > 0 AND o.customer_id IS NOT NULL) oc
  JOIN codes k ON k.code = oc.code
  JOIN recipients r ON r.campaign_id = k.campaign_id AND r.customer_id = oc.customer_id
  WHERE r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= oc.at
    AND r.sent_at >= oc.at - make_interval(hours => $2)
),
-- Every (order, earlier message to the same customer) pair with a recorded click or a delivery/read inside its
-- window: one join for both (an index probe per order for a few orders, a hash join for a whole shop).
touch AS (
  SELECT o.id AS order_id, o.at, r.id AS recipient_id, r.sent_at, r.read_at, r.clicked_at,
         GREATEST(CASE WHEN r.delivered_at <= o.at THEN r.delivered_at END,
                  CASE WHEN r.read_at <= o.at THEN r.read_at END) AS view_at
  FROM o JOIN recipients r ON r.customer_id = o.customer_id
  WHERE r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= o.at
    AND (   (r.clicked_at <= o.at AND r.clicked_at >= o.at - make_interval(hours => $2))
         OR ($3 > 0 AND (   (r.delivered_at <= o.at AND r.delivered_at >= o.at - make_interval(hours => $3))
                         OR (r.read_at <= o.at AND r.read_at >= o.at - make_interval(hours => $3)))))
),
clicked AS (
  SELECT order_id, recipient_id, 'click'::text AS signal, 'click'::text AS evidence, clicked_at AS signal_at, 3 AS prio, sent_at
  FROM touch WHERE clicked_at <= at AND clicked_at >= at - make_interval(hours => $2)
),
viewed AS (
  SELECT order_id, recipient_id, 'view'::text AS signal, CASE WHEN read_at = view_at THEN 'read' ELSE 'delivered' END AS evidence,
         view_at AS signal_at, 4 AS prio, sent_at
  FROM touch WHERE $3 > 0 AND view_at >= at - make_interval(hours => $3)
),
best AS (
  SELECT DISTINCT ON (order_id) * FROM (
    SELECT * FROM link UNION ALL SELECT * FROM code UNION ALL SELECT * FROM clicked UNION ALL SELECT * FROM viewed
  ) cand
  ORDER BY order_id, (signal = 'click') DESC, signal_at DESC, prio, sent_at DESC, recipient_id DESC
)`;

const INSERT_SQL = `${CREDIT_SQL}
INSERT INTO attributions (shop_id, order_id, recipient_id, campaign_id, segment_id, signal, evidence, signal_at, window_hours,
                          revenue_minor, order_at, order_cancelled, seconds_after_send, attributed_at)
SELECT $1, b.order_id, b.recipient_id, r.campaign_id, r.segment_id, b.signal, b.evidence, b.signal_at,
       CASE WHEN b.signal = 'click' THEN $2 ELSE $3 END, o.net_minor, o.at, o.cancelled,
       LEAST(extract(epoch FROM o.at - b.sent_at), 2147483647)::int, now()
FROM best b JOIN o ON o.id = b.order_id JOIN recipients r ON r.id = b.recipient_id
ON CONFLICT (shop_id, order_id) DO UPDATE SET
  recipient_id = EXCLUDED.recipient_id, campaign_id = EXCLUDED.campaign_id, segment_id = EXCLUDED.segment_id,
  signal = EXCLUDED.signal, evidence = EXCLUDED.evidence, signal_at = EXCLUDED.signal_at,
  window_hours = EXCLUDED.window_hours, revenue_minor = EXCLUDED.revenue_minor, order_at = EXCLUDED.order_at,
  order_cancelled = EXCLUDED.order_cancelled,
  seconds_after_send = EXCLUDED.seconds_after_send, attributed_at = EXCLUDED.attributed_at`;

/**
 * Orders that came through a message link mark it clicked (the earliest such order): a later order without the
 * link can then be credited to that click within the click window. Returns the customers whose click moved.
 */
const RECORD_LINK_CLICKS_SQL = `
WITH first_use AS (
  SELECT CASE WHEN ${OUR_LINK_SQL} THEN o.wa_ref::bigint END AS recipient_id, min(o.shopify_created_at) AS at
  FROM orders o
  WHERE o.shop_id = $1 AND NOT o.test AND o.wa_ref IS NOT NULL
    AND ($2::bigint[] IS NULL OR o.id = ANY($2::bigint[]))
    AND ($3::timestamptz IS NULL OR o.shopify_created_at >= $3::timestamptz)
  GROUP BY 1
)
UPDATE recipients r SET clicked_at = f.at
FROM first_use f
WHERE r.id = f.recipient_id AND r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= f.at
  AND (r.clicked_at IS NULL OR r.clicked_at > f.at)
RETURNING r.customer_id::text, r.clicked_at`;

const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('attribution'), $1)`;
// Compiling these statements with LLVM costs more than running them (measured: 0.9 s of JIT for a 2 s run).
const NO_JIT_SQL = `SET LOCAL jit = off`;

function idArray(ids: readonly (bigint | string)[] | undefined): string[] | null {
  return ids ? ids.map(String) : null;
}

async function creditScope(c: pg.PoolClient, shopId: number, windows: AttributionWindows, scope: AttributionScope) {
  const ids = idArray(scope.orderIds);
  const since = scope.since ?? null;
  const moved = await c.query<{ customer_id: string; clicked_at: Date }>(RECORD_LINK_CLICKS_SQL, [shopId, ids, since]);
  let orderIds = ids;
  if (orderIds && moved.rowCount) {
    // A click recorded now can credit the customer's later orders (already attributed without it).
    const later = await c.query<{ id: string }>(
      `SELECT o.id::text FROM orders o
       JOIN unnest($2::bigint[], $3::timestamptz[]) AS m(customer_id, clicked_at) ON o.customer_id = m.customer_id
       WHERE o.shop_id = $1 AND o.shopify_created_at >= m.clicked_at
         AND o.shopify_created_at <= m.clicked_at + make_interval(hours => $4)`,
      [shopId, moved.rows.map((r) => r.customer_id), moved.rows.map((r) => r.clicked_at), windows.clickWindowHours],
    );
    orderIds = [...new Set([...orderIds, ...later.rows.map((r) => r.id)])];
  }
  const removed = await c.query(
    `DELETE FROM attributions WHERE shop_id = $1
       AND ($2::bigint[] IS NULL OR order_id = ANY($2::bigint[]))
       AND ($3::timestamptz IS NULL OR order_at >= $3::timestamptz)`,
    [shopId, orderIds, since],
  );
  const inserted = await c.query(INSERT_SQL, [
    shopId,
    windows.clickWindowHours,
    windows.viewWindowHours,
    orderIds,
    since,
  ]);
  return { removed: removed.rowCount ?? 0, credited: inserted.rowCount ?? 0, orderIds };
}

/**
 * Attribute the given orders (an order arrived, changed, was refunded or cancelled). Idempotent; safe to run
 * concurrently with itself and with a re-attribution of the shop (they serialize on a per-shop lock).
 */
export async function attributeOrders(opts: {
  shopId: number;
  orderIds: readonly (bigint | string)[];
}): Promise<AttributionResult> {
  if (opts.orderIds.length === 0) return { ordersConsidered: 0, ordersCredited: 0 };
  return withTransaction(async (c) => {
    await c.query(LOCK_SQL, [opts.shopId]);
    await c.query(NO_JIT_SQL);
    const windows = await getAttributionWindows(opts.shopId, c);
    const { credited, orderIds } = await creditScope(c, opts.shopId, windows, { orderIds: opts.orderIds });
    return { ordersConsidered: orderIds?.length ?? 0, ordersCredited: credited };
  });
}

/**
 * Re-attribute a shop's history from scratch (windows changed, backfill finished), or the orders placed since a
 * time (nightly catch-up on late delivery receipts). One transaction: reports never see a half-done state.
 */
export async function reattributeShop(opts: {
  shopId: number;
  since?: Date;
  windows?: AttributionWindows;
}): Promise<AttributionResult> {
  return withTransaction(async (c) => {
    await c.query(LOCK_SQL, [opts.shopId]);
    // Large set-based statements: room to hash and sort in memory.
    await c.query(`SET LOCAL work_mem = '256MB'`);
    await c.query(NO_JIT_SQL);
    const windows = opts.windows ?? (await getAttributionWindows(opts.shopId, c));
    // Nothing before the shop's first message can be credited: skip that history.
    const first = await c.query<{ at: Date | null }>(`SELECT min(sent_at) AS at FROM recipients WHERE shop_id = $1`, [
      opts.shopId,
    ]);
    const firstSend = first.rows[0]?.at ?? null;
    if (!firstSend) {
      await c.query(`DELETE FROM attributions WHERE shop_id = $1 AND ($2::timestamptz IS NULL OR order_at >= $2)`, [
        opts.shopId,
        opts.since ?? null,
      ]);
      return { ordersConsidered: 0, ordersCredited: 0 };
    }
    const since = opts.since && opts.since > firstSend ? opts.since : firstSend;
    // Orders before the first message keep no credit either (e.g. after a window change): clear the whole range.
    await c.query(
      `DELETE FROM attributions WHERE shop_id = $1 AND order_at < $2 AND ($3::timestamptz IS NULL OR order_at >= $3)`,
      [opts.shopId, since, opts.since ?? null],
    );
    const { credited } = await creditScope(c, opts.shopId, windows, { since });
    const considered = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE shop_id = $1 AND NOT test AND shopify_created_at >= $2`,
      [opts.shopId, since],
    );
    return { ordersConsidered: considered.rows[0]!.n, ordersCredited: credited };
  });
}

/**
 * Delivery/read receipts (or a click) recorded for messages after their customers already ordered: re-credit those
 * customers' orders placed since the message was sent, within the longest window. For the WhatsApp status handler
 * (late receipts are also caught by the daily catch-up run).
 */
export async function reattributeAfterReceipts(opts: {
  shopId: number;
  recipientIds: readonly (bigint | string)[];
}): Promise<AttributionResult> {
  if (opts.recipientIds.length === 0) return { ordersConsidered: 0, ordersCredited: 0 };
  const windows = await getAttributionWindows(opts.shopId);
  const { rows } = await pool().query<{ id: string }>(
    `SELECT DISTINCT o.id::text FROM recipients r
     JOIN orders o ON o.shop_id = r.shop_id AND o.customer_id = r.customer_id
     WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.sent_at IS NOT NULL
       AND o.shopify_created_at >= r.sent_at
       AND o.shopify_created_at <= GREATEST(r.sent_at, r.delivered_at, r.read_at, r.clicked_at) + make_interval(hours => $3)`,
    [opts.shopId, opts.recipientIds.map(String), Math.max(windows.clickWindowHours, windows.viewWindowHours)],
  );
  return attributeOrders({ shopId: opts.shopId, orderIds: rows.map((r) => r.id) });
}

/** Attributions of the given orders, for callers that want to show the result right away. */
export async function attributionsOf(shopId: number, orderIds: readonly (bigint | string)[]) {
  const { rows } = await pool().query(
    `SELECT order_id::text, recipient_id::text, campaign_id, segment_id, signal, evidence, signal_at, window_hours,
            revenue_minor::text, order_at, seconds_after_send
     FROM attributions WHERE shop_id = $1 AND order_id = ANY($2::bigint[])`,
    [shopId, orderIds.map(String)],
  );
  return rows;
}
