// Engagement kind benchmark on a generated shop of N customers and M recipient rows (generated once and reused).
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench npx tsx test/bench/segments-engagement.bench.ts --customers 200000 --recipients 1000000
// Measures, against the baseline `SELECT customer_id, count(*), count(*) FILTER (WHERE read_at IS NOT NULL) FROM
// recipients WHERE shop_id = $1 AND sent_at >= now - 90 days GROUP BY customer_id` (the aggregate any engagement
// computation must do): full refresh of "highly engaged" and of "never messaged" (every customer a candidate), the
// builder preview, and the incremental refresh after one receipt (refreshAfterReceipts, p50/p99).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "200000" },
    recipients: { type: "string", default: "1000000" },
    runs: { type: "string", default: "200" },
  },
});
const customers = Number(values.customers);
const recipients = Number(values.recipients);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "bench";
process.env.SHOPIFY_API_SECRET ??= "bench";
process.env.QUEUE_PREFIX ??= `bench-${randomUUID().slice(0, 6)}`;

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { previewSegment, refreshSegment } = await import("../../app/segments/refresh.server");
const { refreshAfterReceipts } = await import("../../app/engagement/follow-up.server");

const now = new Date("2026-11-01T00:00:00Z");
const db = pool();
const shop = await upsertShop(`engbench-${customers}-${recipients}.myshopify.com`, {
  currency: "USD",
  ianaTimezone: "America/New_York",
});
const campaigns = 20;
const have = Number((await db.query(`SELECT count(*) FROM recipients WHERE shop_id = $1`, [shop.id])).rows[0].count);
if (have !== recipients) {
  console.log(`generating ${customers} customers and ${recipients} recipients into shop ${shop.id} ...`);
  const started = performance.now();
  await db.query(`DELETE FROM recipients WHERE shop_id = $1`, [shop.id]);
  await db.query(`DELETE FROM campaigns WHERE shop_id = $1`, [shop.id]);
  await db.query(`DELETE FROM customers WHERE shop_id = $1`, [shop.id]);
  await db.query(
    `INSERT INTO customers (shop_id, id, first_name) SELECT $1, 7040000000000000000 + g, 'Customer ' || g
     FROM generate_series(1, $2::int) g`,
    [shop.id, customers],
  );
  // 20 campaigns over 120 days, each to a pseudo-random share of the customers (recipients / campaigns each),
  // with the usual mix: 5% failed, 10% sent without receipt, 85% delivered of which half read; 3% replied, 2% clicked.
  const ids: number[] = [];
  for (let i = 0; i < campaigns; i++) {
    const c = await db.query<{ id: number }>(
      `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, $2, 'completed', now()) RETURNING id`,
      [shop.id, `Bench ${i}`],
    );
    ids.push(c.rows[0]!.id);
  }
  const per = Math.min(customers, Math.ceil(recipients / campaigns));
  for (let i = 0; i < campaigns; i++) {
    const n = i === campaigns - 1 ? recipients - per * (campaigns - 1) : per;
    await db.query(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, "group", status, sent_at, delivered_at, read_at,
                               failed_at, replied_at, clicked_at)
       SELECT $1, $2, 7040000000000000000 + ((k * 7919 + $3 * 104729) % $4) + 1, 'main', s.status::"RecipientStatus",
              s.sent, CASE WHEN s.status IN ('delivered', 'read') THEN s.sent END,
              CASE WHEN s.status = 'read' THEN s.sent + interval '1 hour' END,
              CASE WHEN s.status = 'failed' THEN s.sent END,
              CASE WHEN s.status IN ('delivered', 'read') AND s.u2 < 0.03 THEN s.sent + interval '2 hours' END,
              CASE WHEN s.status IN ('delivered', 'read') AND s.u2 > 0.98 THEN s.sent + interval '3 hours' END
       FROM generate_series(0, $5::int - 1) k
       CROSS JOIN LATERAL (SELECT $6::timestamptz - make_interval(days => $3 * 6) AS sent,
         CASE WHEN random() < 0.05 THEN 'failed' WHEN random() < 0.105 THEN 'sent'
              WHEN random() < 0.5 THEN 'read' ELSE 'delivered' END AS status, random() AS u2) s
       ON CONFLICT DO NOTHING`,
      [shop.id, ids[i], i, customers, n, now],
    );
  }
  await db.query(`ANALYZE recipients`);
  await db.query(`ANALYZE customers`);
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log(`reusing shop ${shop.id} with ${have} recipients`);
}

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

const baselineSamples: number[] = [];
const sampleBaseline = async (n: number) => {
  for (let i = 0; i < n; i++) {
    baselineSamples.push(
      await time(() =>
        db.query(
          `SELECT customer_id, count(*), count(*) FILTER (WHERE read_at IS NOT NULL) FROM recipients
           WHERE shop_id = $1 AND sent_at >= $2::timestamptz - interval '90 days' GROUP BY customer_id`,
          [shop.id, now],
        ),
      ),
    );
  }
};
await sampleBaseline(5);

await db.query(`DELETE FROM segments WHERE shop_id = $1`, [shop.id]);
const segment = async (name: string, params: unknown) =>
  (
    await db.query<{ id: number }>(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, 'engagement', $3, now()) RETURNING id`,
      [shop.id, name, JSON.stringify(params)],
    )
  ).rows[0]!.id;
