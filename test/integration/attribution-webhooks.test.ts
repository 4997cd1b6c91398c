// Attribution through the real order path: signed Shopify webhooks → route → inbox → worker credit the order,
// refunds and cancellations lower the credit when they arrive; the end of a backfill and the reconciler queue
// re-attribution runs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { stringifyWithBigInts } from "../../app/lib/json";
import { startNextImport } from "../../app/ingest/backfill.server";
import { reconcileAttributionRuns } from "../../app/attribution/runs.server";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { createTestShop } from "../setup/shops";
import { deliverWebhook } from "../setup/webhooks";
import { CampaignFixture, HOUR } from "../fixtures/campaigns";

let workers: RunningWorkers;
beforeAll(() => {
  workers = startWorkers({ queues: ["inbox", "attribution"] });
});
afterAll(async () => {
  await workers.close();
});

const deliver = deliverWebhook;

async function credit(shopId: number, orderId: bigint) {
  const { rows } = await pool().query(
    `SELECT recipient_id::text, evidence, revenue_minor::text, order_cancelled FROM attributions WHERE shop_id = $1 AND order_id = $2`,
    [shopId, orderId],
  );
  return rows[0] ?? null;
}

const ORDER_ID = 9007199254750101n;
const sentAt = new Date("2026-11-01T12:00:00Z");

