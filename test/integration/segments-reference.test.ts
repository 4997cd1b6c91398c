// Every kind's SQL membership equals a plain TypeScript computation over the same rows read back from the
// database. The reference below is written from the definitions' documented rules, not from the SQL builders.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { rfmCell } from "../../app/segments/definitions";
import { previewSegment, refreshSegment, suggestCrossSellPairs } from "../../app/segments/refresh.server";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";

const NOW = new Date("2026-11-01T00:00:00Z");
const DAY = 86_400_000;

interface Cust { id: string; deleted: boolean; country: string | null; province: string | null; city: string | null }
interface Ord {
  id: string; customerId: string | null; net: bigint; test: boolean; cancelled: boolean; at: number;
  code: boolean; auto: boolean; markdown: boolean;
}
interface Line { orderId: string; productId: string | null; variantId: string | null; qty: number }
interface Prod { id: string; vendor: string | null; type: string | null; tags: string[]; collections: string[] }

interface Store { customers: Cust[]; orders: Ord[]; lines: Line[]; products: Map<string, Prod> }

async function readStore(shopId: number): Promise<Store> {
  const db = pool();
  const customers = (await db.query(`SELECT id::text, deleted_at IS NOT NULL AS deleted, country_code, province_code, city FROM customers WHERE shop_id = $1`, [shopId]))
    .rows.map((r) => ({ id: r.id, deleted: r.deleted, country: r.country_code, province: r.province_code, city: r.city }));
  const orders = (await db.query(`SELECT id::text, customer_id::text, net_minor::text, test, cancelled_at IS NOT NULL AS cancelled,
      processed_at, shopify_created_at, has_discount_code, has_automatic_discount, has_markdown FROM orders WHERE shop_id = $1`, [shopId]))
    .rows.map((r) => ({
      id: r.id, customerId: r.customer_id, net: BigInt(r.net_minor), test: r.test, cancelled: r.cancelled,
      at: (r.processed_at ?? r.shopify_created_at).getTime(), code: r.has_discount_code, auto: r.has_automatic_discount, markdown: r.has_markdown,
    }));
  const lines = (await db.query(`SELECT order_id::text, product_id::text, variant_id::text, current_quantity FROM line_items WHERE shop_id = $1`, [shopId]))
    .rows.map((r) => ({ orderId: r.order_id, productId: r.product_id, variantId: r.variant_id, qty: r.current_quantity }));
  const products = new Map<string, Prod>();
  for (const r of (await db.query(`SELECT id::text, vendor, product_type, tags FROM products WHERE shop_id = $1`, [shopId])).rows) {
    products.set(r.id, { id: r.id, vendor: r.vendor, type: r.product_type, tags: r.tags, collections: [] });
  }
  for (const r of (await db.query(`SELECT product_id::text, collection_id::text FROM product_collections WHERE shop_id = $1`, [shopId])).rows) {
    products.get(r.product_id)?.collections.push(r.collection_id);
  }
  return { customers, orders, lines, products };
}

// ---- the reference ------------------------------------------------------------------------------------------

interface Selector { productIds?: string[]; variantIds?: string[]; collectionIds?: string[]; vendors?: string[]; productTypes?: string[]; tags?: string[] }

class Reference {
  live: Set<string>;
  counted: Ord[];
  ordersOf = new Map<string, Ord[]>();
  linesOf = new Map<string, Line[]>();
  constructor(readonly s: Store) {
    this.live = new Set(s.customers.filter((c) => !c.deleted).map((c) => c.id));
    this.counted = s.orders.filter((o) => !o.test && !o.cancelled && o.customerId !== null);
    for (const o of this.counted) (this.ordersOf.get(o.customerId!) ?? this.ordersOf.set(o.customerId!, []).get(o.customerId!)!).push(o);
    for (const l of s.lines) (this.linesOf.get(l.orderId) ?? this.linesOf.set(l.orderId, []).get(l.orderId)!).push(l);
  }

