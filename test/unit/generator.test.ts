import { describe, expect, it } from "vitest";
import {
  lineCurrentQuantity,
  lineIsMarkdown,
  normalizePhone,
  orderHasMarkdown,
  orderNet,
  parseLandingSite,
  refundedQuantities,
} from "../../app/ingest/normalize";
import type { CustomerRow, OrderRow, ProductRow, StoreRecord } from "../../app/ingest/rows";
import { generateStore, HISTORY_DAYS, storeShape } from "../../prisma/seed/generator";

const NOW = new Date("2026-03-01T00:00:00Z");
const DAY = 86_400_000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function take(iterable: Iterable<StoreRecord>, n: number): StoreRecord[] {
  const out: StoreRecord[] = [];
  for (const record of iterable) {
    out.push(record);
    if (out.length >= n) break;
  }
  return out;
}

function collect(orders: number, seed = 42) {
  const customers: CustomerRow[] = [];
  const products: ProductRow[] = [];
  const ordersOut: OrderRow[] = [];
  let collections = 0;
  for (const record of generateStore({ orders, seed, now: NOW })) {
    if (record.type === "collection") collections++;
    else if (record.type === "product") products.push(record.row);
    else if (record.type === "customer") customers.push(record.row);
    else ordersOut.push(record.row);
  }
  return { customers, products, orders: ordersOut, collections };
}

const store = collect(5000);

