// Click intake against the running app: the built web process (scripts/serve.ts, as `npm start` runs it) on a
// bench database. Open loop at a fixed rate (not waiting for answers), alternating the storefront beacon (POST
// /proxy/click with Shopify's app-proxy signature, as Shopify forwards /apps/whatsapp/click) and the redirect
// (GET /l/<signed ref>); every ref is a different recipient, each clicked once. Before that, in the same run and
// with the same keep-alive client at the same rate, a baseline against GET /healthz (the app's most trivial
// route, through the same Express + Remix stack). Reports latency and achieved rate for both, and counts the rows
// afterwards: every click recorded exactly once (no loss, no double).
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/segwa_bench_clicks npx tsx test/bench/clicks.bench.ts --rate 2000 --seconds 10
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";
import { cpuSeconds, ownCpuSeconds, pidsNamed } from "./cpu";

const { values } = parseArgs({
  options: { rate: { type: "string", default: "2000" }, seconds: { type: "string", default: "10" } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const ROOT = path.resolve(import.meta.dirname, "../..");
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_bench_clicks";
const SECRET = "bench-clicks-secret";
const APP_URL = "https://bench.segwa.test";
const buildDir = path.resolve(ROOT, process.env.BUILD_DIR ?? "build");
Object.assign(process.env, {
  DATABASE_URL: url,
  SHOPIFY_API_KEY: "bench",
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_APP_URL: APP_URL,
  QUEUE_PREFIX: `bench-clicks-${randomUUID().slice(0, 8)}`,
  BUILD_DIR: buildDir,
});

await ensureDatabase(url);
await migrate(url);
const { pool, closeDb } = await import("../../app/db.server");
const { upsertShop } = await import("../../app/shops/shop.server");
const { linkTag, shortRef } = await import("../../app/engagement/link-ref.server");
const { closeQueues } = await import("../../jobs/queues");

if (!existsSync(path.join(buildDir, "server/index.js"))) {
  console.log("building the app (remix vite:build)…");
  await new Promise<void>((resolve, reject) => {
    const b = spawn(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: "ignore" });
    b.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))));
  });
}

// One shop, one campaign whose template's button is based on our link address, and one sent message per click.
const total = rate * seconds;
const shop = await upsertShop(`bench-clicks-${randomUUID().slice(0, 8)}.myshopify.com`, {
  currency: "USD",
  ianaTimezone: "America/New_York",
});
const template = await pool().query<{ id: number }>(
  `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, components)
   VALUES ($1, 'bench-link', 'bench_link', 'en', 'MARKETING', 'APPROVED', $2) RETURNING id`,
  [
    shop.id,
    JSON.stringify([
      { type: "BODY", text: "Spring sale" },
      { type: "BUTTONS", buttons: [{ type: "URL", text: "Shop", url: `${APP_URL}/l/{{1}}` }] },
    ]),
  ],
);
const campaign = await pool().query<{ id: number }>(
  `INSERT INTO campaigns (shop_id, name, status, template_id, mapping, started_at, updated_at)
   VALUES ($1, 'Bench sale', 'completed', $2, $3, now(), now()) RETURNING id`,
  [
    shop.id,
    template.rows[0]!.id,
    JSON.stringify({ version: 1, params: { "button.0": { kind: "text", text: "collections/sale" } } }),
  ],
);
const campaignId = campaign.rows[0]!.id;
// An installed shop has its offline session (authenticate.public.appProxy loads it for every beacon).
const { Session } = await import("@shopify/shopify-app-remix/server");
const { PrismaSessionStorage } = await import("@shopify/shopify-app-session-storage-prisma");
const { prisma } = await import("../../app/db.server");
await new PrismaSessionStorage(prisma()).storeSession(
  new Session({
    id: `offline_${shop.domain}`,
    shop: shop.domain,
    state: "",
    isOnline: false,
    accessToken: "bench-offline-token",
    scope: "read_orders",
  }),
);
const warmCount = 400;
const { rows: recipientRows } = await pool().query<{ id: string }>(
  `INSERT INTO recipients (shop_id, campaign_id, customer_id, status, sent_at, delivered_at)
   SELECT $1, $2, 1000000 + g, 'delivered', now() - interval '1 hour', now() - interval '1 hour'
   FROM generate_series(1, $3::int) g RETURNING id::text`,
  [shop.id, campaignId, total + warmCount],
);
const ids = recipientRows.map((r) => r.id);
console.log(`${shop.domain}: ${ids.length} sent messages prepared`);

// The running app.
const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  HOST: "127.0.0.1",
  PORT: String(41000 + Math.floor(Math.random() * 4000)),
  PATH: `${ROOT}/node_modules/.bin:${process.env.PATH}`,
};
function start(script: string, ready: string): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/node"), ["--import", "tsx", script], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes(ready)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${script} exited (${code}): ${out}`)));
  });
}
const web = await start("scripts/serve.ts", "web listening");
const base = `http://127.0.0.1:${env.PORT}`;

const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Shopify's app-proxy query: the sorted key=value pairs signed with the app secret, hex (apis.md B7). */
function proxyQuery(): string {
  const params: Record<string, string> = {
    shop: shop.domain,
    logged_in_customer_id: "",
    path_prefix: "/apps/whatsapp",
    timestamp: String(Math.floor(Date.now() / 1000)),
  };
  const message = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("");
  const signature = createHmac("sha256", SECRET).update(message).digest("hex");
  return new URLSearchParams({ ...params, signature }).toString();
}

