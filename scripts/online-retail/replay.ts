// Replays the Online Retail store as Shopify would have told the app about it, one signed webhook per event,
// POSTed to the app's webhook route (apis.md B1 headers, HMAC-SHA256 of the raw body with the app's secret):
// customers/create for every customer, then in time order orders/create for each sale invoice (as it was when
// placed: no refunds, not cancelled), refunds/create for each refunding credit note and orders/cancelled for
// each cancelling one, at the credit note's time. Invoices that are neither (stock adjustments, bad debt,
// unmatched credit notes; docs/online-retail-mapping.md) are counted in the report, never sent.
//
//   SHOPIFY_API_SECRET=... tsx scripts/online-retail/replay.ts --url http://localhost:3000/webhooks \
//     --shop demo-shop.myshopify.com [--concurrency 16] [--limit <rows>] [--path <file.csv.gz>]
import { createHmac, randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  customerToRestPayload,
  orderToRestPayload,
  refundToRestPayload,
  type RestPayloadContext,
} from "../../app/ingest/rest-payloads";
import type { CustomerRow, OrderRow } from "../../app/ingest/rows";
import { CURRENCY_EXPONENT, SHOP_CURRENCY, SHOP_TIME_ZONE } from "./mapping";
import { readOnlineRetail, type OnlineRetailReport } from "./read";

export interface ReplayEvent {
  topic: "customers/create" | "orders/create" | "refunds/create" | "orders/cancelled";
  body: string;
  at: Date;
}

const ctx = (customer?: CustomerRow | null): RestPayloadContext => ({
  currency: SHOP_CURRENCY,
  exponent: CURRENCY_EXPONENT,
  timeZone: SHOP_TIME_ZONE,
  customer,
});

/** The order as it was when placed: every line whole, nothing refunded, not cancelled. */
function asPlaced(order: OrderRow): OrderRow {
  return {
    ...order,
    financialStatus: "paid",
    updatedAt: order.createdAt,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    lines: order.lines.map((l) => ({ ...l, currentQuantity: l.quantity })),
  };
}

/**
 * The webhook events in the order Shopify would send them. Follow-ups (refunds, cancellations) wait in a small
 * queue until the invoices reach their time; the orders themselves stream from the reader.
 */
export async function* replayEvents(
  opts: { limit?: number; path?: string; onReport?: (r: OnlineRetailReport) => void } = {},
): AsyncGenerator<ReplayEvent> {
  const customers = new Map<bigint, CustomerRow>();
  let followUps: ReplayEvent[] = [];
  const due = function* (until: Date | null) {
    if (!followUps.length) return;
    followUps.sort((a, b) => a.at.getTime() - b.at.getTime());
    const cut = until ? followUps.findIndex((e) => e.at > until) : -1;
    const ready = cut === -1 ? followUps : followUps.slice(0, cut);
    followUps = cut === -1 ? [] : followUps.slice(cut);
    yield* ready;
  };
  for await (const record of readOnlineRetail(opts)) {
    if (record.type === "customer") {
      customers.set(record.row.id, record.row);
      yield { topic: "customers/create", body: customerToRestPayload(record.row, ctx()), at: record.row.createdAt };
      continue;
    }
    if (record.type !== "order") continue;
    const order = record.row;
    yield* due(order.createdAt);
    const c = ctx(order.customerId === null ? null : customers.get(order.customerId));
    yield { topic: "orders/create", body: orderToRestPayload(asPlaced(order), c), at: order.createdAt };
    for (const refund of order.refunds) {
      followUps.push({ topic: "refunds/create", body: refundToRestPayload(refund, order, c), at: refund.createdAt });
    }
    if (order.cancelledAt) {
      // The file has minutes only: a credit note in the invoice's own minute would tie with the order's creation,
      // whereas Shopify's updated_at of a cancellation is always later than the order's creation.
      const updatedAt = new Date(Math.max(order.updatedAt.getTime(), order.createdAt.getTime() + 1000));
      followUps.push({
        topic: "orders/cancelled",
        body: orderToRestPayload({ ...order, updatedAt }, c),
        at: order.cancelledAt,
      });
    }
  }
  yield* due(null);
}

export interface ReplayResult {
  sent: Record<ReplayEvent["topic"], number>;
  failed: Array<{ topic: string; status: number; body: string }>;
  report: OnlineRetailReport | null;
  seconds: number;
}

/** Sends every event, `concurrency` at a time; a delivery that is not answered 200 is retried like Shopify does. */
export async function replay(opts: {
  url: string;
  shop: string;
  secret: string;
  concurrency?: number;
  limit?: number;
  path?: string;
  apiVersion?: string;
}): Promise<ReplayResult> {
  const started = performance.now();
  const sent: ReplayResult["sent"] = {
    "customers/create": 0,
    "orders/create": 0,
    "refunds/create": 0,
    "orders/cancelled": 0,
  };
  const failed: ReplayResult["failed"] = [];
  let report: OnlineRetailReport | null = null;
  const inFlight = new Set<Promise<void>>();
  const deliver = async (event: ReplayEvent) => {
    const webhookId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(opts.url, {
        method: "POST",
        body: event.body,
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": event.topic,
          "X-Shopify-Hmac-Sha256": createHmac("sha256", opts.secret).update(event.body, "utf8").digest("base64"),
          "X-Shopify-Shop-Domain": opts.shop,
          "X-Shopify-API-Version": opts.apiVersion ?? "2026-10",
          "X-Shopify-Webhook-Id": webhookId, // the same id on a retry: the app stores it once
          "X-Shopify-Event-Id": webhookId,
          "X-Shopify-Triggered-At": event.at.toISOString(),
        },
      }).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        (err: Error) => ({ status: 0, body: err.message }),
      );
      if (res.status === 200) {
        sent[event.topic]++;
        return;
      }
      // Shopify retries anything but 2xx; a 4xx will not get better here, so report it at once.
      if ((res.status >= 400 && res.status < 500) || attempt >= 5) {
        failed.push({ topic: event.topic, ...res });
        return;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  };
  for await (const event of replayEvents({ limit: opts.limit, path: opts.path, onReport: (r) => (report = r) })) {
    // Deliveries overlap, as Shopify's do: an order may be applied before its customer arrives (the customer's
    // aggregates are computed when it does) and a refund before its order (kept until the order is applied).
    const p = deliver(event).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= (opts.concurrency ?? 16)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { sent, failed, report, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      shop: { type: "string" },
      concurrency: { type: "string" },
      limit: { type: "string" },
      path: { type: "string" },
    },
  });
  // Script-only, read here and not through app/env.server.ts: the replay signs deliveries for an app that may run
  // elsewhere, so it needs the secret alone, not the app's whole configuration (DATABASE_URL, the API key…).
  const secret = process.env.SHOPIFY_API_SECRET;
  if (!values.url || !values.shop || !secret) {
    process.stderr.write(
      "usage: SHOPIFY_API_SECRET=... tsx scripts/online-retail/replay.ts --url <app>/webhooks --shop <shop>.myshopify.com [--concurrency N] [--limit rows] [--path file.csv.gz]\n",
    );
    process.exit(2);
  }
  const result = await replay({
    url: values.url,
    shop: values.shop,
    secret,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    limit: values.limit ? Number(values.limit) : undefined,
    path: values.path,
  });
  process.stdout.write(
    `${JSON.stringify({ sent: result.sent, failed: result.failed.length, seconds: Math.round(result.seconds) })}\n`,
  );
  for (const f of result.failed.slice(0, 10)) process.stdout.write(`failed ${f.topic}: HTTP ${f.status} ${f.body}\n`);
  if (result.failed.length) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
