// The webhook route's shop lookup: one indexed query on the pool, no ORM query compilation on the hot path
// (every delivery pays for it, and the ack must stay within Shopify's budget under load). A found shop is kept
// for a minute in this process: a domain's shop id never changes, and a shop erased meanwhile (shop/redact) makes
// the inbox insert fail its foreign key, so the delivery takes the Redis path and is re-scoped there.
import { pool } from "../db.server";

const TTL_MS = 60_000;
const found = new Map<string, { id: number; until: number }>();

/** The shop's id, or null when no shop with this domain was ever installed (read now, never cached). */
export async function shopIdByDomain(domain: string): Promise<number | null> {
  const { rows } = await pool().query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [domain]);
  return rows[0]?.id ?? null;
}

/** shopIdByDomain for the webhook route, with found shops cached for a minute. */
export async function installedShopId(domain: string): Promise<number | null> {
  const hit = found.get(domain);
  if (hit && hit.until > Date.now()) return hit.id;
  const id = await shopIdByDomain(domain);
  if (id === null) found.delete(domain);
  else {
    if (found.size >= 10_000) found.clear();
    found.set(domain, { id, until: Date.now() + TTL_MS });
  }
  return id;
}
