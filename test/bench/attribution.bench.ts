// Attribution benchmark on a generated shop: 1M orders, 1M messages (one 100k-recipient campaign and 18 of 50k).
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench_attribution npx tsx test/bench/attribution.bench.ts \
//     [--orders 1000000] [--messages 1000000] [--runs 3] [--samples 2000]
// Measures: attributing every order from scratch (the re-attribution job), attributing one incoming order
// (p50/p99 over random orders, as the order webhook does), and the campaign report of the 100k campaign.
// The data is built with set-based SQL (generate_series) and reused across runs for the same sizes.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000000" },
    messages: { type: "string", default: "1000000" },
    runs: { type: "string", default: "3" },
    samples: { type: "string", default: "2000" },
  },
});
const ORDERS = Number(values.orders);
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const SAMPLES = Number(values.samples);
const CUSTOMERS = Math.max(1000, Math.round(ORDERS / 5));
const BIG = Math.round(MESSAGES / 10); // the report's campaign
const SMALL_CAMPAIGNS = 18;
const SMALL = Math.round((MESSAGES - BIG) / SMALL_CAMPAIGNS);
const DAYS = 120;

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench_attribution";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "bench";
process.env.SHOPIFY_API_SECRET ??= "bench";
process.env.QUEUE_PREFIX ??= `bench-${randomUUID().slice(0, 6)}`;

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { attributeOrders, reattributeShop } = await import("../../app/attribution/attribute.server");
const { getCampaignReport } = await import("../../app/attribution/report.server");

const db = pool();
const domain = `attrbench-${ORDERS}-${MESSAGES}.myshopify.com`;
const shop = await upsertShop(domain, { currency: "USD", ianaTimezone: "UTC" });
const shopId = shop.id;
const start = new Date("2026-06-01T00:00:00Z");

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const have = async (sql: string) => Number((await db.query(sql, [shopId])).rows[0].n);

