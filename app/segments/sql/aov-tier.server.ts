// AOV tier: average order value net of refunds (customers.aov_minor) in a band. Quantile mode cuts the store's
// customers with at least `minOrders` orders at two percentiles (terciles by default); the cut values are
// percentile_disc — the smallest value with at least that share of customers at or below it — frozen at full
// refresh. low: aov < cut1; mid: cut1 ≤ aov < cut2; high: aov ≥ cut2. Fixed mode: minMinor ≤ aov < maxMinor.
import type pg from "pg";
import type { AovTierParams } from "../definitions";
import { customerScope, money, type Computed, type KindContext, type KindQuery } from "./common.server";

export interface AovTierComputed extends Computed {
  cutsMinor: [string, string] | null;
  rankedCustomers: number;
}

export async function aovTierCompute(
  db: pg.Pool | pg.PoolClient,
  ctx: KindContext<AovTierParams>,
): Promise<AovTierComputed> {
  if (ctx.params.mode === "fixed") return { cutsMinor: null, rankedCustomers: 0 };
  const { q, params } = ctx;
  const [lo, hi] = params.cutPercentiles;
  const sql = `SELECT count(*)::int AS n,
      (percentile_disc(${q.param(lo / 100, "float8")}) WITHIN GROUP (ORDER BY c.aov_minor))::text AS cut1,
      (percentile_disc(${q.param(hi / 100, "float8")}) WITHIN GROUP (ORDER BY c.aov_minor))::text AS cut2
    FROM customers c WHERE c.shop_id = ${ctx.p.shop} AND c.deleted_at IS NULL AND c.orders_count >= ${q.param(Math.max(1, params.minOrders), "int")}`;
  const { rows } = await db.query<{ n: number; cut1: string | null; cut2: string | null }>(sql, q.values);
  const r = rows[0]!;
  return { cutsMinor: r.cut1 !== null && r.cut2 !== null ? [r.cut1, r.cut2] : null, rankedCustomers: r.n };
}

export function aovTierQuery(ctx: KindContext<AovTierParams>): KindQuery {
  const { params, q } = ctx;
  const conds: string[] = [];
  let bandText = () => `'no cut points yet'`;
  if (params.mode === "fixed") {
    if (params.minMinor !== null) conds.push(`c.aov_minor >= ${q.param(params.minMinor, "bigint")}`);
    if (params.maxMinor !== null) conds.push(`c.aov_minor < ${q.param(params.maxMinor, "bigint")}`);
    bandText = () => `'in your range'`;
  } else {
    const cuts = (ctx.computed.cutsMinor as [string, string] | null | undefined) ?? null;
    if (cuts === null) conds.push("false");
    else {
      const [c1, c2] = [q.lazy(cuts[0], "bigint"), q.lazy(cuts[1], "bigint")];
      if (params.band === "low") conds.push(`c.aov_minor < ${c1()}`);
      if (params.band === "mid") conds.push(`c.aov_minor >= ${c1()} AND c.aov_minor < ${c2()}`);
      if (params.band === "high") conds.push(`c.aov_minor >= ${c2()}`);
      bandText = () =>
        params.band === "low"
          ? `'below ' || ${money(ctx, c1())}`
          : params.band === "high"
            ? `${money(ctx, c2())} || ' or more'`
            : `${money(ctx, c1())} || '–' || ${money(ctx, c2())}`;
    }
  }
  const select = `SELECT c.id AS customer_id FROM customers c
    WHERE ${customerScope(ctx)} AND c.orders_count >= ${q.param(Math.max(1, params.minOrders), "int")} AND ${conds.join(" AND ")}`;
  const why = () =>
    `'average order ' || ${money(ctx, "c.aov_minor")} || ' over ' || c.orders_count || ' orders (' || ${bandText()} || ')'`;
  return { select, why };
}
