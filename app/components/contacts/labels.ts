// Merchant words for what the consent tables store as codes (states, sources, Shopify's SMS states, the gate's
// reasons). Never show a raw code: an unknown one reads as "Other".
export const STATE_BADGE: Record<string, { label: string; tone: "success" | "critical" | undefined }> = {
  opted_in: { label: "Opted in", tone: "success" },
  opted_out: { label: "Opted out", tone: "critical" },
  none: { label: "No explicit consent", tone: undefined },
};

export function stateLabel(state: string): string {
  return STATE_BADGE[state]?.label ?? "Other";
}

export const SOURCE_LABEL: Record<string, string> = {
  shopify_sms: "Shopify SMS consent",
  shopify_whatsapp: "Shopify WhatsApp consent",
  tag: "Customer tag",
  storefront: "Storefront widget",
  whatsapp_confirm: "Storefront widget, confirmed on WhatsApp",
  csv: "CSV import",
  whatsapp_keyword: "WhatsApp reply",
  whatsapp_button: "WhatsApp button",
  whatsapp_preferences: "WhatsApp settings (stop/resume promotions)",
  whatsapp_error: "Meta: customer stopped marketing (131050)",
  merchant: "Merchant",
};

export function sourceLabel(source: string): string {
  return SOURCE_LABEL[source] ?? "Other";
}

/** Shopify's SMS marketing states (CustomerSmsMarketingState), as a merchant reads them in Shopify admin. */
const SMS_STATE: Record<string, string> = {
  subscribed: "Subscribed to SMS in Shopify",
  not_subscribed: "Not subscribed to SMS in Shopify",
  unsubscribed: "Unsubscribed from SMS in Shopify",
  pending: "SMS subscription pending in Shopify",
  redacted: "SMS consent erased in Shopify",
  invalid: "SMS number invalid in Shopify",
};

export function smsStateLabel(state: string): string {
  return SMS_STATE[state.toLowerCase()] ?? "SMS consent in Shopify: other";
}

/** Why a contact cannot receive campaigns now (the consent gate's reasons). */
export const REASON_LABEL: Record<string, string> = {
  invalid_phone: "No WhatsApp number",
  customer_deleted: "Deleted customer",
  opted_out: "Opted out",
  unreachable: "Not on WhatsApp",
  cool_down: "Meta limit, 24 h pause",
  no_consent: "No consent",
};

/** A consent change in words: "No explicit consent → Opted out". */
export function changeLabel(from: string, to: string): string {
  return `${stateLabel(from)} → ${stateLabel(to)}`;
}
