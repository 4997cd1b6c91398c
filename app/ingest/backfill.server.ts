// Backfill through Shopify bulk operations: products, then customers, then orders (one bulk query each).
// Completion arrives by the bulk_operations/finish webhook, with polling as the fallback. The JSONL result is
// streamed line by line (never held whole), children joined to their parent, and written in chunks; the line
// reached is committed with each chunk, so a crash or restart resumes there and re-writes nothing twice.
import { randomUUID } from "node:crypto";
import { pool } from "../db.server";
import { adminForShop, type AdminGraphql } from "../shopify/admin-graphql.server";
import { BULK_OPERATION_STATUS, RUN_BULK_QUERY } from "../shopify/operations";
import { enqueue } from "../../jobs/queues";
import { refreshCustomerStats } from "./customer-stats.server";
import {
  BULK_QUERIES,
  BULK_RESOURCES,
  BulkLineError,
  customerFromBulk,
  gidType,
  orderFromBulk,
  productFromBulk,
  type BulkGroup,
  type BulkResource,
} from "./bulk-queries";
import type { StoreRecord } from "./rows";
import { lineBatches } from "./jsonl";
import { writeStore, type StoreCheckpoint } from "./store-writer.server";
import { requestReattribution } from "../attribution/runs.server";
import { readShopFormat } from "../shops/format.server";

export { RUN_BULK_QUERY, BULK_OPERATION_STATUS };

const POLL_DELAY_MS = 10_000;
/** roots per write: bounded memory, and a resume never redoes more than this */
const CHUNK_ROOTS: Record<BulkResource, number> = { products: 1000, customers: 5000, orders: 2500 };
const MAX_BAD_LINES_KEPT = 200;
const IMPORT_CONNECTIONS = 2;

interface ImportRow {
  id: number;
  shop_id: number;
  run_id: string;
  resource: BulkResource;
  status: string;
  bulk_operation_id: string | null;
  url: string | null;
  lines_committed: string;
  rows_imported: string;
  bad_lines: Array<{ line: number; error: string }>;
}

async function loadImport(importId: number): Promise<ImportRow | null> {
  const { rows } = await pool().query<ImportRow>(`SELECT * FROM bulk_imports WHERE id = $1`, [importId]);
  return rows[0] ?? null;
}

async function shopDomain(shopId: number): Promise<string> {
  const { rows } = await pool().query<{ domain: string }>(`SELECT domain FROM shops WHERE id = $1`, [shopId]);
  if (!rows[0]) throw new Error(`shop ${shopId} not found`);
  return rows[0].domain;
}

/** Starts a backfill run unless one is already under way for the shop. Returns its run id. */
export async function startBackfill(opts: { shopId: number; reason: string; admin?: AdminGraphql }): Promise<string> {
  const active = await pool().query<{ run_id: string }>(
    `SELECT run_id FROM bulk_imports WHERE shop_id = $1 AND status IN ('requested', 'running', 'importing') ORDER BY id DESC LIMIT 1`,
    [opts.shopId],
  );
  if (active.rows[0]) return active.rows[0].run_id;
  const runId = randomUUID();
  for (const resource of BULK_RESOURCES) {
    await pool().query(
      `INSERT INTO bulk_imports (shop_id, run_id, resource, status) VALUES ($1, $2, $3, 'requested')`,
      [opts.shopId, runId, resource],
    );
  }
  try {
    await startNextImport(opts.shopId, runId, opts.admin);
  } catch (err) {
    // Nothing started at Shopify (no session, API refused): say so on the run instead of leaving it "requested"
    // forever, which would also block every later re-sync (issue 15, B10). The job's retry starts a new run.
    await pool().query(
      `UPDATE bulk_imports SET status = 'failed', error = $3, finished_at = now(), updated_at = now()
       WHERE shop_id = $1 AND run_id = $2 AND status = 'requested'`,
      [opts.shopId, runId, `Could not start the import: ${(err as Error).message}`.slice(0, 500)],
    );
    throw err;
  }
  return runId;
}

/** Every resource is in: aggregates for the whole shop, then segments and attribution. Idempotent. */
async function finishRun(shopId: number, runId: string) {
  await refreshCustomerStats({ shopId });
  await enqueue("segments.daily", { shopId }, { jobId: `backfill-segments-${runId}` }).catch(() => {});
  // Shopify's WhatsApp consent of every imported customer becomes the contact's (source shopify_whatsapp).
  await enqueue("consent.sync-shopify", { shopId, full: true }, { jobId: `backfill-consent-${runId}` }).catch(() => {});
  await requestReattribution(shopId, "backfill");
}

