// Campaign report: delivery funnel, the per-segment table (delivery, orders, revenue, cost, profit, ROI) and the
// holdout lift. A handful of grouped statements over the campaign's recipients and attributions.
import { pool } from "../db.server";
import { readWithoutJit } from "./read.server";
import { costOf, getPriceTable, type MessageCount, type ShopPriceTable } from "../pricing/prices.server";
import { computeLift, type GroupOutcome, type Interval, type Lift } from "./lift";
import { getAttributionWindows } from "./settings.server";
import type { AttributionWindows } from "./windows";
import {
  COUNT_FIELDS,
  LIFT_SQL,
  OPT_OUT_BLAME_DAYS,
  OPT_OUTS_SQL,
  ORDERS_SQL,
  RECIPIENT_COUNTS_SQL,
  CLICK_SOURCES_SQL,
  type CountsRow,
} from "./report/sql";

export { OPT_OUT_BLAME_DAYS };

export interface SegmentMetrics {
  segmentId: number | null;
  segmentName: string;
  /** targeted recipients (holdout and exclusions not counted) */
  recipients: number;
  sent: number;
  delivered: number;
  read: number;
  /** recipients who answered (app/engagement/replies.server.ts); opt-out keywords are not replies */
  replied: number;
  /** unique clicks: recipients who opened the message's link at least once (a real visit, or an order through it) */
  clicked: number;
  failed: number;
  optOuts: number;
  /** credited orders, cancelled ones not counted */
  orders: number;
  /** recipients with at least one credited order */
  converted: number;
  revenueMinor: string;
  clickRevenueMinor: string;
  viewRevenueMinor: string;
  /** revenue ÷ sent, minor units */
  revenuePerRecipientMinor: string;
  /** converted ÷ sent */
  conversionRate: number;
  /** CTR: unique clicks ÷ delivered; null when nothing was delivered */
  clickRate: number | null;
  costMinor: string | null;
  costUsdMicros: string;
  profitMinor: string | null;
  /** (revenue − cost) ÷ cost */
  roi: number | null;
}

export interface SerializedInterval {
  estimate: number;
  low: number;
  high: number;
}

export interface LiftReport {
  windowHours: number;
  /** the last group's window ends here; before that the figures can still move */
  measuredUntil: string;
  complete: boolean;
  campaign: ReturnType<typeof serializeLift>;
  segments: Array<{ segmentId: number | null; segmentName: string; lift: ReturnType<typeof serializeLift> }>;
}

export interface CampaignReport {
  campaign: {
    id: number;
    name: string;
    status: string;
    startedAt: string | null;
    completedAt: string | null;
    holdoutShare: number;
    templateName: string | null;
    templateCategory: string | null;
    discountCodes: string[];
  };
  currency: string;
  exponent: number;
  windows: AttributionWindows;
  costAvailable: boolean;
  /** By recipient status, as the campaign page counts them (labels.ts NOT_SENT). */
  excluded: number;
  skipped: number;
  holdout: number;
  totals: SegmentMetrics;
  segments: SegmentMetrics[];
  /** how the unique clicks were counted: storefront embed, our redirect, or only known from an order via the link */
  clicks: { storefront: number; redirect: number; fromOrdersOnly: number };
  lift: LiftReport | null;
}

function ratio(a: bigint, b: number): bigint {
  return b > 0 ? (a * 2n + BigInt(b)) / (2n * BigInt(b)) : 0n;
}

function finish(
  base: Omit<
    SegmentMetrics,
    "revenuePerRecipientMinor" | "conversionRate" | "clickRate" | "costMinor" | "costUsdMicros" | "profitMinor" | "roi"
  >,
  cost: { minor: bigint | null; usdMicros: bigint },
): SegmentMetrics {
  const revenue = BigInt(base.revenueMinor);
  const profit = cost.minor === null ? null : revenue - cost.minor;
  return {
    ...base,
    revenuePerRecipientMinor: ratio(revenue, base.sent).toString(),
    conversionRate: base.sent ? base.converted / base.sent : 0,
    clickRate: base.delivered ? base.clicked / base.delivered : null,
    costMinor: cost.minor?.toString() ?? null,
    costUsdMicros: cost.usdMicros.toString(),
    profitMinor: profit?.toString() ?? null,
    roi: cost.minor !== null && cost.minor > 0n ? Number(revenue - cost.minor) / Number(cost.minor) : null,
  };
}

export function serializeLift(lift: Lift) {
  const i = (x: Interval | null): SerializedInterval | null =>
    x ? { estimate: x.estimate, low: x.low, high: x.high } : null;
  return {
    messaged: lift.messaged,
    holdout: lift.holdout,
    conversionDifference: i(lift.conversionDifference),
    revenuePerRecipientDifference: i(lift.revenuePerRecipientDifference),
    incrementalRevenue: i(lift.incrementalRevenue),
    incrementalConversions: i(lift.incrementalConversions),
    verdict: lift.verdict,
  };
}

