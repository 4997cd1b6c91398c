// The values template parameters are bound to: loaded for a batch of recipients in one statement (last order,
// last and most purchased product, segment name), empty values counted over a segment's members before
// sending, and the default mapping saved per template only when it is valid.
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { countEmptyParameters, loadRecipientFields } from "../../app/whatsapp/fields.server";
import { asTemplateLike, renderComponents, type TemplateMapping } from "../../app/whatsapp/mapping";
import { getTemplate, saveDefaultMapping } from "../../app/whatsapp/templates.server";
import { demoTemplates } from "../simulators/whatsapp/index";
import { createTestShop } from "../setup/shops";

let shop: Shop;
let segmentId: number;
let templateId: number;

beforeAll(async () => {
  shop = await createTestShop({ currency: "EUR" });
  const q = (sql: string, params: unknown[] = []) => pool().query(sql, [shop.id, ...params]);
  await q(`UPDATE shops SET name = 'Green Leaf' WHERE id = $1`);
  await q(
    `INSERT INTO customers (shop_id, id, first_name, last_name, phone_e164, phone_valid, country_code, orders_count, net_spent_minor, aov_minor, last_order_at) VALUES
     ($1, 9007199254740993, 'Ana', 'Silva', '+351912345678', true, 'PT', 2, 15000, 7500, '2026-03-01T10:00:00Z'),
     ($1, 2, NULL, 'Jones', '+447911123456', true, 'GB', 0, 0, 0, NULL),
     ($1, 3, 'Ben', NULL, NULL, NULL, 'GB', 1, 2000, 2000, '2026-01-01T10:00:00Z')`,
  );
  await q(
    `INSERT INTO products (shop_id, id, title, handle) VALUES ($1, 10, 'Linen Shirt', 'linen-shirt'), ($1, 11, 'Tea Mug', 'tea-mug')`,
  );
  await q(
    `INSERT INTO orders (shop_id, id, name, customer_id, total_minor, net_minor, shopify_created_at, processed_at, test, cancelled_at) VALUES
     ($1, 100, '#1001', 9007199254740993, 5000, 5000, '2026-01-10', '2026-01-10', false, NULL),
     ($1, 101, '#1002', 9007199254740993, 10000, 10000, '2026-03-01', '2026-03-01', false, NULL),
     ($1, 102, '#1003', 9007199254740993, 99999, 0, '2026-03-05', '2026-03-05', true, NULL)`,
  );
  await q(
    `INSERT INTO line_items (shop_id, id, order_id, product_id, title, quantity, current_quantity, price_minor) VALUES
     ($1, 1000, 100, 11, 'Tea Mug', 3, 3, 1000),
     ($1, 1001, 101, 10, 'Linen Shirt', 1, 1, 8000),
     ($1, 1002, 101, 11, 'Tea Mug', 1, 1, 2000),
     ($1, 1003, 102, 10, 'Linen Shirt', 9, 9, 8000)`,
  );
  const seg = await q(
    `INSERT INTO segments (shop_id, name, kind, updated_at) VALUES ($1, 'Lapsed tea lovers', 'product_specific', now()) RETURNING id`,
  );
  segmentId = seg.rows[0].id;
  await q(
    `INSERT INTO segment_members (shop_id, segment_id, customer_id) VALUES ($1, $2, 9007199254740993), ($1, $2, 2), ($1, $2, 3)`,
    [segmentId],
  );
  const spring = demoTemplates()[0]!;
  const t = await q(
    `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, parameter_format, components)
     VALUES ($1, $2, $3, $4, $5, 'APPROVED', $6, $7::jsonb) RETURNING id`,
    [
      spring.id,
      spring.name,
      spring.language,
      spring.category,
      spring.parameter_format,
      JSON.stringify(spring.components),
    ],
  );
  templateId = t.rows[0].id;
});

