// Explicit consent changes for one phone, each written with its audit row (consent_events: source, time,
// previous and new state) in the same transaction.
//
// Rules (docs/consent.md, docs/decisions/0007-whatsapp-consent.md):
// - An opt-out always wins: it applies from any source, and no merchant-side opt-in source (Shopify SMS
//   consent, the opt-in tag, a CSV import) lifts it. Only the customer can, from their own WhatsApp: a
//   START/resume, or the one-time code the storefront widget gives them (app/consent/confirm.server.ts). A
//   storefront form alone proves nothing about who owns the number, so it never lifts an opt-out.
// - Events carry their own time; one older (to the second) than the contact's last consent change is stale
//   and changes nothing (webhooks arrive out of order); in a tie an opt-out wins.
// - Side effects (confirmation reply, write-back to Shopify) are queued as jobs keyed by the event id.
import type pg from "pg";
import { withTransaction } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { errorMessage, logger } from "../lib/logger.server";

export type ConsentState = "opted_in" | "opted_out" | "none";

export type ConsentSource =
  | "shopify_sms"
  | "shopify_whatsapp"
  | "tag"
  | "storefront"
  | "whatsapp_confirm"
  | "csv"
  | "whatsapp_keyword"
  | "whatsapp_button"
  | "whatsapp_preferences"
  | "whatsapp_error"
  | "merchant";

/** Sources through which the customer themself asks for promotions again after an opt-out. */
export const CUSTOMER_OPT_IN_SOURCES: readonly ConsentSource[] = [
  "whatsapp_confirm",
  "whatsapp_keyword",
  "whatsapp_preferences",
];

export interface ConsentChange {
  shopId: number;
  /** the contact's phone; null for a WhatsApp user known only by BSUID (then `bsuid` names the contact) */
  phoneE164: string | null;
  /** Meta's business-scoped user id, when the change came from WhatsApp (app/whatsapp/identity.server.ts) */
  bsuid?: string | null;
  customerId?: bigint | string | null;
  to: "opted_in" | "opted_out";
  source: ConsentSource;
  /** the consent wording, the keyword received, the error code… */
  detail?: string | null;
  context?: Record<string, unknown>;
  at?: Date;
  /**
   * shopify_whatsapp only: Shopify says the customer gave this consent themself (collected by Shopify, with a
   * known opt-in level). Only then may a Shopify SUBSCRIBED lift our opt-out (app/consent/shopify-whatsapp.server.ts).
   */
  fromCustomer?: boolean;
}

export type ConsentOutcome =
  | { changed: true; eventId: string; previousState: ConsentState; newState: ConsentState; customerId: string | null }
  | { changed: false; state: ConsentState; why: "unchanged" | "opt_out_wins" | "stale" };

const E164 = /^\+[1-9]\d{6,14}$/;

/** Links a new contact to the customer with that phone (most recently updated one). */
async function linkedCustomer(
  c: pg.PoolClient,
  shopId: number,
  phone: string,
  given: bigint | string | null | undefined,
): Promise<string | null> {
  if (given !== null && given !== undefined && given !== "") return String(given);
  const { rows } = await c.query<{ id: string }>(
    `SELECT id::text FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1`,
    [shopId, phone],
  );
  return rows[0]?.id ?? null;
}

