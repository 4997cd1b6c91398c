// The "Who is in it" fields of the builder: the form component of the segment's kind. Samples and combinations are
// built from saved segments, so without any they explain that first.
import { Banner } from "@shopify/polaris";
import { AovTierFields } from "./AovTierFields";
import { CampaignResponseFields } from "./CampaignResponseFields";
import { CombinationFields } from "./CombinationFields";
import { CrossSellFields } from "./CrossSellFields";
import { EngagementFields } from "./EngagementFields";
import { FormerVipFields } from "./FormerVipFields";
import { LocationFields } from "./LocationFields";
import { ProductSpecificFields } from "./ProductSpecificFields";
import { RfmFields } from "./RfmFields";
import { SaleShopperFields } from "./SaleShopperFields";
import { SampleFields } from "./SampleFields";
import type { FieldContext, FormPatch, KindForm } from "./types";

export function KindFields({
  value,
  onChange,
  ...context
}: FieldContext & { value: KindForm; onChange: (patch: FormPatch) => void }) {
  switch (value.kind) {
    case "cross_sell":
      return <CrossSellFields form={value.form} onChange={onChange} {...context} />;
    case "product_specific":
      return <ProductSpecificFields form={value.form} onChange={onChange} {...context} />;
    case "sale_shopper":
      return <SaleShopperFields form={value.form} onChange={onChange} {...context} />;
    case "former_vip":
      return <FormerVipFields form={value.form} onChange={onChange} {...context} />;
    case "aov_tier":
      return <AovTierFields form={value.form} onChange={onChange} {...context} />;
    case "rfm":
      return <RfmFields form={value.form} onChange={onChange} {...context} />;
    case "location":
      return <LocationFields form={value.form} onChange={onChange} {...context} />;
    case "campaign_response":
      return <CampaignResponseFields form={value.form} onChange={onChange} {...context} />;
    case "engagement":
      return <EngagementFields form={value.form} onChange={onChange} {...context} />;
    case "sample":
    case "combination":
      if (!context.segments.length) {
        return (
          <Banner tone="info" title="Save a segment first">
            {value.kind === "sample"
              ? "A sample is taken from a saved segment."
              : "A combination is built from saved segments."}{" "}
            Create a cross-sell, sale-shopper or any other segment, then come back.
          </Banner>
        );
      }
      return value.kind === "sample" ? (
        <SampleFields form={value.form} onChange={onChange} {...context} />
      ) : (
        <CombinationFields form={value.form} onChange={onChange} {...context} />
      );
  }
}
