-- Each download of a customers/data_request export, for the audit (who, when); a request with none is unanswered.
-- CreateTable
CREATE TABLE "data_request_downloads" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "data_request_id" INTEGER NOT NULL,
    "downloaded_by" TEXT NOT NULL,
    "downloaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_request_downloads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "data_request_downloads_shop_id_data_request_id_idx" ON "data_request_downloads"("shop_id", "data_request_id");

-- AddForeignKey
ALTER TABLE "data_request_downloads" ADD CONSTRAINT "data_request_downloads_data_request_id_fkey" FOREIGN KEY ("data_request_id") REFERENCES "data_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
