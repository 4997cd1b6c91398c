import { describe, expect, it } from "vitest";
import { unknownNotice } from "../../app/campaigns/labels";

describe("unknown recipients notice", () => {
  it("says nothing when no recipient is unknown, and counts them with the reason otherwise", () => {
    expect(unknownNotice(0)).toBeNull();
    const n = unknownNotice(1234)!;
    expect(n.title).toBe("1,234 recipients with an unknown outcome");
    expect(n.body).toMatch(
      /^1,234 recipients may or may not have received the message: the worker stopped after sending the request and Meta's status never arrived\. They are not sent again/,
    );
  });
});