/** Starts the next resource of a run, or finishes the run (aggregates for the whole shop, then segments). */
export async function startNextImport(shopId: number, runId: string, admin?: AdminGraphql) {
  const { rows } = await pool().query<ImportRow>(
    `SELECT * FROM bulk_imports WHERE shop_id = $1 AND run_id = $2 AND status = 'requested' ORDER BY id LIMIT 1`,
    [shopId, runId],
  );
  const next = rows[0];
  if (!next) {
    await finishRun(shopId, runId);
    return null;
  }
  const client = admin ?? (await adminForShop(await shopDomain(shopId)));
  const data = await client.request<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string; status: string } | null;
      userErrors: Array<{ message: string; code?: string }>;
    };
  }>(RUN_BULK_QUERY, { query: BULK_QUERIES[next.resource] });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (!bulkOperation) {
    const inProgress = userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS");
    if (inProgress) throw new Error("another bulk query is running for this shop; retrying later");
    await pool().query(
      `UPDATE bulk_imports SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      [next.id, userErrors.map((e) => e.message).join("; ") || "Shopify refused the bulk query"],
    );
    return null;
  }
  await pool().query(
    `UPDATE bulk_imports SET status = 'running', bulk_operation_id = $2, updated_at = now() WHERE id = $1`,
    [next.id, bulkOperation.id],
  );
  await enqueue(
    "backfill.poll",
    { shopId, importId: next.id },
    { delay: POLL_DELAY_MS, jobId: `poll-${next.id}-${Date.now()}` },
  ).catch(() => {
    // Redis down: maintenance.reconcile schedules the poll again from the database.
  });
  return next.id;
}

/** Checks a running bulk operation (poll job, finish webhook and reconciler all come here). */
export async function checkImport(opts: { shopId: number; importId: number; admin?: AdminGraphql }) {
  const row = await loadImport(opts.importId);
  if (!row || row.shop_id !== opts.shopId || row.status !== "running" || !row.bulk_operation_id)
    return row?.status ?? "missing";
  const admin = opts.admin ?? (await adminForShop(await shopDomain(opts.shopId)));
  const data = await admin.request<{
    bulkOperation: {
      status: string;
      errorCode: string | null;
      objectCount: string;
      url: string | null;
      partialDataUrl: string | null;
    } | null;
  }>(BULK_OPERATION_STATUS, { id: row.bulk_operation_id });
  const op = data.bulkOperation;
  if (!op) throw new Error(`bulk operation ${row.bulk_operation_id} not found`);
  await pool().query(`UPDATE bulk_imports SET object_count = $2, updated_at = now() WHERE id = $1`, [
    row.id,
    op.objectCount ?? 0,
  ]);
  if (op.status === "COMPLETED") {
    if (!op.url) {
      // No objects at all: nothing to import.
      await pool().query(
        `UPDATE bulk_imports SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1`,
        [row.id],
      );
      await startNextImport(opts.shopId, row.run_id, opts.admin);
      return "completed";
    }
    const claimed = await pool().query(
      `UPDATE bulk_imports SET status = 'importing', url = $2, updated_at = now() WHERE id = $1 AND status = 'running'`,
      [row.id, op.url],
    );
    if (claimed.rowCount)
      await enqueue("backfill.import", { shopId: opts.shopId, importId: row.id }, { jobId: `import-${row.id}` }).catch(
        () => {},
      );
    return "importing";
  }
  if (["FAILED", "CANCELED", "EXPIRED"].includes(op.status)) {
    await pool().query(
      `UPDATE bulk_imports SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      [row.id, `bulk operation ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}`],
    );
    return "failed";
  }
  await enqueue(
    "backfill.poll",
    { shopId: opts.shopId, importId: row.id },
    { delay: POLL_DELAY_MS, jobId: `poll-${row.id}-${Date.now()}` },
  ).catch(() => {});
  return "running";
}

/** bulk_operations/finish: find the import behind the operation and check it now. */
export async function onBulkOperationFinished(shopId: number, bulkOperationGid: string) {
  const { rows } = await pool().query<{ id: number }>(
    `SELECT id FROM bulk_imports WHERE shop_id = $1 AND bulk_operation_id = $2`,
    [shopId, bulkOperationGid],
  );
  if (!rows[0]) return "unknown";
  return checkImport({ shopId, importId: rows[0].id });
}

export interface ImportResult {
  status: "completed" | "busy" | "skipped";
  lines: number;
  roots: number;
  badLines: Array<{ line: number; error: string }>;
}

