// What a segment is: a kind plus parameters, validated here with merchant-facing messages (shown under the
// builder's form fields, keyed by the issue path). Shared by the browser and the server: no server imports.
import { z } from "zod";
import { engagementSchema } from "./engagement-params";

export { ENGAGEMENT_TIERS, type EngagementParams, type EngagementTier } from "./engagement-params";

export const SEGMENT_KINDS = [
  "cross_sell",
  "product_specific",
  "sale_shopper",
  "former_vip",
  "aov_tier",
  "rfm",
  "location",
  "sample",
  "combination",
  "campaign_response",
  "engagement",
] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

// ---- building blocks ---------------------------------------------------------------------------------------

/** Form fields arrive as strings; "" and missing mean "not set". */
const blankToNull = (v: unknown) =>
  v === "" || v === undefined || v === null ? null : typeof v === "string" ? Number(v) : v;

function wholeNumber(label: string, min: number, max: number) {
  return z
    .number({ error: `Enter ${label} as a number` })
    .int({ error: `Enter ${label} as a whole number` })
    .min(min, { error: `${capitalize(label)} must be at least ${min}` })
    .max(max, { error: `${capitalize(label)} must be at most ${max}` });
}

function optionalDays(label: string) {
  return z.preprocess(blankToNull, wholeNumber(label, 1, 3650).nullable()).default(null);
}

function requiredInt(label: string, min: number, max: number, fallback: number) {
  return z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? undefined : typeof v === "string" ? Number(v) : v),
    wholeNumber(label, min, max).default(fallback),
  );
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An amount in minor units (cents), kept as a decimal string so it stays exact as a bigint. */
function minorAmount(label: string) {
  return z.preprocess(
    (v) =>
      v === "" || v === undefined || v === null
        ? null
        : typeof v === "number" && Number.isSafeInteger(v)
          ? String(v)
          : v,
    z
      .string({ error: `Enter ${label} as a whole amount in cents` })
      .trim()
      .regex(/^\d{1,15}$/, { error: `Enter ${label} as a whole amount in cents` })
      .transform((s) => BigInt(s).toString())
      .nullable(),
  );
}

const GID = /^gid:\/\/shopify\/\w+\/(\d+)$/;

/** Shopify ids as decimal strings (64-bit: never through a JS number); Admin API GIDs are accepted too. */
const shopifyId = z
  .string({ error: "Ids are decimal strings" })
  .trim()
  .transform((s) => GID.exec(s)?.[1] ?? s)
  .pipe(
    z
      .string()
      .regex(/^\d{1,19}$/, { error: "Not a valid Shopify id" })
      // PostgreSQL bigint: a larger number would fail the statement instead of showing under the field.
      .refine((s) => !/^\d+$/.test(s) || BigInt(s) <= 9_223_372_036_854_775_807n, { error: "Not a valid Shopify id" }),
  );

const idList = z.preprocess((v) => v ?? [], z.array(shopifyId)).transform((ids) => [...new Set(ids)]);

const nameList = z
  .preprocess((v) => v ?? [], z.array(z.string().trim()))
  .transform((names) => [...new Set(names.filter((n) => n !== ""))]);

/** Which purchases count: any line matching any of these criteria. */
export const productSelectorSchema = z.object({
  productIds: idList,
  variantIds: idList,
  collectionIds: idList,
  vendors: nameList,
  productTypes: nameList,
  tags: nameList,
});
export type ProductSelector = z.infer<typeof productSelectorSchema>;

export function selectorIsEmpty(s: ProductSelector): boolean {
  return (
    !s.productIds.length &&
    !s.variantIds.length &&
    !s.collectionIds.length &&
    !s.vendors.length &&
    !s.productTypes.length &&
    !s.tags.length
  );
}

const EMPTY_SELECTOR = { productIds: [], variantIds: [], collectionIds: [], vendors: [], productTypes: [], tags: [] };

function nonEmptySelector(message: string) {
  return z
    .preprocess((v) => v ?? EMPTY_SELECTOR, productSelectorSchema)
    .superRefine((s, ctx) => {
      if (selectorIsEmpty(s)) ctx.addIssue({ code: "custom", message, path: [] });
    });
}

const share = z.preprocess(
  (v) => (v === "" || v === undefined || v === null ? undefined : typeof v === "string" ? Number(v) : v),
  z
    .number({ error: "Enter a share between 0 and 1 (0.5 = half)" })
    .min(0, { error: "The share cannot be below 0" })
    .max(1, { error: "The share cannot be above 1 (100%)" })
    .default(0.5),
);

