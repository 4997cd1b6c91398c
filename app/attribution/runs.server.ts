// Re-attribution runs: the background job behind "windows changed", "backfill finished" and the daily catch-up,
// recorded in attribution_runs so Settings can show progress and the reconciler can re-queue a run Redis lost.
import { pool } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { reattributeShop } from "./attribute.server";
import { getAttributionWindows } from "./settings.server";

export type RunReason = "windows_changed" | "backfill" | "catch_up" | "manual";

export interface AttributionRunView {
  id: number;
  reason: RunReason;
  status: "queued" | "running" | "completed" | "failed";
  clickWindowHours: number;
  viewWindowHours: number;
  ordersConsidered: number;
  ordersCredited: number;
  error: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Delivery and read receipts can arrive late: the daily catch-up re-attributes this much recent history. */
const CATCH_UP_EXTRA_DAYS = 2;

async function queueRun(runId: number, shopId: number, tag = "") {
  await enqueue("attribution.reattribute", { shopId, runId }, { jobId: `attribution-run-${runId}${tag}` });
}

/** Records a run and queues it. A run still waiting for the same shop is reused (it reads the windows when it starts). */
export async function requestReattribution(shopId: number, reason: RunReason): Promise<number> {
  const waiting = await pool().query<{ id: number }>(
    `SELECT id FROM attribution_runs WHERE shop_id = $1 AND status = 'queued' AND reason = $2 ORDER BY id DESC LIMIT 1`,
    [shopId, reason],
  );
  if (waiting.rows[0]) return waiting.rows[0].id;
  const windows = await getAttributionWindows(shopId);
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO attribution_runs (shop_id, reason, click_window_hours, view_window_hours) VALUES ($1, $2, $3, $4) RETURNING id`,
    [shopId, reason, windows.clickWindowHours, windows.viewWindowHours],
  );
  const runId = rows[0]!.id;
  // Redis down: the row stays queued and the reconciler queues it later.
  await queueRun(runId, shopId).catch(() => {});
  return runId;
}

/**
 * The job: claim the run, re-attribute, record the outcome. A run another worker is on, or already completed, is
 * skipped; a failed one is claimed again by the job's retry (the error is thrown so BullMQ backs off and retries).
 */
export async function runReattribution(opts: { shopId: number; runId: number }) {
  const claimed = await pool().query<{ reason: RunReason }>(
    `UPDATE attribution_runs SET status = 'running', started_at = now(), error = NULL
     WHERE id = $1 AND shop_id = $2
       AND (status IN ('queued', 'failed') OR (status = 'running' AND started_at < now() - interval '15 minutes'))
     RETURNING reason`,
    [opts.runId, opts.shopId],
  );
  const run = claimed.rows[0];
  if (!run) return { skipped: true };
  try {
    const windows = await getAttributionWindows(opts.shopId);
    const since =
      run.reason === "catch_up"
        ? new Date(
            Date.now() -
              (Math.max(windows.clickWindowHours, windows.viewWindowHours) + CATCH_UP_EXTRA_DAYS * 24) * 3_600_000,
          )
        : undefined;
    const result = await reattributeShop({ shopId: opts.shopId, windows, since });
    await pool().query(
      `UPDATE attribution_runs SET status = 'completed', finished_at = now(), orders_considered = $2, orders_credited = $3,
              click_window_hours = $4, view_window_hours = $5
       WHERE id = $1`,
      [opts.runId, result.ordersConsidered, result.ordersCredited, windows.clickWindowHours, windows.viewWindowHours],
    );
    return result;
  } catch (err) {
    await pool().query(`UPDATE attribution_runs SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [
      opts.runId,
      (err as Error).message.slice(0, 500),
    ]);
    throw err;
  }
}

/** The latest run for the Settings card. */
export async function latestRun(shopId: number): Promise<AttributionRunView | null> {
  const { rows } = await pool().query(
    `SELECT * FROM attribution_runs WHERE shop_id = $1 AND reason <> 'catch_up' ORDER BY id DESC LIMIT 1`,
    [shopId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    reason: r.reason,
    status: r.status,
    clickWindowHours: r.click_window_hours,
    viewWindowHours: r.view_window_hours,
    ordersConsidered: r.orders_considered,
    ordersCredited: r.orders_credited,
    error: r.error,
    queuedAt: r.queued_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/**
 * Called by maintenance.reconcile every minute: re-queue runs Redis lost (or a crashed worker left), and book
 * the daily catch-up for shops that sent messages recently.
 */
export async function reconcileAttributionRuns() {
  const stale = await pool().query<{ id: number; shop_id: number }>(
    `SELECT id, shop_id FROM attribution_runs
     WHERE (status = 'queued' AND queued_at < now() - interval '2 minutes')
        OR (status = 'running' AND started_at < now() - interval '15 minutes')`,
  );
  const tag = `-r${Date.now()}`;
  for (const run of stale.rows) await queueRun(run.id, run.shop_id, tag);
  const due = await pool().query<{ shop_id: number }>(
    `SELECT s.id AS shop_id FROM shops s
     WHERE s.uninstalled_at IS NULL
       AND EXISTS (SELECT 1 FROM campaigns c WHERE c.shop_id = s.id AND c.started_at > now() - interval '40 days')
       AND NOT EXISTS (SELECT 1 FROM attribution_runs a WHERE a.shop_id = s.id AND a.reason = 'catch_up'
                       AND a.queued_at > now() - interval '1 day')`,
  );
  for (const shop of due.rows) await requestReattribution(shop.shop_id, "catch_up");
  return { requeued: stale.rows.length, catchUps: due.rows.length };
}
