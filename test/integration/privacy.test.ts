// Privacy of raw payloads: webhook bodies are blanked after the retention period and at once for a redacted
// customer or shop; a delivery parked in Redis is sealed; after customers/redact no table (every text and jsonb
// column, and every customer_id column) and no Redis key of this run holds the customer's identifiers.
import { createHmac, randomInt, randomUUID } from "node:crypto";
import pg from "pg";
import { isValidPhoneNumber } from "libphonenumber-js/max";
import { afterAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { intake } from "../../app/inbox/inbox.server";
import { NOT_APPLIED_REDACTED, scrubExpiredBodies } from "../../app/compliance/retention.server";
import { redactCustomer } from "../../app/compliance/compliance.server";
import { closeForgetRedis } from "../../app/compliance/redis-forget.server";
import { action as whatsappAction } from "../../app/routes/webhooks.whatsapp";
import { recordStorefrontOptIn, closeOptInLimiter } from "../../app/consent/storefront.server";
import { createRedis } from "../../jobs/connection";
import { queue, type JobPayload } from "../../jobs/queues";
import { processInboxEvent, recordFromRedis } from "../../jobs/processors/inbox";
import { scheduleRepeatingJobs, startWorkers } from "../../jobs/worker";
import { createTestShop } from "../setup/shops";
import { deliverWebhook, fixture } from "../setup/webhooks";
import { createRecipients, META_APP_SECRET } from "../setup/whatsapp";

const redis = createRedis("producer");
afterAll(async () => {
  await closeOptInLimiter();
  await closeForgetRedis();
  await redis.quit();
});

function person() {
  const tag = randomUUID().slice(0, 6);
  let phoneDigits = "";
  do phoneDigits = `447911${randomInt(100000, 999999)}`;
  while (!isValidPhoneNumber(`+${phoneDigits}`, "GB"));
  return {
    id: `${randomInt(1, 9)}${randomInt(100000, 999999)}${randomInt(100000, 999999)}`,
    email: `quillon.${tag}@example.org`,
    first: `Quillon${tag}`,
    last: `Vexaby${tag}`,
    phone: `+${phoneDigits}`,
    phoneDigits,
    secret: `my secret reply ${tag}`,
  };
}
type Person = ReturnType<typeof person>;

function customerBody(p: Person) {
  const c = JSON.parse(fixture("shopify-webhooks/customers-update.sample-2022-04.json"));
  return JSON.stringify({
    ...c,
    id: Number(p.id),
    admin_graphql_api_id: `gid://shopify/Customer/${p.id}`,
    email: p.email,
    first_name: p.first,
    last_name: p.last,
    phone: p.phone,
    note: `${p.first} ${p.last}`,
  });
}

function orderBody(p: Person) {
  const o = JSON.parse(fixture("shopify-webhooks/orders-create.sample-2022-04.json"));
  const address = {
    ...o.shipping_address,
    first_name: p.first,
    last_name: p.last,
    name: `${p.first} ${p.last}`,
    phone: p.phone,
  };
  return JSON.stringify({
    ...o,
    id: randomInt(1, 2 ** 47),
    email: p.email,
    contact_email: p.email,
    phone: p.phone,
    billing_address: address,
    shipping_address: address,
    customer: {
      ...o.customer,
      id: Number(p.id),
      email: p.email,
      first_name: p.first,
      last_name: p.last,
      phone: p.phone,
    },
  });
}

async function connectAccount(shop: Shop) {
  const phoneNumberId = `9${randomInt(10 ** 13, 10 ** 14 - 1)}`;
  await pool().query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, display_phone_number)
     VALUES ($1, $2, $3, 'not-used', 'test1', '15550001111')`,
    [shop.id, phoneNumberId, `9${randomInt(10 ** 13, 10 ** 14 - 1)}`],
  );
  return phoneNumberId;
}

/** An inbound text from the customer's own WhatsApp, signed as Meta signs it. */
async function inboundMessage(phoneNumberId: string, p: Person) {
  const raw = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: `${p.first} ${p.last}` }, wa_id: p.phoneDigits }],
              messages: [
                {
                  from: p.phoneDigits,
                  id: `wamid.${randomUUID()}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: p.secret },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const res = await whatsappAction({
    request: new Request("https://segwa.test/webhooks/whatsapp", {
      method: "POST",
      body: raw,
      headers: {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": "sha256=" + createHmac("sha256", META_APP_SECRET).update(raw).digest("hex"),
      },
    }),
    params: {},
    context: {},
  });
  expect(res.status).toBe(200);
}

