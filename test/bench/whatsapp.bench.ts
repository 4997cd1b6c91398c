// WhatsApp and consent benchmark on a generated store of N orders (customers ≈ N / 5), against the local Cloud
// API simulator:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench npx tsx test/bench/whatsapp.bench.ts --orders 1000000
// Measures: the consent gate (set-based summary over every customer; per-batch verdicts as the dispatcher
// calls them), loading template field values and rendering the send request per recipient, the empty-value
// count over all customers, the streamed CSV import, webhook intake (signature + inbox) and status application,
// and template sends through the client over keep-alive connections.
import { createHmac, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "100000" },
    seed: { type: "string", default: "42" },
    sends: { type: "string", default: "20000" },
    statuses: { type: "string", default: "20000" },
    csv: { type: "string", default: "100000" },
  },
});
const orders = Number(values.orders);
const seed = Number(values.seed);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench";
const APP_SECRET = "bench-meta-secret";
Object.assign(process.env, {
  DATABASE_URL: url,
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "bench",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "bench",
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? `bench-${randomUUID().slice(0, 6)}`,
  ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? `bench:${Buffer.alloc(32, 1).toString("base64")}`,
  WHATSAPP_APP_SECRET: APP_SECRET,
});

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { generateStore } = await import("../../prisma/seed/generator");
const { writeStore } = await import("../../app/ingest/store-writer.server");
const { refreshCustomerStats } = await import("../../app/ingest/customer-stats.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { audienceConsentSummary, marketingVerdicts } = await import("../../app/consent/gate.server");
const { importConsentCsv } = await import("../../app/consent/csv-import.server");
const { loadRecipientFields, countEmptyParameters } = await import("../../app/whatsapp/fields.server");
const { renderComponents, suggestMapping, asTemplateLike } = await import("../../app/whatsapp/mapping");
const { createWhatsAppClient } = await import("../../app/whatsapp/client.server");
const { receiveWhatsAppWebhook } = await import("../../app/whatsapp/intake.server");
const { applyWhatsAppPayload } = await import("../../app/whatsapp/webhooks.server");
const { closeQueues } = await import("../../jobs/queues");
const { startWhatsAppSimulator, demoTemplates } = await import("../simulators/whatsapp/index");

const db = pool();
const now = new Date("2026-11-01T00:00:00Z");
const domain = `wabench-${orders}-${seed}.myshopify.com`;
const shop = await upsertShop(domain, { currency: "USD", ianaTimezone: "America/New_York" });
const have = Number((await db.query(`SELECT count(*) FROM orders WHERE shop_id = $1`, [shop.id])).rows[0].count);
if (have < orders) {
  console.log(`generating ${orders} orders into shop ${shop.id} ...`);
  await db.query(`DELETE FROM orders WHERE shop_id = $1`, [shop.id]);
  await writeStore({ shopId: shop.id, records: generateStore({ orders, seed, now }), refreshStats: false });
  for (const table of ["orders", "line_items", "customers", "products"]) await db.query(`ANALYZE ${table}`);
  await refreshCustomerStats({ shopId: shop.id });
}
// Consent: 50% opted in explicitly, 5% opted out (set-based setup).
for (const t of ["consent_events", "contacts", "recipients", "campaigns", "whatsapp_accounts", "consent_imports"])
  await db.query(`DELETE FROM ${t} WHERE shop_id = $1`, [shop.id]);
await db.query(
  `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, consent_at, opted_out_at)
   SELECT DISTINCT ON (phone_e164) $1, phone_e164, id, CASE WHEN id % 20 = 0 THEN 'opted_out' ELSE 'opted_in' END, 'csv', now(),
          CASE WHEN id % 20 = 0 THEN now() END
   FROM customers WHERE shop_id = $1 AND phone_valid AND id % 2 = 0 ORDER BY phone_e164, id`,
  [shop.id],
);
for (const t of ["contacts", "customers"]) await db.query(`VACUUM ANALYZE ${t}`);
const reachable = (
  await db.query<{ id: string; phone: string }>(
    `SELECT id::text, phone_e164 AS phone FROM customers WHERE shop_id = $1 AND phone_valid ORDER BY id`,
    [shop.id],
  )
).rows;
console.log(`${reachable.length} customers with a WhatsApp-reachable phone`);

const results: Array<[string, string]> = [];
const rate = (n: number, ms: number, unit: string) =>
  `${Math.round((n / ms) * 1000).toLocaleString("en")} ${unit}/s (${n.toLocaleString("en")} in ${(ms / 1000).toFixed(2)} s)`;
async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

// 1. The gate, set-based over every customer, and per dispatcher batch of 1,000.
const [summary, summaryMs] = await time(() => audienceConsentSummary({ shopId: shop.id, segmentId: null, now }));
results.push([
  `gate, set-based summary over ${summary.total.toLocaleString("en")} customers (${summary.eligible.toLocaleString("en")} eligible)`,
  `${summaryMs.toFixed(0)} ms`,
]);
const [, gateMs] = await time(async () => {
  for (let i = 0; i < reachable.length; i += 1000) {
    await marketingVerdicts({
      shopId: shop.id,
      rows: reachable.slice(i, i + 1000).map((r) => ({ key: r.id, customerId: r.id, phoneE164: r.phone })),
      now,
    });
  }
});
results.push(["gate, per-send verdicts in batches of 1,000", rate(reachable.length, gateMs, "verdicts")]);

// 2. Field values and rendering, as the dispatcher will: batches of 1,000.
const sim = await startWhatsAppSimulator({
  appSecret: APP_SECRET,
  accounts: [
    {
      accessToken: "bench-token",
      wabaId: "500000000000001",
      phoneNumberId: "600000000000001",
      displayPhoneNumber: "15550000001",
      verifiedName: "Bench",
      throughputMps: 1_000_000,
    },
  ],
  templates: { "500000000000001": demoTemplates() },
  pairRate: { maxBurst: 1_000_000, windowMs: 1 },
  statusDelayMs: 1_000_000, // statuses are measured separately below
});
const spring = demoTemplates()[0]!;
const template = asTemplateLike({
  name: spring.name,
  language: spring.language,
  parameterFormat: spring.parameter_format,
  components: spring.components,
});
const mapping = suggestMapping(template);
// The suggestion leaves Meta's examples open (issue 15 B8): the header image and the end date are typed in here.
mapping.params["header"] = { kind: "media", link: "https://cdn.example.com/spring.jpg" };
mapping.params["body.2"] = { kind: "field", field: "order.last_name", fallback: "your last order" };
mapping.params["body.3"] = { kind: "text", text: "March 31" };
mapping.params["button.0"] = { kind: "field", field: "product.top_path", fallback: "collections/all" };
const fields = ["customer.first_name", "order.last_name", "product.top_path"] as const;
let rendered = 0;
const [, fieldsMs] = await time(async () => {
  for (let i = 0; i < reachable.length; i += 1000) {
    const batch = reachable.slice(i, i + 1000);
    const rows = await loadRecipientFields({
      shopId: shop.id,
      recipients: batch.map((r) => ({ customerId: r.id })),
      fields: [...fields],
    });
    for (const r of batch) {
      renderComponents(template, mapping, rows.get(r.id) ?? {}, {
        currency: "USD",
        currencyExponent: 2,
        locale: "en-US",
        timeZone: "America/New_York",
        campaignId: 1,
        recipientRef: r.id,
      });
      rendered++;
    }
  }
});
results.push([
  "field values (first name, last order, most-bought product) + render, batches of 1,000",
  rate(rendered, fieldsMs, "recipients"),
]);
const [counts, countMs] = await time(() =>
  countEmptyParameters({ shopId: shop.id, template, mapping, segmentId: null }),
);
results.push([`empty-value count over ${counts.total.toLocaleString("en")} customers`, `${countMs.toFixed(0)} ms`]);

// 3. CSV import, streamed.
const csvRows = Number(values.csv);
function* csvLines() {
  yield "phone,consent,consented_at\n";
  for (let i = 0; i < csvRows; i++)
    yield `+44791${String(1_000_000 + i)
      .padStart(7, "0")
      .slice(-6)}${i % 10},${i % 7 === 0 ? "no" : "yes"},2026-10-01\n`;
}
const [imported, csvMs] = await time(() =>
  importConsentCsv({
    shopId: shop.id,
    fileName: "bench.csv",
    wording: "benchmark",
    defaultCountry: "GB",
    source: Readable.from(csvLines()),
  }),
);
results.push([`CSV import (${imported.rowsRejected} rejected)`, rate(imported.rowsTotal, csvMs, "rows")]);

// 4. Sends through the client, keep-alive, 64 in flight.
const client = createWhatsAppClient(
  { phoneNumberId: "600000000000001", wabaId: "500000000000001", accessToken: "bench-token" },
  { graphUrl: sim.url, version: "v26.0" },
);
const sends = Math.min(Number(values.sends), reachable.length);
const shipped = {
  name: "order_shipped",
  language: "en_US",
  components: [
    {
      type: "body" as const,
      parameters: [
        { type: "text" as const, text: "Maria" },
        { type: "text" as const, text: "#1" },
      ],
    },
  ],
};
const wamids: string[] = [];
const [, sendMs] = await time(async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < sends) {
        const i = next++;
        const r = await client.sendTemplate({
          to: reachable[i]!.phone,
          template: shipped,
          bizOpaqueCallbackData: `rcpt:${i + 1}`,
        });
        wamids[i] = r.wamid;
      }
    }),
  );
});
results.push(["template sends through the client (simulator, 64 in flight)", rate(sends, sendMs, "sends")]);
await sim.close();

