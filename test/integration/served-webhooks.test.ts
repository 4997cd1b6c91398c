// The webhook route as the running web process serves it (scripts/serve.ts over the built app): POST /webhooks
// goes straight to the route's action (scripts/webhook-fast-path.ts), so the answers must be the route's own.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { createTestShop } from "../setup/shops";
import { fixture, shopifyHmac } from "../setup/webhooks";
import { startApp, type RunningApp } from "../e2e/harness";

const orderBody = fixture("shopify-webhooks/orders-create.sample-2022-04.json");
let app: RunningApp;
let domain: string;

beforeAll(async () => {
  domain = (await createTestShop()).domain;
  app = await startApp({ DEMO_MODE: "0", NODE_ENV: "production" });
}, 90_000);
afterAll(async () => app?.close());

async function send(body: string, opts: { webhookId?: string; hmac?: string; topic?: string } = {}) {
  const webhookId = opts.webhookId ?? randomUUID();
  const res = await fetch(`${app.url}/webhooks`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": opts.topic ?? "orders/create",
      "X-Shopify-Hmac-Sha256": opts.hmac ?? shopifyHmac(body),
      "X-Shopify-Shop-Domain": domain,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
  const { rows } = await pool().query(`SELECT body FROM inbox_events WHERE source = 'shopify' AND external_id = $1`, [
    webhookId,
  ]);
  return { status: res.status, text: await res.text(), rows };
}

describe("POST /webhooks on the running web process", () => {
  it("stores a signed delivery byte for byte and answers 200; a repeat is stored once", async () => {
    const webhookId = randomUUID();
    const first = await send(orderBody, { webhookId });
    expect(first.status).toBe(200);
    expect(first.text).toBe("new");
    expect(first.rows.map((r) => r.body)).toEqual([orderBody]);
    const again = await send(orderBody, { webhookId });
    expect([again.status, again.text, again.rows.length]).toEqual([200, "duplicate", 1]);
  });

  it("answers 401 to a wrong signature, 400 to a malformed body and to an unsubscribed topic, storing nothing", async () => {
    const wrong = await send(orderBody, { hmac: shopifyHmac(orderBody, "not-the-secret") });
    expect([wrong.status, wrong.rows.length]).toEqual([401, 0]);
    const malformed = await send(`${orderBody.slice(0, 40)}`);
    expect([malformed.status, malformed.rows.length]).toEqual([400, 0]);
    const topic = await send(orderBody, { topic: "carts/create" });
    expect([topic.status, topic.rows.length]).toEqual([400, 0]);
  });

  it("keeps every other route on Remix: GET /webhooks is 405 from the route's loader", async () => {
    const res = await fetch(`${app.url}/webhooks`);
    expect(res.status).toBe(405);
  });
});