  lineMatches(sel: Selector, line: Line): boolean {
    if (line.variantId && sel.variantIds?.includes(line.variantId)) return true;
    if (!line.productId) return false;
    if (sel.productIds?.includes(line.productId)) return true;
    const p = this.s.products.get(line.productId);
    if (!p) return false;
    const lower = (xs?: string[]) => (xs ?? []).map((x) => x.toLowerCase());
    if (p.collections.some((c) => sel.collectionIds?.includes(c))) return true;
    if (p.vendor && lower(sel.vendors).includes(p.vendor.toLowerCase())) return true;
    if (p.type && lower(sel.productTypes).includes(p.type.toLowerCase())) return true;
    return p.tags.some((t) => lower(sel.tags).includes(t.toLowerCase()));
  }

  /** orders (and units) of a customer with a kept line matching the selector, since `since` */
  bought(customer: string, sel: Selector, since = -Infinity) {
    let orders = 0;
    let units = 0;
    for (const o of this.ordersOf.get(customer) ?? []) {
      if (o.at < since) continue;
      const matching = (this.linesOf.get(o.id) ?? []).filter((l) => l.qty > 0 && this.lineMatches(sel, l));
      if (matching.length) orders += 1;
      for (const l of matching) units += l.qty;
    }
    return { orders, units };
  }

  stats(customer: string) {
    const orders = this.ordersOf.get(customer) ?? [];
    const net = orders.reduce((s, o) => s + o.net, 0n);
    const last = orders.length ? Math.max(...orders.map((o) => o.at)) : null;
    return { count: orders.length, net, aov: orders.length ? net / BigInt(orders.length) : 0n, last };
  }

  crossSell(a: Selector, b: Selector, withinDays: number | null) {
    const since = withinDays === null ? -Infinity : NOW.getTime() - withinDays * DAY;
    return [...this.live].filter((c) => this.bought(c, a, since).orders > 0 && this.bought(c, b).orders === 0);
  }

  productSpecific(sel: Selector, minTimes: number, countBy: "orders" | "units", withinDays: number | null) {
    const since = withinDays === null ? -Infinity : NOW.getTime() - withinDays * DAY;
    return [...this.live].filter((c) => this.bought(c, sel, since)[countBy] >= minTimes);
  }

  saleShopper(p: { minShare: number; minOrders: number; code: boolean; auto: boolean; markdown: boolean }) {
    return [...this.live].filter((c) => {
      const orders = this.ordersOf.get(c) ?? [];
      if (orders.length < p.minOrders) return false;
      const deals = orders.filter((o) => (p.code && o.code) || (p.auto && o.auto) || (p.markdown && o.markdown)).length;
      return deals / orders.length >= p.minShare - 1e-12;
    });
  }

  formerVip(p: { topPercent?: number; minSpend?: bigint; qualifyingDays: number | null; lapsedDays: number }) {
    const lapseStart = NOW.getTime() - p.lapsedDays * DAY;
    const start = p.qualifyingDays === null ? -Infinity : lapseStart - p.qualifyingDays * DAY;
    const spend = new Map<string, bigint>();
    for (const o of this.counted) {
      if (o.at >= start && o.at < lapseStart) spend.set(o.customerId!, (spend.get(o.customerId!) ?? 0n) + o.net);
    }
    let threshold: bigint;
    if (p.minSpend !== undefined) threshold = p.minSpend;
    else {
      const ranked = [...spend.values()].filter((v) => v > 0n).sort((x, y) => (x > y ? -1 : x < y ? 1 : 0));
      const k = Math.max(1, Math.ceil((ranked.length * p.topPercent!) / 100));
      threshold = ranked[k - 1]!;
    }
    return [...this.live].filter((c) => {
      const { last } = this.stats(c);
      const s = spend.get(c) ?? 0n;
      return last !== null && last < lapseStart && s > 0n && s >= threshold;
    });
  }

  /** percentile_disc: the first value whose cumulative share reaches f */
  static disc<T>(sorted: T[], f: number): T {
    return sorted[Math.max(1, Math.ceil(f * sorted.length)) - 1]!;
  }

