// Chaos run for campaign dispatch: a 20,000-recipient campaign sent by real worker processes
// (`node --import tsx jobs/worker.ts`) while this script kill -9s a worker twice and restarts Redis once.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench_campaign_dispatch npx tsx test/bench/chaos.ts --recipients 20000
// It runs its OWN redis-server on a free port (never the shared one), the Cloud API simulator (500 mps, status
// webhooks to the app's WhatsApp webhook route served here, 1% of numbers not on WhatsApp) and two workers.
// Afterwards it checks: every recipient in exactly one terminal state, the simulator accepted each message at
// most once (zero duplicates), every accepted message's row shows it (none lost), `unknown` is at most the requests
// in flight at the kills, and no unknown row is one the simulator never accepted; it prints a verdict.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";
import { ensureOptedInCustomers } from "./opted-in-shop";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "20000" },
    mps: { type: "string", default: "500" },
    workers: { type: "string", default: "2" },
  },
});
const N = Number(values.recipients);
const MPS = Number(values.mps);
const WORKERS = Number(values.workers);
const root = path.resolve(import.meta.dirname, "../..");
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench_campaign_dispatch";
const APP_SECRET = "chaos-meta-secret";
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

// ---- our own Redis -----------------------------------------------------------------------------------------------------
const redisPort = await freePort();
let redis: ChildProcess | null = null;
async function startRedis() {
  redis = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(redisPort, "127.0.0.1", () => {
        c.end();
        resolve(true);
      });
      c.on("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("redis-server did not start");
}
async function stopRedis() {
  const r = redis;
  redis = null;
  if (!r) return;
  const exited = new Promise((resolve) => r.once("exit", resolve));
  r.kill("SIGKILL");
  await exited;
}
await startRedis();
log(`own redis-server on port ${redisPort} (pid ${redis!.pid})`);

const prefix = `chaos-${randomUUID().slice(0, 6)}`;
Object.assign(process.env, {
  DATABASE_URL: url,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  QUEUE_PREFIX: prefix,
  SHOPIFY_API_KEY: "chaos",
  SHOPIFY_API_SECRET: "chaos",
  ENCRYPTION_KEYS: `chaos:${Buffer.alloc(32, 3).toString("base64")}`,
  WHATSAPP_APP_SECRET: APP_SECRET,
  CAMPAIGN_SENDING_TIMEOUT_SECONDS: "20",
});

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { resetEnvForTests } = await import("../../app/env.server");
const { connectWhatsApp } = await import("../../app/whatsapp/account.server");
const { syncTemplates, listTemplates, saveDefaultMapping } = await import("../../app/whatsapp/templates.server");
const { asTemplateLike } = await import("../../app/whatsapp/mapping");
const { completeMapping } = await import("../setup/mapping");
const { queueDispatch } = await import("../../app/campaigns/dispatch/index.server");
const { closeQueues } = await import("../../jobs/queues");
const { startWhatsAppSimulator, demoTemplates } = await import("../simulators/whatsapp/index");
const { serveWebhookRoute } = await import("../setup/whatsapp");
const db = pool();

// ---- the simulator and the webhook route ---------------------------------------------------------------------------
const route = await serveWebhookRoute();
const ids = { wabaId: "530000000000001", phoneNumberId: "630000000000001", accessToken: "chaos-token" };
const sim = await startWhatsAppSimulator({
  appSecret: APP_SECRET,
  webhookUrl: route.url,
  accounts: [
    {
      ...ids,
      displayPhoneNumber: "15550000003",
      verifiedName: "Chaos",
      throughputMps: MPS,
      messagingLimitTier: "TIER_UNLIMITED",
    },
  ],
  templates: { [ids.wabaId]: demoTemplates() },
  statusDelayMs: 100,
  failureMix: { 131026: 0.01 },
  webhookRetries: 8,
  webhookRetryBaseMs: 200,
});
process.env.WHATSAPP_GRAPH_URL = sim.url;
resetEnvForTests();

// ---- shop, audience, campaign ------------------------------------------------------------------------------------------
const shop = await upsertShop(`cdchaos-${N}.myshopify.com`, { currency: "USD", ianaTimezone: "America/New_York" });
await ensureOptedInCustomers(db, shop.id, N, { prefix: "+4478", suffix: "3" });
// Earlier chaos runs left contacts marked unreachable (131026): clear them so every run starts alike.
await db.query(`UPDATE contacts SET unreachable_at = NULL WHERE shop_id = $1`, [shop.id]);
await db.query(`UPDATE campaigns SET status = 'cancelled' WHERE shop_id = $1 AND status IN ('running', 'testing')`, [
  shop.id,
]);
await db.query(`DELETE FROM whatsapp_accounts WHERE shop_id = $1 OR phone_number_id = $2`, [
  shop.id,
  ids.phoneNumberId,
]);
await connectWhatsApp({ shopId: shop.id, ...ids });
await syncTemplates(shop.id);
await db.query(
  `UPDATE whatsapp_accounts SET throughput_mps = $2, messaging_limit_tier = 'TIER_UNLIMITED' WHERE shop_id = $1`,
  [shop.id, MPS],
);
const spring = (await listTemplates(shop.id)).find((t) => t.name === "spring_sale")!;
const templateId = spring.id;
// The mapping a merchant saves (issue 15 B8: the suggestion leaves Meta's examples open).
const savedMapping = await saveDefaultMapping(shop.id, templateId, completeMapping(asTemplateLike(spring)));
if (!savedMapping.ok) throw new Error(`spring_sale mapping: ${JSON.stringify(savedMapping.issues)}`);
const campaignId = (
  await db.query<{ id: number }>(
    `INSERT INTO campaigns (shop_id, name, status, template_id, started_at, updated_at) VALUES ($1, 'Chaos', 'running', $2, now(), now()) RETURNING id`,
    [shop.id, templateId],
  )
).rows[0]!.id;
await db.query(
  `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, country_code, "group", status)
   SELECT $1, $2, id, phone_e164, 'GB', 'main', 'queued' FROM customers WHERE shop_id = $1 ORDER BY id LIMIT $3`,
  [shop.id, campaignId, N],
);
// This machine's PostgreSQL runs without autovacuum: give the planner the statistics production would have.
for (const t of ["customers", "contacts", "recipients"]) await db.query(`ANALYZE ${t}`);
log(`campaign ${campaignId}: ${N} recipients queued; simulator at ${MPS} mps`);

// ---- worker processes ----------------------------------------------------------------------------------------------------
const nodeBin = path.join(root, "node_modules/.bin/node");
let workerSeq = 0;
const workers = new Map<number, ChildProcess>();
async function startWorker() {
  const n = ++workerSeq;
  const out = createWriteStream(`/tmp/chaos-${prefix}-worker-${n}.log`);
  const child = spawn(nodeBin, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: root,
    env: { ...process.env, WORKER_HEALTH_PORT: String(await freePort()) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  workers.set(child.pid!, child);
  child.once("exit", () => workers.delete(child.pid!));
  log(`worker ${n} started (pid ${child.pid}, log /tmp/chaos-${prefix}-worker-${n}.log)`);
}
for (let i = 0; i < WORKERS; i++) await startWorker();

const counts = async () =>
  (
    await db.query<{ status: string; n: number }>(
      `SELECT status::text, count(*)::int AS n FROM recipients WHERE shop_id = $1 AND campaign_id = $2 GROUP BY 1 ORDER BY 1`,
      [shop.id, campaignId],
    )
  ).rows
    .map((r) => `${r.status} ${r.n}`)
    .join(", ");
const sentSoFar = async () =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status <> 'queued'`,
      [shop.id, campaignId],
    )
  ).rows[0]!.n;
const waitUntilDone = async (share: number) => {
  while ((await sentSoFar()) < N * share) await new Promise((r) => setTimeout(r, 200));
};

await queueDispatch(shop.id, campaignId);
const t0 = Date.now();

// ---- chaos -----------------------------------------------------------------------------------------------------------------
// What a kill can cost is bounded by the requests in flight at that moment: rows marked attempted (sending_at set)
// with no answer yet. Claimed rows never attempted (sending_at NULL) must go back to the queue and be sent after all.
const inFlight = async () => {
  const { rows } = await db.query<{ id: string; attempted: boolean }>(
    `SELECT id::text, sending_at IS NOT NULL AS attempted
     FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status = 'sending'`,
    [shop.id, campaignId],
  );
  return {
    attempted: rows.filter((r) => r.attempted).length,
    claimed: rows.filter((r) => !r.attempted).length,
    claimedIds: rows.filter((r) => !r.attempted).map((r) => r.id),
  };
};
const kills: Array<{ label: string; attempted: number; claimed: number; claimedIds: string[] }> = [];
async function killOneWorker(label: string) {
  const [pid, child] = [...workers.entries()][0]!;
  // Counted once the killed process is gone: its rows can no longer change, so its attempted rows are exactly what
  // this kill can cost and its claimed-not-attempted rows are exactly what must be sent after all. The surviving
  // worker's in-flight rows are counted too (they only loosen the bound). Counting before the kill would miss rows
  // attempted in the milliseconds between the count and the signal.
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  const before = await inFlight();
  kills.push({ label, ...before });
  log(
    `${label}: kill -9 worker pid ${pid} with ${before.attempted} requests in flight and ${before.claimed} rows claimed, not attempted — ${await counts()}`,
  );
  await startWorker();
}
await waitUntilDone(0.2);
await killOneWorker("chaos 1");
await waitUntilDone(0.45);
log(`chaos 2: restarting Redis (everything in it is lost) — ${await counts()}`);
await stopRedis();
await new Promise((r) => setTimeout(r, 2000));
await startRedis();
log(`redis back (pid ${redis!.pid})`);
await waitUntilDone(0.7);
await killOneWorker("chaos 3");

// ---- wait for the end ------------------------------------------------------------------------------------------------------
const deadline = Date.now() + 15 * 60_000;
for (;;) {
  const { rows } = await db.query<{ status: string }>(`SELECT status::text FROM campaigns WHERE id = $1`, [campaignId]);
  if (rows[0]!.status === "completed") break;
  if (Date.now() > deadline) {
    log(`campaign still ${rows[0]!.status} after 15 minutes — ${await counts()}`);
    break;
  }
  await new Promise((r) => setTimeout(r, 2000));
}
log(`campaign ${campaignId} completed after ${((Date.now() - t0) / 1000).toFixed(0)} s — ${await counts()}`);
// Let the last statuses arrive and be applied.
await sim.flushWebhooks();
for (let i = 0; i < 60; i++) {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM inbox_events WHERE shop_id = $1 AND status <> 'done'`,
    [shop.id],
  );
  if (rows[0]!.n === 0) break;
  await new Promise((r) => setTimeout(r, 1000));
}

// ---- verdict -----------------------------------------------------------------------------------------------------------------
const accepted = new Map<string, number>();
for (const m of sim.accepted) {
  const id = m.bizOpaqueCallbackData?.replace(/^rcpt:/, "");
  if (id) accepted.set(id, (accepted.get(id) ?? 0) + 1);
}
const duplicates = [...accepted.values()].filter((n) => n > 1).length;
const { rows: rowsAll } = await db.query<{ id: string; status: string; wa_message_id: string | null }>(
  `SELECT id::text, status::text, wa_message_id FROM recipients WHERE shop_id = $1 AND campaign_id = $2`,
  [shop.id, campaignId],
);
const terminal = new Set(["sent", "delivered", "read", "failed", "unknown", "skipped"]);
const notTerminal = rowsAll.filter((r) => !terminal.has(r.status)).length;
const byId = new Map(rowsAll.map((r) => [r.id, r]));
const lost = [...accepted.keys()].filter((id) => {
  const r = byId.get(id);
  return !r || !["sent", "delivered", "read", "failed"].includes(r.status);
}).length;
const unknownRows = rowsAll.filter((r) => r.status === "unknown");
const unknownButAccepted = unknownRows.filter((r) => accepted.has(r.id)).length;
const strays = [...accepted.keys()].filter((id) => !byId.has(id)).length;
const unknownNeverAccepted = unknownRows.length - unknownButAccepted;
const inFlightAtKills = kills.reduce((a, k) => a + k.attempted, 0);
// Rows that were claimed but not yet attempted when a worker died must have been sent after all (accepted once);
// an attempted row whose request never left the dying process may be unknown (at most once forbids a resend).
const claimedAtKills = new Set(kills.flatMap((k) => k.claimedIds));
const claimedNotSent = [...claimedAtKills].filter(
  (id) => !accepted.has(id) && !["failed", "skipped"].includes(byId.get(id)?.status ?? ""),
).length;
const ok =
  rowsAll.length === N &&
  notTerminal === 0 &&
  duplicates === 0 &&
  lost === 0 &&
  strays === 0 &&
  unknownRows.length <= inFlightAtKills &&
  claimedNotSent === 0;

console.log(`
Chaos run: ${N} recipients, ${MPS} mps, ${WORKERS} workers; kill -9 twice, Redis restarted once.
  recipients                         ${rowsAll.length} (${await counts()})
  not in a terminal state            ${notTerminal}
  messages accepted by the simulator ${sim.accepted.length} for ${accepted.size} recipients
  duplicates (accepted twice or more) ${duplicates}
  accepted but not shown on the row  ${lost}
  accepted for no recipient row      ${strays}
  in flight at the kills               ${kills.map((k) => `${k.label}: ${k.attempted} attempted, ${k.claimed} claimed`).join("; ")}
  unknown (attempted, answer lost in a crash; never re-sent) ${unknownRows.length} (bound: ${inFlightAtKills} in flight at the kills)
  unknown that the simulator never accepted ${unknownNeverAccepted} (attempted, the process died before the request left)
  claimed, not attempted at a kill     ${claimedAtKills.size}, of which never sent ${claimedNotSent} (must be 0)
  rejected by the simulator          ${sim.rejected.length} (${[...new Set(sim.rejected.map((r) => r.code))].join(", ") || "none"})
VERDICT: ${ok ? "PASS — every recipient in exactly one terminal state, zero duplicates, none lost, unknown within the in-flight bound" : "FAIL"}`);

// ---- clean up (only what this script started) ------------------------------------------------------------------------------
for (const child of workers.values()) child.kill("SIGTERM");
await new Promise((r) => setTimeout(r, 1500));
for (const child of workers.values()) child.kill("SIGKILL");
await sim.close();
await route.close();
await closeQueues();
await closeDb();
await stopRedis();
process.exit(ok ? 0 : 1);
