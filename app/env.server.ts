// Configuration, validated once. A missing or malformed variable stops the process with one readable line.
import { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const port = z.coerce
  .number({ error: "must be a port number" })
  .int("must be a whole port number")
  .min(1, "must be a port number from 1 to 65535")
  .max(65535, "must be a port number from 1 to 65535");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z
    .string({
      error: "DATABASE_URL is not set: point it at PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/segwa",
    })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgresql://"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must start with redis://")
    .default("redis://127.0.0.1:6379"),
  /** prefix for every BullMQ key; tests use a unique one per run */
  QUEUE_PREFIX: z.string().min(1).default("segwa"),
  SHOPIFY_API_KEY: z
    .string({
      error: "SHOPIFY_API_KEY is not set: copy the client id from the Partner Dashboard (or run `npm run demo`)",
    })
    .min(1),
  SHOPIFY_API_SECRET: z
    .string({
      error: "SHOPIFY_API_SECRET is not set: copy the client secret from the Partner Dashboard (or run `npm run demo`)",
    })
    .min(1),
  SHOPIFY_APP_URL: z.string().url().default("http://localhost:3000"),
  /** comma separated; must match shopify.app.toml */
  SCOPES: z
    .string()
    .default("read_customers,write_customers,read_orders,read_all_orders,read_products,write_app_proxy"),
  /** where the Admin API lives; only set to a simulator in tests and the demo */
  SHOPIFY_ADMIN_ORIGIN: z.string().url().optional(),
  /** base URL of the WhatsApp Cloud API; a simulator in tests and the demo */
  WHATSAPP_GRAPH_URL: z.string().url().default("https://graph.facebook.com"),
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default("v26.0"),
  /**
   * Signs the recipient references in message links (app/engagement/link-ref.server.ts). Optional: derived from
   * SHOPIFY_API_SECRET when unset; set it so rotating the Shopify secret does not void links already sent.
   */
  /**
   * Our link address for templates tracked by redirect (<origin>/l/{{1}}), e.g. a short domain pointing at this
   * app; the app's own URL (SHOPIFY_APP_URL) when unset.
   */
  LINK_BASE_URL: z.string().url().optional(),
  LINK_SECRET: z.string().min(16, "LINK_SECRET must be at least 16 characters").optional(),
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
  PORT: port.default(3000),
  HOST: z.string().min(1).default("localhost"),
  /** worker process: its private health endpoint on 127.0.0.1 */
  WORKER_HEALTH_PORT: port.default(3001),
  /** how long a shop's batched order webhooks gather before they are applied together (jobs/processors/inbox.ts) */
  INBOX_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(10_000).default(100),
  /** demo mode only: the local WhatsApp simulator's credentials, prefilled in the settings form (scripts/demo.sh) */
  WA_SIM_PHONE_NUMBER_ID: z.string().min(1).default("106540352242922"),
  WA_SIM_WABA_ID: z.string().min(1).default("102290129340398"),
  WA_SIM_TOKEN: z.string().min(1).default("sim-access-token"),
  /** days a processed webhook body (personal data) is kept before it is blanked (default 30; docs/security.md) */
  INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** days an audit event (who exported or viewed personal data) is kept (default 365; docs/privacy.md) */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const name = first.path.join(".");
    const message = first.message.startsWith(name) ? first.message : `${name}: ${first.message}`;
    throw new ConfigError(message);
  }
  // Demo mode bypasses Shopify authentication: it runs only where someone asked for development or test
  // explicitly (an unset NODE_ENV means production).
  if (parsed.data.DEMO_MODE === "1" && !["development", "test"].includes(process.env.NODE_ENV ?? "")) {
    throw new ConfigError(
      "DEMO_MODE=1 refuses to run unless NODE_ENV is development or test: demo mode bypasses Shopify authentication",
    );
  }
  cached = parsed.data;
  return cached;
}

/**
 * What the logger needs, through the same schema but alone: it must work before (and even when) the rest of the
 * configuration is valid, so that a start-up failure can still be logged. A malformed value falls back to its
 * default here; getEnv() reports it at start.
 */
export function loggerEnv(): Pick<Env, "LOG_LEVEL" | "NODE_ENV"> {
  const level = schema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  const nodeEnv = schema.shape.NODE_ENV.safeParse(process.env.NODE_ENV);
  return { LOG_LEVEL: level.success ? level.data : "info", NODE_ENV: nodeEnv.success ? nodeEnv.data : "production" };
}

export function isDemoMode(): boolean {
  return getEnv().DEMO_MODE === "1";
}

/** A URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** For tests: forget the parsed environment. */
export function resetEnvForTests() {
  cached = undefined;
}
