// Backfill benchmark: N generated orders (with lines) as Shopify bulk JSONL, served over HTTP, streamed into
// PostgreSQL by the real importer. Reports orders/s and the importer's peak RSS.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench npx tsx test/bench/backfill.bench.ts --orders 1000000
import { createWriteStream, existsSync, statSync } from "node:fs";
import { once } from "node:events";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import pg from "pg";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";
import { cpuSeconds, ownCpuSeconds, pidsNamed } from "./cpu";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "200000" },
    seed: { type: "string", default: "42" },
    keep: { type: "boolean", default: false },
  },
});
const orders = Number(values.orders);
const seed = Number(values.seed);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "bench";
process.env.SHOPIFY_API_SECRET ??= "bench";
process.env.QUEUE_PREFIX ??= `bench-${randomUUID().slice(0, 6)}`;

// A fresh database for every run, as a new install has: earlier runs' deleted rows (autovacuum is off on these
// machines) would otherwise be scanned, or their free space scattered over the tables would take the new rows.
await dropDatabase(url);
await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { generateStore } = await import("../../prisma/seed/generator");
const { bulkJsonl } = await import("../fixtures/graphql-store");
const { importBulkFile } = await import("../../app/ingest/backfill.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { closeQueues } = await import("../../jobs/queues");

const now = new Date("2026-11-01T00:00:00Z");

async function dropDatabase(dbUrl: string) {
  const admin = new URL(dbUrl);
  const name = admin.pathname.slice(1);
  if (!/^segwa_bench\w*$/.test(name)) throw new Error(`refusing to drop ${name}: not a segwa_bench database`);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}
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
for (const r of ["products", "customers", "orders"])
  console.log(`${r}: ${(statSync(file(r)).size / 1e6).toFixed(0)} MB JSONL`);

// 2. Serve them like Shopify's storage does, from another process: the importer's memory is measured alone.
const FILE_SERVER = `
  const http = require("node:http"), fs = require("node:fs"), path = require("node:path");
  const dir = process.argv[1], suffix = process.argv[2];
  const server = http.createServer((req, res) => {
    const f = path.join(dir, path.basename(req.url || "", ".jsonl") + suffix);
    if (!fs.existsSync(f)) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/jsonl" });
    fs.createReadStream(f).pipe(res);
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;
const fileServer = spawn(process.execPath, ["-e", FILE_SERVER, dir, `-${orders}-${seed}.jsonl`], {
  stdio: ["ignore", "pipe", "inherit"],
});
const [portLine] = (await once(fileServer.stdout!, "data")) as [Buffer];
const base = `http://127.0.0.1:${Number(portLine.toString().trim())}`;

// 3. Import into a fresh shop, measuring each resource.
const shop = await upsertShop(`bench-${randomUUID().slice(0, 8)}.myshopify.com`, {
  currency: "USD",
  ianaTimezone: "America/New_York",
});
const startRss = process.memoryUsage().rss;
let peakRss = startRss;
let atPeak = process.memoryUsage();
let phase = "start";
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) {
    peakRss = m.rss;
    atPeak = m;
    if (process.env.BENCH_MEMORY_TRACE)
      console.log(
        v8
          .getHeapSpaceStatistics()
          .map((x) => `${x.space_name} ${(x.space_used_size / 1e6).toFixed(0)}/${(x.space_size / 1e6).toFixed(0)}`)
          .join(" "),
      );
    if (process.env.BENCH_MEMORY_TRACE)
      console.log(
        `peak ${phase}: rss ${(m.rss / 1e6).toFixed(0)} heapUsed ${(m.heapUsed / 1e6).toFixed(0)} heapTotal ${(m.heapTotal / 1e6).toFixed(0)} external ${(m.external / 1e6).toFixed(0)} arrayBuffers ${(m.arrayBuffers / 1e6).toFixed(0)}`,
      );
  }
}, 50);
const results: Record<string, { seconds: number; roots: number; importerCpu: number; postgresCpu: number }> = {};
// Each resource as its own run (a whole run would start the next bulk operation through the Admin API): every
// import ends with the whole-shop customer aggregates, so the orders time includes the final ones.
for (const resource of ["products", "customers", "orders"] as const) {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO bulk_imports (shop_id, run_id, resource, status, url) VALUES ($1, $2, $3, 'importing', $4) RETURNING id`,
    [shop.id, randomUUID(), resource, `${base}/${resource}.jsonl`],
  );
  phase = resource;
  const cpuBefore = { own: process.cpuUsage(), postgres: cpuSeconds(pidsNamed("postgres")) };
  const started = performance.now();
  const result = await importBulkFile({ shopId: shop.id, importId: rows[0]!.id });
  results[resource] = {
    seconds: (performance.now() - started) / 1000,
    roots: result.roots,
    importerCpu: ownCpuSeconds(cpuBefore.own),
    postgresCpu: cpuSeconds(pidsNamed("postgres")) - cpuBefore.postgres,
  };
  if (result.badLines.length) throw new Error(`bad lines: ${JSON.stringify(result.badLines.slice(0, 3))}`);
}
clearInterval(sampler);
const o = results.orders!;
console.log(
  `\n| resource | rows | seconds | rows/s | CPU s: importer | CPU s: PostgreSQL |\n|---|---|---|---|---|---|`,
);
for (const [r, v] of Object.entries(results)) {
  console.log(
    `| ${r} | ${v.roots} | ${v.seconds.toFixed(1)} | ${Math.round(v.roots / v.seconds)} | ${v.importerCpu.toFixed(1)} | ${v.postgresCpu.toFixed(1)} |`,
  );
}
console.log(
  `\norders: ${orders} in ${o.seconds.toFixed(1)} s = ${Math.round(orders / o.seconds)} orders/s (incl. final customer aggregates); peak RSS ${(peakRss / 1e6).toFixed(0)} MB (${(startRss / 1e6).toFixed(0)} MB before the import; V8 heap ${(atPeak.heapTotal / 1e6).toFixed(0)} MB, of it used ${(atPeak.heapUsed / 1e6).toFixed(0)} MB; buffers ${(atPeak.arrayBuffers / 1e6).toFixed(0)} MB)`,
);
if (values.keep) console.log(`kept shop ${shop.id} (--keep)`);
else await pool().query(`DELETE FROM shops WHERE id = $1`, [shop.id]);
fileServer.kill();
await closeQueues();
await closeDb();
// Whatever a library left open (keep-alive sockets, timers) must not keep the finished bench waiting.
process.exit(0);
