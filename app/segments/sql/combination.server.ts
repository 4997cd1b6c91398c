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
  const having =
    params.op === "and" ? ` HAVING count(DISTINCT i.segment_id) = ${q.param(params.segmentIds.length, "int")}` : "";
  // The inputs and the exclusions are each read once (materialized), then joined: with the membership tables'
  // statistics missing or stale (a new shop; autovacuum off) the planner otherwise re-reads the exclusions for every
  // customer of every input member, which took minutes for a few thousand members.
  const ctes = [
    `combo_inputs AS MATERIALIZED (SELECT i.customer_id FROM (${liveMembers(inputs)}) i GROUP BY i.customer_id${having})`,
  ];
  if (params.exclude.length) {
    ctes.push(
      `combo_excluded AS MATERIALIZED (SELECT DISTINCT x.customer_id FROM (${liveMembers(q.param(params.exclude, "int[]"))}) x)`,
    );
  }
  const exclude = params.exclude.length
    ? ` AND NOT EXISTS (SELECT 1 FROM combo_excluded e WHERE e.customer_id = c.id)`
    : "";
  const select = `SELECT c.id AS customer_id
    FROM combo_inputs t
    JOIN customers c ON c.shop_id = ${shop} AND c.id = t.customer_id
    WHERE ${customerScope(ctx)}${exclude}`;
  const why = () =>
    `'in ' || ${label(ctx, "inputs", "the chosen segments")}${params.exclude.length ? ` || ', not in ' || ${label(ctx, "exclude", "the excluded segments")}` : ""}`;
  return { select, why, ctes };
}
