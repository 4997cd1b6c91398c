// What the create/edit pages load: the choices (approved templates, live segments), the shop's zone, and a saved
// campaign as form values.
import type { Shop } from "@prisma/client";
import type { CampaignFormValues, SegmentChoice, TemplateChoice } from "../components/campaigns/CampaignForm";
import type { TemplateMapping } from "../whatsapp/mapping";
import type { CampaignDetail } from "./manage.server";
import { segmentChoices, sendableTemplates } from "./manage.server";
import { localInputValue } from "../lib/zoned-time";

export { localInputValue };

export async function formContext(
  shop: Shop,
): Promise<{ templates: TemplateChoice[]; segments: SegmentChoice[]; shopTimeZone: string; currencyExponent: number }> {
  const templates = await sendableTemplates(shop.id);
  return {
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      language: t.language,
      category: t.category,
      parameterFormat: t.parameter_format,
      components: t.components,
      defaultMapping: t.default_mapping,
    })),
    segments: await segmentChoices(shop.id),
    shopTimeZone: shop.ianaTimezone,
    currencyExponent: shop.currencyExponent,
  };
}

export function valuesOf(c: CampaignDetail, timeZone: string): CampaignFormValues {
  const pct = (x: number) => String(Math.round(x * 1000) / 10);
  return {
    name: c.name,
    templateId: c.templateId ? String(c.templateId) : "",
    mapping: (c.mapping && typeof c.mapping === "object" && "params" in (c.mapping as object)
      ? c.mapping
      : { version: 1, params: {} }) as TemplateMapping,
    segments: c.segments
      .filter((s) => !s.deleted)
      .map((s) => ({ segmentId: s.segmentId, holdoutPercent: pct(s.holdoutShare) })),
    discountCodes: c.discountCodes.join(", "),
    testPercent: pct(c.testShare),
    testWaitMinutes: String(c.testWaitMinutes),
    rolloutMinDeliveryPercent: pct(c.rolloutMinDeliveryRate),
    rolloutMaxOptOutPercent: pct(c.rolloutMaxOptOutRate),
    rolloutMinReplyPercent: c.rolloutMinReplyRate === null ? "" : pct(c.rolloutMinReplyRate),
    rolloutMinClickPercent: c.rolloutMinClickRate === null ? "" : pct(c.rolloutMinClickRate),
    quietHours: c.quietHoursStart !== null && c.quietHoursEnd !== null,
    quietStart: String(c.quietHoursStart ?? 21),
    quietEnd: String(c.quietHoursEnd ?? 9),
    // A draft's planned time is shown as it was chosen, even once past (the form then says so, and scheduling
    // refuses it): never silently turned into "Send now". A scheduled campaign whose time passed is starting now.
    when:
      c.scheduledAt && (c.status === "draft" || new Date(c.scheduledAt).getTime() > Date.now() + 60_000)
        ? "later"
        : "now",
    scheduledLocal: c.scheduledAt ? localInputValue(c.scheduledAt, timeZone) : "",
  };
}
