// The webhook route's shop lookup: one indexed query on the pool, no ORM query compilation on the hot path
// (every delivery pays for it, and the ack must stay within Shopify's budget under load).
import { pool } from "../db.server";

/** The shop's id, or null when no shop with this domain was ever installed. */
export async function installedShopId(domain: string): Promise<number | null> {
  const { rows } = await pool().query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [domain]);
  return rows[0]?.id ?? null;
}
