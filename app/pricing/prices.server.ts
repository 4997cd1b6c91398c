// A shop's message prices: the repo's rate card (rate-card.ts) with the merchant's own rates on top, and the
// exchange rate from US dollars (Meta's rate card currency) to the shop currency. Used for the cost of sent
// campaigns (attribution reports) and for the estimated cost of a planned campaign (campaign send plan).
import { z } from "zod";
import { pool } from "../db.server";
import { billedCategory, marketOf, MARKETS, PRICED_CATEGORIES, type PricedCategory } from "./rate-card";

export interface ShopPriceTable {
  currency: string;
  currencyExponent: number;
  /** 1 USD in the shop currency, as a decimal string; null until the merchant sets it (non-USD shops) */
  usdRate: string | null;
  /** market → category → USD micros (merchant's rate where set) */
  usdMicros: Map<string, Map<PricedCategory, number>>;
  /** "market/category" keys the merchant changed */
  overridden: Set<string>;
}

export const usdRateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,9})?$/, { error: "Enter how much 1 US dollar is in your currency, e.g. 0.92" })
  .refine((v) => Number(v) > 0, { error: "The exchange rate must be above 0" });

export const priceSchema = z.object({
  market: z.string().refine((key) => MARKETS.some((mk) => mk.key === key), { error: "Unknown market" }),
  category: z.enum(PRICED_CATEGORIES),
  /** USD with up to 6 decimals, or "" to go back to Meta's rate */
  usd: z
    .string()
    .trim()
    .regex(/^(\d{1,3}(\.\d{1,6})?)?$/, { error: "Enter the price in US dollars, e.g. 0.0250" }),
});

export async function getPriceTable(shopId: number): Promise<ShopPriceTable> {
  const shop = await pool().query<{ currency: string; currency_exponent: number; usd_rate: string | null }>(
    `SELECT currency, currency_exponent, settings->'pricing'->>'usdRate' AS usd_rate FROM shops WHERE id = $1`,
    [shopId],
  );
  const s = shop.rows[0];
  if (!s) throw new Error(`shop ${shopId} not found`);
  const usdMicros = new Map<string, Map<PricedCategory, number>>();
  for (const market of MARKETS) {
    usdMicros.set(market.key, new Map(Object.entries(market.usdMicros) as [PricedCategory, number][]));
  }
  const overrides = await pool().query<{ market: string; category: PricedCategory; usd_micros: number }>(
    `SELECT market, category, usd_micros FROM message_prices WHERE shop_id = $1`,
    [shopId],
  );
  const overridden = new Set<string>();
  for (const o of overrides.rows) {
    usdMicros.get(o.market)?.set(o.category, o.usd_micros);
    overridden.add(`${o.market}/${o.category}`);
  }
  const usdRate =
    s.usd_rate && usdRateSchema.safeParse(s.usd_rate).success ? s.usd_rate : s.currency === "USD" ? "1" : null;
  return { currency: s.currency, currencyExponent: s.currency_exponent, usdRate, usdMicros, overridden };
}

/** Price of one delivered message in USD micros (authentication_international falls back to authentication). */
export function unitPriceMicros(table: ShopPriceTable, country: string | null, category: PricedCategory): number {
  const market = table.usdMicros.get(marketOf(country)) ?? table.usdMicros.get("other")!;
  return market.get(category) ?? market.get("authentication") ?? 0;
}

/** USD micros → shop minor units with the shop's exchange rate (exact decimal arithmetic, rounded half up). */
export function usdMicrosToMinor(micros: bigint, usdRate: string, exponent: number): bigint {
  const [whole, frac = ""] = usdRate.split(".");
  const rateScaled = BigInt(whole! + frac); // rate × 10^frac.length
  const numerator = micros * rateScaled * 10n ** BigInt(exponent);
  const denominator = 1_000_000n * 10n ** BigInt(frac.length);
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export interface MessageCount {
  country: string | null;
  /** the status webhook's pricing category (null when none arrived) */
  pricingCategory: string | null;
  /** the template's category, for messages whose receipts carried no pricing */
  templateCategory: string | null;
  count: number;
}

export interface Cost {
  usdMicros: bigint;
  /** in the shop currency; null when the shop has not set its exchange rate */
  minor: bigint | null;
}

/** Cost of delivered messages grouped by country and category. */
export function costOf(table: ShopPriceTable, counts: Iterable<MessageCount>): Cost {
  let usd = 0n;
  for (const c of counts) {
    const category = billedCategory(c.pricingCategory, c.templateCategory);
    if (!category || c.count <= 0) continue;
    usd += BigInt(unitPriceMicros(table, c.country, category)) * BigInt(c.count);
  }
  return { usdMicros: usd, minor: table.usdRate ? usdMicrosToMinor(usd, table.usdRate, table.currencyExponent) : null };
}

/**
 * Estimated cost of a planned send: recipients per country, all in one template category (the campaign
 * planner calls this before scheduling; Meta bills only delivered messages, so this is an upper bound).
 */
export async function estimateCampaignCost(opts: {
  shopId: number;
  templateCategory: string;
  recipientsByCountry: Iterable<{ country: string | null; count: number }>;
}): Promise<Cost & { byMarket: Array<{ market: string; count: number; usdMicros: bigint }> }> {
  const table = await getPriceTable(opts.shopId);
  const category = billedCategory(null, opts.templateCategory);
  const byMarket = new Map<string, { count: number; usdMicros: bigint }>();
  for (const { country, count } of opts.recipientsByCountry) {
    const market = marketOf(country);
    const entry = byMarket.get(market) ?? { count: 0, usdMicros: 0n };
    entry.count += count;
    if (category) entry.usdMicros += BigInt(unitPriceMicros(table, country, category)) * BigInt(count);
    byMarket.set(market, entry);
  }
  const usd = [...byMarket.values()].reduce((sum, e) => sum + e.usdMicros, 0n);
  return {
    usdMicros: usd,
    minor: table.usdRate ? usdMicrosToMinor(usd, table.usdRate, table.currencyExponent) : null,
    byMarket: [...byMarket.entries()].map(([market, e]) => ({ market, ...e })),
  };
}

/** The merchant's rate for one market and category; an empty price restores Meta's rate. */
export async function savePrice(shopId: number, input: z.input<typeof priceSchema>) {
  const { market, category, usd } = priceSchema.parse(input);
  if (usd === "") {
    await pool().query(`DELETE FROM message_prices WHERE shop_id = $1 AND market = $2 AND category = $3`, [
      shopId,
      market,
      category,
    ]);
    return;
  }
  const [whole, frac = ""] = usd.split(".");
  const micros = Number(whole) * 1_000_000 + Number(frac.padEnd(6, "0"));
  await pool().query(
    `INSERT INTO message_prices (shop_id, market, category, usd_micros) VALUES ($1, $2, $3, $4)
     ON CONFLICT (shop_id, market, category) DO UPDATE SET usd_micros = EXCLUDED.usd_micros, updated_at = now()`,
    [shopId, market, category, micros],
  );
}

export async function saveUsdRate(shopId: number, rate: string) {
  const valid = usdRateSchema.parse(rate);
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{pricing}',
       COALESCE(settings->'pricing', '{}'::jsonb) || jsonb_build_object('usdRate', $2::text)), updated_at = now()
     WHERE id = $1`,
    [shopId, valid],
  );
}
