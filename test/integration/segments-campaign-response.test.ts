// The campaign_response kind (retargeting): members equal an independent computation over a seeded campaign for
// did-not read / click / buy, for one campaign and for "any campaign in the last N days"; preview agrees and says
// why; a read receipt through the webhook handler removes the reader incrementally (equal to a full refresh); the
// report's one-click action creates the segment, reuses it on a second click, and 404s for another shop.
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { computeMemberIds, previewSegment, refreshSegment } from "../../app/segments/refresh.server";
import { applyWhatsAppPayload } from "../../app/whatsapp/webhooks.server";
import type { CampaignResponseParams } from "../../app/segments/definitions";
import { createTestShop } from "../setup/shops";
import { adminRequest } from "../setup/admin";
import { CampaignFixture, DAY, HOUR } from "../fixtures/campaigns";

const NOW = new Date();
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** What the seed knows about each recipient row, to compute the expected members without the kind's SQL. */
interface Seeded {
  customerId: bigint;
  campaignId: number;
  sentAt: Date | null;
  delivered: boolean;
  read: boolean;
  clicked: boolean;
  holdout?: boolean;
}
interface SeededOrder {
  customerId: bigint;
  at: Date;
  counts: boolean;
}

let shop: Shop;
let intruder: Shop;
let f: CampaignFixture;
let spring: number;
let recent: number;
let old: number;
let phoneNumberId: string;
const seeded: Seeded[] = [];
const orders: SeededOrder[] = [];
const deleted = new Set<bigint>();
const wamid = new Map<bigint, string>();

function expected(p: CampaignResponseParams): string[] {
  const since = NOW.getTime() - p.withinDays * DAY;
  const rows = seeded.filter(
    (r) =>
      !r.holdout &&
      r.sentAt !== null &&
      r.delivered &&
      !deleted.has(r.customerId) &&
      (p.campaignId !== null ? r.campaignId === p.campaignId : r.sentAt.getTime() >= since),
  );
  const byCustomer = new Map<bigint, Seeded[]>();
  for (const r of rows) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r]);
  const out: string[] = [];
  for (const [c, rs] of byCustomer) {
    const first = Math.min(...rs.map((r) => r.sentAt!.getTime()));
    const ok =
      p.didNot === "read"
        ? rs.every((r) => !r.read)
        : p.didNot === "click"
          ? rs.every((r) => !r.clicked)
          : !orders.some((o) => o.customerId === c && o.counts && o.at.getTime() >= first);
    if (ok) out.push(c.toString());
  }
  return out.sort();
}

async function seed(
  campaignId: number,
  sent: Date | null,
  s: { delivered?: boolean; read?: boolean; clicked?: boolean; holdout?: boolean; failed?: boolean },
  customerId?: bigint,
) {
  const c = customerId ?? (await f.customer());
  const rid = await f.recipient({
    campaignId,
    customerId: c,
    group: s.holdout ? "holdout" : "main",
    status: s.failed ? "failed" : undefined,
    sentAt: sent,
    deliveredAt: s.delivered ? sent : null,
    readAt: s.read ? new Date(sent!.getTime() + HOUR) : null,
    clickedAt: s.clicked ? new Date(sent!.getTime() + 2 * HOUR) : null,
    failedAt: s.failed ? sent : null,
    phone: `+4477009${String(randomInt(10000, 99999))}`,
  });
  const id = `wamid.cr-${rid}`;
  await pool().query(`UPDATE recipients SET wa_message_id = $2 WHERE id = $1`, [rid, id]);
  wamid.set(c, id);
  seeded.push({
    customerId: c,
    campaignId,
    sentAt: s.holdout ? null : sent,
    delivered: !!s.delivered,
    read: !!s.read,
    clicked: !!s.clicked,
    holdout: s.holdout,
  });
  return c;
}

async function order(customerId: bigint, at: Date, o: { test?: boolean; cancelled?: boolean } = {}) {
  await f.order({ customerId, at, test: o.test, cancelledAt: o.cancelled ? at : null });
  orders.push({ customerId, at, counts: !o.test && !o.cancelled });
}