  aovTier(p: { band?: "low" | "mid" | "high"; cuts?: [number, number]; min?: bigint; max?: bigint; minOrders: number }) {
    const population = [...this.live].filter((c) => this.stats(c).count >= Math.max(1, p.minOrders));
    const aovs = population.map((c) => this.stats(c).aov).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return population.filter((c) => {
      const aov = this.stats(c).aov;
      if (p.band === undefined) return (p.min === undefined || aov >= p.min) && (p.max === undefined || aov < p.max);
      const c1 = Reference.disc(aovs, p.cuts![0] / 100);
      const c2 = Reference.disc(aovs, p.cuts![1] / 100);
      return p.band === "low" ? aov < c1 : p.band === "mid" ? aov >= c1 && aov < c2 : aov >= c2;
    });
  }

  rfm(cells: string[]) {
    const population = [...this.live].filter((c) => this.stats(c).count >= 1);
    const days = (c: string) => Math.floor((NOW.getTime() - this.stats(c).last!) / DAY);
    const asc = <T extends number | bigint>(xs: T[]) => xs.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const q = [0.2, 0.4, 0.6, 0.8];
    const rb = q.map((f) => Reference.disc(asc(population.map(days)), f));
    const fb = q.map((f) => Reference.disc(asc(population.map((c) => this.stats(c).count)), f));
    const mb = q.map((f) => Reference.disc(asc(population.map((c) => this.stats(c).net)), f));
    return population.filter((c) => {
      const st = this.stats(c);
      const r = 5 - rb.filter((b) => days(c) > b).length;
      const f = 1 + fb.filter((b) => st.count > b).length;
      const m = 1 + mb.filter((b) => st.net > b).length;
      return cells.includes(rfmCell(r, f, m));
    });
  }

  location(p: { countries?: string[]; provinces?: string[]; cities?: string[] }) {
    return this.s.customers.filter((c) => {
      if (c.deleted) return false;
      if (p.countries && !p.countries.includes(c.country ?? "")) return false;
      if (p.provinces && !p.provinces.some((code) => (code.includes("-")
        ? `${c.country}-${(c.province ?? "").toUpperCase()}` === code
        : (c.province ?? "").toUpperCase() === code))) return false;
      if (p.cities && !p.cities.some((city) => city.toLowerCase() === (c.city ?? "").trim().toLowerCase())) return false;
      return true;
    }).map((c) => c.id);
  }

  sample(base: string[], percent: number, seed: string) {
    return base.filter((id) => parseInt(createHash("md5").update(`${seed}:${id}`).digest("hex").slice(0, 8), 16) % 10000 < Math.round(percent * 100));
  }
}

// ---- the test -------------------------------------------------------------------------------------------------

