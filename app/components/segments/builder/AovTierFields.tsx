// Order value tiers: low, mid and high by the store's own percentiles (all three at once when creating), or fixed
// amounts.
import { BlockStack, Checkbox, ChoiceList, FormLayout, Select } from "@shopify/polaris";
import { AOV_BANDS } from "../../../segments/builder-form";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

export function AovTierFields(props: KindFieldsProps<"aov_tier">) {
  const { form, onChange, currency, mode } = props;
  return (
    <FormLayout>
      <ChoiceList
        title="Bands"
        selected={[String(form.mode)]}
        onChange={(v) => onChange({ mode: v[0] as typeof form.mode })}
        choices={[
          { label: "By your store: low, mid and high thirds of customers", value: "quantile" },
          { label: "By fixed amounts", value: "fixed" },
        ]}
      />
      {form.mode === "fixed" ? (
        <FormLayout.Group>
          <NumField
            label="Average order from"
            {...bindText(props, "minAov")}
            prefix={currency.symbol}
            placeholder="no minimum"
          />
          <NumField
            label="Up to (not including)"
            {...bindText(props, "maxAov")}
            prefix={currency.symbol}
            placeholder="no maximum"
          />
        </FormLayout.Group>
      ) : (
        <BlockStack gap="300">
          {mode === "create" ? (
            <Checkbox
              label="Create all three bands as separate segments"
              checked={form.allBands === true}
              onChange={(allBands) => onChange({ allBands })}
            />
          ) : null}
          {mode === "edit" || form.allBands !== true ? (
            <Select
              label="Band"
              value={String(form.band)}
              onChange={(v) => onChange({ band: v as typeof form.band })}
              options={AOV_BANDS.map((b) => ({ label: `${b[0]!.toUpperCase()}${b.slice(1)}`, value: b }))}
            />
          ) : null}
          <FormLayout.Group>
            <NumField label="Low ends at" {...bindText(props, "lowerCut")} suffix="% of customers" />
            <NumField label="High starts at" {...bindText(props, "upperCut")} suffix="% of customers" />
          </FormLayout.Group>
        </BlockStack>
      )}
      <NumField
        label="Customers with at least"
        {...bindText(props, "minOrders")}
        suffix="orders"
        help="Average order value is net of refunds."
      />
    </FormLayout>
  );
}
