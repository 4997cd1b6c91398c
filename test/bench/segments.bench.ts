// Segment engine benchmark on a generated store of N orders (generated once per N/seed and reused).
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench npx tsx test/bench/segments.bench.ts --orders 1000000
// Measures, against the baseline `SELECT customer_id, count(*), sum(net_minor) FROM orders WHERE shop_id=$1 GROUP BY
// customer_id`: full refresh of each mission kind and of all five together, incremental refresh of one customer
// after an order (all five segments, p50/p99), and the builder preview after a parameter change.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "100000" },
    seed: { type: "string", default: "42" },
    runs: { type: "string", default: "200" },
  },
});
const orders = Number(values.orders);
const seed = Number(values.seed);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "bench";
process.env.SHOPIFY_API_SECRET ??= "bench";
process.env.QUEUE_PREFIX ??= `bench-${randomUUID().slice(0, 6)}`;

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { generateStore, ID_BASE } = await import("../../prisma/seed/generator");
const { writeStore } = await import("../../app/ingest/store-writer.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { previewSegment, refreshCustomers, refreshSegment } = await import("../../app/segments/refresh.server");
type OrderRow = import("../../app/ingest/rows").OrderRow;

const now = new Date("2026-11-01T00:00:00Z");
const db = pool();
const domain = `segbench-${orders}-${seed}.myshopify.com`;
const shop = await upsertShop(domain, { currency: "USD", ianaTimezone: "America/New_York" });
const have = Number(
  (
    await db.query(`SELECT count(*) FROM orders WHERE shop_id = $1 AND id <= $2`, [
      shop.id,
      (ID_BASE.order + BigInt(orders)).toString(),
    ])
  ).rows[0].count,
);
if (have !== orders) {
  console.log(`generating ${orders} orders into shop ${shop.id} ...`);
  await db.query(`DELETE FROM orders WHERE shop_id = $1`, [shop.id]);
  const started = performance.now();
  // Aggregates once at the end, after ANALYZE: planning the whole-shop statement with the statistics of an
  // empty shop picks nested loops (quadratic at this size).
  await writeStore({ shopId: shop.id, records: generateStore({ orders, seed, now }), refreshStats: false });
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log(`reusing shop ${shop.id} with ${orders} orders`);
}
const { refreshCustomerStats } = await import("../../app/ingest/customer-stats.server");
if (
  Number(
    (await db.query(`SELECT count(*) FROM customers WHERE shop_id = $1 AND stats_updated_at IS NULL`, [shop.id]))
      .rows[0].count,
  ) > 0
) {
  for (const table of ["orders", "line_items", "customers", "products"]) await db.query(`ANALYZE ${table}`);
  const started = performance.now();
  await refreshCustomerStats({ shopId: shop.id });
  console.log(`customer aggregates in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
// Orders added by earlier incremental runs would skew the comparison: drop them and restore aggregates.
const extra = await db.query(`DELETE FROM orders WHERE shop_id = $1 AND id > $2 RETURNING customer_id::text`, [
  shop.id,
  (ID_BASE.order + BigInt(orders)).toString(),
]);
if (extra.rowCount) {
  await db.query(`DELETE FROM line_items WHERE shop_id = $1 AND id >= 7069000000000000000`, [shop.id]);
  await refreshCustomerStats({
    shopId: shop.id,
    customerIds: [...new Set(extra.rows.map((r) => BigInt(r.customer_id)))],
  });
}
await db.query(`DELETE FROM segments WHERE shop_id = $1`, [shop.id]);
await db.query(`DELETE FROM segment_membership_events WHERE shop_id = $1`, [shop.id]);
for (const table of ["orders", "line_items", "customers", "customer_products", "segment_members"])
  await db.query(`VACUUM ANALYZE ${table}`);
const counts = (
  await db.query(
    `SELECT (SELECT count(*) FROM customers WHERE shop_id = $1) AS customers,
  (SELECT count(*) FROM line_items WHERE shop_id = $1) AS lines`,
    [shop.id],
  )
).rows[0];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) t.push(await time(fn));
  return t.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;

// The baseline is sampled before and after the refreshes (median of all samples): other processes share the machine,
// and a baseline from one quiet or one busy moment would skew every ratio.
const baselineSamples: number[] = [];
const sampleBaseline = async (n: number) => {
  for (let i = 0; i < n; i++) {
    baselineSamples.push(
      await time(() =>
        db.query(`SELECT customer_id, count(*), sum(net_minor) FROM orders WHERE shop_id = $1 GROUP BY customer_id`, [
          shop.id,
        ]),
      ),
    );
  }
};
await sampleBaseline(5);

const top = (
  await db.query(
    `SELECT product_id::text AS id FROM line_items WHERE shop_id = $1 AND product_id IS NOT NULL
  GROUP BY 1 ORDER BY count(*) DESC LIMIT 2`,
    [shop.id],
  )
).rows;
const definitions = {
  cross_sell: { a: { productIds: [top[0].id] }, b: { productIds: [top[1].id] } },
  product_specific: { products: { productIds: [top[0].id] }, minTimes: 2 },
  sale_shopper: {},
  former_vip: {},
  aov_tier: { band: "high" },
} as const;
const ids: Record<string, number> = {};
for (const [kind, params] of Object.entries(definitions)) {
  ids[kind] = (
    await db.query(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, $3::"SegmentKind", $4, now()) RETURNING id`,
      [shop.id, kind, kind, JSON.stringify(params)],
    )
  ).rows[0].id;
}