/**
 * Streams the JSONL file into the database. Exactly one importer works on an import at a time (advisory
 * lock); a second job for the same import (reconciler, retry) returns at once.
 */
export async function importBulkFile(opts: ImportOptions): Promise<ImportResult> {
  const lockClient = await pool().connect();
  try {
    const lock = await lockClient.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext('bulk_import'), $1) AS ok`,
      [opts.importId],
    );
    if (!lock.rows[0]!.ok) return { status: "busy", lines: 0, roots: 0, badLines: [] };
    try {
      return await importLocked(opts);
    } finally {
      await lockClient.query(`SELECT pg_advisory_unlock(hashtext('bulk_import'), $1)`, [opts.importId]);
    }
  } finally {
    lockClient.release();
  }
}

export interface ImportOptions {
  shopId: number;
  importId: number;
  fetchImpl?: typeof fetch;
  /** roots per committed chunk (defaults per resource) */
  chunkRoots?: number;
}

async function importLocked(opts: ImportOptions): Promise<ImportResult> {
  const row = await loadImport(opts.importId);
  if (!row || row.shop_id !== opts.shopId || row.status !== "importing" || !row.url)
    return { status: "skipped", lines: 0, roots: 0, badLines: [] };
  const exponent = (await readShopFormat(opts.shopId)).currencyExponent;
  const chunkSize = opts.chunkRoots ?? CHUNK_ROOTS[row.resource];
  const resumeAfter = Number(row.lines_committed);
  const badLines = [...(row.bad_lines ?? [])];
  const rowsBefore = Number(row.rows_imported);
  let rowsImported = rowsBefore;

  const response = await (opts.fetchImpl ?? fetch)(row.url);
  if (!response.ok || !response.body) throw new Error(`downloading the bulk result failed: HTTP ${response.status}`);

  const bad = (line: number, error: string) => {
    if (badLines.length < MAX_BAD_LINES_KEPT) badLines.push({ line, error });
    else if (badLines.length === MAX_BAD_LINES_KEPT) badLines.push({ line: -1, error: "more bad lines not listed" });
  };

  let lineNo = 0;
  // The file read line by line, children joined to their parent, as store records. Every `chunkSize` roots a
  // checkpoint marks the last line whose root is complete: once the writer has committed everything before it,
  // that line is recorded, so a restart resumes there. The writer writes one batch while the next is parsed.
  async function* records(): AsyncGenerator<StoreRecord | StoreCheckpoint> {
    let current: (BulkGroup & { line: number }) | null = null;
    let roots = 0;
    const close = function* (group: BulkGroup & { line: number }) {
      let out: StoreRecord[];
      try {
        out = toRecords(row!.resource, group, exponent);
      } catch (err) {
        bad(group.line, (err as Error).message);
        return;
      }
      yield* out;
      roots++;
    };
    for await (const batch of lineBatches(response.body as unknown as AsyncIterable<Uint8Array>)) {
      for (const text of batch) {
        lineNo++;
        if (lineNo <= resumeAfter) continue;
        if (text.trim() === "") continue;
        let obj: Record<string, unknown>;
        try {
          obj = JSON.parse(text);
        } catch (err) {
          bad(lineNo, `malformed JSON: ${(err as Error).message}`);
          continue;
        }
        const parentId = obj.__parentId;
        if (typeof parentId === "string") {
          if (current && current.root.id === parentId) current.children.push(obj);
          else bad(lineNo, `child of ${parentId} does not follow its parent`);
          continue;
        }
        // A new root: the previous one is complete, and so is every line before this one.
        if (current) yield* close(current);
        if (roots >= chunkSize) {
          roots = 0;
          yield { type: "checkpoint", line: lineNo - 1 };
        }
        current = { root: obj, children: [], line: lineNo };
      }
    }
    if (current) yield* close(current);
    yield { type: "checkpoint", line: lineNo };
  }

  await writeStore({
    shopId: opts.shopId,
    records: records(),
    refreshStats: false,
    batchSize: chunkSize,
    // Orders are most of the work: two connections let PostgreSQL use both cores while this process parses.
    connections: row.resource === "orders" ? IMPORT_CONNECTIONS : 1,
    onCheckpoint: async (checkpoint, counts) => {
      rowsImported = rowsBefore + counts.orders + counts.customers + counts.products + counts.collections;
      // Bad lines after the checkpoint are found again by a resumed run.
      const upTo = badLines.filter((b) => b.line <= checkpoint.line);
      await pool().query(
        `UPDATE bulk_imports SET lines_committed = $2, rows_imported = $3, bad_lines = $4::jsonb, updated_at = now() WHERE id = $1`,
        [row.id, Math.max(checkpoint.line, resumeAfter), rowsImported, JSON.stringify(upTo)],
      );
    },
  });

  // The run's last import finishes the run before it counts as completed: a crash in between leaves it
  // 'importing', and the reconciler runs it again (nothing left to write, the aggregates computed again).
  const last = await pool().query(
    `SELECT 1 FROM bulk_imports WHERE shop_id = $1 AND run_id = $2 AND status = 'requested' LIMIT 1`,
    [opts.shopId, row.run_id],
  );
  if (!last.rows[0]) await finishRun(opts.shopId, row.run_id);
  await pool().query(
    `UPDATE bulk_imports SET status = 'completed', finished_at = now(), updated_at = now(), error = $2 WHERE id = $1`,
    [row.id, badLines.length ? `${badLines.length} line(s) could not be imported; see the list` : null],
  );
  if (!last.rows[0]) return { status: "completed", lines: lineNo, roots: rowsImported, badLines };
  await startNextImport(opts.shopId, row.run_id).catch(async (err) => {
    await pool().query(`UPDATE bulk_imports SET error = $2 WHERE run_id = $1 AND status = 'requested'`, [
      row.run_id,
      `could not start: ${(err as Error).message}`,
    ]);
    throw err;
  });
  return { status: "completed", lines: lineNo, roots: rowsImported, badLines };
}

function toRecords(resource: BulkResource, group: BulkGroup, exponent: number): StoreRecord[] {
  const type = gidType(group.root.id);
  if (resource === "orders") {
    if (type !== "Order") throw new BulkLineError(`expected an Order, got ${type ?? "an object without id"}`);
    return [{ type: "order", row: orderFromBulk(group, exponent) }];
  }
  if (resource === "customers") {
    if (type !== "Customer") throw new BulkLineError(`expected a Customer, got ${type ?? "an object without id"}`);
    if (group.children.length) throw new BulkLineError("customers have no child objects in our query");
    return [{ type: "customer", row: customerFromBulk(group.root) }];
  }
  if (type !== "Product") throw new BulkLineError(`expected a Product, got ${type ?? "an object without id"}`);
  const { product, collections } = productFromBulk(group, exponent);
  return [...collections.map((row) => ({ type: "collection" as const, row })), { type: "product", row: product }];
}

/** Progress of the latest run, for the UI. */
export async function backfillProgress(shopId: number) {
  const { rows } = await pool().query(
    `SELECT id, run_id, resource, status, object_count::text, rows_imported::text, lines_committed::text, bad_lines, error,
            started_at, finished_at, updated_at
     FROM bulk_imports WHERE shop_id = $1 AND run_id = (SELECT run_id FROM bulk_imports WHERE shop_id = $1 ORDER BY id DESC LIMIT 1)
     ORDER BY id`,
    [shopId],
  );
  return rows.map((r) => {
    const objects = Number(r.object_count);
    const lines = Number(r.lines_committed);
    return {
      resource: r.resource as BulkResource,
      status: r.status as string,
      objects,
      rowsImported: Number(r.rows_imported),
      percent: r.status === "completed" ? 100 : objects > 0 ? Math.min(99, Math.floor((lines / objects) * 100)) : 0,
      elapsedSeconds: Math.round(((r.finished_at ?? new Date()).getTime() - r.started_at.getTime()) / 1000),
      badLines: (r.bad_lines as Array<{ line: number; error: string }>).length,
      badLineSamples: (r.bad_lines as Array<{ line: number; error: string }>).slice(0, 5),
      error: r.error as string | null,
      finishedAt: r.finished_at ? (r.finished_at as Date).toISOString() : null,
    };
  });
}

/** Reconciler: re-create poll/import jobs Redis lost (e.g. after a Redis restart). */
export async function reconcileImports() {
  const { rows } = await pool().query<{ id: number; shop_id: number; status: string }>(
    `SELECT id, shop_id, status FROM bulk_imports
     WHERE (status = 'running' AND updated_at < now() - interval '1 minute')
        OR (status = 'importing' AND updated_at < now() - interval '2 minutes')`,
  );
  const tag = Date.now();
  for (const r of rows) {
    if (r.status === "running")
      await enqueue("backfill.poll", { shopId: r.shop_id, importId: r.id }, { jobId: `poll-${r.id}-r${tag}` });
    else await enqueue("backfill.import", { shopId: r.shop_id, importId: r.id }, { jobId: `import-${r.id}-r${tag}` });
  }
  return rows.length;
}
