// Reconciliation (maintenance.reconcile, every minute): settles rows whose answer was lost and re-creates
// dispatch jobs lost with Redis. PostgreSQL is the truth; Redis only carries work.
import { pool } from "../../db.server";
import { errorMessage, logger } from "../../lib/logger.server";
import { pruneBudget } from "../rates.server";
import { sendingTimeoutMs } from "./config.server";
import { queueDispatch } from "./jobs.server";

export interface ReconcileSummary {
  unknown: number;
  /** claimed rows never attempted whose lease ran out (their dispatcher died): back to queued, sent once later */
  requeued: number;
  /** the same rows in a cancelled or failed campaign: skipped (cancelled), never sent */
  cancelled: number;
  dispatchQueued: number;
  campaigns: number;
}

/**
 * Called every minute by maintenance.reconcile:
 * - rows claimed but never attempted (sending_at NULL) whose lease ran out go back to `queued`: their request
 *   never left, so sending them later cannot duplicate anything;
 * - rows ATTEMPTED (sending_at set) past the timeout (their worker died, or the answer was lost) that no status webhook
 *   settled become `unknown` — never re-sent; a status arriving later still moves them on (webhooks.server.ts);
 * - a running or testing campaign with no claim and no change for 15 seconds gets its dispatcher queued again (a
 *   no-op when its job exists), so jobs lost with Redis come back; the dispatcher then continues, books its
 *   next run (not_before, budget), schedules the rollout check or completes.
 */
export async function reconcileDispatch(
  opts: { now?: Date; /** only this shop (a manual repair, tests) */ shopId?: number } = {},
): Promise<ReconcileSummary> {
  const now = opts.now ?? new Date();
  const summary: ReconcileSummary = { unknown: 0, requeued: 0, cancelled: 0, dispatchQueued: 0, campaigns: 0 };
  // Campaigns that can hold rows in `sending`: started and not completed (a pause or cancel can come mid-batch).
  // `idle`: running or testing but nothing claimed and no change for 15 s — its dispatcher may be lost.
  const { rows: campaigns } = await pool().query<{ id: number; shop_id: number; status: string; idle: boolean }>(
    `SELECT c.id, c.shop_id, c.status::text,
            c.updated_at < $1::timestamptz - interval '15 seconds'
              AND NOT EXISTS (SELECT 1 FROM recipients r WHERE r.shop_id = c.shop_id AND r.campaign_id = c.id AND r.status IN ('sending', 'unknown', 'sent')
                                AND r.sending_at > $1::timestamptz - interval '15 seconds') AS idle
     FROM campaigns c WHERE c.status IN ('running', 'testing', 'paused', 'awaiting_decision', 'cancelled', 'failed')
       AND ($2::int IS NULL OR c.shop_id = $2)
     ORDER BY c.id`,
    [now, opts.shopId ?? null],
  );
  const cutoff = new Date(now.getTime() - sendingTimeoutMs());
  const shops = new Set<number>();
  let redisDown = false;
  for (const c of campaigns) {
    summary.campaigns++;
    shops.add(c.shop_id);
    const res = await pool().query(
      `UPDATE recipients SET status = 'unknown', reason = 'no_answer'
       WHERE shop_id = $1 AND campaign_id = $2 AND status = 'sending' AND sending_at < $3`,
      [c.shop_id, c.id, cutoff],
    );
    summary.unknown += res.rowCount ?? 0;
    // The row lock serializes this with a late attempt mark of the same row: whichever commits first wins and
    // the other's WHERE no longer matches. In a campaign that will never send again (cancelled, failed) the
    // never-attempted rows are skipped as cancelled instead: queued there, nothing would ever pick them up.
    const finished = c.status === "cancelled" || c.status === "failed";
    const back = await pool().query(
      `UPDATE recipients SET lease_id = NULL, lease_until = NULL,
         status = (CASE WHEN $4::boolean THEN 'skipped' ELSE 'queued' END)::"RecipientStatus",
         reason = CASE WHEN $4::boolean THEN 'cancelled' ELSE reason END
       WHERE shop_id = $1 AND campaign_id = $2 AND status = 'sending' AND sending_at IS NULL AND lease_until < $3`,
      [c.shop_id, c.id, now, finished],
    );
    const requeued = finished ? 0 : (back.rowCount ?? 0);
    if (finished) summary.cancelled += back.rowCount ?? 0;
    summary.requeued += requeued;
    if ((c.status === "running" || c.status === "testing") && (c.idle || requeued > 0) && !redisDown) {
      try {
        await queueDispatch(c.shop_id, c.id);
        summary.dispatchQueued++;
      } catch (err) {
        // Redis is unreachable: the next run (every minute) tries again; no point waiting on it per campaign.
        redisDown = true;
        logger.warn(
          { shopId: c.shop_id, campaignId: c.id },
          `reconcile: could not queue the dispatchers of campaign ${c.id}: ${errorMessage(err)}`,
        );
      }
    }
  }
  for (const shopId of shops) await pruneBudget(pool(), shopId);
  return summary;
}