const rows: [string, number, string][] = [];
const members: Record<string, number> = {};
for (const kind of Object.keys(definitions)) {
  const first = await time(
    async () => (members[kind] = (await refreshSegment({ shopId: shop.id, segmentId: ids[kind]!, now })).count),
  );
  const steady = await median(3, () => refreshSegment({ shopId: shop.id, segmentId: ids[kind]!, now }));
  rows.push([`full refresh ${kind} (${members[kind]} members; first run ${first.toFixed(0)} ms)`, steady, ""]);
}
const together = await median(5, async () => {
  for (const kind of Object.keys(definitions)) await refreshSegment({ shopId: shop.id, segmentId: ids[kind]!, now });
});
rows.push(["full refresh, all five together", together, ""]);
await sampleBaseline(5);
const baseline = pct(baselineSamples, 0.5);

// Refreshing the segments above moved enough rows that refreshSegment re-analyzed segment_members itself.
// Incremental: a new order for a random customer, then that customer's refresh across all five segments.
const customerIds = (
  await db.query(`SELECT id::text FROM customers WHERE shop_id = $1 AND orders_count > 0 ORDER BY random() LIMIT $2`, [
    shop.id,
    runs,
  ])
).rows.map((r) => BigInt(r.id));
const template = (
  await db.query(`SELECT id::text FROM line_items WHERE shop_id = $1 AND product_id = $2 LIMIT 1`, [shop.id, top[0].id])
).rows[0];
const variant = (
  await db.query(`SELECT variant_id::text FROM line_items WHERE id = $1 AND shop_id = $2`, [template.id, shop.id])
).rows[0].variant_id;
const incremental: number[] = [];
let k = 0;
for (const customerId of customerIds) {
  k += 1;
  const id = ID_BASE.order + BigInt(orders) + BigInt(k);
  const at = new Date(now.getTime() - 3 * 86_400_000);
  const order: OrderRow = {
    id,
    name: `#bench${k}`,
    customerId,
    email: null,
    phone: null,
    presentmentCurrency: "USD",
    subtotalMinor: 4999n,
    totalMinor: 4999n,
    totalDiscountsMinor: 0n,
    discountCodes: k % 2 ? ["BENCH"] : [],
    hasAutomaticDiscount: false,
    landingSite: null,
    referringSite: null,
    sourceName: "web",
    financialStatus: "paid",
    test: false,
    countryCode: "US",
    provinceCode: null,
    city: null,
    createdAt: at,
    processedAt: at,
    updatedAt: at,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    lines: [
      {
        id: 7_069_000_000_000_000_000n + BigInt(k),
        productId: BigInt(top[0].id),
        variantId: BigInt(variant),
        title: "bench",
        sku: null,
        vendor: null,
        quantity: 1,
        priceMinor: 4999n,
        totalDiscountMinor: 0n,
        compareAtPriceMinor: null,
      },
    ],
  };
  await writeStore({ shopId: shop.id, records: [{ type: "order", row: order }] });
  incremental.push(await time(() => refreshCustomers({ shopId: shop.id, customerIds: [customerId], now })));
}

const previews: [string, unknown][] = [
  ["former_vip", { topPercent: 5, lapsedDays: 90 }],
  ["sale_shopper", { minShare: 0.6, minOrders: 3 }],
  ["cross_sell", { a: { productIds: [top[1].id] }, b: { productIds: [top[0].id] }, withinDays: 365 }],
  ["aov_tier", { band: "low", cutPercentiles: [25, 75] }],
  ["product_specific", { products: { productIds: [top[1].id] }, minTimes: 3 }],
];
const previewTimes: [string, number][] = [];
for (const [kind, params] of previews) {
  previewTimes.push([
    kind,
    await median(3, () => previewSegment({ shopId: shop.id, kind: kind as never, params, now, sampleSize: 10 })),
  ]);
}

console.log(`\n${orders} orders, ${counts.customers} customers, ${counts.lines} line items (shop ${shop.id})\n`);
console.log(`| measurement | ms | × baseline |\n|---|---:|---:|`);
console.log(
  `| baseline GROUP BY over orders (median of ${baselineSamples.length}, before and after) | ${baseline.toFixed(1)} | 1.00 |`,
);
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(2)} |`);
console.log(
  `| incremental refreshCustomers, 1 customer × 5 segments, p50 (${incremental.length} runs) | ${pct(incremental, 0.5).toFixed(2)} | |`,
);
console.log(`| incremental refreshCustomers, 1 customer × 5 segments, p99 | ${pct(incremental, 0.99).toFixed(2)} | |`);
for (const [kind, ms] of previewTimes)
  console.log(
    `| preview ${kind} after a parameter change (count + 10 explained) | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(2)} |`,
  );
await closeDb();
