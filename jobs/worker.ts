// `npm run worker`: a separate Node process running every BullMQ queue. Run as many copies as you like:
// every job is idempotent and safe to run concurrently with itself on another worker.
import "../scripts/production-default";
import http from "node:http";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { ZodError } from "zod";
import { ConfigError, getEnv } from "../app/env.server";
import { assertServicesReachable, checkHealth } from "../app/health.server";
import { closeDb } from "../app/db.server";
import { createRedis } from "./connection";
import { closeQueues, JOBS, QUEUES, queue, type JobName, type QueueName } from "./queues";
import { handlers } from "./handlers";
import { closeRateLimiter } from "../app/campaigns/rates.server";

export interface RunningWorkers {
  close(): Promise<void>;
  workers: Worker[];
}

/** Start one BullMQ Worker per queue (used by the CLI below and by integration tests). */
export function startWorkers(
  opts: { queues?: QueueName[]; concurrency?: Partial<Record<QueueName, number>> } = {},
): RunningWorkers {
  const env = getEnv();
  const names = opts.queues ?? (Object.keys(QUEUES) as QueueName[]);
  const workers = names.map(
    (name) =>
      new Worker(name, (job: Job) => runJob(job), {
        connection: createRedis("worker"),
        prefix: env.QUEUE_PREFIX,
        concurrency: opts.concurrency?.[name] ?? QUEUES[name].concurrency,
        ...lockOptions(name),
        autorun: true,
      }),
  );
  for (const w of workers) {
    w.on("failed", (job, err) => {
      if (job) console.warn(`job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`);
    });
    w.on("error", (err) => console.warn(`worker error: ${err.message}`));
  }
  return {
    workers,
    async close() {
      await Promise.allSettled(workers.map((w) => w.close()));
    },
  };
}

function lockOptions(name: QueueName): { lockDuration?: number; stalledInterval?: number } {
  const ms = (QUEUES[name] as { lockDurationMs?: number }).lockDurationMs;
  return ms ? { lockDuration: ms, stalledInterval: ms } : {};
}

async function runJob(job: Job) {
  const name = job.name as JobName;
  const def = JOBS[name];
  if (!def) throw new UnrecoverableError(`unknown job ${job.name}`);
  let payload: unknown;
  try {
    payload = def.payload.parse(job.data);
  } catch (err) {
    // A payload that does not validate will never validate: do not retry it.
    throw new UnrecoverableError(
      `invalid payload for ${name}: ${err instanceof ZodError ? err.issues[0]?.message : err}`,
    );
  }
  const handler = handlers[name] as (p: unknown, job: Job) => Promise<unknown>;
  return handler(payload, job);
}

/** Repeating jobs, declared idempotently (upsert) by every worker at start. */
export async function scheduleRepeatingJobs() {
  await queue("maintenance").upsertJobScheduler(
    "reconcile-every-minute",
    { every: 60_000 },
    {
      name: "maintenance.reconcile",
      data: {},
    },
  );
  // Raw webhook bodies past their retention period are blanked once a day (a quiet hour, UTC).
  await queue("maintenance").upsertJobScheduler(
    "scrub-inbox-daily",
    { pattern: "41 3 * * *" },
    { name: "maintenance.scrub-inbox", data: {} },
  );
  // WhatsApp connections (quality, limits) every 6 hours, consent audit sync every 10 minutes. Cron patterns,
  // not `every`: an `every` scheduler fires at once on each new prefix, loading a worker that is just starting.
  await queue("whatsapp").upsertJobScheduler(
    "whatsapp-refresh-every-6h",
    { pattern: "17 */6 * * *" },
    { name: "whatsapp.refresh-all", data: {} },
  );
  await queue("whatsapp").upsertJobScheduler(
    "consent-sync-every-10m",
    { pattern: "*/10 * * * *" },
    { name: "consent.sync-all", data: {} },
  );
}

async function main() {
  try {
    getEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`worker cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  await assertServicesReachable("worker");
  const running = startWorkers();
  await scheduleRepeatingJobs();
  // The reconciler rebuilds lost jobs from the database, but it is itself a job: if Redis lost everything, declare
  // it again (an idempotent upsert) every few minutes rather than only at start.
  const redeclare = setInterval(() => void scheduleRepeatingJobs().catch(() => {}), 5 * 60_000);
  // A Redis that restarted empty (no persistence) lost the schedulers: declare them as soon as it is back, so the
  // reconciler rebuilds lost jobs (campaign dispatchers among them) within a minute, not five.
  const watcher = createRedis("worker");
  let lostRedis = false;
  watcher.on("close", () => (lostRedis = true));
  watcher.on("ready", () => {
    if (!lostRedis) return;
    lostRedis = false;
    void scheduleRepeatingJobs().catch(() => {});
  });

  const port = getEnv().WORKER_HEALTH_PORT;
  const health = http.createServer((req, res) => {
    if (req.url !== "/healthz") return void res.writeHead(404).end();
    // checkHealth never rejects: each service's failure is a line in the answer
    void checkHealth().then((h) =>
      res.writeHead(h.ok ? 200 : 503, { "Content-Type": "application/json" }).end(JSON.stringify(h)),
    );
  });
  health.on("error", (err) => console.warn(`worker health endpoint not started: ${err.message}`));
  health.listen(port, "127.0.0.1");
  console.log(`worker running queues ${Object.keys(QUEUES).join(", ")}; health on http://127.0.0.1:${port}/healthz`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`worker received ${signal}: finishing active jobs`);
    health.close();
    clearInterval(redeclare);
    watcher.disconnect();
    await running.close();
    await closeRateLimiter();
    await closeQueues();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

// Run only as the entry point (tests import startWorkers).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main();
}

export { createRedis };
