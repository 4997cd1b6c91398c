// The pinned Admin API version (shopify.app.toml's [webhooks] api_version must match; a test checks).
export const SHOPIFY_API_VERSION = "2026-10";
