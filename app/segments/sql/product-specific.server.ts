// Product-specific: bought matching products at least N times (orders containing a match, or units kept).
import type { ProductSpecificParams } from "../definitions";
import { BOUGHT_LINE, customerScope, daysBefore, label, lineMatcher, orderScope, orderTime, withClause, type KindContext, type KindQuery } from "./common.server";

export function productSpecificQuery(ctx: KindContext<ProductSpecificParams>): KindQuery {
  const { params, q } = ctx;
  const sel = lineMatcher(ctx, params.products, "sel_p");
  const since = params.withinDays !== null ? ` AND ${orderTime()} >= ${daysBefore(ctx, params.withinDays)}` : "";
  const times = params.countBy === "units" ? "sum(li.current_quantity)::int" : "count(DISTINCT o.id)::int";
  const select = `${withClause([sel.cte])}
    SELECT c.id AS customer_id, t.times, t.last_at
    FROM (
      SELECT o.customer_id, ${times} AS times, max(${orderTime()}) AS last_at
      FROM orders o JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
      WHERE ${orderScope(ctx)} AND ${BOUGHT_LINE} AND ${sel.predicate}${since}
      GROUP BY o.customer_id
      HAVING ${times} >= ${q.param(params.minTimes, "int")}
    ) t
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = t.customer_id
    WHERE ${customerScope(ctx)}`;
  const unit = params.countBy === "units" ? "' units'" : "'× (orders)'";
  const why = () => `'bought ' || ${label(ctx, "products", "the chosen products")} || ' ' || m.times || ${unit} || ', last ' ||
    floor(extract(epoch FROM (${ctx.p.now} - m.last_at)) / 86400)::int || ' days ago'`;
  return { select, why };
}
