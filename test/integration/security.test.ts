// The outside review's probes (issue 14), replayed against the built web process in production mode
// (scripts/serve.ts over build/, `npx remix vite:build` first): body limits while streaming, signatures, trusted
// proxy parameters, consent only its owner can give, production answers without stack traces, uninstalled shops,
// 4xx for client faults, /healthz status only, a debug log without secrets. Each probe failed before its fix.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { checkHealth, redisProbeConnections } from "../../app/health.server";
import { csvCell, sqlNeutralised } from "../../app/lib/csv";
import { ROOT, startApp, type RunningApp } from "../e2e/harness";
import { sessionToken } from "../setup/admin-request";
import { createTestShop } from "../setup/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { fixture, shopifyHmac } from "../setup/webhooks";

const PORT = 4400 + Math.floor(Math.random() * 90);
const MB = 1024 * 1024;
/** The library answers bots (Node's own user agent among them) 410 before authenticating: probe as a browser. */
const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36" };
let app: RunningApp;
let shop: Shop;
let base: URL;

beforeAll(async () => {
  shop = await createTestShop({ prefix: "sec" });
  // An offline session, so the admin probes reach the routes (a session token alone is not a login).
  await pool().query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, expires, "accessToken") VALUES ($1, $2, '', false, $3, $4, 'shpat_probe')`,
    [
      `offline_${shop.domain}`,
      shop.domain,
      "read_customers,write_customers,read_orders,read_all_orders,read_products,write_app_proxy",
      new Date(Date.now() + 86_400_000),
    ],
  );
  // At the most talkative level, so the last probe can show that nothing secret reaches the log even then.
  app = await startApp({ DEMO_MODE: "0", NODE_ENV: "production", LOG_LEVEL: "debug" }, PORT);
  base = new URL(app.url);
}, 90_000);
afterAll(async () => app?.close());

interface RawAnswer {
  status: number;
  body: string;
  /** bytes we had written when the answer arrived */
  sentWhenAnswered: number;
}

/**
 * POSTs `total` bytes in 64 KB chunks over a plain socket (declaring `declared` as Content-Length, or chunked when
 * null) and resolves with the answer as soon as its status line arrives, stopping the upload there: an early 413
 * proves the server neither waited for nor buffered the rest. The server closing the socket mid-upload after
 * answering is expected.
 */
function rawPost(
  path: string,
  total: number,
  declared: number | null,
  headers: Record<string, string> = {},
  content?: Buffer,
) {
  return new Promise<RawAnswer>((resolve, reject) => {
    let sent = 0;
    let received = "";
    let done = false;
    let sentWhenAnswered = -1;
    const socket = net.connect(Number(base.port), base.hostname);
    const finish = () => {
      if (done) return;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!status) return reject(new Error(`connection closed without an answer after ${sent} bytes`));
      done = true;
      socket.destroy();
      resolve({ status: Number(status[1]), body: received.split("\r\n\r\n").slice(1).join(""), sentWhenAnswered });
    };
    socket.on("data", (d) => {
      if (sentWhenAnswered < 0) sentWhenAnswered = sent;
      received += d.toString("latin1");
      // The whole answer is in once its (short, plain-text) body follows the headers.
      if (/\r\n\r\n[\s\S]+/.test(received) || /content-length: 0/i.test(received)) setTimeout(finish, 20);
    });
    socket.on("error", () => finish());
    socket.on("close", () => finish());
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${base.host}`,
      ...Object.entries({ "Content-Type": "application/json", ...headers }).map(([k, v]) => `${k}: ${v}`),
      declared !== null ? `Content-Length: ${declared}` : "Transfer-Encoding: chunked",
      "",
      "",
    ].join("\r\n");
    socket.write(head);
    const filler = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sentWhenAnswered < 0 && !socket.destroyed && sent < total) {
        const chunk = content ? content.subarray(sent, sent + filler.length) : filler;
        sent += chunk.length;
        const framed =
          declared === null
            ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
            : chunk;
        if (!socket.write(framed)) return void socket.once("drain", pump);
      }
      if (sentWhenAnswered < 0 && !socket.destroyed && declared === null) socket.write("0\r\n\r\n");
    };
    pump();
  });
}

