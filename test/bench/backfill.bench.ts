// Backfill benchmark: N generated orders (with lines) as Shopify bulk JSONL, served over HTTP, streamed into
// PostgreSQL by the real importer. Reports orders/s and the importer's peak RSS.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench npx tsx test/bench/backfill.bench.ts --orders 1000000
import { createWriteStream, createReadStream, existsSync, statSync } from "node:fs";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({ options: { orders: { type: "string", default: "200000" }, seed: { type: "string", default: "42" } } });
const orders = Number(values.orders);
const seed = Number(values.seed);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "bench";
process.env.SHOPIFY_API_SECRET ??= "bench";
process.env.QUEUE_PREFIX ??= `bench-${randomUUID().slice(0, 6)}`;

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { generateStore } = await import("../../prisma/seed/generator");
const { bulkJsonl } = await import("../fixtures/graphql-store");
const { importBulkFile } = await import("../../app/ingest/backfill.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { closeQueues } = await import("../../jobs/queues");

const now = new Date("2026-11-01T00:00:00Z");
const dir = path.join(tmpdir(), "segwa-bench");
await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
const file = (resource: string) => path.join(dir, `${resource}-${orders}-${seed}.jsonl`);

// 1. JSONL files (generated once, streamed to disk).
for (const resource of ["products", "customers", "orders"] as const) {
  if (existsSync(file(resource))) continue;
  const out = createWriteStream(file(resource));
  for (const line of bulkJsonl(resource, generateStore({ orders, seed, now }))) {
    if (!out.write(line + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
for (const r of ["products", "customers", "orders"]) console.log(`${r}: ${(statSync(file(r)).size / 1e6).toFixed(0)} MB JSONL`);

// 2. Serve them like Shopify's storage does.
const server = http.createServer((req, res) => {
  const f = file(path.basename(req.url ?? "", ".jsonl"));
  if (!existsSync(f)) return void res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": "application/jsonl" });
  createReadStream(f).pipe(res);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// 3. Import into a fresh shop, measuring each resource.
const shop = await upsertShop(`bench-${randomUUID().slice(0, 8)}.myshopify.com`, { currency: "USD", ianaTimezone: "America/New_York" });
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const results: Record<string, { seconds: number; roots: number }> = {};
for (const resource of ["products", "customers", "orders"] as const) {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO bulk_imports (shop_id, run_id, resource, status, url) VALUES ($1, $2, $3, 'importing', $4) RETURNING id`,
    [shop.id, randomUUID(), resource, `${base}/${resource}.jsonl`],
  );
  const started = performance.now();
  const result = await importBulkFile({ shopId: shop.id, importId: rows[0]!.id });
  results[resource] = { seconds: (performance.now() - started) / 1000, roots: result.roots };
  if (result.badLines.length) throw new Error(`bad lines: ${JSON.stringify(result.badLines.slice(0, 3))}`);
}
clearInterval(sampler);
const o = results.orders!;
console.log(`\n| resource | rows | seconds | rows/s |\n|---|---|---|---|`);
for (const [r, v] of Object.entries(results)) console.log(`| ${r} | ${v.roots} | ${v.seconds.toFixed(1)} | ${Math.round(v.roots / v.seconds)} |`);
console.log(`\norders: ${orders} in ${o.seconds.toFixed(1)} s = ${Math.round(orders / o.seconds)} orders/s (incl. final customer aggregates); peak RSS ${(peakRss / 1e6).toFixed(0)} MB`);
await pool().query(`DELETE FROM shops WHERE id = $1`, [shop.id]);
server.close();
await closeQueues();
await closeDb();
