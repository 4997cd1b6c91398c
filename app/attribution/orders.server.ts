// Recently credited orders (the Orders page and a campaign report's list), newest first.
import { pool } from "../db.server";

export interface CreditedOrder {
  orderId: string;
  name: string | null;
  placedAt: string;
  customerName: string | null;
  campaignId: number;
  campaignName: string;
  segmentName: string;
  signal: "click" | "view";
  evidence: string;
  revenueMinor: string;
  cancelled: boolean;
}

export async function listCreditedOrders(opts: {
  shopId: number;
  campaignId?: number;
  limit?: number;
}): Promise<CreditedOrder[]> {
  const { rows } = await pool().query(
    `SELECT a.order_id::text, o.name, a.order_at, NULLIF(trim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS customer_name,
            a.campaign_id, c.name AS campaign_name, COALESCE(s.name, 'Not through a segment') AS segment_name, a.signal, a.evidence,
            a.revenue_minor::text, o.cancelled_at IS NOT NULL AS cancelled
     FROM attributions a
     JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
     JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
     LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
     LEFT JOIN customers cu ON cu.shop_id = o.shop_id AND cu.id = o.customer_id
     WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2)
     ORDER BY a.order_at DESC, a.order_id DESC LIMIT $3`,
    [opts.shopId, opts.campaignId ?? null, opts.limit ?? 50],
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    name: r.name,
    placedAt: r.order_at.toISOString(),
    customerName: r.customer_name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name,
    signal: r.signal,
    evidence: r.evidence,
    revenueMinor: r.revenue_minor,
    cancelled: r.cancelled,
  }));
}

export interface CreditedOrderPage {
  rows: CreditedOrder[];
  /** credited orders matching the filter, over every page */
  total: number;
  after: string | null;
  before: string | null;
  campaigns: { id: number; name: string }[];
}

function cursorOf(o: CreditedOrder): string {
  return Buffer.from(`${o.placedAt}|${o.orderId}`).toString("base64url");
}

function parseCursor(raw: string | null | undefined): { at: string; id: string } | null {
  if (!raw) return null;
  const [at, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  return at && id && !Number.isNaN(Date.parse(at)) && /^\d{1,20}$/.test(id) ? { at, id } : null;
}

/**
 * The Credited orders list, one page at a time: keyset on (order_at, order_id) newest first, so page 10 costs what
 * page 1 does; with the total and the campaigns to filter by.
 */
export async function creditedOrdersPage(opts: {
  shopId: number;
  campaignId?: number | null;
  after?: string | null;
  before?: string | null;
  limit?: number;
}): Promise<CreditedOrderPage> {
  const limit = opts.limit ?? 50;
  const after = parseCursor(opts.after);
  const before = after ? null : parseCursor(opts.before);
  const cursor = after ?? before;
  const order = before ? "ASC" : "DESC";
  const keyset = after
    ? `AND (a.order_at, a.order_id) < ($3::timestamptz, $4::bigint)`
    : before
      ? `AND (a.order_at, a.order_id) > ($3::timestamptz, $4::bigint)`
      : `AND $3::timestamptz IS NULL AND $4::bigint IS NULL`;
  const [page, count, campaigns] = await Promise.all([
    pool().query(
      `SELECT a.order_id::text, o.name, a.order_at, NULLIF(trim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS customer_name,
              a.campaign_id, c.name AS campaign_name, COALESCE(s.name, 'Not through a segment') AS segment_name, a.signal, a.evidence,
              a.revenue_minor::text, o.cancelled_at IS NOT NULL AS cancelled
       FROM attributions a
       JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
       LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
       LEFT JOIN customers cu ON cu.shop_id = o.shop_id AND cu.id = o.customer_id
       WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2) ${keyset}
       ORDER BY a.order_at ${order}, a.order_id ${order} LIMIT $5`,
      [opts.shopId, opts.campaignId ?? null, cursor?.at ?? null, cursor?.id ?? null, limit + 1],
    ),
    pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attributions a JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2)`,
      [opts.shopId, opts.campaignId ?? null],
    ),
    pool().query<{ id: number; name: string }>(
      `SELECT c.id, c.name FROM campaigns c WHERE c.shop_id = $1
         AND EXISTS (SELECT 1 FROM attributions a WHERE a.shop_id = c.shop_id AND a.campaign_id = c.id)
       ORDER BY c.started_at DESC NULLS LAST, c.id DESC`,
      [opts.shopId],
    ),
  ]);
  const more = page.rows.length > limit;
  const raw = page.rows.slice(0, limit);
  if (before) raw.reverse();
  const rows: CreditedOrder[] = raw.map((r) => ({
    orderId: r.order_id,
    name: r.name,
    placedAt: r.order_at.toISOString(),
    customerName: r.customer_name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name,
    signal: r.signal,
    evidence: r.evidence,
    revenueMinor: r.revenue_minor,
    cancelled: r.cancelled,
  }));
  const hasNext = before ? true : more;
  const hasPrev = before ? more : after !== null;
  return {
    rows,
    total: count.rows[0]!.n,
    after: hasNext && rows.length ? cursorOf(rows[rows.length - 1]!) : null,
    before: hasPrev && rows.length ? cursorOf(rows[0]!) : null,
    campaigns: campaigns.rows,
  };
}
