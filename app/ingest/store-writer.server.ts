// Streams normalized store records (app/ingest/rows.ts) into PostgreSQL, fast and idempotently:
// each batch is COPYed into session-local staging tables and merged with INSERT ... ON CONFLICT (shop_id, id),
// so re-running a source never duplicates rows, and a row is only rewritten when something in it changed.
// A record older than what is stored (by Shopify's updated_at) is ignored, with its lines and refunds.
// Derived columns are computed here with normalize.ts; per-customer aggregates are refreshed at the end.
// The steps live in store-writer/: tables (staging and merge SQL), copy (CSV into COPY), values (row mapping),
// catalog, customers and orders (one batch each).
import type pg from "pg";
import { pool } from "../db.server";
import { refreshCustomerStats } from "./customer-stats.server";
import type { CollectionRow, CustomerRow, ProductRow, StoreRecord } from "./rows";
import { writeCollections, writeProducts } from "./store-writer/catalog.server";
import { writeCustomers, type AffectedCustomers } from "./store-writer/customers.server";
import { OrderBatch, writeOrders } from "./store-writer/orders.server";
import { ALL_TABLES, stageDdl, staged } from "./store-writer/tables";

export interface StoreWriteCounts {
  collections: number;
  customers: number;
  products: number;
  orders: number;
  lines: number;
  refunds: number;
}

/**
 * A point in the source up to which everything has been handed over: every pending batch is written, and once it
 * has committed `onCheckpoint` is called with the marker (in source order), e.g. to record how far an import got.
 */
export interface StoreCheckpoint {
  type: "checkpoint";
  line: number;
}

export interface WriteStoreOptions {
  shopId: number;
  records: Iterable<StoreRecord | StoreCheckpoint> | AsyncIterable<StoreRecord | StoreCheckpoint>;
  /** connections writing batches concurrently (default 1; a bulk import uses 2) */
  connections?: number;
  /** called, in order, once everything before a checkpoint record has committed */
  onCheckpoint?: (checkpoint: StoreCheckpoint, counts: StoreWriteCounts) => Promise<void>;
  /** orders per transaction (customers and products use the same size) */
  batchSize?: number;
  /** called after each committed batch with the running totals */
  onProgress?: (counts: StoreWriteCounts) => void;
  /** defaults to the shared pool (app/db.server.ts) */
  db?: pg.Pool;
  /**
   * Refresh the touched customers' aggregates at the end (default). A chunked import turns it off and refreshes
   * the whole shop once when every chunk is in.
   */
  refreshStats?: boolean;
}

// Above this many customers touched, one whole-shop statement beats a long id list.
const TARGETED_REFRESH_LIMIT = 20_000;

interface Pending {
  collections: Map<string, CollectionRow>;
  products: Map<string, ProductRow>;
  customers: Map<string, CustomerRow>;
  orders: OrderBatch;
}

