-- Segment engine speed (README "Performance"): per-customer aggregates and covering indexes so segment statements
-- read neither orders nor lines for whole-shop refreshes — customers.deal_orders_count / deal_order_counts
-- (sale shoppers), customer_products (what each customer bought and kept, per variant: cross-sell and product
-- buyers), and an index the former-VIP statements answer from alone.

-- DropIndex
DROP INDEX "orders_shop_id_customer_id_processed_at_idx";

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "deal_order_counts" INTEGER[] DEFAULT ARRAY[0, 0, 0, 0, 0, 0, 0, 0]::INTEGER[],
ADD COLUMN     "deal_orders_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "customer_products" (
    "shop_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "orders_count" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_products_pkey" PRIMARY KEY ("shop_id","customer_id","product_id","variant_id")
);

-- CreateIndex
CREATE INDEX "customer_products_shop_id_product_id_customer_id_last_at_fi_idx" ON "customer_products"("shop_id", "product_id", "customer_id", "last_at", "first_at", "orders_count", "units");

-- CreateIndex
CREATE INDEX "customer_products_shop_id_variant_id_customer_id_last_at_fi_idx" ON "customer_products"("shop_id", "variant_id", "customer_id", "last_at", "first_at", "orders_count", "units");

-- CreateIndex
CREATE INDEX "customers_shop_id_id_deleted_at_orders_count_aov_minor_net__idx" ON "customers"("shop_id", "id", "deleted_at", "orders_count", "aov_minor", "net_spent_minor", "last_order_at", "deal_orders_count");

-- CreateIndex
CREATE INDEX "orders_shop_id_customer_id_processed_at_shopify_created_at__idx" ON "orders"("shop_id", "customer_id", "processed_at", "shopify_created_at", "net_minor");


-- Backfill with the statements app/ingest/customer-stats.server.ts and customer-products.server.ts run from here on.
UPDATE "customers" c
SET "deal_order_counts" = t.counts,
    "deal_orders_count" = t.counts[2] + t.counts[3] + t.counts[4] + t.counts[5] + t.counts[6] + t.counts[7] + t.counts[8]
FROM (
  SELECT o."shop_id", o."customer_id",
         ARRAY[
           count(*) FILTER (WHERE p = 0), count(*) FILTER (WHERE p = 1), count(*) FILTER (WHERE p = 2), count(*) FILTER (WHERE p = 3),
           count(*) FILTER (WHERE p = 4), count(*) FILTER (WHERE p = 5), count(*) FILTER (WHERE p = 6), count(*) FILTER (WHERE p = 7)
         ]::INTEGER[] AS counts
  FROM (
    SELECT "shop_id", "customer_id",
           ("has_discount_code"::int + 2 * "has_automatic_discount"::int + 4 * "has_markdown"::int) AS p
    FROM "orders"
    WHERE "customer_id" IS NOT NULL AND NOT "test" AND "cancelled_at" IS NULL
  ) o
  GROUP BY o."shop_id", o."customer_id"
) t
WHERE c."shop_id" = t."shop_id" AND c."id" = t."customer_id";

INSERT INTO "customer_products" ("shop_id", "customer_id", "product_id", "variant_id", "orders_count", "units", "first_at", "last_at")
SELECT o."shop_id", o."customer_id", coalesce(li."product_id", 0), coalesce(li."variant_id", 0),
       count(DISTINCT o."id"), sum(li."current_quantity"),
       min(coalesce(o."processed_at", o."shopify_created_at")), max(coalesce(o."processed_at", o."shopify_created_at"))
FROM "orders" o
JOIN "line_items" li ON li."shop_id" = o."shop_id" AND li."order_id" = o."id"
WHERE o."customer_id" IS NOT NULL AND NOT o."test" AND o."cancelled_at" IS NULL AND li."current_quantity" > 0
  AND (li."product_id" IS NOT NULL OR li."variant_id" IS NOT NULL)
GROUP BY 1, 2, 3, 4;
