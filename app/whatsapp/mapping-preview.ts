// Template mapping, part 6: what the customer would see — the template's texts with the rendered parameters.
import type { RenderedSend } from "./mapping-render";
import { component, MEDIA, PLACEHOLDER, placeholdersOf, type TemplateLike } from "./mapping-slots";

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
