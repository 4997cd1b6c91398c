-- Shopify's WhatsApp marketing consent (Admin API 2026-07+, CustomerPhoneNumber.whatsAppMarketingConsent), read by
-- the backfill and customer webhooks; the contact's last seen state for the shopify_whatsapp consent source.
ALTER TABLE "customers" ADD COLUMN "whatsapp_consent_state" TEXT,
ADD COLUMN "whatsapp_consent_opt_in_level" TEXT,
ADD COLUMN "whatsapp_consent_updated_at" TIMESTAMPTZ(3),
ADD COLUMN "whatsapp_consent_collected_from" TEXT,
ADD COLUMN "whatsapp_consent_source_location" TEXT;

ALTER TABLE "contacts" ADD COLUMN "shopify_whatsapp_state" TEXT;
