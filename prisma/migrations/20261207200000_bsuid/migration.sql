-- Contacts known by phone, by Meta's business-scoped user id (BSUID) or both (docs/whatsapp-platform.md,
-- "Business-scoped user ids"): a WhatsApp user with a username may reach us with no phone at all. The phone stops
-- being the key: a surrogate id is, and phone and BSUID are each unique per shop when present. The unique index on
-- (shop_id, phone_e164) keeps every existing `ON CONFLICT (shop_id, phone_e164)` upsert working.

-- AlterTable
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_pkey",
ADD COLUMN     "bsuid" TEXT,
ADD COLUMN     "id" BIGSERIAL NOT NULL,
ALTER COLUMN "phone_e164" DROP NOT NULL,
ADD CONSTRAINT "contacts_pkey" PRIMARY KEY ("id");

-- AlterTable: an audit row names the contact by phone, or by BSUID when no phone is known
ALTER TABLE "consent_events" ADD COLUMN     "bsuid" TEXT,
ALTER COLUMN "phone_e164" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "contacts_shop_id_phone_e164_key" ON "contacts"("shop_id", "phone_e164");

-- CreateIndex
CREATE UNIQUE INDEX "contacts_shop_id_bsuid_key" ON "contacts"("shop_id", "bsuid");

-- CreateIndex
CREATE INDEX "consent_events_shop_id_bsuid_at_idx" ON "consent_events"("shop_id", "bsuid", "at");
