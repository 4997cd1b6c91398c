// Template mapping, part 4: the starting mapping offered for a template, and the problems that would make every
// send fail.
import { mappingSchema, OPT_OUT_PAYLOAD, type Binding, type TemplateMapping } from "./mapping-bindings";
import { clean, type FieldKey } from "./mapping-fields";
import { isStopButton, templateSlots, type SlotKind, type TemplateLike } from "./mapping-slots";

/**
 * The mapping a campaign sends with: its own when it has one, else the template's saved default, else the
 * suggestion (the dispatcher and the /l/ redirect must agree on it).
 */
export function effectiveMapping(own: unknown, templateDefault: unknown, t: TemplateLike): TemplateMapping {
  const a = mappingSchema.safeParse(own);
  if (a.success && Object.keys(a.data.params).length) return a.data as TemplateMapping;
  const b = mappingSchema.safeParse(templateDefault);
  if (b.success && Object.keys(b.data.params).length) return b.data as TemplateMapping;
  return suggestMapping(t);
}

/**
 * A starting mapping: parameters whose name (or whose example's shape) says what they are bound to fields, quick
 * replies to their payload. Everything else is left for the merchant to map: Meta's examples (order_shipped's
 * "#1042", a sample image, a sample coupon) illustrate the template for review and are never sent, so they are
 * shown next to the parameter but never become its value (issue 15 B8).
 */
export function suggestMapping(t: TemplateLike): TemplateMapping {
  const params: Record<string, Binding> = {};
  let firstText = true;
  for (const s of templateSlots(t)) {
    if (s.kind === "quick_reply")
      params[s.id] = {
        kind: "payload",
        payload: isStopButton(s.buttonText) ? OPT_OUT_PAYLOAD : `QUICK_REPLY_${s.key}`,
      };
    else if (s.kind === "text") {
      const guess = guessField(s.key, firstText) ?? guessFromExample(s.example);
      if (guess)
        params[s.id] = { kind: "field", field: guess, fallback: guess === "customer.first_name" ? "there" : "" };
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

/** An example shaped like a Shopify order name ("#1042") stands for the customer's order number. */
function guessFromExample(example: string | undefined): FieldKey | null {
  return example && /^#\d{3,}$/.test(example.trim()) ? "order.last_name" : null;
}

/**
 * Where a template's default mapping stands, the one answer the Templates list, the template page and the
 * Dashboard's checklist give: `none` (no variables, sent as approved), `unsaved` (nothing saved: a campaign would
 * start from the suggestion), `incomplete` (saved, but some parameter has no value), `saved`.
 */
export type MappingState = "none" | "unsaved" | "incomplete" | "saved";

export function mappingState(t: TemplateLike, saved: TemplateMapping | null): MappingState {
  if (templateSlots(t).length === 0) return "none";
  if (!saved) return "unsaved";
  return mappingIssues(t, saved).length ? "incomplete" : "saved";
}

/** How many of a template's parameters still need a value under its saved mapping (all of them when none is). */
export function parametersToMap(t: TemplateLike, saved: TemplateMapping | null): number {
  const slots = templateSlots(t);
  if (!saved) return slots.length;
  return new Set(mappingIssues(t, saved).map((i) => i.slot)).size;
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