function webhookHeaders(body: string, topic = "orders/create", domain = shop.domain) {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": shopifyHmac(body),
    "X-Shopify-Shop-Domain": domain,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}

async function inboxRows(webhookId: string) {
  const { rows } = await pool().query(`SELECT topic FROM inbox_events WHERE external_id = $1`, [webhookId]);
  return rows;
}

describe("body limits (413 while streaming)", () => {
  it("an unsigned 100 MB POST /webhooks is refused before it is read", async () => {
    const answer = await rawPost("/webhooks", 100 * MB, 100 * MB);
    expect(answer.status).toBe(413);
    expect(answer.sentWhenAnswered).toBeLessThan(10 * MB);
  });

  it("an unsigned chunked body with no length is cut off at Shopify's limit, not read to its end", async () => {
    // What the client has pushed when the 413 arrives includes what the kernel's socket buffers absorbed meanwhile,
    // and under load the server reacts later (about 52 MB was seen at a load average of 11): the property checked
    // is that the answer comes long before the end of a body far beyond the limit.
    const answer = await rawPost("/webhooks", 200 * MB, null);
    expect(answer.status).toBe(413);
    expect(answer.sentWhenAnswered).toBeLessThan(150 * MB);
  });

  it("a signed 20 MB delivery is refused and nothing is stored", async () => {
    const body = JSON.stringify({ id: 1, note: "x".repeat(20 * MB) });
    const headers = webhookHeaders(body);
    const bytes = Buffer.from(body);
    const answer = await rawPost("/webhooks", bytes.length, bytes.length, headers, bytes);
    expect(answer.status).toBe(413);
    expect(await inboxRows(headers["X-Shopify-Webhook-Id"])).toEqual([]);
  });

  it("Meta's webhook, the app proxy and admin forms have their own, smaller limits", async () => {
    expect((await rawPost("/webhooks/whatsapp", 4 * MB, 4 * MB)).status).toBe(413);
    expect((await rawPost("/webhooks/whatsapp", 8 * MB, null)).status).toBe(413);
    expect((await rawPost("/proxy/optin?shop=x", 64 * 1024, 64 * 1024)).status).toBe(413);
    expect((await rawPost("/app/segments/new", 2 * MB, 2 * MB)).status).toBe(413);
  });
});

describe("signatures", () => {
  it("a bad HMAC is 401 and nothing is stored", async () => {
    const body = fixture("shopify-webhooks/orders-create.sample-2022-04.json");
    const headers = { ...webhookHeaders(body), "X-Shopify-Hmac-Sha256": shopifyHmac(body, "not-the-secret") };
    const res = await fetch(`${base}webhooks`, { method: "POST", body, headers });
    expect(res.status).toBe(401);
    expect(await inboxRows(headers["X-Shopify-Webhook-Id"])).toEqual([]);
  });

  it("a valid HMAC with a shop header that is not *.myshopify.com is 400, not 500", async () => {
    const body = fixture("shopify-webhooks/orders-create.sample-2022-04.json");
    const headers = webhookHeaders(body, "orders/create", "evil.example.com");
    const res = await fetch(`${base}webhooks`, { method: "POST", body, headers });
    expect(res.status).toBe(400);
    expect(await inboxRows(headers["X-Shopify-Webhook-Id"])).toEqual([]);
  });
});