async function createSegment(shopId: number, name: string, kind: string, params: unknown): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, $3::"SegmentKind", $4, now()) RETURNING id`,
    [shopId, name, kind, JSON.stringify(params)]);
  return rows[0]!.id;
}

async function members(segmentId: number): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(`SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1`, [segmentId]);
  return rows.map((r) => r.id).sort();
}

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
    await pool().query(`UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id IN (
      SELECT customer_id FROM orders WHERE shop_id = $1 AND customer_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 5)`, [shopId]);
    const db = pool();
    const top = (await db.query(`SELECT li.product_id::text AS id, p.product_type, p.vendor FROM line_items li
        JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id WHERE li.shop_id = $1
        GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1 LIMIT 3`, [shopId])).rows;
    pick.productA = top[0]!.id;
    pick.productB = top[1]!.id;
    pick.typeA = top[0]!.product_type;
    pick.vendorC = top[2]!.vendor;
    pick.variant = (await db.query(`SELECT id::text FROM product_variants WHERE shop_id = $1 AND product_id = $2 LIMIT 1`, [shopId, top[1]!.id])).rows[0]!.id;
    pick.collection = (await db.query(`SELECT c.id::text FROM collections c WHERE c.shop_id = $1 AND c.title = 'Sale'`, [shopId])).rows[0]!.id;
    pick.city = (await db.query(`SELECT city FROM customers WHERE shop_id = $1 AND city IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [shopId])).rows[0]!.city;
    ref = new Reference(await readStore(shopId));
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
    await check("cross_sell", { a: { productIds: [pick.productA] }, b: { productIds: [pick.productB] }, withinDays: 365 },
      ref.crossSell({ productIds: [pick.productA!] }, { productIds: [pick.productB!] }, 365));
    await check("cross_sell", { a: { collectionIds: [pick.collection], tags: ["SALE"] }, b: { productTypes: [pick.typeA], variantIds: [pick.variant] } },
      ref.crossSell({ collectionIds: [pick.collection!], tags: ["SALE"] }, { productTypes: [pick.typeA!], variantIds: [pick.variant!] }, null));
  });

  it("product_specific", async () => {
    await check("product_specific", { products: { productTypes: [pick.typeA!.toUpperCase()] }, minTimes: 2 },
      ref.productSpecific({ productTypes: [pick.typeA!] }, 2, "orders", null));
    await check("product_specific", { products: { variantIds: [pick.variant], vendors: [pick.vendorC] }, minTimes: 3, countBy: "units", withinDays: 400 },
      ref.productSpecific({ variantIds: [pick.variant!], vendors: [pick.vendorC!] }, 3, "units", 400));
  });

  it("sale_shopper (all signals, aggregate-exact signals, and a partial mix)", async () => {
    await check("sale_shopper", {}, ref.saleShopper({ minShare: 0.5, minOrders: 2, code: true, auto: true, markdown: true }));
    await check("sale_shopper", { markdowns: false, minShare: 0.34, minOrders: 3 },
      ref.saleShopper({ minShare: 0.34, minOrders: 3, code: true, auto: true, markdown: false }));
    await check("sale_shopper", { automaticDiscounts: false, minShare: "0.3" },
      ref.saleShopper({ minShare: 0.3, minOrders: 2, code: true, auto: false, markdown: true }));
  });

  it("former_vip", async () => {
    await check("former_vip", {}, ref.formerVip({ topPercent: 10, qualifyingDays: 365, lapsedDays: 120 }));
    await check("former_vip", { qualifyingDays: null, topPercent: 20, lapsedDays: 150 }, ref.formerVip({ topPercent: 20, qualifyingDays: null, lapsedDays: 150 }));
    await check("former_vip", { rankBy: "amount", minSpendMinor: "50000", lapsedDays: 180, qualifyingDays: 500 },
      ref.formerVip({ minSpend: 50000n, qualifyingDays: 500, lapsedDays: 180 }));
  });

  it("aov_tier (terciles, custom cuts, fixed)", async () => {
    const thirds: [number, number] = [100 / 3, 200 / 3];
    for (const band of ["low", "mid", "high"] as const) {
      await check("aov_tier", { band }, ref.aovTier({ band, cuts: thirds, minOrders: 1 }));
    }
    await check("aov_tier", { band: "high", cutPercentiles: [50, 90], minOrders: 2 }, ref.aovTier({ band: "high", cuts: [50, 90], minOrders: 2 }));
    await check("aov_tier", { mode: "fixed", minMinor: 5000, maxMinor: "10000" }, ref.aovTier({ min: 5000n, max: 10000n, minOrders: 1 }));
  });

  it("rfm", async () => {
    await check("rfm", { cells: ["champions", "loyal"] }, ref.rfm(["champions", "loyal"]));
    await check("rfm", { cells: ["at_risk", "cannot_lose", "hibernating", "lost"] }, ref.rfm(["at_risk", "cannot_lose", "hibernating", "lost"]));
  });

  it("location, sample and combination", async () => {
    const us = await check("location", { countryCodes: ["us", "CA"] }, ref.location({ countries: ["US", "CA"] }));
    await check("location", { provinceCodes: ["US-CA", "ON", "us-tx"] }, ref.location({ provinces: ["US-CA", "ON", "US-TX"] }));
    await check("location", { cities: [` ${pick.city!.toUpperCase()} `] }, ref.location({ cities: [pick.city!] }));
    const sample = await check("sample", { segmentId: us.id, percent: 25, seed: "spring" }, ref.sample(us.got, 25, "spring"));
    // Raising the percent only adds customers.
    const bigger = await check("sample", { segmentId: us.id, percent: 60, seed: "spring" }, ref.sample(us.got, 60, "spring"));
    expect(sample.got.every((id) => bigger.got.includes(id))).toBe(true);

    const sale = await check("sale_shopper", {}, ref.saleShopper({ minShare: 0.5, minOrders: 2, code: true, auto: true, markdown: true }));
    const vip = await check("former_vip", {}, ref.formerVip({ topPercent: 10, qualifyingDays: 365, lapsedDays: 120 }));
    const inUs = new Set(us.got);
    await check("combination", { op: "and", segmentIds: [sale.id, us.id] }, sale.got.filter((id) => inUs.has(id)));
    await check("combination", { op: "or", segmentIds: [sale.id, vip.id], exclude: [us.id] },
      [...sale.got, ...vip.got].filter((id) => !inUs.has(id)));
  });

  it("preview counts what a refresh materializes and explains why", async () => {
    const params = { a: { productIds: [pick.productA] }, b: { productIds: [pick.productB] } };
    const preview = await previewSegment({ shopId, kind: "cross_sell", params, now: NOW, sampleSize: 5 });
    expect(preview.count).toBe(new Set(ref.crossSell({ productIds: [pick.productA!] }, { productIds: [pick.productB!] }, null)).size);
    expect(preview.sample).toHaveLength(5);
    for (const m of preview.sample) expect(m.why).toMatch(/^bought .+ in \d+ orders?, last \d+ days ago; never bought .+/);
    const vip = await previewSegment({ shopId, kind: "former_vip", params: {}, now: NOW, sampleSize: 3 });
    expect(vip.count).toBe(ref.formerVip({ topPercent: 10, qualifyingDays: 365, lapsedDays: 120 }).length);
    for (const m of vip.sample) expect(m.why).toMatch(/^spent \$[\d,]+\.\d\d in the 365 days before the lapse \(top 10% from \$[\d,.]+\), last order \d+ days ago$/);
    const sale = await previewSegment({ shopId, kind: "sale_shopper", params: {}, now: NOW, sampleSize: 3 });
    for (const m of sale.sample) expect(m.why).toMatch(/^\d+ orders, \d+ with a deal, last \d+ days ago$/);
    await expect(previewSegment({ shopId, kind: "sale_shopper", params: { minShare: 2 }, now: NOW })).rejects.toMatchObject({
      fieldErrors: { minShare: "The share cannot be above 1 (100%)" },
    });
  });

  it("suggests cross-sell pairs with support, confidence and lift as counted from baskets", async () => {
    const pairs = await suggestCrossSellPairs({ shopId, limit: 5, minCustomers: 10, minSupport: 0 });
    expect(pairs.length).toBeGreaterThan(0);
    const buyers = (productId: string) =>
      new Set([...ref.live].filter((c) => ref.bought(c, { productIds: [productId] }).orders > 0));
    const everyone = new Set([...ref.live].filter((c) => (ref.ordersOf.get(c) ?? []).some((o) =>
      (ref.linesOf.get(o.id) ?? []).some((l) => l.qty > 0 && l.productId !== null))));
    for (const pair of pairs) {
      const a = buyers(pair.a.id);
      const b = buyers(pair.b.id);
      const both = [...a].filter((c) => b.has(c)).length;
      expect(pair.customersWithBoth).toBe(both);
      expect(both).toBeGreaterThanOrEqual(10);
      expect(pair.confidence).toBeCloseTo(both / a.size, 10);
      expect(pair.lift).toBeCloseTo((both / a.size) / (b.size / everyone.size), 10);
      expect(pair.lift).toBeGreaterThan(1);
      expect(pair.a.name).not.toBe(pair.a.id);
    }
    const scores = pairs.map((p) => p.lift * p.support);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const preview = await previewSegment({ shopId, kind: "cross_sell", params: pairs[0]!.params, now: NOW, sampleSize: 0 });
    expect(preview.count).toBe(pairs[0]!.audience);
    const types = await suggestCrossSellPairs({ shopId, level: "product_type", limit: 3 });
    const collections = await suggestCrossSellPairs({ shopId, level: "collection", limit: 3 });
    expect(types.length + collections.length).toBeGreaterThan(0);
  });
});
