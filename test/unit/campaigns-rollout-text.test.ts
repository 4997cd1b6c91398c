// The campaign page's one-line rollout rule: the optional reply and click minimums appear only when set.
import { describe, expect, it } from "vitest";
import { rolloutRuleText } from "../../app/campaigns/labels";

const base = {
  testShare: 0.1,
  testWaitMinutes: 60,
  rolloutMinDeliveryRate: 0.9,
  rolloutMaxOptOutRate: 0.02,
  rolloutMinReplyRate: null,
  rolloutMinClickRate: null,
};

describe("rolloutRuleText", () => {
  it("names delivery and opt-outs, and the reply and click minimums when set", () => {
    expect(rolloutRuleText(base)).toBe("10%, then wait 60 min; roll out if delivery ≥ 90% and opt-outs ≤ 2%");
    expect(rolloutRuleText({ ...base, rolloutMinReplyRate: 0.015, rolloutMinClickRate: 0.02 })).toBe(
      "10%, then wait 60 min; roll out if delivery ≥ 90%, opt-outs ≤ 2%, replies ≥ 1.5% and clicks ≥ 2%",
    );
    expect(rolloutRuleText({ ...base, rolloutMinClickRate: 0.05 })).toBe(
      "10%, then wait 60 min; roll out if delivery ≥ 90%, opt-outs ≤ 2% and clicks ≥ 5%",
    );
  });

  it("says none without a test share", () => {
    expect(rolloutRuleText({ ...base, testShare: 0, rolloutMinReplyRate: 0.01 })).toBe("none");
  });
});
