import { describe, expect, it } from "vitest";
import {
  aovTierSet,
  parseSegmentParams,
  rfmCell,
  RFM_CELLS,
  RFM_GRID,
  segmentDependencies,
} from "../../app/segments/definitions";

describe("parseSegmentParams", () => {
  it("fills merchant-friendly defaults", () => {
    expect(parseSegmentParams("sale_shopper", {})).toEqual({
      ok: true,
      params: { minShare: 0.5, minOrders: 2, discountCodes: true, automaticDiscounts: true, markdowns: true },
    });
    expect(parseSegmentParams("former_vip", {})).toEqual({
      ok: true,
      params: { rankBy: "percent", topPercent: 10, minSpendMinor: null, qualifyingDays: 365, lapsedDays: 120 },
    });
    const aov = parseSegmentParams("aov_tier", { band: "low" });
    expect(aov.ok && aov.params).toMatchObject({ mode: "quantile", band: "low", minOrders: 1 });
  });

  it("accepts form strings and Shopify GIDs, keeps 64-bit ids exact", () => {
    const parsed = parseSegmentParams("cross_sell", {
      a: { productIds: ["gid://shopify/Product/9007199254740993", "9007199254740993"], tags: [" sale ", ""] },
      b: { collectionIds: ["9223372036854775807"] },
      withinDays: "30",
    });
    expect(parsed).toEqual({
      ok: true,
      params: {
        a: {
          productIds: ["9007199254740993"],
          variantIds: [],
          collectionIds: [],
          vendors: [],
          productTypes: [],
          tags: ["sale"],
        },
        b: {
          productIds: [],
          variantIds: [],
          collectionIds: ["9223372036854775807"],
          vendors: [],
          productTypes: [],
          tags: [],
        },
        withinDays: 30,
      },
    });
    expect(parseSegmentParams("former_vip", { rankBy: "amount", minSpendMinor: "150000" })).toMatchObject({
      ok: true,
      params: { minSpendMinor: "150000" },
    });
  });

  it("refuses ids beyond 64 bits (they would fail in PostgreSQL instead of under the field)", () => {
    expect(
      parseSegmentParams("cross_sell", { a: { productIds: ["1"] }, b: { productIds: ["18446744073709551615"] } }),
    ).toEqual({
      ok: false,
      fieldErrors: { "b.productIds.0": "Not a valid Shopify id" },
    });
  });

  it("reports errors under the field they belong to", () => {
    expect(parseSegmentParams("cross_sell", { a: {}, b: { productIds: ["12x"] } })).toEqual({
      ok: false,
      // Both fields report at once.
      fieldErrors: {
        a: "Choose at least one product, variant, collection, vendor, type or tag they bought",
        "b.productIds.0": "Not a valid Shopify id",
      },
    });
    expect(parseSegmentParams("cross_sell", { a: {}, b: { tags: ["x"] } })).toEqual({
      ok: false,
      fieldErrors: { a: "Choose at least one product, variant, collection, vendor, type or tag they bought" },
    });
    expect(parseSegmentParams("sale_shopper", { minShare: "abc", minOrders: 0 })).toEqual({
      ok: false,
      fieldErrors: {
        minShare: "Enter a share between 0 and 1 (0.5 = half)",
        minOrders: "The minimum number of orders must be at least 1",
      },
    });
    expect(
      parseSegmentParams("sale_shopper", { discountCodes: false, automaticDiscounts: false, markdowns: false }),
    ).toEqual({
      ok: false,
      fieldErrors: { discountCodes: "Choose at least one kind of deal" },
    });
    expect(parseSegmentParams("former_vip", { rankBy: "amount" })).toEqual({
      ok: false,
      fieldErrors: { minSpendMinor: "Enter the minimum spend" },
    });
    expect(parseSegmentParams("aov_tier", { cutPercentiles: [70, 30] })).toMatchObject({
      ok: false,
      fieldErrors: { cutPercentiles: expect.any(String) },
    });
    expect(parseSegmentParams("aov_tier", { mode: "fixed", minMinor: 5000, maxMinor: 5000 })).toEqual({
      ok: false,
      fieldErrors: { maxMinor: "Must be above the lowest value" },
    });
    expect(parseSegmentParams("location", {})).toMatchObject({
      ok: false,
      fieldErrors: { countryCodes: expect.any(String) },
    });
    expect(parseSegmentParams("rfm", { cells: [] })).toEqual({
      ok: false,
      fieldErrors: { cells: "Choose at least one RFM group" },
    });
    expect(parseSegmentParams("nope" as never, {})).toEqual({
      ok: false,
      fieldErrors: { kind: "Choose a kind of segment" },
    });
  });

  it("rejects a combination or sample that refers to itself", () => {
    expect(parseSegmentParams("combination", { segmentIds: [3, 4] }, { segmentId: 4 })).toEqual({
      ok: false,
      fieldErrors: { segmentIds: "A segment cannot include itself" },
    });
    expect(parseSegmentParams("combination", { segmentIds: [3], exclude: ["4"] }, { segmentId: 4 })).toEqual({
      ok: false,
      fieldErrors: { exclude: "A segment cannot exclude itself" },
    });
    expect(parseSegmentParams("sample", { segmentId: 9 }, { segmentId: 9 })).toMatchObject({ ok: false });
    const ok = parseSegmentParams("combination", { op: "and", segmentIds: [3, 3, 5], exclude: [7] }, { segmentId: 9 });
    expect(ok.ok && segmentDependencies("combination", ok.params)).toEqual([3, 5, 7]);
  });

  it("aovTierSet gives the three bands with shared cut points", () => {
    const set = aovTierSet({ cutPercentiles: [25, 75], minOrders: 2 });
    expect(set.map((s) => s.band)).toEqual(["low", "mid", "high"]);
    for (const s of set)
      expect(s.params).toMatchObject({ mode: "quantile", cutPercentiles: [25, 75], minOrders: 2, band: s.band });
    expect(() => aovTierSet({ cutPercentiles: [80, 20] })).toThrow();
  });

  it("the RFM map covers every cell and only named groups", () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmCell(r, f, m));
    expect([...seen].sort()).toEqual([...RFM_CELLS].sort());
    expect(RFM_GRID).toHaveLength(5);
    expect(rfmCell(5, 5, 5)).toBe("champions");
    expect(rfmCell(1, 1, 1)).toBe("lost");
    expect(rfmCell(5, 1, 1)).toBe("new_customers");
    expect(rfmCell(1, 5, 5)).toBe("cannot_lose");
  });
});
