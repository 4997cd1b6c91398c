// Shopify's real sample payloads parse into rows with exact 64-bit ids and minor-unit money.
import { describe, expect, it } from "vitest";
import { parseJsonWithBigInts, stringifyWithBigInts, toShopifyId } from "../../app/lib/json";
import { customerFromRest, orderFromRest, PayloadError, productFromRest, refundFromRest } from "../../app/ingest/rest";
import { decimalToMinor, formatMoney, minorToDecimal } from "../../app/lib/money";
import { fixture } from "../setup/webhooks";

describe("JSON with 64-bit ids", () => {
  it("keeps ids above 2^53 exact, unlike JSON.parse", () => {
    const text = fixture("shopify-webhooks/orders-create.sample-2022-04.json");
    expect(JSON.parse(text).id).toBe(820982911946154500); // what a naive parse gives: wrong
    expect(parseJsonWithBigInts<{ id: bigint }>(text).id).toBe(820982911946154508n);
  });
  it("round-trips bigints as bare JSON numbers", () => {
    expect(stringifyWithBigInts({ id: 820982911946154508n, n: 1 })).toBe('{"id":820982911946154508,"n":1}');
  });
  it("reads ids from numbers, strings and GIDs, and refuses a rounded one", () => {
    expect(toShopifyId("gid://shopify/Order/820982911946154508")).toBe(820982911946154508n);
    expect(toShopifyId(42)).toBe(42n);
    expect(() => toShopifyId(820982911946154500)).toThrow(/lost precision/);
  });
});

describe("money in minor units", () => {
  it("converts decimal strings exactly for 0, 2 and 3 digit currencies", () => {
    expect(decimalToMinor("403.00", 2)).toBe(40300n);
    expect(decimalToMinor("0.1", 2)).toBe(10n);
    expect(decimalToMinor("1999", 0)).toBe(1999n);
    expect(decimalToMinor("1.2345", 3)).toBe(1235n);
    expect(decimalToMinor("-5.5", 2)).toBe(-550n);
    expect(() => decimalToMinor("12,50", 2)).toThrow();
    expect(minorToDecimal(40300n, 2)).toBe("403.00");
    expect(minorToDecimal(5n, 2)).toBe("0.05");
    expect(minorToDecimal(1999n, 0)).toBe("1999");
    expect(formatMoney(12345n, "USD")).toBe("$123.45");
    expect(formatMoney("90071992547409930", "USD")).toBe("$900,719,925,474,099.30");
  });
});

describe("REST payloads", () => {
  it("parses Shopify's orders/create sample", () => {
    const order = orderFromRest(parseJsonWithBigInts(fixture("shopify-webhooks/orders-create.sample-2022-04.json")), 2);
    expect(order.id).toBe(820982911946154508n);
    expect(order.customerId).toBe(115310627314723954n);
    expect(order.totalMinor).toBe(40300n);
    expect(order.subtotalMinor).toBe(39300n);
    expect(order.totalDiscountsMinor).toBe(500n);
    expect(order.test).toBe(true);
    expect(order.cancelledAt?.toISOString()).toBe("2022-04-06T12:09:03.000Z");
    expect(order.countryCode).toBe("US");
    expect(order.provinceCode).toBe("KY");
    expect(order.lines.map((l) => [l.id, l.priceMinor, l.quantity])).toEqual([
      [866550311766439020n, 19900n, 1],
      [141249953214522974n, 19900n, 1],
    ]);
  });

  it("parses Shopify's refunds/create sample (refund lines, successful transactions only)", () => {
    const raw = parseJsonWithBigInts<Record<string, unknown>>(
      fixture("shopify-webhooks/refunds-create.sample-2022-04.json"),
    );
    const received = new Date("2026-01-01T00:00:00Z");
    const refund = refundFromRest(raw, 2, received);
    expect(refund.id).toBe(890088186047892319n);
    expect(refund.orderId).toBe(820982911946154508n);
    expect(refund.createdAt).toEqual(received); // the sample has no created_at
    expect(refund.lines.map((l) => [l.lineItemId, l.quantity, l.subtotalMinor])).toEqual([
      [866550311766439020n, 1, 19900n],
      [141249953214522974n, 1, 19900n],
    ]);
    const transactions = (raw.transactions as Array<{ status: string; kind: string; amount: string }>) ?? [];
    const expected = transactions
      .filter((t) => t.kind === "refund" && t.status === "success")
      .reduce((s, t) => s + decimalToMinor(t.amount, 2), 0n);
    expect(refund.amountMinor).toBe(expected);
  });

  it("parses customers and keeps absent fields absent (2025-01+ minimal customer payloads)", () => {
    const legacy = customerFromRest(
      parseJsonWithBigInts(fixture("shopify-webhooks/customers-update.sample-2022-04.json")),
    );
    expect(legacy.id).toBe(706405506930370084n);
    expect(legacy.tags).toEqual([]);
    const minimal = customerFromRest({
      id: 5,
      phone: "+447700900123",
      default_address: { country_code: "gb", city: "Leeds" },
    });
    expect(minimal).not.toHaveProperty("tags");
    expect(minimal).not.toHaveProperty("smsConsentState");
    expect(minimal.countryCode).toBe("GB");
    expect(minimal.phone).toBe("+447700900123");
  });

  it("parses products with variants and compare-at prices", () => {
    const p = productFromRest(
      {
        id: 7,
        title: "Tee",
        vendor: "Acme",
        product_type: "Shirts",
        tags: "summer, sale",
        updated_at: "2026-01-01T00:00:00Z",
        variants: [
          { id: 70, price: "20.00", compare_at_price: "25.00", sku: "T-1" },
          { id: 71, price: "20.00", compare_at_price: null },
        ],
      },
      2,
    );
    expect(p.tags).toEqual(["summer", "sale"]);
    expect(p.variants.map((v) => [v.id, v.priceMinor, v.compareAtPriceMinor])).toEqual([
      [70n, 2000n, 2500n],
      [71n, 2000n, null],
    ]);
  });

  it("rejects payloads without ids with a clear error", () => {
    expect(() => orderFromRest({ created_at: "2026-01-01" }, 2)).toThrow(PayloadError);
    expect(() => orderFromRest("nope", 2)).toThrow(/not an object/);
  });
});
