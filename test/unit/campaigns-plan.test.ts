// Pure parts of the campaign planner: Meta's messaging-limit tiers and the days a send needs, and the form's
// validation (percentages, discount codes, schedule, quiet hours).
import { describe, expect, it } from "vitest";
import { dailyLimitOf, tierEstimate } from "../../app/campaigns/limits";
import { campaignFormSchema, fieldErrors } from "../../app/campaigns/form";

describe("messaging limit", () => {
  it("reads Meta's tiers, unknown as a new portfolio's 250", () => {
    expect(dailyLimitOf("TIER_2K")).toBe(2000);
    expect(dailyLimitOf("tier_100k")).toBe(100_000);
    expect(dailyLimitOf("TIER_UNLIMITED")).toBeNull();
    expect(dailyLimitOf(null)).toBe(250);
    expect(dailyLimitOf("TIER_NOT_SET")).toBe(250);
  });

  it("fits what today's room allows and spreads the rest over whole days", () => {
    expect(tierEstimate(10_000, 0, 8_000)).toEqual({ limit: 10_000, usedLast24h: 0, fitsToday: 8_000, days: 1 });
    expect(tierEstimate(10_000, 4_000, 8_000)).toMatchObject({ fitsToday: 6_000, days: 2 });
    expect(tierEstimate(2_000, 2_500, 5_000)).toMatchObject({ fitsToday: 0, days: 4 });
    expect(tierEstimate(250, 0, 1_000)).toMatchObject({ fitsToday: 250, days: 4 });
    expect(tierEstimate(null, 99, 1_000_000)).toMatchObject({ fitsToday: 1_000_000, days: 1 });
    expect(tierEstimate(250, 0, 0)).toMatchObject({ fitsToday: 0, days: 0 });
  });
});

describe("campaign form", () => {
  const base = {
    name: "Spring",
    templateId: "3",
    mapping: JSON.stringify({ version: 1, params: {} }),
    segments: JSON.stringify([{ segmentId: 1, holdoutPercent: 10 }]),
  };

  it("applies the documented defaults", () => {
    const v = campaignFormSchema.parse(base);
    expect(v).toMatchObject({
      testPercent: 0,
      testWaitMinutes: 60,
      rolloutMinDeliveryPercent: 90,
      rolloutMaxOptOutPercent: 2,
      quietHours: false,
      when: "draft",
      discountCodes: [],
    });
  });

  it("upper-cases and dedupes discount codes, split on commas and lines only", () => {
    expect(campaignFormSchema.parse({ ...base, discountCodes: " spring10,SPRING10\nvip;\n" }).discountCodes).toEqual([
      "SPRING10",
      "VIP",
    ]);
  });

  it("refuses a discount code with a space by name instead of splitting it (B7)", () => {
    const r = campaignFormSchema.safeParse({ ...base, discountCodes: "holiday10, xmas 5" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!).discountCodes).toBe(
      '"XMAS 5" has a space: discount codes cannot contain spaces. Separate codes with commas.',
    );
  });

  it("refuses what cannot be sent, with the field at fault", () => {
    const bad = (extra: Record<string, unknown>) => {
      const r = campaignFormSchema.safeParse({ ...base, ...extra });
      return r.success ? [] : r.error.issues.map((i) => String(i.path[0]));
    };
    expect(bad({ segments: "[]" })).toContain("segments");
    expect(bad({ segments: "not json" })).toContain("segments");
    expect(
      bad({
        segments: JSON.stringify([
          { segmentId: 1, holdoutPercent: 0 },
          { segmentId: 1, holdoutPercent: 0 },
        ]),
      }),
    ).toContain("segments");
    expect(bad({ segments: JSON.stringify([{ segmentId: 1, holdoutPercent: 80 }]) })).toContain("segments");
    expect(bad({ testPercent: "60" })).toContain("testPercent");
    expect(bad({ testWaitMinutes: "1" })).toContain("testWaitMinutes");
    expect(bad({ when: "later", scheduledLocal: "tomorrow" })).toContain("scheduledLocal");
    expect(bad({ quietHours: "on", quietStart: "9", quietEnd: "9" })).toContain("quietEnd");
    expect(bad({ name: "  " })).toContain("name");
    expect(bad({ mapping: "{" })).toContain("mapping");
    expect(bad({})).toEqual([]);
  });
});
