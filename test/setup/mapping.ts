// The mapping a merchant would save for a template, for tests and benchmarks that send (no vitest import, so the
// benchmark scripts can use it too): the suggestion, with the example typed in as fixed text or media for every
// slot the suggestion leaves open (issue 15 B8: Meta's examples are never a value by themselves).
import { suggestMapping, templateSlots, type TemplateMapping } from "../../app/whatsapp/mapping";

export function completeMapping(t: Parameters<typeof templateSlots>[0]): TemplateMapping {
  const m = suggestMapping(t);
  for (const s of templateSlots(t)) {
    if (m.params[s.id]) continue;
    if (s.kind === "media") m.params[s.id] = { kind: "media", link: s.example ?? "https://example.com/image.jpg" };
    else m.params[s.id] = { kind: "text", text: s.example ?? "sample" };
  }
  return m;
}
