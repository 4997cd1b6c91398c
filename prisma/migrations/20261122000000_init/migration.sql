-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SegmentKind" AS ENUM ('cross_sell', 'product_specific', 'sale_shopper', 'former_vip', 'aov_tier', 'rfm', 'location', 'sample', 'combination');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'scheduled', 'running', 'testing', 'awaiting_decision', 'paused', 'completed', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "RecipientStatus" AS ENUM ('excluded', 'holdout', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'skipped');

-- CreateEnum
CREATE TYPE "RecipientGroup" AS ENUM ('test', 'main', 'holdout');

-- CreateEnum
CREATE TYPE "InboxStatus" AS ENUM ('pending', 'processing', 'done', 'failed', 'deferred');

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shops" (
    "id" SERIAL NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "currency_exponent" SMALLINT NOT NULL DEFAULT 2,
    "iana_timezone" TEXT NOT NULL DEFAULT 'UTC',
    "country_code" CHAR(2),
    "plan" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMPTZ(3),
    "data_deletion_due_at" TIMESTAMPTZ(3),
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "email" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "phone_raw" TEXT,
    "phone_e164" TEXT,
    "phone_valid" BOOLEAN,
    "phone_invalid_reason" TEXT,
    "country_code" CHAR(2),
    "province_code" TEXT,
    "province" TEXT,
    "city" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "state" TEXT,
    "locale" TEXT,
    "sms_consent_state" TEXT,
    "sms_consent_opt_in_level" TEXT,
    "sms_consent_updated_at" TIMESTAMPTZ(3),
    "sms_consent_collected_from" TEXT,
    "shopify_created_at" TIMESTAMPTZ(3),
    "shopify_updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "orders_count" INTEGER NOT NULL DEFAULT 0,
    "net_spent_minor" BIGINT NOT NULL DEFAULT 0,
    "first_order_at" TIMESTAMPTZ(3),
    "last_order_at" TIMESTAMPTZ(3),
    "discounted_orders_count" INTEGER NOT NULL DEFAULT 0,
    "markdown_orders_count" INTEGER NOT NULL DEFAULT 0,
    "aov_minor" BIGINT NOT NULL DEFAULT 0,
    "stats_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "products" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,
    "vendor" TEXT,
    "product_type" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT,
    "shopify_updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "product_variants" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "title" TEXT,
    "sku" TEXT,
    "price_minor" BIGINT,
    "compare_at_price_minor" BIGINT,

    CONSTRAINT "product_variants_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "collections" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,

    CONSTRAINT "collections_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "product_collections" (
    "shop_id" INTEGER NOT NULL,
    "product_id" BIGINT NOT NULL,
    "collection_id" BIGINT NOT NULL,

    CONSTRAINT "product_collections_pkey" PRIMARY KEY ("shop_id","collection_id","product_id")
);

-- CreateTable
CREATE TABLE "orders" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT,
    "customer_id" BIGINT,
    "email" TEXT,
    "phone" TEXT,
    "presentment_currency" CHAR(3),
    "subtotal_minor" BIGINT NOT NULL DEFAULT 0,
    "total_minor" BIGINT NOT NULL DEFAULT 0,
    "total_discounts_minor" BIGINT NOT NULL DEFAULT 0,
    "refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "net_minor" BIGINT NOT NULL DEFAULT 0,
    "discount_codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "has_discount_code" BOOLEAN NOT NULL DEFAULT false,
    "has_automatic_discount" BOOLEAN NOT NULL DEFAULT false,
    "has_markdown" BOOLEAN NOT NULL DEFAULT false,
    "landing_site" TEXT,
    "referring_site" TEXT,
    "utm_source" TEXT,
    "utm_medium" TEXT,
    "utm_campaign" TEXT,
    "wa_ref" TEXT,
    "source_name" TEXT,
    "financial_status" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "country_code" CHAR(2),
    "province_code" TEXT,
    "city" TEXT,
    "shopify_created_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3),
    "shopify_updated_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "line_items" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "product_id" BIGINT,
    "variant_id" BIGINT,
    "title" TEXT,
    "sku" TEXT,
    "vendor" TEXT,
    "quantity" INTEGER NOT NULL,
    "current_quantity" INTEGER NOT NULL,
    "price_minor" BIGINT NOT NULL,
    "total_discount_minor" BIGINT NOT NULL DEFAULT 0,
    "compare_at_price_minor" BIGINT,
    "is_markdown" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "line_items_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "note" TEXT,
    "shopify_created_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3),
    "lines" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "segments" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SegmentKind" NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "computed" JSONB NOT NULL DEFAULT '{}',
    "member_count" INTEGER NOT NULL DEFAULT 0,
    "last_refreshed_at" TIMESTAMPTZ(3),
    "refresh_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_members" (
    "shop_id" INTEGER NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_members_pkey" PRIMARY KEY ("segment_id","customer_id")
);

