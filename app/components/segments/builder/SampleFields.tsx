// Random sample: a stable percentage of a saved segment, picked by a seed.
import { FormLayout, Select, TextField } from "@shopify/polaris";
import { n } from "./format";
import { NumField } from "./NumField";
import { bindText, type KindFieldsProps } from "./types";

export function SampleFields(props: KindFieldsProps<"sample">) {
  const { form, onChange, error, segments } = props;
  return (
    <FormLayout>
      <Select
        label="Sample of"
        value={String(form.segmentId ?? "")}
        onChange={(segmentId) => onChange({ segmentId })}
        error={error("segmentId")}
        options={[
          { label: "Choose a segment", value: "" },
          ...segments.map((s) => ({ label: `${s.name} (${n(s.memberCount)})`, value: String(s.id) })),
        ]}
      />
      <FormLayout.Group>
        <NumField label="Percent" {...bindText(props, "percent")} suffix="%" />
        <TextField
          label="Seed"
          {...bindText(props, "seed")}
          autoComplete="off"
          helpText="The same seed keeps the same customers as the segment grows."
        />
      </FormLayout.Group>
    </FormLayout>
  );
}
