// The segment builder's form: what the merchant edits (amounts as "25.00" in the shop currency, shares as percents,
// chosen products with their names) and its translation to and from validated segment parameters (amounts in
// minor units, shares 0–1, bare ids). Shared by the browser and the server: no server imports.
import { decimalToMinor, minorToDecimal } from "../lib/money";
import {
  AOV_BANDS,
  parseSegmentParams,
  RFM_CELLS,
  type AovBand,
  type ProductSelector,
  type RfmCell,
  type SegmentKind,
  type SegmentParamsByKind,
} from "./definitions";

/** Something chosen in a picker, with the name the merchant saw. */
export type PickType = "product" | "variant" | "collection" | "vendor" | "type" | "tag";
export interface Pick {
  type: PickType;
  /** id (products, variants, collections) or the name itself (vendors, types, tags) */
  value: string;
  label: string;
}

/** Location values the merchant picked (countries "US", provinces "US-CA", cities). */
export type PlaceType = "country" | "province" | "city";
export interface Place {
  type: PlaceType;
  value: string;
  label: string;
}

export interface BuilderForms {
  cross_sell: { a: Pick[]; b: Pick[]; withinDays: string };
  product_specific: { products: Pick[]; minTimes: string; countBy: "orders" | "units"; withinDays: string };
  sale_shopper: {
    minSharePercent: string;
    minOrders: string;
    discountCodes: boolean;
    automaticDiscounts: boolean;
    markdowns: boolean;
  };
  former_vip: {
    rankBy: "percent" | "amount";
    topPercent: string;
    minSpend: string;
    qualifyingDays: string;
    lapsedDays: string;
  };
  aov_tier: {
    mode: "quantile" | "fixed";
    band: AovBand;
    /** quantile mode, new segments only: create the low, mid and high segments together */
    allBands: boolean;
    lowerCut: string;
    upperCut: string;
    minAov: string;
    maxAov: string;
    minOrders: string;
  };
  rfm: { cells: RfmCell[] };
  location: { places: Place[] };
  sample: { segmentId: string; percent: string; seed: string };
  combination: { op: "and" | "or"; segmentIds: string[]; exclude: string[] };
}
export type BuilderForm = BuilderForms[SegmentKind];

/** What each kind means, in the merchant's words (builder, list and docs/segments.md use the same text). */
export const KIND_INFO: Record<
  SegmentKind,
  { title: string; description: string; defaultName: string; mission: boolean }
> = {
  cross_sell: {
    title: "Cross-sell",
    description:
      "Bought something from one set of products but never anything from another: the people to offer the second set to.",
    defaultName: "Cross-sell",
    mission: true,
  },
  product_specific: {
    title: "Product buyers",
    description:
      "Bought chosen products at least a number of times, optionally within recent days: for restocks, refills and launches.",
    defaultName: "Product buyers",
    mission: true,
  },
  sale_shopper: {
    title: "Sale shoppers",
    description:
      "Most of their orders came with a deal (discount code, automatic discount or a marked-down item): tell them about your next sale.",
    defaultName: "Sale shoppers",
    mission: true,
  },
  former_vip: {
    title: "Former VIPs",
    description: "Were among your top spenders but have not ordered for a while: win them back before they are gone.",
    defaultName: "Former VIPs",
    mission: true,
  },
  aov_tier: {
    title: "Order value tiers",
    description:
      "Customers by average order value (after refunds): low, mid and high by your store's own thirds, or by fixed amounts.",
    defaultName: "Order value",
    mission: true,
  },
  rfm: {
    title: "RFM groups",
    description:
      "Recency, frequency and monetary scores combined into named groups: champions, loyal, at risk, hibernating…",
    defaultName: "RFM",
    mission: false,
  },
  location: {
    title: "Location",
    description: "Customers whose default address is in chosen countries, provinces or cities.",
    defaultName: "Location",
    mission: false,
  },
  sample: {
    title: "Random sample",
    description:
      "A stable percentage of another segment, for test sends: the same seed always picks the same customers.",
    defaultName: "Sample",
    mission: false,
  },
  combination: {
    title: "Combination",
    description: "Customers in all or any of chosen segments, minus those in others.",
    defaultName: "Combination",
    mission: false,
  },
};

