-- The WABA's Marketing Messages API onboarding, shown in Settings (issue 13): marketing templates go to
-- /marketing_messages either way, but only an onboarded business gets Meta's delivery optimisations.
ALTER TABLE "whatsapp_accounts" ADD COLUMN "marketing_messages_status" TEXT;