const percent = (label: string, fallback: number | undefined, min = 0) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? undefined : typeof v === "string" ? Number(v) : v),
    fallback === undefined
      ? z
          .number({ error: `Enter ${label} as a number` })
          .min(min, { error: `${capitalize(label)} must be at least ${min}` })
          .max(100, { error: `${capitalize(label)} cannot be above 100` })
      : z
          .number({ error: `Enter ${label} as a number` })
          .min(min, { error: `${capitalize(label)} must be at least ${min}` })
          .max(100, { error: `${capitalize(label)} cannot be above 100` })
          .default(fallback),
  );

const segmentRef = z.preprocess(
  (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
  z.number({ error: "Choose a segment" }).int({ error: "Choose a segment" }).positive({ error: "Choose a segment" }),
);

// ---- kinds ---------------------------------------------------------------------------------------------------

/** Bought something from A, never anything from B: the audience for B. */
export const crossSellSchema = z.object({
  a: nonEmptySelector("Choose at least one product, variant, collection, vendor, type or tag they bought"),
  b: nonEmptySelector("Choose what they have never bought"),
  /** only purchases of A in the last N days count (B is "never") */
  withinDays: optionalDays("the number of days"),
});

export const productSpecificSchema = z.object({
  products: nonEmptySelector("Choose at least one product, variant, collection, vendor, type or tag"),
  minTimes: requiredInt("the minimum", 1, 10_000, 1),
  /** orders = orders containing a match; units = quantities kept after refunds */
  countBy: z.enum(["orders", "units"], { error: "Count orders or units" }).default("orders"),
  withinDays: optionalDays("the number of days"),
});

export const saleShopperSchema = z
  .object({
    minShare: share,
    minOrders: requiredInt("the minimum number of orders", 1, 1000, 2),
    discountCodes: z.boolean({ error: "Yes or no" }).default(true),
    automaticDiscounts: z.boolean({ error: "Yes or no" }).default(true),
    markdowns: z.boolean({ error: "Yes or no" }).default(true),
  })
  .superRefine((p, ctx) => {
    if (!p.discountCodes && !p.automaticDiscounts && !p.markdowns) {
      ctx.addIssue({ code: "custom", message: "Choose at least one kind of deal", path: ["discountCodes"] });
    }
  });

export const formerVipSchema = z
  .object({
    rankBy: z.enum(["percent", "amount"], { error: "Rank by top percent or by amount spent" }).default("percent"),
    topPercent: percent("the top percent", 10, 0.01),
    minSpendMinor: minorAmount("the minimum spend").default(null),
    /** the spending period ends where the lapse starts; null = all history before the lapse */
    qualifyingDays: z.preprocess(blankToNull, wholeNumber("the qualifying period", 1, 3650).nullable()).default(365),
    lapsedDays: requiredInt("the number of days without an order", 1, 3650, 120),
  })
  .superRefine((p, ctx) => {
    if (p.rankBy === "amount" && p.minSpendMinor === null) {
      ctx.addIssue({ code: "custom", message: "Enter the minimum spend", path: ["minSpendMinor"] });
    }
  });

export const AOV_BANDS = ["low", "mid", "high"] as const;
export type AovBand = (typeof AOV_BANDS)[number];

export const aovTierSchema = z
  .object({
    mode: z.enum(["quantile", "fixed"], { error: "Choose store thirds or fixed amounts" }).default("quantile"),
    band: z.enum(AOV_BANDS, { error: "Choose low, mid or high" }).default("mid"),
    /** percentiles (0–100) separating low|mid and mid|high; store terciles by default */
    cutPercentiles: z
      .tuple([percent("the lower cut", undefined, 0.01), percent("the upper cut", undefined, 0.01)], {
        error: "Enter two cut points",
      })
      .default([100 / 3, 200 / 3]),
    /** fixed mode: average order value from (inclusive) ... */
    minMinor: minorAmount("the lowest average order value").default(null),
    /** ... up to (not including) */
    maxMinor: minorAmount("the highest average order value").default(null),
    minOrders: requiredInt("the minimum number of orders", 1, 1000, 1),
  })
  .superRefine((p, ctx) => {
    if (p.mode === "quantile" && !(p.cutPercentiles[0] < p.cutPercentiles[1] && p.cutPercentiles[1] < 100)) {
      ctx.addIssue({
        code: "custom",
        message: "The lower cut must be below the upper cut, and both below 100",
        path: ["cutPercentiles"],
      });
    }
    if (p.mode === "fixed") {
      if (p.minMinor === null && p.maxMinor === null) {
        ctx.addIssue({
          code: "custom",
          message: "Enter a lowest or a highest average order value",
          path: ["minMinor"],
        });
      } else if (p.minMinor !== null && p.maxMinor !== null && BigInt(p.minMinor) >= BigInt(p.maxMinor)) {
        ctx.addIssue({ code: "custom", message: "Must be above the lowest value", path: ["maxMinor"] });
      }
    }
  });

export const RFM_CELLS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new_customers",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cannot_lose",
  "hibernating",
  "lost",
] as const;
export type RfmCell = (typeof RFM_CELLS)[number];