-- CreateTable
CREATE TABLE "segment_membership_events" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "change" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_membership_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_counts" (
    "shop_id" INTEGER NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "segment_counts_pkey" PRIMARY KEY ("segment_id","day")
);

-- CreateTable
CREATE TABLE "whatsapp_accounts" (
    "shop_id" INTEGER NOT NULL,
    "phone_number_id" TEXT NOT NULL,
    "waba_id" TEXT NOT NULL,
    "access_token_encrypted" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "display_phone_number" TEXT,
    "verified_name" TEXT,
    "quality_rating" TEXT,
    "messaging_limit_tier" TEXT,
    "throughput_mps" INTEGER NOT NULL DEFAULT 80,
    "status" TEXT NOT NULL DEFAULT 'connected',
    "status_reason" TEXT,
    "connected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refreshed_at" TIMESTAMPTZ(3),

    CONSTRAINT "whatsapp_accounts_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "whatsapp_templates" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "quality_score" TEXT,
    "parameter_format" TEXT NOT NULL DEFAULT 'POSITIONAL',
    "components" JSONB NOT NULL DEFAULT '[]',
    "rejected_reason" TEXT,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "whatsapp_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "shop_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "customer_id" BIGINT,
    "consent_state" TEXT NOT NULL DEFAULT 'none',
    "consent_source" TEXT,
    "consent_at" TIMESTAMPTZ(3),
    "opted_out_at" TIMESTAMPTZ(3),
    "cool_down_until" TIMESTAMPTZ(3),
    "unreachable_at" TIMESTAMPTZ(3),
    "last_inbound_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("shop_id","phone_e164")
);

-- CreateTable
CREATE TABLE "consent_events" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "customer_id" BIGINT,
    "source" TEXT NOT NULL,
    "previous_state" TEXT NOT NULL,
    "new_state" TEXT NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "template_id" INTEGER,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "scheduled_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "test_share" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "test_wait_minutes" INTEGER NOT NULL DEFAULT 60,
    "rollout_min_delivery_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.9,
    "rollout_max_opt_out_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.02,
    "holdout_share" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "quiet_hours_start" SMALLINT,
    "quiet_hours_end" SMALLINT,
    "paused_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_segments" (
    "campaign_id" INTEGER NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_segments_pkey" PRIMARY KEY ("campaign_id","segment_id")
);

-- CreateTable
CREATE TABLE "recipients" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "segment_id" INTEGER,
    "phone_e164" TEXT,
    "country_code" CHAR(2),
    "group" "RecipientGroup" NOT NULL DEFAULT 'main',
    "status" "RecipientStatus" NOT NULL DEFAULT 'queued',
    "reason" TEXT,
    "not_before" TIMESTAMPTZ(3),
    "wa_message_id" TEXT,
    "error_code" INTEGER,
    "error_title" TEXT,
    "pricing_category" TEXT,
    "cost_minor" BIGINT,
    "attempts" SMALLINT NOT NULL DEFAULT 0,
    "sending_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "clicked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attributions" (
    "shop_id" INTEGER NOT NULL,
    "order_id" BIGINT NOT NULL,
    "recipient_id" BIGINT NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "segment_id" INTEGER,
    "signal" TEXT NOT NULL,
    "signal_at" TIMESTAMPTZ(3) NOT NULL,
    "window_hours" INTEGER NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "attributed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attributions_pkey" PRIMARY KEY ("shop_id","order_id")
);

-- CreateTable
CREATE TABLE "inbox_events" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "shop_id" INTEGER,
    "shop_domain" TEXT,
    "topic" TEXT NOT NULL,
    "api_version" TEXT,
    "body" TEXT NOT NULL,
    "triggered_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "InboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    "enqueued_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_imports" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "bulk_operation_id" TEXT,
    "resource" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "object_count" BIGINT NOT NULL DEFAULT 0,
    "rows_imported" BIGINT NOT NULL DEFAULT 0,
    "lines_committed" BIGINT NOT NULL DEFAULT 0,
    "bad_lines" JSONB NOT NULL DEFAULT '[]',
    "url" TEXT,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_requests" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "customer_id" BIGINT,
    "request_id" TEXT NOT NULL,
    "export" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "shops_domain_key" ON "shops"("domain");

-- CreateIndex
CREATE INDEX "customers_shop_id_phone_e164_idx" ON "customers"("shop_id", "phone_e164");

