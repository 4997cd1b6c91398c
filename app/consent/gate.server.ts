// May this contact receive a marketing message now? One rule, two forms:
// - `consentVerdictSql`: a SQL expression for set-based work (audience snapshots of a whole segment);
// - `marketingVerdicts` / `mayReceiveMarketing`: the same SQL run for the rows a dispatcher is about to send,
//   right before each send, so an opt-out recorded while a recipient was queued stops that send.
//
// The verdict is NULL (may receive) or the reason it may not, checked in this order:
//   invalid_phone     no phone, not E.164, or a number we know is not a mobile (landline)
//   customer_deleted  the customer was deleted in Shopify
//   opted_out         an opt-out from any source (STOP, "stop promotions", 131050, CSV, widget…): always wins
//   unreachable       131026 (not on WhatsApp) in the last 30 days, and the customer has not written since
//   cool_down         131049 (Meta's per-user marketing cap): no marketing for 24 h
//   no_consent        no opt-in source: an explicit opt-in (widget, CSV, START), or — when the merchant counts
//                     them — Shopify SMS marketing consent "subscribed", or the opt-in tag
import type pg from "pg";
import { pool } from "../db.server";
import { loadConsentSettings } from "./settings.server";

type Db = pg.Pool | pg.PoolClient;

export type VerdictReason =
  "invalid_phone" | "customer_deleted" | "opted_out" | "unreachable" | "cool_down" | "no_consent";

export const VERDICT_REASONS: readonly VerdictReason[] = [
  "invalid_phone",
  "customer_deleted",
  "opted_out",
  "unreachable",
  "cool_down",
  "no_consent",
];

/** How long a 131026 keeps a contact out of audiences (people install WhatsApp later). */
export const UNREACHABLE_FOR = "30 days";

export interface VerdictSqlArgs {
  /** alias of the customers row (may be NULL for a phone-only contact) */
  customer: string;
  /** alias of the contacts row joined on shop and phone (may be NULL) */
  contact: string;
  /** expression of the phone being judged (E.164) */
  phone: string;
  /** placeholders bound to the shop's settings and the time */
  countSms: string;
  optInTag: string;
  now: string;
}

/**
 * The verdict as a SQL CASE expression. Join the contact with
 * `LEFT JOIN contacts k ON k.shop_id = <shop> AND k.phone_e164 = <phone>` and the customer by id.
 */
export function consentVerdictSql(a: VerdictSqlArgs): string {
  const { customer: c, contact: k } = a;
  return `CASE
    WHEN ${a.phone} IS NULL OR ${a.phone} !~ '^\\+[1-9][0-9]{6,14}$'
         OR (${c}.phone_e164 = ${a.phone} AND ${c}.phone_valid IS FALSE) THEN 'invalid_phone'
    WHEN ${c}.deleted_at IS NOT NULL THEN 'customer_deleted'
    WHEN ${k}.consent_state = 'opted_out' THEN 'opted_out'
    WHEN ${k}.unreachable_at > ${a.now} - interval '${UNREACHABLE_FOR}'
         AND (${k}.last_inbound_at IS NULL OR ${k}.last_inbound_at < ${k}.unreachable_at) THEN 'unreachable'
    WHEN ${k}.cool_down_until > ${a.now} THEN 'cool_down'
    WHEN ${k}.consent_state = 'opted_in' THEN NULL
    WHEN ${a.countSms} AND ${c}.sms_consent_state = 'subscribed' THEN NULL
    WHEN ${a.optInTag} <> '' AND EXISTS (SELECT 1 FROM unnest(${c}.tags) AS tag WHERE lower(tag) = lower(${a.optInTag})) THEN NULL
    ELSE 'no_consent'
  END`;
}

export interface GateInput {
  /** our key for the row (recipient id); echoed in the result */
  key: string;
  customerId: string | bigint | null;
  phoneE164: string | null;
}

export interface GateResult {
  key: string;
  allowed: boolean;
  reason: VerdictReason | null;
}

