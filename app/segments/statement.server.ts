// Turning a stored or proposed definition into its SQL statement: the shop's money format and time zone, the
// store-wide figures a kind is judged against, and the kind's statement builder. Shared by refresh, preview and
// the "why they match" explanations, so all three judge a customer the same way.
import type pg from "pg";
import { withTransaction } from "../db.server";
import type { SegmentKind, SegmentParams, SegmentParamsByKind } from "./definitions";
import { makeContext, type Computed, type KindContext, type KindQuery, type MoneyFormat } from "./sql/common.server";
import { KIND_SQL, needsComputed } from "./sql/index.server";
import { readShopFormat } from "../shops/format.server";

type Db = pg.Pool | pg.PoolClient;

export class SegmentParamsError extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(
      `invalid segment parameters: ${Object.entries(fieldErrors)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")}`,
    );
  }
}

export interface ShopFormat {
  timeZone: string;
  money: MoneyFormat;
}

/** The shop's format as segment SQL takes it (app/shops/format.server.ts reads it). */
export async function shopFormat(db: Db, shopId: number): Promise<ShopFormat> {
  const shop = await readShopFormat(shopId, db);
  return { timeZone: shop.timeZone, money: { symbol: shop.currencySymbol, exponent: shop.currencyExponent } };
}

/** Stable key of validated params: frozen figures are only valid for the params they were computed for. */
export function paramsKey(params: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(params));
}

export function buildContext<K extends SegmentKind>(args: {
  kind: K;
  shopId: number;
  params: SegmentParamsByKind[K];
  computed: Computed;
  now: Date;
  customerIds: readonly string[] | null;
  money: MoneyFormat;
  labels?: Record<string, string>;
}): KindContext<SegmentParamsByKind[K]> {
  return makeContext({ ...args, labels: args.labels ?? {} });
}

/** Store-wide figures for a definition (empty for kinds that judge customers alone). */
export async function computeFigures(
  db: Db,
  kind: SegmentKind,
  shopId: number,
  params: SegmentParams,
  now: Date,
  money: MoneyFormat,
): Promise<Computed> {
  const sql = KIND_SQL[kind] as { compute?: (db: Db, ctx: KindContext<SegmentParams>) => Promise<Computed> };
  if (!sql.compute || !needsComputed(kind, params)) return {};
  const ctx = buildContext({ kind, shopId, params, computed: {}, now, customerIds: null, money });
  return {
    ...(await sql.compute(db, ctx as KindContext<SegmentParams>)),
    paramsKey: paramsKey(params),
    computedAt: now.toISOString(),
  };
}

export function memberSelect(kind: SegmentKind, ctx: KindContext<SegmentParams>): KindQuery {
  return (KIND_SQL[kind] as { query: (c: KindContext<SegmentParams>) => KindQuery }).query(ctx);
}

/**
 * Settings for a transaction that runs segment statements. JIT compilation is off: it costs 50–180 ms per statement
 * at 1M orders (measured) and these plans are index probes and hash joins that finish sooner than it compiles.
 * work_mem 64 MB keeps a whole shop's sorts and hash tables (200k customers: percentiles, membership diffs) in
 * memory instead of spilling to disk; it applies to this transaction only. synchronous_commit off: memberships are
 * derived data, so a crash may lose the last few milliseconds of refreshes (the nightly full refresh recomputes them)
 * but a webhook's refresh does not wait for a disk flush.
 */
export async function prepareSegmentSession(client: pg.PoolClient) {
  await client.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL synchronous_commit = off");
}

/** A read-only unit of segment statements (preview, explanations) on one connection with the session settings. */
export async function withSegmentSession<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(async (client) => {
    await prepareSegmentSession(client);
    return fn(client);
  });
}
