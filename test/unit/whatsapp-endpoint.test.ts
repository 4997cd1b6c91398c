import { describe, expect, it } from "vitest";
import { sendEndpointFor } from "../../app/whatsapp/endpoint";

describe("send endpoint by template category (Meta: route template messages by category)", () => {
  it("MARKETING goes to /marketing_messages, whatever the case of the stored category", () => {
    expect(sendEndpointFor("MARKETING")).toBe("marketing_messages");
    expect(sendEndpointFor("marketing")).toBe("marketing_messages");
  });
  it("every other category, or none, goes to /messages", () => {
    for (const c of ["UTILITY", "AUTHENTICATION", "SERVICE", "", null, undefined])
      expect(sendEndpointFor(c)).toBe("messages");
  });
});
