// Webhook intake on the real database and Redis, with Shopify's real sample payloads.
import { randomUUID } from "node:crypto";
import { describe, expect, it, beforeAll } from "vitest";
import type { Shop } from "@prisma/client";
import { decryptSecret } from "../../app/lib/encryption.server";
import { action } from "../../app/routes/webhooks";
import { pool, closeDb } from "../../app/db.server";
import { closeQueues, queue } from "../../jobs/queues";
import { resetEnvForTests } from "../../app/env.server";
import { createTestShop } from "../setup/shops";
import { fixture, shopifyWebhookRequest } from "../setup/webhooks";
import { reconcile } from "../../jobs/processors/maintenance";

const orderBody = fixture("shopify-webhooks/orders-create.sample-2022-04.json");

async function post(req: Request) {
  return action({ request: req, params: {}, context: {} });
}

async function inboxRows(externalId: string) {
  const { rows } = await pool().query(`SELECT * FROM inbox_events WHERE source = 'shopify' AND external_id = $1`, [
    externalId,
  ]);
  return rows;
}

describe("Shopify webhook intake", () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await createTestShop();
  });

  it("stores a signed delivery byte for byte, queues it and answers 200", async () => {
    const webhookId = randomUUID();
    const res = await post(
      shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody, webhookId }),
    );
    expect(res.status).toBe(200);
    const rows = await inboxRows(webhookId);
    expect(rows).toHaveLength(1);
    expect(rows[0].body).toBe(orderBody); // raw body kept: 64-bit ids intact
    expect(rows[0].shop_id).toBe(shop.id);
    expect(rows[0].topic).toBe("orders/create");
    expect(rows[0].enqueued_at).not.toBeNull();
    const job = await queue("inbox").getJob(`inbox-${rows[0].id}`);
    expect(job?.name).toBe("inbox.process");
    // An order topic is applied in batches per shop: the job names the shop (jobs/processors/inbox.ts).
    expect(job?.data).toEqual({ inboxId: rows[0].id, shopId: shop.id });
  });

  it("answers 401 to a wrong HMAC and stores nothing", async () => {
    const webhookId = randomUUID();
    const res = await post(
      shopifyWebhookRequest({
        topic: "orders/create",
        shop: shop.domain,
        body: orderBody,
        webhookId,
        secret: "not-the-secret",
      }),
    );
    expect(res.status).toBe(401);
    expect(await inboxRows(webhookId)).toHaveLength(0);
  });

  it("answers 401 when the body was altered after signing", async () => {
    const webhookId = randomUUID();
    const good = shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody, webhookId });
    const tampered = new Request(good.url, {
      method: "POST",
      headers: good.headers,
      body: orderBody.replace("403.00", "1.00"),
    });
    expect((await post(tampered)).status).toBe(401);
    expect(await inboxRows(webhookId)).toHaveLength(0);
  });

  it("answers 400 to a malformed payload, even when correctly signed, and stores nothing", async () => {
    const webhookId = randomUUID();
    const body = orderBody.slice(0, 500); // truncated JSON
    const res = await post(shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body, webhookId }));
    expect(res.status).toBe(400);
    expect(await inboxRows(webhookId)).toHaveLength(0);
  });

  it("answers 400 when required headers are missing", async () => {
    const req = shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody });
    const headers = new Headers(req.headers);
    headers.delete("X-Shopify-Webhook-Id");
    const res = await post(new Request(req.url, { method: "POST", headers, body: orderBody }));
    expect(res.status).toBe(400);
  });

  it("keeps one row for a repeated delivery", async () => {
    const webhookId = randomUUID();
    const first = await post(
      shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody, webhookId }),
    );
    const second = await post(
      shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody, webhookId }),
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe("duplicate");
    expect(await inboxRows(webhookId)).toHaveLength(1);
  });

  it("refuses data for a shop that never installed (401) but accepts its compliance topics", async () => {
    const stranger = `stranger-${randomUUID().slice(0, 8)}.myshopify.com`;
    const id1 = randomUUID();
    expect(
      (await post(shopifyWebhookRequest({ topic: "orders/create", shop: stranger, body: orderBody, webhookId: id1 })))
        .status,
    ).toBe(401);
    expect(await inboxRows(id1)).toHaveLength(0);
    const id2 = randomUUID();
    const redact = fixture("shopify-webhooks/shop-redact.json").replace("{shop}.myshopify.com", stranger);
    expect(
      (await post(shopifyWebhookRequest({ topic: "shop/redact", shop: stranger, body: redact, webhookId: id2 })))
        .status,
    ).toBe(200);
    expect(await inboxRows(id2)).toHaveLength(1);
  });

  it("stores the delivery and answers 200 when Redis is down; the reconciler queues it later", async () => {
    const webhookId = randomUUID();
    await closeQueues();
    process.env.REDIS_URL = "redis://127.0.0.1:6399"; // nothing listens there
    resetEnvForTests();
    try {
      const started = Date.now();
      const res = await post(
        shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody, webhookId }),
      );
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(4000); // producers fail fast instead of hanging Shopify's 5 s timeout
    } finally {
      await closeQueues();
      process.env.REDIS_URL = "redis://127.0.0.1:6379";
      resetEnvForTests();
    }
    const [row] = await inboxRows(webhookId);
    expect(row.enqueued_at).toBeNull();
    const result = await reconcile();
    expect(result.requeued).toBeGreaterThanOrEqual(1);
    const [after] = await inboxRows(webhookId);
    expect(after.enqueued_at).not.toBeNull();
  });

  it("puts the delivery in Redis when PostgreSQL is down, and answers 503 only when both are down", async () => {
    const webhookId = randomUUID();
    await closeDb();
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:5499/nowhere";
    resetEnvForTests();
    try {
      const res = await post(
        shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody, webhookId }),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("redis-only");
      const job = await queue("inbox").getJob(`record-shopify-${webhookId}`);
      // Parked sealed with the app's key (personal data never sits in Redis in the clear), and opens intact.
      expect(job?.data.body).toBeUndefined();
      expect(JSON.stringify(job?.data)).not.toContain("jon@doe.ca");
      expect(decryptSecret(job!.data.sealedBody)).toBe(orderBody);

      await closeQueues();
      process.env.REDIS_URL = "redis://127.0.0.1:6399";
      resetEnvForTests();
      const res2 = await post(shopifyWebhookRequest({ topic: "orders/create", shop: shop.domain, body: orderBody }));
      expect(res2.status).toBe(503);
    } finally {
      await closeDb();
      await closeQueues();
      process.env.DATABASE_URL = (await import("../setup/test-env")).TEST_DATABASE_URL;
      process.env.REDIS_URL = "redis://127.0.0.1:6379";
      resetEnvForTests();
    }
  });
});
