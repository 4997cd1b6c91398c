// Former VIP: was among the store's top spenders (top N% by net spend, or above an amount) over a qualifying
// period that ends where the lapse starts, and has not ordered in the last `lapsedDays`.
//
// Lapse start L = now − lapsedDays. Period = [L − qualifyingDays, L), or everything before L when
// qualifyingDays is null. Percent ranking: among all customers with net spend > 0 in the period, sorted by
// spend descending, k = ceil(N × topPercent / 100); the threshold is the k-th spend (ties at the threshold are
// in). It is computed at full refresh and frozen in `segments.computed.thresholdMinor`.
import type pg from "pg";
import type { FormerVipParams } from "../definitions";
import {
  customerScope,
  daysBefore,
  money,
  orderTime,
  type Computed,
  type KindContext,
  type KindQuery,
} from "./common.server";

export interface FormerVipComputed extends Computed {
  thresholdMinor: string | null;
  rankedCustomers: number;
}

/**
 * Orders whose net_minor counts as spend. Test and cancelled orders need no filter: their net_minor is 0 by
 * construction (app/ingest/normalize.ts orderNet), so they add nothing to a sum — and leaving the filter out lets
 * PostgreSQL answer from the (shop, customer, time, net) index alone.
 */
function spendScope(ctx: KindContext<FormerVipParams>, alias = "o"): string {
  return `${alias}.shop_id = ${ctx.p.shop} AND ${alias}.customer_id IS NOT NULL`;
}

function period(ctx: KindContext<FormerVipParams>) {
  const lapseStart = daysBefore(ctx, ctx.params.lapsedDays);
  const start = ctx.params.qualifyingDays === null ? null : daysBefore(ctx, ctx.params.qualifyingDays, lapseStart);
  return { lapseStart, start };
}

export async function formerVipCompute(
  db: pg.Pool | pg.PoolClient,
  ctx: KindContext<FormerVipParams>,
): Promise<FormerVipComputed> {
  if (ctx.params.rankBy === "amount") return { thresholdMinor: ctx.params.minSpendMinor, rankedCustomers: 0 };
  const { lapseStart, start } = period(ctx);
  // One pass over the (shop, customer, time, net) index in customer order: a streaming group per customer, no hash
  // table of every customer (measured faster than a range scan on time followed by hashing, at 1M orders).
  const sql = `WITH spend AS (
      SELECT o.customer_id, sum(o.net_minor) AS s FROM orders o
      WHERE ${spendScope(ctx)} AND ${orderTime()} < ${lapseStart}${start ? ` AND ${orderTime()} >= ${start}` : ""}
      GROUP BY o.customer_id HAVING sum(o.net_minor) > 0
    ), n AS (SELECT count(*)::int AS n FROM spend)
    SELECT n.n,
      (SELECT spend.s::text AS amount FROM spend ORDER BY spend.s DESC
       OFFSET greatest(ceil(n.n * ${ctx.q.param(ctx.params.topPercent, "numeric")} / 100)::int - 1, 0) LIMIT 1) AS threshold
    FROM n`;
  const { rows } = await db.query<{ n: number; threshold: string | null }>(sql, ctx.q.values);
  return { thresholdMinor: rows[0]?.threshold ?? null, rankedCustomers: rows[0]?.n ?? 0 };
}

export function formerVipQuery(ctx: KindContext<FormerVipParams>): KindQuery {
  const { params, q } = ctx;
  const threshold =
    params.rankBy === "amount"
      ? params.minSpendMinor
      : ((ctx.computed.thresholdMinor as string | null | undefined) ?? null);
  const { lapseStart, start } = period(ctx);
  const thresholdSql = q.param(threshold, "bigint");
  let select: string;
  if (start === null) {
    // Every order of a lapsed customer is before the lapse: their net spend is the aggregate.
    select = `SELECT c.id AS customer_id, c.net_spent_minor AS spend FROM customers c
      WHERE ${customerScope(ctx)} AND c.last_order_at < ${lapseStart}
        AND c.net_spent_minor > 0 AND c.net_spent_minor >= ${thresholdSql}`;
  } else {
    // Spend in the period never exceeds lifetime net spend (net_minor ≥ 0), so only lapsed customers whose
    // aggregate reaches the threshold need their orders summed — a few index probes instead of a scan.
    select = `SELECT c.id AS customer_id, t.spend FROM customers c
      CROSS JOIN LATERAL (
        SELECT sum(o.net_minor) AS spend FROM orders o
        WHERE ${spendScope(ctx)} AND o.customer_id = c.id
          AND ${orderTime()} >= ${start} AND ${orderTime()} < ${lapseStart}
      ) t
      WHERE ${customerScope(ctx)} AND c.last_order_at < ${lapseStart} AND c.net_spent_minor > 0
        AND c.net_spent_minor >= ${thresholdSql} AND t.spend > 0 AND t.spend >= ${thresholdSql}`;
  }
  const why = () => {
    const periodText =
      params.qualifyingDays === null ? "before the lapse" : `in the ${params.qualifyingDays} days before the lapse`;
    const rank =
      params.rankBy === "amount"
        ? `'at least ' || ${money(ctx, thresholdSql)}`
        : `'top ' || ${q.param(String(params.topPercent), "text")} || '% from ' || ${money(ctx, thresholdSql)}`;
    return `'spent ' || ${money(ctx, "m.spend")} || ' ' || ${q.param(periodText, "text")} || ' (' || ${rank} || '), last order ' ||
      floor(extract(epoch FROM (${ctx.p.now} - c.last_order_at)) / 86400)::int || ' days ago'`;
  };
  return { select, why };
}
