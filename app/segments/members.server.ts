// A segment's members for its page and its CSV export. Both page by customer id (keyset: "the next 50 after id X"),
// so page 20,000 of a million-member segment costs what page 1 costs, and the export streams batches of rows
// straight to the response without ever holding the whole segment in memory.
import { createHmac, timingSafeEqual } from "node:crypto";
import { csvCell } from "../lib/csv";
import { getEnv } from "../env.server";
import { pool } from "../db.server";
import { minorToDecimal } from "../lib/money";
import { explainMembers } from "./preview.server";

export interface MemberRow {
  customerId: string;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  ordersCount: number;
  netSpentMinor: string;
  lastOrderAt: string | null;
  enteredAt: string;
  /** why they match today (null: their data changed and the refresh has not caught up yet) */
  why: string | null;
}

export interface MemberPage {
  rows: MemberRow[];
  /** cursor for the next page (pass as `after`), null on the last page */
  next: string | null;
  /** cursor for the previous page (pass as `before`), null on the first page */
  previous: string | null;
  /** with a search: how many members match it (at most MATCH_COUNT_CAP + 1), else null */
  matching: number | null;
}

/** A search's match count stops here ("10,000+"): counting a broad search over a million members is a full scan. */
export const MATCH_COUNT_CAP = 10_000;

interface DbMember {
  customer_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone_e164: string | null;
  phone_raw: string | null;
  country_code: string | null;
  province_code: string | null;
  city: string | null;
  orders_count: number;
  net_spent_minor: string;
  last_order_at: Date | null;
  entered_at: Date;
}

const ID = /^\d{1,20}$/;

