// Who a WhatsApp webhook is about. Since 2026-03-31 Meta names every user by a business-scoped user id (BSUID,
// `user_id` / `from_user_id` / `recipient_user_id`) and, once a user adopts a username, may leave the phone out
// (`wa_id`, `from`, `recipient_id` omitted) — docs/whatsapp-platform.md, "Business-scoped user ids". A contact is
// therefore known by phone, by BSUID or both (docs/decisions/0021-contacts-by-phone-or-bsuid.md):
// - every webhook that carries both links them on the phone's contact, so a later message with the BSUID alone
//   (a STOP, a reply, a status) reaches that contact;
// - a user seen only by BSUID gets a contact of their own (no phone), folded into the phone's contact the first
//   time a webhook names both — their consent is re-applied there under the usual rules (an opt-out wins).
import type pg from "pg";
import { pool, withTransaction } from "../db.server";
import { applyConsentChange, type ConsentSource, type ConsentState } from "../consent/consent.server";
import type { ChangeValue, InboundMessage, StatusUpdate, UserPreference } from "./types";

export interface WhatsAppUser {
  /** E.164 ("+…"), or null when Meta did not share the phone */
  phoneE164: string | null;
  bsuid: string | null;
}

/** ISO 3166 alpha-2 code, a period, up to 128 alphanumerics; parent BSUIDs have "ENT." after the country. */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

export function bsuidOf(v: unknown): string | null {
  return typeof v === "string" && BSUID.test(v) ? v : null;
}

/** "+<digits>" from a WhatsApp id (digits with country code). */
export function phoneFromWaId(waId: string | undefined | null): string | null {
  const digits = String(waId ?? "").replace(/\D/g, "");
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

type ContactEntry = NonNullable<ChangeValue["contacts"]>[number];

/** The `contacts[]` entry about this user: the one with the same phone or BSUID, else the only one. */
function entryFor(value: ChangeValue, phone: string | undefined, bsuid: string | undefined): ContactEntry | undefined {
  const list = value.contacts ?? [];
  return (
    list.find((c) => (phone && c.wa_id === phone) || (bsuid && c.user_id === bsuid)) ??
    (list.length === 1 ? list[0] : undefined)
  );
}

function userFrom(phone: string | undefined, bsuid: string | undefined, entry: ContactEntry | undefined) {
  return {
    phoneE164: phoneFromWaId(phone ?? entry?.wa_id),
    bsuid: bsuidOf(bsuid) ?? bsuidOf(entry?.user_id),
  };
}

/** The sender of an inbound message (`from` / `from_user_id`, completed from `contacts[]`). */
export function senderOf(value: ChangeValue, m: InboundMessage): WhatsAppUser {
  return userFrom(m.from, m.from_user_id, entryFor(value, m.from, m.from_user_id));
}

/** The recipient of a status (`recipient_id` / `recipient_user_id`; failed statuses carry no `contacts[]`). */
export function recipientOf(value: ChangeValue, s: StatusUpdate): WhatsAppUser {
  return userFrom(s.recipient_id, s.recipient_user_id, entryFor(value, s.recipient_id, s.recipient_user_id));
}

/** The user a `user_preferences` item is about. */
export function preferenceUserOf(value: ChangeValue, p: UserPreference): WhatsAppUser {
  return userFrom(p.wa_id, p.user_id, entryFor(value, p.wa_id, p.user_id));
}

interface FoldedConsent {
  state: ConsentState;
  source: ConsentSource | null;
  at: Date | null;
}

/**
 * Links phone and BSUID on one contact and answers who the contact is now: the phone when one is known (so
 * phone-keyed code needs no change), else the BSUID alone. One indexed read when the link is already stored.
 */
export async function resolveContact(shopId: number, user: WhatsAppUser): Promise<WhatsAppUser> {
  const { phoneE164: phone, bsuid } = user;
  if (!bsuid) return user;
  const known = await pool().query<{ phone_e164: string | null }>(
    `SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND bsuid = $2`,
    [shopId, bsuid],
  );
  const stored = known.rows[0];
  if (!phone) return { phoneE164: stored?.phone_e164 ?? null, bsuid };
  if (stored && stored.phone_e164 === phone) return user;

  const folded = await withTransaction((c) => link(c, shopId, phone, bsuid));
  // The BSUID-only contact's explicit consent moves to the phone's contact through the one consent rule:
  // an opt-out wins, an older change is ignored, a merchant source cannot lift an opt-out.
  if (folded && folded.state !== "none" && folded.source && folded.at) {
    await applyConsentChange({
      shopId,
      phoneE164: phone,
      bsuid,
      to: folded.state,
      source: folded.source,
      detail: "from the contact known only by its WhatsApp user id",
      context: { merged_bsuid: bsuid },
      at: folded.at,
    });
  }
  return user;
}

async function link(c: pg.PoolClient, shopId: number, phone: string, bsuid: string): Promise<FoldedConsent | null> {
  const { rows } = await c.query<{
    id: string;
    phone_e164: string | null;
    consent_state: ConsentState;
    consent_source: ConsentSource | null;
    consent_at: Date | null;
    last_inbound_at: Date | null;
  }>(
    `SELECT id::text, phone_e164, consent_state, consent_source, consent_at, last_inbound_at
     FROM contacts WHERE shop_id = $1 AND bsuid = $2 FOR UPDATE`,
    [shopId, bsuid],
  );
  const other = rows[0];
  let folded: FoldedConsent | null = null;
  if (other && other.phone_e164 === null) {
    // Fold the BSUID-only contact: its audit trail and its last message move to the phone's contact.
    await c.query(
      `UPDATE consent_events SET phone_e164 = $3 WHERE shop_id = $1 AND bsuid = $2 AND phone_e164 IS NULL`,
      [shopId, bsuid, phone],
    );
    await c.query(`DELETE FROM contacts WHERE id = $1::bigint`, [other.id]);
    folded = { state: other.consent_state, source: other.consent_source, at: other.consent_at };
  } else if (other) {
    // The BSUID sat on another phone: Meta issues a new BSUID when a user changes number, so the newest
    // webhook naming both is the truth.
    await c.query(`UPDATE contacts SET bsuid = NULL, updated_at = now() WHERE id = $1::bigint`, [other.id]);
  }
  await c.query(
    `INSERT INTO contacts (shop_id, phone_e164, bsuid, customer_id, last_inbound_at)
     VALUES ($1, $2, $3, (SELECT id FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1), $4)
     ON CONFLICT (shop_id, phone_e164) DO UPDATE SET bsuid = excluded.bsuid,
       last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at), updated_at = now()`,
    [shopId, phone, bsuid, other?.phone_e164 === null ? other.last_inbound_at : null],
  );
  return folded;
}

/** Refreshes the 24-hour customer service window of the contact that just wrote to us. */
export async function touchInbound(shopId: number, user: WhatsAppUser, at: Date): Promise<void> {
  if (user.phoneE164) {
    await pool().query(
      `INSERT INTO contacts (shop_id, phone_e164, customer_id, last_inbound_at)
       VALUES ($1, $2, (SELECT id FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1), $3)
       ON CONFLICT (shop_id, phone_e164) DO UPDATE SET
         last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at), updated_at = now()`,
      [shopId, user.phoneE164, at],
    );
  } else if (user.bsuid) {
    await pool().query(
      `INSERT INTO contacts (shop_id, bsuid, last_inbound_at) VALUES ($1, $2, $3)
       ON CONFLICT (shop_id, bsuid) DO UPDATE SET
         last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at), updated_at = now()`,
      [shopId, user.bsuid, at],
    );
  }
}
