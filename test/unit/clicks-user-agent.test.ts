// Which User-Agents count as a person's click (app/engagement/user-agent.ts) and the link tags
// (app/engagement/link-ref.server.ts): previewers and crawlers never count; a tag is bound to shop and recipient.
import { describe, expect, it } from "vitest";
import { isBot, uaClass } from "../../app/engagement/user-agent";
import { clickTrackingFor } from "../../app/engagement/link-mode";
import { renderComponents } from "../../app/whatsapp/mapping";
import { linkTag, parseShortRef, shortRef, verifyLinkTag } from "../../app/engagement/link-ref.server";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const CUBOT =
  "Mozilla/5.0 (Linux; Android 12; CUBOT X70) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
const MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
// WhatsApp in-app browsing on Android adds "WhatsApp/…" at the end of a real browser's agent: a person.
const WHATSAPP_IN_APP = `${ANDROID} WhatsApp/2.24.12.78`;

describe("bot classifier", () => {
  it.each([
    ["WhatsApp link preview", "WhatsApp/2.23.20.0 A"],
    ["WhatsApp link preview (iOS)", "WhatsApp/2.24.10.74 i"],
    ["Facebook", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"],
    ["Facebot", "Facebot"],
    ["Slack", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
    ["Twitter", "Twitterbot/1.0"],
    ["Telegram", "TelegramBot (like TwitterBot)"],
    ["Discord", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"],
    ["Google", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
    ["Bing", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"],
    ["generic bot", "AhrefsBot/7.0"],
    ["crawler", "Mozilla/5.0 (compatible; SomeCrawler/1.0)"],
    ["spider", "Baiduspider+(+http://www.baidu.com/search/spider.htm)"],
    [
      "preview",
      "Mozilla/5.0 (compatible; Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)) Preview",
    ],
    [
      "headless Chrome",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
    ],
    ["no agent", ""],
  ])("%s is not a click", (_name, ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it("missing agent is not a click", () => {
    expect(isBot(null)).toBe(true);
    expect(isBot(undefined)).toBe(true);
  });

  it.each([
    ["iPhone Safari", IPHONE],
    ["Android Chrome", ANDROID],
    ["a Cubot phone", CUBOT],
    ["desktop Chrome", MAC],
    ["WhatsApp's in-app browser", WHATSAPP_IN_APP],
  ])("%s is a person", (_name, ua) => {
    expect(isBot(ua)).toBe(false);
  });

  it("classes devices coarsely", () => {
    expect(uaClass(IPHONE)).toBe("mobile");
    expect(uaClass(ANDROID)).toBe("mobile");
    expect(uaClass(MAC)).toBe("desktop");
    expect(uaClass("curl/8.0")).toBe("other");
  });
});

describe("link tags", () => {
  it("binds the tag to shop and recipient", () => {
    const tag = linkTag(7, 123456789n);
    expect(tag).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(verifyLinkTag(7, 123456789n, tag)).toBe(true);
    expect(verifyLinkTag(8, 123456789n, tag)).toBe(false);
    expect(verifyLinkTag(7, 123456788n, tag)).toBe(false);
    expect(verifyLinkTag(7, 123456789n, `${tag.slice(0, 11)}${tag[11] === "A" ? "B" : "A"}`)).toBe(false);
    expect(verifyLinkTag(7, 123456789n, null)).toBe(false);
  });

  it("round-trips a short ref and keeps the shop of a mangled one", () => {
    const id = 900_719_925_474_099_312n; // above 2^53
    const ref = shortRef(42, id);
    expect(ref.length).toBeLessThan(32);
    expect(parseShortRef(ref)).toEqual({ shopId: 42, recipientId: id, verified: true });
    const [shop, rcpt] = ref.split(".");
    expect(parseShortRef(`${shop}.${rcpt}.AAAAAAAAAAAA`)).toEqual({ shopId: 42, recipientId: id, verified: false });
    expect(parseShortRef(`${shop}.${rcpt}`)).toEqual({ shopId: 42, recipientId: null, verified: false });
    expect(parseShortRef(`${shop}`)).toEqual({ shopId: 42, recipientId: null, verified: false });
    expect(parseShortRef("")).toBeNull();
    expect(parseShortRef("%2F%2Fevil.com")).toBeNull();
    expect(parseShortRef("zzzzzzzzzz.1.x")).toBeNull();
  });
});

describe("which way a URL button is tracked", () => {
  const ORIGIN = "https://links.segwa.test";
  it.each([
    ["https://green-leaf.com/{{1}}", "embed"],
    ["https://green-leaf.myshopify.com/products/{{1}}", "embed"],
    ["https://links.segwa.test/l/{{1}}", "redirect"],
    ["https://LINKS.segwa.test/l/{{1}}", "redirect"],
    ["https://links.segwa.test/l/x{{1}}", "none"],
    ["https://links.segwa.test/other/{{1}}", "none"],
    ["https://green-leaf.com/sale", "none"],
    ["https://{{1}}", "none"],
    ["{{1}}", "none"],
  ])("%s → %s", (url, mode) => {
    expect(clickTrackingFor(url, ORIGIN).mode).toBe(mode);
  });

  it("renders rk on store links and the short ref on redirect links", () => {
    const template = (url: string) => ({
      name: "t",
      language: "en",
      parameterFormat: "POSITIONAL",
      components: [{ type: "BUTTONS", buttons: [{ type: "URL", text: "Shop", url }] }],
    });
    const mapping = {
      version: 1 as const,
      params: { "button.0": { kind: "text" as const, text: "collections/sale" } },
    };
    const ctx = {
      currency: "USD",
      currencyExponent: 2,
      locale: "en",
      timeZone: "UTC",
      campaignId: 9,
      recipientRef: "123",
      linkTag: "AbCdEfGhIjKl",
      shortRef: "7.3f.AbCdEfGhIjKl",
      linkOrigin: ORIGIN,
    };
    const param = (url: string) => {
      const b = renderComponents(template(url), mapping, {}, ctx).components[0] as { parameters: [{ text: string }] };
      return b.parameters[0].text;
    };
    expect(param("https://green-leaf.com/{{1}}")).toBe(
      "collections/sale?utm_source=whatsapp&utm_medium=campaign&utm_campaign=9&r=123&rk=AbCdEfGhIjKl",
    );
    expect(param(`${ORIGIN}/l/{{1}}`)).toBe("7.3f.AbCdEfGhIjKl");
  });
});