async function waitUntil(fn: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out: ${what}`);
}

/**
 * Every place in PostgreSQL that holds one of the needles, as "table.column": every text, varchar, json, jsonb and
 * array column of every table, and every bigint customer_id-like column. Rows of `exceptShopId` (another shop
 * whose own customer shares the phone) are left out; rows of no shop are searched too.
 */
async function findInDatabase(needles: string[], customerId: string, exceptShopId: number): Promise<string[]> {
  const { rows: columns } = await pool().query<{
    table_name: string;
    column_name: string;
    data_type: string;
    scoped: boolean;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type,
            EXISTS (SELECT 1 FROM information_schema.columns s
                    WHERE s.table_schema = 'public' AND s.table_name = c.table_name AND s.column_name = 'shop_id') AS scoped
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
       AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
            OR (c.data_type = 'bigint' AND (c.column_name LIKE '%customer_id%' OR (c.table_name = 'customers' AND c.column_name = 'id'))))`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const hits: string[] = [];
  const patterns = needles.map((n) => `%${n}%`);
  for (const c of columns) {
    const match =
      c.data_type === "bigint" ? `"${c.column_name}" = $1::bigint` : `"${c.column_name}"::text LIKE ANY($1::text[])`;
    const scope = c.scoped ? ` AND shop_id IS DISTINCT FROM $2` : ` AND $2::int IS NOT NULL`;
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${c.table_name}" WHERE ${match}${scope}`,
      [c.data_type === "bigint" ? customerId : patterns, exceptShopId],
    );
    if (rows[0]!.n > 0) hits.push(`${c.table_name}.${c.column_name}`);
  }
  return hits;
}

/** Every Redis key of this test file (its unique prefix) whose name or value holds one of the needles. */
async function findInRedis(needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${getEnv().QUEUE_PREFIX}:*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === "string") value = await redis.get(key);
      else if (type === "hash") value = await redis.hgetall(key);
      else if (type === "list") value = await redis.lrange(key, 0, -1);
      else if (type === "set") value = await redis.smembers(key);
      else if (type === "zset") value = await redis.zrange(key, 0, -1);
      else if (type === "stream") value = await redis.xrange(key, "-", "+");
      const text = `${key} ${JSON.stringify(value)}`;
      if (needles.some((n) => text.includes(n))) hits.push(`${key} (${type})`);
    }
  } while (cursor !== "0");
  return hits;
}