export async function recordConsentChange(change: ConsentChange, client?: pg.PoolClient): Promise<ConsentOutcome> {
  if (change.phoneE164 !== null && !E164.test(change.phoneE164))
    throw new Error(`not an E.164 phone number: ${change.phoneE164}`);
  // The contact is its phone when we know one (the phone and the BSUID are linked beforehand), else its BSUID.
  const key = change.phoneE164 !== null ? "phone_e164" : "bsuid";
  const keyValue = change.phoneE164 ?? change.bsuid ?? null;
  if (!keyValue) throw new Error("a consent change names a contact by phone or by BSUID");
  const at = change.at ?? new Date();
  const run = async (c: pg.PoolClient): Promise<ConsentOutcome> => {
    const customerId = change.phoneE164
      ? await linkedCustomer(c, change.shopId, change.phoneE164, change.customerId)
      : null;
    await c.query(
      `INSERT INTO contacts (shop_id, phone_e164, bsuid, customer_id) VALUES ($1, $2, CASE WHEN $2::text IS NULL THEN $3 END, $4)
       ON CONFLICT DO NOTHING`,
      [change.shopId, change.phoneE164, change.bsuid ?? null, customerId],
    );
    const { rows } = await c.query<{
      consent_state: ConsentState;
      consent_at: Date | null;
      customer_id: string | null;
    }>(
      `SELECT consent_state, consent_at, customer_id::text FROM contacts WHERE shop_id = $1 AND ${key} = $2 FOR UPDATE`,
      [change.shopId, keyValue],
    );
    const current = rows[0]!;
    const linked = current.customer_id ?? customerId;
    if (current.consent_at) {
      // Webhook times have one-second precision: compare in seconds, and let an opt-out win a tie.
      const atS = Math.floor(at.getTime() / 1000);
      const currentS = Math.floor(current.consent_at.getTime() / 1000);
      const tieLostByOptIn = atS === currentS && change.to === "opted_in" && current.consent_state === "opted_out";
      if (atS < currentS || tieLostByOptIn) return { changed: false, state: current.consent_state, why: "stale" };
    }
    if (current.consent_state === change.to) return { changed: false, state: current.consent_state, why: "unchanged" };
    if (
      change.to === "opted_in" &&
      current.consent_state === "opted_out" &&
      !CUSTOMER_OPT_IN_SOURCES.includes(change.source) &&
      !(change.source === "shopify_whatsapp" && change.fromCustomer === true)
    ) {
      return { changed: false, state: current.consent_state, why: "opt_out_wins" };
    }
    await c.query(
      `UPDATE contacts SET consent_state = $3, consent_source = $4, consent_at = $5,
              opted_out_at = CASE WHEN $3 = 'opted_out' THEN $5 ELSE opted_out_at END,
              customer_id = coalesce(customer_id, $6::bigint), updated_at = now()
       WHERE shop_id = $1 AND ${key} = $2`,
      [change.shopId, keyValue, change.to, change.source, at, linked],
    );
    const event = await c.query<{ id: string }>(
      `INSERT INTO consent_events (shop_id, phone_e164, bsuid, customer_id, source, previous_state, new_state, detail, context, at)
       VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING id::text`,
      [
        change.shopId,
        change.phoneE164,
        linked,
        change.source,
        current.consent_state,
        change.to,
        change.detail ?? null,
        JSON.stringify(change.context ?? {}),
        at,
        change.bsuid ?? null,
      ],
    );
    return {
      changed: true,
      eventId: event.rows[0]!.id,
      previousState: current.consent_state,
      newState: change.to,
      customerId: linked,
    };
  };
  return client ? run(client) : withTransaction(run);
}

/**
 * Records a change and queues what follows it: the Shopify write-back of an opt-out and, where the customer's
 * 24-hour window allows, a confirmation reply. Queue failures are logged: the periodic consent sync re-queues
 * missing write-backs, and a reply is a courtesy.
 */
export async function applyConsentChange(
  change: ConsentChange,
  opts: { reply?: boolean } = {},
): Promise<ConsentOutcome> {
  const outcome = await recordConsentChange(change);
  if (!outcome.changed) return outcome;
  const jobs: Array<Promise<unknown>> = [];
  // Our consent changes go to Shopify's WhatsApp consent (opt-outs and opt-ins); one that came from Shopify is
  // already there.
  if (outcome.customerId && change.phoneE164 && change.source !== "shopify_whatsapp") {
    jobs.push(
      enqueue(
        "consent.shopify-writeback",
        { shopId: change.shopId, customerId: outcome.customerId, phoneE164: change.phoneE164 },
        { jobId: `writeback-${change.shopId}-${outcome.eventId}` },
      ),
    );
  }
  // A contact known only by BSUID gets no confirmation: the reply job sends to a phone (a BSUID send needs
  // `recipient`, docs/whatsapp-platform.md), and a courtesy is not worth a second send path.
  if (opts.reply && change.phoneE164) {
    jobs.push(
      enqueue(
        "whatsapp.consent-reply",
        {
          shopId: change.shopId,
          phoneE164: change.phoneE164,
          kind: outcome.newState === "opted_out" ? "opt_out" : "opt_in",
          eventId: outcome.eventId,
        },
        { jobId: `consent-reply-${outcome.eventId}` },
      ),
    );
  }
  const results = await Promise.allSettled(jobs);
  for (const r of results)
    if (r.status === "rejected") logger.warn(`consent follow-up not queued: ${errorMessage(r.reason)}`);
  return outcome;
}

/** Contact-level delivery facts from status webhooks: 131026 (unreachable) and 131049 (cool-down). */
export async function markContactDelivery(
  c: pg.PoolClient | pg.Pool,
  args: {
    shopId: number;
    phoneE164: string;
    effect: "unreachable" | "cool_down" | "reachable";
    at: Date;
    coolDownUntil?: Date;
  },
) {
  if (!E164.test(args.phoneE164)) return;
  if (args.effect === "reachable") {
    await c.query(
      `UPDATE contacts SET unreachable_at = NULL, updated_at = now() WHERE shop_id = $1 AND phone_e164 = $2 AND unreachable_at IS NOT NULL`,
      [args.shopId, args.phoneE164],
    );
    return;
  }
  const column = args.effect === "unreachable" ? "unreachable_at" : "cool_down_until";
  const value = args.effect === "unreachable" ? args.at : args.coolDownUntil!;
  await c.query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, ${column})
     VALUES ($1, $2, (SELECT id FROM customers WHERE shop_id = $1 AND phone_e164 = $2 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1), $3)
     ON CONFLICT (shop_id, phone_e164) DO UPDATE SET ${column} = greatest(contacts.${column}, excluded.${column}), updated_at = now()`,
    [args.shopId, args.phoneE164, value],
  );
}
