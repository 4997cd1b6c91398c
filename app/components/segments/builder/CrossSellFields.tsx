// Cross-sell: bought any of A, never any of B, optionally only A's purchases in the last days.
import { FormLayout } from "@shopify/polaris";
import type { Pick } from "../../../segments/builder-form";
import { CatalogPicker, PRODUCT_PICKER_TYPES } from "../CatalogPicker";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

// The product picker offers only product types (PRODUCT_PICKER_TYPES), so what it returns are Picks.
export function CrossSellFields(props: KindFieldsProps<"cross_sell">) {
  const { form, onChange, error, embedded } = props;
  return (
    <FormLayout>
      <CatalogPicker
        label="Bought any of"
        types={PRODUCT_PICKER_TYPES}
        value={form.a ?? []}
        onChange={(a) => onChange({ a: a as Pick[] })}
        error={error("a")}
        embedded={embedded}
        testId="picker-a"
      />
      <CatalogPicker
        label="But never bought any of"
        types={PRODUCT_PICKER_TYPES}
        value={form.b ?? []}
        onChange={(b) => onChange({ b: b as Pick[] })}
        error={error("b")}
        helpText="The audience for these: they know your store, but not these products yet."
        embedded={embedded}
        testId="picker-b"
      />
      <NumField
        label="Only purchases of the first in the last"
        {...bindText(props, "withinDays")}
        suffix="days"
        help="Leave empty to count any time."
        placeholder="any time"
      />
    </FormLayout>
  );
}