describe("generateStore", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = take(generateStore({ orders: 2000, seed: 7, now: NOW }), 1500);
    const b = take(generateStore({ orders: 2000, seed: 7, now: NOW }), 1500);
    const c = take(generateStore({ orders: 2000, seed: 8, now: NOW }), 1500);
    expect(a.length).toBe(1500);
    expect(a.some((r) => r.type === "order")).toBe(true);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // Same ids, different contents: the seed changes the data, not the id scheme.
    const firstCustomer = (rs: StoreRecord[]) => rs.find((r) => r.type === "customer")!.row as CustomerRow;
    expect(firstCustomer(c).id).toBe(firstCustomer(a).id);
    expect(firstCustomer(c)).not.toEqual(firstCustomer(a));
  });

  it("yields collections, then products, then customers, then orders in time order", () => {
    const order = ["collection", "product", "customer", "order"];
    let stage = 0;
    let lastOrderAt = 0;
    for (const record of generateStore({ orders: 500, seed: 3, now: NOW })) {
      const at = order.indexOf(record.type);
      expect(at).toBeGreaterThanOrEqual(stage);
      stage = at;
      if (record.type === "order") {
        expect(record.row.createdAt.getTime()).toBeGreaterThanOrEqual(lastOrderAt);
        lastOrderAt = record.row.createdAt.getTime();
      }
    }
    expect(stage).toBe(3);
  });

  it("scales sizes with the order count", () => {
    expect(storeShape(1_000_000).customers).toBe(200_000);
    expect(storeShape(5000).customers).toBe(1000);
    const small = storeShape(10_000).products;
    const large = storeShape(1_000_000).products;
    // ~√orders: 100× the orders gives ~10× the catalogue.
    expect(large / small).toBeGreaterThan(7);
    expect(large / small).toBeLessThan(13);
    const shape = storeShape(5000);
    expect(store.orders.length).toBe(5000);
    expect(store.customers.length).toBe(shape.customers);
    expect(store.products.length).toBe(shape.products);
    expect(store.collections).toBe(shape.collections);
  });

  it("uses unique 64-bit ids above 2^53 that a JS number would corrupt", () => {
    const ids = [
      ...store.customers.map((c) => c.id),
      ...store.products.flatMap((p) => [p.id, ...p.variants.map((v) => v.id), ...p.collectionIds]),
      ...store.orders.flatMap((o) => [o.id, ...o.lines.map((l) => l.id), ...o.refunds.map((r) => r.id)]),
    ];
    for (const id of ids) expect(id > MAX_SAFE).toBe(true);
    const orderIds = store.orders.map((o) => o.id);
    expect(new Set(orderIds.map(String)).size).toBe(orderIds.length);
    const lineIds = store.orders.flatMap((o) => o.lines.map((l) => l.id.toString()));
    expect(new Set(lineIds).size).toBe(lineIds.length);
    // Parsing through Number collapses neighbouring ids.
    expect(new Set(orderIds.slice(0, 100).map((id) => Number(id))).size).toBeLessThan(100);
  });

  it("keeps money consistent on every order", () => {
    for (const order of store.orders) {
      let gross = 0n;
      let lineDiscounts = 0n;
      for (const line of order.lines) {
        expect(line.quantity).toBeGreaterThan(0);
        expect(line.priceMinor > 0n).toBe(true);
        gross += line.priceMinor * BigInt(line.quantity);
        lineDiscounts += line.totalDiscountMinor;
      }
      expect(order.subtotalMinor).toBe(gross - lineDiscounts);
      const shipping = order.totalMinor - order.subtotalMinor;
      expect([0n, 695n]).toContain(shipping);
      expect(order.totalDiscountsMinor >= lineDiscounts).toBe(true);
      const refunded = order.refunds.reduce((s, r) => s + r.amountMinor, 0n);
      expect(refunded <= order.totalMinor).toBe(true);
      const lineIds = new Set(order.lines.map((l) => l.id.toString()));
      for (const refund of order.refunds) {
        expect(refund.amountMinor > 0n).toBe(true);
        expect(refund.orderId).toBe(order.id);
        expect(refund.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        for (const rl of refund.lines) expect(lineIds.has(rl.lineItemId.toString())).toBe(true);
      }
      for (const line of order.lines)
        expect(lineCurrentQuantity(line, refundedQuantities(order.refunds))).toBeGreaterThanOrEqual(0);
    }
  });

  it("spreads orders over two+ years before now with November/December peaks", () => {
    const first = store.orders[0]!.createdAt.getTime();
    const last = store.orders.at(-1)!.createdAt.getTime();
    expect(last).toBeLessThan(NOW.getTime());
    expect(NOW.getTime() - first).toBeGreaterThan(730 * DAY);
    expect(NOW.getTime() - first).toBeLessThanOrEqual(HISTORY_DAYS * DAY);
    const perMonth = new Array(12).fill(0);
    for (const o of store.orders) perMonth[o.createdAt.getUTCMonth()]++;
    const holiday = (perMonth[10] + perMonth[11]) / 2;
    const rest = (perMonth.reduce((a, b) => a + b, 0) - perMonth[10] - perMonth[11]) / 10;
    expect(holiday / rest).toBeGreaterThan(1.3);
  });

  it("has the mix a real store has: repeat buyers, guests, discounts, markdowns, refunds, cancellations, tests, UTMs", () => {
    const n = store.orders.length;
    const share = (pred: (o: OrderRow) => boolean) => store.orders.filter(pred).length / n;
    expect(share((o) => o.customerId === null)).toBeGreaterThan(0.015);
    expect(share((o) => o.customerId === null)).toBeLessThan(0.06);
    expect(share((o) => o.discountCodes.length > 0)).toBeGreaterThan(0.12);
    expect(share((o) => o.discountCodes.length > 0)).toBeLessThan(0.3);
    expect(share((o) => o.hasAutomaticDiscount)).toBeGreaterThan(0.01);
    expect(share(orderHasMarkdown)).toBeGreaterThan(0.05);
    expect(share((o) => o.cancelledAt !== null)).toBeGreaterThan(0.01);
    expect(share((o) => o.cancelledAt !== null)).toBeLessThan(0.04);
    const refunded = store.orders.filter((o) => o.cancelledAt === null && o.refunds.length > 0);
    expect(refunded.length / n).toBeGreaterThan(0.03);
    expect(refunded.length / n).toBeLessThan(0.08);
    expect(refunded.some((o) => o.refunds.some((r) => r.amountMinor < o.totalMinor))).toBe(true);
    expect(refunded.some((o) => o.refunds.some((r) => r.amountMinor === o.totalMinor))).toBe(true);
    expect(store.orders.some((o) => o.test)).toBe(true);
    expect(share((o) => parseLandingSite(o.landingSite).utmSource !== null)).toBeGreaterThan(0.05);
    expect(store.orders.some((o) => o.lines.length === 6)).toBe(true);

    const ordersPerCustomer = new Map<string, number>();
    for (const o of store.orders)
      if (o.customerId)
        ordersPerCustomer.set(o.customerId.toString(), (ordersPerCustomer.get(o.customerId.toString()) ?? 0) + 1);
    const counts = [...ordersPerCustomer.values()];
    expect(counts.filter((c) => c === 1).length).toBeGreaterThan(counts.length * 0.1);
    expect(Math.max(...counts)).toBeGreaterThan(20);
  });

  it("groups products into affinity clusters so baskets hold related items", () => {
    const themeOf = new Map(store.products.map((p) => [p.id.toString(), p.collectionIds[0]!.toString()]));
    const multi = store.orders.filter((o) => o.lines.length >= 2);
    const related = multi.filter((o) => {
      const themes = o.lines.map((l) => themeOf.get(l.productId!.toString()));
      return new Set(themes).size < themes.length;
    });
    expect(related.length / multi.length).toBeGreaterThan(0.5);
  });

  it("has lapsed big spenders: top-decile spend, nothing in the last 120 days", () => {
    const byCustomer = new Map<string, { net: bigint; last: number }>();
    for (const o of store.orders) {
      if (!o.customerId || o.test || o.cancelledAt) continue;
      const c = byCustomer.get(o.customerId.toString()) ?? { net: 0n, last: 0 };
      c.net += orderNet(o);
      c.last = Math.max(c.last, o.createdAt.getTime());
      byCustomer.set(o.customerId.toString(), c);
    }
    const nets = [...byCustomer.values()].map((c) => c.net).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const p90 = nets[Math.floor(nets.length * 0.9)]!;
    const lapsed = [...byCustomer.values()].filter((c) => c.net >= p90 && c.last < NOW.getTime() - 120 * DAY);
    expect(lapsed.length).toBeGreaterThanOrEqual(5);
  });

  it("gives customers created before their first order, in many countries, with a mix of phones", () => {
    const created = new Map(store.customers.map((c) => [c.id.toString(), c.createdAt.getTime()]));
    for (const o of store.orders)
      if (o.customerId) expect(created.get(o.customerId.toString())!).toBeLessThan(o.createdAt.getTime());
    const countries = new Set(store.customers.map((c) => c.countryCode));
    for (const code of ["US", "GB", "DE", "FR", "IN", "BR", "ES", "AU", "MX", "AE"]) expect(countries).toContain(code);
    const reasons = new Map<string, number>();
    for (const c of store.customers) {
      const r = normalizePhone(c.phone, c.countryCode).reason ?? "valid";
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    const n = store.customers.length;
    expect(reasons.get("missing")! / n).toBeGreaterThan(0.06);
    expect(reasons.get("missing")! / n).toBeLessThan(0.14);
    const unusable =
      (reasons.get("not_mobile") ?? 0) + (reasons.get("invalid_number") ?? 0) + (reasons.get("unparseable") ?? 0);
    expect(unusable / n).toBeGreaterThan(0.03);
    expect(unusable / n).toBeLessThan(0.09);
    expect(reasons.get("not_mobile")).toBeGreaterThan(0);
    expect(reasons.get("invalid_number")).toBeGreaterThan(0);
    expect(reasons.get("unparseable")).toBeGreaterThan(0);
    expect(reasons.get("valid")! / n).toBeGreaterThan(0.8);
    expect(store.customers.some((c) => c.tags.includes("vip"))).toBe(true);
    expect(store.customers.some((c) => c.tags.includes("wholesale"))).toBe(true);
    expect(new Set(store.customers.map((c) => c.smsConsentState)).size).toBeGreaterThanOrEqual(4);
  });

  it("has variants with compare-at above price (markdown candidates) and some that are not markdowns", () => {
    const variants = store.products.flatMap((p) => p.variants);
    expect(variants.some((v) => v.compareAtPriceMinor !== null && v.compareAtPriceMinor > v.priceMinor!)).toBe(true);
    expect(variants.some((v) => v.compareAtPriceMinor !== null && v.compareAtPriceMinor <= v.priceMinor!)).toBe(true);
  });
});

