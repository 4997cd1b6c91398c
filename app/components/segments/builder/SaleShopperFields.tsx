// Sale shoppers: at least a share of their orders came with a deal, out of a minimum number of orders.
import { BlockStack, Checkbox, FormLayout, Text } from "@shopify/polaris";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

export function SaleShopperFields(props: KindFieldsProps<"sale_shopper">) {
  const { form, onChange, error } = props;
  return (
    <FormLayout>
      <FormLayout.Group>
        <NumField
          label="Orders with a deal, at least"
          {...bindText(props, "minSharePercent")}
          suffix="%"
          help="Share of their orders (after cancellations)."
        />
        <NumField
          label="Out of at least"
          {...bindText(props, "minOrders")}
          suffix="orders"
          help="One lucky order is not a habit."
        />
      </FormLayout.Group>
      <BlockStack gap="100">
        <Text as="span" fontWeight="medium">
          What counts as a deal
        </Text>
        <Checkbox
          label="Discount code"
          checked={form.discountCodes === true}
          onChange={(discountCodes) => onChange({ discountCodes })}
          error={error("discountCodes")}
        />
        <Checkbox
          label="Automatic discount"
          checked={form.automaticDiscounts === true}
          onChange={(automaticDiscounts) => onChange({ automaticDiscounts })}
        />
        <Checkbox
          label="Marked-down item (sold below its compare-at price)"
          checked={form.markdowns === true}
          onChange={(markdowns) => onChange({ markdowns })}
        />
      </BlockStack>
    </FormLayout>
  );
}
