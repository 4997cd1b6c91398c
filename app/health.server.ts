// Health of the two services every process needs, and readable messages when they cannot be reached.
import { Redis } from "ioredis";
import { pool } from "./db.server";
import { getEnv, redactUrl } from "./env.server";

export interface Health {
  ok: boolean;
  database: "ok" | string;
  redis: "ok" | string;
}

export async function checkHealth(): Promise<Health> {
  const env = getEnv();
  const database = await pool()
    .query("SELECT 1")
    .then(() => "ok" as const)
    .catch((err: unknown) => describeConnectionError(err, env.DATABASE_URL));
  const redis = await pingRedis(env.REDIS_URL);
  return { ok: database === "ok" && redis === "ok", database, redis };
}

export async function pingRedis(url: string): Promise<"ok" | string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1500,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
    return "ok";
  } catch (err) {
    return describeConnectionError(err, url);
  } finally {
    client.disconnect();
  }
}

/** One line that says what is wrong and how to fix it; never a stack trace, never a password. */
export function describeConnectionError(err: unknown, url?: string): string {
  const e = err as { code?: string; message?: string };
  const where = url ? redactUrl(url) : "";
  if (url?.startsWith("redis")) {
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

/** For process start: exit with one line when PostgreSQL or Redis is not there. */
export async function assertServicesReachable(processName: string) {
  const h = await checkHealth();
  if (!h.ok) {
    console.error(`${processName} cannot start: ${h.database !== "ok" ? h.database : h.redis}`);
    process.exit(1);
  }
}
