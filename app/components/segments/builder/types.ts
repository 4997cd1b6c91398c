// What every per-kind form component receives: its own kind's typed form, a patch-style change handler, the error
// lookup and the shop context (currency for amounts, saved segments for samples and combinations).
import type { BuilderForm, BuilderForms } from "../../../segments/builder-form";
import type { SegmentKind } from "../../../segments/definitions";

export interface BuilderCurrency {
  code: string;
  symbol: string;
  exponent: number;
}

export interface SavedSegmentOption {
  id: number;
  name: string;
  memberCount: number;
}

/** The builder's state: the kind and its form, so a form can only ever hold its own kind's fields. */
export type KindForm = { [K in SegmentKind]: { kind: K; form: BuilderForms[K] } }[SegmentKind];

export interface FieldContext {
  currency: BuilderCurrency;
  /** other live segments (inputs of samples and combinations) */
  segments: SavedSegmentOption[];
  embedded: boolean;
  mode: "create" | "edit";
  /** the error shown under a field (form field names, as parseBuilderForm keys them) */
  error: (field: string) => string | undefined;
}

export interface KindFieldsProps<K extends SegmentKind> extends FieldContext {
  form: BuilderForms[K];
  onChange: (patch: Partial<BuilderForms[K]>) => void;
}

/** A change to whichever kind's form is shown. */
export type FormPatch = Partial<BuilderForm>;

type TextFieldsOf<T> = { [F in keyof T]: T[F] extends string ? F : never }[keyof T] & string;

/** Value, change handler and error of one text field of a kind's form. */
export function bindText<K extends SegmentKind, F extends TextFieldsOf<BuilderForms[K]>>(
  props: KindFieldsProps<K>,
  field: F,
): { value: string; onChange: (value: string) => void; error: string | undefined } {
  return {
    value: String(props.form[field] ?? ""),
    onChange: (value) => props.onChange({ [field]: value } as unknown as Partial<BuilderForms[K]>),
    error: props.error(field),
  };
}
