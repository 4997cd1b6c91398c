// The optInLevel our opt-ins carry when written back to Shopify's WhatsApp consent (customerWhatsAppMarketingConsentUpdate).
import { describe, expect, it } from "vitest";
import { optInLevelFor } from "../../app/consent/writeback.server";

describe("optInLevelFor", () => {
  it("a storefront opt-in confirmed from the customer's own WhatsApp is CONFIRMED_OPT_IN", () => {
    expect(optInLevelFor("whatsapp_confirm")).toBe("CONFIRMED_OPT_IN");
  });
  it("one-step opt-ins are SINGLE_OPT_IN", () => {
    for (const s of ["storefront", "whatsapp_keyword", "whatsapp_preferences"])
      expect(optInLevelFor(s)).toBe("SINGLE_OPT_IN");
  });
  it("a source that says nothing about how consent was asked is UNKNOWN", () => {
    expect(optInLevelFor("csv")).toBe("UNKNOWN");
    expect(optInLevelFor(null)).toBe("UNKNOWN");
  });
});
