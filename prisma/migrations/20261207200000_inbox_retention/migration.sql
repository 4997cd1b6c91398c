-- Raw webhook bodies are personal data: a processed body is blanked after the retention period (or at once when
-- its customer or shop is redacted) and the time recorded (app/compliance/retention.server.ts).
ALTER TABLE "inbox_events" ADD COLUMN "body_scrubbed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "inbox_events_body_scrubbed_at_processed_at_idx" ON "inbox_events"("body_scrubbed_at", "processed_at");
