// Combination: customers in all or any of chosen segments, minus those in others.
import { ChoiceList, FormLayout, InlineGrid, Select } from "@shopify/polaris";
import { n } from "./format";
import type { KindFieldsProps } from "./types";

export function CombinationFields({ form, onChange, error, segments }: KindFieldsProps<"combination">) {
  const choices = segments.map((s) => ({ label: `${s.name} (${n(s.memberCount)})`, value: String(s.id) }));
  return (
    <FormLayout>
      <Select
        label="Customers in"
        value={String(form.op)}
        onChange={(v) => onChange({ op: v as typeof form.op })}
        options={[
          { label: "all of these segments", value: "and" },
          { label: "any of these segments", value: "or" },
        ]}
      />
      <InlineGrid columns={2} gap="400">
        <ChoiceList
          title="Segments"
          allowMultiple
          selected={form.segmentIds ?? []}
          onChange={(segmentIds) => onChange({ segmentIds })}
          choices={choices}
          error={error("segmentIds")}
        />
        <ChoiceList
          title="But not in"
          allowMultiple
          selected={form.exclude ?? []}
          onChange={(exclude) => onChange({ exclude })}
          choices={choices}
          error={error("exclude")}
        />
      </InlineGrid>
    </FormLayout>
  );
}
