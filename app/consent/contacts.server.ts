// What the Contacts page shows: consent figures for the shop (set-based, through the same verdict the gate
// uses), a search by phone or name, and one contact's full audit trail.
import { pool } from "../db.server";
import { normalizePhone } from "../ingest/normalize";
import { audienceConsentSummary, type AudienceSummary } from "./gate.server";

export interface ConsentOverview {
  audience: AudienceSummary;
  contacts: { optedIn: number; optedOut: number; none: number; optedOutLast30Days: number };
  bySource: Array<{ source: string; optedIn: number; optedOut: number }>;
}

export async function consentOverview(shopId: number): Promise<ConsentOverview> {
  const [audience, totals, sources] = await Promise.all([
    audienceConsentSummary({ shopId, segmentId: null }),
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
  k.consent_state, k.consent_source, k.consent_at, k.shopify_sms_state, k.tag_opt_in, k.cool_down_until, k.unreachable_at, k.last_inbound_at`;

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
  };
}

/** Contacts matching a phone (any format) or a customer name; the most recently changed first. */
export async function searchContacts(shopId: number, query: string, limit = 25): Promise<ContactRow[]> {
  const q = query.trim();
  const phone = q
    ? (normalizePhone(q, null).e164 ?? (/^\+?\d{4,}$/.test(q.replace(/[\s()-]/g, "")) ? q.replace(/[^\d]/g, "") : null))
    : null;
  const { rows } = await pool().query(
    `SELECT ${CONTACT_COLUMNS}
     FROM contacts k LEFT JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
     WHERE k.shop_id = $1
       AND ($2 = '' OR k.phone_e164 = $3 OR ($3 IS NOT NULL AND k.phone_e164 LIKE '%' || $3 || '%')
            OR ($3 IS NULL AND concat_ws(' ', cu.first_name, cu.last_name, cu.email) ILIKE '%' || $2 || '%'))
     ORDER BY k.updated_at DESC LIMIT $4`,
    [shopId, q, phone, limit],
  );
  return rows.map(toContact);
}

export async function contactHistory(
  shopId: number,
  phoneE164: string,
): Promise<{ contact: ContactRow | null; events: ConsentEventRow[] }> {
  const [contact, events] = await Promise.all([
    pool().query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts k LEFT JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
       WHERE k.shop_id = $1 AND k.phone_e164 = $2`,
      [shopId, phoneE164],
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
