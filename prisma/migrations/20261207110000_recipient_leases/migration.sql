-- Claimed vs attempted (issue 20): a claim leases rows to one dispatcher; sending_at is now written just before
-- the request goes out, so a crash before that returns the rows to `queued` instead of making them `unknown`.
ALTER TABLE "recipients" ADD COLUMN "lease_id" UUID,
ADD COLUMN "lease_until" TIMESTAMPTZ(3);