describe("app proxy", () => {
  /** Shopify's app-proxy signature: hex HMAC-SHA256 of the sorted key=value pairs (repeated values joined by ","). */
  function signedQuery(pairs: Array<[string, string]>) {
    const grouped = new Map<string, string[]>();
    for (const [k, v] of pairs) grouped.set(k, [...(grouped.get(k) ?? []), v]);
    const message = [...grouped.keys()]
      .sort()
      .map((k) => `${k}=${grouped.get(k)!.join(",")}`)
      .join("");
    const signature = createHmac("sha256", TEST_API_SECRET).update(message).digest("hex");
    const query = new URLSearchParams(pairs);
    query.append("signature", signature);
    return query.toString();
  }
  const proxyPairs = (customer = ""): Array<[string, string]> => [
    ["shop", shop.domain],
    ["logged_in_customer_id", customer],
    ["path_prefix", "/apps/whatsapp"],
    ["timestamp", String(Math.floor(Date.now() / 1000))],
  ];
  const wording = "I agree to receive marketing messages on WhatsApp. Reply STOP at any time to unsubscribe.";
  const optIn = (query: string, phone: string, ip = "198.51.100.7") =>
    fetch(`${base}proxy/optin?${query}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
      body: JSON.stringify({ phone, consent: true, wording, country: "GB" }),
    });

  it("a repeated logged_in_customer_id is refused, even when the signature covers both values", async () => {
    const pairs = proxyPairs("111");
    pairs.push(["logged_in_customer_id", "222"]);
    const res = await optIn(signedQuery(pairs), "+447911123401");
    expect(res.status).toBe(400);
    expect(res.headers.get("X-Refused")).toBe("repeated logged_in_customer_id");
    const { rows } = await pool().query(`SELECT 1 FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`, [
      shop.id,
      "+447911123401",
    ]);
    expect(rows).toEqual([]);
  });

  it("an unsigned or wrongly signed request is 401", async () => {
    const unsigned = new URLSearchParams(proxyPairs()).toString();
    expect((await optIn(unsigned, "+447911123402")).status).toBe(401);
  });

  it("a storefront form cannot lift a number's STOP: it is asked to confirm on WhatsApp instead", async () => {
    await pool().query(
      `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, display_phone_number)
       VALUES ($1, $2, $3, 'not-used', 'test1', '15550009999') ON CONFLICT DO NOTHING`,
      [shop.id, `9${Date.now()}`, `8${Date.now()}`],
    );
    await pool().query(
      `INSERT INTO contacts (shop_id, phone_e164, consent_state) VALUES ($1, '+447911123403', 'opted_out')`,
      [shop.id],
    );
    const res = await optIn(signedQuery(proxyPairs()), "+447911123403");
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.state).toBe("confirm_on_whatsapp");
    expect(answer.link).toMatch(/^https:\/\/wa\.me\/15550009999\?text=/);
    const { rows } = await pool().query(
      `SELECT consent_state FROM contacts WHERE shop_id = $1 AND phone_e164 = '+447911123403'`,
      [shop.id],
    );
    expect(rows).toEqual([{ consent_state: "opted_out" }]);
  });

  it("sign-ups are rate limited per visitor IP", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await optIn(signedQuery(proxyPairs()), `+4479111235${String(i).padStart(2, "0")}`, ip)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe("production mode", () => {
  it("an anonymous request that makes the auth route fail gets no stack trace and no server path", async () => {
    const res = await fetch(
      `${base}auth/exit-iframe?shop=x.myshopify.com&exitIframe=https://evil.example&_data=routes%2Fauth.%24`,
      { headers: BROWSER, redirect: "manual" },
    );
    const text = await res.text();
    expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|node_modules|\/work\/|build\/server/);
    expect(res.headers.get("location") ?? "").not.toContain("evil.example");
  });

  it("a process started without NODE_ENV runs in production mode (npm start, the worker)", () => {
    const { NODE_ENV: _unset, ...env } = process.env;
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "-e", 'await import("./scripts/production-default.ts"); console.log(process.env.NODE_ENV)'],
      { cwd: ROOT, env: env as NodeJS.ProcessEnv, encoding: "utf8" },
    );
    expect(out.trim()).toBe("production");
    const scripts = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")).scripts;
    expect(scripts.start).toContain("NODE_ENV=${NODE_ENV:-production}");
    expect(scripts.worker).toContain("NODE_ENV=${NODE_ENV:-production}");
  });

  it("an unknown page in the app is a 404 without internals", async () => {
    const res = await fetch(`${base}app/does-not-exist?_data=routes%2Fapp.%24`, {
      headers: { ...BROWSER, Authorization: `Bearer ${sessionToken({ dest: `https://${shop.domain}` })}` },
    });
    const text = await res.text();
    expect(res.status).toBeLessThan(500);
    expect(text).not.toMatch(/node_modules|\/work\//);
  });
});

