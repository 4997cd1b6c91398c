// What each customer bought and kept, per product variant (customer_products): the aggregate product segments
// (cross-sell, product buyers) and cross-sell suggestions read instead of orders and lines. Recomputed from orders
// and lines by the same two statements for the whole shop (after a backfill) or a handful of customers (after a
// webhook), alongside the other per-customer aggregates (customer-stats.server.ts), so it is exact whenever they are.
import type pg from "pg";

// Counted orders only (not test, not cancelled, with a customer) and lines not fully refunded. A line without a
// product or variant id is stored under 0 (no selector matches 0; real ids are positive).
const INSERT_SQL = `
INSERT INTO customer_products (shop_id, customer_id, product_id, variant_id, orders_count, units, first_at, last_at)
SELECT o.shop_id, o.customer_id, coalesce(li.product_id, 0), coalesce(li.variant_id, 0),
       count(DISTINCT o.id)::int, sum(li.current_quantity)::int,
       min(coalesce(o.processed_at, o.shopify_created_at)), max(coalesce(o.processed_at, o.shopify_created_at))
FROM orders o
JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
WHERE o.shop_id = $1 AND o.customer_id IS NOT NULL AND ($2::bigint[] IS NULL OR o.customer_id = ANY($2::bigint[]))
  AND ($3::int IS NULL OR mod(o.customer_id, $4::int) = $3::int)
  AND NOT o.test AND o.cancelled_at IS NULL
  AND li.current_quantity > 0 AND (li.product_id IS NOT NULL OR li.variant_id IS NOT NULL)
GROUP BY 1, 2, 3, 4`;

/**
 * Rebuilds the rows of these customers (ids as decimal strings; null = the whole shop), or of one part of them
 * (customer id mod `parts` = `part`, so parts can be rebuilt at once on separate connections). Two statements, not
 * one: a statement cannot see its own deletions, so a combined delete-and-insert would collide on the primary key.
 */
export async function refreshCustomerProducts(
  db: pg.PoolClient | pg.Pool,
  shopId: number,
  ids: string[] | null,
  slice: { part: number; parts: number } | null = null,
): Promise<void> {
  const part = slice?.part ?? null;
  const parts = slice?.parts ?? null;
  await db.query(
    `DELETE FROM customer_products WHERE shop_id = $1 AND ($2::bigint[] IS NULL OR customer_id = ANY($2::bigint[]))
       AND ($3::int IS NULL OR mod(customer_id, $4::int) = $3::int)`,
    [shopId, ids, part, parts],
  );
  await db.query(INSERT_SQL, [shopId, ids, part, parts]);
}
