// Data webhooks through the real path: signed request → route → inbox → worker → database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { action } from "../../app/routes/webhooks";
import { pool } from "../../app/db.server";
import { queue } from "../../jobs/queues";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { stringifyWithBigInts } from "../../app/lib/json";
import { createTestShop } from "../setup/shops";
import { fixture, shopifyWebhookRequest } from "../setup/webhooks";

let workers: RunningWorkers;
beforeAll(() => {
  workers = startWorkers({ queues: ["inbox"] });
});
afterAll(async () => {
  await workers.close();
});

async function deliver(shop: Shop, topic: string, body: string, webhookId = randomUUID()) {
  const res = await action({
    request: shopifyWebhookRequest({ topic, shop: shop.domain, body, webhookId }),
    params: {},
    context: {},
  });
  expect(res.status).toBe(200);
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

const CUSTOMER_ID = 9007199254741993n; // > 2^53: breaks visibly if parsed through Number

function order(overrides: Record<string, unknown> = {}) {
  return {
    id: 9007199254750001n,
    admin_graphql_api_id: "gid://shopify/Order/9007199254750001",
    name: "#1001",
    email: "ana@example.com",
    created_at: "2026-11-01T10:00:00-04:00",
    updated_at: "2026-11-01T10:00:00-04:00",
    processed_at: "2026-11-01T10:00:00-04:00",
    cancelled_at: null,
    test: false,
    currency: "USD",
    total_price: "60.00",
    subtotal_price: "55.00",
    total_discounts: "5.00",
    total_price_set: {
      shop_money: { amount: "60.00", currency_code: "USD" },
      presentment_money: { amount: "55.20", currency_code: "EUR" },
    },
    discount_codes: [{ code: "WELCOME5", amount: "5.00", type: "fixed_amount" }],
    discount_applications: [{ type: "discount_code", code: "WELCOME5" }],
    landing_site: "/products/mug?utm_source=whatsapp&utm_medium=campaign&utm_campaign=12&r=abc",
    line_items: [
      {
        id: 9007199254760001n,
        product_id: 9007199254770001n,
        variant_id: 9007199254780001n,
        title: "Mug",
        quantity: 2,
        price: "30.00",
        discount_allocations: [{ amount: "5.00", amount_set: { shop_money: { amount: "5.00" } } }],
      },
    ],
    shipping_address: { country_code: "US", province_code: "NY", city: "New York" },
    customer: { id: CUSTOMER_ID, email: "ana@example.com" },
    refunds: [],
    ...overrides,
  };
}

/** A refunds/create body for one of the two mugs of order() (25.00), plus any further transactions. */
function oneMugRefund(id: bigint, moreTransactions: object[] = []) {
  return stringifyWithBigInts({
    id,
    order_id: 9007199254750001n,
    created_at: "2026-11-03T10:00:00Z",
    refund_line_items: [{ id: 1, line_item_id: 9007199254760001n, quantity: 1, subtotal: "25.00" }],
    transactions: [{ id: 1, kind: "refund", status: "success", amount: "25.00" }, ...moreTransactions],
  });
}

async function customerStats(shop: Shop) {
  const { rows } = await pool().query(
    `SELECT orders_count, net_spent_minor::text, discounted_orders_count, aov_minor::text FROM customers WHERE shop_id = $1 AND id = $2`,
    [shop.id, CUSTOMER_ID],
  );
  return rows[0];
}

async function seedCustomer(shop: Shop) {
  const body = stringifyWithBigInts({
    id: CUSTOMER_ID,
    email: "ana@example.com",
    first_name: "Ana",
    phone: "+12125550123",
    updated_at: "2026-10-01T00:00:00Z",
    created_at: "2026-10-01T00:00:00Z",
    default_address: { country_code: "US", province_code: "NY", city: "New York" },
  });
  expect((await deliver(shop, "customers/create", body)).status).toBe("done");
}

describe("order webhooks", () => {
  it("apply an order exactly, with 64-bit ids, money in cents, UTM and aggregates", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    expect((await deliver(shop, "orders/create", stringifyWithBigInts(order()))).status).toBe("done");
    const { rows } = await pool().query(
      `SELECT id::text, customer_id::text, total_minor::text, net_minor::text, has_discount_code, utm_source, utm_campaign, wa_ref, country_code
       FROM orders WHERE shop_id = $1`,
      [shop.id],
    );
    expect(rows).toEqual([
      {
        id: "9007199254750001",
        customer_id: CUSTOMER_ID.toString(),
        total_minor: "6000",
        net_minor: "6000",
        has_discount_code: true,
        utm_source: "whatsapp",
        utm_campaign: "12",
        wa_ref: "abc",
        country_code: "US",
      },
    ]);
    const lines = await pool().query(
      `SELECT id::text, quantity, price_minor::text, total_discount_minor::text FROM line_items WHERE shop_id = $1`,
      [shop.id],
    );
    expect(lines.rows).toEqual([
      { id: "9007199254760001", quantity: 2, price_minor: "3000", total_discount_minor: "500" },
    ]);
    expect(await customerStats(shop)).toEqual({
      orders_count: 1,
      net_spent_minor: "6000",
      discounted_orders_count: 1,
      aov_minor: "6000",
    });
    // a segment refresh was queued for the customer
    const jobs = await queue("segments").getJobs(["waiting", "delayed", "active"]);
    expect(
      jobs.some(
        (j) =>
          j.name === "segments.refresh-customers" &&
          j.data.shopId === shop.id &&
          j.data.customerIds.includes(CUSTOMER_ID.toString()),
      ),
    ).toBe(true);
  });

  it("a replay changes nothing; an older update arriving late is ignored", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    const newer = stringifyWithBigInts(
      order({ updated_at: "2026-11-02T10:00:00Z", total_price: "80.00", total_price_set: undefined }),
    );
    const older = stringifyWithBigInts(
      order({ updated_at: "2026-11-01T11:00:00Z", total_price: "70.00", total_price_set: undefined }),
    );
    const webhookId = randomUUID();
    await deliver(shop, "orders/updated", newer, webhookId);
    const before = await pool().query(`SELECT updated_at FROM orders WHERE shop_id = $1`, [shop.id]);
    await deliver(shop, "orders/updated", newer); // same event, new delivery id: still no change
    await deliver(shop, "orders/updated", older);
    const after = await pool().query(`SELECT total_minor::text, updated_at FROM orders WHERE shop_id = $1`, [shop.id]);
    expect(after.rows[0].total_minor).toBe("8000");
    expect(after.rows[0].updated_at).toEqual(before.rows[0].updated_at);
    expect(
      (await pool().query(`SELECT count(*)::int AS n FROM line_items WHERE shop_id = $1`, [shop.id])).rows[0].n,
    ).toBe(1);
  });

  it("a refund reduces net revenue; a cancellation takes the order out of spend", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    await deliver(shop, "orders/create", stringifyWithBigInts(order()));
    // A failed transaction refunds nothing.
    const refund = oneMugRefund(9007199254790001n, [{ id: 2, kind: "refund", status: "failure", amount: "25.00" }]);
    expect((await deliver(shop, "refunds/create", refund)).status).toBe("done");
    expect((await deliver(shop, "refunds/create", refund)).status).toBe("done"); // replay
    const o = await pool().query(`SELECT refunded_minor::text, net_minor::text FROM orders WHERE shop_id = $1`, [
      shop.id,
    ]);
    expect(o.rows[0]).toEqual({ refunded_minor: "2500", net_minor: "3500" });
    const l = await pool().query(`SELECT current_quantity FROM line_items WHERE shop_id = $1`, [shop.id]);
    expect(l.rows[0].current_quantity).toBe(1);
    expect((await customerStats(shop)).net_spent_minor).toBe("3500");

    await deliver(
      shop,
      "orders/cancelled",
      stringifyWithBigInts(order({ updated_at: "2026-11-04T10:00:00Z", cancelled_at: "2026-11-04T10:00:00Z" })),
    );
    expect(await customerStats(shop)).toEqual({
      orders_count: 0,
      net_spent_minor: "0",
      discounted_orders_count: 0,
      aov_minor: "0",
    });
  });

  it("an order payload that does not list a stored refund keeps it (refunds are never undone)", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    await deliver(shop, "orders/create", stringifyWithBigInts(order()));
    const refund = oneMugRefund(9007199254790011n);
    expect((await deliver(shop, "refunds/create", refund)).status).toBe("done");
    // An orders/updated serialised without the refund (delivered late, or built before it): newer, so applied.
    await deliver(
      shop,
      "orders/updated",
      stringifyWithBigInts(order({ updated_at: "2026-11-05T10:00:00Z", refunds: [] })),
    );
    const o = await pool().query(`SELECT refunded_minor::text, net_minor::text FROM orders WHERE shop_id = $1`, [
      shop.id,
    ]);
    expect(o.rows[0]).toEqual({ refunded_minor: "2500", net_minor: "3500" });
    expect((await pool().query(`SELECT count(*)::int AS n FROM refunds WHERE shop_id = $1`, [shop.id])).rows[0].n).toBe(
      1,
    );
    expect((await customerStats(shop)).net_spent_minor).toBe("3500");
  });

  it("keeps a refund that arrives before its order in the inbox, and applies it later", async () => {
    const shop = await createTestShop();
    const refund = stringifyWithBigInts({
      id: 9007199254790002n,
      order_id: 9007199254750001n,
      created_at: "2026-11-03T10:00:00Z",
      refund_line_items: [],
      transactions: [{ kind: "refund", status: "success", amount: "10.00" }],
    });
    const refundId = randomUUID();
    const first = await deliver(shop, "refunds/create", refund, refundId);
    expect(first.status).toBe("deferred");
    expect(first.last_error).toMatch(/order not received yet/);
    // The order arrives: the waiting refund is applied at once, not at the reconciler's next pass.
    expect((await deliver(shop, "orders/create", stringifyWithBigInts(order()))).status).toBe("done");
    let status = "";
    for (let i = 0; i < 200 && status !== "done"; i++) {
      status = (await pool().query(`SELECT status FROM inbox_events WHERE external_id = $1`, [refundId])).rows[0]
        .status;
      if (status !== "done") await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe("done");
    const { rows } = await pool().query(
      `SELECT refunded_minor::text, net_minor::text FROM orders WHERE shop_id = $1 AND id = 9007199254750001`,
      [shop.id],
    );
    expect(rows[0]).toEqual({ refunded_minor: "1000", net_minor: "5000" });
  });

  it("keeps an order without a customer and touches no customer aggregates", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    const guest = order({ id: 9007199254750009n, customer: null });
    expect((await deliver(shop, "orders/create", stringifyWithBigInts(guest))).status).toBe("done");
    const { rows } = await pool().query(`SELECT customer_id FROM orders WHERE shop_id = $1`, [shop.id]);
    expect(rows).toEqual([{ customer_id: null }]);
    expect((await customerStats(shop)).orders_count).toBe(0);
  });

  it("applies Shopify's orders/create sample (a cancelled test order) without counting it as spend", async () => {
    const shop = await createTestShop();
    const r = await deliver(shop, "orders/create", fixture("shopify-webhooks/orders-create.sample-2022-04.json"));
    expect(r.status).toBe("done");
    const { rows } = await pool().query(`SELECT id::text, net_minor::text, test FROM orders WHERE shop_id = $1`, [
      shop.id,
    ]);
    expect(rows).toEqual([{ id: "820982911946154508", net_minor: "0", test: true }]);
  });

  it("rejects a payload it can never apply (kept as failed, not retried forever)", async () => {
    const shop = await createTestShop();
    const r = await deliver(shop, "orders/create", JSON.stringify({ hello: "world" }));
    expect(r.status).toBe("failed");
    expect(r.last_error).toMatch(/rejected: order has no id/);
  });
});

