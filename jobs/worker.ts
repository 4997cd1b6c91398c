// `npm run worker`: a separate Node process running every BullMQ queue. Run as many copies as you like:
// every job is idempotent and safe to run concurrently with itself on another worker.
import "../scripts/production-default";
import http from "node:http";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { ZodError } from "zod";
import { getEnv } from "../app/env.server";
import { checkHealth } from "../app/health.server";
import { closeDb } from "../app/db.server";
import { onStop, startOrExit } from "../app/lib/lifecycle.server";
import { errorMessage, logger, warnEvery } from "../app/lib/logger.server";
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
  // One listener for every queue's worker: a Redis outage makes each of them emit the same error repeatedly.
  const onError = warnEvery("worker");
  for (const w of workers) {
    w.on("failed", (job, err) => {
      if (job)
        logger.warn(
          { job: job.name, jobId: job.id, attempt: job.attemptsMade },
          `job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`,
        );
    });
    w.on("error", onError);
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

/** Declaring the schedulers again (Redis may be down at that moment): the next attempt retries, so a warning. */
function redeclareSchedulers() {
  return scheduleRepeatingJobs().catch((err: unknown) =>
    logger.warn(`repeating jobs not declared (tried again later): ${errorMessage(err)}`),
  );
}

async function main() {
  const env = await startOrExit("worker", { services: true });
  // Closed newest first on SIGTERM/SIGINT (after active jobs finish) or after a crash (app/lib/lifecycle.server.ts).
  onStop(closeDb);
  onStop(closeQueues);
  onStop(closeRateLimiter);
  const running = startWorkers();
  onStop(() => running.close());
  await scheduleRepeatingJobs();
  // The reconciler rebuilds lost jobs from the database, but it is itself a job: if Redis lost everything, declare
  // it again (an idempotent upsert) every few minutes rather than only at start.
  const redeclare = setInterval(() => void redeclareSchedulers(), 5 * 60_000);
  // A Redis that restarted empty (no persistence) lost the schedulers: declare them as soon as it is back, so the
  // reconciler rebuilds lost jobs (campaign dispatchers among them) within a minute, not five.
  const watcher = createRedis("worker");
  let lostRedis = false;
  watcher.on("close", () => (lostRedis = true));
  watcher.on("ready", () => {
    if (!lostRedis) return;
    lostRedis = false;
    void redeclareSchedulers();
  });

  const port = env.WORKER_HEALTH_PORT;
  const health = http.createServer((req, res) => {
    if (req.url !== "/healthz") return void res.writeHead(404).end();
    // checkHealth never rejects: each service's failure is a line in the answer
    void checkHealth().then((h) =>
      res.writeHead(h.ok ? 200 : 503, { "Content-Type": "application/json" }).end(JSON.stringify(h)),
    );
  });
  health.on("error", (err) => logger.warn(`worker health endpoint not started: ${err.message}`));
  health.listen(port, "127.0.0.1");
  onStop(() => {
    health.close();
    clearInterval(redeclare);
    watcher.disconnect();
  });
  logger.info(`worker running queues ${Object.keys(QUEUES).join(", ")}; health on http://127.0.0.1:${port}/healthz`);
}

// Run only as the entry point (tests import startWorkers).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main();
}

export { createRedis };
