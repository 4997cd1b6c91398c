// Sale shopper: at least `minShare` of the customer's orders came with a deal (code, automatic discount or a
// marked-down line — each can be switched off), over at least `minOrders` orders.
//
// The share is compared in integers: deals × 10000 ≥ round(minShare × 10000) × orders.
// Speed: the per-customer aggregates bound the deal count — discounted_orders_count (code OR automatic) and
// markdown_orders_count — so most customers are decided without reading orders; only those between the bounds
// have their orders counted.
import type { SaleShopperParams } from "../definitions";
import { customerScope, orderScope, type KindContext, type KindQuery } from "./common.server";

export function saleShopperBasisPoints(minShare: number): number {
  return Math.round(minShare * 10000);
}

export function saleShopperQuery(ctx: KindContext<SaleShopperParams>): KindQuery {
  const { params, q } = ctx;
  const signals: string[] = [];
  if (params.discountCodes) signals.push("o.has_discount_code");
  if (params.automaticDiscounts) signals.push("o.has_automatic_discount");
  if (params.markdowns) signals.push("o.has_markdown");
  const bp = q.param(saleShopperBasisPoints(params.minShare), "bigint");
  const codeOrAuto = params.discountCodes || params.automaticDiscounts;
  const upper = [codeOrAuto ? "c.discounted_orders_count" : null, params.markdowns ? "c.markdown_orders_count" : null]
    .filter(Boolean).join(" + ");
  const lowerParts = [params.discountCodes && params.automaticDiscounts ? "c.discounted_orders_count" : null,
    params.markdowns ? "c.markdown_orders_count" : null].filter((x): x is string => x !== null);
  const lower = lowerParts.length === 0 ? "0" : lowerParts.length === 1 ? lowerParts[0]! : `greatest(${lowerParts.join(", ")})`;
  // Exact without orders when the enabled signals are exactly what an aggregate counts.
  const exact = (params.discountCodes && params.automaticDiscounts && !params.markdowns) ||
    (!params.discountCodes && !params.automaticDiscounts && params.markdowns);
  const dealsSql = `(SELECT count(*) FROM orders o WHERE ${orderScope(ctx, "o", false)} AND o.customer_id = c.id
                      AND (${signals.join(" OR ")}))`;
  const deals = exact ? upper : dealsSql;
  const passes = (n: string) => `(${n})::bigint * 10000 >= ${bp} * c.orders_count`;
  const decide = exact
    ? passes(upper)
    : `(${passes(lower)} OR (${passes(upper)} AND ${passes(dealsSql)}))`;
  const select = `SELECT c.id AS customer_id FROM customers c
    WHERE ${customerScope(ctx)} AND c.orders_count >= ${q.param(params.minOrders, "int")} AND ${decide}`;
  const why = () => `c.orders_count || ' orders, ' || ${deals} || ' with a deal, last ' ||
    coalesce(floor(extract(epoch FROM (${ctx.p.now} - c.last_order_at)) / 86400)::int::text, '?') || ' days ago'`;
  return { select, why };
}
