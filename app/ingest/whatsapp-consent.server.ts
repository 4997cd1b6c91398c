// customers_whats_app_marketing_consent/update: Shopify's WhatsApp marketing consent of one customer changed
// (checkout, customer accounts, another app, the merchant — or our own write-back coming back). The customer's
// consent columns are updated (an older change than stored is ignored), then the contact's consent follows the
// shopify_whatsapp rules (app/consent/shopify-whatsapp.server.ts). SMS consent is left as it was.
import { pool } from "../db.server";
import { registerInboxHandler } from "../inbox/handlers.server";
import { toShopifyId } from "../lib/json";
import { applyShopifyWhatsAppConsent } from "../consent/shopify-whatsapp.server";
import { loadConsentSettings } from "../consent/settings.server";
import { PayloadError, whatsappConsentFromRest, whatsappConsentPayload } from "./rest";
import type { CustomerPatch } from "./rest";
import { applyCustomerPatch, receivedAt, storedCustomer, withShop } from "./webhooks.server";

/** The contact of one customer follows its stored Shopify WhatsApp consent. */
export async function applyWhatsAppConsentOf(shopId: number, customerId: bigint) {
  const settings = await loadConsentSettings(shopId);
  return applyShopifyWhatsAppConsent({
    shopId,
    customerIds: [customerId],
    countOptIns: settings.countShopifyWhatsAppConsent,
  });
}

registerInboxHandler("shopify", "customers_whats_app_marketing_consent/update", (event, payload) =>
  withShop(event, async (shop) => {
    const p = payload as { id?: unknown; admin_graphql_api_id?: unknown; phone?: string | null };
    const id = toShopifyId(p.id ?? p.admin_graphql_api_id);
    if (id === null) throw new PayloadError("WhatsApp consent update without a customer id");
    const raw = whatsappConsentPayload(payload);
    if (!raw || typeof raw !== "object") throw new PayloadError("WhatsApp consent update without the consent");
    const consent = whatsappConsentFromRest(raw);
    if (!consent.whatsappConsentState) throw new PayloadError("WhatsApp consent update without a state");
    const stale = await pool().query(
      `SELECT 1 FROM customers WHERE shop_id = $1 AND id = $2 AND whatsapp_consent_updated_at > $3`,
      [shop.id, id, consent.whatsappConsentUpdatedAt ?? receivedAt(event)],
    );
    if (stale.rowCount) return "done";
    const stored = await storedCustomer(shop.id, id);
    const patch: CustomerPatch = { id, ...consent, ...(p.phone ? { phone: p.phone } : {}) };
    await applyCustomerPatch(
      shop.id,
      { ...patch, updatedAt: stored?.updatedAt ?? receivedAt(event) },
      receivedAt(event),
    );
    await applyWhatsAppConsentOf(shop.id, id);
    return "done";
  }),
);
