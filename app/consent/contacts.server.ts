// What the Contacts page shows: consent figures for the shop (set-based, through the same verdict the gate
// uses), a search by phone or name, and one contact's full audit trail.
import { pool } from "../db.server";
import { normalizePhone } from "../ingest/normalize";
import { canReceiveCampaigns, consentVerdictSql, type AudienceSummary, type VerdictReason } from "./gate.server";
import { loadConsentSettings } from "./settings.server";

export interface ConsentOverview {
  audience: AudienceSummary;
  contacts: { optedIn: number; optedOut: number; none: number; optedOutLast30Days: number };
  bySource: Array<{ source: string; optedIn: number; optedOut: number }>;
}

export async function consentOverview(shopId: number): Promise<ConsentOverview> {
  const [audience, totals, sources] = await Promise.all([
    canReceiveCampaigns(shopId),
    pool().query<{ opted_in: number; opted_out: number; none: number; recent: number }>(
      `SELECT count(*) FILTER (WHERE consent_state = 'opted_in')::int AS opted_in,
              count(*) FILTER (WHERE consent_state = 'opted_out')::int AS opted_out,
              count(*) FILTER (WHERE consent_state = 'none')::int AS none,
              count(*) FILTER (WHERE consent_state = 'opted_out' AND opted_out_at > now() - interval '30 days')::int AS recent
       FROM contacts WHERE shop_id = $1`,
      [shopId],
    ),
    pool().query<{ source: string; opted_in: number; opted_out: number }>(
      `SELECT consent_source AS source, count(*) FILTER (WHERE consent_state = 'opted_in')::int AS opted_in,
              count(*) FILTER (WHERE consent_state = 'opted_out')::int AS opted_out
       FROM contacts WHERE shop_id = $1 AND consent_source IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [shopId],
    ),
  ]);
  const t = totals.rows[0]!;
  return {
    audience,
    contacts: { optedIn: t.opted_in, optedOut: t.opted_out, none: t.none, optedOutLast30Days: t.recent },
    bySource: sources.rows.map((r) => ({ source: r.source, optedIn: r.opted_in, optedOut: r.opted_out })),
  };
}

export interface ContactRow {
  phoneE164: string;
  customerId: string | null;
  name: string | null;
  consentState: string;
  consentSource: string | null;
  consentAt: string | null;
  shopifySmsState: string | null;
  tagOptIn: boolean;
  coolDownUntil: string | null;
  unreachableAt: string | null;
  lastInboundAt: string | null;
  /** when the contact entered its current consent state (opt-in, opt-out, or first seen) */
  since: string | null;
  /** the gate's verdict (gate.server.ts): null = can receive campaigns now, else the reason it cannot */
  blockedBy: VerdictReason | null;
}

export interface ConsentEventRow {
  id: string;
  source: string;
  previousState: string;
  newState: string;
  detail: string | null;
  context: Record<string, unknown>;
  at: string;
}

const CONTACT_COLUMNS = `k.phone_e164, k.customer_id::text, nullif(btrim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS name,
  k.consent_state, k.consent_source, k.consent_at, k.shopify_sms_state, k.tag_opt_in, k.cool_down_until, k.unreachable_at, k.last_inbound_at,
  CASE k.consent_state WHEN 'opted_out' THEN coalesce(k.opted_out_at, k.updated_at)
                       WHEN 'opted_in' THEN coalesce(k.consent_at, k.updated_at) ELSE k.created_at END AS since`;

/** The gate's verdict for each listed contact: the one "can receive campaigns" rule (app/consent/gate.server.ts). */
const VERDICT = consentVerdictSql({
  customer: "cu",
  contact: "k",
  phone: "k.phone_e164",
  countSms: "$2::boolean",
  optInTag: "$3::text",
  now: "now()",
});

function toContact(r: Record<string, unknown>): ContactRow {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
  return {
    phoneE164: r.phone_e164 as string,
    customerId: (r.customer_id as string | null) ?? null,
    name: (r.name as string | null) ?? null,
    consentState: r.consent_state as string,
    consentSource: (r.consent_source as string | null) ?? null,
    consentAt: iso(r.consent_at),
    shopifySmsState: (r.shopify_sms_state as string | null) ?? null,
    tagOptIn: r.tag_opt_in as boolean,
    coolDownUntil: iso(r.cool_down_until),
    unreachableAt: iso(r.unreachable_at),
    lastInboundAt: iso(r.last_inbound_at),
    since: iso(r.since),
    blockedBy: (r.blocked_by as VerdictReason | null | undefined) ?? null,
  };
}

export interface ContactPage {
  rows: ContactRow[];
  /** contacts matching the search, over every page */
  total: number;
  /** cursors for the next / previous page (null at either end) */
  after: string | null;
  before: string | null;
}

/** A page cursor: the last row's (updated_at, phone), opaque to the browser. */
function cursorOf(updatedAt: Date, phone: string): string {
  return Buffer.from(`${updatedAt.toISOString()}|${phone}`).toString("base64url");
}

function parseCursor(raw: string | null | undefined): { at: string; phone: string } | null {
  if (!raw) return null;
  const [at, phone] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (!at || !phone || Number.isNaN(Date.parse(at)) || !/^\+\d{7,15}$/.test(phone)) return null;
  return { at, phone };
}

/**
 * Contacts matching a phone (any format) or a customer name, the most recently changed first, one page at a time
 * (keyset on updated_at and phone, so a page costs the same on page 1 and page 100), with the total.
 */
export async function listContacts(
  shopId: number,
  opts: { query?: string; state?: string; after?: string | null; before?: string | null; limit?: number } = {},
): Promise<ContactPage> {
  const q = (opts.query ?? "").trim();
  const limit = opts.limit ?? 25;
  const phone = q
    ? (normalizePhone(q, null).e164 ?? (/^\+?\d{4,}$/.test(q.replace(/[\s()-]/g, "")) ? q.replace(/[^\d]/g, "") : null))
    : null;
  const state = ["opted_in", "opted_out", "none"].includes(opts.state ?? "") ? opts.state! : "";
  const after = parseCursor(opts.after);
  const before = after ? null : parseCursor(opts.before);
  const settings = await loadConsentSettings(shopId);
  // Without a search the page and the count read contacts alone (the customer join only for the page's rows):
  // on a store with 170k contacts the join and the verdict over every row cost seconds.
  const search = q
    ? `AND (k.phone_e164 = $5 OR ($5 IS NOT NULL AND k.phone_e164 LIKE '%' || $5 || '%')
            OR ($5 IS NULL AND EXISTS (SELECT 1 FROM customers c2 WHERE c2.shop_id = k.shop_id AND c2.id = k.customer_id
                 AND concat_ws(' ', c2.first_name, c2.last_name, c2.email) ILIKE '%' || $4 || '%')))`
    : `AND $4 = '' AND $5::text IS NULL`;
  const filter = `k.shop_id = $1 ${search} AND ($6 = '' OR k.consent_state = $6)`;
  // Backwards pages read ascending from the cursor and are flipped, so both directions use the same index.
  const keyset = after
    ? `AND (k.updated_at, k.phone_e164) < ($7::timestamptz, $8::text)`
    : before
      ? `AND (k.updated_at, k.phone_e164) > ($7::timestamptz, $8::text)`
      : `AND $7::timestamptz IS NULL AND $8::text IS NULL`;
  const order = before ? "ASC" : "DESC";
  const cursor = after ?? before;
  const [page, count] = await Promise.all([
    pool().query(
      `WITH keys AS (
         SELECT k.phone_e164 FROM contacts k WHERE ${filter} ${keyset}
         ORDER BY k.updated_at ${order}, k.phone_e164 ${order} LIMIT $9)
       SELECT ${CONTACT_COLUMNS}, k.updated_at, ${VERDICT} AS blocked_by
       FROM keys JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = keys.phone_e164
       LEFT JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
       ORDER BY k.updated_at ${order}, k.phone_e164 ${order}`,
      [
        shopId,
        settings.countShopifySmsConsent,
        settings.optInTag,
        q,
        phone,
        state,
        cursor?.at ?? null,
        cursor?.phone ?? null,
        limit + 1,
      ],
    ),
    pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts k WHERE ${filter.replace(/\$([456])\b/g, (_, n: string) => `$${Number(n) - 2}`)}`,
      [shopId, q, phone, state],
    ),
  ]);
  const more = page.rows.length > limit;
  const rows = page.rows.slice(0, limit);
  if (before) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = before ? true : more;
  const hasPrev = before ? more : after !== null;
  return {
    rows: rows.map(toContact),
    total: count.rows[0]!.n,
    after: hasNext && last ? cursorOf(last.updated_at, last.phone_e164) : null,
    before: hasPrev && first ? cursorOf(first.updated_at, first.phone_e164) : null,
  };
}

/** Contacts matching a phone or a name (first page only); kept for callers that need no paging. */
export async function searchContacts(shopId: number, query: string, limit = 25): Promise<ContactRow[]> {
  return (await listContacts(shopId, { query, limit })).rows;
}

export async function contactHistory(
  shopId: number,
  phoneE164: string,
): Promise<{ contact: ContactRow | null; events: ConsentEventRow[] }> {
  const [contact, events] = await Promise.all([
    loadConsentSettings(shopId).then((settings) =>
      pool().query(
        `SELECT ${CONTACT_COLUMNS}, ${VERDICT.replace(/\$([23])::/g, (_, n: string) => `$${Number(n) + 1}::`)} AS blocked_by
         FROM contacts k LEFT JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
         WHERE k.shop_id = $1 AND k.phone_e164 = $2`,
        [shopId, phoneE164, settings.countShopifySmsConsent, settings.optInTag],
      ),
    ),
    pool().query(
      `SELECT id::text, source, previous_state, new_state, detail, context, at FROM consent_events
       WHERE shop_id = $1 AND phone_e164 = $2 ORDER BY at DESC, id DESC LIMIT 200`,
      [shopId, phoneE164],
    ),
  ]);
  return {
    contact: contact.rows[0] ? toContact(contact.rows[0]) : null,
    events: events.rows.map((e) => ({
      id: e.id,
      source: e.source,
      previousState: e.previous_state,
      newState: e.new_state,
      detail: e.detail,
      context: e.context,
      at: e.at.toISOString(),
    })),
  };
}
