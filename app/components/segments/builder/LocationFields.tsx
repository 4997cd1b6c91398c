// Location: default address in chosen countries, provinces or cities.
import { CatalogPicker, PLACE_PICKER_TYPES } from "../CatalogPicker";
import type { Place } from "../../../segments/builder-form";
import type { KindFieldsProps } from "./types";

export function LocationFields({ form, onChange, error }: KindFieldsProps<"location">) {
  return (
    <CatalogPicker
      label="Lives in any of"
      types={PLACE_PICKER_TYPES}
      value={form.places ?? []}
      onChange={(places) => onChange({ places: places as Place[] })}
      error={error("places")}
      helpText="Countries, provinces and cities each narrow the others; within one kind any value matches."
      testId="picker-places"
    />
  );
}
