// The builder's form state, one shape per kind: what the merchant edits (amounts as "25.00" in the shop currency,
// shares as percents, chosen products with their names). Shared by the browser and the server: no server imports.
import type { AovBand, CampaignResponse, EngagementTier, RfmCell, SegmentKind } from "../definitions";

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
  /** campaignId "" = any campaign in the last withinDays days */
  campaign_response: { campaignId: string; withinDays: string; didNot: CampaignResponse };
  engagement: {
    tiers: EngagementTier[];
    windowDays: string;
    highMinReplies: string;
    highMinClicks: string;
    highMinReadPercent: string;
    highMinReached: string;
    moderateMinReads: string;
  };
}
export type BuilderForm = BuilderForms[SegmentKind];
