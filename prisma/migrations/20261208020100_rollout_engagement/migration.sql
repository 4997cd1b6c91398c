-- Optional rollout minimums on the test group's reply and click rates (shares 0..1 of delivered test messages);
-- NULL = not part of the rule (docs/campaigns.md).
ALTER TABLE "campaigns" ADD COLUMN "rollout_min_reply_rate" DOUBLE PRECISION;
ALTER TABLE "campaigns" ADD COLUMN "rollout_min_click_rate" DOUBLE PRECISION;
