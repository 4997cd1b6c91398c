// Campaign dispatch benchmark against the Cloud API simulator:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench_campaign_dispatch npx tsx test/bench/campaigns.bench.ts --recipients 100000 --paced 2400
// 1. Throughput: the simulator (its own process, so it has a core to itself) and the number's throughput set to
//    100,000 mps, messaging limit unlimited; a campaign of N recipients dispatched by the real job path (BullMQ
//    workers on the `campaigns` queue in this process, lanes as the dispatcher chooses). Reports messages/s from
//    the first to the last send (sent_at of the rows) and the slowest full second.
//    Baseline, same simulator process, just before: the bare keep-alive client (app/whatsapp/client.server.ts,
//    64 sockets, 64 requests in flight, no database, no queue, no pacing) sending BASELINE templates; the dispatch
//    figure is also given as a share of it, so a run on a loaded machine still says what the dispatcher costs.
// 2. Pacing: simulator and number at 80 mps, M recipients: achieved rate (first to last acceptance at the
//    simulator) and every 130429 after the first second.
// 3. Progress counters on the N-recipient campaign (what the UI polls): median of 20.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";
import { ensureOptedInCustomers } from "./opted-in-shop";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "100000" },
    paced: { type: "string", default: "2400" },
    skip: { type: "string", default: "" },
    baseline: { type: "string", default: "20000" },
  },
});
const N = Number(values.recipients);
const PACED = Number(values.paced);
const skip = new Set(values.skip.split(",").filter(Boolean));
const BASELINE = Number(values.baseline);
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench_campaign_dispatch";
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
const { upsertShop } = await import("../../app/shops/shop.server");
const { resetEnvForTests } = await import("../../app/env.server");
const { connectWhatsApp, clientForShop } = await import("../../app/whatsapp/account.server");
const { syncTemplates, listTemplates, saveDefaultMapping } = await import("../../app/whatsapp/templates.server");
const { asTemplateLike } = await import("../../app/whatsapp/mapping");
const { completeMapping } = await import("../setup/mapping");
const { queueDispatch, runDispatch } = await import("../../app/campaigns/dispatch/index.server");
const { campaignProgress } = await import("../../app/campaigns/progress.server");
const { closeRateLimiter } = await import("../../app/campaigns/rates.server");
const { startWorkers } = await import("../../jobs/worker");
const { closeQueues } = await import("../../jobs/queues");
const { startWhatsAppSimulator, demoTemplates } = await import("../simulators/whatsapp/index");

const db = pool();
const results: Array<[string, string]> = [];
const fmt = (n: number) => Math.round(n).toLocaleString("en");

/** A shop with `n` opted-in customers (reused between runs) connected to the simulator at `graphUrl`. */
async function shopWith(
  domain: string,
  n: number,
  graph: { url: string; token: string; wabaId: string; phoneNumberId: string },
) {
  process.env.WHATSAPP_GRAPH_URL = graph.url;
  resetEnvForTests();
  const shop = await upsertShop(domain, { currency: "USD", ianaTimezone: "America/New_York" });
  console.log(`ensuring ${fmt(n)} opted-in customers in shop ${shop.id} ...`);
  if (await ensureOptedInCustomers(db, shop.id, n, { prefix: "+4477", suffix: "1" })) {
    for (const t of ["customers", "contacts"]) await db.query(`VACUUM ANALYZE ${t}`);
  }
  // The bench database only: the simulator's number may have been connected to another bench shop before.
  await db.query(`DELETE FROM whatsapp_accounts WHERE shop_id = $1 OR phone_number_id = $2`, [
    shop.id,
    graph.phoneNumberId,
  ]);
  await connectWhatsApp({
    shopId: shop.id,
    phoneNumberId: graph.phoneNumberId,
    wabaId: graph.wabaId,
    accessToken: graph.token,
  });
  await syncTemplates(shop.id);
  const template = (await listTemplates(shop.id)).find((t) => t.name === "spring_sale")!;
  // The mapping a merchant saves (the suggestion leaves Meta's examples open, issue 15 B8): without it every row
  // would be skipped for an empty parameter and nothing sent.
  const saved = await saveDefaultMapping(shop.id, template.id, completeMapping(asTemplateLike(template)));
  if (!saved.ok) throw new Error(`spring_sale mapping: ${JSON.stringify(saved.issues)}`);
  return { shop, templateId: template.id };
}

