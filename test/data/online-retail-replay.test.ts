// The whole Online Retail file replayed as Shopify webhooks over HTTP through the app's webhook route (signed with
// the app secret, verified by the library), stored in the inbox and applied by the worker's jobs: every invoice is
// accounted for, and each customer's order count and net spend equal a direct computation from the CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { reconcile } from "../../jobs/processors/maintenance";
import { replay, type ReplayResult } from "../../scripts/online-retail/replay";
import { SHOP_CURRENCY, SHOP_TIME_ZONE } from "../../scripts/online-retail/mapping";
import { directStats } from "../../scripts/online-retail/stats";
import { createTestShop } from "../setup/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { serveWebhookRoute } from "../setup/webhooks";

let route: Awaited<ReturnType<typeof serveWebhookRoute>>;
let url: string;
let workers: RunningWorkers;

beforeAll(async () => {
  route = await serveWebhookRoute();
  url = route.url;
  workers = startWorkers({ queues: ["inbox"] });
});

afterAll(async () => {
  await workers.close();
  await route.close();
});

describe("Online Retail replayed through the webhook route", () => {
  let shopId: number;
  let result: ReplayResult;

  beforeAll(async () => {
    const shop = await createTestShop({
      prefix: "retail-replay",
      currency: SHOP_CURRENCY,
      ianaTimezone: SHOP_TIME_ZONE,
    });
    shopId = shop.id;
    result = await replay({ url, shop: shop.domain, secret: TEST_API_SECRET, concurrency: 12 });
    const total = Object.values(result.sent).reduce((a, b) => a + b, 0);
    // Every delivery applied by the worker (none deferred, failed or waiting).
    const deadline = Date.now() + 1_200_000;
    let reconciled = Date.now();
    for (;;) {
      // What the worker's maintenance.reconcile does every minute: re-queue rows Redis did not take in time.
      if (Date.now() - reconciled > 20_000) {
        await reconcile();
        reconciled = Date.now();
      }
      const { rows } = await pool().query(
        `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*)::int AS stored,
                count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM inbox_events WHERE shop_id = $1`,
        [shopId],
      );
      if (rows[0].failed) throw new Error(`${rows[0].failed} deliveries failed`);
      if (rows[0].stored === total && rows[0].done === total) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].done} of ${total} deliveries applied`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 1_500_000);

  it("accounts for all 25,900 invoices and delivers each as the webhook it stands for", () => {
    expect(result.failed).toEqual([]);
    const r = result.report!;
    expect(r.invoices).toBe(25_900);
    expect(r.orders + r.cancellations + r.refunds + r.unmatched.total + r.skipped.total).toBe(25_900);
    expect(result.sent).toEqual({
      "customers/create": 4372,
      "orders/create": r.orders,
      "refunds/create": r.refunds,
      "orders/cancelled": r.cancellations,
    });
    expect(result.sent["orders/create"]).toBe(19_963);
  });

  it("stores every order once; refunds and cancellations land on their orders", async () => {
    const { rows } = await pool().query(
      `SELECT count(*)::int AS orders, count(*) FILTER (WHERE cancelled_at IS NOT NULL)::int AS cancelled,
              (SELECT count(*)::int FROM refunds WHERE shop_id = $1) AS refunds
       FROM orders WHERE shop_id = $1`,
      [shopId],
    );
    expect(rows[0]).toEqual({
      orders: result.report!.orders,
      cancelled: result.report!.cancellations,
      refunds: result.report!.refunds,
    });
  });

  it("each customer's order count and net spend equal a direct computation from the CSV", async () => {
    const reference = await directStats();
    const { rows } = await pool().query<{ id: string; orders_count: number; net: string }>(
      `SELECT id::text, orders_count, net_spent_minor::text AS net FROM customers WHERE shop_id = $1 AND orders_count > 0`,
      [shopId],
    );
    const stored = new Map(rows.map((r) => [r.id, r]));
    const differences: string[] = [];
    for (const [customer, expected] of reference) {
      const got = stored.get(customer);
      const count = got?.orders_count ?? 0;
      const net = BigInt(got?.net ?? 0);
      if (count !== expected.orders || net !== expected.netMinor)
        differences.push(`${customer}: stored ${count}/${net} vs CSV ${expected.orders}/${expected.netMinor}`);
    }
    for (const id of stored.keys()) if (!reference.has(id)) differences.push(`${id}: stored but not in the CSV`);
    expect(differences.slice(0, 20)).toEqual([]);
    expect(rows.length).toBeGreaterThan(4000);
    const total = [...reference.values()].reduce((s, v) => s + v.netMinor, 0n);
    expect(rows.reduce((s, r) => s + BigInt(r.net), 0n)).toBe(total);
  }, 120_000);
});