export const RFM_CELL_INFO: Record<RfmCell, { title: string; description: string }> = {
  champions: { title: "Champions", description: "Bought recently, buy often and spend the most" },
  loyal: { title: "Loyal", description: "Buy regularly and spend well" },
  potential_loyalist: { title: "Potential loyalists", description: "Recent customers with average frequency" },
  new_customers: { title: "New customers", description: "Bought recently, not yet often" },
  promising: { title: "Promising", description: "Recent shoppers who have not spent much yet" },
  need_attention: { title: "Need attention", description: "Above average, but not recently" },
  about_to_sleep: { title: "About to sleep", description: "Below average recency and frequency" },
  at_risk: { title: "At risk", description: "Spent well and often, but long ago" },
  cannot_lose: { title: "Can't lose them", description: "Were among the best, have not been back for long" },
  hibernating: { title: "Hibernating", description: "Last bought long ago, little and rarely" },
  lost: { title: "Lost", description: "Lowest recency, frequency and spend" },
};

export function defaultForm<K extends SegmentKind>(kind: K): BuilderForms[K] {
  const forms: BuilderForms = {
    cross_sell: { a: [], b: [], withinDays: "" },
    product_specific: { products: [], minTimes: "1", countBy: "orders", withinDays: "" },
    sale_shopper: {
      minSharePercent: "50",
      minOrders: "2",
      discountCodes: true,
      automaticDiscounts: true,
      markdowns: true,
    },
    former_vip: { rankBy: "percent", topPercent: "10", minSpend: "", qualifyingDays: "365", lapsedDays: "120" },
    aov_tier: {
      mode: "quantile",
      band: "high",
      allBands: true,
      lowerCut: "33.33",
      upperCut: "66.67",
      minAov: "",
      maxAov: "",
      minOrders: "1",
    },
    rfm: { cells: ["at_risk", "cannot_lose"] },
    location: { places: [] },
    sample: { segmentId: "", percent: "10", seed: "test" },
    combination: { op: "and", segmentIds: [], exclude: [] },
  };
  return forms[kind] as BuilderForms[K];
}

// ---- form → parameters ---------------------------------------------------------------------------------------

const PICK_FIELD: Record<PickType, keyof ProductSelector> = {
  product: "productIds",
  variant: "variantIds",
  collection: "collectionIds",
  vendor: "vendors",
  type: "productTypes",
  tag: "tags",
};

export function picksToSelector(picks: readonly Pick[] | undefined): ProductSelector {
  const s: ProductSelector = {
    productIds: [],
    variantIds: [],
    collectionIds: [],
    vendors: [],
    productTypes: [],
    tags: [],
  };
  for (const p of picks ?? []) {
    const field = PICK_FIELD[p.type];
    if (field) s[field].push(p.value);
  }
  return s;
}

function amountToMinor(text: string, exponent: number): { minor: string | null; error?: string } {
  const t = (text ?? "").trim().replace(/,/g, "");
  if (t === "") return { minor: null };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return { minor: null, error: "Enter an amount like 25.00" };
  const frac = t.split(".")[1] ?? "";
  if (frac.length > exponent) {
    return {
      minor: null,
      error: exponent === 0 ? "Enter a whole amount (this currency has no cents)" : `Use at most ${exponent} decimals`,
    };
  }
  const minor = decimalToMinor(t, exponent);
  if (minor > 999_999_999_999_999n) return { minor: null, error: "That amount is too large" };
  return { minor: minor.toString() };
}

function percentToShare(text: string): { share: number | string | undefined; error?: string } {
  const t = (text ?? "").trim();
  if (t === "") return { share: undefined };
  const n = Number(t);
  if (!Number.isFinite(n)) return { share: undefined, error: "Enter a percentage between 0 and 100" };
  if (n < 0 || n > 100) return { share: undefined, error: "Enter a percentage between 0 and 100" };
  return { share: n / 100 };
}

export interface FormTranslation {
  /** raw parameters for parseSegmentParams (validated there) */
  input: unknown;
  /** errors found while translating (amounts, percents), keyed by form field */
  fieldErrors: Record<string, string>;
}

