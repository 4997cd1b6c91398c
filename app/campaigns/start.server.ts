// The `campaign.start` job: the audience snapshot. Under a row lock on the campaign, one INSERT … SELECT writes
// every recipient row (audience.server.ts: deduped across segments by customer and by phone, the segment each
// was targeted through, group, queued / excluded(reason) / holdout, phone, country, time zone, not_before from
// quiet hours), then the campaign becomes `testing` (test share > 0 and test recipients exist) or `running`,
// and `campaign.dispatch` is queued. Idempotent: a second run finds the campaign started and only makes sure the
// dispatch job exists (the first run may have committed and then lost Redis).
import { withTransaction } from "../db.server";
import { AUDIENCE_SESSION, audienceStatement, loadAudienceConfig } from "./audience.server";
import { queueDispatch } from "./schedule.server";

export type StartResult =
  | {
      started: true;
      status: "testing" | "running" | "completed";
      recipients: number;
      queued: number;
      test: number;
      excluded: number;
      holdout: number;
    }
  | {
      started: false;
      reason: "not_found" | "not_scheduled" | "not_due" | "already_started" | "template_missing";
      status?: string;
    };

/** Start a little early rather than never: a job may fire a few ms before its time. */
const EARLY_TOLERANCE_MS = 2000;

export async function startCampaign(opts: { shopId: number; campaignId: number; now?: Date }): Promise<StartResult> {
  const now = opts.now ?? new Date();
  const result = await withTransaction<StartResult>(async (db) => {
    const c = await db.query<{
      status: string;
      scheduled_at: Date | null;
      test_share: number;
      template_id: number | null;
    }>(
      `SELECT status, scheduled_at, test_share, template_id FROM campaigns WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
      [opts.shopId, opts.campaignId],
    );
    const row = c.rows[0];
    if (!row) return { started: false, reason: "not_found" };
    if (["running", "testing", "awaiting_decision", "paused", "completed"].includes(row.status))
      return { started: false, reason: "already_started", status: row.status };
    if (row.status !== "scheduled") return { started: false, reason: "not_scheduled", status: row.status };
    // A job booked for an earlier time that survived a reschedule: the current job will start it.
    if (row.scheduled_at && row.scheduled_at.getTime() > now.getTime() + EARLY_TOLERANCE_MS)
      return { started: false, reason: "not_due", status: row.status };
    if (row.template_id === null) {
      await db.query(
        `UPDATE campaigns SET status = 'failed', paused_reason = $3, updated_at = now() WHERE shop_id = $1 AND id = $2`,
        [opts.shopId, opts.campaignId, "The template was deleted before the campaign started."],
      );
      return { started: false, reason: "template_missing", status: "failed" };
    }
    await db.query(AUDIENCE_SESSION);
    const cfg = await loadAudienceConfig(opts.shopId, opts.campaignId, db);
    const { sql, params } = audienceStatement(cfg, now);
    const inserted = await db.query<{ queued: number; test: number; excluded: number; holdout: number; total: number }>(
      `WITH ins AS (
         INSERT INTO recipients (shop_id, campaign_id, customer_id, segment_id, phone_e164, country_code, time_zone, "group", status, reason, not_before)
         SELECT ${cfg.shopId}, ${cfg.campaignId}, a.customer_id, a.segment_id, a.phone, a.country, a.time_zone,
                a.grp::"RecipientGroup", a.status::"RecipientStatus", a.reason, a.not_before
         FROM (${sql}) a
         ON CONFLICT (campaign_id, customer_id) DO NOTHING
         RETURNING status, "group")
       SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'queued' AND "group" = 'test')::int AS test,
              count(*) FILTER (WHERE status = 'excluded')::int AS excluded,
              count(*) FILTER (WHERE status = 'holdout')::int AS holdout,
              count(*)::int AS total
       FROM ins`,
      params,
    );
    const n = inserted.rows[0]!;
    const status = n.queued === 0 ? "completed" : row.test_share > 0 && n.test > 0 ? "testing" : "running";
    await db.query(
      `UPDATE campaigns SET status = $3::"CampaignStatus", started_at = $4::timestamptz,
              completed_at = CASE WHEN $3::"CampaignStatus" = 'completed' THEN $4::timestamptz END,
              paused_reason = NULL, updated_at = now()
       WHERE shop_id = $1 AND id = $2`,
      [opts.shopId, opts.campaignId, status, now],
    );
    return {
      started: true,
      status,
      recipients: n.total,
      queued: n.queued,
      test: n.test,
      excluded: n.excluded,
      holdout: n.holdout,
    };
  });
  const active = result.started
    ? result.status !== "completed"
    : result.reason === "already_started" && ["running", "testing"].includes(result.status ?? "");
  if (active) await queueDispatch(opts.shopId, opts.campaignId);
  return result;
}
