// RFM: recency / frequency / monetary scores 1–5 by quintiles over live customers with at least one order.
// Breaks (percentile_disc at 20/40/60/80%) are frozen at full refresh: recency as whole days since the last
// order (so scores age with `now` between refreshes), frequency as the order count, monetary as net spend.
// R = 5 − #(recency breaks the customer is older than); F, M = 1 + #(breaks the value is above).
// The cell comes from RFM_GRID in ../definitions (the table is documented there).
import type pg from "pg";
import { RFM_GRID, type RfmParams } from "../definitions";
import { customerScope, daysAgo, money, type Computed, type KindContext, type KindQuery } from "./common.server";

export interface RfmComputed extends Computed {
  recencyDays: number[] | null;
  frequency: number[] | null;
  monetaryMinor: string[] | null;
  rankedCustomers: number;
}

const QUINTILES = "ARRAY[0.2, 0.4, 0.6, 0.8]::float8[]";

export async function rfmCompute(db: pg.Pool | pg.PoolClient, ctx: KindContext<RfmParams>): Promise<RfmComputed> {
  const sql = `SELECT count(*)::int AS n,
      percentile_disc(${QUINTILES}) WITHIN GROUP (ORDER BY ${daysAgo(ctx, "c.last_order_at")}) AS r,
      percentile_disc(${QUINTILES}) WITHIN GROUP (ORDER BY c.orders_count) AS f,
      (percentile_disc(${QUINTILES}) WITHIN GROUP (ORDER BY c.net_spent_minor))::text[] AS m
    FROM customers c WHERE c.shop_id = ${ctx.p.shop} AND c.deleted_at IS NULL AND c.orders_count >= 1`;
  const { rows } = await db.query<{ n: number; r: number[] | null; f: number[] | null; m: string[] | null }>(
    sql,
    ctx.q.values,
  );
  const row = rows[0]!;
  return { recencyDays: row.r, frequency: row.f, monetaryMinor: row.m, rankedCustomers: row.n };
}

/** SQL for the three scores and the cell of customer c, given frozen breaks. */
function scores(ctx: KindContext<RfmParams>) {
  const { q, computed } = ctx;
  const r = q.param(computed.recencyDays, "int[]");
  const f = q.param(computed.frequency, "int[]");
  const m = q.param(computed.monetaryMinor, "bigint[]");
  const days = daysAgo(ctx, "c.last_order_at");
  const above = (value: string, breaks: string) =>
    [1, 2, 3, 4].map((i) => `(${value} > (${breaks})[${i}])::int`).join(" + ");
  const R = `(5 - (${above(days, r)}))`;
  const F = `(1 + ${above("c.orders_count", f)})`;
  const M = `(1 + ${above("c.net_spent_minor", m)})`;
  const grid = q.param(RFM_GRID.flat(), "text[]");
  return {
    R,
    F,
    M,
    cell: (rr: string, ff: string, mm: string) => `(${grid})[(${rr} - 1) * 5 + (${ff} + ${mm} + 1) / 2]`,
  };
}

export function rfmQuery(ctx: KindContext<RfmParams>): KindQuery {
  const ready = ctx.computed.recencyDays && ctx.computed.frequency && ctx.computed.monetaryMinor;
  const s = scores(ctx);
  const select = `SELECT t.customer_id, t.r, t.f, t.m, t.cell FROM (
      SELECT c.id AS customer_id, s.r, s.f, s.m, ${s.cell("s.r", "s.f", "s.m")} AS cell
      FROM customers c CROSS JOIN LATERAL (SELECT ${s.R} AS r, ${s.F} AS f, ${s.M} AS m) s
      WHERE ${customerScope(ctx)} AND c.orders_count >= 1 ${ready ? "" : "AND false"}
    ) t WHERE t.cell = ANY(${ctx.q.param(ctx.params.cells, "text[]")})`;
  const why =
    () => `'R' || m.r || ' F' || m.f || ' M' || m.m || ' (' || replace(m.cell, '_', ' ') || '): last order ' ||
    ${daysAgo(ctx, "c.last_order_at")} || ' days ago, ' || c.orders_count || ' orders, spent ' || ${money(ctx, "c.net_spent_minor")}`;
  return { select, why };
}
