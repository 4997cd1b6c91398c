// Webhook load against the running app: the built web process (scripts/serve.ts, as `npm start` runs it) and a
// worker process (jobs/worker.ts), started here on a bench database. Signed orders/create deliveries are sent
// open-loop at a fixed rate (not waiting for answers), every 20th one delivered twice with the same webhook id as
// Shopify's at-least-once delivery does. Reports the acknowledgement latency (HTTP round trip), the time from
// receipt (inbox row) to applied (inbox row done, order written), lost and double-applied deliveries.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench_ingest npx tsx test/bench/webhooks.bench.ts --rate 200 --seconds 60
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";
import { cpuSeconds, ownCpuSeconds, pidsNamed } from "./cpu";

const { values } = parseArgs({
  options: { rate: { type: "string", default: "200" }, seconds: { type: "string", default: "60" } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const ROOT = path.resolve(import.meta.dirname, "../..");
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench_ingest";
const SECRET = "bench-webhook-secret";
const prefix = `bench-wh-${randomUUID().slice(0, 8)}`;
Object.assign(process.env, {
  DATABASE_URL: url,
  SHOPIFY_API_KEY: "bench",
  SHOPIFY_API_SECRET: SECRET,
  QUEUE_PREFIX: prefix,
});

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { generateStore } = await import("../../prisma/seed/generator");
const { writeStore } = await import("../../app/ingest/store-writer.server");
const { orderToRestPayload } = await import("../../app/ingest/rest-payloads");
const { upsertShop } = await import("../../app/shops/shop.server");
const { closeQueues } = await import("../../jobs/queues");
type OrderRow = import("../../app/ingest/rows").OrderRow;

if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
  console.log("building the app (remix vite:build)…");
  await new Promise<void>((resolve, reject) => {
    const b = spawn(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: "ignore" });
    b.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))));
  });
}

// The store: customers and products written directly; its orders are what the webhooks deliver.
const total = rate * seconds;
const shop = await upsertShop(`bench-wh-${randomUUID().slice(0, 8)}.myshopify.com`, {
  currency: "USD",
  ianaTimezone: "America/New_York",
});
// An installed shop has its offline session (authenticate.webhook loads it for every delivery).
const { Session } = await import("@shopify/shopify-app-remix/server");
const { PrismaSessionStorage } = await import("@shopify/shopify-app-session-storage-prisma");
const { prisma } = await import("../../app/db.server");
await new PrismaSessionStorage(prisma()).storeSession(
  new Session({
    id: `offline_${shop.domain}`,
    shop: shop.domain,
    state: "",
    isOnline: false,
    accessToken: "bench-offline-token",
    scope: "read_orders",
  }),
);
const orders: OrderRow[] = [];
async function* catalogue() {
  for (const record of generateStore({ orders: total, seed: 7, now: new Date("2026-11-01T00:00:00Z") })) {
    if (record.type === "order") orders.push(record.row);
    else yield record;
  }
}
await writeStore({ shopId: shop.id, records: catalogue() });
const bodies = orders.map((o) => orderToRestPayload(o, { currency: "USD" }));
console.log(
  `${shop.domain}: ${bodies.length} orders/create deliveries prepared (${orders.reduce((s, o) => s + o.lines.length, 0)} lines)`,
);

// The running app.
const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  HOST: "127.0.0.1",
  PORT: String(41000 + Math.floor(Math.random() * 4000)),
  WORKER_HEALTH_PORT: String(45000 + Math.floor(Math.random() * 4000)),
  PATH: `${ROOT}/node_modules/.bin:${process.env.PATH}`,
};
function start(script: string, ready: string): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/node"), ["--import", "tsx", script], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes(ready)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${script} exited (${code}): ${out}`)));
  });
}
const web = await start("scripts/serve.ts", "web listening");
const worker = await start("jobs/worker.ts", "worker running");
const endpoint = `http://127.0.0.1:${env.PORT}/webhooks`;

// Open loop: delivery i leaves at t0 + i / rate, whatever happened to the ones before.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const acks: number[] = [];
const statuses = new Map<number, number>();
function post(body: string, webhookId: string, domain = shop.domain, record = true): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      endpoint,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "X-Shopify-Topic": "orders/create",
          "X-Shopify-Hmac-Sha256": createHmac("sha256", SECRET).update(body, "utf8").digest("base64"),
          "X-Shopify-Shop-Domain": domain,
          "X-Shopify-API-Version": "2026-10",
          "X-Shopify-Webhook-Id": webhookId,
          "X-Shopify-Event-Id": webhookId,
          "X-Shopify-Triggered-At": new Date().toISOString(),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          if (record) {
            acks.push(performance.now() - started);
            statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          }
          resolve();
        });
      },
    );
    req.on("error", () => {
      statuses.set(0, (statuses.get(0) ?? 0) + 1);
      resolve();
    });
    req.end(body);
  });
}

