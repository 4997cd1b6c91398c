// A segment of more than a million members: materializing it, paging its members (first page, a page deep in
// the middle, a search) and streaming its CSV export, with the export's memory.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench npx tsx test/bench/segment-members.bench.ts --members 1200000
// The customers are inserted directly (this measures the member pages and the export, not ingestion).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({ options: { members: { type: "string", default: "1200000" } } });
const members = Number(values.members);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "bench";
process.env.SHOPIFY_API_SECRET ??= "bench";
process.env.QUEUE_PREFIX ??= `bench-${randomUUID().slice(0, 6)}`;

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { refreshSegment } = await import("../../app/segments/refresh.server");
const { listMembers, exportMembersCsv } = await import("../../app/segments/members.server");

const db = pool();
const BASE = 7_800_000_000_000_000_000n;
const shop = await upsertShop(`segmembers-${members}.myshopify.com`, {
  currency: "EUR",
  ianaTimezone: "Europe/Berlin",
});
const have = Number((await db.query(`SELECT count(*) FROM customers WHERE shop_id = $1`, [shop.id])).rows[0].count);
if (have !== members) {
  console.log(`inserting ${members} customers into shop ${shop.id} ...`);
  await db.query(`DELETE FROM segments WHERE shop_id = $1`, [shop.id]);
  await db.query(`DELETE FROM customers WHERE shop_id = $1`, [shop.id]);
  await db.query(
    `INSERT INTO customers (shop_id, id, first_name, last_name, email, phone_e164, country_code, city, orders_count, net_spent_minor, updated_at)
     SELECT $1, $2::bigint + g, 'Customer', 'Number ' || g, 'customer' || g || '@example.com', '+4915' || lpad(g::text, 9, '0'), 'DE', 'Berlin',
            1 + g % 7, 1000 + g % 50000, now()
     FROM generate_series(1, $3) g`,
    [shop.id, BASE.toString(), members],
  );
  await db.query(`VACUUM ANALYZE customers`);
}
await db.query(`DELETE FROM segments WHERE shop_id = $1`, [shop.id]);
const segmentId = (
  await db.query(
    `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, 'Germany', 'location', '{"countryCodes":["DE"]}', now()) RETURNING id`,
    [shop.id],
  )
).rows[0].id as number;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await fn();
  return [performance.now() - started, result];
}

const [materialize, result] = await time(() => refreshSegment({ shopId: shop.id, segmentId }));
const [steady] = await time(() => refreshSegment({ shopId: shop.id, segmentId }));
await db.query(`VACUUM ANALYZE segment_members`);
const [first, page1] = await time(() => listMembers({ shopId: shop.id, segmentId }));
const middle = (BASE + BigInt(Math.floor(members / 2))).toString();
const [deep, page2] = await time(() => listMembers({ shopId: shop.id, segmentId, after: middle }));
const [back] = await time(() => listMembers({ shopId: shop.id, segmentId, before: page2.rows[0]!.customerId }));
const [search, found] = await time(() =>
  listMembers({ shopId: shop.id, segmentId, query: `customer${members - 3}@example.com` }),
);

// The export, consumed as a client would; memory sampled while it streams.
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
let rows = 0;
let bytes = 0;
const [exportMs] = await time(async () => {
  const reader = exportMembersCsv({ shopId: shop.id, segmentId, currency: "EUR", exponent: 2 }).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) rows += 1;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
});

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
console.log(`\n${result.count} members (shop ${shop.id})\n`);
console.log(`| measurement | result |\n|---|---:|`);
console.log(`| first full refresh, ${result.count} members entering | ${(materialize / 1000).toFixed(1)} s |`);
console.log(`| full refresh again, nothing changed | ${(steady / 1000).toFixed(1)} s |`);
console.log(`| members page 1 (50 rows, with why they match) | ${first.toFixed(0)} ms |`);
console.log(`| members page in the middle (after id ${middle}) | ${deep.toFixed(0)} ms |`);
console.log(`| previous page from there | ${back.toFixed(0)} ms |`);
console.log(`| search by email (${found.rows.length} found) | ${search.toFixed(0)} ms |`);
console.log(
  `| CSV export, ${rows - 1} rows, ${mb(bytes)} MB | ${(exportMs / 1000).toFixed(1)} s (${Math.round((rows - 1) / (exportMs / 1000)).toLocaleString("en")} rows/s) |`,
);
console.log(`| process memory during the export (RSS before → peak) | ${mb(rssBefore)} → ${mb(peak)} MB |`);
if (page1.rows.length !== 50 || rows - 1 !== result.count) throw new Error("unexpected page size or export row count");
await closeDb();
