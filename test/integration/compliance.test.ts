// Lifecycle and compliance topics, end to end: signed delivery → inbox → worker → database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action } from "../../app/routes/webhooks";
import { pool } from "../../app/db.server";
import { queue } from "../../jobs/queues";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { purgeIfDue } from "../../app/shops/uninstall.server";
import { createTestShop } from "../setup/shops";
import { fixture, shopifyWebhookRequest } from "../setup/webhooks";

let workers: RunningWorkers;
beforeAll(() => {
  workers = startWorkers({ queues: ["inbox", "maintenance"] });
});
afterAll(async () => {
  await workers.close();
});

async function deliver(topic: string, shop: string, body: string) {
  const webhookId = randomUUID();
  const res = await action({
    request: shopifyWebhookRequest({ topic, shop, body, webhookId }),
    params: {},
    context: {},
  });
  expect(res.status).toBe(200);
  return waitForInbox(webhookId);
}

/** Final state of an inbox row; "erased" when shop/redact took the row itself with the rest of the shop. */
async function waitForInbox(externalId: string) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool().query(`SELECT status, last_error FROM inbox_events WHERE external_id = $1`, [
      externalId,
    ]);
    if (!rows[0]) return { status: "erased" };
    if (["done", "failed", "deferred"].includes(rows[0].status)) return rows[0];
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`inbox event ${externalId} was not processed`);
}

async function seedCustomer(shopId: number, id: bigint, phone: string) {
  await pool().query(
    `INSERT INTO customers (shop_id, id, email, first_name, phone_raw, phone_e164, phone_valid, orders_count)
     VALUES ($1, $2, 'john@example.com', 'John', $3, $3, true, 1)`,
    [shopId, id, phone],
  );
  await pool().query(
    `INSERT INTO orders (shop_id, id, customer_id, email, total_minor, net_minor, shopify_created_at) VALUES ($1, 299938, $2, 'john@example.com', 1000, 1000, now())`,
    [shopId, id],
  );
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state) VALUES ($1, $2, $3, 'opted_in')`,
    [shopId, phone, id],
  );
  await pool().query(
    `INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state) VALUES ($1, $2, $3, 'storefront', 'none', 'opted_in')`,
    [shopId, phone, id],
  );
}

describe("compliance webhooks", () => {
  it("customers/data_request exports what we hold for the customer", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop.id, 191167n, "+15556251199");
    const body = fixture("shopify-webhooks/customers-data_request.json").replace("{shop}.myshopify.com", shop.domain);
    const result = await deliver("customers/data_request", shop.domain, body);
    expect(result.status).toBe("done");
    const { rows } = await pool().query(`SELECT request_id, export FROM data_requests WHERE shop_id = $1`, [shop.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].request_id).toBe("9999");
    expect(rows[0].export.customer.email).toBe("john@example.com");
    expect(rows[0].export.orders).toHaveLength(1);
    expect(rows[0].export.consentHistory).toHaveLength(1);
  });

  it("customers/redact erases the customer's personal data and keeps anonymous revenue", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop.id, 191167n, "+15556251199");
    const body = fixture("shopify-webhooks/customers-redact.json").replace("{shop}.myshopify.com", shop.domain);
    expect((await deliver("customers/redact", shop.domain, body)).status).toBe("done");
    const q = async (sql: string) => (await pool().query(sql, [shop.id])).rows;
    expect(await q(`SELECT * FROM customers WHERE shop_id = $1`)).toHaveLength(0);
    expect(await q(`SELECT * FROM contacts WHERE shop_id = $1`)).toHaveLength(0);
    expect(await q(`SELECT * FROM consent_events WHERE shop_id = $1`)).toHaveLength(0);
    const orders = await q(`SELECT customer_id, email, net_minor FROM orders WHERE shop_id = $1`);
    expect(orders).toEqual([{ customer_id: null, email: null, net_minor: "1000" }]);
  });

  it("shop/redact erases everything for that shop and nothing of another shop", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    await seedCustomer(shop.id, 1n, "+447700900001");
    await seedCustomer(other.id, 1n, "+447700900001");
    const body = fixture("shopify-webhooks/shop-redact.json").replace("{shop}.myshopify.com", shop.domain);
    expect((await deliver("shop/redact", shop.domain, body)).status).toBe("erased");
    expect((await pool().query(`SELECT 1 FROM shops WHERE id = $1`, [shop.id])).rowCount).toBe(0);
    expect((await pool().query(`SELECT 1 FROM customers WHERE shop_id = $1`, [shop.id])).rowCount).toBe(0);
    expect((await pool().query(`SELECT 1 FROM orders WHERE shop_id = $1`, [shop.id])).rowCount).toBe(0);
    expect((await pool().query(`SELECT 1 FROM customers WHERE shop_id = $1`, [other.id])).rowCount).toBe(1);
    expect((await pool().query(`SELECT 1 FROM orders WHERE shop_id = $1`, [other.id])).rowCount).toBe(1);
  });

  it("app/uninstalled deletes sessions, cancels campaigns and schedules the data deletion", async () => {
    const shop = await createTestShop();
    await pool().query(`INSERT INTO "Session" (id, shop, state, "accessToken") VALUES ($1, $2, 'x', 'shpat_x')`, [
      `offline_${shop.domain}`,
      shop.domain,
    ]);
    await pool().query(
      `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, 'Spring', 'scheduled', now())`,
      [shop.id],
    );
    const body = fixture("shopify-webhooks/app-uninstalled.sample-2022-04.json");
    expect((await deliver("app/uninstalled", shop.domain, body)).status).toBe("done");
    expect((await pool().query(`SELECT 1 FROM "Session" WHERE shop = $1`, [shop.domain])).rowCount).toBe(0);
    const { rows } = await pool().query(`SELECT uninstalled_at, data_deletion_due_at FROM shops WHERE id = $1`, [
      shop.id,
    ]);
    expect(rows[0].uninstalled_at).not.toBeNull();
    expect(rows[0].data_deletion_due_at.getTime() - Date.now()).toBeGreaterThan(47 * 3600 * 1000);
    const campaign = await pool().query(`SELECT status FROM campaigns WHERE shop_id = $1`, [shop.id]);
    expect(campaign.rows[0].status).toBe("cancelled");
    const job = await queue("maintenance").getJob(`purge-${shop.id}`);
    expect(job?.name).toBe("shop.purge");
    expect(job?.opts.delay).toBe(48 * 3600 * 1000);
    // Not due yet: the purge job leaves the data alone. Past due: it erases.
    expect(await purgeIfDue(shop.id)).toBe(false);
    await pool().query(`UPDATE shops SET data_deletion_due_at = now() - interval '1 minute' WHERE id = $1`, [shop.id]);
    expect(await purgeIfDue(shop.id)).toBe(true);
    expect((await pool().query(`SELECT 1 FROM shops WHERE id = $1`, [shop.id])).rowCount).toBe(0);
  });

  it("an order topic with no handler yet stays in the inbox as deferred, not dropped", async () => {
    const shop = await createTestShop();
    const result = await deliver(
      "orders/create",
      shop.domain,
      fixture("shopify-webhooks/orders-create.sample-2022-04.json"),
    );
    expect(["deferred", "done"]).toContain(result.status);
  });
});
