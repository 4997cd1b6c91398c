-- AlterTable
ALTER TABLE "whatsapp_accounts" ADD COLUMN     "last_account_event" TEXT,
ADD COLUMN     "last_account_event_at" TIMESTAMPTZ(3),
ADD COLUMN     "templates_synced_at" TIMESTAMPTZ(3),
ADD COLUMN     "throughput_level" TEXT,
ADD COLUMN     "waba_name" TEXT;

-- AlterTable
ALTER TABLE "whatsapp_templates" ADD COLUMN     "default_mapping" JSONB,
ADD COLUMN     "mapping_updated_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "shopify_sms_state" TEXT,
ADD COLUMN     "tag_opt_in" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "consent_events" ADD COLUMN     "context" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "consent_imports" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "wording" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "rows_total" INTEGER NOT NULL DEFAULT 0,
    "opted_in" INTEGER NOT NULL DEFAULT 0,
    "opted_out" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rows_rejected" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "consent_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consent_imports_shop_id_started_at_idx" ON "consent_imports"("shop_id", "started_at");

-- CreateIndex
CREATE INDEX "whatsapp_accounts_waba_id_idx" ON "whatsapp_accounts"("waba_id");

-- CreateIndex
CREATE INDEX "consent_events_shop_id_at_idx" ON "consent_events"("shop_id", "at");

-- AddForeignKey
ALTER TABLE "consent_imports" ADD CONSTRAINT "consent_imports_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

