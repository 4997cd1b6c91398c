// The access log (Shopify's level 2 "keep an access log to protected customer data", docs/privacy.md): each export
// and each view of personal data writes exactly one audit_events row for the shop and the staff user from the
// session token, another shop's log is untouched, customers/redact blanks whom an event was about, shop/redact
// erases the shop's log, and the daily retention run deletes events past AUDIT_RETENTION_DAYS.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { loader as exportLoader } from "../../app/routes/app.segments.$id.export";
import { loader as segmentLoader } from "../../app/routes/app.segments.$id._index";
import { loader as recipientsLoader } from "../../app/routes/app.campaigns_.$id.report_.recipients[.csv]";
import { loader as contactsLoader } from "../../app/routes/app.contacts";
import { loader as rejectedLoader } from "../../app/routes/app.contacts.imports.$id.rejected[.csv]";
import { loader as accessLogLoader } from "../../app/routes/app.settings_.access-log";
import { purgeShop, redactCustomer } from "../../app/compliance/compliance.server";
import { pruneAuditEvents } from "../../app/compliance/audit.server";
import { signExportLink } from "../../app/segments/members.server";
import { adminRequest } from "../setup/admin-request";
import { createTestShop } from "../setup/shops";
import { createRecipients } from "../setup/whatsapp";

let shopA: Shop;
let shopB: Shop;
let segmentId: number;
let campaignId: number;
const base = randomInt(10_000_000, 90_000_000) * 1000;
const customers = [base + 1, base + 2, base + 3].map(String);
const phone = `+44791${randomInt(100000, 999999)}`;

interface Row {
  shop_id: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  customer_id: string | null;
  phone_e164: string | null;
  row_count: number | null;
}

async function events(shopId: number, action?: string): Promise<Row[]> {
  const { rows } = await pool().query<Row>(
    `SELECT shop_id, actor, action, target_type, target_id, customer_id::text, phone_e164, row_count
     FROM audit_events WHERE shop_id = $1 AND ($2::text IS NULL OR action = $2) ORDER BY id`,
    [shopId, action ?? null],
  );
  return rows;
}

beforeAll(async () => {
  shopA = await createTestShop({ prefix: "audit-a" });
  shopB = await createTestShop({ prefix: "audit-b" });
  for (const [i, id] of customers.entries()) {
    await pool().query(
      `INSERT INTO customers (shop_id, id, email, first_name, phone_raw, phone_e164, phone_valid)
       VALUES ($1, $2, $3, 'Ada', $4, $4, true)`,
      [shopA.id, id, `ada${i}@example.org`, i === 0 ? phone : `+4479110000${i}0`],
    );
  }
  const seg = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, updated_at, member_count) VALUES ($1, 'Lapsed "VIPs"', 'sale_shopper', now(), 3)
     RETURNING id`,
    [shopA.id],
  );
  segmentId = seg.rows[0]!.id;
  await pool().query(
    `INSERT INTO segment_members (shop_id, segment_id, customer_id) SELECT $1, $2, unnest($3::bigint[])`,
    [shopA.id, segmentId, customers],
  );
  campaignId = (
    await createRecipients(shopA.id, [
      { customerId: customers[0]!, phone, status: "delivered" },
      { customerId: customers[1]!, phone: "+447911000010", status: "failed" },
    ])
  ).campaignId;
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state) VALUES ($1, $2, $3, 'opted_in')`,
    [shopA.id, phone, customers[0]],
  );
  // Shop B has a log of its own that nothing of shop A's may touch.
  await pool().query(
    `INSERT INTO audit_events (shop_id, actor, action, target_type, target_id, customer_id, phone_e164)
     VALUES ($1, 'shopify-user:5', 'contact.view', 'contact', NULL, $2, $3)`,
    [shopB.id, customers[0], phone],
  );
});

afterAll(async () => {
  await purgeShop(shopB.id);
});