/** The verdict for a batch of contacts in one statement (the dispatcher calls this for each claimed batch). */
export async function marketingVerdicts(
  args: { shopId: number; rows: GateInput[]; now?: Date },
  db: Db = pool(),
): Promise<Map<string, GateResult>> {
  const out = new Map<string, GateResult>();
  if (!args.rows.length) return out;
  const settings = await loadConsentSettings(args.shopId, db);
  const verdict = consentVerdictSql({
    customer: "c",
    contact: "k",
    phone: "t.phone",
    countSms: "$5::boolean",
    optInTag: "$6::text",
    now: "$7::timestamptz",
  });
  const { rows } = await db.query<{ key: string; reason: VerdictReason | null }>(
    `SELECT t.key, ${verdict} AS reason
     FROM unnest($2::text[], $3::bigint[], $4::text[]) AS t(key, customer_id, phone)
     LEFT JOIN customers c ON c.shop_id = $1 AND c.id = t.customer_id
     LEFT JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = t.phone`,
    [
      args.shopId,
      args.rows.map((r) => r.key),
      args.rows.map((r) => (r.customerId === null ? null : String(r.customerId))),
      args.rows.map((r) => r.phoneE164),
      settings.countShopifySmsConsent,
      settings.optInTag,
      args.now ?? new Date(),
    ],
  );
  for (const r of rows) out.set(r.key, { key: r.key, allowed: r.reason === null, reason: r.reason });
  return out;
}

/** The gate for one contact, right before its send. */
export async function mayReceiveMarketing(
  args: { shopId: number; customerId: string | bigint | null; phoneE164: string | null; now?: Date },
  db: Db = pool(),
): Promise<{ allowed: boolean; reason: VerdictReason | null }> {
  const result = await marketingVerdicts(
    {
      shopId: args.shopId,
      rows: [{ key: "1", customerId: args.customerId, phoneE164: args.phoneE164 }],
      now: args.now,
    },
    db,
  );
  const r = result.get("1")!;
  return { allowed: r.allowed, reason: r.reason };
}

export interface AudienceSummary {
  total: number;
  eligible: number;
  excluded: Record<VerdictReason, number>;
}

/**
 * Set-based verdicts over a segment's members (or every customer), counted by reason: what an audience
 * snapshot would include. The same expression, so the summary and the per-send gate cannot disagree.
 */
export async function audienceConsentSummary(
  args: { shopId: number; segmentId: number | null; now?: Date },
  db: Db = pool(),
): Promise<AudienceSummary> {
  const settings = await loadConsentSettings(args.shopId, db);
  const verdict = consentVerdictSql({
    customer: "c",
    contact: "k",
    phone: "c.phone_e164",
    countSms: "$3::boolean",
    optInTag: "$4::text",
    now: "$5::timestamptz",
  });
  const members =
    args.segmentId === null
      ? `SELECT id AS customer_id FROM customers WHERE shop_id = $1 AND ($2::int IS NULL)`
      : `SELECT customer_id FROM segment_members WHERE shop_id = $1 AND segment_id = $2`;
  const { rows } = await db.query<{ reason: VerdictReason | null; n: number }>(
    `SELECT v.reason, count(*)::int AS n FROM (
       SELECT ${verdict} AS reason
       FROM (${members}) m
       JOIN customers c ON c.shop_id = $1 AND c.id = m.customer_id
       LEFT JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = c.phone_e164) v
     GROUP BY v.reason`,
    [args.shopId, args.segmentId, settings.countShopifySmsConsent, settings.optInTag, args.now ?? new Date()],
  );
  const excluded = Object.fromEntries(VERDICT_REASONS.map((r) => [r, 0])) as Record<VerdictReason, number>;
  let eligible = 0;
  let total = 0;
  for (const r of rows) {
    total += r.n;
    if (r.reason === null) eligible += r.n;
    else excluded[r.reason] = r.n;
  }
  return { total, eligible, excluded };
}

/**
 * "Can receive a campaign now", shop-wide: the one definition the Dashboard and the Contacts page both show
 * (issue 15: they disagreed when the Dashboard counted valid phones). The gate's verdict over every customer.
 */
export function canReceiveCampaigns(shopId: number, db: Db = pool()): Promise<AudienceSummary> {
  return audienceConsentSummary({ shopId, segmentId: null }, db);
}
