// Meta's WhatsApp per-message rate card, kept in the repo so costs work offline and the merchant can see and
// edit every figure (Settings → Message prices; their edits live in message_prices and win over this table).
// Shared by the browser and the server: no server imports.
//
// Source: Meta, "Pricing on the WhatsApp Business Platform", rate card in USD effective 2025-07-01 (per-message
// pricing), https://developers.facebook.com/docs/whatsapp/pricing — transcribed 2026-11-24; the per-country
// reproduction at https://docs.sent.dm/docs/guides/whatsapp-pricing (same effective date) was used to check the
// regional rows (Rest of Africa / Asia Pacific / CEE / Latin America / Western Europe, Other) and Argentina.
// Meta revises rates quarterly (announced so far: 2025-10-01 UAE marketing up, Mexico marketing down, Colombia
// utility/authentication up, Saudi Arabia/Argentina/Egypt utility/authentication down, Zimbabwe → Rest of
// Africa; 2026-01-01 India marketing up, France/Egypt marketing down, North America utility/authentication down).
// Those revisions are NOT applied below: check the current card and edit the rates that matter to you.
// Utility and authentication rates are the first volume tier (Meta lowers them above monthly volume thresholds).

export const RATE_CARD_EFFECTIVE = "2025-07-01";
export const RATE_CARD_SOURCE = "https://developers.facebook.com/docs/whatsapp/pricing";

/** Billed categories as they appear in status webhooks' `pricing.category`. */
export const PRICED_CATEGORIES = ["marketing", "utility", "authentication", "authentication_international"] as const;
export type PricedCategory = (typeof PRICED_CATEGORIES)[number];

export interface Market {
  key: string;
  name: string;
  /** USD × 1,000,000 per delivered message; authentication_international only where Meta has one */
  usdMicros: Partial<Record<PricedCategory, number>> & Record<"marketing" | "utility" | "authentication", number>;
}

const m = (marketing: number, utility: number, authentication: number, international?: number) => ({
  marketing: Math.round(marketing * 1e6),
  utility: Math.round(utility * 1e6),
  authentication: Math.round(authentication * 1e6),
  ...(international !== undefined ? { authentication_international: Math.round(international * 1e6) } : {}),
});

export const MARKETS: readonly Market[] = [
  { key: "AR", name: "Argentina", usdMicros: m(0.0618, 0.0289, 0.0289) },
  { key: "BR", name: "Brazil", usdMicros: m(0.0625, 0.0068, 0.0068) },
  { key: "CL", name: "Chile", usdMicros: m(0.0889, 0.02, 0.02) },
  { key: "CO", name: "Colombia", usdMicros: m(0.0125, 0.0002, 0.0002) },
  { key: "EG", name: "Egypt", usdMicros: m(0.1073, 0.0052, 0.0052, 0.065) },
  { key: "FR", name: "France", usdMicros: m(0.0859, 0.03, 0.03) },
  { key: "DE", name: "Germany", usdMicros: m(0.1365, 0.055, 0.055) },
  { key: "IN", name: "India", usdMicros: m(0.0107, 0.0014, 0.0014, 0.028) },
  { key: "ID", name: "Indonesia", usdMicros: m(0.0411, 0.025, 0.025, 0.136) },
  { key: "IL", name: "Israel", usdMicros: m(0.0353, 0.0053, 0.0053) },
  { key: "IT", name: "Italy", usdMicros: m(0.0691, 0.03, 0.03) },
  { key: "MY", name: "Malaysia", usdMicros: m(0.086, 0.014, 0.014, 0.0418) },
  { key: "MX", name: "Mexico", usdMicros: m(0.0436, 0.0085, 0.0085) },
  { key: "NL", name: "Netherlands", usdMicros: m(0.1597, 0.05, 0.05) },
  { key: "NG", name: "Nigeria", usdMicros: m(0.0516, 0.0067, 0.0067, 0.075) },
  { key: "PK", name: "Pakistan", usdMicros: m(0.0473, 0.0054, 0.0054, 0.075) },
  { key: "PE", name: "Peru", usdMicros: m(0.0703, 0.02, 0.02) },
  { key: "RU", name: "Russia", usdMicros: m(0.0802, 0.04, 0.04) },
  { key: "SA", name: "Saudi Arabia", usdMicros: m(0.0455, 0.0115, 0.0115) },
  { key: "ZA", name: "South Africa", usdMicros: m(0.0379, 0.0076, 0.0076, 0.02) },
  { key: "ES", name: "Spain", usdMicros: m(0.0615, 0.02, 0.02) },
  { key: "TR", name: "Turkey", usdMicros: m(0.0109, 0.0053, 0.0053) },
  { key: "AE", name: "United Arab Emirates", usdMicros: m(0.0384, 0.0157, 0.0157) },
  { key: "GB", name: "United Kingdom", usdMicros: m(0.0529, 0.022, 0.022) },
  { key: "north_america", name: "North America (US, Canada)", usdMicros: m(0.025, 0.0034, 0.0034) },
  { key: "rest_of_africa", name: "Rest of Africa", usdMicros: m(0.0225, 0.004, 0.004) },
  { key: "rest_of_asia_pacific", name: "Rest of Asia Pacific", usdMicros: m(0.0732, 0.0113, 0.0113) },
  { key: "rest_of_cee", name: "Rest of Central & Eastern Europe", usdMicros: m(0.086, 0.0212, 0.0212) },
  { key: "rest_of_latam", name: "Rest of Latin America", usdMicros: m(0.074, 0.0113, 0.0113) },
  { key: "rest_of_middle_east", name: "Rest of Middle East", usdMicros: m(0.0341, 0.0091, 0.0091) },
  { key: "rest_of_western_europe", name: "Rest of Western Europe", usdMicros: m(0.0592, 0.0171, 0.0171) },
  { key: "other", name: "Other", usdMicros: m(0.0604, 0.0077, 0.0077) },
];