async function campaignOf(shopId: number, templateId: number, n: number): Promise<number> {
  const c = await db.query<{ id: number }>(
    `INSERT INTO campaigns (shop_id, name, status, template_id, started_at, updated_at) VALUES ($1, 'Bench', 'running', $2, now(), now()) RETURNING id`,
    [shopId, templateId],
  );
  const id = c.rows[0]!.id;
  await db.query(
    `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, country_code, "group", status)
     SELECT $1, $2, id, phone_e164, 'GB', 'main', 'queued' FROM customers WHERE shop_id = $1 ORDER BY id LIMIT $3`,
    [shopId, id, n],
  );
  await db.query(`ANALYZE recipients`);
  return id;
}

async function waitForCompletion(campaignId: number, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(`SELECT status::text FROM campaigns WHERE id = $1`, [campaignId]);
    if (rows[0].status !== "running") return rows[0].status as string;
    if (Date.now() > end) throw new Error(`campaign ${campaignId} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---- 1. throughput with the simulator's limit set high -------------------------------------------------------------
let bigCampaign: { shopId: number; campaignId: number } | null = null;
if (!skip.has("throughput")) {
  const simMain = path.resolve(import.meta.dirname, "../simulators/whatsapp-main.ts");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", simMain], {
    env: {
      ...process.env,
      WA_SIM_APP_SECRET: APP_SECRET,
      WA_SIM_MPS: "100000",
      WA_SIM_TIER: "TIER_UNLIMITED",
      WA_SIM_STATUS_DELAY_MS: "3600000", // statuses are not part of this measurement
      WA_SIM_WABA_ID: "510000000000001",
      WA_SIM_PHONE_NUMBER_ID: "610000000000001",
      WA_SIM_TOKEN: "bench-throughput-token",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const simUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(d.toString().split("\n")[0]!.trim()));
    child.once("exit", (code) => reject(new Error(`simulator exited ${code}`)));
  });
  try {
    const { shop, templateId } = await shopWith(`cdbench-${N}.myshopify.com`, N, {
      url: simUrl,
      token: "bench-throughput-token",
      wabaId: "510000000000001",
      phoneNumberId: "610000000000001",
    });
    await db.query(
      `UPDATE whatsapp_accounts SET throughput_mps = 100000, messaging_limit_tier = 'TIER_UNLIMITED' WHERE shop_id = $1`,
      [shop.id],
    );
    // Baseline: the bare client, to numbers outside the audience (no pair-rate clash with the campaign after it).
    let baselineRate = 0;
    if (BASELINE > 0) {
      const { client } = await clientForShop(shop.id);
      const components = [
        {
          type: "header" as const,
          parameters: [{ type: "image" as const, image: { link: "https://cdn.example.com/a.jpg" } }],
        },
        { type: "body" as const, parameters: ["a", "b", "c"].map((text) => ({ type: "text" as const, text })) },
        {
          type: "button" as const,
          sub_type: "url" as const,
          index: "0",
          parameters: [{ type: "text" as const, text: "x" }] as [{ type: "text"; text: string }],
        },
      ];
      let next = 0;
      const b0 = performance.now();
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < BASELINE) {
            const i = next++;
            await client.sendTemplate({
              to: `+4479${String(i).padStart(8, "0")}`,
              template: { name: "spring_sale", language: "en_US", components },
              bizOpaqueCallbackData: `baseline:${i}`,
            });
          }
        }),
      );
      baselineRate = BASELINE / ((performance.now() - b0) / 1000);
      results.push([
        `baseline: bare keep-alive client, ${fmt(BASELINE)} template sends, 64 in flight, same simulator`,
        `${fmt(baselineRate)} messages/s`,
      ]);
    }
    const campaignId = await campaignOf(shop.id, templateId, N);
    const workers = startWorkers({ queues: ["campaigns"] });
    const t0 = performance.now();
    await queueDispatch(shop.id, campaignId);
    const status = await waitForCompletion(campaignId, 30 * 60_000);
    const wall = performance.now() - t0;
    await workers.close();
    const { rows } = await db.query<{ n: number; first: Date; last: Date }>(
      `SELECT count(*)::int AS n, min(sent_at) AS first, max(sent_at) AS last FROM recipients WHERE campaign_id = $1 AND status = 'sent'`,
      [campaignId],
    );
    const { rows: perSecond } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM recipients WHERE campaign_id = $1 AND sent_at IS NOT NULL GROUP BY date_trunc('second', sent_at) ORDER BY 1`,
      [campaignId],
    );
    // Whole seconds only, and the first whole second apart: it holds the start-up (lanes starting, JIT warm-up).
    const rampSecond = perSecond[1]?.n ?? 0;
    const full = perSecond.slice(2, -1).map((r) => r.n);
    const span = (rows[0]!.last.getTime() - rows[0]!.first.getTime()) / 1000;
    const accepted = (await (await fetch(`${simUrl}/_sim/accepted`)).json()) as { count: number; rejected: number };
    results.push([
      `dispatch, ${fmt(N)} recipients, simulator at 100,000 mps (campaign ${status})`,
      `${fmt(rows[0]!.n / span)} messages/s sustained (${fmt(rows[0]!.n)} sent in ${span.toFixed(1)} s between first and last send; ${(wall / 1000).toFixed(1)} s enqueue → completed)`,
    ]);
    if (baselineRate > 0)
      results.push([
        "dispatch / baseline",
        `${(rows[0]!.n / span / baselineRate).toFixed(2)} (goal: ≥ 5,000 messages/s)`,
      ]);
    if (full.length) {
      results.push([
        "slowest / median whole second after the first",
        `${fmt(Math.min(...full))} / ${fmt(full.sort((a, b) => a - b)[Math.floor(full.length / 2)]!)} messages (first whole second: ${fmt(rampSecond)})`,
      ]);
    }
    results.push(["simulator: accepted, rejected", `${fmt(accepted.count)}, ${fmt(accepted.rejected)}`]);
    bigCampaign = { shopId: shop.id, campaignId };
  } finally {
    child.kill("SIGTERM");
  }
}

