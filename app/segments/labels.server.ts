// Human names for what a definition refers to (products, collections, segments), used in "why they match"
// explanations, and one-sentence summaries of definitions.
import type pg from "pg";
import { formatMoney } from "../lib/money";
import { describeEngagement, type EngagementParams } from "./engagement-params";
import type {
  AovTierParams,
  CampaignResponseParams,
  CombinationParams,
  CrossSellParams,
  FormerVipParams,
  LocationParams,
  ProductSelector,
  ProductSpecificParams,
  RfmParams,
  SaleShopperParams,
  SampleParams,
  SegmentKind,
  SegmentParams,
} from "./definitions";

type Db = pg.Pool | pg.PoolClient;

function list(names: string[], joiner: string, limit = 2): string {
  if (names.length <= limit) return names.join(joiner);
  return `${names.slice(0, limit).join(", ")}${joiner}${names.length - limit} more`;
}

/** "Ceramic Mug or Tea (collection)", "vendor Acme", "3 products or tag sale". */
export async function describeSelector(db: Db, shopId: number, s: ProductSelector): Promise<string> {
  const { rows } = await db.query<{ products: string[]; variants: string[]; collections: string[] }>(
    `SELECT
       array(SELECT title FROM products WHERE shop_id = $1 AND id = ANY($2::bigint[]) ORDER BY title) AS products,
       array(SELECT p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), '')
             FROM product_variants v LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
             WHERE v.shop_id = $1 AND v.id = ANY($3::bigint[]) ORDER BY 1) AS variants,
       array(SELECT title FROM collections WHERE shop_id = $1 AND id = ANY($4::bigint[]) ORDER BY title) AS collections`,
    [shopId, s.productIds, s.variantIds, s.collectionIds],
  );
  const r = rows[0]!;
  const parts: string[] = [];
  const products = [...r.products, ...r.variants];
  const unknown = s.productIds.length + s.variantIds.length - products.length;
  if (products.length) parts.push(list(products, " or "));
  if (unknown > 0) parts.push(`${unknown} other product${unknown === 1 ? "" : "s"}`);
  if (r.collections.length) parts.push(`${list(r.collections, " or ")} (collection)`);
  if (s.vendors.length) parts.push(`vendor ${list(s.vendors, " or ")}`);
  if (s.productTypes.length) parts.push(`type ${list(s.productTypes, " or ")}`);
  if (s.tags.length) parts.push(`tag ${list(s.tags, " or ")}`);
  return parts.join(" or ") || "the chosen products";
}

