// Template mapping, part 5: the pure renderer that turns a mapping plus one recipient's field row into the Cloud
// API `components` array (apis.md A2), with click tracking on URL buttons.
import type { Binding, TemplateMapping } from "./mapping-bindings";
import { clean, formatField, type FieldRow, type FormatContext } from "./mapping-fields";
import { component, PLACEHOLDER, templateSlots, type TemplateLike } from "./mapping-slots";
import type { SendComponent, TextParameter } from "./types";
import { clickTrackingFor } from "../engagement/link-mode";

export interface RenderContext extends FormatContext {
  shopName?: string | null;
  /** our campaign id for utm_campaign ("preview" in the editor) */
  campaignId: string | number;
  /** the recipient's reference carried on URL buttons as r=… (app/whatsapp/refs.ts) */
  recipientRef?: string | null;
  /** the recipient's link signature, carried as rk=… so the storefront beacon's click can be trusted */
  linkTag?: string | null;
  /** our link origin (LINK_BASE_URL): a button whose base is <origin>/l/ gets the short ref instead */
  linkOrigin?: string | null;
  /** the recipient's signed /l/ ref (app/engagement/link-ref.server.ts); "0" (a neutral page) when absent */
  shortRef?: string | null;
}

export interface RenderedSend {
  components: SendComponent[];
  /** slots left empty (no value and no fallback): the send would be rejected, so the recipient must be held */
  missing: string[];
  /** slots that used their fallback */
  usedFallback: string[];
}

const HEADER_MAX = 60;

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
export function withTracking(
  suffix: string,
  campaignId: string | number,
  recipientRef?: string | null,
  linkTag?: string | null,
): string {
  const [beforeHash, ...hash] = suffix.split("#");
  const params = new URLSearchParams({
    utm_source: "whatsapp",
    utm_medium: "campaign",
    utm_campaign: String(campaignId),
  });
  if (recipientRef) params.set("r", recipientRef);
  if (recipientRef && linkTag) params.set("rk", linkTag);
  const joiner = beforeHash!.includes("?") ? (beforeHash!.endsWith("?") || beforeHash!.endsWith("&") ? "" : "&") : "?";
  return `${beforeHash}${joiner}${params.toString()}${hash.length ? `#${hash.join("#")}` : ""}`;
}

/**
 * A URL button's {{1}}: on our redirect (the button's base is <link origin>/l/) the recipient's signed short ref —
 * the mapped value is then where the redirect lands (read back by app/engagement/redirect.server.ts); anywhere
 * else the mapped value with our tracking parameters.
 */
function urlParameter(urlTemplate: string | undefined, value: string, ctx: RenderContext): string {
  if (ctx.linkOrigin && clickTrackingFor(urlTemplate, ctx.linkOrigin).mode === "redirect") return ctx.shortRef || "0";
  return withTracking(value, ctx.campaignId, ctx.recipientRef, ctx.linkTag);
}

/** The mapped value of a URL slot for one recipient (what the redirect lands on), or null when empty. */
export function urlSlotValue(
  t: TemplateLike,
  mapping: TemplateMapping,
  slotId: string,
  row: FieldRow,
  ctx: RenderContext,
  now = new Date(),
): string | null {
  const slot = templateSlots(t).find((s) => s.id === slotId && s.kind === "url");
  if (!slot) return null;
  const v = resolve(mapping.params[slot.id], row, ctx, now);
  return v.missing ? null : v.value;
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
        parameters: [{ type: "text", text: urlParameter(s.urlTemplate, v.value, ctx) }],
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
