// Shared pieces of the segment statements. Every user-supplied value becomes a bind parameter through `Sql.param`;
// only structure chosen by our code (which criteria are present, whether a customer list is given) is spliced in.
import type { ProductSelector } from "../definitions";

export class Sql {
  readonly values: unknown[] = [];
  param(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ""}`;
  }
  /** A parameter bound on first use (PostgreSQL rejects statements with parameters they never reference). */
  lazy(value: unknown, cast?: string): () => string {
    let placeholder: string | null = null;
    return () => (placeholder ??= this.param(value, cast));
  }
}

/** Store-wide figures frozen at full refresh (quantile cuts, VIP threshold, RFM breaks), per kind. */
export type Computed = Record<string, unknown>;

export interface MoneyFormat {
  symbol: string;
  exponent: number;
}

export interface KindContext<P> {
  q: Sql;
  shopId: number;
  params: P;
  computed: Computed;
  now: Date;
  /** restrict to these customers (decimal strings); null = the whole shop */
  customerIds: readonly string[] | null;
  money: MoneyFormat;
  /** human labels resolved before building (selector names, segment names) */
  labels: Record<string, string>;
  /** placeholders of the always-present parameters */
  p: { shop: string; now: string; ids: string | null };
}

/**
 * A kind's statement: `select` yields exactly one row per member (never a customer twice) with `customer_id` plus
 * evidence columns;
 * `why()` builds an expression over that row (alias `m`) and the customer (alias `c`), evaluated only for preview
 * rows; it is a function so that its bind parameters exist only in statements that use it.
 */
export interface KindQuery {
  select: string;
  why: () => string;
  /**
   * Common table expressions `select` and `why` refer to (e.g. a selector's product set), as `name AS (...)`.
   * The caller puts them in its statement's WITH clause (see withCtes), so `why` can use them outside `select`.
   */
  ctes?: string[];
}

/** "WITH a AS (...), b AS (...) " from the kind's CTEs followed by the caller's; "" when there are none. */
export function withCtes(kq: Pick<KindQuery, "ctes">, more: string[] = []): string {
  const all = [...(kq.ctes ?? []), ...more];
  return all.length ? `WITH ${all.join(",\n     ")} ` : "";
}

export function makeContext<P>(args: Omit<KindContext<P>, "q" | "p">): KindContext<P> {
  const q = new Sql();
  const shop = q.param(args.shopId, "int");
  const ids = args.customerIds ? q.param(args.customerIds, "bigint[]") : null;
  // Bound on first use: PostgreSQL rejects a statement with a parameter it never references.
  let now: string | null = null;
  const p = {
    shop,
    ids,
    get now() {
      return (now ??= q.param(args.now.toISOString(), "timestamptz"));
    },
  };
  return { ...args, q, p };
}

/** Live customers of the shop (alias c), restricted to the given ones when a list is passed. */
export function customerScope(ctx: KindContext<unknown>, alias = "c"): string {
  return (
    `${alias}.shop_id = ${ctx.p.shop} AND ${alias}.deleted_at IS NULL` +
    (ctx.p.ids ? ` AND ${alias}.id = ANY(${ctx.p.ids})` : "")
  );
}

/** Orders that count (alias o): same rule as the customer aggregates — not test, not cancelled, with a customer. */
export function orderScope(ctx: KindContext<unknown>, alias = "o", restrict = true): string {
  return (
    `${alias}.shop_id = ${ctx.p.shop} AND ${alias}.customer_id IS NOT NULL AND NOT ${alias}.test AND ${alias}.cancelled_at IS NULL` +
    (restrict && ctx.p.ids ? ` AND ${alias}.customer_id = ANY(${ctx.p.ids})` : "")
  );
}

export const orderTime = (alias = "o") => `coalesce(${alias}.processed_at, ${alias}.shopify_created_at)`;

/** now − N days of 24 hours (not calendar days: independent of the session time zone and DST). */
export function daysBefore(ctx: KindContext<unknown>, days: number, from = ctx.p.now): string {
  return `(${from} - make_interval(hours => 24 * ${ctx.q.param(days, "int")}))`;
}

/** Whole days between `expr` and now (floored), as the builder's "last order N days ago". */
export function daysAgo(ctx: KindContext<unknown>, expr: string): string {
  return `floor(extract(epoch FROM (${ctx.p.now} - ${expr})) / 86400)::int`;
}

/** Amount in minor units → "$1,234.56" (symbol and exponent from the shop currency). */
export function money(ctx: KindContext<unknown>, expr: string): string {
  const { exponent } = ctx.money;
  const pattern = exponent > 0 ? `FM999,999,999,999,990.${"0".repeat(exponent)}` : "FM999,999,999,999,990";
  return `(${ctx.q.param(ctx.money.symbol, "text")} || to_char((${expr})::numeric / ${10 ** exponent}, '${pattern}'))`;
}

/**
 * Products matching a selector by product id, collection, vendor, type or tag (case-insensitive names), as a
 * query yielding `id`. Variant ids are matched on the line itself (see lineMatches). Returns null when the
 * selector has only variant ids.
 */
function productSet(ctx: KindContext<unknown>, s: ProductSelector): string | null {
  const { q } = ctx;
  const shop = ctx.p.shop;
  const ors: string[] = [];
  if (s.productIds.length) ors.push(`p.id = ANY(${q.param(s.productIds, "bigint[]")})`);
  if (s.collectionIds.length) {
    ors.push(`EXISTS (SELECT 1 FROM product_collections pc WHERE pc.shop_id = ${shop} AND pc.product_id = p.id
                 AND pc.collection_id = ANY(${q.param(s.collectionIds, "bigint[]")}))`);
  }
  if (s.vendors.length)
    ors.push(
      `lower(p.vendor) = ANY(${q.param(
        s.vendors.map((v) => v.toLowerCase()),
        "text[]",
      )})`,
    );
  if (s.productTypes.length)
    ors.push(
      `lower(p.product_type) = ANY(${q.param(
        s.productTypes.map((v) => v.toLowerCase()),
        "text[]",
      )})`,
    );
  if (s.tags.length) {
    ors.push(
      `EXISTS (SELECT 1 FROM unnest(p.tags) t WHERE lower(t) = ANY(${q.param(
        s.tags.map((v) => v.toLowerCase()),
        "text[]",
      )}))`,
    );
  }
  if (!ors.length) return null;
  let sql = `SELECT p.id FROM products p WHERE p.shop_id = ${shop} AND (${ors.join(" OR ")})`;
  // A chosen product counts even if its product row is gone (deleted from the catalogue before the sync).
  if (s.productIds.length) sql += ` UNION SELECT unnest(${q.param(s.productIds, "bigint[]")})`;
  return sql;
}

export interface SelectorSql {
  /** CTE defining the selector's product set (`<name>(id)`), or null when it chose only variants */
  cte: string | null;
  /** a line (alias li) of a chosen product or variant */
  line: string;
  /**
   * customer_products rows of chosen products or variants (columns customer_id, product_id, variant_id,
   * orders_count, units, first_at, last_at), each row once, restricted to the context's customers when given.
   * Each part is a range of one of the table's covering indexes, so PostgreSQL reads neither orders nor lines.
   */
  purchases: string;
}

/** A selector's SQL pieces; `name` names its product-set CTE (put it in the statement's WITH clause). */
export function selectorSql(ctx: KindContext<unknown>, s: ProductSelector, name: string): SelectorSql {
  // Chosen products alone are compared as an array: PostgreSQL then estimates their buyers from its statistics
  // (a CTE's output is opaque to it, and a misestimate turned a 15k-customer anti-join into 15k index probes).
  const onlyIds = !s.collectionIds.length && !s.vendors.length && !s.productTypes.length && !s.tags.length;
  const products = onlyIds ? null : productSet(ctx, s);
  const ids = onlyIds && s.productIds.length ? ctx.q.param(s.productIds, "bigint[]") : null;
  const productMatch = (col: string) =>
    ids ? `${col} = ANY(${ids})` : products ? `${col} IN (SELECT id FROM ${name})` : null;
  const variants = s.variantIds.length ? ctx.q.param(s.variantIds, "bigint[]") : null;
  const lineOrs: string[] = [];
  if (productMatch("li.product_id")) lineOrs.push(productMatch("li.product_id")!);
  if (variants) lineOrs.push(`li.variant_id = ANY(${variants})`);
  const cols = "cp.customer_id, cp.product_id, cp.variant_id, cp.orders_count, cp.units, cp.first_at, cp.last_at";
  const scope = `cp.shop_id = ${ctx.p.shop}${ctx.p.ids ? ` AND cp.customer_id = ANY(${ctx.p.ids})` : ""}`;
  const parts: string[] = [];
  if (productMatch("cp.product_id"))
    parts.push(`SELECT ${cols} FROM customer_products cp WHERE ${scope} AND ${productMatch("cp.product_id")}`);
  if (variants)
    parts.push(`SELECT ${cols} FROM customer_products cp WHERE ${scope} AND cp.variant_id = ANY(${variants})`);
  // UNION (not UNION ALL): a row matching both by product and by variant must count once in sums.
  return {
    cte: products ? `${name} AS (${products})` : null,
    line: `(${lineOrs.join(" OR ")})`,
    purchases: `(${parts.join(" UNION ")})`,
  };
}

/** A line that was really bought: part of a counting order and not entirely refunded. */
export const BOUGHT_LINE = "li.current_quantity > 0";

/**
 * Exact count for customer c of orders (or units kept) with a bought line of the selector, optionally since an
 * instant — read from orders and lines, for the few customers the aggregates cannot decide and for explanations.
 */
export function exactPurchases(
  ctx: KindContext<unknown>,
  sel: SelectorSql,
  countBy: "orders" | "units",
  since: string | null,
): string {
  const what = countBy === "orders" ? "count(DISTINCT o.id)" : "coalesce(sum(li.current_quantity), 0)";
  return `(SELECT ${what} FROM orders o JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
    WHERE ${orderScope(ctx, "o", false)} AND o.customer_id = c.id AND ${BOUGHT_LINE} AND ${sel.line}${since ? ` AND ${orderTime()} >= ${since}` : ""})`;
}

/** SQL text literal for a label we resolved ourselves (still passed as a parameter). */
export function label(ctx: KindContext<unknown>, key: string, fallback: string): string {
  return ctx.q.param(ctx.labels[key] ?? fallback, "text");
}

/** "1 order" / "3 orders" for a count expression (SQL). */
export function plural(countSql: string, singular: string, pluralWord = `${singular}s`): string {
  return `(${countSql})::text || CASE WHEN (${countSql}) = 1 THEN ' ${singular}' ELSE ' ${pluralWord}' END`;
}
