// Webhook delivery as Shopify does it (apis.md B1): the raw body, signed with the app's client secret.
import { createHmac, randomUUID } from "node:crypto";

export function signWebhookBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export interface WebhookArgs {
  url: string;
  shop: string;
  topic: string;
  body: string | object;
  secret: string;
  apiVersion: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
}

export async function deliverWebhook(
  a: WebhookArgs,
): Promise<{ status: number; body: string; ms: number; webhookId: string }> {
  // Objects are serialised here; tests that need exact big-integer ids pass the raw string instead.
  const raw = typeof a.body === "string" ? a.body : JSON.stringify(a.body);
  const webhookId = a.webhookId ?? randomUUID();
  const started = performance.now();
  const res = await fetch(a.url, {
    method: "POST",
    body: raw,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": a.topic,
      "X-Shopify-Hmac-Sha256": signWebhookBody(raw, a.secret),
      "X-Shopify-Shop-Domain": a.shop,
      "X-Shopify-API-Version": a.apiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": a.eventId ?? randomUUID(),
      "X-Shopify-Triggered-At": a.triggeredAt ?? new Date().toISOString(),
    },
    // Shopify gives up after 5 s without a 2xx
    signal: AbortSignal.timeout(5000),
  });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started, webhookId };
}
