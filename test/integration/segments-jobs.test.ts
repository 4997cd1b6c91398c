// The segment jobs on real Redis and PostgreSQL: an order webhook moves a customer into a segment through the inbox
// and segment workers; a parameter change refreshes that segment and what is built on it; the reconciler rebuilds
// the daily refreshes and lost refresh requests from the database; the daily job refreshes, purges and rebooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { action as webhook } from "../../app/routes/webhooks";
import { pool } from "../../app/db.server";
import { stringifyWithBigInts } from "../../app/lib/json";
import { writeStore } from "../../app/ingest/store-writer.server";
import { deleteSegment, saveSegment } from "../../app/segments/manage.server";
import { computeMemberIds, refreshSegment } from "../../app/segments/refresh.server";
import { nextLocalMidnight, reconcileSegmentJobs } from "../../app/segments/schedule.server";
import { dailyJob } from "../../jobs/processors/segments";
import { queue } from "../../jobs/queues";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";
import { shopifyWebhookRequest } from "../setup/webhooks";

let workers: RunningWorkers;
beforeAll(() => {
  workers = startWorkers({ queues: ["inbox", "segments"] });
});
afterAll(async () => {
  await workers.close();
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function members(segmentId: number) {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY 1`,
    [segmentId],
  );
  return rows.map((r) => r.id);
}

async function segment(id: number) {
  const { rows } = await pool().query<{
    member_count: number;
    refresh_requested_at: Date | null;
    last_refreshed_at: Date | null;
  }>(`SELECT member_count, refresh_requested_at, last_refreshed_at FROM segments WHERE id = $1`, [id]);
  return rows[0]!;
}

const CUSTOMER = 9007199254790001n;
const PRODUCT = 9007199254790101n;

async function deliver(shop: Shop, topic: string, body: unknown) {
  const res = await webhook({
    request: shopifyWebhookRequest({ topic, shop: shop.domain, body: stringifyWithBigInts(body) }),
    params: {},
    context: {},
  });
  expect(res.status).toBe(200);
}

describe("segment jobs", () => {
  it("an order webhook puts its customer into a product segment: webhook → inbox worker → segment worker", async () => {
    const shop = await createTestShop({ prefix: "segjobs" });
    const saved = await saveSegment({
      shopId: shop.id,
      name: "Tea buyers",
      kind: "product_specific",
      form: {
        products: [{ type: "product", value: PRODUCT.toString(), label: "Tea" }],
        minTimes: "1",
        countBy: "orders",
        withinDays: "",
      },
    });
    expect(saved.ok).toBe(true);
    const id = (saved as { ids: number[] }).ids[0]!;
    // Its first refresh (queued by the save) finds nobody.
    await waitFor("first refresh", async () => (await segment(id)).refresh_requested_at === null);
    expect(await members(id)).toEqual([]);

    await deliver(shop, "customers/create", {
      id: CUSTOMER,
      email: "ana@example.com",
      first_name: "Ana",
      updated_at: "2026-10-01T00:00:00Z",
      created_at: "2026-10-01T00:00:00Z",
    });
    await deliver(shop, "orders/create", {
      id: 9007199254790201n,
      name: "#1",
      email: "ana@example.com",
      created_at: "2026-11-01T10:00:00Z",
      updated_at: "2026-11-01T10:00:00Z",
      processed_at: "2026-11-01T10:00:00Z",
      cancelled_at: null,
      test: false,
      currency: "USD",
      total_price: "12.00",
      subtotal_price: "12.00",
      total_discounts: "0.00",
      discount_codes: [],
      discount_applications: [],
      line_items: [
        {
          id: 9007199254790301n,
          product_id: PRODUCT,
          variant_id: 9007199254790401n,
          title: "Tea",
          quantity: 1,
          price: "12.00",
          discount_allocations: [],
        },
      ],
      customer: { id: CUSTOMER, email: "ana@example.com" },
    });
    await waitFor("the customer to enter", async () => (await members(id)).length === 1);
    expect(await members(id)).toEqual([CUSTOMER.toString()]);
    expect((await segment(id)).member_count).toBe(1);
    const events = await pool().query(`SELECT change FROM segment_membership_events WHERE segment_id = $1`, [id]);
    expect(events.rows).toEqual([{ change: "entered" }]);

    // Cancelled: they leave again.
    await deliver(shop, "orders/cancelled", {
      id: 9007199254790201n,
      name: "#1",
      email: "ana@example.com",
      created_at: "2026-11-01T10:00:00Z",
      updated_at: "2026-11-02T10:00:00Z",
      processed_at: "2026-11-01T10:00:00Z",
      cancelled_at: "2026-11-02T10:00:00Z",
      cancel_reason: "customer",
      test: false,
      currency: "USD",
      total_price: "12.00",
      subtotal_price: "12.00",
      total_discounts: "0.00",
      discount_codes: [],
      discount_applications: [],
      line_items: [
        {
          id: 9007199254790301n,
          product_id: PRODUCT,
          variant_id: 9007199254790401n,
          title: "Tea",
          quantity: 1,
          price: "12.00",
          discount_allocations: [],
        },
      ],
      customer: { id: CUSTOMER, email: "ana@example.com" },
    });
    await waitFor("the customer to leave", async () => (await members(id)).length === 0);
    expect((await segment(id)).member_count).toBe(0);
  });

  it("a parameter change refreshes that segment, then the combination built on it", async () => {
    const now = new Date();
    const shop = await createTestShop({ prefix: "segjobs" });
    await writeStore({ shopId: shop.id, records: generateStore({ orders: 800, seed: 9, now }) });
    const sale = await saveSegment({
      shopId: shop.id,
      name: "Deals",
      kind: "sale_shopper",
      form: { minSharePercent: "30", minOrders: "2", discountCodes: true, automaticDiscounts: true, markdowns: true },
    });
    const us = await saveSegment({
      shopId: shop.id,
      name: "US",
      kind: "location",
      form: { places: [{ type: "country", value: "US", label: "US" }] },
    });
    const saleId = (sale as { ids: number[] }).ids[0]!;
    const usId = (us as { ids: number[] }).ids[0]!;
    await waitFor(
      "inputs",
      async () =>
        (await segment(saleId)).refresh_requested_at === null && (await segment(usId)).refresh_requested_at === null,
    );
    const combo = await saveSegment({
      shopId: shop.id,
      name: "US deals",
      kind: "combination",
      form: { op: "and", segmentIds: [String(saleId), String(usId)], exclude: [] },
    });
    const comboId = (combo as { ids: number[] }).ids[0]!;
    await waitFor("combination", async () => (await segment(comboId)).refresh_requested_at === null);
    const before = await members(comboId);
    expect(before.length).toBeGreaterThan(0);

    const edited = await saveSegment({
      shopId: shop.id,
      segmentId: saleId,
      name: "Deals",
      form: { minSharePercent: "60", minOrders: "3", discountCodes: true, automaticDiscounts: true, markdowns: true },
    });
    expect(edited).toEqual({ ok: true, ids: [saleId] });
    expect((await segment(saleId)).refresh_requested_at).not.toBeNull();
    await waitFor("the edit's refresh", async () => (await segment(saleId)).refresh_requested_at === null);
    expect(await members(saleId)).toEqual(await computeMemberIds({ shopId: shop.id, segmentId: saleId }));
    // The combination followed its input.
    await waitFor("the combination to follow", async () => {
      const expected = await computeMemberIds({ shopId: shop.id, segmentId: comboId });
      return JSON.stringify(await members(comboId)) === JSON.stringify(expected) && expected.length < before.length;
    });
    // A rename alone queues nothing.
    await saveSegment({
      shopId: shop.id,
      segmentId: saleId,
      name: "Deal lovers",
      form: { minSharePercent: "60", minOrders: "3", discountCodes: true, automaticDiscounts: true, markdowns: true },
    });
    expect((await segment(saleId)).refresh_requested_at).toBeNull();
  });

  it("the reconciler books every installed shop's daily refresh and queues refresh requests Redis lost", async () => {
    const now = new Date("2026-06-15T20:00:00Z");
    const installed = await createTestShop({ prefix: "segjobs", ianaTimezone: "Asia/Kolkata" });
    const gone = await createTestShop({ prefix: "segjobs" });
    await pool().query(`UPDATE shops SET uninstalled_at = now() WHERE id = $1`, [gone.id]);
    // A segment whose refresh was requested while Redis was down: stored, never queued.
    const { rows } = await pool().query<{ id: number }>(
      `INSERT INTO segments (shop_id, name, kind, params, refresh_requested_at, updated_at)
       VALUES ($1, 'Americans', 'location', '{"countryCodes":["US"]}', now() - interval '10 minutes', now()) RETURNING id`,
      [installed.id],
    );
    const lost = rows[0]!.id;
    await writeStore({ shopId: installed.id, records: generateStore({ orders: 300, seed: 4 }) });

    const result = await reconcileSegmentJobs(now);
    expect(result.refreshesQueued).toBeGreaterThanOrEqual(1);
    const daily = await queue("segments").getJob(
      `daily-${installed.id}-${nextLocalMidnight(now, "Asia/Kolkata").localDate}`,
    );
    expect(daily?.name).toBe("segments.daily");
    expect(daily?.data).toEqual({ shopId: installed.id });
    expect(
      await queue("segments").getJob(`daily-${gone.id}-${nextLocalMidnight(now, "America/New_York").localDate}`),
    ).toBeUndefined();
    // Reconciling again adds nothing for this shop: same job ids. (Count only this test's shops: other test files
    // create installed shops in the same database at the same time, and the reconciler books those too.)
    const ours = async () =>
      (await queue("segments").getDelayed()).filter((j) => [installed.id, gone.id].includes(j.data.shopId)).length;
    const delayed = await ours();
    expect(delayed).toBe(1);
    await reconcileSegmentJobs(now);
    expect(await ours()).toBe(delayed);

    await waitFor("the lost refresh to run", async () => (await segment(lost)).refresh_requested_at === null);
    const us = await pool().query<{ id: string }>(
      `SELECT id::text FROM customers WHERE shop_id = $1 AND country_code = 'US' AND deleted_at IS NULL ORDER BY 1`,
      [installed.id],
    );
    expect(await members(lost)).toEqual(us.rows.map((r) => r.id));
    // The delayed daily jobs stay for their midnight; remove this test's so they do not linger in Redis.
    await queue("segments").obliterate({ force: true });
  });

  it("the daily job refreshes every segment, drops the members of deleted ones and books the next midnight", async () => {
    const shop = await createTestShop({ prefix: "segjobs", ianaTimezone: "Europe/Paris" });
    await writeStore({ shopId: shop.id, records: generateStore({ orders: 300, seed: 6 }) });
    const insert = async (name: string, params: unknown) =>
      (
        await pool().query<{ id: number }>(
          `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, 'former_vip', $3, now()) RETURNING id`,
          [shop.id, name, JSON.stringify(params)],
        )
      ).rows[0]!.id;
    const keep = await insert("Lapsed", { lapsedDays: 30, topPercent: 20 });
    const drop = await insert("Old", { lapsedDays: 60, topPercent: 50 });
    await refreshSegment({ shopId: shop.id, segmentId: drop });
    expect((await members(drop)).length).toBeGreaterThan(0);
    expect(await deleteSegment({ shopId: shop.id, segmentId: drop })).toEqual({ ok: true });

    const result = (await dailyJob({ shopId: shop.id })) as { segments: number; next: string };
    expect(result.segments).toBe(1);
    expect(await members(keep)).toEqual(await computeMemberIds({ shopId: shop.id, segmentId: keep }));
    expect((await members(keep)).length).toBeGreaterThan(0);
    expect(await members(drop)).toEqual([]);
    expect(result.next).toBe(`daily-${shop.id}-${nextLocalMidnight(new Date(), "Europe/Paris").localDate}`);
    expect(await queue("segments").getJob(result.next)).toBeDefined();
    await queue("segments").obliterate({ force: true });
  });

  it("a refresh that keeps failing shows its error instead of refreshing forever", async () => {
    const shop = await createTestShop({ prefix: "segjobs" });
    const { rows } = await pool().query<{ id: number }>(
      `INSERT INTO segments (shop_id, name, kind, params, refresh_requested_at, updated_at)
       VALUES ($1, 'Broken', 'sample', '{"segmentId": 999999999, "percent": 10}', now(), now()) RETURNING id`,
      [shop.id],
    );
    // A sample of a segment that does not exist is valid to parse and refreshes to nobody; make the statement fail
    // instead by pointing the shop's time zone at nothing the database knows.
    await pool().query(`UPDATE shops SET iana_timezone = 'Mars/Olympus_Mons' WHERE id = $1`, [shop.id]);
    const { refreshSegmentJob } = await import("../../jobs/processors/segments");
    await expect(refreshSegmentJob({ shopId: shop.id, segmentId: rows[0]!.id })).rejects.toThrow(/time zone/);
    const s = await pool().query(`SELECT refresh_error, refresh_requested_at FROM segments WHERE id = $1`, [
      rows[0]!.id,
    ]);
    expect(s.rows[0].refresh_requested_at).toBeNull();
    expect(s.rows[0].refresh_error).toMatch(/time zone/);
    // The reconciler skips the broken shop and still books the others.
    const other = await createTestShop({ prefix: "segjobs" });
    const reconciled = await reconcileSegmentJobs(new Date());
    expect(reconciled.failed).toBeGreaterThanOrEqual(1);
    expect(
      await queue("segments").getJob(
        `daily-${other.id}-${nextLocalMidnight(new Date(), "America/New_York").localDate}`,
      ),
    ).toBeDefined();
    await pool().query(`DELETE FROM shops WHERE id = $1`, [shop.id]);
    await queue("segments").obliterate({ force: true });
  });
});
