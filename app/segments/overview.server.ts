// What the segment list and the segment page show: counts, daily trend (segment_counts), refresh status, the
// definition in one sentence, recent entries and exits.
import { pool } from "../db.server";
import { isSegmentKind, parseSegmentParams, segmentDependencies, type SegmentKind } from "./definitions";
import { describeSegment, type MoneyDisplay } from "./labels.server";
import { readShopFormat } from "../shops/format.server";

/** "never": no refresh has run and none is requested (e.g. a segment written straight to the database). */
export type SegmentStatus = "refreshing" | "error" | "current" | "never";

export interface TrendPoint {
  /** YYYY-MM-DD in the shop's time zone */
  day: string;
  count: number;
}

export interface SegmentSummary {
  id: number;
  name: string;
  kind: SegmentKind;
  memberCount: number;
  lastRefreshedAt: string | null;
  status: SegmentStatus;
  refreshError: string | null;
  /** daily member counts, oldest first, days without a refresh carrying the previous count */
  trend: TrendPoint[];
}

interface SegmentRow {
  id: number;
  name: string;
  kind: string;
  params: unknown;
  computed: Record<string, unknown>;
  member_count: number;
  last_refreshed_at: Date | null;
  refresh_error: string | null;
  refresh_requested_at: Date | null;
  created_at: Date;
}

// "Refreshing" only while a refresh is really requested (queued or running: the request is cleared when it has
// run or failed). A segment that was never computed and has no request is "never", so the merchant can start it.
function statusOf(r: SegmentRow): SegmentStatus {
  if (r.refresh_requested_at !== null) return "refreshing";
  if (r.refresh_error) return "error";
  return r.last_refreshed_at === null ? "never" : "current";
}

/** Daily counts over the last `days` days up to today (shop time zone), gaps filled with the previous count. */
async function trends(
  shopId: number,
  ids: number[],
  days: number,
  timeZone: string,
): Promise<Map<number, TrendPoint[]>> {
  const out = new Map<number, TrendPoint[]>();
  if (!ids.length) return out;
  const { rows } = await pool().query<{ segment_id: number; day: string; count: number | null }>(
    `WITH days AS (
       SELECT d::date AS day FROM generate_series((now() AT TIME ZONE $3)::date - ($4::int - 1), (now() AT TIME ZONE $3)::date, interval '1 day') d)
     SELECT s.id AS segment_id, to_char(d.day, 'YYYY-MM-DD') AS day,
       (SELECT sc.count FROM segment_counts sc WHERE sc.segment_id = s.id AND sc.shop_id = $1 AND sc.day <= d.day
        ORDER BY sc.day DESC LIMIT 1) AS count
     FROM unnest($2::int[]) AS s(id) CROSS JOIN days d ORDER BY s.id, d.day`,
    [shopId, ids, timeZone, days],
  );
  for (const r of rows) {
    if (r.count === null) continue; // before the segment's first refresh
    const list = out.get(r.segment_id) ?? [];
    list.push({ day: r.day, count: r.count });
    out.set(r.segment_id, list);
  }
  return out;
}

async function shopDisplay(shopId: number): Promise<MoneyDisplay & { timeZone: string }> {
  const shop = await readShopFormat(shopId);
  return { currency: shop.currency, exponent: shop.currencyExponent, timeZone: shop.timeZone };
}

const SELECT_SEGMENT = `SELECT id, name, kind::text AS kind, params, computed, member_count, last_refreshed_at, refresh_error,
  refresh_requested_at, created_at FROM segments`;

function summary(r: SegmentRow, trend: TrendPoint[]): SegmentSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as SegmentKind,
    memberCount: r.member_count,
    lastRefreshedAt: r.last_refreshed_at?.toISOString() ?? null,
    status: statusOf(r),
    refreshError: r.refresh_error,
    trend,
  };
}

/** Every live segment of the shop, newest first, with a 30-day trend. */
export async function listSegments(shopId: number): Promise<SegmentSummary[]> {
  const { rows } = await pool().query<SegmentRow>(
    `${SELECT_SEGMENT} WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC`,
    [shopId],
  );
  const live = rows.filter((r) => isSegmentKind(r.kind));
  const shop = await shopDisplay(shopId);
  const t = await trends(
    shopId,
    live.map((r) => r.id),
    30,
    shop.timeZone,
  );
  return live.map((r) => summary(r, t.get(r.id) ?? []));
}

export interface SegmentPage extends SegmentSummary {
  params: unknown;
  description: string;
  createdAt: string;
  entered7: number;
  left7: number;
  /** the segments it is built from or that are built on it */
  related: { id: number; name: string; relation: "built from" | "used by" }[];
}

function relatedSegments(
  self: SegmentRow,
  inputs: number[],
  others: { id: number; name: string; kind: string; params: unknown }[],
) {
  const out: SegmentPage["related"] = [];
  for (const o of others) {
    if (inputs.includes(o.id)) out.push({ id: o.id, name: o.name, relation: "built from" });
    else if (isSegmentKind(o.kind)) {
      const p = parseSegmentParams(o.kind, o.params);
      if (p.ok && segmentDependencies(o.kind, p.params).includes(self.id))
        out.push({ id: o.id, name: o.name, relation: "used by" });
    }
  }
  return out;
}

/** One segment for its page (null when it does not exist in this shop). */
export async function getSegmentPage(shopId: number, segmentId: number): Promise<SegmentPage | null> {
  const { rows } = await pool().query<SegmentRow>(
    `${SELECT_SEGMENT} WHERE shop_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [shopId, segmentId],
  );
  const r = rows[0];
  if (!r || !isSegmentKind(r.kind)) return null;
  const shop = await shopDisplay(shopId);
  const parsed = parseSegmentParams(r.kind, r.params);
  const description = parsed.ok
    ? await describeSegment(pool(), shopId, r.kind, parsed.params, shop, r.computed ?? {})
    : "This definition is no longer valid: edit it to fix it";
  const [t, moves, related] = await Promise.all([
    trends(shopId, [r.id], 90, shop.timeZone),
    pool().query<{ entered: number; left: number }>(
      `SELECT count(*) FILTER (WHERE change = 'entered')::int AS entered, count(*) FILTER (WHERE change = 'left')::int AS left
       FROM segment_membership_events WHERE shop_id = $1 AND segment_id = $2 AND at >= now() - interval '7 days'`,
      [shopId, segmentId],
    ),
    pool().query<{ id: number; name: string; kind: string; params: unknown }>(
      `SELECT id, name, kind::text AS kind, params FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND id <> $2 ORDER BY name`,
      [shopId, segmentId],
    ),
  ]);
  return {
    ...summary(r, t.get(r.id) ?? []),
    params: r.params,
    description,
    createdAt: r.created_at.toISOString(),
    entered7: moves.rows[0]?.entered ?? 0,
    left7: moves.rows[0]?.left ?? 0,
    related: relatedSegments(
      r,
      parsed.ok ? segmentDependencies(r.kind as SegmentKind, parsed.params) : [],
      related.rows,
    ),
  };
}
