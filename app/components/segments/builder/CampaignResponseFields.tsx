// Campaign follow-up: reached by a campaign (or any campaign lately) but did not read, click or buy. Usually
// created in one click from a campaign report ("Follow up with those who did not …").
import { FormLayout, Select } from "@shopify/polaris";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

export function CampaignResponseFields(props: KindFieldsProps<"campaign_response">) {
  const { form, onChange, error } = props;
  return (
    <FormLayout>
      <Select
        label="Did not"
        value={String(form.didNot ?? "read")}
        onChange={(v) => onChange({ didNot: v as typeof form.didNot })}
        error={error("didNot")}
        options={[
          { label: "Read the message", value: "read" },
          { label: "Click its link", value: "click" },
          { label: "Buy since", value: "buy" },
        ]}
      />
      <NumField
        label="Campaign id"
        {...bindText(props, "campaignId")}
        help="Leave empty for any campaign in the last days below."
      />
      <NumField label="Any campaign in the last" {...bindText(props, "withinDays")} suffix="days" />
    </FormLayout>
  );
}
