// Reporting clarity (issue 15): a positive ROI beside an incremental revenue the holdout does not back is
// explained, with the ROI on the measured revenue; a lift that backs the ROI needs no note.
import { describe, expect, it } from "vitest";
import type { CampaignReport } from "../../app/attribution/report.server";
import { roiVersusLift } from "../../app/components/campaigns/ReportLift";

function report(incremental: { estimate: number; low: number; high: number } | null): CampaignReport {
  return {
    currency: "USD",
    exponent: 2,
    totals: { roi: 12.5, costMinor: "1000" },
    lift: incremental ? { campaign: { incrementalRevenue: incremental } } : null,
  } as unknown as CampaignReport;
}

describe("roiVersusLift", () => {
  it("explains a positive ROI beside a negative incremental revenue", () => {
    const note = roiVersusLift(report({ estimate: -5000, low: -20000, high: 10000 }))!;
    expect(note).toContain("The ROI of 1,250% counts every credited order");
    expect(note).toContain("−$50.00 (95% interval −$200.00 to +$100.00)");
    expect(note).toContain("held-out customers bought about as much or more");
    expect(note).toContain("the ROI would be -600%");
  });

  it("says so when the interval includes nothing added", () => {
    expect(roiVersusLift(report({ estimate: 3000, low: -1000, high: 7000 }))).toContain("includes nothing added");
  });

  it("stays silent when the lift backs the ROI or there is no holdout", () => {
    expect(roiVersusLift(report({ estimate: 3000, low: 1000, high: 7000 }))).toBeNull();
    expect(roiVersusLift(report(null))).toBeNull();
  });
});
