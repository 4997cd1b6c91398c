// A new segment's starting form per kind: the defaults the merchant sees before changing anything.
import type { SegmentKind } from "../definitions";
import { ENGAGEMENT_DEFAULTS } from "../engagement-params";
import { KIND_INFO } from "./kinds";
import type { BuilderForms } from "./types";

/** Longest segment name the server accepts (manage.server.ts). */
const NAME_MAX = 100;
/** The names saving an order-value tier set creates besides the name itself (manage.server.ts). */
const BAND_SUFFIXES = [" – low", " – mid", " – high"];

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
    campaign_response: { campaignId: "", withinDays: "30", didNot: "read" },
    engagement: {
      tiers: ["highly"],
      windowDays: String(ENGAGEMENT_DEFAULTS.windowDays),
      highMinReplies: String(ENGAGEMENT_DEFAULTS.highMinReplies),
      highMinClicks: String(ENGAGEMENT_DEFAULTS.highMinClicks),
      highMinReadPercent: String(ENGAGEMENT_DEFAULTS.highMinReadPercent),
      highMinReached: String(ENGAGEMENT_DEFAULTS.highMinReached),
      moderateMinReads: String(ENGAGEMENT_DEFAULTS.moderateMinReads),
    },
  };
  return forms[kind] as BuilderForms[K];
}

/**
 * The first of "Name", "Name 2", "Name 3"… that none of `taken` uses, compared as the server compares names (case
 * and spacing aside), so a builder opened with it saves at the first try. `suffixes`: every name the save would
 * create from it (an order-value tier set's three bands).
 */
export function uniqueName(base: string, taken: readonly string[], suffixes: readonly string[] = [""]): string {
  const key = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
  const used = new Set(taken.map(key));
  const name = base.slice(0, NAME_MAX);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${name.slice(0, NAME_MAX - String(i).length - 1).trimEnd()} ${i}`;
    if (suffixes.every((suffix) => !used.has(key(candidate + suffix)))) return candidate;
  }
}

/** A new segment's default name, free among the shop's live segments (`taken`). */
export function defaultName(kind: SegmentKind, taken: readonly string[]): string {
  return uniqueName(KIND_INFO[kind].defaultName, taken, kind === "aov_tier" ? ["", ...BAND_SUFFIXES] : [""]);
}
