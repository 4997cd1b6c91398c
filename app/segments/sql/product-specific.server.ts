// Product buyers: bought matching products at least N times (orders containing a match, or units kept after
// refunds), optionally within the last N days.
//
// Read from customer_products (one row per customer and variant). Units add up across rows, so without a window
// they are exact. Orders do not (one order can hold two matching variants) and windows cut rows in two, so the
// rows give bounds per customer — lower: the largest row (rows entirely inside the window), upper: the sum —
// and only customers between the bounds have their orders and lines counted exactly.
import type { ProductSpecificParams } from "../definitions";
import {
  customerScope,
  daysAgo,
  daysBefore,
  exactPurchases,
  label,
  plural,
  selectorSql,
  type KindContext,
  type KindQuery,
} from "./common.server";

export function productSpecificQuery(ctx: KindContext<ProductSpecificParams>): KindQuery {
  const { params, q } = ctx;
  const sel = selectorSql(ctx, params.products, "sel_p");
  const since = params.withinDays !== null ? daysBefore(ctx, params.withinDays) : null;
  const n = q.param(params.minTimes, "int");
  const col = params.countBy === "orders" ? "r.orders_count" : "r.units";
  const inside = since ? ` FILTER (WHERE r.first_at >= ${since})` : "";
  const upper = `sum(${col})`;
  const lower =
    params.countBy === "orders"
      ? since
        ? `greatest(coalesce(max(${col})${inside}, 0), 1)`
        : `max(${col})`
      : since
        ? `coalesce(sum(${col})${inside}, 0)`
        : `sum(${col})`;
  const exact = exactPurchases(ctx, sel, params.countBy, since);
  const select = `SELECT c.id AS customer_id, t.last_at
    FROM (
      SELECT r.customer_id, max(r.last_at) AS last_at, ${lower} AS lower
      FROM ${sel.purchases} r${since ? ` WHERE r.last_at >= ${since}` : ""}
      GROUP BY r.customer_id
      HAVING ${upper} >= ${n}
    ) t
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = t.customer_id
    WHERE ${customerScope(ctx)} AND (t.lower >= ${n} OR ${exact} >= ${n})`;
  const products = () => label(ctx, "products", "the chosen products");
  const bought = () =>
    params.countBy === "units"
      ? `'bought ' || ${plural(exact, "unit")} || ' of ' || ${products()}`
      : `'bought ' || ${products()} || ' in ' || ${plural(exact, "order")}`;
  const why =
    () => `${bought()}${since ? ` || ' in the last ' || ${q.param(params.withinDays, "int")} || ' days'` : ""} || ', last ' ||
    ${daysAgo(ctx, "m.last_at")} || ' days ago'`;
  return { select, why, ctes: [sel.cte].filter((c): c is string => c !== null) };
}
