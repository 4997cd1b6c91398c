// Consent CSV import: the upload is streamed through csv-parse and applied in batches of 1,000 rows with two
// set-based statements each (create missing contacts; decide, update and audit in one go). Every row that
// cannot be used is reported with its line number and reason; an opt-in for a contact who opted out is kept
// opted out (the opt-out wins) and counted, not treated as an error.
//
// Columns (header row, case-insensitive): phone (required); consent = yes/no, opted_in/opted_out,
// subscribed/unsubscribed, true/false (default yes); country (ISO code for national numbers); consented_at
// (ISO date, default now); customer_id (Shopify id or GID).
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { pool, withTransaction } from "../db.server";
import { normalizePhone } from "../ingest/normalize";
import { enqueue } from "../../jobs/queues";
import { errorMessage, logger } from "../lib/logger.server";

const BATCH = 1000;
/** Rejected rows kept for the report (the counts are always complete). */
export const MAX_REPORTED_ERRORS = 1000;

export interface ImportRowError {
  row: number;
  phone: string;
  error: string;
}

export interface ConsentImportSummary {
  id: number;
  status: "completed" | "failed";
  rowsTotal: number;
  optedIn: number;
  optedOut: number;
  unchanged: number;
  /** opt-ins not applied because the contact had opted out */
  keptOptedOut: number;
  rowsRejected: number;
  errors: ImportRowError[];
  error: string | null;
}

interface GoodRow {
  row: number;
  phone: string;
  state: "opted_in" | "opted_out";
  at: string;
  customer_id: string | null;
}

const YES = new Set(["", "yes", "y", "true", "1", "opted_in", "opt_in", "optin", "subscribed", "in", "opt-in"]);
const NO = new Set([
  "no",
  "n",
  "false",
  "0",
  "opted_out",
  "opt_out",
  "optout",
  "unsubscribed",
  "out",
  "stop",
  "opt-out",
]);

function parseRow(
  r: Record<string, string>,
  row: number,
  defaultCountry: string | null,
  now: number,
): GoodRow | ImportRowError {
  const rawPhone = (r.phone ?? r.phone_number ?? r.mobile ?? "").trim();
  const fail = (error: string): ImportRowError => ({ row, phone: rawPhone.slice(0, 40), error });
  if (!rawPhone) return fail("phone is empty");
  const country = (r.country ?? r.country_code ?? "").trim().toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) return fail(`country "${country}" is not a two-letter code`);
  const phone = normalizePhone(rawPhone, country || defaultCountry);
  if (!phone.valid || !phone.e164) {
    const why = {
      missing: "phone is empty",
      unparseable: "not a phone number",
      invalid_number: "not a valid phone number",
      not_mobile: "a landline, not a mobile number",
    };
    return fail(why[phone.reason ?? "invalid_number"]);
  }
  const consent = (r.consent ?? r.status ?? r.opted_in ?? "").trim().toLowerCase();
  const state = YES.has(consent) ? "opted_in" : NO.has(consent) ? "opted_out" : null;
  if (!state) return fail(`consent "${consent}" is not yes/no, opted_in/opted_out or subscribed/unsubscribed`);
  let at = new Date(now);
  const when = (r.consented_at ?? r.date ?? "").trim();
  if (when) {
    at = new Date(when);
    if (Number.isNaN(at.getTime())) return fail(`consented_at "${when}" is not a date`);
    if (at.getTime() > now + 86_400_000) return fail(`consented_at ${when} is in the future`);
  }
  let customerId: string | null = null;
  const cid = (r.customer_id ?? "").trim();
  if (cid) {
    const m = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(cid);
    if (!m) return fail(`customer_id "${cid}" is not a Shopify customer id`);
    customerId = m[1]!;
  }
  return { row, phone: phone.e164, state, at: at.toISOString(), customer_id: customerId };
}

interface BatchCounts {
  optedIn: number;
  optedOut: number;
  unchanged: number;
  keptOptedOut: number;
}

