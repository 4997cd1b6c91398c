// Which send edge a template goes through. Meta's routing guide ("Route template messages by category", updated
// 2026-09-21) asks that MARKETING templates always go to `/<PHONE_NUMBER_ID>/marketing_messages` and every other
// category to `/messages`, chosen by the template's LATEST category (a template can be re-categorised after
// approval; templates.server.ts keeps `whatsapp_templates.category` current at every sync). A business that has not
// onboarded to the Marketing Messages API is still served: without `product_policy: "STRICT"` (we never send it),
// Meta falls back to the Cloud API. Facts and sources: docs/whatsapp-platform.md, "Marketing Messages API".
import type { TemplateSendRequest } from "./types";

export type SendEndpoint = NonNullable<TemplateSendRequest["endpoint"]>;

export function sendEndpointFor(category: string | null | undefined): SendEndpoint {
  return (category ?? "").toUpperCase() === "MARKETING" ? "marketing_messages" : "messages";
}
