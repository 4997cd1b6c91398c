-- CreateTable
CREATE TABLE "messaging_budget" (
    "shop_id" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "reached" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "messaging_budget_pkey" PRIMARY KEY ("shop_id","window_start")
);

-- AddForeignKey
ALTER TABLE "messaging_budget" ADD CONSTRAINT "messaging_budget_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
