// app/uninstalled: sessions go at once; the shop's data is kept until shop/redact (Shopify sends it 48 h later)
// or, as a backstop, until the purge job runs after the same grace period.
import { pool } from "../db.server";
import { enqueue } from "../../jobs/queues";

export const DATA_RETENTION_AFTER_UNINSTALL_MS = 48 * 3600 * 1000;

export async function onShopUninstalled(shopDomain: string) {
  await pool().query(`DELETE FROM "Session" WHERE shop = $1`, [shopDomain]);
  const due = new Date(Date.now() + DATA_RETENTION_AFTER_UNINSTALL_MS);
  const { rows } = await pool().query<{ id: number }>(
    `UPDATE shops SET uninstalled_at = COALESCE(uninstalled_at, now()), data_deletion_due_at = COALESCE(data_deletion_due_at, $2)
     WHERE domain = $1 RETURNING id`,
    [shopDomain, due],
  );
  const shopId = rows[0]?.id;
  if (!shopId) return null;
  // Scheduled campaigns stop: nothing may be sent for a shop that removed the app.
  await pool().query(
    `UPDATE campaigns SET status = 'cancelled', paused_reason = 'app uninstalled'
     WHERE shop_id = $1 AND status IN ('draft', 'scheduled', 'running', 'testing', 'awaiting_decision', 'paused')`,
    [shopId],
  );
  await enqueue("shop.purge", { shopId }, { jobId: `purge-${shopId}`, delay: DATA_RETENTION_AFTER_UNINSTALL_MS });
  return shopId;
}

/** The purge job: only erases a shop that is still uninstalled and past its due time (a reinstall cancels it). */
export async function purgeIfDue(shopId: number): Promise<boolean> {
  const { rows } = await pool().query<{ due: boolean }>(
    `SELECT (uninstalled_at IS NOT NULL AND data_deletion_due_at <= now()) AS due FROM shops WHERE id = $1`,
    [shopId],
  );
  if (!rows[0]?.due) return false;
  const { purgeShop } = await import("../compliance/compliance.server");
  await purgeShop(shopId);
  return true;
}