async function applyBatch(shopId: number, importId: number, wording: string, rows: GoodRow[]): Promise<BatchCounts> {
  return withTransaction(async (c) => {
    const input = JSON.stringify(rows);
    await c.query(
      `INSERT INTO contacts (shop_id, phone_e164, customer_id)
       SELECT DISTINCT ON (i.phone) $1, i.phone,
              coalesce(i.customer_id, (SELECT id FROM customers cu WHERE cu.shop_id = $1 AND cu.phone_e164 = i.phone AND cu.deleted_at IS NULL ORDER BY cu.updated_at DESC LIMIT 1))
       FROM jsonb_to_recordset($2::jsonb) AS i(row int, phone text, customer_id bigint)
       ORDER BY i.phone, i.row
       ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
      [shopId, input],
    );
    const { rows: verdicts } = await c.query<{ verdict: string; state: string; n: number }>(
      `WITH input AS (
         -- a phone listed twice in one batch: the last row wins (file order)
         SELECT DISTINCT ON (i.phone) i.* FROM jsonb_to_recordset($2::jsonb) AS i(row int, phone text, state text, at timestamptz, customer_id bigint)
         ORDER BY i.phone, i.row DESC),
       cur AS (
         SELECT k.phone_e164, k.consent_state, k.consent_at, k.customer_id
         FROM contacts k JOIN input i ON k.shop_id = $1 AND k.phone_e164 = i.phone
         FOR UPDATE OF k),
       decided AS (
         SELECT i.*, cur.consent_state AS prev, coalesce(cur.customer_id, i.customer_id) AS linked,
                CASE WHEN cur.consent_at IS NOT NULL AND date_trunc('second', i.at) < date_trunc('second', cur.consent_at) THEN 'unchanged'
                     WHEN cur.consent_state = i.state THEN 'unchanged'
                     WHEN i.state = 'opted_in' AND cur.consent_state = 'opted_out' THEN 'kept_opted_out'
                     ELSE 'apply' END AS verdict
         FROM input i JOIN cur ON cur.phone_e164 = i.phone),
       upd AS (
         UPDATE contacts k SET consent_state = d.state, consent_source = 'csv', consent_at = d.at,
                opted_out_at = CASE WHEN d.state = 'opted_out' THEN d.at ELSE k.opted_out_at END,
                customer_id = coalesce(k.customer_id, d.linked), updated_at = now()
         FROM decided d WHERE k.shop_id = $1 AND k.phone_e164 = d.phone AND d.verdict = 'apply'
         RETURNING 1),
       ev AS (
         INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state, detail, context, at)
         SELECT $1, d.phone, d.linked, 'csv', d.prev, d.state, $3, jsonb_build_object('import_id', $4::int, 'row', d.row), d.at
         FROM decided d WHERE d.verdict = 'apply'
         RETURNING 1)
       SELECT d.verdict, d.state, count(*)::int AS n FROM decided d GROUP BY 1, 2`,
      [shopId, input, wording, importId],
    );
    const counts: BatchCounts = { optedIn: 0, optedOut: 0, unchanged: 0, keptOptedOut: 0 };
    for (const v of verdicts) {
      if (v.verdict === "apply") counts[v.state === "opted_in" ? "optedIn" : "optedOut"] += v.n;
      else if (v.verdict === "kept_opted_out") counts.keptOptedOut += v.n;
      else counts.unchanged += v.n;
    }
    // Rows collapsed by the "last row wins" rule count as unchanged.
    const distinct = new Set(rows.map((r) => r.phone)).size;
    counts.unchanged += rows.length - distinct;
    return counts;
  });
}

export async function importConsentCsv(args: {
  shopId: number;
  fileName: string;
  wording: string;
  defaultCountry: string | null;
  source: AsyncIterable<Uint8Array | string> | Readable;
  now?: Date;
}): Promise<ConsentImportSummary> {
  const now = (args.now ?? new Date()).getTime();
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO consent_imports (shop_id, file_name, wording) VALUES ($1, $2, $3) RETURNING id`,
    [args.shopId, args.fileName.slice(0, 200), args.wording],
  );
  const id = rows[0]!.id;
  const summary: ConsentImportSummary = {
    id,
    status: "completed",
    rowsTotal: 0,
    optedIn: 0,
    optedOut: 0,
    unchanged: 0,
    keptOptedOut: 0,
    rowsRejected: 0,
    errors: [],
    error: null,
  };
  const reject = (e: ImportRowError) => {
    summary.rowsRejected++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(e);
  };
  const parser = parse({
    columns: (header: string[]) =>
      header.map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_"),
      ),
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
  });
  const input = args.source instanceof Readable ? args.source : Readable.from(args.source);
  input.on("error", (err) => parser.destroy(err));
  input.pipe(parser);

  let batch: GoodRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const counts = await applyBatch(args.shopId, id, args.wording, batch);
    summary.optedIn += counts.optedIn;
    summary.optedOut += counts.optedOut;
    summary.unchanged += counts.unchanged;
    summary.keptOptedOut += counts.keptOptedOut;
    batch = [];
    await progress(summary);
  };
  let sawPhoneColumn: boolean | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (sawPhoneColumn === null) {
        sawPhoneColumn = ["phone", "phone_number", "mobile"].some((k) => k in record);
        if (!sawPhoneColumn) throw new Error("The file needs a header row with a “phone” column.");
      }
      summary.rowsTotal++;
      const parsed = parseRow(record, info.lines, args.defaultCountry, now);
      if ("error" in parsed) reject(parsed);
      else batch.push(parsed);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  } catch (err) {
    summary.status = "failed";
    summary.error = errorMessage(err)
      .replace(/^Invalid Record Length.*/, "The CSV is malformed")
      .slice(0, 500);
    input.unpipe(parser);
    input.destroy();
  }
  await pool().query(
    `UPDATE consent_imports SET status = $2, rows_total = $3, opted_in = $4, opted_out = $5, unchanged = $6, rows_rejected = $7,
            errors = $8::jsonb, error = $9, finished_at = now() WHERE id = $1`,
    [
      id,
      summary.status,
      summary.rowsTotal,
      summary.optedIn,
      summary.optedOut,
      summary.unchanged + summary.keptOptedOut,
      summary.rowsRejected,
      JSON.stringify(summary.errors),
      summary.error,
    ],
  );
  if (summary.optedOut > 0) {
    // Imported opt-outs are written back to Shopify by the sync job (when the merchant allowed it).
    await enqueue(
      "consent.sync-shopify",
      { shopId: args.shopId },
      { jobId: `consent-sync-${args.shopId}-import-${id}` },
    ).catch((err: unknown) => logger.warn(`consent sync after import ${id} not queued: ${errorMessage(err)}`));
  }
  return summary;

  async function progress(s: ConsentImportSummary) {
    await pool().query(
      `UPDATE consent_imports SET rows_total = $2, opted_in = $3, opted_out = $4, unchanged = $5, rows_rejected = $6 WHERE id = $1`,
      [id, s.rowsTotal, s.optedIn, s.optedOut, s.unchanged + s.keptOptedOut, s.rowsRejected],
    );
  }
}

