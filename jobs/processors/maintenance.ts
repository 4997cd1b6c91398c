// Periodic repair: anything the database says should be queued but Redis does not have.
import { pool } from "../../app/db.server";
import { queueInboxEvent } from "../../app/inbox/inbox.server";
import { reconcileImports } from "../../app/ingest/backfill.server";
import { reconcileAttributionRuns } from "../../app/attribution/runs.server";
import { reconcileSegmentJobs } from "../../app/segments/schedule.server";
import { reconcileDispatch } from "../../app/campaigns/dispatch/index.server";
import { reconcileCampaignSchedules } from "../../app/campaigns/schedule.server";

/** Inbox rows stored while Redis was down (never queued), deferred rows, and rows a crashed worker left. */
export async function reconcile() {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM inbox_events
     WHERE (status = 'pending' AND (enqueued_at IS NULL OR enqueued_at < now() - interval '10 minutes'))
        OR (status = 'deferred' AND processed_at < now() - interval '10 minutes')
        OR (status = 'processing' AND COALESCE(processed_at, enqueued_at, received_at) < now() - interval '5 minutes')
     ORDER BY id LIMIT 5000`,
  );
  const tag = `r${Date.now()}`;
  for (const row of rows) await queueInboxEvent(row.id, tag);
  const imports = await reconcileImports();
  const segments = await reconcileSegmentJobs();
  const attribution = await reconcileAttributionRuns();
  const campaigns = { ...(await reconcileCampaignSchedules()), dispatch: await reconcileDispatch() };
  return { requeued: rows.length, imports, segments, attribution, campaigns };
}
