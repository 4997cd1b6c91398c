// Lift statistics and message prices: published reference values, not values computed by the code under test.
import { describe, expect, it } from "vitest";
import {
  computeLift,
  newcombeDifference,
  studentTCdf,
  studentTQuantile,
  welchDifference,
  wilson,
} from "../../app/attribution/lift";
import { billedCategory, marketOf, MARKETS } from "../../app/pricing/rate-card";
import { costOf, usdMicrosToMinor, type ShopPriceTable } from "../../app/pricing/prices.server";
import { describeDuration, describeHours, windowsSchema } from "../../app/attribution/windows";
import { messageLinkParams, parseRecipientRef, recipientRef } from "../../app/attribution/ref";
import { parseLandingSite } from "../../app/ingest/normalize";

describe("confidence intervals", () => {
  it("Wilson interval matches Newcombe (1998) table I", () => {
    // 81/263: 0.2553 to 0.3662; 15/148: 0.0624 to 0.1605 (Newcombe 1998, Stat Med 17:857, table I, method 3)
    const a = wilson(81, 263);
    expect(a.low).toBeCloseTo(0.2553, 4);
    expect(a.high).toBeCloseTo(0.3662, 4);
    const b = wilson(15, 148);
    expect(b.low).toBeCloseTo(0.0624, 4);
    expect(b.high).toBeCloseTo(0.1605, 4);
  });

  it("difference of proportions matches Newcombe (1998) table II, method 10", () => {
    // (a) 56/70 − 48/80: 0.0524 to 0.3339; (b) 9/10 − 3/10: 0.1705 to 0.8090; (c) 6/7 − 2/7: 0.0582 to 0.8062;
    // (d) 5/56 − 0/29: −0.0381 to 0.1926
    const cases: Array<[number, number, number, number, number, number]> = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
    ];
    for (const [x1, n1, x2, n2, low, high] of cases) {
      const d = newcombeDifference(x1, n1, x2, n2);
      expect(d.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 10);
      expect(d.low).toBeCloseTo(low, 4);
      expect(d.high).toBeCloseTo(high, 4);
    }
  });

  it("Student's t quantiles match the printed table, and the CDF inverts", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.96, 2);
    expect(studentTCdf(studentTQuantile(0.975, 3.53), 3.53)).toBeCloseTo(0.975, 9);
  });

  it("Welch interval: the hand-worked example", () => {
    // Group 1 = 1,2,3,4,5 (mean 3, variance 2.5); group 2 = 2,4,6 (mean 4, variance 4).
    // SE² = 2.5/5 + 4/3 = 1.8333; df = 1.8333² / (0.5²/4 + 1.3333²/2) = 3.533.
    const g1 = { n: 5, revenue: 15, revenueSquares: 55 };
    const g2 = { n: 3, revenue: 12, revenueSquares: 56 };
    const d = welchDifference(g1, g2)!;
    const half = studentTQuantile(0.975, 3.5327) * Math.sqrt(1.83333);
    expect(d.estimate).toBeCloseTo(-1, 10);
    expect(d.high - d.estimate).toBeCloseTo(half, 3);
    expect(half).toBeGreaterThan(3.6);
    expect(half).toBeLessThan(4.2);
  });

  it("says plainly when the sample is too small, or the difference is within the margin of error", () => {
    const small = computeLift(
      { n: 900, converted: 40, revenue: 400_000, revenueSquares: 8e9 },
      { n: 40, converted: 1, revenue: 9_000, revenueSquares: 8.1e7 },
    );
    expect(small.verdict.kind).toBe("too_small");
    expect(small.verdict.message).toMatch(/holdout has 40/);
    const noHoldout = computeLift(
      { n: 900, converted: 40, revenue: 1, revenueSquares: 1 },
      { n: 0, converted: 0, revenue: 0, revenueSquares: 0 },
    );
    expect(noHoldout.verdict.kind).toBe("too_small");
    const same = computeLift(
      { n: 2000, converted: 60, revenue: 600_000, revenueSquares: 60 * 1e8 },
      { n: 500, converted: 15, revenue: 150_000, revenueSquares: 15 * 1e8 },
    );
    expect(same.verdict.kind).toBe("inconclusive");
    expect(same.conversionDifference!.low).toBeLessThan(0);
    expect(same.conversionDifference!.high).toBeGreaterThan(0);
    const clear = computeLift(
      { n: 4000, converted: 400, revenue: 400 * 10_000, revenueSquares: 400 * 1e8 },
      { n: 1000, converted: 30, revenue: 30 * 10_000, revenueSquares: 30 * 1e8 },
    );
    expect(clear.verdict.kind).toBe("measured");
    // 10% vs 3% of 4000 messaged → about 280 extra buyers, 2.8M minor units extra revenue.
    expect(clear.incrementalConversions!.estimate).toBeCloseTo(280, 6);
    expect(clear.incrementalRevenue!.estimate).toBeCloseTo(2_800_000, 3);
    expect(clear.incrementalRevenue!.low).toBeGreaterThan(0);
  });
});

