// The whole backfill as it runs in production, against the Shopify simulator: bulkOperationRunQuery per resource,
// completion by the signed bulk_operations/finish webhook through the webhook route, the inbox and BullMQ jobs
// on a worker, the JSONL downloaded from the simulator and streamed in. Also: Shopify's cost-based THROTTLED
// answers are waited out for exactly as long as the cost data says, and a Redis restart in the middle of the
// import does not stop it. This file runs its own redis-server on a free port (never the shared one).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { resetEnvForTests } from "../../app/env.server";
import { backfillProgress, startBackfill } from "../../app/ingest/backfill.server";
import { throttleWaitMs, withThrottleHandling, type GraphqlResult } from "../../app/shopify/admin-graphql.server";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { closeQueues } from "../../jobs/queues";
import { generatedStoreData, startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/index";
import { createTestShop } from "../setup/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { serveWebhookRoute } from "../setup/webhooks";

let redis: { port: number; proc: ChildProcess } | null = null;
let hook: Awaited<ReturnType<typeof serveWebhookRoute>>;
let hookUrl: string;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const proc = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (up) return proc;
    if (Date.now() > deadline) throw new Error("redis-server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopRedis(proc: ChildProcess) {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await exited;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const port = await freePort();
  redis = { port, proc: await startRedis(port) };
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  resetEnvForTests();
  // Shopify's webhook deliveries (bulk_operations/finish) go through the app's real webhook route.
  hook = await serveWebhookRoute();
  hookUrl = hook.url;
}, 30_000);

afterAll(async () => {
  await closeQueues();
  delete process.env.SHOPIFY_ADMIN_ORIGIN;
  process.env.REDIS_URL = "redis://127.0.0.1:6379";
  resetEnvForTests();
  await hook.close();
  if (redis) await stopRedis(redis.proc);
});

interface Setup {
  sim: ShopifySimulator;
  shopId: number;
  domain: string;
  expected: { orders: number; lines: number; customers: number; products: number };
}

async function setUp(orders: number, throttle?: { restoreRate: number; bucketSize: number }): Promise<Setup> {
  const shop = await createTestShop({ prefix: "flow" });
  const token = `shpat_${shop.id}`;
  const data = generatedStoreData({ domain: shop.domain, orders });
  const sim = await startShopifySimulator({
    apiSecret: TEST_API_SECRET,
    shops: [{ domain: shop.domain, accessToken: token, data }],
    webhookUrl: hookUrl,
    ...throttle,
  });
  await pool().query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", "accessToken") VALUES ($1, $2, 'test', false, $3)`,
    [`offline_${shop.domain}`, shop.domain, token],
  );
  process.env.SHOPIFY_ADMIN_ORIGIN = sim.url;
  resetEnvForTests();
  // What the store holds, counted from the simulator's own data.
  let lines = 0;
  let n = 0;
  for await (const o of data.orders()) {
    n++;
    lines += (o.lineItems as unknown[]).length;
  }
  let customers = 0;
  for await (const _ of data.customers()) customers++;
  let products = 0;
  for await (const _ of data.products()) products++;
  return { sim, shopId: shop.id, domain: shop.domain, expected: { orders: n, lines, customers, products } };
}

async function counts(shopId: number) {
  const { rows } = await pool().query(
    `SELECT (SELECT count(*) FROM orders WHERE shop_id = $1)::int AS orders,
            (SELECT count(DISTINCT id) FROM orders WHERE shop_id = $1)::int AS distinct_orders,
            (SELECT count(*) FROM line_items WHERE shop_id = $1)::int AS lines,
            (SELECT count(*) FROM customers WHERE shop_id = $1)::int AS customers,
            (SELECT count(*) FROM products WHERE shop_id = $1)::int AS products,
            (SELECT sum(orders_count) FROM customers WHERE shop_id = $1)::int AS counted_orders`,
    [shopId],
  );
  return rows[0] as {
    orders: number;
    distinct_orders: number;
    lines: number;
    customers: number;
    products: number;
    counted_orders: number;
  };
}

async function finished(shopId: number) {
  const progress = await backfillProgress(shopId);
  if (progress.some((p) => p.status === "failed")) throw new Error(`backfill failed: ${JSON.stringify(progress)}`);
  return progress.length === 3 && progress.every((p) => p.status === "completed") ? progress : null;
}

