// Combination: members of all (and) / any (or) of the chosen segments, minus members of the excluded ones.
// Reads the inputs' current memberships, so inputs are refreshed first (refresh orders segments topologically).
// A deleted input counts as empty.
import type { CombinationParams } from "../definitions";
import { customerScope, label, type KindContext, type KindQuery } from "./common.server";

export function combinationQuery(ctx: KindContext<CombinationParams>): KindQuery {
  const { params, q } = ctx;
  const shop = ctx.p.shop;
  const liveMembers = (ids: string) => `SELECT sm.customer_id, sm.segment_id FROM segment_members sm
      JOIN segments s ON s.id = sm.segment_id AND s.shop_id = ${shop} AND s.deleted_at IS NULL
      WHERE sm.shop_id = ${shop} AND sm.segment_id = ANY(${ids})${ctx.p.ids ? ` AND sm.customer_id = ANY(${ctx.p.ids})` : ""}`;
  const inputs = q.param(params.segmentIds, "int[]");
  const having = params.op === "and" ? ` HAVING count(DISTINCT i.segment_id) = ${q.param(params.segmentIds.length, "int")}` : "";
  const exclude = params.exclude.length
    ? ` AND NOT EXISTS (SELECT 1 FROM (${liveMembers(q.param(params.exclude, "int[]"))}) x WHERE x.customer_id = c.id)`
    : "";
  const select = `SELECT c.id AS customer_id
    FROM (SELECT i.customer_id FROM (${liveMembers(inputs)}) i GROUP BY i.customer_id${having}) t
    JOIN customers c ON c.shop_id = ${shop} AND c.id = t.customer_id
    WHERE ${customerScope(ctx)}${exclude}`;
  const why = () => `'in ' || ${label(ctx, "inputs", "the chosen segments")}${params.exclude.length ? ` || ', not in ' || ${label(ctx, "exclude", "the excluded segments")}` : ""}`;
  return { select, why };
}