const highly = await segment("Highly engaged", { tiers: ["highly"] });
const never = await segment("Never messaged", { tiers: ["never_messaged"] });
const rows: Array<[string, number]> = [];
for (const [name, id] of [
  ["highly engaged", highly],
  ["never messaged (every customer a candidate)", never],
] as const) {
  const first = await time(() => refreshSegment({ shopId: shop.id, segmentId: id, now }));
  const steady = await median(3, () => refreshSegment({ shopId: shop.id, segmentId: id, now }));
  const members = (await db.query(`SELECT member_count FROM segments WHERE id = $1`, [id])).rows[0].member_count;
  rows.push([`full refresh ${name}, first (${members} members)`, first]);
  rows.push([`full refresh ${name}, steady state`, steady]);
}
const preview = await median(3, () =>
  previewSegment({ shopId: shop.id, kind: "engagement", params: { tiers: ["highly", "moderately"] }, now }),
);
rows.push(["preview highly or moderately (count + 10 explained)", preview]);
await sampleBaseline(5);

// Incremental: a read receipt on one random recipient, refreshed as the webhook does (both segments).
const sample = (
  await db.query<{ id: string }>(
    `SELECT id::text FROM recipients WHERE shop_id = $1 AND status = 'delivered' ORDER BY random() LIMIT $2`,
    [shop.id, runs],
  )
).rows.map((r) => r.id);
const incremental: number[] = [];
for (const id of sample) {
  await db.query(`UPDATE recipients SET status = 'read', read_at = sent_at + interval '1 hour' WHERE id = $1`, [id]);
  incremental.push(await time(() => refreshAfterReceipts({ shopId: shop.id, recipientIds: [id], now })));
}
// Put the receipts back, so a rerun measures the same data.
await db.query(`UPDATE recipients SET status = 'delivered', read_at = NULL WHERE id = ANY($1::bigint[])`, [sample]);

const baseline = pct(baselineSamples, 0.5);
const counts = (
  await db.query(
    `SELECT (SELECT count(*) FROM customers WHERE shop_id = $1)::int AS customers,
            (SELECT count(*) FROM recipients WHERE shop_id = $1)::int AS recipients`,
    [shop.id],
  )
).rows[0];
console.log(`\n${counts.customers} customers, ${counts.recipients} recipients (shop ${shop.id})\n`);
console.log(`| measurement | ms | × baseline |\n|---|---:|---:|`);
console.log(
  `| baseline GROUP BY over recipients in 90 days (median of ${baselineSamples.length}, before and after) | ${baseline.toFixed(1)} | 1.00 |`,
);
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(2)} |`);
console.log(
  `| incremental after one read receipt, 2 segments, p50 (${incremental.length} runs) | ${pct(incremental, 0.5).toFixed(2)} | |`,
);
console.log(`| incremental after one read receipt, p99 | ${pct(incremental, 0.99).toFixed(2)} | |`);
await closeDb();
