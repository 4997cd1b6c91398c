// The attribution rules, one situation each, on the real database: clicks before views, windows, holdouts,
// overlapping campaigns, discount codes, refunds and cancellations after credit, window changes, shop isolation.
import { beforeEach, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { attributeOrders, reattributeAfterReceipts, reattributeShop } from "../../app/attribution/attribute.server";
import { saveAttributionWindows } from "../../app/attribution/settings.server";
import { explainOrder } from "../../app/attribution/explain.server";
import { getCampaignReport } from "../../app/attribution/report.server";
import { createTestShop } from "../setup/shops";
import { CampaignFixture, DAY, HOUR } from "../fixtures/campaigns";

interface Credit {
  recipient_id: string;
  campaign_id: number;
  signal: string;
  evidence: string;
  window_hours: number;
  revenue_minor: string;
}

async function creditOf(shopId: number, orderId: bigint): Promise<Credit | null> {
  const { rows } = await pool().query<Credit>(
    `SELECT recipient_id::text, campaign_id, signal, evidence, window_hours, revenue_minor::text FROM attributions WHERE shop_id = $1 AND order_id = $2`,
    [shopId, orderId],
  );
  return rows[0] ?? null;
}

const T0 = new Date("2026-10-01T12:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

let f: CampaignFixture;
let shopId: number;

beforeEach(async () => {
  const shop = await createTestShop();
  shopId = shop.id;
  f = new CampaignFixture(shopId);
});

describe("credit for one order", () => {
  it("credits the message whose link the visit came through, even with a later delivery of another message", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ name: "A", startedAt: at(0) });
    const b = await f.campaign({ name: "B", startedAt: at(10) });
    const ra = await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0), deliveredAt: at(0.01) });
    await f.recipient({ campaignId: b, customerId: customer, sentAt: at(10), deliveredAt: at(10.01), readAt: at(11) });
    const order = await f.order({ customerId: customer, at: at(12), totalMinor: 4200n, landingSite: f.link(a, ra) });
    await attributeOrders({ shopId, orderIds: [order] });
    expect(await creditOf(shopId, order)).toMatchObject({
      recipient_id: ra.toString(),
      campaign_id: a,
      signal: "click",
      evidence: "link",
      window_hours: 120,
      revenue_minor: "4200",
    });
    // The link marked the message clicked at the order's time.
    const r = await pool().query(`SELECT clicked_at FROM recipients WHERE id = $1`, [ra]);
    expect(r.rows[0].clicked_at.getTime()).toBe(at(12).getTime());
  });

  it("credits a later order without the link to the recorded click, within the click window only", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ startedAt: at(0) });
    const ra = await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0), deliveredAt: at(0.01) });
    const first = await f.order({ customerId: customer, at: at(2), landingSite: f.link(a, ra) });
    const second = await f.order({ customerId: customer, at: at(2 + 119) });
    const third = await f.order({ customerId: customer, at: at(2 + 121) });
    await attributeOrders({ shopId, orderIds: [first, second, third] });
    expect((await creditOf(shopId, second))?.evidence).toBe("click");
    expect(await creditOf(shopId, third)).toBeNull();
  });

  it("credits the latest delivered or read message inside the view window, and nothing outside it", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ startedAt: at(0) });
    const b = await f.campaign({ startedAt: at(1) });
    await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0), deliveredAt: at(0.01), readAt: at(5) });
    const rb = await f.recipient({ campaignId: b, customerId: customer, sentAt: at(1), deliveredAt: at(1.01) });
    const inside = await f.order({ customerId: customer, at: at(20) });
    const readAfter = await f.order({ customerId: customer, at: at(3) });
    const outside = await f.order({ customerId: customer, at: at(5 + 25) });
    await attributeOrders({ shopId, orderIds: [inside, readAfter, outside] });
    // At hour 20 the read of A (hour 5) is the latest view; at hour 3 A was only delivered (hour 0) and B delivered at 1.
    expect(await creditOf(shopId, inside)).toMatchObject({
      campaign_id: a,
      signal: "view",
      evidence: "read",
      window_hours: 24,
    });
    expect(await creditOf(shopId, readAfter)).toMatchObject({ recipient_id: rb.toString(), evidence: "delivered" });
    expect(await creditOf(shopId, outside)).toBeNull();
  });

  it("two campaigns overlapping in time: the latest click wins over an earlier click and over a later view", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ name: "Early", startedAt: at(0) });
    const b = await f.campaign({ name: "Late", startedAt: at(3) });
    const c = await f.campaign({ name: "Latest view", startedAt: at(6) });
    const ra = await f.recipient({
      campaignId: a,
      customerId: customer,
      sentAt: at(0),
      deliveredAt: at(0),
      clickedAt: at(1),
    });
    const rb = await f.recipient({
      campaignId: b,
      customerId: customer,
      sentAt: at(3),
      deliveredAt: at(3),
      clickedAt: at(4),
    });
    await f.recipient({ campaignId: c, customerId: customer, sentAt: at(6), deliveredAt: at(6), readAt: at(7) });
    const order = await f.order({ customerId: customer, at: at(8) });
    await attributeOrders({ shopId, orderIds: [order] });
    expect(await creditOf(shopId, order)).toMatchObject({
      recipient_id: rb.toString(),
      signal: "click",
      evidence: "click",
    });
    expect(ra).not.toBe(rb);
  });

  it("never credits a holdout recipient: an order by a held-out customer is credited to nothing", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ name: "With holdout", startedAt: at(0), holdoutShare: 0.1 });
    await f.recipient({ campaignId: a, customerId: customer, group: "holdout" });
    // Even a forged link naming the holdout recipient's campaign cannot credit it (it was never sent).
    const other = await f.customer();
    const sent = await f.recipient({ campaignId: a, customerId: other, sentAt: at(0), deliveredAt: at(0) });
    const order = await f.order({ customerId: customer, at: at(2) });
    await attributeOrders({ shopId, orderIds: [order] });
    expect(await creditOf(shopId, order)).toBeNull();
    const why = await explainOrder({ shopId, orderId: order.toString() });
    expect(why!.verdict).toMatch(/held out of "With holdout"/);
    expect(why!.messages[0]!.reason).toMatch(/Held out/);
    expect(sent).toBeGreaterThan(0n);
  });

  it("credits a campaign's discount code used by a recipient within the click window, not a stranger or a late use", async () => {
    const customer = await f.customer();
    const stranger = await f.customer();
    const a = await f.campaign({ startedAt: at(0), discountCodes: ["spring26"] });
    const ra = await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0) }); // no delivery receipt
    const used = await f.order({ customerId: customer, at: at(30), discountCodes: ["Spring26"] });
    const late = await f.order({ customerId: customer, at: at(121), discountCodes: ["SPRING26"] });
    const byStranger = await f.order({ customerId: stranger, at: at(30), discountCodes: ["SPRING26"] });
    await attributeOrders({ shopId, orderIds: [used, late, byStranger] });
    expect(await creditOf(shopId, used)).toMatchObject({ recipient_id: ra.toString(), evidence: "discount_code" });
    expect(await creditOf(shopId, late)).toBeNull();
    expect(await creditOf(shopId, byStranger)).toBeNull();
  });

  it("ignores test orders, failed messages and links to messages sent after the order", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ startedAt: at(0) });
    const ra = await f.recipient({ campaignId: a, customerId: customer, sentAt: at(5), deliveredAt: at(5) });
    const failed = await f.campaign({ startedAt: at(0) });
    await f.recipient({ campaignId: failed, customerId: customer, status: "failed", failedAt: at(0) });
    const test = await f.order({ customerId: customer, at: at(6), test: true });
    const before = await f.order({ customerId: customer, at: at(4), landingSite: f.link(a, ra) });
    await attributeOrders({ shopId, orderIds: [test, before] });
    expect(await creditOf(shopId, test)).toBeNull();
    expect(await creditOf(shopId, before)).toBeNull();
  });
});

