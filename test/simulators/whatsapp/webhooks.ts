// Webhook delivery as Meta does it (apis.md A7): the raw JSON body signed with the app secret in
// X-Hub-Signature-256, retried with backoff on non-2xx or connection errors, possibly duplicated.
import { createHmac } from "node:crypto";
import type { WebhookDelivery } from "./types";

export function signatureHeader(rawBody: string, appSecret: string): string {
  return "sha256=" + createHmac("sha256", appSecret).update(rawBody, "utf8").digest("hex");
}

/** Meta escapes non-ASCII as \uXXXX in webhook bodies; apps must verify the bytes, not a re-serialisation. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

const LOG_LIMIT = 100_000;

export interface DispatcherOptions {
  appSecret: string;
  url?: string;
  retries: number;
  retryBaseMs: number;
  concurrency: number;
  duplicateRate: number;
}

export class WebhookDispatcher {
  readonly log: WebhookDelivery[] = [];
  failures = 0;
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private timers = new Set<NodeJS.Timeout>();
  private chains = new Map<string, Promise<void>>();
  private active = 0;
  private slots: Array<() => void> = [];
  private closed = false;
  private readonly abort = new AbortController();

  constructor(private readonly opts: DispatcherOptions) {}

  setUrl(url: string | undefined) {
    this.opts.url = url;
  }

  /**
   * Delivers `body` after `delayMs`. Webhooks sharing a `chainKey` (one message's statuses) are POSTed one after
   * another in scheduling order; the returned promise settles when this one was delivered or given up.
   */
  schedule(field: string, body: unknown | (() => unknown), delayMs: number, chainKey?: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.pending++;
    return new Promise<void>((resolve) => {
      const fire = () => {
        const raw = metaJson(typeof body === "function" ? (body as () => unknown)() : body);
        const run = () => this.deliverWithDuplicates(field, raw);
        let done: Promise<void>;
        if (chainKey) {
          const prev = this.chains.get(chainKey) ?? Promise.resolve();
          done = prev.then(run);
          this.chains.set(chainKey, done);
          void done.then(() => {
            if (this.chains.get(chainKey) === done) this.chains.delete(chainKey);
          });
        } else {
          done = run();
        }
        void done.then(() => {
          resolve();
          this.settle();
        });
      };
      if (delayMs <= 0) fire();
      else this.later(fire, delayMs);
    });
  }

  /** Resolves when nothing is scheduled, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
    this.pending = 0;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private settle() {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private later(fn: () => void, ms: number) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(resolve, ms));
  }

  private async deliverWithDuplicates(field: string, raw: string) {
    await this.deliver(field, raw);
    if (this.opts.duplicateRate > 0 && Math.random() < this.opts.duplicateRate) await this.deliver(field, raw);
  }

  private async deliver(field: string, raw: string) {
    const entry: WebhookDelivery = { field, raw, status: null, attempts: 0, delivered: false };
    this.log.push(entry);
    // Long demo runs would otherwise keep every body; tests stay far below this.
    if (this.log.length > LOG_LIMIT * 1.1) this.log.splice(0, this.log.length - LOG_LIMIT);
    if (!this.opts.url) return;
    await this.acquire();
    try {
      for (let attempt = 0; attempt <= this.opts.retries && !this.closed; attempt++) {
        if (attempt > 0) await this.sleep(this.opts.retryBaseMs * 2 ** (attempt - 1));
        if (this.closed) return;
        entry.attempts++;
        try {
          const res = await fetch(this.opts.url, {
            method: "POST",
            body: raw,
            headers: {
              "Content-Type": "application/json",
              "X-Hub-Signature-256": signatureHeader(raw, this.opts.appSecret),
              "User-Agent": "facebookexternalua",
            },
            signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(10_000)]),
          });
          await res.arrayBuffer();
          entry.status = res.status;
          if (res.ok) {
            entry.delivered = true;
            return;
          }
        } catch {
          entry.status = null;
          if (this.closed) return;
        }
        this.failures++;
      }
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.opts.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.slots.push(resolve));
  }

  private release() {
    const next = this.slots.shift();
    if (next) next();
    else this.active--;
  }
}
