// Former VIPs: top spenders (by rank or by an amount) over a period, with no order lately.
import { ChoiceList, FormLayout } from "@shopify/polaris";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

export function FormerVipFields(props: KindFieldsProps<"former_vip">) {
  const { form, onChange, currency } = props;
  return (
    <FormLayout>
      <ChoiceList
        title="Were VIPs when they"
        selected={[String(form.rankBy)]}
        onChange={(v) => onChange({ rankBy: v[0] as typeof form.rankBy })}
        choices={[
          { label: "were among my top spenders", value: "percent" },
          { label: "spent at least an amount", value: "amount" },
        ]}
      />
      <FormLayout.Group>
        {form.rankBy === "amount" ? (
          <NumField
            label="Spent at least"
            {...bindText(props, "minSpend")}
            prefix={currency.symbol}
            placeholder={currency.exponent ? "500.00" : "500"}
            help={`Net of refunds, in ${currency.code}.`}
          />
        ) : (
          <NumField label="Top" {...bindText(props, "topPercent")} suffix="% of spenders" />
        )}
        <NumField
          label="Over the"
          {...bindText(props, "qualifyingDays")}
          suffix="days before the lapse"
          placeholder="all history"
          help="Empty: all their history."
        />
      </FormLayout.Group>
      <NumField label="And no order in the last" {...bindText(props, "lapsedDays")} suffix="days" />
    </FormLayout>
  );
}