function order(customerId: bigint, landingSite: string, overrides: Record<string, unknown> = {}) {
  return {
    id: ORDER_ID,
    admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`,
    name: "#2001",
    email: "ana@example.com",
    created_at: "2026-11-01T15:30:00Z",
    updated_at: "2026-11-01T15:30:00Z",
    processed_at: "2026-11-01T15:30:00Z",
    cancelled_at: null,
    test: false,
    currency: "USD",
    total_price: "80.00",
    subtotal_price: "80.00",
    total_discounts: "0.00",
    total_price_set: { shop_money: { amount: "80.00", currency_code: "USD" } },
    discount_codes: [],
    landing_site: landingSite,
    referring_site: "https://l.wl.co/",
    line_items: [
      {
        id: 9007199254760101n,
        product_id: 9007199254770101n,
        variant_id: 9007199254780101n,
        title: "Lamp",
        quantity: 1,
        price: "80.00",
        discount_allocations: [],
      },
    ],
    customer: { id: customerId },
    refunds: [],
    ...overrides,
  };
}

describe("orders from Shopify webhooks", () => {
  it("credits an order that came through a message link, and lowers the credit on refund and cancellation", async () => {
    const shop = await createTestShop({ prefix: "attr-hook" });
    const f = new CampaignFixture(shop.id);
    const customer = await f.customer();
    const campaign = await f.campaign({ startedAt: sentAt });
    const recipient = await f.recipient({
      campaignId: campaign,
      customerId: customer,
      sentAt,
      deliveredAt: new Date(sentAt.getTime() + 5000),
    });
    const landing = f.link(campaign, recipient, "/products/lamp");

    expect((await deliver(shop, "orders/create", stringifyWithBigInts(order(customer, landing)))).status).toBe("done");
    expect(await credit(shop.id, ORDER_ID)).toEqual({
      recipient_id: recipient.toString(),
      evidence: "link",
      revenue_minor: "8000",
      order_cancelled: false,
    });

    const refund = stringifyWithBigInts({
      id: 9007199254790101n,
      order_id: ORDER_ID,
      created_at: "2026-11-03T10:00:00Z",
      refund_line_items: [],
      transactions: [{ kind: "refund", status: "success", amount: "30.00" }],
    });
    expect((await deliver(shop, "refunds/create", refund)).status).toBe("done");
    expect((await credit(shop.id, ORDER_ID))?.revenue_minor).toBe("5000");

    await deliver(
      shop,
      "orders/cancelled",
      stringifyWithBigInts(
        order(customer, landing, {
          updated_at: "2026-11-04T10:00:00Z",
          cancelled_at: "2026-11-04T10:00:00Z",
          refunds: [
            {
              id: 9007199254790101n,
              order_id: ORDER_ID,
              created_at: "2026-11-03T10:00:00Z",
              refund_line_items: [],
              transactions: [{ kind: "refund", status: "success", amount: "30.00" }],
            },
          ],
        }),
      ),
    );
    expect(await credit(shop.id, ORDER_ID)).toMatchObject({
      recipient_id: recipient.toString(),
      revenue_minor: "0",
      order_cancelled: true,
    });
  });

  it("does not credit a link from another WhatsApp tool or one naming a message that was never sent", async () => {
    const shop = await createTestShop({ prefix: "attr-hook" });
    const f = new CampaignFixture(shop.id);
    const customer = await f.customer();
    const campaign = await f.campaign({ startedAt: sentAt });
    const held = await f.recipient({ campaignId: campaign, customerId: customer, group: "holdout" });
    await deliver(shop, "orders/create", stringifyWithBigInts(order(customer, `/?utm_source=whatsapp&r=${held}`)));
    expect(await credit(shop.id, ORDER_ID)).toBeNull();
    await deliver(
      shop,
      "orders/updated",
      stringifyWithBigInts(
        order(customer, "/?utm_source=whatsapp&utm_medium=message&r=01J9Z3K6", { updated_at: "2026-11-02T00:00:00Z" }),
      ),
    );
    expect(await credit(shop.id, ORDER_ID)).toBeNull();
  });
});

describe("re-attribution runs", () => {
  it("the end of a backfill queues a run that credits the imported history", async () => {
    const shop = await createTestShop({ prefix: "attr-backfill" });
    const f = new CampaignFixture(shop.id);
    const customer = await f.customer();
    const campaign = await f.campaign({ startedAt: sentAt });
    await f.recipient({ campaignId: campaign, customerId: customer, sentAt, deliveredAt: sentAt });
    const orderId = await f.order({ customerId: customer, at: new Date(sentAt.getTime() + 3 * HOUR) }); // imported, never attributed
    const runId = randomUUID();
    await pool().query(
      `INSERT INTO bulk_imports (shop_id, run_id, resource, status) VALUES ($1, $2, 'orders', 'completed')`,
      [shop.id, runId],
    );
    expect(await startNextImport(shop.id, runId)).toBeNull();
    let run: { status: string; reason: string } | undefined;
    for (let i = 0; i < 200 && run?.status !== "completed"; i++) {
      run = (await pool().query(`SELECT status, reason FROM attribution_runs WHERE shop_id = $1`, [shop.id])).rows[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run).toEqual({ status: "completed", reason: "backfill" });
    expect((await credit(shop.id, orderId))?.evidence).toBe("delivered");
  });

  it("the reconciler re-queues a run Redis lost and books the daily catch-up for shops that sent recently", async () => {
    const shop = await createTestShop({ prefix: "attr-reconcile" });
    const f = new CampaignFixture(shop.id);
    await f.campaign({ startedAt: new Date(Date.now() - 2 * 24 * HOUR) });
    const lost = await pool().query<{ id: number }>(
      `INSERT INTO attribution_runs (shop_id, reason, click_window_hours, view_window_hours, queued_at) VALUES ($1, 'manual', 120, 24, now() - interval '10 minutes') RETURNING id`,
      [shop.id],
    );
    const result = await reconcileAttributionRuns();
    expect(result.requeued).toBeGreaterThanOrEqual(1);
    expect(result.catchUps).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 200; i++) {
      const { rows } = await pool().query(
        `SELECT reason, status FROM attribution_runs WHERE shop_id = $1 ORDER BY id`,
        [shop.id],
      );
      if (rows.every((r) => r.status === "completed")) {
        expect(rows).toEqual([
          { reason: "manual", status: "completed" },
          { reason: "catch_up", status: "completed" },
        ]);
        break;
      }
      if (i === 199) throw new Error(`runs not completed: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // A second pass the same day books nothing new for this shop.
    await reconcileAttributionRuns();
    const runs = await pool().query(
      `SELECT count(*)::int AS n FROM attribution_runs WHERE shop_id = $1 AND reason = 'catch_up'`,
      [shop.id],
    );
    expect(runs.rows[0].n).toBe(1);
    expect(lost.rows[0]!.id).toBeGreaterThan(0);
  });
});
