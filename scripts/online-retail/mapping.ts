// How the UCI Online Retail columns become Shopify-shaped rows (docs/online-retail-mapping.md explains every
// choice). Pure tables and helpers shared by read.ts and to-jsonl.ts; stats.ts deliberately does not use them.
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { zoneOffsetMs } from "../../app/lib/zoned-time";

export const DEFAULT_PATH = new URL(
  "../../test/fixtures/data/online-retail/online-retail-2010-2011.csv.gz",
  import.meta.url,
).pathname;
export const SHOP_CURRENCY = "GBP";
export const SHOP_TIME_ZONE = "Europe/London";
export const CURRENCY_EXPONENT = 2;

// Id ranges: every id is above 2^53 (9_007_199_254_740_992), so a consumer that rounds ids through a JS number
// breaks visibly, and below 2^63.
// Each kind has its own range, so two kinds never share an id.
export const ID_BASE = {
  product: 7_100_000_000_000_000_000n, // + index of the StockCode's first appearance (1-based)
  variant: 7_200_000_000_000_000_000n, // + same index (one variant per product)
  customer: 7_300_000_000_000_000_000n, // + CustomerID
  order: 7_400_000_000_000_000_000n, // + InvoiceNo
  lineItem: 7_500_000_000_000_000_000n, // + InvoiceNo * 10_000 + line index (invoices have at most 1,114 lines)
  refund: 7_600_000_000_000_000_000n, // + digits of the C InvoiceNo
  collection: 7_700_000_000_000_000_000n, // + index in PRODUCT_TYPES (1-based)
} as const;

/** The 38 `Country` values of the file → ISO 3166-1 alpha-2; null where the file names no single country. */
export const COUNTRY_CODES: Readonly<Record<string, string | null>> = {
  Australia: "AU",
  Austria: "AT",
  Bahrain: "BH",
  Belgium: "BE",
  Brazil: "BR",
  Canada: "CA",
  // Jersey and Guernsey are separate Shopify countries; the file does not say which. Jersey is a documented guess.
  "Channel Islands": "JE",
  Cyprus: "CY",
  "Czech Republic": "CZ",
  Denmark: "DK",
  EIRE: "IE",
  "European Community": null,
  Finland: "FI",
  France: "FR",
  Germany: "DE",
  Greece: "GR",
  "Hong Kong": "HK",
  Iceland: "IS",
  Israel: "IL",
  Italy: "IT",
  Japan: "JP",
  Lebanon: "LB",
  Lithuania: "LT",
  Malta: "MT",
  Netherlands: "NL",
  Norway: "NO",
  Poland: "PL",
  Portugal: "PT",
  RSA: "ZA",
  "Saudi Arabia": "SA",
  Singapore: "SG",
  Spain: "ES",
  Sweden: "SE",
  Switzerland: "CH",
  USA: "US",
  "United Arab Emirates": "AE",
  "United Kingdom": "GB",
  Unspecified: null,
};

export function countryCode(country: string): string | null {
  if (!(country in COUNTRY_CODES))
    throw new Error(`Online Retail: unknown Country "${country}" (add it to COUNTRY_CODES)`);
  return COUNTRY_CODES[country]!;
}

/** What a StockCode is. Codes are compared upper-cased: the file has "84997a" next to "84997A". */
export type CodeKind = "product" | "shipping" | "discount" | "adjustment";

const SHIPPING_CODES = new Set(["POST", "DOT", "C2"]); // postage, dotcom postage, carriage
const DISCOUNT_CODES = new Set(["D"]);
// Money movements that are not goods: manual corrections, fees, commission, samples, 0.001 placeholders, bad debt.
const ADJUSTMENT_CODES = new Set(["M", "BANK CHARGES", "AMAZONFEE", "CRUK", "S", "PADS", "B"]);

export function stockCodeKey(stockCode: string): string {
  return stockCode.trim().toUpperCase();
}

export function codeKind(stockCode: string): CodeKind {
  const key = stockCodeKey(stockCode);
  if (SHIPPING_CODES.has(key)) return "shipping";
  if (DISCOUNT_CODES.has(key)) return "discount";
  if (ADJUSTMENT_CODES.has(key)) return "adjustment";
  return "product";
}

/**
 * "2.55" → 255n pence, exactly (no floating point). Prices with more than two decimals (four rows of "0.001")
 * are rounded half away from zero to whole pence, because a Shopify line price is a whole minor unit.
 */