const REGIONS: Record<string, string> = {
  north_america: "US CA",
  rest_of_africa:
    "DZ AO BJ BW BF BI CM TD CG ER ET GA GM GH GW CI KE LS LR LY MG MW ML MR MA MZ NA NE RW SN SL SO SS SD SZ TZ TG TN UG ZM",
  rest_of_asia_pacific: "AF AU BD KH CN HK JP LA MO MN NP NZ PG PH SG LK TW TJ TH TM UZ VN",
  rest_of_cee: "AL AM AZ BY BG HR CZ GE GR HU LV LT MK MD PL RO RS SK SI UA",
  rest_of_latam:
    "AI AG AW BS BB BZ BM BO KY CR DM DO EC SV GD GT GY HT HN JM NI PA PY PR KN LC VC SR TT TC UY VE VG VI",
  rest_of_middle_east: "BH IQ JO KW LB OM QA YE",
  rest_of_western_europe: "AD AT BE DK FI IE IS LI LU MC NO PT SM CH SE",
};

const MARKET_OF_COUNTRY: Map<string, string> = (() => {
  const map = new Map<string, string>();
  for (const market of MARKETS) if (/^[A-Z]{2}$/.test(market.key)) map.set(market.key, market.key);
  for (const [market, countries] of Object.entries(REGIONS)) for (const c of countries.split(" ")) map.set(c, market);
  return map;
})();

/** Meta's market for a recipient country (ISO 3166-1 alpha-2 of the phone number); unknown → "other". */
export function marketOf(countryCode: string | null | undefined): string {
  return MARKET_OF_COUNTRY.get((countryCode ?? "").toUpperCase()) ?? "other";
}

/** Every country the table names, for the Settings page (country → market). */
export function countriesOf(marketKey: string): string[] {
  return [...MARKET_OF_COUNTRY.entries()]
    .filter(([, market]) => market === marketKey)
    .map(([country]) => country)
    .sort();
}

/**
 * The category a delivered message is billed in: the status webhook's pricing.category when present (read
 * receipts may omit it), else the template's category; free categories cost nothing.
 */
export function billedCategory(
  pricingCategory: string | null | undefined,
  templateCategory: string | null | undefined,
): PricedCategory | null {
  const raw = (pricingCategory ?? templateCategory ?? "marketing").toLowerCase();
  if (raw === "marketing" || raw === "marketing_lite") return "marketing";
  if (raw === "utility") return "utility";
  if (raw === "authentication") return "authentication";
  if (raw === "authentication_international") return "authentication_international";
  // service, referral_conversion (free entry points) and anything unknown: not billed per message
  return null;
}

/** "$0.0250" — a USD micro amount for display (Meta's cards show four decimals). */
export function formatUsdMicros(micros: number | bigint): string {
  const value = Number(micros) / 1e6;
  return `$${value.toFixed(value < 10 ? 4 : 2)}`;
}
