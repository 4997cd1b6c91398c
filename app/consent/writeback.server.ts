// Writes a WhatsApp opt-out back to the customer's Shopify SMS marketing consent
// (customerSmsMarketingConsentUpdate, apis.md B6), when the merchant allowed it in Settings, so their other
// tools honour it too. Idempotent: a customer already unsubscribed is left alone.
import { pool } from "../db.server";
import { adminForShop, ShopifyApiError } from "../shopify/admin-graphql.server";
import { loadConsentSettings } from "./settings.server";

const MUTATION = `mutation WriteBackOptOut($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) {
    customer { id smsMarketingConsent { marketingState consentUpdatedAt } }
    userErrors { field message code }
  }
}`;

export type WritebackResult =
  "written" | "disabled" | "not_opted_out" | "already_unsubscribed" | "no_customer" | { skipped: string };

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
    opted_out_at: Date | null;
    sms: string | null;
    exists: boolean;
  }>(
    `SELECT s.domain, k.consent_state, k.opted_out_at, cu.sms_consent_state AS sms, cu.id IS NOT NULL AS exists
     FROM shops s
     LEFT JOIN contacts k ON k.shop_id = s.id AND k.phone_e164 = $3
     LEFT JOIN customers cu ON cu.shop_id = s.id AND cu.id = $2 AND cu.deleted_at IS NULL
     WHERE s.id = $1`,
    [args.shopId, args.customerId, args.phoneE164],
  );
  const r = rows[0];
  if (!r || !r.exists) return "no_customer";
  // Re-read at run time: the customer may have opted back in since the job was queued.
  if (r.consent_state !== "opted_out") return "not_opted_out";
  if (r.sms === "unsubscribed") return "already_unsubscribed";
  const admin = await adminForShop(r.domain);
  const data = await admin.request<{
    customerSmsMarketingConsentUpdate: {
      userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
    } | null;
  }>(MUTATION, {
    input: {
      customerId: `gid://shopify/Customer/${args.customerId}`,
      smsMarketingConsent: {
        marketingState: "UNSUBSCRIBED",
        marketingOptInLevel: "SINGLE_OPT_IN",
        consentUpdatedAt: (r.opted_out_at ?? new Date()).toISOString(),
      },
    },
  });
  const errors = data.customerSmsMarketingConsentUpdate?.userErrors ?? [];
  if (errors.length) {
    // No phone on the Shopify customer, or a consent state Shopify refuses: nothing a retry changes.
    if (errors.every((e) => e.code === "MISSING_ARGUMENT" || e.code === "INVALID" || e.code === "INCLUSION")) {
      return { skipped: errors.map((e) => e.message).join("; ") };
    }
    throw new ShopifyApiError(errors.map((e) => e.message).join("; "), errors);
  }
  // Mirror what Shopify now holds until its consent webhook arrives.
  await pool().query(
    `UPDATE customers SET sms_consent_state = 'unsubscribed', sms_consent_updated_at = $3, updated_at = now() WHERE shop_id = $1 AND id = $2`,
    [args.shopId, args.customerId, r.opted_out_at ?? new Date()],
  );
  return "written";
}
