// Cross-sell suggestions: association rules A → B mined from customers' baskets (everything a customer ever
// bought and kept, at product, product-type or collection level).
//   support    = customers who bought both / customers who bought anything
//   confidence = P(B | A) = both / bought A
//   lift       = confidence / P(B)        (> 1: buying A makes B more likely than average; ≥ MIN_LIFT suggested)
// Pairs are formed among the TOP_ITEMS most-bought items only: a pair's support cannot exceed its rarer item's, so
// the pairs that rank high are among popular items, and the self-join stays bounded (a store of 1M orders or the
// Online Retail file, whose customers buy dozens of products each, would otherwise pair millions of baskets).
// Only pairs bought together by at least max(minCustomers, minSupport × customers) customers are kept (rare pairs
// give noisy lifts), and only pairs whose audience (bought A, never B) reaches that same floor: a pair where every
// buyer of A already bought B (confidence 100%) has nobody to send to, however strong its lift. Ranked by lift × support: strongly associated AND common enough to matter. The audience is
// the customers who bought A but not B — exactly a cross_sell segment with those parameters.
import { pool } from "../db.server";
import type { CrossSellParams } from "./definitions";

export type PairLevel = "product" | "product_type" | "collection";

export interface CrossSellPair {
  a: { id: string; name: string };
  b: { id: string; name: string };
  customersWithA: number;
  customersWithB: number;
  customersWithBoth: number;
  support: number;
  confidence: number;
  lift: number;
  /** bought A, never B: who a cross_sell segment for this pair would reach */
  audience: number;
  /** ready-made cross_sell parameters for this pair */
  params: CrossSellParams;
}

/**
 * Weakest association worth suggesting: buying A makes B at least 20% more likely than average. (Broad collections
 * such as "Best sellers" pair with everything at a lift near 1, which tells the merchant nothing.)
 */
export const MIN_LIFT = 1.2;

/** Items (products, types, collections) considered for pairs: the most-bought ones. */
export const TOP_ITEMS = 150;

export interface SuggestCrossSellPairsOptions {
  shopId: number;
  limit?: number;
  level?: PairLevel;
  minCustomers?: number;
  minSupport?: number;
  /** defaults to TOP_ITEMS */
  topItems?: number;
  /** defaults to MIN_LIFT (never below 1) */
  minLift?: number;
}

// Baskets come from customer_products (what each customer bought and kept), not from orders and lines.
const LIVE = `cp.shop_id = $1 AND cp.customer_id NOT IN (SELECT id FROM customers WHERE shop_id = $1 AND deleted_at IS NOT NULL)`;
const ITEMS: Record<PairLevel, string> = {
  product: `SELECT DISTINCT cp.customer_id, cp.product_id::text AS item FROM customer_products cp
            WHERE ${LIVE} AND cp.product_id <> 0`,
  product_type: `SELECT DISTINCT cp.customer_id, lower(p.product_type) AS item FROM customer_products cp
            JOIN products p ON p.shop_id = cp.shop_id AND p.id = cp.product_id
            WHERE ${LIVE} AND coalesce(p.product_type, '') <> ''`,
  collection: `SELECT DISTINCT cp.customer_id, pc.collection_id::text AS item FROM customer_products cp
            JOIN product_collections pc ON pc.shop_id = cp.shop_id AND pc.product_id = cp.product_id
            WHERE ${LIVE}`,
};

const NAMES: Record<PairLevel, string> = {
  product: `(SELECT title FROM products WHERE shop_id = $1 AND id = x::bigint)`,
  product_type: `(SELECT min(product_type) FROM products WHERE shop_id = $1 AND lower(product_type) = x)`,
  collection: `(SELECT title FROM collections WHERE shop_id = $1 AND id = x::bigint)`,
};

export async function suggestCrossSellPairs(opts: SuggestCrossSellPairsOptions): Promise<CrossSellPair[]> {
  const level = opts.level ?? "product";
  const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
  const sql = `WITH bought AS MATERIALIZED (${ITEMS[level]}),
    total AS (SELECT count(DISTINCT customer_id)::bigint AS n FROM bought),
    floor AS (SELECT greatest($2::int, ceil($3::float8 * n)::int) AS k, n FROM total),
    items AS (SELECT item, count(*)::bigint AS cnt FROM bought GROUP BY item HAVING count(*) >= (SELECT k FROM floor)),
    top_items AS (SELECT item FROM items ORDER BY cnt DESC, item LIMIT $5),
    frequent AS (SELECT b.customer_id, b.item FROM bought b JOIN top_items i USING (item)),
    pairs AS (
      SELECT x.item AS a, y.item AS b, count(*)::bigint AS both_count
      FROM frequent x JOIN frequent y ON y.customer_id = x.customer_id AND y.item <> x.item
      GROUP BY 1, 2 HAVING count(*) >= (SELECT k FROM floor))
    SELECT p.a, p.b, ia.cnt AS a_count, ib.cnt AS b_count, p.both_count, f.n,
      ${NAMES[level].replace("x", "p.a")} AS a_name, ${NAMES[level].replace("x", "p.b")} AS b_name
    FROM pairs p JOIN items ia ON ia.item = p.a JOIN items ib ON ib.item = p.b CROSS JOIN floor f
    WHERE p.both_count::float8 * f.n > $6::float8 * ia.cnt::float8 * ib.cnt  -- lift > minLift
      AND ia.cnt - p.both_count >= f.k  -- an audience (bought A, never B) at least as large as the pair floor
    ORDER BY (p.both_count::float8 / ia.cnt) / (ib.cnt::float8 / f.n) * (p.both_count::float8 / f.n) DESC, p.a, p.b
    LIMIT $4`;
  const { rows } = await pool().query<{
    a: string;
    b: string;
    a_count: string;
    b_count: string;
    both_count: string;
    n: string;
    a_name: string | null;
    b_name: string | null;
  }>(sql, [
    opts.shopId,
    opts.minCustomers ?? 10,
    opts.minSupport ?? 0.005,
    limit,
    opts.topItems ?? TOP_ITEMS,
    Math.max(1, opts.minLift ?? MIN_LIFT),
  ]);
  return rows.map((r) => {
    const n = Number(r.n);
    const both = Number(r.both_count);
    const withA = Number(r.a_count);
    const withB = Number(r.b_count);
    const confidence = both / withA;
    const selector = (item: string) => ({
      productIds: level === "product" ? [item] : [],
      variantIds: [],
      collectionIds: level === "collection" ? [item] : [],
      vendors: [],
      productTypes: level === "product_type" ? [item] : [],
      tags: [],
    });
    return {
      a: { id: r.a, name: r.a_name ?? r.a },
      b: { id: r.b, name: r.b_name ?? r.b },
      customersWithA: withA,
      customersWithB: withB,
      customersWithBoth: both,
      support: both / n,
      confidence,
      lift: confidence / (withB / n),
      audience: withA - both,
      params: { a: selector(r.a), b: selector(r.b), withinDays: null },
    };
  });
}
