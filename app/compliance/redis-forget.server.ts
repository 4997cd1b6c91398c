// Redact in Redis too. Redis holds only queues and short-lived counters, but some of them name a customer: jobs
// whose payload carries a phone (consent replies, Shopify write-backs) stay an hour after completing and a week
// after failing, opt-in rate counters are keyed by phone for an hour, and a pending confirm-on-WhatsApp code holds
// the phone for its lifetime. A redaction removes each of them now instead of waiting for them to expire.
// A job that is running at this moment cannot be removed (its lock is held); it is removed an hour after it ends.
import type { Redis } from "ioredis";
import type { JobType } from "bullmq";
import { QUEUES, queue, type QueueName } from "../../jobs/queues";
import { createRedis } from "../../jobs/connection";
import { getEnv } from "../env.server";

// BullMQ 5+ keeps paused jobs in "wait"; an active job is locked and cannot be removed anyway.
const STATES: JobType[] = ["completed", "failed", "wait", "delayed", "prioritized", "waiting-children"];
const PAGE = 500;

let redis: Redis | null = null;
function client(): Redis {
  redis ??= createRedis("producer");
  return redis;
}

export async function closeForgetRedis() {
  const r = redis;
  redis = null;
  await r?.quit().catch(() => {});
}

async function scanKeys(pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await client().scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found;
}

/** Removes every job whose payload, result or error text satisfies `names`. */
async function removeJobs(names: (text: string) => boolean): Promise<number> {
  let removed = 0;
  for (const name of Object.keys(QUEUES) as QueueName[]) {
    const q = queue(name);
    const matching = [];
    // Read every page first, then remove: removing while paging would shift the pages.
    for (let start = 0; ; start += PAGE) {
      const jobs = await q.getJobs(STATES, start, start + PAGE - 1, true);
      for (const job of jobs) {
        const text = `${JSON.stringify(job.data)} ${JSON.stringify(job.returnvalue ?? null)} ${job.failedReason ?? ""}`;
        if (names(text)) matching.push(job);
      }
      if (jobs.length < PAGE) break;
    }
    for (const job of matching) {
      await job.remove().then(
        () => removed++,
        () => {}, // locked by a running worker: it expires with the queue's retention
      );
    }
  }
  return removed;
}

/** customers/redact: jobs, rate counters and pending confirmations naming any of these identifiers. */
export async function forgetCustomerInRedis(
  shopId: number,
  identifiers: string[],
  phones: string[],
): Promise<{ jobs: number; keys: number }> {
  const needles = identifiers.filter((s) => s.length >= 3);
  const jobs = await removeJobs((text) => needles.some((n) => text.includes(n)));
  const prefix = getEnv().QUEUE_PREFIX;
  const keys: string[] = [];
  for (const phone of phones) keys.push(...(await scanKeys(`${prefix}:optin-rate:${shopId}:*:phone:${phone}`)));
  for (const k of await scanKeys(`${prefix}:consent-confirm:${shopId}:*`)) {
    const value = (await client().get(k)) ?? "";
    if (needles.some((n) => value.includes(n))) keys.push(k);
  }
  if (keys.length) await client().del(...keys);
  return { jobs, keys: keys.length };
}

/** shop/redact: every job of the shop and its counters and pending confirmations. */
export async function forgetShopInRedis(
  shopId: number,
  domain: string | null,
): Promise<{ jobs: number; keys: number }> {
  const jobs = await removeJobs(
    (text) =>
      text.includes(`"shopId":${shopId},`) ||
      text.includes(`"shopId":${shopId}}`) ||
      (!!domain && text.includes(`"${domain}"`)),
  );
  const prefix = getEnv().QUEUE_PREFIX;
  const keys = [
    ...(await scanKeys(`${prefix}:optin-rate:${shopId}:*`)),
    ...(await scanKeys(`${prefix}:consent-confirm:${shopId}:*`)),
  ];
  if (keys.length) await client().del(...keys);
  return { jobs, keys: keys.length };
}
