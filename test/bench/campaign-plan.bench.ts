// Send plan and audience snapshot at scale: N customers (generated set-based in SQL) in two overlapping
// segments, with consent, opt-outs, invalid and shared phones, US numbers, earlier messages for the frequency
// cap, addresses in several zones, quiet hours on:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench_campaign_plan npx tsx test/bench/campaign-plan.bench.ts --customers 1000000
// Prints the plan time (median of --runs), the snapshot time (one INSERT … SELECT), and checks plan == snapshot.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({
  options: { customers: { type: "string", default: "100000" }, runs: { type: "string", default: "3" } },
});
const customers = Number(values.customers);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench_campaign_plan";
Object.assign(process.env, {
  DATABASE_URL: url,
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "bench",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "bench",
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? `bench-${randomUUID().slice(0, 6)}`,
  ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? `bench:${Buffer.alloc(32, 1).toString("base64")}`,
});

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { saveCampaign } = await import("../../app/campaigns/manage.server");
const { computeSendPlan } = await import("../../app/campaigns/plan.server");
const { startCampaign } = await import("../../app/campaigns/start.server");
const { closeQueues } = await import("../../jobs/queues");

const db = pool();
const shop = await upsertShop(`campaign-bench-${customers}.myshopify.com`, {
  currency: "USD",
  ianaTimezone: "America/New_York",
});
const have = Number((await db.query(`SELECT count(*) FROM customers WHERE shop_id = $1`, [shop.id])).rows[0].count);
if (have !== customers) {
  console.log(`generating ${customers} customers into shop ${shop.id} ...`);
  for (const t of [
    "recipients",
    "campaign_segments",
    "campaigns",
    "segment_members",
    "segments",
    "contacts",
    "customers",
    "whatsapp_templates",
    "whatsapp_accounts",
  ]) {
    await db.query(`DELETE FROM ${t} WHERE shop_id = $1`, [shop.id]);
  }
  // Countries by id: 40% GB, 20% US (states), 10% DE, 10% BR (states), 10% AU (states), 10% IN. Every 97th has no
  // phone, every 53rd shares its phone with the previous customer.
  await db.query(
    `INSERT INTO customers (shop_id, id, first_name, phone_e164, phone_valid, country_code, province_code)
     SELECT $1, 1000000000000 + g,
            'C' || g,
            CASE WHEN g % 97 = 0 THEN NULL
                 ELSE CASE k WHEN 'GB' THEN '+447' ELSE CASE k WHEN 'US' THEN '+1202' WHEN 'DE' THEN '+49151' WHEN 'BR' THEN '+5511' WHEN 'AU' THEN '+614' ELSE '+9198' END END
                      || lpad(((CASE WHEN g % 53 = 0 THEN g - 1 ELSE g END) % 100000000)::text, 8, '0') END,
            CASE WHEN g % 97 = 0 THEN NULL ELSE true END,
            k,
            CASE k WHEN 'US' THEN (ARRAY['NY','CA','TX','IL','WA'])[1 + g % 5] WHEN 'BR' THEN (ARRAY['SP','RJ','AM'])[1 + g % 3]
                   WHEN 'AU' THEN (ARRAY['NSW','VIC','WA','QLD'])[1 + g % 4] END
     FROM generate_series(1, $2::int) g,
          LATERAL (SELECT CASE WHEN g % 10 < 4 THEN 'GB' WHEN g % 10 < 6 THEN 'US' WHEN g % 10 = 6 THEN 'DE' WHEN g % 10 = 7 THEN 'BR' WHEN g % 10 = 8 THEN 'AU' ELSE 'IN' END AS k) c`,
    [shop.id, customers],
  );
  // 75% opted in, 5% opted out, the rest no consent (per phone)
  await db.query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, consent_at)
     SELECT DISTINCT ON (phone_e164) $1, phone_e164, id, CASE WHEN id % 20 = 0 THEN 'opted_out' WHEN id % 20 < 16 THEN 'opted_in' ELSE 'none' END, 'csv', now()
     FROM customers WHERE shop_id = $1 AND phone_e164 IS NOT NULL ORDER BY phone_e164, id`,
    [shop.id],
  );
  const segs = await db.query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, updated_at) VALUES ($1, 'Lapsed VIPs', 'former_vip', now()), ($1, 'Sale shoppers', 'sale_shopper', now()) RETURNING id`,
    [shop.id],
  );
  const [a, b] = segs.rows.map((r) => r.id);
  // A: 60% of customers; B: 50%, overlapping A on 30%
  await db.query(
    `INSERT INTO segment_members (shop_id, segment_id, customer_id) SELECT $1, $2, id FROM customers WHERE shop_id = $1 AND id % 10 < 6`,
    [shop.id, a],
  );
  await db.query(
    `INSERT INTO segment_members (shop_id, segment_id, customer_id) SELECT $1, $2, id FROM customers WHERE shop_id = $1 AND (id % 10 >= 3 AND id % 10 < 8)`,
    [shop.id, b],
  );
  await db.query(
    `UPDATE segments g SET member_count = (SELECT count(*) FROM segment_members m WHERE m.segment_id = g.id) WHERE shop_id = $1`,
    [shop.id],
  );
  await db.query(
    `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, components) VALUES ($1, '1', 'promo', 'en_US', 'MARKETING', 'APPROVED', '[{"type":"BODY","text":"Sale!"}]')`,
    [shop.id],
  );
  await db.query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, messaging_limit_tier) VALUES ($1, $2, '1', 'x', 'bench', 'TIER_100K')`,
    [shop.id, String(900000000000000 + shop.id)],
  );
  // An earlier campaign delivered to 20% of customers yesterday (and 10% twice: the frequency cap of 2 per 7 days)
  const tpl = (await db.query(`SELECT id FROM whatsapp_templates WHERE shop_id = $1`, [shop.id])).rows[0].id;
  for (let i = 0; i < 2; i++) {
    const c = await db.query<{ id: number }>(
      `INSERT INTO campaigns (shop_id, name, status, template_id, updated_at) VALUES ($1, $2, 'completed', $3, now()) RETURNING id`,
      [shop.id, `Earlier ${i}`, tpl],
    );
    await db.query(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, country_code, status, sent_at, delivered_at)
       SELECT $1, $2, id, phone_e164, country_code, 'delivered', now() - interval '1 day', now() - interval '1 day'
       FROM customers WHERE shop_id = $1 AND phone_e164 IS NOT NULL AND id % 10 < $3`,
      [shop.id, c.rows[0]!.id, i === 0 ? 2 : 1],
    );
  }
  await db.query(`ANALYZE customers; ANALYZE contacts; ANALYZE segment_members; ANALYZE recipients`);
}

