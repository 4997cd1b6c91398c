// Cross-sell: bought anything from A (optionally within the last N days) and never anything from B.
import type { CrossSellParams } from "../definitions";
import { BOUGHT_LINE, customerScope, daysBefore, label, lineMatcher, orderScope, orderTime, withClause, type KindContext, type KindQuery } from "./common.server";

export function crossSellQuery(ctx: KindContext<CrossSellParams>): KindQuery {
  const { params } = ctx;
  const a = lineMatcher(ctx, params.a, "sel_a");
  const b = lineMatcher(ctx, params.b, "sel_b");
  const since = params.withinDays !== null ? ` AND ${orderTime()} >= ${daysBefore(ctx, params.withinDays)}` : "";
  const select = `${withClause([a.cte, b.cte])}
    SELECT c.id AS customer_id, a.orders AS a_orders, a.last_at AS a_last_at
    FROM (
      SELECT o.customer_id, count(DISTINCT o.id)::int AS orders, max(${orderTime()}) AS last_at
      FROM orders o JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
      WHERE ${orderScope(ctx)} AND ${BOUGHT_LINE} AND ${a.predicate}${since}
      GROUP BY o.customer_id
    ) a
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = a.customer_id
    WHERE ${customerScope(ctx)}
      AND NOT EXISTS (
        SELECT 1 FROM orders o JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
        WHERE ${orderScope(ctx, "o", false)} AND o.customer_id = c.id AND ${BOUGHT_LINE} AND ${b.predicate})`;
  const why = () => `'bought ' || ${label(ctx, "a", "the chosen products")} || ' ' || m.a_orders || '× (last ' ||
    floor(extract(epoch FROM (${ctx.p.now} - m.a_last_at)) / 86400)::int || ' days ago), never ' || ${label(ctx, "b", "the others")}`;
  return { select, why };
}
