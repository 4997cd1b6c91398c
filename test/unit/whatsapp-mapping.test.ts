// The mapping renderer builds exactly the `components` the Cloud API accepts (checked with the simulator's
// validator, which rejects what Meta rejects), formats values in the shop's currency and the template's
// language, tags URL buttons for attribution and reports empty parameters.
import { describe, expect, it } from "vitest";
import { demoTemplates, type SimTemplate } from "../simulators/whatsapp/index";
import { validateTemplateSend } from "../simulators/whatsapp/templates";
import {
  asTemplateLike,
  formatField,
  mappingIssues,
  OPT_OUT_PAYLOAD,
  previewTemplate,
  renderComponents,
  suggestMapping,
  mappingState,
  parametersToMap,
  templateSlots,
  withTracking,
  type FieldRow,
  type RenderContext,
  type TemplateLike,
  type TemplateMapping,
} from "../../app/whatsapp/mapping";
import { opaqueFor, recipientIdFromOpaque, recipientIdFromRef, recipientRef } from "../../app/whatsapp/refs";

const like = (t: SimTemplate): TemplateLike =>
  asTemplateLike({ name: t.name, language: t.language, parameterFormat: t.parameter_format, components: t.components });
const [springSim, missYouSim, shippedSim] = demoTemplates();
const spring = like(springSim!);
const missYou = like(missYouSim!);
const shipped = like(shippedSim!);

const ctx: RenderContext = {
  currency: "EUR",
  currencyExponent: 2,
  locale: "de-DE",
  timeZone: "Europe/Berlin",
  shopName: "Green Leaf",
  campaignId: 42,
  recipientRef: "2n9c",
};

const row: FieldRow = {
  "customer.first_name": "Maria",
  "customer.total_spent": "1234599",
  "order.last_date": "2026-03-31T22:30:00Z",
  "product.last_path": "products/tee shirt",
};

const springMapping: TemplateMapping = {
  version: 1,
  params: {
    header: { kind: "media", link: "https://cdn.example.com/spring.jpg" },
    "body.1": { kind: "field", field: "customer.first_name", fallback: "there" },
    "body.2": { kind: "field", field: "customer.total_spent", fallback: "" },
    "body.3": { kind: "field", field: "order.last_date", fallback: "soon" },
    "button.0": { kind: "field", field: "product.last_path", fallback: "collections/all" },
    "button.1": { kind: "payload", payload: OPT_OUT_PAYLOAD },
  },
};

describe("template slots", () => {
  it("lists the image header, three numbered body variables, the dynamic URL button and the quick reply", () => {
    expect(templateSlots(spring).map((s) => `${s.id}:${s.kind}`)).toEqual([
      "header:media",
      "body.1:text",
      "body.2:text",
      "body.3:text",
      "button.0:url",
      "button.1:quick_reply",
    ]);
    expect(templateSlots(spring).find((s) => s.id === "button.0")?.example).toBe("spring26");
  });

  it("uses parameter names for NAMED templates; a static URL button needs nothing", () => {
    expect(templateSlots(missYou).map((s) => s.id)).toEqual([
      "header",
      "body.discount",
      "body.shop_name",
      "body.code",
      "button.1",
    ]);
  });
});

describe("renderComponents", () => {
  it("builds a request the Cloud API accepts, with formatted money and dates and a tracked URL", () => {
    const r = renderComponents(spring, springMapping, row, ctx);
    expect(r.missing).toEqual([]);
    const hydrated = validateTemplateSend(springSim!, {
      name: spring.name,
      language: { code: spring.language },
      components: r.components,
    });
    expect(hydrated.body).toBe("Hi Maria, everything in our spring collection is 12.345,99 € off until 1. April 2026.");
    expect(hydrated.urls[0]).toBe(
      "https://shop.example.com/products/tee%20shirt?utm_source=whatsapp&utm_medium=campaign&utm_campaign=42&r=2n9c",
    );
    const qr = r.components.find((c) => c.type === "button" && c.sub_type === "quick_reply");
    expect(qr).toEqual({
      type: "button",
      sub_type: "quick_reply",
      index: "1",
      parameters: [{ type: "payload", payload: OPT_OUT_PAYLOAD }],
    });
  });

  it("uses the fallback when a customer has no value, and reports a parameter left empty", () => {
    const r = renderComponents(spring, springMapping, { "customer.first_name": "  " }, ctx);
    expect(r.usedFallback).toEqual(["body.1", "body.3", "button.0"]);
    expect(r.missing).toEqual(["body.2"]); // total spent has no fallback: the API would refuse it (131008)
    expect(() =>
      validateTemplateSend(springSim!, {
        name: spring.name,
        language: { code: spring.language },
        components: r.components,
      }),
    ).toThrow(/131008|missing text/);
  });

  it("gives NAMED templates parameter_name, shortens the header to 60 characters and collapses whitespace", () => {
    const mapping: TemplateMapping = {
      version: 1,
      params: {
        header: { kind: "field", field: "customer.first_name", fallback: "friend" },
        "body.discount": { kind: "text", text: "15%" },
        "body.shop_name": { kind: "field", field: "shop.name", fallback: "" },
        "body.code": { kind: "text", text: "COME\nBACK\t15" },
        "button.1": { kind: "payload", payload: OPT_OUT_PAYLOAD },
      },
    };
    const r = renderComponents(missYou, mapping, { "customer.first_name": "M".repeat(80) }, { ...ctx, locale: "en" });
    expect(r.missing).toEqual([]);
    const body = r.components.find((c) => c.type === "body")!;
    expect(body.parameters).toEqual([
      { type: "text", text: "15%", parameter_name: "discount" },
      { type: "text", text: "Green Leaf", parameter_name: "shop_name" },
      { type: "text", text: "COME BACK 15", parameter_name: "code" },
    ]);
    const hydrated = validateTemplateSend(missYouSim!, {
      name: missYou.name,
      language: { code: "en" },
      components: r.components,
    });
    expect(hydrated.header!.length).toBeLessThanOrEqual(60);
  });

  it("is deterministic: the same inputs give the same request", () => {
    expect(renderComponents(spring, springMapping, row, ctx)).toEqual(
      renderComponents(spring, springMapping, row, ctx),
    );
  });
});

