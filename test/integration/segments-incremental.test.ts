// A random stream of store changes (new orders, refunds, cancellations, orders moving between customers, address
// changes, deletions) and of WhatsApp engagement (messages sent, delivery/read receipts, failures, replies, clicks).
// After each batch the affected customers are refreshed incrementally — store changes as the ingest path does,
// recipient changes through refreshAfterReceipts as the WhatsApp webhook does; every segment's materialized members
// must then equal a full evaluation of its definition (same frozen store-wide figures).
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { refreshAfterReceipts } from "../../app/engagement/follow-up.server";
import type { CustomerRow, OrderRow, StoreRecord } from "../../app/ingest/rows";
import { writeStore } from "../../app/ingest/store-writer.server";
import { computeMemberIds, refreshAll, refreshCustomers } from "../../app/segments/refresh.server";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";

const NOW = new Date("2026-11-01T00:00:00Z");
const DAY = 86_400_000;

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("incremental refresh agrees with full refresh", () => {
  let shopId: number;
  const orders: OrderRow[] = [];
  const customers: CustomerRow[] = [];
  const segments: Record<string, number> = {};
  const campaigns: number[] = [];

  async function createSegment(name: string, kind: string, params: unknown) {
    const { rows } = await pool().query<{ id: number }>(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, $3::"SegmentKind", $4, now()) RETURNING id`,
      [shopId, name, kind, JSON.stringify(params)],
    );
    segments[name] = rows[0]!.id;
    return rows[0]!.id;
  }

  beforeAll(async () => {
    shopId = (await createTestShop({ prefix: "seginc" })).id;
    const records: StoreRecord[] = [...generateStore({ orders: 2000, seed: 11, now: NOW })];
    for (const r of records) {
      if (r.type === "order") orders.push(r.row);
      if (r.type === "customer") customers.push(r.row);
    }
    await writeStore({ shopId, records });
    const top = (
      await pool().query(
        `SELECT product_id::text AS id FROM line_items WHERE shop_id = $1 AND product_id IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`,
        [shopId],
      )
    ).rows;
    await createSegment("cross", "cross_sell", {
      a: { productIds: [top[0]!.id] },
      b: { productIds: [top[1]!.id] },
      withinDays: 400,
    });
    await createSegment("specific", "product_specific", {
      products: { productIds: [top[0]!.id, top[1]!.id] },
      minTimes: 2,
    });
    await createSegment("sale", "sale_shopper", { minShare: 0.4 });
    await createSegment("vip", "former_vip", { topPercent: 15 });
    await createSegment("aov", "aov_tier", { band: "high" });
    await createSegment("rfm", "rfm", { cells: ["champions", "loyal", "at_risk"] });
    await createSegment("where", "location", { countryCodes: ["US"] });
    await createSegment("sample", "sample", { segmentId: segments.sale, percent: 50, seed: "inc" });
    await createSegment("combo", "combination", {
      op: "or",
      segmentIds: [segments.cross!, segments.aov!],
      exclude: [segments.vip!],
    });
    await createSegment("both", "combination", { op: "and", segmentIds: [segments.sample!, segments.where!] });
    for (let i = 0; i < 5; i++) {
      const c = await pool().query<{ id: number }>(
        `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, $2, 'completed', now()) RETURNING id`,
        [shopId, `Stream ${i}`],
      );
      campaigns.push(c.rows[0]!.id);
    }
    const seedRandom = mulberry32(77);
    for (let i = 0; i < 400; i++) await send(seedRandom);
    await createSegment("engaged", "engagement", {
      tiers: ["highly", "never_messaged"],
      windowDays: 60,
    });
    await createSegment("engagedStrict", "engagement", {
      tiers: ["moderately", "not_engaged"],
      highMinReplies: 2,
      highMinClicks: 0,
      highMinReadPercent: 75,
      highMinReached: 3,
      moderateMinReads: 2,
    });
    await createSegment("followUp", "campaign_response", { campaignId: null, withinDays: 45, didNot: "read" });
    await createSegment("engagedVips", "combination", { op: "and", segmentIds: [segments.engaged!, segments.aov!] });
    await refreshAll({ shopId, now: NOW });
  }, 120_000);

  /** A message to a random customer in a random campaign, sent within the last 120 days, in a random state. */
  async function send(random: () => number): Promise<string | null> {
    const customer = customers[Math.floor(random() * customers.length)]!;
    const campaign = campaigns[Math.floor(random() * campaigns.length)]!;
    const sent = new Date(NOW.getTime() - Math.floor(random() * 120 * DAY));
    const state = ["sent", "delivered", "delivered", "read", "failed"][Math.floor(random() * 5)]!;
    const later = (h: number) => new Date(sent.getTime() + h * 3600_000);
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, "group", status, sent_at, delivered_at, read_at,
                               failed_at, replied_at, clicked_at)
       VALUES ($1, $2, $3, 'main', $4::"RecipientStatus", $5, $6, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING RETURNING id::text`,
      [
        shopId,
        campaign,
        customer.id.toString(),
        state,
        sent,
        state === "delivered" || state === "read" ? later(0) : null,
        state === "read" ? later(1) : null,
        state === "failed" ? later(0) : null,
        state !== "failed" && random() < 0.15 ? later(2) : null,
        state !== "failed" && random() < 0.1 ? later(3) : null,
      ],
    );
    return rows[0]?.id ?? null; // null: that customer already had this campaign's message
  }

  async function expectAgreement(label: string) {
    for (const [name, id] of Object.entries(segments)) {
      const { rows } = await pool().query<{ id: string }>(
        `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY 1`,
        [id],
      );
      const full = await computeMemberIds({ shopId, segmentId: id, now: NOW });
      expect(
        rows.map((r) => r.id),
        `${name} after ${label}`,
      ).toEqual(full);
      const count = await pool().query<{ member_count: number }>(`SELECT member_count FROM segments WHERE id = $1`, [
        id,
      ]);
      expect(count.rows[0]!.member_count, `${name} count after ${label}`).toBe(full.length);
    }
  }

  async function memberTotals(): Promise<string> {
    const { rows } = await pool().query<{ t: string }>(
      `SELECT string_agg(segment_id || ':' || customer_id, ',' ORDER BY segment_id, customer_id) AS t
       FROM segment_members WHERE shop_id = $1 AND segment_id = ANY($2::int[])`,
      [shopId, [segments.engaged, segments.engagedStrict, segments.followUp]],
    );
    return rows[0]!.t ?? "";
  }

  it("after each batch of random events", async () => {
    const random = mulberry32(2024);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    let seq = 0;
    let changed = 0;
    let engagementMoves = 0;
    const stamp = () => new Date(NOW.getTime() + ++seq * 1000);
    await expectAgreement("the initial full refresh");
    for (let batch = 0; batch < 8; batch++) {
      const records: StoreRecord[] = [];
      const affected = new Set<bigint>();
      for (let e = 0; e < 12; e++) {
        const kind = pick(["new", "new", "refund", "cancel", "move", "partial", "address", "delete"] as const);
        const withCustomer = orders.filter((o) => o.customerId !== null);
        const base = pick(withCustomer);
        if (kind === "new") {
          const id = 7_059_000_000_000_000_000n + BigInt(++seq);
          const createdAt = new Date(NOW.getTime() - Math.floor(random() * 400) * DAY - 3600_000);
          const order: OrderRow = {
            ...base,
            id,
            customerId: pick(customers).id,
            createdAt,
            processedAt: createdAt,
            updatedAt: stamp(),
            cancelledAt: null,
            refunds: [],
            discountCodes: random() < 0.5 ? ["WELCOME10"] : [],
            lines: base.lines.map((l, i) => ({
              ...l,
              id: 7_069_000_000_000_000_000n + BigInt(seq) * 10n + BigInt(i),
              compareAtPriceMinor: random() < 0.4 ? l.priceMinor + 500n : null,
            })),
          };
          orders.push(order);
          records.push({ type: "order", row: order });
          affected.add(order.customerId!);
        } else if (kind === "refund" || kind === "partial") {
          const line = base.lines[0]!;
          const qty = kind === "refund" ? line.quantity : 1;
          const amount = kind === "refund" ? base.totalMinor : line.priceMinor;
          base.refunds = [
            ...base.refunds,
            {
              id: 7_079_000_000_000_000_000n + BigInt(++seq),
              orderId: base.id,
              amountMinor: amount,
              note: null,
              createdAt: stamp(),
              processedAt: stamp(),
              lines: [{ lineItemId: line.id, quantity: qty, subtotalMinor: amount }],
            },
          ];
          base.updatedAt = stamp();
          records.push({ type: "order", row: { ...base } });
          affected.add(base.customerId!);
        } else if (kind === "cancel") {
          base.cancelledAt = stamp();
          base.updatedAt = stamp();
          records.push({ type: "order", row: { ...base } });
          affected.add(base.customerId!);
        } else if (kind === "move") {
          affected.add(base.customerId!);
          base.customerId = pick(customers).id;
          base.updatedAt = stamp();
          records.push({ type: "order", row: { ...base } });
          affected.add(base.customerId);
        } else if (kind === "address") {
          const c = pick(customers);
          c.countryCode = c.countryCode === "US" ? "CA" : "US";
          c.updatedAt = stamp();
          records.push({ type: "customer", row: { ...c } });
          affected.add(c.id);
        } else {
          const c = pick(customers);
          await pool().query(`UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id = $2`, [
            shopId,
            c.id.toString(),
          ]);
          affected.add(c.id);
        }
      }
      await writeStore({ shopId, records });
      const results = await refreshCustomers({ shopId, customerIds: [...affected], now: NOW });
      for (const r of Object.values(results)) changed += r.entered + r.left;
      await expectAgreement(`batch ${batch}`);
      // Engagement: receipts, replies and clicks on existing messages, and new messages, as the webhooks write them.
      const touched: string[] = [];
      for (let e = 0; e < 15; e++) {
        const what = pick(["deliver", "read", "fail", "reply", "click", "send"] as const);
        if (what === "send") {
          const id = await send(random);
          if (id) touched.push(id);
          continue;
        }
        const row = await pool().query<{ id: string }>(
          `SELECT r.id::text FROM recipients r WHERE r.shop_id = $1 ORDER BY r.id
           OFFSET floor($2::float8 * (SELECT count(*) FROM recipients WHERE shop_id = $1))::int LIMIT 1`,
          [shopId, random()],
        );
        const id = row.rows[0]!.id;
        const set = {
          deliver: `status = CASE WHEN status = 'sent' THEN 'delivered' ELSE status END, delivered_at = coalesce(delivered_at, sent_at)`,
          read: `status = 'read', read_at = coalesce(read_at, sent_at + interval '1 hour'), delivered_at = coalesce(delivered_at, sent_at)`,
          fail: `status = 'failed', failed_at = sent_at, delivered_at = NULL, read_at = NULL`,
          reply: `replied_at = coalesce(replied_at, sent_at + interval '2 hours')`,
          click: `clicked_at = coalesce(clicked_at, sent_at + interval '3 hours')`,
        }[what];
        await pool().query(`UPDATE recipients SET ${set} WHERE shop_id = $1 AND id = $2`, [shopId, id]);
        touched.push(id);
      }
      const before = await memberTotals();
      await refreshAfterReceipts({ shopId, recipientIds: touched, now: NOW });
      if (before !== (await memberTotals())) engagementMoves++;
      await expectAgreement(`engagement batch ${batch}`);
    }
    // The stream really moved memberships (otherwise the comparison proves little).
    expect(changed).toBeGreaterThan(10);
    expect(engagementMoves, "batches where receipts, replies or clicks moved an engagement member").toBeGreaterThan(3);
  }, 120_000);
});