describe("raw payload retention", () => {
  it("blanks processed bodies past INBOX_RETENTION_DAYS (default 30), keeps newer and unapplied ones", async () => {
    expect(getEnv().INBOX_RETENTION_DAYS).toBe(30);
    const shop = await createTestShop();
    const insert = async (status: string, daysAgo: number) => {
      const { rows } = await pool().query<{ id: string }>(
        `INSERT INTO inbox_events (source, external_id, shop_id, shop_domain, topic, body, status, processed_at, received_at)
         VALUES ('shopify', $1, $2, $3, 'customers/update', '{"email":"old@example.org"}', $4::"InboxStatus",
                 now() - make_interval(days => $5), now() - make_interval(days => $5)) RETURNING id::text`,
        [randomUUID(), shop.id, shop.domain, status, daysAgo],
      );
      return rows[0]!.id;
    };
    const old = await insert("done", 31);
    const oldFailed = await insert("failed", 40);
    const recent = await insert("done", 29);
    const waiting = await insert("deferred", 45);
    await scrubExpiredBodies();
    const { rows } = await pool().query<{ id: string; body: string; scrubbed: boolean }>(
      `SELECT id::text, body, body_scrubbed_at IS NOT NULL AS scrubbed FROM inbox_events WHERE id = ANY($1::bigint[])`,
      [[old, oldFailed, recent, waiting]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[old]).toMatchObject({ body: "", scrubbed: true });
    expect(byId[oldFailed]).toMatchObject({ body: "", scrubbed: true });
    expect(byId[recent]).toMatchObject({ body: '{"email":"old@example.org"}', scrubbed: false });
    expect(byId[waiting]).toMatchObject({ body: '{"email":"old@example.org"}', scrubbed: false });
  });

  it("is a daily scheduled job", async () => {
    await scheduleRepeatingJobs();
    const scheduler = await queue("maintenance").getJobScheduler("scrub-inbox-daily");
    expect(scheduler).toMatchObject({ name: "maintenance.scrub-inbox", pattern: "41 3 * * *" });
  });
});

describe("a delivery parked in Redis", () => {
  it("is sealed with the app's key and recorded intact from it", async () => {
    const shop = await createTestShop();
    const p = person();
    const body = customerBody(p);
    const externalId = randomUUID();
    // PostgreSQL unreachable for the web process: intake parks the whole delivery in Redis.
    const real = globalThis.__segwaPool;
    globalThis.__segwaPool = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/none", max: 1 });
    let result;
    try {
      result = await intake({
        source: "shopify",
        externalId,
        shopId: shop.id,
        shopDomain: shop.domain,
        topic: "customers/update",
        body,
      });
    } finally {
      await globalThis.__segwaPool.end().catch(() => {});
      globalThis.__segwaPool = real;
    }
    expect(result).toMatchObject({ status: 200, stored: "redis-only" });
    const job = await queue("inbox").getJob(`record-shopify-${externalId}`);
    expect(job).toBeTruthy();
    const stored = await redis.hget(`${getEnv().QUEUE_PREFIX}:inbox:record-shopify-${externalId}`, "data");
    expect(stored).not.toContain(p.email);
    expect(stored).not.toContain(p.last);
    expect(stored).not.toContain(p.phoneDigits);
    expect(JSON.parse(stored!).sealedBody.keyId).toBe("test1");

    await recordFromRedis(job!.data as JobPayload<"inbox.record">);
    const row = await pool().query(`SELECT body FROM inbox_events WHERE external_id = $1`, [externalId]);
    expect(row.rows[0].body).toBe(body);
    await job!.remove();
  });
});

describe("customers/redact", () => {
  it("leaves the customer's identifiers in no table and no Redis key", async () => {
    const workers = startWorkers({ queues: ["inbox", "maintenance"] });
    try {
      const shop = await createTestShop();
      const other = await createTestShop();
      const phoneNumberId = await connectAccount(shop);
      const p = person();
      // What a customer leaves behind: their Shopify record and an order (raw bodies in the inbox), a WhatsApp
      // contact with consent history, a campaign message, an inbound reply, a storefront sign-up (Redis rate
      // counters), a data request — and another shop's customer with the same phone, who must stay.
      expect((await deliverWebhook(shop, "customers/update", customerBody(p))).status).toBe("done");
      expect((await deliverWebhook(shop, "orders/create", orderBody(p))).status).toBe("done");
      expect((await deliverWebhook(other, "customers/update", customerBody(p))).status).toBe("done");
      await recordStorefrontOptIn({
        shopDomain: shop.domain,
        loggedInCustomerId: p.id,
        body: { phone: p.phone, consent: true, wording: "Send me WhatsApp offers, I can reply STOP.", page: "/" },
        ip: "203.0.113.9",
      });
      await createRecipients(shop.id, [{ customerId: p.id, phone: p.phone, status: "delivered" }]);
      await inboundMessage(phoneNumberId, p);
      await waitUntil(async () => {
        const { rows } = await pool().query(
          `SELECT 1 FROM inbox_events WHERE shop_id = $1 AND source = 'whatsapp' AND status = 'done'`,
          [shop.id],
        );
        return rows.length > 0;
      }, "the inbound message applied");
      const request = JSON.parse(fixture("shopify-webhooks/customers-data_request.json"));
      const dataRequest = JSON.stringify({
        ...request,
        shop_domain: shop.domain,
        customer: { id: Number(p.id), email: p.email, phone: p.phone },
        data_request: { id: randomInt(1, 2 ** 40) },
      });
      expect((await deliverWebhook(shop, "customers/data_request", dataRequest)).status).toBe("done");

      const needles = [p.email, p.phone, p.phoneDigits, p.last, p.secret];
      // The scene is set: each identifier is held somewhere before the redaction.
      const before = await findInDatabase(needles, p.id, other.id);
      for (const place of [
        "customers.email",
        "orders.email",
        "contacts.phone_e164",
        "recipients.phone_e164",
        "inbox_events.body",
        "data_requests.export",
      ])
        expect(before).toContain(place);

      const redact = JSON.stringify({
        shop_id: 1,
        shop_domain: shop.domain,
        customer: { id: Number(p.id), email: p.email, phone: p.phone },
        orders_to_redact: [],
      });
      expect((await deliverWebhook(shop, "customers/redact", redact)).status).toBe("done");

      expect(await findInDatabase(needles, p.id, other.id)).toEqual([]);
      // The other shop's customer with the same phone and email is untouched (tenancy).
      const { rows: otherRows } = await pool().query(
        `SELECT email, phone_e164 FROM customers WHERE shop_id = $1 AND id = $2`,
        [other.id, p.id],
      );
      expect(otherRows).toEqual([{ email: p.email, phone_e164: p.phone }]);
      // Redis: no job, counter or pending confirmation names the customer.
      expect(await findInRedis(needles)).toEqual([]);
    } finally {
      await workers.close();
    }
  });
});

describe("customers/redact and deliveries not applied yet", () => {
  it("a waiting delivery (pending, deferred) that names the customer is blanked and closed unapplied", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    const p = person();
    const q = person();
    const insert = async (shopId: number, status: string, body: string) => {
      const { rows } = await pool().query<{ id: string }>(
        `INSERT INTO inbox_events (source, external_id, shop_id, topic, body, status)
         VALUES ('shopify', $1, $2, 'orders/create', $3, $4::"InboxStatus") RETURNING id::text`,
        [randomUUID(), shopId, body, status],
      );
      return rows[0]!.id;
    };
    const pending = await insert(shop.id, "pending", orderBody(p));
    const deferred = await insert(shop.id, "deferred", customerBody(p));
    const qOrder = orderBody(q);
    const otherShopOrder = orderBody(p);
    const someoneElse = await insert(shop.id, "pending", qOrder);
    const otherShop = await insert(other.id, "pending", otherShopOrder);

    await redactCustomer(shop.id, { customer: { id: p.id, email: p.email, phone: p.phone }, orders_to_redact: [] });

    const { rows } = await pool().query<{ id: string; body: string; status: string; last_error: string | null }>(
      `SELECT id::text, body, status::text, last_error FROM inbox_events WHERE id = ANY($1::bigint[])`,
      [[pending, deferred, someoneElse, otherShop]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    for (const id of [pending, deferred])
      expect(byId[id]).toEqual({ id, body: "", status: "done", last_error: NOT_APPLIED_REDACTED });
    // Another customer's waiting order, and the other shop's delivery for the same person, are still to apply.
    expect(byId[someoneElse]).toMatchObject({ status: "pending", body: qOrder });
    expect(byId[otherShop]).toMatchObject({ status: "pending", body: otherShopOrder });
  });

  it("waits for a delivery naming the customer that a worker is applying right now; a dead worker's claim is closed", async () => {
    const workers = startWorkers({ queues: ["inbox"] });
    try {
      const shop = await createTestShop();
      const p = person();
      expect((await deliverWebhook(shop, "customers/update", customerBody(p))).status).toBe("done");
      const claimed = async (body: string, claimedAgo: string) => {
        const { rows } = await pool().query<{ id: string }>(
          `INSERT INTO inbox_events (source, external_id, shop_id, topic, body, status, processed_at)
           VALUES ('shopify', $1, $2, 'orders/create', $3, 'processing', now() - $4::interval) RETURNING id::text`,
          [randomUUID(), shop.id, body, claimedAgo],
        );
        return rows[0]!.id;
      };
      const live = await claimed(orderBody(p), "2 seconds");
      const redact = JSON.stringify({
        shop_domain: shop.domain,
        customer: { id: Number(p.id), email: p.email, phone: p.phone },
        orders_to_redact: [],
      });
      // Applied now, the redaction would be undone by the order a worker is writing: it waits, erasing nothing.
      const webhookId = randomUUID();
      const first = await deliverWebhook(shop, "customers/redact", redact, webhookId);
      expect(first.status).toBe("deferred");
      expect(first.last_error).toMatch(/waiting for 1 delivery/);
      const still = await pool().query(`SELECT 1 FROM customers WHERE shop_id = $1 AND id = $2`, [shop.id, p.id]);
      expect(still.rowCount).toBe(1);
      expect((await pool().query(`SELECT status::text FROM inbox_events WHERE id = $1`, [live])).rows[0].status).toBe(
        "processing",
      );

      // The worker finishes; a claim left by a worker that died (older than the stale limit) does not hold it up.
      await pool().query(`UPDATE inbox_events SET status = 'done', processed_at = now() WHERE id = $1`, [live]);
      const dead = await claimed(orderBody(p), "10 minutes");
      // The retry of a deferred row (maintenance.reconcile queues it again; run here directly).
      const { rows: own } = await pool().query<{ id: string }>(
        `SELECT id::text FROM inbox_events WHERE external_id = $1`,
        [webhookId],
      );
      await processInboxEvent({ inboxId: own[0]!.id });
      const retried = await pool().query(`SELECT status::text FROM inbox_events WHERE id = $1`, [own[0]!.id]);
      expect(retried.rows[0].status).toBe("done");
      const gone = await pool().query(`SELECT 1 FROM customers WHERE shop_id = $1 AND id = $2`, [shop.id, p.id]);
      expect(gone.rowCount).toBe(0);
      const { rows } = await pool().query<{ id: string; body: string; status: string; last_error: string | null }>(
        `SELECT id::text, body, status::text, last_error FROM inbox_events WHERE id = ANY($1::bigint[])`,
        [[live, dead]],
      );
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(byId[live]).toMatchObject({ body: "", status: "done", last_error: null });
      expect(byId[dead]).toEqual({ id: dead, body: "", status: "done", last_error: NOT_APPLIED_REDACTED });
    } finally {
      await workers.close();
    }
  });
});

describe("shop/redact", () => {
  it("erases the shop's deliveries (those stored by domain only too) and its jobs and counters in Redis", async () => {
    const workers = startWorkers({ queues: ["inbox", "maintenance"] });
    try {
      const shop = await createTestShop();
      const other = await createTestShop();
      // A lifecycle delivery stored before the shop row was known carries only the domain.
      await pool().query(
        `INSERT INTO inbox_events (source, external_id, shop_id, shop_domain, topic, body, status, processed_at)
         VALUES ('shopify', $1, NULL, $2, 'app/uninstalled', '{"domain":"x"}', 'done', now())`,
        [randomUUID(), shop.domain],
      );
      await queue("whatsapp").add("whatsapp.refresh-account", { shopId: shop.id }, { delay: 3_600_000 });
      await queue("whatsapp").add("whatsapp.refresh-account", { shopId: other.id }, { delay: 3_600_000 });
      await redis.set(`${getEnv().QUEUE_PREFIX}:optin-rate:${shop.id}:1:phone:+447911000000`, "1", "EX", 60);

      const body = fixture("shopify-webhooks/shop-redact.json").replace("{shop}.myshopify.com", shop.domain);
      const { action } = await import("../../app/routes/webhooks");
      const { shopifyWebhookRequest } = await import("../setup/webhooks");
      const res = await action({
        request: shopifyWebhookRequest({ topic: "shop/redact", shop: shop.domain, body, webhookId: randomUUID() }),
        params: {},
        context: {},
      });
      expect(res.status).toBe(200);
      await waitUntil(
        async () => (await pool().query(`SELECT 1 FROM shops WHERE id = $1`, [shop.id])).rowCount === 0,
        "the shop erased",
      );
      const { rows } = await pool().query(`SELECT 1 FROM inbox_events WHERE shop_domain = $1 OR shop_id = $2`, [
        shop.domain,
        shop.id,
      ]);
      expect(rows).toEqual([]);
      await waitUntil(async () => {
        const delayed = await queue("whatsapp").getDelayed();
        const shopIds = delayed.map((j) => (j.data as { shopId: number }).shopId);
        return !shopIds.includes(shop.id) && shopIds.includes(other.id);
      }, "the shop's jobs removed, the other shop's kept");
      await waitUntil(
        async () => (await redis.keys(`${getEnv().QUEUE_PREFIX}:optin-rate:${shop.id}:*`)).length === 0,
        "the shop's rate counters removed",
      );
    } finally {
      await workers.close();
    }
  });
});
