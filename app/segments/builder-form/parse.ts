// Form → validated segment parameters (amounts in minor units, shares 0–1, bare ids), with every error keyed by the
// form field that shows it. The form arrives as JSON from the browser, so it is read as unknown here.
import { decimalToMinor } from "../../lib/money";
import { parseSegmentParams, type ProductSelector, type SegmentKind, type SegmentParamsByKind } from "../definitions";
import type { Pick, PickType, Place, PlaceType } from "./types";

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
      // The schema allows a share of 0 (stored segments may have it), but the builder does not offer it: at 0% every
      // customer with enough orders matches, deal or not, which is not a sale shopper.
      else if (share.share === 0) errors.minSharePercent = "Enter a share above 0%: at 0% every customer matches";
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
    case "sample": {
      // A sample picks whole basis points (app/segments/sql/sample.server.ts), so below 0.005% it is always empty: say so at
      // the field instead of previewing nobody.
      const percent = str("percent").trim() === "" ? NaN : Number(str("percent"));
      if (percent >= 0 && Math.round(percent * 100) === 0)
        errors.percent = "Enter a percent above 0: a 0% sample is empty";
      return {
        input: { segmentId: str("segmentId") || undefined, percent: str("percent"), seed: str("seed") || undefined },
        fieldErrors: errors,
      };
    }
    case "combination": {
      const included = new Set(Array.isArray(f.segmentIds) ? f.segmentIds.map(String) : []);
      if (Array.isArray(f.exclude) && f.exclude.some((id) => included.has(String(id))))
        errors.exclude = "A segment cannot be both included and excluded: untick it in one of the lists";
      return { input: { op: f.op, segmentIds: f.segmentIds, exclude: f.exclude }, fieldErrors: errors };
    }
    case "campaign_response":
      return {
        input: { campaignId: str("campaignId"), withinDays: str("withinDays"), didNot: f.didNot },
        fieldErrors: errors,
      };
    case "engagement": {
      const fields = ["windowDays", "highMinReplies", "highMinClicks", "highMinReadPercent", "highMinReached"];
      const input: Record<string, unknown> = { tiers: f.tiers, moderateMinReads: str("moderateMinReads") };
      for (const k of fields) input[k] = str(k);
      return { input, fieldErrors: errors };
    }
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