describe("access log", () => {
  it("a segment export writes one event with the staff user and the rows that left", async () => {
    const res = await exportLoader({
      request: await adminRequest(shopA, `/app/segments/${segmentId}/export`, { user: "7001" }),
      params: { id: String(segmentId) },
      context: {},
    });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv.trim().split("\r\n")).toHaveLength(4);
    expect(await events(shopA.id)).toEqual([
      {
        shop_id: shopA.id,
        actor: "shopify-user:7001",
        action: "segment.export",
        target_type: "segment",
        target_id: String(segmentId),
        customer_id: null,
        phone_e164: null,
        row_count: 3,
      },
    ]);
  });

  it("a signed download link names the staff user it was made for, and that name cannot be changed", async () => {
    const link = signExportLink(shopA.id, segmentId, Date.now(), "shopify-user:7002");
    const res = await exportLoader({
      request: new Request(`https://segwa.test/app/segments/${segmentId}/export?${link}`),
      params: { id: String(segmentId) },
      context: {},
    });
    await res.text();
    const exports = await events(shopA.id, "segment.export");
    expect(exports).toHaveLength(2);
    expect(exports[1]).toMatchObject({ actor: "shopify-user:7002", row_count: 3 });
    const forged = link.replace("shopify-user%3A7002", "shopify-user%3A1");
    const refused = await exportLoader({
      request: new Request(`https://segwa.test/app/segments/${segmentId}/export?${forged}`),
      params: { id: String(segmentId) },
      context: {},
    });
    expect(refused.status).toBe(403);
    expect(await events(shopA.id, "segment.export")).toHaveLength(2);
  });

  it("the segment page logs the member list it shows and hands out a link naming the user", async () => {
    const page = (await segmentLoader({
      request: await adminRequest(shopA, `/app/segments/${segmentId}`, { user: "7003" }),
      params: { id: String(segmentId) },
      context: {},
    })) as unknown as { exportUrl: string };
    expect(new URL(page.exportUrl, "https://segwa.test").searchParams.get("by")).toBe("shopify-user:7003");
    expect(await events(shopA.id, "segment.view")).toEqual([
      expect.objectContaining({ actor: "shopify-user:7003", target_id: String(segmentId), row_count: 3 }),
    ]);
    // The page polling while the segment refreshes (every 2 s) is the same look at the data, not a new event;
    // another staff member's view is.
    const load = (user: string) =>
      adminRequest(shopA, `/app/segments/${segmentId}`, { user }).then((request) =>
        segmentLoader({ request, params: { id: String(segmentId) }, context: {} }),
      );
    await load("7003");
    await load("7003");
    await load("7004");
    expect((await events(shopA.id, "segment.view")).map((e) => e.actor)).toEqual(
      expect.arrayContaining(["shopify-user:7003", "shopify-user:7004"]),
    );
    expect(await events(shopA.id, "segment.view")).toHaveLength(2);
  });

  it("a recipients CSV export writes one event with its row count", async () => {
    const res = await recipientsLoader({
      request: await adminRequest(shopA, `/app/campaigns/${campaignId}/report/recipients.csv`, { user: "7001" }),
      params: { id: String(campaignId) },
      context: {},
    });
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split("\n")).toHaveLength(3);
    expect(await events(shopA.id, "recipients.export")).toEqual([
      {
        shop_id: shopA.id,
        actor: "shopify-user:7001",
        action: "recipients.export",
        target_type: "campaign",
        target_id: String(campaignId),
        customer_id: null,
        phone_e164: null,
        row_count: 2,
      },
    ]);
    // Another shop's campaign is a 404, and nothing is logged for it.
    const other = await recipientsLoader({
      request: await adminRequest(shopB, `/app/campaigns/${campaignId}/report/recipients.csv`),
      params: { id: String(campaignId) },
      context: {},
    });
    expect(other.status).toBe(404);
    expect(await events(shopB.id)).toHaveLength(1);
  });

  it("opening one contact writes one contact.view event naming the contact", async () => {
    const before = (await events(shopA.id)).length;
    await contactsLoader({
      request: await adminRequest(shopA, `/app/contacts?phone=${encodeURIComponent(phone)}`, { user: "7004" }),
      params: {},
      context: {},
    });
    const all = await events(shopA.id);
    expect(all).toHaveLength(before + 1);
    expect(all.at(-1)).toEqual({
      shop_id: shopA.id,
      actor: "shopify-user:7004",
      action: "contact.view",
      target_type: "contact",
      target_id: null,
      customer_id: customers[0],
      phone_e164: phone,
      row_count: null,
    });
    // Shop B's log: still only its own row.
    expect(await events(shopB.id)).toEqual([expect.objectContaining({ actor: "shopify-user:5", phone_e164: phone })]);
  });

  it("customers/redact keeps the events but blanks whom they were about, in this shop only", async () => {
    expect(await redactCustomer(shopA.id, { customer: { id: customers[0]! } })).toBe("done");
    const view = (await events(shopA.id, "contact.view"))[0]!;
    expect(view).toMatchObject({ actor: "shopify-user:7004", customer_id: null, phone_e164: null });
    expect((await events(shopB.id))[0]).toMatchObject({ customer_id: customers[0], phone_e164: phone });
  });

  it("the retention run deletes events older than the retention period only", async () => {
    await pool().query(
      `UPDATE audit_events SET at = now() - interval '400 days' WHERE shop_id = $1 AND action = 'segment.view'`,
      [shopA.id],
    );
    const { auditPruned } = await pruneAuditEvents({ retentionDays: 365 });
    expect(auditPruned).toBeGreaterThanOrEqual(1);
    expect(await events(shopA.id, "segment.view")).toEqual([]);
    expect((await events(shopA.id)).length).toBeGreaterThan(0);
  });

  it("Settings → Access log lists this shop's events only, newest first", async () => {
    const page = (await accessLogLoader({
      request: await adminRequest(shopA, "/app/settings/access-log"),
      params: {},
      context: {},
    })) as unknown as { events: Array<{ action: string; actor: string }>; retentionDays: number };
    expect(page.retentionDays).toBe(365);
    expect(page.events.map((e) => e.action)).toEqual([
      "contact.view",
      "recipients.export",
      "segment.export",
      "segment.export",
    ]);
    expect(page.events.some((e) => e.actor === "shopify-user:5")).toBe(false);
  });

  it("downloading an import's rejected rows (phones as typed) writes one event with its row count", async () => {
    const imp = await pool().query<{ id: number }>(
      `INSERT INTO consent_imports (shop_id, file_name, wording, status, errors) VALUES ($1, 'list.csv', 'signed up', 'completed', $2)
       RETURNING id`,
      [shopA.id, JSON.stringify([{ row: 2, phone: "12", error: "not a phone number" }])],
    );
    const importId = imp.rows[0]!.id;
    const res = await rejectedLoader({
      request: await adminRequest(shopA, `/app/contacts/imports/${importId}/rejected.csv`, { user: "7005" }),
      params: { id: String(importId) },
      context: {},
    });
    expect(await res.text()).toContain("not a phone number");
    expect(await events(shopA.id, "consent_import.rejected_export")).toEqual([
      expect.objectContaining({ actor: "shopify-user:7005", target_id: String(importId), row_count: 1 }),
    ]);
  });

  it("shop/redact erases the shop's log and leaves another shop's", async () => {
    await purgeShop(shopA.id);
    expect(await events(shopA.id)).toEqual([]);
    expect(await events(shopB.id)).toHaveLength(1);
  });
});
