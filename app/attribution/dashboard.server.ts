// Dashboard figures for the last N days: attributed revenue (total, by segment, by campaign), messaging cost and
// the daily revenue series per segment in the shop's time zone.
import { readWithoutJit } from "./read.server";
import { costOf, getPriceTable, type MessageCount } from "../pricing/prices.server";
import type { DashboardPeriod } from "./periods";
import { readShopFormat } from "../shops/format.server";

export interface SegmentRevenue {
  segmentId: number | null;
  segmentName: string;
  orders: number;
  revenueMinor: string;
}

/** A campaign with credited orders in the period: period revenue, and its whole-life sends, cost and ROI. */
export interface CampaignRevenue {
  campaignId: number;
  name: string;
  status: string;
  startedAt: string | null;
  sent: number;
  orders: number;
  revenueMinor: string;
  lifetimeRevenueMinor: string;
  costMinor: string | null;
  roi: number | null;
}

export interface AttributionDashboard {
  days: DashboardPeriod;
  from: string;
  timezone: string;
  currency: string;
  exponent: number;
  costAvailable: boolean;
  totals: {
    revenueMinor: string;
    orders: number;
    clickRevenueMinor: string;
    viewRevenueMinor: string;
    messagesSent: number;
    costMinor: string | null;
    roi: number | null;
  };
  bySegment: SegmentRevenue[];
  topCampaigns: CampaignRevenue[];
  /** one entry per day (YYYY-MM-DD in the shop's time zone) with revenue per segment key */
  series: { days: string[]; segments: Array<{ key: string; name: string; revenueMinor: string[] }> };
  hasCampaigns: boolean;
}

const segKey = (id: number | null) => (id === null ? "none" : String(id));

