// The one list of queues and jobs. A job is a name, a zod payload and (in jobs/worker.ts) a handler.
// Producers import only this file; handlers live in jobs/processors/*.
import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import { getEnv } from "../app/env.server";
import { warnEvery } from "../app/lib/logger.server";
import { createRedis } from "./connection";

const id = z.string().regex(/^\d+$/, "a decimal id"); // 64-bit ids travel as strings
const shopId = z.number().int().positive();

export const QUEUES = {
  inbox: { concurrency: 8 },
  ingest: { concurrency: 2 },
  segments: { concurrency: 2 },
  maintenance: { concurrency: 1 },
  attribution: { concurrency: 1 },
  whatsapp: { concurrency: 4 },
  // A dispatcher whose process died is taken over after ~10 s instead of BullMQ's default 30–60 s (the rows it
  // held stay `sending` and are never re-sent; the rest of the campaign goes on without waiting).
  campaigns: { concurrency: 4, lockDurationMs: 10_000 },
} as const;
export type QueueName = keyof typeof QUEUES;

export const JOBS = {
  /** apply one stored webhook delivery (Shopify or WhatsApp); shopId marks events applied in batches per shop */
  "inbox.process": { queue: "inbox", payload: z.object({ inboxId: id, shopId: shopId.optional() }) },
  /** a delivery that reached Redis while PostgreSQL was down: write it to the inbox, then process it */
  "inbox.record": {
    queue: "inbox",
    payload: z
      .object({
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
        triggeredAt: z.string().nullable().optional(),
      })
      .refine((d) => d.sealedBody !== undefined || d.body !== undefined, "sealedBody or body is required"),
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
      eventId: id,
    }),
  },
  /** write a WhatsApp opt-out back to the customer's Shopify SMS marketing consent */
  "consent.shopify-writeback": {
    queue: "whatsapp",
    payload: z.object({ shopId, customerId: id, phoneE164: z.string().regex(/^\+\d{7,15}$/) }),
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
      lane: z.number().int().min(0).max(16).optional(),
    }),
    options: { removeOnComplete: true, removeOnFail: true, attempts: 5 },
  },
  /** after the test group's waiting period: roll out to the main group or hold for the merchant */
  "campaign.rollout-check": {
    queue: "campaigns",
    payload: z.object({ shopId, campaignId: z.number().int().positive() }),
    options: { removeOnComplete: true, removeOnFail: true, attempts: 5 },
  },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType; options?: JobsOptions }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

const queues = new Map<QueueName, Queue>();

export function queue(name: QueueName): Queue {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, {
      connection: createRedis("producer"),
      prefix: getEnv().QUEUE_PREFIX,
      skipWaitingForReady: true,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: "exponential", delay: 2000 },
        removeOnComplete: { age: 3600, count: 10000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    // A queue re-emits its connection's errors: the same rate-limited "Redis" line as jobs/connection.ts, so an
    // outage is one line every 30 s for the whole process, not one per queue and retry. enqueue() still rejects.
    q.on("error", warnEvery("Redis"));
    queues.set(name, q);
  }
  return q;
}

/** How long a producer waits for Redis before giving up (a webhook must answer within Shopify's 5 s). */
export const ENQUEUE_TIMEOUT_MS = 1500;

/** Validate and add a job. Rejects within ENQUEUE_TIMEOUT_MS when Redis is unreachable (callers decide). */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: JobsOptions = {}) {
  const def: { queue: QueueName; payload: z.ZodType; options?: JobsOptions } = JOBS[name];
  const data = def.payload.parse(payload);
  if (def.options) opts = { ...def.options, ...opts };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not take job ${name} within ${ENQUEUE_TIMEOUT_MS} ms`)),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([queue(def.queue).add(name, data, opts), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function closeQueues() {
  const all = [...queues.values()];
  queues.clear();
  await Promise.allSettled(all.map((q) => q.close()));
}