// 5. Webhooks: intake (signature check + inbox row) and applying statuses to recipient rows.
// The bench number may still belong to a shop of an earlier run at another size.
await db.query(`DELETE FROM whatsapp_accounts WHERE phone_number_id = '600000000000001'`);
await db.query(
  `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id) VALUES ($1, '600000000000001', '500000000000001', 'x', 'bench')`,
  [shop.id],
);
const campaign = (
  await db.query(
    `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, 'bench', 'running', now()) RETURNING id`,
    [shop.id],
  )
).rows[0].id;
const statusCount = Math.min(Number(values.statuses), sends);
await db.query(
  `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, status, wa_message_id)
   SELECT $1, $2, c.id::bigint, c.phone, 'sent', w.wamid FROM unnest($3::text[], $4::text[], $5::text[]) AS c(id, phone, x) , LATERAL (SELECT c.x AS wamid) w`,
  [
    shop.id,
    campaign,
    reachable.slice(0, statusCount).map((r) => r.id),
    reachable.slice(0, statusCount).map((r) => r.phone),
    wamids.slice(0, statusCount),
  ],
);
const payloads = wamids.slice(0, statusCount).map((wamid, i) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "500000000000001",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000001", phone_number_id: "600000000000001" },
              statuses: [
                {
                  id: wamid,
                  status: "delivered",
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: reachable[i]!.phone.slice(1),
                  pricing: { billable: true, pricing_model: "PMP", category: "marketing", type: "regular" },
                },
              ],
            },
          },
        ],
      },
    ],
  }),
);
const sign = (raw: string) => "sha256=" + createHmac("sha256", APP_SECRET).update(raw).digest("hex");
let stored = 0;
const [, intakeMs] = await time(async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < payloads.length) {
        const raw = payloads[next++]!;
        const r = await receiveWhatsAppWebhook(Buffer.from(raw), sign(raw));
        if (r.status === 200) stored++;
      }
    }),
  );
});
results.push([
  "webhook intake: verify signature, store in the inbox, queue (16 concurrent)",
  rate(stored, intakeMs, "deliveries"),
]);
const [, applyMs] = await time(async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < payloads.length) await applyWhatsAppPayload(JSON.parse(payloads[next++]!));
    }),
  );
});
const delivered = Number(
  (await db.query(`SELECT count(*) FROM recipients WHERE shop_id = $1 AND status = 'delivered'`, [shop.id])).rows[0]
    .count,
);
results.push([
  `status application (8 concurrent; ${delivered.toLocaleString("en")} rows now delivered)`,
  rate(payloads.length, applyMs, "statuses"),
]);

console.log(
  `\nWhatsApp benchmark, ${orders.toLocaleString("en")} orders (${summary.total.toLocaleString("en")} customers)`,
);
for (const [what, figure] of results) console.log(`| ${what} | ${figure} |`);
await closeQueues();
await closeDb();
// The queue's producer connection is shared (BullMQ leaves a passed-in connection open): end explicitly.
process.exit(0);
