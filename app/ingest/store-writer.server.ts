// Streams normalized store records (app/ingest/rows.ts) into PostgreSQL, fast and idempotently:
// each batch is COPYed into session-local staging tables and merged with INSERT ... ON CONFLICT (shop_id, id),
// so re-running a source never duplicates rows, and a row is only rewritten when something in it changed.
// A record older than what is stored (by Shopify's updated_at) is ignored, with its lines and refunds.
// Derived columns are computed here with normalize.ts; per-customer aggregates are refreshed at the end.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pool } from "../db.server";
import { refreshCustomerStats } from "./customer-stats.server";
import {
  lineCurrentQuantity,
  lineIsMarkdown,
  normalizePhone,
  orderHasDiscountCode,
  orderHasMarkdown,
  orderNet,
  orderRefunded,
  parseLandingSite,
  refundedQuantities,
} from "./normalize";
import type { CollectionRow, CustomerRow, OrderRow, ProductRow, StoreRecord } from "./rows";

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

type Column = readonly [name: string, type: string];

interface Table {
  /** real table */
  name: string;
  stage: string;
  columns: readonly Column[];
  /** staged columns that are not copied into the real table */
  stageOnly?: readonly Column[];
}

const COLLECTIONS: Table = {
  name: "collections",
  stage: "segwa_stage_collections",
  columns: [
    ["id", "bigint"],
    ["title", "text"],
    ["handle", "text"],
  ],
};

const PRODUCTS: Table = {
  name: "products",
  stage: "segwa_stage_products",
  columns: [
    ["id", "bigint"],
    ["title", "text"],
    ["handle", "text"],
    ["vendor", "text"],
    ["product_type", "text"],
    ["tags", "text[]"],
    ["status", "text"],
    ["shopify_updated_at", "timestamptz(3)"],
  ],
};

const VARIANTS: Table = {
  name: "product_variants",
  stage: "segwa_stage_variants",
  columns: [
    ["id", "bigint"],
    ["product_id", "bigint"],
    ["title", "text"],
    ["sku", "text"],
    ["price_minor", "bigint"],
    ["compare_at_price_minor", "bigint"],
  ],
};

const PRODUCT_COLLECTIONS: Table = {
  name: "product_collections",
  stage: "segwa_stage_product_collections",
  columns: [
    ["product_id", "bigint"],
    ["collection_id", "bigint"],
  ],
};

