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

// One connection per process and URL for health checks (a probe every few seconds must not open a socket each
// time); it reconnects on its own after Redis comes back.
const probes = new Map<string, Redis>();

function probeClient(url: string): Redis {
  let client = probes.get(url);
  if (!client) {
    client = new Redis(url, {
      maxRetriesPerRequest: 0,
      connectTimeout: 1500,
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // A probe's failure is its answer (pingRedis returns it as the health line); logging it too would repeat it.
    client.on("error", () => {});
    probes.set(url, client);
  }
  return client;
}

export async function pingRedis(url: string): Promise<"ok" | string> {
  const client = probeClient(url);
  try {
    if (client.status === "connecting" || client.status === "reconnecting" || client.status === "wait") {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })),
          1500,
        );
        client.once("ready", () => (clearTimeout(timer), resolve()));
        client.once("error", (err: Error) => (clearTimeout(timer), reject(err)));
      });
    }
    await client.ping();
    return "ok";
  } catch (err) {
    return describeConnectionError(err, url);
  }
}

/** Connections opened by pingRedis (tests and process shutdown). */
export function redisProbeConnections(): number {
  return probes.size;
}

export function closeHealthConnections() {
  for (const client of probes.values()) client.disconnect();
  probes.clear();
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