describe("normalizePhone", () => {
  it.each([
    ["07911 123456", "GB", "+447911123456"],
    ["+44 7911 123456", null, "+447911123456"],
    ["(212) 736-4521", "US", "+12127364521"],
    ["0176 12345678", "DE", "+4917612345678"],
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["+91 98765 43210", "IN", "+919876543210"],
    ["(11) 91234-5678", "BR", "+5511912345678"],
    ["612 345 678", "ES", "+34612345678"],
    ["0412 345 678", "AU", "+61412345678"],
    ["+52 55 1234 5678", "MX", "+525512345678"],
    ["050 123 4567", "AE", "+971501234567"],
    // "00" typed where the country's own international prefix differs (Australia dials 0011).
    ["0061412345678", "AU", "+61412345678"],
    ["00447911123456", "gb", "+447911123456"],
  ])("accepts the mobile %s (%s)", (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ e164, valid: true, reason: null });
  });

  it.each([
    ["020 7946 0321", "GB", "+442079460321"],
    ["030 1234567", "DE", "+49301234567"],
    ["+33 1 42 68 53 00", "FR", "+33142685300"],
    ["(02) 9876 5432", "AU", "+61298765432"],
  ])("keeps the fixed line %s (%s) but marks it not mobile", (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ e164, valid: false, reason: "not_mobile" });
  });

  it("tells missing, unparseable and invalid numbers apart", () => {
    expect(normalizePhone(null, "US")).toEqual({ e164: null, valid: null, reason: "missing" });
    expect(normalizePhone("   ", "US")).toEqual({ e164: null, valid: null, reason: "missing" });
    expect(normalizePhone("n/a", "GB")).toEqual({ e164: null, valid: false, reason: "unparseable" });
    expect(normalizePhone("07911 123456", null)).toEqual({ e164: null, valid: false, reason: "unparseable" });
    expect(normalizePhone("+44 7911", "GB")).toEqual({ e164: null, valid: false, reason: "invalid_number" });
    expect(normalizePhone("+52 1 55 1234 5678", "MX")).toEqual({ e164: null, valid: false, reason: "invalid_number" });
    // An unknown default country does not throw; an international number still parses.
    expect(normalizePhone("+4917612345678", "XX").valid).toBe(true);
  });
});

