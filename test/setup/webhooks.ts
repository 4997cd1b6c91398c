// Builds Shopify webhook requests exactly as Shopify sends them (headers per apis.md B1), signed with
// node:crypto independently of the library under test.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEST_API_SECRET } from "./test-env";

/** Real payloads and the Online Retail dataset, in test/fixtures/data (where each came from: its SOURCE.md). */
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

/**
 * Sends a signed webhook through the real route and waits until the worker has processed its inbox row (the test
 * must run workers for the inbox queue). Returns the row's final status.
 */
export async function deliverWebhook(shop: { domain: string }, topic: string, body: string, webhookId = randomUUID()) {
  const { action } = await import("../../app/routes/webhooks");
  const { pool } = await import("../../app/db.server");
  const res = await action({
    request: shopifyWebhookRequest({ topic, shop: shop.domain, body, webhookId }),
    params: {},
    context: {},
  });
  if (res.status !== 200) throw new Error(`${topic} answered ${res.status}`);
  for (let i = 0; i < 400; i++) {
    const { rows } = await pool().query(`SELECT status, last_error FROM inbox_events WHERE external_id = $1`, [
      webhookId,
    ]);
    if (rows[0] && ["done", "failed", "deferred"].includes(rows[0].status))
      return rows[0] as { status: string; last_error: string | null };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${topic} not processed`);
}

/**
 * The app's webhook route (app/routes/webhooks.tsx) served over HTTP on a free port through the same fast path the
 * web process uses (scripts/webhook-fast-path.ts):
 * senders (the Shopify simulator, replay scripts) POST real requests to `url`.
 */
export async function serveWebhookRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import("node:http");
  const { action } = await import("../../app/routes/webhooks");
  const { webhookFastPath } = await import("../../scripts/webhook-fast-path");
  const handle = webhookFastPath(action);
  const server = http.createServer((req, res) => handle(req, res, (err) => res.writeHead(500).end(String(err))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as import("node:net").AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
