// Template variable mapping: which value fills each header/body/button parameter of a template, and the pure
// renderer that turns a mapping plus one recipient's field row into the Cloud API `components` array
// (apis.md A2). Shared by the browser (live preview in the editor) and the server (campaign dispatch), so it
// imports nothing server-side. Field values are loaded set-based by app/whatsapp/fields.server.ts.
import { z } from "zod";
import { formatMoney } from "../lib/money";
import type { SendComponent, TemplateComponent, TextParameter } from "./types";

// ---- fields a parameter can be bound to ---------------------------------------------------------------------

export type FieldFormat = "text" | "money" | "date" | "number" | "country" | "path";

export interface FieldDef {
  label: string;
  group: "Customer" | "Last order" | "Product" | "Segment" | "Store";
  format: FieldFormat;
  /** shown in the editor under the field */
  help?: string;
}

export const FIELDS = {
  "customer.first_name": { label: "First name", group: "Customer", format: "text" },
  "customer.last_name": { label: "Last name", group: "Customer", format: "text" },
  "customer.full_name": { label: "Full name", group: "Customer", format: "text" },
  "customer.email": { label: "Email", group: "Customer", format: "text" },
  "customer.city": { label: "City", group: "Customer", format: "text" },
  "customer.province": { label: "State / province", group: "Customer", format: "text" },
  "customer.country": { label: "Country", group: "Customer", format: "country" },
  "customer.orders_count": { label: "Number of orders", group: "Customer", format: "number" },
  "customer.total_spent": { label: "Total spent (net of refunds)", group: "Customer", format: "money" },
  "customer.average_order_value": { label: "Average order value", group: "Customer", format: "money" },
  "customer.first_order_date": { label: "First order date", group: "Customer", format: "date" },
  "customer.days_since_last_order": { label: "Days since last order", group: "Customer", format: "number" },
  "order.last_name": { label: "Last order number", group: "Last order", format: "text", help: "e.g. #1042" },
  "order.last_total": { label: "Last order total", group: "Last order", format: "money" },
  "order.last_date": { label: "Last order date", group: "Last order", format: "date" },
  "product.last_title": { label: "Last purchased product", group: "Product", format: "text" },
  "product.last_path": {
    label: "Last purchased product page",
    group: "Product",
    format: "path",
    help: "products/<handle>, for a URL button ending in {{1}}",
  },
  "product.top_title": { label: "Most purchased product", group: "Product", format: "text" },
  "product.top_path": {
    label: "Most purchased product page",
    group: "Product",
    format: "path",
    help: "products/<handle>",
  },
  "segment.name": {
    label: "Segment name",
    group: "Segment",
    format: "text",
    help: "the segment the customer was targeted through",
  },
  "shop.name": { label: "Store name", group: "Store", format: "text" },
} as const satisfies Record<string, FieldDef>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** One recipient's raw values: money in minor units, dates ISO-8601, numbers as decimal strings. */
export type FieldRow = Partial<Record<FieldKey, string | null>>;

export interface FormatContext {
  /** ISO 4217 shop currency and its minor-unit exponent */
  currency: string;
  currencyExponent: number;
  /** BCP 47 locale for numbers, money and dates (the template's language works well) */
  locale: string;
  /** IANA time zone for dates (the shop's) */
  timeZone: string;
}

// ---- bindings and mappings ----------------------------------------------------------------------------------

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

// ---- slots: the parameters a template needs ------------------------------------------------------------------

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

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const MEDIA = new Set(["IMAGE", "VIDEO", "DOCUMENT"]);

