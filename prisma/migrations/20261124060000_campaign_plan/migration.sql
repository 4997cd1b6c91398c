-- AlterTable
ALTER TABLE "campaign_segments" ADD COLUMN     "holdout_share" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "recipients" ADD COLUMN     "time_zone" TEXT;

-- CreateIndex
CREATE INDEX "recipients_campaign_id_status_id_idx" ON "recipients"("campaign_id", "status", "id");

