-- One audit log of who exported or viewed personal data (Shopify's level 2 "keep an access log to protected
-- customer data"). It replaces data_request_downloads, whose rows become 'data_request.download' events, so the
-- data-request download audit and every other export are one mechanism. Kept AUDIT_RETENTION_DAYS (app code).
-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "customer_id" BIGINT,
    "phone_e164" TEXT,
    "row_count" INTEGER,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_shop_id_at_idx" ON "audit_events"("shop_id", "at");
CREATE INDEX "audit_events_shop_id_target_type_target_id_idx" ON "audit_events"("shop_id", "target_type", "target_id");
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- The existing download audit, carried over.
INSERT INTO "audit_events" ("shop_id", "at", "actor", "action", "target_type", "target_id", "customer_id")
SELECT d."shop_id", d."downloaded_at", d."downloaded_by", 'data_request.download', 'data_request', d."data_request_id"::text, r."customer_id"
FROM "data_request_downloads" d JOIN "data_requests" r ON r."id" = d."data_request_id";

DROP TABLE "data_request_downloads";
