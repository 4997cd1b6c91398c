// Shopify webhook intake for every topic (see shopify.app.toml). Verify, store in the inbox, queue, answer.
// No Admin API call and no heavy work here: the inbox.process job applies the event.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { intake } from "../inbox/inbox.server";
import { isLifecycleTopic, SHOPIFY_TOPICS } from "../inbox/shopify-topics";
import { webhookShop } from "../inbox/shops.server";
import { BodyTooLarge, readBodyLimited, SHOPIFY_WEBHOOK_MAX_BYTES, tooLargeResponse } from "../lib/body-limit";
import { logger } from "../lib/logger.server";

export const action = async ({ request: received }: ActionFunctionArgs) => {
  // Read once, capped while streaming (413 past Shopify's size); the library verifies a copy of these bytes.
  let bytes: Buffer;
  try {
    bytes = await readBodyLimited(received, SHOPIFY_WEBHOOK_MAX_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLargeResponse(err.limit);
    throw err;
  }
  const raw = bytes.toString("utf8");
  // A shop header that is not a shop's myshopify.com domain is a malformed delivery (400), signed or not.
  const shopHeader = received.headers.get("x-shopify-shop-domain");
  if (shopHeader !== null && !MYSHOPIFY_DOMAIN.test(shopHeader))
    return text(400, "X-Shopify-Shop-Domain is not a *.myshopify.com domain");
  const request = new Request(received.url, {
    method: received.method,
    headers: received.headers,
    body: new Uint8Array(bytes),
  });
  let webhook: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    webhook = await authenticate.webhook(request);
  } catch (err) {
    if (err instanceof Response) return err; // 401 bad HMAC, 400 missing headers, 405 not POST
    if (err instanceof SyntaxError) return text(400, "malformed JSON payload");
    // The library's error classes keep the name "Error": match by class name.
    if (err instanceof Error && err.constructor.name === "InvalidShopError") return text(400, "invalid shop domain");
    throw err;
  }
  const topic = request.headers.get("x-shopify-topic") ?? "";
  if (!SHOPIFY_TOPICS.includes(topic)) return text(400, `topic ${topic} is not subscribed`);

  // undefined: PostgreSQL is down (intake then keeps the delivery in Redis); null: no such shop.
  const shop = await webhookShop(webhook.shop).catch(() => undefined);
  const shopId = shop === undefined ? undefined : (shop?.id ?? null);
  // Unknown shop: data we could not scope to an installed shop is refused (Shopify stops after retries).
  if (shopId === null && !isLifecycleTopic(topic)) return text(401, "unknown shop");
  // Uninstalled shop: data webhooks are acknowledged and neither stored nor applied (a reinstall backfills);
  // app/uninstalled and the compliance topics are still honoured.
  if (shop?.uninstalled && !isLifecycleTopic(topic)) return text(200, "ignored: shop uninstalled");

  const result = await intake({
    source: "shopify",
    externalId: webhook.webhookId,
    shopId: shopId ?? null,
    shopDomain: webhook.shop,
    topic,
    apiVersion: webhook.apiVersion,
    body: raw,
    triggeredAt: parseDate(request.headers.get("x-shopify-triggered-at")),
  });
  if (result.status === 503) {
    logger.warn(`webhook ${topic} for ${webhook.shop} not taken: ${result.error}`);
    return text(503, "temporarily unavailable, retry");
  }
  return text(200, result.stored);
};

export const loader = () => text(405, "POST only");

const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function text(status: number, body: string) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain" } });
}

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
