// The store at a glance: what the app knows about the shop's customers and orders.
import { pool } from "../db.server";

export interface StoreOverview {
  customers: number;
  customersWithValidPhone: number;
  customersWithInvalidPhone: number;
  orders: number;
  netRevenueMinor: string;
  segments: number;
  campaigns: number;
  lastImport: { status: string; rowsImported: string; startedAt: string; finishedAt: string | null } | null;
}

export async function getStoreOverview(shopId: number): Promise<StoreOverview> {
  const { rows } = await pool().query(
    // One pass over each big table (at 1M orders each pass is hundreds of milliseconds, and the Dashboard waits
    // for this before it paints).
    `SELECT c.customers, c.valid_phone, c.invalid_phone, o.orders, o.net_revenue,
       (SELECT count(*) FROM segments WHERE shop_id = $1 AND deleted_at IS NULL)::int AS segments,
       (SELECT count(*) FROM campaigns WHERE shop_id = $1)::int AS campaigns
     FROM (SELECT count(*)::int AS customers,
                  count(*) FILTER (WHERE phone_valid)::int AS valid_phone,
                  count(*) FILTER (WHERE phone_valid = false)::int AS invalid_phone
           FROM customers WHERE shop_id = $1 AND deleted_at IS NULL) c,
          (SELECT count(*)::int AS orders, COALESCE(sum(net_minor), 0)::text AS net_revenue
           FROM orders WHERE shop_id = $1) o`,
    [shopId],
  );
  const last = await pool().query(
    `SELECT status, rows_imported::text, started_at, finished_at FROM bulk_imports WHERE shop_id = $1 ORDER BY started_at DESC LIMIT 1`,
    [shopId],
  );
  const r = rows[0];
  const li = last.rows[0];
  return {
    customers: r.customers,
    customersWithValidPhone: r.valid_phone,
    customersWithInvalidPhone: r.invalid_phone,
    orders: r.orders,
    netRevenueMinor: r.net_revenue,
    segments: r.segments,
    campaigns: r.campaigns,
    lastImport: li
      ? {
          status: li.status,
          rowsImported: li.rows_imported,
          startedAt: li.started_at.toISOString(),
          finishedAt: li.finished_at?.toISOString() ?? null,
        }
      : null,
  };
}
