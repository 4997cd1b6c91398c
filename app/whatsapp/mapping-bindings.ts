// Template mapping, part 2: what fills each parameter (a field with a fallback, fixed text, a media link, a
// quick-reply payload) and the zod schema a saved mapping is read through.
import { z } from "zod";
import { FIELD_KEYS, type FieldKey } from "./mapping-fields";

export const OPT_OUT_PAYLOAD = "SEGWA_STOP";

export type Binding =
  | { kind: "field"; field: FieldKey; fallback: string }
  | { kind: "text"; text: string }
  | { kind: "media"; link: string }
  | { kind: "payload"; payload: string };

export interface TemplateMapping {
  version: 1;
  /** by slot id: "header", "body.1", "body.first_name", "button.0" */
  params: Record<string, Binding>;
}

const fieldKey = z.enum(FIELD_KEYS as [FieldKey, ...FieldKey[]], { error: "Choose a field" });

export const bindingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("field"), field: fieldKey, fallback: z.string().max(200).default("") }),
  z.object({ kind: z.literal("text"), text: z.string().max(1000) }),
  z.object({ kind: z.literal("media"), link: z.string().max(2000) }),
  z.object({ kind: z.literal("payload"), payload: z.string().max(256) }),
]);

export const mappingSchema = z.object({
  version: z.literal(1).default(1),
  params: z.record(z.string(), bindingSchema).default({}),
});