describe("backfill through the simulator, jobs and the webhook route", () => {
  let workers: RunningWorkers | null = null;
  afterAll(async () => {
    await workers?.close();
  });

  it("imports products, customers and orders from bulk operations finished by webhook; a re-sync duplicates nothing", async () => {
    const s = await setUp(900);
    workers = startWorkers({ queues: ["inbox", "ingest"] });
    try {
      await startBackfill({ shopId: s.shopId, reason: "install" });
      const progress = await waitFor("backfill", () => finished(s.shopId));
      expect(progress.map((p) => [p.resource, p.percent, p.badLines])).toEqual([
        ["products", 100, 0],
        ["customers", 100, 0],
        ["orders", 100, 0],
      ]);
      expect(s.sim.bulkOperations.map((o) => o.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
      // completion came through the signed finish webhook, stored in the inbox and applied
      const finishes = await pool().query(
        `SELECT status FROM inbox_events WHERE shop_id = $1 AND topic = 'bulk_operations/finish'`,
        [s.shopId],
      );
      expect(finishes.rows.map((r) => r.status)).toEqual(["done", "done", "done"]);
      const c = await counts(s.shopId);
      expect(c).toEqual({ ...s.expected, distinct_orders: s.expected.orders, counted_orders: s.expected.orders });

      // Re-sync: everything imported again, nothing duplicated, aggregates unchanged.
      await startBackfill({ shopId: s.shopId, reason: "resync" });
      await waitFor(
        "second backfill",
        async () =>
          (
            await pool().query(
              `SELECT count(*)::int AS n FROM bulk_imports WHERE shop_id = $1 AND status = 'completed'`,
              [s.shopId],
            )
          ).rows[0].n === 6,
      );
      expect(await counts(s.shopId)).toEqual(c);
    } finally {
      await s.sim.close();
    }
  }, 120_000);

  it("keeps going when Redis restarts in the middle of the orders import", async () => {
    const s = await setUp(12_000);
    workers ??= startWorkers({ queues: ["inbox", "ingest"] });
    try {
      await startBackfill({ shopId: s.shopId, reason: "install" });
      // Mid-import: the orders file is being streamed and some batches are already committed.
      await waitFor("orders import under way", async () => {
        const { rows } = await pool().query(
          `SELECT lines_committed::int AS n FROM bulk_imports WHERE shop_id = $1 AND resource = 'orders' AND status = 'importing'`,
          [s.shopId],
        );
        return rows[0]?.n > 0;
      });
      await stopRedis(redis!.proc);
      await new Promise((r) => setTimeout(r, 1000));
      redis!.proc = await startRedis(redis!.port); // empty: nothing is kept on disk
      const progress = await waitFor("backfill after the restart", () => finished(s.shopId));
      expect(progress.find((p) => p.resource === "orders")!.rowsImported).toBe(s.expected.orders);
      expect(await counts(s.shopId)).toEqual({
        ...s.expected,
        distinct_orders: s.expected.orders,
        counted_orders: s.expected.orders,
      });
    } finally {
      await s.sim.close();
    }
  }, 180_000);
});

describe("Shopify's cost-based throttle", () => {
  it("waits exactly as long as the cost data says the bucket needs", async () => {
    expect(
      throttleWaitMs({
        requestedQueryCost: 10,
        throttleStatus: { maximumAvailable: 100, currentlyAvailable: 4, restoreRate: 2 },
      }),
    ).toBe(3000);
    expect(
      throttleWaitMs({
        requestedQueryCost: 10,
        throttleStatus: { maximumAvailable: 100, currentlyAvailable: 9.5, restoreRate: 50 },
      }),
    ).toBe(1000); // at least a second
    expect(throttleWaitMs(undefined)).toBe(1000);

    const s = await setUp(10, { restoreRate: 4, bucketSize: 20 });
    try {
      const url = `${s.sim.url}/admin/api/2026-10/graphql.json`;
      const transport = async (query: string, variables?: Record<string, unknown>) => {
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "X-Shopify-Shop-Domain": s.domain,
            "X-Shopify-Access-Token": `shpat_${s.shopId}`,
          },
          body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as GraphqlResult<unknown>;
      };
      const waits: number[] = [];
      const seen: GraphqlResult<unknown>[] = [];
      const admin = withThrottleHandling(
        async (q, v) => {
          const r = await transport(q, v);
          seen.push(r);
          return r;
        },
        {
          sleep: async (ms) => {
            waits.push(ms);
            await new Promise((r) => setTimeout(r, ms));
          },
        },
      );
      const cancel = `mutation { bulkOperationCancel(id: "gid://shopify/BulkOperation/1") { userErrors { message } } }`; // 10 points
      for (let i = 0; i < 4; i++) {
        const data = await admin.request<{ bulkOperationCancel: { userErrors: Array<{ message: string }> } }>(cancel);
        expect(data.bulkOperationCancel.userErrors[0]!.message).toBe("Bulk operation does not exist");
      }
      // 20 points in the bucket: the third request is throttled, and so on; each wait follows that answer's cost data.
      expect(admin.throttled).toBeGreaterThanOrEqual(1);
      expect(s.sim.throttledResponses).toBe(admin.throttled);
      const throttled = seen.filter((r) => r.errors?.some((e) => e.extensions?.code === "THROTTLED"));
      expect(waits).toEqual(throttled.map((r) => throttleWaitMs(r.extensions!.cost)));
      const cost = throttled[0]!.extensions!.cost!;
      expect(cost.requestedQueryCost).toBe(10);
      expect(cost.throttleStatus!.restoreRate).toBe(4);
      expect(waits[0]).toBe(Math.max(1000, Math.ceil(((10 - cost.throttleStatus!.currentlyAvailable) / 4) * 1000)));
    } finally {
      await s.sim.close();
    }
  }, 60_000);

  it("a backfill on a tight bucket is throttled and still completes", async () => {
    const s = await setUp(300, { restoreRate: 5, bucketSize: 12 });
    const workers = startWorkers({ queues: ["inbox", "ingest"] });
    try {
      await startBackfill({ shopId: s.shopId, reason: "install" });
      await waitFor("throttled backfill", () => finished(s.shopId));
      expect(s.sim.throttledResponses).toBeGreaterThan(0);
      expect((await counts(s.shopId)).orders).toBe(s.expected.orders);
    } finally {
      await workers.close();
      await s.sim.close();
    }
  }, 120_000);
});
