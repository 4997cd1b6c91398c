// Core Web Vitals of every admin page on a large store (not part of `npm test`: it generates the store first).
//   npx remix vite:build && npx tsx test/bench/vitals.bench.ts --customers 200000 [--port 5801]
// Generates the store once per size into its own database (prisma/seed/generator.ts: 5 orders per customer), adds
// the demo's campaigns, attribution, computed segments and consent contacts, serves the built app in demo mode
// and measures LCP, CLS and INP per page in Chromium (test/e2e/vitals.ts), printing a Markdown table.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyTestEnv } from "../setup/test-env";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "200000" },
    seed: { type: "string", default: "42" },
    port: { type: "string", default: "5801" },
  },
});
const customers = Number(values.customers);
const orders = customers * 5;
const url =
  process.env.VITALS_DATABASE_URL ??
  `postgresql://postgres@127.0.0.1:5432/segwa_bench_vitals_${Math.round(customers / 1000)}k`;
applyTestEnv();
process.env.DATABASE_URL = url;
process.env.QUEUE_PREFIX = `bench-vitals-${randomUUID().slice(0, 6)}`;

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { DEMO_SHOP_DOMAIN, upsertShop } = await import("../../app/shops/shop.server");
const { generateStore } = await import("../../prisma/seed/generator");
const { writeStore } = await import("../../app/ingest/store-writer.server");
const { seedDemoCampaigns } = await import("../../prisma/seed/campaigns");
const { reattributeShop } = await import("../../app/attribution/attribute.server");
const { refreshAll } = await import("../../app/segments/refresh.server");
const { launchBrowser, ROOT, startApp } = await import("../e2e/harness");
const { adminPages } = await import("../e2e/store-pages");
const { installVitals, measure, vitalsTable, withinThresholds } = await import("../e2e/vitals");

const shop = await upsertShop(DEMO_SHOP_DOMAIN, {
  name: "Demo store",
  currency: "USD",
  ianaTimezone: "America/New_York",
  demo: true,
});
const have = Number((await pool().query(`SELECT count(*) FROM customers WHERE shop_id = $1`, [shop.id])).rows[0].count);
if (have < customers) {
  const t0 = performance.now();
  const now = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  await writeStore({ shopId: shop.id, records: generateStore({ orders, seed: Number(values.seed), now }) });
  await seedDemoCampaigns({ db: pool(), shopId: shop.id, seed: Number(values.seed), now });
  await reattributeShop({ shopId: shop.id });
  await refreshAll({ shopId: shop.id });
  // Contacts as Shopify's consent sync writes them, for every customer with a phone.
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, shopify_sms_state, created_at, updated_at)
     SELECT $1, phone_e164, min(id), 'not_subscribed', now(), now() FROM customers
     WHERE shop_id = $1 AND phone_valid AND phone_e164 IS NOT NULL GROUP BY phone_e164
     ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
    [shop.id],
  );
  console.log(
    `generated ${customers} customers / ${orders} orders in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}
const counts = (
  await pool().query(
    `SELECT (SELECT count(*) FROM customers WHERE shop_id = $1) AS customers, (SELECT count(*) FROM orders WHERE shop_id = $1) AS orders,
            (SELECT count(*) FROM contacts WHERE shop_id = $1) AS contacts`,
    [shop.id],
  )
).rows[0];

const app = await startApp({ DATABASE_URL: url, QUEUE_PREFIX: process.env.QUEUE_PREFIX }, Number(values.port));
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await installVitals(context);
  const page = await context.newPage();
  const rows = [];
  const failed: string[] = [];
  page.setDefaultNavigationTimeout(60_000);
  for (const p of await adminPages(shop.id)) {
    try {
      await measure(page, app.url, p.path); // warm: the first load of a page compiles its queries' plans
      rows.push(await measure(page, app.url, p.path));
    } catch (err) {
      failed.push(`| \`${p.path}\` | did not load within 60 s (${(err as Error).message.split("\n")[0]}) | | |`);
    }
  }
  const table = [vitalsTable(rows), ...failed].join("\n");
  const header = `Store: ${counts.customers} customers, ${counts.orders} orders, ${counts.contacts} contacts; ${new Date().toISOString()}`;
  console.log(`${header}\n\n${table}`);
  console.log(
    !failed.length && rows.every(withinThresholds) ? "all pages within thresholds" : "SOME PAGES OVER THRESHOLDS",
  );
  mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  writeFileSync(
    path.join(ROOT, "test-results", `vitals-${Math.round(customers / 1000)}k.md`),
    `${header}\n\n${table}\n`,
  );
} finally {
  await browser.close();
  await app.close();
  await closeDb();
}
