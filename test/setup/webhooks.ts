// Builds Shopify webhook requests exactly as Shopify sends them (headers per apis.md B1), signed with
// node:crypto independently of the library under test.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEST_API_SECRET } from "./test-env";

/** Real payloads and the Online Retail dataset, copied into the repo from shared/data (see each SOURCE.md). */
export const FIXTURE_DATA = path.resolve(__dirname, "../fixtures/data");

export function fixture(relative: string): string {
  return readFileSync(path.join(FIXTURE_DATA, relative), "utf8");
}

export function shopifyHmac(body: string, secret = TEST_API_SECRET): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function shopifyWebhookRequest(opts: {
  topic: string;
  shop: string;
  body: string;
  webhookId?: string;
  secret?: string;
  hmac?: string;
  apiVersion?: string;
}): Request {
  return new Request("https://segwa.test/webhooks", {
    method: "POST",
    body: opts.body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": opts.topic,
      "X-Shopify-Hmac-Sha256": opts.hmac ?? shopifyHmac(opts.body, opts.secret),
      "X-Shopify-Shop-Domain": opts.shop,
      "X-Shopify-API-Version": opts.apiVersion ?? "2026-10",
      "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}
