// Every error code of apis.md A5 is classified (retry / permanent / stop) as the reference's policy column
// says, and the rate-limit codes carry the pacing signals the campaign dispatcher needs.
import { describe, expect, it } from "vitest";
import { CLASSIFIED_CODES, errorPolicy, RATE_LIMIT_CODES, WhatsAppApiError } from "../../app/whatsapp/errors";

// The reference table: code → R (retry) / P (permanent) / S (stop). Codes whose handling is "pause" are stop
// with a narrower scope; 131047 / 131049 / 131050 are permanent for that recipient.
const TABLE: Record<string, number[]> = {
  stop: [0, 190, 3, 10, 200, 250, 299, 131005, 368, 131031, 131042, 131045, 133010, 131048, 131063, 131064, 132015],
  retry: [4, 80007, 130429, 131000, 131016, 131056, 131057],
  permanent: [
    100, 130403, 130472, 130497, 131008, 131009, 131021, 131026, 131047, 131049, 131050, 131051, 131052, 131053, 132000,
    132001, 132005, 132007, 132012, 132016, 135000,
  ],
};

describe("error policy", () => {
  for (const [cls, codes] of Object.entries(TABLE)) {
    it(`classifies ${codes.join(", ")} as ${cls}`, () => {
      for (const code of codes) expect([code, errorPolicy(code).class]).toEqual([code, cls]);
    });
  }

  it("has an explicit policy for every code of the reference table", () => {
    const listed = [...TABLE.stop!, ...TABLE.retry!, ...TABLE.permanent!].filter((c) => c < 200 || c > 299);
    for (const code of listed) expect(CLASSIFIED_CODES).toContain(code);
  });

  it("exposes the pacing signals with Meta's minimum waits", () => {
    expect(errorPolicy(RATE_LIMIT_CODES.throughput)).toMatchObject({
      scope: "number",
      pacing: "throughput",
      retryAfterMs: 1000,
    });
    expect(errorPolicy(RATE_LIMIT_CODES.pairRate)).toMatchObject({
      scope: "recipient",
      pacing: "pair_rate",
      retryAfterMs: 6000,
    });
    expect(errorPolicy(RATE_LIMIT_CODES.perUserMarketingCap)).toMatchObject({
      pacing: "per_user_marketing_cap",
      contactEffect: "cool_down",
      retryAfterMs: 86_400_000,
    });
    expect(errorPolicy(RATE_LIMIT_CODES.spamRateLimit)).toMatchObject({
      class: "stop",
      scope: "number",
      pacing: "spam_rate_limit",
    });
    expect(errorPolicy(131050).contactEffect).toBe("opt_out");
    expect(errorPolicy(131026).contactEffect).toBe("unreachable");
  });

  it("treats an unknown code like Meta's generic error and a lost answer as unknown outcome", () => {
    expect(errorPolicy(987654)).toMatchObject({ class: "retry", maxAttempts: 3 });
    const lost = new WhatsAppApiError("socket hang up", null, null);
    expect(lost.class).toBe("retry");
    expect(lost.outcomeUnknown).toBe(true);
    const limited = new WhatsAppApiError("(#130429) Rate limit hit", 130429, 400);
    expect(limited.isThroughputLimit && !limited.outcomeUnknown).toBe(true);
  });
});