// ---- 2. pacing at 80 mps ----------------------------------------------------------------------------------------------
if (!skip.has("paced")) {
  const sim = await startWhatsAppSimulator({
    appSecret: APP_SECRET,
    accounts: [
      {
        accessToken: "bench-paced-token",
        wabaId: "520000000000001",
        phoneNumberId: "620000000000001",
        displayPhoneNumber: "15550000002",
        verifiedName: "Bench",
        throughputMps: 80,
        messagingLimitTier: "TIER_UNLIMITED",
      },
    ],
    templates: { "520000000000001": demoTemplates() },
    statusDelayMs: 3_600_000,
  });
  try {
    const { shop, templateId } = await shopWith(`cdbench-paced-${PACED}.myshopify.com`, PACED, {
      url: sim.url,
      token: "bench-paced-token",
      wabaId: "520000000000001",
      phoneNumberId: "620000000000001",
    });
    await db.query(
      `UPDATE whatsapp_accounts SET throughput_mps = 80, messaging_limit_tier = 'TIER_UNLIMITED' WHERE shop_id = $1`,
      [shop.id],
    );
    const campaignId = await campaignOf(shop.id, templateId, PACED);
    const summary = await runDispatch({ shopId: shop.id, campaignId });
    const at = sim.accepted.map((m) => m.at);
    const first = at[0]!;
    const last = at[at.length - 1]!;
    const achieved = (at.length - 1) / ((last - first) / 1000);
    const late429 = sim.rejected.filter((r) => r.code === 130429 && r.at > first + 1000).length;
    const all429 = sim.rejected.filter((r) => r.code === 130429).length;
    // The busiest sliding second as the simulator counts it.
    let busiest = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i]! - at[j]! >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    results.push([
      `dispatch at 80 mps, ${fmt(PACED)} recipients (${summary.ended})`,
      `${achieved.toFixed(2)} messages/s achieved (${(((achieved - 80) / 80) * 100).toFixed(1)}% from 80); busiest sliding second ${busiest}`,
    ]);
    results.push(["130429 refusals: after the first second / in total", `${late429} / ${all429}`]);
  } finally {
    await sim.close();
  }
}

// ---- 3. progress counters ---------------------------------------------------------------------------------------------
async function progressTiming(label: string, campaign: { shopId: number; campaignId: number }) {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await campaignProgress(campaign.shopId, campaign.campaignId);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const plan = await db.query(
    `EXPLAIN SELECT campaign_id, status, count(*)::int AS n FROM recipients WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1, 2`,
    [campaign.shopId, [campaign.campaignId]],
  );
  const scan =
    plan.rows
      .map((r) => r["QUERY PLAN"] as string)
      .find((l) => /Scan/.test(l) && /recipients/.test(l))
      ?.trim() ?? "?";
  results.push([
    `progress counters (${fmt(N)}-recipient campaign), ${label}, median of 20`,
    `${times[10]!.toFixed(1)} ms (${scan.replace(/\s+\(cost.*$/, "")})`,
  ]);
}
if (bigCampaign) {
  // This machine's PostgreSQL runs without autovacuum: measured as the send left the table, then as autovacuum would.
  await progressTiming("right after the send", bigCampaign);
  await db.query(`VACUUM ANALYZE recipients`);
  await progressTiming("after VACUUM ANALYZE", bigCampaign);
}

await closeRateLimiter();
await closeQueues();
await closeDb();
console.log("\n| what | figure |\n| --- | --- |");
for (const [k, v] of results) console.log(`| ${k} | ${v} |`);
process.exit(0);