describe("revenue follows the order", () => {
  it("refunds after attribution lower the credited revenue; a cancellation takes it to zero", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ startedAt: at(0) });
    const ra = await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0), deliveredAt: at(0) });
    const row = f.orderRow({ customerId: customer, at: at(1), totalMinor: 10000n, landingSite: f.link(a, ra) });
    const { writeStore } = await import("../../app/ingest/store-writer.server");
    await writeStore({ shopId, records: [{ type: "order", row }] });
    await attributeOrders({ shopId, orderIds: [row.id] });
    expect((await creditOf(shopId, row.id))?.revenue_minor).toBe("10000");

    // The same order updated with a refund (orders/updated carries refunds), then cancelled.
    await writeStore({
      shopId,
      records: [
        {
          type: "order",
          row: {
            ...row,
            updatedAt: at(30),
            refunds: [
              {
                id: 77n,
                orderId: row.id,
                amountMinor: 2500n,
                note: null,
                createdAt: at(30),
                processedAt: at(30),
                lines: [],
              },
            ],
          },
        },
      ],
    });
    await attributeOrders({ shopId, orderIds: [row.id] });
    expect((await creditOf(shopId, row.id))?.revenue_minor).toBe("7500");
    await writeStore({ shopId, records: [{ type: "order", row: { ...row, updatedAt: at(40), cancelledAt: at(40) } }] });
    await attributeOrders({ shopId, orderIds: [row.id] });
    expect(await creditOf(shopId, row.id)).toMatchObject({ recipient_id: ra.toString(), revenue_minor: "0" });
    const report = await getCampaignReport({ shopId, campaignId: a });
    expect(report!.totals).toMatchObject({ orders: 0, revenueMinor: "0" });
  });
});

