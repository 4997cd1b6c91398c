-- CreateTable
CREATE TABLE "campaign_test_sends" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "wa_message_id" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_test_sends_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaign_test_sends_shop_id_campaign_id_created_at_idx" ON "campaign_test_sends"("shop_id", "campaign_id", "created_at");

-- AddForeignKey
ALTER TABLE "campaign_test_sends" ADD CONSTRAINT "campaign_test_sends_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