describe("mapping helpers", () => {
  it("suggests a first-name greeting and the opt-out payload for a stop button, never Meta's examples (B8)", () => {
    const m = suggestMapping(spring);
    expect(m.params["body.1"]).toEqual({ kind: "field", field: "customer.first_name", fallback: "there" });
    expect(m.params["button.1"]).toEqual({ kind: "payload", payload: OPT_OUT_PAYLOAD });
    // "20%", "March 31", the sample image and the sample link ending are Meta's examples: left for the merchant to map.
    expect(m.params["body.2"]).toBeUndefined();
    expect(m.params.header).toBeUndefined();
    expect(m.params["button.0"]).toBeUndefined();
    expect(mappingIssues(spring, m).map((i) => i.slot)).toEqual(["header", "body.2", "body.3", "button.0"]);
    // order_shipped's {{2}} example "#1042" is an order name: bound to the customer's last order, not fixed.
    expect(suggestMapping(shipped).params["body.2"]).toEqual({ kind: "field", field: "order.last_name", fallback: "" });
    expect(mappingState(shipped, null)).toBe("unsaved");
    expect(parametersToMap(shipped, null)).toBe(2);
    expect(mappingState(shipped, suggestMapping(shipped))).toBe("saved");
    expect(mappingState(spring, m)).toBe("incomplete");
    expect(parametersToMap(spring, m)).toBe(4);
    expect(suggestMapping(missYou).params["body.shop_name"]).toEqual({
      kind: "field",
      field: "shop.name",
      fallback: "",
    });
  });

  it("reports unmapped, empty and mistyped bindings", () => {
    const issues = mappingIssues(shipped, {
      version: 1,
      params: { "body.1": { kind: "text", text: " " }, "body.2": { kind: "media", link: "x" } },
    });
    expect(issues.map((i) => i.slot)).toEqual(["body.1", "body.2"]);
    expect(mappingIssues(shipped, { version: 1, params: {} }).map((i) => i.message)).toEqual([
      "Body {{1}} is not mapped",
      "Body {{2}} is not mapped",
    ]);
  });

  it("keeps an existing query and fragment when adding tracking", () => {
    expect(withTracking("products/a?variant=1#reviews", "7", "z")).toBe(
      "products/a?variant=1&utm_source=whatsapp&utm_medium=campaign&utm_campaign=7&r=z#reviews",
    );
    expect(withTracking("", "preview")).toBe("?utm_source=whatsapp&utm_medium=campaign&utm_campaign=preview");
  });

  it("formats money exactly in minor units, countries and days since the last order", () => {
    const f = { currency: "JPY", currencyExponent: 0, locale: "en", timeZone: "Asia/Tokyo" };
    expect(formatField("customer.total_spent", "9007199254740993", f)).toBe("¥9,007,199,254,740,993");
    expect(formatField("customer.country", "gb", f)).toBe("United Kingdom");
    expect(
      formatField("customer.days_since_last_order", "2026-01-01T00:00:00Z", f, new Date("2026-01-31T12:00:00Z")),
    ).toBe("30");
  });

  it("previews the customer's message with the values filled in", () => {
    const p = previewTemplate(spring, renderComponents(spring, springMapping, row, ctx));
    expect(p.header).toEqual({ mediaFormat: "IMAGE", link: "https://cdn.example.com/spring.jpg" });
    expect(p.body).toContain("Hi Maria");
    expect(p.footer).toBe("Reply STOP to opt out");
    expect(p.buttons[0]!.url).toContain("utm_campaign=42&r=2n9c");
  });

  it("round-trips recipient references through the callback data and the URL", () => {
    const id = 9007199254740993n;
    expect(recipientIdFromOpaque(opaqueFor(id))).toBe(id);
    expect(recipientIdFromRef(recipientRef(id))).toBe(id);
    expect(recipientIdFromOpaque("some data")).toBeNull();
    expect(recipientIdFromRef("NOT-A-REF")).toBeNull();
  });
});