describe("message prices", () => {
  it("maps recipient countries to Meta's markets", () => {
    expect(marketOf("us")).toBe("north_america");
    expect(marketOf("IN")).toBe("IN");
    expect(marketOf("AT")).toBe("rest_of_western_europe");
    expect(marketOf("KE")).toBe("rest_of_africa");
    expect(marketOf("AQ")).toBe("other");
    expect(marketOf(null)).toBe("other");
  });

  it("bills by the status webhook's category, else the template's; free categories cost nothing", () => {
    expect(billedCategory("marketing_lite", "UTILITY")).toBe("marketing");
    expect(billedCategory(null, "UTILITY")).toBe("utility");
    expect(billedCategory("service", "MARKETING")).toBeNull();
    expect(billedCategory("referral_conversion", null)).toBeNull();
    expect(billedCategory(null, null)).toBe("marketing");
  });

  it("converts USD micros to shop minor units exactly, rounding once", () => {
    expect(usdMicrosToMinor(25_000n, "1", 2)).toBe(3n); // $0.025 → 2.5 cents → 3
    expect(usdMicrosToMinor(1_000_000n, "0.92", 2)).toBe(92n);
    expect(usdMicrosToMinor(10_700n * 1000n, "83.25", 2)).toBe(89078n); // 1000 × $0.0107 × 83.25 = ₹890.775
    expect(usdMicrosToMinor(1_000_000n, "150.5", 0)).toBe(151n); // JPY has no minor unit
  });

  it("sums a campaign's cost per market and category before rounding", () => {
    const table: ShopPriceTable = {
      currency: "USD",
      currencyExponent: 2,
      usdRate: "1",
      overridden: new Set(),
      usdMicros: new Map(
        MARKETS.map((m) => [m.key, new Map(Object.entries(m.usdMicros))]),
      ) as ShopPriceTable["usdMicros"],
    };
    const cost = costOf(table, [
      { country: "IN", pricingCategory: "marketing", templateCategory: "MARKETING", count: 1000 },
      { country: "US", pricingCategory: null, templateCategory: "MARKETING", count: 10 },
      { country: "GB", pricingCategory: "service", templateCategory: "MARKETING", count: 50 },
    ]);
    expect(cost.usdMicros).toBe(1000n * 10_700n + 10n * 25_000n);
    expect(cost.minor).toBe(1095n); // $10.95, not 1010 messages rounded one by one
  });
});

describe("windows and links", () => {
  it("validates windows with the merchant's words", () => {
    expect(windowsSchema.safeParse({ clickWindowHours: "120", viewWindowHours: "0" }).success).toBe(true);
    const bad = windowsSchema.safeParse({ clickWindowHours: "0", viewWindowHours: "500" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual([
      "The click window must be at least 1 hour",
      "The view window can be at most 168 hours (7 days)",
    ]);
    expect(describeHours(120)).toBe("5 days");
    expect(describeHours(24)).toBe("24 hours");
    expect(describeHours(54)).toBe("2 days 6 hours");
    expect(describeDuration(2 * 86400 + 3 * 3600 + 59)).toBe("2 days 3 h");
  });

  it("puts a 64-bit recipient id on the link and reads it back through ingestion's parser", () => {
    const id = 9_223_372_036_854_775_000n;
    expect(() => recipientRef(id)).toThrow(); // 19 digits: beyond what links carry (ids are a sequence from 1)
    expect(recipientRef(123456789012345678n)).toBe("123456789012345678");
    const params = parseLandingSite(`/products/tee?${messageLinkParams(42, 123456789012345678n)}`);
    expect(params).toEqual({
      utmSource: "whatsapp",
      utmMedium: "campaign",
      utmCampaign: "42",
      waRef: "123456789012345678",
    });
    expect(parseRecipientRef(params.waRef)).toBe(123456789012345678n);
    expect(parseRecipientRef("01J9Z3K6")).toBeNull();
    expect(parseRecipientRef("0")).toBeNull();
  });
});
