// The webhook route's shop lookup: one indexed query on the pool, no ORM query compilation on the hot path
// (every delivery pays for it, and the ack must stay within Shopify's budget under load). A found shop is kept
// for a minute in this process: a domain's shop id never changes, and a shop erased meanwhile (shop/redact) makes
// the inbox insert fail its foreign key, so the delivery takes the Redis path and is re-scoped there.
import { pool } from "../db.server";

const TTL_MS = 60_000;
const found = new Map<string, { id: number; uninstalled: boolean; until: number }>();

/** The shop's id, or null when no shop with this domain was ever installed (read now, never cached). */
export async function shopIdByDomain(domain: string): Promise<number | null> {
  const { rows } = await pool().query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [domain]);
  return rows[0]?.id ?? null;
}

/**
 * The webhook route's lookup, cached for a minute: the shop's id and whether it has uninstalled the app (its data
 * webhooks are then acknowledged and not applied; the inbox job checks again when it applies one).
 */
export async function webhookShop(domain: string): Promise<{ id: number; uninstalled: boolean } | null> {
  const hit = found.get(domain);
  if (hit && hit.until > Date.now()) return hit;
  const { rows } = await pool().query<{ id: number; uninstalled: boolean }>(
    `SELECT id, uninstalled_at IS NOT NULL AS uninstalled FROM shops WHERE domain = $1`,
    [domain],
  );
  const shop = rows[0];
  if (!shop) {
    found.delete(domain);
    return null;
  }
  if (found.size >= 10_000) found.clear();
  found.set(domain, { ...shop, until: Date.now() + TTL_MS });
  return shop;
}

/** shopIdByDomain for the webhook route, with found shops cached for a minute. */
export async function installedShopId(domain: string): Promise<number | null> {
  return (await webhookShop(domain))?.id ?? null;
}