export interface ConsentImportRow {
  id: number;
  fileName: string;
  status: string;
  rowsTotal: number;
  optedIn: number;
  optedOut: number;
  unchanged: number;
  rowsRejected: number;
  errors: ImportRowError[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export async function recentImports(shopId: number, limit = 5): Promise<ConsentImportRow[]> {
  const { rows } = await pool().query(
    `SELECT id, file_name, status, rows_total, opted_in, opted_out, unchanged, rows_rejected, errors, error, started_at, finished_at
     FROM consent_imports WHERE shop_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
    [shopId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    status: r.status,
    rowsTotal: r.rows_total,
    optedIn: r.opted_in,
    optedOut: r.opted_out,
    unchanged: r.unchanged,
    rowsRejected: r.rows_rejected,
    errors: r.errors,
    error: r.error,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  }));
}

export async function importErrors(
  shopId: number,
  importId: number,
): Promise<{ fileName: string; errors: ImportRowError[] } | null> {
  const { rows } = await pool().query(`SELECT file_name, errors FROM consent_imports WHERE shop_id = $1 AND id = $2`, [
    shopId,
    importId,
  ]);
  return rows[0] ? { fileName: rows[0].file_name, errors: rows[0].errors } : null;
}

/** One import with its figures and rejected rows (the import's page); null when it is not this shop's. */
export async function importReport(shopId: number, importId: number): Promise<ConsentImportRow | null> {
  const { rows } = await pool().query(
    `SELECT id, file_name, status, rows_total, opted_in, opted_out, unchanged, rows_rejected, errors, error, started_at, finished_at
     FROM consent_imports WHERE shop_id = $1 AND id = $2`,
    [shopId, importId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    fileName: r.file_name,
    status: r.status,
    rowsTotal: r.rows_total,
    optedIn: r.opted_in,
    optedOut: r.opted_out,
    unchanged: r.unchanged,
    rowsRejected: r.rows_rejected,
    errors: r.errors,
    error: r.error,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}