interface Sample {
  ms: number;
  status: number;
}
function request(method: "GET" | "POST", pathAndQuery: string, body?: string): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      `${base}${pathAndQuery}`,
      {
        method,
        agent,
        headers: {
          "User-Agent": PHONE_UA,
          ...(body ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
      },
    );
    req.on("error", () => resolve({ ms: performance.now() - started, status: 0 }));
    req.end(body);
  });
}
const beacon = (id: string) =>
  request("POST", `/proxy/click?${proxyQuery()}`, JSON.stringify({ r: id, rk: linkTag(shop.id, id), ua: PHONE_UA }));
const redirect = (id: string) => request("GET", `/l/${shortRef(shop.id, id)}`);

/** Open loop: request i leaves at t0 + i / rate, whatever happened to the ones before. */
async function openLoop(n: number, make: (i: number) => Promise<Sample>) {
  const out: Array<Promise<Sample>> = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    out.push(make(i));
  }
  const samples = await Promise.all(out);
  return { samples, seconds: (performance.now() - t0) / 1000 };
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const statusesOf = (samples: Sample[]) => {
  const m: Record<number, number> = {};
  for (const s of samples) m[s.status] = (m[s.status] ?? 0) + 1;
  return m;
};

// Warm-up, not measured: a running app has compiled its hot paths and filled its pools.
await openLoop(warmCount, (i) => (i % 2 ? beacon(ids[total + i]!) : redirect(ids[total + i]!)));
await openLoop(400, () => request("GET", "/healthz"));

const baseline = await openLoop(total, () => request("GET", "/healthz"));

const cpuStart = {
  web: cpuSeconds([web.pid!]),
  postgres: cpuSeconds(pidsNamed("postgres")),
  sender: process.cpuUsage(),
};
const clicks = await openLoop(total, (i) => (i % 2 ? beacon(ids[i]!) : redirect(ids[i]!)));
const cpu = {
  web: cpuSeconds([web.pid!]) - cpuStart.web,
  postgres: cpuSeconds(pidsNamed("postgres")) - cpuStart.postgres,
  sender: ownCpuSeconds(cpuStart.sender),
};

const { rows: check } = await pool().query<{ proxy: number; redirect: number; clicked: number; doubled: number }>(
  `SELECT count(*) FILTER (WHERE k.source = 'proxy')::int AS proxy,
          count(*) FILTER (WHERE k.source = 'redirect')::int AS redirect,
          (SELECT count(*)::int FROM recipients r WHERE r.shop_id = $1 AND r.clicked_at IS NOT NULL AND r.id = ANY($2::bigint[])) AS clicked,
          (SELECT count(*)::int FROM (SELECT recipient_id FROM clicks WHERE shop_id = $1 GROUP BY 1 HAVING count(*) > 1) d) AS doubled
   FROM clicks k WHERE k.shop_id = $1 AND k.recipient_id = ANY($2::bigint[])`,
  [shop.id, ids.slice(0, total)],
);
const c = check[0]!;
const expectedProxy = Math.floor(total / 2);
const expectedRedirect = total - expectedProxy;
const ms = (s: { samples: Sample[] }) => s.samples.map((x) => x.ms);
const row = (name: string, s: { samples: Sample[]; seconds: number }) =>
  `| ${name} | ${(s.samples.length / s.seconds).toFixed(0)} | ${pct(ms(s), 50).toFixed(1)} | ${pct(ms(s), 99).toFixed(1)} | ${Math.max(...ms(s)).toFixed(1)} | ${JSON.stringify(statusesOf(s.samples))} |`;
console.log(`\n${total} requests each at ${rate}/s for ${seconds} s (open loop, keep-alive, up to 64 sockets)`);
console.log(`| load | achieved/s | p50 ms | p99 ms | max ms | answers |\n|---|---:|---:|---:|---:|---|`);
console.log(row("baseline GET /healthz", baseline));
console.log(row("clicks (beacon + redirect)", clicks));
const beacons = { samples: clicks.samples.filter((_, i) => i % 2 === 1), seconds: clicks.seconds };
const redirects = { samples: clicks.samples.filter((_, i) => i % 2 === 0), seconds: clicks.seconds };
console.log(row("… beacon POST /proxy/click", beacons));
console.log(row("… redirect GET /l/:ref", redirects));
console.log(
  `ratio clicks p99 / baseline p99: ${(pct(ms(clicks), 99) / pct(ms(baseline), 99)).toFixed(2)}; p50: ${(pct(ms(clicks), 50) / pct(ms(baseline), 50)).toFixed(2)}`,
);
console.log(
  `recorded: proxy ${c.proxy}/${expectedProxy}, redirect ${c.redirect}/${expectedRedirect}, clicked_at set ${c.clicked}/${total}, refs with more than one row ${c.doubled}; lost ${total - c.proxy - c.redirect}`,
);
console.log(
  `CPU s during the clicks: web ${cpu.web.toFixed(1)}, postgres ${cpu.postgres.toFixed(1)}, sender ${cpu.sender.toFixed(1)}`,
);

agent.destroy();
web.kill("SIGTERM");
await closeQueues();
await closeDb();