// Warm-up, not measured: a running app has compiled its hot paths. A second shop receives 400 of the orders at
// 100/s; the measured run starts once they are applied.
const warm = await upsertShop(`bench-wh-warm-${randomUUID().slice(0, 8)}.myshopify.com`, {
  currency: "USD",
  ianaTimezone: "America/New_York",
});
const warmBodies = bodies.slice(0, 400);
const warmSends: Promise<void>[] = [];
for (const body of warmBodies) {
  warmSends.push(post(body, randomUUID(), warm.domain, false));
  await new Promise((r) => setTimeout(r, 10));
}
await Promise.all(warmSends);
for (let done = 0; done < warmBodies.length; await new Promise((r) => setTimeout(r, 200))) {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM inbox_events WHERE shop_id = $1 AND status = 'done'`,
    [warm.id],
  );
  done = rows[0].n;
}

// CPU seconds spent by each process of the system under test while the deliveries are sent and applied (2 cores
// are shared by all of them, so this is what the rate is paid with).
const cpuStart = {
  web: cpuSeconds([web.pid!]),
  worker: cpuSeconds([worker.pid!]),
  postgres: cpuSeconds(pidsNamed("postgres")),
  redis: cpuSeconds(pidsNamed("redis-server")),
  sender: process.cpuUsage(),
};

const ids = bodies.map(() => randomUUID());
const sends: Promise<void>[] = [];
const t0 = performance.now();
let duplicates = 0;
for (let i = 0; i < bodies.length; i++) {
  const due = t0 + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  sends.push(post(bodies[i]!, ids[i]!));
  if (i % 20 === 10) {
    duplicates++;
    const j = i;
    // the same delivery again a little later, as a Shopify retry
    sends.push(new Promise((r) => setTimeout(r, 300)).then(() => post(bodies[j]!, ids[j]!)));
  }
}
await Promise.all(sends);
const sendSeconds = (performance.now() - t0) / 1000;

// Wait until the worker has applied every delivery (or give up after two minutes).
const deadline = Date.now() + 120_000;
let applied = 0;
while (Date.now() < deadline) {
  const { rows } = await pool().query(
    `SELECT count(*) FILTER (WHERE status = 'done')::int AS n FROM inbox_events WHERE shop_id = $1`,
    [shop.id],
  );
  applied = rows[0].n;
  if (applied >= bodies.length) break;
  await new Promise((r) => setTimeout(r, 250));
}

const cpu = {
  web: cpuSeconds([web.pid!]) - cpuStart.web,
  worker: cpuSeconds([worker.pid!]) - cpuStart.worker,
  postgres: cpuSeconds(pidsNamed("postgres")) - cpuStart.postgres,
  redis: cpuSeconds(pidsNamed("redis-server")) - cpuStart.redis,
  sender: ownCpuSeconds(cpuStart.sender),
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const { rows: lag } = await pool().query<{ ms: number }>(
  `SELECT extract(epoch FROM processed_at - received_at) * 1000 AS ms FROM inbox_events WHERE shop_id = $1 AND status = 'done'`,
  [shop.id],
);
const applyMs = lag.map((r) => Number(r.ms));
const { rows: check } = await pool().query(
  `SELECT (SELECT count(*) FROM inbox_events WHERE shop_id = $1)::int AS inbox,
          (SELECT count(*) FROM orders WHERE shop_id = $1)::int AS orders,
          (SELECT count(*) FROM line_items WHERE shop_id = $1)::int AS lines,
          (SELECT coalesce(sum(orders_count), 0) FROM customers WHERE shop_id = $1)::int AS counted`,
  [shop.id],
);
const expectedLines = orders.reduce((s, o) => s + o.lines.length, 0);
const expectedCounted = orders.filter((o) => o.customerId !== null && !o.test && !o.cancelledAt).length;
const c = check[0];
const lost = bodies.length - c.orders;
const doubled = c.inbox - bodies.length + (c.lines - expectedLines) + (c.counted - expectedCounted);

console.log(
  `\nsent ${bodies.length} deliveries + ${duplicates} duplicates in ${sendSeconds.toFixed(1)} s (target ${rate}/s for ${seconds} s); answers ${JSON.stringify(Object.fromEntries(statuses))}`,
);
console.log(`| measure | p50 | p99 | max |\n|---|---:|---:|---:|`);
console.log(
  `| ack (HTTP round trip), ms | ${pct(acks, 50).toFixed(1)} | ${pct(acks, 99).toFixed(1)} | ${Math.max(...acks).toFixed(1)} |`,
);
console.log(
  `| receipt → applied, ms | ${pct(applyMs, 50).toFixed(0)} | ${pct(applyMs, 99).toFixed(0)} | ${Math.max(...applyMs).toFixed(0)} |`,
);
console.log(
  `applied ${applied}/${bodies.length}; inbox rows ${c.inbox}; orders ${c.orders}; lines ${c.lines}/${expectedLines}; counted orders ${c.counted}/${expectedCounted}`,
);
console.log(
  `CPU ms per delivery: ${Object.entries(cpu)
    .map(([k, v]) => `${k} ${((v * 1000) / bodies.length).toFixed(2)}`)
    .join(", ")} (2 cores = 10 ms per delivery at 200/s)`,
);
console.log(`lost: ${lost}; double-applied: ${doubled}`);

web.kill("SIGTERM");
worker.kill("SIGTERM");
await Promise.all([web, worker].map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once("exit", r)))));
agent.destroy();
await pool().query(`DELETE FROM inbox_events WHERE shop_id = $1`, [shop.id]);
await pool().query(`DELETE FROM inbox_events WHERE shop_id = $1`, [warm.id]);
await pool().query(`DELETE FROM shops WHERE id = ANY($1::int[])`, [[shop.id, warm.id]]);
await pool().query(`DELETE FROM "Session" WHERE shop = $1`, [shop.domain]);
await closeQueues();
await closeDb();
