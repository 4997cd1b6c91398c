var __defProp = Object.defineProperty;
var __defNormalProp = (obj, key2, value) => key2 in obj ? __defProp(obj, key2, { enumerable: true, configurable: true, writable: true, value }) : obj[key2] = value;
var __publicField = (obj, key2, value) => __defNormalProp(obj, typeof key2 !== "symbol" ? key2 + "" : key2, value);
import { jsx, jsxs, Fragment } from "react/jsx-runtime";
import { PassThrough, Readable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer, Meta, Links, Outlet, ScrollRestoration, Scripts, useLoaderData, useActionData, Form, useRouteError, useRouteLoaderData, isRouteErrorResponse, useLocation, Link, useNavigation, useRevalidator, useFetcher, useSubmit, useSearchParams, useNavigate, Await } from "@remix-run/react";
import { createReadableStreamFromReadable, redirect, json as json$1, unstable_parseMultipartFormData, defer } from "@remix-run/node";
import { isbot } from "isbot";
import { z } from "zod";
import { Redis } from "ioredis";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import pino from "pino";
import "@shopify/shopify-app-remix/adapters/node";
import { Session, ApiVersion, shopifyApp, LogSeverity, AppDistribution, LoginErrorType, boundary } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Queue } from "bullmq";
import { randomBytes, createCipheriv, createDecipheriv, randomInt, createHmac, timingSafeEqual, createHash } from "node:crypto";
import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { AppProvider, Page, Card, FormLayout, Text, TextField, Button, EmptyState, Toast, Navigation, Frame, Banner, Loading, InlineStack, Box, BlockStack, Layout, SkeletonBodyText, IndexTable, Badge, ProgressBar, Checkbox, Link as Link$1, Select, DataTable, Pagination, Modal, InlineGrid, Divider, InlineError, ChoiceList, SkeletonDisplayText, Tooltip, Combobox, Listbox, Tag, Spinner, useSetIndexFiltersMode, IndexFilters, useIndexResourceState, Icon, DropZone, ContextualSaveBar, Collapsible, ButtonGroup } from "@shopify/polaris";
import { useState, createContext, useContext, useCallback, useMemo, useEffect, useRef, Suspense } from "react";
import { AppProvider as AppProvider$1 } from "@shopify/shopify-app-remix/react";
import { NavMenu, SaveBar } from "@shopify/app-bridge-react";
import { HomeIcon, PersonSegmentIcon, SendIcon, ChatIcon, PersonIcon, SettingsIcon, ExportIcon, LinkIcon, ImageIcon, CheckCircleIcon } from "@shopify/polaris-icons";
import { to } from "pg-copy-streams";
import http from "node:http";
import https from "node:https";
import { PolarisVizProvider, StackedAreaChart, BarChart, LineChart, SparkLineChart } from "@shopify/polaris-viz";
import { Metadata, getCountries, getCountryCallingCode } from "libphonenumber-js";
import { parse as parse$1 } from "csv-parse";
import "@shopify/admin-api-client";
class ConfigError extends Error {
  constructor() {
    super(...arguments);
    __publicField(this, "name", "ConfigError");
  }
}
const port = z.coerce.number({ error: "must be a port number" }).int("must be a whole port number").min(1, "must be a port number from 1 to 65535").max(65535, "must be a port number from 1 to 65535");
const schema$1 = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string({
    error: "DATABASE_URL is not set: point it at PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/segwa"
  }).regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgresql://"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must start with redis://").default("redis://127.0.0.1:6379"),
  /** prefix for every BullMQ key; tests use a unique one per run */
  QUEUE_PREFIX: z.string().min(1).default("segwa"),
  SHOPIFY_API_KEY: z.string({
    error: "SHOPIFY_API_KEY is not set: copy the client id from the Partner Dashboard (or run `npm run demo`)"
  }).min(1),
  SHOPIFY_API_SECRET: z.string({
    error: "SHOPIFY_API_SECRET is not set: copy the client secret from the Partner Dashboard (or run `npm run demo`)"
  }).min(1),
  SHOPIFY_APP_URL: z.string().url().default("http://localhost:3000"),
  /** comma separated; must match shopify.app.toml */
  SCOPES: z.string().default("read_customers,write_customers,read_orders,read_all_orders,read_products,write_app_proxy"),
  /** where the Admin API lives; only set to a simulator in tests and the demo */
  SHOPIFY_ADMIN_ORIGIN: z.string().url().optional(),
  /** base URL of the WhatsApp Cloud API; a simulator in tests and the demo */
  WHATSAPP_GRAPH_URL: z.string().url().default("https://graph.facebook.com"),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/).default("v26.0"),
  /** Meta app secret: verifies X-Hub-Signature-256 on the WhatsApp webhook */
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  /** the token typed into Meta's webhook settings for the GET handshake */
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  /**
   * Encryption keys for secrets at rest: "keyId:base64(32 bytes)" separated by commas; the first encrypts,
   * all decrypt (rotation: prepend a new key, re-encrypt, then drop the old one).
   */
  ENCRYPTION_KEYS: z.string().optional(),
  /** seconds a campaign row may stay `sending` before the reconciler settles it as `unknown` (default 600) */
  CAMPAIGN_SENDING_TIMEOUT_SECONDS: z.coerce.number().int().positive().optional(),
  /** seconds a claimed, never-attempted row stays leased to its dispatcher before it goes back to queued (default 60) */
  CAMPAIGN_CLAIM_LEASE_SECONDS: z.coerce.number().int().positive().optional(),
  /** parallel dispatchers per campaign (default 2–4 from the number's throughput) */
  CAMPAIGN_DISPATCH_LANES: z.coerce.number().int().min(1).max(16).optional(),
  /** "1" runs the demo: a fixed demo shop session, simulators instead of Shopify and Meta. Never in production. */
  DEMO_MODE: z.enum(["0", "1"]).default("0"),
  // Where `remix vite:build` put the app (vite.config.ts reads the same variable); the test runner builds per run.
  BUILD_DIR: z.string().min(1).default("build"),
  /** the structured logger's threshold (app/lib/logger.server.ts); "silent" turns it off */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** web process (scripts/serve.ts): where Express listens */
  PORT: port.default(3e3),
  HOST: z.string().min(1).default("localhost"),
  /** worker process: its private health endpoint on 127.0.0.1 */
  WORKER_HEALTH_PORT: port.default(3001),
  /** how long a shop's batched order webhooks gather before they are applied together (jobs/processors/inbox.ts) */
  INBOX_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1e4).default(100),
  /** demo mode only: the local WhatsApp simulator's credentials, prefilled in the settings form (scripts/demo.sh) */
  WA_SIM_PHONE_NUMBER_ID: z.string().min(1).default("106540352242922"),
  WA_SIM_WABA_ID: z.string().min(1).default("102290129340398"),
  WA_SIM_TOKEN: z.string().min(1).default("sim-access-token"),
  /** days a processed webhook body (personal data) is kept before it is blanked (default 30; docs/security.md) */
  INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30)
});
let cached$2;
function getEnv() {
  if (cached$2) return cached$2;
  const parsed = schema$1.safeParse(process.env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const name = first.path.join(".");
    const message = first.message.startsWith(name) ? first.message : `${name}: ${first.message}`;
    throw new ConfigError(message);
  }
  if (parsed.data.DEMO_MODE === "1" && !["development", "test"].includes(process.env.NODE_ENV ?? "")) {
    throw new ConfigError(
      "DEMO_MODE=1 refuses to run unless NODE_ENV is development or test: demo mode bypasses Shopify authentication"
    );
  }
  cached$2 = parsed.data;
  return cached$2;
}
function loggerEnv() {
  const level = schema$1.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  const nodeEnv = schema$1.shape.NODE_ENV.safeParse(process.env.NODE_ENV);
  return { LOG_LEVEL: level.success ? level.data : "info", NODE_ENV: nodeEnv.success ? nodeEnv.data : "production" };
}
function isDemoMode() {
  return getEnv().DEMO_MODE === "1";
}
function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
function createPrisma(connectionString = getEnv().DATABASE_URL) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}
function prisma() {
  globalThis.__segwaPrisma ?? (globalThis.__segwaPrisma = createPrisma());
  return globalThis.__segwaPrisma;
}
function pool() {
  globalThis.__segwaPool ?? (globalThis.__segwaPool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 10 }));
  return globalThis.__segwaPool;
}
async function withTransaction(fn) {
  const client2 = await pool().connect();
  try {
    await client2.query("BEGIN");
    const result = await fn(client2);
    await client2.query("COMMIT");
    return result;
  } catch (err) {
    await client2.query("ROLLBACK").catch(() => {
    });
    throw err;
  } finally {
    client2.release();
  }
}
async function checkHealth() {
  const env2 = getEnv();
  const database = await pool().query("SELECT 1").then(() => "ok").catch((err) => describeConnectionError(err, env2.DATABASE_URL));
  const redis2 = await pingRedis(env2.REDIS_URL);
  return { ok: database === "ok" && redis2 === "ok", database, redis: redis2 };
}
const probes = /* @__PURE__ */ new Map();
function probeClient(url) {
  let client2 = probes.get(url);
  if (!client2) {
    client2 = new Redis(url, {
      maxRetriesPerRequest: 0,
      connectTimeout: 1500,
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(times * 200, 2e3)
    });
    client2.on("error", () => {
    });
    probes.set(url, client2);
  }
  return client2;
}
async function pingRedis(url) {
  const client2 = probeClient(url);
  try {
    if (client2.status === "connecting" || client2.status === "reconnecting" || client2.status === "wait") {
      await new Promise((resolve2, reject) => {
        const timer = setTimeout(
          () => reject(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })),
          1500
        );
        client2.once("ready", () => (clearTimeout(timer), resolve2()));
        client2.once("error", (err) => (clearTimeout(timer), reject(err)));
      });
    }
    await client2.ping();
    return "ok";
  } catch (err) {
    return describeConnectionError(err, url);
  }
}
function describeConnectionError(err, url) {
  const e = err;
  const where = url ? redactUrl(url) : "";
  if (url == null ? void 0 : url.startsWith("redis")) {
    return `Cannot reach Redis at ${where} (${e.code ?? e.message}). Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no — or set REDIS_URL.`;
  }
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.code === "ETIMEDOUT") {
    return `Cannot reach PostgreSQL at ${where} (${e.code}). Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start — or set DATABASE_URL.`;
  }
  if (e.code === "3D000") return `Database in ${where} does not exist: run npm run db:migrate (it creates it).`;
  if (e.code === "28P01" || e.code === "28000") return `PostgreSQL refused the credentials in DATABASE_URL (${where}).`;
  if (e.code === "42P01") return `The database at ${where} is not migrated: run npm run db:migrate.`;
  return `Database error${where ? ` at ${where}` : ""}: ${e.message ?? String(err)}`;
}
const REDACTED = "[redacted]";
const SECRET_KEY = /token|secret|password|passwd|authorization|cookie|signature|hmac|api_?key|encryption_?keys?/i;
const PHONE_KEY = /^(?!.*number_?id).*phone|^wa_?id$|msisdn/i;
const STRING_RULES = [
  // JWTs: three base64url parts, the header always starts with `{"` = "eyJ"; an unsigned one may end with a dot.
  [/eyJ[\w-]{2,}\.[\w-]{2,}\.[\w-]*/g, "[jwt]"],
  // Authorization header values written into a message: "Bearer abc", "Basic abc".
  [/\b(Bearer|Basic)\s+[^\s,;"']+/gi, `$1 ${REDACTED}`],
  // Shopify access tokens and secrets (shpat_, shpca_, shppa_, shpss_, shpua_, shprt_) and Meta access tokens (EAA…).
  [/\bshp(?:at|ca|pa|ss|ua|rt)_[A-Za-z0-9]+/g, "[shopify-token]"],
  [/\bEAA[A-Za-z0-9]{20,}/g, "[meta-token]"],
  // Secrets in a query string or form body: ?access_token=…&hmac=…
  [/\b((?:access_|id_|refresh_|session_)?token|secret|password|hmac|signature)=[^&\s"']+/gi, `$1=${REDACTED}`],
  // E.164 phone numbers: the last 4 digits stay so support can still tell two customers apart.
  [/\+[1-9]\d{6,14}\b/g, (m2) => `+…${m2.slice(-4)}`]
];
function redactString(text2) {
  let out = text2;
  for (const [pattern, replacement] of STRING_RULES) out = out.replace(pattern, replacement);
  return out;
}
function maskPhone(value, depth, seen) {
  if (Array.isArray(value)) return value.map((v) => maskPhone(v, depth + 1, seen));
  if (typeof value !== "string" && typeof value !== "number") return redact(value, depth + 1, seen);
  const digits = String(value).replace(/\D/g, "");
  return digits.length > 4 ? `…${digits.slice(-4)}` : value;
}
function redact(value, depth = 0, seen = /* @__PURE__ */ new WeakSet()) {
  if (typeof value === "string") return redactString(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth > 6) return "[deep]";
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const entries = value instanceof Headers || value instanceof Map ? value.entries() : Object.entries(value);
  const out = {};
  for (const [key2, v] of entries) {
    if (SECRET_KEY.test(key2) && v !== null && v !== void 0 && v !== "") out[key2] = REDACTED;
    else if (PHONE_KEY.test(key2)) out[key2] = maskPhone(v, depth, seen);
    else out[key2] = redact(v, depth + 1, seen);
  }
  return out;
}
function redactError(err, depth, seen) {
  const e = err;
  return {
    type: err.name,
    message: redactString(err.message),
    ...e.code !== void 0 && { code: e.code },
    ...err.stack && { stack: redactString(err.stack) },
    ...e.cause !== void 0 && { cause: redact(e.cause, depth + 1, seen) }
  };
}
const CONSOLE_BY_LEVEL = [
  [50, "error"],
  [40, "warn"],
  [30, "info"],
  [0, "debug"]
];
function consoleDestination() {
  return {
    write(line) {
      const {
        level,
        msg,
        severity: _severity,
        time: _time,
        pid: _pid,
        hostname: _host,
        ...rest
      } = JSON.parse(line);
      const method = CONSOLE_BY_LEVEL.find(([min]) => Number(level) >= min)[1];
      const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
      console[method](`${String(msg ?? "")}${fields}`);
    }
  };
}
function createLogger(opts = {}) {
  const env2 = loggerEnv();
  const destination = opts.destination ?? (env2.NODE_ENV === "test" ? consoleDestination() : pino.destination({ dest: 1, sync: true }));
  const root = pino(
    {
      level: opts.level ?? env2.LOG_LEVEL,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // `err` arrives already serialised by redact() (type, message, stack, code, cause); pino's own serialiser would
      // take that plain object for an error again and call its type "Object".
      serializers: { err: (err) => err },
      formatters: {
        level: (label2, number) => ({ level: number, severity: label2 })
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          if (first instanceof Error) {
            const msg = rest.length ? rest : [first.message];
            return method.apply(this, [{ err: redact(first) }, ...msg.map((a) => redact(a))]);
          }
          return method.apply(this, args.map((a) => redact(a)));
        }
      }
    },
    destination
  );
  const child = root.child;
  const redactingChild = function(bindings, options) {
    return child.call(this, redact(bindings), options);
  };
  root.child = redactingChild;
  return root;
}
const logger = createLogger();
function errorMessage$1(err) {
  return err instanceof Error ? err.message : String(err);
}
const throttles = /* @__PURE__ */ new Map();
function warnEvery(what, everyMs = 3e4, log = logger) {
  return (err) => {
    const now = Date.now();
    const t = throttles.get(what);
    if (t && now < t.until) {
      t.suppressed++;
      return;
    }
    const suppressed = (t == null ? void 0 : t.suppressed) ?? 0;
    throttles.set(what, { until: now + everyMs, suppressed: 0 });
    log.warn(
      suppressed ? { suppressed } : {},
      `${what}: ${errorMessage$1(err)}${suppressed ? ` (${suppressed} more since the last line)` : ""}`
    );
  };
}
const defaults = { log: logger, exit: (code) => process.exit(code) };
const CRASH_CLEANUP_MS = 5e3;
const STATE = Symbol.for("segwa.lifecycle");
function state(name = "process") {
  const g = globalThis;
  g[STATE] ?? (g[STATE] = { name, cleanups: [], stopping: false, started: false });
  return g[STATE];
}
async function startOrExit(name, opts = {}, deps = defaults) {
  const env2 = envOrExit(name, deps);
  if (state(name).started) return env2;
  if (opts.services) {
    const h = await checkHealth();
    if (!h.ok) return failStart(name, h.database !== "ok" ? h.database : h.redis, deps);
  }
  installCrashHandlers(name, deps);
  return env2;
}
function envOrExit(name, deps = defaults) {
  try {
    return getEnv();
  } catch (err) {
    return failStart(name, err instanceof ConfigError ? err.message : `configuration: ${errorMessage$1(err)}`, deps);
  }
}
function failStart(name, reason, deps) {
  deps.log.fatal(`${name} cannot start: ${reason}`);
  return deps.exit(1);
}
async function runCleanups(log, withinMs) {
  const s = state();
  const all = s.cleanups.splice(0).reverse();
  const closing = (async () => {
    for (const cleanup of all) {
      try {
        await cleanup();
      } catch (err) {
        log.warn(`${s.name}: closing failed: ${errorMessage$1(err)}`);
      }
    }
  })();
  if (withinMs === void 0) return closing;
  let timer;
  const late = new Promise((resolve2) => timer = setTimeout(resolve2, withinMs));
  await Promise.race([closing, late]);
  clearTimeout(timer);
}
async function crash(kind, err, deps = defaults) {
  const s = state();
  if (s.stopping) {
    deps.log.fatal(err instanceof Error ? { err } : { reason: err }, `${s.name}: ${kind} while stopping`);
    return deps.exit(1);
  }
  s.stopping = true;
  deps.log.fatal(
    err instanceof Error ? { err } : { reason: err },
    `${s.name} stopping after an ${kind}: ${errorMessage$1(err)}`
  );
  await runCleanups(deps.log, CRASH_CLEANUP_MS);
  return deps.exit(1);
}
async function stop$1(signal, deps = defaults) {
  const s = state();
  if (s.stopping) return new Promise(() => {
  });
  s.stopping = true;
  deps.log.info(`${s.name} received ${signal}: finishing active work`);
  await runCleanups(deps.log);
  return deps.exit(0);
}
function installCrashHandlers(name, deps) {
  const s = state(name);
  if (s.started) return;
  s.started = true;
  s.name = name;
  process.on("unhandledRejection", (reason) => void crash("unhandled rejection", reason, deps));
  process.on("uncaughtException", (err) => void crash("uncaught exception", err, deps));
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void stop$1(signal, deps));
}
const DEMO_SHOP_DOMAIN = "demo-store.myshopify.com";
function currencyExponent(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
async function upsertShop(domain, details = {}) {
  const data = {
    ...details.name !== void 0 && { name: details.name },
    ...details.email !== void 0 && { email: details.email },
    ...details.currency && { currency: details.currency, currencyExponent: currencyExponent(details.currency) },
    ...details.ianaTimezone && { ianaTimezone: details.ianaTimezone },
    ...details.countryCode !== void 0 && { countryCode: details.countryCode },
    ...details.plan !== void 0 && { plan: details.plan },
    ...details.demo !== void 0 && { demo: details.demo }
  };
  return prisma().shop.upsert({
    where: { domain },
    create: { domain, ...data },
    update: { ...data, uninstalledAt: null, dataDeletionDueAt: null }
  });
}
async function findShopByDomain(domain) {
  return prisma().shop.findUnique({ where: { domain } });
}
function decimalToMinor(value, exponent) {
  const text2 = typeof value === "number" ? value.toFixed(exponent) : value.trim();
  const m2 = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text2);
  if (!m2 || m2[2] === "" && (m2[3] ?? "") === "") throw new Error(`not a decimal amount: ${value}`);
  const [, sign, whole, frac = ""] = m2;
  const kept = frac.padEnd(exponent, "0").slice(0, exponent);
  let minor = BigInt(whole || "0") * 10n ** BigInt(exponent) + BigInt(kept || "0");
  if (frac.length > exponent && Number(frac[exponent]) >= 5) minor += 1n;
  return sign ? -minor : minor;
}
function minorToDecimal(minor, exponent) {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  if (exponent === 0) return `${negative ? "-" : ""}${abs}`;
  const s = abs.toString().padStart(exponent + 1, "0");
  return `${negative ? "-" : ""}${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}
function formatMoney(minor, currency, exponent = 2, locale = "en") {
  const decimal = minorToDecimal(BigInt(minor), exponent);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent
  }).format(decimal);
}
const bigintReviver = (_key, value, context) => {
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && (context == null ? void 0 : context.source)) {
    return BigInt(context.source);
  }
  return value;
};
function parseJsonWithBigInts(text2) {
  return JSON.parse(text2, bigintReviver);
}
function toShopifyId(value) {
  if (value === null || value === void 0 || value === "") return null;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`id ${value} lost precision before it reached us`);
    return BigInt(value);
  }
  if (typeof value === "string") {
    const m2 = /(\d+)$/.exec(value);
    if (m2) return BigInt(m2[1]);
  }
  throw new Error(`not a Shopify id: ${String(value)}`);
}
function stringifyWithBigInts(value) {
  const marker = "__bigint__";
  const text2 = JSON.stringify(value, (_k, v) => typeof v === "bigint" ? `${marker}${v.toString()}${marker}` : v);
  return text2.replace(new RegExp(`"${marker}(-?\\d+)${marker}"`, "g"), "$1");
}
const BULK_QUERIES = {
  products: `{
  products {
    edges { node {
      id title handle vendor productType tags status updatedAt
      collections { edges { node { id title handle } } }
      variants { edges { node { id title sku price compareAtPrice } } }
    } }
  }
}`,
  customers: `{
  customers {
    edges { node {
      id firstName lastName state locale tags createdAt updatedAt
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber {
        phoneNumber
        smsMarketingConsent { state optInLevel updatedAt collectedFrom }
        whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom sourceLocation { id } }
      }
      defaultAddress { countryCodeV2 provinceCode province city phone }
    } }
  }
}`,
  orders: `{
  orders {
    edges { node {
      id name email phone createdAt updatedAt processedAt cancelledAt cancelReason test sourceName
      displayFinancialStatus presentmentCurrencyCode discountCodes
      subtotalPriceSet { shopMoney { amount } }
      totalPriceSet { shopMoney { amount } }
      totalDiscountsSet { shopMoney { amount } }
      customer { id }
      shippingAddress { countryCodeV2 provinceCode city }
      customerJourneySummary { firstVisit { landingPage referrerUrl } }
      refunds { id createdAt note totalRefundedSet { shopMoney { amount } } }
      lineItems { edges { node {
        id quantity currentQuantity sku title vendor
        variant { id compareAtPrice }
        product { id }
        originalUnitPriceSet { shopMoney { amount } }
        totalDiscountSet { shopMoney { amount } }
        discountAllocations { discountApplication { __typename } }
      } } }
    } }
  }
}`
};
const RUN_BULK_QUERY = `#graphql
  mutation RunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`;
const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt }
  }`;
const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop { name email currencyCode ianaTimezone shopAddress { countryCodeV2 } plan { partnerDevelopment shopifyPlus } }
  }`;
const WHATSAPP_CONSENT_UPDATE = `#graphql
  mutation WriteWhatsAppConsent($input: CustomerWhatsAppMarketingConsentUpdateInput!) {
    customerWhatsAppMarketingConsentUpdate(input: $input) {
      customerPhoneNumber { phoneNumber whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom } }
      userErrors { field message code }
    }
  }`;
[
  { name: "RunBulkQuery", document: RUN_BULK_QUERY },
  { name: "BulkOperationStatus", document: BULK_OPERATION_STATUS },
  { name: "ShopDetails", document: SHOP_DETAILS_QUERY },
  { name: "WriteWhatsAppConsent", document: WHATSAPP_CONSENT_UPDATE },
  ...Object.entries(BULK_QUERIES).map(([resource, document2]) => ({ name: `bulk:${resource}`, document: document2, bulk: true }))
];
function redisOptions(kind) {
  return {
    maxRetriesPerRequest: 1,
    connectTimeout: 2e3,
    retryStrategy: (times) => Math.min(times * 200, 2e3)
  };
}
function createRedis(kind, url = getEnv().REDIS_URL) {
  const redis2 = new Redis(url, { ...redisOptions(), lazyConnect: false });
  redis2.on("error", warnEvery("Redis"));
  return redis2;
}
const id = z.string().regex(/^\d+$/, "a decimal id");
const shopId = z.number().int().positive();
const QUEUES = {
  inbox: { concurrency: 8 },
  ingest: { concurrency: 2 },
  segments: { concurrency: 2 },
  maintenance: { concurrency: 1 },
  attribution: { concurrency: 1 },
  whatsapp: { concurrency: 4 },
  // A dispatcher whose process died is taken over after ~10 s instead of BullMQ's default 30–60 s (the rows it
  // held stay `sending` and are never re-sent; the rest of the campaign goes on without waiting).
  campaigns: { concurrency: 4, lockDurationMs: 1e4 }
};
const JOBS = {
  /** apply one stored webhook delivery (Shopify or WhatsApp); shopId marks events applied in batches per shop */
  "inbox.process": { queue: "inbox", payload: z.object({ inboxId: id, shopId: shopId.optional() }) },
  /** a delivery that reached Redis while PostgreSQL was down: write it to the inbox, then process it */
  "inbox.record": {
    queue: "inbox",
    payload: z.object({
      source: z.enum(["shopify", "whatsapp"]),
      externalId: z.string().min(1),
      shopId: z.number().int().nullable(),
      shopDomain: z.string().nullable(),
      topic: z.string().min(1),
      apiVersion: z.string().nullable().optional(),
      /** the raw body, sealed with ENCRYPTION_KEYS' first key (personal data never sits in Redis in the clear) */
      sealedBody: z.object({ keyId: z.string().min(1), ciphertext: z.string().min(1) }).optional(),
      /** a body parked in the clear by a version before sealing */
      body: z.string().optional(),
      triggeredAt: z.string().nullable().optional()
    }).refine((d) => d.sealedBody !== void 0 || d.body !== void 0, "sealedBody or body is required")
  },
  /** start a bulk-operation backfill of customers, products and orders */
  "backfill.start": { queue: "ingest", payload: z.object({ shopId, reason: z.enum(["install", "resync", "demo"]) }) },
  /** poll a running bulk operation (fallback when bulk_operations/finish does not arrive) */
  "backfill.poll": { queue: "ingest", payload: z.object({ shopId, importId: z.number().int() }) },
  /** stream a finished bulk operation's JSONL into the database */
  "backfill.import": { queue: "ingest", payload: z.object({ shopId, importId: z.number().int() }) },
  /** recompute segment memberships for customers whose data changed */
  "segments.refresh-customers": { queue: "segments", payload: z.object({ shopId, customerIds: z.array(id).min(1) }) },
  /** recompute one segment for the whole shop */
  "segments.refresh-segment": { queue: "segments", payload: z.object({ shopId, segmentId: z.number().int() }) },
  /** refresh time-relative segments at local midnight in the shop's time zone */
  "segments.daily": { queue: "segments", payload: z.object({ shopId }) },
  /** re-attribute a shop's order history (attribution_runs row: windows changed, backfill finished, daily catch-up) */
  "attribution.reattribute": { queue: "attribution", payload: z.object({ shopId, runId: z.number().int() }) },
  /** re-enqueue inbox events that were stored but never queued (Redis was down), and lost scheduled jobs */
  "maintenance.reconcile": { queue: "maintenance", payload: z.object({}) },
  /** daily: blank processed webhook bodies older than INBOX_RETENTION_DAYS (app/compliance/retention.server.ts) */
  "maintenance.scrub-inbox": { queue: "maintenance", payload: z.object({}) },
  /** erase everything the app holds for a shop (shop/redact, or the grace period after uninstall ran out) */
  "shop.purge": { queue: "maintenance", payload: z.object({ shopId }) },
  /** re-read the WhatsApp number and WABA (display name, quality rating, messaging limit, throughput) */
  "whatsapp.refresh-account": { queue: "whatsapp", payload: z.object({ shopId }) },
  /** every few hours: refresh every connected account */
  "whatsapp.refresh-all": { queue: "whatsapp", payload: z.object({}) },
  /** fetch every template of the shop's WABA (all pages) */
  "whatsapp.sync-templates": { queue: "whatsapp", payload: z.object({ shopId }) },
  /** confirm an opt-out / opt-in to the customer inside their 24-hour window (job id = consent event id) */
  "whatsapp.consent-reply": {
    queue: "whatsapp",
    payload: z.object({
      shopId,
      phoneE164: z.string().regex(/^\+\d{7,15}$/),
      kind: z.enum(["opt_out", "opt_in"]),
      eventId: id
    })
  },
  /** write a WhatsApp opt-out back to the customer's Shopify SMS marketing consent */
  "consent.shopify-writeback": {
    queue: "whatsapp",
    payload: z.object({ shopId, customerId: id, phoneE164: z.string().regex(/^\+\d{7,15}$/) })
  },
  /** record Shopify SMS consent / opt-in tag changes in the audit trail; re-queue missing write-backs */
  "consent.sync-shopify": { queue: "whatsapp", payload: z.object({ shopId, full: z.boolean().optional() }) },
  /** every 10 minutes: queue consent.sync-shopify for every shop with a WhatsApp connection */
  "consent.sync-all": { queue: "whatsapp", payload: z.object({}) },
  /** a scheduled campaign's start: audience snapshot, then dispatch (delayed; job id campaign-start-<id>-<start ms>) */
  "campaign.start": { queue: "campaigns", payload: z.object({ shopId, campaignId: z.number().int().positive() }) },
  /**
   * send a running (or testing) campaign's due recipients; lane > 0 are extra dispatchers of the same campaign
   * (app/campaigns/dispatch/). Removed when done so the same job id can be queued again (resume).
   */
  "campaign.dispatch": {
    queue: "campaigns",
    payload: z.object({
      shopId,
      campaignId: z.number().int().positive(),
      lane: z.number().int().min(0).max(16).optional()
    }),
    options: { removeOnComplete: true, removeOnFail: true, attempts: 5 }
  },
  /** after the test group's waiting period: roll out to the main group or hold for the merchant */
  "campaign.rollout-check": {
    queue: "campaigns",
    payload: z.object({ shopId, campaignId: z.number().int().positive() }),
    options: { removeOnComplete: true, removeOnFail: true, attempts: 5 }
  }
};
const queues = /* @__PURE__ */ new Map();
function queue(name) {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, {
      connection: createRedis(),
      prefix: getEnv().QUEUE_PREFIX,
      skipWaitingForReady: true,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: "exponential", delay: 2e3 },
        removeOnComplete: { age: 3600, count: 1e4 },
        removeOnFail: { age: 7 * 24 * 3600 }
      }
    });
    q.on("error", warnEvery("Redis"));
    queues.set(name, q);
  }
  return q;
}
const ENQUEUE_TIMEOUT_MS = 1500;
async function enqueue(name, payload, opts = {}) {
  const def = JOBS[name];
  const data = def.payload.parse(payload);
  if (def.options) opts = { ...def.options, ...opts };
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not take job ${name} within ${ENQUEUE_TIMEOUT_MS} ms`)),
      ENQUEUE_TIMEOUT_MS
    );
  });
  try {
    return await Promise.race([queue(def.queue).add(name, data, opts), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
async function onShopInstalled({ session, admin }) {
  var _a;
  const response = await admin.graphql(SHOP_DETAILS_QUERY);
  const { data } = await response.json();
  const shop = await upsertShop(session.shop, {
    name: data == null ? void 0 : data.shop.name,
    email: data == null ? void 0 : data.shop.email,
    currency: data == null ? void 0 : data.shop.currencyCode,
    ianaTimezone: data == null ? void 0 : data.shop.ianaTimezone,
    countryCode: ((_a = data == null ? void 0 : data.shop.shopAddress) == null ? void 0 : _a.countryCodeV2) ?? null
  });
  await enqueue("backfill.start", { shopId: shop.id, reason: "install" });
  return shop;
}
const TTL_MS$1 = 1e4;
const MAX_ENTRIES = 1e4;
class CachedSessionStorage {
  constructor(inner, ttlMs = TTL_MS$1) {
    __publicField(this, "cache", /* @__PURE__ */ new Map());
    this.inner = inner;
    this.ttlMs = ttlMs;
  }
  async loadSession(id2) {
    const hit = this.cache.get(id2);
    if (hit && hit.until > Date.now()) return hit.session && new Session(hit.session.toObject());
    const session = await this.inner.loadSession(id2);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(id2, { session: session && new Session(session.toObject()), until: Date.now() + this.ttlMs });
    return session;
  }
  async storeSession(session) {
    this.cache.delete(session.id);
    return this.inner.storeSession(session);
  }
  async deleteSession(id2) {
    this.cache.delete(id2);
    return this.inner.deleteSession(id2);
  }
  async deleteSessions(ids) {
    for (const id2 of ids) this.cache.delete(id2);
    return this.inner.deleteSessions(ids);
  }
  async findSessionsByShop(shop) {
    return this.inner.findSessionsByShop(shop);
  }
}
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
function parseKeys(value) {
  if (!(value == null ? void 0 : value.trim())) {
    throw new ConfigError(
      "ENCRYPTION_KEYS is not set: give at least one key as keyId:base64(32 random bytes), e.g. from `openssl rand -base64 32`"
    );
  }
  const keys2 = value.split(",").map((entry2, i) => {
    const [id2, b64, ...rest] = entry2.trim().split(":");
    if (!id2 || !b64 || rest.length || !KEY_ID.test(id2)) {
      throw new ConfigError(
        `ENCRYPTION_KEYS entry ${i + 1} must look like keyId:base64 (key id letters, digits, _ or -)`
      );
    }
    const key2 = Buffer.from(b64, "base64");
    if (key2.length !== 32)
      throw new ConfigError(`ENCRYPTION_KEYS key "${id2}" must be 32 bytes of base64 (it is ${key2.length})`);
    return { id: id2, key: key2 };
  });
  const ids = new Set(keys2.map((k) => k.id));
  if (ids.size !== keys2.length) throw new ConfigError("ENCRYPTION_KEYS lists the same key id twice");
  return keys2;
}
let cached$1;
function keys() {
  const source = getEnv().ENCRYPTION_KEYS;
  if (!cached$1 || cached$1.source !== source) cached$1 = { source, keys: parseKeys(source) };
  return cached$1.keys;
}
function encryptSecret(plaintext, keyList = keys()) {
  const { id: id2, key: key2 } = keyList[0];
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key2, iv);
  cipher.setAAD(Buffer.from(id2));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: id2, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
}
class DecryptionError extends Error {
  constructor() {
    super(...arguments);
    __publicField(this, "name", "DecryptionError");
  }
}
function decryptSecret(sealed, keyList = keys()) {
  const entry2 = keyList.find((k) => k.id === sealed.keyId);
  if (!entry2) {
    throw new DecryptionError(
      `no key "${sealed.keyId}" in ENCRYPTION_KEYS: keep old keys listed until every secret is re-encrypted`
    );
  }
  const raw = Buffer.from(sealed.ciphertext, "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new DecryptionError("stored secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", entry2.key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(entry2.id));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError(
      `stored secret does not decrypt with key "${entry2.id}" (wrong key material or tampered value)`
    );
  }
}
const PREFIX = "enc:v1:";
function isSealedToken(value) {
  return value.startsWith(PREFIX);
}
function sealToken(token, keys2) {
  const sealed = encryptSecret(token, keys2);
  return `${PREFIX}${sealed.keyId}:${sealed.ciphertext}`;
}
function openToken(stored, keys2) {
  if (!isSealedToken(stored)) return stored;
  const rest = stored.slice(PREFIX.length);
  const colon = rest.indexOf(":");
  return decryptSecret({ keyId: rest.slice(0, colon), ciphertext: rest.slice(colon + 1) }, keys2);
}
function transform(session, fn) {
  const copy = new Session(session.toObject());
  if (copy.accessToken) copy.accessToken = fn(copy.accessToken);
  if (copy.refreshToken) copy.refreshToken = fn(copy.refreshToken);
  return copy;
}
class EncryptedSessionStorage {
  constructor(inner) {
    this.inner = inner;
  }
  async storeSession(session) {
    return this.inner.storeSession(transform(session, (t) => isSealedToken(t) ? t : sealToken(t)));
  }
  async loadSession(id2) {
    const session = await this.inner.loadSession(id2);
    return session && transform(session, (t) => openToken(t));
  }
  async deleteSession(id2) {
    return this.inner.deleteSession(id2);
  }
  async deleteSessions(ids) {
    return this.inner.deleteSessions(ids);
  }
  async findSessionsByShop(shop) {
    return (await this.inner.findSessionsByShop(shop)).map((s) => transform(s, (t) => openToken(t)));
  }
}
const SHOPIFY_API_VERSION$1 = "2026-10";
const SHOPIFY_API_VERSION = ApiVersion.October26;
if (SHOPIFY_API_VERSION !== SHOPIFY_API_VERSION$1) throw new Error("app/shopify/api-version.ts and shopify.server.ts disagree");
const env = getEnv();
const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: SHOPIFY_API_VERSION,
  scopes: env.SCOPES.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // Access and refresh tokens are sealed at rest (app/shopify/session-storage.server.ts); the cache holds opened ones.
  sessionStorage: new CachedSessionStorage(new EncryptedSessionStorage(new PrismaSessionStorage(prisma()))),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await onShopInstalled({ session, admin });
    }
  },
  // The library's lines go through our logger, so they are redacted like ours: at debug it prints request details,
  // session tokens (JWTs) among them. Its info level (a line per authenticated request) is only shown at debug.
  logger: {
    level: env.LOG_LEVEL === "debug" ? LogSeverity.Debug : LogSeverity.Warning,
    log: (severity, message) => {
      if (severity === LogSeverity.Error) logger.error(message);
      else if (severity === LogSeverity.Warning) logger.warn(message);
      else logger.debug(message);
    }
  }
});
const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
const authenticate = shopify.authenticate;
shopify.unauthenticated;
const login = shopify.login;
shopify.registerWebhooks;
shopify.sessionStorage;
const shopify_server = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  SHOPIFY_API_VERSION,
  addDocumentResponseHeaders,
  authenticate,
  login
}, Symbol.toStringTag, { value: "Module" }));
if (envOrExit("web").NODE_ENV !== "test") void startOrExit("web", { services: true });
const streamTimeout = 5e3;
async function handleRequest(request2, responseStatusCode, responseHeaders, remixContext) {
  addDocumentResponseHeaders(request2, responseHeaders);
  const userAgent = request2.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve2, reject) => {
    const { pipe, abort } = renderToPipeableStream(/* @__PURE__ */ jsx(RemixServer, { context: remixContext, url: request2.url }), {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve2(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        logger.error(error instanceof Error ? error : { error }, "rendering a page failed");
      }
    });
    setTimeout(abort, streamTimeout + 1e3);
  });
}
const entryServer = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  default: handleRequest,
  streamTimeout
}, Symbol.toStringTag, { value: "Module" }));
function App$1() {
  return /* @__PURE__ */ jsxs("html", { lang: "en", children: [
    /* @__PURE__ */ jsxs("head", { children: [
      /* @__PURE__ */ jsx("meta", { charSet: "utf-8" }),
      /* @__PURE__ */ jsx("meta", { name: "viewport", content: "width=device-width,initial-scale=1" }),
      /* @__PURE__ */ jsx("link", { rel: "preconnect", href: "https://cdn.shopify.com/" }),
      /* @__PURE__ */ jsx(
        "link",
        {
          rel: "icon",
          href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='15' fill='%2325D366'/%3E%3C/svg%3E"
        }
      ),
      /* @__PURE__ */ jsx(Meta, {}),
      /* @__PURE__ */ jsx(Links, {})
    ] }),
    /* @__PURE__ */ jsxs("body", { children: [
      /* @__PURE__ */ jsx(Outlet, {}),
      /* @__PURE__ */ jsx(ScrollRestoration, {}),
      /* @__PURE__ */ jsx(Scripts, {})
    ] })
  ] });
}
const route0 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  default: App$1
}, Symbol.toStringTag, { value: "Module" }));
const MOBILE_TYPES = /* @__PURE__ */ new Set(["MOBILE", "FIXED_LINE_OR_MOBILE", void 0]);
function normalizePhone(raw, defaultCountry) {
  const trimmed = (raw == null ? void 0 : raw.trim()) ?? "";
  if (trimmed === "") return { e164: null, valid: null, reason: "missing" };
  const country = defaultCountry == null ? void 0 : defaultCountry.trim().toUpperCase();
  const supported = country && isSupportedCountry(country) ? country : void 0;
  let parsed = parse(trimmed, supported);
  if (!(parsed == null ? void 0 : parsed.isValid()) && /^00[1-9]/.test(trimmed)) {
    const international = parse(`+${trimmed.slice(2)}`, void 0);
    if ((international == null ? void 0 : international.isValid()) || !parsed) parsed = international;
  }
  if (!parsed) return { e164: null, valid: false, reason: "unparseable" };
  if (!parsed.isValid()) return { e164: null, valid: false, reason: "invalid_number" };
  const e164 = parsed.number;
  if (!MOBILE_TYPES.has(parsed.getType())) return { e164, valid: false, reason: "not_mobile" };
  return { e164, valid: true, reason: null };
}
function parse(input, defaultCountry) {
  try {
    return parsePhoneNumberFromString(input, defaultCountry ? { defaultCountry } : void 0);
  } catch {
    return void 0;
  }
}
const CUSTOMER_OPT_IN_SOURCES = [
  "whatsapp_confirm",
  "whatsapp_keyword",
  "whatsapp_preferences"
];
const E164$1 = /^\+[1-9]\d{6,14}$/;
async function linkedCustomer(c, shopId2, phone, given) {
  var _a;
  if (given !== null && given !== void 0 && given !== "") return String(given);
  const { rows } = await c.query(
    `SELECT id::text FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1`,
    [shopId2, phone]
  );
  return ((_a = rows[0]) == null ? void 0 : _a.id) ?? null;
}
async function recordConsentChange(change, client2) {
  if (change.phoneE164 !== null && !E164$1.test(change.phoneE164))
    throw new Error(`not an E.164 phone number: ${change.phoneE164}`);
  const key2 = change.phoneE164 !== null ? "phone_e164" : "bsuid";
  const keyValue = change.phoneE164 ?? change.bsuid ?? null;
  if (!keyValue) throw new Error("a consent change names a contact by phone or by BSUID");
  const at = change.at ?? /* @__PURE__ */ new Date();
  const run = async (c) => {
    const customerId = change.phoneE164 ? await linkedCustomer(c, change.shopId, change.phoneE164, change.customerId) : null;
    await c.query(
      `INSERT INTO contacts (shop_id, phone_e164, bsuid, customer_id) VALUES ($1, $2, CASE WHEN $2::text IS NULL THEN $3 END, $4)
       ON CONFLICT DO NOTHING`,
      [change.shopId, change.phoneE164, change.bsuid ?? null, customerId]
    );
    const { rows } = await c.query(
      `SELECT consent_state, consent_at, customer_id::text FROM contacts WHERE shop_id = $1 AND ${key2} = $2 FOR UPDATE`,
      [change.shopId, keyValue]
    );
    const current = rows[0];
    const linked = current.customer_id ?? customerId;
    if (current.consent_at) {
      const atS = Math.floor(at.getTime() / 1e3);
      const currentS = Math.floor(current.consent_at.getTime() / 1e3);
      const tieLostByOptIn = atS === currentS && change.to === "opted_in" && current.consent_state === "opted_out";
      if (atS < currentS || tieLostByOptIn) return { changed: false, state: current.consent_state, why: "stale" };
    }
    if (current.consent_state === change.to) return { changed: false, state: current.consent_state, why: "unchanged" };
    if (change.to === "opted_in" && current.consent_state === "opted_out" && !CUSTOMER_OPT_IN_SOURCES.includes(change.source) && !(change.source === "shopify_whatsapp" && change.fromCustomer === true)) {
      return { changed: false, state: current.consent_state, why: "opt_out_wins" };
    }
    await c.query(
      `UPDATE contacts SET consent_state = $3, consent_source = $4, consent_at = $5,
              opted_out_at = CASE WHEN $3 = 'opted_out' THEN $5 ELSE opted_out_at END,
              customer_id = coalesce(customer_id, $6::bigint), updated_at = now()
       WHERE shop_id = $1 AND ${key2} = $2`,
      [change.shopId, keyValue, change.to, change.source, at, linked]
    );
    const event = await c.query(
      `INSERT INTO consent_events (shop_id, phone_e164, bsuid, customer_id, source, previous_state, new_state, detail, context, at)
       VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING id::text`,
      [
        change.shopId,
        change.phoneE164,
        linked,
        change.source,
        current.consent_state,
        change.to,
        change.detail ?? null,
        JSON.stringify(change.context ?? {}),
        at,
        change.bsuid ?? null
      ]
    );
    return {
      changed: true,
      eventId: event.rows[0].id,
      previousState: current.consent_state,
      newState: change.to,
      customerId: linked
    };
  };
  return client2 ? run(client2) : withTransaction(run);
}
async function applyConsentChange(change, opts = {}) {
  const outcome = await recordConsentChange(change);
  if (!outcome.changed) return outcome;
  const jobs = [];
  if (outcome.customerId && change.phoneE164 && change.source !== "shopify_whatsapp") {
    jobs.push(
      enqueue(
        "consent.shopify-writeback",
        { shopId: change.shopId, customerId: outcome.customerId, phoneE164: change.phoneE164 },
        { jobId: `writeback-${change.shopId}-${outcome.eventId}` }
      )
    );
  }
  if (opts.reply && change.phoneE164) {
    jobs.push(
      enqueue(
        "whatsapp.consent-reply",
        {
          shopId: change.shopId,
          phoneE164: change.phoneE164,
          kind: outcome.newState === "opted_out" ? "opt_out" : "opt_in",
          eventId: outcome.eventId
        },
        { jobId: `consent-reply-${outcome.eventId}` }
      )
    );
  }
  const results = await Promise.allSettled(jobs);
  for (const r of results)
    if (r.status === "rejected") logger.warn(`consent follow-up not queued: ${errorMessage$1(r.reason)}`);
  return outcome;
}
async function markContactDelivery(c, args) {
  if (!E164$1.test(args.phoneE164)) return;
  if (args.effect === "reachable") {
    await c.query(
      `UPDATE contacts SET unreachable_at = NULL, updated_at = now() WHERE shop_id = $1 AND phone_e164 = $2 AND unreachable_at IS NOT NULL`,
      [args.shopId, args.phoneE164]
    );
    return;
  }
  const column = args.effect === "unreachable" ? "unreachable_at" : "cool_down_until";
  const value = args.effect === "unreachable" ? args.at : args.coolDownUntil;
  await c.query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, ${column})
     VALUES ($1, $2, (SELECT id FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1), $3)
     ON CONFLICT (shop_id, phone_e164) DO UPDATE SET ${column} = greatest(contacts.${column}, excluded.${column}), updated_at = now()`,
    [args.shopId, args.phoneE164, value]
  );
}
const CONFIRMATION_TTL_SECONDS = 30 * 60;
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE = /\b([A-HJKMNP-Z2-9]{8})\b/g;
let redis$1 = null;
function store() {
  redis$1 ?? (redis$1 = createRedis());
  return redis$1;
}
function key(shopId2, code) {
  return `${getEnv().QUEUE_PREFIX}:consent-confirm:${shopId2}:${code}`;
}
class NotConnectedForConfirmation extends Error {
  constructor() {
    super(...arguments);
    __publicField(this, "name", "NotConnectedForConfirmation");
  }
}
async function issueConfirmation(p) {
  var _a;
  const { rows } = await pool().query(
    `SELECT display_phone_number FROM whatsapp_accounts WHERE shop_id = $1`,
    [p.shopId]
  );
  const digits = (((_a = rows[0]) == null ? void 0 : _a.display_phone_number) ?? "").replace(/\D/g, "");
  if (!digits) throw new NotConnectedForConfirmation("the shop has no connected WhatsApp number");
  const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const pending = { ...p, issuedAt: (/* @__PURE__ */ new Date()).toISOString() };
  await store().set(key(p.shopId, code), JSON.stringify(pending), "EX", CONFIRMATION_TTL_SECONDS);
  const text2 = `Confirm my WhatsApp sign-up: ${code}`;
  return {
    code,
    text: text2,
    link: `https://wa.me/${digits}?text=${encodeURIComponent(text2)}`,
    expiresInSeconds: CONFIRMATION_TTL_SECONDS
  };
}
async function confirmFromInbound(args) {
  if (!args.text) return false;
  for (const [, code] of args.text.toUpperCase().matchAll(CODE)) {
    const k = key(args.shopId, code);
    const raw = await store().get(k);
    if (!raw) continue;
    const pending = JSON.parse(raw);
    if (pending.phoneE164 !== args.phoneE164) continue;
    await store().del(k);
    await applyConsentChange(
      {
        shopId: args.shopId,
        phoneE164: pending.phoneE164,
        customerId: pending.customerId,
        to: "opted_in",
        source: "whatsapp_confirm",
        detail: pending.wording,
        context: {
          proof: "whatsapp_message",
          wamid: args.wamid,
          page: pending.page,
          typed: pending.typed,
          reason: pending.reason,
          issued_at: pending.issuedAt
        },
        at: args.at
      },
      { reply: true }
    );
    return true;
  }
  return false;
}
const DEFAULT_STOP_KEYWORDS = [
  "stop",
  "stop all",
  "stopall",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  "opt out",
  "optout",
  "stop promotions",
  "baja",
  "darme de baja",
  "parar",
  "alto",
  "detener",
  "cancelar",
  "sair",
  "pare",
  "descadastrar",
  "arret",
  "arreter",
  "desabonner",
  "desinscrire",
  "stopp",
  "abmelden",
  "abbestellen",
  "basta",
  "annulla",
  "disiscrivimi",
  "afmelden",
  "stoppen",
  "dur",
  "iptal",
  "توقف",
  "الغاء",
  "रोकें",
  "बंद करें"
];
const DEFAULT_START_KEYWORDS = [
  "start",
  "unstop",
  "resume",
  "subscribe",
  "alta",
  "reanudar",
  "iniciar",
  "voltar",
  "reprendre",
  "anmelden",
  "riprendi",
  "aanmelden"
];
const DEFAULT_OPT_OUT_REPLY = "You will no longer receive promotions from us on WhatsApp. Reply START to subscribe again.";
const DEFAULT_OPT_IN_REPLY = "You are subscribed to our WhatsApp promotions again. Reply STOP to unsubscribe at any time.";
function normalizeKeyword(text2) {
  return text2.normalize("NFKD").replace(new RegExp("\\p{Mn}", "gu"), "").toLowerCase().replace(/\s+/g, " ").replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, "").trim();
}
const keywordList = z.preprocess(
  (v) => typeof v === "string" ? v.split(/[,\n]/) : v,
  z.array(z.string()).transform((words) => [...new Set(words.map(normalizeKeyword).filter(Boolean))])
).pipe(
  z.array(z.string().max(40, { error: "Keywords are at most 40 characters" })).max(100, { error: "At most 100 keywords" })
);
const reply = (fallback) => z.string().trim().max(1e3, { error: "Keep the reply under 1,000 characters" }).default(fallback).transform((s) => s || fallback);
const checkbox = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());
const checkboxOn = z.preprocess(
  (v) => v === void 0 ? true : v === true || v === "true" || v === "on" || v === "1",
  z.boolean()
);
const consentSettingsSchema = z.object({
  /** count Shopify's SMS marketing consent ("subscribed") as WhatsApp marketing consent — an opt-in source the
   * merchant may choose; off by default (SMS consent is not WhatsApp consent) */
  countShopifySmsConsent: checkbox.default(false),
  /** count Shopify's own WhatsApp marketing consent (checkout, customer accounts) as an opt-in: source
   * shopify_whatsapp, on by default. Its opt-outs always apply, whatever this says. */
  countShopifyWhatsAppConsent: checkboxOn.default(true),
  /** customers with this tag count as opted in ("" = no tag source) */
  optInTag: z.string().trim().max(40, { error: "Tags are at most 40 characters" }).regex(/^[^,]*$/, { error: "A tag cannot contain a comma" }).default("whatsapp-opt-in"),
  /** write our WhatsApp opt-outs and opt-ins to the customer's Shopify WhatsApp marketing consent
   * (customerWhatsAppMarketingConsentUpdate; never SMS consent). On by default. */
  writeBackOptOuts: checkboxOn.default(true),
  stopKeywords: keywordList.default(() => DEFAULT_STOP_KEYWORDS.map(normalizeKeyword)),
  startKeywords: keywordList.default(() => DEFAULT_START_KEYWORDS.map(normalizeKeyword)),
  /** reply to an opt-out / opt-in while the customer's 24-hour service window is open */
  sendConfirmations: checkbox.default(true),
  /** storefront sign-ups count only once the customer sends the widget's one-time code from their WhatsApp */
  confirmOnWhatsApp: checkbox.default(false),
  optOutReply: reply(DEFAULT_OPT_OUT_REPLY),
  optInReply: reply(DEFAULT_OPT_IN_REPLY)
});
const DEFAULT_CONSENT_SETTINGS = consentSettingsSchema.parse({});
function keywordIntent(text2, settings) {
  const normalized = normalizeKeyword(text2);
  if (!normalized) return null;
  if (settings.stopKeywords.includes(normalized)) return "opt_out";
  if (settings.startKeywords.includes(normalized)) return "opt_in";
  return null;
}
async function loadConsentSettings(shopId2, db = pool()) {
  var _a;
  const { rows } = await db.query(
    `SELECT settings->'consent' AS consent FROM shops WHERE id = $1`,
    [shopId2]
  );
  const stored = (_a = rows[0]) == null ? void 0 : _a.consent;
  if (!stored || typeof stored !== "object") return DEFAULT_CONSENT_SETTINGS;
  const parsed = consentSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : { ...DEFAULT_CONSENT_SETTINGS, ...pickValid(stored) };
}
function pickValid(stored) {
  const out = {};
  for (const [key2, field] of Object.entries(consentSettingsSchema.shape)) {
    const r = field.safeParse(stored[key2]);
    if (r.success && stored[key2] !== void 0) out[key2] = r.data;
  }
  return out;
}
async function saveConsentSettings(shopId2, settings) {
  const before = await loadConsentSettings(shopId2);
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{consent}', $2::jsonb), updated_at = now() WHERE id = $1`,
    [shopId2, JSON.stringify(settings)]
  );
  return {
    rulesChanged: before.optInTag !== settings.optInTag || before.countShopifySmsConsent !== settings.countShopifySmsConsent || before.countShopifyWhatsAppConsent !== settings.countShopifyWhatsAppConsent
  };
}
class OptInInputError extends Error {
  constructor() {
    super(...arguments);
    __publicField(this, "name", "OptInInputError");
  }
}
const schema = z.object({
  phone: z.string({ error: "Enter your WhatsApp number." }).trim().min(1, { error: "Enter your WhatsApp number." }).max(40, { error: "That phone number is too long." }),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, { error: "Unknown country." }).optional().or(z.literal("").transform(() => void 0)),
  consent: z.union([z.literal(true), z.literal("true"), z.literal("on"), z.literal("1")], {
    error: "Tick the box to agree to receive WhatsApp messages."
  }),
  wording: z.string({ error: "The consent text is missing." }).trim().min(10, { error: "The consent text is missing." }).max(2e3),
  page: z.string().trim().max(2e3).optional()
});
const PHONE_ERRORS = {
  missing: "Enter your WhatsApp number.",
  unparseable: "That does not look like a phone number. Include your country code, e.g. +44 7911 123456.",
  invalid_number: "That phone number is not valid. Include your country code, e.g. +44 7911 123456.",
  not_mobile: "That looks like a landline. Enter a mobile number that uses WhatsApp."
};
class OptInRateLimited extends Error {
  constructor() {
    super(...arguments);
    __publicField(this, "name", "OptInRateLimited");
  }
}
const OPT_IN_LIMITS = { ip: 10, phone: 5, shop: 1e3 };
let limiter = null;
async function overLimit(shopId2, ip, phone) {
  limiter ?? (limiter = createRedis());
  const hour = Math.floor(Date.now() / 36e5);
  const prefix = `${getEnv().QUEUE_PREFIX}:optin-rate:${shopId2}:${hour}`;
  const keys2 = [`${prefix}:ip:${ip ?? "none"}`, `${prefix}:phone:${phone}`, `${prefix}:shop`];
  const counts = await limiter.multi(
    keys2.flatMap((k) => [
      ["incr", k],
      ["expire", k, 3700]
    ])
  ).exec();
  const [ipN, phoneN, shopN] = [0, 2, 4].map((i) => {
    var _a;
    return Number(((_a = counts == null ? void 0 : counts[i]) == null ? void 0 : _a[1]) ?? 0);
  });
  return ip !== null && ipN > OPT_IN_LIMITS.ip || phoneN > OPT_IN_LIMITS.phone || shopN > OPT_IN_LIMITS.shop;
}
function parseOptIn(body) {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new OptInInputError(parsed.error.issues[0].message);
  return parsed.data;
}
async function recordStorefrontOptIn(args) {
  var _a;
  const input = parseOptIn(args.body);
  const customerId = args.loggedInCustomerId && /^\d{1,20}$/.test(args.loggedInCustomerId) ? args.loggedInCustomerId : null;
  const { rows } = await pool().query(
    `SELECT s.id, s.country_code, c.country_code AS customer_country, c.phone_e164 AS customer_phone
     FROM shops s LEFT JOIN customers c ON c.shop_id = s.id AND c.id = $2::bigint AND c.deleted_at IS NULL
     WHERE s.domain = $1 AND s.uninstalled_at IS NULL`,
    [args.shopDomain, customerId]
  );
  const shop = rows[0];
  if (!shop) throw new OptInInputError("This store is not accepting WhatsApp sign-ups right now.");
  const phone = normalizePhone(input.phone, input.country ?? shop.customer_country ?? shop.country_code);
  if (!phone.valid || !phone.e164)
    throw new OptInInputError(PHONE_ERRORS[phone.reason ?? "invalid_number"] ?? PHONE_ERRORS.invalid_number);
  const e164 = phone.e164;
  if (await overLimit(shop.id, args.ip || null, e164))
    throw new OptInRateLimited("Too many sign-up attempts. Please try again in an hour.");
  const current = await pool().query(
    `SELECT consent_state FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`,
    [shop.id, e164]
  );
  const state2 = ((_a = current.rows[0]) == null ? void 0 : _a.consent_state) ?? "none";
  if (state2 === "opted_in") return { state: "already_opted_in", phoneE164: e164 };
  const accountProof = customerId !== null && shop.customer_phone === e164;
  const settings = await loadConsentSettings(shop.id);
  if (state2 === "opted_out" || settings.confirmOnWhatsApp && !accountProof) {
    try {
      const confirmation = await issueConfirmation({
        shopId: shop.id,
        phoneE164: e164,
        customerId,
        wording: input.wording,
        page: input.page ?? null,
        typed: input.phone,
        reason: state2 === "opted_out" ? "lift_opt_out" : "merchant_setting"
      });
      return { state: "confirm_on_whatsapp", phoneE164: e164, ...confirmation };
    } catch (err) {
      if (err instanceof NotConnectedForConfirmation)
        throw new OptInInputError("This store is not accepting WhatsApp sign-ups right now.");
      throw err;
    }
  }
  const outcome = await applyConsentChange({
    shopId: shop.id,
    phoneE164: e164,
    customerId,
    to: "opted_in",
    source: "storefront",
    detail: input.wording,
    context: {
      page: input.page ?? null,
      logged_in_customer_id: customerId,
      typed: input.phone,
      proof: accountProof ? "shopify_account_phone" : "storefront_form"
    }
  });
  return { state: outcome.changed ? "opted_in" : "already_opted_in", phoneE164: e164 };
}
const SHOPIFY_WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;
const META_WEBHOOK_MAX_BYTES = 3 * 1024 * 1024;
const APP_PROXY_MAX_BYTES = 16 * 1024;
class BodyTooLarge extends Error {
  constructor(limit) {
    super(`request body larger than ${limit} bytes`);
    __publicField(this, "name", "BodyTooLarge");
    this.limit = limit;
  }
}
function tooLargeResponse(limit) {
  return new Response(`request body larger than ${limit} bytes`, {
    status: 413,
    headers: { "Content-Type": "text/plain", Connection: "close" }
  });
}
function declaresTooMuch(headers2, limit) {
  const declared = Number(headers2.get("content-length") ?? NaN);
  return Number.isFinite(declared) && declared > limit;
}
async function readBodyLimited(request2, limit) {
  if (declaresTooMuch(request2.headers, limit)) throw new BodyTooLarge(limit);
  if (!request2.body) return Buffer.alloc(0);
  const reader = request2.body.getReader();
  const chunks = [];
  let size = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {
      });
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
async function readBody(request2) {
  const type = request2.headers.get("content-type") ?? "";
  let bytes;
  try {
    bytes = await readBodyLimited(request2, APP_PROXY_MAX_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) throw new OptInInputError("The form is too large.");
    throw err;
  }
  if (type.includes("application/json")) {
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new OptInInputError("Something went wrong sending the form. Please try again.");
    }
  }
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const copy = new Request(request2.url, { method: "POST", headers: request2.headers, body: new Uint8Array(bytes) });
    return Object.fromEntries(await copy.formData());
  }
  throw new OptInInputError("Something went wrong sending the form. Please try again.");
}
const TRUSTED_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];
const action$l = async ({ request: request2 }) => {
  var _a, _b;
  const query = new URL(request2.url).searchParams;
  const repeated = TRUSTED_PARAMS.find((name) => query.getAll(name).length > 1);
  if (repeated)
    return Response.json(
      { error: "This request could not be verified. Reload the page and try again." },
      { status: 400, headers: { "X-Refused": `repeated ${repeated}` } }
    );
  const { authenticate: authenticate2 } = await Promise.resolve().then(() => shopify_server);
  try {
    await authenticate2.public.appProxy(request2);
  } catch (err) {
    if (err instanceof Response)
      return Response.json(
        { error: "This request could not be verified. Reload the page and try again." },
        { status: 401 }
      );
    throw err;
  }
  const url = new URL(request2.url);
  const shop = url.searchParams.get("shop") ?? "";
  const customer = url.searchParams.get("logged_in_customer_id") || null;
  try {
    const body = await readBody(request2);
    const ip = ((_b = (_a = request2.headers.get("x-forwarded-for")) == null ? void 0 : _a.split(",")[0]) == null ? void 0 : _b.trim()) || null;
    const result = await recordStorefrontOptIn({ shopDomain: shop, loggedInCustomerId: customer, body, ip });
    if (result.state === "confirm_on_whatsapp")
      return Response.json({
        ok: true,
        state: result.state,
        link: result.link,
        text: result.text,
        message: "One more step: send us the code on WhatsApp to confirm it's your number."
      });
    return Response.json({
      ok: true,
      state: result.state,
      message: result.state === "opted_in" ? "You're subscribed to WhatsApp updates." : "You're already subscribed to WhatsApp updates."
    });
  } catch (err) {
    if (err instanceof OptInInputError) return Response.json({ error: err.message }, { status: 400 });
    if (err instanceof OptInRateLimited) return Response.json({ error: err.message }, { status: 429 });
    throw err;
  }
};
const loader$C = (_args) => Response.json({ error: "POST the opt-in form" }, { status: 405 });
const route1 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$l,
  loader: loader$C
}, Symbol.toStringTag, { value: "Module" }));
const Polaris = /* @__PURE__ */ JSON.parse('{"ActionMenu":{"Actions":{"moreActions":"More actions"},"RollupActions":{"rollupButton":"View actions"}},"ActionList":{"SearchField":{"clearButtonLabel":"Clear","search":"Search","placeholder":"Search actions"}},"Avatar":{"label":"Avatar","labelWithInitials":"Avatar with initials {initials}"},"Autocomplete":{"spinnerAccessibilityLabel":"Loading","ellipsis":"{content}…"},"Badge":{"PROGRESS_LABELS":{"incomplete":"Incomplete","partiallyComplete":"Partially complete","complete":"Complete"},"TONE_LABELS":{"info":"Info","success":"Success","warning":"Warning","critical":"Critical","attention":"Attention","new":"New","readOnly":"Read-only","enabled":"Enabled"},"progressAndTone":"{toneLabel} {progressLabel}"},"Banner":{"dismissButton":"Dismiss notification"},"Button":{"spinnerAccessibilityLabel":"Loading"},"Common":{"checkbox":"checkbox","undo":"Undo","cancel":"Cancel","clear":"Clear","close":"Close","submit":"Submit","more":"More"},"ContextualSaveBar":{"save":"Save","discard":"Discard"},"DataTable":{"sortAccessibilityLabel":"sort {direction} by","navAccessibilityLabel":"Scroll table {direction} one column","totalsRowHeading":"Totals","totalRowHeading":"Total"},"DatePicker":{"previousMonth":"Show previous month, {previousMonthName} {showPreviousYear}","nextMonth":"Show next month, {nextMonth} {nextYear}","today":"Today ","start":"Start of range","end":"End of range","months":{"january":"January","february":"February","march":"March","april":"April","may":"May","june":"June","july":"July","august":"August","september":"September","october":"October","november":"November","december":"December"},"days":{"monday":"Monday","tuesday":"Tuesday","wednesday":"Wednesday","thursday":"Thursday","friday":"Friday","saturday":"Saturday","sunday":"Sunday"},"daysAbbreviated":{"monday":"Mo","tuesday":"Tu","wednesday":"We","thursday":"Th","friday":"Fr","saturday":"Sa","sunday":"Su"}},"DiscardConfirmationModal":{"title":"Discard all unsaved changes","message":"If you discard changes, you’ll delete any edits you made since you last saved.","primaryAction":"Discard changes","secondaryAction":"Continue editing"},"DropZone":{"single":{"overlayTextFile":"Drop file to upload","overlayTextImage":"Drop image to upload","overlayTextVideo":"Drop video to upload","actionTitleFile":"Add file","actionTitleImage":"Add image","actionTitleVideo":"Add video","actionHintFile":"or drop file to upload","actionHintImage":"or drop image to upload","actionHintVideo":"or drop video to upload","labelFile":"Upload file","labelImage":"Upload image","labelVideo":"Upload video"},"allowMultiple":{"overlayTextFile":"Drop files to upload","overlayTextImage":"Drop images to upload","overlayTextVideo":"Drop videos to upload","actionTitleFile":"Add files","actionTitleImage":"Add images","actionTitleVideo":"Add videos","actionHintFile":"or drop files to upload","actionHintImage":"or drop images to upload","actionHintVideo":"or drop videos to upload","labelFile":"Upload files","labelImage":"Upload images","labelVideo":"Upload videos"},"errorOverlayTextFile":"File type is not valid","errorOverlayTextImage":"Image type is not valid","errorOverlayTextVideo":"Video type is not valid"},"EmptySearchResult":{"altText":"Empty search results"},"Frame":{"skipToContent":"Skip to content","navigationLabel":"Navigation","Navigation":{"closeMobileNavigationLabel":"Close navigation"}},"FullscreenBar":{"back":"Back","accessibilityLabel":"Exit fullscreen mode"},"Filters":{"moreFilters":"More filters","moreFiltersWithCount":"More filters ({count})","filter":"Filter {resourceName}","noFiltersApplied":"No filters applied","cancel":"Cancel","done":"Done","clearAllFilters":"Clear all filters","clear":"Clear","clearLabel":"Clear {filterName}","addFilter":"Add filter","clearFilters":"Clear all","searchInView":"in:{viewName}"},"FilterPill":{"clear":"Clear","unsavedChanges":"Unsaved changes - {label}"},"IndexFilters":{"searchFilterTooltip":"Search and filter","searchFilterTooltipWithShortcut":"Search and filter (F)","searchFilterAccessibilityLabel":"Search and filter results","sort":"Sort your results","addView":"Add a new view","newView":"Custom search","SortButton":{"ariaLabel":"Sort the results","tooltip":"Sort","title":"Sort by","sorting":{"asc":"Ascending","desc":"Descending","az":"A-Z","za":"Z-A"}},"EditColumnsButton":{"tooltip":"Edit columns","accessibilityLabel":"Customize table column order and visibility"},"UpdateButtons":{"cancel":"Cancel","update":"Update","save":"Save","saveAs":"Save as","modal":{"title":"Save view as","label":"Name","sameName":"A view with this name already exists. Please choose a different name.","save":"Save","cancel":"Cancel"}}},"IndexProvider":{"defaultItemSingular":"Item","defaultItemPlural":"Items","allItemsSelected":"All {itemsLength}+ {resourceNamePlural} are selected","selected":"{selectedItemsCount} selected","a11yCheckboxDeselectAllSingle":"Deselect {resourceNameSingular}","a11yCheckboxSelectAllSingle":"Select {resourceNameSingular}","a11yCheckboxDeselectAllMultiple":"Deselect all {itemsLength} {resourceNamePlural}","a11yCheckboxSelectAllMultiple":"Select all {itemsLength} {resourceNamePlural}"},"IndexTable":{"emptySearchTitle":"No {resourceNamePlural} found","emptySearchDescription":"Try changing the filters or search term","onboardingBadgeText":"New","resourceLoadingAccessibilityLabel":"Loading {resourceNamePlural}…","selectAllLabel":"Select all {resourceNamePlural}","selected":"{selectedItemsCount} selected","undo":"Undo","selectAllItems":"Select all {itemsLength}+ {resourceNamePlural}","selectItem":"Select {resourceName}","selectButtonText":"Select","sortAccessibilityLabel":"sort {direction} by"},"Loading":{"label":"Page loading bar"},"Modal":{"iFrameTitle":"body markup","modalWarning":"These required properties are missing from Modal: {missingProps}"},"Page":{"Header":{"rollupActionsLabel":"View actions for {title}","pageReadyAccessibilityLabel":"{title}. This page is ready"}},"Pagination":{"previous":"Previous","next":"Next","pagination":"Pagination"},"ProgressBar":{"negativeWarningMessage":"Values passed to the progress prop shouldn’t be negative. Resetting {progress} to 0.","exceedWarningMessage":"Values passed to the progress prop shouldn’t exceed 100. Setting {progress} to 100."},"ResourceList":{"sortingLabel":"Sort by","defaultItemSingular":"item","defaultItemPlural":"items","showing":"Showing {itemsCount} {resource}","showingTotalCount":"Showing {itemsCount} of {totalItemsCount} {resource}","loading":"Loading {resource}","selected":"{selectedItemsCount} selected","allItemsSelected":"All {itemsLength}+ {resourceNamePlural} in your store are selected","allFilteredItemsSelected":"All {itemsLength}+ {resourceNamePlural} in this filter are selected","selectAllItems":"Select all {itemsLength}+ {resourceNamePlural} in your store","selectAllFilteredItems":"Select all {itemsLength}+ {resourceNamePlural} in this filter","emptySearchResultTitle":"No {resourceNamePlural} found","emptySearchResultDescription":"Try changing the filters or search term","selectButtonText":"Select","a11yCheckboxDeselectAllSingle":"Deselect {resourceNameSingular}","a11yCheckboxSelectAllSingle":"Select {resourceNameSingular}","a11yCheckboxDeselectAllMultiple":"Deselect all {itemsLength} {resourceNamePlural}","a11yCheckboxSelectAllMultiple":"Select all {itemsLength} {resourceNamePlural}","Item":{"actionsDropdownLabel":"Actions for {accessibilityLabel}","actionsDropdown":"Actions dropdown","viewItem":"View details for {itemName}"},"BulkActions":{"actionsActivatorLabel":"Actions","moreActionsActivatorLabel":"More actions"}},"SkeletonPage":{"loadingLabel":"Page loading"},"Tabs":{"newViewAccessibilityLabel":"Create new view","newViewTooltip":"Create view","toggleTabsLabel":"More views","Tab":{"rename":"Rename view","duplicate":"Duplicate view","edit":"Edit view","editColumns":"Edit columns","delete":"Delete view","copy":"Copy of {name}","deleteModal":{"title":"Delete view?","description":"This can’t be undone. {viewName} view will no longer be available in your admin.","cancel":"Cancel","delete":"Delete view"}},"RenameModal":{"title":"Rename view","label":"Name","cancel":"Cancel","create":"Save","errors":{"sameName":"A view with this name already exists. Please choose a different name."}},"DuplicateModal":{"title":"Duplicate view","label":"Name","cancel":"Cancel","create":"Create view","errors":{"sameName":"A view with this name already exists. Please choose a different name."}},"CreateViewModal":{"title":"Create new view","label":"Name","cancel":"Cancel","create":"Create view","errors":{"sameName":"A view with this name already exists. Please choose a different name."}}},"Tag":{"ariaLabel":"Remove {children}"},"TextField":{"characterCount":"{count} characters","characterCountWithMaxLength":"{count} of {limit} characters used"},"TooltipOverlay":{"accessibilityLabel":"Tooltip: {label}"},"TopBar":{"toggleMenuLabel":"Toggle menu","SearchField":{"clearButtonLabel":"Clear","search":"Search"}},"MediaCard":{"dismissButton":"Dismiss","popoverButton":"Actions"},"VideoThumbnail":{"playButtonA11yLabel":{"default":"Play video","defaultWithDuration":"Play video of length {duration}","duration":{"hours":{"other":{"only":"{hourCount} hours","andMinutes":"{hourCount} hours and {minuteCount} minutes","andMinute":"{hourCount} hours and {minuteCount} minute","minutesAndSeconds":"{hourCount} hours, {minuteCount} minutes, and {secondCount} seconds","minutesAndSecond":"{hourCount} hours, {minuteCount} minutes, and {secondCount} second","minuteAndSeconds":"{hourCount} hours, {minuteCount} minute, and {secondCount} seconds","minuteAndSecond":"{hourCount} hours, {minuteCount} minute, and {secondCount} second","andSeconds":"{hourCount} hours and {secondCount} seconds","andSecond":"{hourCount} hours and {secondCount} second"},"one":{"only":"{hourCount} hour","andMinutes":"{hourCount} hour and {minuteCount} minutes","andMinute":"{hourCount} hour and {minuteCount} minute","minutesAndSeconds":"{hourCount} hour, {minuteCount} minutes, and {secondCount} seconds","minutesAndSecond":"{hourCount} hour, {minuteCount} minutes, and {secondCount} second","minuteAndSeconds":"{hourCount} hour, {minuteCount} minute, and {secondCount} seconds","minuteAndSecond":"{hourCount} hour, {minuteCount} minute, and {secondCount} second","andSeconds":"{hourCount} hour and {secondCount} seconds","andSecond":"{hourCount} hour and {secondCount} second"}},"minutes":{"other":{"only":"{minuteCount} minutes","andSeconds":"{minuteCount} minutes and {secondCount} seconds","andSecond":"{minuteCount} minutes and {secondCount} second"},"one":{"only":"{minuteCount} minute","andSeconds":"{minuteCount} minute and {secondCount} seconds","andSecond":"{minuteCount} minute and {secondCount} second"}},"seconds":{"other":"{secondCount} seconds","one":"{secondCount} second"}}}}}');
const polarisTranslations = {
  Polaris
};
const polarisStyles = "/assets/styles-x1cbIzLV.css";
const links$6 = () => [{ rel: "stylesheet", href: polarisStyles }];
function errorMessage(errors) {
  if ((errors == null ? void 0 : errors.shop) === LoginErrorType.MissingShop) return "Please enter your shop domain to log in";
  if ((errors == null ? void 0 : errors.shop) === LoginErrorType.InvalidShop) return "Please enter a valid shop domain to log in";
  return void 0;
}
const loader$B = async ({ request: request2 }) => {
  const errors = await login(request2);
  return { error: errorMessage(errors) };
};
const action$k = async ({ request: request2 }) => {
  const errors = await login(request2);
  return { error: errorMessage(errors) };
};
function Auth() {
  const loaderData = useLoaderData();
  const actionData = useActionData();
  const [shop, setShop] = useState("");
  const error = (actionData == null ? void 0 : actionData.error) ?? loaderData.error;
  return /* @__PURE__ */ jsx(AppProvider, { i18n: polarisTranslations, children: /* @__PURE__ */ jsx(Page, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(Form, { method: "post", children: /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(Text, { variant: "headingMd", as: "h2", children: "Log in" }),
    /* @__PURE__ */ jsx(
      TextField,
      {
        type: "text",
        name: "shop",
        label: "Shop domain",
        helpText: "example.myshopify.com",
        value: shop,
        onChange: setShop,
        autoComplete: "on",
        error
      }
    ),
    /* @__PURE__ */ jsx(Button, { submit: true, children: "Log in" })
  ] }) }) }) }) });
}
const route2 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$k,
  default: Auth,
  links: links$6,
  loader: loader$B
}, Symbol.toStringTag, { value: "Module" }));
const SHOPIFY_DATA_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
  "customers_marketing_consent/update",
  "customers_whats_app_marketing_consent/update",
  "products/create",
  "products/update",
  "products/delete",
  "bulk_operations/finish",
  "app/scopes_update"
];
const SHOPIFY_LIFECYCLE_TOPICS = [
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact"
];
const SHOPIFY_TOPICS = [...SHOPIFY_DATA_TOPICS, ...SHOPIFY_LIFECYCLE_TOPICS];
function isLifecycleTopic(topic) {
  return SHOPIFY_LIFECYCLE_TOPICS.includes(topic);
}
const SHOPIFY_BATCHED_TOPICS = ["orders/create", "orders/updated", "orders/cancelled"];
function isBatchedTopic(source, topic) {
  return source === "shopify" && SHOPIFY_BATCHED_TOPICS.includes(topic);
}
async function recordDelivery(d, opts = {}) {
  const inserted = await pool().query(
    `INSERT INTO inbox_events (source, external_id, shop_id, shop_domain, topic, api_version, body, triggered_at, enqueued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::boolean THEN now() END)
     ON CONFLICT (source, external_id) DO NOTHING
     RETURNING id`,
    [
      d.source,
      d.externalId,
      d.shopId,
      d.shopDomain,
      d.topic,
      d.apiVersion ?? null,
      d.body,
      d.triggeredAt ?? null,
      opts.enqueuedNow === true
    ]
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, duplicate: false };
  const existing = await pool().query(
    `SELECT id FROM inbox_events WHERE source = $1 AND external_id = $2`,
    [d.source, d.externalId]
  );
  return { id: existing.rows[0].id, duplicate: true };
}
async function intake(d) {
  var _a;
  let recorded;
  try {
    recorded = await recordDelivery(d, { enqueuedNow: true });
  } catch (dbError) {
    try {
      const { body, ...rest } = d;
      await enqueue(
        "inbox.record",
        { ...rest, sealedBody: encryptSecret(body), triggeredAt: ((_a = d.triggeredAt) == null ? void 0 : _a.toISOString()) ?? null },
        {
          jobId: `record-${d.source}-${d.externalId}`
        }
      );
      return { status: 200, stored: "redis-only", queued: true };
    } catch {
      return {
        status: 503,
        error: `neither PostgreSQL nor Redis could take the delivery: ${dbError.message}`
      };
    }
  }
  if (recorded.duplicate) return { status: 200, stored: "duplicate", queued: false, inboxId: recorded.id };
  const batchShop = d.shopId !== null && isBatchedTopic(d.source, d.topic) ? { shopId: d.shopId } : {};
  const queued = await enqueue(
    "inbox.process",
    { inboxId: recorded.id, ...batchShop },
    { jobId: `inbox-${recorded.id}` }
  ).then(
    () => true,
    async () => {
      await pool().query(`UPDATE inbox_events SET enqueued_at = NULL WHERE id = $1`, [recorded.id]).catch(() => {
      });
      return false;
    }
  );
  return { status: 200, stored: "new", queued, inboxId: recorded.id };
}
const TTL_MS = 6e4;
const found = /* @__PURE__ */ new Map();
async function shopIdByDomain(domain) {
  var _a;
  const { rows } = await pool().query(`SELECT id FROM shops WHERE domain = $1`, [domain]);
  return ((_a = rows[0]) == null ? void 0 : _a.id) ?? null;
}
async function webhookShop(domain) {
  const hit = found.get(domain);
  if (hit && hit.until > Date.now()) return hit;
  const { rows } = await pool().query(
    `SELECT id, uninstalled_at IS NOT NULL AS uninstalled FROM shops WHERE domain = $1`,
    [domain]
  );
  const shop = rows[0];
  if (!shop) {
    found.delete(domain);
    return null;
  }
  if (found.size >= 1e4) found.clear();
  found.set(domain, { ...shop, until: Date.now() + TTL_MS });
  return shop;
}
const action$j = async ({ request: received }) => {
  let bytes;
  try {
    bytes = await readBodyLimited(received, SHOPIFY_WEBHOOK_MAX_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLargeResponse(err.limit);
    throw err;
  }
  const raw = bytes.toString("utf8");
  const shopHeader = received.headers.get("x-shopify-shop-domain");
  if (shopHeader !== null && !MYSHOPIFY_DOMAIN.test(shopHeader))
    return text$1(400, "X-Shopify-Shop-Domain is not a *.myshopify.com domain");
  const request2 = new Request(received.url, {
    method: received.method,
    headers: received.headers,
    body: new Uint8Array(bytes)
  });
  let webhook;
  try {
    webhook = await authenticate.webhook(request2);
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof SyntaxError) return text$1(400, "malformed JSON payload");
    if (err instanceof Error && err.constructor.name === "InvalidShopError") return text$1(400, "invalid shop domain");
    throw err;
  }
  const topic = request2.headers.get("x-shopify-topic") ?? "";
  if (!SHOPIFY_TOPICS.includes(topic)) return text$1(400, `topic ${topic} is not subscribed`);
  const shop = await webhookShop(webhook.shop).catch(() => void 0);
  const shopId2 = shop === void 0 ? void 0 : (shop == null ? void 0 : shop.id) ?? null;
  if (shopId2 === null && !isLifecycleTopic(topic)) return text$1(401, "unknown shop");
  if ((shop == null ? void 0 : shop.uninstalled) && !isLifecycleTopic(topic)) return text$1(200, "ignored: shop uninstalled");
  const result = await intake({
    source: "shopify",
    externalId: webhook.webhookId,
    shopId: shopId2 ?? null,
    shopDomain: webhook.shop,
    topic,
    apiVersion: webhook.apiVersion,
    body: raw,
    triggeredAt: parseDate(request2.headers.get("x-shopify-triggered-at"))
  });
  if (result.status === 503) {
    logger.warn(`webhook ${topic} for ${webhook.shop} not taken: ${result.error}`);
    return text$1(503, "temporarily unavailable, retry");
  }
  return text$1(200, result.stored);
};
const loader$A = () => text$1(405, "POST only");
const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
function text$1(status, body) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain" } });
}
function parseDate(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
const route3 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$j,
  loader: loader$A
}, Symbol.toStringTag, { value: "Module" }));
function verifyMetaSignature(raw, header, appSecret) {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const given = Buffer.from(header.trim().slice(7).toLowerCase(), "hex");
  const expected = createHmac("sha256", appSecret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
const WHATSAPP_INBOX_TOPIC = "whatsapp_business_account";
const PHONE_FIELDS$1 = /* @__PURE__ */ new Set(["messages", "user_preferences"]);
function verificationHandshake(url) {
  const token = getEnv().WHATSAPP_VERIFY_TOKEN;
  const mode2 = url.searchParams.get("hub.mode");
  const given = url.searchParams.get("hub.verify_token");
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  if (!token) {
    logger.warn("WhatsApp webhook verification refused: WHATSAPP_VERIFY_TOKEN is not set");
    return { status: 403, body: "verification token not configured" };
  }
  if (mode2 === "subscribe" && given === token && challenge) return { status: 200, body: challenge };
  return { status: 403, body: "verification failed" };
}
async function shopsForPayload(payload) {
  var _a, _b;
  const phoneIds = /* @__PURE__ */ new Set();
  const wabaIds = /* @__PURE__ */ new Set();
  for (const entry2 of payload.entry) {
    for (const change of entry2.changes ?? []) {
      if (PHONE_FIELDS$1.has(change.field)) {
        const id2 = (_b = (_a = change.value) == null ? void 0 : _a.metadata) == null ? void 0 : _b.phone_number_id;
        if (id2) phoneIds.add(String(id2));
      } else {
        wabaIds.add(String(entry2.id));
      }
    }
  }
  const { rows } = await pool().query(
    `SELECT shop_id, phone_number_id, waba_id FROM whatsapp_accounts WHERE phone_number_id = ANY($1::text[]) OR waba_id = ANY($2::text[])`,
    [[...phoneIds], [...wabaIds]]
  );
  const knownPhones = new Set(rows.map((r) => r.phone_number_id));
  const knownWabas = new Set(rows.map((r) => r.waba_id));
  const shopIds = /* @__PURE__ */ new Set();
  for (const r of rows) if (phoneIds.has(r.phone_number_id) || wabaIds.has(r.waba_id)) shopIds.add(r.shop_id);
  const unknown = [
    ...[...phoneIds].filter((p) => !knownPhones.has(p)).map((p) => `phone number ${p}`),
    ...[...wabaIds].filter((w) => !knownWabas.has(w)).map((w) => `WABA ${w}`)
  ];
  return { shopIds: [...shopIds], unknown };
}
function isPayload(v) {
  if (!v || typeof v !== "object") return false;
  const p = v;
  return p.object === "whatsapp_business_account" && Array.isArray(p.entry) && p.entry.every(
    (e) => e && typeof e === "object" && e.id !== void 0 && Array.isArray(e.changes)
  );
}
async function receiveWhatsAppWebhook(raw, signature2) {
  var _a;
  const secret = getEnv().WHATSAPP_APP_SECRET;
  if (!secret) {
    logger.warn("WhatsApp webhook refused: WHATSAPP_APP_SECRET is not set");
    return { status: 503, body: "not configured" };
  }
  if (!verifyMetaSignature(raw, signature2, secret)) return { status: 401, body: "invalid signature" };
  const text2 = raw.toString("utf8");
  let payload;
  try {
    payload = JSON.parse(text2);
  } catch {
    return { status: 400, body: "malformed JSON payload" };
  }
  if (!isPayload(payload)) return { status: 400, body: "not a whatsapp_business_account payload" };
  const { shopIds, unknown } = await shopsForPayload(payload);
  if (unknown.length)
    logger.warn(`WhatsApp webhook for ${unknown.join(", ")}: not connected to any store, not applied`);
  if (!shopIds.length) return { status: 200, body: "ignored" };
  const firstTime = (_a = payload.entry.find((e) => typeof e.time === "number")) == null ? void 0 : _a.time;
  const result = await intake({
    source: "whatsapp",
    externalId: createHash("sha256").update(raw).digest("hex"),
    shopId: shopIds.length === 1 ? shopIds[0] : null,
    shopDomain: null,
    topic: WHATSAPP_INBOX_TOPIC,
    apiVersion: null,
    body: text2,
    triggeredAt: firstTime ? new Date(firstTime * 1e3) : null
  });
  if (result.status === 503) {
    logger.warn(`WhatsApp webhook not taken: ${result.error}`);
    return { status: 503, body: "temporarily unavailable, retry" };
  }
  return { status: 200, body: result.stored };
}
const loader$z = ({ request: request2 }) => {
  const answer = verificationHandshake(new URL(request2.url));
  return text(answer.status, answer.body);
};
const action$i = async ({ request: request2 }) => {
  if (request2.method !== "POST") return text(405, "POST only");
  let raw;
  try {
    raw = await readBodyLimited(request2, META_WEBHOOK_MAX_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLargeResponse(err.limit);
    throw err;
  }
  const answer = await receiveWhatsAppWebhook(raw, request2.headers.get("x-hub-signature-256"));
  return text(answer.status, answer.body);
};
function text(status, body) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain" } });
}
const route4 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$i,
  loader: loader$z
}, Symbol.toStringTag, { value: "Module" }));
const loader$y = async () => {
  const health = await checkHealth();
  return new Response(JSON.stringify({ ok: health.ok }), {
    status: health.ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" }
  });
};
const route5 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$y
}, Symbol.toStringTag, { value: "Module" }));
const loader$x = async ({ request: request2 }) => {
  const url = new URL(request2.url);
  if (isDemoMode() || url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { showForm: true };
};
function Landing() {
  const { showForm } = useLoaderData();
  return /* @__PURE__ */ jsxs("main", { style: { fontFamily: "system-ui", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }, children: [
    /* @__PURE__ */ jsx("h1", { children: "Segments that sell, on WhatsApp" }),
    /* @__PURE__ */ jsx("p", { children: "Turn your orders into precise customer segments — cross-sell, sale shoppers, former VIPs, AOV tiers — and send WhatsApp campaigns that respect consent and Meta's limits, with the revenue each segment brings." }),
    showForm && /* @__PURE__ */ jsxs(Form, { method: "post", action: "/auth/login", children: [
      /* @__PURE__ */ jsxs("label", { children: [
        "Shop domain ",
        /* @__PURE__ */ jsx("input", { type: "text", name: "shop", placeholder: "my-shop.myshopify.com" })
      ] }),
      " ",
      /* @__PURE__ */ jsx("button", { type: "submit", children: "Log in" })
    ] })
  ] });
}
const route6 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  default: Landing,
  loader: loader$x
}, Symbol.toStringTag, { value: "Module" }));
const loader$w = async ({ request: request2 }) => {
  await authenticate.admin(request2);
  return null;
};
const route7 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$w
}, Symbol.toStringTag, { value: "Module" }));
const CLIENT_AUTH_ERRORS = /* @__PURE__ */ new Set(["InvalidShopError", "InvalidJwtError", "MissingJwtTokenError", "InvalidHostError"]);
async function requireShop(request2) {
  var _a;
  if (isDemoMode()) {
    const shop2 = await findShopByDomain(DEMO_SHOP_DOMAIN) ?? await upsertShop(DEMO_SHOP_DOMAIN, { name: "Demo store", demo: true });
    return { shop: shop2, demo: true, user: "demo" };
  }
  const { authenticate: authenticate2 } = await Promise.resolve().then(() => shopify_server);
  let context;
  try {
    context = await authenticate2.admin(request2);
  } catch (err) {
    if (err instanceof Error && CLIENT_AUTH_ERRORS.has(err.constructor.name))
      throw new Response("Unauthorized", { status: 401 });
    throw err;
  }
  const { session } = context;
  const shop = await findShopByDomain(session.shop) ?? await upsertShop(session.shop);
  const sub = "sessionToken" in context ? (_a = context.sessionToken) == null ? void 0 : _a.sub : void 0;
  return { shop, demo: false, user: sub ? `shopify-user:${sub}` : `shop:${session.shop}` };
}
function svg(body) {
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 160" width="240" height="160">${body}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(doc)}`;
}
const GROUND = `<ellipse cx="120" cy="140" rx="90" ry="10" fill="#e3e3e3"/>`;
const EMPTY_SEARCH = svg(
  `${GROUND}<rect x="62" y="24" width="96" height="112" rx="8" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><rect x="78" y="44" width="64" height="8" rx="4" fill="#d4d4d4"/><rect x="78" y="62" width="48" height="8" rx="4" fill="#d4d4d4"/><circle cx="150" cy="98" r="22" fill="#fff" stroke="#25d366" stroke-width="6"/><path d="M166 114l18 18" stroke="#25d366" stroke-width="8" stroke-linecap="round"/>`
);
const EMPTY_PEOPLE = svg(
  `${GROUND}<circle cx="90" cy="62" r="18" fill="#c9f2d9"/><rect x="64" y="84" width="52" height="46" rx="22" fill="#c9f2d9"/><circle cx="150" cy="56" r="22" fill="#25d366"/><rect x="118" y="82" width="64" height="54" rx="26" fill="#25d366"/>`
);
const EMPTY_MESSAGE = svg(
  `${GROUND}<rect x="40" y="30" width="120" height="78" rx="16" fill="#c9f2d9"/><path d="M70 108l-6 22 26-22z" fill="#c9f2d9"/><rect x="58" y="52" width="84" height="8" rx="4" fill="#fff"/><rect x="58" y="72" width="56" height="8" rx="4" fill="#fff"/><path d="M150 70l60-26-22 66-14-22-24-18z" fill="#25d366"/>`
);
function NotFoundPage({ what }) {
  return /* @__PURE__ */ jsx(Page, { title: "Page not found", backAction: { content: "Dashboard", url: "/app" }, children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx("div", { "data-testid": "not-found", children: /* @__PURE__ */ jsx(
    EmptyState,
    {
      heading: what ? `${what} not found` : "This page does not exist",
      image: EMPTY_SEARCH,
      action: { content: "Go to the Dashboard", url: "/app" },
      secondaryAction: { content: "Segments", url: "/app/segments" },
      children: /* @__PURE__ */ jsx("p", { children: "It may have been deleted, or the link is mistyped. Nothing was changed." })
    }
  ) }) }) });
}
function ErrorPage() {
  return /* @__PURE__ */ jsx(Page, { title: "Something went wrong", backAction: { content: "Dashboard", url: "/app" }, children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(
    EmptyState,
    {
      heading: "This page could not be loaded",
      image: EMPTY_SEARCH,
      action: { content: "Try again", onAction: () => window.location.reload() },
      secondaryAction: { content: "Go to the Dashboard", url: "/app" },
      children: /* @__PURE__ */ jsx("p", { children: "Something went wrong on our side while reading your data. Nothing was changed; try again in a moment." })
    }
  ) }) });
}
const ToastContext = createContext(() => {
});
const DemoContext = createContext(false);
function useIsDemo() {
  return useContext(DemoContext);
}
function ToastProvider({ demo, children }) {
  const [toast, setToast] = useState(null);
  const show = useCallback(
    (message, opts) => {
      var _a, _b;
      if (!demo) (_b = (_a = window.shopify) == null ? void 0 : _a.toast) == null ? void 0 : _b.show(message, { isError: opts == null ? void 0 : opts.error });
      else setToast({ message, error: (opts == null ? void 0 : opts.error) ?? false, key: Date.now() });
    },
    [demo]
  );
  const value = useMemo(() => show, [show]);
  return /* @__PURE__ */ jsxs(ToastContext.Provider, { value, children: [
    /* @__PURE__ */ jsx(DemoContext.Provider, { value: demo, children }),
    toast ? /* @__PURE__ */ jsx(Toast, { content: toast.message, error: toast.error, onDismiss: () => setToast(null) }, toast.key) : null
  ] });
}
function useToast() {
  return useContext(ToastContext);
}
const links$5 = () => [{ rel: "stylesheet", href: polarisStyles }];
const NAV = [
  { label: "Dashboard", url: "/app", icon: HomeIcon, exact: true },
  { label: "Segments", url: "/app/segments", icon: PersonSegmentIcon },
  { label: "Campaigns", url: "/app/campaigns", icon: SendIcon },
  { label: "Templates", url: "/app/templates", icon: ChatIcon },
  { label: "Contacts", url: "/app/contacts", icon: PersonIcon },
  { label: "Settings", url: "/app/settings", icon: SettingsIcon }
];
const loader$v = async ({ request: request2 }) => {
  const { shop, demo } = await requireShop(request2);
  return { apiKey: getEnv().SHOPIFY_API_KEY, demo, shopName: shop.name ?? shop.domain };
};
function NavigationLoading({ demo }) {
  const busy = useNavigation().state === "loading";
  useEffect(() => {
    var _a, _b;
    if (!demo) (_b = (_a = window.shopify) == null ? void 0 : _a.loading) == null ? void 0 : _b.call(_a, busy);
  }, [busy, demo]);
  return demo && busy ? /* @__PURE__ */ jsx(Loading, {}) : null;
}
function Shell({ data, children }) {
  const { apiKey, demo, shopName } = data;
  const location = useLocation();
  if (demo) {
    const navigation = /* @__PURE__ */ jsx(Navigation, { location: location.pathname, children: /* @__PURE__ */ jsx(
      Navigation.Section,
      {
        title: shopName,
        items: NAV.map((item) => ({
          label: item.label,
          url: item.url,
          icon: item.icon,
          exactMatch: "exact" in item ? item.exact : false
        }))
      }
    ) });
    return /* @__PURE__ */ jsx(AppProvider$1, { isEmbeddedApp: false, apiKey, children: /* @__PURE__ */ jsxs(Frame, { navigation, children: [
      /* @__PURE__ */ jsx(NavigationLoading, { demo: true }),
      /* @__PURE__ */ jsx("div", { "data-testid": "demo-banner", children: /* @__PURE__ */ jsx(Banner, { tone: "warning", title: "Demo mode", children: "Demo store with generated data; Shopify and WhatsApp are local simulators. Never used in production." }) }),
      /* @__PURE__ */ jsx(ToastProvider, { demo: true, children })
    ] }) });
  }
  return /* @__PURE__ */ jsxs(AppProvider$1, { isEmbeddedApp: true, apiKey, children: [
    /* @__PURE__ */ jsx(NavigationLoading, { demo: false }),
    /* @__PURE__ */ jsxs(NavMenu, { children: [
      /* @__PURE__ */ jsx(Link, { to: "/app", rel: "home", children: "Dashboard" }),
      NAV.slice(1).map((item) => /* @__PURE__ */ jsx(Link, { to: item.url, children: item.label }, item.url))
    ] }),
    /* @__PURE__ */ jsx(ToastProvider, { demo: false, children })
  ] });
}
function App() {
  const data = useLoaderData();
  return /* @__PURE__ */ jsx(Shell, { data, children: /* @__PURE__ */ jsx(Outlet, {}) });
}
function ErrorBoundary$b() {
  const error = useRouteError();
  const data = useRouteLoaderData("routes/app");
  if (data && isRouteErrorResponse(error) && error.status === 404) {
    const what = typeof error.data === "string" && /^[\w ]+ not found$/i.test(error.data) ? error.data : void 0;
    return /* @__PURE__ */ jsx(Shell, { data, children: /* @__PURE__ */ jsx(NotFoundPage, { what: what == null ? void 0 : what.replace(/ not found$/i, "") }) });
  }
  if (data && !isRouteErrorResponse(error)) {
    return /* @__PURE__ */ jsx(Shell, { data, children: /* @__PURE__ */ jsx(ErrorPage, {}) });
  }
  return boundary.error(error);
}
const headers = (headersArgs) => boundary.headers(headersArgs);
const route8 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$b,
  NAV,
  default: App,
  headers,
  links: links$5,
  loader: loader$v
}, Symbol.toStringTag, { value: "Module" }));
function idParam(value, what = "Page") {
  const id2 = /^[1-9]\d{0,15}$/.test(value ?? "") ? Number(value) : NaN;
  if (!Number.isSafeInteger(id2)) throw new Response(`${what} not found`, { status: 404 });
  return id2;
}
async function readWithoutJit(sql, params) {
  return withTransaction(async (c) => {
    await c.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
    return c.query(sql, params);
  });
}
const RATE_CARD_EFFECTIVE = "2025-07-01";
const RATE_CARD_SOURCE = "https://developers.facebook.com/docs/whatsapp/pricing";
const PRICED_CATEGORIES = ["marketing", "utility", "authentication", "authentication_international"];
const m = (marketing, utility, authentication, international) => ({
  marketing: Math.round(marketing * 1e6),
  utility: Math.round(utility * 1e6),
  authentication: Math.round(authentication * 1e6),
  ...international !== void 0 ? { authentication_international: Math.round(international * 1e6) } : {}
});
const MARKETS = [
  { key: "AR", name: "Argentina", usdMicros: m(0.0618, 0.0289, 0.0289) },
  { key: "BR", name: "Brazil", usdMicros: m(0.0625, 68e-4, 68e-4) },
  { key: "CL", name: "Chile", usdMicros: m(0.0889, 0.02, 0.02) },
  { key: "CO", name: "Colombia", usdMicros: m(0.0125, 2e-4, 2e-4) },
  { key: "EG", name: "Egypt", usdMicros: m(0.1073, 52e-4, 52e-4, 0.065) },
  { key: "FR", name: "France", usdMicros: m(0.0859, 0.03, 0.03) },
  { key: "DE", name: "Germany", usdMicros: m(0.1365, 0.055, 0.055) },
  { key: "IN", name: "India", usdMicros: m(0.0107, 14e-4, 14e-4, 0.028) },
  { key: "ID", name: "Indonesia", usdMicros: m(0.0411, 0.025, 0.025, 0.136) },
  { key: "IL", name: "Israel", usdMicros: m(0.0353, 53e-4, 53e-4) },
  { key: "IT", name: "Italy", usdMicros: m(0.0691, 0.03, 0.03) },
  { key: "MY", name: "Malaysia", usdMicros: m(0.086, 0.014, 0.014, 0.0418) },
  { key: "MX", name: "Mexico", usdMicros: m(0.0436, 85e-4, 85e-4) },
  { key: "NL", name: "Netherlands", usdMicros: m(0.1597, 0.05, 0.05) },
  { key: "NG", name: "Nigeria", usdMicros: m(0.0516, 67e-4, 67e-4, 0.075) },
  { key: "PK", name: "Pakistan", usdMicros: m(0.0473, 54e-4, 54e-4, 0.075) },
  { key: "PE", name: "Peru", usdMicros: m(0.0703, 0.02, 0.02) },
  { key: "RU", name: "Russia", usdMicros: m(0.0802, 0.04, 0.04) },
  { key: "SA", name: "Saudi Arabia", usdMicros: m(0.0455, 0.0115, 0.0115) },
  { key: "ZA", name: "South Africa", usdMicros: m(0.0379, 76e-4, 76e-4, 0.02) },
  { key: "ES", name: "Spain", usdMicros: m(0.0615, 0.02, 0.02) },
  { key: "TR", name: "Turkey", usdMicros: m(0.0109, 53e-4, 53e-4) },
  { key: "AE", name: "United Arab Emirates", usdMicros: m(0.0384, 0.0157, 0.0157) },
  { key: "GB", name: "United Kingdom", usdMicros: m(0.0529, 0.022, 0.022) },
  { key: "north_america", name: "North America (US, Canada)", usdMicros: m(0.025, 34e-4, 34e-4) },
  { key: "rest_of_africa", name: "Rest of Africa", usdMicros: m(0.0225, 4e-3, 4e-3) },
  { key: "rest_of_asia_pacific", name: "Rest of Asia Pacific", usdMicros: m(0.0732, 0.0113, 0.0113) },
  { key: "rest_of_cee", name: "Rest of Central & Eastern Europe", usdMicros: m(0.086, 0.0212, 0.0212) },
  { key: "rest_of_latam", name: "Rest of Latin America", usdMicros: m(0.074, 0.0113, 0.0113) },
  { key: "rest_of_middle_east", name: "Rest of Middle East", usdMicros: m(0.0341, 91e-4, 91e-4) },
  { key: "rest_of_western_europe", name: "Rest of Western Europe", usdMicros: m(0.0592, 0.0171, 0.0171) },
  { key: "other", name: "Other", usdMicros: m(0.0604, 77e-4, 77e-4) }
];
const REGIONS = {
  north_america: "US CA",
  rest_of_africa: "DZ AO BJ BW BF BI CM TD CG ER ET GA GM GH GW CI KE LS LR LY MG MW ML MR MA MZ NA NE RW SN SL SO SS SD SZ TZ TG TN UG ZM",
  rest_of_asia_pacific: "AF AU BD KH CN HK JP LA MO MN NP NZ PG PH SG LK TW TJ TH TM UZ VN",
  rest_of_cee: "AL AM AZ BY BG HR CZ GE GR HU LV LT MK MD PL RO RS SK SI UA",
  rest_of_latam: "AI AG AW BS BB BZ BM BO KY CR DM DO EC SV GD GT GY HT HN JM NI PA PY PR KN LC VC SR TT TC UY VE VG VI",
  rest_of_middle_east: "BH IQ JO KW LB OM QA YE",
  rest_of_western_europe: "AD AT BE DK FI IE IS LI LU MC NO PT SM CH SE"
};
const MARKET_OF_COUNTRY = (() => {
  const map = /* @__PURE__ */ new Map();
  for (const market of MARKETS) if (/^[A-Z]{2}$/.test(market.key)) map.set(market.key, market.key);
  for (const [market, countries] of Object.entries(REGIONS)) for (const c of countries.split(" ")) map.set(c, market);
  return map;
})();
function marketOf(countryCode) {
  return MARKET_OF_COUNTRY.get((countryCode ?? "").toUpperCase()) ?? "other";
}
function countriesOf(marketKey) {
  return [...MARKET_OF_COUNTRY.entries()].filter(([, market]) => market === marketKey).map(([country]) => country).sort();
}
function billedCategory(pricingCategory, templateCategory) {
  const raw = (pricingCategory ?? templateCategory ?? "marketing").toLowerCase();
  if (raw === "marketing" || raw === "marketing_lite") return "marketing";
  if (raw === "utility") return "utility";
  if (raw === "authentication") return "authentication";
  if (raw === "authentication_international") return "authentication_international";
  return null;
}
function formatUsdMicros(micros) {
  const value = Number(micros) / 1e6;
  return `$${value.toFixed(value < 10 ? 4 : 2)}`;
}
const usdRateSchema = z.string().trim().regex(/^\d{1,9}(\.\d{1,9})?$/, { error: "Enter how much 1 US dollar is in your currency, e.g. 0.92" }).refine((v) => Number(v) > 0, { error: "The exchange rate must be above 0" });
const priceSchema = z.object({
  market: z.string().refine((key2) => MARKETS.some((mk) => mk.key === key2), { error: "Unknown market" }),
  category: z.enum(PRICED_CATEGORIES),
  /** USD with up to 6 decimals, or "" to go back to Meta's rate */
  usd: z.string().trim().regex(/^(\d{1,3}(\.\d{1,6})?)?$/, { error: "Enter the price in US dollars, e.g. 0.0250" })
});
async function getPriceTable(shopId2) {
  var _a;
  const shop = await pool().query(
    `SELECT currency, currency_exponent, settings->'pricing'->>'usdRate' AS usd_rate FROM shops WHERE id = $1`,
    [shopId2]
  );
  const s = shop.rows[0];
  if (!s) throw new Error(`shop ${shopId2} not found`);
  const usdMicros = /* @__PURE__ */ new Map();
  for (const market of MARKETS) {
    usdMicros.set(market.key, new Map(Object.entries(market.usdMicros)));
  }
  const overrides = await pool().query(
    `SELECT market, category, usd_micros FROM message_prices WHERE shop_id = $1`,
    [shopId2]
  );
  const overridden = /* @__PURE__ */ new Set();
  for (const o of overrides.rows) {
    (_a = usdMicros.get(o.market)) == null ? void 0 : _a.set(o.category, o.usd_micros);
    overridden.add(`${o.market}/${o.category}`);
  }
  const usdRate = s.usd_rate && usdRateSchema.safeParse(s.usd_rate).success ? s.usd_rate : s.currency === "USD" ? "1" : null;
  return { currency: s.currency, currencyExponent: s.currency_exponent, usdRate, usdMicros, overridden };
}
function unitPriceMicros(table, country, category) {
  const market = table.usdMicros.get(marketOf(country)) ?? table.usdMicros.get("other");
  return market.get(category) ?? market.get("authentication") ?? 0;
}
function usdMicrosToMinor(micros, usdRate, exponent) {
  const [whole, frac = ""] = usdRate.split(".");
  const rateScaled = BigInt(whole + frac);
  const numerator = micros * rateScaled * 10n ** BigInt(exponent);
  const denominator = 1000000n * 10n ** BigInt(frac.length);
  return (numerator * 2n + denominator) / (denominator * 2n);
}
function costOf(table, counts) {
  let usd = 0n;
  for (const c of counts) {
    const category = billedCategory(c.pricingCategory, c.templateCategory);
    if (!category || c.count <= 0) continue;
    usd += BigInt(unitPriceMicros(table, c.country, category)) * BigInt(c.count);
  }
  return { usdMicros: usd, minor: table.usdRate ? usdMicrosToMinor(usd, table.usdRate, table.currencyExponent) : null };
}
async function estimateCampaignCost(opts) {
  const table = await getPriceTable(opts.shopId);
  const category = billedCategory(null, opts.templateCategory);
  const byMarket = /* @__PURE__ */ new Map();
  for (const { country, count: count2 } of opts.recipientsByCountry) {
    const market = marketOf(country);
    const entry2 = byMarket.get(market) ?? { count: 0, usdMicros: 0n };
    entry2.count += count2;
    if (category) entry2.usdMicros += BigInt(unitPriceMicros(table, country, category)) * BigInt(count2);
    byMarket.set(market, entry2);
  }
  const usd = [...byMarket.values()].reduce((sum, e) => sum + e.usdMicros, 0n);
  return {
    usdMicros: usd,
    minor: table.usdRate ? usdMicrosToMinor(usd, table.usdRate, table.currencyExponent) : null,
    byMarket: [...byMarket.entries()].map(([market, e]) => ({ market, ...e }))
  };
}
async function savePrice(shopId2, input) {
  const { market, category, usd } = priceSchema.parse(input);
  if (usd === "") {
    await pool().query(`DELETE FROM message_prices WHERE shop_id = $1 AND market = $2 AND category = $3`, [
      shopId2,
      market,
      category
    ]);
    return;
  }
  const [whole, frac = ""] = usd.split(".");
  const micros = Number(whole) * 1e6 + Number(frac.padEnd(6, "0"));
  await pool().query(
    `INSERT INTO message_prices (shop_id, market, category, usd_micros) VALUES ($1, $2, $3, $4)
     ON CONFLICT (shop_id, market, category) DO UPDATE SET usd_micros = EXCLUDED.usd_micros, updated_at = now()`,
    [shopId2, market, category, micros]
  );
}
async function saveUsdRate(shopId2, rate) {
  const valid = usdRateSchema.parse(rate);
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{pricing}',
       COALESCE(settings->'pricing', '{}'::jsonb) || jsonb_build_object('usdRate', $2::text)), updated_at = now()
     WHERE id = $1`,
    [shopId2, valid]
  );
}
const Z95 = 1.959963984540054;
const MIN_GROUP_SIZE = 100;
const MIN_BUYERS = 10;
function wilson(x, n2, z2 = Z95) {
  if (n2 === 0) return { low: 0, high: 1 };
  const p = x / n2;
  const z22 = z2 * z2;
  const centre = (p + z22 / (2 * n2)) / (1 + z22 / n2);
  const half = z2 / (1 + z22 / n2) * Math.sqrt(p * (1 - p) / n2 + z22 / (4 * n2 * n2));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
function newcombeDifference(x1, n1, x2, n2, z2 = Z95) {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z2);
  const b = wilson(x2, n2, z2);
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)
  };
}
function welchDifference(g1, g2) {
  if (g1.n < 2 || g2.n < 2) return null;
  const m1 = g1.revenue / g1.n;
  const m2 = g2.revenue / g2.n;
  const v1 = Math.max(0, (g1.revenueSquares - g1.n * m1 * m1) / (g1.n - 1));
  const v2 = Math.max(0, (g2.revenueSquares - g2.n * m2 * m2) / (g2.n - 1));
  const s1 = v1 / g1.n;
  const s2 = v2 / g2.n;
  const se = Math.sqrt(s1 + s2);
  const d = m1 - m2;
  if (se === 0) return { estimate: d, low: d, high: d };
  const df = (s1 + s2) ** 2 / (s1 * s1 / (g1.n - 1) + s2 * s2 / (g2.n - 1));
  const t = studentTQuantile(0.975, df);
  return { estimate: d, low: d - t * se, high: d + t * se };
}
function logGamma(x) {
  const c = [
    0.9999999999998099,
    676.5203681218851,
    -1259.1392167224028,
    771.3234287776531,
    -176.6150291621406,
    12.507343278686905,
    -0.13857109526572012,
    9984369578019572e-21,
    15056327351493116e-23
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
function betaContinuedFraction(a, b, x) {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - (a + b) * x / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m2 = 1; m2 <= 300; m2++) {
    const m22 = 2 * m2;
    let aa = m2 * (b - m2) * x / ((a - 1 + m22) * (a + m22));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m2) * (a + b + m2) * x / ((a + m22) * (a + 1 + m22));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}
function regularizedBeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? front * betaContinuedFraction(a, b, x) / a : 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
}
function studentTCdf(t, df) {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}
function studentTQuantile(p, df) {
  if (!Number.isFinite(df) || df > 1e7) df = 1e7;
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return (lo + hi) / 2;
}
function rates(g) {
  return { ...g, conversionRate: g.n ? g.converted / g.n : 0, revenuePerRecipient: g.n ? g.revenue / g.n : 0 };
}
const scale = (i, k) => i ? { estimate: i.estimate * k, low: i.low * k, high: i.high * k } : null;
function computeLift(messaged, holdout) {
  const m2 = rates(messaged);
  const h = rates(holdout);
  const conversionDifference = m2.n > 0 && h.n > 0 ? newcombeDifference(m2.converted, m2.n, h.converted, h.n) : null;
  const revenuePerRecipientDifference = welchDifference(messaged, holdout);
  const verdict = judge(m2, h, conversionDifference, revenuePerRecipientDifference);
  return {
    messaged: m2,
    holdout: h,
    conversionDifference,
    revenuePerRecipientDifference,
    incrementalRevenue: scale(revenuePerRecipientDifference, m2.n),
    incrementalConversions: scale(conversionDifference, m2.n),
    verdict
  };
}
function judge(m2, h, conv, rev) {
  if (h.n === 0)
    return {
      kind: "too_small",
      message: "This campaign had no holdout group, so there is nothing to compare against."
    };
  if (h.n < MIN_GROUP_SIZE || m2.n < MIN_GROUP_SIZE) {
    const smaller = h.n < m2.n ? `the holdout has ${h.n.toLocaleString("en")}` : `only ${m2.n.toLocaleString("en")} were messaged`;
    return {
      kind: "too_small",
      message: `Too few customers to say whether the campaign changed anything: ${smaller} (at least ${MIN_GROUP_SIZE} in each group are needed). Treat the figures below as anecdotes.`
    };
  }
  if (m2.converted + h.converted < MIN_BUYERS) {
    return {
      kind: "too_small",
      message: `Only ${m2.converted + h.converted} customers bought in either group: too few to say whether the campaign changed anything.`
    };
  }
  const convClear = conv !== null && (conv.low > 0 || conv.high < 0);
  const revClear = rev !== null && (rev.low > 0 || rev.high < 0);
  if (!convClear && !revClear) {
    return {
      kind: "inconclusive",
      message: "The difference between messaged and held-out customers is within the margin of error: we cannot say the campaign changed conversion or revenue."
    };
  }
  const up = conv && conv.low > 0 || rev && rev.low > 0;
  return {
    kind: "measured",
    message: up ? "Messaged customers bought measurably more than held-out customers (95% confidence)." : "Messaged customers bought measurably less than held-out customers (95% confidence): check the offer and the audience."
  };
}
const DEFAULT_WINDOWS = { clickWindowHours: 120, viewWindowHours: 24 };
const MAX_CLICK_WINDOW_HOURS = 30 * 24;
const MAX_VIEW_WINDOW_HOURS = 7 * 24;
const hours = (label2, min, max) => z.preprocess(
  (v) => v === "" || v === void 0 || v === null ? void 0 : typeof v === "string" ? Number(v) : v,
  z.number({ error: `Enter the ${label2} in hours` }).int({ error: `Enter the ${label2} as a whole number of hours` }).min(min, { error: `The ${label2} must be at least ${min} hour${min === 1 ? "" : "s"}` }).max(max, { error: `The ${label2} can be at most ${max} hours (${max / 24} days)` })
);
const windowsSchema = z.object({
  clickWindowHours: hours("click window", 1, MAX_CLICK_WINDOW_HOURS),
  viewWindowHours: hours("view window", 0, MAX_VIEW_WINDOW_HOURS)
});
function describeHours(total) {
  if (total === 0) return "off";
  if (total < 48) return `${total} hour${total === 1 ? "" : "s"}`;
  const days = Math.floor(total / 24);
  const rest = total % 24;
  return rest ? `${days} days ${rest} hour${rest === 1 ? "" : "s"}` : `${days} days`;
}
function describeDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m2 = minutes % 60;
  if (h < 48) return m2 ? `${h} h ${m2} min` : `${h} h`;
  const d = Math.floor(h / 24);
  const rh = h % 24;
  return rh ? `${d} days ${rh} h` : `${d} days`;
}
async function getAttributionWindows(shopId2, db = pool()) {
  var _a, _b;
  const { rows } = await db.query(
    `SELECT settings->'attribution' AS value FROM shops WHERE id = $1`,
    [shopId2]
  );
  const parsed = windowsSchema.safeParse(((_a = rows[0]) == null ? void 0 : _a.value) ?? {});
  return parsed.success ? parsed.data : { ...DEFAULT_WINDOWS, ...partial((_b = rows[0]) == null ? void 0 : _b.value) };
}
function partial(value) {
  if (!value || typeof value !== "object") return {};
  const out = {};
  const v = value;
  const click = windowsSchema.shape.clickWindowHours.safeParse(v.clickWindowHours);
  const view = windowsSchema.shape.viewWindowHours.safeParse(v.viewWindowHours);
  if (click.success) out.clickWindowHours = click.data;
  if (view.success) out.viewWindowHours = view.data;
  return out;
}
async function saveAttributionWindows(shopId2, windows) {
  const valid = windowsSchema.parse(windows);
  const before = await getAttributionWindows(shopId2);
  if (before.clickWindowHours === valid.clickWindowHours && before.viewWindowHours === valid.viewWindowHours)
    return false;
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{attribution}', $2::jsonb), updated_at = now() WHERE id = $1`,
    [shopId2, JSON.stringify(valid)]
  );
  return true;
}
const OPT_OUT_BLAME_DAYS = 7;
const RECIPIENT_COUNTS_SQL = `
SELECT r.segment_id, r.country_code AS country, r.pricing_category,
       count(*) FILTER (WHERE r."group" <> 'holdout' AND r.status NOT IN ('excluded', 'skipped'))::int AS recipients,
       count(*) FILTER (WHERE r.status = 'excluded')::int AS excluded,
       count(*) FILTER (WHERE r.status = 'skipped')::int AS skipped,
       count(*) FILTER (WHERE r."group" = 'holdout')::int AS holdout,
       count(*) FILTER (WHERE r.sent_at IS NOT NULL)::int AS sent,
       count(*) FILTER (WHERE r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))::int AS delivered,
       count(*) FILTER (WHERE r.read_at IS NOT NULL OR r.status = 'read')::int AS read,
       count(*) FILTER (WHERE r.replied_at IS NOT NULL)::int AS replied,
       count(*) FILTER (WHERE r.clicked_at IS NOT NULL)::int AS clicked,
       count(*) FILTER (WHERE r.status = 'failed')::int AS failed
FROM recipients r WHERE r.shop_id = $1 AND r.campaign_id = $2
GROUP BY 1, 2, 3`;
const COUNT_FIELDS = "recipients excluded skipped holdout sent delivered read replied clicked failed".split(
  " "
);
const ORDERS_SQL = `
SELECT a.segment_id,
       count(*) FILTER (WHERE NOT a.order_cancelled)::int AS orders,
       count(DISTINCT a.recipient_id) FILTER (WHERE NOT a.order_cancelled)::int AS converted,
       COALESCE(sum(a.revenue_minor), 0)::text AS revenue,
       COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'click'), 0)::text AS click_revenue,
       COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'view'), 0)::text AS view_revenue
FROM attributions a
WHERE a.shop_id = $1 AND a.campaign_id = $2
GROUP BY a.segment_id`;
const OPT_OUTS_SQL = `
SELECT r.segment_id, count(*)::int AS n
FROM recipients r
JOIN contacts ct ON ct.shop_id = r.shop_id AND ct.phone_e164 = r.phone_e164
WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r.sent_at IS NOT NULL
  AND ct.opted_out_at >= r.sent_at AND ct.opted_out_at < r.sent_at + interval '${OPT_OUT_BLAME_DAYS} days'
  AND NOT EXISTS (
    SELECT 1 FROM recipients later
    WHERE later.shop_id = r.shop_id AND later.phone_e164 = r.phone_e164
      AND later.sent_at > r.sent_at AND later.sent_at <= ct.opted_out_at)
GROUP BY r.segment_id`;
const LIFT_SQL = `
WITH rc AS MATERIALIZED (
  SELECT r.customer_id, r.segment_id, r."group" = 'holdout' AS held_out, r.sent_at
  FROM recipients r
  WHERE r.shop_id = $1 AND r.campaign_id = $2
    AND (r."group" = 'holdout' OR r.sent_at IS NOT NULL OR r.status IN ('failed', 'unknown'))
), cohort AS (
  SELECT segment_id, min(sent_at) AS start FROM rc WHERE NOT held_out AND sent_at IS NOT NULL GROUP BY segment_id
), followed AS MATERIALIZED (
  SELECT rc.customer_id, rc.segment_id, rc.held_out, COALESCE(rc.sent_at, c.start) AS start
  FROM rc JOIN cohort c ON c.segment_id IS NOT DISTINCT FROM rc.segment_id
), span AS (
  SELECT min(start) AS lo, max(start) + make_interval(hours => $3) AS hi FROM followed
), o AS MATERIALIZED (
  -- the orders of the whole follow-up period, once (an index range), then matched to customers by hash
  SELECT o.customer_id, o.shopify_created_at AS at, o.net_minor
  FROM orders o, span
  WHERE o.shop_id = $1 AND o.shopify_created_at >= span.lo AND o.shopify_created_at < span.hi
    AND NOT o.test AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL
), buyers AS (
  -- only followed customers with an order in their window (most have none)
  SELECT f.segment_id, f.held_out, f.customer_id, sum(o.net_minor)::numeric AS revenue
  FROM followed f JOIN o ON o.customer_id = f.customer_id AND o.at >= f.start AND o.at < f.start + make_interval(hours => $3)
  GROUP BY f.segment_id, f.held_out, f.customer_id
), groups AS (
  SELECT segment_id, held_out, count(*)::int AS n, max(start) AS last_start FROM followed GROUP BY 1, 2
), bought AS (
  SELECT segment_id, held_out, count(*)::int AS converted, sum(revenue) AS revenue, sum(revenue * revenue) AS squares
  FROM buyers GROUP BY 1, 2
)
SELECT g.segment_id, g.held_out, g.n, COALESCE(b.converted, 0) AS converted, COALESCE(b.revenue, 0)::text AS revenue,
       COALESCE(b.squares, 0)::text AS squares, g.last_start
FROM groups g LEFT JOIN bought b ON b.segment_id IS NOT DISTINCT FROM g.segment_id AND b.held_out = g.held_out`;
function ratio(a, b) {
  return b > 0 ? (a * 2n + BigInt(b)) / (2n * BigInt(b)) : 0n;
}
function finish$1(base, cost) {
  var _a;
  const revenue = BigInt(base.revenueMinor);
  const profit = cost.minor === null ? null : revenue - cost.minor;
  return {
    ...base,
    revenuePerRecipientMinor: ratio(revenue, base.sent).toString(),
    conversionRate: base.sent ? base.converted / base.sent : 0,
    costMinor: ((_a = cost.minor) == null ? void 0 : _a.toString()) ?? null,
    costUsdMicros: cost.usdMicros.toString(),
    profitMinor: (profit == null ? void 0 : profit.toString()) ?? null,
    roi: cost.minor !== null && cost.minor > 0n ? Number(revenue - cost.minor) / Number(cost.minor) : null
  };
}
function serializeLift(lift) {
  const i = (x) => x ? { estimate: x.estimate, low: x.low, high: x.high } : null;
  return {
    messaged: lift.messaged,
    holdout: lift.holdout,
    conversionDifference: i(lift.conversionDifference),
    revenuePerRecipientDifference: i(lift.revenuePerRecipientDifference),
    incrementalRevenue: i(lift.incrementalRevenue),
    incrementalConversions: i(lift.incrementalConversions),
    verdict: lift.verdict
  };
}
async function segmentNames$1(shopId2, ids) {
  const real = ids.filter((id2) => id2 !== null);
  const { rows } = await pool().query(
    `SELECT id, name, deleted_at FROM segments WHERE shop_id = $1 AND id = ANY($2::int[])`,
    [shopId2, real]
  );
  const names = new Map(rows.map((r) => [r.id, r.deleted_at ? `${r.name} (deleted)` : r.name]));
  return (id2) => id2 === null ? "Not through a segment" : names.get(id2) ?? `Segment ${id2}`;
}
async function getCampaignReport(opts) {
  var _a, _b;
  const { shopId: shopId2, campaignId } = opts;
  const c = await pool().query(
    `SELECT c.id, c.name, c.status, c.started_at, c.completed_at, c.holdout_share, c.discount_codes,
            t.name AS template_name, t.category AS template_category, s.currency, s.currency_exponent
     FROM campaigns c JOIN shops s ON s.id = c.shop_id LEFT JOIN whatsapp_templates t ON t.id = c.template_id AND t.shop_id = c.shop_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId2, campaignId]
  );
  const campaign = c.rows[0];
  if (!campaign) return null;
  const windows = await getAttributionWindows(shopId2);
  const liftWindowHours = Math.max(windows.clickWindowHours, windows.viewWindowHours);
  const [counts, orders, optOuts, lift, prices] = await Promise.all([
    readWithoutJit(RECIPIENT_COUNTS_SQL, [shopId2, campaignId]),
    readWithoutJit(ORDERS_SQL, [shopId2, campaignId]),
    readWithoutJit(OPT_OUTS_SQL, [shopId2, campaignId]),
    readWithoutJit(LIFT_SQL, [shopId2, campaignId, liftWindowHours]),
    getPriceTable(shopId2)
  ]);
  const key2 = (id2) => id2 === null ? "none" : String(id2);
  const segmentIds = /* @__PURE__ */ new Map();
  for (const rows of [counts.rows, orders.rows]) for (const r of rows) segmentIds.set(key2(r.segment_id), r.segment_id);
  const nameOf = await segmentNames$1(shopId2, [...segmentIds.values()]);
  const countsBy = /* @__PURE__ */ new Map();
  const deliveredBy = /* @__PURE__ */ new Map();
  for (const r of counts.rows) {
    const k = key2(r.segment_id);
    const sum2 = countsBy.get(k) ?? {
      segment_id: r.segment_id,
      recipients: 0,
      excluded: 0,
      skipped: 0,
      holdout: 0,
      sent: 0,
      delivered: 0,
      read: 0,
      replied: 0,
      clicked: 0,
      failed: 0
    };
    for (const f of COUNT_FIELDS) sum2[f] += r[f];
    countsBy.set(k, sum2);
    if (r.delivered > 0) {
      deliveredBy.set(k, [
        ...deliveredBy.get(k) ?? [],
        {
          country: r.country,
          pricingCategory: r.pricing_category,
          templateCategory: campaign.template_category,
          count: r.delivered
        }
      ]);
    }
  }
  const ordersBy = new Map(orders.rows.map((r) => [key2(r.segment_id), r]));
  const optOutsBy = new Map(optOuts.rows.map((r) => [key2(r.segment_id), r.n]));
  const segments = [];
  for (const [k, segmentId] of segmentIds) {
    const n2 = countsBy.get(k);
    const o = ordersBy.get(k);
    segments.push(
      finish$1(
        {
          segmentId,
          segmentName: nameOf(segmentId),
          recipients: (n2 == null ? void 0 : n2.recipients) ?? 0,
          sent: (n2 == null ? void 0 : n2.sent) ?? 0,
          delivered: (n2 == null ? void 0 : n2.delivered) ?? 0,
          read: (n2 == null ? void 0 : n2.read) ?? 0,
          replied: (n2 == null ? void 0 : n2.replied) ?? 0,
          clicked: (n2 == null ? void 0 : n2.clicked) ?? 0,
          failed: (n2 == null ? void 0 : n2.failed) ?? 0,
          optOuts: optOutsBy.get(k) ?? 0,
          orders: (o == null ? void 0 : o.orders) ?? 0,
          converted: (o == null ? void 0 : o.converted) ?? 0,
          revenueMinor: (o == null ? void 0 : o.revenue) ?? "0",
          clickRevenueMinor: (o == null ? void 0 : o.click_revenue) ?? "0",
          viewRevenueMinor: (o == null ? void 0 : o.view_revenue) ?? "0"
        },
        costOf(prices, deliveredBy.get(k) ?? [])
      )
    );
  }
  segments.sort(
    (a, b) => BigInt(b.revenueMinor) > BigInt(a.revenueMinor) ? 1 : BigInt(b.revenueMinor) < BigInt(a.revenueMinor) ? -1 : b.sent - a.sent
  );
  const sum = (f) => segments.reduce((acc, s) => acc + f(s), 0);
  const sumBig = (f) => segments.reduce((acc, s) => acc + BigInt(f(s)), 0n).toString();
  const totals = finish$1(
    {
      segmentId: null,
      segmentName: "All segments",
      recipients: sum((s) => s.recipients),
      sent: sum((s) => s.sent),
      delivered: sum((s) => s.delivered),
      read: sum((s) => s.read),
      replied: sum((s) => s.replied),
      clicked: sum((s) => s.clicked),
      failed: sum((s) => s.failed),
      optOuts: sum((s) => s.optOuts),
      orders: sum((s) => s.orders),
      converted: sum((s) => s.converted),
      revenueMinor: sumBig((s) => s.revenueMinor),
      clickRevenueMinor: sumBig((s) => s.clickRevenueMinor),
      viewRevenueMinor: sumBig((s) => s.viewRevenueMinor)
    },
    costOf(prices, [...deliveredBy.values()].flat())
  );
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      startedAt: ((_a = campaign.started_at) == null ? void 0 : _a.toISOString()) ?? null,
      completedAt: ((_b = campaign.completed_at) == null ? void 0 : _b.toISOString()) ?? null,
      holdoutShare: campaign.holdout_share,
      templateName: campaign.template_name,
      templateCategory: campaign.template_category,
      discountCodes: campaign.discount_codes ?? []
    },
    currency: campaign.currency,
    exponent: campaign.currency_exponent,
    windows,
    costAvailable: prices.usdRate !== null,
    excluded: counts.rows.reduce((a, r) => a + r.excluded, 0),
    skipped: counts.rows.reduce((a, r) => a + r.skipped, 0),
    holdout: counts.rows.reduce((a, r) => a + r.holdout, 0),
    totals,
    segments,
    lift: liftReport(lift.rows, liftWindowHours, nameOf, opts.now ?? /* @__PURE__ */ new Date())
  };
}
function liftReport(rows, windowHours, nameOf, now) {
  if (!rows.some((r) => r.held_out)) return null;
  const empty = () => ({ n: 0, converted: 0, revenue: 0, revenueSquares: 0 });
  const add = (g, r) => {
    g.n += r.n;
    g.converted += r.converted;
    g.revenue += Number(r.revenue);
    g.revenueSquares += Number(r.squares);
  };
  const all = { messaged: empty(), holdout: empty() };
  const bySegment = /* @__PURE__ */ new Map();
  let lastStart = 0;
  for (const r of rows) {
    const k = r.segment_id === null ? "none" : String(r.segment_id);
    const entry2 = bySegment.get(k) ?? { segmentId: r.segment_id, messaged: empty(), holdout: empty() };
    add(r.held_out ? entry2.holdout : entry2.messaged, r);
    add(r.held_out ? all.holdout : all.messaged, r);
    bySegment.set(k, entry2);
    lastStart = Math.max(lastStart, r.last_start.getTime());
  }
  const measuredUntil = new Date(lastStart + windowHours * 36e5);
  return {
    windowHours,
    measuredUntil: measuredUntil.toISOString(),
    complete: measuredUntil <= now,
    campaign: serializeLift(computeLift(all.messaged, all.holdout)),
    segments: [...bySegment.values()].filter((s) => s.holdout.n > 0).map((s) => ({
      segmentId: s.segmentId,
      segmentName: nameOf(s.segmentId),
      lift: serializeLift(computeLift(s.messaged, s.holdout))
    }))
  };
}
const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+\d{1,15}$/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
function neutralise(text2) {
  if (!FORMULA_START.test(text2) || E164.test(text2) || PLAIN_NUMBER.test(text2)) return text2;
  return `'${text2}`;
}
function csvCell(value) {
  if (value === null || value === void 0) return "";
  const text2 = neutralise(String(value));
  return /[",\r\n]/.test(text2) ? `"${text2.replace(/"/g, '""')}"` : text2;
}
function csvLine(values) {
  return `${values.map(csvCell).join(",")}\r
`;
}
function sqlNeutralised(expr) {
  return `(CASE WHEN (${expr}) ~ '^[=+\\-@\\t\\r]' AND (${expr}) !~ '^\\+[0-9]{1,15}$' AND (${expr}) !~ '^-?[0-9]+(\\.[0-9]+)?$' THEN '''' || (${expr}) ELSE (${expr}) END)`;
}
const CSV_HEADERS = { "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store" };
function filename(campaign, what) {
  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "campaign";
  return `campaign-${campaign.id}-${slug}-${what}.csv`;
}
async function segmentTableCsv(opts) {
  const report = await getCampaignReport(opts);
  if (!report) return null;
  const money2 = (minor) => minor === null ? null : minorToDecimal(BigInt(minor), report.exponent);
  const cur = report.currency.toLowerCase();
  const inShopCurrency = report.costAvailable;
  const header = [
    "segment",
    "recipients",
    "sent",
    "delivered",
    "read",
    "replied",
    "clicked",
    "failed",
    "opt_outs",
    "orders",
    "buyers",
    `revenue_${cur}`,
    `revenue_per_recipient_${cur}`,
    "conversion_rate",
    inShopCurrency ? `messaging_cost_${cur}` : "messaging_cost_usd",
    `profit_after_messaging_${cur}`,
    "roi"
  ];
  const rows = [...report.segments, report.totals].map((s) => [
    s.segmentName,
    s.recipients,
    s.sent,
    s.delivered,
    s.read,
    s.replied,
    s.clicked,
    s.failed,
    s.optOuts,
    s.orders,
    s.converted,
    money2(s.revenueMinor),
    money2(s.revenuePerRecipientMinor),
    s.conversionRate.toFixed(4),
    inShopCurrency ? money2(s.costMinor) : (Number(s.costUsdMicros) / 1e6).toFixed(4),
    money2(s.profitMinor),
    s.roi === null ? null : s.roi.toFixed(2)
  ]);
  const lines = [header, ...rows].map((r) => Buffer.from(r.map(csvCell).join(",") + "\r\n", "utf8"));
  return new Response(Readable.toWeb(Readable.from(lines)), {
    headers: {
      ...CSV_HEADERS,
      "Content-Disposition": `attachment; filename="${filename(report.campaign, "segments")}"`
    }
  });
}
async function recipientOutcomesCsv(opts) {
  const { shopId: shopId2, campaignId } = opts;
  if (!Number.isSafeInteger(shopId2) || !Number.isSafeInteger(campaignId)) return null;
  const c = await pool().query(
    `SELECT c.id, c.name, s.currency_exponent, s.currency FROM campaigns c JOIN shops s ON s.id = c.shop_id WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId2, campaignId]
  );
  const campaign = c.rows[0];
  if (!campaign) return null;
  const scale2 = 10 ** campaign.currency_exponent;
  const sql = `COPY (
    SELECT r.id AS recipient_id, r.customer_id, ${sqlNeutralised("COALESCE(s.name, '')")} AS segment, r."group", r.status,
           ${sqlNeutralised("r.reason")} AS reason, ${sqlNeutralised("r.error_code::text")} AS error_code,
           ${sqlNeutralised("r.error_title")} AS error_title, r.country_code, r.pricing_category,
           to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS sent_at,
           to_char(r.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS delivered_at,
           to_char(r.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS read_at,
           to_char(r.clicked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS clicked_at,
           to_char(r.replied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS replied_at,
           COALESCE(a.orders, 0) AS credited_orders,
           (COALESCE(a.revenue, 0)::numeric / ${scale2})::numeric(24, ${campaign.currency_exponent})::text AS credited_revenue_${campaign.currency.toLowerCase().replace(/[^a-z]/g, "")},
           (ct.opted_out_at IS NOT NULL AND ct.opted_out_at >= r.sent_at) AS opted_out_after
    FROM recipients r
    LEFT JOIN segments s ON s.id = r.segment_id AND s.shop_id = r.shop_id
    LEFT JOIN (
      SELECT recipient_id, count(*) AS orders, sum(revenue_minor) AS revenue FROM attributions
      WHERE shop_id = ${shopId2} AND campaign_id = ${campaignId} GROUP BY recipient_id
    ) a ON a.recipient_id = r.id
    LEFT JOIN contacts ct ON ct.shop_id = r.shop_id AND ct.phone_e164 = r.phone_e164
    WHERE r.shop_id = ${shopId2} AND r.campaign_id = ${campaignId}
    ORDER BY r.id
  ) TO STDOUT WITH (FORMAT csv, HEADER true)`;
  const client2 = await pool().connect();
  const stream = client2.query(to(sql));
  let released = false;
  const release = (err) => {
    if (released) return;
    released = true;
    client2.release(err);
  };
  stream.on("end", () => release());
  stream.on("error", (err) => release(err));
  stream.on("close", () => release(stream.readableEnded ? void 0 : new Error("download cancelled")));
  return new Response(Readable.toWeb(stream), {
    headers: { ...CSV_HEADERS, "Content-Disposition": `attachment; filename="${filename(campaign, "recipients")}"` }
  });
}
const loader$u = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const campaignId = idParam(params.id, "Campaign");
  const response = Number.isSafeInteger(campaignId) && campaignId > 0 ? await recipientOutcomesCsv({ shopId: shop.id, campaignId }) : null;
  return response ?? new Response("Campaign not found", { status: 404 });
};
const route9 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$u
}, Symbol.toStringTag, { value: "Module" }));
const loader$t = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const campaignId = idParam(params.id, "Campaign");
  const response = Number.isSafeInteger(campaignId) && campaignId > 0 ? await segmentTableCsv({ shopId: shop.id, campaignId }) : null;
  return response ?? new Response("Campaign not found", { status: 404 });
};
const route10 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$t
}, Symbol.toStringTag, { value: "Module" }));
function containsPatterns(needles) {
  const unique = new Set(needles.map((n2) => n2 == null ? void 0 : n2.trim()).filter((n2) => !!n2 && n2.length >= 3));
  return [...unique].map((n2) => `%${n2.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
const NOT_APPLIED_REDACTED = "not applied: it names a customer erased by customers/redact";
async function scrubBodiesMentioning(c, shopId2, identifiers, alsoId) {
  const patterns = containsPatterns(identifiers);
  if (patterns.length === 0 && !alsoId) return 0;
  const res = await c.query(
    `UPDATE inbox_events
        SET body = '', body_scrubbed_at = now(),
            status = CASE WHEN status IN ('pending', 'deferred') THEN 'done'::"InboxStatus" ELSE status END,
            last_error = CASE WHEN status IN ('pending', 'deferred') THEN $4 ELSE last_error END,
            processed_at = CASE WHEN status IN ('pending', 'deferred') THEN now() ELSE processed_at END
      WHERE (id = $3::bigint)
         OR ((shop_id = $1 OR (shop_id IS NULL AND source = 'whatsapp'))
             AND status IN ('done', 'failed', 'pending', 'deferred') AND body_scrubbed_at IS NULL
             AND body LIKE ANY($2::text[]))`,
    [shopId2, patterns, alsoId ?? null, NOT_APPLIED_REDACTED]
  );
  return res.rowCount ?? 0;
}
async function buildCustomerExport(shopId2, customerIdValue) {
  var _a, _b;
  const customerId = String(customerIdValue);
  const db = pool();
  const [customer, contacts] = await Promise.all([
    db.query(`SELECT * FROM customers WHERE shop_id = $1 AND id = $2`, [shopId2, customerId]),
    db.query(`SELECT * FROM contacts WHERE shop_id = $1 AND customer_id = $2`, [shopId2, customerId])
  ]);
  const phones = [
    ...new Set(
      [(_a = customer.rows[0]) == null ? void 0 : _a.phone_e164, ...contacts.rows.map((c) => c.phone_e164)].filter((p) => !!p)
    )
  ];
  const [orders, attributions, consent, segments, segmentHistory, messages] = await Promise.all([
    db.query(
      `SELECT o.*,
              (SELECT json_agg(l ORDER BY l.id) FROM line_items l WHERE l.shop_id = o.shop_id AND l.order_id = o.id) AS line_items,
              (SELECT json_agg(r ORDER BY r.id) FROM refunds r WHERE r.shop_id = o.shop_id AND r.order_id = o.id) AS refunds
       FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2 ORDER BY o.shopify_created_at`,
      [shopId2, customerId]
    ),
    db.query(
      `SELECT a.* FROM attributions a JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       WHERE a.shop_id = $1 AND o.customer_id = $2 ORDER BY a.order_id`,
      [shopId2, customerId]
    ),
    db.query(
      `SELECT * FROM consent_events WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3::text[]))
       ORDER BY id`,
      [shopId2, customerId, phones]
    ),
    db.query(
      `SELECT s.id AS segment_id, s.name, m.entered_at FROM segment_members m JOIN segments s ON s.id = m.segment_id
       WHERE m.shop_id = $1 AND m.customer_id = $2 ORDER BY s.name`,
      [shopId2, customerId]
    ),
    db.query(
      `SELECT e.segment_id, s.name, e.change, e.at FROM segment_membership_events e
       LEFT JOIN segments s ON s.id = e.segment_id
       WHERE e.shop_id = $1 AND e.customer_id = $2 ORDER BY e.id`,
      [shopId2, customerId]
    ),
    db.query(
      `SELECT r.*, c.name AS campaign_name FROM recipients r JOIN campaigns c ON c.id = r.campaign_id
       WHERE r.shop_id = $1 AND (r.customer_id = $2 OR r.phone_e164 = ANY($3::text[])) ORDER BY r.id`,
      [shopId2, customerId, phones]
    )
  ]);
  const raw = await rawPayloadsFor(shopId2, [
    customerId,
    (_b = customer.rows[0]) == null ? void 0 : _b.email,
    ...phones,
    ...phones.map((p) => p.slice(1))
    // WhatsApp's wa_id: the number without "+"
  ]);
  return {
    customer: customer.rows[0] ?? null,
    orders: orders.rows,
    attributions: attributions.rows,
    whatsappContacts: contacts.rows,
    consentHistory: consent.rows,
    segments: segments.rows,
    segmentHistory: segmentHistory.rows,
    messages: messages.rows,
    rawWebhookPayloads: raw
  };
}
async function rawPayloadsFor(shopId2, identifiers) {
  const patterns = containsPatterns(identifiers);
  if (patterns.length === 0) return [];
  const { rows } = await pool().query(
    `SELECT source, topic, received_at, body FROM inbox_events
     WHERE (shop_id = $1 OR (shop_id IS NULL AND source = 'whatsapp')) AND body_scrubbed_at IS NULL
       AND body LIKE ANY($2::text[])
     ORDER BY id`,
    [shopId2, patterns]
  );
  return rows.map((r) => ({
    source: r.source,
    topic: r.topic,
    received_at: r.received_at.toISOString(),
    body: parseBody(r.body)
  }));
}
function parseBody(body) {
  try {
    return parseJsonWithBigInts(body);
  } catch {
    return body;
  }
}
async function recordDataRequest(shopId2, payload) {
  var _a;
  const customerId = toShopifyId(payload.customer.id);
  const requestId = String(((_a = payload.data_request) == null ? void 0 : _a.id) ?? customerId);
  const exported = await buildCustomerExport(shopId2, customerId);
  await pool().query(
    `INSERT INTO data_requests (shop_id, customer_id, request_id, export) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (shop_id, request_id) DO UPDATE SET export = EXCLUDED.export`,
    [shopId2, customerId, requestId, stringifyWithBigInts(exported)]
  );
  return exported;
}
async function listDataRequests(shopId2) {
  const { rows } = await pool().query(
    `SELECT r.id, r.request_id, r.customer_id::text, r.created_at, count(d.id)::int AS downloads,
            max(d.downloaded_at) AS last_at,
            (array_agg(d.downloaded_by ORDER BY d.downloaded_at DESC) FILTER (WHERE d.id IS NOT NULL))[1] AS last_by
     FROM data_requests r LEFT JOIN data_request_downloads d ON d.data_request_id = r.id AND d.shop_id = r.shop_id
     WHERE r.shop_id = $1 GROUP BY r.id ORDER BY r.created_at DESC, r.id DESC`,
    [shopId2]
  );
  return rows.map((r) => {
    var _a;
    return {
      id: r.id,
      requestId: r.request_id,
      customerId: r.customer_id,
      receivedAt: r.created_at.toISOString(),
      downloads: r.downloads,
      lastDownloadedAt: ((_a = r.last_at) == null ? void 0 : _a.toISOString()) ?? null,
      lastDownloadedBy: r.last_by
    };
  });
}
async function unansweredDataRequests(shopId2) {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM data_requests r
     WHERE r.shop_id = $1 AND NOT EXISTS (SELECT 1 FROM data_request_downloads d WHERE d.data_request_id = r.id)`,
    [shopId2]
  );
  return rows[0].n;
}
async function downloadDataRequest(opts) {
  const { rows } = await pool().query(
    `SELECT id, request_id, customer_id::text, created_at FROM data_requests WHERE shop_id = $1 AND id = $2`,
    [opts.shopId, opts.id]
  );
  const request2 = rows[0];
  if (!request2) return null;
  const exported = request2.customer_id ? await buildCustomerExport(opts.shopId, request2.customer_id) : null;
  await pool().query(
    `INSERT INTO data_request_downloads (shop_id, data_request_id, downloaded_by) VALUES ($1, $2, $3)`,
    [opts.shopId, request2.id, opts.downloadedBy]
  );
  const json2 = stringifyWithBigInts({
    dataRequest: {
      id: request2.request_id,
      customerId: request2.customer_id,
      receivedAt: request2.created_at.toISOString(),
      exportedAt: (/* @__PURE__ */ new Date()).toISOString()
    },
    ...exported ?? { customer: null }
  });
  return { requestId: request2.request_id, json: json2 };
}
function DownloadButton({
  url,
  label: label2,
  filename: filename2,
  onDownloaded
}) {
  const [state2, setState] = useState("idle");
  const download = async () => {
    var _a, _b;
    setState("loading");
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = ((_b = (_a = response.headers.get("Content-Disposition")) == null ? void 0 : _a.match(/filename="([^"]+)"/)) == null ? void 0 : _b[1]) ?? filename2;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 1e4);
      setState("idle");
      onDownloaded == null ? void 0 : onDownloaded();
    } catch {
      setState("error");
    }
  };
  return /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
    /* @__PURE__ */ jsx(Button, { icon: ExportIcon, onClick: download, loading: state2 === "loading", children: label2 }),
    state2 === "error" ? /* @__PURE__ */ jsx(Text, { as: "span", tone: "critical", children: "Download failed; try again." }) : null
  ] });
}
function EmptyMessage({
  heading,
  children,
  action: action2
}) {
  return /* @__PURE__ */ jsx(Box, { paddingBlock: "800", paddingInline: "400", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", inlineAlign: "center", children: [
    /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", alignment: "center", children: heading }),
    /* @__PURE__ */ jsx(Box, { maxWidth: "36rem", children: /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", alignment: "center", children }) }),
    action2 ? /* @__PURE__ */ jsx(Button, { url: action2.url, children: action2.content }) : null
  ] }) });
}
function RouteError({ title }) {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return /* @__PURE__ */ jsx(Page, { title, backAction: { content: "Dashboard", url: "/app" }, children: /* @__PURE__ */ jsx(
    Banner,
    {
      tone: notFound ? "warning" : "critical",
      title: notFound ? "Not found" : "This page could not be loaded",
      action: notFound ? void 0 : { content: "Try again", onAction: () => window.location.reload() },
      children: /* @__PURE__ */ jsx("p", { children: notFound ? "It does not exist in this store (or was deleted)." : "Something went wrong on our side while reading your data. Nothing was changed; try again in a moment." })
    }
  ) });
}
const partFormatters = /* @__PURE__ */ new Map();
function partsFormatter(timeZone) {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}
function zonedParts(instant, timeZone) {
  const out = {};
  for (const part of partsFormatter(timeZone).formatToParts(typeof instant === "number" ? new Date(instant) : instant))
    if (part.type !== "literal") out[part.type] = Number(part.value);
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second
  };
}
const pad = (n2, width = 2) => String(n2).padStart(width, "0");
function formatInZone(iso, timeZone, opts = {}) {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    ...opts.dateOnly ? {} : { hour: "numeric", minute: "2-digit", timeZoneName: "short" }
  }).format(d);
}
function localInputValue(iso, timeZone) {
  const p = zonedParts(typeof iso === "string" ? new Date(iso) : iso, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
const loader$s = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  return { requests: await listDataRequests(shop.id), timeZone: shop.ianaTimezone };
};
function DataRequests() {
  const { requests, timeZone } = useLoaderData();
  const loading = useNavigation().state === "loading";
  const revalidator = useRevalidator();
  const when2 = (iso) => formatInZone(iso, timeZone);
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: "Data requests",
      subtitle: "Customers who asked Shopify for the data this app holds about them",
      backAction: { content: "Settings", url: "/app/settings" },
      children: /* @__PURE__ */ jsxs(Layout, { children: [
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { padding: "0", children: loading ? /* @__PURE__ */ jsx("div", { style: { padding: "1rem" }, children: /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 4 }) }) : requests.length === 0 ? /* @__PURE__ */ jsx(EmptyMessage, { heading: "No data requests", children: "When a customer asks your store for their data, Shopify forwards the request here and you can download everything the app holds about them." }) : /* @__PURE__ */ jsx(
          IndexTable,
          {
            resourceName: { singular: "data request", plural: "data requests" },
            itemCount: requests.length,
            selectable: false,
            headings: [{ title: "Received" }, { title: "Customer" }, { title: "Status" }, { title: "Export" }],
            children: requests.map((r, index) => /* @__PURE__ */ jsxs(IndexTable.Row, { id: String(r.id), position: index, children: [
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: when2(r.receivedAt) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: r.customerId ? `Customer ${r.customerId}` : "Customer no longer held" }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: r.lastDownloadedAt ? /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
                /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Downloaded" }),
                /* @__PURE__ */ jsx(Text, { as: "span", variant: "bodySm", tone: "subdued", children: `${when2(r.lastDownloadedAt)}${r.downloads > 1 ? ` (${r.downloads} times)` : ""}` })
              ] }) : /* @__PURE__ */ jsx(Badge, { tone: "attention", children: "Not answered" }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(
                DownloadButton,
                {
                  url: `/app/settings/data-requests/${r.id}.json`,
                  label: "Download JSON",
                  filename: `data-request-${r.requestId}.json`,
                  onDownloaded: () => revalidator.revalidate()
                }
              ) })
            ] }, r.id))
          }
        ) }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "The export is built when you download it: the customer record, WhatsApp contacts and consent history, orders, segment memberships, messages sent, and the raw webhook payloads still kept. Send it to the customer; every download is recorded with who made it and when." }) })
      ] })
    }
  );
}
function ErrorBoundary$a() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Data requests" });
}
const route11 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$a,
  default: DataRequests,
  loader: loader$s
}, Symbol.toStringTag, { value: "Module" }));
const loader$r = async ({ request: request2, params }) => {
  const { shop, user } = await requireShop(request2);
  const found2 = await downloadDataRequest({
    shopId: shop.id,
    id: idParam(params.id, "Data request"),
    downloadedBy: user
  });
  if (!found2) throw new Response("Data request not found", { status: 404 });
  return new Response(found2.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="data-request-${found2.requestId.replace(/[^\w.-]/g, "_")}.json"`,
      "Cache-Control": "no-store"
    }
  });
};
const route12 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$r
}, Symbol.toStringTag, { value: "Module" }));
const CAMPAIGN_STATUS = {
  draft: { label: "Draft", tone: void 0, progress: "incomplete" },
  scheduled: { label: "Scheduled", tone: "info", progress: "incomplete" },
  testing: { label: "Testing", tone: "attention", progress: "partiallyComplete" },
  awaiting_decision: { label: "Waiting for you", tone: "warning", progress: "partiallyComplete" },
  running: { label: "Sending", tone: "info", progress: "partiallyComplete" },
  paused: { label: "Paused", tone: "warning", progress: "partiallyComplete" },
  completed: { label: "Completed", tone: "success", progress: "complete" },
  cancelled: { label: "Cancelled", tone: void 0, progress: "complete" },
  failed: { label: "Failed", tone: "critical", progress: "complete" }
};
function campaignStatus(status) {
  return CAMPAIGN_STATUS[status] ?? { label: status, tone: void 0 };
}
const ACTIVE_STATUSES = ["testing", "running", "awaiting_decision", "paused"];
const EDITABLE = ["draft", "scheduled"];
const PROGRESS_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "failed",
  "unknown",
  "skipped",
  "excluded",
  "holdout"
];
const RECIPIENT_STATUS = {
  queued: { label: "Queued", color: "#B5B5B5" },
  sending: { label: "Sending", color: "#91D0FF" },
  sent: { label: "Sent", color: "#51C0FF" },
  delivered: { label: "Delivered", color: "#0094D5" },
  read: { label: "Read", color: "#29845A" },
  failed: { label: "Failed", color: "#E51C00" },
  unknown: { label: "Outcome unknown", color: "#FFB800" },
  skipped: { label: "Skipped", color: "#8A8A8A" },
  excluded: { label: "Excluded", color: "#616161" },
  holdout: { label: "Holdout (not sent)", color: "#9E77ED" }
};
const NOT_SENT = {
  holdout: "kept out at random to measure the lift",
  excluded: "left out when the audience was taken, each with its reason",
  skipped: "in the audience but not sent: an opt-out before the send, a cancellation or an empty value"
};
const REASON = {
  invalid_phone: {
    label: "No valid mobile number",
    help: "No phone, not a valid international number, or a landline."
  },
  customer_deleted: { label: "Customer deleted", help: "The customer was deleted in Shopify." },
  opted_out: { label: "Opted out", help: "The customer asked not to receive WhatsApp promotions." },
  unreachable: {
    label: "Not on WhatsApp",
    help: "Meta said this number is not on WhatsApp (131026) in the last 30 days."
  },
  cool_down: {
    label: "Meta's marketing limit",
    help: "Meta limited marketing to this person in the last 24 hours (131049)."
  },
  no_consent: { label: "No consent", help: "No opt-in recorded for this number." },
  blocked_country: {
    label: "Country blocked by Meta",
    help: "Meta delivers no marketing templates to this country (US numbers since April 2025)."
  },
  frequency_cap: {
    label: "Frequency cap",
    help: "Already received the most marketing messages your cap allows (Settings → Campaigns)."
  },
  duplicate_phone: {
    label: "Duplicate phone",
    help: "Another targeted customer has the same phone number; it gets one message."
  },
  cancelled: { label: "Campaign cancelled", help: "The campaign was cancelled before this message was sent." },
  empty_parameter: {
    label: "Empty template value",
    help: "A template variable had no value and no fallback: WhatsApp would refuse the message."
  },
  no_answer: {
    label: "No answer from WhatsApp",
    help: "The send was interrupted (a worker stopped, or WhatsApp did not answer) and no status arrived: it is never sent again, so nobody gets it twice."
  }
};
function reasonLabel(reason) {
  var _a;
  if (!reason) return "";
  return ((_a = REASON[reason]) == null ? void 0 : _a.label) ?? reason.replace(/_/g, " ");
}
function unknownNotice(unknown) {
  if (unknown <= 0) return null;
  const n2 = unknown.toLocaleString("en");
  const who = unknown === 1 ? `${n2} recipient may or may not have` : `${n2} recipients may or may not have`;
  return {
    title: `${n2} ${unknown === 1 ? "recipient" : "recipients"} with an unknown outcome`,
    body: `${who} received the message: the worker stopped after sending the request and Meta's status never arrived. ${unknown === 1 ? "It is" : "They are"} not sent again, so nobody gets the message twice; a status that still arrives from WhatsApp updates ${unknown === 1 ? "it" : "them"}. Recipients whose request had not left yet were sent normally.`
  };
}
const ORDER = [
  "read",
  "delivered",
  "sent",
  "sending",
  "queued",
  "failed",
  "unknown",
  "skipped",
  "holdout",
  "excluded"
];
function CampaignProgress({ progress }) {
  const done = progress.toSend ? Math.round(progress.done / progress.toSend * 100) : 0;
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", children: [
      /* @__PURE__ */ jsx(
        Text,
        {
          as: "span",
          fontWeight: "semibold",
          children: `${progress.done.toLocaleString("en")} of ${progress.toSend.toLocaleString("en")} messages processed (${done}%)`
        }
      ),
      /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: `${progress.total.toLocaleString("en")} customers in the snapshot` })
    ] }),
    /* @__PURE__ */ jsx("div", { "data-testid": "campaign-progress", children: /* @__PURE__ */ jsx(
      ProgressBar,
      {
        progress: done,
        tone: progress.failed > 0 && progress.failed > progress.delivered ? "critical" : "primary"
      }
    ) }),
    progress.total > 0 ? /* @__PURE__ */ jsx("div", { style: { display: "flex", height: 14, borderRadius: 4, overflow: "hidden" }, "aria-hidden": true, children: ORDER.filter((s) => progress[s] > 0).map((s) => /* @__PURE__ */ jsx(
      "div",
      {
        title: `${RECIPIENT_STATUS[s].label}: ${progress[s]}`,
        style: { flex: progress[s], background: RECIPIENT_STATUS[s].color }
      },
      s
    )) }) : null,
    /* @__PURE__ */ jsx(InlineStack, { gap: "400", wrap: true, children: ORDER.map((s) => (
      // the report explains holdout / excluded / skipped with the same words (labels NOT_SENT)
      /* @__PURE__ */ jsx("span", { title: s in NOT_SENT ? NOT_SENT[s] : void 0, children: /* @__PURE__ */ jsxs(InlineStack, { gap: "100", blockAlign: "center", children: [
        /* @__PURE__ */ jsx(
          "span",
          {
            style: {
              width: 10,
              height: 10,
              borderRadius: 2,
              background: RECIPIENT_STATUS[s].color,
              display: "inline-block"
            }
          }
        ),
        /* @__PURE__ */ jsx(
          Text,
          {
            as: "span",
            variant: "bodySm",
            children: `${RECIPIENT_STATUS[s].label} ${progress[s].toLocaleString("en")}`
          }
        )
      ] }) }, s)
    )) })
  ] });
}
function UnknownRecipientsBanner({ notice }) {
  if (!notice) return null;
  return /* @__PURE__ */ jsx(Banner, { tone: "warning", title: notice.title, children: /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodyMd", children: /* @__PURE__ */ jsx("span", { "data-testid": "unknown-notice", children: notice.body }) }) });
}
function startJobId(campaignId, scheduledAt) {
  return `campaign-start-${campaignId}-${scheduledAt.getTime()}`;
}
function dispatchJobId(campaignId, tag) {
  return tag ? `campaign-dispatch-${campaignId}-${tag}` : `campaign-dispatch-${campaignId}`;
}
async function bookStart(shopId2, campaignId, scheduledAt, now = /* @__PURE__ */ new Date()) {
  const jobId = startJobId(campaignId, scheduledAt);
  await enqueue(
    "campaign.start",
    { shopId: shopId2, campaignId },
    { jobId, delay: Math.max(0, scheduledAt.getTime() - now.getTime()) }
  );
  return jobId;
}
async function unbookStart(campaignId, scheduledAt) {
  if (!scheduledAt) return false;
  try {
    return await queue("campaigns").remove(startJobId(campaignId, scheduledAt)) === 1;
  } catch {
    return false;
  }
}
async function queueDispatch(shopId2, campaignId, tag) {
  await enqueue("campaign.dispatch", { shopId: shopId2, campaignId }, { jobId: dispatchJobId(campaignId, tag) });
}
const PAUSED_BY_MERCHANT = "Paused by you.";
const FINISHED = ["completed", "cancelled", "failed"];
async function currentStatus(shopId2, campaignId) {
  var _a;
  const { rows } = await pool().query(
    `SELECT status FROM campaigns WHERE shop_id = $1 AND id = $2`,
    [shopId2, campaignId]
  );
  return (_a = rows[0]) == null ? void 0 : _a.status;
}
async function refused(shopId2, campaignId, action2) {
  const status = await currentStatus(shopId2, campaignId);
  if (!status) return { ok: false, error: "Campaign not found." };
  return { ok: false, status, error: `A ${status.replace("_", " ")} campaign cannot be ${action2}.` };
}
async function pauseCampaign(opts) {
  const { rows } = await pool().query(
    `UPDATE campaigns SET status = 'paused', paused_reason = $3, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status IN ('running', 'testing', 'awaiting_decision') RETURNING status`,
    [opts.shopId, opts.campaignId, opts.reason ?? PAUSED_BY_MERCHANT]
  );
  return rows[0] ? { ok: true, status: rows[0].status } : refused(opts.shopId, opts.campaignId, "paused");
}
async function resumeCampaign(opts) {
  const { rows } = await pool().query(
    `UPDATE campaigns c SET paused_reason = NULL, updated_at = now(),
       status = CASE WHEN c.test_share > 0
                      AND NOT EXISTS (SELECT 1 FROM recipients r WHERE r.campaign_id = c.id AND r.shop_id = c.shop_id
                                      AND r."group" = 'main' AND r.status NOT IN ('queued', 'excluded', 'holdout', 'skipped'))
                      AND EXISTS (SELECT 1 FROM recipients r WHERE r.campaign_id = c.id AND r.shop_id = c.shop_id AND r."group" = 'test')
                     THEN 'testing'::"CampaignStatus" ELSE 'running'::"CampaignStatus" END
     WHERE c.shop_id = $1 AND c.id = $2 AND c.status = 'paused' RETURNING c.status`,
    [opts.shopId, opts.campaignId]
  );
  if (!rows[0]) return refused(opts.shopId, opts.campaignId, "resumed");
  await queueDispatch(opts.shopId, opts.campaignId, `resume-${Date.now()}`);
  return { ok: true, status: rows[0].status };
}
async function approveRollout(opts) {
  const { rows } = await pool().query(
    `UPDATE campaigns SET status = 'running', paused_reason = NULL, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status = 'awaiting_decision' RETURNING status`,
    [opts.shopId, opts.campaignId]
  );
  if (!rows[0]) return refused(opts.shopId, opts.campaignId, "rolled out");
  await queueDispatch(opts.shopId, opts.campaignId, `rollout-${Date.now()}`);
  return { ok: true, status: rows[0].status };
}
async function cancelCampaign(opts) {
  const out = await withTransaction(async (db) => {
    const { rows } = await db.query(
      `SELECT status, scheduled_at FROM campaigns WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
      [opts.shopId, opts.campaignId]
    );
    const c = rows[0];
    if (!c) return null;
    if (FINISHED.includes(c.status)) return { before: c.status, scheduledAt: c.scheduled_at, skipped: -1 };
    await db.query(
      `UPDATE campaigns SET status = 'cancelled', completed_at = now(), updated_at = now() WHERE shop_id = $1 AND id = $2`,
      [opts.shopId, opts.campaignId]
    );
    const skipped = await db.query(
      // Claimed rows not yet attempted (sending, sending_at NULL) are cancelled too: their dispatcher's attempt mark
      // then finds them no longer its own and does not send them. Attempted rows are left to their answer.
      `UPDATE recipients SET status = 'skipped', reason = 'cancelled', lease_id = NULL, lease_until = NULL
       WHERE shop_id = $1 AND campaign_id = $2 AND (status = 'queued' OR (status = 'sending' AND sending_at IS NULL))`,
      [opts.shopId, opts.campaignId]
    );
    return { before: c.status, scheduledAt: c.scheduled_at, skipped: skipped.rowCount ?? 0 };
  });
  if (!out) return { ok: false, error: "Campaign not found." };
  if (out.skipped < 0) return { ok: false, status: out.before, error: `A ${out.before} campaign cannot be cancelled.` };
  if (out.before === "scheduled") await unbookStart(opts.campaignId, out.scheduledAt);
  return { ok: true, status: "cancelled", skipped: out.skipped };
}
const FIELDS = {
  "customer.first_name": { label: "First name", group: "Customer", format: "text" },
  "customer.last_name": { label: "Last name", group: "Customer", format: "text" },
  "customer.full_name": { label: "Full name", group: "Customer", format: "text" },
  "customer.email": { label: "Email", group: "Customer", format: "text" },
  "customer.city": { label: "City", group: "Customer", format: "text" },
  "customer.province": { label: "State / province", group: "Customer", format: "text" },
  "customer.country": { label: "Country", group: "Customer", format: "country" },
  "customer.orders_count": { label: "Number of orders", group: "Customer", format: "number" },
  "customer.total_spent": { label: "Total spent (net of refunds)", group: "Customer", format: "money" },
  "customer.average_order_value": { label: "Average order value", group: "Customer", format: "money" },
  "customer.first_order_date": { label: "First order date", group: "Customer", format: "date" },
  "customer.days_since_last_order": { label: "Days since last order", group: "Customer", format: "number" },
  "order.last_name": { label: "Last order number", group: "Last order", format: "text", help: "e.g. #1042" },
  "order.last_total": { label: "Last order total", group: "Last order", format: "money" },
  "order.last_date": { label: "Last order date", group: "Last order", format: "date" },
  "product.last_title": { label: "Last purchased product", group: "Product", format: "text" },
  "product.last_path": {
    label: "Last purchased product page",
    group: "Product",
    format: "path",
    help: "products/<handle>, for a URL button ending in {{1}}"
  },
  "product.top_title": { label: "Most purchased product", group: "Product", format: "text" },
  "product.top_path": {
    label: "Most purchased product page",
    group: "Product",
    format: "path",
    help: "products/<handle>"
  },
  "segment.name": {
    label: "Segment name",
    group: "Segment",
    format: "text",
    help: "the segment the customer was targeted through"
  },
  "shop.name": { label: "Store name", group: "Store", format: "text" }
};
const FIELD_KEYS = Object.keys(FIELDS);
function clean(value) {
  return (value ?? "").replace(/\s+/g, " ").trim();
}
function formatField(field, raw, ctx, now = /* @__PURE__ */ new Date()) {
  if (raw === null || raw === void 0 || raw === "") return "";
  const def = FIELDS[field];
  try {
    switch (def.format) {
      case "money":
        return formatMoney(BigInt(raw), ctx.currency, ctx.currencyExponent, ctx.locale);
      case "date":
        return new Intl.DateTimeFormat(ctx.locale, { dateStyle: "long", timeZone: ctx.timeZone }).format(new Date(raw));
      case "number":
        if (field === "customer.days_since_last_order") {
          return String(Math.max(0, Math.floor((now.getTime() - new Date(raw).getTime()) / 864e5)));
        }
        return new Intl.NumberFormat(ctx.locale).format(Number(raw));
      case "country":
        return new Intl.DisplayNames([ctx.locale], { type: "region" }).of(raw.toUpperCase()) ?? raw;
      case "path":
        return raw.split("/").map(encodeURIComponent).join("/");
      default:
        return clean(raw);
    }
  } catch {
    return clean(raw);
  }
}
function localeOf(language) {
  const tag = language.replace("_", "-");
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "en";
  } catch {
    return "en";
  }
}
const OPT_OUT_PAYLOAD = "SEGWA_STOP";
const fieldKey = z.enum(FIELD_KEYS, { error: "Choose a field" });
const bindingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("field"), field: fieldKey, fallback: z.string().max(200).default("") }),
  z.object({ kind: z.literal("text"), text: z.string().max(1e3) }),
  z.object({ kind: z.literal("media"), link: z.string().max(2e3) }),
  z.object({ kind: z.literal("payload"), payload: z.string().max(256) })
]);
const mappingSchema = z.object({
  version: z.literal(1).default(1),
  params: z.record(z.string(), bindingSchema).default({})
});
function asTemplateLike(t) {
  return { name: t.name, language: t.language, parameterFormat: t.parameterFormat, components: t.components };
}
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const MEDIA = /* @__PURE__ */ new Set(["IMAGE", "VIDEO", "DOCUMENT"]);
function placeholdersOf(text2) {
  const out = [];
  for (const m2 of (text2 ?? "").matchAll(PLACEHOLDER)) if (!out.includes(m2[1])) out.push(m2[1]);
  return out;
}
function component(t, type) {
  return t.components.find((c) => String(c.type).toUpperCase() === type);
}
function examples(t, which) {
  var _a, _b, _c, _d, _e;
  const c = component(t, which === "header" ? "HEADER" : "BODY");
  const out = {};
  const named = which === "header" ? (_a = c == null ? void 0 : c.example) == null ? void 0 : _a.header_text_named_params : (_b = c == null ? void 0 : c.example) == null ? void 0 : _b.body_text_named_params;
  for (const n2 of named ?? []) out[n2.param_name] = n2.example;
  const positional = which === "header" ? (_c = c == null ? void 0 : c.example) == null ? void 0 : _c.header_text : (_e = (_d = c == null ? void 0 : c.example) == null ? void 0 : _d.body_text) == null ? void 0 : _e[0];
  (positional ?? []).forEach((v, i) => out[String(i + 1)] = v);
  return out;
}
function templateSlots(t) {
  var _a, _b, _c;
  const slots = [];
  const header = component(t, "HEADER");
  if (header) {
    const format = String(header.format ?? "TEXT").toUpperCase();
    if (format === "TEXT") {
      const ex = examples(t, "header");
      for (const key2 of placeholdersOf(header.text)) {
        slots.push({
          id: "header",
          component: "header",
          kind: "text",
          key: key2,
          label: `Header {{${key2}}}`,
          example: ex[key2]
        });
      }
    } else if (MEDIA.has(format)) {
      slots.push({
        id: "header",
        component: "header",
        kind: "media",
        key: format.toLowerCase(),
        label: `Header ${format.toLowerCase()}`,
        mediaFormat: format,
        example: (_b = (_a = header.example) == null ? void 0 : _a.header_handle) == null ? void 0 : _b[0]
      });
    }
  }
  const body = component(t, "BODY");
  const bodyEx = examples(t, "body");
  for (const key2 of placeholdersOf(body == null ? void 0 : body.text)) {
    slots.push({
      id: `body.${key2}`,
      component: "body",
      kind: "text",
      key: key2,
      label: `Body {{${key2}}}`,
      example: bodyEx[key2]
    });
  }
  (((_c = component(t, "BUTTONS")) == null ? void 0 : _c.buttons) ?? []).forEach((b, index) => {
    var _a2;
    const type = String(b.type).toUpperCase();
    const base = { component: "button", key: String(index), buttonIndex: index, buttonText: b.text };
    if (type === "URL" && placeholdersOf(b.url).length) {
      const example = Array.isArray(b.example) ? b.example[0] : b.example;
      slots.push({
        ...base,
        id: `button.${index}`,
        kind: "url",
        label: `“${b.text ?? "Link"}” button link`,
        urlTemplate: b.url,
        example: urlSuffixExample(b.url, example)
      });
    } else if (type === "QUICK_REPLY") {
      slots.push({ ...base, id: `button.${index}`, kind: "quick_reply", label: `“${b.text ?? "Reply"}” quick reply` });
    } else if (type === "COPY_CODE") {
      slots.push({
        ...base,
        id: `button.${index}`,
        kind: "copy_code",
        label: `“${b.text ?? "Copy code"}” coupon code`,
        example: typeof b.example === "string" ? b.example : (_a2 = b.example) == null ? void 0 : _a2[0]
      });
    }
  });
  return slots;
}
function urlSuffixExample(url, example) {
  if (!url || !example) return void 0;
  const prefix = url.split(PLACEHOLDER)[0] ?? "";
  return example.startsWith(prefix) ? example.slice(prefix.length) : void 0;
}
function isStopButton(text2) {
  return /\b(stop|unsubscribe|opt[\s-]?out|no more|baja|parar|arr[eê]t|abmelden)\b/i.test(text2 ?? "");
}
function suggestMapping(t) {
  const params = {};
  let firstText = true;
  for (const s of templateSlots(t)) {
    if (s.kind === "quick_reply")
      params[s.id] = {
        kind: "payload",
        payload: isStopButton(s.buttonText) ? OPT_OUT_PAYLOAD : `QUICK_REPLY_${s.key}`
      };
    else if (s.kind === "text") {
      const guess = guessField(s.key, firstText) ?? guessFromExample(s.example);
      if (guess)
        params[s.id] = { kind: "field", field: guess, fallback: guess === "customer.first_name" ? "there" : "" };
      firstText = false;
    }
  }
  return { version: 1, params };
}
function guessField(key2, first) {
  const k = key2.toLowerCase();
  if (/^(first_?name|name|customer_?name)$/.test(k)) return "customer.first_name";
  if (/^last_?name$/.test(k)) return "customer.last_name";
  if (/^(shop|store)_?name$/.test(k)) return "shop.name";
  if (/^(product|product_?name)$/.test(k)) return "product.last_title";
  if (/^order_?(number|name)$/.test(k)) return "order.last_name";
  if (first && k === "1") return "customer.first_name";
  return null;
}
function guessFromExample(example) {
  return example && /^#\d{3,}$/.test(example.trim()) ? "order.last_name" : null;
}
function mappingState(t, saved) {
  if (templateSlots(t).length === 0) return "none";
  if (!saved) return "unsaved";
  return mappingIssues(t, saved).length ? "incomplete" : "saved";
}
function parametersToMap(t, saved) {
  const slots = templateSlots(t);
  if (!saved) return slots.length;
  return new Set(mappingIssues(t, saved).map((i) => i.slot)).size;
}
function mappingIssues(t, mapping) {
  var _a;
  const issues = [];
  for (const s of templateSlots(t)) {
    const b = mapping.params[s.id];
    if (!b) {
      issues.push({ slot: s.id, message: `${s.label} is not mapped` });
      continue;
    }
    const expected = {
      text: ["field", "text"],
      url: ["field", "text"],
      copy_code: ["field", "text"],
      media: ["media"],
      quick_reply: ["payload"]
    };
    if (!expected[s.kind].includes(b.kind)) {
      issues.push({ slot: s.id, message: `${s.label} cannot take a ${b.kind} value` });
      continue;
    }
    if (b.kind === "text" && !clean(b.text)) issues.push({ slot: s.id, message: `${s.label}: enter a text` });
    if (b.kind === "media" && !/^https:\/\/\S+$/.test(b.link))
      issues.push({ slot: s.id, message: `${s.label}: enter an https:// link to the ${(_a = s.mediaFormat) == null ? void 0 : _a.toLowerCase()}` });
    if (b.kind === "payload" && !b.payload.trim()) issues.push({ slot: s.id, message: `${s.label}: enter a payload` });
    if (s.kind === "copy_code" && b.kind === "text" && clean(b.text).length > 15) {
      issues.push({ slot: s.id, message: `${s.label}: coupon codes are at most 15 characters` });
    }
  }
  return issues;
}
const HEADER_MAX = 60;
function resolve(b, row, ctx, now) {
  if (!b) return { value: "", missing: true, usedFallback: false };
  switch (b.kind) {
    case "text":
      return { value: clean(b.text), missing: !clean(b.text), usedFallback: false };
    case "media":
      return { value: b.link.trim(), missing: !b.link.trim(), usedFallback: false };
    case "payload":
      return { value: b.payload.trim(), missing: !b.payload.trim(), usedFallback: false };
    case "field": {
      const raw = b.field === "shop.name" ? row["shop.name"] ?? ctx.shopName ?? null : row[b.field];
      const value = clean(formatField(b.field, raw, ctx, now));
      if (value) return { value, missing: false, usedFallback: false };
      const fallback = clean(b.fallback);
      return { value: fallback, missing: !fallback, usedFallback: !!fallback };
    }
  }
}
function withTracking(suffix, campaignId, recipientRef) {
  const [beforeHash, ...hash] = suffix.split("#");
  const params = new URLSearchParams({
    utm_source: "whatsapp",
    utm_medium: "campaign",
    utm_campaign: String(campaignId)
  });
  if (recipientRef) params.set("r", recipientRef);
  const joiner = beforeHash.includes("?") ? beforeHash.endsWith("?") || beforeHash.endsWith("&") ? "" : "&" : "?";
  return `${beforeHash}${joiner}${params.toString()}${hash.length ? `#${hash.join("#")}` : ""}`;
}
function renderComponents(t, mapping, row, ctx, now = /* @__PURE__ */ new Date()) {
  const named = t.parameterFormat === "NAMED";
  const missing = [];
  const usedFallback = [];
  const components = [];
  const headerParams = [];
  const bodyParams = [];
  const header = component(t, "HEADER");
  const headerStatic = ((header == null ? void 0 : header.text) ?? "").replace(PLACEHOLDER, "").length;
  for (const s of templateSlots(t)) {
    const v = resolve(mapping.params[s.id], row, ctx, now);
    if (v.missing) missing.push(s.id);
    if (v.usedFallback) usedFallback.push(s.id);
    const text2 = (p) => named && s.kind === "text" ? { type: "text", text: p, parameter_name: s.key } : { type: "text", text: p };
    if (s.component === "header" && s.kind === "media") {
      const media = { link: v.value };
      const fmt = s.mediaFormat.toLowerCase();
      components.push({
        type: "header",
        parameters: [
          fmt === "image" ? { type: "image", image: media } : fmt === "video" ? { type: "video", video: media } : { type: "document", document: media }
        ]
      });
    } else if (s.component === "header") {
      headerParams.push(text2(v.value.slice(0, Math.max(1, HEADER_MAX - headerStatic))));
    } else if (s.component === "body") {
      bodyParams.push(text2(v.value));
    } else if (s.kind === "url") {
      components.push({
        type: "button",
        sub_type: "url",
        index: s.key,
        parameters: [{ type: "text", text: withTracking(v.value, ctx.campaignId, ctx.recipientRef) }]
      });
    } else if (s.kind === "quick_reply") {
      components.push({
        type: "button",
        sub_type: "quick_reply",
        index: s.key,
        parameters: [{ type: "payload", payload: v.value }]
      });
    } else if (s.kind === "copy_code") {
      components.push({
        type: "button",
        sub_type: "copy_code",
        index: s.key,
        parameters: [{ type: "coupon_code", coupon_code: v.value }]
      });
    }
  }
  if (headerParams.length) components.unshift({ type: "header", parameters: headerParams });
  if (bodyParams.length) {
    const at = components.findIndex((c) => c.type === "button");
    components.splice(at === -1 ? components.length : at, 0, { type: "body", parameters: bodyParams });
  }
  return { components, missing, usedFallback };
}
function previewTemplate(t, rendered) {
  var _a, _b, _c, _d, _e, _f;
  const params = (type) => {
    const c = rendered.components.find((x) => x.type === type);
    return ((c == null ? void 0 : c.parameters) ?? []).map((p) => "text" in p ? p.text : "");
  };
  const fill = (text2, values, named2) => {
    const keys2 = placeholdersOf(text2);
    return (text2 ?? "").replace(PLACEHOLDER, (_m, key2) => {
      const i = named2 ? keys2.indexOf(key2) : Number(key2) - 1;
      return values[i] || `{{${key2}}}`;
    });
  };
  const named = t.parameterFormat === "NAMED";
  const header = component(t, "HEADER");
  const format = String((header == null ? void 0 : header.format) ?? "TEXT").toUpperCase();
  let headerPreview = null;
  if (header && format === "TEXT") headerPreview = { text: fill(header.text, params("header"), named) };
  else if (header && MEDIA.has(format)) {
    const c = rendered.components.find((x) => x.type === "header");
    const p = c == null ? void 0 : c.parameters[0];
    headerPreview = { mediaFormat: format, link: ((_a = p == null ? void 0 : p.image) == null ? void 0 : _a.link) ?? ((_b = p == null ? void 0 : p.video) == null ? void 0 : _b.link) ?? ((_c = p == null ? void 0 : p.document) == null ? void 0 : _c.link) };
  }
  const buttons = (((_d = component(t, "BUTTONS")) == null ? void 0 : _d.buttons) ?? []).map((b, index) => {
    const rendered_ = rendered.components.find((c) => c.type === "button" && c.index === String(index));
    const type = String(b.type).toUpperCase();
    if (type === "URL") {
      const suffix = rendered_ && rendered_.type === "button" && rendered_.sub_type === "url" ? rendered_.parameters[0].text : "";
      return { type, text: b.text ?? "", url: (b.url ?? "").replace(PLACEHOLDER, suffix) };
    }
    if (type === "QUICK_REPLY") {
      const payload = rendered_ && rendered_.type === "button" && rendered_.sub_type === "quick_reply" ? rendered_.parameters[0].payload : void 0;
      return { type, text: b.text ?? "", payload };
    }
    return { type, text: b.text ?? "" };
  });
  return {
    header: headerPreview,
    body: fill((_e = component(t, "BODY")) == null ? void 0 : _e.text, params("body"), named),
    footer: ((_f = component(t, "FOOTER")) == null ? void 0 : _f.text) ?? null,
    buttons
  };
}
const num = (message) => z.preprocess(
  (v) => typeof v === "string" ? v.trim() === "" ? void 0 : Number(v) : v,
  z.number({ error: message }).refine(Number.isFinite, { error: message })
);
const percent$2 = (max, label2) => num(`${label2}: enter a number from 0 to ${max}`).pipe(
  z.number().min(0, { error: `${label2} cannot be negative` }).max(max, { error: `${label2} is at most ${max}%` })
);
const json = (schema2) => z.preprocess((v) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return void 0;
  }
}, schema2);
const SUGGESTED_HOLDOUT_PERCENT = 10;
const DEFAULT_TEST_WAIT_MINUTES = 60;
const DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT = 90;
const DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT = 2;
const segmentChoiceSchema = z.object({
  segmentId: z.number().int().positive(),
  holdoutPercent: z.number().min(0, { error: "Holdout cannot be negative" }).max(50, { error: "Holdout is at most 50% of a segment" })
});
const discountCodesSchema = z.preprocess(
  (v) => typeof v === "string" ? v.split(/[,;\r\n]+/) : v,
  z.array(z.string()).transform((codes) => [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))]).pipe(
    z.array(
      z.string().max(255, { error: "A discount code is at most 255 characters" }).refine((c) => !/\s/.test(c), {
        error: (issue) => `"${String(issue.input)}" has a space: discount codes cannot contain spaces. Separate codes with commas.`
      })
    ).max(20, { error: "At most 20 discount codes" })
  )
);
const campaignFormSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the campaign" }).max(120, { error: "Keep the name under 120 characters" }),
  templateId: num("Choose a template").pipe(z.number().int().positive({ error: "Choose a template" })),
  mapping: json(
    z.custom((v) => typeof v === "object" && v !== null, {
      error: "The variable mapping could not be read"
    }).pipe(mappingSchema)
  ),
  segments: json(
    z.array(segmentChoiceSchema, { error: "Choose at least one segment" }).min(1, { error: "Choose at least one segment" }).max(10, { error: "At most 10 segments per campaign" }).refine((list2) => new Set(list2.map((s) => s.segmentId)).size === list2.length, {
      error: "A segment is listed twice"
    })
  ),
  discountCodes: discountCodesSchema.default([]),
  testPercent: percent$2(50, "Test share").default(0),
  testWaitMinutes: num("Waiting time: enter minutes").pipe(
    z.number().int().min(5, { error: "Wait at least 5 minutes for delivery receipts" }).max(2880, { error: "Wait at most 48 hours" })
  ).default(DEFAULT_TEST_WAIT_MINUTES),
  rolloutMinDeliveryPercent: percent$2(100, "Minimum delivery rate").default(DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT),
  rolloutMaxOptOutPercent: percent$2(100, "Maximum opt-out rate").default(DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT),
  quietHours: z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean()).default(false),
  quietStart: num("Quiet hours start: choose an hour").pipe(z.number().int().min(0).max(23)).default(21),
  quietEnd: num("Quiet hours end: choose an hour").pipe(z.number().int().min(0).max(23)).default(9),
  /** draft: just save; now: start as soon as possible; later: at scheduledLocal in the shop's time zone */
  when: z.enum(["draft", "now", "later"], { error: "Choose when to send" }).default("draft"),
  /** "YYYY-MM-DDTHH:mm", the shop's local time */
  scheduledLocal: z.string().trim().optional()
}).superRefine((v, ctx) => {
  if (v.quietHours && v.quietStart === v.quietEnd)
    ctx.addIssue({
      code: "custom",
      path: ["quietEnd"],
      message: "Quiet hours must end at a different hour than they start"
    });
  if (v.when === "later" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v.scheduledLocal ?? "")) {
    ctx.addIssue({ code: "custom", path: ["scheduledLocal"], message: "Choose the date and time to send" });
  }
});
function fieldErrors(error) {
  var _a;
  const out = {};
  for (const issue of error.issues) out[_a = String(issue.path[0] ?? "form")] ?? (out[_a] = issue.message);
  return out;
}
const ERROR_FIELDS = {
  mapping: ["mapping", "templateId"],
  scheduledLocal: ["scheduledLocal", "when"],
  quietEnd: ["quietEnd", "quietStart", "quietHours"]
};
function liveFieldErrors(errors, submitted, current) {
  if (!submitted) return errors;
  const out = {};
  for (const [key2, message] of Object.entries(errors)) {
    const fields = ERROR_FIELDS[key2] ?? [key2];
    const changed = fields.some((f) => JSON.stringify(submitted[f]) !== JSON.stringify(current[f]));
    if (key2 === "form" || !changed) out[key2] = message;
  }
  return out;
}
function pastTimeMessage(timeZone) {
  return `That time has already passed in your store's time zone (${timeZone}). Choose a later time, or send as soon as it is scheduled.`;
}
function hourLabel(h) {
  return `${String(h).padStart(2, "0")}:00`;
}
async function readShopFormat(shopId2, db = pool()) {
  var _a;
  const { rows } = await db.query(`SELECT currency, currency_exponent, iana_timezone, name, country_code FROM shops WHERE id = $1`, [shopId2]);
  const shop = rows[0];
  if (!shop) throw new Error(`shop ${shopId2} not found`);
  const currency = shop.currency.trim();
  return {
    currency,
    currencyExponent: shop.currency_exponent,
    currencySymbol: currencySymbol(currency),
    timeZone: shop.iana_timezone,
    name: shop.name,
    countryCode: ((_a = shop.country_code) == null ? void 0 : _a.trim()) || null
  };
}
function currencySymbol(currency) {
  var _a;
  try {
    const parts = new Intl.NumberFormat("en", {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol"
    }).formatToParts(0);
    return ((_a = parts.find((p) => p.type === "currency")) == null ? void 0 : _a.value) ?? `${currency} `;
  } catch {
    return `${currency} `;
  }
}
async function sendableTemplates(shopId2) {
  const { rows } = await pool().query(
    `SELECT id, name, language, category, status, parameter_format, components, default_mapping FROM whatsapp_templates
     WHERE shop_id = $1 AND status = 'APPROVED' AND upper(category) IN ('MARKETING', 'UTILITY') ORDER BY name, language`,
    [shopId2]
  );
  return rows;
}
async function validateReferences(shopId2, form, db) {
  const errors = {};
  const t = await db.query(
    `SELECT name, language, category, status, parameter_format, components FROM whatsapp_templates WHERE shop_id = $1 AND id = $2`,
    [shopId2, form.templateId]
  );
  const template = t.rows[0];
  if (!template) errors.templateId = "Choose a template";
  else if (template.status !== "APPROVED")
    errors.templateId = `${template.name} is ${template.status.toLowerCase()} at Meta: only approved templates can be sent`;
  else if (!["MARKETING", "UTILITY"].includes(template.category.toUpperCase()))
    errors.templateId = `${template.name} is an ${template.category.toLowerCase()} template: campaigns send marketing or utility templates`;
  else {
    const issues = mappingIssues(
      asTemplateLike({
        name: template.name,
        language: template.language,
        parameterFormat: template.parameter_format,
        components: template.components
      }),
      form.mapping
    );
    if (issues.length) errors.mapping = issues.map((i) => i.message).join("; ");
  }
  const ids = form.segments.map((s2) => s2.segmentId);
  const s = await db.query(
    `SELECT id FROM segments WHERE shop_id = $1 AND id = ANY($2::int[]) AND deleted_at IS NULL`,
    [shopId2, ids]
  );
  if (s.rows.length !== ids.length) errors.segments = "A chosen segment no longer exists";
  return errors;
}
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const PAST_TOLERANCE_MS = 6e4;
async function localToInstant(db, local, timeZone) {
  const { rows } = await db.query(`SELECT ($1::timestamp AT TIME ZONE $2) AS at`, [local, timeZone]);
  return rows[0].at;
}
async function saveCampaign(opts) {
  const parsed = campaignFormSchema.safeParse(opts.input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  const now = opts.now ?? /* @__PURE__ */ new Date();
  const tx = await withTransaction(
    async (db) => {
      var _a;
      const errors = await validateReferences(opts.shopId, form, db);
      if (Object.keys(errors).length) return { ok: false, errors };
      const { timeZone } = await readShopFormat(opts.shopId, db);
      let scheduledAt = null;
      if (form.when === "now") scheduledAt = now;
      if (form.when === "later") {
        scheduledAt = await localToInstant(db, form.scheduledLocal, timeZone);
        if (scheduledAt.getTime() < now.getTime() - PAST_TOLERANCE_MS)
          return { ok: false, errors: { scheduledLocal: pastTimeMessage(timeZone) } };
      }
      const plannedAt = form.when === "draft" && form.scheduledLocal && LOCAL_TIME.test(form.scheduledLocal) ? await localToInstant(db, form.scheduledLocal, timeZone) : null;
      if (scheduledAt) {
        const account = await db.query(
          `SELECT status, status_reason FROM whatsapp_accounts WHERE shop_id = $1`,
          [opts.shopId]
        );
        const a = account.rows[0];
        if (!a)
          return {
            ok: false,
            errors: { form: "Connect your WhatsApp number in Settings before scheduling a campaign." }
          };
        if (a.status !== "connected")
          return {
            ok: false,
            errors: {
              form: `Your WhatsApp connection cannot send right now (${a.status_reason ?? a.status.replace(/_/g, " ")}). Fix it in Settings first.`
            }
          };
      }
      let previous2;
      if (opts.campaignId !== void 0) {
        const cur = await db.query(
          `SELECT status, scheduled_at FROM campaigns WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
          [opts.shopId, opts.campaignId]
        );
        if (!cur.rows[0]) return { ok: false, errors: { form: "Campaign not found" } };
        if (!EDITABLE.includes(cur.rows[0].status))
          return {
            ok: false,
            errors: { form: `A ${cur.rows[0].status.replace("_", " ")} campaign can no longer be edited` }
          };
        previous2 = { status: cur.rows[0].status, scheduledAt: cur.rows[0].scheduled_at };
      }
      const status = scheduledAt ? "scheduled" : "draft";
      const values = [
        opts.shopId,
        form.name,
        status,
        form.templateId,
        JSON.stringify(form.mapping),
        scheduledAt ?? plannedAt,
        form.testPercent / 100,
        form.testWaitMinutes,
        form.rolloutMinDeliveryPercent / 100,
        form.rolloutMaxOptOutPercent / 100,
        (((_a = form.segments[0]) == null ? void 0 : _a.holdoutPercent) ?? 0) / 100,
        form.quietHours ? form.quietStart : null,
        form.quietHours ? form.quietEnd : null,
        form.discountCodes
      ];
      let id2;
      if (opts.campaignId === void 0) {
        const ins = await db.query(
          `INSERT INTO campaigns (shop_id, name, status, template_id, mapping, scheduled_at, test_share, test_wait_minutes,
           rollout_min_delivery_rate, rollout_max_opt_out_rate, holdout_share, quiet_hours_start, quiet_hours_end, discount_codes, updated_at)
         VALUES ($1, $2, $3::"CampaignStatus", $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14::text[], now()) RETURNING id`,
          values
        );
        id2 = ins.rows[0].id;
      } else {
        id2 = opts.campaignId;
        await db.query(
          `UPDATE campaigns SET name = $2, status = $3::"CampaignStatus", template_id = $4, mapping = $5::jsonb, scheduled_at = $6, test_share = $7,
           test_wait_minutes = $8, rollout_min_delivery_rate = $9, rollout_max_opt_out_rate = $10, holdout_share = $11,
           quiet_hours_start = $12, quiet_hours_end = $13, discount_codes = $14::text[], updated_at = now()
         WHERE shop_id = $1 AND id = $15`,
          [...values, id2]
        );
        await db.query(`DELETE FROM campaign_segments WHERE shop_id = $1 AND campaign_id = $2`, [opts.shopId, id2]);
      }
      await db.query(
        `INSERT INTO campaign_segments (campaign_id, segment_id, shop_id, position, holdout_share)
       SELECT $2, s.segment_id, $1, s.ord - 1, s.share FROM unnest($3::int[], $4::float8[]) WITH ORDINALITY AS s(segment_id, share, ord)`,
        [opts.shopId, id2, form.segments.map((s) => s.segmentId), form.segments.map((s) => s.holdoutPercent / 100)]
      );
      return { ok: true, campaignId: id2, status, scheduledAt: (scheduledAt == null ? void 0 : scheduledAt.toISOString()) ?? null, previous: previous2 };
    }
  );
  if (!tx.ok) return tx;
  const { previous, ...result } = tx;
  const newAt = result.scheduledAt ? new Date(result.scheduledAt) : null;
  if ((previous == null ? void 0 : previous.scheduledAt) && previous.status === "scheduled" && previous.scheduledAt.getTime() !== (newAt == null ? void 0 : newAt.getTime())) {
    await unbookStart(result.campaignId, previous.scheduledAt);
  }
  if (newAt) {
    try {
      await bookStart(opts.shopId, result.campaignId, newAt, now);
    } catch {
      return {
        ...result,
        warning: "Scheduled. The job queue is unavailable right now; the campaign will be queued automatically within a minute."
      };
    }
  }
  return result;
}
async function getCampaign(shopId2, campaignId) {
  const { rows } = await pool().query(
    `SELECT c.*, t.name AS template_name, t.category AS template_category FROM campaigns c
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId2, campaignId]
  );
  const c = rows[0];
  if (!c) return null;
  const segs = await pool().query(
    `SELECT cs.segment_id, g.name, cs.holdout_share, (g.id IS NULL OR g.deleted_at IS NOT NULL) AS deleted
     FROM campaign_segments cs LEFT JOIN segments g ON g.shop_id = cs.shop_id AND g.id = cs.segment_id
     WHERE cs.shop_id = $1 AND cs.campaign_id = $2 ORDER BY cs.position, cs.segment_id`,
    [shopId2, campaignId]
  );
  const iso = (d) => d ? d.toISOString() : null;
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    templateId: c.template_id,
    templateName: c.template_name,
    templateCategory: c.template_category,
    mapping: c.mapping,
    scheduledAt: iso(c.scheduled_at),
    startedAt: iso(c.started_at),
    completedAt: iso(c.completed_at),
    testShare: c.test_share,
    testWaitMinutes: c.test_wait_minutes,
    rolloutMinDeliveryRate: c.rollout_min_delivery_rate,
    rolloutMaxOptOutRate: c.rollout_max_opt_out_rate,
    quietHoursStart: c.quiet_hours_start,
    quietHoursEnd: c.quiet_hours_end,
    pausedReason: c.paused_reason,
    discountCodes: c.discount_codes ?? [],
    segments: segs.rows.map((s) => ({
      segmentId: s.segment_id,
      name: s.name ?? `Segment ${s.segment_id}`,
      holdoutShare: s.holdout_share ?? c.holdout_share,
      deleted: s.deleted
    }))
  };
}
async function segmentChoices(shopId2) {
  const { rows } = await pool().query(
    `SELECT id, name, member_count FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY name`,
    [shopId2]
  );
  return rows.map((r) => ({ id: r.id, name: r.name, members: Number(r.member_count) }));
}
function emptyProgress() {
  const p = Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0]));
  p.total = 0;
  p.toSend = 0;
  p.done = 0;
  return p;
}
function finish(p) {
  p.total = PROGRESS_STATUSES.reduce((a, s) => a + p[s], 0);
  p.toSend = p.total - p.excluded - p.holdout;
  p.done = p.toSend - p.queued - p.sending;
  return p;
}
async function campaignProgress(shopId2, campaignId) {
  return (await progressOf(shopId2, [campaignId])).get(campaignId) ?? emptyProgress();
}
async function progressOf(shopId2, campaignIds) {
  const out = /* @__PURE__ */ new Map();
  if (!campaignIds.length) return out;
  const { rows } = await pool().query(
    `SELECT campaign_id, status, count(*)::int AS n FROM recipients WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1, 2`,
    [shopId2, campaignIds]
  );
  for (const r of rows) {
    const p = out.get(r.campaign_id) ?? emptyProgress();
    p[r.status] = r.n;
    out.set(r.campaign_id, p);
  }
  for (const p of out.values()) finish(p);
  return out;
}
const LOG_PAGE = 50;
async function recipientLog(opts) {
  const limit = opts.limit ?? LOG_PAGE;
  const status = opts.status && PROGRESS_STATUSES.includes(opts.status) ? opts.status : null;
  const after = opts.after && /^\d{1,19}$/.test(opts.after) ? opts.after : null;
  const { rows } = await pool().query(
    `SELECT r.id::text, r.customer_id::text, NULLIF(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS name, r.phone_e164, r.country_code,
            g.name AS segment, r."group", r.status, r.reason, r.error_code, r.error_title,
            COALESCE(r.failed_at, r.read_at, r.delivered_at, r.sent_at, r.sending_at, r.created_at) AS at, r.not_before
     FROM recipients r
     LEFT JOIN customers c ON c.shop_id = r.shop_id AND c.id = r.customer_id
     LEFT JOIN segments g ON g.shop_id = r.shop_id AND g.id = r.segment_id
     WHERE r.shop_id = $1 AND r.campaign_id = $2 AND ($3::"RecipientStatus" IS NULL OR r.status = $3::"RecipientStatus")
       AND ($4::bigint IS NULL OR r.id > $4::bigint)
     ORDER BY r.id LIMIT $5`,
    [opts.shopId, opts.campaignId, status, after, limit + 1]
  );
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      name: r.name,
      phone: r.phone_e164,
      country: r.country_code,
      segment: r.segment,
      group: r.group,
      status: r.status,
      reason: r.reason,
      errorCode: r.error_code,
      errorTitle: r.error_title,
      at: r.at ? r.at.toISOString() : null,
      notBefore: r.not_before ? r.not_before.toISOString() : null
    })),
    next: rows.length > limit ? page[page.length - 1].id : null
  };
}
const FIELD_SQL = {
  "customer.first_name": { sql: "c.first_name" },
  "customer.last_name": { sql: "c.last_name" },
  "customer.full_name": { sql: "nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), '')" },
  "customer.email": { sql: "c.email" },
  "customer.city": { sql: "c.city" },
  "customer.province": { sql: "c.province" },
  "customer.country": { sql: "c.country_code" },
  "customer.orders_count": { sql: "nullif(c.orders_count, 0)::text" },
  "customer.total_spent": { sql: "CASE WHEN c.orders_count > 0 THEN c.net_spent_minor::text END" },
  "customer.average_order_value": { sql: "CASE WHEN c.orders_count > 0 THEN c.aov_minor::text END" },
  "customer.first_order_date": {
    sql: `to_char(c.first_order_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
  },
  "customer.days_since_last_order": {
    sql: `to_char(c.last_order_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
  },
  "order.last_name": { sql: "lo.name", joins: ["last_order"] },
  "order.last_total": { sql: "lo.total_minor::text", joins: ["last_order"] },
  "order.last_date": {
    sql: `to_char(lo.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    joins: ["last_order"]
  },
  "product.last_title": { sql: "lp.title", joins: ["last_order", "last_product"] },
  "product.last_path": {
    sql: "CASE WHEN lp.handle IS NOT NULL THEN 'products/' || lp.handle END",
    joins: ["last_order", "last_product"]
  },
  "product.top_title": { sql: "tp.title", joins: ["top_product"] },
  "product.top_path": {
    sql: "CASE WHEN tp.handle IS NOT NULL THEN 'products/' || tp.handle END",
    joins: ["top_product"]
  },
  "segment.name": { sql: "sg.name", joins: ["segment"] },
  "shop.name": { sql: "sh.name" }
};
const CTE_SQL = {
  last_order: `lo AS (
      SELECT DISTINCT ON (o.customer_id) o.customer_id, o.id, o.name, o.total_minor, coalesce(o.processed_at, o.shopify_created_at) AS at
      FROM orders o JOIN (SELECT DISTINCT customer_id FROM t) tc ON o.customer_id = tc.customer_id
      WHERE o.shop_id = $1 AND NOT o.test AND o.cancelled_at IS NULL
      ORDER BY o.customer_id, coalesce(o.processed_at, o.shopify_created_at) DESC, o.id DESC)`,
  last_product: `lp AS (
      SELECT DISTINCT ON (li.order_id) li.order_id, coalesce(p.title, li.title) AS title, p.handle
      FROM lo JOIN line_items li ON li.shop_id = $1 AND li.order_id = lo.id
      LEFT JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id
      WHERE li.current_quantity > 0
      ORDER BY li.order_id, li.price_minor * li.current_quantity DESC, li.id)`,
  top_product: `tp AS (
      SELECT DISTINCT ON (x.customer_id) x.customer_id, x.title, x.handle FROM (
        SELECT o.customer_id, max(coalesce(p.title, li.title)) AS title, max(p.handle) AS handle,
               sum(li.current_quantity) AS qty, max(coalesce(o.processed_at, o.shopify_created_at)) AS last_at
        FROM orders o JOIN (SELECT DISTINCT customer_id FROM t) tc ON o.customer_id = tc.customer_id
        JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
        LEFT JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id
        WHERE o.shop_id = $1 AND NOT o.test AND o.cancelled_at IS NULL AND li.current_quantity > 0
        GROUP BY o.customer_id, coalesce(li.product_id::text, li.title)) x
      ORDER BY x.customer_id, x.qty DESC, x.last_at DESC)`
};
const JOIN_SQL = {
  last_order: `LEFT JOIN lo ON lo.customer_id = c.id`,
  last_product: `LEFT JOIN lp ON lp.order_id = lo.id`,
  top_product: `LEFT JOIN tp ON tp.customer_id = c.id`,
  segment: `LEFT JOIN segments sg ON sg.shop_id = c.shop_id AND sg.id = t.segment_id`
};
const JOIN_ORDER = ["last_order", "last_product", "top_product", "segment"];
function fieldsOf(mapping) {
  const out = /* @__PURE__ */ new Set();
  for (const b of Object.values(mapping.params)) if (b.kind === "field" && b.field in FIELDS) out.add(b.field);
  return [...out];
}
function selectFor(fields) {
  const needed = /* @__PURE__ */ new Set();
  for (const f of fields) for (const j of FIELD_SQL[f].joins ?? []) needed.add(j);
  const used = JOIN_ORDER.filter((j) => needed.has(j));
  return {
    columns: fields.map((f) => `${FIELD_SQL[f].sql} AS "${f}"`).join(",\n       "),
    ctes: used.filter((j) => j !== "segment").map((j) => `, ${CTE_SQL[j]}`).join("\n     "),
    joins: used.map((j) => JOIN_SQL[j]).join("\n     ")
  };
}
async function loadRecipientFields(args, db = pool()) {
  const out = /* @__PURE__ */ new Map();
  if (!args.recipients.length) return out;
  const fields = args.fields.length ? args.fields : ["customer.first_name"];
  const { columns, ctes, joins } = selectFor(fields);
  const { rows } = await db.query(
    `WITH t AS (SELECT * FROM unnest($2::bigint[], $3::int[]) AS t(customer_id, segment_id))
     ${ctes}
     SELECT c.id::text AS __customer_id, ${columns}
     FROM t JOIN customers c ON c.shop_id = $1 AND c.id = t.customer_id
     JOIN shops sh ON sh.id = c.shop_id
     ${joins}`,
    [args.shopId, args.recipients.map((r) => String(r.customerId)), args.recipients.map((r) => r.segmentId ?? null)]
  );
  for (const r of rows) {
    const { __customer_id, ...values } = r;
    out.set(__customer_id, values);
  }
  return out;
}
async function countEmptyParameters(args, db = pool()) {
  const slots = templateSlots(args.template).filter((s) => {
    var _a;
    return ((_a = args.mapping.params[s.id]) == null ? void 0 : _a.kind) === "field";
  });
  const fields = [...new Set(slots.map((s) => args.mapping.params[s.id].field))];
  const { columns, ctes, joins } = selectFor(fields.length ? fields : ["customer.first_name"]);
  const filters = ["count(*)::int AS total"];
  slots.forEach((s, i) => {
    const b = args.mapping.params[s.id];
    const empty = `nullif(btrim(f."${b.field}"), '') IS NULL`;
    const hasFallback = b.fallback.trim() !== "";
    filters.push(`count(*) FILTER (WHERE ${empty})::int AS e${i}`);
    filters.push(`${hasFallback ? "true" : "false"} AS fb${i}`);
  });
  const members = args.segmentId === null ? `SELECT c0.id AS customer_id, NULL::int AS segment_id FROM customers c0 WHERE c0.shop_id = $1 AND c0.phone_valid AND c0.deleted_at IS NULL` : `SELECT m.customer_id, m.segment_id FROM segment_members m JOIN customers c0 ON c0.shop_id = m.shop_id AND c0.id = m.customer_id
         WHERE m.shop_id = $1 AND m.segment_id = $2 AND c0.phone_valid AND c0.deleted_at IS NULL`;
  const params = args.segmentId === null ? [args.shopId] : [args.shopId, args.segmentId];
  const sql = `WITH t AS NOT MATERIALIZED (${members})
     ${ctes},
     f AS (SELECT ${columns}
           FROM t JOIN customers c ON c.shop_id = $1 AND c.id = t.customer_id
           JOIN shops sh ON sh.id = c.shop_id
           ${joins})
     SELECT ${filters.join(", ")} FROM f`;
  const { rows } = db instanceof pg.Pool ? await withTransaction(async (c) => {
    await c.query(`SET LOCAL work_mem = '64MB'`);
    return c.query(sql, params);
  }) : await db.query(sql, params);
  const r = rows[0];
  return {
    total: Number(r.total ?? 0),
    slots: slots.map((s, i) => {
      const n2 = Number(r[`e${i}`] ?? 0);
      return { slot: s.id, label: s.label, usingFallback: r[`fb${i}`] ? n2 : 0, empty: r[`fb${i}`] ? 0 : n2 };
    })
  };
}
function sendEndpointFor(category) {
  return (category ?? "").toUpperCase() === "MARKETING" ? "marketing_messages" : "messages";
}
const SECOND = 1e3;
const MINUTE = 60 * SECOND;
const HOUR$1 = 60 * MINUTE;
const RATE_LIMIT_CODES = {
  throughput: 130429,
  pairRate: 131056,
  spamRateLimit: 131048
};
const PER_USER_COOL_DOWN_MS = 24 * HOUR$1;
const retry = (meaning, retryAfterMs, extra = {}) => ({
  class: "retry",
  scope: "request",
  meaning,
  retryAfterMs,
  maxAttempts: 5,
  ...extra
});
const permanent = (meaning, scope = "recipient", extra = {}) => ({
  class: "permanent",
  scope,
  meaning,
  ...extra
});
const stop = (meaning, scope = "shop", extra = {}) => ({
  class: "stop",
  scope,
  meaning,
  ...extra
});
const TOKEN = stop("The access token is invalid or expired: reconnect WhatsApp in Settings.");
const PERMISSION = stop(
  "The token lacks a WhatsApp permission (whatsapp_business_messaging / management) or it was revoked."
);
const POLICIES = {
  0: TOKEN,
  190: TOKEN,
  3: PERMISSION,
  10: PERMISSION,
  131005: PERMISSION,
  4: retry("Meta's app-level API call limit was reached.", 60 * SECOND, { scope: "shop", pacing: "api_call_rate" }),
  80007: retry("The WhatsApp Business Account's API call limit was reached.", 60 * SECOND, {
    scope: "shop",
    pacing: "api_call_rate"
  }),
  100: permanent("A parameter of the request is invalid or unsupported.", "request"),
  368: stop("The WhatsApp Business Account is temporarily restricted for policy violations: campaigns are paused."),
  130403: permanent("This customer is blocked by the business."),
  130429: retry("The number's messages-per-second throughput was reached.", SECOND, {
    scope: "number",
    pacing: "throughput",
    maxAttempts: 20
  }),
  130472: permanent("The customer is part of a Meta marketing experiment: not sent and not billed."),
  130497: permanent("The business may not message customers in this country."),
  131e3: retry("Meta reported an unknown error.", 5 * SECOND, { maxAttempts: 3 }),
  131008: permanent("A required template parameter is missing (e.g. an empty variable).", "request"),
  131009: permanent("A parameter value is not valid.", "request"),
  131016: retry("WhatsApp is temporarily unavailable.", 30 * SECOND, { scope: "number" }),
  131021: permanent("The recipient is the business's own number."),
  131026: permanent(
    "The message could not be delivered: the number is not on WhatsApp or cannot receive it.",
    "recipient",
    { contactEffect: "unreachable" }
  ),
  131031: stop("The business account is locked (policy or two-step PIN)."),
  131042: stop("There is a billing or payment problem on the WhatsApp Business Account."),
  131045: stop("The business number is not registered correctly."),
  133010: stop("The business number is not registered with the Cloud API."),
  131047: permanent("More than 24 hours passed since the customer last wrote: only a template can be sent."),
  131048: stop(
    "Too many earlier messages were blocked or flagged as spam: sending from this number is paused for hours.",
    "number",
    {
      retryAfterMs: 6 * HOUR$1,
      pacing: "spam_rate_limit"
    }
  ),
  131049: permanent(
    "Meta held the message back to keep engagement healthy (per-customer marketing limit); not billed.",
    "recipient",
    {
      retryAfterMs: PER_USER_COOL_DOWN_MS,
      pacing: "per_user_marketing_cap",
      contactEffect: "cool_down"
    }
  ),
  131050: permanent("The customer stopped marketing messages from this business.", "recipient", {
    contactEffect: "opt_out"
  }),
  131051: permanent("Unsupported message type.", "request"),
  131052: permanent("Media sent by the customer could not be downloaded.", "request"),
  131053: permanent("The header media could not be uploaded: fix the media link.", "template"),
  131056: retry("Too many messages to this customer in a short time.", 6 * SECOND, {
    scope: "recipient",
    pacing: "pair_rate"
  }),
  131057: retry("The business account is in maintenance mode (e.g. a throughput upgrade).", 90 * SECOND, {
    scope: "number"
  }),
  131063: stop(
    "Marketing templates are disabled on the Cloud API for this account: use the Marketing Messages API or re-enable them.",
    "shop"
  ),
  131064: stop("Messaging is limited after a template mis-classification.", "shop", { retryAfterMs: 24 * HOUR$1 }),
  132e3: permanent("The number of parameters does not match the template: fix the mapping.", "template"),
  132001: permanent("The template does not exist in this language or is not approved: re-sync templates.", "template"),
  132005: permanent("A filled-in text is too long: shorten the values.", "request"),
  132007: permanent("The template content violates WhatsApp policy.", "template"),
  132012: permanent("A parameter has the wrong format (e.g. the header needs an image).", "template"),
  132015: stop("The template is paused for low quality: campaigns using it wait.", "template", {
    retryAfterMs: 3 * HOUR$1
  }),
  132016: permanent("The template was disabled for low quality: use another template.", "template"),
  135e3: permanent("Unknown error in the request parameters.", "request")
};
function errorPolicy(code) {
  if (code === null || code === void 0) return POLICIES[131e3];
  const known = POLICIES[code];
  if (known) return known;
  if (code >= 200 && code <= 299) return PERMISSION;
  return { ...POLICIES[131e3], meaning: `Meta error ${code}.` };
}
Object.keys(POLICIES).map(Number);
class WhatsAppApiError extends Error {
  constructor(message, code, httpStatus, details = null, fbtraceId = null, subcode = null) {
    super(message);
    __publicField(this, "name", "WhatsAppApiError");
    __publicField(this, "policy");
    this.code = code;
    this.httpStatus = httpStatus;
    this.details = details;
    this.fbtraceId = fbtraceId;
    this.subcode = subcode;
    this.policy = code === null ? (
      // No answer at all (connection reset, timeout): the request may or may not have reached Meta.
      {
        class: "retry",
        scope: "request",
        meaning: "WhatsApp could not be reached.",
        retryAfterMs: 5 * SECOND,
        maxAttempts: 5
      }
    ) : errorPolicy(code);
  }
  get class() {
    return this.policy.class;
  }
  /** True when the request may have been accepted although we got no answer (a send must not be retried blindly). */
  get outcomeUnknown() {
    return this.code === null;
  }
  get isThroughputLimit() {
    return this.code === RATE_LIMIT_CODES.throughput;
  }
  get isPairRateLimit() {
    return this.code === RATE_LIMIT_CODES.pairRate;
  }
  get isSpamRateLimit() {
    return this.code === RATE_LIMIT_CODES.spamRateLimit;
  }
}
const PHONE_FIELDS = "id,display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit";
const WABA_FIELDS = "id,name,whatsapp_business_manager_messaging_limit,marketing_messages_onboarding_status";
const TEMPLATE_FIELDS = "id,name,language,status,category,components,parameter_format,quality_score,rejected_reason";
const MAX_TEMPLATE_PAGES = 100;
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 1e4 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 1e4 })
};
const targets = /* @__PURE__ */ new WeakMap();
function targetOf(url) {
  let t = targets.get(url);
  if (!t) {
    t = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port,
      path: `${url.pathname}${url.search}`
    };
    targets.set(url, t);
  }
  return t;
}
function request(url, method, token, body, timeoutMs) {
  const lib = url.protocol === "https:" ? https : http;
  const agent = agents[url.protocol];
  if (!agent) return Promise.reject(new WhatsAppApiError(`unsupported protocol ${url.protocol}`, 100, null));
  return new Promise((resolve2, reject) => {
    const req = lib.request(
      {
        ...targetOf(url),
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...body !== void 0 ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } : {}
        },
        timeout: timeoutMs
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve2({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => reject(transportError(err)));
      }
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => reject(transportError(err)));
    req.end(body);
  });
}
function transportError(err) {
  return new WhatsAppApiError(`WhatsApp Cloud API unreachable: ${err.message}`, null, null);
}
function parseAnswer(res) {
  var _a;
  let parsed;
  try {
    parsed = res.body ? JSON.parse(res.body) : {};
  } catch {
    throw new WhatsAppApiError(
      `unexpected non-JSON answer (HTTP ${res.status})`,
      res.status >= 500 ? 131e3 : 135e3,
      res.status
    );
  }
  const err = parsed.error;
  if (res.status >= 400 || err) {
    const code = typeof (err == null ? void 0 : err.code) === "number" ? err.code : 131e3;
    const details = ((_a = err == null ? void 0 : err.error_data) == null ? void 0 : _a.details) ?? null;
    const message = `${(err == null ? void 0 : err.message) ?? `HTTP ${res.status}`}${details ? ` — ${details}` : ""}`;
    throw new WhatsAppApiError(message, code, res.status, details, (err == null ? void 0 : err.fbtrace_id) ?? null, (err == null ? void 0 : err.error_subcode) ?? null);
  }
  return parsed;
}
class WhatsAppClient {
  constructor(creds, opts) {
    __publicField(this, "base");
    __publicField(this, "timeoutMs");
    /** the send endpoints, built once: a dispatcher calls them thousands of times a second */
    __publicField(this, "sendUrls", /* @__PURE__ */ new Map());
    this.creds = creds;
    this.opts = opts;
    this.base = new URL(opts.graphUrl.replace(/\/+$/, "") + "/");
    this.timeoutMs = opts.timeoutMs ?? 15e3;
  }
  get phoneNumberId() {
    return this.creds.phoneNumberId;
  }
  get wabaId() {
    return this.creds.wabaId;
  }
  url(path, query = {}) {
    const u = new URL(`${this.opts.version}/${path}`, this.base);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  }
  async call(method, url, body) {
    const res = await request(
      url,
      method,
      this.creds.accessToken,
      body === void 0 ? void 0 : JSON.stringify(body),
      this.timeoutMs
    );
    return parseAnswer(res);
  }
  /** Sends one template message. Acceptance is not delivery: the outcome comes by status webhook. */
  async sendTemplate(req) {
    const body = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: req.to,
      type: "template",
      template: {
        name: req.template.name,
        language: { code: req.template.language },
        components: req.template.components
      }
    };
    if (req.bizOpaqueCallbackData !== void 0) body.biz_opaque_callback_data = req.bizOpaqueCallbackData;
    const endpoint = req.endpoint ?? "messages";
    let url = this.sendUrls.get(endpoint);
    if (!url) this.sendUrls.set(endpoint, url = this.url(`${this.creds.phoneNumberId}/${endpoint}`));
    const answer = await this.call("POST", url, body);
    return sendResult(answer);
  }
  /** A free-form text (only inside the customer's 24-hour service window; else it fails 131047 by webhook). */
  async sendText(to2, text2, bizOpaqueCallbackData) {
    const body = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: to2,
      type: "text",
      text: { body: text2, preview_url: false }
    };
    if (bizOpaqueCallbackData !== void 0) body.biz_opaque_callback_data = bizOpaqueCallbackData;
    return sendResult(await this.call("POST", this.url(`${this.creds.phoneNumberId}/messages`), body));
  }
  async getPhoneNumber() {
    const node = await this.call(
      "GET",
      this.url(this.creds.phoneNumberId, { fields: PHONE_FIELDS })
    );
    const throughput = node.throughput;
    return {
      id: String(node.id ?? this.creds.phoneNumberId),
      displayPhoneNumber: str$1(node.display_phone_number),
      verifiedName: str$1(node.verified_name),
      qualityRating: str$1(node.quality_rating),
      messagingLimitTier: str$1(node.whatsapp_business_manager_messaging_limit),
      throughputLevel: str$1(throughput == null ? void 0 : throughput.level)
    };
  }
  async getBusinessAccount() {
    const node = await this.call("GET", this.url(this.creds.wabaId, { fields: WABA_FIELDS }));
    return {
      id: String(node.id ?? this.creds.wabaId),
      name: str$1(node.name),
      messagingLimitTier: str$1(node.whatsapp_business_manager_messaging_limit),
      marketingMessagesStatus: str$1(node.marketing_messages_onboarding_status)
    };
  }
  /** The phone number ids registered in the WABA (to check the number belongs to it). */
  async listPhoneNumberIds() {
    var _a;
    const ids = [];
    let url = this.url(`${this.creds.wabaId}/phone_numbers`, { fields: "id", limit: "100" });
    for (let page = 0; url && page < 20; page++) {
      const answer = await this.call("GET", url);
      ids.push(...(answer.data ?? []).map((d) => String(d.id)));
      url = this.nextPage((_a = answer.paging) == null ? void 0 : _a.next);
    }
    return ids;
  }
  /** Every template of the WABA, one page at a time (cursor paging until `paging.next` is absent). */
  async *templatePages(opts = {}) {
    var _a;
    const query = { fields: TEMPLATE_FIELDS, limit: String(opts.limit ?? 100) };
    if (opts.status) query.status = opts.status;
    let url = this.url(`${this.creds.wabaId}/message_templates`, query);
    for (let page = 0; url; page++) {
      if (page >= MAX_TEMPLATE_PAGES) throw new WhatsAppApiError("template paging did not end", 131e3, null);
      const answer = await this.call("GET", url);
      yield (answer.data ?? []).map((t) => ({ ...t, id: String(t.id) }));
      url = this.nextPage((_a = answer.paging) == null ? void 0 : _a.next);
    }
  }
  async listTemplates(opts = {}) {
    const all = [];
    for await (const page of this.templatePages(opts)) all.push(...page);
    return all;
  }
  /** Follows Graph's `paging.next` only on the configured Graph origin, so the token never goes elsewhere. */
  nextPage(next) {
    if (!next) return null;
    let u;
    try {
      u = new URL(next);
    } catch {
      return null;
    }
    if (u.origin !== this.base.origin)
      throw new WhatsAppApiError(`refusing to follow paging link to ${u.origin}`, 100, null);
    u.searchParams.delete("access_token");
    return u;
  }
}
function sendResult(answer) {
  var _a, _b;
  const message = (_a = answer.messages) == null ? void 0 : _a[0];
  if (!(message == null ? void 0 : message.id)) throw new WhatsAppApiError("send answered without a message id", 131e3, 200);
  const contact = (_b = answer.contacts) == null ? void 0 : _b[0];
  return { wamid: message.id, waId: (contact == null ? void 0 : contact.wa_id) ?? null, messageStatus: message.message_status ?? null };
}
function str$1(v) {
  return typeof v === "string" && v !== "" ? v : null;
}
function createWhatsAppClient(creds, opts) {
  return new WhatsAppClient(creds, opts);
}
function toView(a) {
  var _a, _b, _c;
  return {
    phoneNumberId: a.phoneNumberId,
    wabaId: a.wabaId,
    wabaName: a.wabaName,
    displayPhoneNumber: a.displayPhoneNumber,
    verifiedName: a.verifiedName,
    qualityRating: a.qualityRating,
    messagingLimitTier: a.messagingLimitTier,
    throughputLevel: a.throughputLevel,
    throughputMps: a.throughputMps,
    marketingMessagesStatus: a.marketingMessagesStatus,
    status: a.status,
    statusReason: a.statusReason,
    lastAccountEvent: a.lastAccountEvent,
    lastAccountEventAt: ((_a = a.lastAccountEventAt) == null ? void 0 : _a.toISOString()) ?? null,
    connectedAt: a.connectedAt.toISOString(),
    refreshedAt: ((_b = a.refreshedAt) == null ? void 0 : _b.toISOString()) ?? null,
    templatesSyncedAt: ((_c = a.templatesSyncedAt) == null ? void 0 : _c.toISOString()) ?? null
  };
}
async function accountView(shopId2) {
  const a = await prisma().whatsAppAccount.findUnique({ where: { shopId: shopId2 } });
  return a ? toView(a) : null;
}
function clientOptions() {
  const env2 = getEnv();
  return { graphUrl: env2.WHATSAPP_GRAPH_URL, version: env2.WHATSAPP_GRAPH_VERSION };
}
function mpsForLevel(level) {
  return level === "HIGH" ? 1e3 : 80;
}
function nodeFields(phone, waba) {
  return {
    displayPhoneNumber: phone.displayPhoneNumber,
    verifiedName: phone.verifiedName,
    qualityRating: phone.qualityRating,
    messagingLimitTier: phone.messagingLimitTier ?? waba.messagingLimitTier,
    throughputLevel: phone.throughputLevel,
    throughputMps: mpsForLevel(phone.throughputLevel),
    wabaName: waba.name,
    marketingMessagesStatus: waba.marketingMessagesStatus
  };
}
class ConnectError extends Error {
  constructor(message, field) {
    super(message);
    __publicField(this, "name", "ConnectError");
    this.field = field;
  }
}
function explain(err, what) {
  if (!(err instanceof WhatsAppApiError)) throw err;
  if (err.code === 190 || err.code === 0 || err.code === 104) {
    return new ConnectError(
      "Meta rejected the access token: it is invalid or expired. Create a permanent system-user token.",
      "accessToken"
    );
  }
  if (err.code === 100 && err.subcode === 33) {
    return what === "phone" ? new ConnectError("Meta has no phone number with this id that the token can use.", "phoneNumberId") : new ConnectError("Meta has no WhatsApp Business Account with this id that the token can use.", "wabaId");
  }
  if (err.policy.class === "stop")
    return new ConnectError(`${err.policy.meaning} (Meta error ${err.code})`, "accessToken");
  if (err.code === null) return new ConnectError("WhatsApp could not be reached. Try again in a minute.");
  if (err.code === 100) return new ConnectError(`Meta refused the request: ${err.message}`);
  return new ConnectError(`Meta answered with error ${err.code}: ${err.message}`);
}
async function connectWhatsApp(input) {
  const phoneNumberId = input.phoneNumberId.trim();
  const wabaId = input.wabaId.trim();
  const accessToken = input.accessToken.trim();
  if (!/^\d{5,20}$/.test(phoneNumberId))
    throw new ConnectError(
      "The phone number id is the number Meta shows under API Setup (digits only).",
      "phoneNumberId"
    );
  if (!/^\d{5,20}$/.test(wabaId)) throw new ConnectError("The WhatsApp Business Account id is digits only.", "wabaId");
  if (accessToken.length < 10 || /\s/.test(accessToken))
    throw new ConnectError("Paste the whole access token (no spaces).", "accessToken");
  const client2 = createWhatsAppClient({ phoneNumberId, wabaId, accessToken }, clientOptions());
  const phone = await client2.getPhoneNumber().catch((e) => Promise.reject(explain(e, "phone")));
  const waba = await client2.getBusinessAccount().catch((e) => Promise.reject(explain(e, "waba")));
  const numbers = await client2.listPhoneNumberIds().catch((e) => Promise.reject(explain(e, "waba")));
  if (!numbers.includes(phoneNumberId)) {
    throw new ConnectError("This phone number is not in that WhatsApp Business Account.", "phoneNumberId");
  }
  const other = await prisma().whatsAppAccount.findFirst({
    where: { phoneNumberId, NOT: { shopId: input.shopId } },
    select: { shopId: true }
  });
  if (other) throw new ConnectError("This phone number is already connected to another store.", "phoneNumberId");
  const sealed = encryptSecret(accessToken);
  const data = {
    phoneNumberId,
    wabaId,
    accessTokenEncrypted: sealed.ciphertext,
    keyId: sealed.keyId,
    ...nodeFields(phone, waba),
    status: "connected",
    statusReason: null,
    refreshedAt: /* @__PURE__ */ new Date()
  };
  const saved = await prisma().whatsAppAccount.upsert({
    where: { shopId: input.shopId },
    create: { shopId: input.shopId, ...data, connectedAt: /* @__PURE__ */ new Date() },
    update: { ...data, connectedAt: /* @__PURE__ */ new Date(), lastAccountEvent: null, lastAccountEventAt: null }
  });
  forgetClient(input.shopId);
  return toView(saved);
}
async function disconnectWhatsApp(shopId2) {
  await prisma().whatsAppAccount.deleteMany({ where: { shopId: shopId2 } });
  forgetClient(shopId2);
}
class NotConnectedError extends Error {
  constructor() {
    super(...arguments);
    __publicField(this, "name", "NotConnectedError");
  }
}
const clients = /* @__PURE__ */ new Map();
function forgetClient(shopId2) {
  clients.delete(shopId2);
}
async function clientForShop(shopId2) {
  const account = await prisma().whatsAppAccount.findUnique({ where: { shopId: shopId2 } });
  if (!account) {
    forgetClient(shopId2);
    throw new NotConnectedError(`shop ${shopId2} has no WhatsApp number connected`);
  }
  const cached2 = clients.get(shopId2);
  if (cached2 && cached2.ciphertext === account.accessTokenEncrypted) return { client: cached2.client, account };
  const accessToken = decryptSecret({ keyId: account.keyId, ciphertext: account.accessTokenEncrypted });
  const client2 = createWhatsAppClient(
    { phoneNumberId: account.phoneNumberId, wabaId: account.wabaId, accessToken },
    clientOptions()
  );
  clients.set(shopId2, { ciphertext: account.accessTokenEncrypted, client: client2 });
  return { client: client2, account };
}
async function refreshAccount(shopId2) {
  let ctx;
  try {
    ctx = await clientForShop(shopId2);
  } catch (err) {
    if (err instanceof NotConnectedError) return null;
    throw err;
  }
  try {
    const [phone, waba] = await Promise.all([ctx.client.getPhoneNumber(), ctx.client.getBusinessAccount()]);
    const saved = await prisma().whatsAppAccount.update({
      where: { shopId: shopId2 },
      data: {
        ...nodeFields(phone, waba),
        refreshedAt: /* @__PURE__ */ new Date(),
        // A successful read clears an earlier token problem; a restriction from account_update stays.
        ...ctx.account.status === "token_invalid" ? { status: "connected", statusReason: null } : {}
      }
    });
    return toView(saved);
  } catch (err) {
    if (err instanceof WhatsAppApiError && err.policy.class === "stop") {
      await prisma().whatsAppAccount.update({
        where: { shopId: shopId2 },
        data: {
          status: "token_invalid",
          statusReason: `${err.policy.meaning} (Meta error ${err.code})`,
          refreshedAt: /* @__PURE__ */ new Date()
        }
      });
      forgetClient(shopId2);
      return accountView(shopId2);
    }
    throw err;
  }
}
const TIER_LIMITS = {
  TIER_250: 250,
  TIER_1K: 1e3,
  TIER_2K: 2e3,
  TIER_10K: 1e4,
  TIER_100K: 1e5,
  TIER_UNLIMITED: Number.POSITIVE_INFINITY
};
function tierLimit(tier) {
  return tier && TIER_LIMITS[tier] || 250;
}
async function loadCampaignRow(shopId2, campaignId) {
  const { rows } = await pool().query(
    `SELECT id, shop_id, status::text, template_id, mapping, test_share, test_wait_minutes, rollout_min_delivery_rate, rollout_max_opt_out_rate
     FROM campaigns WHERE shop_id = $1 AND id = $2`,
    [shopId2, campaignId]
  );
  return rows[0];
}
async function loadCtx(shopId2, campaignId) {
  const c = await loadCampaignRow(shopId2, campaignId);
  if (!c) throw new Error(`campaign ${campaignId} of shop ${shopId2} not found`);
  const t = (await pool().query(
    `SELECT name, language, category, status, parameter_format, components, default_mapping FROM whatsapp_templates WHERE shop_id = $1 AND id = $2`,
    [shopId2, c.template_id]
  )).rows[0];
  const shop = await readShopFormat(shopId2);
  const { client: client2, account } = await clientForShop(shopId2);
  const template = asTemplateLike({
    name: t.name,
    language: t.language,
    parameterFormat: t.parameter_format,
    components: t.components
  });
  const own = mappingSchema.safeParse(c.mapping);
  const fallback = mappingSchema.safeParse(t.default_mapping);
  const mapping = own.success && Object.keys(own.data.params).length ? own.data : fallback.success && Object.keys(fallback.data.params).length ? fallback.data : suggestMapping(template);
  const settings = await loadConsentSettings(shopId2);
  return {
    shopId: shopId2,
    campaignId,
    client: client2,
    phoneNumberId: account.phoneNumberId,
    mps: Math.max(1, account.throughputMps),
    budgetLimit: tierLimit(account.messagingLimitTier),
    template,
    templateCategory: t.category,
    mapping,
    fields: fieldsOf(mapping),
    shop: {
      currency: shop.currency,
      currencyExponent: shop.currencyExponent,
      timeZone: shop.timeZone,
      name: shop.name
    },
    settings: { countSms: settings.countShopifySmsConsent, optInTag: settings.optInTag },
    prices: await getPriceTable(shopId2),
    costByCountry: /* @__PURE__ */ new Map()
  };
}
const TEST_SENDS_PER_HOUR = 5;
async function sendTestMessage(opts) {
  const { countryCode } = await readShopFormat(opts.shopId);
  const phone = normalizePhone(opts.phone, countryCode);
  if (!phone.e164 || !phone.valid)
    return {
      ok: false,
      field: "phone",
      error: "Enter your mobile number with its country code, like +44 7911 123456."
    };
  if (!opts.ownNumber)
    return {
      ok: false,
      field: "own",
      error: "Confirm this is your own number: tests go only to a number whose owner asked for them."
    };
  const campaign = await pool().query(
    `SELECT c.template_id,
            (SELECT segment_id FROM campaign_segments WHERE shop_id = c.shop_id AND campaign_id = c.id ORDER BY position LIMIT 1) AS segment_id,
            (SELECT count(*)::int FROM campaign_test_sends t WHERE t.shop_id = c.shop_id AND t.campaign_id = c.id
               AND t.created_at > now() - interval '1 hour') AS recent
     FROM campaigns c WHERE c.shop_id = $1 AND c.id = $2`,
    [opts.shopId, opts.campaignId]
  );
  const c = campaign.rows[0];
  if (!c) return { ok: false, error: "Campaign not found." };
  if (c.template_id === null) return { ok: false, error: "Choose a template and save the campaign first." };
  if (c.recent >= TEST_SENDS_PER_HOUR)
    return {
      ok: false,
      error: `At most ${TEST_SENDS_PER_HOUR} tests per hour for a campaign: each is a paid message.`
    };
  const optedOut = await pool().query(
    `SELECT 1 FROM contacts WHERE shop_id = $1 AND phone_e164 = $2 AND consent_state = 'opted_out'`,
    [opts.shopId, phone.e164]
  );
  if (optedOut.rowCount)
    return {
      ok: false,
      field: "phone",
      error: "This number has opted out. Only its owner can undo that, by replying START to your WhatsApp number."
    };
  let ctx;
  try {
    ctx = await loadCtx(opts.shopId, opts.campaignId);
  } catch (err) {
    if (err instanceof NotConnectedError)
      return { ok: false, error: "Connect your WhatsApp number in Settings first." };
    throw err;
  }
  const sample = c.segment_id ? (await pool().query(
    `SELECT m.customer_id::text, NULLIF(concat_ws(' ', cu.first_name, cu.last_name), '') AS name
           FROM segment_members m JOIN customers cu ON cu.shop_id = m.shop_id AND cu.id = m.customer_id
           WHERE m.shop_id = $1 AND m.segment_id = $2 ORDER BY m.customer_id LIMIT 1`,
    [opts.shopId, c.segment_id]
  )).rows[0] : void 0;
  const fields = sample ? await loadRecipientFields({
    shopId: opts.shopId,
    recipients: [{ customerId: sample.customer_id, segmentId: c.segment_id }],
    fields: ctx.fields
  }) : /* @__PURE__ */ new Map();
  const rendered = renderComponents(ctx.template, ctx.mapping, fields.get((sample == null ? void 0 : sample.customer_id) ?? "") ?? {}, {
    currency: ctx.shop.currency,
    currencyExponent: ctx.shop.currencyExponent,
    locale: localeOf(ctx.template.language),
    timeZone: ctx.shop.timeZone,
    shopName: ctx.shop.name,
    campaignId: ctx.campaignId,
    recipientRef: null
    // no recipient: a click on the test link credits nobody
  });
  if (rendered.missing.length)
    return {
      ok: false,
      error: `${rendered.missing.join(", ")} has no value for the sample customer and no fallback: set one in the variables.`
    };
  const record = (wamid, error) => pool().query(
    `INSERT INTO campaign_test_sends (shop_id, campaign_id, phone_e164, wa_message_id, error) VALUES ($1, $2, $3, $4, $5)`,
    [opts.shopId, opts.campaignId, phone.e164, wamid, error]
  );
  try {
    const sent = await ctx.client.sendTemplate({
      to: phone.e164,
      template: { name: ctx.template.name, language: ctx.template.language, components: rendered.components },
      endpoint: sendEndpointFor(ctx.templateCategory)
    });
    await record(sent.wamid, null);
    return { ok: true, phone: phone.e164, wamid: sent.wamid, sample: (sample == null ? void 0 : sample.name) ?? null };
  } catch (err) {
    if (!(err instanceof WhatsAppApiError)) throw err;
    const why = `${err.code ?? err.httpStatus ?? ""} ${err.message}`.trim();
    await record(null, why);
    return { ok: false, error: `WhatsApp refused the test: ${why}` };
  }
}
async function recentTestSends(shopId2, campaignId) {
  const { rows } = await pool().query(
    `SELECT id, phone_e164, created_at, wa_message_id, error FROM campaign_test_sends
     WHERE shop_id = $1 AND campaign_id = $2 ORDER BY created_at DESC, id DESC LIMIT 5`,
    [shopId2, campaignId]
  );
  return rows.map((r) => ({
    id: r.id,
    phone: r.phone_e164,
    at: r.created_at.toISOString(),
    accepted: r.wa_message_id !== null,
    error: r.error
  }));
}
function campaignPausingError(code) {
  if (code === null || code === void 0) return false;
  const p = errorPolicy(code);
  return p.class === "stop" || p.class === "permanent" && p.scope === "template";
}
const ADVICE = {
  131048: "Meta limits this number for a few hours after too many messages were blocked or reported. Resume the campaign later; consider a smaller, more engaged segment.",
  368: "Meta restricted your WhatsApp Business Account for a policy violation. Check Business Support Home; resume once the restriction is lifted.",
  132015: "Meta paused the template for low quality (3 hours the first time, 6 hours the second). Resume when it is active again, or switch template.",
  132016: "Meta disabled the template for low quality. Pick another approved template for this campaign.",
  132001: "The template no longer exists in this language or is not approved: sync templates (Templates page) and check it.",
  132e3: "The template's parameters changed: open the campaign's mapping and fill every variable.",
  132012: "A parameter has the wrong type for the template (e.g. the header needs an image link): fix the mapping.",
  131053: "The header media could not be fetched by Meta: fix the media link in the mapping.",
  190: "The access token stopped working: reconnect WhatsApp in Settings, then resume.",
  131042: "Meta reports a billing problem on the WhatsApp Business Account: fix the payment method in Meta Business Suite, then resume."
};
function pauseReasonFor(code, title = null) {
  const meaning = errorPolicy(code).meaning;
  const advice = ADVICE[code] ?? "Resume the campaign once the problem is solved.";
  return `Paused by WhatsApp error ${code}${title ? ` (${title})` : ""}: ${meaning} ${advice}`;
}
async function pauseForProblem(args) {
  const res = await pool().query(
    `UPDATE campaigns SET status = 'paused', paused_reason = $3, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status IN ('running', 'testing')`,
    [args.shopId, args.campaignId, args.reason.slice(0, 1e3)]
  );
  return (res.rowCount ?? 0) > 0;
}
const VERDICT_REASONS = [
  "invalid_phone",
  "customer_deleted",
  "opted_out",
  "unreachable",
  "cool_down",
  "no_consent"
];
const UNREACHABLE_FOR = "30 days";
function consentVerdictSql(a) {
  const { customer: c, contact: k } = a;
  return `CASE
    WHEN ${a.phone} IS NULL OR ${a.phone} !~ '^\\+[1-9][0-9]{6,14}$'
         OR (${c}.phone_e164 = ${a.phone} AND ${c}.phone_valid IS FALSE) THEN 'invalid_phone'
    WHEN ${c}.deleted_at IS NOT NULL THEN 'customer_deleted'
    WHEN ${k}.consent_state = 'opted_out' THEN 'opted_out'
    WHEN ${k}.unreachable_at > ${a.now} - interval '${UNREACHABLE_FOR}'
         AND (${k}.last_inbound_at IS NULL OR ${k}.last_inbound_at < ${k}.unreachable_at) THEN 'unreachable'
    WHEN ${k}.cool_down_until > ${a.now} THEN 'cool_down'
    WHEN ${k}.consent_state = 'opted_in' THEN NULL
    WHEN ${a.countSms} AND ${c}.sms_consent_state = 'subscribed' THEN NULL
    WHEN ${a.optInTag} <> '' AND EXISTS (SELECT 1 FROM unnest(${c}.tags) AS tag WHERE lower(tag) = lower(${a.optInTag})) THEN NULL
    ELSE 'no_consent'
  END`;
}
async function audienceConsentSummary(args, db = pool()) {
  const settings = await loadConsentSettings(args.shopId, db);
  const verdict = consentVerdictSql({
    customer: "c",
    contact: "k",
    phone: "c.phone_e164",
    countSms: "$3::boolean",
    optInTag: "$4::text",
    now: "$5::timestamptz"
  });
  const members = args.segmentId === null ? `SELECT id AS customer_id FROM customers WHERE shop_id = $1 AND ($2::int IS NULL)` : `SELECT customer_id FROM segment_members WHERE shop_id = $1 AND segment_id = $2`;
  const { rows } = await db.query(
    `SELECT v.reason, count(*)::int AS n FROM (
       SELECT ${verdict} AS reason
       FROM (${members}) m
       JOIN customers c ON c.shop_id = $1 AND c.id = m.customer_id
       LEFT JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = c.phone_e164) v
     GROUP BY v.reason`,
    [args.shopId, args.segmentId, settings.countShopifySmsConsent, settings.optInTag, args.now ?? /* @__PURE__ */ new Date()]
  );
  const excluded = Object.fromEntries(VERDICT_REASONS.map((r) => [r, 0]));
  let eligible = 0;
  let total = 0;
  for (const r of rows) {
    total += r.n;
    if (r.reason === null) eligible += r.n;
    else excluded[r.reason] = r.n;
  }
  return { total, eligible, excluded };
}
function canReceiveCampaigns(shopId2, db = pool()) {
  return audienceConsentSummary({ shopId: shopId2, segmentId: null }, db);
}
const LINK_UTM_SOURCE = "whatsapp";
function parseRecipientRef(ref) {
  if (!ref || !/^[1-9]\d{0,17}$/.test(ref)) return null;
  return BigInt(ref);
}
const OUR_LINK_SQL = `(lower(o.utm_source) = '${LINK_UTM_SOURCE}' AND o.wa_ref ~ '^[1-9][0-9]{0,17}$')`;
const OPAQUE_PREFIX = "rcpt:";
function recipientIdFromOpaque(data) {
  if (!(data == null ? void 0 : data.startsWith(OPAQUE_PREFIX))) return null;
  const digits = data.slice(OPAQUE_PREFIX.length);
  return /^\d{1,19}$/.test(digits) ? BigInt(digits) : null;
}
const CREDIT_SQL = `
WITH o AS MATERIALIZED (
  SELECT o.id, o.customer_id, o.shopify_created_at AS at, o.net_minor, o.cancelled_at IS NOT NULL AS cancelled, o.discount_codes,
         CASE WHEN ${OUR_LINK_SQL} THEN o.wa_ref::bigint END AS link_recipient
  FROM orders o
  WHERE o.shop_id = $1 AND NOT o.test
    AND ($4::bigint[] IS NULL OR o.id = ANY($4::bigint[]))
    AND ($5::timestamptz IS NULL OR o.shopify_created_at >= $5::timestamptz)
),
link AS (
  SELECT o.id AS order_id, r.id AS recipient_id, 'click'::text AS signal, 'link'::text AS evidence, o.at AS signal_at,
         1 AS prio, r.sent_at
  FROM o JOIN recipients r ON r.id = o.link_recipient
  WHERE r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= o.at
),
codes AS (
  SELECT c.id AS campaign_id, code FROM campaigns c CROSS JOIN LATERAL unnest(c.discount_codes) AS code
  WHERE c.shop_id = $1
),
code AS (
  SELECT oc.id AS order_id, r.id AS recipient_id, 'click'::text AS signal, 'discount_code'::text AS evidence, oc.at AS signal_at,
         2 AS prio, r.sent_at
  FROM (SELECT o.id, o.customer_id, o.at, upper(used) AS code
        FROM o CROSS JOIN LATERAL unnest(o.discount_codes) AS used
        WHERE cardinality(o.discount_codes) > 0 AND o.customer_id IS NOT NULL) oc
  JOIN codes k ON k.code = oc.code
  JOIN recipients r ON r.campaign_id = k.campaign_id AND r.customer_id = oc.customer_id
  WHERE r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= oc.at
    AND r.sent_at >= oc.at - make_interval(hours => $2)
),
-- Every (order, earlier message to the same customer) pair with a recorded click or a delivery/read inside its
-- window: one join for both (an index probe per order for a few orders, a hash join for a whole shop).
touch AS (
  SELECT o.id AS order_id, o.at, r.id AS recipient_id, r.sent_at, r.read_at, r.clicked_at,
         GREATEST(CASE WHEN r.delivered_at <= o.at THEN r.delivered_at END,
                  CASE WHEN r.read_at <= o.at THEN r.read_at END) AS view_at
  FROM o JOIN recipients r ON r.customer_id = o.customer_id
  WHERE r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= o.at
    AND (   (r.clicked_at <= o.at AND r.clicked_at >= o.at - make_interval(hours => $2))
         OR ($3 > 0 AND (   (r.delivered_at <= o.at AND r.delivered_at >= o.at - make_interval(hours => $3))
                         OR (r.read_at <= o.at AND r.read_at >= o.at - make_interval(hours => $3)))))
),
clicked AS (
  SELECT order_id, recipient_id, 'click'::text AS signal, 'click'::text AS evidence, clicked_at AS signal_at, 3 AS prio, sent_at
  FROM touch WHERE clicked_at <= at AND clicked_at >= at - make_interval(hours => $2)
),
viewed AS (
  SELECT order_id, recipient_id, 'view'::text AS signal, CASE WHEN read_at = view_at THEN 'read' ELSE 'delivered' END AS evidence,
         view_at AS signal_at, 4 AS prio, sent_at
  FROM touch WHERE $3 > 0 AND view_at >= at - make_interval(hours => $3)
),
best AS (
  SELECT DISTINCT ON (order_id) * FROM (
    SELECT * FROM link UNION ALL SELECT * FROM code UNION ALL SELECT * FROM clicked UNION ALL SELECT * FROM viewed
  ) cand
  ORDER BY order_id, (signal = 'click') DESC, signal_at DESC, prio, sent_at DESC, recipient_id DESC
)`;
const INSERT_SQL = `${CREDIT_SQL}
INSERT INTO attributions (shop_id, order_id, recipient_id, campaign_id, segment_id, signal, evidence, signal_at, window_hours,
                          revenue_minor, order_at, order_cancelled, seconds_after_send, attributed_at)
SELECT $1, b.order_id, b.recipient_id, r.campaign_id, r.segment_id, b.signal, b.evidence, b.signal_at,
       CASE WHEN b.signal = 'click' THEN $2 ELSE $3 END, o.net_minor, o.at, o.cancelled,
       LEAST(extract(epoch FROM o.at - b.sent_at), 2147483647)::int, now()
FROM best b JOIN o ON o.id = b.order_id JOIN recipients r ON r.id = b.recipient_id
ON CONFLICT (shop_id, order_id) DO UPDATE SET
  recipient_id = EXCLUDED.recipient_id, campaign_id = EXCLUDED.campaign_id, segment_id = EXCLUDED.segment_id,
  signal = EXCLUDED.signal, evidence = EXCLUDED.evidence, signal_at = EXCLUDED.signal_at,
  window_hours = EXCLUDED.window_hours, revenue_minor = EXCLUDED.revenue_minor, order_at = EXCLUDED.order_at,
  order_cancelled = EXCLUDED.order_cancelled,
  seconds_after_send = EXCLUDED.seconds_after_send, attributed_at = EXCLUDED.attributed_at`;
const RECORD_LINK_CLICKS_SQL = `
WITH first_use AS (
  SELECT CASE WHEN ${OUR_LINK_SQL} THEN o.wa_ref::bigint END AS recipient_id, min(o.shopify_created_at) AS at
  FROM orders o
  WHERE o.shop_id = $1 AND NOT o.test AND o.wa_ref IS NOT NULL
    AND ($2::bigint[] IS NULL OR o.id = ANY($2::bigint[]))
    AND ($3::timestamptz IS NULL OR o.shopify_created_at >= $3::timestamptz)
  GROUP BY 1
)
UPDATE recipients r SET clicked_at = f.at
FROM first_use f
WHERE r.id = f.recipient_id AND r.shop_id = $1 AND r."group" <> 'holdout' AND r.sent_at <= f.at
  AND (r.clicked_at IS NULL OR r.clicked_at > f.at)
RETURNING r.customer_id::text, r.clicked_at`;
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('attribution'), $1)`;
const NO_JIT_SQL = `SET LOCAL jit = off`;
function idArray(ids) {
  return ids ? ids.map(String) : null;
}
async function creditScope(c, shopId2, windows, scope) {
  const ids = idArray(scope.orderIds);
  const since = scope.since ?? null;
  const moved = await c.query(RECORD_LINK_CLICKS_SQL, [shopId2, ids, since]);
  let orderIds = ids;
  if (orderIds && moved.rowCount) {
    const later = await c.query(
      `SELECT o.id::text FROM orders o
       JOIN unnest($2::bigint[], $3::timestamptz[]) AS m(customer_id, clicked_at) ON o.customer_id = m.customer_id
       WHERE o.shop_id = $1 AND o.shopify_created_at >= m.clicked_at
         AND o.shopify_created_at <= m.clicked_at + make_interval(hours => $4)`,
      [shopId2, moved.rows.map((r) => r.customer_id), moved.rows.map((r) => r.clicked_at), windows.clickWindowHours]
    );
    orderIds = [.../* @__PURE__ */ new Set([...orderIds, ...later.rows.map((r) => r.id)])];
  }
  const removed = await c.query(
    `DELETE FROM attributions WHERE shop_id = $1
       AND ($2::bigint[] IS NULL OR order_id = ANY($2::bigint[]))
       AND ($3::timestamptz IS NULL OR order_at >= $3::timestamptz)`,
    [shopId2, orderIds, since]
  );
  const inserted = await c.query(INSERT_SQL, [
    shopId2,
    windows.clickWindowHours,
    windows.viewWindowHours,
    orderIds,
    since
  ]);
  return { removed: removed.rowCount ?? 0, credited: inserted.rowCount ?? 0, orderIds };
}
async function attributeOrders(opts) {
  if (opts.orderIds.length === 0) return { ordersConsidered: 0, ordersCredited: 0 };
  return withTransaction(async (c) => {
    await c.query(LOCK_SQL, [opts.shopId]);
    await c.query(NO_JIT_SQL);
    const windows = await getAttributionWindows(opts.shopId, c);
    const { credited, orderIds } = await creditScope(c, opts.shopId, windows, { orderIds: opts.orderIds });
    return { ordersConsidered: (orderIds == null ? void 0 : orderIds.length) ?? 0, ordersCredited: credited };
  });
}
async function reattributeAfterReceipts(opts) {
  if (opts.recipientIds.length === 0) return { ordersConsidered: 0, ordersCredited: 0 };
  const windows = await getAttributionWindows(opts.shopId);
  const { rows } = await pool().query(
    `SELECT DISTINCT o.id::text FROM recipients r
     JOIN orders o ON o.shop_id = r.shop_id AND o.customer_id = r.customer_id
     WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.sent_at IS NOT NULL
       AND o.shopify_created_at >= r.sent_at
       AND o.shopify_created_at <= GREATEST(r.sent_at, r.delivered_at, r.read_at, r.clicked_at) + make_interval(hours => $3)`,
    [opts.shopId, opts.recipientIds.map(String), Math.max(windows.clickWindowHours, windows.viewWindowHours)]
  );
  return attributeOrders({ shopId: opts.shopId, orderIds: rows.map((r) => r.id) });
}
const SEGMENT_KINDS = [
  "cross_sell",
  "product_specific",
  "sale_shopper",
  "former_vip",
  "aov_tier",
  "rfm",
  "location",
  "sample",
  "combination",
  "campaign_response"
];
const blankToNull = (v) => v === "" || v === void 0 || v === null ? null : typeof v === "string" ? Number(v) : v;
function wholeNumber(label2, min, max) {
  return z.number({ error: `Enter ${label2} as a number` }).int({ error: `Enter ${label2} as a whole number` }).min(min, { error: `${capitalize(label2)} must be at least ${min}` }).max(max, { error: `${capitalize(label2)} must be at most ${max}` });
}
function optionalDays(label2) {
  return z.preprocess(blankToNull, wholeNumber(label2, 1, 3650).nullable()).default(null);
}
function requiredInt(label2, min, max, fallback) {
  return z.preprocess(
    (v) => v === "" || v === void 0 || v === null ? void 0 : typeof v === "string" ? Number(v) : v,
    wholeNumber(label2, min, max).default(fallback)
  );
}
function capitalize(text2) {
  return text2.charAt(0).toUpperCase() + text2.slice(1);
}
function minorAmount(label2) {
  return z.preprocess(
    (v) => v === "" || v === void 0 || v === null ? null : typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v,
    z.string({ error: `Enter ${label2} as a whole amount in cents` }).trim().regex(/^\d{1,15}$/, { error: `Enter ${label2} as a whole amount in cents` }).transform((s) => BigInt(s).toString()).nullable()
  );
}
const GID = /^gid:\/\/shopify\/\w+\/(\d+)$/;
const shopifyId = z.string({ error: "Ids are decimal strings" }).trim().transform((s) => {
  var _a;
  return ((_a = GID.exec(s)) == null ? void 0 : _a[1]) ?? s;
}).pipe(
  z.string().regex(/^\d{1,19}$/, { error: "Not a valid Shopify id" }).refine((s) => !/^\d+$/.test(s) || BigInt(s) <= 9223372036854775807n, { error: "Not a valid Shopify id" })
);
const idList = z.preprocess((v) => v ?? [], z.array(shopifyId)).transform((ids) => [...new Set(ids)]);
const nameList = z.preprocess((v) => v ?? [], z.array(z.string().trim())).transform((names) => [...new Set(names.filter((n2) => n2 !== ""))]);
const productSelectorSchema = z.object({
  productIds: idList,
  variantIds: idList,
  collectionIds: idList,
  vendors: nameList,
  productTypes: nameList,
  tags: nameList
});
function selectorIsEmpty(s) {
  return !s.productIds.length && !s.variantIds.length && !s.collectionIds.length && !s.vendors.length && !s.productTypes.length && !s.tags.length;
}
const EMPTY_SELECTOR = { productIds: [], variantIds: [], collectionIds: [], vendors: [], productTypes: [], tags: [] };
function nonEmptySelector(message) {
  return z.preprocess((v) => v ?? EMPTY_SELECTOR, productSelectorSchema).superRefine((s, ctx) => {
    if (selectorIsEmpty(s)) ctx.addIssue({ code: "custom", message, path: [] });
  });
}
const share = z.preprocess(
  (v) => v === "" || v === void 0 || v === null ? void 0 : typeof v === "string" ? Number(v) : v,
  z.number({ error: "Enter a share between 0 and 1 (0.5 = half)" }).min(0, { error: "The share cannot be below 0" }).max(1, { error: "The share cannot be above 1 (100%)" }).default(0.5)
);
const percent$1 = (label2, fallback, min = 0) => z.preprocess(
  (v) => v === "" || v === void 0 || v === null ? void 0 : typeof v === "string" ? Number(v) : v,
  fallback === void 0 ? z.number({ error: `Enter ${label2} as a number` }).min(min, { error: `${capitalize(label2)} must be at least ${min}` }).max(100, { error: `${capitalize(label2)} cannot be above 100` }) : z.number({ error: `Enter ${label2} as a number` }).min(min, { error: `${capitalize(label2)} must be at least ${min}` }).max(100, { error: `${capitalize(label2)} cannot be above 100` }).default(fallback)
);
const segmentRef = z.preprocess(
  (v) => typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v,
  z.number({ error: "Choose a segment" }).int({ error: "Choose a segment" }).positive({ error: "Choose a segment" })
);
const crossSellSchema = z.object({
  a: nonEmptySelector("Choose at least one product, variant, collection, vendor, type or tag they bought"),
  b: nonEmptySelector("Choose what they have never bought"),
  /** only purchases of A in the last N days count (B is "never") */
  withinDays: optionalDays("the number of days")
});
const productSpecificSchema = z.object({
  products: nonEmptySelector("Choose at least one product, variant, collection, vendor, type or tag"),
  minTimes: requiredInt("the minimum", 1, 1e4, 1),
  /** orders = orders containing a match; units = quantities kept after refunds */
  countBy: z.enum(["orders", "units"], { error: "Count orders or units" }).default("orders"),
  withinDays: optionalDays("the number of days")
});
const saleShopperSchema = z.object({
  minShare: share,
  minOrders: requiredInt("the minimum number of orders", 1, 1e3, 2),
  discountCodes: z.boolean({ error: "Yes or no" }).default(true),
  automaticDiscounts: z.boolean({ error: "Yes or no" }).default(true),
  markdowns: z.boolean({ error: "Yes or no" }).default(true)
}).superRefine((p, ctx) => {
  if (!p.discountCodes && !p.automaticDiscounts && !p.markdowns) {
    ctx.addIssue({ code: "custom", message: "Choose at least one kind of deal", path: ["discountCodes"] });
  }
});
const formerVipSchema = z.object({
  rankBy: z.enum(["percent", "amount"], { error: "Rank by top percent or by amount spent" }).default("percent"),
  topPercent: percent$1("the top percent", 10, 0.01),
  minSpendMinor: minorAmount("the minimum spend").default(null),
  /** the spending period ends where the lapse starts; null = all history before the lapse */
  qualifyingDays: z.preprocess(blankToNull, wholeNumber("the qualifying period", 1, 3650).nullable()).default(365),
  lapsedDays: requiredInt("the number of days without an order", 1, 3650, 120)
}).superRefine((p, ctx) => {
  if (p.rankBy === "amount" && p.minSpendMinor === null) {
    ctx.addIssue({ code: "custom", message: "Enter the minimum spend", path: ["minSpendMinor"] });
  }
});
const AOV_BANDS = ["low", "mid", "high"];
const aovTierSchema = z.object({
  mode: z.enum(["quantile", "fixed"], { error: "Choose store thirds or fixed amounts" }).default("quantile"),
  band: z.enum(AOV_BANDS, { error: "Choose low, mid or high" }).default("mid"),
  /** percentiles (0–100) separating low|mid and mid|high; store terciles by default */
  cutPercentiles: z.tuple([percent$1("the lower cut", void 0, 0.01), percent$1("the upper cut", void 0, 0.01)], {
    error: "Enter two cut points"
  }).default([100 / 3, 200 / 3]),
  /** fixed mode: average order value from (inclusive) ... */
  minMinor: minorAmount("the lowest average order value").default(null),
  /** ... up to (not including) */
  maxMinor: minorAmount("the highest average order value").default(null),
  minOrders: requiredInt("the minimum number of orders", 1, 1e3, 1)
}).superRefine((p, ctx) => {
  if (p.mode === "quantile" && !(p.cutPercentiles[0] < p.cutPercentiles[1] && p.cutPercentiles[1] < 100)) {
    ctx.addIssue({
      code: "custom",
      message: "The lower cut must be below the upper cut, and both below 100",
      path: ["cutPercentiles"]
    });
  }
  if (p.mode === "fixed") {
    if (p.minMinor === null && p.maxMinor === null) {
      ctx.addIssue({
        code: "custom",
        message: "Enter a lowest or a highest average order value",
        path: ["minMinor"]
      });
    } else if (p.minMinor !== null && p.maxMinor !== null && BigInt(p.minMinor) >= BigInt(p.maxMinor)) {
      ctx.addIssue({ code: "custom", message: "Must be above the lowest value", path: ["maxMinor"] });
    }
  }
});
const RFM_CELLS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new_customers",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cannot_lose",
  "hibernating",
  "lost"
];
const RFM_GRID = [
  /* R1 */
  ["lost", "lost", "hibernating", "at_risk", "cannot_lose"],
  /* R2 */
  ["lost", "hibernating", "at_risk", "at_risk", "cannot_lose"],
  /* R3 */
  ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
  /* R4 */
  ["promising", "potential_loyalist", "potential_loyalist", "loyal", "champions"],
  /* R5 */
  ["new_customers", "potential_loyalist", "potential_loyalist", "champions", "champions"]
];
const rfmSchema = z.object({
  cells: z.array(z.enum(RFM_CELLS, { error: "Unknown RFM group" }), { error: "Choose at least one RFM group" }).min(1, { error: "Choose at least one RFM group" }).transform((cells) => [...new Set(cells)])
});
const locationSchema = z.object({
  countryCodes: nameList.pipe(z.array(z.string().regex(/^[A-Za-z]{2}$/, { error: "Use two-letter country codes (US, FR)" }))).transform((codes) => codes.map((c) => c.toUpperCase())),
  /** "US-CA", or "CA" for that code in any country */
  provinceCodes: nameList.pipe(z.array(z.string().regex(/^([A-Za-z]{2}-)?[A-Za-z0-9]{1,3}$/, { error: "Use codes like US-CA or ON" }))).transform((codes) => codes.map((c) => c.toUpperCase())),
  /** matched without regard to case */
  cities: nameList
}).superRefine((p, ctx) => {
  if (!p.countryCodes.length && !p.provinceCodes.length && !p.cities.length) {
    ctx.addIssue({
      code: "custom",
      message: "Choose at least one country, province or city",
      path: ["countryCodes"]
    });
  }
});
const sampleSchema = z.object({
  segmentId: segmentRef,
  percent: percent$1("the percent", 10),
  /** any text: the same seed keeps the same customers picked as the base segment grows */
  seed: z.string({ error: "Enter a seed" }).trim().min(1, { error: "Enter a seed" }).max(100).default("sample")
});
const combinationSchema = z.object({
  op: z.enum(["and", "or"], { error: "Choose all of (and) or any of (or)" }).default("or"),
  segmentIds: z.array(segmentRef, { error: "Choose at least one segment" }).min(1, { error: "Choose at least one segment" }).transform((ids) => [...new Set(ids)]),
  exclude: z.preprocess((v) => v ?? [], z.array(segmentRef)).transform((ids) => [...new Set(ids)])
});
const CAMPAIGN_RESPONSES = ["read", "click", "buy"];
const campaignResponseSchema = z.object({
  /** null = every campaign that reached the customer in the last `withinDays` days */
  campaignId: z.preprocess(
    (v) => v === "" || v === void 0 || v === null ? null : typeof v === "string" ? Number(v) : v,
    z.number({ error: "Choose a campaign" }).int({ error: "Choose a campaign" }).positive({ error: "Choose a campaign" }).max(2147483647, { error: "Choose a campaign" }).nullable()
  ),
  withinDays: requiredInt("the number of days", 1, 365, 30),
  didNot: z.enum(CAMPAIGN_RESPONSES, { error: "Choose read, click or buy" }).default("read")
});
const SEGMENT_SCHEMAS = {
  cross_sell: crossSellSchema,
  product_specific: productSpecificSchema,
  sale_shopper: saleShopperSchema,
  former_vip: formerVipSchema,
  aov_tier: aovTierSchema,
  rfm: rfmSchema,
  location: locationSchema,
  sample: sampleSchema,
  combination: combinationSchema,
  campaign_response: campaignResponseSchema
};
function isSegmentKind(kind) {
  return typeof kind === "string" && SEGMENT_KINDS.includes(kind);
}
function parseSegmentParams(kind, input, opts = {}) {
  if (!isSegmentKind(kind)) return { ok: false, fieldErrors: { kind: "Choose a kind of segment" } };
  const result = SEGMENT_SCHEMAS[kind].safeParse(input ?? {});
  if (!result.success) {
    const fieldErrors2 = {};
    for (const issue of result.error.issues) {
      const key2 = issue.path.length ? issue.path.map(String).join(".") : "params";
      fieldErrors2[key2] ?? (fieldErrors2[key2] = issue.message);
    }
    return { ok: false, fieldErrors: fieldErrors2 };
  }
  const params = result.data;
  if (opts.segmentId !== void 0) {
    const self = opts.segmentId;
    if (kind === "sample" && params.segmentId === self) {
      return { ok: false, fieldErrors: { segmentId: "A sample cannot be taken from itself" } };
    }
    if (kind === "combination") {
      const p = params;
      if (p.segmentIds.includes(self))
        return { ok: false, fieldErrors: { segmentIds: "A segment cannot include itself" } };
      if (p.exclude.includes(self)) return { ok: false, fieldErrors: { exclude: "A segment cannot exclude itself" } };
    }
  }
  return { ok: true, params };
}
function segmentDependencies(kind, params) {
  if (kind === "sample") return [params.segmentId];
  if (kind === "combination") {
    const p = params;
    return [.../* @__PURE__ */ new Set([...p.segmentIds, ...p.exclude])];
  }
  return [];
}
const KIND_INFO = {
  cross_sell: {
    title: "Cross-sell",
    description: "Bought something from one set of products but never anything from another: the people to offer the second set to.",
    defaultName: "Cross-sell",
    mission: true
  },
  product_specific: {
    title: "Product buyers",
    description: "Bought chosen products at least a number of times, optionally within recent days: for restocks, refills and launches.",
    defaultName: "Product buyers",
    mission: true
  },
  sale_shopper: {
    title: "Sale shoppers",
    description: "Most of their orders came with a deal (discount code, automatic discount or a marked-down item): tell them about your next sale.",
    defaultName: "Sale shoppers",
    mission: true
  },
  former_vip: {
    title: "Former VIPs",
    description: "Were among your top spenders but have not ordered for a while: win them back before they are gone.",
    defaultName: "Former VIPs",
    mission: true
  },
  aov_tier: {
    title: "Order value tiers",
    description: "Customers by average order value (after refunds): low, mid and high by your store's own thirds, or by fixed amounts.",
    defaultName: "Order value",
    mission: true
  },
  rfm: {
    title: "RFM groups",
    description: "Recency, frequency and monetary scores combined into named groups: champions, loyal, at risk, hibernating…",
    defaultName: "RFM",
    mission: false
  },
  location: {
    title: "Location",
    description: "Customers whose default address is in chosen countries, provinces or cities.",
    defaultName: "Location",
    mission: false
  },
  sample: {
    title: "Random sample",
    description: "A stable percentage of another segment, for test sends: the same seed always picks the same customers.",
    defaultName: "Sample",
    mission: false
  },
  combination: {
    title: "Combination",
    description: "Customers in all or any of chosen segments, minus those in others.",
    defaultName: "Combination",
    mission: false
  },
  campaign_response: {
    title: "Campaign follow-up",
    description: "Reached by a campaign (or any campaign lately) but did not read, click or buy: follow up with them.",
    defaultName: "Follow-up",
    mission: false
  }
};
const RFM_CELL_INFO = {
  champions: { title: "Champions", description: "Bought recently, buy often and spend the most" },
  loyal: { title: "Loyal", description: "Buy regularly and spend well" },
  potential_loyalist: { title: "Potential loyalists", description: "Recent customers with average frequency" },
  new_customers: { title: "New customers", description: "Bought recently, not yet often" },
  promising: { title: "Promising", description: "Recent shoppers who have not spent much yet" },
  need_attention: { title: "Need attention", description: "Above average, but not recently" },
  about_to_sleep: { title: "About to sleep", description: "Below average recency and frequency" },
  at_risk: { title: "At risk", description: "Spent well and often, but long ago" },
  cannot_lose: { title: "Can't lose them", description: "Were among the best, have not been back for long" },
  hibernating: { title: "Hibernating", description: "Last bought long ago, little and rarely" },
  lost: { title: "Lost", description: "Lowest recency, frequency and spend" }
};
const NAME_MAX$1 = 100;
const BAND_SUFFIXES = [" – low", " – mid", " – high"];
function defaultForm(kind) {
  const forms = {
    cross_sell: { a: [], b: [], withinDays: "" },
    product_specific: { products: [], minTimes: "1", countBy: "orders", withinDays: "" },
    sale_shopper: {
      minSharePercent: "50",
      minOrders: "2",
      discountCodes: true,
      automaticDiscounts: true,
      markdowns: true
    },
    former_vip: { rankBy: "percent", topPercent: "10", minSpend: "", qualifyingDays: "365", lapsedDays: "120" },
    aov_tier: {
      mode: "quantile",
      band: "high",
      allBands: true,
      lowerCut: "33.33",
      upperCut: "66.67",
      minAov: "",
      maxAov: "",
      minOrders: "1"
    },
    rfm: { cells: ["at_risk", "cannot_lose"] },
    location: { places: [] },
    sample: { segmentId: "", percent: "10", seed: "test" },
    combination: { op: "and", segmentIds: [], exclude: [] },
    campaign_response: { campaignId: "", withinDays: "30", didNot: "read" }
  };
  return forms[kind];
}
function uniqueName(base, taken, suffixes = [""]) {
  const key2 = (name2) => name2.trim().replace(/\s+/g, " ").toLowerCase();
  const used = new Set(taken.map(key2));
  const name = base.slice(0, NAME_MAX$1);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${name.slice(0, NAME_MAX$1 - String(i).length - 1).trimEnd()} ${i}`;
    if (suffixes.every((suffix) => !used.has(key2(candidate + suffix)))) return candidate;
  }
}
function defaultName(kind, taken) {
  return uniqueName(KIND_INFO[kind].defaultName, taken, kind === "aov_tier" ? ["", ...BAND_SUFFIXES] : [""]);
}
const PICK_FIELD = {
  product: "productIds",
  variant: "variantIds",
  collection: "collectionIds",
  vendor: "vendors",
  type: "productTypes",
  tag: "tags"
};
function picksToSelector(picks) {
  const s = {
    productIds: [],
    variantIds: [],
    collectionIds: [],
    vendors: [],
    productTypes: [],
    tags: []
  };
  for (const p of picks ?? []) {
    const field = PICK_FIELD[p.type];
    if (field) s[field].push(p.value);
  }
  return s;
}
function amountToMinor(text2, exponent) {
  const t = (text2 ?? "").trim().replace(/,/g, "");
  if (t === "") return { minor: null };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return { minor: null, error: "Enter an amount like 25.00" };
  const frac = t.split(".")[1] ?? "";
  if (frac.length > exponent) {
    return {
      minor: null,
      error: exponent === 0 ? "Enter a whole amount (this currency has no cents)" : `Use at most ${exponent} decimals`
    };
  }
  const minor = decimalToMinor(t, exponent);
  if (minor > 999999999999999n) return { minor: null, error: "That amount is too large" };
  return { minor: minor.toString() };
}
function percentToShare(text2) {
  const t = (text2 ?? "").trim();
  if (t === "") return { share: void 0 };
  const n2 = Number(t);
  if (!Number.isFinite(n2)) return { share: void 0, error: "Enter a percentage between 0 and 100" };
  if (n2 < 0 || n2 > 100) return { share: void 0, error: "Enter a percentage between 0 and 100" };
  return { share: n2 / 100 };
}
function formToInput(kind, form, exponent) {
  const f = form ?? {};
  const errors = {};
  const str2 = (k) => typeof f[k] === "string" ? f[k] : f[k] === void 0 || f[k] === null ? "" : String(f[k]);
  switch (kind) {
    case "cross_sell":
      return {
        input: { a: picksToSelector(f.a), b: picksToSelector(f.b), withinDays: str2("withinDays") },
        fieldErrors: errors
      };
    case "product_specific":
      return {
        input: {
          products: picksToSelector(f.products),
          minTimes: str2("minTimes"),
          countBy: f.countBy,
          withinDays: str2("withinDays")
        },
        fieldErrors: errors
      };
    case "sale_shopper": {
      const share2 = percentToShare(str2("minSharePercent"));
      if (share2.error) errors.minSharePercent = share2.error;
      else if (share2.share === 0) errors.minSharePercent = "Enter a share above 0%: at 0% every customer matches";
      return {
        input: {
          minShare: share2.share,
          minOrders: str2("minOrders"),
          discountCodes: f.discountCodes,
          automaticDiscounts: f.automaticDiscounts,
          markdowns: f.markdowns
        },
        fieldErrors: errors
      };
    }
    case "former_vip": {
      const spend = amountToMinor(str2("minSpend"), exponent);
      if (spend.error) errors.minSpend = spend.error;
      return {
        input: {
          rankBy: f.rankBy,
          topPercent: str2("topPercent"),
          minSpendMinor: spend.minor,
          qualifyingDays: str2("qualifyingDays"),
          lapsedDays: str2("lapsedDays")
        },
        fieldErrors: errors
      };
    }
    case "aov_tier": {
      const min = amountToMinor(str2("minAov"), exponent);
      const max = amountToMinor(str2("maxAov"), exponent);
      if (min.error) errors.minAov = min.error;
      if (max.error) errors.maxAov = max.error;
      const cut = (k) => str2(k).trim() === "" ? void 0 : str2(k);
      return {
        input: {
          mode: f.mode,
          band: f.band,
          minOrders: str2("minOrders"),
          cutPercentiles: cut("lowerCut") === void 0 && cut("upperCut") === void 0 ? void 0 : [cut("lowerCut"), cut("upperCut")],
          minMinor: f.mode === "fixed" ? min.minor : null,
          maxMinor: f.mode === "fixed" ? max.minor : null
        },
        fieldErrors: errors
      };
    }
    case "rfm":
      return { input: { cells: f.cells }, fieldErrors: errors };
    case "location": {
      const places = f.places ?? [];
      const of = (t) => places.filter((p) => p.type === t).map((p) => p.value);
      return {
        input: { countryCodes: of("country"), provinceCodes: of("province"), cities: of("city") },
        fieldErrors: errors
      };
    }
    case "sample": {
      const percent2 = str2("percent").trim() === "" ? NaN : Number(str2("percent"));
      if (percent2 >= 0 && Math.round(percent2 * 100) === 0)
        errors.percent = "Enter a percent above 0: a 0% sample is empty";
      return {
        input: { segmentId: str2("segmentId") || void 0, percent: str2("percent"), seed: str2("seed") || void 0 },
        fieldErrors: errors
      };
    }
    case "combination": {
      const included = new Set(Array.isArray(f.segmentIds) ? f.segmentIds.map(String) : []);
      if (Array.isArray(f.exclude) && f.exclude.some((id2) => included.has(String(id2))))
        errors.exclude = "A segment cannot be both included and excluded: untick it in one of the lists";
      return { input: { op: f.op, segmentIds: f.segmentIds, exclude: f.exclude }, fieldErrors: errors };
    }
    case "campaign_response":
      return {
        input: { campaignId: str2("campaignId"), withinDays: str2("withinDays"), didNot: f.didNot },
        fieldErrors: errors
      };
  }
}
const RENAMES = {
  sale_shopper: { minShare: "minSharePercent" },
  former_vip: { minSpendMinor: "minSpend" },
  aov_tier: {
    minMinor: "minAov",
    maxMinor: "maxAov",
    "cutPercentiles.0": "lowerCut",
    "cutPercentiles.1": "upperCut",
    cutPercentiles: "upperCut"
  },
  location: { countryCodes: "places", provinceCodes: "places", cities: "places" }
};
function formFieldOf(kind, path) {
  const renames = RENAMES[kind] ?? {};
  const parts = path.split(".");
  if (renames[path]) return renames[path];
  if (parts.length >= 2 && renames[`${parts[0]}.${parts[1]}`]) return renames[`${parts[0]}.${parts[1]}`];
  return renames[parts[0]] ?? parts[0];
}
function parseBuilderForm(kind, form, exponent, opts = {}) {
  var _a;
  const { input, fieldErrors: fieldErrors2 } = formToInput(kind, form, exponent);
  const parsed = parseSegmentParams(kind, input, opts);
  const errors = { ...fieldErrors2 };
  if (!parsed.ok)
    for (const [path, message] of Object.entries(parsed.fieldErrors)) errors[_a = formFieldOf(kind, path)] ?? (errors[_a] = message);
  if (Object.keys(errors).length || !parsed.ok) return { ok: false, fieldErrors: errors };
  return { ok: true, params: parsed.params };
}
const trimNumber = (n2) => String(Math.round(n2 * 100) / 100);
function paramsToForm(kind, params, exponent, named = {}) {
  var _a, _b, _c;
  const amount = (minor) => minor === null ? "" : minorToDecimal(BigInt(minor), exponent);
  const days = (d) => d === null ? "" : String(d);
  const p = params;
  let form;
  switch (kind) {
    case "cross_sell": {
      const x = p;
      form = { a: ((_a = named.picks) == null ? void 0 : _a.a) ?? [], b: ((_b = named.picks) == null ? void 0 : _b.b) ?? [], withinDays: days(x.withinDays) };
      break;
    }
    case "product_specific": {
      const x = p;
      form = {
        products: ((_c = named.picks) == null ? void 0 : _c.products) ?? [],
        minTimes: String(x.minTimes),
        countBy: x.countBy,
        withinDays: days(x.withinDays)
      };
      break;
    }
    case "sale_shopper": {
      const x = p;
      form = {
        minSharePercent: trimNumber(x.minShare * 100),
        minOrders: String(x.minOrders),
        discountCodes: x.discountCodes,
        automaticDiscounts: x.automaticDiscounts,
        markdowns: x.markdowns
      };
      break;
    }
    case "former_vip": {
      const x = p;
      form = {
        rankBy: x.rankBy,
        topPercent: String(x.topPercent),
        minSpend: amount(x.minSpendMinor),
        qualifyingDays: days(x.qualifyingDays),
        lapsedDays: String(x.lapsedDays)
      };
      break;
    }
    case "aov_tier": {
      const x = p;
      form = {
        mode: x.mode,
        band: x.band,
        allBands: false,
        lowerCut: trimNumber(x.cutPercentiles[0]),
        upperCut: trimNumber(x.cutPercentiles[1]),
        minAov: amount(x.minMinor),
        maxAov: amount(x.maxMinor),
        minOrders: String(x.minOrders)
      };
      break;
    }
    case "rfm":
      form = { cells: [...p.cells] };
      break;
    case "location": {
      const x = p;
      form = {
        places: named.places ?? [
          ...x.countryCodes.map((v) => ({ type: "country", value: v, label: v })),
          ...x.provinceCodes.map((v) => ({ type: "province", value: v, label: v })),
          ...x.cities.map((v) => ({ type: "city", value: v, label: v }))
        ]
      };
      break;
    }
    case "sample": {
      const x = p;
      form = { segmentId: String(x.segmentId), percent: String(x.percent), seed: x.seed };
      break;
    }
    case "campaign_response": {
      const x = p;
      form = {
        campaignId: x.campaignId === null ? "" : String(x.campaignId),
        withinDays: String(x.withinDays),
        didNot: x.didNot
      };
      break;
    }
    default: {
      const x = p;
      form = { op: x.op, segmentIds: x.segmentIds.map(String), exclude: x.exclude.map(String) };
    }
  }
  return form;
}
async function liveSegments(db, shopId2) {
  const { rows } = await db.query(
    `SELECT id, kind::text AS kind, params FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY id`,
    [shopId2]
  );
  return rows.filter((r) => isSegmentKind(r.kind));
}
function dependenciesOf(s) {
  const parsed = parseSegmentParams(s.kind, s.params);
  return parsed.ok ? segmentDependencies(s.kind, parsed.params) : [];
}
async function checkSegmentReferences(opts) {
  const deps = segmentDependencies(opts.kind, opts.params);
  if (!deps.length) return null;
  const field = (id2) => opts.kind === "sample" ? "segmentId" : opts.params.exclude.includes(id2) ? "exclude" : "segmentIds";
  const live = await liveSegments(pool(), opts.shopId);
  const byId = new Map(live.map((s) => [s.id, s]));
  for (const id2 of deps) {
    if (!byId.has(id2)) return { [field(id2)]: "That segment no longer exists" };
    if (id2 === opts.segmentId) return { [field(id2)]: "A segment cannot be built from itself" };
  }
  if (opts.segmentId === void 0) return null;
  const seen = /* @__PURE__ */ new Set();
  const stack = deps.map((d) => ({ id: d, root: d }));
  while (stack.length) {
    const { id: id2, root } = stack.pop();
    if (id2 === opts.segmentId)
      return { [field(root)]: "That segment is built from this one, so this would make a loop" };
    if (seen.has(id2)) continue;
    seen.add(id2);
    const s = byId.get(id2);
    if (s) for (const next of dependenciesOf(s)) stack.push({ id: next, root });
  }
  return null;
}
async function queueSegmentRefresh(shopId2, segmentId, requestedAt) {
  try {
    await enqueue(
      "segments.refresh-segment",
      { shopId: shopId2, segmentId },
      { jobId: `segment-${segmentId}-${requestedAt.getTime()}` }
    );
    return { queued: true };
  } catch {
    return { queued: false };
  }
}
class Sql {
  constructor() {
    __publicField(this, "values", []);
  }
  param(value, cast) {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ""}`;
  }
  /** A parameter bound on first use (PostgreSQL rejects statements with parameters they never reference). */
  lazy(value, cast) {
    let placeholder = null;
    return () => placeholder ?? (placeholder = this.param(value, cast));
  }
}
function withCtes(kq, more = []) {
  const all = [...kq.ctes ?? [], ...more];
  return all.length ? `WITH ${all.join(",\n     ")} ` : "";
}
function makeContext(args) {
  const q = new Sql();
  const shop = q.param(args.shopId, "int");
  const ids = args.customerIds ? q.param(args.customerIds, "bigint[]") : null;
  let now = null;
  const p = {
    shop,
    ids,
    get now() {
      return now ?? (now = q.param(args.now.toISOString(), "timestamptz"));
    }
  };
  return { ...args, q, p };
}
function customerScope(ctx, alias = "c") {
  return `${alias}.shop_id = ${ctx.p.shop} AND ${alias}.deleted_at IS NULL` + (ctx.p.ids ? ` AND ${alias}.id = ANY(${ctx.p.ids})` : "");
}
function orderScope(ctx, alias = "o", restrict = true) {
  return `${alias}.shop_id = ${ctx.p.shop} AND ${alias}.customer_id IS NOT NULL AND NOT ${alias}.test AND ${alias}.cancelled_at IS NULL` + (restrict && ctx.p.ids ? ` AND ${alias}.customer_id = ANY(${ctx.p.ids})` : "");
}
const orderTime = (alias = "o") => `coalesce(${alias}.processed_at, ${alias}.shopify_created_at)`;
function daysBefore(ctx, days, from = ctx.p.now) {
  return `(${from} - make_interval(hours => 24 * ${ctx.q.param(days, "int")}))`;
}
function daysAgo(ctx, expr) {
  return `floor(extract(epoch FROM (${ctx.p.now} - ${expr})) / 86400)::int`;
}
function money$2(ctx, expr) {
  const { exponent } = ctx.money;
  const pattern = exponent > 0 ? `FM999,999,999,999,990.${"0".repeat(exponent)}` : "FM999,999,999,999,990";
  return `(${ctx.q.param(ctx.money.symbol, "text")} || to_char((${expr})::numeric / ${10 ** exponent}, '${pattern}'))`;
}
function productSet(ctx, s) {
  const { q } = ctx;
  const shop = ctx.p.shop;
  const ors = [];
  if (s.productIds.length) ors.push(`p.id = ANY(${q.param(s.productIds, "bigint[]")})`);
  if (s.collectionIds.length) {
    ors.push(`EXISTS (SELECT 1 FROM product_collections pc WHERE pc.shop_id = ${shop} AND pc.product_id = p.id
                 AND pc.collection_id = ANY(${q.param(s.collectionIds, "bigint[]")}))`);
  }
  if (s.vendors.length)
    ors.push(
      `lower(p.vendor) = ANY(${q.param(
        s.vendors.map((v) => v.toLowerCase()),
        "text[]"
      )})`
    );
  if (s.productTypes.length)
    ors.push(
      `lower(p.product_type) = ANY(${q.param(
        s.productTypes.map((v) => v.toLowerCase()),
        "text[]"
      )})`
    );
  if (s.tags.length) {
    ors.push(
      `EXISTS (SELECT 1 FROM unnest(p.tags) t WHERE lower(t) = ANY(${q.param(
        s.tags.map((v) => v.toLowerCase()),
        "text[]"
      )}))`
    );
  }
  if (!ors.length) return null;
  let sql = `SELECT p.id FROM products p WHERE p.shop_id = ${shop} AND (${ors.join(" OR ")})`;
  if (s.productIds.length) sql += ` UNION SELECT unnest(${q.param(s.productIds, "bigint[]")})`;
  return sql;
}
function selectorSql(ctx, s, name) {
  const onlyIds = !s.collectionIds.length && !s.vendors.length && !s.productTypes.length && !s.tags.length;
  const products = onlyIds ? null : productSet(ctx, s);
  const ids = onlyIds && s.productIds.length ? ctx.q.param(s.productIds, "bigint[]") : null;
  const productMatch = (col) => ids ? `${col} = ANY(${ids})` : products ? `${col} IN (SELECT id FROM ${name})` : null;
  const variants = s.variantIds.length ? ctx.q.param(s.variantIds, "bigint[]") : null;
  const lineOrs = [];
  if (productMatch("li.product_id")) lineOrs.push(productMatch("li.product_id"));
  if (variants) lineOrs.push(`li.variant_id = ANY(${variants})`);
  const cols = "cp.customer_id, cp.product_id, cp.variant_id, cp.orders_count, cp.units, cp.first_at, cp.last_at";
  const scope = `cp.shop_id = ${ctx.p.shop}${ctx.p.ids ? ` AND cp.customer_id = ANY(${ctx.p.ids})` : ""}`;
  const parts = [];
  if (productMatch("cp.product_id"))
    parts.push(`SELECT ${cols} FROM customer_products cp WHERE ${scope} AND ${productMatch("cp.product_id")}`);
  if (variants)
    parts.push(`SELECT ${cols} FROM customer_products cp WHERE ${scope} AND cp.variant_id = ANY(${variants})`);
  return {
    cte: products ? `${name} AS (${products})` : null,
    line: `(${lineOrs.join(" OR ")})`,
    purchases: `(${parts.join(" UNION ")})`
  };
}
const BOUGHT_LINE = "li.current_quantity > 0";
function exactPurchases(ctx, sel, countBy, since) {
  const what = countBy === "orders" ? "count(DISTINCT o.id)" : "coalesce(sum(li.current_quantity), 0)";
  return `(SELECT ${what} FROM orders o JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
    WHERE ${orderScope(ctx, "o", false)} AND o.customer_id = c.id AND ${BOUGHT_LINE} AND ${sel.line}${since ? ` AND ${orderTime()} >= ${since}` : ""})`;
}
function label(ctx, key2, fallback) {
  return ctx.q.param(ctx.labels[key2] ?? fallback, "text");
}
function plural(countSql, singular, pluralWord = `${singular}s`) {
  return `(${countSql})::text || CASE WHEN (${countSql}) = 1 THEN ' ${singular}' ELSE ' ${pluralWord}' END`;
}
async function aovTierCompute(db, ctx) {
  if (ctx.params.mode === "fixed") return { cutsMinor: null, rankedCustomers: 0 };
  const { q, params } = ctx;
  const [lo, hi] = params.cutPercentiles;
  const sql = `SELECT count(*)::int AS n,
      (percentile_disc(${q.param(lo / 100, "float8")}) WITHIN GROUP (ORDER BY c.aov_minor))::text AS cut1,
      (percentile_disc(${q.param(hi / 100, "float8")}) WITHIN GROUP (ORDER BY c.aov_minor))::text AS cut2
    FROM customers c WHERE c.shop_id = ${ctx.p.shop} AND c.deleted_at IS NULL AND c.orders_count >= ${q.param(Math.max(1, params.minOrders), "int")}`;
  const { rows } = await db.query(sql, q.values);
  const r = rows[0];
  return { cutsMinor: r.cut1 !== null && r.cut2 !== null ? [r.cut1, r.cut2] : null, rankedCustomers: r.n };
}
function aovTierQuery(ctx) {
  const { params, q } = ctx;
  const conds = [];
  let bandText = () => `'no cut points yet'`;
  if (params.mode === "fixed") {
    if (params.minMinor !== null) conds.push(`c.aov_minor >= ${q.param(params.minMinor, "bigint")}`);
    if (params.maxMinor !== null) conds.push(`c.aov_minor < ${q.param(params.maxMinor, "bigint")}`);
    bandText = () => `'in your range'`;
  } else {
    const cuts = ctx.computed.cutsMinor ?? null;
    if (cuts === null) conds.push("false");
    else {
      const [c1, c2] = [q.lazy(cuts[0], "bigint"), q.lazy(cuts[1], "bigint")];
      if (params.band === "low") conds.push(`c.aov_minor < ${c1()}`);
      if (params.band === "mid") conds.push(`c.aov_minor >= ${c1()} AND c.aov_minor < ${c2()}`);
      if (params.band === "high") conds.push(`c.aov_minor >= ${c2()}`);
      bandText = () => params.band === "low" ? `'below ' || ${money$2(ctx, c1())}` : params.band === "high" ? `${money$2(ctx, c2())} || ' or more'` : `${money$2(ctx, c1())} || '–' || ${money$2(ctx, c2())}`;
    }
  }
  const select = `SELECT c.id AS customer_id FROM customers c
    WHERE ${customerScope(ctx)} AND c.orders_count >= ${q.param(Math.max(1, params.minOrders), "int")} AND ${conds.join(" AND ")}`;
  const why = () => `'average order ' || ${money$2(ctx, "c.aov_minor")} || ' over ' || c.orders_count || ' orders (' || ${bandText()} || ')'`;
  return { select, why };
}
const REACHED = `(r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))`;
const READ = `(r.read_at IS NOT NULL OR r.status = 'read')`;
function campaignResponseQuery(ctx) {
  const { params, q } = ctx;
  const shop = ctx.p.shop;
  const which = params.campaignId !== null ? `r.campaign_id = ${q.param(params.campaignId, "int")}` : `r.sent_at >= ${daysBefore(ctx, params.withinDays)}`;
  const restrict = ctx.p.ids ? ` AND r.customer_id = ANY(${ctx.p.ids})` : "";
  const did = params.didNot === "read" ? "NOT g.any_read" : params.didNot === "click" ? "NOT g.any_click" : `NOT EXISTS (SELECT 1 FROM orders o WHERE ${orderScope(ctx, "o", false)} AND o.customer_id = g.customer_id
             AND ${orderTime()} >= g.first_sent)`;
  const select = `SELECT g.customer_id, g.messages, g.first_sent, g.last_sent FROM (
      SELECT r.customer_id, count(*)::int AS messages, min(r.sent_at) AS first_sent, max(r.sent_at) AS last_sent,
             bool_or(${READ}) AS any_read, bool_or(r.clicked_at IS NOT NULL) AS any_click
      FROM recipients r
      JOIN customers c ON c.shop_id = ${shop} AND c.id = r.customer_id
      WHERE r.shop_id = ${shop} AND ${which} AND r.sent_at IS NOT NULL AND ${REACHED}${restrict} AND ${customerScope(ctx)}
      GROUP BY r.customer_id) g
    WHERE ${did}`;
  const verb = params.didNot === "read" ? "read" : params.didNot === "click" ? "click" : "buy since";
  const why = () => `'did not ${verb} ' || ${label(ctx, "campaign", "the campaign")} || ' (' || ${plural("m.messages", "message")} ||
      ' reached them, last ' || ${daysAgo(ctx, "m.last_sent")} || ' days ago)'`;
  return { select, why };
}
function combinationQuery(ctx) {
  const { params, q } = ctx;
  const shop = ctx.p.shop;
  const liveMembers = (ids) => `SELECT sm.customer_id, sm.segment_id FROM segment_members sm
      JOIN segments s ON s.id = sm.segment_id AND s.shop_id = ${shop} AND s.deleted_at IS NULL
      WHERE sm.shop_id = ${shop} AND sm.segment_id = ANY(${ids})${ctx.p.ids ? ` AND sm.customer_id = ANY(${ctx.p.ids})` : ""}`;
  const inputs = q.param(params.segmentIds, "int[]");
  const having = params.op === "and" ? ` HAVING count(DISTINCT i.segment_id) = ${q.param(params.segmentIds.length, "int")}` : "";
  const ctes = [
    `combo_inputs AS MATERIALIZED (SELECT i.customer_id FROM (${liveMembers(inputs)}) i GROUP BY i.customer_id${having})`
  ];
  if (params.exclude.length) {
    ctes.push(
      `combo_excluded AS MATERIALIZED (SELECT DISTINCT x.customer_id FROM (${liveMembers(q.param(params.exclude, "int[]"))}) x)`
    );
  }
  const exclude = params.exclude.length ? ` AND NOT EXISTS (SELECT 1 FROM combo_excluded e WHERE e.customer_id = c.id)` : "";
  const select = `SELECT c.id AS customer_id
    FROM combo_inputs t
    JOIN customers c ON c.shop_id = ${shop} AND c.id = t.customer_id
    WHERE ${customerScope(ctx)}${exclude}`;
  const why = () => `'in ' || ${label(ctx, "inputs", "the chosen segments")}${params.exclude.length ? ` || ', not in ' || ${label(ctx, "exclude", "the excluded segments")}` : ""}`;
  return { select, why, ctes };
}
function crossSellQuery(ctx) {
  const { params } = ctx;
  const a = selectorSql(ctx, params.a, "sel_a");
  const b = selectorSql(ctx, params.b, "sel_b");
  const since = params.withinDays !== null ? daysBefore(ctx, params.withinDays) : null;
  const select = `SELECT c.id AS customer_id, a.last_at AS a_last_at
    FROM (
      SELECT r.customer_id, max(r.last_at) AS last_at FROM ${a.purchases} r
      GROUP BY r.customer_id${since ? ` HAVING max(r.last_at) >= ${since}` : ""}
    ) a
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = a.customer_id
    WHERE ${customerScope(ctx)}
      -- NOT IN over B's buyers runs as one hashed set (customer_id is never null): robust whatever the estimates,
      -- and restricted to the given customers in an incremental refresh.
      AND c.id NOT IN (SELECT nb.customer_id FROM ${b.purchases} nb)`;
  const why = () => `'bought ' || ${label(ctx, "a", "the chosen products")} || ' in ' || ${plural(exactPurchases(ctx, a, "orders", since), "order")} ||
    ', last ' || ${daysAgo(ctx, "m.a_last_at")} || ' days ago; never bought ' || ${label(ctx, "b", "the others")}`;
  return { select, why, ctes: [a.cte, b.cte].filter((c) => c !== null) };
}
function spendScope(ctx, alias = "o") {
  return `${alias}.shop_id = ${ctx.p.shop} AND ${alias}.customer_id IS NOT NULL`;
}
function period(ctx) {
  const lapseStart = daysBefore(ctx, ctx.params.lapsedDays);
  const start = ctx.params.qualifyingDays === null ? null : daysBefore(ctx, ctx.params.qualifyingDays, lapseStart);
  return { lapseStart, start };
}
async function formerVipCompute(db, ctx) {
  var _a, _b;
  if (ctx.params.rankBy === "amount") return { thresholdMinor: ctx.params.minSpendMinor, rankedCustomers: 0 };
  const { lapseStart, start } = period(ctx);
  const sql = `WITH spend AS (
      SELECT o.customer_id, sum(o.net_minor) AS s FROM orders o
      WHERE ${spendScope(ctx)} AND ${orderTime()} < ${lapseStart}${start ? ` AND ${orderTime()} >= ${start}` : ""}
      GROUP BY o.customer_id HAVING sum(o.net_minor) > 0
    ), n AS (SELECT count(*)::int AS n FROM spend)
    SELECT n.n,
      (SELECT spend.s::text AS amount FROM spend ORDER BY spend.s DESC
       OFFSET greatest(ceil(n.n * ${ctx.q.param(ctx.params.topPercent, "numeric")} / 100)::int - 1, 0) LIMIT 1) AS threshold
    FROM n`;
  const { rows } = await db.query(sql, ctx.q.values);
  return { thresholdMinor: ((_a = rows[0]) == null ? void 0 : _a.threshold) ?? null, rankedCustomers: ((_b = rows[0]) == null ? void 0 : _b.n) ?? 0 };
}
function formerVipQuery(ctx) {
  const { params, q } = ctx;
  const threshold = params.rankBy === "amount" ? params.minSpendMinor : ctx.computed.thresholdMinor ?? null;
  const { lapseStart, start } = period(ctx);
  const thresholdSql = q.param(threshold, "bigint");
  let select;
  if (start === null) {
    select = `SELECT c.id AS customer_id, c.net_spent_minor AS spend FROM customers c
      WHERE ${customerScope(ctx)} AND c.last_order_at < ${lapseStart}
        AND c.net_spent_minor > 0 AND c.net_spent_minor >= ${thresholdSql}`;
  } else {
    select = `SELECT c.id AS customer_id, t.spend FROM customers c
      CROSS JOIN LATERAL (
        SELECT sum(o.net_minor) AS spend FROM orders o
        WHERE ${spendScope(ctx)} AND o.customer_id = c.id
          AND ${orderTime()} >= ${start} AND ${orderTime()} < ${lapseStart}
      ) t
      WHERE ${customerScope(ctx)} AND c.last_order_at < ${lapseStart} AND c.net_spent_minor > 0
        AND c.net_spent_minor >= ${thresholdSql} AND t.spend > 0 AND t.spend >= ${thresholdSql}`;
  }
  const why = () => {
    const periodText = params.qualifyingDays === null ? "before the lapse" : `in the ${params.qualifyingDays} days before the lapse`;
    const rank = params.rankBy === "amount" ? `'at least ' || ${money$2(ctx, thresholdSql)}` : `'top ' || ${q.param(String(params.topPercent), "text")} || '% from ' || ${money$2(ctx, thresholdSql)}`;
    return `'spent ' || ${money$2(ctx, "m.spend")} || ' ' || ${q.param(periodText, "text")} || ' (' || ${rank} || '), last order ' ||
      floor(extract(epoch FROM (${ctx.p.now} - c.last_order_at)) / 86400)::int || ' days ago'`;
  };
  return { select, why };
}
function locationQuery(ctx) {
  const { params, q } = ctx;
  const conds = [];
  if (params.countryCodes.length) conds.push(`c.country_code = ANY(${q.param(params.countryCodes, "text[]")})`);
  if (params.provinceCodes.length) {
    const pairs = params.provinceCodes.filter((p) => p.includes("-"));
    const bare = params.provinceCodes.filter((p) => !p.includes("-"));
    const ors = [];
    if (pairs.length) ors.push(`(c.country_code || '-' || upper(c.province_code)) = ANY(${q.param(pairs, "text[]")})`);
    if (bare.length) ors.push(`upper(c.province_code) = ANY(${q.param(bare, "text[]")})`);
    conds.push(`(${ors.join(" OR ")})`);
  }
  if (params.cities.length)
    conds.push(
      `lower(btrim(c.city)) = ANY(${q.param(
        params.cities.map((c) => c.trim().toLowerCase()),
        "text[]"
      )})`
    );
  const select = `SELECT c.id AS customer_id FROM customers c WHERE ${customerScope(ctx)} AND ${conds.join(" AND ")}`;
  const why = () => `'lives in ' || concat_ws(', ', nullif(btrim(c.city), ''), c.province_code, c.country_code)`;
  return { select, why };
}
function productSpecificQuery(ctx) {
  const { params, q } = ctx;
  const sel = selectorSql(ctx, params.products, "sel_p");
  const since = params.withinDays !== null ? daysBefore(ctx, params.withinDays) : null;
  const n2 = q.param(params.minTimes, "int");
  const col = params.countBy === "orders" ? "r.orders_count" : "r.units";
  const inside = since ? ` FILTER (WHERE r.first_at >= ${since})` : "";
  const upper = `sum(${col})`;
  const lower = params.countBy === "orders" ? since ? `greatest(coalesce(max(${col})${inside}, 0), 1)` : `max(${col})` : since ? `coalesce(sum(${col})${inside}, 0)` : `sum(${col})`;
  const exact = exactPurchases(ctx, sel, params.countBy, since);
  const select = `SELECT c.id AS customer_id, t.last_at
    FROM (
      SELECT r.customer_id, max(r.last_at) AS last_at, ${lower} AS lower
      FROM ${sel.purchases} r${since ? ` WHERE r.last_at >= ${since}` : ""}
      GROUP BY r.customer_id
      HAVING ${upper} >= ${n2}
    ) t
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = t.customer_id
    WHERE ${customerScope(ctx)} AND (t.lower >= ${n2} OR ${exact} >= ${n2})`;
  const products = () => label(ctx, "products", "the chosen products");
  const bought = () => params.countBy === "units" ? `'bought ' || ${plural(exact, "unit")} || ' of ' || ${products()}` : `'bought ' || ${products()} || ' in ' || ${plural(exact, "order")}`;
  const why = () => `${bought()}${since ? ` || ' in the last ' || ${q.param(params.withinDays, "int")} || ' days'` : ""} || ', last ' ||
    ${daysAgo(ctx, "m.last_at")} || ' days ago'`;
  return { select, why, ctes: [sel.cte].filter((c) => c !== null) };
}
const QUINTILES = "ARRAY[0.2, 0.4, 0.6, 0.8]::float8[]";
async function rfmCompute(db, ctx) {
  const sql = `SELECT count(*)::int AS n,
      percentile_disc(${QUINTILES}) WITHIN GROUP (ORDER BY ${daysAgo(ctx, "c.last_order_at")}) AS r,
      percentile_disc(${QUINTILES}) WITHIN GROUP (ORDER BY c.orders_count) AS f,
      (percentile_disc(${QUINTILES}) WITHIN GROUP (ORDER BY c.net_spent_minor))::text[] AS m
    FROM customers c WHERE c.shop_id = ${ctx.p.shop} AND c.deleted_at IS NULL AND c.orders_count >= 1`;
  const { rows } = await db.query(
    sql,
    ctx.q.values
  );
  const row = rows[0];
  return { recencyDays: row.r, frequency: row.f, monetaryMinor: row.m, rankedCustomers: row.n };
}
function scores(ctx) {
  const { q, computed } = ctx;
  const r = q.param(computed.recencyDays, "int[]");
  const f = q.param(computed.frequency, "int[]");
  const m2 = q.param(computed.monetaryMinor, "bigint[]");
  const days = daysAgo(ctx, "c.last_order_at");
  const above = (value, breaks) => [1, 2, 3, 4].map((i) => `(${value} > (${breaks})[${i}])::int`).join(" + ");
  const R = `(5 - (${above(days, r)}))`;
  const F = `(1 + ${above("c.orders_count", f)})`;
  const M = `(1 + ${above("c.net_spent_minor", m2)})`;
  const grid = q.param(RFM_GRID.flat(), "text[]");
  return {
    R,
    F,
    M,
    cell: (rr, ff, mm) => `(${grid})[(${rr} - 1) * 5 + (${ff} + ${mm} + 1) / 2]`
  };
}
function rfmQuery(ctx) {
  const ready = ctx.computed.recencyDays && ctx.computed.frequency && ctx.computed.monetaryMinor;
  const s = scores(ctx);
  const select = `SELECT t.customer_id, t.r, t.f, t.m, t.cell FROM (
      SELECT c.id AS customer_id, s.r, s.f, s.m, ${s.cell("s.r", "s.f", "s.m")} AS cell
      FROM customers c CROSS JOIN LATERAL (SELECT ${s.R} AS r, ${s.F} AS f, ${s.M} AS m) s
      WHERE ${customerScope(ctx)} AND c.orders_count >= 1 ${ready ? "" : "AND false"}
    ) t WHERE t.cell = ANY(${ctx.q.param(ctx.params.cells, "text[]")})`;
  const why = () => `'R' || m.r || ' F' || m.f || ' M' || m.m || ' (' || replace(m.cell, '_', ' ') || '): last order ' ||
    ${daysAgo(ctx, "c.last_order_at")} || ' days ago, ' || c.orders_count || ' orders, spent ' || ${money$2(ctx, "c.net_spent_minor")}`;
  return { select, why };
}
function saleShopperBasisPoints(minShare) {
  return Math.round(minShare * 1e4);
}
function dealOrders(params) {
  const accepted = (params.discountCodes ? 1 : 0) | (params.automaticDiscounts ? 2 : 0) | (params.markdowns ? 4 : 0);
  if (accepted === 7) return "c.deal_orders_count";
  const mixes = [1, 2, 3, 4, 5, 6, 7].filter((mix) => (mix & accepted) !== 0);
  return mixes.length ? `(${mixes.map((mix) => `coalesce(c.deal_order_counts[${mix + 1}], 0)`).join(" + ")})` : "0";
}
function saleShopperQuery(ctx) {
  const { params, q } = ctx;
  const bp = q.param(saleShopperBasisPoints(params.minShare), "bigint");
  const deals = dealOrders(params);
  const select = `SELECT c.id AS customer_id FROM customers c
    WHERE ${customerScope(ctx)} AND c.orders_count >= ${q.param(params.minOrders, "int")}
      AND ${deals}::bigint * 10000 >= ${bp} * c.orders_count`;
  const why = () => `c.orders_count || ' orders, ' || ${deals} || ' with a deal, last ' ||
    coalesce(floor(extract(epoch FROM (${ctx.p.now} - c.last_order_at)) / 86400)::int::text, '?') || ' days ago'`;
  return { select, why };
}
function sampleBasisPoints(percent2) {
  return Math.round(percent2 * 100);
}
function sampleQuery(ctx) {
  const { params, q } = ctx;
  const base = q.param(params.segmentId, "int");
  const select = `SELECT c.id AS customer_id
    FROM segment_members sm
    JOIN segments s ON s.id = sm.segment_id AND s.shop_id = ${ctx.p.shop} AND s.deleted_at IS NULL
    JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = sm.customer_id
    WHERE sm.segment_id = ${base} AND sm.shop_id = ${ctx.p.shop} AND ${customerScope(ctx)}
      AND ${ctx.p.ids ? `sm.customer_id = ANY(${ctx.p.ids}) AND ` : ""}
      (('x' || substr(md5(${q.param(params.seed, "text")} || ':' || sm.customer_id::text), 1, 8))::bit(32)::bigint % 10000)
        < ${q.param(sampleBasisPoints(params.percent), "int")}`;
  const why = () => `'in the ' || ${q.param(String(params.percent), "text")} || '% sample of ' || ${label(ctx, "base", "the base segment")}`;
  return { select, why };
}
const KIND_SQL = {
  cross_sell: { query: crossSellQuery },
  product_specific: { query: productSpecificQuery },
  sale_shopper: { query: saleShopperQuery },
  former_vip: { query: formerVipQuery, compute: formerVipCompute },
  aov_tier: { query: aovTierQuery, compute: aovTierCompute },
  rfm: { query: rfmQuery, compute: rfmCompute },
  location: { query: locationQuery },
  sample: { query: sampleQuery },
  combination: { query: combinationQuery },
  campaign_response: { query: campaignResponseQuery }
};
function needsComputed(kind, params) {
  if (kind === "former_vip") return params.rankBy === "percent";
  if (kind === "aov_tier") return params.mode === "quantile";
  return kind === "rfm";
}
class SegmentParamsError extends Error {
  constructor(fieldErrors2) {
    super(
      `invalid segment parameters: ${Object.entries(fieldErrors2).map(([k, v]) => `${k}: ${v}`).join("; ")}`
    );
    this.fieldErrors = fieldErrors2;
  }
}
async function shopFormat(db, shopId2) {
  const shop = await readShopFormat(shopId2, db);
  return { timeZone: shop.timeZone, money: { symbol: shop.currencySymbol, exponent: shop.currencyExponent } };
}
function paramsKey(params) {
  const sort = (v) => Array.isArray(v) ? v.map(sort) : v && typeof v === "object" ? Object.fromEntries(
    Object.keys(v).sort().map((k) => [k, sort(v[k])])
  ) : v;
  return JSON.stringify(sort(params));
}
function buildContext(args) {
  return makeContext({ ...args, labels: args.labels ?? {} });
}
async function computeFigures(db, kind, shopId2, params, now, money2) {
  const sql = KIND_SQL[kind];
  if (!sql.compute || !needsComputed(kind, params)) return {};
  const ctx = buildContext({ kind, shopId: shopId2, params, computed: {}, now, customerIds: null, money: money2 });
  return {
    ...await sql.compute(db, ctx),
    paramsKey: paramsKey(params),
    computedAt: now.toISOString()
  };
}
function memberSelect(kind, ctx) {
  return KIND_SQL[kind].query(ctx);
}
async function prepareSegmentSession(client2) {
  await client2.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL synchronous_commit = off");
}
async function withSegmentSession(fn) {
  return withTransaction(async (client2) => {
    await prepareSegmentSession(client2);
    return fn(client2);
  });
}
const NAME_MAX = 100;
const BAND_LABEL = { low: "low", mid: "mid", high: "high" };
function validName(raw) {
  const name = typeof raw === "string" ? raw.trim().replace(/\s+/g, " ") : "";
  if (!name) return { error: "Give the segment a name" };
  if (name.length > NAME_MAX) return { error: `Keep the name under ${NAME_MAX} characters` };
  return { name };
}
async function takenNames(shopId2, names, exceptId) {
  const { rows } = await pool().query(
    `SELECT name FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND lower(name) = ANY($2::text[]) AND ($3::int IS NULL OR id <> $3)`,
    [shopId2, names.map((n2) => n2.toLowerCase()), exceptId ?? null]
  );
  return rows.map((r) => r.name);
}
async function saveSegment(input) {
  const errors = {};
  let existing = null;
  if (input.segmentId !== void 0) {
    const { rows } = await pool().query(
      `SELECT kind::text AS kind, params FROM segments WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL`,
      [input.segmentId, input.shopId]
    );
    const row = rows[0];
    if (!row || !isSegmentKind(row.kind))
      return { ok: false, status: 404, fieldErrors: { form: "This segment no longer exists" } };
    existing = { kind: row.kind, params: row.params };
  }
  const kind = (existing == null ? void 0 : existing.kind) ?? input.kind;
  if (!isSegmentKind(kind)) return { ok: false, status: 400, fieldErrors: { kind: "Choose a kind of segment" } };
  const named = validName(input.name);
  if ("error" in named) errors.name = named.error;
  const parsed = parseBuilderForm(kind, input.form, (await readShopFormat(input.shopId)).currencyExponent, {
    segmentId: input.segmentId
  });
  if (!parsed.ok) Object.assign(errors, parsed.fieldErrors);
  if (parsed.ok) {
    const refs = await checkSegmentReferences({
      shopId: input.shopId,
      segmentId: input.segmentId,
      kind,
      params: parsed.params
    });
    if (refs) Object.assign(errors, refs);
  }
  if (Object.keys(errors).length || !parsed.ok || "error" in named)
    return { ok: false, status: 400, fieldErrors: errors };
  const drafts = [];
  const params = parsed.params;
  if (kind === "aov_tier" && input.allBands && existing === null && params.mode === "quantile") {
    for (const band of ["low", "mid", "high"]) {
      drafts.push({
        name: `${named.name} – ${BAND_LABEL[band]}`,
        kind,
        params: { ...params, band }
      });
    }
  } else {
    drafts.push({ name: named.name, kind, params });
  }
  const taken = await takenNames(
    input.shopId,
    drafts.map((d) => d.name),
    input.segmentId
  );
  if (taken.length) {
    return { ok: false, status: 400, fieldErrors: { name: `You already have a segment called “${taken[0]}”` } };
  }
  if (existing !== null) {
    const changed = paramsKey(existing.params) !== paramsKey(params);
    const { rows } = await pool().query(
      `UPDATE segments SET name = $3, params = $4, updated_at = now(),
         refresh_requested_at = CASE WHEN $5::boolean THEN now() ELSE refresh_requested_at END
       WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL RETURNING refresh_requested_at AS requested`,
      [input.segmentId, input.shopId, named.name, JSON.stringify(params), changed]
    );
    if (!rows[0]) return { ok: false, status: 404, fieldErrors: { form: "This segment no longer exists" } };
    if (changed && rows[0].requested) await queueSegmentRefresh(input.shopId, input.segmentId, rows[0].requested);
    return { ok: true, ids: [input.segmentId] };
  }
  const created = await withTransaction(async (client2) => {
    const out = [];
    for (const d of drafts) {
      const { rows } = await client2.query(
        `INSERT INTO segments (shop_id, name, kind, params, refresh_requested_at, updated_at)
         VALUES ($1, $2, $3::"SegmentKind", $4, now(), now()) RETURNING id, refresh_requested_at AS requested`,
        [input.shopId, d.name, d.kind, JSON.stringify(d.params)]
      );
      out.push(rows[0]);
    }
    return out;
  });
  for (const c of created) await queueSegmentRefresh(input.shopId, c.id, c.requested);
  return { ok: true, ids: created.map((c) => c.id) };
}
const ACTIVE_CAMPAIGNS = ["draft", "scheduled", "running", "testing", "awaiting_decision", "paused"];
async function deleteSegment(opts) {
  const db = pool();
  const { rows } = await db.query(
    `SELECT id, name, kind::text AS kind, params FROM segments WHERE shop_id = $1 AND deleted_at IS NULL`,
    [opts.shopId]
  );
  if (!rows.some((r) => r.id === opts.segmentId))
    return { ok: false, status: 404, message: "This segment no longer exists" };
  const dependants = rows.filter(
    (r) => r.id !== opts.segmentId && isSegmentKind(r.kind) && segmentDependencies(r.kind, r.params).includes(opts.segmentId)
  );
  if (dependants.length) {
    return {
      ok: false,
      status: 400,
      message: `Used by ${dependants.map((d) => `“${d.name}”`).join(", ")}: change or delete ${dependants.length === 1 ? "it" : "them"} first.`
    };
  }
  const campaigns = await db.query(
    `SELECT c.name FROM campaign_segments cs JOIN campaigns c ON c.id = cs.campaign_id
     WHERE cs.shop_id = $1 AND cs.segment_id = $2 AND c.shop_id = $1 AND c.status::text = ANY($3::text[]) ORDER BY c.name`,
    [opts.shopId, opts.segmentId, ACTIVE_CAMPAIGNS]
  );
  if (campaigns.rows.length) {
    return {
      ok: false,
      status: 400,
      message: `Campaign ${campaigns.rows.map((c) => `“${c.name}”`).join(", ")} still targets this segment: remove it there first.`
    };
  }
  await db.query(`UPDATE segments SET deleted_at = now(), refresh_requested_at = NULL WHERE id = $1 AND shop_id = $2`, [
    opts.segmentId,
    opts.shopId
  ]);
  return { ok: true };
}
async function requestRefreshNow(opts) {
  const { rows } = await pool().query(
    `UPDATE segments SET refresh_requested_at = now() WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL
     RETURNING refresh_requested_at AS requested`,
    [opts.segmentId, opts.shopId]
  );
  if (!rows[0]) return false;
  await queueSegmentRefresh(opts.shopId, opts.segmentId, rows[0].requested);
  return true;
}
function list(names, joiner, limit = 2) {
  if (names.length <= limit) return names.join(joiner);
  return `${names.slice(0, limit).join(", ")}${joiner}${names.length - limit} more`;
}
async function describeSelector(db, shopId2, s) {
  const { rows } = await db.query(
    `SELECT
       array(SELECT title FROM products WHERE shop_id = $1 AND id = ANY($2::bigint[]) ORDER BY title) AS products,
       array(SELECT p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), '')
             FROM product_variants v LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
             WHERE v.shop_id = $1 AND v.id = ANY($3::bigint[]) ORDER BY 1) AS variants,
       array(SELECT title FROM collections WHERE shop_id = $1 AND id = ANY($4::bigint[]) ORDER BY title) AS collections`,
    [shopId2, s.productIds, s.variantIds, s.collectionIds]
  );
  const r = rows[0];
  const parts = [];
  const products = [...r.products, ...r.variants];
  const unknown = s.productIds.length + s.variantIds.length - products.length;
  if (products.length) parts.push(list(products, " or "));
  if (unknown > 0) parts.push(`${unknown} other product${unknown === 1 ? "" : "s"}`);
  if (r.collections.length) parts.push(`${list(r.collections, " or ")} (collection)`);
  if (s.vendors.length) parts.push(`vendor ${list(s.vendors, " or ")}`);
  if (s.productTypes.length) parts.push(`type ${list(s.productTypes, " or ")}`);
  if (s.tags.length) parts.push(`tag ${list(s.tags, " or ")}`);
  return parts.join(" or ") || "the chosen products";
}
async function segmentNames(db, shopId2, ids) {
  const { rows } = await db.query(
    `SELECT id, name FROM segments WHERE shop_id = $1 AND id = ANY($2::int[])`,
    [shopId2, ids]
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
async function resolveLabels(db, shopId2, kind, params) {
  switch (kind) {
    case "cross_sell": {
      const p = params;
      return { a: await describeSelector(db, shopId2, p.a), b: await describeSelector(db, shopId2, p.b) };
    }
    case "product_specific":
      return { products: await describeSelector(db, shopId2, params.products) };
    case "sample": {
      const p = params;
      const names = await segmentNames(db, shopId2, [p.segmentId]);
      return { base: names.get(p.segmentId) ?? "a deleted segment" };
    }
    case "combination": {
      const p = params;
      const names = await segmentNames(db, shopId2, [...p.segmentIds, ...p.exclude]);
      const name = (id2) => `“${names.get(id2) ?? "deleted segment"}”`;
      return {
        inputs: list(p.segmentIds.map(name), p.op === "and" ? " and " : " or ", 3),
        exclude: list(p.exclude.map(name), " or ", 3)
      };
    }
    case "campaign_response": {
      const p = params;
      if (p.campaignId === null) return { campaign: `any campaign of the last ${p.withinDays} days` };
      const { rows } = await db.query(`SELECT name FROM campaigns WHERE shop_id = $1 AND id = $2`, [
        shopId2,
        p.campaignId
      ]);
      return { campaign: rows[0] ? `“${rows[0].name}”` : "a deleted campaign" };
    }
    default:
      return {};
  }
}
function formatMinor(minor, money2) {
  return formatMoney(BigInt(minor), money2.currency, money2.exponent);
}
const within = (days) => days === null ? "" : ` in the last ${days} days`;
async function describeSegment(db, shopId2, kind, params, money2, computed = {}) {
  const labels = await resolveLabels(db, shopId2, kind, params);
  switch (kind) {
    case "cross_sell": {
      const p = params;
      return `Bought ${labels.a}${within(p.withinDays)}, never ${labels.b}`;
    }
    case "product_specific": {
      const p = params;
      const times = p.countBy === "units" ? `${p.minTimes}+ units` : p.minTimes === 1 ? "at least once" : `in ${p.minTimes}+ orders`;
      return `Bought ${labels.products} ${times}${within(p.withinDays)}`;
    }
    case "sale_shopper": {
      const p = params;
      const deals = [
        p.discountCodes && "discount codes",
        p.automaticDiscounts && "automatic discounts",
        p.markdowns && "marked-down items"
      ].filter(Boolean).join(", ");
      return `At least ${Math.round(p.minShare * 1e3) / 10}% of orders with a deal (${deals}), ${p.minOrders}+ orders`;
    }
    case "former_vip": {
      const p = params;
      const period2 = p.qualifyingDays === null ? "before that" : `in the ${p.qualifyingDays} days before that`;
      const threshold = typeof computed.thresholdMinor === "string" ? ` (${formatMinor(computed.thresholdMinor, money2)} or more)` : "";
      const rank = p.rankBy === "amount" && p.minSpendMinor !== null ? `Spent at least ${formatMinor(p.minSpendMinor, money2)}` : `Top ${p.topPercent}% by spend${threshold}`;
      return `${rank} ${period2}, no order in the last ${p.lapsedDays} days`;
    }
    case "aov_tier": {
      const p = params;
      if (p.mode === "fixed") {
        const from = p.minMinor !== null ? `from ${formatMinor(p.minMinor, money2)}` : "";
        const to2 = p.maxMinor !== null ? `below ${formatMinor(p.maxMinor, money2)}` : "";
        return `Average order value ${[from, to2].filter(Boolean).join(" and ")}, ${p.minOrders}+ orders`;
      }
      const cuts = computed.cutsMinor;
      const range = cuts ? p.band === "low" ? `below ${formatMinor(cuts[0], money2)}` : p.band === "high" ? `${formatMinor(cuts[1], money2)} or more` : `${formatMinor(cuts[0], money2)} to ${formatMinor(cuts[1], money2)}` : "";
      const pct2 = (x) => `${Math.round(x * 10) / 10}%`;
      return `Average order value in the ${p.band} band of your store (cuts at the ${pct2(p.cutPercentiles[0])} and ${pct2(p.cutPercentiles[1])} points${range ? `: ${range}` : ""}), ${p.minOrders}+ orders`;
    }
    case "rfm":
      return `RFM groups: ${params.cells.map((c) => c.replace(/_/g, " ")).join(", ")}`;
    case "location": {
      const p = params;
      return `Lives in ${[...p.countryCodes, ...p.provinceCodes, ...p.cities].join(", ")}`;
    }
    case "sample": {
      const p = params;
      return `A ${p.percent}% sample of “${labels.base}” (seed “${p.seed}”)`;
    }
    case "campaign_response": {
      const p = params;
      const what = p.didNot === "read" ? "did not read it" : p.didNot === "click" ? "did not click" : "did not buy since";
      return `Reached by ${labels.campaign}, ${what}`;
    }
    default: {
      const p = params;
      return `In ${p.op === "and" ? "all of" : "any of"} ${labels.inputs}${p.exclude.length ? `, not in ${labels.exclude}` : ""}`;
    }
  }
}
function displayName$1(r) {
  return [r.first_name, r.last_name].filter(Boolean).join(" ") || r.email || `Customer ${r.customer_id}`;
}
async function previewSegment(opts) {
  const parsed = parseSegmentParams(opts.kind, opts.params, { segmentId: opts.segmentId });
  if (!parsed.ok) throw new SegmentParamsError(parsed.fieldErrors);
  const now = opts.now ?? /* @__PURE__ */ new Date();
  return withSegmentSession(async (db) => {
    var _a;
    const format = await shopFormat(db, opts.shopId);
    const computed = await computeFigures(db, opts.kind, opts.shopId, parsed.params, now, format.money);
    const labels = await resolveLabels(db, opts.shopId, opts.kind, parsed.params);
    const ctx = buildContext({
      kind: opts.kind,
      shopId: opts.shopId,
      params: parsed.params,
      computed,
      now,
      customerIds: null,
      money: format.money,
      labels
    });
    const kq = memberSelect(opts.kind, ctx);
    const limit = ctx.q.param(Math.max(0, Math.min(opts.sampleSize ?? 10, 100)), "int");
    const { rows } = await db.query(
      `${withCtes(kq, [`members AS MATERIALIZED (${kq.select})`])}
       SELECT (SELECT count(DISTINCT customer_id) FROM members)::int AS total, x.*
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT m.customer_id::text AS customer_id, c.first_name, c.last_name, c.email, ${kq.why()} AS why
         FROM (SELECT DISTINCT ON (customer_id) * FROM members ORDER BY customer_id LIMIT ${limit}) m
         JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = m.customer_id
         ORDER BY m.customer_id
       ) x ON true`,
      ctx.q.values
    );
    const count2 = ((_a = rows[0]) == null ? void 0 : _a.total) ?? 0;
    const sample = rows.filter((r) => r.customer_id !== null).map((r) => ({ customerId: r.customer_id, name: displayName$1(r), email: r.email, why: r.why ?? "" }));
    return { count: count2, sample, computed };
  });
}
async function explainMembers(opts) {
  const out = /* @__PURE__ */ new Map();
  if (!opts.customerIds.length) return out;
  const db = pool();
  const { rows: segs } = await db.query(
    `SELECT kind::text AS kind, params, computed FROM segments WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL`,
    [opts.segmentId, opts.shopId]
  );
  const seg = segs[0];
  if (!seg || !isSegmentKind(seg.kind)) return out;
  const parsed = parseSegmentParams(seg.kind, seg.params);
  if (!parsed.ok) return out;
  const format = await shopFormat(db, opts.shopId);
  const labels = await resolveLabels(db, opts.shopId, seg.kind, parsed.params);
  const ctx = buildContext({
    kind: seg.kind,
    shopId: opts.shopId,
    params: parsed.params,
    computed: seg.computed ?? {},
    now: opts.now ?? /* @__PURE__ */ new Date(),
    customerIds: opts.customerIds.map(String),
    money: format.money,
    labels
  });
  const kq = memberSelect(seg.kind, ctx);
  const { rows } = await withSegmentSession(
    (client2) => client2.query(
      `${withCtes(kq)}SELECT DISTINCT ON (m.customer_id) m.customer_id::text AS customer_id, ${kq.why()} AS why
     FROM (${kq.select}) m JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = m.customer_id
     ORDER BY m.customer_id`,
      ctx.q.values
    )
  );
  for (const r of rows) out.set(r.customer_id, r.why ?? "");
  return out;
}
async function previewForm(opts) {
  var _a;
  if (!isSegmentKind(opts.kind)) return { ok: false, fieldErrors: { kind: "Choose a kind of segment" } };
  const kind = opts.kind;
  const format = await shopFormat(pool(), opts.shopId);
  const parsed = parseBuilderForm(kind, opts.form, format.money.exponent, { segmentId: opts.segmentId });
  if (!parsed.ok) return parsed;
  const refs = await checkSegmentReferences({
    shopId: opts.shopId,
    segmentId: opts.segmentId,
    kind,
    params: parsed.params
  });
  if (refs) return { ok: false, fieldErrors: refs };
  const preview = await previewSegment({
    shopId: opts.shopId,
    kind,
    params: parsed.params,
    segmentId: opts.segmentId,
    now: opts.now,
    sampleSize: 8
  });
  const customers = await pool().query(
    `SELECT count(*)::int AS n FROM customers WHERE shop_id = $1 AND deleted_at IS NULL`,
    [opts.shopId]
  );
  let bands;
  const aov = parsed.params;
  if (kind === "aov_tier" && opts.allBands && aov.mode === "quantile" && opts.segmentId === void 0) {
    bands = [];
    for (const band of AOV_BANDS) {
      const b = band === aov.band ? preview : await previewSegment({ shopId: opts.shopId, kind, params: { ...aov, band }, now: opts.now, sampleSize: 0 });
      bands.push({ band, count: b.count });
    }
  }
  return {
    ok: true,
    count: preview.count,
    sample: preview.sample,
    computed: preview.computed,
    customers: ((_a = customers.rows[0]) == null ? void 0 : _a.n) ?? 0,
    bands
  };
}
const MIN_LIFT = 1.2;
const TOP_ITEMS = 150;
const LIVE = `cp.shop_id = $1 AND cp.customer_id NOT IN (SELECT id FROM customers WHERE shop_id = $1 AND deleted_at IS NOT NULL)`;
const ITEMS = {
  product: `SELECT DISTINCT cp.customer_id, cp.product_id::text AS item FROM customer_products cp
            WHERE ${LIVE} AND cp.product_id <> 0`,
  product_type: `SELECT DISTINCT cp.customer_id, lower(p.product_type) AS item FROM customer_products cp
            JOIN products p ON p.shop_id = cp.shop_id AND p.id = cp.product_id
            WHERE ${LIVE} AND coalesce(p.product_type, '') <> ''`,
  collection: `SELECT DISTINCT cp.customer_id, pc.collection_id::text AS item FROM customer_products cp
            JOIN product_collections pc ON pc.shop_id = cp.shop_id AND pc.product_id = cp.product_id
            WHERE ${LIVE}`
};
const NAMES = {
  product: `(SELECT title FROM products WHERE shop_id = $1 AND id = x::bigint)`,
  product_type: `(SELECT min(product_type) FROM products WHERE shop_id = $1 AND lower(product_type) = x)`,
  collection: `(SELECT title FROM collections WHERE shop_id = $1 AND id = x::bigint)`
};
async function suggestCrossSellPairs(opts) {
  const level = opts.level ?? "product";
  const limit = Math.max(1, Math.min(opts.limit, 100));
  const sql = `WITH bought AS MATERIALIZED (${ITEMS[level]}),
    total AS (SELECT count(DISTINCT customer_id)::bigint AS n FROM bought),
    floor AS (SELECT greatest($2::int, ceil($3::float8 * n)::int) AS k, n FROM total),
    items AS (SELECT item, count(*)::bigint AS cnt FROM bought GROUP BY item HAVING count(*) >= (SELECT k FROM floor)),
    top_items AS (SELECT item FROM items ORDER BY cnt DESC, item LIMIT $5),
    frequent AS (SELECT b.customer_id, b.item FROM bought b JOIN top_items i USING (item)),
    pairs AS (
      SELECT x.item AS a, y.item AS b, count(*)::bigint AS both_count
      FROM frequent x JOIN frequent y ON y.customer_id = x.customer_id AND y.item <> x.item
      GROUP BY 1, 2 HAVING count(*) >= (SELECT k FROM floor))
    SELECT p.a, p.b, ia.cnt AS a_count, ib.cnt AS b_count, p.both_count, f.n,
      ${NAMES[level].replace("x", "p.a")} AS a_name, ${NAMES[level].replace("x", "p.b")} AS b_name
    FROM pairs p JOIN items ia ON ia.item = p.a JOIN items ib ON ib.item = p.b CROSS JOIN floor f
    WHERE p.both_count::float8 * f.n > $6::float8 * ia.cnt::float8 * ib.cnt  -- lift > minLift
      AND ia.cnt - p.both_count >= f.k  -- an audience (bought A, never B) at least as large as the pair floor
    ORDER BY (p.both_count::float8 / ia.cnt) / (ib.cnt::float8 / f.n) * (p.both_count::float8 / f.n) DESC, p.a, p.b
    LIMIT $4`;
  const { rows } = await pool().query(sql, [
    opts.shopId,
    opts.minCustomers ?? 10,
    opts.minSupport ?? 5e-3,
    limit,
    opts.topItems ?? TOP_ITEMS,
    Math.max(1, opts.minLift ?? MIN_LIFT)
  ]);
  return rows.map((r) => {
    const n2 = Number(r.n);
    const both = Number(r.both_count);
    const withA = Number(r.a_count);
    const withB = Number(r.b_count);
    const confidence = both / withA;
    const selector = (item) => ({
      productIds: level === "product" ? [item] : [],
      variantIds: [],
      collectionIds: level === "collection" ? [item] : [],
      vendors: [],
      productTypes: level === "product_type" ? [item] : [],
      tags: []
    });
    return {
      a: { id: r.a, name: r.a_name ?? r.a },
      b: { id: r.b, name: r.b_name ?? r.b },
      customersWithA: withA,
      customersWithB: withB,
      customersWithBoth: both,
      support: both / n2,
      confidence,
      lift: confidence / (withB / n2),
      audience: withA - both,
      params: { a: selector(r.a), b: selector(r.b), withinDays: null }
    };
  });
}
const LOCKED_COLUMNS = `id, kind::text AS kind, params, computed, deleted_at IS NOT NULL AS deleted, member_count, clock_timestamp() AS locked_at`;
function toRecord(row) {
  if (!row || !isSegmentKind(row.kind)) return null;
  return {
    lockedAt: row.locked_at,
    id: row.id,
    kind: row.kind,
    params: row.params,
    computed: row.computed ?? {},
    deleted: row.deleted,
    memberCount: row.member_count
  };
}
async function lockSegment(client2, shopId2, segmentId) {
  const { rows } = await client2.query(
    `SELECT ${LOCKED_COLUMNS} FROM segments WHERE id = $1 AND shop_id = $2 FOR UPDATE`,
    [segmentId, shopId2]
  );
  return toRecord(rows[0]);
}
async function lockLiveSegments(client2, shopId2) {
  const { rows } = await client2.query(
    `SELECT ${LOCKED_COLUMNS} FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [shopId2]
  );
  return rows.map(toRecord).filter((r) => r !== null);
}
async function refreshLocked(client2, opts, now, format, locked) {
  const { shopId: shopId2, segmentId } = opts;
  const segment = locked ?? await lockSegment(client2, shopId2, segmentId);
  if (!segment || segment.deleted) return { entered: 0, left: 0, count: 0, refreshed: false };
  const parsed = parseSegmentParams(segment.kind, segment.params, { segmentId });
  if (!parsed.ok) {
    const message = Object.entries(parsed.fieldErrors).map(([k, v]) => `${k}: ${v}`).join("; ");
    await client2.query(
      `UPDATE segments SET refresh_error = $3, refresh_requested_at = NULL WHERE id = $1 AND shop_id = $2`,
      [segmentId, shopId2, message]
    );
    return { entered: 0, left: 0, count: 0, refreshed: false };
  }
  const params = parsed.params;
  const needs = needsComputed(segment.kind, params);
  const frozenValid = !needs || segment.computed.paramsKey === paramsKey(params);
  let customerIds = opts.customerIds ? opts.customerIds.map((id2) => id2.toString()) : null;
  if (customerIds && !frozenValid) customerIds = null;
  const full = customerIds === null;
  let computed = segment.computed;
  if (!frozenValid || full && (opts.recompute ?? true)) {
    computed = await computeFigures(client2, segment.kind, shopId2, params, now, format.money);
  }
  const ctx = buildContext({ kind: segment.kind, shopId: shopId2, params, computed, now, customerIds, money: format.money });
  const kq = memberSelect(segment.kind, ctx);
  const q = ctx.q;
  const seg = q.param(segmentId, "int");
  const at = ctx.p.now;
  const scoped = ctx.p.ids ? ` AND sm.customer_id = ANY(${ctx.p.ids})` : "";
  const diff = await client2.query(
    // Every kind's statement yields each customer once (sql/common.server.ts KindQuery): no DISTINCT needed.
    `${withCtes(kq, [`target AS NOT MATERIALIZED (SELECT m.customer_id FROM (${kq.select}) m)`])},
     current AS (SELECT sm.customer_id FROM segment_members sm WHERE sm.segment_id = ${seg} AND sm.shop_id = ${ctx.p.shop}${scoped}),
     -- A FULL JOIN can only run as a hash or merge join: never a per-row rescan of the target.
     changes AS MATERIALIZED (
       SELECT coalesce(t.customer_id, cur.customer_id) AS customer_id, t.customer_id IS NULL AS leaving
       FROM target t FULL JOIN current cur ON cur.customer_id = t.customer_id
       WHERE t.customer_id IS NULL OR cur.customer_id IS NULL),
     gone AS (
       DELETE FROM segment_members sm USING changes ch
       WHERE ch.leaving AND sm.segment_id = ${seg} AND sm.customer_id = ch.customer_id${scoped}
       RETURNING sm.customer_id),
     added AS (
       INSERT INTO segment_members (shop_id, segment_id, customer_id, entered_at)
       SELECT ${ctx.p.shop}, ${seg}, ch.customer_id, ${at} FROM changes ch WHERE NOT ch.leaving
       ON CONFLICT (segment_id, customer_id) DO NOTHING
       RETURNING customer_id),
     events AS (
       INSERT INTO segment_membership_events (shop_id, segment_id, customer_id, change, at)
       SELECT ${ctx.p.shop}, ${seg}, customer_id, 'left', ${at} FROM gone
       UNION ALL
       SELECT ${ctx.p.shop}, ${seg}, customer_id, 'entered', ${at} FROM added)
     SELECT (SELECT count(*) FROM added)::int AS entered, (SELECT count(*) FROM gone)::int AS left`,
    q.values
  );
  const { entered, left } = diff.rows[0];
  if (!full && entered + left === 0) return { entered, left, count: segment.memberCount, refreshed: true };
  const { rows } = await client2.query(
    `WITH s AS (
       UPDATE segments SET member_count = coalesce(member_count + $4::int, (SELECT count(*)::int FROM segment_members WHERE segment_id = $1)),
         computed = CASE WHEN $5::boolean THEN $6::jsonb ELSE computed END,
         last_refreshed_at = CASE WHEN $5::boolean THEN $3::timestamptz ELSE last_refreshed_at END,
         refresh_error = CASE WHEN $5::boolean THEN NULL ELSE refresh_error END,
         -- A full refresh answers every request made before it locked the row (a later edit waits for the lock
         -- and then records its own request).
         refresh_requested_at = CASE WHEN $5::boolean AND refresh_requested_at <= $8::timestamptz THEN NULL ELSE refresh_requested_at END
       WHERE id = $1 AND shop_id = $2
       RETURNING member_count),
     day AS (
       INSERT INTO segment_counts (shop_id, segment_id, day, count)
       SELECT $2, $1, ($3::timestamptz AT TIME ZONE $7::text)::date, s.member_count FROM s
       ON CONFLICT (segment_id, day) DO UPDATE SET count = EXCLUDED.count)
     SELECT member_count FROM s`,
    // Full: counted from scratch (delta null); incremental: the row lock serializes refreshes of this segment, so
    // adding the diff keeps the count exact.
    [
      segmentId,
      shopId2,
      now.toISOString(),
      full ? null : entered - left,
      full,
      JSON.stringify(computed),
      format.timeZone,
      segment.lockedAt
    ]
  );
  const count2 = rows[0].member_count;
  return { entered, left, count: count2, refreshed: true };
}
function dependencyOrder(segments) {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const pending = new Map(segments.map((s) => [s.id, new Set(dependenciesOf(s).filter((d) => byId.has(d)))]));
  const ordered = [];
  while (pending.size) {
    const ready = [...pending.entries()].filter(([, deps]) => deps.size === 0).map(([id2]) => id2).sort((a, b) => a - b);
    if (!ready.length) {
      for (const id2 of [...pending.keys()].sort((a, b) => a - b)) ordered.push(byId.get(id2));
      break;
    }
    const next = ready[0];
    ordered.push(byId.get(next));
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  return ordered;
}
async function refreshCustomers(opts) {
  const results = {};
  if (!opts.customerIds.length) return results;
  const now = opts.now ?? /* @__PURE__ */ new Date();
  const format = await shopFormat(pool(), opts.shopId);
  await withTransaction(async (client2) => {
    await prepareSegmentSession(client2);
    for (const segment of dependencyOrder(await lockLiveSegments(client2, opts.shopId))) {
      results[segment.id] = await refreshLocked(
        client2,
        { shopId: opts.shopId, segmentId: segment.id, customerIds: opts.customerIds },
        now,
        format,
        segment
      );
    }
  });
  return results;
}
function isCampaignResponse(v) {
  return typeof v === "string" && CAMPAIGN_RESPONSES.includes(v);
}
const WHAT = { read: "did not read", click: "did not click", buy: "did not buy" };
async function createFollowUpSegment(opts) {
  const { shopId: shopId2, campaignId, didNot } = opts;
  if (!Number.isSafeInteger(campaignId) || campaignId <= 0 || campaignId > 2147483647)
    return { ok: false, status: 404 };
  const c = await pool().query(`SELECT name FROM campaigns WHERE shop_id = $1 AND id = $2`, [
    shopId2,
    campaignId
  ]);
  const campaign = c.rows[0];
  if (!campaign) return { ok: false, status: 404 };
  const existing = await pool().query(
    `SELECT id FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND kind = 'campaign_response'
       AND (params->>'campaignId')::int = $2 AND params->>'didNot' = $3 ORDER BY id LIMIT 1`,
    [shopId2, campaignId, didNot]
  );
  if (existing.rows[0]) return { ok: true, segmentId: existing.rows[0].id, created: false };
  const suffix = ` – ${WHAT[didNot]}`;
  const base = `${campaign.name.slice(0, NAME_MAX - suffix.length - 4)}${suffix}`;
  for (let n2 = 1; n2 <= 20; n2++) {
    const result = await saveSegment({
      shopId: shopId2,
      name: n2 === 1 ? base : `${base} (${n2})`,
      kind: "campaign_response",
      form: { campaignId: String(campaignId), withinDays: "30", didNot }
    });
    if (result.ok) return { ok: true, segmentId: result.ids[0], created: true };
    if (!result.fieldErrors.name) return { ok: false, status: result.status };
  }
  return { ok: false, status: 400 };
}
async function refreshAfterReceipts(opts) {
  if (!opts.recipientIds.length) return;
  const { rows } = await pool().query(
    `SELECT DISTINCT r.customer_id::text FROM recipients r
     WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[])
       AND EXISTS (SELECT 1 FROM segments s WHERE s.shop_id = $1 AND s.kind = 'campaign_response' AND s.deleted_at IS NULL)`,
    [opts.shopId, opts.recipientIds]
  );
  if (!rows.length) return;
  await refreshCustomers({ shopId: opts.shopId, customerIds: rows.map((r) => BigInt(r.customer_id)) });
}
const STATES = ["completed", "failed", "wait", "delayed", "prioritized", "waiting-children"];
const PAGE = 500;
let redis = null;
function client() {
  redis ?? (redis = createRedis());
  return redis;
}
async function scanKeys(pattern) {
  const found2 = [];
  let cursor = "0";
  do {
    const [next, keys2] = await client().scan(cursor, "MATCH", pattern, "COUNT", 1e3);
    cursor = next;
    found2.push(...keys2);
  } while (cursor !== "0");
  return found2;
}
async function removeJobs(names) {
  let removed = 0;
  for (const name of Object.keys(QUEUES)) {
    const q = queue(name);
    const matching = [];
    for (let start = 0; ; start += PAGE) {
      const jobs = await q.getJobs(STATES, start, start + PAGE - 1, true);
      for (const job of jobs) {
        const text2 = `${JSON.stringify(job.data)} ${JSON.stringify(job.returnvalue ?? null)} ${job.failedReason ?? ""}`;
        if (names(text2)) matching.push(job);
      }
      if (jobs.length < PAGE) break;
    }
    for (const job of matching) {
      await job.remove().then(
        () => removed++,
        () => {
        }
        // locked by a running worker: it expires with the queue's retention
      );
    }
  }
  return removed;
}
async function forgetCustomerInRedis(shopId2, identifiers, phones) {
  const needles = identifiers.filter((s) => s.length >= 3);
  const jobs = await removeJobs((text2) => needles.some((n2) => text2.includes(n2)));
  const prefix = getEnv().QUEUE_PREFIX;
  const keys2 = [];
  for (const phone of phones) keys2.push(...await scanKeys(`${prefix}:optin-rate:${shopId2}:*:phone:${phone}`));
  for (const k of await scanKeys(`${prefix}:consent-confirm:${shopId2}:*`)) {
    const value = await client().get(k) ?? "";
    if (needles.some((n2) => value.includes(n2))) keys2.push(k);
  }
  if (keys2.length) await client().del(...keys2);
  return { jobs, keys: keys2.length };
}
async function forgetShopInRedis(shopId2, domain) {
  const jobs = await removeJobs(
    (text2) => text2.includes(`"shopId":${shopId2},`) || text2.includes(`"shopId":${shopId2}}`) || !!domain && text2.includes(`"${domain}"`)
  );
  const prefix = getEnv().QUEUE_PREFIX;
  const keys2 = [
    ...await scanKeys(`${prefix}:optin-rate:${shopId2}:*`),
    ...await scanKeys(`${prefix}:consent-confirm:${shopId2}:*`)
  ];
  if (keys2.length) await client().del(...keys2);
  return { jobs, keys: keys2.length };
}
const SHOP_TABLES = [
  "attributions",
  "attribution_runs",
  "message_prices",
  "recipients",
  "campaign_test_sends",
  "campaign_segments",
  "campaigns",
  "whatsapp_templates",
  "whatsapp_accounts",
  "consent_events",
  "contacts",
  "consent_imports",
  "segment_membership_events",
  "segment_members",
  "segment_counts",
  "segments",
  "customer_products",
  "refunds",
  "line_items",
  "orders",
  "product_collections",
  "product_variants",
  "products",
  "collections",
  "customers",
  "bulk_imports",
  "data_request_downloads",
  "data_requests",
  "inbox_events"
];
async function exportCustomerData(shopId2, payload) {
  return recordDataRequest(shopId2, payload);
}
async function redactCustomer(shopId2, payload, opts = {}) {
  const customerId = toShopifyId(payload.customer.id);
  const orderIds = (payload.orders_to_redact ?? []).map((id2) => toShopifyId(id2).toString());
  const identifiers = await withTransaction(async (c) => {
    const phones = await c.query(
      `SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND customer_id = $2
       UNION SELECT phone_e164 FROM customers WHERE shop_id = $1 AND id = $2 AND phone_e164 IS NOT NULL`,
      [shopId2, customerId]
    );
    const phoneList = phones.rows.map((r) => r.phone_e164);
    const emails = await c.query(
      `SELECT email FROM customers WHERE shop_id = $1 AND id = $2 AND email IS NOT NULL
       UNION SELECT email FROM orders WHERE shop_id = $1 AND customer_id = $2 AND email IS NOT NULL`,
      [shopId2, customerId]
    );
    const found2 = {
      all: [
        customerId.toString(),
        payload.customer.email,
        payload.customer.phone,
        ...emails.rows.map((r) => r.email),
        ...phoneList,
        ...phoneList.map((p) => p.replace(/\D/g, "")),
        // WhatsApp's wa_id: the number without "+"
        ...orderIds
      ].filter((v) => !!v),
      phones: phoneList
    };
    await c.query(`DELETE FROM consent_events WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3))`, [
      shopId2,
      customerId,
      phoneList
    ]);
    await c.query(`DELETE FROM contacts WHERE shop_id = $1 AND (customer_id = $2 OR phone_e164 = ANY($3))`, [
      shopId2,
      customerId,
      phoneList
    ]);
    await c.query(
      `UPDATE consent_imports SET errors = coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(errors) e
                                                    WHERE NOT (e->>'phone' = ANY($2) OR regexp_replace(e->>'phone', '[^0-9]', '', 'g') = ANY($3))), '[]'::jsonb)
       WHERE shop_id = $1`,
      [shopId2, phoneList, phoneList.map((p) => p.replace(/\D/g, ""))]
    );
    await c.query(
      `UPDATE recipients SET phone_e164 = NULL, customer_id = -id WHERE shop_id = $1 AND customer_id = $2`,
      [shopId2, customerId]
    );
    await c.query(
      `WITH gone AS (DELETE FROM segment_members WHERE shop_id = $1 AND customer_id = $2 RETURNING segment_id)
       UPDATE segments s SET member_count = greatest(s.member_count - 1, 0) FROM gone WHERE s.id = gone.segment_id AND s.shop_id = $1`,
      [shopId2, customerId]
    );
    await c.query(`DELETE FROM customer_products WHERE shop_id = $1 AND customer_id = $2`, [shopId2, customerId]);
    await c.query(`DELETE FROM segment_membership_events WHERE shop_id = $1 AND customer_id = $2`, [
      shopId2,
      customerId
    ]);
    await c.query(
      `UPDATE orders SET customer_id = NULL, email = NULL, phone = NULL, city = NULL, landing_site = NULL, referring_site = NULL
       WHERE shop_id = $1 AND (customer_id = $2 OR id = ANY($3::bigint[]))`,
      [shopId2, customerId, orderIds]
    );
    await c.query(`DELETE FROM data_requests WHERE shop_id = $1 AND customer_id = $2`, [shopId2, customerId]);
    await c.query(`DELETE FROM customers WHERE shop_id = $1 AND id = $2`, [shopId2, customerId]);
    await scrubBodiesMentioning(c, shopId2, found2.all, opts.inboxId);
    return found2;
  });
  await forgetCustomerInRedis(shopId2, identifiers.all, identifiers.phones).catch(
    (err) => logger.warn(`customers/redact: Redis clean-up for shop ${shopId2} failed: ${errorMessage$1(err)}`)
  );
}
async function purgeShop(shopId2, client2) {
  const run = async (c) => {
    var _a;
    const shop = await c.query(`SELECT domain FROM shops WHERE id = $1`, [shopId2]);
    for (const table of SHOP_TABLES) await c.query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId2]);
    const domain2 = ((_a = shop.rows[0]) == null ? void 0 : _a.domain) ?? null;
    if (domain2) {
      await c.query(`DELETE FROM "Session" WHERE shop = $1`, [domain2]);
      await c.query(`DELETE FROM inbox_events WHERE shop_id IS NULL AND shop_domain = $1`, [domain2]);
    }
    await c.query(`DELETE FROM shops WHERE id = $1`, [shopId2]);
    return domain2;
  };
  const domain = await withTransaction(run);
  await forgetShopInRedis(shopId2, domain).catch(() => {
  });
}
const DATA_RETENTION_AFTER_UNINSTALL_MS = 48 * 3600 * 1e3;
async function onShopUninstalled(shopDomain) {
  var _a;
  await pool().query(`DELETE FROM "Session" WHERE shop = $1`, [shopDomain]);
  const due = new Date(Date.now() + DATA_RETENTION_AFTER_UNINSTALL_MS);
  const { rows } = await pool().query(
    `UPDATE shops SET uninstalled_at = COALESCE(uninstalled_at, now()), data_deletion_due_at = COALESCE(data_deletion_due_at, $2)
     WHERE domain = $1 RETURNING id`,
    [shopDomain, due]
  );
  const shopId2 = (_a = rows[0]) == null ? void 0 : _a.id;
  if (!shopId2) return null;
  await pool().query(
    `UPDATE campaigns SET status = 'cancelled', paused_reason = 'app uninstalled'
     WHERE shop_id = $1 AND status IN ('draft', 'scheduled', 'running', 'testing', 'awaiting_decision', 'paused')`,
    [shopId2]
  );
  await enqueue("shop.purge", { shopId: shopId2 }, { jobId: `purge-${shopId2}`, delay: DATA_RETENTION_AFTER_UNINSTALL_MS });
  return shopId2;
}
const handlers = /* @__PURE__ */ new Map();
function registerInboxHandler(source, topic, handler) {
  handlers.set(`${source}:${topic}`, handler);
}
async function shopIdOf(event) {
  if (event.shop_id) return event.shop_id;
  return event.shop_domain ? shopIdByDomain(event.shop_domain) : null;
}
registerInboxHandler("shopify", "app/uninstalled", async (event) => {
  await onShopUninstalled(event.shop_domain);
  return "done";
});
registerInboxHandler("shopify", "app/scopes_update", async (event, payload) => {
  const current = payload.current ?? [];
  await pool().query(`UPDATE "Session" SET scope = $2 WHERE shop = $1`, [event.shop_domain, current.join(",")]);
  return "done";
});
registerInboxHandler("shopify", "customers/data_request", async (event, payload) => {
  const shopId2 = await shopIdOf(event);
  if (shopId2) await exportCustomerData(shopId2, payload);
  return "done";
});
registerInboxHandler("shopify", "customers/redact", async (event, payload) => {
  const shopId2 = await shopIdOf(event);
  if (shopId2) await redactCustomer(shopId2, payload, { inboxId: event.id });
  return "done";
});
registerInboxHandler("shopify", "shop/redact", async (event) => {
  const shopId2 = await shopIdOf(event);
  if (shopId2) await purgeShop(shopId2);
  return "done";
});
async function syncTemplates(shopId2) {
  const { client: client2 } = await clientForShop(shopId2);
  const templates = await client2.listTemplates({ limit: 100 });
  const rows = templates.map((t) => {
    var _a;
    return {
      external_id: String(t.id),
      name: t.name,
      language: t.language,
      category: String(t.category ?? "MARKETING").toUpperCase(),
      status: String(t.status ?? "PENDING").toUpperCase(),
      quality_score: ((_a = t.quality_score) == null ? void 0 : _a.score) ?? null,
      parameter_format: t.parameter_format ?? "POSITIONAL",
      components: t.components ?? [],
      rejected_reason: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null
    };
  });
  const client_ = await pool().connect();
  try {
    await client_.query("BEGIN");
    await client_.query(
      `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, quality_score, parameter_format, components, rejected_reason, synced_at)
       SELECT $1, r.external_id, r.name, r.language, r.category, r.status, r.quality_score, r.parameter_format, r.components, r.rejected_reason, now()
       FROM jsonb_to_recordset($2::jsonb) AS r(external_id text, name text, language text, category text, status text,
                                                quality_score text, parameter_format text, components jsonb, rejected_reason text)
       ON CONFLICT (shop_id, name, language) DO UPDATE SET
         external_id = excluded.external_id, category = excluded.category, status = excluded.status,
         quality_score = excluded.quality_score, parameter_format = excluded.parameter_format,
         components = excluded.components, rejected_reason = excluded.rejected_reason, synced_at = now()`,
      [shopId2, JSON.stringify(rows)]
    );
    const removed = await client_.query(
      `UPDATE whatsapp_templates SET status = 'DELETED', synced_at = now()
       WHERE shop_id = $1 AND status <> 'DELETED'
         AND (name, language) NOT IN (SELECT r.name, r.language FROM jsonb_to_recordset($2::jsonb) AS r(name text, language text))`,
      [shopId2, JSON.stringify(rows.map(({ name, language }) => ({ name, language })))]
    );
    await client_.query(`UPDATE whatsapp_accounts SET templates_synced_at = now() WHERE shop_id = $1`, [shopId2]);
    await client_.query("COMMIT");
    return {
      fetched: rows.length,
      approved: rows.filter((r) => r.status === "APPROVED").length,
      removed: removed.rowCount ?? 0
    };
  } catch (err) {
    await client_.query("ROLLBACK").catch(() => {
    });
    throw err;
  } finally {
    client_.release();
  }
}
function matchSql(first) {
  return `(external_id = $${first} OR (name = $${first + 1} AND language = $${first + 2}))`;
}
async function applyTemplateChange(shopIds, ref, change) {
  const sets = [];
  const values = [shopIds, ref.externalId, ref.name, ref.language];
  const add = (col, v) => {
    values.push(v);
    sets.push(`${col} = $${values.length}`);
  };
  if (change.status) add("status", change.status.toUpperCase());
  if (change.qualityScore) add("quality_score", change.qualityScore.toUpperCase());
  if (change.category) add("category", change.category.toUpperCase());
  if (change.reason !== void 0)
    add("rejected_reason", change.reason && change.reason !== "NONE" ? change.reason : null);
  if (!sets.length) return 0;
  const res = await pool().query(
    `UPDATE whatsapp_templates SET ${sets.join(", ")}, synced_at = now() WHERE shop_id = ANY($1::int[]) AND ${matchSql(2)}`,
    values
  );
  return res.rowCount ?? 0;
}
function toTemplateRow(t) {
  var _a;
  const parsed = t.defaultMapping ? mappingSchema.safeParse(t.defaultMapping) : null;
  return {
    id: t.id,
    externalId: t.externalId,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    qualityScore: t.qualityScore,
    parameterFormat: t.parameterFormat,
    components: Array.isArray(t.components) ? t.components : [],
    rejectedReason: t.rejectedReason,
    syncedAt: t.syncedAt.toISOString(),
    defaultMapping: (parsed == null ? void 0 : parsed.success) ? parsed.data : null,
    mappingUpdatedAt: ((_a = t.mappingUpdatedAt) == null ? void 0 : _a.toISOString()) ?? null
  };
}
async function listTemplates(shopId2) {
  const rows = await prisma().whatsAppTemplate.findMany({
    where: { shopId: shopId2, NOT: { status: "DELETED" } },
    orderBy: [{ status: "asc" }, { name: "asc" }, { language: "asc" }]
  });
  return rows.map(toTemplateRow);
}
async function getTemplate(shopId2, id2) {
  const t = await prisma().whatsAppTemplate.findFirst({ where: { shopId: shopId2, id: id2 } });
  return t ? toTemplateRow(t) : null;
}
function mappingFor(t) {
  return t.defaultMapping ?? suggestMapping(asTemplateLike(t));
}
async function saveDefaultMapping(shopId2, templateId, input) {
  const t = await getTemplate(shopId2, templateId);
  if (!t) return { ok: false, issues: [{ slot: "", message: "Template not found" }] };
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, issues: parsed.error.issues.map((i) => ({ slot: i.path.join("."), message: i.message })) };
  const mapping = parsed.data;
  const issues = mappingIssues(asTemplateLike(t), mapping);
  if (issues.length) return { ok: false, issues };
  await prisma().whatsAppTemplate.update({
    where: { id: t.id },
    data: { defaultMapping: mapping, mappingUpdatedAt: /* @__PURE__ */ new Date() }
  });
  return { ok: true };
}
function str(v) {
  return v === null || v === void 0 || v === "" ? null : String(v);
}
const TIER_BY_LIMIT = {
  "250": "TIER_250",
  "2000": "TIER_2K",
  "10000": "TIER_10K",
  "100000": "TIER_100K",
  "-1": "TIER_UNLIMITED"
};
function tierFrom(value) {
  if (value === null || value === void 0) return null;
  const s = String(value);
  if (/^TIER_[A-Z0-9]+$/.test(s)) return s;
  return TIER_BY_LIMIT[s] ?? null;
}
async function queueTemplateSync(shopIds) {
  for (const shopId2 of shopIds) {
    await enqueue(
      "whatsapp.sync-templates",
      { shopId: shopId2 },
      { jobId: `template-sync-${shopId2}-${Math.floor(Date.now() / 6e4)}` }
    );
  }
}
async function queueAccountRefresh(shopIds) {
  for (const shopId2 of shopIds) {
    await enqueue(
      "whatsapp.refresh-account",
      { shopId: shopId2 },
      { jobId: `account-refresh-${shopId2}-${Math.floor(Date.now() / 6e4)}` }
    );
  }
}
async function applyTemplateField(accounts, field, v) {
  const shopIds = [...new Set(accounts.map((a) => a.shopId))];
  const ref = {
    externalId: str(v.message_template_id),
    name: str(v.message_template_name),
    language: str(v.message_template_language)
  };
  let matched = 0;
  if (field === "message_template_status_update") {
    matched = await applyTemplateChange(shopIds, ref, { status: str(v.event) ?? void 0, reason: str(v.reason) });
  } else if (field === "message_template_quality_update") {
    matched = await applyTemplateChange(shopIds, ref, { qualityScore: str(v.new_quality_score) ?? void 0 });
  } else if (field === "template_category_update") {
    matched = await applyTemplateChange(shopIds, ref, { category: str(v.new_category) ?? void 0 });
  }
  if (matched < shopIds.length) await queueTemplateSync(shopIds);
  return matched;
}
const RESTRICTING = /* @__PURE__ */ new Set(["ACCOUNT_VIOLATION", "ACCOUNT_DELETED", "DISABLED_UPDATE"]);
async function applyAccountField(accounts, field, v, at) {
  var _a, _b;
  if (!accounts.length) return 0;
  const shopIds = [...new Set(accounts.map((a) => a.shopId))];
  if (field === "business_capability_update") {
    const tier = tierFrom(v.max_daily_conversations_per_business) ?? tierFrom(v.max_daily_conversation_per_phone);
    if (!tier) return 0;
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET messaging_limit_tier = $2, last_account_event = $3, last_account_event_at = $4 WHERE shop_id = ANY($1::int[])`,
      [shopIds, tier, `MESSAGING_LIMIT ${tier}`, at]
    );
    return res.rowCount ?? 0;
  }
  if (field === "phone_number_quality_update") {
    const display = String(v.display_phone_number ?? "").replace(/\D/g, "");
    const targets2 = accounts.filter((a) => !display || (a.displayPhoneNumber ?? "").replace(/\D/g, "") === display);
    if (!targets2.length) return 0;
    const tier = tierFrom(v.max_daily_conversations_per_business) ?? tierFrom(v.current_limit);
    const event = str(v.event) ?? "QUALITY_UPDATE";
    const ids = [...new Set(targets2.map((a) => a.shopId))];
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET messaging_limit_tier = coalesce($2, messaging_limit_tier), last_account_event = $3, last_account_event_at = $4,
              throughput_level = CASE WHEN $3 = 'THROUGHPUT_UPGRADE' THEN 'HIGH' ELSE throughput_level END,
              throughput_mps = CASE WHEN $3 = 'THROUGHPUT_UPGRADE' THEN 1000 ELSE throughput_mps END
       WHERE shop_id = ANY($1::int[])`,
      [ids, tier, event, at]
    );
    await queueAccountRefresh(ids);
    return res.rowCount ?? 0;
  }
  if (field === "account_update") {
    const event = str(v.event) ?? "ACCOUNT_UPDATE";
    const violation = (_a = v.violation_info) == null ? void 0 : _a.violation_type;
    const ban = (_b = v.ban_info) == null ? void 0 : _b.waba_ban_state;
    const label2 = [event, violation, ban].filter(Boolean).join(" ");
    const restricts = RESTRICTING.has(event) && ban !== "REINSTATE";
    const reinstated = event === "DISABLED_UPDATE" && ban === "REINSTATE";
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET last_account_event = $2, last_account_event_at = $3,
              status = CASE WHEN $4 THEN 'restricted' WHEN $5 AND status = 'restricted' THEN 'connected' ELSE status END,
              status_reason = CASE WHEN $4 THEN $6 WHEN $5 AND status = 'restricted' THEN NULL ELSE status_reason END
       WHERE shop_id = ANY($1::int[])`,
      [shopIds, label2, at, restricts, reinstated, `Meta reported ${label2}: sending is stopped until Meta lifts it.`]
    );
    return res.rowCount ?? 0;
  }
  return 0;
}
async function accountByPhone(phoneNumberId) {
  const { rows } = await pool().query(
    `SELECT shop_id, phone_number_id, waba_id, display_phone_number FROM whatsapp_accounts WHERE phone_number_id = $1`,
    [phoneNumberId]
  );
  const r = rows[0];
  return r ? {
    shopId: r.shop_id,
    phoneNumberId: r.phone_number_id,
    wabaId: r.waba_id,
    displayPhoneNumber: r.display_phone_number
  } : null;
}
async function accountsByWaba(wabaId) {
  const { rows } = await pool().query(`SELECT shop_id, phone_number_id, waba_id, display_phone_number FROM whatsapp_accounts WHERE waba_id = $1`, [
    wabaId
  ]);
  return rows.map((r) => ({
    shopId: r.shop_id,
    phoneNumberId: r.phone_number_id,
    wabaId: r.waba_id,
    displayPhoneNumber: r.display_phone_number
  }));
}
function unixToDate(ts) {
  const n2 = Number(ts);
  return Number.isFinite(n2) && n2 > 0 ? new Date(n2 * 1e3) : /* @__PURE__ */ new Date();
}
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
function bsuidOf(v) {
  return typeof v === "string" && BSUID.test(v) ? v : null;
}
function phoneFromWaId(waId) {
  const digits = String(waId ?? "").replace(/\D/g, "");
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}
function entryFor(value, phone, bsuid) {
  const list2 = value.contacts ?? [];
  return list2.find((c) => phone && c.wa_id === phone || bsuid && c.user_id === bsuid) ?? (list2.length === 1 ? list2[0] : void 0);
}
function userFrom(phone, bsuid, entry2) {
  return {
    phoneE164: phoneFromWaId(phone ?? (entry2 == null ? void 0 : entry2.wa_id)),
    bsuid: bsuidOf(bsuid) ?? bsuidOf(entry2 == null ? void 0 : entry2.user_id)
  };
}
function senderOf(value, m2) {
  return userFrom(m2.from, m2.from_user_id, entryFor(value, m2.from, m2.from_user_id));
}
function recipientOf(value, s) {
  return userFrom(s.recipient_id, s.recipient_user_id, entryFor(value, s.recipient_id, s.recipient_user_id));
}
function preferenceUserOf(value, p) {
  return userFrom(p.wa_id, p.user_id, entryFor(value, p.wa_id, p.user_id));
}
async function resolveContact(shopId2, user) {
  const { phoneE164: phone, bsuid } = user;
  if (!bsuid) return user;
  const known = await pool().query(
    `SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND bsuid = $2`,
    [shopId2, bsuid]
  );
  const stored = known.rows[0];
  if (!phone) return { phoneE164: (stored == null ? void 0 : stored.phone_e164) ?? null, bsuid };
  if (stored && stored.phone_e164 === phone) return user;
  const folded = await withTransaction((c) => link(c, shopId2, phone, bsuid));
  if (folded && folded.state !== "none" && folded.source && folded.at) {
    await applyConsentChange({
      shopId: shopId2,
      phoneE164: phone,
      bsuid,
      to: folded.state,
      source: folded.source,
      detail: "from the contact known only by its WhatsApp user id",
      context: { merged_bsuid: bsuid },
      at: folded.at
    });
  }
  return user;
}
async function link(c, shopId2, phone, bsuid) {
  const { rows } = await c.query(
    `SELECT id::text, phone_e164, consent_state, consent_source, consent_at, last_inbound_at
     FROM contacts WHERE shop_id = $1 AND bsuid = $2 FOR UPDATE`,
    [shopId2, bsuid]
  );
  const other = rows[0];
  let folded = null;
  if (other && other.phone_e164 === null) {
    await c.query(
      `UPDATE consent_events SET phone_e164 = $3 WHERE shop_id = $1 AND bsuid = $2 AND phone_e164 IS NULL`,
      [shopId2, bsuid, phone]
    );
    await c.query(`DELETE FROM contacts WHERE id = $1::bigint`, [other.id]);
    folded = { state: other.consent_state, source: other.consent_source, at: other.consent_at };
  } else if (other) {
    await c.query(`UPDATE contacts SET bsuid = NULL, updated_at = now() WHERE id = $1::bigint`, [other.id]);
  }
  await c.query(
    `INSERT INTO contacts (shop_id, phone_e164, bsuid, customer_id, last_inbound_at)
     VALUES ($1, $2, $3, (SELECT id FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1), $4)
     ON CONFLICT (shop_id, phone_e164) DO UPDATE SET bsuid = excluded.bsuid,
       last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at), updated_at = now()`,
    [shopId2, phone, bsuid, (other == null ? void 0 : other.phone_e164) === null ? other.last_inbound_at : null]
  );
  return folded;
}
async function touchInbound(shopId2, user, at) {
  if (user.phoneE164) {
    await pool().query(
      `INSERT INTO contacts (shop_id, phone_e164, customer_id, last_inbound_at)
       VALUES ($1, $2, (SELECT id FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1), $3)
       ON CONFLICT (shop_id, phone_e164) DO UPDATE SET
         last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at), updated_at = now()`,
      [shopId2, user.phoneE164, at]
    );
  } else if (user.bsuid) {
    await pool().query(
      `INSERT INTO contacts (shop_id, bsuid, last_inbound_at) VALUES ($1, $2, $3)
       ON CONFLICT (shop_id, bsuid) DO UPDATE SET
         last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at), updated_at = now()`,
      [shopId2, user.bsuid, at]
    );
  }
}
const REPLY_WINDOW_DAYS = 7;
const NOT_A_REPLY = /* @__PURE__ */ new Set(["system", "unsupported", "unknown", "request_welcome", "errors"]);
function isReplyType(type) {
  return typeof type === "string" && type !== "" && !NOT_A_REPLY.has(type);
}
function inboundReply(phoneE164, at, m2) {
  var _a;
  return { phoneE164, at, type: m2.type, quotedWamid: ((_a = m2.context) == null ? void 0 : _a.id) ?? null };
}
const LINK_REPLIES_SQL = `
WITH inbound AS (
  SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS i(phone, at, quoted)
), target AS (
  SELECT t.id, min(i.at) AS at
  FROM inbound i
  CROSS JOIN LATERAL (
    SELECT r.id FROM recipients r
    WHERE r.shop_id = $1 AND r.phone_e164 = i.phone AND r.sent_at IS NOT NULL
      AND ((i.quoted IS NOT NULL AND r.wa_message_id = i.quoted)
           OR (r.sent_at <= i.at AND r.sent_at > i.at - make_interval(days => $5)))
    ORDER BY (i.quoted IS NOT NULL AND r.wa_message_id = i.quoted) DESC, r.sent_at DESC, r.id DESC
    LIMIT 1
  ) t
  GROUP BY t.id
)
UPDATE recipients r SET replied_at = target.at
FROM target
WHERE r.shop_id = $1 AND r.id = target.id AND (r.replied_at IS NULL OR r.replied_at > target.at)
RETURNING r.id::text AS recipient_id, r.customer_id::text AS customer_id, r.campaign_id`;
async function linkReplies(opts, db = pool()) {
  const replies = opts.replies.filter((r) => isReplyType(r.type));
  if (!replies.length) return [];
  const { rows } = await db.query(
    LINK_REPLIES_SQL,
    [
      opts.shopId,
      replies.map((r) => r.phoneE164),
      replies.map((r) => r.at.toISOString()),
      replies.map((r) => r.quotedWamid ?? null),
      REPLY_WINDOW_DAYS
    ]
  );
  return rows.map((r) => ({ recipientId: r.recipient_id, customerId: r.customer_id, campaignId: r.campaign_id }));
}
function inboundIntent(m2, settings) {
  var _a, _b, _c;
  if (m2.type === "text" && ((_a = m2.text) == null ? void 0 : _a.body)) {
    const intent = keywordIntent(m2.text.body, settings);
    return intent ? { intent, source: "whatsapp_keyword", detail: m2.text.body.slice(0, 200) } : null;
  }
  if (m2.type === "button" && m2.button) {
    const payload = m2.button.payload ?? "";
    if (payload === OPT_OUT_PAYLOAD || payload.startsWith(`${OPT_OUT_PAYLOAD}:`)) {
      return { intent: "opt_out", source: "whatsapp_button", detail: m2.button.text ?? payload };
    }
    const intent = m2.button.text ? keywordIntent(m2.button.text, settings) : null;
    return intent ? { intent, source: "whatsapp_button", detail: m2.button.text } : null;
  }
  if (m2.type === "interactive") {
    const reply2 = ((_b = m2.interactive) == null ? void 0 : _b.button_reply) ?? ((_c = m2.interactive) == null ? void 0 : _c.list_reply);
    if (!reply2) return null;
    if (reply2.id === OPT_OUT_PAYLOAD) return { intent: "opt_out", source: "whatsapp_button", detail: reply2.title };
    const intent = keywordIntent(reply2.title, settings);
    return intent ? { intent, source: "whatsapp_button", detail: reply2.title } : null;
  }
  return null;
}
async function applyInbound(account, m2, value) {
  var _a, _b;
  const user = await resolveContact(account.shopId, senderOf(value, m2));
  const phone = user.phoneE164;
  if (!phone && !user.bsuid) return false;
  const at = unixToDate(m2.timestamp);
  await touchInbound(account.shopId, user, at);
  if (phone) await markContactDelivery(pool(), { shopId: account.shopId, phoneE164: phone, effect: "reachable", at });
  if (phone && m2.type === "text" && await confirmFromInbound({ shopId: account.shopId, phoneE164: phone, text: (_a = m2.text) == null ? void 0 : _a.body, wamid: m2.id, at }))
    return true;
  const settings = await loadConsentSettings(account.shopId);
  const found2 = inboundIntent(m2, settings);
  if (!found2) {
    if (phone) await linkReplies({ shopId: account.shopId, replies: [inboundReply(phone, at, m2)] });
    return false;
  }
  const outcome = await applyConsentChange(
    {
      shopId: account.shopId,
      phoneE164: phone,
      bsuid: user.bsuid,
      to: found2.intent === "opt_out" ? "opted_out" : "opted_in",
      source: found2.source,
      detail: found2.detail,
      context: { wamid: m2.id, ...((_b = m2.context) == null ? void 0 : _b.id) ? { reply_to: m2.context.id } : {} },
      at
    },
    { reply: true }
  );
  return outcome.changed;
}
async function applyPreference(account, p, value) {
  if (p.category && p.category !== "marketing_messages") return false;
  const user = await resolveContact(account.shopId, preferenceUserOf(value, p));
  const phone = user.phoneE164;
  if (!phone && !user.bsuid) return false;
  const to2 = p.value === "stop" ? "opted_out" : p.value === "resume" || p.value === "signup" ? "opted_in" : null;
  if (!to2) return false;
  const outcome = await applyConsentChange(
    {
      shopId: account.shopId,
      phoneE164: phone,
      bsuid: user.bsuid,
      to: to2,
      source: "whatsapp_preferences",
      detail: p.detail ?? `user_preferences ${p.value}`,
      context: { value: p.value },
      at: unixToDate(p.timestamp)
    },
    { reply: true }
  );
  return outcome.changed;
}
const STATUS_RANK_SQL = (col) => `CASE ${col} WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'unknown' THEN 1 WHEN 'sent' THEN 2 WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 ELSE 5 END`;
async function applyStatus(account, s, value = {}) {
  var _a, _b, _c, _d, _e, _f;
  const kind = s.status === "played" ? "read" : s.status;
  if (!["sent", "delivered", "read", "failed"].includes(kind))
    return { matched: false, recipientId: null, receipt: false };
  const at = unixToDate(s.timestamp);
  const recipientId = recipientIdFromOpaque(s.biz_opaque_callback_data);
  const error = (_a = s.errors) == null ? void 0 : _a[0];
  const { rows } = await pool().query(
    `UPDATE recipients r SET
       wa_message_id = coalesce(r.wa_message_id, $3),
       status = (CASE
         WHEN $4::text = 'failed' THEN CASE WHEN r.status IN ('queued', 'sending', 'unknown', 'sent') THEN 'failed' ELSE r.status::text END
         WHEN r.status = 'failed' THEN 'failed'
         WHEN ${STATUS_RANK_SQL("$4::text")} > ${STATUS_RANK_SQL("r.status::text")} THEN $4::text
         ELSE r.status::text END)::"RecipientStatus",
       sent_at = CASE WHEN $4::text <> 'failed' THEN coalesce(r.sent_at, $5) ELSE r.sent_at END,
       delivered_at = CASE WHEN $4::text IN ('delivered', 'read') THEN coalesce(r.delivered_at, $5) ELSE r.delivered_at END,
       read_at = CASE WHEN $4::text = 'read' THEN coalesce(r.read_at, $5) ELSE r.read_at END,
       failed_at = CASE WHEN $4::text = 'failed' AND r.status IN ('queued', 'sending', 'unknown', 'sent') THEN coalesce(r.failed_at, $5) ELSE r.failed_at END,
       error_code = CASE WHEN $4::text = 'failed' AND r.status IN ('queued', 'sending', 'unknown', 'sent') THEN $6 ELSE r.error_code END,
       error_title = CASE WHEN $4::text = 'failed' AND r.status IN ('queued', 'sending', 'unknown', 'sent') THEN $7 ELSE r.error_title END,
       pricing_category = coalesce($8, r.pricing_category),
       -- a row the reconciler marked unknown for want of an answer has one now
       reason = CASE WHEN r.reason = 'no_answer' THEN NULL ELSE r.reason END
     WHERE r.shop_id = $1
       AND r.status NOT IN ('excluded', 'holdout', 'skipped')
       AND (r.wa_message_id = $3 OR (r.id = $2::bigint AND (r.wa_message_id IS NULL OR r.wa_message_id = $3)))
     RETURNING r.id::text, r.phone_e164, r.status::text, r.campaign_id`,
    [
      account.shopId,
      recipientId === null ? null : recipientId.toString(),
      s.id,
      kind,
      at,
      (error == null ? void 0 : error.code) ?? null,
      error ? [error.title ?? error.message, (_b = error.error_data) == null ? void 0 : _b.details].filter(Boolean).join(": ").slice(0, 500) : null,
      ((_c = s.pricing) == null ? void 0 : _c.category) ?? null
    ]
  );
  const named = recipientOf(value, s);
  const user = await resolveContact(account.shopId, {
    phoneE164: ((_d = rows[0]) == null ? void 0 : _d.phone_e164) ?? named.phoneE164,
    bsuid: named.bsuid
  });
  const phone = user.phoneE164;
  if (phone && (kind === "delivered" || kind === "read")) {
    await markContactDelivery(pool(), { shopId: account.shopId, phoneE164: phone, effect: "reachable", at });
  }
  if (kind === "failed" && error) {
    const policy = errorPolicy(error.code);
    if (policy.class === "stop" && (policy.scope === "number" || policy.scope === "shop")) {
      await pool().query(
        `UPDATE whatsapp_accounts SET last_account_event = $2, last_account_event_at = $3 WHERE shop_id = $1`,
        [account.shopId, `Meta error ${error.code}: ${policy.meaning}`, at]
      );
    }
    const campaignId = (_e = rows[0]) == null ? void 0 : _e.campaign_id;
    if (campaignId && campaignPausingError(error.code)) {
      await pauseForProblem({
        shopId: account.shopId,
        campaignId,
        reason: pauseReasonFor(error.code, error.title ?? null)
      });
    }
    if (phone)
      await applyContactEffect({
        shopId: account.shopId,
        phoneE164: phone,
        code: error.code,
        title: error.title ?? null,
        at,
        wamid: s.id
      });
  }
  return {
    matched: rows.length > 0,
    recipientId: ((_f = rows[0]) == null ? void 0 : _f.id) ?? null,
    receipt: rows.length > 0 && (kind === "delivered" || kind === "read")
  };
}
async function applyContactEffect(args) {
  const policy = errorPolicy(args.code);
  if (policy.contactEffect === "opt_out") {
    await applyConsentChange({
      shopId: args.shopId,
      phoneE164: args.phoneE164,
      to: "opted_out",
      source: "whatsapp_error",
      detail: `${args.code} ${args.title ?? ""}`.trim(),
      context: args.wamid ? { wamid: args.wamid } : {},
      at: args.at
    });
  } else if (policy.contactEffect === "unreachable") {
    await markContactDelivery(pool(), {
      shopId: args.shopId,
      phoneE164: args.phoneE164,
      effect: "unreachable",
      at: args.at
    });
  } else if (policy.contactEffect === "cool_down") {
    await markContactDelivery(pool(), {
      shopId: args.shopId,
      phoneE164: args.phoneE164,
      effect: "cool_down",
      at: args.at,
      coolDownUntil: new Date(args.at.getTime() + PER_USER_COOL_DOWN_MS)
    });
  }
}
async function applyWhatsAppPayload(payload) {
  var _a;
  const summary2 = {
    statuses: 0,
    recipientsUpdated: 0,
    inbound: 0,
    consentChanges: 0,
    templateChanges: 0,
    accountChanges: 0,
    skipped: []
  };
  for (const entry2 of payload.entry ?? []) {
    const wabaId = String(entry2.id);
    const at = entry2.time ? unixToDate(entry2.time) : /* @__PURE__ */ new Date();
    for (const change of entry2.changes ?? []) {
      const v = change.value ?? {};
      if (PHONE_FIELDS$1.has(change.field)) {
        const phoneNumberId = String(((_a = v.metadata) == null ? void 0 : _a.phone_number_id) ?? "");
        const account = phoneNumberId ? await accountByPhone(phoneNumberId) : null;
        if (!account) {
          summary2.skipped.push(`${change.field} for unknown phone number ${phoneNumberId || "(none)"}`);
          continue;
        }
        const receipts = [];
        for (const s of v.statuses ?? []) {
          summary2.statuses++;
          const applied = await applyStatus(account, s, v);
          if (applied.matched) summary2.recipientsUpdated++;
          if (applied.receipt && applied.recipientId) receipts.push(applied.recipientId);
        }
        if (receipts.length) await reattributeAfterReceipts({ shopId: account.shopId, recipientIds: receipts });
        await refreshAfterReceipts({ shopId: account.shopId, recipientIds: receipts });
        for (const m2 of v.messages ?? []) {
          summary2.inbound++;
          if (await applyInbound(account, m2, v)) summary2.consentChanges++;
        }
        for (const p of v.user_preferences ?? []) {
          if (await applyPreference(account, p, v)) summary2.consentChanges++;
        }
        continue;
      }
      const accounts = await accountsByWaba(wabaId);
      if (!accounts.length) {
        summary2.skipped.push(`${change.field} for unknown WABA ${wabaId}`);
        continue;
      }
      if (change.field.startsWith("message_template_") || change.field === "template_category_update") {
        summary2.templateChanges += await applyTemplateField(accounts, change.field, v);
      } else if (["phone_number_quality_update", "business_capability_update", "account_update"].includes(change.field)) {
        summary2.accountChanges += await applyAccountField(accounts, change.field, v, at);
      } else {
        summary2.skipped.push(`field ${change.field} is not used`);
      }
    }
  }
  if (summary2.skipped.length) logger.warn(`WhatsApp webhook: ${summary2.skipped.join("; ")}`);
  return summary2;
}
registerInboxHandler("whatsapp", WHATSAPP_INBOX_TOPIC, async (_event, payload) => {
  await applyWhatsAppPayload(payload);
  return "done";
});
async function testGroupFigures(shopId2, campaignId) {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE r.status IN ('queued', 'sending'))::int AS pending,
            count(*) FILTER (WHERE r.wa_message_id IS NOT NULL OR r.status = 'unknown')::int AS sent,
            count(*) FILTER (WHERE r.status IN ('delivered', 'read'))::int AS delivered,
            count(*) FILTER (WHERE (r.wa_message_id IS NOT NULL OR r.status = 'unknown') AND EXISTS (
              SELECT 1 FROM consent_events e
              WHERE e.shop_id = r.shop_id AND e.phone_e164 = r.phone_e164 AND e.new_state = 'opted_out'
                -- webhook times have one-second precision: an opt-out in the second of the send counts
                AND e.at >= date_trunc('second', coalesce(r.sent_at, r.sending_at))))::int AS opted_out,
            max(coalesce(r.sent_at, r.sending_at)) AS last_send
     FROM recipients r
     WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r."group" = 'test' AND r.status NOT IN ('excluded', 'holdout')`,
    [shopId2, campaignId]
  );
  const r = rows[0];
  return {
    testRecipients: r.total,
    pending: r.pending,
    sent: r.sent,
    delivered: r.delivered,
    optedOut: r.opted_out,
    lastSendAt: r.last_send
  };
}
async function rolloutCheckTime(shopId2, campaign) {
  if (campaign.status !== "testing" || campaign.testShare <= 0) return null;
  const f = await testGroupFigures(shopId2, campaign.id);
  const at = f.pending === 0 && f.lastSendAt ? new Date(f.lastSendAt.getTime() + campaign.testWaitMinutes * 6e4) : null;
  return {
    at: (at == null ? void 0 : at.toISOString()) ?? null,
    waitMinutes: campaign.testWaitMinutes,
    pending: f.pending,
    testRecipients: f.testRecipients
  };
}
function TestSendCard(props) {
  const fetcher = useFetcher();
  const [phone, setPhone] = useState("");
  const [own, setOwn] = useState(false);
  const result = fetcher.state === "idle" ? fetcher.data : void 0;
  const error = result && !result.ok ? result : null;
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Send a test to my phone" }),
    /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "The message exactly as customers get it, with a sample customer's values. It is not part of the campaign: not in the report or the audience; Meta bills it as one marketing message." }),
    /* @__PURE__ */ jsx(fetcher.Form, { method: "post", action: `/app/campaigns/${props.campaignId}/test`, children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Your WhatsApp number",
          name: "phone",
          type: "tel",
          autoComplete: "tel",
          placeholder: "+44 7700 900123",
          value: phone,
          onChange: setPhone,
          error: (error == null ? void 0 : error.field) === "phone" ? error.error : void 0
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "This is my own number, and I want this test message",
          name: "own",
          checked: own,
          onChange: setOwn,
          error: (error == null ? void 0 : error.field) === "own" ? error.error : void 0
        }
      ),
      /* @__PURE__ */ jsx(InlineStack, { children: /* @__PURE__ */ jsx(Button, { submit: true, loading: fetcher.state !== "idle", disabled: !phone.trim(), children: "Send test" }) })
    ] }) }),
    (result == null ? void 0 : result.ok) ? /* @__PURE__ */ jsx(Banner, { tone: "success", children: `Sent to ${result.phone}${result.sample ? `, with ${result.sample}'s values` : ""}. It should arrive within a minute.` }) : error && !error.field ? /* @__PURE__ */ jsx(Banner, { tone: "critical", children: error.error }) : null,
    props.recent.length ? /* @__PURE__ */ jsx(BlockStack, { gap: "100", children: props.recent.map((t) => /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: t.accepted ? "subdued" : "critical", children: `${formatInZone(t.at, props.timeZone)} · ${t.phone} · ${t.accepted ? "accepted by WhatsApp" : t.error ?? "refused"}` }, t.id)) }) : null
  ] }) });
}
const loader$q = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = idParam(params.id, "Campaign");
  const campaign = Number.isSafeInteger(id2) ? await getCampaign(shop.id, id2) : null;
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  const url = new URL(request2.url);
  const status = url.searchParams.get("status");
  const after = url.searchParams.get("after");
  const [progress, log, testSends, rollout] = await Promise.all([
    campaignProgress(shop.id, id2),
    recipientLog({ shopId: shop.id, campaignId: id2, status, after }),
    recentTestSends(shop.id, id2),
    rolloutCheckTime(shop.id, campaign)
  ]);
  return {
    campaign,
    progress,
    unknownNotice: unknownNotice(progress.unknown),
    log,
    testSends,
    rollout,
    filter: status ?? "",
    after,
    shopTimeZone: shop.ianaTimezone,
    queueDelayed: url.searchParams.get("queue") === "delayed"
  };
};
const action$h = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const campaignId = idParam(params.id, "Campaign");
  const intent = String((await request2.formData()).get("intent"));
  const run = { pause: pauseCampaign, resume: resumeCampaign, cancel: cancelCampaign, approve: approveRollout }[intent];
  if (!run) return json$1({ ok: false, error: "Unknown action" }, { status: 400 });
  try {
    const result = await run({ shopId: shop.id, campaignId });
    return json$1(result, { status: result.ok ? 200 : 409 });
  } catch {
    return json$1(
      {
        ok: false,
        error: "The job queue is unavailable right now. The change was saved; sending continues within a minute."
      },
      { status: 503 }
    );
  }
};
function when(iso, tz) {
  return iso ? formatInZone(iso, tz) : "—";
}
function CampaignPage() {
  const {
    campaign: c,
    progress,
    unknownNotice: unknownNotice2,
    log,
    testSends,
    rollout,
    filter,
    after,
    shopTimeZone,
    queueDelayed
  } = useLoaderData();
  const result = useActionData();
  const submit = useSubmit();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const [, setParams] = useSearchParams();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const status = campaignStatus(c.status);
  const live = ACTIVE_STATUSES.includes(c.status) || c.status === "scheduled";
  const act = (intent) => submit({ intent }, { method: "post" });
  const busy = navigation.state !== "idle";
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(
      () => revalidator.state === "idle" && document.visibilityState === "visible" && revalidator.revalidate(),
      3e3
    );
    return () => clearInterval(timer);
  }, [live, revalidator]);
  const secondary = [
    ...EDITABLE.includes(c.status) ? [{ content: "Edit", url: `/app/campaigns/${c.id}/edit` }] : [],
    ...["running", "testing", "awaiting_decision"].includes(c.status) ? [{ content: "Pause", onAction: () => act("pause"), disabled: busy }] : [],
    ...!["completed", "cancelled", "failed"].includes(c.status) ? [{ content: "Cancel campaign", destructive: true, onAction: () => setConfirmCancel(true), disabled: busy }] : [],
    ...c.startedAt ? [{ content: "View report", url: `/app/campaigns/${c.id}/report` }] : []
  ];
  const primary = c.status === "paused" ? { content: "Resume", onAction: () => act("resume"), loading: busy } : c.status === "awaiting_decision" ? { content: "Roll out to everyone", onAction: () => act("approve"), loading: busy } : void 0;
  const rows = log.rows.map((r) => {
    var _a;
    return [
      /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
        /* @__PURE__ */ jsx(Text, { as: "span", children: r.name ?? `Customer ${r.customerId}` }),
        /* @__PURE__ */ jsxs(Text, { as: "span", tone: "subdued", variant: "bodySm", children: [
          r.phone ?? "no phone",
          r.country ? ` · ${r.country}` : ""
        ] })
      ] }, r.id),
      r.segment ?? "—",
      r.status === "excluded" ? "—" : r.group,
      /* @__PURE__ */ jsx(
        Badge,
        {
          tone: r.status === "failed" ? "critical" : r.status === "read" || r.status === "delivered" ? "success" : r.status === "unknown" ? "warning" : void 0,
          children: ((_a = RECIPIENT_STATUS[r.status]) == null ? void 0 : _a.label) ?? r.status
        },
        "s"
      ),
      r.errorCode ? `${r.errorCode} ${r.errorTitle ?? ""}`.trim() : r.reason ? reasonLabel(r.reason) : r.status === "queued" && r.notBefore && new Date(r.notBefore) > /* @__PURE__ */ new Date() ? `waits until ${when(r.notBefore, shopTimeZone)} (quiet hours)` : "",
      when(r.at, shopTimeZone)
    ];
  });
  return /* @__PURE__ */ jsxs(
    Page,
    {
      title: c.name,
      titleMetadata: /* @__PURE__ */ jsx(Badge, { tone: status.tone, progress: status.progress, children: status.label }),
      subtitle: `${c.templateName ?? "template deleted"} · ${c.segments.map((s) => s.name).join(", ")}`,
      backAction: { content: "Campaigns", url: "/app/campaigns" },
      primaryAction: primary,
      secondaryActions: secondary,
      children: [
        /* @__PURE__ */ jsxs(Layout, { children: [
          result && !result.ok ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "critical", children: result.error }) }) : null,
          queueDelayed && c.status === "scheduled" ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "warning", children: "Scheduled. The job queue was unavailable; the start is booked automatically within a minute." }) }) : null,
          c.status === "paused" || c.status === "awaiting_decision" || c.status === "failed" ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(
            Banner,
            {
              tone: c.status === "failed" ? "critical" : "warning",
              title: c.status === "awaiting_decision" ? "The test finished: your decision is needed" : c.status === "failed" ? "The campaign could not start" : "The campaign is paused",
              children: [
                /* @__PURE__ */ jsx("p", { "data-testid": "paused-reason", children: c.pausedReason ?? (c.status === "paused" ? "Paused." : "") }),
                c.status === "paused" ? /* @__PURE__ */ jsx("p", { children: "Nothing new is sent. Messages already handed to WhatsApp still arrive, so delivered and read counts keep moving for a while." }) : null,
                c.status === "awaiting_decision" ? /* @__PURE__ */ jsx("p", { children: "Roll out to everyone, or cancel the campaign: nobody outside the test has been messaged." }) : null
              ]
            }
          ) }) : null,
          unknownNotice2 ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(UnknownRecipientsBanner, { notice: unknownNotice2 }) }) : null,
          /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Progress" }),
            c.status === "draft" ? /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
              "A draft: review its plan and schedule it from ",
              /* @__PURE__ */ jsx(Link$1, { url: `/app/campaigns/${c.id}/edit`, children: "Edit" }),
              "."
            ] }) : c.status === "scheduled" ? /* @__PURE__ */ jsx(
              Text,
              {
                as: "p",
                tone: "subdued",
                children: `Starts ${when(c.scheduledAt, shopTimeZone)} (${shopTimeZone}). The audience is taken at that moment.`
              }
            ) : /* @__PURE__ */ jsx(CampaignProgress, { progress }),
            rollout ? /* @__PURE__ */ jsx(Text, { as: "p", "data-testid": "rollout-check-time", children: rollout.at ? `Rollout check at ${when(rollout.at, shopTimeZone)}: ${rollout.waitMinutes} minutes after the last test message.` : `Rollout check ${rollout.waitMinutes} minutes after the last test message (${rollout.pending.toLocaleString("en")} of ${rollout.testRecipients.toLocaleString("en")} still to send).` }) : null,
            c.startedAt ? /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", variant: "bodySm", children: [
              `Started ${when(c.startedAt, shopTimeZone)}${c.completedAt ? ` · finished ${when(c.completedAt, shopTimeZone)}` : ""} · `,
              /* @__PURE__ */ jsx(Link$1, { url: `/app/campaigns/${c.id}/report`, children: "Report: revenue, segments and lift" })
            ] }) : null
          ] }) }) }),
          /* @__PURE__ */ jsxs(Layout.Section, { variant: "oneThird", children: [
            /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
              /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Settings" }),
              /* @__PURE__ */ jsx(Text, { as: "p", children: `Test: ${c.testShare > 0 ? `${Math.round(c.testShare * 100)}%, then wait ${c.testWaitMinutes} min; roll out if delivery ≥ ${Math.round(c.rolloutMinDeliveryRate * 100)}% and opt-outs ≤ ${Math.round(c.rolloutMaxOptOutRate * 1e3) / 10}%` : "none"}` }),
              /* @__PURE__ */ jsx(Text, { as: "p", children: `Holdout: ${c.segments.map((s) => `${s.name} ${Math.round(s.holdoutShare * 100)}%`).join(", ")}` }),
              /* @__PURE__ */ jsx(Text, { as: "p", children: `Quiet hours: ${c.quietHoursStart !== null && c.quietHoursEnd !== null ? `${hourLabel(c.quietHoursStart)}–${hourLabel(c.quietHoursEnd)} in each customer's time` : "none"}` }),
              /* @__PURE__ */ jsx(Text, { as: "p", children: `Discount codes: ${c.discountCodes.length ? c.discountCodes.join(", ") : "none"}` })
            ] }) }),
            ["completed", "cancelled", "failed"].includes(c.status) ? null : /* @__PURE__ */ jsx(Box, { paddingBlockStart: "400", children: /* @__PURE__ */ jsx(TestSendCard, { campaignId: c.id, recent: testSends, timeZone: shopTimeZone }) })
          ] }),
          /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
            /* @__PURE__ */ jsx(Box, { padding: "400", children: /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", children: [
              /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Recipients" }),
              /* @__PURE__ */ jsx("div", { style: { minWidth: 220 }, children: /* @__PURE__ */ jsx(
                Select,
                {
                  label: "Status",
                  labelInline: true,
                  options: [
                    { label: "All", value: "" },
                    ...PROGRESS_STATUSES.map((s) => ({
                      label: `${RECIPIENT_STATUS[s].label} (${progress[s].toLocaleString("en")})`,
                      value: s
                    }))
                  ],
                  value: filter,
                  onChange: (v) => setParams(v ? { status: v } : {})
                }
              ) })
            ] }) }),
            rows.length === 0 ? /* @__PURE__ */ jsx(EmptyMessage, { heading: c.startedAt ? "No recipient with this status" : "No recipients yet", children: c.startedAt ? "Choose another status above." : "Recipients appear when the campaign starts: the audience is taken from its segments at that moment." }) : /* @__PURE__ */ jsx(
              DataTable,
              {
                columnContentTypes: ["text", "text", "text", "text", "text", "text"],
                headings: ["Customer", "Segment", "Group", "Status", "Reason", "Last change"],
                rows
              }
            ),
            /* @__PURE__ */ jsx(Box, { padding: "400", children: /* @__PURE__ */ jsx(
              Pagination,
              {
                hasPrevious: Boolean(after),
                onPrevious: () => setParams(filter ? { status: filter } : {}),
                previousTooltip: "First page",
                hasNext: Boolean(log.next),
                onNext: () => setParams({ ...filter ? { status: filter } : {}, after: log.next })
              }
            ) })
          ] }) })
        ] }),
        /* @__PURE__ */ jsx(
          Modal,
          {
            open: confirmCancel,
            onClose: () => setConfirmCancel(false),
            title: "Cancel this campaign?",
            primaryAction: {
              content: "Cancel campaign",
              destructive: true,
              onAction: () => {
                setConfirmCancel(false);
                act("cancel");
              }
            },
            secondaryActions: [{ content: "Keep it", onAction: () => setConfirmCancel(false) }],
            children: /* @__PURE__ */ jsx(Modal.Section, { children: /* @__PURE__ */ jsx(Text, { as: "p", children: "Messages not sent yet are skipped and cannot be sent later. Messages already sent stay sent, and the report keeps counting their orders." }) })
          }
        )
      ]
    }
  );
}
function ErrorBoundary$9() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Campaign" });
}
const route13 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$9,
  action: action$h,
  default: CampaignPage,
  loader: loader$q
}, Symbol.toStringTag, { value: "Module" }));
async function listCreditedOrders(opts) {
  const { rows } = await pool().query(
    `SELECT a.order_id::text, o.name, a.order_at, NULLIF(trim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS customer_name,
            a.campaign_id, c.name AS campaign_name, COALESCE(s.name, 'Not through a segment') AS segment_name, a.signal, a.evidence,
            a.revenue_minor::text, o.cancelled_at IS NOT NULL AS cancelled
     FROM attributions a
     JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
     JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
     LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
     LEFT JOIN customers cu ON cu.shop_id = o.shop_id AND cu.id = o.customer_id
     WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2)
     ORDER BY a.order_at DESC, a.order_id DESC LIMIT $3`,
    [opts.shopId, opts.campaignId ?? null, opts.limit ?? 50]
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    name: r.name,
    placedAt: r.order_at.toISOString(),
    customerName: r.customer_name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name,
    signal: r.signal,
    evidence: r.evidence,
    revenueMinor: r.revenue_minor,
    cancelled: r.cancelled
  }));
}
function cursorOf$1(o) {
  return Buffer.from(`${o.placedAt}|${o.orderId}`).toString("base64url");
}
function parseCursor$1(raw) {
  if (!raw) return null;
  const [at, id2] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  return at && id2 && !Number.isNaN(Date.parse(at)) && /^\d{1,20}$/.test(id2) ? { at, id: id2 } : null;
}
async function creditedOrdersPage(opts) {
  const limit = opts.limit ?? 50;
  const after = parseCursor$1(opts.after);
  const before = after ? null : parseCursor$1(opts.before);
  const cursor = after ?? before;
  const order = before ? "ASC" : "DESC";
  const keyset = after ? `AND (a.order_at, a.order_id) < ($3::timestamptz, $4::bigint)` : before ? `AND (a.order_at, a.order_id) > ($3::timestamptz, $4::bigint)` : `AND $3::timestamptz IS NULL AND $4::bigint IS NULL`;
  const [page, count2, campaigns] = await Promise.all([
    pool().query(
      `SELECT a.order_id::text, o.name, a.order_at, NULLIF(trim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS customer_name,
              a.campaign_id, c.name AS campaign_name, COALESCE(s.name, 'Not through a segment') AS segment_name, a.signal, a.evidence,
              a.revenue_minor::text, o.cancelled_at IS NOT NULL AS cancelled
       FROM attributions a
       JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
       LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
       LEFT JOIN customers cu ON cu.shop_id = o.shop_id AND cu.id = o.customer_id
       WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2) ${keyset}
       ORDER BY a.order_at ${order}, a.order_id ${order} LIMIT $5`,
      [opts.shopId, opts.campaignId ?? null, (cursor == null ? void 0 : cursor.at) ?? null, (cursor == null ? void 0 : cursor.id) ?? null, limit + 1]
    ),
    pool().query(
      `SELECT count(*)::int AS n FROM attributions a JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2)`,
      [opts.shopId, opts.campaignId ?? null]
    ),
    pool().query(
      `SELECT c.id, c.name FROM campaigns c WHERE c.shop_id = $1
         AND EXISTS (SELECT 1 FROM attributions a WHERE a.shop_id = c.shop_id AND a.campaign_id = c.id)
       ORDER BY c.started_at DESC NULLS LAST, c.id DESC`,
      [opts.shopId]
    )
  ]);
  const more = page.rows.length > limit;
  const raw = page.rows.slice(0, limit);
  if (before) raw.reverse();
  const rows = raw.map((r) => ({
    orderId: r.order_id,
    name: r.name,
    placedAt: r.order_at.toISOString(),
    customerName: r.customer_name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name,
    signal: r.signal,
    evidence: r.evidence,
    revenueMinor: r.revenue_minor,
    cancelled: r.cancelled
  }));
  const hasNext = before ? true : more;
  const hasPrev = before ? more : after !== null;
  return {
    rows,
    total: count2.rows[0].n,
    after: hasNext && rows.length ? cursorOf$1(rows[rows.length - 1]) : null,
    before: hasPrev && rows.length ? cursorOf$1(rows[0]) : null,
    campaigns: campaigns.rows
  };
}
function money$1(minor, currency, exponent) {
  return minor === null ? "—" : formatMoney(minor, currency, exponent);
}
function toMajor(minor, exponent) {
  return Number(minorToDecimal(BigInt(minor), exponent));
}
function percent(fraction, digits = 1) {
  return `${(fraction * 100).toFixed(digits)}%`;
}
function roi(value) {
  return value === null ? "—" : `${Math.round(value * 100).toLocaleString("en")}%`;
}
function count(n2) {
  return n2.toLocaleString("en");
}
function pointsWithInterval(i) {
  if (!i) return "—";
  const pts = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}`;
  return `${pts(i.estimate)} pts (${pts(i.low)} to ${pts(i.high)})`;
}
function moneyWithInterval(i, currency, exponent) {
  if (!i) return "—";
  const m2 = (x) => {
    const text2 = formatMoney(BigInt(Math.round(Math.abs(x))), currency, exponent);
    return `${x < 0 ? "−" : "+"}${text2}`;
  };
  return `${m2(i.estimate)} (${m2(i.low)} to ${m2(i.high)})`;
}
function dateTime(iso, timeZone) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en", {
    dateStyle: "medium",
    timeStyle: "short",
    ...timeZone ? { timeZone } : {}
  });
}
const EVIDENCE_LABELS = {
  link: "Clicked the link",
  discount_code: "Used the code",
  click: "Clicked earlier",
  read: "Read the message",
  delivered: "Received the message"
};
function IntervalChart({ rows, zero = false }) {
  const lo = Math.min(0, ...rows.map((r) => r.low));
  const hi = Math.max(...rows.map((r) => r.high), lo + 1e-4);
  const pad2 = (hi - lo) * 0.08;
  const [min, max] = [lo - (lo < 0 ? pad2 : 0), hi + pad2];
  const x = (v) => 150 + (v - min) / (max - min) * 330;
  const rowH = 34;
  const height = rows.length * rowH + 28;
  const ticks = [min, (min + max) / 2, max].map((t) => Math.abs(t) < 1e-9 ? 0 : t);
  return /* @__PURE__ */ jsxs(
    "svg",
    {
      viewBox: `0 0 500 ${height}`,
      width: "100%",
      role: "img",
      "aria-label": rows.map((r) => `${r.label} ${percent(r.estimate, 2)} (95% interval ${percent(r.low, 2)} to ${percent(r.high, 2)})`).join("; "),
      "data-testid": "lift-interval-chart",
      children: [
        zero ? /* @__PURE__ */ jsx("line", { x1: x(0), x2: x(0), y1: 4, y2: height - 22, stroke: "#8A8A8A", strokeDasharray: "3 3" }) : null,
        rows.map((r, i) => {
          const y = 18 + i * rowH;
          return /* @__PURE__ */ jsxs("g", { children: [
            /* @__PURE__ */ jsx("text", { x: 0, y: y + 4, fontSize: "12", fill: "#303030", children: r.label }),
            /* @__PURE__ */ jsx("line", { x1: x(r.low), x2: x(r.high), y1: y, y2: y, stroke: r.colour, strokeWidth: 3 }),
            /* @__PURE__ */ jsx("line", { x1: x(r.low), x2: x(r.low), y1: y - 6, y2: y + 6, stroke: r.colour, strokeWidth: 2 }),
            /* @__PURE__ */ jsx("line", { x1: x(r.high), x2: x(r.high), y1: y - 6, y2: y + 6, stroke: r.colour, strokeWidth: 2 }),
            /* @__PURE__ */ jsx("circle", { cx: x(r.estimate), cy: y, r: 5, fill: r.colour })
          ] }, r.label);
        }),
        ticks.map((t, i) => /* @__PURE__ */ jsx("text", { x: x(t), y: height - 6, fontSize: "11", fill: "#616161", textAnchor: "middle", children: percent(t, 1) }, i))
      ]
    }
  );
}
function LiftChart({ c }) {
  const group = (label2, g, colour) => ({
    label: label2,
    estimate: g.conversionRate,
    ...wilson(g.converted, g.n),
    colour
  });
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
    /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", children: "Conversion rate, with its 95% confidence interval" }),
    /* @__PURE__ */ jsx(IntervalChart, { rows: [group("Messaged", c.messaged, "#0094D5"), group("Held out", c.holdout, "#9E77ED")] }),
    c.conversionDifference ? /* @__PURE__ */ jsx(IntervalChart, { zero: true, rows: [{ label: "Difference", ...c.conversionDifference, colour: "#29845A" }] }) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: "The groups are too small for an interval on the difference." })
  ] });
}
function roiVersusLift(report) {
  var _a;
  const inc = (_a = report.lift) == null ? void 0 : _a.campaign.incrementalRevenue;
  const r = report.totals.roi;
  if (!inc || r === null || r <= 0 || inc.low > 0) return null;
  const cost = report.totals.costMinor === null ? null : Number(report.totals.costMinor);
  const signed = (v) => `${v < 0 ? "−" : "+"}${money$1(BigInt(Math.round(Math.abs(v))), report.currency, report.exponent)}`;
  const measured = cost ? roi((inc.estimate - cost) / cost) : null;
  return [
    `The ROI of ${roi(r)} counts every credited order: orders placed after a message, whether or not the message caused them.`,
    `The holdout measures what the campaign added: ${signed(inc.estimate)} (95% interval ${signed(inc.low)} to ${signed(inc.high)})`,
    inc.estimate < 0 ? "— held-out customers bought about as much or more without a message." : "— an interval that includes nothing added.",
    measured ? `On that measured revenue, the ROI would be ${measured}.` : ""
  ].filter(Boolean).join(" ");
}
function ReportLift({ report, timeZone }) {
  const lift = report.lift;
  const m2 = (v) => money$1(BigInt(Math.round(v)), report.currency, report.exponent);
  if (!lift) {
    return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Lift against a holdout" }),
      /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "This campaign had no holdout group. Keep a holdout (10% is usual) in the next campaign to see how much of the credited revenue would have come anyway." })
    ] }) });
  }
  const c = lift.campaign;
  const tone = c.verdict.kind === "measured" ? "success" : c.verdict.kind === "inconclusive" ? "info" : "warning";
  const roiNote = roiVersusLift(report);
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
    /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Lift against the holdout" }),
    /* @__PURE__ */ jsx(Banner, { tone, children: /* @__PURE__ */ jsx("p", { children: c.verdict.message }) }),
    roiNote ? /* @__PURE__ */ jsx(Banner, { tone: "warning", title: "Why ROI and incremental revenue disagree", children: /* @__PURE__ */ jsx("p", { "data-testid": "roi-vs-lift", children: roiNote }) }) : null,
    !lift.complete ? /* @__PURE__ */ jsxs(Text, { as: "p", tone: "caution", children: [
      "Still measuring: the last group's ",
      describeHours(lift.windowHours),
      " window ends",
      " ",
      formatInZone(lift.measuredUntil, timeZone),
      ". These figures can still change."
    ] }) : null,
    /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, lg: 2 }, gap: "400", children: [
      /* @__PURE__ */ jsx(
        DataTable,
        {
          columnContentTypes: ["text", "numeric", "numeric"],
          headings: ["", "Messaged", "Held out"],
          rows: [
            ["Customers", count(c.messaged.n), count(c.holdout.n)],
            ["Bought", count(c.messaged.converted), count(c.holdout.converted)],
            ["Conversion rate", percent(c.messaged.conversionRate, 2), percent(c.holdout.conversionRate, 2)],
            ["Revenue per customer", m2(c.messaged.revenuePerRecipient), m2(c.holdout.revenuePerRecipient)]
          ]
        }
      ),
      /* @__PURE__ */ jsx(LiftChart, { c })
    ] }),
    /* @__PURE__ */ jsx(
      DataTable,
      {
        columnContentTypes: ["text", "text"],
        headings: ["Difference (95% confidence interval)", ""],
        rows: [
          ["Conversion rate", pointsWithInterval(c.conversionDifference)],
          [
            "Revenue per customer",
            moneyWithInterval(c.revenuePerRecipientDifference, report.currency, report.exponent)
          ],
          ["Incremental revenue", moneyWithInterval(c.incrementalRevenue, report.currency, report.exponent)],
          [
            "Extra buyers",
            c.incrementalConversions ? `${c.incrementalConversions.estimate.toFixed(0)} (${c.incrementalConversions.low.toFixed(0)} to ${c.incrementalConversions.high.toFixed(0)})` : "—"
          ]
        ]
      }
    ),
    lift.segments.length > 1 ? /* @__PURE__ */ jsx(
      DataTable,
      {
        columnContentTypes: ["text", "numeric", "numeric", "text", "text"],
        headings: ["Segment", "Messaged", "Held out", "Conversion difference", "Verdict"],
        rows: lift.segments.map((s) => [
          s.segmentName,
          count(s.lift.messaged.n),
          count(s.lift.holdout.n),
          pointsWithInterval(s.lift.conversionDifference),
          s.lift.verdict.kind === "measured" ? "Measured" : s.lift.verdict.kind === "inconclusive" ? "Within the margin of error" : "Too small to say"
        ])
      }
    ) : null,
    /* @__PURE__ */ jsxs(Text, { as: "p", variant: "bodySm", tone: "subdued", children: [
      "Every customer is followed for ",
      describeHours(lift.windowHours),
      " from when the message went out (held-out customers from the first send to their segment). All their orders count here, credited or not, after refunds and without cancelled ones. Conversion: Wilson intervals per group, Newcombe interval for the difference; revenue per customer: Welch interval."
    ] })
  ] }) });
}
const vizStyles = "/assets/styles-oDRSJl8q.css";
const chartLinks = () => [{ rel: "stylesheet", href: vizStyles }];
function ClientOnly$1({ height, children }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return /* @__PURE__ */ jsx("div", { style: { height }, children: mounted ? children() : /* @__PURE__ */ jsx(Box, { paddingBlockStart: "400", children: /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 6 }) }) });
}
function RevenueOverTimeChart({
  series,
  formatMoney: formatMoney2,
  height = 300
}) {
  return /* @__PURE__ */ jsx(ClientOnly$1, { height, children: () => /* @__PURE__ */ jsx(PolarisVizProvider, { children: /* @__PURE__ */ jsx(
    StackedAreaChart,
    {
      data: series,
      theme: "Light",
      isAnimated: false,
      showLegend: true,
      yAxisOptions: { labelFormatter: (v) => formatMoney2(Number(v ?? 0)) },
      xAxisOptions: { labelFormatter: (v) => shortDay$1(String(v)) }
    }
  ) }) });
}
function HorizontalBars({
  series,
  format,
  height = 260
}) {
  return /* @__PURE__ */ jsx(ClientOnly$1, { height, children: () => /* @__PURE__ */ jsx(PolarisVizProvider, { children: /* @__PURE__ */ jsx(
    BarChart,
    {
      data: series,
      theme: "Light",
      direction: "horizontal",
      isAnimated: false,
      showLegend: series.length > 1,
      xAxisOptions: { labelFormatter: (v) => format(Number(v ?? 0)) }
    }
  ) }) });
}
function shortDay$1(isoDay) {
  const d = /* @__PURE__ */ new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : d.toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
}
function FollowUpCard(props) {
  var _a;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? (_a = navigation.formData) == null ? void 0 : _a.get("didNot") : null;
  const action2 = (didNot, label2, n2) => /* @__PURE__ */ jsxs(Form, { method: "post", children: [
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "didNot", value: didNot }),
    /* @__PURE__ */ jsx(Button, { submit: true, loading: busy === didNot, disabled: n2 <= 0, children: `${label2} (${count(Math.max(n2, 0))})` })
  ] }, didNot);
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Follow up" }),
    /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "A segment of the customers this campaign reached who did not respond, kept current as receipts and orders arrive. Send them a reminder or a different offer." }),
    /* @__PURE__ */ jsxs(InlineStack, { gap: "200", wrap: true, children: [
      action2("read", "Follow up with those who did not read", props.delivered - props.read),
      action2("click", "… did not click", props.delivered - props.clicked),
      action2("buy", "… did not buy", props.delivered - props.converted)
    ] }),
    /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: "Counts are approximate until the segment refreshes. A click is known when an order came through the message's link." })
  ] }) });
}
function MetricCard({
  label: label2,
  value,
  help,
  size = "headingLg"
}) {
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
    /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: label2 }),
    /* @__PURE__ */ jsx(Text, { as: "p", variant: size, children: value }),
    help ? /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: help }) : null
  ] }) });
}
const links$4 = chartLinks;
const loader$p = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const campaignId = idParam(params.id, "Campaign");
  if (!Number.isSafeInteger(campaignId) || campaignId <= 0) throw new Response("Not found", { status: 404 });
  const [report, orders] = await Promise.all([
    getCampaignReport({ shopId: shop.id, campaignId }),
    listCreditedOrders({ shopId: shop.id, campaignId, limit: 10 })
  ]);
  if (!report) throw new Response("Not found", { status: 404 });
  return { report, orders, timezone: shop.ianaTimezone };
};
const action$g = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const campaignId = idParam(params.id, "Campaign");
  const didNot = (await request2.formData()).get("didNot");
  if (!isCampaignResponse(didNot)) throw new Response("Choose read, click or buy", { status: 400 });
  const result = await createFollowUpSegment({ shopId: shop.id, campaignId, didNot });
  if (!result.ok)
    throw new Response(result.status === 404 ? "Not found" : "Could not create", { status: result.status });
  return redirect(`/app/segments/${result.segmentId}`);
};
function ErrorBoundary$8() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Campaign report" });
}
const STATUS_TONE = {
  completed: "success",
  running: "info",
  testing: "info",
  awaiting_decision: "attention",
  paused: "attention",
  failed: "critical",
  cancelled: void 0
};
const DELIVERY_HEADINGS = [
  "Segment",
  "Recipients",
  "Sent",
  "Delivered",
  "Read",
  "Replied",
  "Reply rate",
  "Clicked",
  "Failed",
  "Opt-outs"
];
const REVENUE_HEADINGS = ["Segment", "Orders", "Revenue", "Rev./recipient", "Conversion", "Cost", "Profit", "ROI"];
function deliveryRow(s) {
  return [
    s.segmentName,
    count(s.recipients),
    count(s.sent),
    count(s.delivered),
    count(s.read),
    count(s.replied),
    s.delivered ? percent(s.replied / s.delivered) : "—",
    count(s.clicked),
    count(s.failed),
    count(s.optOuts)
  ];
}
function revenueRow(s, m2) {
  return [
    s.segmentName,
    count(s.orders),
    m2(s.revenueMinor),
    m2(s.revenuePerRecipientMinor),
    percent(s.conversionRate),
    m2(s.costMinor),
    m2(s.profitMinor),
    roi(s.roi)
  ];
}
function SegmentTable$1({ headings, rows, totals }) {
  return /* @__PURE__ */ jsx(
    DataTable,
    {
      columnContentTypes: ["text", ...Array(headings.length - 1).fill("numeric")],
      headings,
      rows,
      totals: totals.map((v, i) => i === 0 ? "" : v),
      showTotalsInFooter: true
    }
  );
}
function Funnel({ report }) {
  const t = report.totals;
  const steps = [
    ["Recipients", t.recipients],
    ["Sent", t.sent],
    ["Delivered", t.delivered],
    ["Read", t.read],
    ["Replied", t.replied],
    ["Clicked", t.clicked],
    ["Bought", t.converted]
  ];
  const rate = (n2, of) => of ? ` (${percent(n2 / of)})` : "";
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Delivery funnel" }),
    /* @__PURE__ */ jsx(
      HorizontalBars,
      {
        series: [{ name: "Recipients", data: steps.map(([key2, value]) => ({ key: key2, value })) }],
        format: (v) => count(Math.round(v)),
        height: 240
      }
    ),
    /* @__PURE__ */ jsxs(InlineStack, { gap: "400", wrap: true, children: [
      /* @__PURE__ */ jsxs(Text, { as: "span", children: [
        "Delivered ",
        count(t.delivered),
        rate(t.delivered, t.sent)
      ] }),
      /* @__PURE__ */ jsxs(Text, { as: "span", children: [
        "Read ",
        count(t.read),
        rate(t.read, t.delivered)
      ] }),
      /* @__PURE__ */ jsxs(Text, { as: "span", children: [
        "Replied ",
        count(t.replied),
        rate(t.replied, t.delivered)
      ] }),
      /* @__PURE__ */ jsxs(Text, { as: "span", children: [
        "Clicked ",
        count(t.clicked),
        rate(t.clicked, t.delivered)
      ] }),
      /* @__PURE__ */ jsxs(Text, { as: "span", tone: t.failed ? "critical" : void 0, children: [
        "Failed ",
        count(t.failed),
        rate(t.failed, t.sent)
      ] }),
      /* @__PURE__ */ jsxs(Text, { as: "span", tone: t.optOuts ? "caution" : void 0, children: [
        "Opt-outs ",
        count(t.optOuts),
        rate(t.optOuts, t.delivered)
      ] })
    ] }),
    /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: `Not messaged: held out ${count(report.holdout)} (${NOT_SENT.holdout}) · excluded ${count(report.excluded)} (${NOT_SENT.excluded}) · skipped ${count(report.skipped)} (${NOT_SENT.skipped}).` })
  ] }) });
}
function CampaignReportPage() {
  const { report, orders, timezone } = useLoaderData();
  const navigation = useNavigation();
  const m2 = (v) => money$1(v, report.currency, report.exponent);
  const t = report.totals;
  const c = report.campaign;
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: c.name,
      titleMetadata: /* @__PURE__ */ jsx(Badge, { tone: STATUS_TONE[c.status], children: c.status.replace(/_/g, " ") }),
      subtitle: `${c.startedAt ? `Sent from ${formatInZone(c.startedAt, timezone)}` : "Not sent yet"}${c.templateName ? ` · template ${c.templateName}` : ""}${c.discountCodes.length ? ` · code ${c.discountCodes.join(", ")}` : ""}`,
      backAction: { content: "Campaigns", url: "/app/campaigns" },
      children: /* @__PURE__ */ jsx("div", { "aria-busy": navigation.state === "loading", children: /* @__PURE__ */ jsx(Layout, { children: t.sent === 0 && report.holdout === 0 ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(EmptyMessage, { heading: "Nothing sent yet", children: "Results appear here as messages go out: delivery, clicks, the orders they bring, cost and lift." }) }) }) : /* @__PURE__ */ jsxs(Fragment, { children: [
        /* @__PURE__ */ jsxs(Layout.Section, { children: [
          !report.costAvailable ? /* @__PURE__ */ jsx(Box, { paddingBlockEnd: "400", children: /* @__PURE__ */ jsx(
            Banner,
            {
              tone: "warning",
              title: "Messaging cost needs your exchange rate",
              action: { content: "Set it", url: "/app/settings/prices" },
              children: /* @__PURE__ */ jsxs("p", { children: [
                "Meta prices messages in US dollars; enter what 1 USD is in ",
                report.currency,
                " to see cost, profit and ROI."
              ] })
            }
          ) }) : null,
          /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 2, md: 3, lg: 6 }, gap: "300", children: [
            /* @__PURE__ */ jsx(
              MetricCard,
              {
                label: "Attributed revenue",
                value: m2(t.revenueMinor),
                help: `${count(t.orders)} orders, after refunds`
              }
            ),
            /* @__PURE__ */ jsx(
              MetricCard,
              {
                label: "Conversion rate",
                value: percent(t.conversionRate, 2),
                help: `${count(t.converted)} of ${count(t.sent)} messaged bought`
              }
            ),
            /* @__PURE__ */ jsx(MetricCard, { label: "Revenue per recipient", value: m2(t.revenuePerRecipientMinor) }),
            /* @__PURE__ */ jsx(
              MetricCard,
              {
                label: "Messaging cost",
                value: m2(t.costMinor),
                help: `${count(t.delivered)} delivered messages`
              }
            ),
            /* @__PURE__ */ jsx(MetricCard, { label: "Profit after messaging", value: m2(t.profitMinor), help: "revenue − messaging cost" }),
            /* @__PURE__ */ jsx(
              MetricCard,
              {
                label: "ROI",
                value: roi(t.roi),
                help: roiVersusLift(report) ? "on credited revenue; see Lift for what the holdout measures" : "profit ÷ messaging cost"
              }
            )
          ] })
        ] }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Funnel, { report }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
          /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", gap: "200", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "By segment" }),
            /* @__PURE__ */ jsxs(InlineStack, { gap: "200", children: [
              /* @__PURE__ */ jsx(
                DownloadButton,
                {
                  url: `/app/campaigns/${c.id}/report/segments.csv`,
                  label: "Segments CSV",
                  filename: `campaign-${c.id}-segments.csv`
                }
              ),
              /* @__PURE__ */ jsx(
                DownloadButton,
                {
                  url: `/app/campaigns/${c.id}/report/recipients.csv`,
                  label: "Recipients CSV",
                  filename: `campaign-${c.id}-recipients.csv`
                }
              )
            ] })
          ] }),
          /* @__PURE__ */ jsx(
            SegmentTable$1,
            {
              headings: DELIVERY_HEADINGS,
              rows: report.segments.map(deliveryRow),
              totals: deliveryRow(t)
            }
          ),
          /* @__PURE__ */ jsx(
            SegmentTable$1,
            {
              headings: REVENUE_HEADINGS,
              rows: report.segments.map((s) => revenueRow(s, m2)),
              totals: revenueRow(t, m2)
            }
          ),
          /* @__PURE__ */ jsxs(Text, { as: "p", variant: "bodySm", tone: "subdued", children: [
            "A customer in several segments is counted in the one the campaign reached them through. Revenue is net of refunds; cancelled orders count for nothing. Credit: a click within",
            " ",
            describeHours(report.windows.clickWindowHours),
            ", else a delivered or read message within",
            " ",
            describeHours(report.windows.viewWindowHours),
            " (",
            /* @__PURE__ */ jsx(Link, { to: "/app/settings", children: "Settings" }),
            "). Replied: answered the message within ",
            REPLY_WINDOW_DAYS,
            " days (reply rate of delivered); a STOP is an opt-out, not a reply."
          ] })
        ] }) }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(FollowUpCard, { delivered: t.delivered, read: t.read, clicked: t.clicked, converted: t.converted }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(ReportLift, { report, timeZone: timezone }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Latest credited orders" }),
          orders.length === 0 ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "No order credited to this campaign yet." }) : /* @__PURE__ */ jsx(
            DataTable,
            {
              columnContentTypes: ["text", "text", "text", "text", "numeric"],
              headings: ["Order", "Placed", "Segment", "Why", "Revenue"],
              rows: orders.map((o) => [
                /* @__PURE__ */ jsx(Link, { to: `/app/orders/${o.orderId}`, children: o.name ?? o.orderId }, o.orderId),
                formatInZone(o.placedAt, timezone),
                o.segmentName,
                EVIDENCE_LABELS[o.evidence] ?? o.evidence,
                o.cancelled ? "Cancelled" : m2(o.revenueMinor)
              ])
            }
          )
        ] }) }) })
      ] }) }) })
    }
  );
}
const route14 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$8,
  action: action$g,
  default: CampaignReportPage,
  links: links$4,
  loader: loader$p
}, Symbol.toStringTag, { value: "Module" }));
const LEVELS = ["product", "product_type", "collection"];
const loader$o = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const level = new URL(request2.url).searchParams.get("level") ?? "product";
  if (!LEVELS.includes(level)) return json$1({ error: `level must be one of ${LEVELS.join(", ")}` }, { status: 400 });
  return { level, pairs: await suggestCrossSellPairs({ shopId: shop.id, level, limit: 8 }) };
};
const route15 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$o
}, Symbol.toStringTag, { value: "Module" }));
const GROUPS = ["Customer", "Last order", "Product", "Segment", "Store"];
const SOURCE_OPTIONS = [
  { label: "Fixed text", value: "text" },
  ...GROUPS.map((group) => ({
    title: group,
    options: FIELD_KEYS.filter((k) => FIELDS[k].group === group).map((k) => ({
      label: FIELDS[k].label,
      value: `field:${k}`
    }))
  }))
];
function sourceValue(b) {
  return (b == null ? void 0 : b.kind) === "field" ? `field:${b.field}` : (b == null ? void 0 : b.kind) === "text" ? "text" : "";
}
function SlotEditor({
  slot,
  binding,
  onChange,
  error,
  count: count2,
  total
}) {
  const id2 = `slot-${slot.id.replace(/\W/g, "-")}`;
  const heading = /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
    /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", children: slot.label }),
    slot.example ? /* @__PURE__ */ jsx(
      Text,
      {
        as: "span",
        tone: "subdued",
        variant: "bodySm",
        children: `Meta's example: ${slot.example} (for reference, not sent)`
      }
    ) : null
  ] });
  if (slot.kind === "media") {
    return /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      heading,
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: `${(slot.mediaFormat ?? "media").charAt(0)}${(slot.mediaFormat ?? "media").slice(1).toLowerCase()} link`,
          value: (binding == null ? void 0 : binding.kind) === "media" ? binding.link : "",
          onChange: (link2) => onChange({ kind: "media", link: link2 }),
          autoComplete: "off",
          helpText: "A public https:// link Meta can download (JPEG/PNG up to 5 MB for images).",
          error,
          id: id2
        }
      )
    ] });
  }
  if (slot.kind === "quick_reply") {
    const payload = (binding == null ? void 0 : binding.kind) === "payload" ? binding.payload : "";
    const optOut = payload === OPT_OUT_PAYLOAD;
    return /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      heading,
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "A tap on this button opts the customer out of WhatsApp promotions",
          checked: optOut,
          onChange: (on) => onChange({ kind: "payload", payload: on ? OPT_OUT_PAYLOAD : `QUICK_REPLY_${slot.key}` })
        }
      ),
      !optOut ? /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Payload (returned to us when tapped)",
          value: payload,
          onChange: (p) => onChange({ kind: "payload", payload: p }),
          autoComplete: "off",
          error
        }
      ) : null
    ] });
  }
  const isField = (binding == null ? void 0 : binding.kind) === "field";
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
    heading,
    /* @__PURE__ */ jsxs(InlineStack, { gap: "300", wrap: false, blockAlign: "start", children: [
      /* @__PURE__ */ jsx(Box, { minWidth: "220px", children: /* @__PURE__ */ jsx(
        Select,
        {
          label: "Value from",
          id: id2,
          options: SOURCE_OPTIONS,
          placeholder: "Choose a value",
          value: sourceValue(binding),
          error: binding ? void 0 : error,
          onChange: (v) => {
            if (v === "text") onChange({ kind: "text", text: (binding == null ? void 0 : binding.kind) === "text" ? binding.text : "" });
            else if (v === "") return;
            else
              onChange({
                kind: "field",
                field: v.slice(6),
                fallback: (binding == null ? void 0 : binding.kind) === "field" ? binding.fallback : ""
              });
          }
        }
      ) }),
      /* @__PURE__ */ jsx(Box, { width: "100%", children: isField ? /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Fallback when empty",
          value: binding.fallback,
          onChange: (fallback) => onChange({ ...binding, fallback }),
          autoComplete: "off",
          placeholder: slot.kind === "url" ? "e.g. collections/all" : slot.kind === "copy_code" ? "e.g. WELCOME10" : "e.g. there",
          helpText: FIELDS[binding.field].help,
          error
        }
      ) : binding ? /* @__PURE__ */ jsx(
        TextField,
        {
          label: slot.kind === "url" ? "Link ending" : slot.kind === "copy_code" ? "Coupon code" : "Text",
          value: binding.kind === "text" ? binding.text : "",
          onChange: (text2) => onChange({ kind: "text", text: text2 }),
          autoComplete: "off",
          error
        }
      ) : null })
    ] }),
    slot.kind === "url" ? /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: `Fills {{1}} in ${slot.urlTemplate}. utm_source=whatsapp, utm_medium=campaign, utm_campaign=<campaign id> and r=<recipient> are added so clicks and orders are attributed.` }) : null,
    count2 && total !== void 0 && (count2.empty > 0 || count2.usingFallback > 0) ? /* @__PURE__ */ jsxs(InlineStack, { gap: "100", children: [
      count2.empty > 0 ? /* @__PURE__ */ jsx(Badge, { tone: "critical", children: `Empty for ${count2.empty.toLocaleString("en")} of ${total.toLocaleString("en")}: not sent` }) : null,
      count2.usingFallback > 0 ? /* @__PURE__ */ jsx(Badge, { tone: "attention", children: `Fallback for ${count2.usingFallback.toLocaleString("en")} of ${total.toLocaleString("en")}` }) : null
    ] }) : null
  ] });
}
function TemplateMappingEditor({
  template,
  mapping,
  onChange,
  issues = [],
  emptyCounts: emptyCounts2
}) {
  const slots = templateSlots(template);
  if (!slots.length) {
    return /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "This template has no variables: it is sent exactly as approved." });
  }
  return /* @__PURE__ */ jsx(BlockStack, { gap: "400", children: slots.map((slot, i) => {
    var _a;
    return /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
      i > 0 ? /* @__PURE__ */ jsx(Divider, {}) : null,
      /* @__PURE__ */ jsx(
        SlotEditor,
        {
          slot,
          binding: mapping.params[slot.id],
          onChange: (b) => onChange({ ...mapping, params: { ...mapping.params, [slot.id]: b } }),
          error: (_a = issues.find((x) => x.slot === slot.id)) == null ? void 0 : _a.message,
          count: emptyCounts2 == null ? void 0 : emptyCounts2.slots.find((c) => c.slot === slot.id),
          total: emptyCounts2 == null ? void 0 : emptyCounts2.total
        }
      )
    ] }, slot.id);
  }) });
}
function defaultValues() {
  return {
    name: "",
    templateId: "",
    mapping: { version: 1, params: {} },
    segments: [],
    discountCodes: "",
    testPercent: "0",
    testWaitMinutes: String(DEFAULT_TEST_WAIT_MINUTES),
    rolloutMinDeliveryPercent: String(DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT),
    rolloutMaxOptOutPercent: String(DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT),
    quietHours: true,
    quietStart: "21",
    quietEnd: "9",
    when: "now",
    scheduledLocal: ""
  };
}
function toFormData(v, when2) {
  return {
    name: v.name,
    templateId: v.templateId,
    mapping: JSON.stringify(v.mapping),
    segments: JSON.stringify(
      v.segments.map((s) => ({ segmentId: s.segmentId, holdoutPercent: Number(s.holdoutPercent || 0) }))
    ),
    discountCodes: v.discountCodes,
    testPercent: v.testPercent,
    testWaitMinutes: v.testWaitMinutes,
    rolloutMinDeliveryPercent: v.rolloutMinDeliveryPercent,
    rolloutMaxOptOutPercent: v.rolloutMaxOptOutPercent,
    quietHours: v.quietHours ? "on" : "",
    quietStart: v.quietStart,
    quietEnd: v.quietEnd,
    when: when2,
    // only a chosen date and time is sent: a draft keeps it as its planned time
    scheduledLocal: v.when === "later" ? v.scheduledLocal : ""
  };
}
const HOURS = Array.from({ length: 24 }, (_, h) => ({ label: hourLabel(h), value: String(h) }));
function CampaignForm(props) {
  const { templates, segments, values: v, onChange, errors } = props;
  const set = (key2, value) => onChange({ ...v, [key2]: value });
  const chosen = templates.find((t) => String(t.id) === v.templateId) ?? null;
  const template = useMemo(() => chosen ? asTemplateLike(chosen) : null, [chosen]);
  const issues = useMemo(() => template ? mappingIssues(template, v.mapping) : [], [template, v.mapping]);
  const [adding, setAdding] = useState("");
  const remaining = segments.filter((s) => !v.segments.some((c) => c.segmentId === s.id));
  const byId = new Map(segments.map((s) => [s.id, s]));
  const now = useStoreNow();
  const nowLocal = now ? localInputValue(now, props.shopTimeZone) : null;
  const scheduleError = errors.scheduledLocal ?? (v.when === "later" && nowLocal && v.scheduledLocal && v.scheduledLocal < nowLocal ? pastTimeMessage(props.shopTimeZone) : void 0);
  const chooseTemplate = (id2) => {
    const t = templates.find((x) => String(x.id) === id2);
    onChange({
      ...v,
      templateId: id2,
      mapping: t ? t.defaultMapping ?? suggestMapping(asTemplateLike(t)) : { version: 1, params: {} }
    });
  };
  const move = (i, d) => {
    const list2 = [...v.segments];
    const [item] = list2.splice(i, 1);
    list2.splice(i + d, 0, item);
    set("segments", list2);
  };
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
    /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(FormLayout, { children: [
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Campaign name",
          autoComplete: "off",
          value: v.name,
          onChange: (x) => set("name", x),
          error: errors.name
        }
      ),
      /* @__PURE__ */ jsx(
        Select,
        {
          label: "Template",
          placeholder: "Choose an approved template",
          options: templates.map((t) => ({
            label: `${t.name} (${t.language}, ${t.category.toLowerCase()})`,
            value: String(t.id)
          })),
          value: v.templateId,
          onChange: chooseTemplate,
          error: errors.templateId,
          helpText: templates.length === 0 ? "No approved marketing or utility template yet: sync templates on the Templates page." : "Only templates Meta approved can be sent."
        }
      )
    ] }) }),
    template ? /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Variables" }),
      /* @__PURE__ */ jsx(
        TemplateMappingEditor,
        {
          template,
          mapping: v.mapping,
          onChange: (m2) => set("mapping", m2),
          issues
        }
      ),
      errors.mapping ? /* @__PURE__ */ jsx(InlineError, { message: errors.mapping, fieldID: "mapping" }) : null
    ] }) }) : null,
    /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Segments" }),
      /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
        "A customer in several segments gets one message, through the first segment in this list (the one reports credit). Each segment keeps a holdout: customers picked at random who are not messaged, to measure the lift (suggested ",
        SUGGESTED_HOLDOUT_PERCENT,
        "%)."
      ] }),
      v.segments.map((s, i) => {
        var _a, _b;
        return /* @__PURE__ */ jsxs(InlineStack, { gap: "300", blockAlign: "center", wrap: false, children: [
          /* @__PURE__ */ jsx(Badge, { children: String(i + 1) }),
          /* @__PURE__ */ jsxs("div", { style: { flex: 1 }, children: [
            /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: ((_a = byId.get(s.segmentId)) == null ? void 0 : _a.name) ?? `Segment ${s.segmentId}` }),
            " ",
            /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: `${(((_b = byId.get(s.segmentId)) == null ? void 0 : _b.members) ?? 0).toLocaleString("en")} members` })
          ] }),
          /* @__PURE__ */ jsx("div", { style: { width: 140 }, children: /* @__PURE__ */ jsx(
            TextField,
            {
              label: "Holdout %",
              labelHidden: true,
              type: "number",
              min: 0,
              max: 50,
              suffix: "% holdout",
              autoComplete: "off",
              value: s.holdoutPercent,
              onChange: (x) => set(
                "segments",
                v.segments.map((o, j) => j === i ? { ...o, holdoutPercent: x } : o)
              )
            }
          ) }),
          /* @__PURE__ */ jsx(Button, { size: "slim", disabled: i === 0, onClick: () => move(i, -1), accessibilityLabel: "Move up", children: "↑" }),
          /* @__PURE__ */ jsx(
            Button,
            {
              size: "slim",
              disabled: i === v.segments.length - 1,
              onClick: () => move(i, 1),
              accessibilityLabel: "Move down",
              children: "↓"
            }
          ),
          /* @__PURE__ */ jsx(
            Button,
            {
              size: "slim",
              tone: "critical",
              variant: "plain",
              onClick: () => set(
                "segments",
                v.segments.filter((_, j) => j !== i)
              ),
              children: "Remove"
            }
          )
        ] }, s.segmentId);
      }),
      /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "end", children: [
        /* @__PURE__ */ jsx("div", { style: { minWidth: 280 }, children: /* @__PURE__ */ jsx(
          Select,
          {
            label: "Add a segment",
            placeholder: remaining.length ? "Choose a segment" : segments.length ? "All segments added" : "No segments yet",
            options: remaining.map((s) => ({
              label: `${s.name} (${s.members.toLocaleString("en")})`,
              value: String(s.id)
            })),
            value: adding,
            onChange: setAdding,
            error: errors.segments
          }
        ) }),
        /* @__PURE__ */ jsx(
          Button,
          {
            disabled: !adding,
            onClick: () => {
              set("segments", [
                ...v.segments,
                { segmentId: Number(adding), holdoutPercent: String(SUGGESTED_HOLDOUT_PERCENT) }
              ]);
              setAdding("");
            },
            children: "Add"
          }
        )
      ] })
    ] }) }),
    /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Test first, then roll out" }),
      /* @__PURE__ */ jsxs(FormLayout, { children: [
        /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
          /* @__PURE__ */ jsx(
            TextField,
            {
              label: "Test share",
              type: "number",
              suffix: "%",
              min: 0,
              max: 50,
              autoComplete: "off",
              value: v.testPercent,
              onChange: (x) => set("testPercent", x),
              error: errors.testPercent,
              helpText: "0 sends to everyone at once."
            }
          ),
          /* @__PURE__ */ jsx(
            TextField,
            {
              label: "Wait after the test",
              type: "number",
              suffix: "minutes",
              min: 5,
              autoComplete: "off",
              value: v.testWaitMinutes,
              onChange: (x) => set("testWaitMinutes", x),
              error: errors.testWaitMinutes
            }
          )
        ] }),
        /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
          /* @__PURE__ */ jsx(
            TextField,
            {
              label: "Roll out when delivery is at least",
              type: "number",
              suffix: "%",
              autoComplete: "off",
              value: v.rolloutMinDeliveryPercent,
              onChange: (x) => set("rolloutMinDeliveryPercent", x),
              error: errors.rolloutMinDeliveryPercent,
              helpText: `Default ${DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT}%.`
            }
          ),
          /* @__PURE__ */ jsx(
            TextField,
            {
              label: "…and opt-outs at most",
              type: "number",
              suffix: "%",
              autoComplete: "off",
              value: v.rolloutMaxOptOutPercent,
              onChange: (x) => set("rolloutMaxOptOutPercent", x),
              error: errors.rolloutMaxOptOutPercent,
              helpText: `Default ${DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT}%. Otherwise the campaign waits for you.`
            }
          )
        ] }),
        /* @__PURE__ */ jsx(
          TextField,
          {
            label: "Discount codes (optional)",
            autoComplete: "off",
            value: v.discountCodes,
            onChange: (x) => set("discountCodes", x),
            error: errors.discountCodes,
            helpText: "Orders using these codes are credited to the campaign. Separate with commas."
          }
        )
      ] })
    ] }) }),
    /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "When" }),
      /* @__PURE__ */ jsx(
        ChoiceList,
        {
          title: "Send",
          titleHidden: true,
          choices: [
            { label: "As soon as it is scheduled", value: "now" },
            { label: `At a date and time (${props.shopTimeZone})`, value: "later" }
          ],
          selected: [v.when],
          onChange: (x) => set("when", x[0] ?? "now")
        }
      ),
      v.when === "later" ? /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Date and time",
          type: "datetime-local",
          autoComplete: "off",
          value: v.scheduledLocal,
          min: nowLocal ?? void 0,
          onChange: (x) => set("scheduledLocal", x),
          error: scheduleError,
          helpText: `In your store's time zone, ${props.shopTimeZone}${now ? `: it is now ${formatInZone(now, props.shopTimeZone)} there` : ""}.`
        }
      ) : null,
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Respect quiet hours in each customer's local time",
          checked: v.quietHours,
          onChange: (x) => set("quietHours", x),
          helpText: "Messages that would arrive during quiet hours wait until they end, in the customer's time zone (from their address)."
        }
      ),
      v.quietHours ? /* @__PURE__ */ jsx(FormLayout, { children: /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
        /* @__PURE__ */ jsx(
          Select,
          {
            label: "Quiet from",
            options: HOURS,
            value: v.quietStart,
            onChange: (x) => set("quietStart", x)
          }
        ),
        /* @__PURE__ */ jsx(
          Select,
          {
            label: "Until",
            options: HOURS,
            value: v.quietEnd,
            onChange: (x) => set("quietEnd", x),
            error: errors.quietEnd
          }
        )
      ] }) }) : null
    ] }) })
  ] });
}
function useStoreNow() {
  const [now, setNow] = useState(null);
  useEffect(() => {
    setNow(/* @__PURE__ */ new Date());
    const timer = setInterval(() => setNow(/* @__PURE__ */ new Date()), 3e4);
    return () => clearInterval(timer);
  }, []);
  return now;
}
const n$3 = (x) => x.toLocaleString("en");
const pct = (x) => `${Math.round(x * 100)}%`;
function Figure({ label: label2, value, help }) {
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
    /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: label2 }),
    /* @__PURE__ */ jsx(Text, { as: "span", variant: "headingLg", children: value }),
    help ? /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: help }) : null
  ] });
}
function ExclusionChart({ bars }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const height = Math.max(120, bars.length * 36);
  if (!mounted) return /* @__PURE__ */ jsx("div", { style: { height } });
  return /* @__PURE__ */ jsx("div", { style: { height }, "data-testid": "exclusion-chart", children: /* @__PURE__ */ jsx(PolarisVizProvider, { children: /* @__PURE__ */ jsx(
    BarChart,
    {
      theme: "Light",
      direction: "horizontal",
      showLegend: false,
      isAnimated: false,
      data: [{ name: "Customers", data: bars.map((b) => ({ key: b.label, value: b.value })) }]
    }
  ) }) });
}
function planCostLabel(plan, currencyExponent2) {
  return plan.cost.minor !== null ? formatMoney(plan.cost.minor, plan.cost.currency, currencyExponent2) : `${formatUsdMicros(BigInt(plan.cost.usdMicros))} (set your exchange rate in Message prices)`;
}
function SendPlan({
  plan,
  currencyExponent: currencyExponent2,
  timeZone
}) {
  const reasons = Object.entries(plan.excluded).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const cost = planCostLabel(plan, currencyExponent2);
  const limit = plan.tier.limit === null ? "Unlimited" : `${n$3(plan.tier.limit)} customers / 24 h`;
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
    /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Send plan" }),
      /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: `Computed ${formatInZone(plan.computedAt, timeZone)} in ${(plan.durationMs / 1e3).toFixed(1)} s · the audience is taken again when the campaign starts` })
    ] }),
    /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 2, md: 4 }, gap: "400", children: [
      /* @__PURE__ */ jsx(
        Figure,
        {
          label: "Messages to send",
          value: n$3(plan.toSend),
          help: plan.test ? `${n$3(plan.test)} in the test, ${n$3(plan.main)} after it` : void 0
        }
      ),
      /* @__PURE__ */ jsx(Figure, { label: "Held out (not sent)", value: n$3(plan.holdout), help: "control group for the lift" }),
      /* @__PURE__ */ jsx(Figure, { label: "Excluded", value: n$3(plan.excludedTotal), help: `of ${n$3(plan.targeted)} customers` }),
      /* @__PURE__ */ jsx(
        Figure,
        {
          label: "Estimated cost",
          value: cost,
          help: `${plan.cost.category.toLowerCase()} rate, if every message is delivered`
        }
      )
    ] }),
    !plan.tier.connected ? /* @__PURE__ */ jsx(Banner, { tone: "warning", children: "No WhatsApp number is connected yet: connect one in Settings before scheduling." }) : plan.tier.days > 1 ? /* @__PURE__ */ jsx(Banner, { tone: "info", title: `This send needs about ${plan.tier.days} days`, children: `Meta lets your business reach ${limit}. ${n$3(plan.tier.usedLast24h)} customers were messaged in the last 24 hours, so ${n$3(plan.tier.fitsToday)} messages fit today; the rest go out over the following days automatically.` }) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: `Fits in today's messaging limit (${limit}; ${n$3(plan.tier.usedLast24h)} customers messaged in the last 24 hours).` }),
    plan.delayedByQuietHours > 0 ? /* @__PURE__ */ jsx(
      Text,
      {
        as: "p",
        tone: "subdued",
        children: `${n$3(plan.delayedByQuietHours)} messages would wait for the end of quiet hours in the customer's time zone.`
      }
    ) : null,
    /* @__PURE__ */ jsx(Divider, {}),
    /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", children: "By segment" }),
    /* @__PURE__ */ jsx(
      DataTable,
      {
        columnContentTypes: ["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"],
        headings: ["Segment", "Members", "In an earlier segment", "Send", "Test", "Holdout", "Excluded"],
        rows: plan.segments.map((s) => [
          `${s.name} (holdout ${pct(s.holdoutShare)})`,
          n$3(s.members),
          n$3(s.inEarlierSegment),
          n$3(s.test + s.main),
          n$3(s.test),
          n$3(s.holdout),
          n$3(Object.values(s.excluded).reduce((a, b) => a + b, 0))
        ]),
        totals: ["", "", "", n$3(plan.toSend), n$3(plan.test), n$3(plan.holdout), n$3(plan.excludedTotal)],
        showTotalsInFooter: true
      }
    ),
    /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", children: "Why customers are excluded" }),
    reasons.length === 0 ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Nobody is excluded." }) : /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, md: 2 }, gap: "400", children: [
      /* @__PURE__ */ jsx(ExclusionChart, { bars: reasons.map(([r, v]) => ({ label: reasonLabel(r), value: v })) }),
      /* @__PURE__ */ jsx(
        DataTable,
        {
          columnContentTypes: ["text", "numeric"],
          headings: ["Reason", "Customers"],
          rows: reasons.map(([r, v]) => {
            var _a;
            return [
              /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
                /* @__PURE__ */ jsx(Text, { as: "span", children: reasonLabel(r) }),
                /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: ((_a = REASON[r]) == null ? void 0 : _a.help) ?? "" })
              ] }, r),
              n$3(v)
            ];
          })
        }
      )
    ] }),
    /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: `Frequency cap: at most ${plan.frequencyCap.messages || "unlimited"} marketing messages per contact per ${plan.frequencyCap.days} days (Settings).` }),
    plan.cost.byMarket.length ? /* @__PURE__ */ jsxs(Fragment, { children: [
      /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", children: "Estimated cost by market" }),
      /* @__PURE__ */ jsx(
        DataTable,
        {
          columnContentTypes: ["text", "numeric", "numeric"],
          headings: ["Market", "Messages", "USD"],
          rows: plan.cost.byMarket.map((m2) => [m2.name, n$3(m2.count), formatUsdMicros(BigInt(m2.usdMicros))])
        }
      ),
      /* @__PURE__ */ jsx(Box, { children: /* @__PURE__ */ jsxs(Text, { as: "span", tone: "subdued", variant: "bodySm", children: [
        "Prices from your rate card: ",
        /* @__PURE__ */ jsx(Link$1, { url: "/app/settings/prices", children: "Message prices" }),
        ". Meta bills delivered messages only."
      ] }) })
    ] }) : null
  ] }) });
}
function CampaignEditor(p) {
  var _a;
  const [values, setValues] = useState(p.initial);
  const [savedJson, setSavedJson] = useState(JSON.stringify(p.initial));
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const intent = (_a = navigation.formData) == null ? void 0 : _a.get("intent");
  const plan = useFetcher();
  const dirty = JSON.stringify(values) !== savedJson;
  const loadPlan = useRef(plan.load);
  loadPlan.current = plan.load;
  useEffect(() => {
    if (p.campaignId === null) return;
    setSavedJson(JSON.stringify(p.initial));
    loadPlan.current(`/app/campaigns/${p.campaignId}/plan`);
  }, [p.campaignId, p.initial]);
  const [submitted, setSubmitted] = useState(null);
  const errors = useMemo(
    () => liveFieldErrors(
      p.errors,
      submitted,
      values
    ),
    [p.errors, submitted, values]
  );
  const send = (action2) => {
    setSubmitted(values);
    submit({ intent: action2, ...toFormData(values, action2 === "draft" ? "draft" : values.when) }, { method: "post" });
  };
  const [confirmSend, setConfirmSend] = useState(false);
  const isNew = p.campaignId === null;
  const formError = errors.form;
  const planData = plan.data && "plan" in plan.data ? plan.data.plan : null;
  const planError = plan.data && "error" in plan.data ? plan.data.error : null;
  return /* @__PURE__ */ jsxs(
    Page,
    {
      title: isNew ? "New campaign" : `Edit ${p.initial.name || "campaign"}`,
      backAction: { content: "Campaigns", url: isNew ? "/app/campaigns" : `/app/campaigns/${p.campaignId}` },
      primaryAction: isNew ? { content: "Save and review the plan", loading: busy, onAction: () => send("draft") } : {
        content: values.when === "later" ? "Schedule" : "Send now",
        loading: busy && intent === "schedule",
        disabled: busy,
        // Sending now spends money at once and cannot be recalled: confirm with the plan's figures (B6).
        onAction: () => values.when === "later" ? send("schedule") : setConfirmSend(true)
      },
      secondaryActions: isNew ? [] : [
        {
          content: p.status === "scheduled" ? "Unschedule and save as draft" : "Save draft and update the plan",
          loading: busy && intent === "draft",
          disabled: busy,
          onAction: () => send("draft")
        }
      ],
      children: [
        /* @__PURE__ */ jsxs(Layout, { children: [
          Object.keys(errors).length ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "The campaign was not saved", children: formError ?? "Check the fields marked below." }) }) : p.saved && !dirty ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "success", children: "Saved as a draft. Review the plan, then schedule it." }) }) : null,
          /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(
            CampaignForm,
            {
              templates: p.templates,
              segments: p.segments,
              values,
              onChange: setValues,
              errors,
              shopTimeZone: p.shopTimeZone
            }
          ) }),
          /* @__PURE__ */ jsx(Layout.Section, { children: isNew ? /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Send plan" }),
            /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Save the campaign to see who gets it, who is excluded and why, how long it takes within Meta's limits, and what it costs." })
          ] }) }) : planError ? /* @__PURE__ */ jsx(
            Banner,
            {
              tone: "critical",
              title: "The plan could not be computed",
              action: { content: "Try again", onAction: () => loadPlan.current(`/app/campaigns/${p.campaignId}/plan`) },
              children: planError
            }
          ) : !planData || plan.state === "loading" ? /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
            /* @__PURE__ */ jsx(SkeletonDisplayText, { size: "small" }),
            /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Computing the plan over every member of the chosen segments…" }),
            /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 6 })
          ] }) }) : /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            dirty ? /* @__PURE__ */ jsx(Banner, { tone: "info", children: "You have unsaved changes: the plan shows the saved campaign. Save the draft to update it." }) : null,
            /* @__PURE__ */ jsx(SendPlan, { plan: planData, currencyExponent: p.currencyExponent, timeZone: p.shopTimeZone })
          ] }) }),
          p.campaignId !== null ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(TestSendCard, { campaignId: p.campaignId, recent: p.testSends ?? [], timeZone: p.shopTimeZone }) }) : null
        ] }),
        /* @__PURE__ */ jsx(
          Modal,
          {
            open: confirmSend,
            onClose: () => setConfirmSend(false),
            title: "Send this campaign now?",
            primaryAction: {
              content: planData && !dirty ? `Send ${planData.toSend.toLocaleString("en")} messages` : "Send now",
              onAction: () => {
                setConfirmSend(false);
                send("schedule");
              }
            },
            secondaryActions: [{ content: "Not yet", onAction: () => setConfirmSend(false) }],
            children: /* @__PURE__ */ jsx(Modal.Section, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
              planData && !dirty ? /* @__PURE__ */ jsx(Text, { as: "p", children: `${planData.toSend.toLocaleString("en")} WhatsApp messages start going out now, at an estimated ${planCostLabel(planData, p.currencyExponent)} (${planData.cost.category.toLowerCase()} rate; Meta bills each delivered message).` }) : /* @__PURE__ */ jsx(Text, { as: "p", children: "Messages start going out now and Meta bills each one delivered. Save the draft first to see how many and what they cost in the send plan." }),
              /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "A message sent cannot be recalled. You can pause the campaign from its page; messages already handed to WhatsApp still arrive." })
            ] }) })
          }
        )
      ]
    }
  );
}
async function formContext(shop) {
  const templates = await sendableTemplates(shop.id);
  return {
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      language: t.language,
      category: t.category,
      parameterFormat: t.parameter_format,
      components: t.components,
      defaultMapping: t.default_mapping
    })),
    segments: await segmentChoices(shop.id),
    shopTimeZone: shop.ianaTimezone,
    currencyExponent: shop.currencyExponent
  };
}
function valuesOf(c, timeZone) {
  const pct2 = (x) => String(Math.round(x * 1e3) / 10);
  return {
    name: c.name,
    templateId: c.templateId ? String(c.templateId) : "",
    mapping: c.mapping && typeof c.mapping === "object" && "params" in c.mapping ? c.mapping : { version: 1, params: {} },
    segments: c.segments.filter((s) => !s.deleted).map((s) => ({ segmentId: s.segmentId, holdoutPercent: pct2(s.holdoutShare) })),
    discountCodes: c.discountCodes.join(", "),
    testPercent: pct2(c.testShare),
    testWaitMinutes: String(c.testWaitMinutes),
    rolloutMinDeliveryPercent: pct2(c.rolloutMinDeliveryRate),
    rolloutMaxOptOutPercent: pct2(c.rolloutMaxOptOutRate),
    quietHours: c.quietHoursStart !== null && c.quietHoursEnd !== null,
    quietStart: String(c.quietHoursStart ?? 21),
    quietEnd: String(c.quietHoursEnd ?? 9),
    // A draft's planned time is shown as it was chosen, even once past (the form then says so, and scheduling
    // refuses it): never silently turned into "Send now". A scheduled campaign whose time passed is starting now.
    when: c.scheduledAt && (c.status === "draft" || new Date(c.scheduledAt).getTime() > Date.now() + 6e4) ? "later" : "now",
    scheduledLocal: c.scheduledAt ? localInputValue(c.scheduledAt, timeZone) : ""
  };
}
const loader$n = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = idParam(params.id, "Campaign");
  const campaign = Number.isSafeInteger(id2) ? await getCampaign(shop.id, id2) : null;
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  if (!EDITABLE.includes(campaign.status)) throw redirect(`/app/campaigns/${id2}`);
  return {
    ...await formContext(shop),
    campaign: { id: campaign.id, status: campaign.status },
    values: valuesOf(campaign, shop.ianaTimezone),
    testSends: await recentTestSends(shop.id, campaign.id)
  };
};
const action$f = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = idParam(params.id, "Campaign");
  const form = Object.fromEntries(await request2.formData());
  const intent = form.intent === "schedule" ? "schedule" : "draft";
  const result = await saveCampaign({
    shopId: shop.id,
    campaignId: id2,
    input: { ...form, when: intent === "draft" ? "draft" : form.when }
  });
  if (!result.ok) return json$1(result, { status: 400 });
  if (intent === "schedule") return redirect(`/app/campaigns/${id2}${result.warning ? "?queue=delayed" : ""}`);
  return { ok: true };
};
function EditCampaign() {
  const { campaign, values, testSends, ...ctx } = useLoaderData();
  const result = useActionData();
  const [params] = useSearchParams();
  return /* @__PURE__ */ jsx(
    CampaignEditor,
    {
      campaignId: campaign.id,
      status: campaign.status,
      initial: values,
      errors: result && !result.ok ? result.errors : {},
      saved: Boolean(result == null ? void 0 : result.ok) || params.get("saved") === "1",
      testSends,
      ...ctx
    }
  );
}
function ErrorBoundary$7() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Edit campaign" });
}
const route16 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$7,
  action: action$f,
  default: EditCampaign,
  loader: loader$n
}, Symbol.toStringTag, { value: "Module" }));
const BLOCKED_MARKETING_COUNTRIES = ["US"];
let cached = null;
function callingCodeRows() {
  if (cached) return cached;
  const byCode = new Metadata().countryCallingCodes();
  const codes = [];
  const mains = [];
  for (const [code, list2] of Object.entries(byCode)) {
    const main = list2.find((c) => c !== "001");
    if (!main) continue;
    codes.push(code);
    mains.push(main);
  }
  const countries = getCountries();
  cached = { codes, mains, countries: [...countries], countryCodes: countries.map((c) => getCountryCallingCode(c)) };
  return cached;
}
const int = (min, max, message) => z.preprocess(
  (v) => typeof v === "string" && v.trim() !== "" ? Number(v) : v,
  z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message })
);
const campaignSettingsSchema = z.object({
  /** at most this many marketing messages per contact (phone) within frequencyCapDays; 0 = no cap */
  frequencyCapMessages: int(0, 50, "Enter a whole number of messages from 0 (no cap) to 50").default(2),
  frequencyCapDays: int(1, 90, "Enter a number of days from 1 to 90").default(7)
});
const DEFAULT_CAMPAIGN_SETTINGS = campaignSettingsSchema.parse({});
async function loadCampaignSettings(shopId2, db = pool()) {
  var _a;
  const { rows } = await db.query(
    `SELECT settings->'campaigns' AS value FROM shops WHERE id = $1`,
    [shopId2]
  );
  const parsed = campaignSettingsSchema.safeParse(((_a = rows[0]) == null ? void 0 : _a.value) ?? {});
  return parsed.success ? parsed.data : DEFAULT_CAMPAIGN_SETTINGS;
}
async function saveCampaignSettings(shopId2, input) {
  var _a;
  const parsed = campaignSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const errors = {};
    for (const issue of parsed.error.issues) errors[_a = String(issue.path[0] ?? "form")] ?? (errors[_a] = issue.message);
    return { ok: false, errors };
  }
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{campaigns}', $2::jsonb), updated_at = now() WHERE id = $1`,
    [shopId2, JSON.stringify(parsed.data)]
  );
  return { ok: true, settings: parsed.data };
}
const COUNTRY_ZONE = {
  AD: "Europe/Andorra",
  AE: "Asia/Dubai",
  AF: "Asia/Kabul",
  AG: "America/Antigua",
  AI: "America/Anguilla",
  AL: "Europe/Tirane",
  AM: "Asia/Yerevan",
  AO: "Africa/Luanda",
  AQ: "Antarctica/McMurdo",
  AR: "America/Argentina/Buenos_Aires",
  AS: "Pacific/Pago_Pago",
  AT: "Europe/Vienna",
  AU: "Australia/Sydney",
  AW: "America/Aruba",
  AX: "Europe/Mariehamn",
  AZ: "Asia/Baku",
  BA: "Europe/Sarajevo",
  BB: "America/Barbados",
  BD: "Asia/Dhaka",
  BE: "Europe/Brussels",
  BF: "Africa/Ouagadougou",
  BG: "Europe/Sofia",
  BH: "Asia/Bahrain",
  BI: "Africa/Bujumbura",
  BJ: "Africa/Porto-Novo",
  BL: "America/St_Barthelemy",
  BM: "Atlantic/Bermuda",
  BN: "Asia/Brunei",
  BO: "America/La_Paz",
  BQ: "America/Kralendijk",
  BR: "America/Sao_Paulo",
  BS: "America/Nassau",
  BT: "Asia/Thimphu",
  BW: "Africa/Gaborone",
  BY: "Europe/Minsk",
  BZ: "America/Belize",
  CA: "America/Toronto",
  CC: "Indian/Cocos",
  CD: "Africa/Kinshasa",
  CF: "Africa/Bangui",
  CG: "Africa/Brazzaville",
  CH: "Europe/Zurich",
  CI: "Africa/Abidjan",
  CK: "Pacific/Rarotonga",
  CL: "America/Santiago",
  CM: "Africa/Douala",
  CN: "Asia/Shanghai",
  CO: "America/Bogota",
  CR: "America/Costa_Rica",
  CU: "America/Havana",
  CV: "Atlantic/Cape_Verde",
  CW: "America/Curacao",
  CX: "Indian/Christmas",
  CY: "Asia/Nicosia",
  CZ: "Europe/Prague",
  DE: "Europe/Berlin",
  DJ: "Africa/Djibouti",
  DK: "Europe/Copenhagen",
  DM: "America/Dominica",
  DO: "America/Santo_Domingo",
  DZ: "Africa/Algiers",
  EC: "America/Guayaquil",
  EE: "Europe/Tallinn",
  EG: "Africa/Cairo",
  EH: "Africa/El_Aaiun",
  ER: "Africa/Asmara",
  ES: "Europe/Madrid",
  ET: "Africa/Addis_Ababa",
  FI: "Europe/Helsinki",
  FJ: "Pacific/Fiji",
  FK: "Atlantic/Stanley",
  FM: "Pacific/Pohnpei",
  FO: "Atlantic/Faroe",
  FR: "Europe/Paris",
  GA: "Africa/Libreville",
  GB: "Europe/London",
  GD: "America/Grenada",
  GE: "Asia/Tbilisi",
  GF: "America/Cayenne",
  GG: "Europe/Guernsey",
  GH: "Africa/Accra",
  GI: "Europe/Gibraltar",
  GL: "America/Nuuk",
  GM: "Africa/Banjul",
  GN: "Africa/Conakry",
  GP: "America/Guadeloupe",
  GQ: "Africa/Malabo",
  GR: "Europe/Athens",
  GS: "Atlantic/South_Georgia",
  GT: "America/Guatemala",
  GU: "Pacific/Guam",
  GW: "Africa/Bissau",
  GY: "America/Guyana",
  HK: "Asia/Hong_Kong",
  HN: "America/Tegucigalpa",
  HR: "Europe/Zagreb",
  HT: "America/Port-au-Prince",
  HU: "Europe/Budapest",
  ID: "Asia/Jakarta",
  IE: "Europe/Dublin",
  IL: "Asia/Jerusalem",
  IM: "Europe/Isle_of_Man",
  IN: "Asia/Kolkata",
  IO: "Indian/Chagos",
  IQ: "Asia/Baghdad",
  IR: "Asia/Tehran",
  IS: "Atlantic/Reykjavik",
  IT: "Europe/Rome",
  JE: "Europe/Jersey",
  JM: "America/Jamaica",
  JO: "Asia/Amman",
  JP: "Asia/Tokyo",
  KE: "Africa/Nairobi",
  KG: "Asia/Bishkek",
  KH: "Asia/Phnom_Penh",
  KI: "Pacific/Tarawa",
  KM: "Indian/Comoro",
  KN: "America/St_Kitts",
  KP: "Asia/Pyongyang",
  KR: "Asia/Seoul",
  KW: "Asia/Kuwait",
  KY: "America/Cayman",
  KZ: "Asia/Almaty",
  LA: "Asia/Vientiane",
  LB: "Asia/Beirut",
  LC: "America/St_Lucia",
  LI: "Europe/Vaduz",
  LK: "Asia/Colombo",
  LR: "Africa/Monrovia",
  LS: "Africa/Maseru",
  LT: "Europe/Vilnius",
  LU: "Europe/Luxembourg",
  LV: "Europe/Riga",
  LY: "Africa/Tripoli",
  MA: "Africa/Casablanca",
  MC: "Europe/Monaco",
  MD: "Europe/Chisinau",
  ME: "Europe/Podgorica",
  MF: "America/Marigot",
  MG: "Indian/Antananarivo",
  MH: "Pacific/Majuro",
  MK: "Europe/Skopje",
  ML: "Africa/Bamako",
  MM: "Asia/Yangon",
  MN: "Asia/Ulaanbaatar",
  MO: "Asia/Macau",
  MP: "Pacific/Saipan",
  MQ: "America/Martinique",
  MR: "Africa/Nouakchott",
  MS: "America/Montserrat",
  MT: "Europe/Malta",
  MU: "Indian/Mauritius",
  MV: "Indian/Maldives",
  MW: "Africa/Blantyre",
  MX: "America/Mexico_City",
  MY: "Asia/Kuala_Lumpur",
  MZ: "Africa/Maputo",
  NA: "Africa/Windhoek",
  NC: "Pacific/Noumea",
  NE: "Africa/Niamey",
  NF: "Pacific/Norfolk",
  NG: "Africa/Lagos",
  NI: "America/Managua",
  NL: "Europe/Amsterdam",
  NO: "Europe/Oslo",
  NP: "Asia/Kathmandu",
  NR: "Pacific/Nauru",
  NU: "Pacific/Niue",
  NZ: "Pacific/Auckland",
  OM: "Asia/Muscat",
  PA: "America/Panama",
  PE: "America/Lima",
  PF: "Pacific/Tahiti",
  PG: "Pacific/Port_Moresby",
  PH: "Asia/Manila",
  PK: "Asia/Karachi",
  PL: "Europe/Warsaw",
  PM: "America/Miquelon",
  PN: "Pacific/Pitcairn",
  PR: "America/Puerto_Rico",
  PS: "Asia/Gaza",
  PT: "Europe/Lisbon",
  PW: "Pacific/Palau",
  PY: "America/Asuncion",
  QA: "Asia/Qatar",
  RE: "Indian/Reunion",
  RO: "Europe/Bucharest",
  RS: "Europe/Belgrade",
  RU: "Europe/Moscow",
  RW: "Africa/Kigali",
  SA: "Asia/Riyadh",
  SB: "Pacific/Guadalcanal",
  SC: "Indian/Mahe",
  SD: "Africa/Khartoum",
  SE: "Europe/Stockholm",
  SG: "Asia/Singapore",
  SH: "Atlantic/St_Helena",
  SI: "Europe/Ljubljana",
  SJ: "Arctic/Longyearbyen",
  SK: "Europe/Bratislava",
  SL: "Africa/Freetown",
  SM: "Europe/San_Marino",
  SN: "Africa/Dakar",
  SO: "Africa/Mogadishu",
  SR: "America/Paramaribo",
  SS: "Africa/Juba",
  ST: "Africa/Sao_Tome",
  SV: "America/El_Salvador",
  SX: "America/Lower_Princes",
  SY: "Asia/Damascus",
  SZ: "Africa/Mbabane",
  TC: "America/Grand_Turk",
  TD: "Africa/Ndjamena",
  TF: "Indian/Kerguelen",
  TG: "Africa/Lome",
  TH: "Asia/Bangkok",
  TJ: "Asia/Dushanbe",
  TK: "Pacific/Fakaofo",
  TL: "Asia/Dili",
  TM: "Asia/Ashgabat",
  TN: "Africa/Tunis",
  TO: "Pacific/Tongatapu",
  TR: "Europe/Istanbul",
  TT: "America/Port_of_Spain",
  TV: "Pacific/Funafuti",
  TW: "Asia/Taipei",
  TZ: "Africa/Dar_es_Salaam",
  UA: "Europe/Kyiv",
  UG: "Africa/Kampala",
  UM: "Pacific/Midway",
  US: "America/New_York",
  UY: "America/Montevideo",
  UZ: "Asia/Tashkent",
  VA: "Europe/Vatican",
  VC: "America/St_Vincent",
  VE: "America/Caracas",
  VG: "America/Tortola",
  VI: "America/St_Thomas",
  VN: "Asia/Ho_Chi_Minh",
  VU: "Pacific/Efate",
  WF: "Pacific/Wallis",
  WS: "Pacific/Apia",
  YE: "Asia/Aden",
  YT: "Indian/Mayotte",
  ZA: "Africa/Johannesburg",
  ZM: "Africa/Lusaka",
  ZW: "Africa/Harare"
};
const US = {
  AL: "America/Chicago",
  AK: "America/Anchorage",
  AZ: "America/Phoenix",
  AR: "America/Chicago",
  CA: "America/Los_Angeles",
  CO: "America/Denver",
  CT: "America/New_York",
  DE: "America/New_York",
  DC: "America/New_York",
  FL: "America/New_York",
  GA: "America/New_York",
  HI: "Pacific/Honolulu",
  ID: "America/Boise",
  IL: "America/Chicago",
  IN: "America/Indiana/Indianapolis",
  IA: "America/Chicago",
  KS: "America/Chicago",
  KY: "America/New_York",
  LA: "America/Chicago",
  ME: "America/New_York",
  MD: "America/New_York",
  MA: "America/New_York",
  MI: "America/Detroit",
  MN: "America/Chicago",
  MS: "America/Chicago",
  MO: "America/Chicago",
  MT: "America/Denver",
  NE: "America/Chicago",
  NV: "America/Los_Angeles",
  NH: "America/New_York",
  NJ: "America/New_York",
  NM: "America/Denver",
  NY: "America/New_York",
  NC: "America/New_York",
  ND: "America/Chicago",
  OH: "America/New_York",
  OK: "America/Chicago",
  OR: "America/Los_Angeles",
  PA: "America/New_York",
  RI: "America/New_York",
  SC: "America/New_York",
  SD: "America/Chicago",
  TN: "America/Chicago",
  TX: "America/Chicago",
  UT: "America/Denver",
  VT: "America/New_York",
  VA: "America/New_York",
  WA: "America/Los_Angeles",
  WV: "America/New_York",
  WI: "America/Chicago",
  WY: "America/Denver",
  PR: "America/Puerto_Rico",
  GU: "Pacific/Guam",
  VI: "America/St_Thomas",
  AS: "Pacific/Pago_Pago",
  MP: "Pacific/Saipan",
  AA: "America/New_York",
  AE: "Europe/Berlin",
  AP: "Pacific/Guam"
};
const CA = {
  AB: "America/Edmonton",
  BC: "America/Vancouver",
  MB: "America/Winnipeg",
  NB: "America/Moncton",
  NL: "America/St_Johns",
  NS: "America/Halifax",
  NT: "America/Edmonton",
  NU: "America/Iqaluit",
  ON: "America/Toronto",
  PE: "America/Halifax",
  QC: "America/Toronto",
  SK: "America/Regina",
  YT: "America/Whitehorse"
};
const AU = {
  ACT: "Australia/Sydney",
  NSW: "Australia/Sydney",
  NT: "Australia/Darwin",
  QLD: "Australia/Brisbane",
  SA: "Australia/Adelaide",
  TAS: "Australia/Hobart",
  VIC: "Australia/Melbourne",
  WA: "Australia/Perth"
};
const BR = {
  AC: "America/Rio_Branco",
  AL: "America/Maceio",
  AP: "America/Belem",
  AM: "America/Manaus",
  BA: "America/Bahia",
  CE: "America/Fortaleza",
  DF: "America/Sao_Paulo",
  ES: "America/Sao_Paulo",
  GO: "America/Sao_Paulo",
  MA: "America/Fortaleza",
  MT: "America/Cuiaba",
  MS: "America/Campo_Grande",
  MG: "America/Sao_Paulo",
  PA: "America/Belem",
  PB: "America/Fortaleza",
  PR: "America/Sao_Paulo",
  PE: "America/Recife",
  PI: "America/Fortaleza",
  RJ: "America/Sao_Paulo",
  RN: "America/Fortaleza",
  RS: "America/Sao_Paulo",
  RO: "America/Porto_Velho",
  RR: "America/Boa_Vista",
  SC: "America/Sao_Paulo",
  SP: "America/Sao_Paulo",
  SE: "America/Maceio",
  TO: "America/Araguaina"
};
const MX = {
  BC: "America/Tijuana",
  BCS: "America/Mazatlan",
  SON: "America/Hermosillo",
  SIN: "America/Mazatlan",
  NAY: "America/Mazatlan",
  CHIH: "America/Chihuahua",
  CHH: "America/Chihuahua",
  "Q ROO": "America/Cancun",
  ROO: "America/Cancun",
  QR: "America/Cancun",
  NL: "America/Monterrey",
  NLE: "America/Monterrey",
  COAH: "America/Monterrey",
  COA: "America/Monterrey",
  TAMPS: "America/Matamoros",
  TAM: "America/Matamoros"
};
const RU = {
  KGD: "Europe/Kaliningrad",
  SAM: "Europe/Samara",
  UD: "Europe/Samara",
  ULY: "Europe/Ulyanovsk",
  AST: "Europe/Astrakhan",
  SAR: "Europe/Saratov",
  BA: "Asia/Yekaterinburg",
  CHE: "Asia/Yekaterinburg",
  KGN: "Asia/Yekaterinburg",
  ORE: "Asia/Yekaterinburg",
  PER: "Asia/Yekaterinburg",
  SVE: "Asia/Yekaterinburg",
  TYU: "Asia/Yekaterinburg",
  KHM: "Asia/Yekaterinburg",
  YAN: "Asia/Yekaterinburg",
  OMS: "Asia/Omsk",
  NVS: "Asia/Novosibirsk",
  ALT: "Asia/Barnaul",
  AL: "Asia/Barnaul",
  TOM: "Asia/Tomsk",
  KEM: "Asia/Novokuznetsk",
  KYA: "Asia/Krasnoyarsk",
  KK: "Asia/Krasnoyarsk",
  TY: "Asia/Krasnoyarsk",
  IRK: "Asia/Irkutsk",
  BU: "Asia/Irkutsk",
  ZAB: "Asia/Chita",
  AMU: "Asia/Yakutsk",
  SA: "Asia/Yakutsk",
  PRI: "Asia/Vladivostok",
  KHA: "Asia/Vladivostok",
  YEV: "Asia/Vladivostok",
  MAG: "Asia/Magadan",
  SAK: "Asia/Sakhalin",
  KAM: "Asia/Kamchatka",
  CHU: "Asia/Anadyr"
};
const PROVINCE_ZONE = { US, CA, AU, BR, MX, RU };
function zoneRows() {
  const country = [];
  const province = [];
  const zone = [];
  for (const [cc, z2] of Object.entries(COUNTRY_ZONE)) {
    country.push(cc);
    province.push("");
    zone.push(z2);
  }
  for (const [cc, table] of Object.entries(PROVINCE_ZONE)) {
    for (const [p, z2] of Object.entries(table)) {
      country.push(cc);
      province.push(p);
      zone.push(z2);
    }
  }
  return { country, province, zone };
}
const EXCLUSION_REASONS = [
  "invalid_phone",
  "customer_deleted",
  "opted_out",
  "unreachable",
  "cool_down",
  "no_consent",
  "blocked_country",
  "frequency_cap",
  "duplicate_phone"
];
async function loadAudienceConfig(shopId2, campaignId, db = pool()) {
  const c = await db.query(
    `SELECT c.test_share, c.holdout_share, c.quiet_hours_start, c.quiet_hours_end, t.category, s.iana_timezone
     FROM campaigns c JOIN shops s ON s.id = c.shop_id
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId2, campaignId]
  );
  const row = c.rows[0];
  if (!row) throw new Error(`campaign ${campaignId} not found`);
  const segs = await db.query(
    `SELECT cs.segment_id, cs.holdout_share FROM campaign_segments cs
     JOIN segments g ON g.shop_id = cs.shop_id AND g.id = cs.segment_id AND g.deleted_at IS NULL
     WHERE cs.shop_id = $1 AND cs.campaign_id = $2 ORDER BY cs.position, cs.segment_id`,
    [shopId2, campaignId]
  );
  const consent = await loadConsentSettings(shopId2, db);
  const caps = await loadCampaignSettings(shopId2, db);
  return {
    shopId: shopId2,
    campaignId,
    shopTimeZone: row.iana_timezone,
    segments: segs.rows.map((s) => ({ segmentId: s.segment_id, holdoutShare: s.holdout_share ?? row.holdout_share })),
    testShare: row.test_share,
    // a template Meta has not categorised yet is treated as marketing (the stricter rules)
    marketing: (row.category ?? "MARKETING").toUpperCase() !== "UTILITY",
    quietHoursStart: row.quiet_hours_start,
    quietHoursEnd: row.quiet_hours_end,
    frequencyCapMessages: caps.frequencyCapMessages,
    frequencyCapDays: caps.frequencyCapDays,
    countShopifySmsConsent: consent.countShopifySmsConsent,
    optInTag: consent.optInTag
  };
}
const AUDIENCE_SESSION = "SET LOCAL jit = off; SET LOCAL work_mem = '128MB'";
function groupHashSql(campaignId, customerId) {
  return `((('x' || substr(md5(${campaignId}::text || ':' || ${customerId}::text), 1, 8))::bit(32)::bigint)::float8 / 4294967296.0)`;
}
function audienceStatement(cfg, now) {
  const zones = zoneRows();
  const cc = callingCodeRows();
  const params = [];
  const p = (value, type) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const shop = p(cfg.shopId, "int");
  const campaign = p(cfg.campaignId, "int");
  const at = p(now, "timestamptz");
  const segIds = p(
    cfg.segments.map((s) => s.segmentId),
    "int[]"
  );
  const segHoldout = p(
    cfg.segments.map((s) => s.holdoutShare),
    "float8[]"
  );
  const testShare = p(cfg.testShare, "float8");
  const marketing = p(cfg.marketing, "boolean");
  const blocked = p(BLOCKED_MARKETING_COUNTRIES, "text[]");
  const capN = p(cfg.frequencyCapMessages, "int");
  const capDays = p(cfg.frequencyCapDays, "int");
  const shopTz = p(cfg.shopTimeZone, "text");
  const quiet = cfg.quietHoursStart !== null && cfg.quietHoursEnd !== null && cfg.quietHoursStart !== cfg.quietHoursEnd;
  const qs = quiet ? p(cfg.quietHoursStart, "int") : "";
  const qe = quiet ? p(cfg.quietHoursEnd, "int") : "";
  const verdict = consentVerdictSql({
    customer: "c",
    contact: "k",
    phone: "c.phone_e164",
    countSms: p(cfg.countShopifySmsConsent, "boolean"),
    optInTag: p(cfg.optInTag, "text"),
    now: at
  });
  const zc = p(zones.country, "text[]");
  const zp = p(zones.province, "text[]");
  const zz = p(zones.zone, "text[]");
  const codes = p(cc.codes, "text[]");
  const mains = p(cc.mains, "text[]");
  const countries = p(cc.countries, "text[]");
  const countryCodes = p(cc.countryCodes, "text[]");
  const local = `a.local_start`;
  const inQuiet = `(CASE WHEN ${qs} < ${qe} THEN ${local}::time >= make_time(${qs}, 0, 0) AND ${local}::time < make_time(${qe}, 0, 0)
                         ELSE ${local}::time >= make_time(${qs}, 0, 0) OR ${local}::time < make_time(${qe}, 0, 0) END)`;
  const resume = `((date_trunc('day', ${local}) + make_interval(hours => ${qe})
                    + CASE WHEN ${local}::time >= make_time(${qe}, 0, 0) THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE a.time_zone)`;
  const notBefore = quiet ? `CASE WHEN ${inQuiet} THEN ${resume} ELSE ${at} END` : at;
  const sql = `
WITH members AS (
  -- the first segment of the list each customer is in (hash aggregate, no sort)
  SELECT sm.customer_id, min(array_position(${segIds}, sm.segment_id)) AS ord
  FROM segment_members sm
  WHERE sm.shop_id = ${shop} AND sm.segment_id = ANY(${segIds})
  GROUP BY sm.customer_id
),
zones AS (SELECT * FROM unnest(${zc}, ${zp}, ${zz}) AS z(country, province, zone)),
codes AS (SELECT * FROM unnest(${codes}, ${mains}) AS x(code, main)),
country_codes AS (SELECT * FROM unnest(${countries}, ${countryCodes}) AS x(country, code)),
capped AS (
  SELECT r.phone_e164 AS phone, count(*) AS n
  FROM recipients r
  JOIN campaigns c2 ON c2.shop_id = ${shop} AND c2.id = r.campaign_id
  JOIN whatsapp_templates t2 ON t2.shop_id = ${shop} AND t2.id = c2.template_id AND upper(t2.category) <> 'UTILITY'
  WHERE r.shop_id = ${shop} AND r.campaign_id <> ${campaign} AND r.phone_e164 IS NOT NULL
    AND ${marketing} AND ${capN} > 0
    AND ((r.status IN ('sending', 'sent', 'delivered', 'read', 'unknown')
          AND COALESCE(r.sent_at, r.sending_at, r.created_at) > ${at} - make_interval(days => ${capDays}))
      OR (r.status = 'queued' AND c2.status IN ('running', 'testing', 'paused', 'awaiting_decision')))
  GROUP BY r.phone_e164
),
judged AS (
  SELECT * FROM (
    SELECT m.customer_id, m.ord, c.phone_e164 AS phone,
           ${verdict} AS verdict,
           -- (a cheap prefix test: an invalid phone is excluded by the verdict anyway, its country only labels it)
           CASE WHEN COALESCE(k1.code, k2.code, k3.code) IS NOT NULL AND left(c.phone_e164, 1) = '+'
                THEN CASE WHEN ac.code = COALESCE(k1.code, k2.code, k3.code) THEN upper(c.country_code) ELSE COALESCE(k1.main, k2.main, k3.main) END
                ELSE upper(c.country_code) END AS country,
           upper(c.country_code) AS address_country,
           -- Shopify sends "ON"; ISO's "CA-ON" form is accepted too
           upper(CASE WHEN substr(c.province_code, 3, 1) = '-' THEN substr(c.province_code, 4) ELSE COALESCE(c.province_code, '') END) AS province,
           COALESCE(f.n, 0) AS recent
    FROM members m
    JOIN customers c ON c.shop_id = ${shop} AND c.id = m.customer_id
    LEFT JOIN contacts k ON k.shop_id = ${shop} AND k.phone_e164 = c.phone_e164
    LEFT JOIN codes k1 ON k1.code = substr(c.phone_e164, 2, 1)
    LEFT JOIN codes k2 ON k2.code = substr(c.phone_e164, 2, 2)
    LEFT JOIN codes k3 ON k3.code = substr(c.phone_e164, 2, 3)
    LEFT JOIN country_codes ac ON ac.country = upper(c.country_code)
    LEFT JOIN capped f ON f.phone = c.phone_e164
    OFFSET 0) j
),
reasoned AS (
  SELECT * FROM (
    SELECT j.customer_id, j.ord, j.phone, j.country,
           (${segIds})[j.ord] AS segment_id,
           (${segHoldout})[j.ord] AS holdout_share,
           COALESCE(zp.zone, zc.zone, zf.zone, ${shopTz}) AS time_zone,
           COALESCE(j.verdict,
                    CASE WHEN ${marketing} AND j.country = ANY(${blocked}) THEN 'blocked_country' END,
                    CASE WHEN ${capN} > 0 AND j.recent >= ${capN} THEN 'frequency_cap' END) AS reason0
    FROM judged j
    LEFT JOIN zones zp ON zp.country = j.address_country AND zp.province = j.province AND j.province <> ''
    LEFT JOIN zones zc ON zc.country = j.address_country AND zc.province = ''
    LEFT JOIN zones zf ON zf.country = j.country AND zf.province = ''
    OFFSET 0) r
),
deduped AS (
  SELECT * FROM (
    SELECT r.*,
           -- otherwise-eligible customers sharing a phone: the first by segment order, then customer id, keeps it
           CASE WHEN r.reason0 IS NULL
                     AND row_number() OVER (PARTITION BY r.phone, (r.reason0 IS NULL) ORDER BY r.ord, r.customer_id) > 1
                THEN 'duplicate_phone' ELSE r.reason0 END AS reason
    FROM reasoned r
    OFFSET 0) d
),
grouped AS (
  SELECT * FROM (
    SELECT d.*,
           CASE WHEN d.reason IS NOT NULL THEN 'main'
                WHEN d.u < d.holdout_share THEN 'holdout'
                WHEN d.u < d.holdout_share + ${testShare} * (1 - d.holdout_share) THEN 'test'
                ELSE 'main' END AS grp${quiet ? `,
           (${at} AT TIME ZONE d.time_zone) AS local_start` : ""}
    FROM (SELECT d0.*, CASE WHEN d0.reason IS NULL THEN ${groupHashSql(campaign, "d0.customer_id")} END AS u FROM deduped d0 OFFSET 0) d
    OFFSET 0) g
)
SELECT a.customer_id, a.segment_id, a.phone, a.country, a.time_zone, a.reason, a.grp,
       CASE WHEN a.reason IS NOT NULL THEN 'excluded' WHEN a.grp = 'holdout' THEN 'holdout' ELSE 'queued' END AS status,
       CASE WHEN a.reason IS NULL AND a.grp <> 'holdout' THEN ${notBefore} END AS not_before
FROM grouped a`;
  return { sql, params };
}
const LIMIT_OF_TIER = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1e3,
  TIER_2K: 2e3,
  TIER_10K: 1e4,
  TIER_100K: 1e5,
  TIER_UNLIMITED: null
};
function dailyLimitOf(tier) {
  if (!tier) return 250;
  const key2 = tier.toUpperCase();
  return key2 in LIMIT_OF_TIER ? LIMIT_OF_TIER[key2] : 250;
}
function tierEstimate(limit, usedLast24h, toSend) {
  if (limit === null) return { limit, usedLast24h, fitsToday: toSend, days: toSend > 0 ? 1 : 0 };
  const room = Math.max(0, limit - usedLast24h);
  const fitsToday = Math.min(room, toSend);
  const rest = toSend - fitsToday;
  return { limit, usedLast24h, fitsToday, days: toSend === 0 ? 0 : 1 + Math.ceil(rest / limit) };
}
const zeroReasons = () => Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0]));
async function computeSendPlan(opts, db = pool()) {
  var _a;
  const started = Date.now();
  const cfg = await loadAudienceConfig(opts.shopId, opts.campaignId, db);
  const startAt = opts.startAt && opts.startAt.getTime() > Date.now() ? opts.startAt : /* @__PURE__ */ new Date();
  const { sql, params } = audienceStatement(cfg, startAt);
  params.push(startAt);
  const atParam = `$${params.length}::timestamptz`;
  const { rows } = await withTransaction(async (tx) => {
    await tx.query(AUDIENCE_SESSION);
    return tx.query(
      `WITH a AS MATERIALIZED (${sql})
     SELECT segment_id, status, reason, grp, NULL::text AS country, false AS by_country,
            count(*) FILTER (WHERE not_before > ${atParam})::int AS delayed, count(*)::int AS n
     FROM a GROUP BY segment_id, status, reason, grp
     UNION ALL
     SELECT NULL, NULL, NULL, NULL, country, true, 0, count(*)::int FROM a WHERE status = 'queued' GROUP BY country`,
      params
    );
  });
  const names = await db.query(
    `SELECT g.id, g.name, (SELECT count(*)::int FROM segment_members sm WHERE sm.shop_id = $1 AND sm.segment_id = g.id) AS members
     FROM segments g WHERE g.shop_id = $1 AND g.id = ANY($2::int[])`,
    [opts.shopId, cfg.segments.map((s) => s.segmentId)]
  );
  const nameOf = new Map(names.rows.map((r) => [r.id, r]));
  const segments = /* @__PURE__ */ new Map();
  for (const s of cfg.segments) {
    const info = nameOf.get(s.segmentId);
    segments.set(s.segmentId, {
      segmentId: s.segmentId,
      name: (info == null ? void 0 : info.name) ?? `Segment ${s.segmentId} (deleted)`,
      members: (info == null ? void 0 : info.members) ?? 0,
      inEarlierSegment: 0,
      targeted: 0,
      test: 0,
      main: 0,
      holdout: 0,
      excluded: zeroReasons(),
      holdoutShare: s.holdoutShare
    });
  }
  const excluded = zeroReasons();
  let test = 0;
  let main = 0;
  let holdout = 0;
  let delayed = 0;
  const byCountry = [];
  for (const r of rows) {
    if (r.by_country) {
      byCountry.push({ country: r.country, count: r.n });
      continue;
    }
    const seg = segments.get(r.segment_id);
    if (!seg) continue;
    seg.targeted += r.n;
    delayed += r.delayed;
    if (r.status === "excluded") {
      seg.excluded[r.reason] += r.n;
      excluded[r.reason] += r.n;
    } else if (r.status === "holdout") {
      seg.holdout += r.n;
      holdout += r.n;
    } else if (r.grp === "test") {
      seg.test += r.n;
      test += r.n;
    } else {
      seg.main += r.n;
      main += r.n;
    }
  }
  for (const seg of segments.values()) seg.inEarlierSegment = Math.max(0, seg.members - seg.targeted);
  const excludedTotal = Object.values(excluded).reduce((a, b) => a + b, 0);
  const toSend = test + main;
  const account = await db.query(
    `SELECT messaging_limit_tier FROM whatsapp_accounts WHERE shop_id = $1`,
    [opts.shopId]
  );
  const used = await db.query(
    `SELECT count(DISTINCT phone_e164)::int AS n FROM recipients
     WHERE shop_id = $1 AND status IN ('sending', 'sent', 'delivered', 'read', 'failed', 'unknown')
       AND COALESCE(sent_at, sending_at) > $2::timestamptz - interval '24 hours'`,
    [opts.shopId, startAt]
  );
  const tierName = ((_a = account.rows[0]) == null ? void 0 : _a.messaging_limit_tier) ?? null;
  const tier = {
    ...tierEstimate(dailyLimitOf(tierName), used.rows[0].n, toSend),
    tierName,
    connected: account.rows.length > 0
  };
  const category = cfg.marketing ? "MARKETING" : "UTILITY";
  const cost = await estimateCampaignCost({
    shopId: opts.shopId,
    templateCategory: category,
    recipientsByCountry: byCountry
  });
  const { currency } = await readShopFormat(opts.shopId, db);
  const marketName = new Map(MARKETS.map((m2) => [m2.key, m2.name]));
  return {
    computedAt: (/* @__PURE__ */ new Date()).toISOString(),
    startAt: startAt.toISOString(),
    targeted: test + main + holdout + excludedTotal,
    toSend,
    test,
    main,
    holdout,
    excludedTotal,
    excluded,
    segments: [...segments.values()],
    delayedByQuietHours: delayed,
    tier,
    cost: {
      category,
      usdMicros: cost.usdMicros.toString(),
      minor: cost.minor === null ? null : cost.minor.toString(),
      currency,
      byMarket: cost.byMarket.map((m2) => ({
        market: m2.market,
        name: marketName.get(m2.market) ?? m2.market,
        count: m2.count,
        usdMicros: m2.usdMicros.toString()
      })).sort((a, b) => b.count - a.count)
    },
    byCountry: byCountry.sort((a, b) => b.count - a.count),
    frequencyCap: { messages: cfg.frequencyCapMessages, days: cfg.frequencyCapDays },
    durationMs: Date.now() - started
  };
}
const loader$m = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = idParam(params.id, "Campaign");
  const campaign = Number.isSafeInteger(id2) ? await getCampaign(shop.id, id2) : null;
  if (!campaign) return json$1({ error: "Campaign not found." }, { status: 404 });
  try {
    const startAt = campaign.scheduledAt ? new Date(campaign.scheduledAt) : void 0;
    return { plan: await computeSendPlan({ shopId: shop.id, campaignId: id2, startAt }) };
  } catch (err) {
    logger.warn(`send plan for campaign ${id2} failed: ${errorMessage$1(err)}`);
    return json$1(
      { error: "Something went wrong while reading the audience. Nothing was changed; try again." },
      { status: 500 }
    );
  }
};
const route17 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$m
}, Symbol.toStringTag, { value: "Module" }));
const action$e = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const campaignId = idParam(params.id, "Campaign");
  const form = await request2.formData();
  const result = await sendTestMessage({
    shopId: shop.id,
    campaignId,
    phone: String(form.get("phone") ?? "").slice(0, 40),
    ownNumber: form.get("own") === "on"
  });
  return json$1(result, { status: result.ok ? 200 : 400 });
};
const route18 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$e
}, Symbol.toStringTag, { value: "Module" }));
function SegmentStatusBadge({ status, error }) {
  if (status === "refreshing")
    return /* @__PURE__ */ jsx(Badge, { tone: "info", progress: "partiallyComplete", children: "Refreshing" });
  if (status === "never") return /* @__PURE__ */ jsx(Badge, { tone: "attention", children: "Not computed yet" });
  if (status === "error") {
    return /* @__PURE__ */ jsx(Tooltip, { content: error ?? "The last refresh failed", children: /* @__PURE__ */ jsx(Badge, { tone: "critical", children: "Needs attention" }) });
  }
  return /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Up to date" });
}
function timeAgo(iso, nowIso) {
  const seconds = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1e3));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours2 = Math.round(minutes / 60);
  if (hours2 < 48) return `${hours2} h ago`;
  return `${Math.round(hours2 / 24)} days ago`;
}
function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
function ClientOnly({ height, children }) {
  const mounted = useMounted();
  return /* @__PURE__ */ jsx("div", { style: { height }, children: mounted ? children() : null });
}
const shortDay = (day) => (/* @__PURE__ */ new Date(`${day}T12:00:00Z`)).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
function TrendSparkline({ points, label: label2 }) {
  if (points.length < 2) {
    return /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: points[0] ? `Counting since ${shortDay(points[0].day)}` : "—" });
  }
  const first = points[0].count;
  const last = points[points.length - 1].count;
  const change = last - first;
  return /* @__PURE__ */ jsx(
    "div",
    {
      style: { width: 120 },
      "data-testid": "trend-sparkline",
      title: `${label2}: ${first.toLocaleString("en")} → ${last.toLocaleString("en")} in ${points.length} days`,
      children: /* @__PURE__ */ jsx(ClientOnly, { height: 32, children: () => /* @__PURE__ */ jsx(PolarisVizProvider, { children: /* @__PURE__ */ jsx(
        SparkLineChart,
        {
          accessibilityLabel: `${label2}: ${change >= 0 ? "up" : "down"} ${Math.abs(change).toLocaleString("en")} members in ${points.length} days`,
          data: [{ name: "Members", data: points.map((p) => ({ key: p.day, value: p.count })) }],
          isAnimated: false,
          theme: "Light"
        }
      ) }) })
    }
  );
}
function TrendChart({ points }) {
  if (points.length < 2) {
    return /* @__PURE__ */ jsx(Box, { paddingBlock: "400", children: /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "The trend appears after the segment has been counted on two days (it is refreshed every night at midnight, your store's time)." }) });
  }
  return /* @__PURE__ */ jsx("div", { "data-testid": "trend-chart", children: /* @__PURE__ */ jsx(ClientOnly, { height: 240, children: () => /* @__PURE__ */ jsx(PolarisVizProvider, { children: /* @__PURE__ */ jsx(
    LineChart,
    {
      data: [{ name: "Members", data: points.map((p) => ({ key: p.day, value: p.count })) }],
      xAxisOptions: { labelFormatter: (v) => shortDay(String(v)) },
      yAxisOptions: { labelFormatter: (v) => Number(v).toLocaleString("en"), integersOnly: true },
      isAnimated: false,
      showLegend: false,
      theme: "Light"
    }
  ) }) }) });
}
const MATCH_COUNT_CAP = 1e4;
const ID = /^\d{1,20}$/;
function searchCondition(query, params) {
  const q = (query ?? "").trim();
  if (!q) return "";
  if (ID.test(q) && q.length >= 6) {
    params.push(q);
    return ` AND (c.id = $${params.length}::bigint OR c.phone_e164 LIKE '%' || $${params.length} || '%')`;
  }
  params.push(`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  const p = `$${params.length}`;
  return ` AND (c.email ILIKE ${p} OR c.first_name ILIKE ${p} OR c.last_name ILIKE ${p}
    OR (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ILIKE ${p} OR c.phone_e164 ILIKE ${p})`;
}
const MEMBER_COLUMNS = `sm.customer_id::text, c.first_name, c.last_name, c.email, c.phone_e164, c.phone_raw, c.country_code,
  c.province_code, c.city, c.orders_count, c.net_spent_minor::text, c.last_order_at, sm.entered_at`;
async function memberBatch(opts) {
  const params = [opts.shopId, opts.segmentId, opts.limit + 1];
  let cursor = "";
  if (opts.before && ID.test(opts.before)) {
    params.push(opts.before);
    cursor = ` AND sm.customer_id < $${params.length}::bigint AND c.id < $${params.length}::bigint`;
  } else if (opts.after && ID.test(opts.after)) {
    params.push(opts.after);
    cursor = ` AND sm.customer_id > $${params.length}::bigint AND c.id > $${params.length}::bigint`;
  }
  const search = searchCondition(opts.query, params);
  const backwards = Boolean(opts.before && ID.test(opts.before));
  const { rows } = await pool().query(
    `SELECT ${MEMBER_COLUMNS}
     FROM segment_members sm
     JOIN segments s ON s.id = sm.segment_id AND s.shop_id = $1 AND s.deleted_at IS NULL
     JOIN customers c ON c.shop_id = $1 AND c.id = sm.customer_id
     WHERE sm.segment_id = $2 AND sm.shop_id = $1${cursor}${search}
     ORDER BY sm.customer_id ${backwards ? "DESC" : "ASC"} LIMIT $3`,
    params
  );
  return { rows, backwards };
}
async function countMatching(shopId2, segmentId, query) {
  const params = [shopId2, segmentId, MATCH_COUNT_CAP + 1];
  const search = searchCondition(query, params);
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM segment_members sm
       JOIN customers c ON c.shop_id = $1 AND c.id = sm.customer_id
       WHERE sm.segment_id = $2 AND sm.shop_id = $1${search} LIMIT $3) m`,
    params
  );
  return rows[0].n;
}
function displayName(r) {
  return [r.first_name, r.last_name].filter(Boolean).join(" ") || r.email || `Customer ${r.customer_id}`;
}
async function listMembers(opts) {
  var _a, _b;
  const limit = Math.max(1, Math.min(opts.limit ?? 50, 200));
  const { rows, backwards } = await memberBatch({ ...opts, limit });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  if (backwards) page.reverse();
  const query = (opts.query ?? "").trim();
  const [why, matching] = await Promise.all([
    explainMembers({ shopId: opts.shopId, segmentId: opts.segmentId, customerIds: page.map((r) => r.customer_id) }),
    query ? countMatching(opts.shopId, opts.segmentId, query) : Promise.resolve(null)
  ]);
  const first = ((_a = page[0]) == null ? void 0 : _a.customer_id) ?? null;
  const last = ((_b = page[page.length - 1]) == null ? void 0 : _b.customer_id) ?? null;
  const hasPrevious = backwards ? more : Boolean(opts.after && ID.test(opts.after));
  const hasNext = backwards ? true : more;
  return {
    rows: page.map((r) => {
      var _a2;
      return {
        customerId: r.customer_id,
        name: displayName(r),
        email: r.email,
        phone: r.phone_e164 ?? r.phone_raw,
        country: r.country_code,
        ordersCount: r.orders_count,
        netSpentMinor: r.net_spent_minor,
        lastOrderAt: ((_a2 = r.last_order_at) == null ? void 0 : _a2.toISOString()) ?? null,
        enteredAt: r.entered_at.toISOString(),
        why: why.get(r.customer_id) ?? null
      };
    }),
    next: hasNext && last !== null ? last : null,
    previous: hasPrevious && first !== null ? first : null,
    matching
  };
}
const CSV_HEADER = [
  "customer_id",
  "first_name",
  "last_name",
  "email",
  "phone",
  "country",
  "province",
  "city",
  "orders",
  "net_spent",
  "currency",
  "last_order_at",
  "member_since"
];
const csvField = csvCell;
const EXPORT_BATCH = 5e3;
function exportMembersCsv(opts) {
  const encoder = new TextEncoder();
  let after = null;
  let started = false;
  let done = false;
  return new ReadableStream(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${CSV_HEADER.join(",")}\r
`));
          return;
        }
        if (done) return controller.close();
        try {
          const { rows } = await memberBatch({
            shopId: opts.shopId,
            segmentId: opts.segmentId,
            query: opts.query,
            after,
            limit: EXPORT_BATCH - 1
          });
          if (rows.length === 0) {
            done = true;
            return controller.close();
          }
          const lines = rows.map(
            (r) => {
              var _a;
              return [
                r.customer_id,
                r.first_name,
                r.last_name,
                r.email,
                r.phone_e164 ?? r.phone_raw,
                r.country_code,
                r.province_code,
                r.city,
                r.orders_count,
                minorToDecimal(BigInt(r.net_spent_minor), opts.exponent),
                opts.currency,
                ((_a = r.last_order_at) == null ? void 0 : _a.toISOString()) ?? null,
                r.entered_at.toISOString()
              ].map(csvField).join(",");
            }
          );
          controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r
`));
          after = rows[rows.length - 1].customer_id;
          if (rows.length < EXPORT_BATCH) done = true;
        } catch (err) {
          controller.error(err);
        }
      }
    },
    { highWaterMark: 1 }
  );
}
const EXPORT_LINK_TTL_MS = 10 * 60 * 1e3;
function signature(shopId2, segmentId, expires) {
  return createHmac("sha256", getEnv().SHOPIFY_API_SECRET).update(`segment-export:${shopId2}:${segmentId}:${expires}`).digest("base64url");
}
function signExportLink(shopId2, segmentId, now = Date.now()) {
  const expires = now + EXPORT_LINK_TTL_MS;
  return new URLSearchParams({
    shop_id: String(shopId2),
    expires: String(expires),
    signature: signature(shopId2, segmentId, expires)
  }).toString();
}
function verifyExportLink(url, segmentId, now = Date.now()) {
  const shopId2 = Number(url.searchParams.get("shop_id"));
  const expires = Number(url.searchParams.get("expires"));
  const given = url.searchParams.get("signature") ?? "";
  if (!Number.isSafeInteger(shopId2) || shopId2 <= 0 || !Number.isSafeInteger(expires) || expires < now) return null;
  const expected = Buffer.from(signature(shopId2, segmentId, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? shopId2 : null;
}
function statusOf(r) {
  if (r.refresh_requested_at !== null) return "refreshing";
  if (r.refresh_error) return "error";
  return r.last_refreshed_at === null ? "never" : "current";
}
async function trends(shopId2, ids, days, timeZone) {
  const out = /* @__PURE__ */ new Map();
  if (!ids.length) return out;
  const { rows } = await pool().query(
    `WITH days AS (
       SELECT d::date AS day FROM generate_series((now() AT TIME ZONE $3)::date - ($4::int - 1), (now() AT TIME ZONE $3)::date, interval '1 day') d)
     SELECT s.id AS segment_id, to_char(d.day, 'YYYY-MM-DD') AS day,
       (SELECT sc.count FROM segment_counts sc WHERE sc.segment_id = s.id AND sc.shop_id = $1 AND sc.day <= d.day
        ORDER BY sc.day DESC LIMIT 1) AS count
     FROM unnest($2::int[]) AS s(id) CROSS JOIN days d ORDER BY s.id, d.day`,
    [shopId2, ids, timeZone, days]
  );
  for (const r of rows) {
    if (r.count === null) continue;
    const list2 = out.get(r.segment_id) ?? [];
    list2.push({ day: r.day, count: r.count });
    out.set(r.segment_id, list2);
  }
  return out;
}
async function shopDisplay(shopId2) {
  const shop = await readShopFormat(shopId2);
  return { currency: shop.currency, exponent: shop.currencyExponent, timeZone: shop.timeZone };
}
const SELECT_SEGMENT = `SELECT id, name, kind::text AS kind, params, computed, member_count, last_refreshed_at, refresh_error,
  refresh_requested_at, created_at FROM segments`;
function summary(r, trend) {
  var _a;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    memberCount: r.member_count,
    lastRefreshedAt: ((_a = r.last_refreshed_at) == null ? void 0 : _a.toISOString()) ?? null,
    status: statusOf(r),
    refreshError: r.refresh_error,
    trend
  };
}
async function listSegments(shopId2) {
  const { rows } = await pool().query(
    `${SELECT_SEGMENT} WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC`,
    [shopId2]
  );
  const live = rows.filter((r) => isSegmentKind(r.kind));
  const shop = await shopDisplay(shopId2);
  const t = await trends(
    shopId2,
    live.map((r) => r.id),
    30,
    shop.timeZone
  );
  return live.map((r) => summary(r, t.get(r.id) ?? []));
}
function relatedSegments(self, inputs, others) {
  const out = [];
  for (const o of others) {
    if (inputs.includes(o.id)) out.push({ id: o.id, name: o.name, relation: "built from" });
    else if (isSegmentKind(o.kind)) {
      const p = parseSegmentParams(o.kind, o.params);
      if (p.ok && segmentDependencies(o.kind, p.params).includes(self.id))
        out.push({ id: o.id, name: o.name, relation: "used by" });
    }
  }
  return out;
}
async function getSegmentPage(shopId2, segmentId) {
  var _a, _b;
  const { rows } = await pool().query(
    `${SELECT_SEGMENT} WHERE shop_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [shopId2, segmentId]
  );
  const r = rows[0];
  if (!r || !isSegmentKind(r.kind)) return null;
  const shop = await shopDisplay(shopId2);
  const parsed = parseSegmentParams(r.kind, r.params);
  const description = parsed.ok ? await describeSegment(pool(), shopId2, r.kind, parsed.params, shop, r.computed ?? {}) : "This definition is no longer valid: edit it to fix it";
  const [t, moves, related] = await Promise.all([
    trends(shopId2, [r.id], 90, shop.timeZone),
    pool().query(
      `SELECT count(*) FILTER (WHERE change = 'entered')::int AS entered, count(*) FILTER (WHERE change = 'left')::int AS left
       FROM segment_membership_events WHERE shop_id = $1 AND segment_id = $2 AND at >= now() - interval '7 days'`,
      [shopId2, segmentId]
    ),
    pool().query(
      `SELECT id, name, kind::text AS kind, params FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND id <> $2 ORDER BY name`,
      [shopId2, segmentId]
    )
  ]);
  return {
    ...summary(r, t.get(r.id) ?? []),
    params: r.params,
    description,
    createdAt: r.created_at.toISOString(),
    entered7: ((_a = moves.rows[0]) == null ? void 0 : _a.entered) ?? 0,
    left7: ((_b = moves.rows[0]) == null ? void 0 : _b.left) ?? 0,
    related: relatedSegments(
      r,
      parsed.ok ? segmentDependencies(r.kind, parsed.params) : [],
      related.rows
    )
  };
}
const links$3 = () => [{ rel: "stylesheet", href: vizStyles }];
function segmentIdOf$1(raw) {
  const id2 = Number(raw);
  if (!Number.isSafeInteger(id2) || id2 <= 0) throw new Response("Segment not found", { status: 404 });
  return id2;
}
const loader$l = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = segmentIdOf$1(params.id);
  const segment = await getSegmentPage(shop.id, id2);
  if (!segment) throw new Response("Segment not found", { status: 404 });
  const url = new URL(request2.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  const members = await listMembers({
    shopId: shop.id,
    segmentId: id2,
    query,
    after: url.searchParams.get("after"),
    before: url.searchParams.get("before")
  });
  return {
    segment,
    members,
    query,
    matchCap: MATCH_COUNT_CAP,
    exportUrl: `/app/segments/${id2}/export?${signExportLink(shop.id, id2)}`,
    currency: { code: shop.currency.trim(), exponent: shop.currencyExponent },
    now: (/* @__PURE__ */ new Date()).toISOString()
  };
};
const action$d = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = segmentIdOf$1(params.id);
  const intent = (await request2.formData()).get("intent");
  if (intent === "delete") {
    const result = await deleteSegment({ shopId: shop.id, segmentId: id2 });
    if (!result.ok) return json$1({ error: result.message }, { status: result.status });
    return redirect("/app/segments");
  }
  if (intent === "refresh") {
    if (!await requestRefreshNow({ shopId: shop.id, segmentId: id2 }))
      return json$1({ error: "This segment no longer exists" }, { status: 404 });
    return { refreshing: true };
  }
  return json$1({ error: "Unknown action" }, { status: 400 });
};
function Stat({ label: label2, value, testId }) {
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
    /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: label2 }),
    /* @__PURE__ */ jsx(Text, { as: "p", variant: "headingXl", numeric: true, children: /* @__PURE__ */ jsx("span", { "data-testid": testId, children: value }) })
  ] }) });
}
function SegmentPage() {
  var _a;
  const { segment, members, query, matchCap, exportUrl, currency, now } = useLoaderData();
  const actionData = useActionData();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const n2 = (x) => x.toLocaleString("en");
  const refreshing = segment.status === "refreshing";
  useEffect(() => {
    if (!refreshing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2e3);
    return () => clearInterval(timer);
  }, [refreshing, revalidator]);
  useEffect(() => {
    if (search === query) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(searchParams);
      next.delete("after");
      next.delete("before");
      if (search.trim()) next.set("q", search.trim());
      else next.delete("q");
      navigate(`?${next}`, { replace: true, preventScrollReset: true });
    }, 350);
    return () => clearTimeout(timer);
  }, [search, query, searchParams, navigate]);
  const page = (cursor) => {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    if (cursor.after) next.set("after", cursor.after);
    if (cursor.before) next.set("before", cursor.before);
    navigate(`?${next}`, { preventScrollReset: true });
  };
  const loadingMembers = navigation.state === "loading" && ((_a = navigation.location) == null ? void 0 : _a.pathname) === `/app/segments/${segment.id}`;
  return /* @__PURE__ */ jsxs(
    Page,
    {
      title: segment.name,
      titleMetadata: /* @__PURE__ */ jsx(SegmentStatusBadge, { status: segment.status, error: segment.refreshError }),
      subtitle: `${KIND_INFO[segment.kind].title} · ${segment.description}`,
      backAction: { content: "Segments", url: "/app/segments" },
      primaryAction: { content: "Edit", url: `/app/segments/${segment.id}/edit` },
      secondaryActions: [
        {
          content: "Export CSV",
          url: exportUrl,
          external: true,
          accessibilityLabel: `Export the ${n2(segment.memberCount)} members as CSV`
        },
        { content: "Duplicate", url: `/app/segments/new?from=${segment.id}` },
        { content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) }
      ],
      children: [
        /* @__PURE__ */ jsxs(Layout, { children: [
          actionData && "error" in actionData ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "Not deleted", children: actionData.error }) }) : null,
          refreshing ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "info", title: "Computing members", children: "This segment is being refreshed with its latest settings; the numbers below update when it is done." }) }) : null,
          segment.status === "never" ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "warning", title: "Not computed yet", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            /* @__PURE__ */ jsx(Text, { as: "p", children: "No refresh has run for this segment, so it has no members yet." }),
            /* @__PURE__ */ jsxs(Form, { method: "post", children: [
              /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "refresh" }),
              /* @__PURE__ */ jsx(Button, { submit: true, children: "Compute members now" })
            ] })
          ] }) }) }) : null,
          segment.status === "error" ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "The last refresh failed", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            /* @__PURE__ */ jsx(Text, { as: "p", children: segment.refreshError ?? "Unknown error" }),
            /* @__PURE__ */ jsxs(Form, { method: "post", children: [
              /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "refresh" }),
              /* @__PURE__ */ jsx(Button, { submit: true, children: "Try again" })
            ] })
          ] }) }) }) : null,
          /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, sm: 2, md: 4 }, gap: "400", children: [
            /* @__PURE__ */ jsx(Stat, { label: "Members", value: n2(segment.memberCount), testId: "member-count" }),
            /* @__PURE__ */ jsx(Stat, { label: "Joined, last 7 days", value: n2(segment.entered7) }),
            /* @__PURE__ */ jsx(Stat, { label: "Left, last 7 days", value: n2(segment.left7) }),
            /* @__PURE__ */ jsx(
              Stat,
              {
                label: "Last refresh",
                value: segment.lastRefreshedAt ? timeAgo(segment.lastRefreshedAt, now) : "not yet"
              }
            )
          ] }) }),
          /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", children: [
              /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Members over time" }),
              /* @__PURE__ */ jsxs(Form, { method: "post", children: [
                /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "refresh" }),
                /* @__PURE__ */ jsx(Button, { submit: true, variant: "plain", disabled: refreshing, children: "Refresh now" })
              ] })
            ] }),
            /* @__PURE__ */ jsx(TrendChart, { points: segment.trend })
          ] }) }) }),
          segment.related.length ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Related segments" }),
            segment.related.map((r) => /* @__PURE__ */ jsxs(InlineStack, { gap: "200", children: [
              /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: r.relation === "built from" ? "Built from" : "Used by" }),
              /* @__PURE__ */ jsx(Button, { variant: "plain", url: `/app/segments/${r.id}`, children: r.name })
            ] }, r.id))
          ] }) }) }) : null,
          /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
            /* @__PURE__ */ jsx(Box, { padding: "400", children: /* @__PURE__ */ jsx(
              TextField,
              {
                label: "Search members",
                labelHidden: true,
                value: search,
                onChange: setSearch,
                placeholder: "Search by name, email, phone or customer id",
                autoComplete: "off",
                clearButton: true,
                onClearButtonClick: () => setSearch("")
              }
            ) }),
            members.rows.length === 0 ? /* @__PURE__ */ jsx(
              EmptyState,
              {
                heading: query ? `No member matches “${query}”` : refreshing ? "Computing members…" : "Nobody is in this segment right now",
                image: "",
                children: /* @__PURE__ */ jsx("p", { children: query ? "Try part of a name, an email or a phone number." : "Customers join as soon as their orders match; time-based conditions are re-checked every night." })
              }
            ) : /* @__PURE__ */ jsx(
              IndexTable,
              {
                resourceName: { singular: "member", plural: "members" },
                itemCount: members.rows.length,
                selectable: false,
                loading: loadingMembers,
                headings: [
                  { title: "Customer" },
                  { title: "Why they match" },
                  { title: "Orders", alignment: "end" },
                  { title: "Spent", alignment: "end" },
                  { title: "Member since" }
                ],
                children: members.rows.map((m2, i) => /* @__PURE__ */ jsxs(IndexTable.Row, { id: m2.customerId, position: i, children: [
                  /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
                    /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: m2.name }),
                    /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: [m2.email, m2.phone, m2.country].filter(Boolean).join(" · ") })
                  ] }) }),
                  /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx("div", { style: { whiteSpace: "normal", maxWidth: 420 }, children: /* @__PURE__ */ jsx(Text, { as: "span", tone: m2.why === null ? "subdued" : void 0, children: m2.why ?? "No longer matches: leaving at the next refresh" }) }) }),
                  /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", alignment: "end", numeric: true, children: n2(m2.ordersCount) }) }),
                  /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", alignment: "end", numeric: true, children: formatMoney(m2.netSpentMinor, currency.code, currency.exponent) }) }),
                  /* @__PURE__ */ jsx(IndexTable.Cell, { children: new Date(m2.enteredAt).toLocaleDateString("en", { dateStyle: "medium" }) })
                ] }, m2.customerId))
              }
            ),
            /* @__PURE__ */ jsx(Box, { padding: "400", children: /* @__PURE__ */ jsx(InlineStack, { align: "center", children: /* @__PURE__ */ jsx(
              Pagination,
              {
                hasPrevious: members.previous !== null,
                onPrevious: () => page({ before: members.previous }),
                hasNext: members.next !== null,
                onNext: () => page({ after: members.next }),
                label: members.matching === null ? `${n2(segment.memberCount)} members` : `${members.matching > matchCap ? `${n2(matchCap)}+` : n2(members.matching)} of ${n2(segment.memberCount)} members match “${query}”`
              }
            ) }) })
          ] }) })
        ] }),
        /* @__PURE__ */ jsx(
          Modal,
          {
            open: confirmDelete,
            onClose: () => setConfirmDelete(false),
            title: `Delete “${segment.name}”?`,
            primaryAction: {
              content: "Delete segment",
              destructive: true,
              loading: navigation.state === "submitting",
              onAction: () => {
                const form = document.getElementById("delete-segment");
                form == null ? void 0 : form.requestSubmit();
                setConfirmDelete(false);
              }
            },
            secondaryActions: [{ content: "Cancel", onAction: () => setConfirmDelete(false) }],
            children: /* @__PURE__ */ jsx(Modal.Section, { children: /* @__PURE__ */ jsx(Text, { as: "p", children: "The segment and its member list go away. Campaigns already sent keep their reports. Segments and campaigns that still use it must be changed first." }) })
          }
        ),
        /* @__PURE__ */ jsx(Form, { method: "post", id: "delete-segment", style: { display: "none" }, children: /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "delete" }) })
      ]
    }
  );
}
function ErrorBoundary$6() {
  return /* @__PURE__ */ jsx(Page, { title: "Segment", backAction: { content: "Segments", url: "/app/segments" }, children: /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "This segment could not be shown", children: "It may have been deleted. Go back to the segment list." }) });
}
const route19 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$6,
  action: action$d,
  default: SegmentPage,
  links: links$3,
  loader: loader$l
}, Symbol.toStringTag, { value: "Module" }));
const loader$k = async ({ request: request2, params }) => {
  const segmentId = idParam(params.id, "Segment");
  if (!Number.isSafeInteger(segmentId) || segmentId <= 0) return new Response("Not found", { status: 404 });
  const url = new URL(request2.url);
  const signedShop = url.searchParams.has("signature") ? verifyExportLink(url, segmentId) : null;
  if (url.searchParams.has("signature") && signedShop === null) {
    return new Response("This download link has expired. Open the segment again and use Export.", { status: 403 });
  }
  const shopId2 = signedShop ?? (await requireShop(request2)).shop.id;
  const { rows } = await pool().query(
    `SELECT s.name, sh.currency, sh.currency_exponent FROM segments s JOIN shops sh ON sh.id = s.shop_id
     WHERE s.id = $1 AND s.shop_id = $2 AND s.deleted_at IS NULL`,
    [segmentId, shopId2]
  );
  const segment = rows[0];
  if (!segment) return new Response("Not found", { status: 404 });
  const slug = segment.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "segment";
  const day = (/* @__PURE__ */ new Date()).toISOString().slice(0, 10);
  const body = exportMembersCsv({
    shopId: shopId2,
    segmentId,
    currency: segment.currency.trim(),
    exponent: segment.currency_exponent,
    query: url.searchParams.get("q") ?? void 0
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-members-${day}.csv"`,
      "Cache-Control": "no-store"
    }
  });
};
const route20 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$k
}, Symbol.toStringTag, { value: "Module" }));
const n$2 = (x) => x.toLocaleString("en");
function money(minor, currency) {
  if (minor === null || minor === void 0) return "—";
  const value = Number(minor) / 10 ** currency.exponent;
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency: currency.code,
    minimumFractionDigits: currency.exponent,
    maximumFractionDigits: currency.exponent
  }).format(value);
}
const PICK_TYPE = { product: "product", product_type: "type", collection: "collection" };
function CrossSellSuggestions({ onUse }) {
  const [level, setLevel] = useState("product");
  const fetcher = useFetcher();
  const { load } = fetcher;
  useEffect(() => {
    load(`/app/segments/suggestions?level=${level}`);
  }, [load, level]);
  const data = fetcher.data && "pairs" in fetcher.data && fetcher.data.level === level ? fetcher.data : null;
  const pct2 = (x) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", children: [
      /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
        /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Suggested from your orders" }),
        /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: "Pairs your customers often buy together. Lift 2× means buyers of the first are twice as likely as average to buy the second." })
      ] }),
      /* @__PURE__ */ jsx("div", { style: { minWidth: 150 }, children: /* @__PURE__ */ jsx(
        Select,
        {
          label: "Pairs of",
          labelHidden: true,
          value: level,
          onChange: setLevel,
          options: [
            { label: "Products", value: "product" },
            { label: "Product types", value: "product_type" },
            { label: "Collections", value: "collection" }
          ]
        }
      ) })
    ] }),
    !data ? /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 3 }) : data.pairs.length === 0 ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Not enough shared baskets yet to suggest pairs at this level." }) : /* @__PURE__ */ jsx(BlockStack, { gap: "200", children: data.pairs.map((p) => /* @__PURE__ */ jsx(Box, { padding: "200", borderColor: "border", borderWidth: "025", borderRadius: "200", children: /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", gap: "200", wrap: false, children: [
      /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
        /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "medium", children: `Bought ${p.a.name} → offer ${p.b.name}` }),
        /* @__PURE__ */ jsxs(InlineStack, { gap: "150", children: [
          /* @__PURE__ */ jsx(Badge, { children: `support ${pct2(p.support)}` }),
          /* @__PURE__ */ jsx(Badge, { children: `confidence ${pct2(p.confidence)}` }),
          /* @__PURE__ */ jsx(Badge, { tone: "success", children: `lift ${p.lift.toFixed(2)}×` }),
          /* @__PURE__ */ jsx(
            Text,
            {
              as: "span",
              tone: "subdued",
              variant: "bodySm",
              children: `${n$2(p.audience)} bought the first but not the second`
            }
          )
        ] })
      ] }),
      /* @__PURE__ */ jsx(
        Button,
        {
          onClick: () => onUse({
            a: [{ type: PICK_TYPE[level], value: p.a.id, label: p.a.name }],
            b: [{ type: PICK_TYPE[level], value: p.b.id, label: p.b.name }]
          }),
          children: "Use"
        }
      )
    ] }) }, `${p.a.id}-${p.b.id}`)) })
  ] }) });
}
function NumField(props) {
  return /* @__PURE__ */ jsx(
    TextField,
    {
      label: props.label,
      type: "text",
      inputMode: "decimal",
      value: props.value,
      onChange: props.onChange,
      autoComplete: "off",
      suffix: props.suffix,
      prefix: props.prefix,
      helpText: props.help,
      placeholder: props.placeholder,
      error: props.error
    }
  );
}
function bindText(props, field) {
  return {
    value: String(props.form[field] ?? ""),
    onChange: (value) => props.onChange({ [field]: value }),
    error: props.error(field)
  };
}
function AovTierFields(props) {
  const { form, onChange, currency, mode: mode2 } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      ChoiceList,
      {
        title: "Bands",
        selected: [String(form.mode)],
        onChange: (v) => onChange({ mode: v[0] }),
        choices: [
          { label: "By your store: low, mid and high thirds of customers", value: "quantile" },
          { label: "By fixed amounts", value: "fixed" }
        ]
      }
    ),
    form.mode === "fixed" ? /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
      /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Average order from",
          ...bindText(props, "minAov"),
          prefix: currency.symbol,
          placeholder: "no minimum"
        }
      ),
      /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Up to (not including)",
          ...bindText(props, "maxAov"),
          prefix: currency.symbol,
          placeholder: "no maximum"
        }
      )
    ] }) : /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      mode2 === "create" ? /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Create all three bands as separate segments",
          checked: form.allBands === true,
          onChange: (allBands) => onChange({ allBands })
        }
      ) : null,
      mode2 === "edit" || form.allBands !== true ? /* @__PURE__ */ jsx(
        Select,
        {
          label: "Band",
          value: String(form.band),
          onChange: (v) => onChange({ band: v }),
          options: AOV_BANDS.map((b) => ({ label: `${b[0].toUpperCase()}${b.slice(1)}`, value: b }))
        }
      ) : null,
      /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
        /* @__PURE__ */ jsx(NumField, { label: "Low ends at", ...bindText(props, "lowerCut"), suffix: "% of customers" }),
        /* @__PURE__ */ jsx(NumField, { label: "High starts at", ...bindText(props, "upperCut"), suffix: "% of customers" })
      ] })
    ] }),
    /* @__PURE__ */ jsx(
      NumField,
      {
        label: "Customers with at least",
        ...bindText(props, "minOrders"),
        suffix: "orders",
        help: "Average order value is net of refunds."
      }
    )
  ] });
}
function CampaignResponseFields(props) {
  const { form, onChange, error } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      Select,
      {
        label: "Did not",
        value: String(form.didNot ?? "read"),
        onChange: (v) => onChange({ didNot: v }),
        error: error("didNot"),
        options: [
          { label: "Read the message", value: "read" },
          { label: "Click its link", value: "click" },
          { label: "Buy since", value: "buy" }
        ]
      }
    ),
    /* @__PURE__ */ jsx(
      NumField,
      {
        label: "Campaign id",
        ...bindText(props, "campaignId"),
        help: "Leave empty for any campaign in the last days below."
      }
    ),
    /* @__PURE__ */ jsx(NumField, { label: "Any campaign in the last", ...bindText(props, "withinDays"), suffix: "days" })
  ] });
}
function CombinationFields({ form, onChange, error, segments }) {
  const choices = segments.map((s) => ({ label: `${s.name} (${n$2(s.memberCount)})`, value: String(s.id) }));
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      Select,
      {
        label: "Customers in",
        value: String(form.op),
        onChange: (v) => onChange({ op: v }),
        options: [
          { label: "all of these segments", value: "and" },
          { label: "any of these segments", value: "or" }
        ]
      }
    ),
    /* @__PURE__ */ jsxs(InlineGrid, { columns: 2, gap: "400", children: [
      /* @__PURE__ */ jsx(
        ChoiceList,
        {
          title: "Segments",
          allowMultiple: true,
          selected: form.segmentIds ?? [],
          onChange: (segmentIds) => onChange({ segmentIds }),
          choices,
          error: error("segmentIds")
        }
      ),
      /* @__PURE__ */ jsx(
        ChoiceList,
        {
          title: "But not in",
          allowMultiple: true,
          selected: form.exclude ?? [],
          onChange: (exclude) => onChange({ exclude }),
          choices,
          error: error("exclude")
        }
      )
    ] })
  ] });
}
const PRODUCT_PICKER_TYPES = [
  { type: "product", label: "Products", placeholder: "Search products" },
  { type: "collection", label: "Collections", placeholder: "Search collections" },
  { type: "variant", label: "Variants", placeholder: "Search variants or SKUs" },
  { type: "vendor", label: "Vendors", placeholder: "Search vendors" },
  { type: "type", label: "Product types", placeholder: "Search product types" },
  { type: "tag", label: "Product tags", placeholder: "Search tags" }
];
const PLACE_PICKER_TYPES = [
  { type: "country", label: "Countries", placeholder: "Search countries" },
  { type: "province", label: "Provinces / states", placeholder: "Search provinces" },
  { type: "city", label: "Cities", placeholder: "Search cities" }
];
const TYPE_NOUN = {
  product: "product",
  variant: "variant",
  collection: "collection",
  vendor: "vendor",
  type: "type",
  tag: "tag",
  country: "country",
  province: "province",
  city: "city"
};
function shopifyResourcePicker() {
  var _a;
  if (typeof window === "undefined") return null;
  const picker = (_a = window.shopify) == null ? void 0 : _a.resourcePicker;
  return typeof picker === "function" ? picker : null;
}
function CatalogPicker(props) {
  const { label: label2, types, value, onChange, error, helpText, embedded, testId } = props;
  const [type, setType] = useState(types[0].type);
  const [query, setQuery] = useState("");
  const fetcher = useFetcher();
  const { load } = fetcher;
  const current = types.find((t) => t.type === type) ?? types[0];
  useEffect(() => {
    const timer = setTimeout(
      () => {
        load(`/app/segments/catalog?${new URLSearchParams({ type, q: query })}`);
      },
      query ? 250 : 0
    );
    return () => clearTimeout(timer);
  }, [load, type, query]);
  const chosen = useMemo(() => new Set(value.map((v) => `${v.type}:${v.value}`)), [value]);
  const result = fetcher.data && "items" in fetcher.data && fetcher.data.type === type ? fetcher.data : null;
  const fresh = result !== null;
  const options = result ? result.items.filter((i) => !chosen.has(`${i.type}:${i.value}`)) : [];
  const add = (key2) => {
    const item = (fetcher.data && "items" in fetcher.data ? fetcher.data.items : []).find(
      (i) => `${i.type}:${i.value}` === key2
    );
    if (!item || chosen.has(key2)) return;
    onChange([...value, { type: item.type, value: item.value, label: item.label }]);
    setQuery("");
  };
  const browse = async () => {
    const picker = shopifyResourcePicker();
    if (!picker) return;
    const resource = type === "collection" ? "collection" : type === "variant" ? "variant" : "product";
    const selection = await picker({ type: resource, multiple: true, action: "select" });
    if (!selection) return;
    const added = selection.map((s) => ({
      type: resource,
      value: s.id.replace(/^gid:\/\/shopify\/\w+\//, ""),
      label: s.displayName ?? s.title ?? s.id
    })).filter((s) => !chosen.has(`${s.type}:${s.value}`));
    onChange([...value, ...added]);
  };
  const canBrowse = embedded && ["product", "variant", "collection"].includes(type);
  return /* @__PURE__ */ jsx("div", { "data-testid": testId, children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
    /* @__PURE__ */ jsx(Text, { as: "span", variant: "bodyMd", fontWeight: "medium", children: label2 }),
    /* @__PURE__ */ jsxs(InlineStack, { gap: "200", wrap: false, blockAlign: "start", children: [
      types.length > 1 ? /* @__PURE__ */ jsx("div", { style: { minWidth: 150 }, children: /* @__PURE__ */ jsx(
        Select,
        {
          label: "Pick from",
          labelHidden: true,
          options: types.map((t) => ({ label: t.label, value: t.type })),
          value: type,
          onChange: setType
        }
      ) }) : null,
      /* @__PURE__ */ jsx("div", { style: { flex: 1 }, children: /* @__PURE__ */ jsx(
        Combobox,
        {
          allowMultiple: true,
          activator: /* @__PURE__ */ jsx(
            Combobox.TextField,
            {
              label: `Search ${current.label.toLowerCase()}`,
              labelHidden: true,
              value: query,
              onChange: setQuery,
              placeholder: current.placeholder,
              autoComplete: "off",
              error,
              helpText
            }
          ),
          children: fresh ? options.length ? /* @__PURE__ */ jsx(Listbox, { onSelect: add, children: options.map((o) => /* @__PURE__ */ jsx(
            Listbox.Option,
            {
              value: `${o.type}:${o.value}`,
              accessibilityLabel: o.label,
              children: /* @__PURE__ */ jsx(Listbox.TextOption, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
                /* @__PURE__ */ jsx(Text, { as: "span", children: o.label }),
                o.detail ? /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: o.detail }) : null
              ] }) })
            },
            `${o.type}:${o.value}`
          )) }) : /* @__PURE__ */ jsx(Listbox, { children: /* @__PURE__ */ jsx(Listbox.Action, { value: "none", disabled: true, children: query ? `No ${current.label.toLowerCase()} match “${query}”` : `No ${current.label.toLowerCase()} left to add` }) }) : /* @__PURE__ */ jsx(Listbox, { children: /* @__PURE__ */ jsx(Listbox.Loading, { accessibilityLabel: "Searching" }) })
        }
      ) }),
      canBrowse ? /* @__PURE__ */ jsx(Button, { onClick: browse, children: "Browse" }) : null
    ] }),
    value.length ? /* @__PURE__ */ jsx(InlineStack, { gap: "150", children: value.map((v) => /* @__PURE__ */ jsx(
      Tag,
      {
        onRemove: () => onChange(value.filter((x) => !(x.type === v.type && x.value === v.value))),
        children: `${TYPE_NOUN[v.type] ?? v.type}: ${v.label}`
      },
      `${v.type}:${v.value}`
    )) }) : null
  ] }) });
}
function CrossSellFields(props) {
  const { form, onChange, error, embedded } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      CatalogPicker,
      {
        label: "Bought any of",
        types: PRODUCT_PICKER_TYPES,
        value: form.a ?? [],
        onChange: (a) => onChange({ a }),
        error: error("a"),
        embedded,
        testId: "picker-a"
      }
    ),
    /* @__PURE__ */ jsx(
      CatalogPicker,
      {
        label: "But never bought any of",
        types: PRODUCT_PICKER_TYPES,
        value: form.b ?? [],
        onChange: (b) => onChange({ b }),
        error: error("b"),
        helpText: "The audience for these: they know your store, but not these products yet.",
        embedded,
        testId: "picker-b"
      }
    ),
    /* @__PURE__ */ jsx(
      NumField,
      {
        label: "Only purchases of the first in the last",
        ...bindText(props, "withinDays"),
        suffix: "days",
        help: "Leave empty to count any time.",
        placeholder: "any time"
      }
    )
  ] });
}
function FormerVipFields(props) {
  const { form, onChange, currency } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      ChoiceList,
      {
        title: "Were VIPs when they",
        selected: [String(form.rankBy)],
        onChange: (v) => onChange({ rankBy: v[0] }),
        choices: [
          { label: "were among my top spenders", value: "percent" },
          { label: "spent at least an amount", value: "amount" }
        ]
      }
    ),
    /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
      form.rankBy === "amount" ? /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Spent at least",
          ...bindText(props, "minSpend"),
          prefix: currency.symbol,
          placeholder: currency.exponent ? "500.00" : "500",
          help: `Net of refunds, in ${currency.code}.`
        }
      ) : /* @__PURE__ */ jsx(NumField, { label: "Top", ...bindText(props, "topPercent"), suffix: "% of spenders" }),
      /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Over the",
          ...bindText(props, "qualifyingDays"),
          suffix: "days before the lapse",
          placeholder: "all history",
          help: "Empty: all their history."
        }
      )
    ] }),
    /* @__PURE__ */ jsx(NumField, { label: "And no order in the last", ...bindText(props, "lapsedDays"), suffix: "days" })
  ] });
}
function LocationFields({ form, onChange, error }) {
  return /* @__PURE__ */ jsx(
    CatalogPicker,
    {
      label: "Lives in any of",
      types: PLACE_PICKER_TYPES,
      value: form.places ?? [],
      onChange: (places) => onChange({ places }),
      error: error("places"),
      helpText: "Countries, provinces and cities each narrow the others; within one kind any value matches.",
      testId: "picker-places"
    }
  );
}
function ProductSpecificFields(props) {
  const { form, onChange, error, embedded } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      CatalogPicker,
      {
        label: "Bought any of",
        types: PRODUCT_PICKER_TYPES,
        value: form.products ?? [],
        onChange: (products) => onChange({ products }),
        error: error("products"),
        embedded,
        testId: "picker-products"
      }
    ),
    /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
      /* @__PURE__ */ jsx(NumField, { label: "At least", ...bindText(props, "minTimes"), suffix: "times" }),
      /* @__PURE__ */ jsx(
        Select,
        {
          label: "Counting",
          value: String(form.countBy),
          onChange: (v) => onChange({ countBy: v }),
          error: error("countBy"),
          options: [
            { label: "orders containing them", value: "orders" },
            { label: "units kept (after refunds)", value: "units" }
          ]
        }
      ),
      /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Within the last",
          ...bindText(props, "withinDays"),
          suffix: "days",
          placeholder: "any time",
          help: "Empty: any time."
        }
      )
    ] })
  ] });
}
function RfmFields({ form, onChange, error }) {
  return /* @__PURE__ */ jsx(
    ChoiceList,
    {
      title: "Groups",
      allowMultiple: true,
      selected: form.cells ?? [],
      onChange: (cells) => onChange({ cells }),
      error: error("cells"),
      choices: RFM_CELLS.map((c) => ({
        label: RFM_CELL_INFO[c].title,
        value: c,
        helpText: RFM_CELL_INFO[c].description
      }))
    }
  );
}
function SaleShopperFields(props) {
  const { form, onChange, error } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
      /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Orders with a deal, at least",
          ...bindText(props, "minSharePercent"),
          suffix: "%",
          help: "Share of their orders (after cancellations)."
        }
      ),
      /* @__PURE__ */ jsx(
        NumField,
        {
          label: "Out of at least",
          ...bindText(props, "minOrders"),
          suffix: "orders",
          help: "One lucky order is not a habit."
        }
      )
    ] }),
    /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
      /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "medium", children: "What counts as a deal" }),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Discount code",
          checked: form.discountCodes === true,
          onChange: (discountCodes) => onChange({ discountCodes }),
          error: error("discountCodes")
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Automatic discount",
          checked: form.automaticDiscounts === true,
          onChange: (automaticDiscounts) => onChange({ automaticDiscounts })
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Marked-down item (sold below its compare-at price)",
          checked: form.markdowns === true,
          onChange: (markdowns) => onChange({ markdowns })
        }
      )
    ] })
  ] });
}
function SampleFields(props) {
  const { form, onChange, error, segments } = props;
  return /* @__PURE__ */ jsxs(FormLayout, { children: [
    /* @__PURE__ */ jsx(
      Select,
      {
        label: "Sample of",
        value: String(form.segmentId ?? ""),
        onChange: (segmentId) => onChange({ segmentId }),
        error: error("segmentId"),
        options: [
          { label: "Choose a segment", value: "" },
          ...segments.map((s) => ({ label: `${s.name} (${n$2(s.memberCount)})`, value: String(s.id) }))
        ]
      }
    ),
    /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
      /* @__PURE__ */ jsx(NumField, { label: "Percent", ...bindText(props, "percent"), suffix: "%" }),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Seed",
          ...bindText(props, "seed"),
          autoComplete: "off",
          helpText: "The same seed keeps the same customers as the segment grows."
        }
      )
    ] })
  ] });
}
function KindFields({
  value,
  onChange,
  ...context
}) {
  switch (value.kind) {
    case "cross_sell":
      return /* @__PURE__ */ jsx(CrossSellFields, { form: value.form, onChange, ...context });
    case "product_specific":
      return /* @__PURE__ */ jsx(ProductSpecificFields, { form: value.form, onChange, ...context });
    case "sale_shopper":
      return /* @__PURE__ */ jsx(SaleShopperFields, { form: value.form, onChange, ...context });
    case "former_vip":
      return /* @__PURE__ */ jsx(FormerVipFields, { form: value.form, onChange, ...context });
    case "aov_tier":
      return /* @__PURE__ */ jsx(AovTierFields, { form: value.form, onChange, ...context });
    case "rfm":
      return /* @__PURE__ */ jsx(RfmFields, { form: value.form, onChange, ...context });
    case "location":
      return /* @__PURE__ */ jsx(LocationFields, { form: value.form, onChange, ...context });
    case "campaign_response":
      return /* @__PURE__ */ jsx(CampaignResponseFields, { form: value.form, onChange, ...context });
    case "sample":
    case "combination":
      if (!context.segments.length) {
        return /* @__PURE__ */ jsxs(Banner, { tone: "info", title: "Save a segment first", children: [
          value.kind === "sample" ? "A sample is taken from a saved segment." : "A combination is built from saved segments.",
          " ",
          "Create a cross-sell, sale-shopper or any other segment, then come back."
        ] });
      }
      return value.kind === "sample" ? /* @__PURE__ */ jsx(SampleFields, { form: value.form, onChange, ...context }) : /* @__PURE__ */ jsx(CombinationFields, { form: value.form, onChange, ...context });
  }
}
const EMPTY_HINT = {
  cross_sell: "Try a longer window or more products they bought.",
  product_specific: "Try a longer window, a lower minimum or more products.",
  sale_shopper: "Try a lower share of orders with a deal or fewer orders.",
  former_vip: "Try more top spenders, a lower amount or a shorter time without orders.",
  aov_tier: "Try another band or fewer orders.",
  rfm: "Try more groups.",
  location: "Try more places.",
  sample: "The segment it samples may be empty, or too small for this percent.",
  combination: "Try “any of” instead of “all of”, or fewer segments to leave out.",
  campaign_response: "Try another campaign, a longer window, or wait for the campaign to reach its recipients."
};
function PreviewPanel({
  preview,
  loading,
  fresh,
  currency,
  kind,
  band
}) {
  let body;
  if (!preview) {
    body = /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 4 });
  } else if (!preview.ok) {
    body = /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Finish the definition to see who matches:" }),
      /* @__PURE__ */ jsx("ul", { style: { margin: 0, paddingLeft: 20 }, children: [...new Set(Object.values(preview.fieldErrors))].map((m2) => /* @__PURE__ */ jsx("li", { children: /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: m2 }) }, m2)) })
    ] });
  } else {
    const headline = preview.bands ? preview.bands.reduce((sum, b) => sum + b.count, 0) : preview.count;
    const share2 = preview.customers ? headline / preview.customers * 100 : 0;
    body = /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "heading2xl", numeric: true, children: /* @__PURE__ */ jsx("span", { "data-testid": "preview-count", children: n$2(headline) }) }),
        /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: `${preview.bands ? "customers in the three bands" : "customers match now"} — ${share2 < 0.1 && headline > 0 ? "<0.1" : share2.toFixed(1)}% of your ${n$2(preview.customers)} customers` })
      ] }),
      /* @__PURE__ */ jsx(Figures, { preview, currency, kind }),
      preview.bands ? /* @__PURE__ */ jsx(BlockStack, { gap: "100", children: preview.bands.map((b) => /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", children: [
        /* @__PURE__ */ jsx(Text, { as: "span", children: `${b.band[0].toUpperCase()}${b.band.slice(1)} order value` }),
        /* @__PURE__ */ jsx(Text, { as: "span", numeric: true, children: /* @__PURE__ */ jsx("span", { "data-testid": `preview-band-${b.band}`, children: n$2(b.count) }) })
      ] }, b.band)) }) : null,
      /* @__PURE__ */ jsx(Divider, {}),
      preview.sample.length ? /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", children: preview.bands && band ? `Who and why, ${band} band` : "Who and why" }),
        preview.sample.map((m2) => /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
          /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "medium", children: m2.name }),
          /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: m2.why })
        ] }, m2.customerId))
      ] }) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: `Nobody matches these settings yet. ${EMPTY_HINT[kind]}` })
    ] });
  }
  return /* @__PURE__ */ jsx("div", { style: { position: "sticky", top: 16 }, "data-testid": "preview-card", "data-fresh": fresh ? "true" : "false", children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Preview" }),
      loading ? /* @__PURE__ */ jsx(Spinner, { size: "small", accessibilityLabel: "Updating the preview" }) : null
    ] }),
    /* @__PURE__ */ jsx("div", { style: { opacity: !fresh && preview ? 0.5 : 1, transition: "opacity 150ms" }, children: body })
  ] }) }) });
}
function Figures({
  preview,
  currency,
  kind
}) {
  const c = preview.computed;
  if (kind === "aov_tier" && c.cutsMinor) {
    return /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: `Your store's bands today: low below ${money(c.cutsMinor[0], currency)}, mid ${money(c.cutsMinor[0], currency)}–${money(c.cutsMinor[1], currency)}, high ${money(c.cutsMinor[1], currency)} or more. They move with your store and are recomputed every night.` });
  }
  if (kind === "former_vip" && c.thresholdMinor !== void 0 && c.rankedCustomers !== void 0 && c.rankedCustomers > 0) {
    return /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: `The top spenders of the period spent ${money(c.thresholdMinor, currency)} or more (ranked among ${n$2(c.rankedCustomers)} customers who spent in it).` });
  }
  return null;
}
const PREVIEW_DEBOUNCE_MS = 450;
function SegmentBuilder(props) {
  const { mode: mode2, segmentId, kind, currency, embedded } = props;
  const info = KIND_INFO[kind];
  const [name, setName] = useState(props.initialName);
  const [state2, setState] = useState({ kind, form: props.initialForm });
  const form = state2.form;
  const [touched, setTouched] = useState(/* @__PURE__ */ new Set());
  const [submitted, setSubmitted] = useState(false);
  const preview = useFetcher();
  const submitPreview = preview.submit;
  const save = useFetcher();
  const change = useCallback((patch) => {
    setState((s) => ({ ...s, form: { ...s.form, ...patch } }));
    setTouched((t) => {
      const keys2 = Object.keys(patch).filter((k) => !t.has(k));
      return keys2.length ? /* @__PURE__ */ new Set([...t, ...keys2]) : t;
    });
  }, []);
  const allBands = state2.kind === "aov_tier" && mode2 === "create" && state2.form.mode === "quantile" && state2.form.allBands === true;
  const payload = useMemo(() => JSON.stringify({ kind, form, segmentId, allBands }), [kind, form, segmentId, allBands]);
  const lastSent = useRef(null);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        lastSent.current = payload;
        submitPreview(payload, { method: "post", action: "/app/segments/preview", encType: "application/json" });
      },
      lastSent.current === null ? 0 : PREVIEW_DEBOUNCE_MS
    );
    return () => clearTimeout(timer);
  }, [payload, submitPreview]);
  const previewErrors = preview.data && !preview.data.ok ? preview.data.fieldErrors : {};
  const saveErrors = save.data && !save.data.ok ? save.data.fieldErrors : {};
  const error = (key2) => saveErrors[key2] ?? (submitted || touched.has(key2) ? previewErrors[key2] : void 0);
  const saving = save.state !== "idle";
  const submit = () => {
    setSubmitted(true);
    save.submit(JSON.stringify({ kind, name, form, allBands }), { method: "post", encType: "application/json" });
  };
  const context = { error, currency, segments: props.segments, embedded, mode: mode2 };
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: mode2 === "create" ? `New segment: ${info.title}` : `Edit ${props.initialName}`,
      subtitle: info.description,
      backAction: { content: "Segments", url: mode2 === "create" ? "/app/segments" : `/app/segments/${segmentId}` },
      primaryAction: { content: allBands ? "Save 3 segments" : "Save segment", onAction: submit, loading: saving },
      secondaryActions: mode2 === "create" ? [{ content: "Choose another kind", url: "/app/segments/new" }] : [],
      children: /* @__PURE__ */ jsxs(Layout, { children: [
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
          saveErrors.form ? /* @__PURE__ */ jsx(Banner, { tone: "critical", children: saveErrors.form }) : null,
          Object.keys(saveErrors).length && !saveErrors.form ? /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "Nothing was saved", children: "Fix the highlighted fields and save again." }) : null,
          /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(FormLayout, { children: /* @__PURE__ */ jsx(
            TextField,
            {
              label: "Segment name",
              value: name,
              onChange: setName,
              autoComplete: "off",
              maxLength: 100,
              error: saveErrors.name,
              helpText: allBands ? "Each band's segment gets this name with “– low”, “– mid” or “– high”." : "Shown in campaigns and reports."
            }
          ) }) }),
          /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Who is in it" }),
            /* @__PURE__ */ jsx(KindFields, { value: state2, onChange: change, ...context })
          ] }) }),
          kind === "cross_sell" ? /* @__PURE__ */ jsx(
            CrossSellSuggestions,
            {
              onUse: (pair) => {
                change({ a: pair.a, b: pair.b });
                if (!touchedName(name, props.initialName))
                  setName(`Bought ${pair.a[0].label}, not ${pair.b[0].label}`.slice(0, 100));
              }
            }
          ) : null
        ] }) }),
        /* @__PURE__ */ jsx(Layout.Section, { variant: "oneThird", children: /* @__PURE__ */ jsx(
          PreviewPanel,
          {
            preview: preview.data,
            loading: preview.state !== "idle",
            currency,
            kind,
            fresh: preview.state === "idle" && preview.data !== void 0 && lastSent.current === payload,
            band: state2.kind === "aov_tier" ? state2.form.band : void 0
          }
        ) })
      ] })
    }
  );
}
function touchedName(name, initial) {
  return name.trim() !== "" && name !== initial;
}
const CATALOG_TYPES = [
  "product",
  "variant",
  "collection",
  "vendor",
  "type",
  "tag",
  "country",
  "province",
  "city"
];
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
function countryName(code) {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}
function contains(query) {
  return `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
async function searchCatalog(opts) {
  const limit = Math.max(1, Math.min(opts.limit ?? 20, 50));
  const like = contains(opts.query);
  const db = pool();
  const args = [opts.shopId, like, limit];
  switch (opts.type) {
    case "product": {
      const { rows } = await db.query(
        `SELECT p.id::text, p.title, p.vendor, p.product_type,
           (SELECT count(DISTINCT cp.customer_id)::int FROM customer_products cp WHERE cp.shop_id = p.shop_id AND cp.product_id = p.id) AS buyers
         FROM (SELECT * FROM products WHERE shop_id = $1 AND deleted_at IS NULL AND (title ILIKE $2 OR vendor ILIKE $2)
               ORDER BY title, id LIMIT $3) p
         ORDER BY p.title, p.id`,
        args
      );
      return rows.map((r) => ({
        type: "product",
        value: r.id,
        label: r.title,
        detail: [r.vendor, r.product_type, `${r.buyers.toLocaleString("en")} buyers`].filter(Boolean).join(" · ")
      }));
    }
    case "variant": {
      const { rows } = await db.query(
        `SELECT v.id::text, p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), '') AS title, v.sku
         FROM product_variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
         WHERE v.shop_id = $1 AND p.deleted_at IS NULL AND (p.title ILIKE $2 OR v.title ILIKE $2 OR v.sku ILIKE $2)
         ORDER BY 2 LIMIT $3`,
        args
      );
      return rows.map((r) => ({ type: "variant", value: r.id, label: r.title, detail: r.sku ? `SKU ${r.sku}` : null }));
    }
    case "collection": {
      const { rows } = await db.query(
        `SELECT c.id::text, c.title,
           (SELECT count(*)::int FROM product_collections pc WHERE pc.shop_id = c.shop_id AND pc.collection_id = c.id) AS products
         FROM collections c WHERE c.shop_id = $1 AND c.title ILIKE $2 ORDER BY c.title LIMIT $3`,
        args
      );
      return rows.map((r) => ({
        type: "collection",
        value: r.id,
        label: r.title,
        detail: `${r.products.toLocaleString("en")} products`
      }));
    }
    case "vendor":
    case "type": {
      const col = opts.type === "vendor" ? "vendor" : "product_type";
      const { rows } = await db.query(
        `SELECT min(${col}) AS name, count(*)::int AS products FROM products
         WHERE shop_id = $1 AND deleted_at IS NULL AND coalesce(${col}, '') <> '' AND ${col} ILIKE $2
         GROUP BY lower(${col}) ORDER BY count(*) DESC, 1 LIMIT $3`,
        args
      );
      return rows.map((r) => ({
        type: opts.type,
        value: r.name,
        label: r.name,
        detail: `${r.products.toLocaleString("en")} products`
      }));
    }
    case "tag": {
      const { rows } = await db.query(
        `SELECT min(t) AS name, count(*)::int AS products FROM products p CROSS JOIN LATERAL unnest(p.tags) t
         WHERE p.shop_id = $1 AND p.deleted_at IS NULL AND t ILIKE $2 GROUP BY lower(t) ORDER BY count(*) DESC, 1 LIMIT $3`,
        args
      );
      return rows.map((r) => ({
        type: "tag",
        value: r.name,
        label: r.name,
        detail: `${r.products.toLocaleString("en")} products`
      }));
    }
    case "country": {
      const { rows } = await db.query(
        `SELECT country_code AS code, count(*)::int AS customers FROM customers
         WHERE shop_id = $1 AND deleted_at IS NULL AND country_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
        [opts.shopId]
      );
      const q = opts.query.trim().toLowerCase();
      return rows.map((r) => ({
        type: "country",
        value: r.code,
        label: `${countryName(r.code)} (${r.code})`,
        detail: `${r.customers.toLocaleString("en")} customers`
      })).filter((r) => !q || r.label.toLowerCase().includes(q)).slice(0, limit);
    }
    case "province": {
      const { rows } = await db.query(
        `SELECT country_code || '-' || upper(province_code) AS code, min(province) AS name, count(*)::int AS customers FROM customers
         WHERE shop_id = $1 AND deleted_at IS NULL AND country_code IS NOT NULL AND coalesce(province_code, '') <> ''
           AND (province ILIKE $2 OR province_code ILIKE $2 OR country_code || '-' || province_code ILIKE $2)
         GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT $3`,
        args
      );
      return rows.map((r) => ({
        type: "province",
        value: r.code,
        label: r.name ? `${r.name} (${r.code})` : r.code,
        detail: `${r.customers.toLocaleString("en")} customers`
      }));
    }
    case "city": {
      const { rows } = await db.query(
        `SELECT min(btrim(city)) AS name, min(country_code) AS country, count(*)::int AS customers FROM customers
         WHERE shop_id = $1 AND deleted_at IS NULL AND coalesce(btrim(city), '') <> '' AND city ILIKE $2
         GROUP BY lower(btrim(city)) ORDER BY 3 DESC, 1 LIMIT $3`,
        args
      );
      return rows.map((r) => ({
        type: "city",
        value: r.name,
        label: r.country ? `${r.name}, ${r.country}` : r.name,
        detail: `${r.customers.toLocaleString("en")} customers`
      }));
    }
  }
}
async function selectorToPicks(shopId2, s) {
  const { rows } = await pool().query(
    `SELECT 'product' AS type, x::text AS value, coalesce(p.title, 'Product ' || x::text) AS label
       FROM unnest($2::bigint[]) x LEFT JOIN products p ON p.shop_id = $1 AND p.id = x
     UNION ALL
     SELECT 'variant', x::text, coalesce(p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), ''), 'Variant ' || x::text)
       FROM unnest($3::bigint[]) x LEFT JOIN product_variants v ON v.shop_id = $1 AND v.id = x
       LEFT JOIN products p ON p.shop_id = $1 AND p.id = v.product_id
     UNION ALL
     SELECT 'collection', x::text, coalesce(c.title, 'Collection ' || x::text)
       FROM unnest($4::bigint[]) x LEFT JOIN collections c ON c.shop_id = $1 AND c.id = x`,
    [shopId2, s.productIds, s.variantIds, s.collectionIds]
  );
  return [
    ...rows,
    ...s.vendors.map((v) => ({ type: "vendor", value: v, label: v })),
    ...s.productTypes.map((v) => ({ type: "type", value: v, label: v })),
    ...s.tags.map((v) => ({ type: "tag", value: v, label: v }))
  ];
}
function locationToPlaces(p) {
  return [
    ...p.countryCodes.map((c) => ({ type: "country", value: c, label: `${countryName(c)} (${c})` })),
    ...p.provinceCodes.map((c) => ({ type: "province", value: c, label: c })),
    ...p.cities.map((c) => ({ type: "city", value: c, label: c }))
  ];
}
async function builderContext(shop, exceptId) {
  const { rows } = await pool().query(
    `SELECT id, name, member_count FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND ($2::int IS NULL OR id <> $2) ORDER BY name`,
    [shop.id, exceptId ?? null]
  );
  const code = shop.currency.trim();
  return {
    currency: { code, symbol: currencySymbol(code), exponent: shop.currencyExponent },
    segments: rows.map((r) => ({ id: r.id, name: r.name, memberCount: r.member_count }))
  };
}
async function savedForm(shop, segmentId) {
  const { rows } = await pool().query(
    `SELECT id, name, kind::text AS kind, params FROM segments WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL`,
    [segmentId, shop.id]
  );
  const row = rows[0];
  if (!row || !isSegmentKind(row.kind)) return null;
  const kind = row.kind;
  const parsed = parseSegmentParams(kind, row.params);
  if (!parsed.ok) return { id: row.id, name: row.name, kind, form: defaultForm(kind) };
  const picks = {};
  if (kind === "cross_sell") {
    const p = parsed.params;
    picks.a = await selectorToPicks(shop.id, p.a);
    picks.b = await selectorToPicks(shop.id, p.b);
  }
  if (kind === "product_specific")
    picks.products = await selectorToPicks(
      shop.id,
      parsed.params.products
    );
  const places = kind === "location" ? locationToPlaces(parsed.params) : void 0;
  return {
    id: row.id,
    name: row.name,
    kind,
    form: paramsToForm(kind, parsed.params, shop.currencyExponent, { picks, places })
  };
}
async function crossSellFromLink(shopId2, url) {
  const selector = async (key2) => {
    const s = {
      productIds: [],
      variantIds: [],
      collectionIds: [],
      vendors: [],
      productTypes: [],
      tags: []
    };
    for (const raw of url.searchParams.getAll(key2)) {
      const [type, ...rest] = raw.split(":");
      const value = rest.join(":");
      if (!value) continue;
      if (type === "product" && /^\d+$/.test(value)) s.productIds.push(value);
      if (type === "collection" && /^\d+$/.test(value)) s.collectionIds.push(value);
      if (type === "type") s.productTypes.push(value);
    }
    return selectorToPicks(shopId2, s);
  };
  if (!url.searchParams.has("a")) return null;
  return { ...defaultForm("cross_sell"), a: await selector("a"), b: await selector("b") };
}
function segmentIdOf(raw) {
  const id2 = Number(raw);
  if (!Number.isSafeInteger(id2) || id2 <= 0) throw new Response("Segment not found", { status: 404 });
  return id2;
}
const loader$j = async ({ request: request2, params }) => {
  const { shop, demo } = await requireShop(request2);
  const id2 = segmentIdOf(params.id);
  const saved = await savedForm(shop, id2);
  if (!saved) throw new Response("Segment not found", { status: 404 });
  return { saved, context: await builderContext(shop, id2), embedded: !demo };
};
const action$c = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = segmentIdOf(params.id);
  let body;
  try {
    body = await request2.json();
  } catch {
    const unreadable = {
      ok: false,
      status: 400,
      fieldErrors: { form: "The form could not be read: reload the page and try again" }
    };
    return json$1(unreadable, { status: 400 });
  }
  const result = await saveSegment({ shopId: shop.id, segmentId: id2, name: body.name, form: body.form });
  if (!result.ok) return json$1(result, { status: result.status });
  return redirect(`/app/segments/${id2}`);
};
function EditSegment() {
  const { saved, context, embedded } = useLoaderData();
  return /* @__PURE__ */ jsx(
    SegmentBuilder,
    {
      mode: "edit",
      segmentId: saved.id,
      kind: saved.kind,
      initialName: saved.name,
      initialForm: saved.form,
      currency: context.currency,
      segments: context.segments,
      embedded
    }
  );
}
const route21 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$c,
  default: EditSegment,
  loader: loader$j
}, Symbol.toStringTag, { value: "Module" }));
const SORTS$2 = [
  { label: "Date", value: "newest desc", directionLabel: "Newest first" },
  { label: "Date", value: "oldest asc", directionLabel: "Oldest first" },
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Revenue", value: "revenue desc", directionLabel: "Most first" },
  { label: "Clicks", value: "clicks desc", directionLabel: "Most first" }
];
const n$1 = (x) => x.toLocaleString("en");
function CampaignTable(props) {
  var _a;
  const { list: list2, timeZone } = props;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { mode: mode2, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState(props.query);
  const update = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { preventScrollReset: true, replace: "q" in changes });
  };
  useEffect(() => {
    if (query === props.query) return;
    const timer = setTimeout(() => update({ q: query.trim() || null, page: null }), 300);
    return () => clearTimeout(timer);
  }, [query, props.query]);
  const sortValue = ((_a = SORTS$2.find((s) => s.value.startsWith(`${props.sort} `))) == null ? void 0 : _a.value) ?? "newest desc";
  const first = list2.total ? (list2.page - 1) * 25 + 1 : 0;
  const last = (list2.page - 1) * 25 + list2.rows.length;
  return /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
    /* @__PURE__ */ jsx(
      IndexFilters,
      {
        queryValue: query,
        queryPlaceholder: "Search campaigns",
        onQueryChange: setQuery,
        onQueryClear: () => setQuery(""),
        sortOptions: SORTS$2,
        sortSelected: [sortValue],
        onSort: (v) => update({ sort: (v[0] ?? "newest desc").split(" ")[0], page: null }),
        filters: [],
        appliedFilters: [],
        onClearAll: () => setQuery(""),
        tabs: [],
        selected: 0,
        mode: mode2,
        setMode,
        canCreateNewView: false,
        cancelAction: { onAction: () => setQuery("") }
      }
    ),
    /* @__PURE__ */ jsx(
      IndexTable,
      {
        resourceName: { singular: "campaign", plural: "campaigns" },
        itemCount: list2.rows.length,
        selectable: false,
        emptyState: /* @__PURE__ */ jsx(EmptyState, { heading: `No campaign matches “${props.query}”`, image: EMPTY_SEARCH, children: /* @__PURE__ */ jsx("p", { children: "Search by part of a campaign's name." }) }),
        headings: [
          { title: "Campaign" },
          { title: "Status" },
          { title: "Progress" },
          { title: "Clicks", alignment: "end" },
          { title: "Revenue", alignment: "end" },
          { title: `Start (${timeZone})` }
        ],
        pagination: {
          hasPrevious: list2.page > 1,
          hasNext: list2.page < list2.pages,
          onPrevious: () => update({ page: list2.page > 2 ? String(list2.page - 1) : null }),
          onNext: () => update({ page: String(list2.page + 1) }),
          label: `${n$1(first)}–${n$1(last)} of ${n$1(list2.total)}`
        },
        children: list2.rows.map((c, i) => {
          const s = campaignStatus(c.status);
          const p = c.progress;
          const pct2 = p && p.toSend ? Math.round(p.done / p.toSend * 100) : 0;
          const at = c.startedAt ?? c.scheduledAt;
          return /* @__PURE__ */ jsxs(
            IndexTable.Row,
            {
              id: String(c.id),
              position: i,
              onClick: () => navigate(`/app/campaigns/${c.id}`),
              children: [
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
                  /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: /* @__PURE__ */ jsx(Link$1, { url: `/app/campaigns/${c.id}`, monochrome: true, removeUnderline: true, dataPrimaryLink: true, children: c.name }) }),
                  /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: `${c.templateName ?? "template deleted"} · ${c.segments.join(", ") || "no segment"}` })
                ] }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Badge, { tone: s.tone, progress: s.progress, children: s.label }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: p ? /* @__PURE__ */ jsx("div", { style: { minWidth: 160 }, children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
                  /* @__PURE__ */ jsx(ProgressBar, { progress: pct2, size: "small" }),
                  /* @__PURE__ */ jsx(Text, { as: "span", variant: "bodySm", tone: "subdued", children: `${n$1(p.done)} / ${n$1(p.toSend)} · ${n$1(p.delivered + p.read)} delivered` })
                ] }) }) : /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: "—" }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", alignment: "end", numeric: true, children: p ? n$1(c.clicks) : "—" }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "050", inlineAlign: "end", children: [
                  /* @__PURE__ */ jsx(Text, { as: "span", numeric: true, children: p ? formatMoney(c.revenueMinor, props.currency, props.exponent) : "—" }),
                  p && c.orders ? /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", variant: "bodySm", children: `${n$1(c.orders)} orders` }) : null
                ] }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: at ? /* @__PURE__ */ jsx(Text, { as: "span", children: `${c.status === "draft" ? "planned " : ""}${formatInZone(at, timeZone)}` }) : "—" })
              ]
            },
            c.id
          );
        })
      }
    )
  ] });
}
const CAMPAIGN_PAGE_SIZE = 25;
const CAMPAIGN_SORTS = {
  newest: "COALESCE(c.started_at, c.scheduled_at, c.created_at) DESC, c.id DESC",
  oldest: "COALESCE(c.started_at, c.scheduled_at, c.created_at) ASC, c.id ASC",
  name: "lower(c.name) ASC, c.id DESC",
  revenue: "COALESCE(a.revenue, 0) DESC, c.id DESC",
  clicks: "COALESCE(rs.clicks, 0) DESC, c.id DESC"
};
function parseCampaignSort(v) {
  return v && v in CAMPAIGN_SORTS ? v : "newest";
}
async function listCampaigns(shopId2, opts = {}) {
  var _a;
  const sort = CAMPAIGN_SORTS[opts.sort ?? "newest"];
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const { rows } = await pool().query(
    `WITH r AS (
       SELECT campaign_id, status, count(*)::int AS n, count(*) FILTER (WHERE clicked_at IS NOT NULL)::int AS clicked
       FROM recipients WHERE shop_id = $1 GROUP BY 1, 2
     ), rs AS (
       SELECT campaign_id, jsonb_object_agg(status, n) AS by_status, sum(clicked)::int AS clicks FROM r GROUP BY 1
     ), a AS (
       SELECT campaign_id, COALESCE(sum(revenue_minor), 0) AS revenue, count(*) FILTER (WHERE NOT order_cancelled)::int AS orders
       FROM attributions WHERE shop_id = $1 GROUP BY 1
     )
     SELECT c.id, c.name, c.status, t.name AS template_name, c.scheduled_at, c.started_at, c.completed_at,
            (SELECT array_agg(g.name ORDER BY cs.position) FROM campaign_segments cs
             JOIN segments g ON g.shop_id = cs.shop_id AND g.id = cs.segment_id
             WHERE cs.shop_id = c.shop_id AND cs.campaign_id = c.id) AS segments,
            COALESCE(a.revenue, 0)::text AS revenue, COALESCE(a.orders, 0) AS orders,
            COALESCE(rs.clicks, 0) AS clicks, rs.by_status, count(*) OVER ()::int AS total
     FROM campaigns c
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     LEFT JOIN rs ON rs.campaign_id = c.id
     LEFT JOIN a ON a.campaign_id = c.id
     WHERE c.shop_id = $1 AND ($2 = '' OR strpos(lower(c.name), lower($2)) > 0)
     ORDER BY ${sort}
     LIMIT $3 OFFSET $4`,
    [shopId2, (opts.query ?? "").trim(), CAMPAIGN_PAGE_SIZE, (page - 1) * CAMPAIGN_PAGE_SIZE]
  );
  const total = ((_a = rows[0]) == null ? void 0 : _a.total) ?? (page > 1 ? await countCampaigns(shopId2, opts.query ?? "") : 0);
  const iso = (d) => d ? d.toISOString() : null;
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / CAMPAIGN_PAGE_SIZE)),
    rows: rows.map((r) => {
      let progress = null;
      if (r.by_status && !["draft", "scheduled"].includes(r.status)) {
        progress = emptyProgress();
        for (const [status, n2] of Object.entries(r.by_status)) progress[status] = n2;
        finish(progress);
      }
      return {
        id: r.id,
        name: r.name,
        status: r.status,
        templateName: r.template_name,
        scheduledAt: iso(r.scheduled_at),
        startedAt: iso(r.started_at),
        completedAt: iso(r.completed_at),
        segments: r.segments ?? [],
        progress,
        clicks: r.clicks,
        orders: r.orders,
        revenueMinor: r.revenue
      };
    })
  };
}
async function countCampaigns(shopId2, query) {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM campaigns WHERE shop_id = $1 AND ($2 = '' OR strpos(lower(name), lower($2)) > 0)`,
    [shopId2, query.trim()]
  );
  return rows[0].n;
}
const loader$i = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const url = new URL(request2.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200);
  const sort = parseCampaignSort(url.searchParams.get("sort"));
  const page = Number(url.searchParams.get("page") ?? "1");
  return {
    list: await listCampaigns(shop.id, { query, sort, page: Number.isSafeInteger(page) ? page : 1 }),
    query,
    sort,
    timeZone: shop.ianaTimezone,
    currency: shop.currency,
    exponent: shop.currencyExponent
  };
};
function Campaigns() {
  const { list: list2, query, sort, timeZone, currency, exponent } = useLoaderData();
  const revalidator = useRevalidator();
  const live = list2.rows.some((c) => ACTIVE_STATUSES.includes(c.status) || c.status === "scheduled");
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(
      () => revalidator.state === "idle" && document.visibilityState === "visible" && revalidator.revalidate(),
      5e3
    );
    return () => clearInterval(timer);
  }, [live, revalidator]);
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: "Campaigns",
      subtitle: "WhatsApp template campaigns to your segments",
      primaryAction: { content: "Create campaign", url: "/app/campaigns/new" },
      children: list2.total === 0 && !query ? /* @__PURE__ */ jsx(Card, { padding: "0", children: /* @__PURE__ */ jsx(EmptyMessage, { heading: "No campaigns yet", action: { content: "Create campaign", url: "/app/campaigns/new" }, children: "Send an approved WhatsApp template to one or more segments. Before scheduling you see who gets it, who is excluded and why, how many days Meta's limits need and what it costs; a test share and a holdout measure what it brings." }) }) : /* @__PURE__ */ jsx(
        CampaignTable,
        {
          list: list2,
          sort,
          query,
          timeZone,
          currency,
          exponent
        }
      )
    }
  );
}
function ErrorBoundary$5() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Campaigns" });
}
const route22 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$5,
  default: Campaigns,
  loader: loader$i
}, Symbol.toStringTag, { value: "Module" }));
const loader$h = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const url = new URL(request2.url);
  const type = url.searchParams.get("type");
  if (!CATALOG_TYPES.includes(type))
    return json$1({ error: `type must be one of ${CATALOG_TYPES.join(", ")}` }, { status: 400 });
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  return { type, query, items: await searchCatalog({ shopId: shop.id, type, query }) };
};
const route23 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$h
}, Symbol.toStringTag, { value: "Module" }));
const action$b = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  let body;
  try {
    body = await request2.json();
  } catch {
    const unreadable = { ok: false, fieldErrors: { form: "The preview request was not valid JSON" } };
    return json$1(unreadable, { status: 400 });
  }
  const segmentId = typeof body.segmentId === "number" && Number.isInteger(body.segmentId) ? body.segmentId : void 0;
  const result = await previewForm({
    shopId: shop.id,
    kind: body.kind,
    form: body.form,
    segmentId,
    allBands: body.allBands === true
  });
  return json$1(result, { status: result.ok ? 200 : 400 });
};
const route24 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$b
}, Symbol.toStringTag, { value: "Module" }));
const CATEGORIES = ["marketing", "utility", "authentication"];
const loader$g = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const table = await getPriceTable(shop.id);
  return {
    currency: table.currency,
    usdRate: table.usdRate,
    markets: MARKETS.map((market) => ({
      key: market.key,
      name: market.name,
      countries: countriesOf(market.key),
      prices: CATEGORIES.map((category) => ({
        category,
        usdMicros: table.usdMicros.get(market.key).get(category),
        metaMicros: market.usdMicros[category],
        edited: table.overridden.has(`${market.key}/${category}`)
      }))
    }))
  };
};
const microsToText = (micros) => (micros / 1e6).toFixed(4);
const action$a = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const form = await request2.formData();
  const errors = {};
  const rate = String(form.get("usdRate") ?? "").trim();
  if (rate !== "") {
    const parsed = usdRateSchema.safeParse(rate);
    if (parsed.success) await saveUsdRate(shop.id, parsed.data);
    else errors.usdRate = parsed.error.issues[0].message;
  }
  let saved = 0;
  for (const market of MARKETS) {
    for (const category of CATEGORIES) {
      const field = `price:${market.key}:${category}`;
      const raw = form.get(field);
      if (raw === null) continue;
      const usd = String(raw).trim() === microsToText(market.usdMicros[category]) ? "" : String(raw).trim();
      const parsed = priceSchema.safeParse({ market: market.key, category, usd });
      if (!parsed.success) {
        errors[field] = parsed.error.issues[0].message;
        continue;
      }
      await savePrice(shop.id, parsed.data);
      saved += 1;
    }
  }
  if (Object.keys(errors).length) return json$1({ ok: false, errors }, { status: 400 });
  return { ok: true, saved, errors: {} };
};
function ErrorBoundary$4() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Message prices" });
}
function MessagePrices() {
  const { currency, usdRate, markets } = useLoaderData();
  const result = useActionData();
  const navigation = useNavigation();
  const errors = (result == null ? void 0 : result.errors) ?? {};
  const [values, setValues] = useState({});
  const [rate, setRate] = useState(usdRate ?? "");
  const field = (market, category, micros) => {
    const name = `price:${market}:${category}`;
    return /* @__PURE__ */ jsx(
      TextField,
      {
        label: `${category} price in USD`,
        labelHidden: true,
        name,
        value: values[name] ?? microsToText(micros),
        onChange: (v) => setValues((s) => ({ ...s, [name]: v })),
        error: errors[name],
        prefix: "$",
        autoComplete: "off",
        size: "slim"
      },
      name
    );
  };
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: "Message prices",
      subtitle: "What each delivered WhatsApp template message costs you",
      backAction: { content: "Settings", url: "/app/settings" },
      children: /* @__PURE__ */ jsx(Form, { method: "post", children: /* @__PURE__ */ jsxs(Layout, { children: [
        /* @__PURE__ */ jsx(Layout.Section, { children: (result == null ? void 0 : result.ok) ? /* @__PURE__ */ jsx(Banner, { tone: "success", title: "Prices saved", children: /* @__PURE__ */ jsx("p", { children: "Reports use the new prices right away." }) }) : result && !result.ok ? /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "Some prices were not saved", children: /* @__PURE__ */ jsx("p", { children: "Fix the highlighted fields." }) }) : null }),
        /* @__PURE__ */ jsx(
          Layout.AnnotatedSection,
          {
            title: "Exchange rate",
            description: `Meta prices messages in US dollars. Costs are shown in your store currency (${currency}).`,
            children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(
              TextField,
              {
                label: `1 US dollar in ${currency}`,
                name: "usdRate",
                value: rate,
                onChange: setRate,
                error: errors.usdRate,
                helpText: usdRate === null ? "Not set yet: costs, profit and ROI stay empty until you enter it." : "Use the rate on your Meta invoice.",
                autoComplete: "off"
              }
            ) })
          }
        ),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { padding: "0", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "0", children: [
          /* @__PURE__ */ jsx("div", { style: { padding: "var(--p-space-400)" }, children: /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
            "Rates per delivered message from Meta's rate card effective ",
            RATE_CARD_EFFECTIVE,
            " (",
            RATE_CARD_SOURCE,
            "). Meta revises them every few months and gives lower utility and authentication rates at volume: edit any rate to match your invoice. Failed messages and free service replies cost nothing."
          ] }) }),
          /* @__PURE__ */ jsx(
            DataTable,
            {
              columnContentTypes: ["text", "text", "text", "text"],
              headings: ["Market (by the recipient's phone number)", "Marketing", "Utility", "Authentication"],
              rows: markets.map((mk) => [
                /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
                  /* @__PURE__ */ jsxs(InlineStack, { gap: "100", children: [
                    /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: mk.name }),
                    mk.prices.some((p) => p.edited) ? /* @__PURE__ */ jsx(Badge, { tone: "info", children: "Edited" }) : null
                  ] }),
                  mk.countries.length > 1 ? /* @__PURE__ */ jsx(Text, { as: "span", variant: "bodySm", tone: "subdued", children: mk.countries.join(" ") }) : null
                ] }, mk.key),
                ...mk.prices.map((p) => field(mk.key, p.category, p.usdMicros))
              ])
            }
          )
        ] }) }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(InlineStack, { align: "end", children: /* @__PURE__ */ jsx(Button, { submit: true, variant: "primary", loading: navigation.state === "submitting", children: "Save prices" }) }) })
      ] }) })
    }
  );
}
const route25 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$4,
  action: action$a,
  default: MessagePrices,
  loader: loader$g
}, Symbol.toStringTag, { value: "Module" }));
async function resetConsentSyncWatermark(shopId2) {
  await pool().query(`UPDATE shops SET settings = settings - 'consentSync' WHERE id = $1`, [shopId2]);
}
function demoCredentials() {
  const env2 = getEnv();
  return { phoneNumberId: env2.WA_SIM_PHONE_NUMBER_ID, wabaId: env2.WA_SIM_WABA_ID, accessToken: env2.WA_SIM_TOKEN };
}
async function loadWhatsAppSettings(shopId2) {
  var _a;
  const [account, consent, counts] = await Promise.all([
    accountView(shopId2),
    loadConsentSettings(shopId2),
    prisma().whatsAppTemplate.groupBy({ by: ["status"], where: { shopId: shopId2, NOT: { status: "DELETED" } }, _count: true })
  ]);
  return {
    account,
    consent,
    templates: {
      total: counts.reduce((n2, c) => n2 + c._count, 0),
      approved: ((_a = counts.find((c) => c.status === "APPROVED")) == null ? void 0 : _a._count) ?? 0
    },
    demoCredentials: isDemoMode() ? demoCredentials() : null,
    webhookUrl: `${getEnv().SHOPIFY_APP_URL.replace(/\/+$/, "")}/webhooks/whatsapp`
  };
}
const connectSchema = z.object({
  phoneNumberId: z.string().default(""),
  wabaId: z.string().default(""),
  accessToken: z.string().default("")
});
async function whatsappSettingsAction(shopId2, form) {
  const intent = String(form.get("intent") ?? "");
  const data = Object.fromEntries(form);
  try {
    switch (intent) {
      case "connect": {
        const input = connectSchema.parse(data);
        const view = await connectWhatsApp({ shopId: shopId2, ...input });
        let synced = "";
        try {
          const r = await syncTemplates(shopId2);
          synced = ` ${r.approved} approved template${r.approved === 1 ? "" : "s"} synced.`;
        } catch (err) {
          synced = ` Templates will sync shortly (${err.message}).`;
          await enqueue(
            "whatsapp.sync-templates",
            { shopId: shopId2 },
            { jobId: `template-sync-${shopId2}-connect-${Date.now()}` }
          ).catch(() => {
          });
        }
        await enqueue(
          "consent.sync-shopify",
          { shopId: shopId2, full: true },
          { jobId: `consent-sync-${shopId2}-connect-${Date.now()}` }
        ).catch(() => {
        });
        return {
          ok: true,
          intent,
          message: `Connected ${view.verifiedName ?? view.displayPhoneNumber ?? "your number"}.${synced}`
        };
      }
      case "disconnect":
        await disconnectWhatsApp(shopId2);
        return { ok: true, intent, message: "WhatsApp disconnected. Your templates and consent records are kept." };
      case "refresh": {
        const view = await refreshAccount(shopId2);
        if (!view) return { ok: false, intent, error: "No WhatsApp number is connected." };
        return view.status === "connected" ? { ok: true, intent, message: "Connection details refreshed." } : { ok: false, intent, error: view.statusReason ?? `Connection is ${view.status}` };
      }
      case "sync-templates": {
        const r = await syncTemplates(shopId2);
        return {
          ok: true,
          intent,
          message: `${r.fetched} template${r.fetched === 1 ? "" : "s"} synced, ${r.approved} approved.`
        };
      }
      case "consent-settings": {
        const parsed = consentSettingsSchema.safeParse(data);
        if (!parsed.success) {
          const fieldErrors2 = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
          return { ok: false, intent, error: "Check the highlighted fields.", fieldErrors: fieldErrors2 };
        }
        const { rulesChanged } = await saveConsentSettings(shopId2, parsed.data);
        if (rulesChanged) {
          await resetConsentSyncWatermark(shopId2);
          await enqueue(
            "consent.sync-shopify",
            { shopId: shopId2, full: true },
            { jobId: `consent-sync-${shopId2}-settings-${Date.now()}` }
          ).catch(() => {
          });
        }
        return { ok: true, intent, message: "Consent settings saved." };
      }
      default:
        return { ok: false, intent, error: "Unknown action" };
    }
  } catch (err) {
    if (err instanceof ConnectError) return { ok: false, intent, error: err.message, field: err.field };
    if (err instanceof WhatsAppApiError)
      return { ok: false, intent, error: `WhatsApp answered: ${err.policy.meaning}` };
    throw err;
  }
}
const QUALITY = {
  GREEN: { label: "High quality", tone: "success" },
  YELLOW: { label: "Medium quality", tone: "warning" },
  RED: { label: "Low quality", tone: "critical" },
  UNKNOWN: { label: "Quality not rated yet", tone: void 0 }
};
function qualityOf(code) {
  return QUALITY[code ?? "UNKNOWN"] ?? { label: code ?? "Unknown", tone: void 0 };
}
const TIER = {
  TIER_50: "50 customers per 24 hours",
  TIER_250: "250 customers per 24 hours",
  TIER_1K: "1,000 customers per 24 hours",
  TIER_2K: "2,000 customers per 24 hours",
  TIER_10K: "10,000 customers per 24 hours",
  TIER_100K: "100,000 customers per 24 hours",
  TIER_UNLIMITED: "Unlimited customers per 24 hours",
  TIER_NOT_SET: "Not set yet (no message sent)"
};
function tierLabel(code) {
  return code ? TIER[code] ?? code : "Unknown";
}
function marketingMessagesOf(code) {
  switch (code) {
    case "ONBOARDED":
      return {
        label: "Onboarded",
        tone: "success",
        help: "Marketing templates go through Meta's Marketing Messages API, with its delivery optimisations."
      };
    case "ELIGIBLE":
      return {
        label: "Not onboarded",
        tone: "info",
        help: "Marketing templates are sent through the ordinary Cloud API. An admin of your Meta business portfolio can accept the Marketing Messages API terms in WhatsApp Manager for better delivery; nothing else changes."
      };
    case "INELIGIBLE":
      return {
        label: "Not available",
        tone: "warning",
        help: "Meta does not offer the Marketing Messages API to this account (restricted account or country). Marketing templates are sent through the ordinary Cloud API."
      };
    default:
      return { label: "Not checked yet", tone: void 0, help: "Select Refresh to read it from Meta." };
  }
}
const TEMPLATE_STATUS = {
  APPROVED: { label: "Approved", tone: "success" },
  PENDING: { label: "In review", tone: "info" },
  REJECTED: { label: "Rejected", tone: "critical" },
  PAUSED: { label: "Paused", tone: "warning" },
  DISABLED: { label: "Disabled", tone: "critical" },
  IN_APPEAL: { label: "In appeal", tone: "info" },
  DELETED: { label: "Deleted", tone: void 0 }
};
function templateStatus(code) {
  return TEMPLATE_STATUS[code] ?? { label: code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, " "), tone: void 0 };
}
const CATEGORY = {
  MARKETING: "Marketing",
  UTILITY: "Utility",
  AUTHENTICATION: "Authentication"
};
const PAGE_SIZE$1 = 25;
const SORTS$1 = [
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Name", value: "name desc", directionLabel: "Z–A" },
  { label: "Status", value: "status asc", directionLabel: "Approved first" },
  { label: "Mapping", value: "mapping asc", directionLabel: "To map first" }
];
const MAPPING_ORDER = { unsaved: 0, incomplete: 1, saved: 2, none: 3 };
const STATUS_ORDER = ["APPROVED", "PAUSED", "PENDING", "IN_APPEAL", "REJECTED", "DISABLED"];
function mappingBadge(t) {
  switch (t.mapping) {
    case "none":
      return /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: "No variables" });
    case "saved":
      return /* @__PURE__ */ jsx(Badge, { tone: "success", children: `${t.variables} mapped` });
    default:
      return /* @__PURE__ */ jsx(Badge, { tone: "attention", children: `${t.toMap} to map` });
  }
}
function TemplateTable({ templates }) {
  const navigate = useNavigate();
  const { mode: mode2, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState([]);
  const [sort, setSort] = useState(["name asc"]);
  const [page, setPage] = useState(0);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const [key2, dir] = (sort[0] ?? "name asc").split(" ");
    const list2 = templates.filter(
      (t) => (!q || t.name.toLowerCase().includes(q) || t.body.toLowerCase().includes(q)) && (!status.length || status.includes(t.status))
    );
    const value = (t) => key2 === "status" ? STATUS_ORDER.indexOf(t.status) + 1 || 99 : key2 === "mapping" ? MAPPING_ORDER[t.mapping] : `${t.name} ${t.language}`;
    return [...list2].sort(
      (a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (dir === "asc" ? 1 : -1)
    );
  }, [templates, query, status, sort]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE$1));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * PAGE_SIZE$1, (current + 1) * PAGE_SIZE$1);
  const first = rows.length ? current * PAGE_SIZE$1 + 1 : 0;
  const statuses = STATUS_ORDER.filter((s) => templates.some((t) => t.status === s));
  return /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
    /* @__PURE__ */ jsx(
      IndexFilters,
      {
        queryValue: query,
        queryPlaceholder: "Search templates by name or message",
        onQueryChange: (q) => {
          setQuery(q);
          setPage(0);
        },
        onQueryClear: () => setQuery(""),
        sortOptions: SORTS$1,
        sortSelected: sort,
        onSort: setSort,
        filters: [
          {
            key: "status",
            label: "Status",
            shortcut: true,
            filter: /* @__PURE__ */ jsx(
              ChoiceList,
              {
                title: "Status",
                titleHidden: true,
                allowMultiple: true,
                choices: statuses.map((s) => {
                  var _a;
                  return { label: ((_a = TEMPLATE_STATUS[s]) == null ? void 0 : _a.label) ?? s, value: s };
                }),
                selected: status,
                onChange: (v) => {
                  setStatus(v);
                  setPage(0);
                }
              }
            )
          }
        ],
        appliedFilters: status.length ? [
          {
            key: "status",
            label: `Status: ${status.map((s) => {
              var _a;
              return ((_a = TEMPLATE_STATUS[s]) == null ? void 0 : _a.label) ?? s;
            }).join(", ")}`,
            onRemove: () => setStatus([])
          }
        ] : [],
        onClearAll: () => {
          setStatus([]);
          setQuery("");
        },
        tabs: [],
        selected: 0,
        mode: mode2,
        setMode,
        canCreateNewView: false,
        cancelAction: { onAction: () => setQuery("") }
      }
    ),
    /* @__PURE__ */ jsx(
      IndexTable,
      {
        resourceName: { singular: "template", plural: "templates" },
        itemCount: shown.length,
        selectable: false,
        emptyState: /* @__PURE__ */ jsx(
          EmptyState,
          {
            heading: "No template matches",
            image: EMPTY_SEARCH,
            action: {
              content: "Clear the search",
              onAction: () => {
                setQuery("");
                setStatus([]);
              }
            },
            children: /* @__PURE__ */ jsx("p", { children: "Try part of the template's name or of its message." })
          }
        ),
        headings: [
          { title: "Template" },
          { title: "Message" },
          { title: "Category" },
          { title: "Status" },
          { title: "Quality" },
          { title: "Variables" }
        ],
        pagination: {
          hasPrevious: current > 0,
          hasNext: current < pages - 1,
          onPrevious: () => setPage(current - 1),
          onNext: () => setPage(current + 1),
          label: `${first}–${first ? first + shown.length - 1 : 0} of ${rows.length}`
        },
        children: shown.map((t, i) => {
          const badge = templateStatus(t.status);
          const quality = qualityOf(t.qualityScore);
          return /* @__PURE__ */ jsxs(
            IndexTable.Row,
            {
              id: String(t.id),
              position: i,
              onClick: () => navigate(`/app/templates/${t.id}`),
              children: [
                /* @__PURE__ */ jsxs(IndexTable.Cell, { children: [
                  /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: /* @__PURE__ */ jsx(Link, { to: `/app/templates/${t.id}`, onClick: (e) => e.stopPropagation(), children: t.name }) }),
                  /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: t.language })
                ] }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx("div", { style: { whiteSpace: "normal", maxWidth: 420, minWidth: 220 }, "data-testid": "template-body", children: /* @__PURE__ */ jsx(Text, { as: "span", variant: "bodySm", children: t.body.length > 160 ? `${t.body.slice(0, 157)}…` : t.body || "—" }) }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: CATEGORY[t.category] ?? t.category }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Badge, { tone: badge.tone, children: badge.label }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Badge, { tone: quality.tone, children: quality.label.replace(" quality", "") }) }),
                /* @__PURE__ */ jsx(IndexTable.Cell, { children: mappingBadge(t) })
              ]
            },
            t.id
          );
        })
      }
    )
  ] });
}
const loader$f = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const [account, templates] = await Promise.all([accountView(shop.id), listTemplates(shop.id)]);
  return {
    timeZone: shop.ianaTimezone,
    connected: !!account,
    syncedAt: (account == null ? void 0 : account.templatesSyncedAt) ?? null,
    templates: templates.map((t) => {
      var _a;
      return {
        id: t.id,
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        qualityScore: t.qualityScore,
        body: String(((_a = t.components.find((c) => String(c.type).toUpperCase() === "BODY")) == null ? void 0 : _a.text) ?? ""),
        variables: templateSlots(t).length,
        mapping: mappingState(t, t.defaultMapping),
        toMap: parametersToMap(t, t.defaultMapping)
      };
    })
  };
};
const action$9 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const form = new FormData();
  form.set("intent", "sync-templates");
  const result = await whatsappSettingsAction(shop.id, form);
  return json$1(result, { status: result.ok ? 200 : 400 });
};
function Templates() {
  const { connected, templates, syncedAt, timeZone } = useLoaderData();
  const sync = useFetcher();
  const syncing = sync.state !== "idle";
  return /* @__PURE__ */ jsxs(
    Page,
    {
      title: "Templates",
      subtitle: syncedAt ? `WhatsApp message templates · synced ${formatInZone(syncedAt, timeZone)}` : "WhatsApp message templates",
      primaryAction: connected ? { content: "Sync templates", loading: syncing, onAction: () => sync.submit({}, { method: "post" }) } : void 0,
      children: [
        sync.data ? /* @__PURE__ */ jsx("div", { style: { marginBottom: 16 }, children: /* @__PURE__ */ jsx(Banner, { tone: sync.data.ok ? "success" : "critical", children: sync.data.ok ? sync.data.message : sync.data.error }) }) : null,
        !connected ? /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(
          EmptyState,
          {
            heading: "Connect WhatsApp first",
            action: { content: "Open settings", url: "/app/settings" },
            image: EMPTY_MESSAGE,
            children: /* @__PURE__ */ jsx("p", { children: "Templates are approved by Meta in WhatsApp Manager. Connect your number in Settings and they appear here." })
          }
        ) }) : templates.length === 0 ? /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(
          EmptyState,
          {
            heading: "No templates yet",
            action: { content: "Sync templates", onAction: () => sync.submit({}, { method: "post" }) },
            image: EMPTY_MESSAGE,
            children: /* @__PURE__ */ jsx("p", { children: "Create a marketing template in WhatsApp Manager; once Meta approves it, sync to map its variables." })
          }
        ) }) : /* @__PURE__ */ jsx(TemplateTable, { templates })
      ]
    }
  );
}
const route26 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$9,
  default: Templates,
  loader: loader$f
}, Symbol.toStringTag, { value: "Module" }));
function KindPicker() {
  const kinds = [...SEGMENT_KINDS].sort((a, b) => Number(KIND_INFO[b].mission) - Number(KIND_INFO[a].mission));
  return /* @__PURE__ */ jsx(InlineGrid, { columns: { xs: 1, sm: 2, md: 3 }, gap: "400", children: kinds.map((kind) => /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
    /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
      /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingMd", children: KIND_INFO[kind].title }),
      KIND_INFO[kind].mission ? /* @__PURE__ */ jsx(Badge, { tone: "info", children: "Popular" }) : null
    ] }),
    /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: KIND_INFO[kind].description }),
    /* @__PURE__ */ jsx(InlineStack, { children: /* @__PURE__ */ jsx(
      Button,
      {
        url: `/app/segments/new?kind=${kind}`,
        accessibilityLabel: `Build a ${KIND_INFO[kind].title} segment`,
        children: "Build"
      }
    ) })
  ] }) }, kind)) });
}
const SORTS = [
  { label: "Newest", value: "created desc", directionLabel: "Newest first" },
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Name", value: "name desc", directionLabel: "Z–A" },
  { label: "Members", value: "members desc", directionLabel: "Most first" },
  { label: "Members", value: "members asc", directionLabel: "Fewest first" },
  { label: "Last refresh", value: "refreshed desc", directionLabel: "Latest first" }
];
function SegmentTable({ segments, now }) {
  const navigate = useNavigate();
  const fetcher = useFetcher();
  const toast = useToast();
  const { mode: mode2, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState(["created desc"]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const [key2, dir] = (sort[0] ?? "created desc").split(" ");
    const value = (s) => key2 === "name" ? s.name.toLowerCase() : key2 === "members" ? s.memberCount : key2 === "refreshed" ? s.lastRefreshedAt ?? "" : 0;
    const list2 = segments.filter(
      (s) => !q || s.name.toLowerCase().includes(q) || KIND_INFO[s.kind].title.toLowerCase().includes(q)
    );
    if (key2 === "created") return list2;
    return [...list2].sort(
      (a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (dir === "asc" ? 1 : -1)
    );
  }, [segments, query, sort]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    rows.map((s) => ({ id: String(s.id) }))
  );
  const result = fetcher.state === "idle" ? fetcher.data : void 0;
  useEffect(() => {
    if (!result) return;
    if (result.deleted.length)
      toast(`${result.deleted.length} segment${result.deleted.length === 1 ? "" : "s"} deleted`);
    if (result.refused.length && !result.deleted.length) toast("Nothing deleted", { error: true });
    clearSelection();
  }, [result, toast]);
  return /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
    (result == null ? void 0 : result.refused.length) ? /* @__PURE__ */ jsx("div", { style: { padding: 12 }, children: /* @__PURE__ */ jsx(Banner, { tone: "warning", title: "Some segments were kept", children: result.refused.map((r) => /* @__PURE__ */ jsx("p", { children: `${r.name}: ${r.message}` }, r.name)) }) }) : null,
    /* @__PURE__ */ jsx(
      IndexFilters,
      {
        queryValue: query,
        queryPlaceholder: "Search segments",
        onQueryChange: setQuery,
        onQueryClear: () => setQuery(""),
        sortOptions: SORTS,
        sortSelected: sort,
        onSort: setSort,
        filters: [],
        appliedFilters: [],
        onClearAll: () => setQuery(""),
        tabs: [],
        selected: 0,
        mode: mode2,
        setMode,
        canCreateNewView: false,
        cancelAction: { onAction: () => setQuery("") }
      }
    ),
    /* @__PURE__ */ jsx(
      IndexTable,
      {
        resourceName: { singular: "segment", plural: "segments" },
        itemCount: rows.length,
        selectedItemsCount: allResourcesSelected ? "All" : selectedResources.length,
        onSelectionChange: handleSelectionChange,
        promotedBulkActions: [
          {
            content: "Delete segments",
            onAction: () => fetcher.submit({ intent: "delete-many", ids: selectedResources.join(",") }, { method: "post" })
          }
        ],
        emptyState: /* @__PURE__ */ jsx(EmptyState, { heading: `No segment matches “${query}”`, image: EMPTY_SEARCH, children: /* @__PURE__ */ jsx("p", { children: "Search by a segment's name or kind." }) }),
        headings: [
          { title: "Name" },
          { title: "Kind" },
          { title: "Members", alignment: "end" },
          { title: "Last 30 days" },
          { title: "Last refresh" },
          { title: "Status" }
        ],
        children: rows.map((s, i) => /* @__PURE__ */ jsxs(
          IndexTable.Row,
          {
            id: String(s.id),
            position: i,
            selected: selectedResources.includes(String(s.id)),
            onClick: () => navigate(`/app/segments/${s.id}`),
            children: [
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: /* @__PURE__ */ jsx("span", { "data-testid": "segment-name", children: s.name }) }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: KIND_INFO[s.kind].title }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", alignment: "end", numeric: true, children: /* @__PURE__ */ jsx("span", { "data-testid": "segment-members", children: !s.lastRefreshedAt ? s.status === "refreshing" ? "…" : "—" : s.memberCount.toLocaleString("en") }) }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(TrendSparkline, { points: s.trend, label: s.name }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: s.lastRefreshedAt ? /* @__PURE__ */ jsx(Tooltip, { content: new Date(s.lastRefreshedAt).toLocaleString("en"), children: /* @__PURE__ */ jsx(Text, { as: "span", children: timeAgo(s.lastRefreshedAt, now) }) }) : /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: "not yet" }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(SegmentStatusBadge, { status: s.status, error: s.refreshError }) })
            ]
          },
          s.id
        ))
      }
    )
  ] });
}
const links$2 = () => [{ rel: "stylesheet", href: vizStyles }];
const loader$e = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  return { segments: await listSegments(shop.id), now: (/* @__PURE__ */ new Date()).toISOString() };
};
const action$8 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const form = await request2.formData();
  if (form.get("intent") !== "delete-many") return Response.json({ error: "Unknown action" }, { status: 400 });
  const ids = String(form.get("ids") ?? "").split(",").map(Number).filter((n2) => Number.isInteger(n2) && n2 > 0).slice(0, 250);
  const names = new Map((await listSegments(shop.id)).map((s) => [s.id, s.name]));
  const out = { deleted: [], refused: [] };
  for (const id2 of ids) {
    const r = await deleteSegment({ shopId: shop.id, segmentId: id2 });
    if (r.ok) out.deleted.push(id2);
    else out.refused.push({ name: names.get(id2) ?? `Segment ${id2}`, message: r.message });
  }
  return out;
};
function Segments() {
  const { segments, now } = useLoaderData();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  const created = (params.get("created") ?? "").split(",").filter(Boolean).length;
  const refreshing = segments.some((s) => s.status === "refreshing");
  useEffect(() => {
    if (!refreshing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2e3);
    return () => clearInterval(timer);
  }, [refreshing, revalidator]);
  if (segments.length === 0) {
    return /* @__PURE__ */ jsx(Page, { title: "Segments", subtitle: "Customers grouped by what they bought and how they shop", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(EmptyState, { heading: "Build your first segment", image: EMPTY_PEOPLE, children: /* @__PURE__ */ jsx("p", { children: "Segments are computed from your orders and stay current as orders, refunds and cancellations arrive. Pick a kind below to start; you see who matches, and why, before you save." }) }) }),
      /* @__PURE__ */ jsx(KindPicker, {})
    ] }) });
  }
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: "Segments",
      subtitle: "Customers grouped by what they bought and how they shop",
      primaryAction: { content: "Create segment", url: "/app/segments/new" },
      children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
        created > 1 ? /* @__PURE__ */ jsx(Banner, { tone: "success", children: `${created} segments created: they are being computed now.` }) : null,
        /* @__PURE__ */ jsx(SegmentTable, { segments, now }),
        /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: "Members update within seconds of an order, refund or cancellation; time-based conditions (days since the last order, windows) are re-evaluated every night at midnight in your store's time zone." })
      ] })
    }
  );
}
function ErrorBoundary$3() {
  return /* @__PURE__ */ jsx(Page, { title: "Segments", children: /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "Segments could not be loaded", children: "Something went wrong on our side. Reload the page; if it keeps happening, contact support." }) });
}
const route27 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$3,
  action: action$8,
  default: Segments,
  links: links$2,
  loader: loader$e
}, Symbol.toStringTag, { value: "Module" }));
const loader$d = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  return formContext(shop);
};
const action$7 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const form = Object.fromEntries(await request2.formData());
  const result = await saveCampaign({ shopId: shop.id, input: { ...form, when: "draft" } });
  if (!result.ok) return json$1(result, { status: 400 });
  return redirect(`/app/campaigns/${result.campaignId}/edit?saved=1`);
};
function NewCampaign() {
  const ctx = useLoaderData();
  const result = useActionData();
  return /* @__PURE__ */ jsx(
    CampaignEditor,
    {
      campaignId: null,
      status: "draft",
      initial: defaultValues(),
      errors: (result == null ? void 0 : result.errors) ?? {},
      saved: false,
      ...ctx
    }
  );
}
function ErrorBoundary$2() {
  return /* @__PURE__ */ jsx(RouteError, { title: "New campaign" });
}
const route28 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$2,
  action: action$7,
  default: NewCampaign,
  loader: loader$d
}, Symbol.toStringTag, { value: "Module" }));
const HOUR = 36e5;
async function findOrderId(shopId2, query) {
  const q = query.trim();
  if (q === "") return null;
  const byName = await pool().query(
    `SELECT id::text FROM orders WHERE shop_id = $1 AND (name = $2 OR name = '#' || $2) ORDER BY shopify_created_at DESC LIMIT 1`,
    [shopId2, q]
  );
  if (byName.rows[0]) return byName.rows[0].id;
  if (/^\d{1,20}$/.test(q)) {
    const byId = await pool().query(
      `SELECT id::text FROM orders WHERE shop_id = $1 AND id = $2::numeric::bigint`,
      [shopId2, q]
    );
    if (byId.rows[0]) return byId.rows[0].id;
  }
  return null;
}
async function explainOrder(opts) {
  var _a, _b;
  if (!/^\d{1,20}$/.test(opts.orderId)) return null;
  const { rows } = await pool().query(
    `SELECT o.id::text, o.name, o.shopify_created_at, o.customer_id::text, o.total_minor::text, o.refunded_minor::text,
            o.net_minor::text, o.cancelled_at, o.test, o.landing_site, o.utm_source, o.wa_ref, o.discount_codes,
            NULLIF(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS customer_name, s.currency, s.currency_exponent
     FROM orders o JOIN shops s ON s.id = o.shop_id
     LEFT JOIN customers c ON c.shop_id = o.shop_id AND c.id = o.customer_id
     WHERE o.shop_id = $1 AND o.id = $2::numeric::bigint`,
    [opts.shopId, opts.orderId]
  );
  const o = rows[0];
  if (!o) return null;
  const windows = await getAttributionWindows(opts.shopId);
  const at = o.shopify_created_at;
  const linkRecipient = ((_a = o.utm_source) == null ? void 0 : _a.toLowerCase()) === LINK_UTM_SOURCE ? parseRecipientRef(o.wa_ref) : null;
  const [creditRows, candidates] = await Promise.all([
    pool().query(
      `SELECT a.recipient_id::text, a.campaign_id, c.name AS campaign_name, a.segment_id, s.name AS segment_name, a.signal, a.evidence,
              a.signal_at, a.window_hours, a.revenue_minor::text, a.seconds_after_send
       FROM attributions a JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN segments s ON s.id = a.segment_id
       WHERE a.shop_id = $1 AND a.order_id = $2::bigint`,
      [opts.shopId, o.id]
    ),
    // The customer's messages from campaigns that started up to 60 days before the order (and later ones that
    // held the customer out), plus the message whose link the order came through.
    pool().query(
      `SELECT r.id::text AS recipient_id, r.campaign_id, c.name AS campaign_name, c.discount_codes, s.name AS segment_name,
              r.segment_id, r.customer_id::text, r."group", r.status, r.reason, r.error_title, r.sent_at, r.delivered_at,
              r.read_at, r.clicked_at
       FROM recipients r JOIN campaigns c ON c.id = r.campaign_id LEFT JOIN segments s ON s.id = r.segment_id
       WHERE r.shop_id = $1
         AND ((r.customer_id = $2::bigint AND COALESCE(r.sent_at, c.started_at, r.created_at) BETWEEN $3::timestamptz - interval '60 days' AND $3::timestamptz + interval '1 day')
              OR r.id = $4::bigint)
       ORDER BY COALESCE(r.sent_at, c.started_at, r.created_at) DESC LIMIT 50`,
      [opts.shopId, o.customer_id, at, (linkRecipient == null ? void 0 : linkRecipient.toString()) ?? null]
    )
  ]);
  const cr = creditRows.rows[0];
  const credit = cr ? {
    recipientId: cr.recipient_id,
    campaignId: cr.campaign_id,
    campaignName: cr.campaign_name,
    segmentId: cr.segment_id,
    segmentName: cr.segment_name ?? "Not through a segment",
    signal: cr.signal,
    evidence: cr.evidence,
    signalAt: cr.signal_at.toISOString(),
    windowHours: cr.window_hours,
    revenueMinor: cr.revenue_minor,
    secondsAfterSend: cr.seconds_after_send
  } : null;
  const codes = new Set(o.discount_codes.map((c) => c.toUpperCase()));
  const messages = candidates.rows.map(
    (r) => explainMessage(r, { at, customerId: o.customer_id, linkRecipient, codes, windows, credit })
  );
  return {
    order: {
      id: o.id,
      name: o.name,
      placedAt: at.toISOString(),
      customerId: o.customer_id,
      customerName: o.customer_name,
      totalMinor: o.total_minor,
      refundedMinor: o.refunded_minor,
      netMinor: o.net_minor,
      cancelledAt: ((_b = o.cancelled_at) == null ? void 0 : _b.toISOString()) ?? null,
      test: o.test,
      landingSite: o.landing_site,
      discountCodes: o.discount_codes
    },
    currency: o.currency,
    exponent: o.currency_exponent,
    windows,
    credit,
    verdict: verdictOf({
      credit,
      test: o.test,
      cancelled: o.cancelled_at !== null,
      customerId: o.customer_id,
      linkRecipient,
      at,
      messages,
      candidates: candidates.rows,
      windows
    }),
    messages
  };
}
function explainMessage(r, ctx) {
  var _a, _b, _c, _d, _e;
  const base = {
    recipientId: r.recipient_id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name ?? "Not through a segment",
    group: r.group,
    status: r.status,
    sentAt: ((_a = r.sent_at) == null ? void 0 : _a.toISOString()) ?? null,
    deliveredAt: ((_b = r.delivered_at) == null ? void 0 : _b.toISOString()) ?? null,
    readAt: ((_c = r.read_at) == null ? void 0 : _c.toISOString()) ?? null,
    clickedAt: ((_d = r.clicked_at) == null ? void 0 : _d.toISOString()) ?? null
  };
  const credited = ((_e = ctx.credit) == null ? void 0 : _e.recipientId) === r.recipient_id;
  return { ...base, credited, reason: credited ? creditSentence(ctx.credit, ctx.at) : notCreditedReason(r, ctx) };
}
function notCreditedReason(r, ctx) {
  var _a;
  const at = ctx.at.getTime();
  const { clickWindowHours: click, viewWindowHours: view } = ctx.windows;
  if (r.group === "holdout") return "Held out of this campaign (the comparison group): never sent, never credited.";
  if (!r.sent_at) {
    if (r.status === "failed") return `Not sent: ${r.error_title ?? "the send failed"}.`;
    if (r.status === "excluded" || r.status === "skipped")
      return `Not sent: ${((_a = r.reason) == null ? void 0 : _a.replace(/_/g, " ")) ?? r.status}.`;
    return "Not sent (yet).";
  }
  if (r.sent_at.getTime() > at) return `Sent ${describeDuration((r.sent_at.getTime() - at) / 1e3)} after the order.`;
  const sinceSend = at - r.sent_at.getTime();
  const sameCustomer = ctx.customerId !== null && r.customer_id === ctx.customerId;
  const link2 = ctx.linkRecipient !== null && ctx.linkRecipient.toString() === r.recipient_id;
  const code = sameCustomer && (r.discount_codes ?? []).some((c) => ctx.codes.has(c.toUpperCase()));
  const clickedBefore = sameCustomer && r.clicked_at !== null && r.clicked_at.getTime() <= at;
  const viewAt = Math.max(
    r.delivered_at && r.delivered_at.getTime() <= at ? r.delivered_at.getTime() : -Infinity,
    r.read_at && r.read_at.getTime() <= at ? r.read_at.getTime() : -Infinity
  );
  const qualifies = link2 || code && sinceSend <= click * HOUR || clickedBefore && at - r.clicked_at.getTime() <= click * HOUR || sameCustomer && view > 0 && Number.isFinite(viewAt) && at - viewAt <= view * HOUR;
  if (qualifies)
    return "Counted, but a later signal took the credit (the latest click wins; without clicks, the latest delivery or read).";
  if (code)
    return `The order used this campaign's code, but the message was sent ${describeDuration(sinceSend / 1e3)} before it: outside the ${describeHours(click)} click window.`;
  if (clickedBefore)
    return `Clicked ${describeDuration((at - r.clicked_at.getTime()) / 1e3)} before the order: outside the ${describeHours(click)} click window.`;
  if (Number.isFinite(viewAt)) {
    const what = r.read_at && r.read_at.getTime() === viewAt ? "Read" : "Delivered";
    if (view === 0) return `${what}, not clicked; view-through credit is off in Settings.`;
    return `${what} ${describeDuration((at - viewAt) / 1e3)} before the order, not clicked: outside the ${describeHours(view)} view window.`;
  }
  if (r.status === "failed") return `The message failed: ${r.error_title ?? "not delivered"}.`;
  return "Sent, but no delivery or read receipt came before the order.";
}
function creditSentence(credit, at) {
  const window2 = `${credit.signal} window ${describeHours(credit.windowHours)}`;
  const sent = describeDuration(credit.secondsAfterSend);
  const since = describeDuration((at.getTime() - new Date(credit.signalAt).getTime()) / 1e3);
  switch (credit.evidence) {
    case "link":
      return `Clicked: the visit that placed the order came through this message's link (message sent ${sent} before the order; ${window2}).`;
    case "discount_code":
      return `Clicked: the order used this campaign's discount code, ${sent} after the message was sent (${window2}).`;
    case "click":
      return `Clicked ${since} before the order (message sent ${sent} before; ${window2}).`;
    case "read":
      return `Read ${since} before the order, no click since (${window2}).`;
    default:
      return `Delivered ${since} before the order, no click since (${window2}).`;
  }
}
function verdictOf(x) {
  var _a;
  if (x.credit) {
    const cancelled = x.cancelled ? " The order was cancelled, so it counts for no revenue." : "";
    return `Credited to "${x.credit.campaignName}" (${x.credit.segmentName}). ${((_a = x.messages.find((m2) => m2.credited)) == null ? void 0 : _a.reason) ?? ""}${cancelled}`.trim();
  }
  if (x.test) return "Not credited: test orders never count.";
  const before = x.candidates.filter((c) => c.sent_at === null || c.sent_at <= x.at);
  if (x.customerId === null && x.linkRecipient === null)
    return "Not credited: a guest checkout that did not come through one of our links, so no message can be matched to it.";
  if (before.length === 0) return "Not credited: no message was sent to this customer before the order.";
  if (before.every((c) => c.group === "holdout")) {
    return `Not credited: the customer was held out of ${[...new Set(before.map((c) => `"${c.campaign_name}"`))].join(", ")} (the comparison group), and held-out customers are never credited.`;
  }
  return `Not credited: messages were sent, but no click within ${describeHours(x.windows.clickWindowHours)} and no delivery or read within ${describeHours(x.windows.viewWindowHours)} before the order (see each message below).`;
}
const loader$c = async ({ request: request2 }) => {
  var _a;
  const { shop } = await requireShop(request2);
  const url = new URL(request2.url);
  const q = ((_a = url.searchParams.get("q")) == null ? void 0 : _a.trim()) ?? "";
  if (q) {
    const id2 = await findOrderId(shop.id, q);
    if (id2) throw redirect(`/app/orders/${id2}`);
  }
  const campaignId = Number(url.searchParams.get("campaign")) || null;
  const orders = await creditedOrdersPage({
    shopId: shop.id,
    campaignId,
    after: url.searchParams.get("after"),
    before: url.searchParams.get("before")
  });
  return {
    q,
    notFound: q !== "",
    orders,
    currency: shop.currency,
    exponent: shop.currencyExponent,
    timezone: shop.ianaTimezone
  };
};
function ErrorBoundary$1() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Credited orders" });
}
function CreditedOrders() {
  var _a;
  const { q, notFound, orders, currency, exponent, timezone } = useLoaderData();
  const [value, setValue] = useState(q);
  const navigation = useNavigation();
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: "Credited orders",
      subtitle: "Orders credited to a WhatsApp message, and why",
      backAction: { content: "Dashboard", url: "/app" },
      children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
        /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(Form, { method: "get", children: /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "end", wrap: false, children: [
          /* @__PURE__ */ jsx("div", { style: { flexGrow: 1 }, children: /* @__PURE__ */ jsx(
            TextField,
            {
              label: "Explain any order",
              name: "q",
              value,
              onChange: setValue,
              placeholder: "Order number, e.g. #1042",
              autoComplete: "off"
            }
          ) }),
          /* @__PURE__ */ jsx(Button, { submit: true, loading: navigation.state !== "idle" && ((_a = navigation.location) == null ? void 0 : _a.pathname) === "/app/orders", children: "Explain" })
        ] }) }) }),
        notFound ? /* @__PURE__ */ jsx(Banner, { tone: "warning", title: `No order "${q}" in this store`, children: /* @__PURE__ */ jsx("p", { children: "Use the order number as shown in Shopify (e.g. #1042). Orders appear here once imported." }) }) : null,
        /* @__PURE__ */ jsx(CreditedOrdersTable, { orders, currency, exponent, timezone })
      ] })
    }
  );
}
const PAGE_SIZE = 50;
function CreditedOrdersTable({
  orders,
  currency,
  exponent,
  timezone
}) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const pageIndex = Number(params.get("page") ?? "1") || 1;
  const campaign = params.get("campaign") ?? "";
  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    setParams(next, { preventScrollReset: true });
  };
  const first = orders.total === 0 ? 0 : (pageIndex - 1) * PAGE_SIZE + 1;
  const last = first === 0 ? 0 : first + orders.rows.length - 1;
  return /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
    orders.campaigns.length > 1 ? /* @__PURE__ */ jsx("div", { style: { padding: "12px 16px", maxWidth: 360 }, children: /* @__PURE__ */ jsx(
      Select,
      {
        label: "Campaign",
        labelInline: true,
        options: [
          { label: "All campaigns", value: "" },
          ...orders.campaigns.map((c) => ({ label: c.name, value: String(c.id) }))
        ],
        value: campaign,
        onChange: (v) => go({ campaign: v, after: null, before: null, page: null, q: null })
      }
    ) }) : null,
    /* @__PURE__ */ jsx(
      IndexTable,
      {
        resourceName: { singular: "credited order", plural: "credited orders" },
        itemCount: orders.rows.length,
        selectable: false,
        emptyState: /* @__PURE__ */ jsx(
          EmptyState,
          {
            heading: "No credited orders yet",
            image: EMPTY_MESSAGE,
            action: { content: "Create a campaign", url: "/app/campaigns/new" },
            children: /* @__PURE__ */ jsx("p", { children: "Orders that come through a message link, use a campaign code, or follow a delivered message appear here." })
          }
        ),
        headings: [
          { title: "Order" },
          { title: `Placed (${timezone})` },
          { title: "Customer" },
          { title: "Campaign" },
          { title: "Why" },
          { title: "Revenue", alignment: "end" }
        ],
        pagination: {
          hasPrevious: orders.before !== null,
          hasNext: orders.after !== null,
          onPrevious: () => go({ before: orders.before, after: null, page: String(Math.max(1, pageIndex - 1)) }),
          onNext: () => go({ after: orders.after, before: null, page: String(pageIndex + 1) }),
          label: `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${orders.total.toLocaleString("en")}`
        },
        children: orders.rows.map((o, i) => /* @__PURE__ */ jsxs(
          IndexTable.Row,
          {
            id: o.orderId,
            position: i,
            onClick: () => navigate(`/app/orders/${o.orderId}`),
            children: [
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Link, { to: `/app/orders/${o.orderId}`, onClick: (e) => e.stopPropagation(), children: o.name ?? o.orderId }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: dateTime(o.placedAt, timezone) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: o.customerName ?? "—" }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Link, { to: `/app/campaigns/${o.campaignId}/report`, onClick: (e) => e.stopPropagation(), children: o.campaignName }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", children: EVIDENCE_LABELS[o.evidence] ?? o.evidence }) }),
              /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", alignment: "end", numeric: true, children: o.cancelled ? /* @__PURE__ */ jsx(Badge, { children: "Cancelled" }) : money$1(o.revenueMinor, currency, exponent) }) })
            ]
          },
          o.orderId
        ))
      }
    )
  ] });
}
const route29 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary: ErrorBoundary$1,
  default: CreditedOrders,
  loader: loader$c
}, Symbol.toStringTag, { value: "Module" }));
const IMAGE_HEIGHT = 160;
function HeaderMedia({ format, link: link2 }) {
  const [failed, setFailed] = useState(false);
  const img = useRef(null);
  useEffect(() => {
    var _a;
    setFailed(Boolean(((_a = img.current) == null ? void 0 : _a.complete) && img.current.naturalWidth === 0));
  }, [link2]);
  if (format === "IMAGE" && link2 && /^https:\/\//.test(link2) && !failed) {
    return /* @__PURE__ */ jsx(
      "img",
      {
        ref: img,
        src: link2,
        alt: "Header image",
        "data-testid": "template-preview-image",
        onError: () => setFailed(true),
        style: { display: "block", width: "100%", height: IMAGE_HEIGHT, objectFit: "cover", borderRadius: 6 }
      }
    );
  }
  return /* @__PURE__ */ jsx(
    Box,
    {
      background: "bg-surface-secondary",
      borderRadius: "200",
      padding: "400",
      minHeight: format === "IMAGE" ? `${IMAGE_HEIGHT}px` : void 0,
      children: /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
        /* @__PURE__ */ jsx(Icon, { source: ImageIcon, tone: "subdued" }),
        /* @__PURE__ */ jsx(Text, { as: "span", variant: "bodySm", tone: "subdued", breakWord: true, children: failed ? `image could not be loaded: ${link2}` : `${format.toLowerCase()}: ${link2 || "no link"}` })
      ] })
    }
  );
}
function TemplatePreview({
  template,
  mapping,
  row,
  format,
  campaignId = "preview",
  recipientRef = null
}) {
  var _a, _b;
  const { rendered, preview, labels } = useMemo(() => {
    const r = renderComponents(template, mapping, row, { ...format, campaignId, recipientRef });
    const slotLabels = Object.fromEntries(templateSlots(template).map((s) => [s.id, s.label]));
    return { rendered: r, preview: previewTemplate(template, r), labels: slotLabels };
  }, [template, mapping, row, format, campaignId, recipientRef]);
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsxs("div", { "data-testid": "template-preview", style: { background: "#e5ddd5", borderRadius: 12, padding: 16 }, children: [
      /* @__PURE__ */ jsx(
        "div",
        {
          style: {
            background: "#fff",
            borderRadius: 8,
            padding: 10,
            maxWidth: 360,
            boxShadow: "0 1px 1px rgba(0,0,0,0.13)"
          },
          children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
            ((_a = preview.header) == null ? void 0 : _a.mediaFormat) ? /* @__PURE__ */ jsx(HeaderMedia, { format: preview.header.mediaFormat, link: preview.header.link }) : null,
            ((_b = preview.header) == null ? void 0 : _b.text) ? /* @__PURE__ */ jsx(Text, { as: "p", fontWeight: "bold", children: preview.header.text }) : null,
            /* @__PURE__ */ jsx(
              "div",
              {
                style: { whiteSpace: "pre-wrap", fontSize: 14, lineHeight: "20px" },
                "data-testid": "template-preview-body",
                children: preview.body
              }
            ),
            preview.footer ? /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: preview.footer }) : null
          ] })
        }
      ),
      preview.buttons.map((b, i) => /* @__PURE__ */ jsxs(
        "div",
        {
          style: {
            background: "#fff",
            borderRadius: 8,
            marginTop: 4,
            maxWidth: 360,
            padding: "8px 10px",
            textAlign: "center",
            color: "#00a5f4"
          },
          children: [
            /* @__PURE__ */ jsxs(InlineStack, { gap: "100", align: "center", blockAlign: "center", children: [
              /* @__PURE__ */ jsx(Icon, { source: b.type === "URL" ? LinkIcon : ChatIcon, tone: "info" }),
              /* @__PURE__ */ jsx("span", { children: b.text })
            ] }),
            b.url ? /* @__PURE__ */ jsx(
              "div",
              {
                style: { fontSize: 11, color: "#667781", wordBreak: "break-all" },
                "data-testid": "template-preview-url",
                children: b.url
              }
            ) : null
          ]
        },
        i
      ))
    ] }),
    rendered.missing.length ? /* @__PURE__ */ jsx(InlineStack, { gap: "100", children: rendered.missing.map((slot) => /* @__PURE__ */ jsx(Badge, { tone: "critical", children: `${labels[slot] ?? slot} is empty for this customer` }, slot)) }) : null,
    rendered.usedFallback.length ? /* @__PURE__ */ jsx(InlineStack, { gap: "100", children: rendered.usedFallback.map((slot) => /* @__PURE__ */ jsx(Badge, { tone: "attention", children: `${labels[slot] ?? slot}: fallback used` }, slot)) }) : null
  ] });
}
function formatContextFor(shop, language) {
  return {
    currency: shop.currency,
    currencyExponent: shop.currencyExponent,
    locale: localeOf(language),
    timeZone: shop.ianaTimezone
  };
}
async function previewCustomers(shopId2, search = "", limit = 25) {
  const q = search.trim();
  const { rows } = await pool().query(
    `SELECT id::text, first_name, last_name, email, phone_e164 FROM customers
     WHERE shop_id = $1 AND phone_valid AND deleted_at IS NULL
       AND ($2 = '' OR concat_ws(' ', first_name, last_name, email, phone_e164) ILIKE '%' || $2 || '%')
     ORDER BY last_order_at DESC NULLS LAST, id LIMIT $3`,
    [shopId2, q, limit]
  );
  return rows.map((r) => ({
    id: r.id,
    label: [[r.first_name, r.last_name].filter(Boolean).join(" ") || "(no name)", r.email ?? r.phone_e164].filter(Boolean).join(" · ")
  }));
}
async function previewRow(shopId2, customerId, segmentId) {
  const rows = await loadRecipientFields({ shopId: shopId2, recipients: [{ customerId, segmentId }], fields: FIELD_KEYS });
  return rows.get(customerId) ?? {};
}
async function editorData(shop, templateId, opts = {}) {
  const template = await getTemplate(shop.id, templateId);
  if (!template) return null;
  const [customers, segments] = await Promise.all([
    previewCustomers(shop.id),
    pool().query(
      `SELECT id, name, member_count FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY name`,
      [shop.id]
    )
  ]);
  let customer = customers[0] ?? null;
  if (opts.customerId && /^\d{1,20}$/.test(opts.customerId)) {
    customer = customers.find((c) => c.id === opts.customerId) ?? (await previewCustomers(shop.id, "", 1e3)).find((c) => c.id === opts.customerId) ?? customer;
  }
  return {
    template,
    mapping: mappingFor(template),
    customers,
    customer,
    row: customer ? await previewRow(shop.id, customer.id, opts.segmentId ?? null) : {},
    segments: segments.rows.map((s) => ({ id: s.id, name: s.name, memberCount: s.member_count })),
    format: { ...formatContextFor(shop, template.language), shopName: shop.name ?? shop.domain }
  };
}
async function emptyCounts(shopId2, templateId, mappingInput, segmentId) {
  var _a;
  const template = await getTemplate(shopId2, templateId);
  if (!template) return { error: "Template not found" };
  const parsed = mappingSchema.safeParse(mappingInput);
  if (!parsed.success) return { error: ((_a = parsed.error.issues[0]) == null ? void 0 : _a.message) ?? "Invalid mapping" };
  if (segmentId !== null) {
    const { rowCount } = await pool().query(`SELECT 1 FROM segments WHERE shop_id = $1 AND id = $2`, [
      shopId2,
      segmentId
    ]);
    if (!rowCount) return { error: "Segment not found" };
  }
  return countEmptyParameters({
    shopId: shopId2,
    template: asTemplateLike(template),
    mapping: parsed.data,
    segmentId
  });
}
const loader$b = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = idParam(params.id, "Template");
  const url = new URL(request2.url);
  const data = Number.isInteger(id2) ? await editorData(shop, id2, { customerId: url.searchParams.get("customer") }) : null;
  if (!data) throw new Response("Template not found", { status: 404 });
  return data;
};
const action$6 = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const id2 = idParam(params.id, "Template");
  const form = await request2.formData();
  const intent = form.get("intent");
  let mapping;
  try {
    mapping = JSON.parse(String(form.get("mapping") ?? "{}"));
  } catch {
    const message = "The mapping could not be read";
    const unreadable = intent === "count" ? { intent, error: message } : { intent: "save", ok: false, issues: [{ slot: "", message }] };
    return json$1(unreadable, { status: 400 });
  }
  if (intent === "save") {
    const r = await saveDefaultMapping(shop.id, id2, mapping);
    return json$1({ intent, ...r }, { status: r.ok ? 200 : 400 });
  }
  if (intent === "count") {
    const raw = String(form.get("segmentId") ?? "");
    const segmentId = raw === "" || raw === "all" ? null : Number(raw);
    const counts = await emptyCounts(shop.id, id2, mapping, segmentId);
    if ("error" in counts) return json$1({ intent, error: counts.error }, { status: 400 });
    return { intent, counts, templateId: id2, segmentId, mapping: String(form.get("mapping")) };
  }
  return json$1({ intent: null, error: "Unknown action" }, { status: 400 });
};
const shouldRevalidate = ({ formData, defaultShouldRevalidate }) => (formData == null ? void 0 : formData.get("intent")) === "count" ? false : defaultShouldRevalidate;
function TemplateMappingPage() {
  var _a, _b, _c, _d, _e, _f, _g;
  const data = useLoaderData();
  const navigate = useNavigate();
  const { revalidate } = useRevalidator();
  const template = useMemo(() => asTemplateLike(data.template), [data.template]);
  const [mapping, setMapping] = useState(data.mapping);
  const [saved, setSaved] = useState(JSON.stringify(data.mapping));
  const save = useFetcher();
  const count2 = useFetcher();
  const preview = useFetcher();
  const [customerId, setCustomerId] = useState(((_a = data.customer) == null ? void 0 : _a.id) ?? "");
  const [segmentId, setSegmentId] = useState(data.segments[0] ? String(data.segments[0].id) : "all");
  const issues = useMemo(() => mappingIssues(template, mapping), [template, mapping]);
  const state2 = mappingState(template, data.template.defaultMapping);
  const toMap = parametersToMap(template, data.template.defaultMapping);
  const dirty = JSON.stringify(mapping) !== saved || data.template.defaultMapping === null;
  const row = preview.data && "row" in preview.data && preview.data.customerId === customerId ? preview.data.row : ((_b = data.customer) == null ? void 0 : _b.id) === customerId ? data.row : {};
  const sent = useRef(null);
  useEffect(() => {
    var _a2;
    if (((_a2 = save.data) == null ? void 0 : _a2.intent) === "save" && save.data.ok && sent.current !== null) {
      setSaved(sent.current);
      revalidate();
    }
  }, [save.data, revalidate]);
  const runCount = () => count2.submit({ intent: "count", mapping: JSON.stringify(mapping), segmentId }, { method: "post" });
  const counted = ((_c = count2.data) == null ? void 0 : _c.intent) === "count" && "counts" in count2.data ? count2.data : null;
  const fresh = counted !== null && counted.templateId === data.template.id && String(counted.segmentId ?? "all") === segmentId && counted.mapping === JSON.stringify(mapping);
  const counts = fresh ? counted.counts : null;
  const countedName = (counted == null ? void 0 : counted.segmentId) === null ? "all customers with a WhatsApp number" : ((_d = data.segments.find((s) => s.id === (counted == null ? void 0 : counted.segmentId))) == null ? void 0 : _d.name) ?? "the segment";
  const countError = ((_e = count2.data) == null ? void 0 : _e.intent) === "count" && "error" in count2.data ? count2.data.error : null;
  const serverIssues = ((_f = save.data) == null ? void 0 : _f.intent) === "save" && !save.data.ok ? save.data.issues : [];
  const status = templateStatus(data.template.status);
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: data.template.name,
      titleMetadata: /* @__PURE__ */ jsxs(InlineStack, { gap: "200", children: [
        /* @__PURE__ */ jsx(Badge, { tone: status.tone, children: status.label }),
        /* @__PURE__ */ jsx("span", { "data-testid": "mapping-state", children: mappingBadge({ mapping: state2, toMap, variables: templateSlots(template).length }) })
      ] }),
      subtitle: `${CATEGORY[data.template.category] ?? data.template.category} · ${data.template.language} · ${data.template.parameterFormat === "NAMED" ? "named" : "numbered"} variables`,
      backAction: { content: "Templates", onAction: () => navigate("/app/templates") },
      primaryAction: {
        content: dirty ? "Save mapping" : "Saved",
        accessibilityLabel: dirty ? "Save mapping" : "Mapping saved",
        disabled: !dirty || issues.length > 0,
        loading: save.state !== "idle",
        onAction: () => {
          sent.current = JSON.stringify(mapping);
          save.submit({ intent: "save", mapping: sent.current }, { method: "post" });
        }
      },
      children: /* @__PURE__ */ jsxs(Layout, { children: [
        data.template.status !== "APPROVED" ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(Banner, { tone: "warning", title: `This template is ${status.label.toLowerCase()}`, children: [
          data.template.rejectedReason ? `Meta's reason: ${data.template.rejectedReason}. ` : "",
          "Campaigns can only send approved templates. You can still prepare its mapping."
        ] }) }) : null,
        data.template.defaultMapping === null && templateSlots(template).length > 0 ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "warning", title: "This mapping is not saved yet", children: "Choose a value for each variable and save: new campaigns with this template start from the saved mapping. Meta's examples are shown beside each variable for reference and are never sent." }) }) : null,
        ((_g = save.data) == null ? void 0 : _g.intent) === "save" && save.data.ok && !dirty ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Banner, { tone: "success", children: "Mapping saved. New campaigns with this template start from it." }) }) : null,
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Variables" }),
          /* @__PURE__ */ jsx(
            TemplateMappingEditor,
            {
              template,
              mapping,
              onChange: setMapping,
              issues: [...serverIssues, ...issues],
              emptyCounts: counts
            }
          )
        ] }) }) }),
        /* @__PURE__ */ jsx(Layout.Section, { variant: "oneThird", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
          /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Preview" }),
            data.customers.length ? /* @__PURE__ */ jsx(
              Select,
              {
                label: "Customer",
                options: data.customers.map((c) => ({ label: c.label, value: c.id })),
                value: customerId,
                onChange: (id2) => {
                  setCustomerId(id2);
                  preview.load(`/app/templates/${data.template.id}/preview?customer=${id2}`);
                }
              }
            ) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "No customer with a WhatsApp number yet: the preview shows fallbacks." }),
            /* @__PURE__ */ jsx(TemplatePreview, { template, mapping, row, format: data.format })
          ] }) }),
          /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
            /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Empty values before sending" }),
            /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: "Counts, over a segment's members with a WhatsApp number, how many would get the fallback or an empty value (those are not sent)." }),
            /* @__PURE__ */ jsx(
              Select,
              {
                label: "Segment",
                options: [
                  { label: "All customers with a WhatsApp number", value: "all" },
                  ...data.segments.map((s) => ({
                    label: `${s.name} (${s.memberCount.toLocaleString("en")})`,
                    value: String(s.id)
                  }))
                ],
                value: segmentId,
                onChange: setSegmentId
              }
            ),
            /* @__PURE__ */ jsx(InlineStack, { children: /* @__PURE__ */ jsx(Button, { onClick: runCount, loading: count2.state !== "idle", disabled: issues.length > 0, children: "Count empty values" }) }),
            countError ? /* @__PURE__ */ jsx(Banner, { tone: "critical", children: countError }) : null,
            counted && !fresh ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "The segment or the mapping changed since the last count: count again." }) : null,
            counts ? /* @__PURE__ */ jsx("div", { "data-testid": "empty-counts", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
              /* @__PURE__ */ jsx("div", { "data-testid": "empty-count-summary", children: /* @__PURE__ */ jsx(Text, { as: "p", children: counts.slots.every((s) => s.empty === 0 && s.usingFallback === 0) ? `Every parameter has a value for all ${counts.total.toLocaleString("en")} customers in ${countedName}.` : `${counts.total.toLocaleString("en")} customers checked in ${countedName}.` }) }),
              counts.slots.filter((s) => s.empty > 0 || s.usingFallback > 0).map((s) => /* @__PURE__ */ jsx(Text, { as: "p", tone: s.empty > 0 ? "critical" : void 0, children: s.empty > 0 ? `${s.label}: empty for ${s.empty.toLocaleString("en")} (no fallback — they would not be sent)` : `${s.label}: fallback used for ${s.usingFallback.toLocaleString("en")}` }, s.slot))
            ] }) }) : null
          ] }) })
        ] }) })
      ] })
    }
  );
}
const route30 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$6,
  default: TemplateMappingPage,
  loader: loader$b,
  shouldRevalidate
}, Symbol.toStringTag, { value: "Module" }));
const loader$a = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const url = new URL(request2.url);
  const customerId = url.searchParams.get("customer") ?? "";
  if (!/^\d{1,20}$/.test(customerId)) return json$1({ error: "customer is a Shopify customer id" }, { status: 400 });
  const segment = url.searchParams.get("segment");
  return {
    customerId,
    row: await previewRow(shop.id, customerId, segment && /^\d+$/.test(segment) ? Number(segment) : null)
  };
};
const route31 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$a
}, Symbol.toStringTag, { value: "Module" }));
const loader$9 = async ({ request: request2 }) => {
  const { shop, demo } = await requireShop(request2);
  const url = new URL(request2.url);
  const context = await builderContext(shop);
  const taken = context.segments.map((s) => s.name);
  const from = Number(url.searchParams.get("from"));
  if (Number.isSafeInteger(from) && from > 0) {
    const source = await savedForm(shop, from);
    if (source)
      return {
        context,
        embedded: !demo,
        kind: source.kind,
        name: uniqueName(`Copy of ${source.name}`, taken),
        form: source.form
      };
  }
  const kind = url.searchParams.get("kind");
  if (!isSegmentKind(kind)) return { context, embedded: !demo, kind: null, name: "", form: null };
  const form = (kind === "cross_sell" ? await crossSellFromLink(shop.id, url) : null) ?? defaultForm(kind);
  return { context, embedded: !demo, kind, name: defaultName(kind, taken), form };
};
const action$5 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const kind = new URL(request2.url).searchParams.get("kind") ?? void 0;
  let body;
  try {
    body = await request2.json();
  } catch {
    const unreadable = {
      ok: false,
      status: 400,
      fieldErrors: { form: "The form could not be read: reload the page and try again" }
    };
    return json$1(unreadable, { status: 400 });
  }
  const result = await saveSegment({
    shopId: shop.id,
    name: body.name,
    kind: body.kind ?? kind,
    form: body.form,
    allBands: body.allBands === true
  });
  if (!result.ok) return json$1(result, { status: result.status });
  return redirect(
    result.ids.length === 1 ? `/app/segments/${result.ids[0]}` : `/app/segments?created=${result.ids.join(",")}`
  );
};
function NewSegment() {
  const data = useLoaderData();
  if (!data.kind || !data.form) {
    return /* @__PURE__ */ jsx(
      Page,
      {
        title: "New segment",
        subtitle: "What kind of customers do you want to reach?",
        backAction: { content: "Segments", url: "/app/segments" },
        children: /* @__PURE__ */ jsx(KindPicker, {})
      }
    );
  }
  return /* @__PURE__ */ jsx(
    SegmentBuilder,
    {
      mode: "create",
      kind: data.kind,
      initialName: data.name,
      initialForm: data.form,
      currency: data.context.currency,
      segments: data.context.segments,
      embedded: data.embedded
    },
    data.kind
  );
}
const route32 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$5,
  default: NewSegment,
  loader: loader$9
}, Symbol.toStringTag, { value: "Module" }));
const loader$8 = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const explanation = await explainOrder({ shopId: shop.id, orderId: params.id ?? "" });
  if (!explanation) throw new Response("Not found", { status: 404 });
  return { explanation, timezone: shop.ianaTimezone };
};
function ErrorBoundary() {
  return /* @__PURE__ */ jsx(RouteError, { title: "Order attribution" });
}
function Row$2({ label: label2, value }) {
  return /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", gap: "400", wrap: false, children: [
    /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: label2 }),
    /* @__PURE__ */ jsx(Text, { as: "span", alignment: "end", breakWord: true, children: value })
  ] });
}
function OrderAttribution() {
  const { explanation: x, timezone } = useLoaderData();
  const m2 = (v) => money$1(v, x.currency, x.exponent);
  const o = x.order;
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: `Order ${o.name ?? o.id}`,
      titleMetadata: x.credit ? /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Credited" }) : /* @__PURE__ */ jsx(Badge, { children: "Not credited" }),
      subtitle: `Placed ${dateTime(o.placedAt, timezone)}${o.customerName ? ` by ${o.customerName}` : o.customerId ? "" : " (guest checkout)"}`,
      backAction: { content: "Credited orders", url: "/app/orders" },
      children: /* @__PURE__ */ jsxs(Layout, { children: [
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(
          Banner,
          {
            tone: x.credit ? "success" : "info",
            title: x.credit ? `Credited to ${x.credit.campaignName}` : "Not credited to any message",
            children: /* @__PURE__ */ jsx("p", { children: x.verdict })
          }
        ) }),
        /* @__PURE__ */ jsx(Layout.Section, { variant: "oneHalf", children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Order" }),
          /* @__PURE__ */ jsx(Row$2, { label: "Total", value: m2(o.totalMinor) }),
          /* @__PURE__ */ jsx(Row$2, { label: "Refunded", value: m2(o.refundedMinor) }),
          /* @__PURE__ */ jsx(Row$2, { label: "Revenue that counts", value: m2(o.netMinor) }),
          o.cancelledAt ? /* @__PURE__ */ jsx(Row$2, { label: "Cancelled", value: dateTime(o.cancelledAt, timezone) }) : null,
          o.test ? /* @__PURE__ */ jsx(Row$2, { label: "Test order", value: "yes" }) : null,
          /* @__PURE__ */ jsx(Row$2, { label: "Landing page", value: o.landingSite ?? "—" }),
          /* @__PURE__ */ jsx(Row$2, { label: "Discount codes", value: o.discountCodes.length ? o.discountCodes.join(", ") : "—" })
        ] }) }) }),
        /* @__PURE__ */ jsx(Layout.Section, { variant: "oneHalf", children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Credit" }),
          x.credit ? /* @__PURE__ */ jsxs(Fragment, { children: [
            /* @__PURE__ */ jsx(
              Row$2,
              {
                label: "Campaign",
                value: /* @__PURE__ */ jsx(Link, { to: `/app/campaigns/${x.credit.campaignId}/report`, children: x.credit.campaignName })
              }
            ),
            /* @__PURE__ */ jsx(Row$2, { label: "Segment", value: x.credit.segmentName }),
            /* @__PURE__ */ jsx(
              Row$2,
              {
                label: "Signal",
                value: `${x.credit.signal === "click" ? "Click" : "View"} (${x.credit.evidence.replace("_", " ")})`
              }
            ),
            /* @__PURE__ */ jsx(Row$2, { label: "Signal time", value: dateTime(x.credit.signalAt, timezone) }),
            /* @__PURE__ */ jsx(Row$2, { label: "Window", value: describeHours(x.credit.windowHours) }),
            /* @__PURE__ */ jsx(Row$2, { label: "Credited revenue", value: m2(x.credit.revenueMinor) })
          ] }) : /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
            "Windows now: click ",
            describeHours(x.windows.clickWindowHours),
            ", view",
            " ",
            describeHours(x.windows.viewWindowHours),
            "."
          ] })
        ] }) }) }),
        /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Messages to this customer around the order" }),
          x.messages.length === 0 ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "None in the 60 days before the order." }) : /* @__PURE__ */ jsx(BlockStack, { gap: "300", children: x.messages.map((msg, i) => /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
            i > 0 ? /* @__PURE__ */ jsx(Divider, {}) : null,
            /* @__PURE__ */ jsx(Box, { paddingBlockStart: i > 0 ? "200" : "0", children: /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
              /* @__PURE__ */ jsx(Link, { to: `/app/campaigns/${msg.campaignId}/report`, children: msg.campaignName }),
              /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: msg.segmentName }),
              msg.credited ? /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Credited" }) : msg.group === "holdout" ? /* @__PURE__ */ jsx(Badge, { children: "Held out" }) : null
            ] }) }),
            /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: [
              msg.sentAt && `sent ${dateTime(msg.sentAt, timezone)}`,
              msg.deliveredAt && `delivered ${dateTime(msg.deliveredAt, timezone)}`,
              msg.readAt && `read ${dateTime(msg.readAt, timezone)}`,
              msg.clickedAt && `clicked ${dateTime(msg.clickedAt, timezone)}`
            ].filter(Boolean).join(" · ") || (msg.group === "holdout" ? "never sent" : msg.status) }),
            /* @__PURE__ */ jsx(Text, { as: "p", tone: msg.credited ? "success" : void 0, children: msg.reason })
          ] }, msg.recipientId)) })
        ] }) }) })
      ] })
    }
  );
}
const route33 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  ErrorBoundary,
  default: OrderAttribution,
  loader: loader$8
}, Symbol.toStringTag, { value: "Module" }));
const STATE_BADGE = {
  opted_in: { label: "Opted in", tone: "success" },
  opted_out: { label: "Opted out", tone: "critical" },
  none: { label: "No explicit consent", tone: void 0 }
};
function stateLabel(state2) {
  var _a;
  return ((_a = STATE_BADGE[state2]) == null ? void 0 : _a.label) ?? "Other";
}
const SOURCE_LABEL = {
  shopify_sms: "Shopify SMS consent",
  shopify_whatsapp: "Shopify WhatsApp consent",
  tag: "Customer tag",
  storefront: "Storefront widget",
  whatsapp_confirm: "Storefront widget, confirmed on WhatsApp",
  csv: "CSV import",
  whatsapp_keyword: "WhatsApp reply",
  whatsapp_button: "WhatsApp button",
  whatsapp_preferences: "WhatsApp settings (stop/resume promotions)",
  whatsapp_error: "Meta: customer stopped marketing (131050)",
  merchant: "Merchant"
};
function sourceLabel(source) {
  return SOURCE_LABEL[source] ?? "Other";
}
const SMS_STATE = {
  subscribed: "Subscribed to SMS in Shopify",
  not_subscribed: "Not subscribed to SMS in Shopify",
  unsubscribed: "Unsubscribed from SMS in Shopify",
  pending: "SMS subscription pending in Shopify",
  redacted: "SMS consent erased in Shopify",
  invalid: "SMS number invalid in Shopify"
};
function smsStateLabel(state2) {
  return SMS_STATE[state2.toLowerCase()] ?? "SMS consent in Shopify: other";
}
const REASON_LABEL = {
  invalid_phone: "No WhatsApp number",
  customer_deleted: "Deleted customer",
  opted_out: "Opted out",
  unreachable: "Not on WhatsApp",
  cool_down: "Meta limit, 24 h pause",
  no_consent: "No consent"
};
function changeLabel(from, to2) {
  return `${stateLabel(from)} → ${stateLabel(to2)}`;
}
function ContactHistory({
  history,
  timeZone
}) {
  const fetcher = useFetcher();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const done = fetcher.state === "idle" && fetcher.data;
  useEffect(() => {
    var _a, _b;
    if (!done) return;
    if ((_a = fetcher.data) == null ? void 0 : _a.ok) toast(`${fetcher.data.optedOut} opted out`);
    else toast(((_b = fetcher.data) == null ? void 0 : _b.error) ?? "Not opted out", { error: true });
  }, [done, fetcher.data, toast]);
  const c = history.contact;
  if (!c) return /* @__PURE__ */ jsx(Banner, { tone: "warning", children: "No contact with this number." });
  const state2 = STATE_BADGE[c.consentState] ?? STATE_BADGE.none;
  return /* @__PURE__ */ jsxs(Card, { children: [
    /* @__PURE__ */ jsx("div", { "data-testid": "contact-history", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
      /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", children: [
        /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: c.name ? `${c.name} · ${c.phoneE164}` : c.phoneE164 }),
          /* @__PURE__ */ jsx(Badge, { tone: state2.tone, children: state2.label }),
          c.blockedBy === null ? /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Can receive campaigns" }) : /* @__PURE__ */ jsx(Badge, { children: `Cannot receive campaigns: ${REASON_LABEL[c.blockedBy] ?? "other reason"}` }),
          c.tagOptIn ? /* @__PURE__ */ jsx(Badge, { children: "Opt-in tag" }) : null,
          c.shopifySmsState ? /* @__PURE__ */ jsx(Badge, { children: smsStateLabel(c.shopifySmsState) }) : null,
          c.unreachableAt ? /* @__PURE__ */ jsx(Badge, { tone: "warning", children: "Not on WhatsApp" }) : null,
          c.coolDownUntil && new Date(c.coolDownUntil) > /* @__PURE__ */ new Date() ? /* @__PURE__ */ jsx(Badge, { tone: "attention", children: `Paused until ${formatInZone(c.coolDownUntil, timeZone)}` }) : null
        ] }),
        c.consentState !== "opted_out" ? /* @__PURE__ */ jsx(Button, { tone: "critical", loading: fetcher.state !== "idle", onClick: () => setConfirming(true), children: "Opt out" }) : null
      ] }),
      history.events.length ? /* @__PURE__ */ jsx(
        DataTable,
        {
          columnContentTypes: ["text", "text", "text", "text"],
          headings: [`When (${timeZone})`, "Source", "Change", "Detail"],
          rows: history.events.map((e) => [
            formatInZone(e.at, timeZone),
            sourceLabel(e.source),
            changeLabel(e.previousState, e.newState),
            e.detail ?? ""
          ])
        }
      ) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "No consent changes recorded." })
    ] }) }),
    /* @__PURE__ */ jsx(
      Modal,
      {
        open: confirming,
        onClose: () => setConfirming(false),
        title: `Opt out ${c.phoneE164}?`,
        primaryAction: {
          content: "Opt out",
          destructive: true,
          onAction: () => {
            setConfirming(false);
            fetcher.submit({ intent: "opt-out", phone: c.phoneE164 }, { method: "post" });
          }
        },
        secondaryActions: [{ content: "Cancel", onAction: () => setConfirming(false) }],
        children: /* @__PURE__ */ jsx(Modal.Section, { children: /* @__PURE__ */ jsx(Text, { as: "p", children: "This contact will receive no more campaigns. Only the customer can undo it (by replying START or opting in again on your storefront)." }) })
      }
    )
  ] });
}
const STATE_CHOICES = [
  { label: "Opted in", value: "opted_in" },
  { label: "Opted out", value: "opted_out" },
  { label: "No explicit consent", value: "none" }
];
function ContactsTable({ page, timeZone }) {
  var _a;
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { mode: mode2, setMode } = useSetIndexFiltersMode();
  const q = params.get("q") ?? "";
  const state2 = params.get("state") ?? "";
  const [query, setQuery] = useState(q);
  const pageIndex = Number(params.get("page") ?? "1") || 1;
  useEffect(() => {
    if (query === q) return;
    const timer = setTimeout(() => update({ q: query || null }), 300);
    return () => clearTimeout(timer);
  });
  function update(changes, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    if (!keepPage) ["after", "before", "page", "phone"].forEach((k) => next.delete(k));
    setParams(next, { preventScrollReset: true });
  }
  const first = page.total === 0 ? 0 : (pageIndex - 1) * 25 + 1;
  const last = first === 0 ? 0 : first + page.rows.length - 1;
  const filters = [
    {
      key: "state",
      label: "Consent",
      filter: /* @__PURE__ */ jsx(
        ChoiceList,
        {
          title: "Consent",
          titleHidden: true,
          choices: STATE_CHOICES,
          selected: state2 ? [state2] : [],
          onChange: (v) => update({ state: v[0] ?? null })
        }
      ),
      shortcut: true
    }
  ];
  const applied = state2 ? [
    {
      key: "state",
      label: `Consent: ${((_a = STATE_BADGE[state2]) == null ? void 0 : _a.label) ?? state2}`,
      onRemove: () => update({ state: null })
    }
  ] : [];
  return /* @__PURE__ */ jsxs(Card, { padding: "0", children: [
    /* @__PURE__ */ jsx(
      IndexFilters,
      {
        queryValue: query,
        queryPlaceholder: "Search by phone number or name",
        onQueryChange: setQuery,
        onQueryClear: () => setQuery(""),
        filters,
        appliedFilters: applied,
        onClearAll: () => update({ state: null, q: null }),
        tabs: [],
        selected: 0,
        mode: mode2,
        setMode,
        canCreateNewView: false,
        cancelAction: { onAction: () => setQuery(q) }
      }
    ),
    /* @__PURE__ */ jsx(
      IndexTable,
      {
        resourceName: { singular: "contact", plural: "contacts" },
        itemCount: page.rows.length,
        selectable: false,
        emptyState: /* @__PURE__ */ jsx(
          EmptyState,
          {
            heading: q || state2 ? "No contact matches" : "No WhatsApp contacts yet",
            image: q || state2 ? EMPTY_SEARCH : EMPTY_PEOPLE,
            action: q || state2 ? { content: "Clear the search", onAction: () => update({ q: null, state: null }) } : void 0,
            children: /* @__PURE__ */ jsx("p", { children: q || state2 ? "Try part of a name or a phone number." : "Contacts appear when customers opt in (storefront widget, CSV import, Shopify consent) or write to your WhatsApp number." })
          }
        ),
        headings: [
          { title: "Phone" },
          { title: "Customer" },
          { title: "Consent" },
          { title: "Can receive campaigns" },
          { title: "Source" },
          { title: `Since (${timeZone})` }
        ],
        pagination: {
          hasPrevious: page.before !== null,
          hasNext: page.after !== null,
          onPrevious: () => update({ before: page.before, after: null, page: String(Math.max(1, pageIndex - 1)) }, true),
          onNext: () => update({ after: page.after, before: null, page: String(pageIndex + 1) }, true),
          label: `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${page.total.toLocaleString("en")}`
        },
        children: page.rows.map((c, i) => {
          const badge = STATE_BADGE[c.consentState] ?? STATE_BADGE.none;
          const href = `?${new URLSearchParams({ ...Object.fromEntries(params), phone: c.phoneE164 })}`;
          return /* @__PURE__ */ jsxs(IndexTable.Row, { id: c.phoneE164, position: i, onClick: () => navigate(href), children: [
            /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: /* @__PURE__ */ jsx(
              "a",
              {
                href,
                onClick: (e) => e.preventDefault(),
                style: { color: "inherit", textDecoration: "none" },
                children: c.phoneE164
              }
            ) }) }),
            /* @__PURE__ */ jsx(IndexTable.Cell, { children: c.name ?? "—" }),
            /* @__PURE__ */ jsx(IndexTable.Cell, { children: /* @__PURE__ */ jsx(Badge, { tone: badge.tone, children: badge.label }) }),
            /* @__PURE__ */ jsx(IndexTable.Cell, { children: c.blockedBy === null ? /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Yes" }) : /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: `No: ${REASON_LABEL[c.blockedBy] ?? "other reason"}` }) }),
            /* @__PURE__ */ jsx(IndexTable.Cell, { children: c.consentSource ? sourceLabel(c.consentSource) : c.tagOptIn ? "Customer tag" : c.shopifySmsState ? smsStateLabel(c.shopifySmsState) : "—" }),
            /* @__PURE__ */ jsx(IndexTable.Cell, { children: c.since ? formatInZone(c.since, timeZone, { dateOnly: true }) : "—" })
          ] }, c.phoneE164);
        })
      }
    )
  ] });
}
function ImportCard({ countryCode }) {
  const fetcher = useFetcher();
  const toast = useToast();
  const [file, setFile] = useState(null);
  const [wording, setWording] = useState("");
  const [country, setCountry] = useState(countryCode ?? "");
  const result = fetcher.data;
  const summary2 = result && result.ok && "summary" in result ? result.summary : null;
  useEffect(() => {
    if (summary2) toast(`Import finished: ${summary2.rowsTotal.toLocaleString("en")} rows`);
  }, [summary2, toast]);
  const submit = () => {
    if (!file) return;
    const data = new FormData();
    data.append("wording", wording);
    data.append("country", country);
    data.append("file", file);
    fetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  };
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Import consent from a CSV" }),
    /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: "Columns: phone (required), consent (yes/no, opted_in/opted_out; default yes), country (for numbers without +country code), consented_at (date), customer_id. Opt-outs are applied; an opt-in never overrides an earlier opt-out." }),
    /* @__PURE__ */ jsxs(FormLayout, { children: [
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "How did these customers agree to WhatsApp marketing?",
          value: wording,
          onChange: setWording,
          multiline: 2,
          autoComplete: "off",
          helpText: "Stored with every imported opt-in as proof of consent, e.g. “Ticked ‘Send me offers on WhatsApp’ at the in-store sign-up, 2026”."
        }
      ),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Country of numbers without a country code",
          value: country,
          onChange: (v) => setCountry(v.toUpperCase().slice(0, 2)),
          autoComplete: "off",
          helpText: "Two-letter code, e.g. GB"
        }
      ),
      /* @__PURE__ */ jsx(
        DropZone,
        {
          accept: ".csv,text/csv",
          type: "file",
          allowMultiple: false,
          onDrop: (files) => setFile(files[0] ?? null),
          label: "CSV file",
          children: file ? /* @__PURE__ */ jsx("div", { style: { padding: 16 }, children: /* @__PURE__ */ jsx(Text, { as: "p", children: `${file.name} · ${(file.size / 1024).toFixed(1)} KB` }) }) : /* @__PURE__ */ jsx(DropZone.FileUpload, { actionHint: "Accepts .csv" })
        }
      ),
      /* @__PURE__ */ jsx(
        Button,
        {
          variant: "primary",
          onClick: submit,
          disabled: !file || wording.trim().length < 10,
          loading: fetcher.state !== "idle",
          children: "Import"
        }
      )
    ] }),
    result && !result.ok ? /* @__PURE__ */ jsx(Banner, { tone: "critical", children: result.error }) : null,
    summary2 ? /* @__PURE__ */ jsx(ImportSummary, { summary: summary2 }) : null
  ] }) });
}
function ImportSummary({ summary: summary2 }) {
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
    /* @__PURE__ */ jsxs(
      Banner,
      {
        tone: summary2.status === "failed" ? "critical" : summary2.rowsRejected ? "warning" : "success",
        title: summary2.status === "failed" ? "Import stopped" : "Import finished",
        children: [
          summary2.error ? /* @__PURE__ */ jsx("p", { children: summary2.error }) : null,
          /* @__PURE__ */ jsx("p", { "data-testid": "import-summary", children: `${summary2.rowsTotal.toLocaleString("en")} rows: ${summary2.optedIn} opted in, ${summary2.optedOut} opted out, ${summary2.unchanged} unchanged, ${summary2.keptOptedOut} kept opted out, ${summary2.rowsRejected} rejected.` })
        ]
      }
    ),
    summary2.errors.length ? /* @__PURE__ */ jsxs(Fragment, { children: [
      /* @__PURE__ */ jsx(
        DataTable,
        {
          columnContentTypes: ["numeric", "text", "text"],
          headings: ["Line", "Phone", "Problem"],
          rows: summary2.errors.slice(0, 50).map((e) => [e.row, e.phone, e.error])
        }
      ),
      /* @__PURE__ */ jsx(Link$1, { url: `/app/contacts/imports/${summary2.id}/rejected.csv`, target: "_blank", children: `Download all ${summary2.rowsRejected} rejected rows (CSV)` })
    ] }) : null
  ] });
}
function ConsentChart({ bars }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return /* @__PURE__ */ jsx("div", { style: { height: 240 } });
  return /* @__PURE__ */ jsx("div", { style: { height: 240 }, "data-testid": "consent-chart", children: /* @__PURE__ */ jsx(PolarisVizProvider, { children: /* @__PURE__ */ jsx(
    BarChart,
    {
      theme: "Light",
      direction: "horizontal",
      showLegend: false,
      isAnimated: false,
      data: [{ name: "Customers", data: bars.map((b) => ({ key: b.label, value: b.value })) }]
    }
  ) }) });
}
function ConsentSummary({ overview }) {
  const a = overview.audience;
  const bars = [
    { label: "Can receive now", value: a.eligible },
    ...Object.entries(a.excluded).map(([reason, n22]) => ({ label: REASON_LABEL[reason] ?? reason, value: n22 }))
  ];
  const n2 = (x) => x.toLocaleString("en");
  return /* @__PURE__ */ jsxs(Fragment, { children: [
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, sm: 2, lg: 4 }, gap: "400", children: [
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: "Can receive campaigns now" }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "headingXl", children: n2(a.eligible) }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: `of ${n2(a.total)} customers` })
      ] }) }),
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: "Opted in explicitly" }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "headingXl", children: n2(overview.contacts.optedIn) }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: "widget, CSV, WhatsApp" })
      ] }) }),
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: "Opted out" }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "headingXl", children: n2(overview.contacts.optedOut) }),
        /* @__PURE__ */ jsx(
          Text,
          {
            as: "p",
            variant: "bodySm",
            tone: "subdued",
            children: `${n2(overview.contacts.optedOutLast30Days)} in the last 30 days`
          }
        )
      ] }) }),
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: "No consent" }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "headingXl", children: n2(a.excluded.no_consent) }),
        /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: "reachable, never opted in" })
      ] }) })
    ] }) }),
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Who can receive WhatsApp marketing" }),
      /* @__PURE__ */ jsx(ConsentChart, { bars })
    ] }) }) })
  ] });
}
function ConsentSummarySkeleton() {
  return /* @__PURE__ */ jsxs(Fragment, { children: [
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(InlineGrid, { columns: { xs: 1, sm: 2, lg: 4 }, gap: "400", children: [0, 1, 2, 3].map((i) => /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 1 }),
      /* @__PURE__ */ jsx(SkeletonDisplayText, { size: "medium" }),
      /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 1 })
    ] }) }, i)) }) }),
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx("div", { style: { height: 280 }, children: /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Who can receive WhatsApp marketing" }) }) }) })
  ] });
}
async function consentOverview(shopId2) {
  const [audience, totals, sources] = await Promise.all([
    canReceiveCampaigns(shopId2),
    pool().query(
      `SELECT count(*) FILTER (WHERE consent_state = 'opted_in')::int AS opted_in,
              count(*) FILTER (WHERE consent_state = 'opted_out')::int AS opted_out,
              count(*) FILTER (WHERE consent_state = 'none')::int AS none,
              count(*) FILTER (WHERE consent_state = 'opted_out' AND opted_out_at > now() - interval '30 days')::int AS recent
       FROM contacts WHERE shop_id = $1`,
      [shopId2]
    ),
    pool().query(
      `SELECT consent_source AS source, count(*) FILTER (WHERE consent_state = 'opted_in')::int AS opted_in,
              count(*) FILTER (WHERE consent_state = 'opted_out')::int AS opted_out
       FROM contacts WHERE shop_id = $1 AND consent_source IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [shopId2]
    )
  ]);
  const t = totals.rows[0];
  return {
    audience,
    contacts: { optedIn: t.opted_in, optedOut: t.opted_out, none: t.none, optedOutLast30Days: t.recent },
    bySource: sources.rows.map((r) => ({ source: r.source, optedIn: r.opted_in, optedOut: r.opted_out }))
  };
}
const CONTACT_COLUMNS = `k.phone_e164, k.customer_id::text, nullif(btrim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS name,
  k.consent_state, k.consent_source, k.consent_at, k.shopify_sms_state, k.tag_opt_in, k.cool_down_until, k.unreachable_at, k.last_inbound_at,
  CASE k.consent_state WHEN 'opted_out' THEN coalesce(k.opted_out_at, k.updated_at)
                       WHEN 'opted_in' THEN coalesce(k.consent_at, k.updated_at) ELSE k.created_at END AS since`;
const VERDICT = consentVerdictSql({
  customer: "cu",
  contact: "k",
  phone: "k.phone_e164",
  countSms: "$2::boolean",
  optInTag: "$3::text",
  now: "now()"
});
function toContact(r) {
  const iso = (v) => v instanceof Date ? v.toISOString() : null;
  return {
    phoneE164: r.phone_e164,
    customerId: r.customer_id ?? null,
    name: r.name ?? null,
    consentState: r.consent_state,
    consentSource: r.consent_source ?? null,
    consentAt: iso(r.consent_at),
    shopifySmsState: r.shopify_sms_state ?? null,
    tagOptIn: r.tag_opt_in,
    coolDownUntil: iso(r.cool_down_until),
    unreachableAt: iso(r.unreachable_at),
    lastInboundAt: iso(r.last_inbound_at),
    since: iso(r.since),
    blockedBy: r.blocked_by ?? null
  };
}
function cursorOf(updatedAt, phone) {
  return Buffer.from(`${updatedAt.toISOString()}|${phone}`).toString("base64url");
}
function parseCursor(raw) {
  if (!raw) return null;
  const [at, phone] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (!at || !phone || Number.isNaN(Date.parse(at)) || !/^\+\d{7,15}$/.test(phone)) return null;
  return { at, phone };
}
async function listContacts(shopId2, opts = {}) {
  const q = (opts.query ?? "").trim();
  const limit = opts.limit ?? 25;
  const phone = q ? normalizePhone(q, null).e164 ?? (/^\+?\d{4,}$/.test(q.replace(/[\s()-]/g, "")) ? q.replace(/[^\d]/g, "") : null) : null;
  const state2 = ["opted_in", "opted_out", "none"].includes(opts.state ?? "") ? opts.state : "";
  const after = parseCursor(opts.after);
  const before = after ? null : parseCursor(opts.before);
  const settings = await loadConsentSettings(shopId2);
  const search = q ? `AND (k.phone_e164 = $5 OR ($5 IS NOT NULL AND k.phone_e164 LIKE '%' || $5 || '%')
            OR ($5 IS NULL AND EXISTS (SELECT 1 FROM customers c2 WHERE c2.shop_id = k.shop_id AND c2.id = k.customer_id
                 AND concat_ws(' ', c2.first_name, c2.last_name, c2.email) ILIKE '%' || $4 || '%')))` : `AND $4 = '' AND $5::text IS NULL`;
  const filter = `k.shop_id = $1 ${search} AND ($6 = '' OR k.consent_state = $6)`;
  const keyset = after ? `AND (k.updated_at, k.phone_e164) < ($7::timestamptz, $8::text)` : before ? `AND (k.updated_at, k.phone_e164) > ($7::timestamptz, $8::text)` : `AND $7::timestamptz IS NULL AND $8::text IS NULL`;
  const order = before ? "ASC" : "DESC";
  const cursor = after ?? before;
  const [page, count2] = await Promise.all([
    pool().query(
      `WITH keys AS (
         SELECT k.phone_e164 FROM contacts k WHERE ${filter} ${keyset}
         ORDER BY k.updated_at ${order}, k.phone_e164 ${order} LIMIT $9)
       SELECT ${CONTACT_COLUMNS}, k.updated_at, ${VERDICT} AS blocked_by
       FROM keys JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = keys.phone_e164
       LEFT JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
       ORDER BY k.updated_at ${order}, k.phone_e164 ${order}`,
      [
        shopId2,
        settings.countShopifySmsConsent,
        settings.optInTag,
        q,
        phone,
        state2,
        (cursor == null ? void 0 : cursor.at) ?? null,
        (cursor == null ? void 0 : cursor.phone) ?? null,
        limit + 1
      ]
    ),
    pool().query(
      `SELECT count(*)::int AS n FROM contacts k WHERE ${filter.replace(/\$([456])\b/g, (_, n2) => `$${Number(n2) - 2}`)}`,
      [shopId2, q, phone, state2]
    )
  ]);
  const more = page.rows.length > limit;
  const rows = page.rows.slice(0, limit);
  if (before) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = before ? true : more;
  const hasPrev = before ? more : after !== null;
  return {
    rows: rows.map(toContact),
    total: count2.rows[0].n,
    after: hasNext && last ? cursorOf(last.updated_at, last.phone_e164) : null,
    before: hasPrev && first ? cursorOf(first.updated_at, first.phone_e164) : null
  };
}
async function contactHistory(shopId2, phoneE164) {
  const [contact, events] = await Promise.all([
    loadConsentSettings(shopId2).then(
      (settings) => pool().query(
        `SELECT ${CONTACT_COLUMNS}, ${VERDICT.replace(/\$([23])::/g, (_, n2) => `$${Number(n2) + 1}::`)} AS blocked_by
         FROM contacts k LEFT JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
         WHERE k.shop_id = $1 AND k.phone_e164 = $2`,
        [shopId2, phoneE164, settings.countShopifySmsConsent, settings.optInTag]
      )
    ),
    pool().query(
      `SELECT id::text, source, previous_state, new_state, detail, context, at FROM consent_events
       WHERE shop_id = $1 AND phone_e164 = $2 ORDER BY at DESC, id DESC LIMIT 200`,
      [shopId2, phoneE164]
    )
  ]);
  return {
    contact: contact.rows[0] ? toContact(contact.rows[0]) : null,
    events: events.rows.map((e) => ({
      id: e.id,
      source: e.source,
      previousState: e.previous_state,
      newState: e.new_state,
      detail: e.detail,
      context: e.context,
      at: e.at.toISOString()
    }))
  };
}
const BATCH = 1e3;
const MAX_REPORTED_ERRORS = 1e3;
const YES = /* @__PURE__ */ new Set(["", "yes", "y", "true", "1", "opted_in", "opt_in", "optin", "subscribed", "in", "opt-in"]);
const NO = /* @__PURE__ */ new Set([
  "no",
  "n",
  "false",
  "0",
  "opted_out",
  "opt_out",
  "optout",
  "unsubscribed",
  "out",
  "stop",
  "opt-out"
]);
function parseRow(r, row, defaultCountry, now) {
  const rawPhone = (r.phone ?? r.phone_number ?? r.mobile ?? "").trim();
  const fail = (error) => ({ row, phone: rawPhone.slice(0, 40), error });
  if (!rawPhone) return fail("phone is empty");
  const country = (r.country ?? r.country_code ?? "").trim().toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) return fail(`country "${country}" is not a two-letter code`);
  const phone = normalizePhone(rawPhone, country || defaultCountry);
  if (!phone.valid || !phone.e164) {
    const why = {
      missing: "phone is empty",
      unparseable: "not a phone number",
      invalid_number: "not a valid phone number",
      not_mobile: "a landline, not a mobile number"
    };
    return fail(why[phone.reason ?? "invalid_number"]);
  }
  const consent = (r.consent ?? r.status ?? r.opted_in ?? "").trim().toLowerCase();
  const state2 = YES.has(consent) ? "opted_in" : NO.has(consent) ? "opted_out" : null;
  if (!state2) return fail(`consent "${consent}" is not yes/no, opted_in/opted_out or subscribed/unsubscribed`);
  let at = new Date(now);
  const when2 = (r.consented_at ?? r.date ?? "").trim();
  if (when2) {
    at = new Date(when2);
    if (Number.isNaN(at.getTime())) return fail(`consented_at "${when2}" is not a date`);
    if (at.getTime() > now + 864e5) return fail(`consented_at ${when2} is in the future`);
  }
  let customerId = null;
  const cid = (r.customer_id ?? "").trim();
  if (cid) {
    const m2 = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(cid);
    if (!m2) return fail(`customer_id "${cid}" is not a Shopify customer id`);
    customerId = m2[1];
  }
  return { row, phone: phone.e164, state: state2, at: at.toISOString(), customer_id: customerId };
}
async function applyBatch(shopId2, importId, wording, rows) {
  return withTransaction(async (c) => {
    const input = JSON.stringify(rows);
    await c.query(
      `INSERT INTO contacts (shop_id, phone_e164, customer_id)
       SELECT DISTINCT ON (i.phone) $1, i.phone,
              coalesce(i.customer_id, (SELECT id FROM customers cu WHERE cu.shop_id = $1 AND cu.phone_e164 = i.phone AND cu.deleted_at IS NULL ORDER BY cu.updated_at DESC LIMIT 1))
       FROM jsonb_to_recordset($2::jsonb) AS i(row int, phone text, customer_id bigint)
       ORDER BY i.phone, i.row
       ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
      [shopId2, input]
    );
    const { rows: verdicts } = await c.query(
      `WITH input AS (
         -- a phone listed twice in one batch: the last row wins (file order)
         SELECT DISTINCT ON (i.phone) i.* FROM jsonb_to_recordset($2::jsonb) AS i(row int, phone text, state text, at timestamptz, customer_id bigint)
         ORDER BY i.phone, i.row DESC),
       cur AS (
         SELECT k.phone_e164, k.consent_state, k.consent_at, k.customer_id
         FROM contacts k JOIN input i ON k.shop_id = $1 AND k.phone_e164 = i.phone
         FOR UPDATE OF k),
       decided AS (
         SELECT i.*, cur.consent_state AS prev, coalesce(cur.customer_id, i.customer_id) AS linked,
                CASE WHEN cur.consent_at IS NOT NULL AND date_trunc('second', i.at) < date_trunc('second', cur.consent_at) THEN 'unchanged'
                     WHEN cur.consent_state = i.state THEN 'unchanged'
                     WHEN i.state = 'opted_in' AND cur.consent_state = 'opted_out' THEN 'kept_opted_out'
                     ELSE 'apply' END AS verdict
         FROM input i JOIN cur ON cur.phone_e164 = i.phone),
       upd AS (
         UPDATE contacts k SET consent_state = d.state, consent_source = 'csv', consent_at = d.at,
                opted_out_at = CASE WHEN d.state = 'opted_out' THEN d.at ELSE k.opted_out_at END,
                customer_id = coalesce(k.customer_id, d.linked), updated_at = now()
         FROM decided d WHERE k.shop_id = $1 AND k.phone_e164 = d.phone AND d.verdict = 'apply'
         RETURNING 1),
       ev AS (
         INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state, detail, context, at)
         SELECT $1, d.phone, d.linked, 'csv', d.prev, d.state, $3, jsonb_build_object('import_id', $4::int, 'row', d.row), d.at
         FROM decided d WHERE d.verdict = 'apply'
         RETURNING 1)
       SELECT d.verdict, d.state, count(*)::int AS n FROM decided d GROUP BY 1, 2`,
      [shopId2, input, wording, importId]
    );
    const counts = { optedIn: 0, optedOut: 0, unchanged: 0, keptOptedOut: 0 };
    for (const v of verdicts) {
      if (v.verdict === "apply") counts[v.state === "opted_in" ? "optedIn" : "optedOut"] += v.n;
      else if (v.verdict === "kept_opted_out") counts.keptOptedOut += v.n;
      else counts.unchanged += v.n;
    }
    const distinct = new Set(rows.map((r) => r.phone)).size;
    counts.unchanged += rows.length - distinct;
    return counts;
  });
}
async function importConsentCsv(args) {
  const now = (args.now ?? /* @__PURE__ */ new Date()).getTime();
  const { rows } = await pool().query(
    `INSERT INTO consent_imports (shop_id, file_name, wording) VALUES ($1, $2, $3) RETURNING id`,
    [args.shopId, args.fileName.slice(0, 200), args.wording]
  );
  const id2 = rows[0].id;
  const summary2 = {
    id: id2,
    status: "completed",
    rowsTotal: 0,
    optedIn: 0,
    optedOut: 0,
    unchanged: 0,
    keptOptedOut: 0,
    rowsRejected: 0,
    errors: [],
    error: null
  };
  const reject = (e) => {
    summary2.rowsRejected++;
    if (summary2.errors.length < MAX_REPORTED_ERRORS) summary2.errors.push(e);
  };
  const parser = parse$1({
    columns: (header) => header.map(
      (h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_")
    ),
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true
  });
  const input = args.source instanceof Readable ? args.source : Readable.from(args.source);
  input.on("error", (err) => parser.destroy(err));
  input.pipe(parser);
  let batch = [];
  const flush = async () => {
    if (!batch.length) return;
    const counts = await applyBatch(args.shopId, id2, args.wording, batch);
    summary2.optedIn += counts.optedIn;
    summary2.optedOut += counts.optedOut;
    summary2.unchanged += counts.unchanged;
    summary2.keptOptedOut += counts.keptOptedOut;
    batch = [];
    await progress(summary2);
  };
  let sawPhoneColumn = null;
  try {
    for await (const { record, info } of parser) {
      if (sawPhoneColumn === null) {
        sawPhoneColumn = ["phone", "phone_number", "mobile"].some((k) => k in record);
        if (!sawPhoneColumn) throw new Error("The file needs a header row with a “phone” column.");
      }
      summary2.rowsTotal++;
      const parsed = parseRow(record, info.lines, args.defaultCountry, now);
      if ("error" in parsed) reject(parsed);
      else batch.push(parsed);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  } catch (err) {
    summary2.status = "failed";
    summary2.error = errorMessage$1(err).replace(/^Invalid Record Length.*/, "The CSV is malformed").slice(0, 500);
    input.unpipe(parser);
    input.destroy();
  }
  await pool().query(
    `UPDATE consent_imports SET status = $2, rows_total = $3, opted_in = $4, opted_out = $5, unchanged = $6, rows_rejected = $7,
            errors = $8::jsonb, error = $9, finished_at = now() WHERE id = $1`,
    [
      id2,
      summary2.status,
      summary2.rowsTotal,
      summary2.optedIn,
      summary2.optedOut,
      summary2.unchanged + summary2.keptOptedOut,
      summary2.rowsRejected,
      JSON.stringify(summary2.errors),
      summary2.error
    ]
  );
  if (summary2.optedOut > 0) {
    await enqueue(
      "consent.sync-shopify",
      { shopId: args.shopId },
      { jobId: `consent-sync-${args.shopId}-import-${id2}` }
    ).catch((err) => logger.warn(`consent sync after import ${id2} not queued: ${errorMessage$1(err)}`));
  }
  return summary2;
  async function progress(s) {
    await pool().query(
      `UPDATE consent_imports SET rows_total = $2, opted_in = $3, opted_out = $4, unchanged = $5, rows_rejected = $6 WHERE id = $1`,
      [id2, s.rowsTotal, s.optedIn, s.optedOut, s.unchanged + s.keptOptedOut, s.rowsRejected]
    );
  }
}
async function recentImports(shopId2, limit = 5) {
  const { rows } = await pool().query(
    `SELECT id, file_name, status, rows_total, opted_in, opted_out, unchanged, rows_rejected, errors, error, started_at, finished_at
     FROM consent_imports WHERE shop_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
    [shopId2, limit]
  );
  return rows.map((r) => {
    var _a;
    return {
      id: r.id,
      fileName: r.file_name,
      status: r.status,
      rowsTotal: r.rows_total,
      optedIn: r.opted_in,
      optedOut: r.opted_out,
      unchanged: r.unchanged,
      rowsRejected: r.rows_rejected,
      errors: r.errors,
      error: r.error,
      startedAt: r.started_at.toISOString(),
      finishedAt: ((_a = r.finished_at) == null ? void 0 : _a.toISOString()) ?? null
    };
  });
}
async function importErrors(shopId2, importId) {
  const { rows } = await pool().query(`SELECT file_name, errors FROM consent_imports WHERE shop_id = $1 AND id = $2`, [
    shopId2,
    importId
  ]);
  return rows[0] ? { fileName: rows[0].file_name, errors: rows[0].errors } : null;
}
async function importReport(shopId2, importId) {
  var _a;
  const { rows } = await pool().query(
    `SELECT id, file_name, status, rows_total, opted_in, opted_out, unchanged, rows_rejected, errors, error, started_at, finished_at
     FROM consent_imports WHERE shop_id = $1 AND id = $2`,
    [shopId2, importId]
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    fileName: r.file_name,
    status: r.status,
    rowsTotal: r.rows_total,
    optedIn: r.opted_in,
    optedOut: r.opted_out,
    unchanged: r.unchanged,
    rowsRejected: r.rows_rejected,
    errors: r.errors,
    error: r.error,
    startedAt: r.started_at.toISOString(),
    finishedAt: ((_a = r.finished_at) == null ? void 0 : _a.toISOString()) ?? null
  };
}
async function readText(data, max = 1e4) {
  const chunks = [];
  let size = 0;
  for await (const c of data) {
    size += c.length;
    if (size <= max) chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks).toString("utf8");
}
async function drain(data) {
  for await (const _ of data) void _;
}
async function handleConsentUpload(request2, shop) {
  const fields = {};
  let result = { ok: false, error: "Choose a CSV file to import." };
  try {
    await unstable_parseMultipartFormData(request2, async (part) => {
      if (part.filename === void 0) {
        fields[part.name] = await readText(part.data);
        return void 0;
      }
      if (part.name !== "file") {
        await drain(part.data);
        return void 0;
      }
      const wording = (fields.wording ?? "").trim();
      if (wording.length < 10) {
        await drain(part.data);
        result = {
          ok: false,
          error: "Describe how these customers gave consent (at least 10 characters): it is stored with every opt-in."
        };
        return void 0;
      }
      if (!/\.(csv|txt)$/i.test(part.filename) && !/csv|text\/plain|excel/.test(part.contentType)) {
        await drain(part.data);
        result = { ok: false, error: "The file must be a CSV." };
        return void 0;
      }
      const country = (fields.country ?? "").trim().toUpperCase();
      const summary2 = await importConsentCsv({
        shopId: shop.id,
        fileName: part.filename || "upload.csv",
        wording: wording.slice(0, 2e3),
        defaultCountry: /^[A-Z]{2}$/.test(country) ? country : shop.countryCode,
        source: part.data
      });
      result = { ok: true, summary: summary2 };
      return void 0;
    });
  } catch (err) {
    if (err instanceof TypeError) return { ok: false, error: "The upload could not be read. Choose the file again." };
    throw err;
  }
  return result;
}
const links$1 = () => [{ rel: "stylesheet", href: vizStyles }];
const loader$7 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const url = new URL(request2.url);
  const get = (k) => url.searchParams.get(k);
  const phone = get("phone");
  const overview = consentOverview(shop.id);
  const [contacts, history, imports] = await Promise.all([
    listContacts(shop.id, {
      query: get("q") ?? "",
      state: get("state") ?? "",
      after: get("after"),
      before: get("before")
    }),
    phone ? contactHistory(shop.id, phone) : Promise.resolve(null),
    recentImports(shop.id)
  ]);
  return defer({ overview, contacts, history, imports, countryCode: shop.countryCode, timeZone: shop.ianaTimezone });
};
const action$4 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  if ((request2.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const result = await handleConsentUpload(request2, shop);
    return Response.json(result, { status: result.ok ? 200 : 400 });
  }
  const form = await request2.formData();
  if (form.get("intent") === "opt-out") {
    const phone = String(form.get("phone") ?? "");
    const note = String(form.get("note") ?? "").trim();
    if (!/^\+[1-9]\d{6,14}$/.test(phone))
      return Response.json({ ok: false, error: "Unknown phone number" }, { status: 400 });
    await applyConsentChange({
      shopId: shop.id,
      phoneE164: phone,
      to: "opted_out",
      source: "merchant",
      detail: note || "opted out by the merchant"
    });
    return Response.json({ ok: true, optedOut: phone });
  }
  return Response.json({ ok: false, error: "Unknown action" }, { status: 400 });
};
function Contacts() {
  const { overview, contacts, history, imports, countryCode, timeZone } = useLoaderData();
  return /* @__PURE__ */ jsx(Page, { title: "Contacts", subtitle: "WhatsApp marketing consent, with every change on record", children: /* @__PURE__ */ jsxs(Layout, { children: [
    /* @__PURE__ */ jsx(Suspense, { fallback: /* @__PURE__ */ jsx(ConsentSummarySkeleton, {}), children: /* @__PURE__ */ jsx(Await, { resolve: overview, children: (o) => /* @__PURE__ */ jsx(ConsentSummary, { overview: o }) }) }),
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(ContactsTable, { page: contacts, timeZone }) }),
    history ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(ContactHistory, { history, timeZone }) }) : null,
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(ImportCard, { countryCode }) }),
    imports.length ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Recent imports" }),
      /* @__PURE__ */ jsx(
        DataTable,
        {
          columnContentTypes: ["text", "text", "numeric", "numeric", "numeric", "numeric", "text"],
          headings: ["File", `When (${timeZone})`, "Rows", "Opted in", "Opted out", "Rejected", ""],
          rows: imports.map((i) => [
            /* @__PURE__ */ jsx(Link$1, { url: `/app/contacts/imports/${i.id}`, children: i.fileName }, i.id),
            formatInZone(i.startedAt, timeZone),
            i.rowsTotal,
            i.optedIn,
            i.optedOut,
            i.rowsRejected,
            i.rowsRejected ? /* @__PURE__ */ jsx(Link$1, { url: `/app/contacts/imports/${i.id}/rejected.csv`, target: "_blank", children: "Rejected rows" }, i.id) : i.status === "failed" ? "Stopped" : "Finished"
          ])
        }
      )
    ] }) }) }) : null
  ] }) });
}
const route34 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$4,
  default: Contacts,
  links: links$1,
  loader: loader$7
}, Symbol.toStringTag, { value: "Module" }));
const loader$6 = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const report = await importReport(shop.id, idParam(params.id, "Import"));
  if (!report) throw new Response("Import not found", { status: 404 });
  return { report, timeZone: shop.ianaTimezone };
};
function ImportPage() {
  const { report, timeZone } = useLoaderData();
  const n2 = (x) => x.toLocaleString("en");
  const figures = [
    ["Rows", report.rowsTotal],
    ["Opted in", report.optedIn],
    ["Opted out", report.optedOut],
    ["Rejected", report.rowsRejected]
  ];
  return /* @__PURE__ */ jsx(
    Page,
    {
      title: report.fileName,
      subtitle: `Imported ${formatInZone(report.startedAt, timeZone)}`,
      titleMetadata: report.status === "failed" ? /* @__PURE__ */ jsx(Badge, { tone: "critical", children: "Stopped" }) : /* @__PURE__ */ jsx(Badge, { tone: "success", children: "Finished" }),
      backAction: { content: "Contacts", url: "/app/contacts" },
      children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
        /* @__PURE__ */ jsx(InlineGrid, { columns: { xs: 2, md: 4 }, gap: "400", children: figures.map(([label2, value]) => /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
          /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingSm", tone: "subdued", children: label2 }),
          /* @__PURE__ */ jsx(Text, { as: "p", variant: "headingXl", numeric: true, children: n2(value) })
        ] }) }, label2)) }),
        report.error ? /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(Text, { as: "p", tone: "critical", children: report.error }) }) : null,
        /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
          /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Rows it could not use" }),
          report.errors.length ? /* @__PURE__ */ jsxs(Fragment, { children: [
            /* @__PURE__ */ jsx(
              DataTable,
              {
                columnContentTypes: ["numeric", "text", "text"],
                headings: ["Line", "Phone", "Problem"],
                rows: report.errors.slice(0, 100).map((e) => [e.row, e.phone, e.error])
              }
            ),
            /* @__PURE__ */ jsx(Link$1, { url: `/app/contacts/imports/${report.id}/rejected.csv`, target: "_blank", children: `Download all ${n2(report.rowsRejected)} rejected rows (CSV)` })
          ] }) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Every row was used." })
        ] }) })
      ] })
    }
  );
}
const route35 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  default: ImportPage,
  loader: loader$6
}, Symbol.toStringTag, { value: "Module" }));
const loader$5 = async ({ request: request2, params }) => {
  const { shop } = await requireShop(request2);
  const report = await importErrors(shop.id, idParam(params.id, "Import"));
  if (!report) throw new Response("Import not found", { status: 404 });
  const lines = [
    csvLine(["line", "phone", "problem"]),
    ...report.errors.map((e) => csvLine([e.row, e.phone, e.error]))
  ];
  return new Response(lines.join(""), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rejected-${report.fileName.replace(/[^\w.-]/g, "_")}"`
    }
  });
};
const route36 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  loader: loader$5
}, Symbol.toStringTag, { value: "Module" }));
const COLLECTIONS = {
  name: "collections",
  stage: "segwa_stage_collections",
  columns: [
    ["id", "bigint"],
    ["title", "text"],
    ["handle", "text"]
  ]
};
const PRODUCTS = {
  name: "products",
  stage: "segwa_stage_products",
  columns: [
    ["id", "bigint"],
    ["title", "text"],
    ["handle", "text"],
    ["vendor", "text"],
    ["product_type", "text"],
    ["tags", "text[]"],
    ["status", "text"],
    ["shopify_updated_at", "timestamptz(3)"]
  ]
};
const VARIANTS = {
  name: "product_variants",
  stage: "segwa_stage_variants",
  columns: [
    ["id", "bigint"],
    ["product_id", "bigint"],
    ["title", "text"],
    ["sku", "text"],
    ["price_minor", "bigint"],
    ["compare_at_price_minor", "bigint"]
  ]
};
const CUSTOMERS = {
  name: "customers",
  stage: "segwa_stage_customers",
  columns: [
    ["id", "bigint"],
    ["email", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["phone_raw", "text"],
    ["phone_e164", "text"],
    ["phone_valid", "boolean"],
    ["phone_invalid_reason", "text"],
    ["country_code", "char(2)"],
    ["province_code", "text"],
    ["province", "text"],
    ["city", "text"],
    ["tags", "text[]"],
    ["state", "text"],
    ["locale", "text"],
    ["sms_consent_state", "text"],
    ["sms_consent_opt_in_level", "text"],
    ["sms_consent_updated_at", "timestamptz(3)"],
    ["sms_consent_collected_from", "text"],
    ["whatsapp_consent_state", "text"],
    ["whatsapp_consent_opt_in_level", "text"],
    ["whatsapp_consent_updated_at", "timestamptz(3)"],
    ["whatsapp_consent_collected_from", "text"],
    ["whatsapp_consent_source_location", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["shopify_updated_at", "timestamptz(3)"]
  ]
};
const ORDERS = {
  name: "orders",
  stage: "segwa_stage_orders",
  columns: [
    ["id", "bigint"],
    ["name", "text"],
    ["customer_id", "bigint"],
    ["email", "text"],
    ["phone", "text"],
    ["presentment_currency", "char(3)"],
    ["subtotal_minor", "bigint"],
    ["total_minor", "bigint"],
    ["total_discounts_minor", "bigint"],
    ["refunded_minor", "bigint"],
    ["net_minor", "bigint"],
    ["discount_codes", "text[]"],
    ["has_discount_code", "boolean"],
    ["has_automatic_discount", "boolean"],
    ["has_markdown", "boolean"],
    ["landing_site", "text"],
    ["referring_site", "text"],
    ["utm_source", "text"],
    ["utm_medium", "text"],
    ["utm_campaign", "text"],
    ["wa_ref", "text"],
    ["source_name", "text"],
    ["financial_status", "text"],
    ["test", "boolean"],
    ["country_code", "char(2)"],
    ["province_code", "text"],
    ["city", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["processed_at", "timestamptz(3)"],
    ["shopify_updated_at", "timestamptz(3)"],
    ["cancelled_at", "timestamptz(3)"],
    ["cancel_reason", "text"]
  ]
};
const LINES = {
  name: "line_items",
  stage: "segwa_stage_lines",
  columns: [
    ["id", "bigint"],
    ["order_id", "bigint"],
    ["product_id", "bigint"],
    ["variant_id", "bigint"],
    ["title", "text"],
    ["sku", "text"],
    ["vendor", "text"],
    ["quantity", "integer"],
    ["current_quantity", "integer"],
    ["price_minor", "bigint"],
    ["total_discount_minor", "bigint"],
    ["compare_at_price_minor", "bigint"],
    ["is_markdown", "boolean"]
  ]
};
const REFUNDS = {
  name: "refunds",
  stage: "segwa_stage_refunds",
  columns: [
    ["id", "bigint"],
    ["order_id", "bigint"],
    ["amount_minor", "bigint"],
    ["note", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["processed_at", "timestamptz(3)"],
    ["lines", "jsonb"]
  ]
};
function upsertSql(table, opts) {
  const names = table.columns.map(([name]) => name);
  const mutable = names.filter((name) => name !== "id");
  const insertCols = ["shop_id", ...names, ...opts.touchUpdatedAt ? ["updated_at"] : []];
  const selectCols = ["$1::int", ...names, ...opts.touchUpdatedAt ? ["now()"] : []];
  const sets = mutable.map((name) => `${name} = EXCLUDED.${name}`);
  if (opts.touchUpdatedAt) sets.push("updated_at = now()");
  const current = mutable.map((name) => `${table.name}.${name}`).join(", ");
  const incoming = mutable.map((name) => `EXCLUDED.${name}`).join(", ");
  const newer = names.includes("shopify_updated_at") ? ` AND (${table.name}.shopify_updated_at IS NULL OR EXCLUDED.shopify_updated_at IS NULL OR ${table.name}.shopify_updated_at <= EXCLUDED.shopify_updated_at)` : "";
  return `INSERT INTO ${table.name} (${insertCols.join(", ")})
    SELECT ${selectCols.join(", ")} FROM ${table.stage}
    ON CONFLICT (shop_id, id) DO UPDATE SET ${sets.join(", ")}
    WHERE (${current}) IS DISTINCT FROM (${incoming})${newer}`;
}
({
  collections: upsertSql(COLLECTIONS, { touchUpdatedAt: false }),
  products: upsertSql(PRODUCTS, { touchUpdatedAt: true }),
  variants: upsertSql(VARIANTS, { touchUpdatedAt: false }),
  customers: upsertSql(CUSTOMERS, { touchUpdatedAt: true }),
  orders: upsertSql(ORDERS, { touchUpdatedAt: true }),
  lines: upsertSql(LINES, { touchUpdatedAt: false }),
  refunds: upsertSql(REFUNDS, { touchUpdatedAt: false })
});
async function queueRun(runId, shopId2, tag = "") {
  await enqueue("attribution.reattribute", { shopId: shopId2, runId }, { jobId: `attribution-run-${runId}${tag}` });
}
async function requestReattribution(shopId2, reason) {
  const waiting = await pool().query(
    `SELECT id FROM attribution_runs WHERE shop_id = $1 AND status = 'queued' AND reason = $2 ORDER BY id DESC LIMIT 1`,
    [shopId2, reason]
  );
  if (waiting.rows[0]) return waiting.rows[0].id;
  const windows = await getAttributionWindows(shopId2);
  const { rows } = await pool().query(
    `INSERT INTO attribution_runs (shop_id, reason, click_window_hours, view_window_hours) VALUES ($1, $2, $3, $4) RETURNING id`,
    [shopId2, reason, windows.clickWindowHours, windows.viewWindowHours]
  );
  const runId = rows[0].id;
  await queueRun(runId, shopId2).catch(() => {
  });
  return runId;
}
async function latestRun(shopId2) {
  var _a, _b;
  const { rows } = await pool().query(
    `SELECT * FROM attribution_runs WHERE shop_id = $1 AND reason <> 'catch_up' ORDER BY id DESC LIMIT 1`,
    [shopId2]
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    reason: r.reason,
    status: r.status,
    clickWindowHours: r.click_window_hours,
    viewWindowHours: r.view_window_hours,
    ordersConsidered: r.orders_considered,
    ordersCredited: r.orders_credited,
    error: r.error,
    queuedAt: r.queued_at.toISOString(),
    startedAt: ((_a = r.started_at) == null ? void 0 : _a.toISOString()) ?? null,
    finishedAt: ((_b = r.finished_at) == null ? void 0 : _b.toISOString()) ?? null
  };
}
async function backfillProgress(shopId2) {
  const { rows } = await pool().query(
    `SELECT id, run_id, resource, status, object_count::text, rows_imported::text, lines_committed::text, bad_lines, error,
            started_at, finished_at, updated_at
     FROM bulk_imports WHERE shop_id = $1 AND run_id = (SELECT run_id FROM bulk_imports WHERE shop_id = $1 ORDER BY id DESC LIMIT 1)
     ORDER BY id`,
    [shopId2]
  );
  return rows.map((r) => {
    const objects = Number(r.object_count);
    const lines = Number(r.lines_committed);
    return {
      resource: r.resource,
      status: r.status,
      objects,
      rowsImported: Number(r.rows_imported),
      percent: r.status === "completed" ? 100 : objects > 0 ? Math.min(99, Math.floor(lines / objects * 100)) : 0,
      elapsedSeconds: Math.round(((r.finished_at ?? /* @__PURE__ */ new Date()).getTime() - r.started_at.getTime()) / 1e3),
      badLines: r.bad_lines.length,
      badLineSamples: r.bad_lines.slice(0, 5),
      error: r.error,
      finishedAt: r.finished_at ? r.finished_at.toISOString() : null
    };
  });
}
const STATUS_LABEL = {
  completed: "Imported",
  failed: "Failed",
  importing: "Importing",
  running: "Exporting from Shopify",
  requested: "Waiting to start",
  cancelled: "Cancelled"
};
const TONE = {
  completed: "success",
  failed: "critical",
  importing: "info",
  running: "info",
  requested: void 0
};
function elapsed(seconds) {
  return seconds < 90 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}
function SyncProgress({ progress, timeZone }) {
  const done = progress.length > 0 && progress.every((p) => p.status === "completed");
  const last = done ? progress.map((p) => p.finishedAt ?? "").sort().at(-1) : null;
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
    last ? /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
      "Last sync finished ",
      formatInZone(last, timeZone)
    ] }) : null,
    progress.map((p) => /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
      /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", children: [
        /* @__PURE__ */ jsxs(InlineStack, { gap: "200", children: [
          /* @__PURE__ */ jsx(Text, { as: "span", fontWeight: "semibold", children: p.resource[0].toUpperCase() + p.resource.slice(1) }),
          /* @__PURE__ */ jsx(Badge, { tone: TONE[p.status], children: STATUS_LABEL[p.status] ?? "Other" })
        ] }),
        /* @__PURE__ */ jsxs(Text, { as: "span", tone: "subdued", children: [
          p.rowsImported.toLocaleString("en"),
          " imported · ",
          p.percent,
          "% · ",
          elapsed(p.elapsedSeconds)
        ] })
      ] }),
      /* @__PURE__ */ jsx(ProgressBar, { progress: p.percent, size: "small", tone: p.status === "failed" ? "critical" : "primary" }),
      p.error ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "critical", children: p.error }) : null,
      p.badLineSamples.map((b) => /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", variant: "bodySm", children: [
        "line ",
        b.line,
        ": ",
        b.error
      ] }, b.line))
    ] }, p.resource))
  ] });
}
const ROUTE$1 = "/app/settings/attribution";
function clickHelp(value) {
  const hours2 = Number(value);
  if (!Number.isFinite(hours2) || hours2 < 1) return "At least 1 hour: orders within it of a click on the message count.";
  return `Orders within ${describeHours(hours2)} of a click on the message.`;
}
function AttributionSettingsCard() {
  var _a, _b, _c, _d;
  const data = useFetcher();
  const save = useFetcher();
  const [click, setClick] = useState(null);
  const [view, setView] = useState(null);
  const load = useRef(data.load);
  load.current = data.load;
  useEffect(() => {
    load.current(ROUTE$1);
  }, []);
  const run = ((_a = data.data) == null ? void 0 : _a.run) ?? null;
  const busy = Boolean(run && (run.status === "queued" || run.status === "running"));
  const justSaved = save.state === "idle" && ((_b = save.data) == null ? void 0 : _b.ok) === true;
  useEffect(() => {
    if (justSaved) load.current(ROUTE$1);
  }, [justSaved, save.data]);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => load.current(ROUTE$1), 1500);
    return () => clearInterval(timer);
  }, [busy]);
  const windows = (_c = data.data) == null ? void 0 : _c.windows;
  const errors = save.data && !save.data.ok && "errors" in save.data ? save.data.errors : {};
  const clickValue = click ?? String((windows == null ? void 0 : windows.clickWindowHours) ?? "");
  const viewValue = view ?? String((windows == null ? void 0 : windows.viewWindowHours) ?? "");
  return /* @__PURE__ */ jsx(
    Layout.AnnotatedSection,
    {
      title: "Attribution",
      description: "When an order counts for a WhatsApp message. Changing a window re-credits your whole order history in the background.",
      children: /* @__PURE__ */ jsx(Card, { children: !windows ? /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 4 }) : (
        // noValidate: out-of-range hours come back from the server as inline field errors, not browser tooltips.
        /* @__PURE__ */ jsx(save.Form, { method: "post", action: ROUTE$1, noValidate: true, children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
          /* @__PURE__ */ jsx(FormLayout, { children: /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
            /* @__PURE__ */ jsx(
              TextField,
              {
                label: "Click window (hours)",
                name: "clickWindowHours",
                type: "number",
                value: clickValue,
                onChange: setClick,
                error: errors.clickWindowHours,
                helpText: `${clickHelp(clickValue)} Default ${describeHours(DEFAULT_WINDOWS.clickWindowHours)}.`,
                autoComplete: "off"
              }
            ),
            /* @__PURE__ */ jsx(
              TextField,
              {
                label: "View window (hours)",
                name: "viewWindowHours",
                type: "number",
                value: viewValue,
                onChange: setView,
                error: errors.viewWindowHours,
                helpText: `Without a click: orders within ${describeHours(Number(viewValue) || 0)} of the message being delivered or read. 0 turns it off. Default ${describeHours(DEFAULT_WINDOWS.viewWindowHours)}.`,
                autoComplete: "off"
              }
            )
          ] }) }),
          /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", gap: "200", children: [
            /* @__PURE__ */ jsxs(Text, { as: "p", variant: "bodySm", tone: "subdued", children: [
              "Held-out customers are never credited. ",
              /* @__PURE__ */ jsx(Link, { to: "/app/settings/prices", children: "Message prices" }),
              " set the cost side of ROI."
            ] }),
            /* @__PURE__ */ jsx(Button, { submit: true, variant: "primary", loading: save.state !== "idle", children: "Save windows" })
          ] }),
          ((_d = save.data) == null ? void 0 : _d.ok) && "changed" in save.data && !save.data.changed ? /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "Nothing changed." }) : null,
          run ? /* @__PURE__ */ jsx(Box, { children: busy ? /* @__PURE__ */ jsxs(BlockStack, { gap: "100", children: [
            /* @__PURE__ */ jsx(Text, { as: "p", children: "Re-crediting your order history with the new windows…" }),
            /* @__PURE__ */ jsx(ProgressBar, { progress: run.status === "running" ? 60 : 15, size: "small", animated: true })
          ] }) : run.status === "failed" ? /* @__PURE__ */ jsx(Banner, { tone: "critical", title: "Re-crediting failed", children: /* @__PURE__ */ jsxs("p", { children: [
            run.error ?? "Unknown error",
            ". It is retried automatically."
          ] }) }) : /* @__PURE__ */ jsxs(Text, { as: "p", variant: "bodySm", tone: "subdued", children: [
            "Last re-credited ",
            run.finishedAt ? new Date(run.finishedAt).toLocaleString("en") : "",
            ":",
            " ",
            run.ordersCredited.toLocaleString("en"),
            " of ",
            run.ordersConsidered.toLocaleString("en"),
            " orders credited (click ",
            describeHours(run.clickWindowHours),
            ", view ",
            describeHours(run.viewWindowHours),
            ")."
          ] }) }) : null
        ] }) })
      ) })
    }
  );
}
function FormSaveBar(props) {
  const demo = useIsDemo();
  if (!props.dirty) return null;
  if (demo)
    return /* @__PURE__ */ jsx(
      ContextualSaveBar,
      {
        message: "Unsaved changes",
        saveAction: { onAction: props.onSave, loading: props.saving },
        discardAction: { onAction: props.onDiscard }
      }
    );
  return /* @__PURE__ */ jsxs(SaveBar, { id: props.id, open: true, children: [
    /* @__PURE__ */ jsx("button", { variant: "primary", onClick: props.onSave, disabled: props.saving }),
    /* @__PURE__ */ jsx("button", { onClick: props.onDiscard })
  ] });
}
const ROUTE = "/app/settings/campaigns";
function CampaignSettingsCard() {
  var _a, _b, _c;
  const data = useFetcher();
  const save = useFetcher();
  const [messages, setMessages] = useState(null);
  const [days, setDays] = useState(null);
  const load = useRef(data.load);
  load.current = data.load;
  useEffect(() => {
    load.current(ROUTE);
  }, []);
  const settings = (_a = data.data) == null ? void 0 : _a.settings;
  const errors = save.data && !save.data.ok ? save.data.errors ?? {} : {};
  const toast = useToast();
  const form = useRef(null);
  const dirty = !!settings && (messages !== null && messages !== String(settings.frequencyCapMessages) || days !== null && days !== String(settings.frequencyCapDays));
  const saved = save.state === "idle" && ((_b = save.data) == null ? void 0 : _b.ok);
  useEffect(() => {
    if (!saved) return;
    toast("Frequency cap saved");
    load.current(ROUTE);
  }, [saved, save.data, toast]);
  return /* @__PURE__ */ jsx(
    Layout.AnnotatedSection,
    {
      title: "Campaigns",
      description: "Frequency cap: how many marketing messages one contact may get from you within a number of days. Customers over it are left out of a campaign's audience (reason: frequency cap).",
      children: /* @__PURE__ */ jsx(Card, { children: !settings ? /* @__PURE__ */ jsx(SkeletonBodyText, { lines: 3 }) : (
        // noValidate: out-of-range values come back from the server as inline field errors, not browser tooltips.
        /* @__PURE__ */ jsxs(save.Form, { method: "post", action: ROUTE, ref: form, noValidate: true, children: [
          /* @__PURE__ */ jsx(
            FormSaveBar,
            {
              id: "campaign-settings-save",
              dirty,
              saving: save.state !== "idle" || data.state !== "idle",
              onSave: () => {
                var _a2;
                return (_a2 = form.current) == null ? void 0 : _a2.requestSubmit();
              },
              onDiscard: () => {
                setMessages(null);
                setDays(null);
              }
            }
          ),
          /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
            ((_c = save.data) == null ? void 0 : _c.ok) && save.state === "idle" ? /* @__PURE__ */ jsx(Banner, { tone: "success", children: "Saved. Campaigns planned or started from now on use it." }) : null,
            /* @__PURE__ */ jsx(FormLayout, { children: /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
              /* @__PURE__ */ jsx(
                TextField,
                {
                  label: "At most (marketing messages)",
                  name: "frequencyCapMessages",
                  type: "number",
                  min: 0,
                  autoComplete: "off",
                  value: messages ?? String(settings.frequencyCapMessages),
                  onChange: setMessages,
                  error: errors.frequencyCapMessages,
                  helpText: `0 = no cap. Default ${DEFAULT_CAMPAIGN_SETTINGS.frequencyCapMessages}.`
                }
              ),
              /* @__PURE__ */ jsx(
                TextField,
                {
                  label: "Per (days)",
                  name: "frequencyCapDays",
                  type: "number",
                  min: 1,
                  autoComplete: "off",
                  value: days ?? String(settings.frequencyCapDays),
                  onChange: setDays,
                  error: errors.frequencyCapDays,
                  helpText: `Default ${DEFAULT_CAMPAIGN_SETTINGS.frequencyCapDays} days.`
                }
              )
            ] }) }),
            /* @__PURE__ */ jsx(InlineStack, { align: "end", children: /* @__PURE__ */ jsx(Button, { submit: true, variant: "primary", loading: save.state !== "idle", children: "Save frequency cap" }) })
          ] })
        ] })
      ) })
    }
  );
}
const ACTION = "/app/settings/whatsapp";
function Row$1({ label: label2, children }) {
  return /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", gap: "400", children: [
    /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: label2 }),
    /* @__PURE__ */ jsx(Text, { as: "span", children })
  ] });
}
function ResultBanner({ result }) {
  if (!result) return null;
  return result.ok ? /* @__PURE__ */ jsx(Banner, { tone: "success", children: result.message }) : /* @__PURE__ */ jsx(Banner, { tone: "critical", children: result.error });
}
function ConnectForm({ demo }) {
  const fetcher = useFetcher();
  const [values, setValues] = useState({
    phoneNumberId: (demo == null ? void 0 : demo.phoneNumberId) ?? "",
    wabaId: (demo == null ? void 0 : demo.wabaId) ?? "",
    accessToken: (demo == null ? void 0 : demo.accessToken) ?? ""
  });
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  const fieldError = (f) => result && !result.ok && result.field === f ? result.error : void 0;
  const set = (k) => (v) => setValues((s) => ({ ...s, [k]: v }));
  return /* @__PURE__ */ jsxs(fetcher.Form, { method: "post", action: ACTION, "data-testid": "whatsapp-connect-form", children: [
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "connect" }),
    /* @__PURE__ */ jsxs(FormLayout, { children: [
      result && !result.ok && !result.field ? /* @__PURE__ */ jsx(Banner, { tone: "critical", children: result.error }) : null,
      demo ? /* @__PURE__ */ jsx(Banner, { tone: "info", children: "Demo mode: the fields hold the local WhatsApp simulator's credentials." }) : null,
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Phone number ID",
          name: "phoneNumberId",
          value: values.phoneNumberId,
          onChange: set("phoneNumberId"),
          autoComplete: "off",
          helpText: "WhatsApp Manager → API Setup (or Phone numbers): the number's ID, not the phone number itself.",
          error: fieldError("phoneNumberId")
        }
      ),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "WhatsApp Business Account ID",
          name: "wabaId",
          value: values.wabaId,
          onChange: set("wabaId"),
          autoComplete: "off",
          error: fieldError("wabaId")
        }
      ),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Access token",
          name: "accessToken",
          type: "password",
          value: values.accessToken,
          onChange: set("accessToken"),
          autoComplete: "off",
          helpText: "A permanent system-user token with whatsapp_business_messaging and whatsapp_business_management. It is checked with Meta, stored encrypted and never shown again.",
          error: fieldError("accessToken")
        }
      ),
      /* @__PURE__ */ jsx(Button, { submit: true, variant: "primary", loading: busy, children: "Connect WhatsApp" })
    ] })
  ] });
}
function Connection({ data }) {
  var _a;
  const fetcher = useFetcher();
  const [confirming, setConfirming] = useState(false);
  const a = data.account;
  const quality = qualityOf(a.qualityRating);
  const mm = marketingMessagesOf(a.marketingMessagesStatus);
  const busyIntent = fetcher.state !== "idle" ? String((_a = fetcher.formData) == null ? void 0 : _a.get("intent")) : null;
  const post = (intent) => fetcher.submit({ intent }, { method: "post", action: ACTION });
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
    a.status !== "connected" ? /* @__PURE__ */ jsxs(
      Banner,
      {
        tone: "critical",
        title: a.status === "restricted" ? "Meta restricted this account" : "The connection needs attention",
        children: [
          a.statusReason ?? "Reconnect with a new token.",
          " Campaigns do not send until this is fixed."
        ]
      }
    ) : null,
    /* @__PURE__ */ jsx(ResultBanner, { result: fetcher.data }),
    /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingMd", children: a.verifiedName ?? "WhatsApp number" }),
        /* @__PURE__ */ jsx(Badge, { tone: quality.tone, children: quality.label })
      ] }),
      /* @__PURE__ */ jsx(Row$1, { label: "Phone number", children: a.displayPhoneNumber ? `+${a.displayPhoneNumber.replace(/^\+/, "")}` : a.phoneNumberId }),
      /* @__PURE__ */ jsx(Row$1, { label: "Messaging limit (business portfolio)", children: tierLabel(a.messagingLimitTier) }),
      /* @__PURE__ */ jsx(Row$1, { label: "Marketing Messages API", children: /* @__PURE__ */ jsx(Badge, { tone: mm.tone, children: mm.label }) }),
      mm.help ? /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: mm.help }) : null,
      /* @__PURE__ */ jsx(Row$1, { label: "WhatsApp Business Account", children: a.wabaName ?? a.wabaId }),
      /* @__PURE__ */ jsx(Row$1, { label: "Templates", children: /* @__PURE__ */ jsx(Link$1, { url: "/app/templates", children: `${data.templates.approved} approved of ${data.templates.total}` }) }),
      a.lastAccountEvent ? /* @__PURE__ */ jsx(Row$1, { label: "Last notice from Meta", children: `${a.lastAccountEvent}${a.lastAccountEventAt ? ` · ${new Date(a.lastAccountEventAt).toLocaleString("en")}` : ""}` }) : null,
      /* @__PURE__ */ jsx(Row$1, { label: "Connected", children: new Date(a.connectedAt).toLocaleString("en") }),
      /* @__PURE__ */ jsx(Row$1, { label: "Checked", children: a.refreshedAt ? new Date(a.refreshedAt).toLocaleString("en") : "never" })
    ] }),
    /* @__PURE__ */ jsxs(InlineStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Button, { onClick: () => post("refresh"), loading: busyIntent === "refresh", children: "Refresh" }),
      /* @__PURE__ */ jsx(Button, { onClick: () => post("sync-templates"), loading: busyIntent === "sync-templates", children: "Sync templates" }),
      confirming ? /* @__PURE__ */ jsxs(Fragment, { children: [
        /* @__PURE__ */ jsx(
          Button,
          {
            tone: "critical",
            variant: "primary",
            onClick: () => post("disconnect"),
            loading: busyIntent === "disconnect",
            children: "Yes, disconnect"
          }
        ),
        /* @__PURE__ */ jsx(Button, { variant: "plain", onClick: () => setConfirming(false), children: "Keep connected" })
      ] }) : /* @__PURE__ */ jsx(Button, { tone: "critical", variant: "plain", onClick: () => setConfirming(true), children: "Disconnect" })
    ] }),
    /* @__PURE__ */ jsx(Advanced, { data })
  ] });
}
function Advanced({ data }) {
  const [open, setOpen] = useState(false);
  const a = data.account;
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
    /* @__PURE__ */ jsx(InlineStack, { children: /* @__PURE__ */ jsx(
      Button,
      {
        variant: "plain",
        disclosure: open ? "up" : "down",
        onClick: () => setOpen((o) => !o),
        ariaExpanded: open,
        ariaControls: "whatsapp-advanced",
        children: "Technical details"
      }
    ) }),
    /* @__PURE__ */ jsx(Collapsible, { id: "whatsapp-advanced", open, transition: { duration: "150ms" }, children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Row$1, { label: "Phone number id", children: a.phoneNumberId }),
      /* @__PURE__ */ jsx(Row$1, { label: "WhatsApp Business Account id", children: a.wabaId }),
      /* @__PURE__ */ jsx(Row$1, { label: "Throughput", children: `${a.throughputMps.toLocaleString("en")} messages per second` }),
      /* @__PURE__ */ jsx(Text, { as: "p", variant: "bodySm", tone: "subdued", children: `Webhook: in Meta's app dashboard set the callback URL to ${data.webhookUrl} and subscribe to messages, user_preferences, the template fields and the account fields.` })
    ] }) })
  ] });
}
function ConsentForm({ consent }) {
  const fetcher = useFetcher();
  const [v, setV] = useState({
    ...consent,
    stopKeywords: consent.stopKeywords.join(", "),
    startKeywords: consent.startKeywords.join(", ")
  });
  useEffect(() => {
    setV({
      ...consent,
      stopKeywords: consent.stopKeywords.join(", "),
      startKeywords: consent.startKeywords.join(", ")
    });
  }, [consent]);
  const result = fetcher.data;
  const err = (f) => {
    var _a;
    return result && !result.ok ? (_a = result.fieldErrors) == null ? void 0 : _a[f] : void 0;
  };
  const set = (k) => (value) => setV((s) => ({ ...s, [k]: value }));
  return /* @__PURE__ */ jsxs(fetcher.Form, { method: "post", action: ACTION, children: [
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "consent-settings" }),
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "countShopifySmsConsent", value: String(v.countShopifySmsConsent) }),
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "countShopifyWhatsAppConsent", value: String(v.countShopifyWhatsAppConsent) }),
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "writeBackOptOuts", value: String(v.writeBackOptOuts) }),
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "sendConfirmations", value: String(v.sendConfirmations) }),
    /* @__PURE__ */ jsx("input", { type: "hidden", name: "confirmOnWhatsApp", value: String(v.confirmOnWhatsApp) }),
    /* @__PURE__ */ jsxs(FormLayout, { children: [
      /* @__PURE__ */ jsx(ResultBanner, { result }),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Count WhatsApp marketing consent collected by Shopify",
          helpText: "Customers who subscribed to WhatsApp marketing in Shopify (checkout, customer accounts) may receive campaigns. Their unsubscribes always apply.",
          checked: v.countShopifyWhatsAppConsent,
          onChange: set("countShopifyWhatsAppConsent")
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Count Shopify SMS marketing consent as WhatsApp consent",
          helpText: "Customers subscribed to SMS marketing in Shopify may receive WhatsApp campaigns. Only turn this on if your SMS consent wording covers WhatsApp.",
          checked: v.countShopifySmsConsent,
          onChange: set("countShopifySmsConsent")
        }
      ),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Opt-in customer tag",
          name: "optInTag",
          value: v.optInTag,
          onChange: set("optInTag"),
          autoComplete: "off",
          helpText: "Customers with this tag count as opted in (e.g. tagged by your checkout or a form app). Leave empty to ignore tags.",
          error: err("optInTag")
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Keep Shopify's WhatsApp consent in step",
          helpText: "Opt-outs (STOP, Meta's stop button, blocked numbers, your own) and opt-ins (widget, CSV, START) are written to the customer's WhatsApp marketing consent in Shopify. SMS consent is never changed.",
          checked: v.writeBackOptOuts,
          onChange: set("writeBackOptOuts")
        }
      ),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Opt-out keywords",
          name: "stopKeywords",
          value: v.stopKeywords,
          onChange: set("stopKeywords"),
          multiline: 3,
          autoComplete: "off",
          helpText: "Comma separated. A reply opts out when the whole message is one of these (case, accents and punctuation ignored): “Stop!” opts out, “don’t stop” does not.",
          error: err("stopKeywords")
        }
      ),
      /* @__PURE__ */ jsx(
        TextField,
        {
          label: "Opt-in keywords",
          name: "startKeywords",
          value: v.startKeywords,
          onChange: set("startKeywords"),
          multiline: 2,
          autoComplete: "off",
          helpText: "A customer who opted out can send one of these to receive promotions again.",
          error: err("startKeywords")
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Confirm storefront sign-ups on WhatsApp",
          helpText: "The sign-up widget asks the customer to send a one-time code from their WhatsApp before they count as opted in. A customer who replied STOP always has to do this to subscribe again.",
          checked: v.confirmOnWhatsApp,
          onChange: set("confirmOnWhatsApp")
        }
      ),
      /* @__PURE__ */ jsx(
        Checkbox,
        {
          label: "Confirm opt-outs and opt-ins with a reply",
          helpText: "Sent only inside the customer's 24-hour service window (free of charge).",
          checked: v.sendConfirmations,
          onChange: set("sendConfirmations")
        }
      ),
      v.sendConfirmations ? /* @__PURE__ */ jsxs(FormLayout.Group, { children: [
        /* @__PURE__ */ jsx(
          TextField,
          {
            label: "Opt-out reply",
            name: "optOutReply",
            value: v.optOutReply,
            onChange: set("optOutReply"),
            multiline: 2,
            autoComplete: "off",
            error: err("optOutReply")
          }
        ),
        /* @__PURE__ */ jsx(
          TextField,
          {
            label: "Opt-in reply",
            name: "optInReply",
            value: v.optInReply,
            onChange: set("optInReply"),
            multiline: 2,
            autoComplete: "off",
            error: err("optInReply")
          }
        )
      ] }) : /* @__PURE__ */ jsxs(Fragment, { children: [
        /* @__PURE__ */ jsx("input", { type: "hidden", name: "optOutReply", value: v.optOutReply }),
        /* @__PURE__ */ jsx("input", { type: "hidden", name: "optInReply", value: v.optInReply })
      ] }),
      /* @__PURE__ */ jsx(Button, { submit: true, loading: fetcher.state !== "idle", children: "Save consent settings" })
    ] })
  ] });
}
function WhatsAppSettings({ data }) {
  return /* @__PURE__ */ jsxs(Fragment, { children: [
    /* @__PURE__ */ jsx(
      Layout.AnnotatedSection,
      {
        title: "WhatsApp",
        description: "The WhatsApp Business number campaigns are sent from. Quality rating and messaging limit are refreshed every 6 hours and whenever Meta notifies a change.",
        children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx("div", { "data-testid": "whatsapp-connection", children: data.account ? /* @__PURE__ */ jsx(Connection, { data }) : /* @__PURE__ */ jsx(ConnectForm, { demo: data.demoCredentials }) }) })
      }
    ),
    /* @__PURE__ */ jsx(
      Layout.AnnotatedSection,
      {
        title: "Marketing consent",
        description: "Who may receive WhatsApp campaigns. An opt-out always wins over every opt-in source; every change is kept in each contact's history (Contacts page).",
        children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(ConsentForm, { consent: data.consent }) })
      }
    )
  ] });
}
function DataRequestsBanner({ unanswered }) {
  if (unanswered <= 0) return null;
  return /* @__PURE__ */ jsx(
    Banner,
    {
      tone: "warning",
      title: unanswered === 1 ? "A customer asked for their data" : `${unanswered} customers asked for their data`,
      action: { content: "Open data requests", url: "/app/settings/data-requests" },
      children: /* @__PURE__ */ jsx("p", { children: "Download what the app holds about them and send it to the customer." })
    }
  );
}
const loader$4 = async ({ request: request2 }) => {
  const { shop, demo } = await requireShop(request2);
  const progress = await backfillProgress(shop.id);
  return {
    demo,
    progress,
    syncing: progress.some((p) => ["requested", "running", "importing"].includes(p.status)),
    shop: {
      domain: shop.domain,
      name: shop.name,
      currency: shop.currency,
      timezone: shop.ianaTimezone,
      installedAt: shop.installedAt.toISOString()
    },
    whatsapp: await loadWhatsAppSettings(shop.id),
    unansweredDataRequests: await unansweredDataRequests(shop.id)
  };
};
const action$3 = async ({ request: request2 }) => {
  const { shop, demo } = await requireShop(request2);
  const form = await request2.formData();
  if (form.get("intent") !== "resync") return json$1({ error: "Unknown action" }, { status: 400 });
  if (demo) return json$1({ error: DEMO_RESYNC }, { status: 409 });
  try {
    await enqueue(
      "backfill.start",
      { shopId: shop.id, reason: "resync" },
      { jobId: `resync-${shop.id}-${Math.floor(Date.now() / 6e4)}` }
    );
  } catch {
    return json$1({ error: "The background queue is unavailable right now. Try again in a minute." }, { status: 503 });
  }
  return { ok: true };
};
const DEMO_RESYNC = "The demo store's data is generated, not imported from Shopify, so there is nothing to re-sync. In a real store this re-imports customers, products and orders.";
function Row({ label: label2, value }) {
  return /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", children: [
    /* @__PURE__ */ jsx(Text, { as: "span", tone: "subdued", children: label2 }),
    /* @__PURE__ */ jsx(Text, { as: "span", children: value })
  ] });
}
function Settings() {
  const { shop, demo, progress, syncing, whatsapp, unansweredDataRequests: unansweredDataRequests2 } = useLoaderData();
  const actionData = useActionData();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const submitting = navigation.state === "submitting";
  useEffect(() => {
    if (!syncing && !actionData) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2e3);
    return () => clearInterval(timer);
  }, [syncing, actionData, revalidator]);
  return /* @__PURE__ */ jsx(Page, { title: "Settings", secondaryActions: [{ content: "Data requests", url: "/app/settings/data-requests" }], children: /* @__PURE__ */ jsxs(Layout, { children: [
    unansweredDataRequests2 > 0 ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(DataRequestsBanner, { unanswered: unansweredDataRequests2 }) }) : null,
    /* @__PURE__ */ jsx(
      Layout.AnnotatedSection,
      {
        title: "Store",
        description: "Amounts are shown in your store currency; daily segment refreshes run at midnight in your store's time zone.",
        children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
          /* @__PURE__ */ jsx(Row, { label: "Store", value: shop.name ?? shop.domain }),
          /* @__PURE__ */ jsx(Row, { label: "Domain", value: shop.domain }),
          /* @__PURE__ */ jsx(Row, { label: "Currency", value: shop.currency }),
          /* @__PURE__ */ jsx(Row, { label: "Time zone", value: shop.timezone }),
          /* @__PURE__ */ jsx(Row, { label: "Installed", value: formatInZone(shop.installedAt, shop.timezone, { dateOnly: true }) }),
          demo ? /* @__PURE__ */ jsx(Row, { label: "Mode", value: "Demo (generated data)" }) : null
        ] }) })
      }
    ),
    /* @__PURE__ */ jsx(
      Layout.AnnotatedSection,
      {
        title: "Store data",
        description: "Customers, products and orders are imported after install and kept current by webhooks. Re-sync imports everything again; nothing is duplicated.",
        children: /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
          actionData && "error" in actionData ? /* @__PURE__ */ jsx(Banner, { tone: "critical", children: String(actionData.error) }) : null,
          progress.length ? /* @__PURE__ */ jsx(SyncProgress, { progress, timeZone: shop.timezone }) : /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: "No import has run yet." }),
          demo ? /* @__PURE__ */ jsx("div", { "data-testid": "demo-resync", children: /* @__PURE__ */ jsx(Banner, { tone: "info", children: DEMO_RESYNC }) }) : null,
          /* @__PURE__ */ jsxs(Form, { method: "post", children: [
            /* @__PURE__ */ jsx("input", { type: "hidden", name: "intent", value: "resync" }),
            /* @__PURE__ */ jsx(Button, { submit: true, loading: submitting, disabled: syncing || demo, children: syncing ? "Sync in progress" : "Re-sync store data" })
          ] })
        ] }) })
      }
    ),
    /* @__PURE__ */ jsx(WhatsAppSettings, { data: whatsapp }),
    /* @__PURE__ */ jsx(CampaignSettingsCard, {}),
    /* @__PURE__ */ jsx(AttributionSettingsCard, {})
  ] }) });
}
const route37 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$3,
  default: Settings,
  loader: loader$4
}, Symbol.toStringTag, { value: "Module" }));
const loader$3 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const [windows, run] = await Promise.all([getAttributionWindows(shop.id), latestRun(shop.id)]);
  return { windows, run };
};
const action$2 = async ({ request: request2 }) => {
  var _a;
  const { shop } = await requireShop(request2);
  const form = await request2.formData();
  const parsed = windowsSchema.safeParse({
    clickWindowHours: form.get("clickWindowHours"),
    viewWindowHours: form.get("viewWindowHours")
  });
  if (!parsed.success) {
    const errors = {};
    for (const issue of parsed.error.issues) errors[_a = String(issue.path[0])] ?? (errors[_a] = issue.message);
    return json$1({ ok: false, errors }, { status: 400 });
  }
  const changed = await saveAttributionWindows(shop.id, parsed.data);
  const runId = changed ? await requestReattribution(shop.id, "windows_changed") : null;
  return { ok: true, changed, runId };
};
const route38 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$2,
  loader: loader$3
}, Symbol.toStringTag, { value: "Module" }));
const loader$2 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  return { settings: await loadCampaignSettings(shop.id) };
};
const action$1 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const result = await saveCampaignSettings(shop.id, Object.fromEntries(await request2.formData()));
  return json$1(result, { status: result.ok ? 200 : 400 });
};
const route39 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action: action$1,
  loader: loader$2
}, Symbol.toStringTag, { value: "Module" }));
const action = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const result = await whatsappSettingsAction(shop.id, await request2.formData());
  return json$1(result, { status: result.ok ? 200 : 400 });
};
const route40 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  action
}, Symbol.toStringTag, { value: "Module" }));
async function getStoreOverview(shopId2) {
  var _a;
  const { rows } = await pool().query(
    `SELECT
       (SELECT count(*) FROM customers WHERE shop_id = $1 AND deleted_at IS NULL)::int AS customers,
       (SELECT count(*) FROM customers WHERE shop_id = $1 AND deleted_at IS NULL AND phone_valid)::int AS valid_phone,
       (SELECT count(*) FROM customers WHERE shop_id = $1 AND deleted_at IS NULL AND phone_valid = false)::int AS invalid_phone,
       (SELECT count(*) FROM orders WHERE shop_id = $1)::int AS orders,
       (SELECT COALESCE(sum(net_minor), 0) FROM orders WHERE shop_id = $1)::text AS net_revenue,
       (SELECT count(*) FROM segments WHERE shop_id = $1 AND deleted_at IS NULL)::int AS segments,
       (SELECT count(*) FROM campaigns WHERE shop_id = $1)::int AS campaigns`,
    [shopId2]
  );
  const last = await pool().query(
    `SELECT status, rows_imported::text, started_at, finished_at FROM bulk_imports WHERE shop_id = $1 ORDER BY started_at DESC LIMIT 1`,
    [shopId2]
  );
  const r = rows[0];
  const li = last.rows[0];
  return {
    customers: r.customers,
    customersWithValidPhone: r.valid_phone,
    customersWithInvalidPhone: r.invalid_phone,
    orders: r.orders,
    netRevenueMinor: r.net_revenue,
    segments: r.segments,
    campaigns: r.campaigns,
    lastImport: li ? {
      status: li.status,
      rowsImported: li.rows_imported,
      startedAt: li.started_at.toISOString(),
      finishedAt: ((_a = li.finished_at) == null ? void 0 : _a.toISOString()) ?? null
    } : null
  };
}
const segKey = (id2) => id2 === null ? "none" : String(id2);
async function getAttributionDashboard(opts) {
  var _a, _b;
  const { shopId: shopId2, days } = opts;
  const now = opts.now ?? /* @__PURE__ */ new Date();
  const { timeZone: tz, currency, currencyExponent: exponent } = await readShopFormat(shopId2);
  const start = await readWithoutJit(
    `SELECT (date_trunc('day', $1::timestamptz AT TIME ZONE $2) - make_interval(days => $3 - 1)) AT TIME ZONE $2 AS "from",
            to_char(date_trunc('day', $1::timestamptz AT TIME ZONE $2) - make_interval(days => $3 - 1), 'YYYY-MM-DD') AS first_day`,
    [now, tz, days]
  );
  const from = start.rows[0].from;
  const [bySegment, byCampaign, series, sentRows, deliveredRows, anyCampaign, prices] = await Promise.all([
    readWithoutJit(
      `SELECT a.segment_id, s.name, count(*) FILTER (WHERE NOT a.order_cancelled)::int AS orders,
              sum(a.revenue_minor)::text AS revenue,
              COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'click'), 0)::text AS click,
              COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'view'), 0)::text AS view
       FROM attributions a
       LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
       WHERE a.shop_id = $1 AND a.order_at >= $2 AND a.order_at <= $3
       GROUP BY a.segment_id, s.name ORDER BY sum(a.revenue_minor) DESC`,
      [shopId2, from, now]
    ),
    readWithoutJit(
      `SELECT a.campaign_id, c.name, c.status, c.started_at, count(*) FILTER (WHERE NOT a.order_cancelled)::int AS orders,
              sum(a.revenue_minor)::text AS revenue
       FROM attributions a
       JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
       WHERE a.shop_id = $1 AND a.order_at >= $2 AND a.order_at <= $3
       GROUP BY a.campaign_id, c.name, c.status, c.started_at ORDER BY sum(a.revenue_minor) DESC LIMIT 5`,
      [shopId2, from, now]
    ),
    readWithoutJit(
      `SELECT to_char(a.order_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, a.segment_id, sum(a.revenue_minor)::text AS revenue
       FROM attributions a WHERE a.shop_id = $1 AND a.order_at >= $2 AND a.order_at <= $3
       GROUP BY 1, 2`,
      [shopId2, from, now, tz]
    ),
    // Messages sent in the period, and the delivered ones by price group (the period's messaging cost).
    readWithoutJit(
      `SELECT count(*)::int AS sent FROM recipients r WHERE r.shop_id = $1 AND r.sent_at >= $2 AND r.sent_at <= $3`,
      [shopId2, from, now]
    ),
    readWithoutJit(
      `SELECT r.country_code AS country, r.pricing_category, t.category AS template_category, count(*)::int AS n
       FROM recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.shop_id = $1
       LEFT JOIN whatsapp_templates t ON t.id = c.template_id
       WHERE r.shop_id = $1 AND r.sent_at >= $2 AND r.sent_at <= $3
         AND (r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))
       GROUP BY 1, 2, 3`,
      [shopId2, from, now]
    ),
    readWithoutJit(`SELECT 1 FROM campaigns WHERE shop_id = $1 AND started_at IS NOT NULL LIMIT 1`, [shopId2]),
    getPriceTable(shopId2)
  ]);
  const count2 = (r) => ({
    country: r.country,
    pricingCategory: r.pricing_category,
    templateCategory: r.template_category,
    count: r.n
  });
  const totalCost = costOf(prices, deliveredRows.rows.map(count2));
  const revenue = bySegment.rows.reduce((a, r) => a + BigInt(r.revenue), 0n);
  const roi2 = (rev, cost) => cost !== null && cost > 0n ? Number(rev - cost) / Number(cost) : null;
  const topIds = byCampaign.rows.map((r) => r.campaign_id);
  const [lifetimeSent, lifetimeDelivered, lifetimeRevenue] = await Promise.all([
    readWithoutJit(
      `SELECT campaign_id, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent FROM recipients
       WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1`,
      [shopId2, topIds]
    ),
    readWithoutJit(
      `SELECT r.campaign_id, r.country_code AS country, r.pricing_category, t.category AS template_category, count(*)::int AS n
       FROM recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.shop_id = $1
       LEFT JOIN whatsapp_templates t ON t.id = c.template_id
       WHERE r.shop_id = $1 AND r.campaign_id = ANY($2::int[])
         AND (r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))
       GROUP BY 1, 2, 3, 4`,
      [shopId2, topIds]
    ),
    readWithoutJit(
      `SELECT campaign_id, sum(revenue_minor)::text AS revenue FROM attributions WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1`,
      [shopId2, topIds]
    )
  ]);
  const sentByCampaign = new Map(lifetimeSent.rows.map((r) => [r.campaign_id, r.sent]));
  const lifetimeRevenueBy = new Map(lifetimeRevenue.rows.map((r) => [r.campaign_id, BigInt(r.revenue)]));
  const deliveredByCampaign = /* @__PURE__ */ new Map();
  for (const r of lifetimeDelivered.rows)
    deliveredByCampaign.set(r.campaign_id, [...deliveredByCampaign.get(r.campaign_id) ?? [], count2(r)]);
  const dayList = [];
  const first = /* @__PURE__ */ new Date(`${start.rows[0].first_day}T00:00:00Z`);
  for (let i = 0; i < days; i++) dayList.push(new Date(first.getTime() + i * 864e5).toISOString().slice(0, 10));
  const dayIndex = new Map(dayList.map((d, i) => [d, i]));
  const names = new Map(
    bySegment.rows.map((r) => [
      segKey(r.segment_id),
      r.name ?? (r.segment_id === null ? "Not through a segment" : `Segment ${r.segment_id}`)
    ])
  );
  const seriesBySegment = /* @__PURE__ */ new Map();
  for (const r of series.rows) {
    const k = segKey(r.segment_id);
    const i = dayIndex.get(r.day);
    if (i === void 0) continue;
    const values = seriesBySegment.get(k) ?? dayList.map(() => 0n);
    values[i] += BigInt(r.revenue);
    seriesBySegment.set(k, values);
  }
  return {
    days,
    from: from.toISOString(),
    timezone: tz,
    currency,
    exponent,
    costAvailable: prices.usdRate !== null,
    totals: {
      revenueMinor: revenue.toString(),
      orders: bySegment.rows.reduce((a, r) => a + r.orders, 0),
      clickRevenueMinor: bySegment.rows.reduce((a, r) => a + BigInt(r.click), 0n).toString(),
      viewRevenueMinor: bySegment.rows.reduce((a, r) => a + BigInt(r.view), 0n).toString(),
      messagesSent: ((_a = sentRows.rows[0]) == null ? void 0 : _a.sent) ?? 0,
      costMinor: ((_b = totalCost.minor) == null ? void 0 : _b.toString()) ?? null,
      roi: roi2(revenue, totalCost.minor)
    },
    bySegment: bySegment.rows.map((r) => ({
      segmentId: r.segment_id,
      segmentName: names.get(segKey(r.segment_id)),
      orders: r.orders,
      revenueMinor: r.revenue
    })),
    topCampaigns: byCampaign.rows.map((r) => {
      var _a2, _b2;
      const cost = costOf(prices, deliveredByCampaign.get(r.campaign_id) ?? []);
      return {
        campaignId: r.campaign_id,
        name: r.name,
        status: r.status,
        startedAt: ((_a2 = r.started_at) == null ? void 0 : _a2.toISOString()) ?? null,
        sent: sentByCampaign.get(r.campaign_id) ?? 0,
        orders: r.orders,
        revenueMinor: r.revenue,
        lifetimeRevenueMinor: (lifetimeRevenueBy.get(r.campaign_id) ?? 0n).toString(),
        costMinor: ((_b2 = cost.minor) == null ? void 0 : _b2.toString()) ?? null,
        roi: roi2(lifetimeRevenueBy.get(r.campaign_id) ?? 0n, cost.minor)
      };
    }),
    series: {
      days: dayList,
      segments: [...seriesBySegment.entries()].map(([key2, values]) => ({
        key: key2,
        name: names.get(key2) ?? key2,
        revenueMinor: values.map(String)
      }))
    },
    hasCampaigns: (anyCampaign.rowCount ?? 0) > 0
  };
}
const DASHBOARD_PERIODS = [7, 30, 90];
function parsePeriod(value) {
  const n2 = Number(value);
  return DASHBOARD_PERIODS.includes(n2) ? n2 : 30;
}
function compactMoney(value, currency) {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1
  }).format(value);
}
function PeriodPicker({ days }) {
  const [params] = useSearchParams();
  const link2 = (d) => {
    const next = new URLSearchParams(params);
    next.set("days", String(d));
    return `?${next.toString()}`;
  };
  return /* @__PURE__ */ jsx(ButtonGroup, { variant: "segmented", children: DASHBOARD_PERIODS.map((d) => /* @__PURE__ */ jsx(Button, { url: link2(d), pressed: d === days, variant: d === days ? "primary" : "secondary", children: `Last ${d} days` }, d)) });
}
function OrderLookup() {
  const [value, setValue] = useState("");
  return /* @__PURE__ */ jsx(Form, { method: "get", action: "/app/orders", children: /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "end", wrap: false, children: [
    /* @__PURE__ */ jsx("div", { style: { flexGrow: 1 }, children: /* @__PURE__ */ jsx(
      TextField,
      {
        label: "Why was an order credited (or not)?",
        name: "q",
        value,
        onChange: setValue,
        placeholder: "Order number, e.g. #1042",
        autoComplete: "off"
      }
    ) }),
    /* @__PURE__ */ jsx(Button, { submit: true, children: "Explain" })
  ] }) });
}
function AttributionDashboard({ data }) {
  var _a;
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && ((_a = navigation.location) == null ? void 0 : _a.pathname) === "/app";
  const m2 = (minor) => money$1(minor, data.currency, data.exponent);
  const period2 = `the last ${data.days} days`;
  if (!data.hasCampaigns) {
    return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(
      EmptyMessage,
      {
        heading: "No campaign has been sent yet",
        action: { content: "Go to campaigns", url: "/app/campaigns" },
        children: "Once a WhatsApp campaign goes out, every order is checked against it: orders that come through a message link, use the campaign's code, or follow a delivered message closely are credited here, by segment and campaign."
      }
    ) });
  }
  const chartSeries = data.series.segments.map((s) => ({
    name: s.name,
    data: data.series.days.map((day, i) => ({ key: day, value: toMajor(s.revenueMinor[i], data.exponent) }))
  }));
  const segmentBars = [
    {
      name: "Revenue",
      data: data.bySegment.map((s) => ({ key: s.segmentName, value: toMajor(s.revenueMinor, data.exponent) }))
    }
  ];
  const moneyAxis = (v) => compactMoney(v, data.currency);
  return /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
    /* @__PURE__ */ jsxs(InlineStack, { align: "space-between", blockAlign: "center", gap: "200", children: [
      /* @__PURE__ */ jsxs(InlineStack, { gap: "200", blockAlign: "center", children: [
        /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingLg", children: "WhatsApp revenue" }),
        loading ? /* @__PURE__ */ jsx(Spinner, { size: "small", accessibilityLabel: "Loading the period" }) : null
      ] }),
      /* @__PURE__ */ jsx(PeriodPicker, { days: data.days })
    ] }),
    /* @__PURE__ */ jsx("div", { style: { opacity: loading ? 0.5 : 1, transition: "opacity 150ms" }, "aria-busy": loading, children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
      /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, sm: 2, md: 4 }, gap: "400", children: [
        /* @__PURE__ */ jsx(
          MetricCard,
          {
            label: "Attributed revenue",
            value: m2(data.totals.revenueMinor),
            help: `${count(data.totals.orders)} orders in ${period2}, after refunds`
          }
        ),
        /* @__PURE__ */ jsx(
          MetricCard,
          {
            label: "From clicks",
            value: m2(data.totals.clickRevenueMinor),
            help: `the rest after a delivered or read message: ${m2(data.totals.viewRevenueMinor)}`
          }
        ),
        /* @__PURE__ */ jsx(
          MetricCard,
          {
            label: "Messaging cost",
            value: data.costAvailable ? m2(data.totals.costMinor) : "Set exchange rate",
            help: `${count(data.totals.messagesSent)} messages sent in ${period2}`
          }
        ),
        /* @__PURE__ */ jsx(MetricCard, { label: "ROI", value: roi(data.totals.roi), help: "(revenue − messaging cost) ÷ messaging cost" })
      ] }),
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
        /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingMd", children: "Attributed revenue by day and segment" }),
        data.series.segments.length === 0 ? /* @__PURE__ */ jsx(Box, { paddingBlock: "800", children: /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", alignment: "center", children: [
          "No order was credited to a message in ",
          period2,
          "."
        ] }) }) : /* @__PURE__ */ jsx(RevenueOverTimeChart, { series: chartSeries, formatMoney: moneyAxis })
      ] }) }),
      /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, md: 2 }, gap: "400", children: [
        /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
          /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingMd", children: "Revenue by segment" }),
          data.bySegment.length === 0 ? /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
            "Nothing credited in ",
            period2,
            "."
          ] }) : /* @__PURE__ */ jsxs(Fragment, { children: [
            /* @__PURE__ */ jsx(HorizontalBars, { series: segmentBars, format: moneyAxis, height: 90 + 44 * data.bySegment.length }),
            /* @__PURE__ */ jsx(
              DataTable,
              {
                columnContentTypes: ["text", "numeric", "numeric"],
                headings: ["Segment", "Orders", "Revenue"],
                rows: data.bySegment.map((s) => [s.segmentName, count(s.orders), m2(s.revenueMinor)]),
                totals: ["", count(data.totals.orders), m2(data.totals.revenueMinor)],
                showTotalsInFooter: true
              }
            )
          ] })
        ] }) }),
        /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "300", children: [
          /* @__PURE__ */ jsx(Text, { as: "h3", variant: "headingMd", children: "Top campaigns" }),
          data.topCampaigns.length === 0 ? /* @__PURE__ */ jsxs(Text, { as: "p", tone: "subdued", children: [
            "No campaign brought a credited order in ",
            period2,
            "."
          ] }) : /* @__PURE__ */ jsx(
            DataTable,
            {
              columnContentTypes: ["text", "numeric", "numeric", "numeric"],
              headings: ["Campaign", "Sent", `Revenue (${data.days} d)`, "ROI (all time)"],
              rows: data.topCampaigns.map((c) => [
                /* @__PURE__ */ jsx(Link, { to: `/app/campaigns/${c.campaignId}/report`, children: c.name }, c.campaignId),
                count(c.sent),
                m2(c.revenueMinor),
                c.roi === null ? /* @__PURE__ */ jsx(Badge, { children: "—" }, "roi") : roi(c.roi)
              ])
            }
          )
        ] }) })
      ] }),
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
        /* @__PURE__ */ jsx(OrderLookup, {}),
        /* @__PURE__ */ jsxs(Text, { as: "p", variant: "bodySm", tone: "subdued", children: [
          "Or ",
          /* @__PURE__ */ jsx(Link, { to: "/app/orders", children: "browse recently credited orders" }),
          ". Attribution windows are in",
          " ",
          /* @__PURE__ */ jsx(Link, { to: "/app/settings", children: "Settings" }),
          "."
        ] })
      ] }) })
    ] }) })
  ] });
}
const n = (x) => x.toLocaleString("en");
function consentStep(audience, reached) {
  const eligible = (audience == null ? void 0 : audience.eligible) ?? 0;
  return {
    key: "consent",
    title: "Collect consent",
    done: audience ? eligible > 0 : reached,
    detail: !audience ? "Customers who can receive campaigns are counted below." : eligible > 0 ? `${n(eligible)} of ${n(audience.total)} customers can receive campaigns now.` : `None of your ${n(audience.total)} customers can receive campaigns yet: import opt-ins, add the storefront opt-in, or count Shopify marketing consent.`,
    action: { content: "Consent sources", url: "/app/settings/whatsapp" }
  };
}
const TODO_MARK = /* @__PURE__ */ jsx(
  "span",
  {
    style: {
      display: "inline-block",
      width: 16,
      height: 16,
      margin: 2,
      borderRadius: "50%",
      border: "1.5px dashed #8A8A8A",
      boxSizing: "border-box"
    }
  }
);
function SetupChecklist({
  checklist,
  audience
}) {
  if (checklist.complete) return null;
  const withConsent = (a) => checklist.steps.map((s) => s ?? consentStep(a, checklist.reached));
  return /* @__PURE__ */ jsx(Suspense, { fallback: /* @__PURE__ */ jsx(Steps, { steps: withConsent(null) }), children: /* @__PURE__ */ jsx(Await, { resolve: audience, errorElement: /* @__PURE__ */ jsx(Steps, { steps: withConsent(null) }), children: (a) => /* @__PURE__ */ jsx(Steps, { steps: withConsent(a) }) }) });
}
function Steps({ steps }) {
  const next = steps.find((s) => !s.done);
  const done = steps.filter((s) => s.done).length;
  return /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
    /* @__PURE__ */ jsxs(BlockStack, { gap: "200", children: [
      /* @__PURE__ */ jsx(Text, { as: "h2", variant: "headingMd", children: "Set up your first campaign" }),
      /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", children: `${done} of ${steps.length} steps done. Follow them in order: each one needs the one before.` }),
      /* @__PURE__ */ jsx("div", { style: { maxWidth: 320 }, children: /* @__PURE__ */ jsx(ProgressBar, { progress: done / steps.length * 100, size: "small", tone: "success" }) })
    ] }),
    /* @__PURE__ */ jsx(BlockStack, { gap: "0", as: "ol", children: steps.map((s, i) => /* @__PURE__ */ jsx("li", { style: { listStyle: "none" }, "data-testid": `setup-step-${s.key}`, "data-done": s.done, children: /* @__PURE__ */ jsx(
      Box,
      {
        paddingBlock: "300",
        borderBlockStartWidth: i === 0 ? void 0 : "025",
        borderColor: "border-secondary",
        children: /* @__PURE__ */ jsxs(InlineStack, { gap: "300", align: "space-between", blockAlign: "center", wrap: false, children: [
          /* @__PURE__ */ jsxs(InlineStack, { gap: "300", blockAlign: "start", wrap: false, children: [
            /* @__PURE__ */ jsx("span", { "aria-hidden": true, children: s.done ? /* @__PURE__ */ jsx(Icon, { source: CheckCircleIcon, tone: "success" }) : TODO_MARK }),
            /* @__PURE__ */ jsxs(BlockStack, { gap: "050", children: [
              /* @__PURE__ */ jsxs(Text, { as: "h3", fontWeight: "semibold", tone: s.done ? "subdued" : void 0, children: [
                `${i + 1}. ${s.title}`,
                /* @__PURE__ */ jsx(Text, { as: "span", visuallyHidden: true, children: s.done ? " (done)" : " (to do)" })
              ] }),
              /* @__PURE__ */ jsx(Text, { as: "p", tone: "subdued", variant: "bodySm", children: s.detail })
            ] })
          ] }),
          /* @__PURE__ */ jsx("div", { style: { flexShrink: 0 }, children: /* @__PURE__ */ jsx(Button, { url: s.action.url, variant: s === next ? "primary" : "plain", children: s.action.content }) })
        ] })
      }
    ) }, s.key)) })
  ] }) });
}
async function setupChecklist(shopId2) {
  const [templates, facts] = await Promise.all([
    sendableTemplates(shopId2),
    pool().query(
      `SELECT (SELECT status FROM whatsapp_accounts WHERE shop_id = $1) AS account_status,
              (SELECT status_reason FROM whatsapp_accounts WHERE shop_id = $1) AS account_reason,
              (SELECT count(*) FROM segments WHERE shop_id = $1 AND deleted_at IS NULL)::int AS segments,
              (SELECT count(*) FROM campaigns WHERE shop_id = $1 AND started_at IS NOT NULL)::int AS campaigns_started,
              EXISTS (SELECT 1 FROM recipients WHERE shop_id = $1 AND sent_at IS NOT NULL AND "group" <> 'holdout') AS reached,
              d.id AS draft_id, d.name AS draft_name
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT id, name FROM campaigns WHERE shop_id = $1 AND status IN ('draft', 'scheduled')
                          ORDER BY updated_at DESC LIMIT 1) d ON true`,
      [shopId2]
    )
  ]);
  const f = facts.rows[0];
  const ready = templates.filter((t) => {
    const like = asTemplateLike({
      name: t.name,
      language: t.language,
      parameterFormat: t.parameter_format,
      components: t.components
    });
    const state2 = mappingState(like, t.default_mapping);
    return state2 === "none" || state2 === "saved";
  });
  const connected = f.account_status === "connected";
  const steps = [
    {
      key: "number",
      title: "Connect your WhatsApp number",
      done: connected,
      detail: connected ? "Connected: campaigns send from it." : f.account_status ? `Connected but cannot send (${f.account_reason ?? f.account_status.replace(/_/g, " ")}).` : "No WhatsApp Business number connected yet.",
      action: { content: connected ? "WhatsApp settings" : "Connect", url: "/app/settings/whatsapp" }
    },
    null,
    // consent: built in the browser from the streamed count (consentStep)
    {
      key: "template",
      title: "Map an approved template",
      done: ready.length > 0,
      detail: ready.length > 0 ? `${n(ready.length)} approved template${ready.length === 1 ? "" : "s"} ready to send.` : templates.length > 0 ? `${n(templates.length)} approved, none with every variable mapped yet.` : "No approved marketing template yet: create one in WhatsApp Manager, then sync.",
      action: { content: "Templates", url: "/app/templates" }
    },
    {
      key: "segment",
      title: "Create a first segment",
      done: f.segments > 0,
      detail: f.segments > 0 ? `${n(f.segments)} segment${f.segments === 1 ? "" : "s"}.` : "No segment yet.",
      action: f.segments > 0 ? { content: "Segments", url: "/app/segments" } : { content: "Create segment", url: "/app/segments/new" }
    },
    {
      key: "campaign",
      title: "Send a first campaign",
      done: f.reached,
      detail: f.reached ? "Sent: its report is on the Campaigns page." : f.campaigns_started > 0 ? "Started, but no message has gone out yet." : f.draft_id ? `"${f.draft_name}" is ready to review and send.` : "No campaign yet.",
      action: !f.reached && f.draft_id ? { content: "Review and send", url: `/app/campaigns/${f.draft_id}/edit` } : {
        content: f.reached ? "Campaigns" : "Create campaign",
        url: f.reached ? "/app/campaigns" : "/app/campaigns/new"
      }
    }
  ];
  return { steps, reached: f.reached, complete: f.reached && steps.every((s) => s === null || s.done) };
}
const links = chartLinks;
const loader$1 = async ({ request: request2 }) => {
  const { shop } = await requireShop(request2);
  const days = parsePeriod(new URL(request2.url).searchParams.get("days"));
  const audience = canReceiveCampaigns(shop.id);
  const [overview, attribution, setup, unanswered] = await Promise.all([
    getStoreOverview(shop.id),
    getAttributionDashboard({ shopId: shop.id, days }),
    setupChecklist(shop.id),
    unansweredDataRequests(shop.id)
  ]);
  return defer({
    overview,
    attribution,
    setup,
    audience,
    unanswered,
    currency: shop.currency,
    exponent: shop.currencyExponent
  });
};
function Dashboard() {
  const { overview, attribution, setup, audience, unanswered, currency, exponent } = useLoaderData();
  const n2 = (x) => x.toLocaleString("en");
  if (overview.orders === 0 && overview.customers === 0) {
    return /* @__PURE__ */ jsx(Page, { title: "Dashboard", children: /* @__PURE__ */ jsxs(BlockStack, { gap: "400", children: [
      /* @__PURE__ */ jsx(DataRequestsBanner, { unanswered }),
      /* @__PURE__ */ jsx(SetupChecklist, { checklist: setup, audience }),
      /* @__PURE__ */ jsx(Card, { children: /* @__PURE__ */ jsx(
        EmptyState,
        {
          heading: "Your store data is on its way",
          image: "",
          action: { content: "Open settings", url: "/app/settings" },
          children: /* @__PURE__ */ jsx("p", { children: "We import your customers, products and orders after install. Segments and campaign revenue appear here once that is done." })
        }
      ) })
    ] }) });
  }
  return /* @__PURE__ */ jsx(Page, { title: "Dashboard", subtitle: "Your store as the app sees it", children: /* @__PURE__ */ jsxs(Layout, { children: [
    unanswered > 0 ? /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(DataRequestsBanner, { unanswered }) }) : null,
    setup.complete ? null : /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(SetupChecklist, { checklist: setup, audience }) }),
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsxs(InlineGrid, { columns: { xs: 1, sm: 2, md: 4 }, gap: "400", children: [
      /* @__PURE__ */ jsx(MetricCard, { size: "headingXl", label: "Customers", value: n2(overview.customers) }),
      /* @__PURE__ */ jsx(Suspense, { fallback: /* @__PURE__ */ jsx(MetricCard, { size: "headingXl", label: "Can receive campaigns now", value: "…", help: " " }), children: /* @__PURE__ */ jsx(Await, { resolve: audience, children: (a) => /* @__PURE__ */ jsx(
        MetricCard,
        {
          size: "headingXl",
          label: "Can receive campaigns now",
          value: n2(a.eligible),
          help: `with consent and a WhatsApp number, as on Contacts; ${n2(overview.customersWithInvalidPhone)} with a phone we cannot message`
        }
      ) }) }),
      /* @__PURE__ */ jsx(MetricCard, { size: "headingXl", label: "Orders", value: n2(overview.orders) }),
      /* @__PURE__ */ jsx(
        MetricCard,
        {
          size: "headingXl",
          label: "Net revenue",
          value: formatMoney(overview.netRevenueMinor, currency, exponent),
          help: "after refunds and cancellations"
        }
      )
    ] }) }),
    /* @__PURE__ */ jsx(Layout.Section, { children: /* @__PURE__ */ jsx(AttributionDashboard, { data: attribution }) })
  ] }) });
}
const route41 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  default: Dashboard,
  links,
  loader: loader$1
}, Symbol.toStringTag, { value: "Module" }));
const loader = async ({ request: request2 }) => {
  await requireShop(request2);
  throw new Response("Page not found", { status: 404 });
};
function NotFound() {
  return null;
}
const route42 = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  default: NotFound,
  loader
}, Symbol.toStringTag, { value: "Module" }));
const serverManifest = { "entry": { "module": "/assets/entry.client-BeDH-__z.js", "imports": ["/assets/components-C_RIDDID.js"], "css": [] }, "routes": { "root": { "id": "root", "parentId": void 0, "path": "", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": false, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/root-CAUg_5Em.js", "imports": ["/assets/components-C_RIDDID.js"], "css": [] }, "routes/proxy.optin": { "id": "routes/proxy.optin", "parentId": "root", "path": "proxy/optin", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/proxy.optin-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/auth.login": { "id": "routes/auth.login", "parentId": "root", "path": "auth/login", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/route-DAxD55J0.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/styles-BotKnamE.js", "/assets/Page-Dl6RTH6T.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/context-Ds7b4o16.js"], "css": [] }, "routes/webhooks": { "id": "routes/webhooks", "parentId": "root", "path": "webhooks", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/webhooks-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/webhooks.whatsapp": { "id": "routes/webhooks.whatsapp", "parentId": "routes/webhooks", "path": "whatsapp", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/webhooks.whatsapp-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/healthz": { "id": "routes/healthz", "parentId": "root", "path": "healthz", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/healthz-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/_index": { "id": "routes/_index", "parentId": "root", "path": void 0, "index": true, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/route-BZGh9vW4.js", "imports": ["/assets/components-C_RIDDID.js"], "css": [] }, "routes/auth.$": { "id": "routes/auth.$", "parentId": "root", "path": "auth/*", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/auth._-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app": { "id": "routes/app", "parentId": "root", "path": "app", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app-Deiq4BDb.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/styles-BotKnamE.js", "/assets/illustrations-K3RQIQrU.js", "/assets/Page-Dl6RTH6T.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/useToast-42rL9CgA.js", "/assets/index-YBJRx2Br.js", "/assets/Collapsible-pC0JNfCO.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Image-DV8D3cNz.js", "/assets/ChatIcon.svg-CaRveLGL.js", "/assets/Modal-DEarbm2j.js", "/assets/Banner-BxdXnjH9.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/banner-context-CcHkWGTg.js"], "css": [] }, "routes/app.campaigns_.$id.report_.recipients[.csv]": { "id": "routes/app.campaigns_.$id.report_.recipients[.csv]", "parentId": "routes/app", "path": "campaigns/:id/report/recipients.csv", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.campaigns_._id.report_.recipients_.csv_-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.campaigns_.$id.report_.segments[.csv]": { "id": "routes/app.campaigns_.$id.report_.segments[.csv]", "parentId": "routes/app", "path": "campaigns/:id/report/segments.csv", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.campaigns_._id.report_.segments_.csv_-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.settings_.data-requests": { "id": "routes/app.settings_.data-requests", "parentId": "routes/app", "path": "settings/data-requests", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.settings_.data-requests-BVOyB1W6.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/DownloadButton-Bk6d2eYm.js", "/assets/EmptyMessage-Bjzg14lw.js", "/assets/RouteError-EWqJVcmt.js", "/assets/zoned-time-K2d8651r.js", "/assets/Page-Dl6RTH6T.js", "/assets/Layout-DFnDoNrR.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/IndexTable-BRgOWG11.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Image-DV8D3cNz.js", "/assets/Sticky-DedLaMRn.js"], "css": [] }, "routes/app.settings_.data-requests.$id[.json]": { "id": "routes/app.settings_.data-requests.$id[.json]", "parentId": "routes/app.settings_.data-requests", "path": ":id.json", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.settings_.data-requests._id_.json_-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.campaigns_.$id._index": { "id": "routes/app.campaigns_.$id._index", "parentId": "routes/app", "path": "campaigns/:id", "index": true, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.campaigns_._id._index-CucZR0L6.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/labels-BCFddJqR.js", "/assets/Page-Dl6RTH6T.js", "/assets/ProgressBar-cUg2ED14.js", "/assets/Banner-BxdXnjH9.js", "/assets/EmptyMessage-Bjzg14lw.js", "/assets/RouteError-EWqJVcmt.js", "/assets/TestSendCard-CBHW4XZF.js", "/assets/zoned-time-K2d8651r.js", "/assets/Layout-DFnDoNrR.js", "/assets/Link-BCoSERmW.js", "/assets/Select-Cks5C2Bm.js", "/assets/DataTable-C-uUMlcm.js", "/assets/Modal-DEarbm2j.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/banner-context-CcHkWGTg.js", "/assets/mapping-bindings-BcU3Ojw6.js", "/assets/money-Cx0zgcSk.js", "/assets/schemas-CN_3_Unh.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/InlineGrid-CuQu87g5.js"], "css": [] }, "routes/app.campaigns_.$id.report": { "id": "routes/app.campaigns_.$id.report", "parentId": "routes/app", "path": "campaigns/:id/report", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.campaigns_._id.report-BbP2z_qV.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/format-CmoNv1NO.js", "/assets/zoned-time-K2d8651r.js", "/assets/labels-BCFddJqR.js", "/assets/windows-DA5tu9jS.js", "/assets/Page-Dl6RTH6T.js", "/assets/Banner-BxdXnjH9.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/DataTable-C-uUMlcm.js", "/assets/MetricCard-Urh4dbul.js", "/assets/DownloadButton-Bk6d2eYm.js", "/assets/EmptyMessage-Bjzg14lw.js", "/assets/RouteError-EWqJVcmt.js", "/assets/Layout-DFnDoNrR.js", "/assets/money-Cx0zgcSk.js", "/assets/schemas-CN_3_Unh.js", "/assets/banner-context-CcHkWGTg.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js", "/assets/styles-a0xo36Rf.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/Point-CAavVjRS.js", "/assets/BarChart-DYvHHeMN.js", "/assets/SkeletonBodyText-CCRIoOa5.js"], "css": [] }, "routes/app.segments.suggestions": { "id": "routes/app.segments.suggestions", "parentId": "routes/app", "path": "segments/suggestions", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.segments.suggestions-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.campaigns_.$id.edit": { "id": "routes/app.campaigns_.$id.edit", "parentId": "routes/app", "path": "campaigns/:id/edit", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.campaigns_._id.edit-BLzSAmDM.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/CampaignEditor-BwP-AGow.js", "/assets/RouteError-EWqJVcmt.js", "/assets/TestSendCard-CBHW4XZF.js", "/assets/mapping-bindings-BcU3Ojw6.js", "/assets/money-Cx0zgcSk.js", "/assets/schemas-CN_3_Unh.js", "/assets/zoned-time-K2d8651r.js", "/assets/Page-Dl6RTH6T.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/TemplateMappingEditor-6-zVqxle.js", "/assets/Divider-4xLTpBKt.js", "/assets/Select-Cks5C2Bm.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/rate-card-ZtuvolgY.js", "/assets/labels-BCFddJqR.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/DataTable-C-uUMlcm.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js", "/assets/Link-BCoSERmW.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/BarChart-DYvHHeMN.js", "/assets/Layout-DFnDoNrR.js", "/assets/SkeletonDisplayText-WeHFu4YZ.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/Modal-DEarbm2j.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js"], "css": [] }, "routes/app.campaigns_.$id.plan": { "id": "routes/app.campaigns_.$id.plan", "parentId": "routes/app", "path": "campaigns/:id/plan", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.campaigns_._id.plan-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.campaigns_.$id.test": { "id": "routes/app.campaigns_.$id.test", "parentId": "routes/app", "path": "campaigns/:id/test", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": false, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.campaigns_._id.test-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.segments.$id._index": { "id": "routes/app.segments.$id._index", "parentId": "routes/app", "path": "segments/:id", "index": true, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.segments._id._index-fARcXCec.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/styles-a0xo36Rf.js", "/assets/TrendChart-CAs2pFuS.js", "/assets/money-Cx0zgcSk.js", "/assets/kinds-uyJLnKhY.js", "/assets/Page-Dl6RTH6T.js", "/assets/Layout-DFnDoNrR.js", "/assets/Banner-BxdXnjH9.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/IndexTable-BRgOWG11.js", "/assets/Modal-DEarbm2j.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/Point-CAavVjRS.js", "/assets/schemas-CN_3_Unh.js", "/assets/banner-context-CcHkWGTg.js", "/assets/Image-DV8D3cNz.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Sticky-DedLaMRn.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js"], "css": [] }, "routes/app.segments.$id.export": { "id": "routes/app.segments.$id.export", "parentId": "routes/app", "path": "segments/:id/export", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.segments._id.export-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.segments.$id.edit": { "id": "routes/app.segments.$id.edit", "parentId": "routes/app", "path": "segments/:id/edit", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.segments._id.edit-60CnR9Cs.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/SegmentBuilder-xeZ9xZmH.js", "/assets/kinds-uyJLnKhY.js", "/assets/schemas-CN_3_Unh.js", "/assets/Page-Dl6RTH6T.js", "/assets/Select-Cks5C2Bm.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/Divider-4xLTpBKt.js", "/assets/Layout-DFnDoNrR.js"], "css": [] }, "routes/app.campaigns._index": { "id": "routes/app.campaigns._index", "parentId": "routes/app", "path": "campaigns", "index": true, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.campaigns._index-Cnx9TGJl.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/labels-BCFddJqR.js", "/assets/money-Cx0zgcSk.js", "/assets/zoned-time-K2d8651r.js", "/assets/illustrations-K3RQIQrU.js", "/assets/useSetIndexFiltersMode-CXD73YGN.js", "/assets/Page-Dl6RTH6T.js", "/assets/IndexTable-BRgOWG11.js", "/assets/Link-BCoSERmW.js", "/assets/ProgressBar-cUg2ED14.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/EmptyMessage-Bjzg14lw.js", "/assets/RouteError-EWqJVcmt.js", "/assets/Modal-DEarbm2j.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Image-DV8D3cNz.js", "/assets/Sticky-DedLaMRn.js"], "css": [] }, "routes/app.segments.catalog": { "id": "routes/app.segments.catalog", "parentId": "routes/app", "path": "segments/catalog", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.segments.catalog-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.segments.preview": { "id": "routes/app.segments.preview", "parentId": "routes/app", "path": "segments/preview", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": false, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.segments.preview-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.settings_.prices": { "id": "routes/app.settings_.prices", "parentId": "routes/app", "path": "settings/prices", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.settings_.prices-B68y0oIv.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/rate-card-ZtuvolgY.js", "/assets/RouteError-EWqJVcmt.js", "/assets/Page-Dl6RTH6T.js", "/assets/Layout-DFnDoNrR.js", "/assets/Banner-BxdXnjH9.js", "/assets/DataTable-C-uUMlcm.js", "/assets/banner-context-CcHkWGTg.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js"], "css": [] }, "routes/app.templates._index": { "id": "routes/app.templates._index", "parentId": "routes/app", "path": "templates", "index": true, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.templates._index-g78zO7mL.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/TemplateTable-Cgk9w9HL.js", "/assets/illustrations-K3RQIQrU.js", "/assets/zoned-time-K2d8651r.js", "/assets/Page-Dl6RTH6T.js", "/assets/Banner-BxdXnjH9.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/whatsapp-labels-Cfsqf0DT.js", "/assets/useSetIndexFiltersMode-CXD73YGN.js", "/assets/Modal-DEarbm2j.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/IndexTable-BRgOWG11.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Image-DV8D3cNz.js", "/assets/Sticky-DedLaMRn.js", "/assets/banner-context-CcHkWGTg.js"], "css": [] }, "routes/app.segments._index": { "id": "routes/app.segments._index", "parentId": "routes/app", "path": "segments", "index": true, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.segments._index-ChzwNN7T.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/styles-a0xo36Rf.js", "/assets/KindPicker-C17O66y_.js", "/assets/illustrations-K3RQIQrU.js", "/assets/kinds-uyJLnKhY.js", "/assets/useToast-42rL9CgA.js", "/assets/TrendChart-CAs2pFuS.js", "/assets/useSetIndexFiltersMode-CXD73YGN.js", "/assets/Page-Dl6RTH6T.js", "/assets/Banner-BxdXnjH9.js", "/assets/IndexTable-BRgOWG11.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/schemas-CN_3_Unh.js", "/assets/index-YBJRx2Br.js", "/assets/context-CatL1OaE.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/Point-CAavVjRS.js", "/assets/Modal-DEarbm2j.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/banner-context-CcHkWGTg.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Image-DV8D3cNz.js", "/assets/Sticky-DedLaMRn.js"], "css": [] }, "routes/app.campaigns.new": { "id": "routes/app.campaigns.new", "parentId": "routes/app", "path": "campaigns/new", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.campaigns.new-jfDF32TI.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/CampaignEditor-BwP-AGow.js", "/assets/RouteError-EWqJVcmt.js", "/assets/TestSendCard-CBHW4XZF.js", "/assets/mapping-bindings-BcU3Ojw6.js", "/assets/money-Cx0zgcSk.js", "/assets/schemas-CN_3_Unh.js", "/assets/zoned-time-K2d8651r.js", "/assets/Page-Dl6RTH6T.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/TemplateMappingEditor-6-zVqxle.js", "/assets/Divider-4xLTpBKt.js", "/assets/Select-Cks5C2Bm.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/rate-card-ZtuvolgY.js", "/assets/labels-BCFddJqR.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/DataTable-C-uUMlcm.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js", "/assets/Link-BCoSERmW.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/BarChart-DYvHHeMN.js", "/assets/Layout-DFnDoNrR.js", "/assets/SkeletonDisplayText-WeHFu4YZ.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/Modal-DEarbm2j.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js"], "css": [] }, "routes/app.orders._index": { "id": "routes/app.orders._index", "parentId": "routes/app", "path": "orders", "index": true, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.orders._index-CMjAxao8.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/format-CmoNv1NO.js", "/assets/RouteError-EWqJVcmt.js", "/assets/illustrations-K3RQIQrU.js", "/assets/Page-Dl6RTH6T.js", "/assets/Banner-BxdXnjH9.js", "/assets/Select-Cks5C2Bm.js", "/assets/IndexTable-BRgOWG11.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/money-Cx0zgcSk.js", "/assets/banner-context-CcHkWGTg.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Image-DV8D3cNz.js", "/assets/Sticky-DedLaMRn.js"], "css": [] }, "routes/app.templates.$id": { "id": "routes/app.templates.$id", "parentId": "routes/app", "path": "templates/:id", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.templates._id-C85_ydqq.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/TemplateMappingEditor-6-zVqxle.js", "/assets/mapping-bindings-BcU3Ojw6.js", "/assets/Page-Dl6RTH6T.js", "/assets/ChatIcon.svg-CaRveLGL.js", "/assets/whatsapp-labels-Cfsqf0DT.js", "/assets/TemplateTable-Cgk9w9HL.js", "/assets/Layout-DFnDoNrR.js", "/assets/Banner-BxdXnjH9.js", "/assets/Select-Cks5C2Bm.js", "/assets/Divider-4xLTpBKt.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/money-Cx0zgcSk.js", "/assets/schemas-CN_3_Unh.js", "/assets/illustrations-K3RQIQrU.js", "/assets/useSetIndexFiltersMode-CXD73YGN.js", "/assets/Modal-DEarbm2j.js", "/assets/context-CatL1OaE.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/IndexTable-BRgOWG11.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Image-DV8D3cNz.js", "/assets/Sticky-DedLaMRn.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/banner-context-CcHkWGTg.js"], "css": [] }, "routes/app.templates.$id.preview": { "id": "routes/app.templates.$id.preview", "parentId": "routes/app.templates.$id", "path": "preview", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.templates._id.preview-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.segments.new": { "id": "routes/app.segments.new", "parentId": "routes/app", "path": "segments/new", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.segments.new-CN3y1luO.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/KindPicker-C17O66y_.js", "/assets/SegmentBuilder-xeZ9xZmH.js", "/assets/Page-Dl6RTH6T.js", "/assets/kinds-uyJLnKhY.js", "/assets/schemas-CN_3_Unh.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/Select-Cks5C2Bm.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/Divider-4xLTpBKt.js", "/assets/Layout-DFnDoNrR.js"], "css": [] }, "routes/app.orders.$id": { "id": "routes/app.orders.$id", "parentId": "routes/app", "path": "orders/:id", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": true, "module": "/assets/app.orders._id-B_kmhVhW.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/format-CmoNv1NO.js", "/assets/windows-DA5tu9jS.js", "/assets/RouteError-EWqJVcmt.js", "/assets/Page-Dl6RTH6T.js", "/assets/Layout-DFnDoNrR.js", "/assets/Banner-BxdXnjH9.js", "/assets/Divider-4xLTpBKt.js", "/assets/money-Cx0zgcSk.js", "/assets/schemas-CN_3_Unh.js", "/assets/banner-context-CcHkWGTg.js"], "css": [] }, "routes/app.contacts": { "id": "routes/app.contacts", "parentId": "routes/app", "path": "contacts", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.contacts-DUZi_WyI.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/styles-a0xo36Rf.js", "/assets/zoned-time-K2d8651r.js", "/assets/useToast-42rL9CgA.js", "/assets/Banner-BxdXnjH9.js", "/assets/Page-Dl6RTH6T.js", "/assets/DataTable-C-uUMlcm.js", "/assets/Modal-DEarbm2j.js", "/assets/illustrations-K3RQIQrU.js", "/assets/useSetIndexFiltersMode-CXD73YGN.js", "/assets/IndexTable-BRgOWG11.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/ChoiceList-CAmeyfh5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/Link-BCoSERmW.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/BarChart-DYvHHeMN.js", "/assets/Layout-DFnDoNrR.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/SkeletonDisplayText-WeHFu4YZ.js", "/assets/index-YBJRx2Br.js", "/assets/context-CatL1OaE.js", "/assets/banner-context-CcHkWGTg.js", "/assets/Sticky-DedLaMRn.js", "/assets/context-Ds7b4o16.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/XSmallIcon.svg-BqzM2qyX.js", "/assets/set-root-property-qyXwRDGc.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Image-DV8D3cNz.js"], "css": [] }, "routes/app.contacts.imports.$id": { "id": "routes/app.contacts.imports.$id", "parentId": "routes/app.contacts", "path": "imports/:id", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.contacts.imports._id-DuTQw1Nm.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/zoned-time-K2d8651r.js", "/assets/Page-Dl6RTH6T.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/DataTable-C-uUMlcm.js", "/assets/Link-BCoSERmW.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js", "/assets/banner-context-CcHkWGTg.js"], "css": [] }, "routes/app.contacts.imports.$id.rejected[.csv]": { "id": "routes/app.contacts.imports.$id.rejected[.csv]", "parentId": "routes/app.contacts.imports.$id", "path": "rejected.csv", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.contacts.imports._id.rejected_.csv_-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.settings": { "id": "routes/app.settings", "parentId": "routes/app", "path": "settings", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.settings-CSi7NfgL.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/zoned-time-K2d8651r.js", "/assets/Page-Dl6RTH6T.js", "/assets/ProgressBar-cUg2ED14.js", "/assets/windows-DA5tu9jS.js", "/assets/Layout-DFnDoNrR.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/FormLayout-B3v4fXKY.js", "/assets/Banner-BxdXnjH9.js", "/assets/schemas-CN_3_Unh.js", "/assets/useToast-42rL9CgA.js", "/assets/whatsapp-labels-Cfsqf0DT.js", "/assets/Link-BCoSERmW.js", "/assets/Checkbox-Csx5-rP6.js", "/assets/Collapsible-pC0JNfCO.js", "/assets/DataRequestsBanner-DpTPQpQQ.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/banner-context-CcHkWGTg.js", "/assets/index-YBJRx2Br.js", "/assets/context-CatL1OaE.js"], "css": [] }, "routes/app.settings.attribution": { "id": "routes/app.settings.attribution", "parentId": "routes/app.settings", "path": "attribution", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.settings.attribution-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.settings.campaigns": { "id": "routes/app.settings.campaigns", "parentId": "routes/app.settings", "path": "campaigns", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.settings.campaigns-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app.settings.whatsapp": { "id": "routes/app.settings.whatsapp", "parentId": "routes/app.settings", "path": "whatsapp", "index": void 0, "caseSensitive": void 0, "hasAction": true, "hasLoader": false, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app.settings.whatsapp-l0sNRNKZ.js", "imports": [], "css": [] }, "routes/app._index": { "id": "routes/app._index", "parentId": "routes/app", "path": void 0, "index": true, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app._index-4qqhQ_Al.js", "imports": ["/assets/components-C_RIDDID.js", "/assets/money-Cx0zgcSk.js", "/assets/format-CmoNv1NO.js", "/assets/MetricCard-Urh4dbul.js", "/assets/EmptyMessage-Bjzg14lw.js", "/assets/Page-Dl6RTH6T.js", "/assets/InlineGrid-CuQu87g5.js", "/assets/DataTable-C-uUMlcm.js", "/assets/DataRequestsBanner-DpTPQpQQ.js", "/assets/ProgressBar-cUg2ED14.js", "/assets/EmptyState-BO0jSuPC.js", "/assets/Layout-DFnDoNrR.js", "/assets/styles-a0xo36Rf.js", "/assets/PolarisVizProvider-CRHFUCsk.js", "/assets/Point-CAavVjRS.js", "/assets/BarChart-DYvHHeMN.js", "/assets/SkeletonBodyText-CCRIoOa5.js", "/assets/index-YBJRx2Br.js", "/assets/Sticky-DedLaMRn.js", "/assets/Banner-BxdXnjH9.js", "/assets/banner-context-CcHkWGTg.js", "/assets/CSSTransition-JQSjK0b-.js", "/assets/Image-DV8D3cNz.js"], "css": [] }, "routes/app.$": { "id": "routes/app.$", "parentId": "routes/app", "path": "*", "index": void 0, "caseSensitive": void 0, "hasAction": false, "hasLoader": true, "hasClientAction": false, "hasClientLoader": false, "hasErrorBoundary": false, "module": "/assets/app._-C6d-v1ok.js", "imports": [], "css": [] } }, "url": "/assets/manifest-d26e8897.js", "version": "d26e8897" };
const mode = "production";
const assetsBuildDirectory = "build-x/client";
const basename = "/";
const future = { "v3_fetcherPersist": true, "v3_relativeSplatPath": true, "v3_throwAbortReason": true, "v3_routeConfig": true, "v3_singleFetch": false, "v3_lazyRouteDiscovery": true, "unstable_optimizeDeps": false };
const isSpaMode = false;
const publicPath = "/";
const entry = { module: entryServer };
const routes = {
  "root": {
    id: "root",
    parentId: void 0,
    path: "",
    index: void 0,
    caseSensitive: void 0,
    module: route0
  },
  "routes/proxy.optin": {
    id: "routes/proxy.optin",
    parentId: "root",
    path: "proxy/optin",
    index: void 0,
    caseSensitive: void 0,
    module: route1
  },
  "routes/auth.login": {
    id: "routes/auth.login",
    parentId: "root",
    path: "auth/login",
    index: void 0,
    caseSensitive: void 0,
    module: route2
  },
  "routes/webhooks": {
    id: "routes/webhooks",
    parentId: "root",
    path: "webhooks",
    index: void 0,
    caseSensitive: void 0,
    module: route3
  },
  "routes/webhooks.whatsapp": {
    id: "routes/webhooks.whatsapp",
    parentId: "routes/webhooks",
    path: "whatsapp",
    index: void 0,
    caseSensitive: void 0,
    module: route4
  },
  "routes/healthz": {
    id: "routes/healthz",
    parentId: "root",
    path: "healthz",
    index: void 0,
    caseSensitive: void 0,
    module: route5
  },
  "routes/_index": {
    id: "routes/_index",
    parentId: "root",
    path: void 0,
    index: true,
    caseSensitive: void 0,
    module: route6
  },
  "routes/auth.$": {
    id: "routes/auth.$",
    parentId: "root",
    path: "auth/*",
    index: void 0,
    caseSensitive: void 0,
    module: route7
  },
  "routes/app": {
    id: "routes/app",
    parentId: "root",
    path: "app",
    index: void 0,
    caseSensitive: void 0,
    module: route8
  },
  "routes/app.campaigns_.$id.report_.recipients[.csv]": {
    id: "routes/app.campaigns_.$id.report_.recipients[.csv]",
    parentId: "routes/app",
    path: "campaigns/:id/report/recipients.csv",
    index: void 0,
    caseSensitive: void 0,
    module: route9
  },
  "routes/app.campaigns_.$id.report_.segments[.csv]": {
    id: "routes/app.campaigns_.$id.report_.segments[.csv]",
    parentId: "routes/app",
    path: "campaigns/:id/report/segments.csv",
    index: void 0,
    caseSensitive: void 0,
    module: route10
  },
  "routes/app.settings_.data-requests": {
    id: "routes/app.settings_.data-requests",
    parentId: "routes/app",
    path: "settings/data-requests",
    index: void 0,
    caseSensitive: void 0,
    module: route11
  },
  "routes/app.settings_.data-requests.$id[.json]": {
    id: "routes/app.settings_.data-requests.$id[.json]",
    parentId: "routes/app.settings_.data-requests",
    path: ":id.json",
    index: void 0,
    caseSensitive: void 0,
    module: route12
  },
  "routes/app.campaigns_.$id._index": {
    id: "routes/app.campaigns_.$id._index",
    parentId: "routes/app",
    path: "campaigns/:id",
    index: true,
    caseSensitive: void 0,
    module: route13
  },
  "routes/app.campaigns_.$id.report": {
    id: "routes/app.campaigns_.$id.report",
    parentId: "routes/app",
    path: "campaigns/:id/report",
    index: void 0,
    caseSensitive: void 0,
    module: route14
  },
  "routes/app.segments.suggestions": {
    id: "routes/app.segments.suggestions",
    parentId: "routes/app",
    path: "segments/suggestions",
    index: void 0,
    caseSensitive: void 0,
    module: route15
  },
  "routes/app.campaigns_.$id.edit": {
    id: "routes/app.campaigns_.$id.edit",
    parentId: "routes/app",
    path: "campaigns/:id/edit",
    index: void 0,
    caseSensitive: void 0,
    module: route16
  },
  "routes/app.campaigns_.$id.plan": {
    id: "routes/app.campaigns_.$id.plan",
    parentId: "routes/app",
    path: "campaigns/:id/plan",
    index: void 0,
    caseSensitive: void 0,
    module: route17
  },
  "routes/app.campaigns_.$id.test": {
    id: "routes/app.campaigns_.$id.test",
    parentId: "routes/app",
    path: "campaigns/:id/test",
    index: void 0,
    caseSensitive: void 0,
    module: route18
  },
  "routes/app.segments.$id._index": {
    id: "routes/app.segments.$id._index",
    parentId: "routes/app",
    path: "segments/:id",
    index: true,
    caseSensitive: void 0,
    module: route19
  },
  "routes/app.segments.$id.export": {
    id: "routes/app.segments.$id.export",
    parentId: "routes/app",
    path: "segments/:id/export",
    index: void 0,
    caseSensitive: void 0,
    module: route20
  },
  "routes/app.segments.$id.edit": {
    id: "routes/app.segments.$id.edit",
    parentId: "routes/app",
    path: "segments/:id/edit",
    index: void 0,
    caseSensitive: void 0,
    module: route21
  },
  "routes/app.campaigns._index": {
    id: "routes/app.campaigns._index",
    parentId: "routes/app",
    path: "campaigns",
    index: true,
    caseSensitive: void 0,
    module: route22
  },
  "routes/app.segments.catalog": {
    id: "routes/app.segments.catalog",
    parentId: "routes/app",
    path: "segments/catalog",
    index: void 0,
    caseSensitive: void 0,
    module: route23
  },
  "routes/app.segments.preview": {
    id: "routes/app.segments.preview",
    parentId: "routes/app",
    path: "segments/preview",
    index: void 0,
    caseSensitive: void 0,
    module: route24
  },
  "routes/app.settings_.prices": {
    id: "routes/app.settings_.prices",
    parentId: "routes/app",
    path: "settings/prices",
    index: void 0,
    caseSensitive: void 0,
    module: route25
  },
  "routes/app.templates._index": {
    id: "routes/app.templates._index",
    parentId: "routes/app",
    path: "templates",
    index: true,
    caseSensitive: void 0,
    module: route26
  },
  "routes/app.segments._index": {
    id: "routes/app.segments._index",
    parentId: "routes/app",
    path: "segments",
    index: true,
    caseSensitive: void 0,
    module: route27
  },
  "routes/app.campaigns.new": {
    id: "routes/app.campaigns.new",
    parentId: "routes/app",
    path: "campaigns/new",
    index: void 0,
    caseSensitive: void 0,
    module: route28
  },
  "routes/app.orders._index": {
    id: "routes/app.orders._index",
    parentId: "routes/app",
    path: "orders",
    index: true,
    caseSensitive: void 0,
    module: route29
  },
  "routes/app.templates.$id": {
    id: "routes/app.templates.$id",
    parentId: "routes/app",
    path: "templates/:id",
    index: void 0,
    caseSensitive: void 0,
    module: route30
  },
  "routes/app.templates.$id.preview": {
    id: "routes/app.templates.$id.preview",
    parentId: "routes/app.templates.$id",
    path: "preview",
    index: void 0,
    caseSensitive: void 0,
    module: route31
  },
  "routes/app.segments.new": {
    id: "routes/app.segments.new",
    parentId: "routes/app",
    path: "segments/new",
    index: void 0,
    caseSensitive: void 0,
    module: route32
  },
  "routes/app.orders.$id": {
    id: "routes/app.orders.$id",
    parentId: "routes/app",
    path: "orders/:id",
    index: void 0,
    caseSensitive: void 0,
    module: route33
  },
  "routes/app.contacts": {
    id: "routes/app.contacts",
    parentId: "routes/app",
    path: "contacts",
    index: void 0,
    caseSensitive: void 0,
    module: route34
  },
  "routes/app.contacts.imports.$id": {
    id: "routes/app.contacts.imports.$id",
    parentId: "routes/app.contacts",
    path: "imports/:id",
    index: void 0,
    caseSensitive: void 0,
    module: route35
  },
  "routes/app.contacts.imports.$id.rejected[.csv]": {
    id: "routes/app.contacts.imports.$id.rejected[.csv]",
    parentId: "routes/app.contacts.imports.$id",
    path: "rejected.csv",
    index: void 0,
    caseSensitive: void 0,
    module: route36
  },
  "routes/app.settings": {
    id: "routes/app.settings",
    parentId: "routes/app",
    path: "settings",
    index: void 0,
    caseSensitive: void 0,
    module: route37
  },
  "routes/app.settings.attribution": {
    id: "routes/app.settings.attribution",
    parentId: "routes/app.settings",
    path: "attribution",
    index: void 0,
    caseSensitive: void 0,
    module: route38
  },
  "routes/app.settings.campaigns": {
    id: "routes/app.settings.campaigns",
    parentId: "routes/app.settings",
    path: "campaigns",
    index: void 0,
    caseSensitive: void 0,
    module: route39
  },
  "routes/app.settings.whatsapp": {
    id: "routes/app.settings.whatsapp",
    parentId: "routes/app.settings",
    path: "whatsapp",
    index: void 0,
    caseSensitive: void 0,
    module: route40
  },
  "routes/app._index": {
    id: "routes/app._index",
    parentId: "routes/app",
    path: void 0,
    index: true,
    caseSensitive: void 0,
    module: route41
  },
  "routes/app.$": {
    id: "routes/app.$",
    parentId: "routes/app",
    path: "*",
    index: void 0,
    caseSensitive: void 0,
    module: route42
  }
};
export {
  serverManifest as assets,
  assetsBuildDirectory,
  basename,
  entry,
  future,
  isSpaMode,
  mode,
  publicPath,
  routes
};
