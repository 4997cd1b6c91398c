// Every kind's SQL membership equals the plain TypeScript reference (test/fixtures/segments-reference.ts) on real
// purchase data: the UCI Online Retail 2010–2011 file (541,909 rows, a UK gift retailer), turned into a
// Shopify-shaped store by scripts/online-retail (docs/online-retail-mapping.md) and written like a backfill.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { previewSegment, refreshSegment, suggestCrossSellPairs } from "../../app/segments/refresh.server";
import { readOnlineRetail } from "../../scripts/online-retail/read";
import { SHOP_CURRENCY, SHOP_TIME_ZONE } from "../../scripts/online-retail/mapping";
import { createSegment, memberIds, readStore, Reference } from "../fixtures/segments-reference";
import { createTestShop } from "../setup/shops";

// The day after the file's last invoice (2011-12-09).
const NOW = new Date("2011-12-10T00:00:00Z");

describe("segment memberships on the Online Retail data equal the reference computation", () => {
  let shopId: number;
  let ref: Reference;
  const pick: Record<string, string> = {};

  beforeAll(async () => {
    shopId = (await createTestShop({ prefix: "segretail", currency: SHOP_CURRENCY, ianaTimezone: SHOP_TIME_ZONE })).id;
    await writeStore({ shopId, records: readOnlineRetail() });
    const db = pool();
    const top = (
      await db.query<{ id: string; product_type: string }>(
        `SELECT li.product_id::text AS id, p.product_type FROM line_items li JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id
       WHERE li.shop_id = $1 GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 3`,
        [shopId],
      )
    ).rows;
    pick.productA = top[0]!.id;
    pick.productB = top[1]!.id;
    pick.variantC = (
      await db.query(`SELECT id::text FROM product_variants WHERE shop_id = $1 AND product_id = $2`, [
        shopId,
        top[2]!.id,
      ])
    ).rows[0]!.id;
    pick.christmas = (
      await db.query(`SELECT id::text FROM collections WHERE shop_id = $1 AND title = 'Christmas'`, [shopId])
    ).rows[0]!.id;
    ref = new Reference(await readStore(shopId), NOW);
  }, 600_000);

  async function check(kind: string, params: unknown, expected: string[], opts: { mayBeEmpty?: boolean } = {}) {
    const id = await createSegment(shopId, `${kind} ${JSON.stringify(params)}`, kind, params);
    const result = await refreshSegment({ shopId, segmentId: id, now: NOW });
    const got = await memberIds(id);
    expect(got).toEqual([...new Set(expected)].sort());
    expect(result.count).toBe(got.length);
    if (!opts.mayBeEmpty) expect(got.length, `${kind} should have members`).toBeGreaterThan(0);
    expect(got.length, `${kind} should not be everyone`).toBeLessThan(ref.live.size);
    return { id, got };
  }

  it("the store is the whole file", () => {
    expect(ref.live.size).toBe(4372);
    expect(ref.counted.length).toBeGreaterThan(18_000);
    expect(ref.s.lines.length).toBeGreaterThan(500_000);
  });

  it("cross_sell", async () => {
    await check(
      "cross_sell",
      { a: { productIds: [pick.productA] }, b: { productIds: [pick.productB] }, withinDays: 180 },
      ref.crossSell({ productIds: [pick.productA!] }, { productIds: [pick.productB!] }, 180),
    );
    await check(
      "cross_sell",
      {
        a: { collectionIds: [pick.christmas], tags: ["retrospot"] },
        b: { productTypes: ["candles & lighting"], variantIds: [pick.variantC] },
      },
      ref.crossSell(
        { collectionIds: [pick.christmas!], tags: ["retrospot"] },
        { productTypes: ["candles & lighting"], variantIds: [pick.variantC!] },
        null,
      ),
    );
  });

  it("product_specific", async () => {
    await check(
      "product_specific",
      { products: { productTypes: ["Christmas"] }, minTimes: 5 },
      ref.productSpecific({ productTypes: ["Christmas"] }, 5, "orders", null),
    );
    await check(
      "product_specific",
      {
        products: { vendors: ["Dotcomgiftshop"], productIds: [pick.productA] },
        minTimes: 24,
        countBy: "units",
        withinDays: 120,
      },
      ref.productSpecific({ vendors: ["Dotcomgiftshop"], productIds: [pick.productA!] }, 24, "units", 120),
    );
    await check(
      "product_specific",
      { products: { tags: ["regency", "retrospot"] }, minTimes: 3, withinDays: 200 },
      ref.productSpecific({ tags: ["regency", "retrospot"] }, 3, "orders", 200),
    );
  });

  it("sale_shopper: the file has no discounted orders, so nobody qualifies, as in the reference", async () => {
    expect(ref.counted.some((o) => o.code || o.auto || o.markdown)).toBe(false);
    await check(
      "sale_shopper",
      { minShare: 0.01, minOrders: 1 },
      ref.saleShopper({ minShare: 0.01, minOrders: 1, code: true, auto: true, markdown: true }),
      { mayBeEmpty: true },
    );
  });

  it("former_vip", async () => {
    await check(
      "former_vip",
      { topPercent: 10, qualifyingDays: 180, lapsedDays: 90 },
      ref.formerVip({ topPercent: 10, qualifyingDays: 180, lapsedDays: 90 }),
    );
    await check(
      "former_vip",
      { rankBy: "amount", minSpendMinor: "200000", qualifyingDays: null, lapsedDays: 60 },
      ref.formerVip({ minSpend: 200000n, qualifyingDays: null, lapsedDays: 60 }),
    );
  });

  it("aov_tier", async () => {
    for (const band of ["low", "mid", "high"] as const) {
      await check("aov_tier", { band, minOrders: 2 }, ref.aovTier({ band, cuts: [100 / 3, 200 / 3], minOrders: 2 }));
    }
    await check(
      "aov_tier",
      { mode: "fixed", minMinor: "30000", maxMinor: "60000" },
      ref.aovTier({ min: 30000n, max: 60000n, minOrders: 1 }),
    );
  });

  it("rfm, location, sample and combination", async () => {
    const champions = await check("rfm", { cells: ["champions", "loyal"] }, ref.rfm(["champions", "loyal"]));
    await check(
      "rfm",
      { cells: ["at_risk", "cannot_lose", "hibernating"] },
      ref.rfm(["at_risk", "cannot_lose", "hibernating"]),
    );
    const uk = await check("location", { countryCodes: ["GB"] }, ref.location({ countries: ["GB"] }));
    await check("location", { countryCodes: ["fr", "DE"] }, ref.location({ countries: ["FR", "DE"] }));
    await check("sample", { segmentId: uk.id, percent: 20, seed: "retail" }, ref.sample(uk.got, 20, "retail"));
    const inUk = new Set(uk.got);
    await check(
      "combination",
      { op: "and", segmentIds: [champions.id, uk.id] },
      champions.got.filter((id) => inUk.has(id)),
    );
    await check(
      "combination",
      { op: "or", segmentIds: [champions.id], exclude: [uk.id] },
      champions.got.filter((id) => !inUk.has(id)),
    );
  });

  it("suggested pairs count the same baskets; the preview of a pair is its audience", async () => {
    const pairs = await suggestCrossSellPairs({ shopId, limit: 5 });
    expect(pairs.length).toBeGreaterThan(0);
    const buyers = (productId: string) =>
      new Set([...ref.live].filter((c) => ref.bought(c, { productIds: [productId] }).orders > 0));
    for (const pair of pairs) {
      const a = buyers(pair.a.id);
      const b = buyers(pair.b.id);
      expect(pair.customersWithBoth).toBe([...a].filter((c) => b.has(c)).length);
      expect(pair.customersWithA).toBe(a.size);
      expect(pair.lift).toBeGreaterThan(1);
    }
    const preview = await previewSegment({
      shopId,
      kind: "cross_sell",
      params: pairs[0]!.params,
      now: NOW,
      sampleSize: 3,
    });
    expect(preview.count).toBe(pairs[0]!.audience);
    for (const m of preview.sample)
      expect(m.why).toMatch(/^bought .+ in \d+ orders?, last \d+ days ago; never bought .+/);
  });
});