describe("parseLandingSite", () => {
  it("reads UTM parameters and our r= reference from relative and absolute URLs", () => {
    expect(
      parseLandingSite("/products/mug?utm_source=whatsapp&utm_medium=message&utm_campaign=spring&r=abc123"),
    ).toEqual({
      utmSource: "whatsapp",
      utmMedium: "message",
      utmCampaign: "spring",
      waRef: "abc123",
    });
    expect(parseLandingSite("https://shop.example.com/?UTM_SOURCE=Pinterest&utm_campaign=bf%202025#top")).toEqual({
      utmSource: "Pinterest",
      utmMedium: null,
      utmCampaign: "bf 2025",
      waRef: null,
    });
    expect(parseLandingSite("/?utm_source=a&utm_source=b").utmSource).toBe("a");
  });

  it("tolerates garbage", () => {
    const none = { utmSource: null, utmMedium: null, utmCampaign: null, waRef: null };
    for (const raw of [
      null,
      undefined,
      "",
      "/",
      "%%%",
      "https://[broken",
      "/?utm_source",
      "/?utm_source=&r=",
      "/#?utm_source=x",
    ]) {
      expect(parseLandingSite(raw)).toEqual(none);
    }
    expect(parseLandingSite("/?utm_campaign=%E0%A4%A&utm_source=ok").utmSource).toBe("ok");
    expect(parseLandingSite(`/?utm_source=${"x".repeat(5000)}`).utmSource!.length).toBe(200);
  });
});

describe("order and line rules", () => {
  const base: Pick<OrderRow, "totalMinor" | "test" | "cancelledAt" | "refunds"> = {
    totalMinor: 10_000n,
    test: false,
    cancelledAt: null,
    refunds: [],
  };
  const refund = (amountMinor: bigint) => ({
    id: 1n,
    orderId: 1n,
    amountMinor,
    note: null,
    createdAt: NOW,
    processedAt: NOW,
    lines: [],
  });

  it("nets refunds, and counts nothing for cancelled or test orders", () => {
    expect(orderNet(base)).toBe(10_000n);
    expect(orderNet({ ...base, refunds: [refund(2_500n), refund(500n)] })).toBe(7_000n);
    expect(orderNet({ ...base, refunds: [refund(12_000n)] })).toBe(0n);
    expect(orderNet({ ...base, cancelledAt: NOW })).toBe(0n);
    expect(orderNet({ ...base, test: true })).toBe(0n);
  });

  it("calls a line a markdown only when sold below its compare-at price", () => {
    expect(lineIsMarkdown({ priceMinor: 1000n, compareAtPriceMinor: 1500n })).toBe(true);
    expect(lineIsMarkdown({ priceMinor: 1000n, compareAtPriceMinor: 1000n })).toBe(false);
    expect(lineIsMarkdown({ priceMinor: 1000n, compareAtPriceMinor: 900n })).toBe(false);
    expect(lineIsMarkdown({ priceMinor: 1000n, compareAtPriceMinor: null })).toBe(false);
  });

  it("subtracts refunded quantities per line, keyed exactly by 64-bit id", () => {
    const a = 9_007_199_254_740_993n;
    const b = 9_007_199_254_740_992n; // the same double as a
    const refunded = refundedQuantities([
      { lines: [{ lineItemId: a, quantity: 1, subtotalMinor: 100n }] },
      { lines: [{ lineItemId: a, quantity: 5, subtotalMinor: 100n }] },
    ]);
    expect(lineCurrentQuantity({ id: a, quantity: 3 }, refunded)).toBe(0);
    expect(lineCurrentQuantity({ id: b, quantity: 3 }, refunded)).toBe(3);
  });
});
