// Sample: a stable percentage of another segment. A customer is picked when
//   (first 32 bits of md5(seed || ':' || customer id), as an unsigned integer) mod 10000 < round(percent × 100)
// so the pick depends only on the seed and the customer: a growing base keeps earlier picks, and raising the
// percent only adds customers.
import type { SampleParams } from "../definitions";
import { customerScope, label, type KindContext, type KindQuery } from "./common.server";

export function sampleBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

export function sampleQuery(ctx: KindContext<SampleParams>): KindQuery {
  const { params, q } = ctx;
  const base = q.param(params.segmentId, "int");
  const select = `SELECT c.id AS customer_id
    FROM segment_members sm
    JOIN segments s ON s.id = sm.segment_id AND s.shop_id = ${ctx.p.shop} AND s.deleted_at IS NULL
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = sm.customer_id
    WHERE sm.segment_id = ${base} AND sm.shop_id = ${ctx.p.shop} AND ${customerScope(ctx)}
      AND ${ctx.p.ids ? `sm.customer_id = ANY(${ctx.p.ids}) AND ` : ""}
      (('x' || substr(md5(${q.param(params.seed, "text")} || ':' || sm.customer_id::text), 1, 8))::bit(32)::bigint % 10000)
        < ${q.param(sampleBasisPoints(params.percent), "int")}`;
  const why = () =>
    `'in the ' || ${q.param(String(params.percent), "text")} || '% sample of ' || ${label(ctx, "base", "the base segment")}`;
  return { select, why };
}