describe("customer and product webhooks", () => {
  it("normalizes phones to E.164 and keeps invalid ones with a reason", async () => {
    const shop = await createTestShop();
    const good = stringifyWithBigInts({
      id: 11n,
      phone: "020 7946 0958",
      default_address: { country_code: "GB" },
      updated_at: "2026-01-01T00:00:00Z",
    });
    const mobile = stringifyWithBigInts({
      id: 12n,
      phone: "07400 123456",
      default_address: { country_code: "GB" },
      updated_at: "2026-01-01T00:00:00Z",
    });
    const bad = stringifyWithBigInts({
      id: 13n,
      phone: "12",
      default_address: { country_code: "DE" },
      updated_at: "2026-01-01T00:00:00Z",
    });
    for (const b of [good, mobile, bad]) expect((await deliver(shop, "customers/create", b)).status).toBe("done");
    const { rows } = await pool().query(
      `SELECT id::int, phone_raw, phone_e164, phone_valid, phone_invalid_reason FROM customers WHERE shop_id = $1 ORDER BY id`,
      [shop.id],
    );
    expect(rows[0]).toMatchObject({
      id: 11,
      phone_e164: "+442079460958",
      phone_valid: false,
      phone_invalid_reason: "not_mobile",
    });
    expect(rows[1]).toMatchObject({
      id: 12,
      phone_e164: "+447400123456",
      phone_valid: true,
      phone_invalid_reason: null,
    });
    expect(rows[2]).toMatchObject({ id: 13, phone_raw: "12", phone_valid: false });
    expect(rows[2].phone_invalid_reason).not.toBeNull();
  });

  it("a minimal 2025+ customer update keeps stored tags and consent; the consent topic updates consent", async () => {
    const shop = await createTestShop();
    const legacy = stringifyWithBigInts({
      id: 21n,
      tags: "vip, wholesale",
      updated_at: "2026-01-01T00:00:00Z",
      sms_marketing_consent: {
        state: "subscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: "2026-01-01T00:00:00Z",
      },
    });
    await deliver(shop, "customers/update", legacy);
    await deliver(
      shop,
      "customers/update",
      stringifyWithBigInts({ id: 21n, first_name: "Zoe", updated_at: "2026-02-01T00:00:00Z" }),
    );
    let row = (
      await pool().query(`SELECT first_name, tags, sms_consent_state FROM customers WHERE shop_id = $1`, [shop.id])
    ).rows[0];
    expect(row).toEqual({ first_name: "Zoe", tags: ["vip", "wholesale"], sms_consent_state: "subscribed" });
    await deliver(
      shop,
      "customers_marketing_consent/update",
      stringifyWithBigInts({
        id: 21n,
        phone: "+16135551111",
        sms_marketing_consent: {
          state: "unsubscribed",
          opt_in_level: "single_opt_in",
          consent_updated_at: "2026-03-01T12:00:00-05:00",
          consent_collected_from: "SHOPIFY",
        },
      }),
    );
    row = (
      await pool().query(`SELECT first_name, tags, sms_consent_state, phone_e164 FROM customers WHERE shop_id = $1`, [
        shop.id,
      ])
    ).rows[0];
    expect(row).toEqual({
      first_name: "Zoe",
      tags: ["vip", "wholesale"],
      sms_consent_state: "unsubscribed",
      phone_e164: "+16135551111",
    });
    // an older consent event arriving late is ignored
    await deliver(
      shop,
      "customers_marketing_consent/update",
      stringifyWithBigInts({
        id: 21n,
        sms_marketing_consent: { state: "subscribed", consent_updated_at: "2026-02-15T00:00:00Z" },
      }),
    );
    expect(
      (await pool().query(`SELECT sms_consent_state FROM customers WHERE shop_id = $1`, [shop.id])).rows[0]
        .sms_consent_state,
    ).toBe("unsubscribed");
  });

  it("customers_whats_app_marketing_consent/update: Shopify's WhatsApp consent reaches the contact; our own write coming back is no new event; SMS untouched", async () => {
    const shop = await createTestShop();
    const body = (state: string, at: string, from: string, level: string | null = null) =>
      stringifyWithBigInts({
        id: 31n,
        phone: "+16135553131",
        whatsapp_marketing_consent: {
          state,
          opt_in_level: level,
          consent_updated_at: at,
          consent_collected_from: from,
        },
      });
    await deliver(
      shop,
      "customers/update",
      stringifyWithBigInts({
        id: 31n,
        phone: "+16135553131",
        updated_at: "2026-01-01T00:00:00Z",
        sms_marketing_consent: {
          state: "subscribed",
          opt_in_level: "single_opt_in",
          consent_updated_at: "2026-01-01T00:00:00Z",
        },
      }),
    );
    expect(
      (
        await deliver(
          shop,
          "customers_whats_app_marketing_consent/update",
          body("subscribed", "2026-02-01T00:00:00Z", "SHOPIFY", "single_opt_in"),
        )
      ).status,
    ).toBe("done");
    const contact = async () =>
      (
        await pool().query(
          `SELECT k.consent_state, k.consent_source, k.shopify_whatsapp_state, c.sms_consent_state, c.whatsapp_consent_state
           FROM contacts k JOIN customers c ON c.shop_id = k.shop_id AND c.id = k.customer_id
           WHERE k.shop_id = $1 AND k.phone_e164 = '+16135553131'`,
          [shop.id],
        )
      ).rows[0];
    expect(await contact()).toEqual({
      consent_state: "opted_in",
      consent_source: "shopify_whatsapp",
      shopify_whatsapp_state: "subscribed",
      sms_consent_state: "subscribed",
      whatsapp_consent_state: "subscribed",
    });
    // our STOP, then our write-back arriving back from Shopify (same state, our time, collected from OTHER)
    const { recordConsentChange } = await import("../../app/consent/consent.server");
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: "+16135553131",
      to: "opted_out",
      source: "whatsapp_keyword",
      at: new Date("2026-03-01T00:00:00Z"),
    });
    await deliver(
      shop,
      "customers_whats_app_marketing_consent/update",
      body("unsubscribed", "2026-03-01T00:00:00Z", "OTHER"),
    );
    // an older delivery arriving late changes nothing
    await deliver(
      shop,
      "customers_whats_app_marketing_consent/update",
      body("subscribed", "2026-02-15T00:00:00Z", "SHOPIFY", "single_opt_in"),
    );
    expect(await contact()).toMatchObject({
      consent_state: "opted_out",
      sms_consent_state: "subscribed",
      whatsapp_consent_state: "unsubscribed",
    });
    const events = await pool().query(
      `SELECT source, new_state FROM consent_events WHERE shop_id = $1 AND phone_e164 = '+16135553131' ORDER BY at, id`,
      [shop.id],
    );
    expect(events.rows).toEqual([
      { source: "shopify_whatsapp", new_state: "opted_in" },
      { source: "whatsapp_keyword", new_state: "opted_out" },
    ]);
    // a payload without the consent is kept as failed, not guessed at
    expect(
      (await deliver(shop, "customers_whats_app_marketing_consent/update", stringifyWithBigInts({ id: 31n }))).status,
    ).toBe("failed");
  });

  it("products: variants with compare-at prices; an order line below compare-at is a markdown", async () => {
    const shop = await createTestShop();
    const product = stringifyWithBigInts({
      id: 9007199254770001n,
      title: "Mug",
      vendor: "Acme",
      product_type: "Kitchen",
      tags: "gift",
      updated_at: "2026-10-01T00:00:00Z",
      variants: [{ id: 9007199254780001n, price: "30.00", compare_at_price: "40.00" }],
    });
    expect((await deliver(shop, "products/create", product)).status).toBe("done");
    await deliver(shop, "orders/create", stringifyWithBigInts(order({ customer: null })));
    const { rows } = await pool().query(
      `SELECT is_markdown, compare_at_price_minor::text FROM line_items WHERE shop_id = $1`,
      [shop.id],
    );
    expect(rows).toEqual([{ is_markdown: true, compare_at_price_minor: "4000" }]);
    expect(
      (await pool().query(`SELECT has_markdown FROM orders WHERE shop_id = $1`, [shop.id])).rows[0].has_markdown,
    ).toBe(true);
    await deliver(shop, "products/delete", stringifyWithBigInts({ id: 9007199254770001n }));
    expect(
      (await pool().query(`SELECT deleted_at FROM products WHERE shop_id = $1`, [shop.id])).rows[0].deleted_at,
    ).not.toBeNull();
  });
});