/** SQL condition (alias c) for a member search: a customer id, or part of a name, email or phone. */
function searchCondition(query: string | undefined, params: unknown[]): string {
  const q = (query ?? "").trim();
  if (!q) return "";
  if (ID.test(q) && q.length >= 6) {
    params.push(q);
    return ` AND (c.id = $${params.length}::bigint OR c.phone_e164 LIKE '%' || $${params.length} || '%')`;
  }
  params.push(`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  const p = `$${params.length}`;
  return ` AND (c.email ILIKE ${p} OR c.first_name ILIKE ${p} OR c.last_name ILIKE ${p}
    OR (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ILIKE ${p} OR c.phone_e164 ILIKE ${p})`;
}

const MEMBER_COLUMNS = `sm.customer_id::text, c.first_name, c.last_name, c.email, c.phone_e164, c.phone_raw, c.country_code,
  c.province_code, c.city, c.orders_count, c.net_spent_minor::text, c.last_order_at, sm.entered_at`;

/** Rows in customer-id order after (or before) a cursor, limit + 1 to know whether there is more. */
async function memberBatch(opts: {
  shopId: number;
  segmentId: number;
  query?: string;
  after?: string | null;
  before?: string | null;
  limit: number;
}) {
  const params: unknown[] = [opts.shopId, opts.segmentId, opts.limit + 1];
  let cursor = "";
  // The bound is repeated on customers: PostgreSQL does not carry an inequality across the join, and without it a
  // merge join would read the shop's customers from the first one up to the cursor (400 ms deep in 1M members).
  if (opts.before && ID.test(opts.before)) {
    params.push(opts.before);
    cursor = ` AND sm.customer_id < $${params.length}::bigint AND c.id < $${params.length}::bigint`;
  } else if (opts.after && ID.test(opts.after)) {
    params.push(opts.after);
    cursor = ` AND sm.customer_id > $${params.length}::bigint AND c.id > $${params.length}::bigint`;
  }
  const search = searchCondition(opts.query, params);
  const backwards = Boolean(opts.before && ID.test(opts.before));
  const { rows } = await pool().query<DbMember>(
    `SELECT ${MEMBER_COLUMNS}
     FROM segment_members sm
     JOIN segments s ON s.id = sm.segment_id AND s.shop_id = $1 AND s.deleted_at IS NULL
     JOIN customers c ON c.shop_id = $1 AND c.id = sm.customer_id
     WHERE sm.segment_id = $2 AND sm.shop_id = $1${cursor}${search}
     ORDER BY sm.customer_id ${backwards ? "DESC" : "ASC"} LIMIT $3`,
    params,
  );
  return { rows, backwards };
}

/** How many members match a search, counted up to MATCH_COUNT_CAP + 1 (the page's footer shows the filtered total). */
async function countMatching(shopId: number, segmentId: number, query: string): Promise<number> {
  const params: unknown[] = [shopId, segmentId, MATCH_COUNT_CAP + 1];
  const search = searchCondition(query, params);
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM segment_members sm
       JOIN customers c ON c.shop_id = $1 AND c.id = sm.customer_id
       WHERE sm.segment_id = $2 AND sm.shop_id = $1${search} LIMIT $3) m`,
    params,
  );
  return rows[0]!.n;
}

function displayName(r: DbMember): string {
  return [r.first_name, r.last_name].filter(Boolean).join(" ") || r.email || `Customer ${r.customer_id}`;
}

/** One page of members with why each matches. */
export async function listMembers(opts: {
  shopId: number;
  segmentId: number;
  query?: string;
  after?: string | null;
  before?: string | null;
  limit?: number;
}): Promise<MemberPage> {
  const limit = Math.max(1, Math.min(opts.limit ?? 50, 200));
  const { rows, backwards } = await memberBatch({ ...opts, limit });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  if (backwards) page.reverse();
  const query = (opts.query ?? "").trim();
  const [why, matching] = await Promise.all([
    explainMembers({ shopId: opts.shopId, segmentId: opts.segmentId, customerIds: page.map((r) => r.customer_id) }),
    query ? countMatching(opts.shopId, opts.segmentId, query) : Promise.resolve(null),
  ]);
  const first = page[0]?.customer_id ?? null;
  const last = page[page.length - 1]?.customer_id ?? null;
  const hasPrevious = backwards ? more : Boolean(opts.after && ID.test(opts.after));
  const hasNext = backwards ? true : more;
  return {
    rows: page.map((r) => ({
      customerId: r.customer_id,
      name: displayName(r),
      email: r.email,
      phone: r.phone_e164 ?? r.phone_raw,
      country: r.country_code,
      ordersCount: r.orders_count,
      netSpentMinor: r.net_spent_minor,
      lastOrderAt: r.last_order_at?.toISOString() ?? null,
      enteredAt: r.entered_at.toISOString(),
      why: why.get(r.customer_id) ?? null,
    })),
    next: hasNext && last !== null ? last : null,
    previous: hasPrevious && first !== null ? first : null,
    matching,
  };
}

// ---- CSV export -------------------------------------------------------------------------------------------------

const CSV_HEADER = [
  "customer_id",
  "first_name",
  "last_name",
  "email",
  "phone",
  "country",
  "province",
  "city",
  "orders",
  "net_spent",
  "currency",
  "last_order_at",
  "member_since",
];

/** One CSV field (the shared writer, app/lib/csv.ts: formulas neutralised, E.164 phones as they are). */
export const csvField = csvCell;

/** Rows per database round trip while exporting. */
export const EXPORT_BATCH = 5000;

/**
 * The members as CSV, streamed: batches of EXPORT_BATCH rows by customer id, each written as it arrives, with
 * backpressure (the next batch is read only when the client has taken the previous one).
 */
export function exportMembersCsv(opts: {
  shopId: number;
  segmentId: number;
  currency: string;
  exponent: number;
  query?: string;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${CSV_HEADER.join(",")}\r\n`));
          return;
        }
        if (done) return controller.close();
        try {
          const { rows } = await memberBatch({
            shopId: opts.shopId,
            segmentId: opts.segmentId,
            query: opts.query,
            after,
            limit: EXPORT_BATCH - 1,
          });
          if (rows.length === 0) {
            done = true;
            return controller.close();
          }
          const lines = rows.map((r) =>
            [
              r.customer_id,
              r.first_name,
              r.last_name,
              r.email,
              r.phone_e164 ?? r.phone_raw,
              r.country_code,
              r.province_code,
              r.city,
              r.orders_count,
              minorToDecimal(BigInt(r.net_spent_minor), opts.exponent),
              opts.currency,
              r.last_order_at?.toISOString() ?? null,
              r.entered_at.toISOString(),
            ]
              .map(csvField)
              .join(","),
          );
          controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
          after = rows[rows.length - 1]!.customer_id;
          if (rows.length < EXPORT_BATCH) done = true;
        } catch (err) {
          controller.error(err);
        }
      },
    },
    { highWaterMark: 1 },
  );
}

// ---- signed download links ----------------------------------------------------------------------------------------

// Inside Shopify admin every request carries a session token in a header, which a plain download link cannot send.
// The segment page therefore hands out a link signed with the app secret, naming the shop and segment and valid
// for a few minutes; the export route accepts either that signature or a normal authenticated request.

export const EXPORT_LINK_TTL_MS = 10 * 60 * 1000;

// The link also names the staff user it was made for (`by`, signed with the rest), so the export's audit event
// names who downloaded it even though the download itself carries no session token.
function signature(shopId: number, segmentId: number, expires: number, by: string | null): string {
  return createHmac("sha256", getEnv().SHOPIFY_API_SECRET)
    .update(`segment-export:${shopId}:${segmentId}:${expires}${by === null ? "" : `:${by}`}`)
    .digest("base64url");
}

/** Query string for a download link of this segment's export, valid for EXPORT_LINK_TTL_MS. */
export function signExportLink(shopId: number, segmentId: number, now = Date.now(), by?: string): string {
  const expires = now + EXPORT_LINK_TTL_MS;
  return new URLSearchParams({
    shop_id: String(shopId),
    expires: String(expires),
    ...(by ? { by } : {}),
    signature: signature(shopId, segmentId, expires, by ?? null),
  }).toString();
}

/** Who a verified link was made for ("link" for one made without a name). Only meaningful after verifyExportLink. */
export function exportLinkActor(url: URL): string {
  return url.searchParams.get("by") ?? "link";
}

/** The shop a signed link was made for, or null when it is absent, forged, for another segment or expired. */
export function verifyExportLink(url: URL, segmentId: number, now = Date.now()): number | null {
  const shopId = Number(url.searchParams.get("shop_id"));
  const expires = Number(url.searchParams.get("expires"));
  const given = url.searchParams.get("signature") ?? "";
  if (!Number.isSafeInteger(shopId) || shopId <= 0 || !Number.isSafeInteger(expires) || expires < now) return null;
  const expected = Buffer.from(signature(shopId, segmentId, expires, url.searchParams.get("by")));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? shopId : null;
}