const CUSTOMERS: Table = {
  name: "customers",
  stage: "segwa_stage_customers",
  columns: [
    ["id", "bigint"],
    ["email", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["phone_raw", "text"],
    ["phone_e164", "text"],
    ["phone_valid", "boolean"],
    ["phone_invalid_reason", "text"],
    ["country_code", "char(2)"],
    ["province_code", "text"],
    ["province", "text"],
    ["city", "text"],
    ["tags", "text[]"],
    ["state", "text"],
    ["locale", "text"],
    ["sms_consent_state", "text"],
    ["sms_consent_opt_in_level", "text"],
    ["sms_consent_updated_at", "timestamptz(3)"],
    ["sms_consent_collected_from", "text"],
    ["whatsapp_consent_state", "text"],
    ["whatsapp_consent_opt_in_level", "text"],
    ["whatsapp_consent_updated_at", "timestamptz(3)"],
    ["whatsapp_consent_collected_from", "text"],
    ["whatsapp_consent_source_location", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["shopify_updated_at", "timestamptz(3)"],
  ],
};

const ORDERS: Table = {
  name: "orders",
  stage: "segwa_stage_orders",
  columns: [
    ["id", "bigint"],
    ["name", "text"],
    ["customer_id", "bigint"],
    ["email", "text"],
    ["phone", "text"],
    ["presentment_currency", "char(3)"],
    ["subtotal_minor", "bigint"],
    ["total_minor", "bigint"],
    ["total_discounts_minor", "bigint"],
    ["refunded_minor", "bigint"],
    ["net_minor", "bigint"],
    ["discount_codes", "text[]"],
    ["has_discount_code", "boolean"],
    ["has_automatic_discount", "boolean"],
    ["has_markdown", "boolean"],
    ["landing_site", "text"],
    ["referring_site", "text"],
    ["utm_source", "text"],
    ["utm_medium", "text"],
    ["utm_campaign", "text"],
    ["wa_ref", "text"],
    ["source_name", "text"],
    ["financial_status", "text"],
    ["test", "boolean"],
    ["country_code", "char(2)"],
    ["province_code", "text"],
    ["city", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["processed_at", "timestamptz(3)"],
    ["shopify_updated_at", "timestamptz(3)"],
    ["cancelled_at", "timestamptz(3)"],
    ["cancel_reason", "text"],
  ],
};

const LINES: Table = {
  name: "line_items",
  stage: "segwa_stage_lines",
  columns: [
    ["id", "bigint"],
    ["order_id", "bigint"],
    ["product_id", "bigint"],
    ["variant_id", "bigint"],
    ["title", "text"],
    ["sku", "text"],
    ["vendor", "text"],
    ["quantity", "integer"],
    ["current_quantity", "integer"],
    ["price_minor", "bigint"],
    ["total_discount_minor", "bigint"],
    ["compare_at_price_minor", "bigint"],
    ["is_markdown", "boolean"],
  ],
};

const REFUNDS: Table = {
  name: "refunds",
  stage: "segwa_stage_refunds",
  columns: [
    ["id", "bigint"],
    ["order_id", "bigint"],
    ["amount_minor", "bigint"],
    ["note", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["processed_at", "timestamptz(3)"],
    ["lines", "jsonb"],
  ],
};

const ALL_TABLES = [COLLECTIONS, PRODUCTS, VARIANTS, PRODUCT_COLLECTIONS, CUSTOMERS, ORDERS, LINES, REFUNDS];

// Staged rows are matched to stored ones through `id = ANY(ARRAY(SELECT id FROM <stage>))`: an index scan of the
// stored table for exactly the staged ids, whatever the planner believes about the tables' sizes (during an import
// their statistics are stale, and a hash join would read the shop's whole table for every batch).

/** Connections that already have the session's staging tables. */
const staged = new WeakSet<pg.PoolClient>();

function stageDdl(table: Table): string {
  const cols = table.columns.map(([name, type]) => `${name} ${type}`).join(", ");
  return `CREATE TEMP TABLE IF NOT EXISTS ${table.stage} (${cols}) ON COMMIT DELETE ROWS`;
}

/**
 * Merge staged rows into the real table. Rows whose every column is unchanged are skipped, so replaying a
 * source writes nothing; `updated_at` moves only when the row did.
 */
function upsertSql(table: Table, opts: { touchUpdatedAt: boolean }): string {
  const names = table.columns.map(([name]) => name);
  const mutable = names.filter((name) => name !== "id");
  const insertCols = ["shop_id", ...names, ...(opts.touchUpdatedAt ? ["updated_at"] : [])];
  const selectCols = ["$1::int", ...names, ...(opts.touchUpdatedAt ? ["now()"] : [])];
  const sets = mutable.map((name) => `${name} = EXCLUDED.${name}`);
  if (opts.touchUpdatedAt) sets.push("updated_at = now()");
  const current = mutable.map((name) => `${table.name}.${name}`).join(", ");
  const incoming = mutable.map((name) => `EXCLUDED.${name}`).join(", ");
  // Stale staged rows are dropped before the merge, but two writers can race past that check (an order's
  // create and its cancellation applied at once): the merge itself never lets an older version overwrite.
  const newer = names.includes("shopify_updated_at")
    ? ` AND (${table.name}.shopify_updated_at IS NULL OR EXCLUDED.shopify_updated_at IS NULL OR ${table.name}.shopify_updated_at <= EXCLUDED.shopify_updated_at)`
    : "";
  return `INSERT INTO ${table.name} (${insertCols.join(", ")})
    SELECT ${selectCols.join(", ")} FROM ${table.stage}
    ON CONFLICT (shop_id, id) DO UPDATE SET ${sets.join(", ")}
    WHERE (${current}) IS DISTINCT FROM (${incoming})${newer}`;
}

const SQL = {
  collections: upsertSql(COLLECTIONS, { touchUpdatedAt: false }),
  products: upsertSql(PRODUCTS, { touchUpdatedAt: true }),
  variants: upsertSql(VARIANTS, { touchUpdatedAt: false }),
  customers: upsertSql(CUSTOMERS, { touchUpdatedAt: true }),
  orders: upsertSql(ORDERS, { touchUpdatedAt: true }),
  lines: upsertSql(LINES, { touchUpdatedAt: false }),
  refunds: upsertSql(REFUNDS, { touchUpdatedAt: false }),
};

// ---- CSV for COPY ----------------------------------------------------------------------------------------------

type CsvValue = string | number | bigint | boolean | Date | null | undefined | readonly string[];

// PostgreSQL text cannot hold NUL; everything else is carried verbatim inside quotes.
function quote(text: string): string {
  return `"${text.replace(/\0/g, "").replace(/"/g, '""')}"`;
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number" || typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  const items = value.map((item) => `"${item.replace(/\0/g, "").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  return quote(`{${items.join(",")}}`);
}

function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",");
}

/**
 * The rows of one COPY, encoded into a Buffer as they arrive. A batch then holds its rows as bytes outside the V8
 * heap, in buffers reused from batch to batch, instead of thousands of strings that live long enough to be promoted
 * to the old generation and die there (that garbage was most of an import's peak memory).
 */
const spareBuffers: Buffer[] = [];
const CHUNK_BYTES = 1 << 16;

class CsvBuffer {
  private buf: Buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(1 << 20);
  private length = 0;
  rows = 0;

  push(values: readonly CsvValue[]) {
    this.pushLine(csvLine(values));
  }

  /** A row already encoded by csvLine. */
  pushLine(line: string) {
    const room = line.length * 3 + 1; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.length + room > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + room));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(line, this.length, "utf8");
    this.buf[this.length++] = 10; // \n
    this.rows += 1;
  }

  *chunks(): Generator<Buffer> {
    for (let at = 0; at < this.length; at += CHUNK_BYTES)
      yield this.buf.subarray(at, Math.min(at + CHUNK_BYTES, this.length));
  }

  /** Hand the buffer back for the next batch (only once COPY has read it). */
  release() {
    if (spareBuffers.length < 16 && this.buf.length <= 1 << 24) spareBuffers.push(this.buf);
    this.buf = Buffer.alloc(0);
    this.length = 0;
  }
}

async function copyInto(client: pg.PoolClient, table: Table, csv: CsvBuffer) {
  try {
    if (csv.rows === 0) return;
    const columns = table.columns.map(([name]) => name).join(", ");
    const stream = client.query(copyFrom(`COPY ${table.stage} (${columns}) FROM STDIN WITH (FORMAT csv)`));
    // COPY's stream finishes once PostgreSQL has confirmed the data: the buffer is free again after this.
    await pipeline(Readable.from(csv.chunks(), { objectMode: false }), stream);
  } finally {
    csv.release();
  }
}

// ---- row mapping ----------------------------------------------------------------------------------------------

/** char(n) columns reject longer values; a malformed code is dropped rather than failing the batch. */
function code(value: string | null | undefined, length: 2 | 3): string | null {
  const trimmed = value?.trim().toUpperCase();
  return trimmed && trimmed.length === length && /^[A-Z]+$/.test(trimmed) ? trimmed : null;
}

function customerValues(row: CustomerRow): CsvValue[] {
  const country = code(row.countryCode, 2);
  const phone = normalizePhone(row.phone, country);
  return [
    row.id,
    row.email,
    row.firstName,
    row.lastName,
    row.phone,
    phone.e164,
    phone.valid,
    phone.reason,
    country,
    row.provinceCode,
    row.province,
    row.city,
    row.tags,
    row.state,
    row.locale,
    row.smsConsentState,
    row.smsConsentOptInLevel,
    row.smsConsentUpdatedAt,
    row.smsConsentCollectedFrom,
    row.whatsappConsentState ?? null,
    row.whatsappConsentOptInLevel ?? null,
    row.whatsappConsentUpdatedAt ?? null,
    row.whatsappConsentCollectedFrom ?? null,
    row.whatsappConsentSourceLocation ?? null,
    row.createdAt,
    row.updatedAt,
  ];
}

function orderValues(row: OrderRow): CsvValue[] {
  const utm = parseLandingSite(row.landingSite);
  return [
    row.id,
    row.name,
    row.customerId,
    row.email,
    row.phone,
    code(row.presentmentCurrency, 3),
    row.subtotalMinor,
    row.totalMinor,
    row.totalDiscountsMinor,
    orderRefunded(row),
    orderNet(row),
    row.discountCodes,
    orderHasDiscountCode(row),
    row.hasAutomaticDiscount,
    orderHasMarkdown(row),
    row.landingSite,
    row.referringSite,
    utm.utmSource,
    utm.utmMedium,
    utm.utmCampaign,
    utm.waRef,
    row.sourceName,
    row.financialStatus,
    row.test,
    code(row.countryCode, 2),
    row.provinceCode,
    row.city,
    row.createdAt,
    row.processedAt,
    row.updatedAt,
    row.cancelledAt,
    row.cancelReason,
  ];
}

// ---- batches ---------------------------------------------------------------------------------------------------

interface Pending {
  collections: Map<string, CollectionRow>;
  products: Map<string, ProductRow>;
  customers: Map<string, CustomerRow>;
  orders: OrderBatch;
}

/** Customers whose aggregates must be recomputed, or "all" once there are too many to list. */
type AffectedCustomers = Set<string> | "all";

async function writeCollections(client: pg.PoolClient, shopId: number, rows: Iterable<CollectionRow>) {
  const csv = new CsvBuffer();
  for (const row of rows) csv.push([row.id, row.title, row.handle]);
  await copyInto(client, COLLECTIONS, csv);
  await client.query(SQL.collections, [shopId]);
  return csv.rows;
}

async function writeProducts(client: pg.PoolClient, shopId: number, rows: Iterable<ProductRow>) {
  const products = new CsvBuffer();
  const variants = new CsvBuffer();
  const memberships = new CsvBuffer();
  for (const row of rows) {
    products.push([row.id, row.title, row.handle, row.vendor, row.productType, row.tags, row.status, row.updatedAt]);
    for (const v of row.variants) {
      variants.push([v.id, row.id, v.title, v.sku, v.priceMinor, v.compareAtPriceMinor]);
    }
    for (const collectionId of new Set(row.collectionIds.map(String))) memberships.push([row.id, collectionId]);
  }
  await copyInto(client, PRODUCTS, products);
  await copyInto(client, VARIANTS, variants);
  await copyInto(client, PRODUCT_COLLECTIONS, memberships);
  const stale = await client.query(
    `DELETE FROM ${PRODUCTS.stage} s USING products p
     WHERE p.shop_id = $1 AND p.id = ANY(ARRAY(SELECT id FROM ${PRODUCTS.stage})) AND p.id = s.id
       AND p.shopify_updated_at > s.shopify_updated_at`,
    [shopId],
  );
  if (stale.rowCount) {
    await client.query(
      `DELETE FROM ${VARIANTS.stage} v WHERE NOT EXISTS (SELECT 1 FROM ${PRODUCTS.stage} s WHERE s.id = v.product_id)`,
    );
    await client.query(
      `DELETE FROM ${PRODUCT_COLLECTIONS.stage} m WHERE NOT EXISTS (SELECT 1 FROM ${PRODUCTS.stage} s WHERE s.id = m.product_id)`,
    );
  }
  await client.query(SQL.products, [shopId]);
  // A written product's variants and collections are exactly those staged: drop the ones it no longer has.
  await client.query(
    `DELETE FROM product_variants v
     WHERE v.shop_id = $1 AND v.product_id = ANY(ARRAY(SELECT id FROM ${PRODUCTS.stage}))
       AND NOT EXISTS (SELECT 1 FROM ${VARIANTS.stage} sv WHERE sv.id = v.id)`,
    [shopId],
  );
  await client.query(SQL.variants, [shopId]);
  await client.query(
    `DELETE FROM product_collections m
     WHERE m.shop_id = $1 AND m.product_id = ANY(ARRAY(SELECT id FROM ${PRODUCTS.stage}))
       AND NOT EXISTS (SELECT 1 FROM ${PRODUCT_COLLECTIONS.stage} sm
                       WHERE sm.product_id = m.product_id AND sm.collection_id = m.collection_id)`,
    [shopId],
  );
  await client.query(
    `INSERT INTO product_collections (shop_id, product_id, collection_id)
     SELECT $1, product_id, collection_id FROM ${PRODUCT_COLLECTIONS.stage}
     ON CONFLICT DO NOTHING`,
    [shopId],
  );
  return products.rows;
}

async function writeCustomers(
  client: pg.PoolClient,
  shopId: number,
  rows: Iterable<CustomerRow>,
  affected: AffectedCustomers,
) {
  const csv = new CsvBuffer();
  for (const row of rows) {
    csv.push(customerValues(row));
    if (affected !== "all") affected.add(row.id.toString());
  }
  await copyInto(client, CUSTOMERS, csv);
  await client.query(
    `DELETE FROM ${CUSTOMERS.stage} s USING customers c
     WHERE c.shop_id = $1 AND c.id = ANY(ARRAY(SELECT id FROM ${CUSTOMERS.stage})) AND c.id = s.id
       AND c.shopify_updated_at > s.shopify_updated_at`,
    [shopId],
  );
  await client.query(SQL.customers, [shopId]);
  return csv.rows;
}

/**
 * A batch of orders, encoded as they arrive into the CSV of the three tables they stage (orders, lines, refunds).
 * Each order appears once in a batch (the writer starts a new batch for an id seen again).
 */
class OrderBatch {
  readonly ids = new Set<string>();
  readonly customerIds = new Set<string>();
  readonly orders = new CsvBuffer();
  readonly lines = new CsvBuffer();
  readonly refunds = new CsvBuffer();

  get size() {
    return this.ids.size;
  }

  has(id: string) {
    return this.ids.has(id);
  }

  add(id: string, row: OrderRow) {
    this.ids.add(id);
    if (row.customerId !== null) this.customerIds.add(row.customerId.toString());
    this.orders.pushLine(csvLine(orderValues(row)));
    const refunded = refundedQuantities(row.refunds);
    for (const line of row.lines) {
      this.lines.push([
        line.id,
        row.id,
        line.productId,
        line.variantId,
        line.title,
        line.sku,
        line.vendor,
        line.quantity,
        line.currentQuantity ?? lineCurrentQuantity(line, refunded),
        line.priceMinor,
        line.totalDiscountMinor,
        line.compareAtPriceMinor,
        lineIsMarkdown(line),
      ]);
    }
    for (const refund of row.refunds) {
      // Ids and money as strings: exact for 64-bit values, and `(x->>'line_item_id')::bigint` reads them in SQL.
      const refundLines = refund.lines.map((l) => ({
        line_item_id: l.lineItemId.toString(),
        quantity: l.quantity,
        subtotal_minor: l.subtotalMinor.toString(),
      }));
      this.refunds.push([
        refund.id,
        row.id,
        refund.amountMinor,
        refund.note,
        refund.createdAt,
        refund.processedAt,
        JSON.stringify(refundLines),
      ]);
    }
  }
}

async function writeOrders(client: pg.PoolClient, shopId: number, batch: OrderBatch, affected: AffectedCustomers) {
  const { orders, lines, refunds } = batch;
  const counts = { orders: orders.rows, lines: lines.rows, refunds: refunds.rows };
  if (affected !== "all") for (const id of batch.customerIds) affected.add(id);
  await copyInto(client, ORDERS, orders);
  await copyInto(client, LINES, lines);
  await copyInto(client, REFUNDS, refunds);
  // One pass over the stored versions: drop stale incoming orders, learn which orders already existed (only
  // those can have lines or refunds to remove) and which customers an order moved away from.
  const existing = await client.query<{ existing: number; stale: number; moved_from: string[] }>(
    `WITH existing AS (
       SELECT s.id, s.customer_id, o.customer_id AS previous_customer_id,
              o.shopify_updated_at > s.shopify_updated_at AS stale
       FROM ${ORDERS.stage} s JOIN orders o ON o.shop_id = $1 AND o.id = ANY(ARRAY(SELECT id FROM ${ORDERS.stage})) AND o.id = s.id
     ), gone AS (
       DELETE FROM ${ORDERS.stage} s USING existing e WHERE e.stale AND s.id = e.id RETURNING s.id
     )
     SELECT (SELECT count(*) FROM existing)::int AS existing,
            (SELECT count(*) FROM gone)::int AS stale,
            array(SELECT DISTINCT previous_customer_id::text FROM existing
                  WHERE NOT stale AND previous_customer_id IS NOT NULL
                    AND previous_customer_id IS DISTINCT FROM customer_id) AS moved_from`,
    [shopId],
  );
  const { stale, moved_from: movedFrom } = existing.rows[0]!;
  const updated = existing.rows[0]!.existing - stale;
  if (stale > 0) {
    await client.query(
      `DELETE FROM ${LINES.stage} l WHERE NOT EXISTS (SELECT 1 FROM ${ORDERS.stage} s WHERE s.id = l.order_id)`,
    );
    await client.query(
      `DELETE FROM ${REFUNDS.stage} f WHERE NOT EXISTS (SELECT 1 FROM ${ORDERS.stage} s WHERE s.id = f.order_id)`,
    );
  }
  // An order moved to another customer (or to none) changes its previous customer's aggregates too.
  if (affected !== "all") for (const id of movedFrom) affected.add(id);
  await client.query(SQL.orders, [shopId]);
  if (updated > 0) {
    // A written order's lines are exactly those staged: drop the ones it no longer has. Refunds are never
    // dropped: Shopify cannot undo a refund, and an order payload serialised before a refund (or delivered after
    // its refunds/create) simply does not list it yet.
    await client.query(
      `DELETE FROM line_items li
       WHERE li.shop_id = $1 AND li.order_id = ANY(ARRAY(SELECT id FROM ${ORDERS.stage}))
         AND NOT EXISTS (SELECT 1 FROM ${LINES.stage} sl WHERE sl.id = li.id)`,
      [shopId],
    );
  }
  await client.query(SQL.lines, [shopId]);
  await client.query(SQL.refunds, [shopId]);
  return counts;
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