export async function getAttributionDashboard(opts: {
  shopId: number;
  days: DashboardPeriod;
  now?: Date;
}): Promise<AttributionDashboard> {
  const { shopId, days } = opts;
  const now = opts.now ?? new Date();
  const { timeZone: tz, currency, currencyExponent: exponent } = await readShopFormat(shopId);
  // The period is whole local days: today and the days - 1 before it, in the shop's time zone.
  const start = await readWithoutJit<{ from: Date; first_day: string }>(
    `SELECT (date_trunc('day', $1::timestamptz AT TIME ZONE $2) - make_interval(days => $3 - 1)) AT TIME ZONE $2 AS "from",
            to_char(date_trunc('day', $1::timestamptz AT TIME ZONE $2) - make_interval(days => $3 - 1), 'YYYY-MM-DD') AS first_day`,
    [now, tz, days],
  );
  const from = start.rows[0]!.from;

  const [bySegment, byCampaign, series, sentRows, deliveredRows, anyCampaign, prices] = await Promise.all([
    readWithoutJit<{
      segment_id: number | null;
      name: string | null;
      orders: number;
      revenue: string;
      click: string;
      view: string;
    }>(
      `SELECT a.segment_id, s.name, count(*) FILTER (WHERE NOT a.order_cancelled)::int AS orders,
              sum(a.revenue_minor)::text AS revenue,
              COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'click'), 0)::text AS click,
              COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'view'), 0)::text AS view
       FROM attributions a
       LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
       WHERE a.shop_id = $1 AND a.order_at >= $2 AND a.order_at <= $3
       GROUP BY a.segment_id, s.name ORDER BY sum(a.revenue_minor) DESC`,
      [shopId, from, now],
    ),
    readWithoutJit<{
      campaign_id: number;
      name: string;
      status: string;
      started_at: Date | null;
      orders: number;
      revenue: string;
    }>(
      `SELECT a.campaign_id, c.name, c.status, c.started_at, count(*) FILTER (WHERE NOT a.order_cancelled)::int AS orders,
              sum(a.revenue_minor)::text AS revenue
       FROM attributions a
       JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
       WHERE a.shop_id = $1 AND a.order_at >= $2 AND a.order_at <= $3
       GROUP BY a.campaign_id, c.name, c.status, c.started_at ORDER BY sum(a.revenue_minor) DESC LIMIT 5`,
      [shopId, from, now],
    ),
    readWithoutJit<{ day: string; segment_id: number | null; revenue: string }>(
      `SELECT to_char(a.order_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, a.segment_id, sum(a.revenue_minor)::text AS revenue
       FROM attributions a WHERE a.shop_id = $1 AND a.order_at >= $2 AND a.order_at <= $3
       GROUP BY 1, 2`,
      [shopId, from, now, tz],
    ),
    // Messages sent in the period, and the delivered ones by price group (the period's messaging cost).
    readWithoutJit<{ sent: number }>(
      `SELECT count(*)::int AS sent FROM recipients r WHERE r.shop_id = $1 AND r.sent_at >= $2 AND r.sent_at <= $3`,
      [shopId, from, now],
    ),
    readWithoutJit<{
      country: string | null;
      pricing_category: string | null;
      template_category: string | null;
      n: number;
    }>(
      `SELECT r.country_code AS country, r.pricing_category, t.category AS template_category, count(*)::int AS n
       FROM recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.shop_id = $1
       LEFT JOIN whatsapp_templates t ON t.id = c.template_id
       WHERE r.shop_id = $1 AND r.sent_at >= $2 AND r.sent_at <= $3
         AND (r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))
       GROUP BY 1, 2, 3`,
      [shopId, from, now],
    ),
    readWithoutJit(`SELECT 1 FROM campaigns WHERE shop_id = $1 AND started_at IS NOT NULL LIMIT 1`, [shopId]),
    getPriceTable(shopId),
  ]);

  const count = (r: {
    country: string | null;
    pricing_category: string | null;
    template_category: string | null;
    n: number;
  }): MessageCount => ({
    country: r.country,
    pricingCategory: r.pricing_category,
    templateCategory: r.template_category,
    count: r.n,
  });
  const totalCost = costOf(prices, deliveredRows.rows.map(count));
  const revenue = bySegment.rows.reduce((a, r) => a + BigInt(r.revenue), 0n);
  const roi = (rev: bigint, cost: bigint | null) =>
    cost !== null && cost > 0n ? Number(rev - cost) / Number(cost) : null;

  // The top campaigns' whole life: everything they sent and cost, against everything credited to them.
  const topIds = byCampaign.rows.map((r) => r.campaign_id);
  const [lifetimeSent, lifetimeDelivered, lifetimeRevenue] = await Promise.all([
    readWithoutJit<{ campaign_id: number; sent: number }>(
      `SELECT campaign_id, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent FROM recipients
       WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1`,
      [shopId, topIds],
    ),
    readWithoutJit<{
      campaign_id: number;
      country: string | null;
      pricing_category: string | null;
      template_category: string | null;
      n: number;
    }>(
      `SELECT r.campaign_id, r.country_code AS country, r.pricing_category, t.category AS template_category, count(*)::int AS n
       FROM recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.shop_id = $1
       LEFT JOIN whatsapp_templates t ON t.id = c.template_id
       WHERE r.shop_id = $1 AND r.campaign_id = ANY($2::int[])
         AND (r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))
       GROUP BY 1, 2, 3, 4`,
      [shopId, topIds],
    ),
    readWithoutJit<{ campaign_id: number; revenue: string }>(
      `SELECT campaign_id, sum(revenue_minor)::text AS revenue FROM attributions WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1`,
      [shopId, topIds],
    ),
  ]);
  const sentByCampaign = new Map(lifetimeSent.rows.map((r) => [r.campaign_id, r.sent]));
  const lifetimeRevenueBy = new Map(lifetimeRevenue.rows.map((r) => [r.campaign_id, BigInt(r.revenue)]));
  const deliveredByCampaign = new Map<number, MessageCount[]>();
  for (const r of lifetimeDelivered.rows)
    deliveredByCampaign.set(r.campaign_id, [...(deliveredByCampaign.get(r.campaign_id) ?? []), count(r)]);

  // Every day of the period, oldest first, so the chart has no gaps.
  const dayList: string[] = [];
  const first = new Date(`${start.rows[0]!.first_day}T00:00:00Z`);
  for (let i = 0; i < days; i++) dayList.push(new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  const dayIndex = new Map(dayList.map((d, i) => [d, i]));
  const names = new Map(
    bySegment.rows.map((r) => [
      segKey(r.segment_id),
      r.name ?? (r.segment_id === null ? "Not through a segment" : `Segment ${r.segment_id}`),
    ]),
  );
  const seriesBySegment = new Map<string, bigint[]>();
  for (const r of series.rows) {
    const k = segKey(r.segment_id);
    const i = dayIndex.get(r.day);
    if (i === undefined) continue;
    const values = seriesBySegment.get(k) ?? dayList.map(() => 0n);
    values[i]! += BigInt(r.revenue);
    seriesBySegment.set(k, values);
  }

  return {
    days,
    from: from.toISOString(),
    timezone: tz,
    currency,
    exponent,
    costAvailable: prices.usdRate !== null,
    totals: {
      revenueMinor: revenue.toString(),
      orders: bySegment.rows.reduce((a, r) => a + r.orders, 0),
      clickRevenueMinor: bySegment.rows.reduce((a, r) => a + BigInt(r.click), 0n).toString(),
      viewRevenueMinor: bySegment.rows.reduce((a, r) => a + BigInt(r.view), 0n).toString(),
      messagesSent: sentRows.rows[0]?.sent ?? 0,
      costMinor: totalCost.minor?.toString() ?? null,
      roi: roi(revenue, totalCost.minor),
    },
    bySegment: bySegment.rows.map((r) => ({
      segmentId: r.segment_id,
      segmentName: names.get(segKey(r.segment_id))!,
      orders: r.orders,
      revenueMinor: r.revenue,
    })),
    topCampaigns: byCampaign.rows.map((r) => {
      const cost = costOf(prices, deliveredByCampaign.get(r.campaign_id) ?? []);
      return {
        campaignId: r.campaign_id,
        name: r.name,
        status: r.status,
        startedAt: r.started_at?.toISOString() ?? null,
        sent: sentByCampaign.get(r.campaign_id) ?? 0,
        orders: r.orders,
        revenueMinor: r.revenue,
        lifetimeRevenueMinor: (lifetimeRevenueBy.get(r.campaign_id) ?? 0n).toString(),
        costMinor: cost.minor?.toString() ?? null,
        roi: roi(lifetimeRevenueBy.get(r.campaign_id) ?? 0n, cost.minor),
      };
    }),
    series: {
      days: dayList,
      segments: [...seriesBySegment.entries()].map(([key, values]) => ({
        key,
        name: names.get(key) ?? key,
        revenueMinor: values.map(String),
      })),
    },
    hasCampaigns: (anyCampaign.rowCount ?? 0) > 0,
  };
}
