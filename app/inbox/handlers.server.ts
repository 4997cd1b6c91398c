// Which code applies which inbox event. A topic without a handler yet is "deferred": it stays in the inbox
// and is retried when a handler exists (never dropped).
import { parseJsonWithBigInts } from "../lib/json";
import { pool } from "../db.server";
import {
  exportCustomerData,
  purgeShop,
  redactCustomer,
  type DataRequestPayload,
  type RedactPayload,
} from "../compliance/compliance.server";
import { onShopUninstalled } from "../shops/uninstall.server";
import { shopIdByDomain } from "./shops.server";

export interface InboxEventRow {
  id: string;
  source: "shopify" | "whatsapp";
  external_id: string;
  shop_id: number | null;
  shop_domain: string | null;
  topic: string;
  api_version: string | null;
  body: string;
  triggered_at: Date | null;
  received_at: Date;
  attempts: number;
}

/** done; deferred = cannot apply yet, retried later; rejected = can never apply, kept as failed for a human */
export type HandlerResult = "done" | { deferred: string } | { rejected: string };
export type InboxHandler = (event: InboxEventRow, payload: unknown) => Promise<HandlerResult>;

const handlers = new Map<string, InboxHandler>();

/** Register the handler for a source/topic (domain modules call this at import time). */
export function registerInboxHandler(source: InboxEventRow["source"], topic: string, handler: InboxHandler) {
  handlers.set(`${source}:${topic}`, handler);
}

export function handlerFor(source: string, topic: string): InboxHandler | undefined {
  return handlers.get(`${source}:${topic}`);
}

/**
 * A handler that applies many events of one shop at once (set-based: one transaction instead of one per event).
 * Returns each event's result by inbox id; an event missing from the map counts as done. If it throws, the
 * events are applied one at a time with the single-event handler instead, so one bad event cannot hold up others.
 */
export type InboxBatchHandler = (
  events: Array<{ event: InboxEventRow; payload: unknown }>,
) => Promise<Map<string, HandlerResult>>;

const batchHandlers = new Map<string, { topics: readonly string[]; handler: InboxBatchHandler }>();

/** Register a batch handler for topics of one source that may be applied together (each also needs a single handler). */
export function registerInboxBatchHandler(
  source: InboxEventRow["source"],
  topics: readonly string[],
  handler: InboxBatchHandler,
) {
  for (const topic of topics) batchHandlers.set(`${source}:${topic}`, { topics, handler });
}

export function batchHandlerFor(source: string, topic: string) {
  return batchHandlers.get(`${source}:${topic}`);
}

export function parsePayload(event: InboxEventRow): unknown {
  return parseJsonWithBigInts(event.body);
}

// --- lifecycle and compliance topics -------------------------------------------------------------

async function shopIdOf(event: InboxEventRow): Promise<number | null> {
  if (event.shop_id) return event.shop_id;
  return event.shop_domain ? shopIdByDomain(event.shop_domain) : null;
}

registerInboxHandler("shopify", "app/uninstalled", async (event) => {
  await onShopUninstalled(event.shop_domain!);
  return "done";
});

registerInboxHandler("shopify", "app/scopes_update", async (event, payload) => {
  const current = (payload as { current?: string[] }).current ?? [];
  await pool().query(`UPDATE "Session" SET scope = $2 WHERE shop = $1`, [event.shop_domain, current.join(",")]);
  return "done";
});

registerInboxHandler("shopify", "customers/data_request", async (event, payload) => {
  const shopId = await shopIdOf(event);
  if (shopId) await exportCustomerData(shopId, payload as DataRequestPayload);
  return "done"; // a shop we hold nothing for has nothing to export
});

registerInboxHandler("shopify", "customers/redact", async (event, payload) => {
  const shopId = await shopIdOf(event);
  return shopId ? redactCustomer(shopId, payload as RedactPayload, { inboxId: event.id }) : "done";
});

registerInboxHandler("shopify", "shop/redact", async (event) => {
  const shopId = await shopIdOf(event);
  if (shopId) await purgeShop(shopId);
  return "done";
});
