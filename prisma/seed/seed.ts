// Seeds a demo shop with a generated store:
//   tsx prisma/seed/seed.ts --shop demo-store.myshopify.com --orders 5000 [--seed 42] [--batch 5000]
// Idempotent: the same shop, seed and day give the same rows, and re-running updates nothing.
import { parseArgs } from "node:util";
import pg from "pg";
import { writeStore } from "../../app/ingest/store-writer.server";
import { requireDatabaseUrl, runScript } from "../../scripts/run-script";
import { generateStore, storeShape } from "./generator";

const USAGE = "usage: tsx prisma/seed/seed.ts --shop <domain>.myshopify.com --orders <n> [--seed <n>] [--batch <n>]";

function positiveInt(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer (got ${raw ?? "nothing"})\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    shop: { type: "string", default: "demo-store.myshopify.com" },
    orders: { type: "string", default: "5000" },
    seed: { type: "string" },
    batch: { type: "string" },
  },
});

const domain = values.shop!;
if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) {
  console.error(`--shop must be a *.myshopify.com domain (got ${domain})\n${USAGE}`);
  process.exit(2);
}
const orders = positiveInt("orders", values.orders);
const seed = positiveInt("seed", values.seed, 42);
const batchSize = positiveInt("batch", values.batch, 5000);
const databaseUrl = requireDatabaseUrl("seed");

// Its own pool: seeding needs only the database, not the app's full configuration (Shopify keys etc.).
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
await runScript("seed", seedStore, { close: () => db.end() });

async function seedStore() {
  const shop = await db.query<{ id: number }>(
    `INSERT INTO shops (domain, name, currency, currency_exponent, iana_timezone, country_code, demo, updated_at)
     VALUES ($1, 'Demo Store', 'USD', 2, 'America/New_York', 'US', true, now())
     ON CONFLICT (domain) DO UPDATE SET demo = true, updated_at = now()
     RETURNING id`,
    [domain],
  );
  const shopId = shop.rows[0]!.id;
  const shape = storeShape(orders);
  console.log(
    `seeding ${domain} (shop ${shopId}): ${shape.orders} orders, ${shape.customers} customers, ${shape.products} products, seed ${seed}`,
  );
  const started = performance.now();
  let lastReport = 0;
  const counts = await writeStore({
    shopId,
    db,
    batchSize,
    records: generateStore({ orders, seed, currency: "USD" }),
    onProgress: (c) => {
      if (performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        console.log(`  … ${c.customers} customers, ${c.orders} orders`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${counts.collections} collections, ${counts.products} products, ${counts.customers} customers, ` +
      `${counts.orders} orders, ${counts.lines} line items, ${counts.refunds} refunds in ${seconds.toFixed(1)}s ` +
      `(${Math.round(counts.orders / Math.max(seconds, 0.001))} orders/s)`,
  );
}
