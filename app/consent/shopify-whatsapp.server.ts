// Shopify's own WhatsApp marketing consent (CustomerPhoneNumber.whatsAppMarketingConsent, Admin API 2026-07+) as a
// consent source of its own, `shopify_whatsapp`, in each contact's history. Set-based over the customers given
// (one webhook's customer, or every customer changed since the sync's watermark after a backfill):
//
// - Shopify UNSUBSCRIBED → our opt-out, unless our own consent change is newer (events carry their own time; in
//   a tie the opt-out wins). Always applied: an opt-out always wins, whatever the settings say.
// - Shopify SUBSCRIBED → our opt-in when the merchant counts Shopify WhatsApp consent (on by default) and it is
//   newer than our last change. It lifts an opt-out only when it is newer AND comes from the customer:
//   collectedFrom SHOPIFY (Shopify's own surfaces — checkout, customer accounts — where the customer ticks the box;
//   an app or an import is OTHER) with a known opt-in level (SINGLE_OPT_IN / CONFIRMED_OPT_IN, not UNKNOWN).
// - NEVER_SUBSCRIBED, PENDING, REDACTED change nothing (the last seen state is still kept on the contact).
// - Our own write-back coming back (same state as the contact already has) records no new event.
// SMS consent is neither read nor written here.
import type pg from "pg";
import { withTransaction } from "../db.server";

export interface ShopifyWhatsAppResult {
  seen: number;
  events: number;
}

export async function applyShopifyWhatsAppConsent(
  args: { shopId: number; customerIds?: Array<bigint | string> | null; since?: Date | null; countOptIns: boolean },
  client?: pg.PoolClient,
): Promise<ShopifyWhatsAppResult> {
  const run = async (c: pg.PoolClient) => {
    const ids = args.customerIds ? args.customerIds.map(String) : null;
    const since = args.since ?? null;
    // Lock the contacts first: a STOP recorded meanwhile (recordConsentChange locks the same row) is not overwritten.
    await c.query(
      `SELECT 1 FROM contacts k
       WHERE k.shop_id = $1 AND k.phone_e164 IN (
         SELECT cu.phone_e164 FROM customers cu
         WHERE cu.shop_id = $1 AND cu.phone_valid AND cu.whatsapp_consent_state IS NOT NULL
           AND ($2::bigint[] IS NULL OR cu.id = ANY($2)) AND ($3::timestamptz IS NULL OR cu.updated_at >= $3))
       ORDER BY k.phone_e164 FOR UPDATE`,
      [args.shopId, ids, since],
    );
    const { rows } = await c.query<{ seen: number; events: number }>(
      `WITH src AS (
         SELECT DISTINCT ON (cu.phone_e164) cu.phone_e164, cu.id AS customer_id, cu.whatsapp_consent_state AS wa,
                cu.whatsapp_consent_updated_at AS wa_at, cu.whatsapp_consent_collected_from AS wa_from,
                cu.whatsapp_consent_opt_in_level AS wa_level
         FROM customers cu
         WHERE cu.shop_id = $1 AND cu.phone_valid AND cu.deleted_at IS NULL AND cu.whatsapp_consent_state IS NOT NULL
           AND ($2::bigint[] IS NULL OR cu.id = ANY($2)) AND ($3::timestamptz IS NULL OR cu.updated_at >= $3)
         ORDER BY cu.phone_e164, cu.updated_at DESC, cu.id DESC),
       d AS (
         SELECT s.*, coalesce(k.consent_state, 'none') AS cur, k.consent_at
         FROM src s LEFT JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = s.phone_e164
         WHERE k.phone_e164 IS NULL AND s.wa IN ('subscribed', 'unsubscribed', 'pending')
            OR k.phone_e164 IS NOT NULL AND (k.shopify_whatsapp_state IS DISTINCT FROM s.wa
               -- same state, newer facts (a customer re-subscribing at checkout after our opt-out)
               OR s.wa = 'subscribed' AND k.consent_state <> 'opted_in'
               OR s.wa = 'unsubscribed' AND k.consent_state <> 'opted_out')),
       decided AS (
         SELECT d.*, CASE
           WHEN d.wa = 'unsubscribed' AND d.cur <> 'opted_out'
                AND (d.consent_at IS NULL OR date_trunc('second', d.wa_at) >= date_trunc('second', d.consent_at))
             THEN 'opted_out'
           WHEN d.wa = 'subscribed' AND $4::boolean AND d.cur <> 'opted_in'
                AND (d.consent_at IS NULL OR date_trunc('second', d.wa_at) > date_trunc('second', d.consent_at))
                AND (d.cur = 'none'
                     OR d.wa_from = 'SHOPIFY' AND d.wa_level IN ('single_opt_in', 'confirmed_opt_in'))
             THEN 'opted_in'
         END AS to_state
         FROM d),
       events AS (
         INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state, detail, context, at)
         SELECT $1, x.phone_e164, x.customer_id, 'shopify_whatsapp', x.cur, x.to_state,
                'Shopify WhatsApp consent ' || x.wa
                  || coalesce(' (collected from ' || x.wa_from || coalesce(', ' || x.wa_level, '') || ')', ''),
                jsonb_build_object('customer_id', x.customer_id::text, 'collected_from', x.wa_from,
                                   'opt_in_level', x.wa_level),
                coalesce(x.wa_at, now())
         FROM decided x WHERE x.to_state IS NOT NULL
         RETURNING 1),
       upserted AS (
         INSERT INTO contacts (shop_id, phone_e164, customer_id, shopify_whatsapp_state, consent_state, consent_source,
                               consent_at, opted_out_at)
         SELECT $1, x.phone_e164, x.customer_id, x.wa, coalesce(x.to_state, x.cur),
                CASE WHEN x.to_state IS NOT NULL THEN 'shopify_whatsapp' END,
                CASE WHEN x.to_state IS NOT NULL THEN coalesce(x.wa_at, now()) END,
                CASE WHEN x.to_state = 'opted_out' THEN coalesce(x.wa_at, now()) END
         FROM decided x
         ON CONFLICT (shop_id, phone_e164) DO UPDATE SET
           customer_id = coalesce(contacts.customer_id, excluded.customer_id),
           shopify_whatsapp_state = excluded.shopify_whatsapp_state,
           consent_state = CASE WHEN excluded.consent_source IS NOT NULL THEN excluded.consent_state ELSE contacts.consent_state END,
           consent_source = coalesce(excluded.consent_source, contacts.consent_source),
           consent_at = CASE WHEN excluded.consent_source IS NOT NULL THEN excluded.consent_at ELSE contacts.consent_at END,
           opted_out_at = coalesce(excluded.opted_out_at, contacts.opted_out_at),
           updated_at = now()
         RETURNING 1)
       SELECT (SELECT count(*) FROM src)::int AS seen, (SELECT count(*) FROM events)::int AS events,
              (SELECT count(*) FROM upserted)::int AS upserted`,
      [args.shopId, ids, since, args.countOptIns],
    );
    return { seen: rows[0]!.seen, events: rows[0]!.events };
  };
  return client ? run(client) : withTransaction(run);
}
