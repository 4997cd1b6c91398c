// Sale shopper: at least `minShare` of the customer's orders came with a deal (code, automatic discount or a
// marked-down line — each can be switched off), over at least `minOrders` orders.
//
// The share is compared in integers: deals × 10000 ≥ round(minShare × 10000) × orders.
// Speed: customers.deal_order_counts counts each customer's orders by deal mix (code 1 + automatic 2 + markdown 4,
// see app/ingest/customer-stats.server.ts), so "orders with any accepted deal" is an exact sum of the mixes that
// include an accepted kind (deal_orders_count when all three are): the statement reads customers only, never
// orders — from the covering index on customers' aggregates.
import type { SaleShopperParams } from "../definitions";
import { customerScope, type KindContext, type KindQuery } from "./common.server";

export function saleShopperBasisPoints(minShare: number): number {
  return Math.round(minShare * 10000);
}

/** SQL for customer c's orders with at least one accepted kind of deal. */
export function dealOrders(
  params: Pick<SaleShopperParams, "discountCodes" | "automaticDiscounts" | "markdowns">,
): string {
  const accepted = (params.discountCodes ? 1 : 0) | (params.automaticDiscounts ? 2 : 0) | (params.markdowns ? 4 : 0);
  // Every kind accepted (the default): the plain column, cheaper than seven array lookups per customer.
  if (accepted === 7) return "c.deal_orders_count";
  const mixes = [1, 2, 3, 4, 5, 6, 7].filter((mix) => (mix & accepted) !== 0);
  return mixes.length ? `(${mixes.map((mix) => `coalesce(c.deal_order_counts[${mix + 1}], 0)`).join(" + ")})` : "0";
}

export function saleShopperQuery(ctx: KindContext<SaleShopperParams>): KindQuery {
  const { params, q } = ctx;
  const bp = q.param(saleShopperBasisPoints(params.minShare), "bigint");
  const deals = dealOrders(params);
  const select = `SELECT c.id AS customer_id FROM customers c
    WHERE ${customerScope(ctx)} AND c.orders_count >= ${q.param(params.minOrders, "int")}
      AND ${deals}::bigint * 10000 >= ${bp} * c.orders_count`;
  const why = () => `c.orders_count || ' orders, ' || ${deals} || ' with a deal, last ' ||
    coalesce(floor(extract(epoch FROM (${ctx.p.now} - c.last_order_at)) / 86400)::int::text, '?') || ' days ago'`;
  return { select, why };
}
