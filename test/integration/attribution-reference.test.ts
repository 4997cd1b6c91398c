// The reference check: on a generated demo store with the demo campaigns, attribution is computed again in plain
// TypeScript straight from the rows (its own landing-page parsing, windows and tie-breaks, no SQL) and every
// order's credit must match what the set-based SQL stored — from scratch, and order by order as webhooks would.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { attributeOrders, reattributeShop } from "../../app/attribution/attribute.server";
import { getCampaignReport } from "../../app/attribution/report.server";
import { DEFAULT_WINDOWS, type AttributionWindows } from "../../app/attribution/windows";
import { generateStore } from "../../prisma/seed/generator";
import { seedDemoCampaigns } from "../../prisma/seed/campaigns";
import { createTestShop } from "../setup/shops";

const NOW = new Date("2026-11-20T00:00:00Z");
const H = 3_600_000;

interface RefOrder {
  id: string;
  customerId: string | null;
  at: number;
  test: boolean;
  revenue: bigint;
  landingSite: string | null;
  codes: string[];
}

interface RefRecipient {
  id: string;
  campaignId: number;
  customerId: string;
  held: boolean;
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  clickedAt: number | null;
}

interface RefCredit {
  recipientId: string;
  signal: "click" | "view";
  evidence: string;
  revenue: bigint;
}

/** Our link on a landing page, read without the app's parser: utm_source=whatsapp and a numeric r. */
function linkRecipient(landingSite: string | null): string | null {
  if (!landingSite) return null;
  const q = landingSite.split("#")[0]!.split("?")[1];
  if (!q) return null;
  const params: Record<string, string> = {};
  for (const pair of q.split("&")) {
    const [k, v = ""] = pair.split("=");
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(k!.replace(/\+/g, " ")).trim().toLowerCase();
      value = decodeURIComponent(v.replace(/\+/g, " ")).trim();
    } catch {
      continue;
    }
    if (value !== "" && !(key in params)) params[key] = value;
  }
  if (params["utm_source"]?.toLowerCase() !== "whatsapp") return null;
  const r = params["r"];
  return r && /^[1-9]\d{0,17}$/.test(r) ? r : null;
}

function referenceAttribution(
  orders: RefOrder[],
  recipients: RefRecipient[],
  codesByCampaign: Map<number, Set<string>>,
  w: AttributionWindows,
) {
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const byCustomer = new Map<string, RefRecipient[]>();
  for (const r of recipients) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r]);
  const sentBefore = (r: RefRecipient, at: number) => !r.held && r.sentAt !== null && r.sentAt <= at;

  // Recorded clicks: the earliest order that came through each message's link.
  const clicked = new Map<string, number>();
  for (const r of recipients) if (r.clickedAt !== null) clicked.set(r.id, r.clickedAt);
  for (const o of orders) {
    if (o.test) continue;
    const rid = linkRecipient(o.landingSite);
    const r = rid ? byId.get(rid) : undefined;
    if (r && sentBefore(r, o.at)) clicked.set(r.id, Math.min(clicked.get(r.id) ?? Infinity, o.at));
  }

  const credits = new Map<string, RefCredit>();
  for (const o of orders) {
    if (o.test) continue;
    type Cand = { r: RefRecipient; signal: "click" | "view"; evidence: string; time: number; prio: number };
    const cands: Cand[] = [];
    const rid = linkRecipient(o.landingSite);
    const linked = rid ? byId.get(rid) : undefined;
    if (linked && sentBefore(linked, o.at))
      cands.push({ r: linked, signal: "click", evidence: "link", time: o.at, prio: 1 });
    for (const r of o.customerId ? (byCustomer.get(o.customerId) ?? []) : []) {
      if (!sentBefore(r, o.at)) continue;
      const codes = codesByCampaign.get(r.campaignId);
      if (codes && o.codes.some((c) => codes.has(c.toUpperCase())) && o.at - r.sentAt! <= w.clickWindowHours * H) {
        cands.push({ r, signal: "click", evidence: "discount_code", time: o.at, prio: 2 });
      }
      const c = clicked.get(r.id);
      if (c !== undefined && c <= o.at && o.at - c <= w.clickWindowHours * H)
        cands.push({ r, signal: "click", evidence: "click", time: c, prio: 3 });
      const views = [r.deliveredAt, r.readAt].filter((t): t is number => t !== null && t <= o.at);
      if (views.length && w.viewWindowHours > 0) {
        const v = Math.max(...views);
        if (o.at - v <= w.viewWindowHours * H)
          cands.push({ r, signal: "view", evidence: v === r.readAt ? "read" : "delivered", time: v, prio: 4 });
      }
    }
    if (!cands.length) continue;
    cands.sort(
      (a, b) =>
        (a.signal === "click" ? 0 : 1) - (b.signal === "click" ? 0 : 1) ||
        b.time - a.time ||
        a.prio - b.prio ||
        b.r.sentAt! - a.r.sentAt! ||
        (BigInt(b.r.id) > BigInt(a.r.id) ? 1 : -1),
    );
    const best = cands[0]!;
    credits.set(o.id, { recipientId: best.r.id, signal: best.signal, evidence: best.evidence, revenue: o.revenue });
  }
  return credits;
}

