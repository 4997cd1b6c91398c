-- CreateEnum
CREATE TYPE "ClickSource" AS ENUM ('proxy', 'redirect');

-- CreateTable
CREATE TABLE "clicks" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "recipient_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "source" "ClickSource" NOT NULL,
    "ua_class" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clicks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "clicks_campaign_id_idx" ON "clicks"("campaign_id");

-- CreateIndex
CREATE UNIQUE INDEX "clicks_recipient_id_source_key" ON "clicks"("recipient_id", "source");

-- AddForeignKey
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