async function segmentNames(shopId: number, ids: Array<number | null>) {
  const real = ids.filter((id): id is number => id !== null);
  const { rows } = await pool().query<{ id: number; name: string; deleted_at: Date | null }>(
    `SELECT id, name, deleted_at FROM segments WHERE shop_id = $1 AND id = ANY($2::int[])`,
    [shopId, real],
  );
  const names = new Map(rows.map((r) => [r.id, r.deleted_at ? `${r.name} (deleted)` : r.name]));
  return (id: number | null) => (id === null ? "Not through a segment" : (names.get(id) ?? `Segment ${id}`));
}

export async function getCampaignReport(opts: {
  shopId: number;
  campaignId: number;
  now?: Date;
}): Promise<CampaignReport | null> {
  const { shopId, campaignId } = opts;
  const c = await pool().query(
    `SELECT c.id, c.name, c.status, c.started_at, c.completed_at, c.holdout_share, c.discount_codes,
            t.name AS template_name, t.category AS template_category, s.currency, s.currency_exponent
     FROM campaigns c JOIN shops s ON s.id = c.shop_id LEFT JOIN whatsapp_templates t ON t.id = c.template_id AND t.shop_id = c.shop_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  const campaign = c.rows[0];
  if (!campaign) return null;
  const windows = await getAttributionWindows(shopId);
  const liftWindowHours = Math.max(windows.clickWindowHours, windows.viewWindowHours);
  const [counts, orders, optOuts, lift, prices, clickSources] = await Promise.all([
    readWithoutJit<CountsRow>(RECIPIENT_COUNTS_SQL, [shopId, campaignId]),
    readWithoutJit<{
      segment_id: number | null;
      orders: number;
      converted: number;
      revenue: string;
      click_revenue: string;
      view_revenue: string;
    }>(ORDERS_SQL, [shopId, campaignId]),
    readWithoutJit<{ segment_id: number | null; n: number }>(OPT_OUTS_SQL, [shopId, campaignId]),
    readWithoutJit<{
      segment_id: number | null;
      held_out: boolean;
      n: number;
      converted: number;
      revenue: string;
      squares: string;
      last_start: Date;
    }>(LIFT_SQL, [shopId, campaignId, liftWindowHours], { hashJoins: true }),
    getPriceTable(shopId),
    readWithoutJit<{ storefront: number; redirect: number; tracked: number }>(CLICK_SOURCES_SQL, [shopId, campaignId]),
  ]);

  const key = (id: number | null) => (id === null ? "none" : String(id));
  const segmentIds = new Map<string, number | null>();
  for (const rows of [counts.rows, orders.rows]) for (const r of rows) segmentIds.set(key(r.segment_id), r.segment_id);
  const nameOf = await segmentNames(shopId, [...segmentIds.values()]);
  const countsBy = new Map<string, Omit<CountsRow, "country" | "pricing_category">>();
  const deliveredBy = new Map<string, MessageCount[]>();
  for (const r of counts.rows) {
    const k = key(r.segment_id);
    const sum = countsBy.get(k) ?? {
      segment_id: r.segment_id,
      recipients: 0,
      excluded: 0,
      skipped: 0,
      holdout: 0,
      sent: 0,
      delivered: 0,
      read: 0,
      replied: 0,
      clicked: 0,
      failed: 0,
    };
    for (const f of COUNT_FIELDS) sum[f] += r[f];
    countsBy.set(k, sum);
    if (r.delivered > 0) {
      deliveredBy.set(k, [
        ...(deliveredBy.get(k) ?? []),
        {
          country: r.country,
          pricingCategory: r.pricing_category,
          templateCategory: campaign.template_category,
          count: r.delivered,
        },
      ]);
    }
  }
  const ordersBy = new Map(orders.rows.map((r) => [key(r.segment_id), r]));
  const optOutsBy = new Map(optOuts.rows.map((r) => [key(r.segment_id), r.n]));

  const segments: SegmentMetrics[] = [];
  for (const [k, segmentId] of segmentIds) {
    const n = countsBy.get(k);
    const o = ordersBy.get(k);
    segments.push(
      finish(
        {
          segmentId,
          segmentName: nameOf(segmentId),
          recipients: n?.recipients ?? 0,
          sent: n?.sent ?? 0,
          delivered: n?.delivered ?? 0,
          read: n?.read ?? 0,
          replied: n?.replied ?? 0,
          clicked: n?.clicked ?? 0,
          failed: n?.failed ?? 0,
          optOuts: optOutsBy.get(k) ?? 0,
          orders: o?.orders ?? 0,
          converted: o?.converted ?? 0,
          revenueMinor: o?.revenue ?? "0",
          clickRevenueMinor: o?.click_revenue ?? "0",
          viewRevenueMinor: o?.view_revenue ?? "0",
        },
        costOf(prices, deliveredBy.get(k) ?? []),
      ),
    );
  }
  segments.sort((a, b) =>
    BigInt(b.revenueMinor) > BigInt(a.revenueMinor)
      ? 1
      : BigInt(b.revenueMinor) < BigInt(a.revenueMinor)
        ? -1
        : b.sent - a.sent,
  );

  const sum = (f: (s: SegmentMetrics) => number) => segments.reduce((acc, s) => acc + f(s), 0);
  const sumBig = (f: (s: SegmentMetrics) => string) => segments.reduce((acc, s) => acc + BigInt(f(s)), 0n).toString();
  const totals = finish(
    {
      segmentId: null,
      segmentName: "All segments",
      recipients: sum((s) => s.recipients),
      sent: sum((s) => s.sent),
      delivered: sum((s) => s.delivered),
      read: sum((s) => s.read),
      replied: sum((s) => s.replied),
      clicked: sum((s) => s.clicked),
      failed: sum((s) => s.failed),
      optOuts: sum((s) => s.optOuts),
      orders: sum((s) => s.orders),
      converted: sum((s) => s.converted),
      revenueMinor: sumBig((s) => s.revenueMinor),
      clickRevenueMinor: sumBig((s) => s.clickRevenueMinor),
      viewRevenueMinor: sumBig((s) => s.viewRevenueMinor),
    },
    costOf(prices, [...deliveredBy.values()].flat()),
  );

  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      startedAt: campaign.started_at?.toISOString() ?? null,
      completedAt: campaign.completed_at?.toISOString() ?? null,
      holdoutShare: campaign.holdout_share,
      templateName: campaign.template_name,
      templateCategory: campaign.template_category,
      discountCodes: campaign.discount_codes ?? [],
    },
    currency: campaign.currency,
    exponent: campaign.currency_exponent,
    windows,
    costAvailable: prices.usdRate !== null,
    excluded: counts.rows.reduce((a, r) => a + r.excluded, 0),
    skipped: counts.rows.reduce((a, r) => a + r.skipped, 0),
    holdout: counts.rows.reduce((a, r) => a + r.holdout, 0),
    totals,
    segments,
    clicks: {
      storefront: clickSources.rows[0]?.storefront ?? 0,
      redirect: clickSources.rows[0]?.redirect ?? 0,
      fromOrdersOnly: Math.max(0, totals.clicked - (clickSources.rows[0]?.tracked ?? 0)),
    },
    lift: liftReport(lift.rows, liftWindowHours, nameOf, opts.now ?? new Date()),
  };
}

function liftReport(
  rows: Array<{
    segment_id: number | null;
    held_out: boolean;
    n: number;
    converted: number;
    revenue: string;
    squares: string;
    last_start: Date;
  }>,
  windowHours: number,
  nameOf: (id: number | null) => string,
  now: Date,
): LiftReport | null {
  if (!rows.some((r) => r.held_out)) return null;
  const empty = (): GroupOutcome => ({ n: 0, converted: 0, revenue: 0, revenueSquares: 0 });
  const add = (g: GroupOutcome, r: (typeof rows)[number]) => {
    g.n += r.n;
    g.converted += r.converted;
    g.revenue += Number(r.revenue);
    g.revenueSquares += Number(r.squares);
  };
  const all = { messaged: empty(), holdout: empty() };
  const bySegment = new Map<string, { segmentId: number | null; messaged: GroupOutcome; holdout: GroupOutcome }>();
  let lastStart = 0;
  for (const r of rows) {
    const k = r.segment_id === null ? "none" : String(r.segment_id);
    const entry = bySegment.get(k) ?? { segmentId: r.segment_id, messaged: empty(), holdout: empty() };
    add(r.held_out ? entry.holdout : entry.messaged, r);
    add(r.held_out ? all.holdout : all.messaged, r);
    bySegment.set(k, entry);
    lastStart = Math.max(lastStart, r.last_start.getTime());
  }
  const measuredUntil = new Date(lastStart + windowHours * 3_600_000);
  return {
    windowHours,
    measuredUntil: measuredUntil.toISOString(),
    complete: measuredUntil <= now,
    campaign: serializeLift(computeLift(all.messaged, all.holdout)),
    segments: [...bySegment.values()]
      .filter((s) => s.holdout.n > 0)
      .map((s) => ({
        segmentId: s.segmentId,
        segmentName: nameOf(s.segmentId),
        lift: serializeLift(computeLift(s.messaged, s.holdout)),
      })),
  };
}

/** Campaign ids of a shop that have recipients, for links and tests. */
export async function campaignExists(shopId: number, campaignId: number) {
  const { rowCount } = await pool().query(`SELECT 1 FROM campaigns WHERE shop_id = $1 AND id = $2`, [
    shopId,
    campaignId,
  ]);
  return (rowCount ?? 0) > 0;
}

export type { ShopPriceTable };