async function loadRows(shopId: number) {
  const orders = await pool().query(
    `SELECT o.id::text, o.customer_id::text, o.shopify_created_at, o.test, o.total_minor::text, o.cancelled_at, o.landing_site, o.discount_codes,
            COALESCE((SELECT sum(amount_minor) FROM refunds f WHERE f.shop_id = o.shop_id AND f.order_id = o.id), 0)::text AS refunded
     FROM orders o WHERE o.shop_id = $1 ORDER BY o.shopify_created_at, o.id`,
    [shopId],
  );
  const recipients = await pool().query(
    `SELECT id::text, campaign_id, customer_id::text, "group", sent_at, delivered_at, read_at, clicked_at FROM recipients WHERE shop_id = $1`,
    [shopId],
  );
  const campaigns = await pool().query(`SELECT id, discount_codes FROM campaigns WHERE shop_id = $1`, [shopId]);
  const t = (d: Date | null) => (d ? d.getTime() : null);
  return {
    orders: orders.rows.map((o): RefOrder => {
      const net = BigInt(o.total_minor) - BigInt(o.refunded);
      return {
        id: o.id,
        customerId: o.customer_id,
        at: o.shopify_created_at.getTime(),
        test: o.test,
        revenue: o.test || o.cancelled_at ? 0n : net > 0n ? net : 0n,
        landingSite: o.landing_site,
        codes: o.discount_codes,
      };
    }),
    recipients: recipients.rows.map((r): RefRecipient => ({
      id: r.id,
      campaignId: r.campaign_id,
      customerId: r.customer_id,
      held: r.group === "holdout",
      sentAt: t(r.sent_at),
      deliveredAt: t(r.delivered_at),
      readAt: t(r.read_at),
      clickedAt: t(r.clicked_at),
    })),
    codes: new Map(
      campaigns.rows.map((c) => [c.id as number, new Set((c.discount_codes as string[]).map((x) => x.toUpperCase()))]),
    ),
  };
}

async function stored(shopId: number) {
  const { rows } = await pool().query(
    `SELECT order_id::text, recipient_id::text, signal, evidence, revenue_minor::text FROM attributions WHERE shop_id = $1`,
    [shopId],
  );
  return new Map(
    rows.map((r) => [
      r.order_id as string,
      { recipientId: r.recipient_id, signal: r.signal, evidence: r.evidence, revenue: BigInt(r.revenue_minor) },
    ]),
  );
}

let shopId: number;
let reference: Map<string, RefCredit>;

beforeAll(async () => {
  const shop = await createTestShop({ prefix: "reference" });
  shopId = shop.id;
  await writeStore({ shopId, records: generateStore({ orders: 8000, seed: 7, now: NOW }) });
  const seeded = await seedDemoCampaigns({ db: pool(), shopId, seed: 7, now: NOW });
  expect(seeded.orders).toBeGreaterThan(50);
  // The rows as they are before attribution writes any recorded click.
  const rows = await loadRows(shopId);
  reference = referenceAttribution(rows.orders, rows.recipients, rows.codes, DEFAULT_WINDOWS);
}, 120_000);

function compare(actual: Map<string, RefCredit>, expected: Map<string, RefCredit>) {
  const mismatches: string[] = [];
  for (const [orderId, e] of expected) {
    const a = actual.get(orderId);
    if (
      !a ||
      a.recipientId !== e.recipientId ||
      a.signal !== e.signal ||
      a.evidence !== e.evidence ||
      a.revenue !== e.revenue
    ) {
      mismatches.push(
        `order ${orderId}: expected ${JSON.stringify({ ...e, revenue: String(e.revenue) })}, got ${a ? JSON.stringify({ ...a, revenue: String(a.revenue) }) : "nothing"}`,
      );
    }
  }
  for (const orderId of actual.keys())
    if (!expected.has(orderId)) mismatches.push(`order ${orderId}: credited but the reference credits nothing`);
  return mismatches;
}

describe("attribution against an independent reference on the demo store", () => {
  it("from scratch: every credited order matches, with every signal kind present", async () => {
    const result = await reattributeShop({ shopId });
    const actual = await stored(shopId);
    expect(compare(actual, reference).slice(0, 10)).toEqual([]);
    expect(result.ordersCredited).toBe(reference.size);
    const kinds = new Set([...reference.values()].map((c) => c.evidence));
    for (const kind of ["link", "discount_code", "click", "read", "delivered"]) expect(kinds).toContain(kind);
    // The report's revenue is the sum of the credited orders.
    const campaigns = await pool().query<{ id: number }>(`SELECT id FROM campaigns WHERE shop_id = $1`, [shopId]);
    let reported = 0n;
    for (const c of campaigns.rows)
      reported += BigInt((await getCampaignReport({ shopId, campaignId: c.id }))!.totals.revenueMinor);
    expect(reported).toBe([...reference.values()].reduce((s, c) => s + c.revenue, 0n));
  });

  it("order by order, in the order webhooks would bring them: the same credit", async () => {
    await pool().query(`DELETE FROM attributions WHERE shop_id = $1`, [shopId]);
    await pool().query(`UPDATE recipients SET clicked_at = NULL WHERE shop_id = $1`, [shopId]);
    const { rows } = await pool().query<{ id: string }>(
      `SELECT id::text FROM orders WHERE shop_id = $1 AND shopify_created_at >= (SELECT min(sent_at) FROM recipients WHERE shop_id = $1)
       ORDER BY shopify_created_at, id`,
      [shopId],
    );
    for (const o of rows) await attributeOrders({ shopId, orderIds: [o.id] });
    expect(compare(await stored(shopId), reference).slice(0, 10)).toEqual([]);
  });

  it("held-out customers are credited nothing unless another campaign messaged them", async () => {
    const { rows } = await pool().query(
      `SELECT a.order_id FROM attributions a JOIN recipients r ON r.id = a.recipient_id WHERE a.shop_id = $1 AND r."group" = 'holdout'`,
      [shopId],
    );
    expect(rows).toEqual([]);
  });
});