if (
  (await have(`SELECT count(*) AS n FROM orders WHERE shop_id = $1`)) !== ORDERS ||
  (await have(`SELECT count(*) AS n FROM recipients WHERE shop_id = $1`)) !== MESSAGES
) {
  console.log(
    `building shop ${shopId}: ${CUSTOMERS} customers, ${ORDERS} orders, ${MESSAGES} messages over ${DAYS} days ...`,
  );
  const t = performance.now();
  for (const table of ["attributions", "recipients", "campaign_segments", "campaigns", "orders", "customers"]) {
    await db.query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
  }
  await db.query(
    `INSERT INTO customers (shop_id, id, phone_e164, phone_valid, country_code)
     SELECT $1, g, '+1555' || lpad(g::text, 7, '0'), true, (ARRAY['US','GB','IN','BR','DE'])[1 + g % 5]
     FROM generate_series(1, $2::int) g`,
    [shopId, CUSTOMERS],
  );
  // Campaigns: one big one in the middle, the others spread over the period; a third carry a discount code.
  await db.query(
    `INSERT INTO campaigns (shop_id, name, status, started_at, holdout_share, discount_codes, updated_at)
     SELECT $1, 'Bench campaign ' || c, 'completed', $2::timestamptz + make_interval(days => (c * ${DAYS / (SMALL_CAMPAIGNS + 2)})::int), 0.1,
            CASE WHEN c % 3 = 0 THEN ARRAY['CODE' || c] ELSE ARRAY[]::text[] END, now()
     FROM generate_series(0, ${SMALL_CAMPAIGNS}) c`,
    [shopId, start],
  );
  const campaigns = (
    await db.query<{ id: number; started_at: Date }>(
      `SELECT id, started_at FROM campaigns WHERE shop_id = $1 ORDER BY id`,
      [shopId],
    )
  ).rows;
  for (const [i, c] of campaigns.entries()) {
    const size = i === Math.floor(campaigns.length / 2) ? BIG : SMALL;
    // A pseudo-random sample of customers; 10% held out; 3% fail; 95% of the rest delivered, 70% of those read.
    await db.query(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, country_code, "group", status, pricing_category, sent_at, delivered_at, read_at)
       SELECT $1, $2, x.customer_id, (ARRAY['US','GB','IN','BR','DE'])[1 + x.customer_id % 5],
              CASE WHEN x.h < 0.1 THEN 'holdout' ELSE 'main' END::"RecipientGroup",
              CASE WHEN x.h < 0.1 THEN 'holdout' WHEN x.h < 0.13 THEN 'failed' WHEN x.h < 0.18 THEN 'sent' WHEN x.h < 0.45 THEN 'delivered' ELSE 'read' END::"RecipientStatus",
              CASE WHEN x.h >= 0.18 THEN 'marketing' END,
              CASE WHEN x.h >= 0.13 THEN x.sent END,
              CASE WHEN x.h >= 0.18 THEN x.sent + make_interval(secs => 2 + 60 * x.h2) END,
              CASE WHEN x.h >= 0.45 THEN x.sent + make_interval(secs => 60 + 86400 * x.h2 * x.h2) END
       FROM (
         SELECT g AS customer_id, ((hashint8(g * 31 + $2) & 1048575) / 1048576.0) AS h, ((hashint8(g * 17 + $2) & 1048575) / 1048576.0) AS h2,
                $3::timestamptz + make_interval(secs => (row_number() OVER (ORDER BY hashint8(g + $2)) / 80.0)) AS sent
         FROM generate_series(1, $4::int) g
         ORDER BY hashint8(g + $2) LIMIT $5
       ) x`,
      [shopId, c.id, c.started_at, CUSTOMERS, size],
    );
  }
  const linkShare = 0.03;
  const linkOrders = Math.round(ORDERS * linkShare);
  // Orders through a message link: shortly after the message was delivered, by its recipient.
  await db.query(
    `INSERT INTO orders (shop_id, id, customer_id, total_minor, net_minor, landing_site, utm_source, utm_medium, utm_campaign, wa_ref, shopify_created_at, processed_at)
     SELECT $1, row_number() OVER (), r.customer_id, 5000, 5000,
            '/?utm_source=whatsapp&utm_medium=campaign&utm_campaign=' || r.campaign_id || '&r=' || r.id,
            'whatsapp', 'campaign', r.campaign_id::text, r.id::text,
            r.delivered_at + make_interval(mins => (hashint8(r.id) & 2047)::int), r.delivered_at
     FROM (SELECT * FROM recipients WHERE shop_id = $1 AND delivered_at IS NOT NULL ORDER BY hashint8(id * 7) LIMIT $2) r`,
    [shopId, linkOrders],
  );
  // Everything else: random customers at random times; 1% use a campaign code.
  await db.query(
    `INSERT INTO orders (shop_id, id, customer_id, total_minor, net_minor, discount_codes, has_discount_code, shopify_created_at, processed_at)
     SELECT $1, $2::int + g, 1 + (hashint8(g) & 2147483647) % $3::int, 1000 + (hashint8(g * 3) & 16383), 1000 + (hashint8(g * 3) & 16383),
            CASE WHEN g % 100 = 0 THEN ARRAY['CODE' || (3 * (g / 100 % 6))] ELSE ARRAY[]::text[] END, g % 100 = 0,
            $4::timestamptz + make_interval(secs => ((hashint8(g * 5) & 16777215) / 16777216.0) * ${DAYS} * 86400),
            $4::timestamptz
     FROM generate_series(1, $5::int) g
     -- stored in time order, as a shop's orders are (they arrive, and are backfilled, roughly chronologically)
     ORDER BY 8`,
    [shopId, linkOrders, CUSTOMERS, start, ORDERS - linkOrders],
  );
  for (const table of ["orders", "recipients", "customers", "campaigns"]) await db.query(`ANALYZE ${table}`);
  console.log(`built in ${seconds(performance.now() - t)} s`);
} else {
  console.log(`reusing shop ${shopId}`);
}

const counts = (
  await db.query(
    `SELECT (SELECT count(*) FROM orders WHERE shop_id = $1)::int AS orders, (SELECT count(*) FROM recipients WHERE shop_id = $1)::int AS messages`,
    [shopId],
  )
).rows[0];
console.log(`shop ${shopId}: ${counts.orders} orders, ${counts.messages} messages`);

// 1. From scratch.
const scratch: number[] = [];
let credited = 0;
for (let i = 0; i < RUNS; i++) {
  await db.query(`UPDATE recipients SET clicked_at = NULL WHERE shop_id = $1 AND clicked_at IS NOT NULL`, [shopId]);
  await db.query(`VACUUM ANALYZE recipients`);
  const t = performance.now();
  const result = await reattributeShop({ shopId });
  scratch.push(performance.now() - t);
  credited = result.ordersCredited;
  console.log(
    `from scratch run ${i + 1}: ${seconds(scratch[i]!)} s (${result.ordersConsidered} orders considered, ${result.ordersCredited} credited)`,
  );
}

// 2. One incoming order at a time.
const sample = (
  await db.query<{ id: string }>(`SELECT id::text FROM orders WHERE shop_id = $1 ORDER BY hashint8(id * 13) LIMIT $2`, [
    shopId,
    SAMPLES,
  ])
).rows.map((r) => r.id);
const single: number[] = [];
for (const id of sample) {
  const t = performance.now();
  await attributeOrders({ shopId, orderIds: [id] });
  single.push(performance.now() - t);
}
single.sort((a, b) => a - b);
const q = (p: number) => single[Math.min(single.length - 1, Math.floor(p * single.length))]!;

// 3. The report of the 100k campaign.
const big = (
  await db.query<{ campaign_id: number; n: number }>(
    `SELECT campaign_id, count(*)::int AS n FROM recipients WHERE shop_id = $1 GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    [shopId],
  )
).rows[0]!;
const report: number[] = [];
for (let i = 0; i < Math.max(5, RUNS); i++) {
  const t = performance.now();
  const r = await getCampaignReport({ shopId, campaignId: big.campaign_id });
  report.push(performance.now() - t);
  if (i === 0)
    console.log(
      `report: ${r!.totals.sent} sent, ${r!.totals.orders} orders, lift verdict: ${r!.lift?.campaign.verdict.kind}`,
    );
}
report.sort((a, b) => a - b);

console.log("\nresults");
console.log(
  `  from scratch, ${counts.orders} orders × ${counts.messages} messages: ${scratch.map(seconds).join(" s, ")} s (${credited} credited)`,
);
console.log(
  `  one incoming order (${single.length} samples): p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${single[single.length - 1]!.toFixed(1)} ms`,
);
console.log(
  `  report of a ${big.n}-recipient campaign: median ${report[Math.floor(report.length / 2)]!.toFixed(0)} ms, max ${report[report.length - 1]!.toFixed(0)} ms`,
);
await closeDb();