describe("late receipts", () => {
  it("a delivery receipt recorded after the order re-credits it when the status handler says so", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ startedAt: at(0) });
    const ra = await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0) });
    const order = await f.order({ customerId: customer, at: at(2) });
    await attributeOrders({ shopId, orderIds: [order] });
    expect(await creditOf(shopId, order)).toBeNull();
    // The delivered status (delivered at hour 1) arrives after the order was applied.
    await pool().query(`UPDATE recipients SET delivered_at = $2, status = 'delivered' WHERE id = $1`, [ra, at(1)]);
    const result = await reattributeAfterReceipts({ shopId, recipientIds: [ra] });
    expect(result.ordersCredited).toBe(1);
    expect(await creditOf(shopId, order)).toMatchObject({ recipient_id: ra.toString(), evidence: "delivered" });
  });
});

describe("windows and history", () => {
  it("changing a window re-attributes history, and from scratch equals order by order", async () => {
    const customer = await f.customer();
    const a = await f.campaign({ startedAt: at(0) });
    await f.recipient({ campaignId: a, customerId: customer, sentAt: at(0), deliveredAt: at(0) });
    const order = await f.order({ customerId: customer, at: at(30) });
    await attributeOrders({ shopId, orderIds: [order] });
    expect(await creditOf(shopId, order)).toBeNull();

    await saveAttributionWindows(shopId, { clickWindowHours: 120, viewWindowHours: 48 });
    const result = await reattributeShop({ shopId });
    expect(result.ordersCredited).toBe(1);
    expect(await creditOf(shopId, order)).toMatchObject({ signal: "view", window_hours: 48 });

    await saveAttributionWindows(shopId, { clickWindowHours: 120, viewWindowHours: 0 });
    await reattributeShop({ shopId });
    expect(await creditOf(shopId, order)).toBeNull();
  });
});

describe("shop isolation", () => {
  it("a link naming another shop's recipient credits nothing, and reports never cross shops", async () => {
    const other = await createTestShop({ prefix: "other" });
    const g = new CampaignFixture(other.id);
    const theirCustomer = await g.customer();
    const theirCampaign = await g.campaign({ startedAt: at(0) });
    const theirRecipient = await g.recipient({
      campaignId: theirCampaign,
      customerId: theirCustomer,
      sentAt: at(0),
      deliveredAt: at(0),
    });
    // Same customer id in our shop (ids are per shop), and a landing page naming their recipient.
    await pool().query(`INSERT INTO customers (shop_id, id) VALUES ($1, $2)`, [shopId, theirCustomer]);
    const order = await f.order({
      customerId: theirCustomer,
      at: at(1),
      landingSite: g.link(theirCampaign, theirRecipient),
    });
    await attributeOrders({ shopId, orderIds: [order] });
    await reattributeShop({ shopId });
    expect(await creditOf(shopId, order)).toBeNull();
    expect(await getCampaignReport({ shopId, campaignId: theirCampaign })).toBeNull();
    expect(await explainOrder({ shopId: other.id, orderId: order.toString() })).toBeNull();
    const theirs = await pool().query(`SELECT count(*)::int AS n FROM attributions WHERE shop_id = $1`, [other.id]);
    expect(theirs.rows[0].n).toBe(0);
  });
});

describe("explanations", () => {
  it("says why each message did or did not take the credit", async () => {
    const customer = await f.customer();
    const old = await f.campaign({ name: "Old news", startedAt: at(-3 * 24) });
    const fresh = await f.campaign({ name: "Fresh", startedAt: at(0) });
    await f.recipient({
      campaignId: old,
      customerId: customer,
      sentAt: at(-72),
      deliveredAt: at(-72),
      readAt: at(-70),
    });
    const rf = await f.recipient({
      campaignId: fresh,
      customerId: customer,
      sentAt: at(0),
      deliveredAt: at(0.001),
      readAt: at(1),
    });
    const order = await f.order({ customerId: customer, at: at(4), name: "#4242" });
    await attributeOrders({ shopId, orderIds: [order] });
    const why = await explainOrder({ shopId, orderId: order.toString() });
    expect(why!.credit).toMatchObject({ recipientId: rf.toString(), signal: "view", evidence: "read" });
    expect(why!.verdict).toMatch(/^Credited to "Fresh"/);
    const oldLine = why!.messages.find((m) => m.campaignName === "Old news")!;
    expect(oldLine.credited).toBe(false);
    expect(oldLine.reason).toMatch(/Read 3 days 2 h before the order.*outside the 24 hours view window/);
    expect(why!.messages.find((m) => m.credited)!.reason).toMatch(/Read 3 h before the order/);
  });

  it("explains an order with no message at all", async () => {
    const order = await f.order({ customerId: null, at: at(1) });
    const why = await explainOrder({ shopId, orderId: order.toString() });
    expect(why!.credit).toBeNull();
    expect(why!.verdict).toMatch(/guest checkout/);
    expect(DAY).toBe(24 * HOUR);
  });
});
