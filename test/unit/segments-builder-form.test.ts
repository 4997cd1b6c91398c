// The builder's form checks that the segment schema alone does not make (issue 15, B16): a share or a sample of 0%,
// a segment both included and excluded, and default names that are free among the shop's segments.
import { describe, expect, it } from "vitest";
import {
  defaultForm,
  defaultName,
  paramsToForm,
  parseBuilderForm,
  uniqueName,
  type BuilderForms,
} from "../../app/segments/builder-form";
import { SEGMENT_KINDS } from "../../app/segments/definitions";

const saleShopper = (minSharePercent: string): BuilderForms["sale_shopper"] => ({
  ...defaultForm("sale_shopper"),
  minSharePercent,
});

describe("parseBuilderForm: B16 checks", () => {
  it("rejects a 0% sale share at its field, accepts any share above it", () => {
    for (const zero of ["0", "0.0", " 0 "]) {
      const parsed = parseBuilderForm("sale_shopper", saleShopper(zero), 2);
      expect(parsed).toEqual({ ok: false, fieldErrors: { minSharePercent: expect.stringMatching(/above 0%/) } });
    }
    const small = parseBuilderForm("sale_shopper", saleShopper("0.5"), 2);
    expect(small.ok && small.params.minShare).toBe(0.005);
    // out of range is still the range message
    const over = parseBuilderForm("sale_shopper", saleShopper("150"), 2);
    expect(over).toEqual({ ok: false, fieldErrors: { minSharePercent: "Enter a percentage between 0 and 100" } });
  });

  it("rejects a 0% sample at its field", () => {
    const form = { ...defaultForm("sample"), segmentId: "7", percent: "0" };
    for (const zero of ["0", "0.001"]) {
      expect(parseBuilderForm("sample", { ...form, percent: zero }, 2)).toEqual({
        ok: false,
        fieldErrors: { percent: expect.stringMatching(/above 0/) },
      });
    }
    const ok = parseBuilderForm("sample", { ...form, percent: "0.5" }, 2);
    expect(ok.ok && ok.params.percent).toBe(0.5);
  });

  it("rejects a combination that includes and excludes the same segment", () => {
    const form: BuilderForms["combination"] = { op: "or", segmentIds: ["3", "4"], exclude: ["4"] };
    expect(parseBuilderForm("combination", form, 2)).toEqual({
      ok: false,
      fieldErrors: { exclude: expect.stringMatching(/both included and excluded/) },
    });
    const ok = parseBuilderForm("combination", { ...form, exclude: ["5"] }, 2);
    expect(ok.ok && ok.params).toEqual({ op: "or", segmentIds: [3, 4], exclude: [5] });
  });

  it("still parses every kind's default form the same way (campaign follow-ups included)", () => {
    expect(SEGMENT_KINDS).toContain("campaign_response");
    const followUp = parseBuilderForm("campaign_response", defaultForm("campaign_response"), 2);
    expect(followUp).toEqual({ ok: true, params: { campaignId: null, withinDays: 30, didNot: "read" } });
    const back = followUp.ok ? paramsToForm("campaign_response", followUp.params, 2) : null;
    expect(back).toEqual(defaultForm("campaign_response"));
  });

  it("engagement: the default form is the documented rule, round-trips, and shows errors under the fields", () => {
    const parsed = parseBuilderForm("engagement", defaultForm("engagement"), 2);
    expect(parsed).toEqual({
      ok: true,
      params: {
        tiers: ["highly"],
        windowDays: 90,
        highMinReplies: 1,
        highMinClicks: 1,
        highMinReadPercent: 50,
        highMinReached: 2,
        moderateMinReads: 1,
      },
    });
    expect(parsed.ok ? paramsToForm("engagement", parsed.params, 2) : null).toEqual(defaultForm("engagement"));
    const bad = parseBuilderForm(
      "engagement",
      { ...defaultForm("engagement"), tiers: [], windowDays: "0", highMinReadPercent: "120", highMinClicks: "x" },
      2,
    );
    expect(bad).toEqual({
      ok: false,
      fieldErrors: {
        tiers: "Choose at least one engagement level",
        windowDays: "The number of days must be at least 1",
        highMinReadPercent: "The read share must be at most 100",
        highMinClicks: "Enter the number of clicks as a whole number",
      },
    });
    // levels are stored in the judging order, whatever order they were ticked in
    const order = parseBuilderForm(
      "engagement",
      { ...defaultForm("engagement"), tiers: ["never_messaged", "highly"] },
      2,
    );
    expect(order.ok && order.params.tiers).toEqual(["highly", "never_messaged"]);
  });
});

describe("default names", () => {
  it("keeps the kind's name when it is free", () => {
    expect(defaultName("sale_shopper", ["Regulars", "High AOV"])).toBe("Sale shoppers");
  });

  it("appends the first free number, comparing names as the server does (case and spacing aside)", () => {
    expect(defaultName("sale_shopper", ["sale  shoppers"])).toBe("Sale shoppers 2");
    expect(defaultName("sale_shopper", ["Sale shoppers", "Sale shoppers 2", "SALE SHOPPERS 3"])).toBe(
      "Sale shoppers 4",
    );
  });

  it("avoids the band names an order-value tier set would create", () => {
    expect(defaultName("aov_tier", ["Order value – mid"])).toBe("Order value 2");
    expect(defaultName("aov_tier", ["Order value – high", "Order value 2"])).toBe("Order value 3");
  });

  it("stays within the 100-character limit", () => {
    const long = "x".repeat(100);
    const name = uniqueName(`Copy of ${long}`, [`Copy of ${long}`.slice(0, 100)]);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith(" 2")).toBe(true);
  });
});
