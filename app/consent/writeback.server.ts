// Writes our WhatsApp consent changes to the customer's Shopify WhatsApp marketing consent
// (customerWhatsAppMarketingConsentUpdate, Admin API 2026-07+), when the merchant allows it (on by default), so
// Shopify and the merchant's other tools know them too:
// - our opt-outs (STOP, "stop promotions"/user_preferences, 131050, the merchant, CSV, widget) → UNSUBSCRIBED;
// - our opt-ins (storefront widget, CSV, START) → SUBSCRIBED with the opt-in level we know.
// SMS consent is never written: a WhatsApp event says nothing about SMS. Re-reads the contact at run time (the
// customer may have changed their mind since the job was queued); idempotent: Shopify already holding the state
// is left alone. Shopify stamps collectedFrom OTHER on what an app writes; its webhook coming back carries our
// own time and is recognised as ours (app/consent/shopify-whatsapp.server.ts).
import { pool } from "../db.server";
import { adminForShop, ShopifyApiError } from "../shopify/admin-graphql.server";
import { WHATSAPP_CONSENT_UPDATE } from "../shopify/operations";
import { loadConsentSettings } from "./settings.server";

export type WritebackResult =
  | "written"
  | "disabled"
  | "no_consent_to_write"
  | "already_in_shopify"
  | "from_shopify"
  | "no_customer"
  | { skipped: string };

/**
 * CustomerMarketingOptInLevel for our opt-in sources (M3AAWG levels): the widget and START are the customer's
 * own single step; a CSV says only that the merchant collected it somewhere.
 */
export function optInLevelFor(source: string | null): "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN" {
  // The storefront code sent back from the customer's own WhatsApp is a second, confirming step: a confirmed opt-in.
  if (source === "whatsapp_confirm") return "CONFIRMED_OPT_IN";
  if (source === "storefront" || source === "whatsapp_keyword" || source === "whatsapp_preferences")
    return "SINGLE_OPT_IN";
  return "UNKNOWN";
}

export async function writeBackOptOut(args: {
  shopId: number;
  customerId: string;
  phoneE164: string;
}): Promise<WritebackResult> {
  const settings = await loadConsentSettings(args.shopId);
  if (!settings.writeBackOptOuts) return "disabled";
  const { rows } = await pool().query<{
    domain: string;
    consent_state: string | null;
    consent_source: string | null;
    consent_at: Date | null;
    wa: string | null;
    exists: boolean;
  }>(
    `SELECT s.domain, k.consent_state, k.consent_source, k.consent_at, cu.whatsapp_consent_state AS wa,
            cu.id IS NOT NULL AS exists
     FROM shops s
     LEFT JOIN contacts k ON k.shop_id = s.id AND k.phone_e164 = $3
     LEFT JOIN customers cu ON cu.shop_id = s.id AND cu.id = $2 AND cu.deleted_at IS NULL
     WHERE s.id = $1`,
    [args.shopId, args.customerId, args.phoneE164],
  );
  const r = rows[0];
  if (!r || !r.exists) return "no_customer";
  if (r.consent_state !== "opted_out" && r.consent_state !== "opted_in") return "no_consent_to_write";
  if (r.consent_source === "shopify_whatsapp") return "from_shopify";
  const state = r.consent_state === "opted_out" ? "UNSUBSCRIBED" : "SUBSCRIBED";
  if (r.wa === state.toLowerCase()) return "already_in_shopify";
  const at = r.consent_at ?? new Date();
  const admin = await adminForShop(r.domain);
  const data = await admin.request<{
    customerWhatsAppMarketingConsentUpdate: {
      userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
    } | null;
  }>(WHATSAPP_CONSENT_UPDATE, {
    input: {
      customerId: `gid://shopify/Customer/${args.customerId}`,
      whatsAppMarketingConsent: {
        state,
        ...(state === "SUBSCRIBED" ? { optInLevel: optInLevelFor(r.consent_source) } : {}),
        updatedAt: at.toISOString(),
      },
    },
  });
  const errors = data.customerWhatsAppMarketingConsentUpdate?.userErrors ?? [];
  if (errors.length) {
    // No phone on the Shopify customer, or a state Shopify refuses: nothing a retry changes.
    if (errors.every((e) => e.code === "MISSING_ARGUMENT" || e.code === "INVALID" || e.code === "INCLUSION")) {
      return { skipped: errors.map((e) => e.message).join("; ") };
    }
    throw new ShopifyApiError(errors.map((e) => e.message).join("; "), errors);
  }
  // Mirror what Shopify now holds until its consent webhook arrives (and so that webhook reads as ours).
  await pool().query(
    `UPDATE customers SET whatsapp_consent_state = $3, whatsapp_consent_updated_at = $4,
            whatsapp_consent_opt_in_level = $5, whatsapp_consent_collected_from = 'OTHER', updated_at = now()
     WHERE shop_id = $1 AND id = $2`,
    [
      args.shopId,
      args.customerId,
      state.toLowerCase(),
      at,
      state === "SUBSCRIBED" ? optInLevelFor(r.consent_source).toLowerCase() : null,
    ],
  );
  await pool().query(
    `UPDATE contacts SET shopify_whatsapp_state = $3, updated_at = now() WHERE shop_id = $1 AND phone_e164 = $2`,
    [args.shopId, args.phoneE164, state.toLowerCase()],
  );
  return "written";
}
