// Bench-only: `n` customers with distinct valid UK mobiles (prefix + 8-digit id + suffix) and an opted-in contact
// each, written set-based into an existing shop; a shop that already has `n` customers is left as it is.
import type pg from "pg";

export async function ensureOptedInCustomers(
  db: Pick<pg.Pool, "query">,
  shopId: number,
  n: number,
  phone: { prefix: string; suffix: string },
): Promise<boolean> {
  const have = Number((await db.query(`SELECT count(*) FROM customers WHERE shop_id = $1`, [shopId])).rows[0].count);
  if (have >= n) return false;
  await db.query(
    `INSERT INTO customers (shop_id, id, first_name, phone_raw, phone_e164, phone_valid, country_code)
     SELECT $1, i, 'Customer ' || i, p, p, true, 'GB'
     FROM generate_series(1, $2::int) AS i, LATERAL (SELECT $3::text || lpad(i::text, 8, '0') || $4::text AS p) x
     ON CONFLICT (shop_id, id) DO NOTHING`,
    [shopId, n, phone.prefix, phone.suffix],
  );
  await db.query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, consent_at)
     SELECT $1, phone_e164, id, 'opted_in', 'csv', now() FROM customers WHERE shop_id = $1 ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
    [shopId],
  );
  return true;
}