export function priceToMinor(price: string): bigint {
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(price.trim());
  if (!m || (m[2] === "" && !m[3])) throw new Error(`Online Retail: not a price: "${price}"`);
  const [, sign, whole, frac = ""] = m;
  let minor = BigInt(whole || "0") * 100n + BigInt(frac.padEnd(2, "0").slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) minor += 1n;
  return sign ? -minor : minor;
}

/** "17850.0" → 17850n; empty → null (guest). */
export function customerNumber(raw: string): bigint | null {
  const text = raw.trim();
  if (text === "") return null;
  const m = /^(\d+)(?:\.0*)?$/.exec(text);
  if (!m) throw new Error(`Online Retail: CustomerID "${raw}" is not a whole number`);
  return BigInt(m[1]!);
}

/** "C536379" → 536379n, "536365" → 536365n. */
export function invoiceNumber(invoiceNo: string): bigint {
  const m = /^[A-Z]?(\d+)$/.exec(invoiceNo);
  if (!m) throw new Error(`Online Retail: InvoiceNo "${invoiceNo}" has an unexpected shape`);
  return BigInt(m[1]!);
}

/** Minutes since 1970 of a naive "YYYY-MM-DD HH:MM:SS", only for comparing rows of the file with each other. */
export function naiveMinutes(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) throw new Error(`Online Retail: InvoiceDate "${text}" is not YYYY-MM-DD HH:MM:SS`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) / 60_000;
}

/** Offset of London from UTC at an instant, in minutes (0 in GMT, 60 in BST). */
function londonOffsetMinutes(utcMs: number): number {
  return Math.round(zoneOffsetMs(utcMs, SHOP_TIME_ZONE) / 60_000);
}

const utcCache = new Map<string, Date>();

/**
 * A UK wall-clock time of the file → the UTC instant. Two guesses settle it, because the offset is one of two
 * values: read as UTC, subtract the offset in force then, and re-check. In the repeated hour of October the
 * earlier (BST) reading wins; the skipped hour of March does not occur in trading hours.
 */
export function londonToUtc(text: string): Date {
  const cached = utcCache.get(text);
  if (cached) return new Date(cached.getTime());
  const naive = naiveMinutes(text) * 60_000;
  const first = naive - londonOffsetMinutes(naive) * 60_000;
  const second = naive - londonOffsetMinutes(first) * 60_000;
  const utc = new Date(londonOffsetMinutes(second) === londonOffsetMinutes(first) ? first : second);
  if (utcCache.size > 50_000) utcCache.clear();
  utcCache.set(text, utc);
  return new Date(utc.getTime());
}

/** Product types from keywords of the description, first match wins (Christmas before the things it decorates). */
export const PRODUCT_TYPES: ReadonlyArray<{ type: string; pattern: RegExp }> = [
  { type: "Gift Cards", pattern: /GIFT VOUCHER/ },
  { type: "Christmas", pattern: /CHRISTMAS|XMAS|ADVENT|BAUBLE|SANTA|REINDEER|SNOWFLAKE/ },
  { type: "Candles & Lighting", pattern: /CANDLE|T-LIGHT|TLIGHT|TEA LIGHT|LANTERN|\bLAMP\b|LIGHTS?\b|NIGHT LIGHT/ },
  { type: "Bags", pattern: /\bBAGS?\b|SHOPPER|\bTOTE\b|PURSE|BACKPACK|RUCKSACK/ },
  {
    type: "Kitchen & Dining",
    pattern:
      /\bMUGS?\b|\bCUPS?\b|SAUCER|TEACUP|PLATE|BOWL|\bJUG\b|TEAPOT|TEA SET|BEAKER|CAKE|BAKING|NAPKIN|CUTLERY|SPOON|LUNCH BOX|\bTINS?\b|JARS?\b|BOTTLE|TRAY|COASTER|APRON|OVEN GLOVE|TEA TOWEL|KITCHEN|PANTRY|JAM /,
  },
  {
    type: "Stationery & Gift Wrap",
    pattern:
      /\bCARDS?\b|WRAP|PAPER|RIBBON|TAPE|STICKER|NOTEBOOK|\bPENS?\b|PENCIL|ENVELOPE|GIFT TAG|CHALK|CRAYON|ERASER|JOURNAL|DIARY/,
  },
  {
    type: "Toys & Games",
    pattern:
      /\bTOYS?\b|\bDOLL|GAME|JIGSAW|PUZZLE|PLAYHOUSE|BLOCKS?\b|SKIPPING ROPE|\bBALL\b|SPACEBOY|KITS?\b|PARTY BAG|CRAFT/,
  },
  {
    type: "Jewellery & Accessories",
    pattern:
      /NECKLACE|BRACELET|EARRING|\bRING\b|HAIR|CHARM|JEWEL|BROOCH|UMBRELLA|GLOVES|SCARF|\bHAT\b|KEYRING|KEY RING/,
  },
  { type: "Garden", pattern: /GARDEN|PLANT|WATERING|\bBIRD|FLOWER POT|\bPOT\b|HERB/ },
  {
    type: "Home Decor",
    pattern:
      /HEART|SIGN|FRAME|CLOCK|MIRROR|CUSHION|DOORMAT|HOOK|HANGER|DECORATION|ORNAMENT|WREATH|GARLAND|BUNTING|VASE|DOORSTOP|STORAGE|BOX|BASKET|HOT WATER BOTTLE|THROW|BLANKET|DRAWER|CABINET|SHELF/,
  },
];
export const DEFAULT_PRODUCT_TYPE = "Gifts & Novelties";
export const ALL_PRODUCT_TYPES = [...PRODUCT_TYPES.map((t) => t.type), DEFAULT_PRODUCT_TYPE];

