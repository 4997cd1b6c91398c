-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "discount_codes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "attributions" ADD COLUMN     "evidence" TEXT NOT NULL DEFAULT 'delivered',
ADD COLUMN     "order_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "order_cancelled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "seconds_after_send" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "attribution_runs" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "click_window_hours" INTEGER NOT NULL,
    "view_window_hours" INTEGER NOT NULL,
    "orders_considered" INTEGER NOT NULL DEFAULT 0,
    "orders_credited" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "attribution_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_prices" (
    "shop_id" INTEGER NOT NULL,
    "market" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "usd_micros" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_prices_pkey" PRIMARY KEY ("shop_id","market","category")
);

-- CreateIndex
CREATE INDEX "attribution_runs_shop_id_queued_at_idx" ON "attribution_runs"("shop_id", "queued_at");

-- CreateIndex
CREATE INDEX "orders_shop_id_shopify_created_at_idx" ON "orders"("shop_id", "shopify_created_at");

-- CreateIndex
CREATE INDEX "attributions_shop_id_order_at_idx" ON "attributions"("shop_id", "order_at");

-- CreateIndex
CREATE INDEX "attributions_shop_id_recipient_id_idx" ON "attributions"("shop_id", "recipient_id");

