// Issue 15 B4: a field error from the server disappears as soon as the merchant changes the field it is about,
// and stays while the field still holds what was sent.
import { describe, expect, it } from "vitest";
import { liveFieldErrors } from "../../app/campaigns/form";

const sent = {
  name: "",
  templateId: "",
  segments: [],
  mapping: { version: 1, params: {} },
  when: "later",
  scheduledLocal: "2020-01-01T10:00",
};
const errors = {
  name: "Name the campaign",
  templateId: "Choose a template",
  segments: "Choose at least one segment",
  mapping: "Body {{1}} needs a value",
  scheduledLocal: "That time has already passed",
  form: "Connect your WhatsApp number",
};

describe("liveFieldErrors", () => {
  it("keeps every error while nothing changed", () => {
    expect(liveFieldErrors(errors, sent, { ...sent })).toEqual(errors);
  });

  it("drops the name, template and segment errors once each field is fixed", () => {
    expect(liveFieldErrors(errors, sent, { ...sent, name: "Spring sale" })).not.toHaveProperty("name");
    const fixed = liveFieldErrors(errors, sent, { ...sent, templateId: "4", segments: [{ segmentId: 3 }] });
    expect(fixed).not.toHaveProperty("templateId");
    expect(fixed).not.toHaveProperty("segments");
    expect(fixed).not.toHaveProperty("mapping"); // a new template brings a new mapping
    expect(fixed).toHaveProperty("name");
    expect(fixed.form).toBe(errors.form);
  });

  it("drops the time error when the time or the choice of when changes", () => {
    expect(liveFieldErrors(errors, sent, { ...sent, scheduledLocal: "2031-01-01T10:00" })).not.toHaveProperty(
      "scheduledLocal",
    );
    expect(liveFieldErrors(errors, sent, { ...sent, when: "now" })).not.toHaveProperty("scheduledLocal");
  });

  it("shows the errors as they are before the first submit", () => {
    expect(liveFieldErrors(errors, null, sent)).toEqual(errors);
  });
});
