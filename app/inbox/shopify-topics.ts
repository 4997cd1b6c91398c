// Every Shopify topic the app subscribes to (shopify.app.toml), and which need a known shop.

export const SHOPIFY_DATA_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
  "customers_marketing_consent/update",
  "customers_whats_app_marketing_consent/update",
  "products/create",
  "products/update",
  "products/delete",
  "bulk_operations/finish",
  "app/scopes_update",
] as const;

/** Accepted even when we hold nothing for the shop (uninstalled and purged, or never finished installing). */
export const SHOPIFY_LIFECYCLE_TOPICS = [
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export const SHOPIFY_TOPICS: readonly string[] = [...SHOPIFY_DATA_TOPICS, ...SHOPIFY_LIFECYCLE_TOPICS];

export function isLifecycleTopic(topic: string): boolean {
  return (SHOPIFY_LIFECYCLE_TOPICS as readonly string[]).includes(topic);
}

/** Topics whose events one shop's worker applies together, in one set-based write (see jobs/processors/inbox.ts). */
export const SHOPIFY_BATCHED_TOPICS = ["orders/create", "orders/updated", "orders/cancelled"] as const;

export function isBatchedTopic(source: string, topic: string): boolean {
  return source === "shopify" && (SHOPIFY_BATCHED_TOPICS as readonly string[]).includes(topic);
}
