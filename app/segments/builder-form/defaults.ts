// A new segment's starting form per kind: the defaults the merchant sees before changing anything.
import type { SegmentKind } from "../definitions";
import type { BuilderForms } from "./types";

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
  };
  return forms[kind] as BuilderForms[K];
}
