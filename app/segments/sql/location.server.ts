// Location: the customer's default address. Each criterion given must match (country AND province AND city);
// within one criterion any value matches. Provinces are "US-CA" (that country) or "CA" (that code anywhere);
// cities compare trimmed and case-insensitively.
import type { LocationParams } from "../definitions";
import { customerScope, type KindContext, type KindQuery } from "./common.server";

export function locationQuery(ctx: KindContext<LocationParams>): KindQuery {
  const { params, q } = ctx;
  const conds: string[] = [];
  if (params.countryCodes.length) conds.push(`c.country_code = ANY(${q.param(params.countryCodes, "text[]")})`);
  if (params.provinceCodes.length) {
    const pairs = params.provinceCodes.filter((p) => p.includes("-"));
    const bare = params.provinceCodes.filter((p) => !p.includes("-"));
    const ors: string[] = [];
    if (pairs.length) ors.push(`(c.country_code || '-' || upper(c.province_code)) = ANY(${q.param(pairs, "text[]")})`);
    if (bare.length) ors.push(`upper(c.province_code) = ANY(${q.param(bare, "text[]")})`);
    conds.push(`(${ors.join(" OR ")})`);
  }
  if (params.cities.length)
    conds.push(
      `lower(btrim(c.city)) = ANY(${q.param(
        params.cities.map((c) => c.trim().toLowerCase()),
        "text[]",
      )})`,
    );
  const select = `SELECT c.id AS customer_id FROM customers c WHERE ${customerScope(ctx)} AND ${conds.join(" AND ")}`;
  const why = () => `'lives in ' || concat_ws(', ', nullif(btrim(c.city), ''), c.province_code, c.country_code)`;
  return { select, why };
}