describe("loading field values", () => {
  it("loads a batch in one statement, with 64-bit ids intact and only counted orders", async () => {
    const rows = await loadRecipientFields({
      shopId: shop.id,
      recipients: [{ customerId: 9007199254740993n, segmentId }, { customerId: "2" }, { customerId: "404" }],
      fields: [
        "customer.first_name",
        "customer.full_name",
        "order.last_name",
        "order.last_total",
        "product.last_title",
        "product.last_path",
        "product.top_title",
        "segment.name",
        "shop.name",
        "customer.total_spent",
      ],
    });
    expect([...rows.keys()].sort()).toEqual(["2", "9007199254740993"]);
    expect(rows.get("9007199254740993")).toEqual({
      "customer.first_name": "Ana",
      "customer.full_name": "Ana Silva",
      "order.last_name": "#1002", // #1003 is a test order
      "order.last_total": "10000",
      "product.last_title": "Linen Shirt", // the biggest line of the last order
      "product.last_path": "products/linen-shirt",
      "product.top_title": "Tea Mug", // 4 mugs bought across orders
      "segment.name": "Lapsed tea lovers",
      "shop.name": "Green Leaf",
      "customer.total_spent": "15000",
    });
    expect(rows.get("2")).toMatchObject({
      "customer.first_name": null,
      "order.last_name": null,
      "segment.name": null,
      "customer.total_spent": null,
    });
  });

  it("renders a customer's message from the loaded row", async () => {
    const t = (await getTemplate(shop.id, templateId))!;
    const rows = await loadRecipientFields({
      shopId: shop.id,
      recipients: [{ customerId: "9007199254740993" }],
      fields: ["customer.first_name", "product.last_path"],
    });
    const mapping: TemplateMapping = {
      version: 1,
      params: {
        header: { kind: "media", link: "https://cdn.example.com/a.jpg" },
        "body.1": { kind: "field", field: "customer.first_name", fallback: "there" },
        "body.2": { kind: "text", text: "20%" },
        "body.3": { kind: "text", text: "Sunday" },
        "button.0": { kind: "field", field: "product.last_path", fallback: "collections/all" },
        "button.1": { kind: "payload", payload: "SEGWA_STOP" },
      },
    };
    const r = renderComponents(asTemplateLike(t), mapping, rows.get("9007199254740993")!, {
      currency: "EUR",
      currencyExponent: 2,
      locale: "en",
      timeZone: "UTC",
      campaignId: 5,
      recipientRef: "a1",
    });
    expect(JSON.stringify(r.components)).toContain(
      "products/linen-shirt?utm_source=whatsapp&utm_medium=campaign&utm_campaign=5&r=a1",
    );
  });
});

describe("empty values before sending", () => {
  const mapping: TemplateMapping = {
    version: 1,
    params: {
      header: { kind: "media", link: "https://cdn.example.com/a.jpg" },
      "body.1": { kind: "field", field: "customer.first_name", fallback: "there" },
      "body.2": { kind: "field", field: "order.last_name", fallback: "" },
      "body.3": { kind: "text", text: "Sunday" },
      "button.0": { kind: "field", field: "product.last_path", fallback: "collections/all" },
      "button.1": { kind: "payload", payload: "SEGWA_STOP" },
    },
  };

  it("counts, over a segment's reachable members, fallbacks and values left empty", async () => {
    const t = (await getTemplate(shop.id, templateId))!;
    const counts = await countEmptyParameters({ shopId: shop.id, template: asTemplateLike(t), mapping, segmentId });
    // Ben (3) has no phone: not counted. Jones (2) has no first name and no orders.
    expect(counts.total).toBe(2);
    expect(counts.slots).toEqual([
      { slot: "body.1", label: "Body {{1}}", usingFallback: 1, empty: 0 },
      { slot: "body.2", label: "Body {{2}}", usingFallback: 0, empty: 1 },
      { slot: "button.0", label: "“Shop now” button link", usingFallback: 1, empty: 0 },
    ]);
    const all = await countEmptyParameters({ shopId: shop.id, template: asTemplateLike(t), mapping, segmentId: null });
    expect(all.total).toBe(2);
  });
});

describe("the default mapping", () => {
  it("is saved only when every parameter has a valid value", async () => {
    const bad = await saveDefaultMapping(shop.id, templateId, {
      version: 1,
      params: { "body.1": { kind: "text", text: "" } },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.issues.map((i) => i.slot)).toEqual(["header", "body.1", "body.2", "body.3", "button.0", "button.1"]);
    const other = await createTestShop();
    expect((await saveDefaultMapping(other.id, templateId, { version: 1, params: {} })).ok).toBe(false); // not its template
    const good: TemplateMapping = {
      version: 1,
      params: {
        header: { kind: "media", link: "https://cdn.example.com/a.jpg" },
        "body.1": { kind: "field", field: "customer.first_name", fallback: "there" },
        "body.2": { kind: "text", text: "20%" },
        "body.3": { kind: "text", text: "Sunday" },
        "button.0": { kind: "field", field: "product.last_path", fallback: "collections/all" },
        "button.1": { kind: "payload", payload: "SEGWA_STOP" },
      },
    };
    expect(await saveDefaultMapping(shop.id, templateId, good)).toEqual({ ok: true });
    expect((await getTemplate(shop.id, templateId))!.defaultMapping).toEqual(good);
  });
});