async function inTransaction<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  // A bulk load must not wait for a WAL flush per batch. A crash can lose only the last moments of commits,
  // which a re-run restores (writes are idempotent), and the next synchronous commit flushes them anyway.
  await client.query("SET LOCAL synchronous_commit = off");
  try {
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

/**
 * Writes a store's records for one shop and refreshes the affected customers' aggregates. Each batch commits on
 * its own, so an interrupted run keeps what it wrote and a re-run completes it without duplicates.
 */
export async function writeStore(opts: WriteStoreOptions): Promise<StoreWriteCounts> {
  const batchSize = Math.max(1, opts.batchSize ?? 5000);
  const db = opts.db ?? pool();
  const lanes = Math.max(1, Math.min(4, opts.connections ?? 1));
  const clients: pg.PoolClient[] = [];
  const counts: StoreWriteCounts = { collections: 0, customers: 0, products: 0, orders: 0, lines: 0, refunds: 0 };
  // Held in an object: it is reassigned inside write(), which TypeScript's narrowing would not see.
  const refresh: { customers: AffectedCustomers } = { customers: new Set() };
  const pending: Pending = {
    collections: new Map(),
    products: new Map(),
    customers: new Map(),
    orders: new OrderBatch(),
  };

  const write = async (client: pg.PoolClient, kind: keyof Pending, map: Pending[keyof Pending]) => {
    await inTransaction(client, async () => {
      if (kind === "collections")
        counts.collections += await writeCollections(client, opts.shopId, (map as Pending["collections"]).values());
      else if (kind === "products")
        counts.products += await writeProducts(client, opts.shopId, (map as Pending["products"]).values());
      else if (kind === "customers")
        counts.customers += await writeCustomers(
          client,
          opts.shopId,
          (map as Pending["customers"]).values(),
          refresh.customers,
        );
      else {
        const written = await writeOrders(client, opts.shopId, map as Pending["orders"], refresh.customers);
        counts.orders += written.orders;
        counts.lines += written.lines;
        counts.refunds += written.refunds;
      }
    });
    if (refresh.customers !== "all" && refresh.customers.size > TARGETED_REFRESH_LIMIT) refresh.customers = "all";
    opts.onProgress?.({ ...counts });
  };

  // Batches are written while the next ones are being read: the source (JSON parsing, the generator) and
  // PostgreSQL work at the same time. With several connections, batches go round-robin to them and are
  // written concurrently (distinct rows: each order travels with its own lines and refunds). Checkpoints are
  // reported in source order, once every batch handed over before them has committed.
  const running: Array<Promise<void> | null> = [];
  let nextLane = 0;
  let checkpoints: Promise<void> = Promise.resolve();
  let failed = false;
  const track = (p: Promise<void>) => {
    // Marks the rejection handled here; whoever awaits the promise next still receives it.
    p.catch(() => {
      failed = true;
    });
    return p;
  };
  const everything = () => Promise.all([...running, checkpoints]);
  const flush = async (kind: keyof Pending) => {
    const map = pending[kind];
    if (map.size === 0) return;
    pending[kind] = (kind === "orders" ? new OrderBatch() : new Map()) as never;
    const lane = nextLane;
    nextLane = (nextLane + 1) % lanes;
    if (running[lane]) await running[lane];
    running[lane] = track(write(clients[lane]!, kind, map));
  };
  // Parents before children: collections before the products in them, customers before their orders.
  const flushAll = async () => {
    await flush("collections");
    await flush("products");
    await flush("customers");
    await flush("orders");
  };

  let broken = false;
  try {
    for (let i = 0; i < lanes; i++) {
      const client = await db.connect();
      clients.push(client);
      if (!staged.has(client)) {
        for (const table of ALL_TABLES) await client.query(stageDdl(table));
        staged.add(client);
      }
    }
    let sinceYield = 0;
    for await (const record of opts.records) {
      if (record.type === "checkpoint") {
        await flushAll();
        const before = [...running, checkpoints];
        checkpoints = track(Promise.all(before).then(() => opts.onCheckpoint?.(record, { ...counts })));
        continue;
      }
      // Keyed by id: a record seen twice in one batch keeps its last version (ON CONFLICT cannot take both).
      const key = record.row.id.toString();
      switch (record.type) {
        case "collection":
          pending.collections.set(key, record.row);
          if (pending.collections.size >= batchSize) await flush("collections");
          break;
        case "product":
          pending.products.set(key, record.row);
          if (pending.products.size >= batchSize) await flush("products");
          break;
        case "customer":
          pending.customers.set(key, record.row);
          if (pending.customers.size >= batchSize) await flush("customers");
          break;
        case "order":
          // Seen again in this batch: the earlier version is written (and committed) first, this one after it.
          if (pending.orders.has(key)) {
            await flush("orders");
            await Promise.all(running);
          }
          pending.orders.add(key, record.row);
          if (pending.orders.size >= batchSize) await flush("orders");
          break;
      }
      // A synchronous source never returns to the event loop on its own; let the batches in flight progress.
      if (++sinceYield >= 100) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (failed) await everything();
      }
    }
    await flushAll();
    await everything();
    const scope = opts.refreshStats === false ? new Set<string>() : refresh.customers;
    const client = clients[0]!;
    if (scope === "all") await inTransaction(client, () => refreshCustomerStats({ shopId: opts.shopId, client }));
    else if (scope.size)
      await inTransaction(client, () =>
        refreshCustomerStats({ shopId: opts.shopId, client, customerIds: [...scope].map(BigInt) }),
      );
    return counts;
  } catch (err) {
    broken = true;
    // Never hand a connection back while a batch is still using it.
    await Promise.allSettled([...running, checkpoints]);
    throw err;
  } finally {
    // The staging tables stay with the pooled connection (empty after every commit), so the next write on it,
    // often a single webhook's order, does not pay for creating and dropping eight tables.
    // A connection that failed mid-COPY is not safe to reuse: it is closed, and its tables with it.
    for (const client of clients) client.release(broken ? true : undefined);
  }
}
