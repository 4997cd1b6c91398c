// Every kind's SQL membership equals a plain TypeScript computation over the same rows read back from the
// database (test/fixtures/segments-reference.ts), on the generated demo store.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { previewSegment, refreshSegment, suggestCrossSellPairs } from "../../app/segments/refresh.server";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";
import { createSegment, memberIds as members, readStore, Reference } from "../fixtures/segments-reference";

const NOW = new Date("2026-11-01T00:00:00Z");

// ---- the test -------------------------------------------------------------------------------------------------

describe("segment memberships equal a plain reference computation", () => {
  let shopId: number;
  let ref: Reference;
  let totalCustomers: number;
  const pick: Record<string, string> = {};

  beforeAll(async () => {
    const shop = await createTestShop({ prefix: "segref" });
    shopId = shop.id;
    await writeStore({ shopId, records: generateStore({ orders: 3000, seed: 7, now: NOW }) });
    // A few deleted customers (GDPR redaction): never members, whatever they bought.
    await pool().query(
      `UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id IN (
      SELECT customer_id FROM orders WHERE shop_id = $1 AND customer_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 5)`,
      [shopId],
    );
    const db = pool();
    const top = (
      await db.query(
        `SELECT li.product_id::text AS id, p.product_type, p.vendor FROM line_items li
        JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id WHERE li.shop_id = $1
        GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1 LIMIT 3`,
        [shopId],
      )
    ).rows;
    pick.productA = top[0]!.id;
    pick.productB = top[1]!.id;
    pick.typeA = top[0]!.product_type;
    pick.vendorC = top[2]!.vendor;
    pick.variant = (
      await db.query(`SELECT id::text FROM product_variants WHERE shop_id = $1 AND product_id = $2 LIMIT 1`, [
        shopId,
        top[1]!.id,
      ])
    ).rows[0]!.id;
    pick.collection = (
      await db.query(`SELECT c.id::text FROM collections c WHERE c.shop_id = $1 AND c.title = 'Sale'`, [shopId])
    ).rows[0]!.id;
    pick.city = (
      await db.query(
        `SELECT city FROM customers WHERE shop_id = $1 AND city IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
        [shopId],
      )
    ).rows[0]!.city;
    ref = new Reference(await readStore(shopId), NOW);
    totalCustomers = ref.live.size;
  }, 120_000);

  async function check(kind: string, params: unknown, expected: string[]) {
    const id = await createSegment(shopId, `${kind} ${JSON.stringify(params)}`, kind, params);
    const result = await refreshSegment({ shopId, segmentId: id, now: NOW });
    const got = await members(id);
    expect(got).toEqual([...new Set(expected)].sort());
    expect(result.count).toBe(got.length);
    expect(got.length, `${kind} should have members`).toBeGreaterThan(0);
    expect(got.length, `${kind} should not be everyone`).toBeLessThan(totalCustomers);
    return { id, got };
  }

  it("cross_sell", async () => {
    await check(
      "cross_sell",
      { a: { productIds: [pick.productA] }, b: { productIds: [pick.productB] }, withinDays: 365 },
      ref.crossSell({ productIds: [pick.productA!] }, { productIds: [pick.productB!] }, 365),
    );
    await check(
      "cross_sell",
      {
        a: { collectionIds: [pick.collection], tags: ["SALE"] },
        b: { productTypes: [pick.typeA], variantIds: [pick.variant] },
      },
      ref.crossSell(
        { collectionIds: [pick.collection!], tags: ["SALE"] },
        { productTypes: [pick.typeA!], variantIds: [pick.variant!] },
        null,
      ),
    );
  });

  it("product_specific", async () => {
    await check(
      "product_specific",
      { products: { productTypes: [pick.typeA!.toUpperCase()] }, minTimes: 2 },
      ref.productSpecific({ productTypes: [pick.typeA!] }, 2, "orders", null),
    );
    await check(
      "product_specific",
      {
        products: { variantIds: [pick.variant], vendors: [pick.vendorC] },
        minTimes: 3,
        countBy: "units",
        withinDays: 400,
      },
      ref.productSpecific({ variantIds: [pick.variant!], vendors: [pick.vendorC!] }, 3, "units", 400),
    );
  });

  it("sale_shopper (all signals, aggregate-exact signals, and a partial mix)", async () => {
    await check(
      "sale_shopper",
      {},
      ref.saleShopper({ minShare: 0.5, minOrders: 2, code: true, auto: true, markdown: true }),
    );
    await check(
      "sale_shopper",
      { markdowns: false, minShare: 0.34, minOrders: 3 },
      ref.saleShopper({ minShare: 0.34, minOrders: 3, code: true, auto: true, markdown: false }),
    );
    await check(
      "sale_shopper",
      { automaticDiscounts: false, minShare: "0.3" },
      ref.saleShopper({ minShare: 0.3, minOrders: 2, code: true, auto: false, markdown: true }),
    );
  });

  it("former_vip", async () => {
    await check("former_vip", {}, ref.formerVip({ topPercent: 10, qualifyingDays: 365, lapsedDays: 120 }));
    await check(
      "former_vip",
      { qualifyingDays: null, topPercent: 20, lapsedDays: 150 },
      ref.formerVip({ topPercent: 20, qualifyingDays: null, lapsedDays: 150 }),
    );
    await check(
      "former_vip",
      { rankBy: "amount", minSpendMinor: "50000", lapsedDays: 180, qualifyingDays: 500 },
      ref.formerVip({ minSpend: 50000n, qualifyingDays: 500, lapsedDays: 180 }),
    );
  });

  it("aov_tier (terciles, custom cuts, fixed)", async () => {
    const thirds: [number, number] = [100 / 3, 200 / 3];
    for (const band of ["low", "mid", "high"] as const) {
      await check("aov_tier", { band }, ref.aovTier({ band, cuts: thirds, minOrders: 1 }));
    }
    await check(
      "aov_tier",
      { band: "high", cutPercentiles: [50, 90], minOrders: 2 },
      ref.aovTier({ band: "high", cuts: [50, 90], minOrders: 2 }),
    );
    await check(
      "aov_tier",
      { mode: "fixed", minMinor: 5000, maxMinor: "10000" },
      ref.aovTier({ min: 5000n, max: 10000n, minOrders: 1 }),
    );
  });

  it("rfm", async () => {
    await check("rfm", { cells: ["champions", "loyal"] }, ref.rfm(["champions", "loyal"]));
    await check(
      "rfm",
      { cells: ["at_risk", "cannot_lose", "hibernating", "lost"] },
      ref.rfm(["at_risk", "cannot_lose", "hibernating", "lost"]),
    );
  });

  it("location, sample and combination", async () => {
    const us = await check("location", { countryCodes: ["us", "CA"] }, ref.location({ countries: ["US", "CA"] }));
    await check(
      "location",
      { provinceCodes: ["US-CA", "ON", "us-tx"] },
      ref.location({ provinces: ["US-CA", "ON", "US-TX"] }),
    );
    await check("location", { cities: [` ${pick.city!.toUpperCase()} `] }, ref.location({ cities: [pick.city!] }));
    const sample = await check(
      "sample",
      { segmentId: us.id, percent: 25, seed: "spring" },
      ref.sample(us.got, 25, "spring"),
    );
    // Raising the percent only adds customers.
    const bigger = await check(
      "sample",
      { segmentId: us.id, percent: 60, seed: "spring" },
      ref.sample(us.got, 60, "spring"),
    );
    expect(sample.got.every((id) => bigger.got.includes(id))).toBe(true);

    const sale = await check(
      "sale_shopper",
      {},
      ref.saleShopper({ minShare: 0.5, minOrders: 2, code: true, auto: true, markdown: true }),
    );
    const vip = await check("former_vip", {}, ref.formerVip({ topPercent: 10, qualifyingDays: 365, lapsedDays: 120 }));
    const inUs = new Set(us.got);
    await check(
      "combination",
      { op: "and", segmentIds: [sale.id, us.id] },
      sale.got.filter((id) => inUs.has(id)),
    );
    await check(
      "combination",
      { op: "or", segmentIds: [sale.id, vip.id], exclude: [us.id] },
      [...sale.got, ...vip.got].filter((id) => !inUs.has(id)),
    );
  });

  it("preview counts what a refresh materializes and explains why", async () => {
    const params = { a: { productIds: [pick.productA] }, b: { productIds: [pick.productB] } };
    const preview = await previewSegment({ shopId, kind: "cross_sell", params, now: NOW, sampleSize: 5 });
    expect(preview.count).toBe(
      new Set(ref.crossSell({ productIds: [pick.productA!] }, { productIds: [pick.productB!] }, null)).size,
    );
    expect(preview.sample).toHaveLength(5);
    for (const m of preview.sample)
      expect(m.why).toMatch(/^bought .+ in \d+ orders?, last \d+ days ago; never bought .+/);
    const vip = await previewSegment({ shopId, kind: "former_vip", params: {}, now: NOW, sampleSize: 3 });
    expect(vip.count).toBe(ref.formerVip({ topPercent: 10, qualifyingDays: 365, lapsedDays: 120 }).length);
    for (const m of vip.sample)
      expect(m.why).toMatch(
        /^spent \$[\d,]+\.\d\d in the 365 days before the lapse \(top 10% from \$[\d,.]+\), last order \d+ days ago$/,
      );
    const sale = await previewSegment({ shopId, kind: "sale_shopper", params: {}, now: NOW, sampleSize: 3 });
    for (const m of sale.sample) expect(m.why).toMatch(/^\d+ orders, \d+ with a deal, last \d+ days ago$/);
    await expect(
      previewSegment({ shopId, kind: "sale_shopper", params: { minShare: 2 }, now: NOW }),
    ).rejects.toMatchObject({
      fieldErrors: { minShare: "The share cannot be above 1 (100%)" },
    });
  });

  it("suggests cross-sell pairs with support, confidence and lift as counted from baskets", async () => {
    const pairs = await suggestCrossSellPairs({ shopId, limit: 5, minCustomers: 10, minSupport: 0 });
    expect(pairs.length).toBeGreaterThan(0);
    const buyers = (productId: string) =>
      new Set([...ref.live].filter((c) => ref.bought(c, { productIds: [productId] }).orders > 0));
    const everyone = new Set(
      [...ref.live].filter((c) =>
        (ref.ordersOf.get(c) ?? []).some((o) =>
          (ref.linesOf.get(o.id) ?? []).some((l) => l.qty > 0 && l.productId !== null),
        ),
      ),
    );
    for (const pair of pairs) {
      const a = buyers(pair.a.id);
      const b = buyers(pair.b.id);
      const both = [...a].filter((c) => b.has(c)).length;
      expect(pair.customersWithBoth).toBe(both);
      expect(both).toBeGreaterThanOrEqual(10);
      // Nobody to send to is no suggestion: the audience (bought A, never B) reaches the same floor.
      expect(pair.audience).toBe(a.size - both);
      expect(pair.audience).toBeGreaterThanOrEqual(10);
      expect(pair.confidence).toBeCloseTo(both / a.size, 10);
      expect(pair.lift).toBeCloseTo(both / a.size / (b.size / everyone.size), 10);
      expect(pair.lift).toBeGreaterThan(1);
      expect(pair.a.name).not.toBe(pair.a.id);
    }
    const scores = pairs.map((p) => p.lift * p.support);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const preview = await previewSegment({
      shopId,
      kind: "cross_sell",
      params: pairs[0]!.params,
      now: NOW,
      sampleSize: 0,
    });
    expect(preview.count).toBe(pairs[0]!.audience);
    const types = await suggestCrossSellPairs({ shopId, level: "product_type", limit: 3 });
    const collections = await suggestCrossSellPairs({ shopId, level: "collection", limit: 3 });
    expect(types.length + collections.length).toBeGreaterThan(0);
  });
});