describe("4xx for client faults", () => {
  it("a session token whose dest is not a shop is 401", async () => {
    const res = await fetch(`${base}app?_data=routes%2Fapp`, {
      headers: { ...BROWSER, Authorization: `Bearer ${sessionToken({ dest: "https://evil.example" })}` },
    });
    expect(res.status).toBe(401);
  });

  it("campaign id abc is 404 for the page and its action, never 5xx or a success message", async () => {
    const auth = { ...BROWSER, Authorization: `Bearer ${sessionToken({ dest: `https://${shop.domain}` })}` };
    const page = await fetch(`${base}app/campaigns/abc?_data=routes%2Fapp.campaigns_.%24id._index`, { headers: auth });
    expect(page.status).toBe(404);
    const form = new URLSearchParams({ intent: "pause" });
    const action = await fetch(`${base}app/campaigns/abc?_data=routes%2Fapp.campaigns_.%24id._index`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(action.status).toBe(404);
    expect(await action.text()).not.toMatch(/saved/i);
  });
});

describe("uninstalled shops", () => {
  it("data webhooks are acknowledged and not stored; compliance webhooks still are", async () => {
    const gone = await createTestShop({ prefix: "gone" });
    await pool().query(`UPDATE shops SET uninstalled_at = now() WHERE id = $1`, [gone.id]);
    const order = fixture("shopify-webhooks/orders-create.sample-2022-04.json");
    const data = webhookHeaders(order, "orders/create", gone.domain);
    const res = await fetch(`${base}webhooks`, { method: "POST", body: order, headers: data });
    expect([res.status, await res.text()]).toEqual([200, "ignored: shop uninstalled"]);
    expect(await inboxRows(data["X-Shopify-Webhook-Id"])).toEqual([]);
    const redact = fixture("shopify-webhooks/customers-redact.json").replace("{shop}.myshopify.com", gone.domain);
    const compliance = webhookHeaders(redact, "customers/redact", gone.domain);
    const res2 = await fetch(`${base}webhooks`, { method: "POST", body: redact, headers: compliance });
    expect(res2.status).toBe(200);
    expect(await inboxRows(compliance["X-Shopify-Webhook-Id"])).toEqual([{ topic: "customers/redact" }]);
  });
});

describe("/healthz", () => {
  it("answers anonymous callers with the status only", async () => {
    const res = await fetch(`${base}healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"ok":true}');
  });

  it("shares one Redis connection across checks", async () => {
    for (let i = 0; i < 5; i++) expect((await checkHealth()).ok).toBe(true);
    expect(redisProbeConnections()).toBe(1);
  });
});

describe("CSV exports", () => {
  it("neutralise formulas but keep E.164 phones and plain numbers as they are", async () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("@SUM(1)")).toBe("'@SUM(1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("+447911123456")).toBe("+447911123456");
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("+1 (555) 0100")).toBe("'+1 (555) 0100");
    // The same rule where PostgreSQL's COPY writes the export (recipients.csv).
    const { rows } = await pool().query<{ v: string }>(
      `SELECT ${sqlNeutralised("t.v")} AS v FROM (VALUES ('=1+1'), ('@SUM(1)'), ('+447911123456'), ('-3'), ('Ann')) t(v)`,
    );
    expect(rows.map((r) => r.v)).toEqual(["'=1+1", "'@SUM(1)", "+447911123456", "-3", "Ann"]);
  });
});

describe("the log at LOG_LEVEL=debug", () => {
  it("holds no access token, session JWT or phone number, though the lines that carried them were written", async () => {
    const token = sessionToken({ dest: `https://${shop.domain}` });
    const phone = "+447911654321";
    await fetch(`${base}app?_data=routes%2Fapp`, { headers: { ...BROWSER, Authorization: `Bearer ${token}` } });
    await fetch(`${base}app/does-not-exist?phone=${encodeURIComponent(phone)}&id_token=${token}`, {
      headers: { ...BROWSER, Authorization: `Bearer ${token}` },
    });
    // The library validated the token at debug (lines are JSON, pino's, as in production); it reached a log call
    // and was replaced there.
    const out = app.output();
    const lines = out.split("\n").filter((l) => l.startsWith("{"));
    expect(lines.some((l) => JSON.parse(l).severity === "debug")).toBe(true);
    expect(out).toContain("[jwt]");
    expect(out).not.toContain(token.split(".")[1]!);
    expect(out).not.toContain(token.split(".")[2]!);
    expect(out).not.toContain("shpat_probe");
    // every phone an earlier probe sent (sign-ups, the STOP number) and this one: the last 4 digits at most
    expect(out).not.toMatch(/447911(12340|1235|654321)/);
  });
});
