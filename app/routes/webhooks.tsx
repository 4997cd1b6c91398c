// Shopify webhook intake for every topic (see shopify.app.toml). Verify, store in the inbox, queue, answer.
// No Admin API call and no heavy work here: the inbox.process job applies the event.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { intake } from "../inbox/inbox.server";
import { isLifecycleTopic, SHOPIFY_TOPICS } from "../inbox/shopify-topics";
import { installedShopId } from "../inbox/shops.server";
import { BodyTooLarge, readBodyLimited, SHOPIFY_WEBHOOK_MAX_BYTES, tooLargeResponse } from "../lib/body-limit";

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
  const request = new Request(received.url, { method: received.method, headers: received.headers, body: bytes });
  let webhook: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    webhook = await authenticate.webhook(request);
  } catch (err) {
    if (err instanceof Response) return err; // 401 bad HMAC, 400 missing headers, 405 not POST
    if (err instanceof SyntaxError) return text(400, "malformed JSON payload");
    throw err;
  }
  const topic = request.headers.get("x-shopify-topic") ?? "";
  if (!SHOPIFY_TOPICS.includes(topic)) return text(400, `topic ${topic} is not subscribed`);

  // undefined: PostgreSQL is down (intake then keeps the delivery in Redis); null: no such shop.
  const shopId = await installedShopId(webhook.shop).catch(() => undefined);
  // Unknown shop: data we could not scope to an installed shop is refused (Shopify stops after retries).
  if (shopId === null && !isLifecycleTopic(topic)) return text(401, "unknown shop");

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
    console.warn(`webhook ${topic} for ${webhook.shop} not taken: ${result.error}`);
    return text(503, "temporarily unavailable, retry");
  }
  return text(200, result.stored);
};

export const loader = () => text(405, "POST only");

function text(status: number, body: string) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain" } });
}

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
