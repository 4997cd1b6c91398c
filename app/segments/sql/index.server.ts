// Kind → its statement builder, and (for kinds judged against the whole store) the function computing the
// figures frozen into segments.computed at full refresh.
import type pg from "pg";
import type { SegmentKind, SegmentParamsByKind } from "../definitions";
import { aovTierCompute, aovTierQuery } from "./aov-tier.server";
import { campaignResponseQuery } from "./campaign-response.server";
import { combinationQuery } from "./combination.server";
import type { Computed, KindContext, KindQuery } from "./common.server";
import { crossSellQuery } from "./cross-sell.server";
import { engagementQuery } from "./engagement.server";
import { formerVipCompute, formerVipQuery } from "./former-vip.server";
import { locationQuery } from "./location.server";
import { productSpecificQuery } from "./product-specific.server";
import { rfmCompute, rfmQuery } from "./rfm.server";
import { saleShopperQuery } from "./sale-shopper.server";
import { sampleQuery } from "./sample.server";

type Db = pg.Pool | pg.PoolClient;

interface KindSql<K extends SegmentKind> {
  query(ctx: KindContext<SegmentParamsByKind[K]>): KindQuery;
  /** store-wide figures; absent = the kind judges each customer on their own rows */
  compute?(db: Db, ctx: KindContext<SegmentParamsByKind[K]>): Promise<Computed>;
}

export const KIND_SQL: { [K in SegmentKind]: KindSql<K> } = {
  cross_sell: { query: crossSellQuery },
  product_specific: { query: productSpecificQuery },
  sale_shopper: { query: saleShopperQuery },
  former_vip: { query: formerVipQuery, compute: formerVipCompute },
  aov_tier: { query: aovTierQuery, compute: aovTierCompute },
  rfm: { query: rfmQuery, compute: rfmCompute },
  location: { query: locationQuery },
  sample: { query: sampleQuery },
  combination: { query: combinationQuery },
  campaign_response: { query: campaignResponseQuery },
  engagement: { query: engagementQuery },
};

/** Whether this definition is judged against store-wide figures that must be frozen. */
export function needsComputed(kind: SegmentKind, params: SegmentParamsByKind[SegmentKind]): boolean {
  if (kind === "former_vip") return (params as SegmentParamsByKind["former_vip"]).rankBy === "percent";
  if (kind === "aov_tier") return (params as SegmentParamsByKind["aov_tier"]).mode === "quantile";
  return kind === "rfm";
}

export type { Computed, KindContext, KindQuery } from "./common.server";
