// The rollout rule of "Test first, then roll out": the test group must reach a delivery rate and stay under an
// opt-out rate, and — when the merchant sets them — reach a reply rate and a click rate (of delivered test
// messages). The campaign.rollout-check job applies the same rule (app/campaigns/dispatch/rollout.server.ts).
import { FormLayout, TextField } from "@shopify/polaris";
import {
  DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT,
  DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT,
  type FieldErrors,
} from "../../campaigns/form";
import type { CampaignFormValues } from "./CampaignForm";

type RuleKey =
  "rolloutMinDeliveryPercent" | "rolloutMaxOptOutPercent" | "rolloutMinReplyPercent" | "rolloutMinClickPercent";

export function RolloutRuleFields(props: {
  values: CampaignFormValues;
  errors: FieldErrors;
  set: (key: RuleKey, value: string) => void;
}) {
  const { values: v, errors, set } = props;
  const field = (key: RuleKey, label: string, helpText: string, placeholder?: string) => (
    <TextField
      label={label}
      type="number"
      suffix="%"
      autoComplete="off"
      value={v[key]}
      onChange={(x) => set(key, x)}
      error={errors[key]}
      helpText={helpText}
      placeholder={placeholder}
    />
  );
  return (
    <>
      <FormLayout.Group>
        {field(
          "rolloutMinDeliveryPercent",
          "Roll out when delivery is at least",
          `Default ${DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT}%.`,
        )}
        {field(
          "rolloutMaxOptOutPercent",
          "…and opt-outs at most",
          `Default ${DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT}%. Otherwise the campaign waits for you.`,
        )}
      </FormLayout.Group>
      <FormLayout.Group>
        {field(
          "rolloutMinReplyPercent",
          "…and replies at least (optional)",
          "Of delivered test messages. Leave empty to ignore replies.",
          "Not required",
        )}
        {field(
          "rolloutMinClickPercent",
          "…and link clicks at least (optional)",
          "Of delivered test messages. Leave empty to ignore clicks.",
          "Not required",
        )}
      </FormLayout.Group>
    </>
  );
}