async function segmentNames(db: Db, shopId: number, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM segments WHERE shop_id = $1 AND id = ANY($2::int[])`,
    [shopId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Labels a kind's `why` expression refers to (see sql/*.server.ts `label(...)` calls). */
export async function resolveLabels(
  db: Db,
  shopId: number,
  kind: SegmentKind,
  params: SegmentParams,
): Promise<Record<string, string>> {
  switch (kind) {
    case "cross_sell": {
      const p = params as { a: ProductSelector; b: ProductSelector };
      return { a: await describeSelector(db, shopId, p.a), b: await describeSelector(db, shopId, p.b) };
    }
    case "product_specific":
      return { products: await describeSelector(db, shopId, (params as { products: ProductSelector }).products) };
    case "sample": {
      const p = params as SampleParams;
      const names = await segmentNames(db, shopId, [p.segmentId]);
      return { base: names.get(p.segmentId) ?? "a deleted segment" };
    }
    case "combination": {
      const p = params as CombinationParams;
      const names = await segmentNames(db, shopId, [...p.segmentIds, ...p.exclude]);
      const name = (id: number) => `“${names.get(id) ?? "deleted segment"}”`;
      return {
        inputs: list(p.segmentIds.map(name), p.op === "and" ? " and " : " or ", 3),
        exclude: list(p.exclude.map(name), " or ", 3),
      };
    }
    case "campaign_response": {
      const p = params as CampaignResponseParams;
      if (p.campaignId === null) return { campaign: `any campaign of the last ${p.withinDays} days` };
      const { rows } = await db.query<{ name: string }>(`SELECT name FROM campaigns WHERE shop_id = $1 AND id = $2`, [
        shopId,
        p.campaignId,
      ]);
      return { campaign: rows[0] ? `“${rows[0].name}”` : "a deleted campaign" };
    }
    default:
      return {};
  }
}

// ---- one-sentence summaries ----------------------------------------------------------------------------------

export interface MoneyDisplay {
  currency: string;
  exponent: number;
}

function formatMinor(minor: string, money: MoneyDisplay): string {
  return formatMoney(BigInt(minor), money.currency, money.exponent);
}

const within = (days: number | null) => (days === null ? "" : ` in the last ${days} days`);

/**
 * The definition in one sentence for lists and the segment page ("Bought Ceramic Mug in the last 90 days, never
 * Tea Kettle"). Store-wide figures frozen at the last refresh (AOV cut points, VIP threshold) are shown when known.
 */
export async function describeSegment(
  db: Db,
  shopId: number,
  kind: SegmentKind,
  params: SegmentParams,
  money: MoneyDisplay,
  computed: Record<string, unknown> = {},
): Promise<string> {
  const labels = await resolveLabels(db, shopId, kind, params);
  switch (kind) {
    case "cross_sell": {
      const p = params as CrossSellParams;
      return `Bought ${labels.a}${within(p.withinDays)}, never ${labels.b}`;
    }
    case "product_specific": {
      const p = params as ProductSpecificParams;
      const times =
        p.countBy === "units"
          ? `${p.minTimes}+ units`
          : p.minTimes === 1
            ? "at least once"
            : `in ${p.minTimes}+ orders`;
      return `Bought ${labels.products} ${times}${within(p.withinDays)}`;
    }
    case "sale_shopper": {
      const p = params as SaleShopperParams;
      const deals = [
        p.discountCodes && "discount codes",
        p.automaticDiscounts && "automatic discounts",
        p.markdowns && "marked-down items",
      ]
        .filter(Boolean)
        .join(", ");
      return `At least ${Math.round(p.minShare * 1000) / 10}% of orders with a deal (${deals}), ${p.minOrders}+ orders`;
    }
    case "former_vip": {
      const p = params as FormerVipParams;
      const period = p.qualifyingDays === null ? "before that" : `in the ${p.qualifyingDays} days before that`;
      const threshold =
        typeof computed.thresholdMinor === "string" ? ` (${formatMinor(computed.thresholdMinor, money)} or more)` : "";
      const rank =
        p.rankBy === "amount" && p.minSpendMinor !== null
          ? `Spent at least ${formatMinor(p.minSpendMinor, money)}`
          : `Top ${p.topPercent}% by spend${threshold}`;
      return `${rank} ${period}, no order in the last ${p.lapsedDays} days`;
    }
    case "aov_tier": {
      const p = params as AovTierParams;
      if (p.mode === "fixed") {
        const from = p.minMinor !== null ? `from ${formatMinor(p.minMinor, money)}` : "";
        const to = p.maxMinor !== null ? `below ${formatMinor(p.maxMinor, money)}` : "";
        return `Average order value ${[from, to].filter(Boolean).join(" and ")}, ${p.minOrders}+ orders`;
      }
      const cuts = computed.cutsMinor as [string, string] | null | undefined;
      const range = cuts
        ? p.band === "low"
          ? `below ${formatMinor(cuts[0], money)}`
          : p.band === "high"
            ? `${formatMinor(cuts[1], money)} or more`
            : `${formatMinor(cuts[0], money)} to ${formatMinor(cuts[1], money)}`
        : "";
      const pct = (x: number) => `${Math.round(x * 10) / 10}%`;
      return (
        `Average order value in the ${p.band} band of your store (cuts at the ${pct(p.cutPercentiles[0])} and ${pct(p.cutPercentiles[1])} ` +
        `points${range ? `: ${range}` : ""}), ${p.minOrders}+ orders`
      );
    }
    case "rfm":
      return `RFM groups: ${(params as RfmParams).cells.map((c) => c.replace(/_/g, " ")).join(", ")}`;
    case "location": {
      const p = params as LocationParams;
      return `Lives in ${[...p.countryCodes, ...p.provinceCodes, ...p.cities].join(", ")}`;
    }
    case "sample": {
      const p = params as SampleParams;
      return `A ${p.percent}% sample of “${labels.base}” (seed “${p.seed}”)`;
    }
    case "campaign_response": {
      const p = params as CampaignResponseParams;
      const what =
        p.didNot === "read" ? "did not read it" : p.didNot === "click" ? "did not click" : "did not buy since";
      return `Reached by ${labels.campaign}, ${what}`;
    }
    case "engagement":
      return describeEngagement(params as EngagementParams);
    default: {
      const p = params as CombinationParams;
      return `In ${p.op === "and" ? "all of" : "any of"} ${labels.inputs}${p.exclude.length ? `, not in ${labels.exclude}` : ""}`;
    }
  }
}