-- CreateIndex
CREATE INDEX "customers_shop_id_country_code_province_code_idx" ON "customers"("shop_id", "country_code", "province_code");

-- CreateIndex
CREATE INDEX "customers_shop_id_last_order_at_idx" ON "customers"("shop_id", "last_order_at");

-- CreateIndex
CREATE INDEX "products_shop_id_vendor_idx" ON "products"("shop_id", "vendor");

-- CreateIndex
CREATE INDEX "products_shop_id_product_type_idx" ON "products"("shop_id", "product_type");

-- CreateIndex
CREATE INDEX "product_variants_shop_id_product_id_idx" ON "product_variants"("shop_id", "product_id");

-- CreateIndex
CREATE INDEX "product_collections_shop_id_product_id_idx" ON "product_collections"("shop_id", "product_id");

-- CreateIndex
CREATE INDEX "orders_shop_id_customer_id_processed_at_idx" ON "orders"("shop_id", "customer_id", "processed_at");

-- CreateIndex
CREATE INDEX "orders_shop_id_processed_at_idx" ON "orders"("shop_id", "processed_at");

-- CreateIndex
CREATE INDEX "line_items_shop_id_order_id_idx" ON "line_items"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "line_items_shop_id_product_id_idx" ON "line_items"("shop_id", "product_id");

-- CreateIndex
CREATE INDEX "refunds_shop_id_order_id_idx" ON "refunds"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "segments_shop_id_idx" ON "segments"("shop_id");

-- CreateIndex
CREATE INDEX "segment_members_shop_id_customer_id_idx" ON "segment_members"("shop_id", "customer_id");

-- CreateIndex
CREATE INDEX "segment_membership_events_shop_id_segment_id_at_idx" ON "segment_membership_events"("shop_id", "segment_id", "at");

-- CreateIndex
CREATE INDEX "segment_membership_events_shop_id_customer_id_idx" ON "segment_membership_events"("shop_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "whatsapp_accounts_phone_number_id_key" ON "whatsapp_accounts"("phone_number_id");

-- CreateIndex
CREATE INDEX "whatsapp_templates_shop_id_external_id_idx" ON "whatsapp_templates"("shop_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "whatsapp_templates_shop_id_name_language_key" ON "whatsapp_templates"("shop_id", "name", "language");

-- CreateIndex
CREATE INDEX "contacts_shop_id_customer_id_idx" ON "contacts"("shop_id", "customer_id");

-- CreateIndex
CREATE INDEX "consent_events_shop_id_phone_e164_at_idx" ON "consent_events"("shop_id", "phone_e164", "at");

-- CreateIndex
CREATE INDEX "campaigns_shop_id_status_idx" ON "campaigns"("shop_id", "status");

-- CreateIndex
CREATE INDEX "recipients_campaign_id_status_idx" ON "recipients"("campaign_id", "status");

-- CreateIndex
CREATE INDEX "recipients_shop_id_customer_id_sent_at_idx" ON "recipients"("shop_id", "customer_id", "sent_at");

-- CreateIndex
CREATE INDEX "recipients_shop_id_phone_e164_idx" ON "recipients"("shop_id", "phone_e164");

-- CreateIndex
CREATE UNIQUE INDEX "recipients_campaign_id_customer_id_key" ON "recipients"("campaign_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "recipients_wa_message_id_key" ON "recipients"("wa_message_id");

-- CreateIndex
CREATE INDEX "attributions_shop_id_campaign_id_idx" ON "attributions"("shop_id", "campaign_id");

-- CreateIndex
CREATE INDEX "attributions_shop_id_segment_id_idx" ON "attributions"("shop_id", "segment_id");

-- CreateIndex
CREATE INDEX "inbox_events_status_received_at_idx" ON "inbox_events"("status", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbox_events_source_external_id_key" ON "inbox_events"("source", "external_id");

-- CreateIndex
CREATE INDEX "bulk_imports_shop_id_started_at_idx" ON "bulk_imports"("shop_id", "started_at");

-- CreateIndex
CREATE INDEX "bulk_imports_bulk_operation_id_idx" ON "bulk_imports"("bulk_operation_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_requests_shop_id_request_id_key" ON "data_requests"("shop_id", "request_id");

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collections" ADD CONSTRAINT "collections_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_counts" ADD CONSTRAINT "segment_counts_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "whatsapp_accounts" ADD CONSTRAINT "whatsapp_accounts_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "whatsapp_templates" ADD CONSTRAINT "whatsapp_templates_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "whatsapp_templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_segments" ADD CONSTRAINT "campaign_segments_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recipients" ADD CONSTRAINT "recipients_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbox_events" ADD CONSTRAINT "inbox_events_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_imports" ADD CONSTRAINT "bulk_imports_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

