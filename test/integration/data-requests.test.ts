// customers/data_request as the merchant sees it: Settings → Data requests lists each request, its JSON download
// holds everything the app keeps about the customer (raw payloads still held included), each download is
// audited (who, when), the Home/Settings banner shows while one is unanswered, and another shop gets a 404.
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { parseJsonWithBigInts } from "../../app/lib/json";
import { loader as listLoader } from "../../app/routes/app.settings_.data-requests";
import { loader as downloadLoader } from "../../app/routes/app.settings_.data-requests.$id[.json]";
import { loader as settingsLoader } from "../../app/routes/app.settings";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { adminRequest } from "../setup/admin-request";
import { createTestShop } from "../setup/shops";
import { deliverWebhook, fixture } from "../setup/webhooks";
import { createRecipients } from "../setup/whatsapp";

let workers: RunningWorkers;
let shopA: Shop;
let shopB: Shop;
const customerId = `${randomInt(1, 9)}${randomInt(100000, 999999)}${randomInt(100000, 999999)}`;
const email = `ada.${randomUUID().slice(0, 6)}@example.org`;
const phone = "+447911123456";

beforeAll(async () => {
  workers = startWorkers({ queues: ["inbox", "maintenance"] });
  shopA = await createTestShop({ prefix: "dr-a" });
  shopB = await createTestShop({ prefix: "dr-b" });
  // Offline sessions first: a webhook's session lookup caches a miss for a few seconds in this process.
  await adminRequest(shopA, "/app");
  await adminRequest(shopB, "/app");
  const customer = JSON.parse(fixture("shopify-webhooks/customers-update.sample-2022-04.json"));
  const body = JSON.stringify({
    ...customer,
    id: Number(customerId),
    email,
    phone,
    first_name: "Ada",
    last_name: "Lovelace",
  });
  expect((await deliverWebhook(shopA, "customers/update", body)).status).toBe("done");
  await pool().query(
    `INSERT INTO orders (shop_id, id, customer_id, email, total_minor, net_minor, shopify_created_at)
     VALUES ($1, $2, $3, $4, 2500, 2500, now())`,
    [shopA.id, randomInt(1, 2 ** 40), customerId, email],
  );
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state) VALUES ($1, $2, $3, 'opted_in')
     ON CONFLICT DO NOTHING`,
    [shopA.id, phone, customerId],
  );
  await pool().query(
    `INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state)
     VALUES ($1, $2, $3, 'storefront', 'none', 'opted_in')`,
    [shopA.id, phone, customerId],
  );
  const seg = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, updated_at) VALUES ($1, 'Sale shoppers', 'sale_shopper', now()) RETURNING id`,
    [shopA.id],
  );
  await pool().query(`INSERT INTO segment_members (shop_id, segment_id, customer_id) VALUES ($1, $2, $3)`, [
    shopA.id,
    seg.rows[0]!.id,
    customerId,
  ]);
  await createRecipients(shopA.id, [{ customerId, phone, status: "delivered" }]);
  const request = JSON.parse(fixture("shopify-webhooks/customers-data_request.json"));
  const dataRequest = JSON.stringify({
    ...request,
    shop_domain: shopA.domain,
    customer: { id: Number(customerId), email, phone },
    data_request: { id: 777001 },
  });
  expect((await deliverWebhook(shopA, "customers/data_request", dataRequest)).status).toBe("done");
});
afterAll(async () => {
  await workers.close();
});

async function listed(shop: Shop) {
  const res = await listLoader({
    request: await adminRequest(shop, "/app/settings/data-requests"),
    params: {},
    context: {},
  });
  return res.requests;
}

describe("data requests page", () => {
  it("lists the request with its date, unanswered, and the banner shows on Settings", async () => {
    const requests = await listed(shopA);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ requestId: "777001", customerId, downloads: 0, lastDownloadedAt: null });
    expect(Date.now() - new Date(requests[0]!.receivedAt).getTime()).toBeLessThan(60_000);
    expect(await listed(shopB)).toEqual([]);
    const settings = await settingsLoader({
      request: await adminRequest(shopA, "/app/settings"),
      params: {},
      context: {},
    });
    expect(settings.unansweredDataRequests).toBe(1);
  });

  it("another shop's request is a 404, and nothing is audited for it", async () => {
    const [request] = await listed(shopA);
    const thrown = await downloadLoader({
      request: await adminRequest(shopB, `/app/settings/data-requests/${request!.id}.json`),
      params: { id: String(request!.id) },
      context: {},
    }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    const bad = await downloadLoader({
      request: await adminRequest(shopA, "/app/settings/data-requests/abc.json"),
      params: { id: "abc" },
      context: {},
    }).catch((e: unknown) => e);
    expect((bad as Response).status).toBe(404);
    expect((await listed(shopA))[0]!.downloads).toBe(0);
  });

  it("downloads everything held about the customer, audited with who and when", async () => {
    const [request] = await listed(shopA);
    const res = await downloadLoader({
      request: await adminRequest(shopA, `/app/settings/data-requests/${request!.id}.json`, { user: "9001" }),
      params: { id: String(request!.id) },
      context: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="data-request-777001.json"');
    const data = parseJsonWithBigInts<Record<string, any>>(await res.text());
    expect(data.dataRequest).toMatchObject({ id: "777001" });
    expect(data.customer).toMatchObject({ email, first_name: "Ada", last_name: "Lovelace" });
    expect(data.orders).toHaveLength(1);
    expect(data.whatsappContacts).toEqual([expect.objectContaining({ phone_e164: phone, consent_state: "opted_in" })]);
    expect(data.consentHistory).toEqual([expect.objectContaining({ source: "storefront", new_state: "opted_in" })]);
    expect(data.segments).toEqual([expect.objectContaining({ name: "Sale shoppers" })]);
    expect(data.messages).toEqual([
      expect.objectContaining({ phone_e164: phone, status: "delivered", campaign_name: "Test campaign" }),
    ]);
    // The raw webhook bodies still kept: the customer update and the data request itself.
    const topics = data.rawWebhookPayloads.map((p: { topic: string }) => p.topic).sort();
    expect(topics).toEqual(["customers/data_request", "customers/update"]);
    expect(data.rawWebhookPayloads.find((p: { topic: string }) => p.topic === "customers/update").body.email).toBe(
      email,
    );
    // Nothing of another shop's data (shop B holds nothing about this customer).
    const audit = await pool().query(
      `SELECT shop_id, actor, at, customer_id::text FROM audit_events
       WHERE action = 'data_request.download' AND target_type = 'data_request' AND target_id = $1`,
      [String(request!.id)],
    );
    expect(audit.rows).toEqual([
      { shop_id: shopA.id, actor: "shopify-user:9001", at: expect.any(Date), customer_id: customerId },
    ]);
    const after = await listed(shopA);
    expect(after[0]).toMatchObject({ downloads: 1, lastDownloadedBy: "shopify-user:9001" });
    const settings = await settingsLoader({
      request: await adminRequest(shopA, "/app/settings"),
      params: {},
      context: {},
    });
    expect(settings.unansweredDataRequests).toBe(0);
  });
});