// Earlier bench runs' campaigns would count against the frequency cap (their rows are still queued): retire them.
await db.query(
  `UPDATE recipients SET status = 'skipped', reason = 'cancelled' WHERE shop_id = $1 AND status = 'queued'`,
  [shop.id],
);
await db.query(`UPDATE campaigns SET status = 'cancelled' WHERE shop_id = $1 AND name LIKE 'Bench %'`, [shop.id]);

const segIds = (
  await db.query<{ id: number }>(`SELECT id FROM segments WHERE shop_id = $1 ORDER BY id`, [shop.id])
).rows.map((r) => r.id);
const template = (await db.query(`SELECT id FROM whatsapp_templates WHERE shop_id = $1`, [shop.id])).rows[0].id;
const saved = await saveCampaign({
  shopId: shop.id,
  input: {
    name: `Bench ${Date.now()}`,
    templateId: String(template),
    mapping: JSON.stringify({ version: 1, params: {} }),
    segments: JSON.stringify(segIds.map((segmentId) => ({ segmentId, holdoutPercent: 10 }))),
    testPercent: "10",
    quietHours: "on",
    quietStart: "21",
    quietEnd: "9",
    when: "draft",
  },
});
if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
const campaignId = saved.campaignId;

const times: number[] = [];
let plan = await computeSendPlan({ shopId: shop.id, campaignId });
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  plan = await computeSendPlan({ shopId: shop.id, campaignId });
  times.push(performance.now() - t);
}
times.sort((x, y) => x - y);
console.log(
  `send plan over ${plan.targeted.toLocaleString("en")} targeted customers: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")})`,
);
console.log(
  `  to send ${plan.toSend}, test ${plan.test}, holdout ${plan.holdout}, excluded ${JSON.stringify(plan.excluded)}`,
);
console.log(
  `  tier: ${plan.tier.fitsToday} today, ${plan.tier.days} days; cost ${plan.cost.usdMicros} USD micros; quiet-hours delayed ${plan.delayedByQuietHours}`,
);

await db.query(`UPDATE campaigns SET status = 'scheduled', scheduled_at = now() WHERE id = $1`, [campaignId]);
const t0 = performance.now();
let started: Awaited<ReturnType<typeof startCampaign>> | null = null;
try {
  started = await startCampaign({ shopId: shop.id, campaignId });
} catch (err) {
  // Without Redis the snapshot still commits; only the dispatch job is missing.
  console.log(`(dispatch not queued: ${(err as Error).message})`);
}
const snapshotMs = performance.now() - t0;
console.log(`snapshot (INSERT … SELECT of every recipient row): ${snapshotMs.toFixed(0)} ms`, started);
const counts = await db.query<{ status: string; n: number }>(
  `SELECT status, count(*)::int AS n FROM recipients WHERE campaign_id = $1 GROUP BY 1`,
  [campaignId],
);
const by = Object.fromEntries(counts.rows.map((r) => [r.status, r.n]));
const same = by.queued === plan.toSend && by.holdout === plan.holdout && by.excluded === plan.excludedTotal;
console.log(`plan == snapshot: ${same ? "yes" : "NO"} (${JSON.stringify(by)})`);
await closeQueues();
await closeDb();
process.exit(same ? 0 : 1);
