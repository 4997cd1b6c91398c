// Reads for reports and dashboards. PostgreSQL's JIT compiler kicks in on the estimated cost of these grouped
// statements and spends more time compiling (measured: 0.3–0.9 s) than they take to run, so it is off for them.
import type pg from "pg";
import { withTransaction } from "../db.server";

export async function readWithoutJit<R extends pg.QueryResultRow>(
  sql: string,
  params: unknown[],
  opts: { hashJoins?: boolean } = {},
): Promise<pg.QueryResult<R>> {
  return withTransaction(async (c) => {
    await c.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
    // `hashJoins`: for statements that join two materialized CTEs on an equality. A CTE's row estimate comes from
    // table statistics, and without fresh ones (a store just imported, before autovacuum analyzes) it is 1, so the
    // planner nests loops: the holdout comparison at 200k customers compared 50,122 followed customers with each of
    // 10,612 orders (531 M pairs, 96 s). A hash join on the equality is right at any size, so nested loops are
    // priced out for these statements (PostgreSQL still uses one where nothing else can run the join).
    if (opts.hashJoins) await c.query("SET LOCAL enable_nestloop = off");
    return c.query<R>(sql, params);
  });
}