export function productTypeOf(title: string): string {
  const upper = title.toUpperCase();
  return PRODUCT_TYPES.find((t) => t.pattern.test(upper))?.type ?? DEFAULT_PRODUCT_TYPE;
}

export function collectionIdOf(productType: string): bigint {
  const index = ALL_PRODUCT_TYPES.indexOf(productType);
  if (index < 0) throw new Error(`no collection for product type ${productType}`);
  return ID_BASE.collection + BigInt(index + 1);
}

/** Design ranges the shop sells across many product types; they become product tags. */
const DESIGN_RANGES = [
  "RETROSPOT",
  "REGENCY",
  "VINTAGE",
  "SPACEBOY",
  "DOLLY GIRL",
  "WOODLAND",
  "PAISLEY",
  "POLKADOT",
  "UNION JACK",
  "SKULL",
  "BIRDIE",
  "ROSE",
  "LOVE",
  "HEART",
  "STRAWBERRY",
  "PANTRY",
  "PARISIENNE",
  "BABUSHKA",
  "CIRCUS PARADE",
];

export function designTags(title: string): string[] {
  const upper = title.toUpperCase();
  return DESIGN_RANGES.filter((range) => upper.includes(range)).map((range) => range.toLowerCase());
}

/** The DCGS… and gift_0001_… codes were sold through the retailer's "Dotcomgiftshop" site, the rest in house. */
export function vendorOf(stockCode: string): string {
  const key = stockCodeKey(stockCode);
  return key.startsWith("DCGS") || key.startsWith("GIFT_") ? "Dotcomgiftshop" : "Online Retail";
}

export function handleOf(title: string, stockCode: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const code = stockCode.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return slug ? `${slug}-${code}` : code;
}

const phoneCache = new Map<string, string | null>();

/**
 * A synthetic but VALID mobile number for the customer's country: the country's example mobile number from
 * libphonenumber's metadata with its last four digits replaced by the CustomerID's last four (unique here:
 * CustomerIDs run 12346–18287). If that is not a valid mobile, the next numbers are tried. Null when the
 * country is unknown. These numbers may belong to real people: use them only against simulators.
 */
export function syntheticMobile(country: string | null, customer: bigint): string | null {
  if (!country) return null;
  const key = `${country}:${customer}`;
  if (phoneCache.has(key)) return phoneCache.get(key)!;
  const example = getExampleNumber(country as CountryCode, mobileExamples);
  let result: string | null = null;
  if (example) {
    const national = example.nationalNumber;
    const head = national.slice(0, national.length - 4);
    for (let attempt = 0; attempt < 10_000 && !result; attempt++) {
      const tail = String((Number(customer % 10_000n) + attempt * 7_919) % 10_000).padStart(4, "0");
      const candidate = parsePhoneNumberFromString(`+${example.countryCallingCode}${head}${tail}`);
      const type = candidate?.getType();
      if (candidate?.isValid() && (type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE")) result = candidate.number;
    }
  }
  phoneCache.set(key, result);
  return result;
}

/** Clearly synthetic: the file has no e-mail addresses; example.com is reserved for documentation. */
export function syntheticEmail(customer: bigint): string {
  return `customer-${customer}@example.com`;
}
