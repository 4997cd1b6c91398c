// STOP-like keywords match the whole message only (case, accents, punctuation and emoji ignored), in several
// languages; the merchant's settings validate with readable messages.
import { describe, expect, it } from "vitest";
import {
  consentSettingsSchema,
  DEFAULT_CONSENT_SETTINGS,
  keywordIntent,
  normalizeKeyword,
} from "../../app/consent/settings";
import { inboundIntent } from "../../app/whatsapp/webhooks.server";
import { OPT_OUT_PAYLOAD } from "../../app/whatsapp/mapping";

const s = DEFAULT_CONSENT_SETTINGS;

describe("keywords", () => {
  it("opts out on a whole-message keyword in several languages", () => {
    for (const text of [
      "STOP",
      "stop",
      " Stop! ",
      "🛑 stop 🛑",
      "Unsubscribe.",
      "BAJA",
      "Arrêt",
      "ARRETER",
      "stopp",
      "Abmelden",
      "parar",
      "توقف",
    ]) {
      expect([text, keywordIntent(text, s)]).toEqual([text, "opt_out"]);
    }
  });

  it("does not opt out when the keyword is only part of the message", () => {
    for (const text of [
      "don't stop",
      "please don't stop sending",
      "stop by the shop tomorrow?",
      "STOPPED",
      "non-stop",
    ]) {
      expect([text, keywordIntent(text, s)]).toEqual([text, null]);
    }
  });

  it("opts back in on START-like keywords", () => {
    expect(keywordIntent("START", s)).toBe("opt_in");
    expect(keywordIntent("Unstop", s)).toBe("opt_in");
    expect(keywordIntent("start now", s)).toBeNull();
  });

  it("normalises case, accents and spacing", () => {
    expect(normalizeKeyword("  Désinscrire   MOI!! ")).toBe("desinscrire moi");
  });

  it("recognises our opt-out quick reply and stop-like button text, not other buttons", () => {
    const base = { from: "447700900123", id: "wamid.x", timestamp: "1" };
    expect(
      inboundIntent({ ...base, type: "button", button: { payload: OPT_OUT_PAYLOAD, text: "Not interested" } }, s)
        ?.intent,
    ).toBe("opt_out");
    expect(
      inboundIntent({ ...base, type: "button", button: { payload: "QUICK_REPLY_0", text: "Stop promotions" } }, s)
        ?.intent,
    ).toBe("opt_out");
    expect(
      inboundIntent({ ...base, type: "button", button: { payload: "QUICK_REPLY_0", text: "Tell me more" } }, s),
    ).toBeNull();
    expect(
      inboundIntent(
        {
          ...base,
          type: "interactive",
          interactive: { type: "button_reply", button_reply: { id: OPT_OUT_PAYLOAD, title: "No thanks" } },
        },
        s,
      )?.source,
    ).toBe("whatsapp_button");
    expect(inboundIntent({ ...base, type: "image" }, s)).toBeNull();
  });
});

describe("consent settings", () => {
  it("parses the Settings form (comma-separated keywords, checkboxes as strings)", () => {
    const parsed = consentSettingsSchema.parse({
      countShopifySmsConsent: "true",
      optInTag: " vip-whatsapp ",
      writeBackOptOuts: "false",
      stopKeywords: "STOP, Halt!, stop",
      startKeywords: "go",
      sendConfirmations: "true",
      optOutReply: "",
    });
    expect(parsed).toMatchObject({
      countShopifySmsConsent: true,
      optInTag: "vip-whatsapp",
      writeBackOptOuts: false,
      stopKeywords: ["stop", "halt"],
      startKeywords: ["go"],
    });
    expect(parsed.optOutReply).toBe(DEFAULT_CONSENT_SETTINGS.optOutReply);
  });

  it("refuses a tag with a comma", () => {
    const r = consentSettingsSchema.safeParse({ optInTag: "a,b" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("A tag cannot contain a comma");
  });
});