/** Form → raw parameters. Amounts are converted with the shop currency's exponent (2 for USD, 0 for JPY). */
export function formToInput(kind: SegmentKind, form: unknown, exponent: number): FormTranslation {
  const f = (form ?? {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const str = (k: string) =>
    typeof f[k] === "string" ? (f[k] as string) : f[k] === undefined || f[k] === null ? "" : String(f[k]);
  switch (kind) {
    case "cross_sell":
      return {
        input: { a: picksToSelector(f.a as Pick[]), b: picksToSelector(f.b as Pick[]), withinDays: str("withinDays") },
        fieldErrors: errors,
      };
    case "product_specific":
      return {
        input: {
          products: picksToSelector(f.products as Pick[]),
          minTimes: str("minTimes"),
          countBy: f.countBy,
          withinDays: str("withinDays"),
        },
        fieldErrors: errors,
      };
    case "sale_shopper": {
      const share = percentToShare(str("minSharePercent"));
      if (share.error) errors.minSharePercent = share.error;
      return {
        input: {
          minShare: share.share,
          minOrders: str("minOrders"),
          discountCodes: f.discountCodes,
          automaticDiscounts: f.automaticDiscounts,
          markdowns: f.markdowns,
        },
        fieldErrors: errors,
      };
    }
    case "former_vip": {
      const spend = amountToMinor(str("minSpend"), exponent);
      if (spend.error) errors.minSpend = spend.error;
      return {
        input: {
          rankBy: f.rankBy,
          topPercent: str("topPercent"),
          minSpendMinor: spend.minor,
          qualifyingDays: str("qualifyingDays"),
          lapsedDays: str("lapsedDays"),
        },
        fieldErrors: errors,
      };
    }
    case "aov_tier": {
      const min = amountToMinor(str("minAov"), exponent);
      const max = amountToMinor(str("maxAov"), exponent);
      if (min.error) errors.minAov = min.error;
      if (max.error) errors.maxAov = max.error;
      const cut = (k: string) => (str(k).trim() === "" ? undefined : str(k));
      return {
        input: {
          mode: f.mode,
          band: f.band,
          minOrders: str("minOrders"),
          cutPercentiles:
            cut("lowerCut") === undefined && cut("upperCut") === undefined
              ? undefined
              : [cut("lowerCut"), cut("upperCut")],
          minMinor: f.mode === "fixed" ? min.minor : null,
          maxMinor: f.mode === "fixed" ? max.minor : null,
        },
        fieldErrors: errors,
      };
    }
    case "rfm":
      return { input: { cells: f.cells }, fieldErrors: errors };
    case "location": {
      const places = (f.places as Place[] | undefined) ?? [];
      const of = (t: PlaceType) => places.filter((p) => p.type === t).map((p) => p.value);
      return {
        input: { countryCodes: of("country"), provinceCodes: of("province"), cities: of("city") },
        fieldErrors: errors,
      };
    }
    case "sample":
      return {
        input: { segmentId: str("segmentId") || undefined, percent: str("percent"), seed: str("seed") || undefined },
        fieldErrors: errors,
      };
    case "combination":
      return { input: { op: f.op, segmentIds: f.segmentIds, exclude: f.exclude }, fieldErrors: errors };
  }
}

/** Schema issue path → the form field showing it. */
const RENAMES: Partial<Record<SegmentKind, Record<string, string>>> = {
  sale_shopper: { minShare: "minSharePercent" },
  former_vip: { minSpendMinor: "minSpend" },
  aov_tier: {
    minMinor: "minAov",
    maxMinor: "maxAov",
    "cutPercentiles.0": "lowerCut",
    "cutPercentiles.1": "upperCut",
    cutPercentiles: "upperCut",
  },
  location: { countryCodes: "places", provinceCodes: "places", cities: "places" },
};

export function formFieldOf(kind: SegmentKind, path: string): string {
  const renames = RENAMES[kind] ?? {};
  const parts = path.split(".");
  if (renames[path]) return renames[path]!;
  if (parts.length >= 2 && renames[`${parts[0]}.${parts[1]}`]) return renames[`${parts[0]}.${parts[1]}`]!;
  return renames[parts[0]!] ?? parts[0]!;
}

export type FormParseResult<K extends SegmentKind> =
  { ok: true; params: SegmentParamsByKind[K] } | { ok: false; fieldErrors: Record<string, string> };

/** Form → validated parameters, with every error keyed by the form field that shows it. */
export function parseBuilderForm<K extends SegmentKind>(
  kind: K,
  form: unknown,
  exponent: number,
  opts: { segmentId?: number } = {},
): FormParseResult<K> {
  const { input, fieldErrors } = formToInput(kind, form, exponent);
  const parsed = parseSegmentParams(kind, input, opts);
  const errors: Record<string, string> = { ...fieldErrors };
  if (!parsed.ok)
    for (const [path, message] of Object.entries(parsed.fieldErrors)) errors[formFieldOf(kind, path)] ??= message;
  if (Object.keys(errors).length || !parsed.ok) return { ok: false, fieldErrors: errors };
  return { ok: true, params: parsed.params };
}

// ---- parameters → form --------------------------------------------------------------------------------------

const trimNumber = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Parameters → form. Picks need names: pass `picks` resolved on the server (see catalog.server.ts), keyed by
 * selector ("a", "b", "products"); location places default to their codes.
 */
export function paramsToForm<K extends SegmentKind>(
  kind: K,
  params: SegmentParamsByKind[K],
  exponent: number,
  named: { picks?: Record<string, Pick[]>; places?: Place[] } = {},
): BuilderForms[K] {
  const amount = (minor: string | null) => (minor === null ? "" : minorToDecimal(BigInt(minor), exponent));
  const days = (d: number | null) => (d === null ? "" : String(d));
  const p = params as SegmentParamsByKind[SegmentKind];
  let form: BuilderForm;
  switch (kind) {
    case "cross_sell": {
      const x = p as SegmentParamsByKind["cross_sell"];
      form = { a: named.picks?.a ?? [], b: named.picks?.b ?? [], withinDays: days(x.withinDays) };
      break;
    }
    case "product_specific": {
      const x = p as SegmentParamsByKind["product_specific"];
      form = {
        products: named.picks?.products ?? [],
        minTimes: String(x.minTimes),
        countBy: x.countBy,
        withinDays: days(x.withinDays),
      };
      break;
    }
    case "sale_shopper": {
      const x = p as SegmentParamsByKind["sale_shopper"];
      form = {
        minSharePercent: trimNumber(x.minShare * 100),
        minOrders: String(x.minOrders),
        discountCodes: x.discountCodes,
        automaticDiscounts: x.automaticDiscounts,
        markdowns: x.markdowns,
      };
      break;
    }
    case "former_vip": {
      const x = p as SegmentParamsByKind["former_vip"];
      form = {
        rankBy: x.rankBy,
        topPercent: String(x.topPercent),
        minSpend: amount(x.minSpendMinor),
        qualifyingDays: days(x.qualifyingDays),
        lapsedDays: String(x.lapsedDays),
      };
      break;
    }
    case "aov_tier": {
      const x = p as SegmentParamsByKind["aov_tier"];
      form = {
        mode: x.mode,
        band: x.band,
        allBands: false,
        lowerCut: trimNumber(x.cutPercentiles[0]),
        upperCut: trimNumber(x.cutPercentiles[1]),
        minAov: amount(x.minMinor),
        maxAov: amount(x.maxMinor),
        minOrders: String(x.minOrders),
      };
      break;
    }
    case "rfm":
      form = { cells: [...(p as SegmentParamsByKind["rfm"]).cells] };
      break;
    case "location": {
      const x = p as SegmentParamsByKind["location"];
      form = {
        places: named.places ?? [
          ...x.countryCodes.map((v) => ({ type: "country" as const, value: v, label: v })),
          ...x.provinceCodes.map((v) => ({ type: "province" as const, value: v, label: v })),
          ...x.cities.map((v) => ({ type: "city" as const, value: v, label: v })),
        ],
      };
      break;
    }
    case "sample": {
      const x = p as SegmentParamsByKind["sample"];
      form = { segmentId: String(x.segmentId), percent: String(x.percent), seed: x.seed };
      break;
    }
    default: {
      const x = p as SegmentParamsByKind["combination"];
      form = { op: x.op, segmentIds: x.segmentIds.map(String), exclude: x.exclude.map(String) };
    }
  }
  return form as BuilderForms[K];
}

export const AOV_BAND_NAMES: Record<AovBand, string> = { low: "low", mid: "mid", high: "high" };
export { AOV_BANDS, RFM_CELLS };
