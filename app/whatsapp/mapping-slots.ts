// Template mapping, part 3: the parameters ("slots") a template needs — header, body placeholders, buttons — in the
// order Meta numbers them, with Meta's example for each (shown to the merchant, never sent).
import type { TemplateComponent } from "./types";

export interface TemplateLike {
  name: string;
  language: string;
  parameterFormat: "POSITIONAL" | "NAMED" | string;
  components: TemplateComponent[];
}

/** The fields of a stored template row the renderer needs. */
export function asTemplateLike(t: {
  name: string;
  language: string;
  parameterFormat: string;
  components: TemplateComponent[];
}): TemplateLike {
  return { name: t.name, language: t.language, parameterFormat: t.parameterFormat, components: t.components };
}

export type SlotKind = "text" | "media" | "url" | "quick_reply" | "copy_code";

export interface Slot {
  id: string;
  component: "header" | "body" | "button";
  kind: SlotKind;
  /** placeholder name ("1" or "first_name"); button index for buttons */
  key: string;
  label: string;
  /** IMAGE | VIDEO | DOCUMENT for media headers */
  mediaFormat?: string;
  buttonIndex?: number;
  buttonText?: string;
  /** URL buttons: the template URL with its {{1}} */
  urlTemplate?: string;
  example?: string;
}

export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
export const MEDIA = new Set(["IMAGE", "VIDEO", "DOCUMENT"]);

export function placeholdersOf(text: string | undefined): string[] {
  const out: string[] = [];
  for (const m of (text ?? "").matchAll(PLACEHOLDER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

export function component(t: TemplateLike, type: string): TemplateComponent | undefined {
  return t.components.find((c) => String(c.type).toUpperCase() === type);
}

function examples(t: TemplateLike, which: "header" | "body"): Record<string, string> {
  const c = component(t, which === "header" ? "HEADER" : "BODY");
  const out: Record<string, string> = {};
  const named = which === "header" ? c?.example?.header_text_named_params : c?.example?.body_text_named_params;
  for (const n of named ?? []) out[n.param_name] = n.example;
  const positional = which === "header" ? c?.example?.header_text : c?.example?.body_text?.[0];
  (positional ?? []).forEach((v, i) => (out[String(i + 1)] = v));
  return out;
}

/** Every parameter a send of this template must fill, in the order Meta numbers them. */
export function templateSlots(t: TemplateLike): Slot[] {
  const slots: Slot[] = [];
  const header = component(t, "HEADER");
  if (header) {
    const format = String(header.format ?? "TEXT").toUpperCase();
    if (format === "TEXT") {
      const ex = examples(t, "header");
      for (const key of placeholdersOf(header.text)) {
        slots.push({
          id: "header",
          component: "header",
          kind: "text",
          key,
          label: `Header {{${key}}}`,
          example: ex[key],
        });
      }
    } else if (MEDIA.has(format)) {
      slots.push({
        id: "header",
        component: "header",
        kind: "media",
        key: format.toLowerCase(),
        label: `Header ${format.toLowerCase()}`,
        mediaFormat: format,
        example: header.example?.header_handle?.[0],
      });
    }
  }
  const body = component(t, "BODY");
  const bodyEx = examples(t, "body");
  for (const key of placeholdersOf(body?.text)) {
    slots.push({
      id: `body.${key}`,
      component: "body",
      kind: "text",
      key,
      label: `Body {{${key}}}`,
      example: bodyEx[key],
    });
  }
  (component(t, "BUTTONS")?.buttons ?? []).forEach((b, index) => {
    const type = String(b.type).toUpperCase();
    const base = { component: "button" as const, key: String(index), buttonIndex: index, buttonText: b.text };
    if (type === "URL" && placeholdersOf(b.url).length) {
      const example = Array.isArray(b.example) ? b.example[0] : b.example;
      slots.push({
        ...base,
        id: `button.${index}`,
        kind: "url",
        label: `“${b.text ?? "Link"}” button link`,
        urlTemplate: b.url,
        example: urlSuffixExample(b.url, example),
      });
    } else if (type === "QUICK_REPLY") {
      slots.push({ ...base, id: `button.${index}`, kind: "quick_reply", label: `“${b.text ?? "Reply"}” quick reply` });
    } else if (type === "COPY_CODE") {
      slots.push({
        ...base,
        id: `button.${index}`,
        kind: "copy_code",
        label: `“${b.text ?? "Copy code"}” coupon code`,
        example: typeof b.example === "string" ? b.example : b.example?.[0],
      });
    }
  });
  return slots;
}

/** "https://s.com/{{1}}" with example "https://s.com/spring26" → "spring26". */
function urlSuffixExample(url: string | undefined, example: string | undefined): string | undefined {
  if (!url || !example) return undefined;
  const prefix = url.split(PLACEHOLDER)[0] ?? "";
  return example.startsWith(prefix) ? example.slice(prefix.length) : undefined;
}

/** True when a quick-reply button reads like an opt-out ("Stop promotions", "Unsubscribe"). */
export function isStopButton(text: string | undefined): boolean {
  return /\b(stop|unsubscribe|opt[\s-]?out|no more|baja|parar|arr[eê]t|abmelden)\b/i.test(text ?? "");
}
