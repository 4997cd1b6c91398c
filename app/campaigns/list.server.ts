// The campaign list: search by name, sort (newest, name, revenue, clicks), pages of 25, and for each campaign its
// progress, clicks and credited revenue. One pass over the shop's recipients gives progress and clicks together;
// revenue is the report's figure (net of refunds, cancelled orders count for nothing).
import { pool } from "../db.server";
import { emptyProgress, finish, type Progress } from "./progress.server";
import type { ProgressStatus } from "./labels";

export const CAMPAIGN_PAGE_SIZE = 25;

export const CAMPAIGN_SORTS = {
  newest: "COALESCE(c.started_at, c.scheduled_at, c.created_at) DESC, c.id DESC",
  oldest: "COALESCE(c.started_at, c.scheduled_at, c.created_at) ASC, c.id ASC",
  name: "lower(c.name) ASC, c.id DESC",
  revenue: "COALESCE(a.revenue, 0) DESC, c.id DESC",
  clicks: "COALESCE(rs.clicks, 0) DESC, c.id DESC",
} as const;
export type CampaignSort = keyof typeof CAMPAIGN_SORTS;

export function parseCampaignSort(v: string | null): CampaignSort {
  return v && v in CAMPAIGN_SORTS ? (v as CampaignSort) : "newest";
}

export interface CampaignListRow {
  id: number;
  name: string;
  status: string;
  templateName: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  segments: string[];
  progress: Progress | null;
  clicks: number;
  orders: number;
  revenueMinor: string;
}

export interface CampaignListPage {
  rows: CampaignListRow[];
  total: number;
  page: number;
  pages: number;
}

export async function listCampaigns(
  shopId: number,
  opts: { query?: string; sort?: CampaignSort; page?: number } = {},
): Promise<CampaignListPage> {
  const sort = CAMPAIGN_SORTS[opts.sort ?? "newest"];
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const { rows } = await pool().query<{
    id: number;
    name: string;
    status: string;
    template_name: string | null;
    scheduled_at: Date | null;
    started_at: Date | null;
    completed_at: Date | null;
    segments: string[] | null;
    revenue: string;
    orders: number;
    clicks: number;
    by_status: Record<string, number> | null;
    total: number;
  }>(
    `WITH r AS (
       SELECT campaign_id, status, count(*)::int AS n, count(*) FILTER (WHERE clicked_at IS NOT NULL)::int AS clicked
       FROM recipients WHERE shop_id = $1 GROUP BY 1, 2
     ), rs AS (
       SELECT campaign_id, jsonb_object_agg(status, n) AS by_status, sum(clicked)::int AS clicks FROM r GROUP BY 1
     ), a AS (
       SELECT campaign_id, COALESCE(sum(revenue_minor), 0) AS revenue, count(*) FILTER (WHERE NOT order_cancelled)::int AS orders
       FROM attributions WHERE shop_id = $1 GROUP BY 1
     )
     SELECT c.id, c.name, c.status, t.name AS template_name, c.scheduled_at, c.started_at, c.completed_at,
            (SELECT array_agg(g.name ORDER BY cs.position) FROM campaign_segments cs
             JOIN segments g ON g.shop_id = cs.shop_id AND g.id = cs.segment_id
             WHERE cs.shop_id = c.shop_id AND cs.campaign_id = c.id) AS segments,
            COALESCE(a.revenue, 0)::text AS revenue, COALESCE(a.orders, 0) AS orders,
            COALESCE(rs.clicks, 0) AS clicks, rs.by_status, count(*) OVER ()::int AS total
     FROM campaigns c
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     LEFT JOIN rs ON rs.campaign_id = c.id
     LEFT JOIN a ON a.campaign_id = c.id
     WHERE c.shop_id = $1 AND ($2 = '' OR strpos(lower(c.name), lower($2)) > 0)
     ORDER BY ${sort}
     LIMIT $3 OFFSET $4`,
    [shopId, (opts.query ?? "").trim(), CAMPAIGN_PAGE_SIZE, (page - 1) * CAMPAIGN_PAGE_SIZE],
  );
  const total = rows[0]?.total ?? (page > 1 ? await countCampaigns(shopId, opts.query ?? "") : 0);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / CAMPAIGN_PAGE_SIZE)),
    rows: rows.map((r) => {
      let progress: Progress | null = null;
      if (r.by_status && !["draft", "scheduled"].includes(r.status)) {
        progress = emptyProgress();
        for (const [status, n] of Object.entries(r.by_status)) progress[status as ProgressStatus] = n;
        finish(progress);
      }
      return {
        id: r.id,
        name: r.name,
        status: r.status,
        templateName: r.template_name,
        scheduledAt: iso(r.scheduled_at),
        startedAt: iso(r.started_at),
        completedAt: iso(r.completed_at),
        segments: r.segments ?? [],
        progress,
        clicks: r.clicks,
        orders: r.orders,
        revenueMinor: r.revenue,
      };
    }),
  };
}

/** The total when the page asked for is past the end (no row to carry the window count). */
async function countCampaigns(shopId: number, query: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM campaigns WHERE shop_id = $1 AND ($2 = '' OR strpos(lower(name), lower($2)) > 0)`,
    [shopId, query.trim()],
  );
  return rows[0]!.n;
}