describe("a shop's order webhooks applied together", () => {
  // Delivered while no inbox worker runs, they are all pending when a new one starts, and its first round claims them
  // all in one batch (rows finished by one statement share their processed_at). A paused worker is not enough: a
  // fetch already waiting in Redis still hands it the first delivery, and on a loaded machine the rest then arrive
  // after its gathering window, in a second batch.
  async function deliverAll(shop: Shop, items: Array<{ topic: string; body: string }>) {
    const ids = items.map(() => randomUUID());
    await workers.close();
    try {
      await deliverEach(shop, items, ids);
    } finally {
      workers = startWorkers({ queues: ["inbox"] });
    }
    return waitForBatch(ids);
  }
  async function deliverEach(shop: Shop, items: Array<{ topic: string; body: string }>, ids: string[]) {
    for (const [i, item] of items.entries()) {
      const res = await action({
        request: shopifyWebhookRequest({ topic: item.topic, shop: shop.domain, body: item.body, webhookId: ids[i] }),
        params: {},
        context: {},
      });
      expect(res.status).toBe(200);
    }
  }
  async function waitForBatch(ids: string[]) {
    for (let i = 0; i < 600; i++) {
      const { rows } = await pool().query<{
        external_id: string;
        status: string;
        last_error: string | null;
        processed_at: Date;
      }>(`SELECT external_id, status, last_error, processed_at FROM inbox_events WHERE external_id = ANY($1::text[])`, [
        ids,
      ]);
      if (rows.length === ids.length && rows.every((r) => ["done", "failed"].includes(r.status))) {
        return ids.map((id) => rows.find((r) => r.external_id === id)!);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("batch not processed");
  }
  const nth = (i: number, overrides: Record<string, unknown> = {}) =>
    order({
      id: 9007199254750101n + BigInt(i),
      name: `#20${i}`,
      admin_graphql_api_id: `gid://shopify/Order/${9007199254750101n + BigInt(i)}`,
      line_items: [
        {
          id: 9007199254760101n + BigInt(i),
          product_id: 9007199254770001n,
          variant_id: 9007199254780001n,
          title: "Mug",
          quantity: 1,
          price: "60.00",
        },
      ],
      ...overrides,
    });

  it("in one batch: the newest version of an order wins whatever the arrival order, an unreadable payload is rejected alone", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    const rows = await deliverAll(shop, [
      // the cancellation (newer) arrives before the creation (older)
      {
        topic: "orders/cancelled",
        body: stringifyWithBigInts(
          nth(0, { updated_at: "2026-11-02T10:00:00Z", cancelled_at: "2026-11-02T10:00:00Z" }),
        ),
      },
      { topic: "orders/create", body: stringifyWithBigInts(nth(0)) },
      { topic: "orders/create", body: stringifyWithBigInts(nth(1)) },
      { topic: "orders/create", body: JSON.stringify({ hello: "world" }) },
      { topic: "orders/create", body: stringifyWithBigInts(nth(2)) },
      {
        topic: "orders/updated",
        body: stringifyWithBigInts(
          nth(2, { updated_at: "2026-11-01T16:00:00Z", total_price: "90.00", total_price_set: undefined }),
        ),
      },
    ]);
    expect(rows.map((r) => r.status)).toEqual(["done", "done", "done", "failed", "done", "done"]);
    expect(rows[3]!.last_error).toMatch(/rejected: order has no id/);
    // the five applied rows were finished by one statement: one batch
    const applied = rows.filter((r) => r.status === "done");
    expect(new Set(applied.map((r) => r.processed_at.getTime())).size).toBe(1);
    const orders = await pool().query(
      `SELECT id::text, cancelled_at IS NOT NULL AS cancelled, total_minor::text FROM orders WHERE shop_id = $1 ORDER BY id`,
      [shop.id],
    );
    expect(orders.rows).toEqual([
      { id: "9007199254750101", cancelled: true, total_minor: "6000" },
      { id: "9007199254750102", cancelled: false, total_minor: "6000" },
      { id: "9007199254750103", cancelled: false, total_minor: "9000" },
    ]);
    expect(await customerStats(shop)).toEqual({
      orders_count: 2,
      net_spent_minor: "15000",
      discounted_orders_count: 2,
      aov_minor: "7500",
    });
  });

  it("when the batch cannot be written, each order is applied on its own: one bad order holds up none of the others", async () => {
    const shop = await createTestShop();
    await seedCustomer(shop);
    // A quantity beyond PostgreSQL's integer range fails the whole set-based write.
    const huge = nth(1, {
      line_items: [
        {
          id: 9007199254760199n,
          product_id: 9007199254770001n,
          variant_id: 9007199254780001n,
          title: "Mug",
          quantity: 3_000_000_000,
          price: "60.00",
        },
      ],
    });
    const rows = await deliverAll(shop, [
      { topic: "orders/create", body: stringifyWithBigInts(nth(0)) },
      { topic: "orders/create", body: stringifyWithBigInts(huge) },
      { topic: "orders/create", body: stringifyWithBigInts(nth(2)) },
    ]);
    expect(rows.map((r) => r.status)).toEqual(["done", "failed", "done"]);
    expect(rows[1]!.last_error).toMatch(/out of range/);
    const orders = await pool().query(`SELECT id::text FROM orders WHERE shop_id = $1 ORDER BY id`, [shop.id]);
    expect(orders.rows.map((r) => r.id)).toEqual(["9007199254750101", "9007199254750103"]);
    expect((await customerStats(shop)).orders_count).toBe(2);
  });
});
