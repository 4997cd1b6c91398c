// What each kind and RFM group means, in the merchant's words (builder, list and docs/segments.md use the same text).
import { AOV_BANDS, RFM_CELLS, type AovBand, type RfmCell, type SegmentKind } from "../definitions";

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
  campaign_response: {
    title: "Campaign follow-up",
    description: "Reached by a campaign (or any campaign lately) but did not read, click or buy: follow up with them.",
    defaultName: "Follow-up",
    mission: false,
  },
  engagement: {
    title: "WhatsApp engagement",
    description:
      "How customers respond to your WhatsApp messages: highly engaged, moderately engaged, not engaged, or never messaged.",
    defaultName: "Engaged on WhatsApp",
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

export const AOV_BAND_NAMES: Record<AovBand, string> = { low: "low", mid: "mid", high: "high" };
export { AOV_BANDS, RFM_CELLS };