async function segment(params: CampaignResponseParams, forShop = shop): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, 'campaign_response', $3, now()) RETURNING id`,
    [forShop.id, `cr-${randomInt(1e9)}`, JSON.stringify(params)],
  );
  return rows[0]!.id;
}

async function members(segmentId: number): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY 1`,
    [segmentId],
  );
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  shop = await createTestShop();
  intruder = await createTestShop({ prefix: "intruder" });
  f = new CampaignFixture(shop.id);
  phoneNumberId = String(randomInt(1e9, 2e9)) + String(randomInt(1e5, 1e6));
  await pool().query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, status)
     VALUES ($1, $2, '1234567', 'not-a-token', 'test1', 'connected')`,
    [shop.id, phoneNumberId],
  );
  spring = await f.campaign({ name: "Spring sale" });
  recent = await f.campaign({ name: "Weekend" });
  old = await f.campaign({ name: "Winter" });
  const t = ago(5 * DAY);
  await seed(spring, t, { delivered: true }); // reached, nothing else
  await seed(spring, t, { delivered: true, read: true });
  await seed(spring, t, { delivered: true, read: true, clicked: true });
  await seed(spring, t, { delivered: false }); // sent, no receipt yet: not reached
  await seed(spring, t, { failed: true }); // failed: not reached
  await seed(spring, null, { holdout: true });
  const boughtAfter = await seed(spring, t, { delivered: true, read: true });
  await order(boughtAfter, ago(4 * DAY));
  const boughtBefore = await seed(spring, t, { delivered: true });
  await order(boughtBefore, ago(6 * DAY));
  const testOrder = await seed(spring, t, { delivered: true });
  await order(testOrder, ago(3 * DAY), { test: true });
  const cancelled = await seed(spring, t, { delivered: true });
  await order(cancelled, ago(3 * DAY), { cancelled: true });
  const gone = await seed(spring, t, { delivered: true });
  await pool().query(`UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id = $2`, [shop.id, gone]);
  deleted.add(gone);
  // A customer reached by two campaigns: read the recent one only.
  const both = await seed(spring, t, { delivered: true });
  await seed(recent, ago(1 * DAY), { delivered: true, read: true }, both);
  await seed(recent, ago(1 * DAY), { delivered: true });
  await seed(old, ago(60 * DAY), { delivered: true });
}, 60_000);

describe("campaign_response segments", () => {
  const cases: Array<[string, () => CampaignResponseParams]> = [
    ["one campaign, did not read", () => ({ campaignId: spring, withinDays: 30, didNot: "read" })],
    ["one campaign, did not click", () => ({ campaignId: spring, withinDays: 30, didNot: "click" })],
    ["one campaign, did not buy", () => ({ campaignId: spring, withinDays: 30, didNot: "buy" })],
    ["any campaign in 30 days, did not read", () => ({ campaignId: null, withinDays: 30, didNot: "read" })],
    ["any campaign in 2 days, did not buy", () => ({ campaignId: null, withinDays: 2, didNot: "buy" })],
    ["any campaign in 90 days, did not click", () => ({ campaignId: null, withinDays: 90, didNot: "click" })],
  ];
  for (const [name, params] of cases) {
    it(`${name}: members equal an independent computation, and preview agrees`, async () => {
      const p = params();
      const want = expected(p);
      expect(want.length).toBeGreaterThan(0);
      const id = await segment(p);
      await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
      expect(await members(id)).toEqual(want);
      const preview = await previewSegment({ shopId: shop.id, kind: "campaign_response", params: p, now: NOW });
      expect(preview.count).toBe(want.length);
      expect(preview.sample[0]?.why).toMatch(/^did not (read|click|buy since) /);
    });
  }

  it("a campaign of another shop yields nobody", async () => {
    const id = await segment({ campaignId: spring, withinDays: 30, didNot: "read" }, intruder);
    await refreshSegment({ shopId: intruder.id, segmentId: id, now: NOW });
    expect(await members(id)).toEqual([]);
  });

  it("a read receipt through the webhook removes the reader incrementally, as a full refresh would", async () => {
    const p: CampaignResponseParams = { campaignId: spring, withinDays: 30, didNot: "read" };
    const id = await segment(p);
    await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
    const reader = seeded.find((r) => r.campaignId === spring && r.delivered && !r.read && !deleted.has(r.customerId))!;
    expect(await members(id)).toContain(reader.customerId.toString());
    await applyWhatsAppPayload({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1234567",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { phone_number_id: phoneNumberId },
                statuses: [
                  {
                    id: wamid.get(reader.customerId)!,
                    status: "read",
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    recipient_id: "447700900000",
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    reader.read = true;
    const now = await members(id);
    expect(now).not.toContain(reader.customerId.toString());
    expect(now).toEqual(await computeMemberIds({ shopId: shop.id, segmentId: id }));
    expect(now).toEqual(expected(p));
  });
});

describe("follow up from the campaign report", () => {
  it("creates the segment named after the campaign and opens it; a second click reopens it", async () => {
    const { action } = await import("../../app/routes/app.campaigns_.$id.report");
    const click = async () =>
      (await action({
        request: await adminRequest(shop, `/app/campaigns/${spring}/report`, {
          method: "POST",
          body: new URLSearchParams({ didNot: "read" }),
        }),
        params: { id: String(spring) },
        context: {},
      })) as Response;
    // the segments the tests above made would be reused: start from none
    await pool().query(`UPDATE segments SET deleted_at = now() WHERE shop_id = $1 AND kind = 'campaign_response'`, [
      shop.id,
    ]);
    const res = await click();
    expect(res.status).toBe(302);
    const segmentId = Number(/\/app\/segments\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
    const { rows } = await pool().query(
      `SELECT name, kind::text AS kind, params FROM segments WHERE id = $1 AND shop_id = $2`,
      [segmentId, shop.id],
    );
    expect(rows[0]).toMatchObject({
      name: "Spring sale – did not read",
      kind: "campaign_response",
      params: { campaignId: spring, didNot: "read" },
    });
    expect((await click()).headers.get("Location")).toBe(`/app/segments/${segmentId}`);
  });

  it("answers 404 to another shop naming this campaign, and creates nothing", async () => {
    const { action } = await import("../../app/routes/app.campaigns_.$id.report");
    await expect(
      action({
        request: await adminRequest(intruder, `/app/campaigns/${spring}/report`, {
          method: "POST",
          body: new URLSearchParams({ didNot: "buy" }),
        }),
        params: { id: String(spring) },
        context: {},
      }),
    ).rejects.toMatchObject({ status: 404 });
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM segments WHERE shop_id = $1 AND kind = 'campaign_response' AND name LIKE 'Spring sale%'`,
      [intruder.id],
    );
    expect(rows[0].n).toBe(0);
  });
});
