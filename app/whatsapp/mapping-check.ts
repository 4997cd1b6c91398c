// Template mapping, part 4: the starting mapping offered for a template, and the problems that would make every
// send fail.
import { OPT_OUT_PAYLOAD, type Binding, type TemplateMapping } from "./mapping-bindings";
import { clean, type FieldKey } from "./mapping-fields";
import { isStopButton, templateSlots, type SlotKind, type TemplateLike } from "./mapping-slots";

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
