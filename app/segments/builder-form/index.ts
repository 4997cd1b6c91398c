// The segment builder's form: its typed state per kind, the kinds' texts, defaults, and the translation to and from
// validated segment parameters. Shared by the browser and the server: no server imports.
export type { BuilderForm, BuilderForms, Pick, PickType, Place, PlaceType } from "./types";
export { AOV_BAND_NAMES, AOV_BANDS, KIND_INFO, RFM_CELL_INFO, RFM_CELLS } from "./kinds";
export { defaultForm, defaultName, uniqueName } from "./defaults";
export {
  formFieldOf,
  formToInput,
  parseBuilderForm,
  picksToSelector,
  type FormParseResult,
  type FormTranslation,
} from "./parse";
export { paramsToForm } from "./serialise";