export function placeholdersOf(text: string | undefined): string[] {
  const out: string[] = [];
  for (const m of (text ?? "").matchAll(PLACEHOLDER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

function component(t: TemplateLike, type: string): TemplateComponent | undefined {
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

/** A starting mapping: obvious names bound to fields, everything else to the template's own example. */
export function suggestMapping(t: TemplateLike): TemplateMapping {
  const params: Record<string, Binding> = {};
  let firstText = true;
  for (const s of templateSlots(t)) {
    if (s.kind === "media") params[s.id] = { kind: "media", link: s.example ?? "" };
    else if (s.kind === "quick_reply")
      params[s.id] = {
        kind: "payload",
        payload: isStopButton(s.buttonText) ? OPT_OUT_PAYLOAD : `QUICK_REPLY_${s.key}`,
      };
    else if (s.kind === "url") params[s.id] = { kind: "text", text: s.example ?? "" };
    else if (s.kind === "copy_code") params[s.id] = { kind: "text", text: s.example ?? "" };
    else {
      const guess = guessField(s.key, firstText);
      params[s.id] = guess
        ? { kind: "field", field: guess, fallback: guess === "customer.first_name" ? "there" : "" }
        : { kind: "text", text: s.example ?? "" };
      firstText = false;
    }
  }
  return { version: 1, params };
}

function guessField(key: string, first: boolean): FieldKey | null {
  const k = key.toLowerCase();
  if (/^(first_?name|name|customer_?name)$/.test(k)) return "customer.first_name";
  if (/^last_?name$/.test(k)) return "customer.last_name";
  if (/^(shop|store)_?name$/.test(k)) return "shop.name";
  if (/^(product|product_?name)$/.test(k)) return "product.last_title";
  if (/^order_?(number|name)$/.test(k)) return "order.last_name";
  // The first positional body variable is a greeting name in most marketing templates ("Hi {{1}}").
  if (first && k === "1") return "customer.first_name";
  return null;
}

// ---- validation ------------------------------------------------------------------------------------------------

export interface MappingIssue {
  slot: string;
  message: string;
}

/** Problems that would make every send fail (the API rejects empty values, 131008): shown in the editor. */
export function mappingIssues(t: TemplateLike, mapping: TemplateMapping): MappingIssue[] {
  const issues: MappingIssue[] = [];
  for (const s of templateSlots(t)) {
    const b = mapping.params[s.id];
    if (!b) {
      issues.push({ slot: s.id, message: `${s.label} is not mapped` });
      continue;
    }
    const expected: Record<SlotKind, Binding["kind"][]> = {
      text: ["field", "text"],
      url: ["field", "text"],
      copy_code: ["field", "text"],
      media: ["media"],
      quick_reply: ["payload"],
    };
    if (!expected[s.kind].includes(b.kind)) {
      issues.push({ slot: s.id, message: `${s.label} cannot take a ${b.kind} value` });
      continue;
    }
    if (b.kind === "text" && !clean(b.text)) issues.push({ slot: s.id, message: `${s.label}: enter a text` });
    if (b.kind === "media" && !/^https:\/\/\S+$/.test(b.link))
      issues.push({ slot: s.id, message: `${s.label}: enter an https:// link to the ${s.mediaFormat?.toLowerCase()}` });
    if (b.kind === "payload" && !b.payload.trim()) issues.push({ slot: s.id, message: `${s.label}: enter a payload` });
    if (s.kind === "copy_code" && b.kind === "text" && clean(b.text).length > 15) {
      issues.push({ slot: s.id, message: `${s.label}: coupon codes are at most 15 characters` });
    }
  }
  return issues;
}

// ---- rendering -------------------------------------------------------------------------------------------------

export interface RenderContext extends FormatContext {
  shopName?: string | null;
  /** our campaign id for utm_campaign ("preview" in the editor) */
  campaignId: string | number;
  /** the recipient's reference carried on URL buttons as r=… (app/whatsapp/refs.ts) */
  recipientRef?: string | null;
}

export interface RenderedSend {
  components: SendComponent[];
  /** slots left empty (no value and no fallback): the send would be rejected, so the recipient must be held */
  missing: string[];
  /** slots that used their fallback */
  usedFallback: string[];
}

const HEADER_MAX = 60;

/** WhatsApp refuses newlines, tabs and runs of 5+ spaces in parameters (error 100): collapse whitespace. */
function clean(value: string | null | undefined): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}

export function formatField(
  field: FieldKey,
  raw: string | null | undefined,
  ctx: FormatContext,
  now = new Date(),
): string {
  if (raw === null || raw === undefined || raw === "") return "";
  const def: FieldDef = FIELDS[field];
  try {
    switch (def.format) {
      case "money":
        return formatMoney(BigInt(raw), ctx.currency, ctx.currencyExponent, ctx.locale);
      case "date":
        return new Intl.DateTimeFormat(ctx.locale, { dateStyle: "long", timeZone: ctx.timeZone }).format(new Date(raw));
      case "number":
        if (field === "customer.days_since_last_order") {
          return String(Math.max(0, Math.floor((now.getTime() - new Date(raw).getTime()) / 86_400_000)));
        }
        return new Intl.NumberFormat(ctx.locale).format(Number(raw));
      case "country":
        return new Intl.DisplayNames([ctx.locale], { type: "region" }).of(raw.toUpperCase()) ?? raw;
      case "path":
        return raw.split("/").map(encodeURIComponent).join("/");
      default:
        return clean(raw);
    }
  } catch {
    return clean(raw);
  }
}

/** Locale for formatting from a template language code ("pt_BR" → "pt-BR"). */
export function localeOf(language: string): string {
  const tag = language.replace("_", "-");
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "en";
  } catch {
    return "en";
  }
}

interface SlotValue {
  value: string;
  missing: boolean;
  usedFallback: boolean;
}

function resolve(b: Binding | undefined, row: FieldRow, ctx: RenderContext, now: Date): SlotValue {
  if (!b) return { value: "", missing: true, usedFallback: false };
  switch (b.kind) {
    case "text":
      return { value: clean(b.text), missing: !clean(b.text), usedFallback: false };
    case "media":
      return { value: b.link.trim(), missing: !b.link.trim(), usedFallback: false };
    case "payload":
      return { value: b.payload.trim(), missing: !b.payload.trim(), usedFallback: false };
    case "field": {
      const raw = b.field === "shop.name" ? (row["shop.name"] ?? ctx.shopName ?? null) : row[b.field];
      const value = clean(formatField(b.field, raw, ctx, now));
      if (value) return { value, missing: false, usedFallback: false };
      const fallback = clean(b.fallback);
      return { value: fallback, missing: !fallback, usedFallback: !!fallback };
    }
  }
}

/** Appends our click-attribution parameters to a URL button's suffix (keeps an existing query and #fragment). */
export function withTracking(suffix: string, campaignId: string | number, recipientRef?: string | null): string {
  const [beforeHash, ...hash] = suffix.split("#");
  const params = new URLSearchParams({
    utm_source: "whatsapp",
    utm_medium: "campaign",
    utm_campaign: String(campaignId),
  });
  if (recipientRef) params.set("r", recipientRef);
  const joiner = beforeHash!.includes("?") ? (beforeHash!.endsWith("?") || beforeHash!.endsWith("&") ? "" : "&") : "?";
  return `${beforeHash}${joiner}${params.toString()}${hash.length ? `#${hash.join("#")}` : ""}`;
}

/**
 * The `components` array of a template send for one recipient. Pure: the same template, mapping, row and
 * context always give the same request. Named templates get `parameter_name` on each parameter.
 */
export function renderComponents(
  t: TemplateLike,
  mapping: TemplateMapping,
  row: FieldRow,
  ctx: RenderContext,
  now = new Date(),
): RenderedSend {
  const named = t.parameterFormat === "NAMED";
  const missing: string[] = [];
  const usedFallback: string[] = [];
  const components: SendComponent[] = [];
  const headerParams: TextParameter[] = [];
  const bodyParams: TextParameter[] = [];
  const header = component(t, "HEADER");
  const headerStatic = (header?.text ?? "").replace(PLACEHOLDER, "").length;

  for (const s of templateSlots(t)) {
    const v = resolve(mapping.params[s.id], row, ctx, now);
    if (v.missing) missing.push(s.id);
    if (v.usedFallback) usedFallback.push(s.id);
    const text = (p: string): TextParameter =>
      named && s.kind === "text" ? { type: "text", text: p, parameter_name: s.key } : { type: "text", text: p };
    if (s.component === "header" && s.kind === "media") {
      const media = { link: v.value };
      const fmt = s.mediaFormat!.toLowerCase() as "image" | "video" | "document";
      components.push({
        type: "header",
        parameters: [
          fmt === "image"
            ? { type: "image", image: media }
            : fmt === "video"
              ? { type: "video", video: media }
              : { type: "document", document: media },
        ],
      });
    } else if (s.component === "header") {
      // The hydrated header may not exceed 60 characters (132005): shorten the value, not the template.
      headerParams.push(text(v.value.slice(0, Math.max(1, HEADER_MAX - headerStatic))));
    } else if (s.component === "body") {
      bodyParams.push(text(v.value));
    } else if (s.kind === "url") {
      components.push({
        type: "button",
        sub_type: "url",
        index: s.key,
        parameters: [{ type: "text", text: withTracking(v.value, ctx.campaignId, ctx.recipientRef) }],
      });
    } else if (s.kind === "quick_reply") {
      components.push({
        type: "button",
        sub_type: "quick_reply",
        index: s.key,
        parameters: [{ type: "payload", payload: v.value }],
      });
    } else if (s.kind === "copy_code") {
      components.push({
        type: "button",
        sub_type: "copy_code",
        index: s.key,
        parameters: [{ type: "coupon_code", coupon_code: v.value }],
      });
    }
  }
  if (headerParams.length) components.unshift({ type: "header", parameters: headerParams });
  if (bodyParams.length) {
    const at = components.findIndex((c) => c.type === "button");
    components.splice(at === -1 ? components.length : at, 0, { type: "body", parameters: bodyParams });
  }
  return { components, missing, usedFallback };
}

// ---- preview ---------------------------------------------------------------------------------------------------

export interface TemplatePreview {
  header: { text?: string; mediaFormat?: string; link?: string } | null;
  body: string;
  footer: string | null;
  buttons: Array<{ type: string; text: string; url?: string; payload?: string }>;
}

/** What the customer would see: the template's texts with the rendered parameters filled in. */
export function previewTemplate(t: TemplateLike, rendered: RenderedSend): TemplatePreview {
  const params = (type: "header" | "body"): string[] => {
    const c = rendered.components.find((x) => x.type === type);
    return (c?.parameters ?? []).map((p) => ("text" in p ? p.text : "")) as string[];
  };
  const fill = (text: string | undefined, values: string[], named: boolean) => {
    const keys = placeholdersOf(text);
    return (text ?? "").replace(PLACEHOLDER, (_m, key: string) => {
      const i = named ? keys.indexOf(key) : Number(key) - 1;
      return values[i] || `{{${key}}}`;
    });
  };
  const named = t.parameterFormat === "NAMED";
  const header = component(t, "HEADER");
  const format = String(header?.format ?? "TEXT").toUpperCase();
  let headerPreview: TemplatePreview["header"] = null;
  if (header && format === "TEXT") headerPreview = { text: fill(header.text, params("header"), named) };
  else if (header && MEDIA.has(format)) {
    const c = rendered.components.find((x) => x.type === "header");
    const p = c?.parameters[0] as
      { image?: { link?: string }; video?: { link?: string }; document?: { link?: string } } | undefined;
    headerPreview = { mediaFormat: format, link: p?.image?.link ?? p?.video?.link ?? p?.document?.link };
  }
  const buttons = (component(t, "BUTTONS")?.buttons ?? []).map((b, index) => {
    const rendered_ = rendered.components.find((c) => c.type === "button" && c.index === String(index));
    const type = String(b.type).toUpperCase();
    if (type === "URL") {
      const suffix =
        rendered_ && rendered_.type === "button" && rendered_.sub_type === "url" ? rendered_.parameters[0].text : "";
      return { type, text: b.text ?? "", url: (b.url ?? "").replace(PLACEHOLDER, suffix) };
    }
    if (type === "QUICK_REPLY") {
      const payload =
        rendered_ && rendered_.type === "button" && rendered_.sub_type === "quick_reply"
          ? rendered_.parameters[0].payload
          : undefined;
      return { type, text: b.text ?? "", payload };
    }
    return { type, text: b.text ?? "" };
  });
  return {
    header: headerPreview,
    body: fill(component(t, "BODY")?.text, params("body"), named),
    footer: component(t, "FOOTER")?.text ?? null,
    buttons,
  };
}