/**
 * RFM scores are 1–5 by quintiles over customers with at least one order (breaks frozen at full refresh):
 *   R: days since the last order; the most recent fifth scores 5.
 *   F: order count; M: net spend; the highest fifth scores 5. Ties share a score (score = 1 + breaks passed),
 *      so in a store where most people ordered once, F is 1 for all of them.
 *   FM = round-half-up of (F + M) / 2.
 * The cell, from the common R × FM segment map (rows R, columns FM):
 *
 *   |     | FM 1           | FM 2               | FM 3               | FM 4        | FM 5        |
 *   | R 5 | new_customers  | potential_loyalist | potential_loyalist | champions   | champions   |
 *   | R 4 | promising      | potential_loyalist | potential_loyalist | loyal       | champions   |
 *   | R 3 | about_to_sleep | about_to_sleep     | need_attention     | loyal       | loyal       |
 *   | R 2 | lost           | hibernating        | at_risk            | at_risk     | cannot_lose |
 *   | R 1 | lost           | lost               | hibernating        | at_risk     | cannot_lose |
 */
export const RFM_GRID: readonly (readonly RfmCell[])[] = [
  /* R1 */ ["lost", "lost", "hibernating", "at_risk", "cannot_lose"],
  /* R2 */ ["lost", "hibernating", "at_risk", "at_risk", "cannot_lose"],
  /* R3 */ ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
  /* R4 */ ["promising", "potential_loyalist", "potential_loyalist", "loyal", "champions"],
  /* R5 */ ["new_customers", "potential_loyalist", "potential_loyalist", "champions", "champions"],
];

export function rfmCell(r: number, f: number, m: number): RfmCell {
  const fm = Math.floor((f + m + 1) / 2);
  return RFM_GRID[r - 1]![fm - 1]!;
}

export const rfmSchema = z.object({
  cells: z
    .array(z.enum(RFM_CELLS, { error: "Unknown RFM group" }), { error: "Choose at least one RFM group" })
    .min(1, { error: "Choose at least one RFM group" })
    .transform((cells) => [...new Set(cells)]),
});

export const locationSchema = z
  .object({
    countryCodes: nameList
      .pipe(z.array(z.string().regex(/^[A-Za-z]{2}$/, { error: "Use two-letter country codes (US, FR)" })))
      .transform((codes) => codes.map((c) => c.toUpperCase())),
    /** "US-CA", or "CA" for that code in any country */
    provinceCodes: nameList
      .pipe(z.array(z.string().regex(/^([A-Za-z]{2}-)?[A-Za-z0-9]{1,3}$/, { error: "Use codes like US-CA or ON" })))
      .transform((codes) => codes.map((c) => c.toUpperCase())),
    /** matched without regard to case */
    cities: nameList,
  })
  .superRefine((p, ctx) => {
    if (!p.countryCodes.length && !p.provinceCodes.length && !p.cities.length) {
      ctx.addIssue({
        code: "custom",
        message: "Choose at least one country, province or city",
        path: ["countryCodes"],
      });
    }
  });

export const sampleSchema = z.object({
  segmentId: segmentRef,
  percent: percent("the percent", 10),
  /** any text: the same seed keeps the same customers picked as the base segment grows */
  seed: z.string({ error: "Enter a seed" }).trim().min(1, { error: "Enter a seed" }).max(100).default("sample"),
});

export const combinationSchema = z.object({
  op: z.enum(["and", "or"], { error: "Choose all of (and) or any of (or)" }).default("or"),
  segmentIds: z
    .array(segmentRef, { error: "Choose at least one segment" })
    .min(1, { error: "Choose at least one segment" })
    .transform((ids) => [...new Set(ids)]),
  exclude: z.preprocess((v) => v ?? [], z.array(segmentRef)).transform((ids) => [...new Set(ids)]),
});

/** What a recipient of a campaign did not do after the message reached them (app/segments/sql/campaign-response). */
export const CAMPAIGN_RESPONSES = ["read", "click", "buy"] as const;
export type CampaignResponse = (typeof CAMPAIGN_RESPONSES)[number];

