// Shopify-side consent sources in the audit trail, set-based over the customers changed since the last run:
// - Shopify WhatsApp marketing consent (source shopify_whatsapp, app/consent/shopify-whatsapp.server.ts) changes
//   the contact's consent itself (its opt-outs always; its opt-ins when counted, on by default);
// - Shopify SMS consent and the opt-in tag are read live by the gate (optional opt-in sources, Settings); this job
//   records when they change, per contact, in consent_events (source shopify_sms / tag, previous → new);
// and it re-queues any consent change of ours not yet written to Shopify's WhatsApp consent.
import { pool, withTransaction } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { loadConsentSettings } from "./settings.server";
import { applyShopifyWhatsAppConsent } from "./shopify-whatsapp.server";

export interface ShopifySyncResult {
  customersSeen: number;
  smsEvents: number;
  tagEvents: number;
  whatsappEvents: number;
  writebacksQueued: number;
}

/** Reads/sets the watermark (shops.settings.consentSync.at): customers updated after it are re-checked. */
async function watermark(shopId: number): Promise<Date | null> {
  const { rows } = await pool().query<{ at: string | null }>(
    `SELECT settings->'consentSync'->>'at' AS at FROM shops WHERE id = $1`,
    [shopId],
  );
  return rows[0]?.at ? new Date(rows[0].at) : null;
}

export async function resetConsentSyncWatermark(shopId: number) {
  await pool().query(`UPDATE shops SET settings = settings - 'consentSync' WHERE id = $1`, [shopId]);
}

export async function syncShopifyConsent(args: { shopId: number; full?: boolean }): Promise<ShopifySyncResult> {
  const settings = await loadConsentSettings(args.shopId);
  const since = args.full ? null : await watermark(args.shopId);
  // The next run re-reads a few minutes before this one started: a customer write committed late (its
  // updated_at is its transaction's start) is not missed, and re-reading an unchanged row writes nothing.
  const nextSince = new Date(Date.now() - 5 * 60_000);
  const result = await withTransaction(async (c) => {
    const wa = await applyShopifyWhatsAppConsent(
      { shopId: args.shopId, since, countOptIns: settings.countShopifyWhatsAppConsent },
      c,
    );
    // One contact per phone: the most recently updated customer carrying it.
    const { rows } = await c.query<{ seen: number; sms_events: number; tag_events: number }>(
      `WITH src AS (
         SELECT DISTINCT ON (cu.phone_e164) cu.phone_e164, cu.id AS customer_id, cu.sms_consent_state AS sms,
                ($3 <> '' AND EXISTS (SELECT 1 FROM unnest(cu.tags) t WHERE lower(t) = lower($3))) AS tagged
         FROM customers cu
         WHERE cu.shop_id = $1 AND cu.phone_valid AND cu.deleted_at IS NULL
           AND ($2::timestamptz IS NULL OR cu.updated_at >= $2)
         ORDER BY cu.phone_e164, cu.updated_at DESC, cu.id DESC),
       diff AS (
         SELECT s.*, k.phone_e164 IS NOT NULL AS known, k.shopify_sms_state AS old_sms, coalesce(k.tag_opt_in, false) AS old_tagged
         FROM src s LEFT JOIN contacts k ON k.shop_id = $1 AND k.phone_e164 = s.phone_e164
         WHERE k.phone_e164 IS NULL AND (s.sms IS NOT NULL OR s.tagged)
            OR k.phone_e164 IS NOT NULL AND (k.shopify_sms_state IS DISTINCT FROM s.sms OR k.tag_opt_in <> s.tagged OR k.customer_id IS NULL)),
       sms_events AS (
         INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state, detail, context)
         SELECT $1, d.phone_e164, d.customer_id, 'shopify_sms', coalesce(d.old_sms, 'none'), coalesce(d.sms, 'none'),
                CASE WHEN $4 THEN 'counted as WhatsApp consent (Settings)' ELSE 'not counted (Settings)' END,
                jsonb_build_object('customer_id', d.customer_id::text)
         FROM diff d WHERE d.old_sms IS DISTINCT FROM d.sms
         RETURNING 1),
       tag_events AS (
         INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state, detail, context)
         SELECT $1, d.phone_e164, d.customer_id, 'tag', CASE WHEN d.old_tagged THEN 'opted_in' ELSE 'none' END,
                CASE WHEN d.tagged THEN 'opted_in' ELSE 'none' END, 'tag ' || $3, jsonb_build_object('customer_id', d.customer_id::text)
         FROM diff d WHERE d.old_tagged <> d.tagged
         RETURNING 1),
       upserted AS (
         INSERT INTO contacts (shop_id, phone_e164, customer_id, shopify_sms_state, tag_opt_in)
         SELECT $1, d.phone_e164, d.customer_id, d.sms, d.tagged FROM diff d
         ON CONFLICT (shop_id, phone_e164) DO UPDATE SET
           customer_id = coalesce(contacts.customer_id, excluded.customer_id),
           shopify_sms_state = excluded.shopify_sms_state, tag_opt_in = excluded.tag_opt_in, updated_at = now()
         RETURNING 1)
       SELECT (SELECT count(*) FROM src)::int AS seen, (SELECT count(*) FROM sms_events)::int AS sms_events,
              (SELECT count(*) FROM tag_events)::int AS tag_events, (SELECT count(*) FROM upserted)::int AS upserted`,
      [args.shopId, since, settings.optInTag, settings.countShopifySmsConsent],
    );
    await c.query(
      `UPDATE shops SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{consentSync}', jsonb_build_object('at', $2::text)) WHERE id = $1`,
      [args.shopId, nextSince.toISOString()],
    );
    return { ...rows[0]!, whatsapp_events: wa.events };
  });

  // Our consent changes Shopify's WhatsApp consent does not show yet: (re-)queue the write-back.
  let writebacksQueued = 0;
  if (settings.writeBackOptOuts) {
    const { rows } = await pool().query<{ customer_id: string; phone_e164: string; consent_at: Date }>(
      `SELECT k.customer_id::text, k.phone_e164, k.consent_at
       FROM contacts k JOIN customers cu ON cu.shop_id = k.shop_id AND cu.id = k.customer_id
       WHERE k.shop_id = $1 AND k.consent_source IS DISTINCT FROM 'shopify_whatsapp'
         AND (k.consent_state = 'opted_out' AND cu.whatsapp_consent_state IS DISTINCT FROM 'unsubscribed'
              OR k.consent_state = 'opted_in' AND cu.whatsapp_consent_state IS DISTINCT FROM 'subscribed')
         AND cu.phone_e164 = k.phone_e164 AND cu.deleted_at IS NULL
       LIMIT 1000`,
      [args.shopId],
    );
    for (const r of rows) {
      await enqueue(
        "consent.shopify-writeback",
        { shopId: args.shopId, customerId: r.customer_id, phoneE164: r.phone_e164 },
        { jobId: `writeback-${args.shopId}-${r.customer_id}-${r.consent_at.getTime()}` },
      );
      writebacksQueued++;
    }
  }
  return {
    customersSeen: result.seen,
    smsEvents: result.sms_events,
    tagEvents: result.tag_events,
    whatsappEvents: result.whatsapp_events,
    writebacksQueued,
  };
}
