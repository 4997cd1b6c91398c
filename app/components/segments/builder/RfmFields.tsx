// RFM groups: any of the named recency/frequency/monetary cells.
import { ChoiceList } from "@shopify/polaris";
import { RFM_CELL_INFO, RFM_CELLS } from "../../../segments/builder-form";
import type { RfmCell } from "../../../segments/definitions";
import type { KindFieldsProps } from "./types";

export function RfmFields({ form, onChange, error }: KindFieldsProps<"rfm">) {
  return (
    <ChoiceList
      title="Groups"
      allowMultiple
      selected={form.cells ?? []}
      onChange={(cells) => onChange({ cells: cells as RfmCell[] })}
      error={error("cells")}
      choices={RFM_CELLS.map((c) => ({
        label: RFM_CELL_INFO[c].title,
        value: c,
        helpText: RFM_CELL_INFO[c].description,
      }))}
    />
  );
}
