// Redis connections for BullMQ. Producers (web process) fail fast so a webhook can answer 503 and let Shopify
// retry; workers wait for Redis forever (maxRetriesPerRequest: null), as BullMQ's production guide asks.
import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "../app/env.server";
import { warnEvery } from "../app/lib/logger.server";

export function redisOptions(kind: "producer" | "worker"): RedisOptions {
  if (kind === "worker") return { maxRetriesPerRequest: null, enableReadyCheck: true };
  // Commands wait in the offline queue while (re)connecting; enqueue() bounds the wait with its own timeout.
  return {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
}

export function createRedis(kind: "producer" | "worker", url = getEnv().REDIS_URL): Redis {
  const redis = new Redis(url, { ...redisOptions(kind), lazyConnect: false });
  // ioredis emits connection errors as events (without a listener Node prints each one). While Redis is down every
  // connection retries several times a second: one shared, rate-limited line says so (warnEvery).
  redis.on("error", warnEvery("Redis"));
  return redis;
}
