-- DropIndex
DROP INDEX "recipients_campaign_id_status_idx";

