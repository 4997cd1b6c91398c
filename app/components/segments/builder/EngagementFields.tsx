// WhatsApp engagement: which levels, over how many days, and what makes a customer highly or moderately engaged
// (app/segments/sql/engagement.server.ts judges them in that order). Thresholds default to the rule in
// docs/engagement.md; the merchant can tune them.
import { BlockStack, ChoiceList, FormLayout, Text } from "@shopify/polaris";
import { ENGAGEMENT_TIER_INFO, ENGAGEMENT_TIERS, type EngagementTier } from "../../../segments/engagement-params";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

export function EngagementFields(props: KindFieldsProps<"engagement">) {
  const { form, onChange, error } = props;
  return (
    <FormLayout>
      <ChoiceList
        title="Engagement level"
        allowMultiple
        selected={form.tiers ?? []}
        onChange={(tiers) => onChange({ tiers: tiers as EngagementTier[] })}
        error={error("tiers")}
        choices={ENGAGEMENT_TIERS.map((t) => ({
          label: ENGAGEMENT_TIER_INFO[t].title,
          value: t,
          helpText: ENGAGEMENT_TIER_INFO[t].description,
        }))}
      />
      <NumField
        label="Over the last"
        {...bindText(props, "windowDays")}
        suffix="days"
        help="Messages sent in this window count; those that failed or never arrived do not."
      />
      <BlockStack gap="200">
        <Text as="span" fontWeight="medium">
          Highly engaged when any of these is true
        </Text>
        <FormLayout.Group>
          <NumField
            label="Replied to at least"
            {...bindText(props, "highMinReplies")}
            suffix="messages"
            help="0 = replies alone do not count."
          />
          <NumField
            label="Clicked the link in at least"
            {...bindText(props, "highMinClicks")}
            suffix="messages"
            help="0 = clicks alone do not count."
          />
        </FormLayout.Group>
        <FormLayout.Group>
          <NumField label="Read at least" {...bindText(props, "highMinReadPercent")} suffix="%" />
          <NumField
            label="Of at least"
            {...bindText(props, "highMinReached")}
            suffix="messages"
            help="One read of one message is not a habit."
          />
        </FormLayout.Group>
      </BlockStack>
      <NumField
        label="Moderately engaged when they read at least"
        {...bindText(props, "moderateMinReads")}
        suffix="messages"
        help="Any reply or click also counts. Reached but below this: not engaged."
      />
    </FormLayout>
  );
}
