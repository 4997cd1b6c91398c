// Cross-sell: bought anything from A (optionally within the last N days) and never anything from B.
// Read from customer_products (what each customer bought and kept, per variant): "bought A within N days" is
// "some matching row's last purchase is at or after now − N days", exact without reading orders.
import type { CrossSellParams } from "../definitions";
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

export function crossSellQuery(ctx: KindContext<CrossSellParams>): KindQuery {
  const { params } = ctx;
  const a = selectorSql(ctx, params.a, "sel_a");
  const b = selectorSql(ctx, params.b, "sel_b");
  const since = params.withinDays !== null ? daysBefore(ctx, params.withinDays) : null;
  const select = `SELECT c.id AS customer_id, a.last_at AS a_last_at
    FROM (
      SELECT r.customer_id, max(r.last_at) AS last_at FROM ${a.purchases} r
      GROUP BY r.customer_id${since ? ` HAVING max(r.last_at) >= ${since}` : ""}
    ) a
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = a.customer_id
    WHERE ${customerScope(ctx)}
      -- NOT IN over B's buyers runs as one hashed set (customer_id is never null): robust whatever the estimates,
      -- and restricted to the given customers in an incremental refresh.
      AND c.id NOT IN (SELECT nb.customer_id FROM ${b.purchases} nb)`;
  const why =
    () => `'bought ' || ${label(ctx, "a", "the chosen products")} || ' in ' || ${plural(exactPurchases(ctx, a, "orders", since), "order")} ||
    ', last ' || ${daysAgo(ctx, "m.a_last_at")} || ' days ago; never bought ' || ${label(ctx, "b", "the others")}`;
  return { select, why, ctes: [a.cte, b.cte].filter((c): c is string => c !== null) };
}
