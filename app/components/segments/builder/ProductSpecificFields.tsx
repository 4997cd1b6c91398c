// Product buyers: bought chosen products at least a number of times (orders or units kept), optionally lately.
import { FormLayout, Select } from "@shopify/polaris";
import type { Pick } from "../../../segments/builder-form";
import { CatalogPicker, PRODUCT_PICKER_TYPES } from "../CatalogPicker";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

// The product picker offers only product types (PRODUCT_PICKER_TYPES), so what it returns are Picks.
export function ProductSpecificFields(props: KindFieldsProps<"product_specific">) {
  const { form, onChange, error, embedded } = props;
  return (
    <FormLayout>
      <CatalogPicker
        label="Bought any of"
        types={PRODUCT_PICKER_TYPES}
        value={form.products ?? []}
        onChange={(products) => onChange({ products: products as Pick[] })}
        error={error("products")}
        embedded={embedded}
        testId="picker-products"
      />
      <FormLayout.Group>
        <NumField label="At least" {...bindText(props, "minTimes")} suffix="times" />
        <Select
          label="Counting"
          value={String(form.countBy)}
          onChange={(v) => onChange({ countBy: v as typeof form.countBy })}
          error={error("countBy")}
          options={[
            { label: "orders containing them", value: "orders" },
            { label: "units kept (after refunds)", value: "units" },
          ]}
        />
        <NumField
          label="Within the last"
          {...bindText(props, "withinDays")}
          suffix="days"
          placeholder="any time"
          help="Empty: any time."
        />
      </FormLayout.Group>
    </FormLayout>
  );
}