/** Retargeting: recipients of one campaign (or of any campaign in the last N days) who did not read/click/buy. */
export const campaignResponseSchema = z.object({
  /** null = every campaign that reached the customer in the last `withinDays` days */
  campaignId: z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : typeof v === "string" ? Number(v) : v),
    z
      .number({ error: "Choose a campaign" })
      .int({ error: "Choose a campaign" })
      .positive({ error: "Choose a campaign" })
      .max(2_147_483_647, { error: "Choose a campaign" })
      .nullable(),
  ),
  withinDays: requiredInt("the number of days", 1, 365, 30),
  didNot: z.enum(CAMPAIGN_RESPONSES, { error: "Choose read, click or buy" }).default("read"),
});

export const SEGMENT_SCHEMAS = {
  cross_sell: crossSellSchema,
  product_specific: productSpecificSchema,
  sale_shopper: saleShopperSchema,
  former_vip: formerVipSchema,
  aov_tier: aovTierSchema,
  rfm: rfmSchema,
  location: locationSchema,
  sample: sampleSchema,
  combination: combinationSchema,
  campaign_response: campaignResponseSchema,
  engagement: engagementSchema,
} as const;

export type CrossSellParams = z.infer<typeof crossSellSchema>;
export type ProductSpecificParams = z.infer<typeof productSpecificSchema>;
export type SaleShopperParams = z.infer<typeof saleShopperSchema>;
export type FormerVipParams = z.infer<typeof formerVipSchema>;
export type AovTierParams = z.infer<typeof aovTierSchema>;
export type RfmParams = z.infer<typeof rfmSchema>;
export type LocationParams = z.infer<typeof locationSchema>;
export type SampleParams = z.infer<typeof sampleSchema>;
export type CombinationParams = z.infer<typeof combinationSchema>;
export type CampaignResponseParams = z.infer<typeof campaignResponseSchema>;
export type SegmentParamsByKind = { [K in SegmentKind]: z.infer<(typeof SEGMENT_SCHEMAS)[K]> };
export type SegmentParams = SegmentParamsByKind[SegmentKind];

export type ParseResult<K extends SegmentKind> =
  { ok: true; params: SegmentParamsByKind[K] } | { ok: false; fieldErrors: Record<string, string> };

export function isSegmentKind(kind: unknown): kind is SegmentKind {
  return typeof kind === "string" && (SEGMENT_KINDS as readonly string[]).includes(kind);
}

/**
 * Validates and fills defaults. Field errors are keyed by dotted path ("a", "minShare", "cutPercentiles.1");
 * the first message per field wins. `segmentId` (when editing) rejects a segment referring to itself.
 */
export function parseSegmentParams<K extends SegmentKind>(
  kind: K,
  input: unknown,
  opts: { segmentId?: number } = {},
): ParseResult<K> {
  if (!isSegmentKind(kind)) return { ok: false, fieldErrors: { kind: "Choose a kind of segment" } };
  const result = SEGMENT_SCHEMAS[kind].safeParse(input ?? {});
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.length ? issue.path.map(String).join(".") : "params";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, fieldErrors };
  }
  const params = result.data as SegmentParamsByKind[K];
  if (opts.segmentId !== undefined) {
    const self = opts.segmentId;
    if (kind === "sample" && (params as SampleParams).segmentId === self) {
      return { ok: false, fieldErrors: { segmentId: "A sample cannot be taken from itself" } };
    }
    if (kind === "combination") {
      const p = params as CombinationParams;
      if (p.segmentIds.includes(self))
        return { ok: false, fieldErrors: { segmentIds: "A segment cannot include itself" } };
      if (p.exclude.includes(self)) return { ok: false, fieldErrors: { exclude: "A segment cannot exclude itself" } };
    }
  }
  return { ok: true, params };
}

/** Segments this one is built from (sample base, combination inputs). */
export function segmentDependencies(kind: SegmentKind, params: unknown): number[] {
  if (kind === "sample") return [(params as SampleParams).segmentId];
  if (kind === "combination") {
    const p = params as CombinationParams;
    return [...new Set([...p.segmentIds, ...p.exclude])];
  }
  return [];
}

const BAND_NAMES: Record<AovBand, string> = {
  low: "Low order value",
  mid: "Mid order value",
  high: "High order value",
};

/** The three band segments of an AOV tiering, so the builder can create one segment per band. */
export function aovTierSet(
  input: Partial<Omit<AovTierParams, "band" | "mode">> & { mode?: "quantile" } = {},
): { band: AovBand; name: string; params: AovTierParams }[] {
  return AOV_BANDS.map((band) => {
    const parsed = parseSegmentParams("aov_tier", { ...input, mode: "quantile", band });
    if (!parsed.ok) throw new Error(`invalid AOV tier settings: ${JSON.stringify(parsed.fieldErrors)}`);
    return { band, name: BAND_NAMES[band], params: parsed.params };
  });
}
