// Per-customer aggregates (orders count, net spent, first/last order, discounted and markdown orders, orders by
// deal mix, AOV — and, in customer_products, what they bought per variant),
// recomputed from orders by one set-based statement. The same statement serves the whole shop (after a
// backfill) and a handful of customers (after a webhook), so full and incremental refresh cannot disagree.
import type pg from "pg";
import { withTransaction } from "../db.server";
import { refreshCustomerProducts } from "./customer-products.server";

export interface RefreshCustomerStatsOptions {
  shopId: number;
  /** only these customers; omit for the whole shop */
  customerIds?: readonly bigint[];
  /** run on this connection, inside the caller's transaction; by default in a transaction of its own */
  client?: pg.PoolClient;
}

/** An order's deal mix as a number 0–7; customers.deal_order_counts[1 + mix] counts the orders with that mix. */
export const DEAL_PATTERN = "(o.has_discount_code::int + 2 * o.has_automatic_discount::int + 4 * o.has_markdown::int)";

// Counts only orders that are real revenue: not test, not cancelled. A customer none of whose orders qualify
// (or whose orders were all deleted) goes back to zeros through the LEFT JOIN.
const REFRESH_SQL = `
WITH scope AS (
  SELECT c.id
  FROM customers c
  WHERE c.shop_id = $1 AND ($2::bigint[] IS NULL OR c.id = ANY($2::bigint[]))
),
totals AS (
  SELECT o.customer_id,
         count(*)::int AS orders_count,
         sum(o.net_minor)::bigint AS net_spent_minor,
         min(coalesce(o.processed_at, o.shopify_created_at)) AS first_order_at,
         max(coalesce(o.processed_at, o.shopify_created_at)) AS last_order_at,
         count(*) FILTER (WHERE o.has_discount_code OR o.has_automatic_discount)::int AS discounted_orders_count,
         count(*) FILTER (WHERE o.has_markdown)::int AS markdown_orders_count,
         -- orders by deal mix (code 1 + automatic 2 + markdown 4): sale-shopper segments sum the mixes they accept
         ARRAY[${[0, 1, 2, 3, 4, 5, 6, 7].map((p) => `count(*) FILTER (WHERE ${DEAL_PATTERN} = ${p})`).join(", ")}]::int[] AS deal_order_counts,
         count(*) FILTER (WHERE ${DEAL_PATTERN} > 0)::int AS deal_orders_count
  FROM orders o
  WHERE o.shop_id = $1
    AND o.customer_id IS NOT NULL
    AND ($2::bigint[] IS NULL OR o.customer_id = ANY($2::bigint[]))
    AND NOT o.test
    AND o.cancelled_at IS NULL
  GROUP BY o.customer_id
)
UPDATE customers c
SET orders_count = coalesce(t.orders_count, 0),
    net_spent_minor = coalesce(t.net_spent_minor, 0),
    first_order_at = t.first_order_at,
    last_order_at = t.last_order_at,
    discounted_orders_count = coalesce(t.discounted_orders_count, 0),
    markdown_orders_count = coalesce(t.markdown_orders_count, 0),
    deal_order_counts = coalesce(t.deal_order_counts, '{0,0,0,0,0,0,0,0}'),
    deal_orders_count = coalesce(t.deal_orders_count, 0),
    aov_minor = CASE WHEN coalesce(t.orders_count, 0) = 0 THEN 0 ELSE t.net_spent_minor / t.orders_count END,
    stats_updated_at = now()
FROM scope s
LEFT JOIN totals t ON t.customer_id = s.id
WHERE c.shop_id = $1 AND c.id = s.id`;

/**
 * Serializes refreshes of the same customers: two webhooks for one customer applied at once would otherwise each
 * compute from a snapshot that misses the other's order, and the later write would win with a stale total (or
 * both rebuild customer_products and collide). A whole-shop refresh excludes every targeted one for its shop.
 * Transaction-scoped: released at commit.
 */
const MAX_CUSTOMER_LOCKS = 50;

async function lockCustomers(db: pg.PoolClient, shopId: number, ids: string[] | null) {
  // Each lock takes a slot of PostgreSQL's shared lock table: many customers at once lock the shop instead.
  if (ids === null || ids.length > MAX_CUSTOMER_LOCKS) {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('customer_stats'), $1)`, [shopId]);
    return;
  }
  await db.query(`SELECT pg_advisory_xact_lock_shared(hashtext('customer_stats'), $1)`, [shopId]);
  // In one sorted order, so two refreshes of overlapping customers cannot deadlock.
  await db.query(
    `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended($1::text || ':' || id, 0) AS k FROM unnest($2::text[]) id ORDER BY 1) s`,
    [shopId, ids],
  );
}

/** Recomputes the aggregates; returns how many customers were updated. */
export async function refreshCustomerStats(opts: RefreshCustomerStatsOptions): Promise<number> {
  if (opts.customerIds && opts.customerIds.length === 0) return 0;
  if (!opts.customerIds && !opts.client) return refreshWholeShop(opts.shopId);
  // Ids travel as decimal strings: exact for 64-bit values, cast to bigint[] in SQL.
  const ids = opts.customerIds ? opts.customerIds.map((id) => id.toString()) : null;
  const run = async (db: pg.PoolClient) => {
    await lockCustomers(db, opts.shopId, ids);
    const result = await db.query(REFRESH_SQL, [opts.shopId, ids]);
    await refreshCustomerProducts(db, opts.shopId, ids);
    return result.rowCount ?? 0;
  };
  return opts.client ? run(opts.client) : withTransaction(run);
}

// A whole shop's aggregates are big sorts and hashes over every order and line: enough memory to keep them off disk,
// and no JIT compilation (it costs more than it saves on these statements).
const WHOLE_SHOP_SETTINGS = `SET LOCAL jit = off; SET LOCAL work_mem = '256MB'`;
const PRODUCT_PARTS = 2;

/**
 * The whole shop (after a backfill): the per-customer aggregates and the parts of customer_products are recomputed at
 * once on separate connections, so PostgreSQL uses every core. A fourth connection holds the shop's exclusive lock
 * throughout, so no targeted refresh runs in between; each part commits on its own.
 */
async function refreshWholeShop(shopId: number): Promise<number> {
  return withTransaction(async (holder) => {
    await lockCustomers(holder, shopId, null);
    const [updated] = await Promise.all([
      withTransaction(async (c) => {
        await c.query(WHOLE_SHOP_SETTINGS);
        return (await c.query(REFRESH_SQL, [shopId, null])).rowCount ?? 0;
      }),
      ...Array.from({ length: PRODUCT_PARTS }, (_, part) =>
        withTransaction(async (c) => {
          await c.query(WHOLE_SHOP_SETTINGS);
          await refreshCustomerProducts(c, shopId, null, { part, parts: PRODUCT_PARTS });
          return 0;
        }),
      ),
    ]);
    return updated;
  });
}
