// Reads for reports and dashboards. PostgreSQL's JIT compiler kicks in on the estimated cost of these grouped
// statements and spends more time compiling (measured: 0.3–0.9 s) than they take to run, so it is off for them.
import type pg from "pg";
import { withTransaction } from "../db.server";

export async function readWithoutJit<R extends pg.QueryResultRow>(
  sql: string,
  params: unknown[],
): Promise<pg.QueryResult<R>> {
  return withTransaction(async (c) => {
    await c.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
    return c.query<R>(sql, params);
  });
}
