// Customer batches: staged, stale versions dropped (by Shopify's updated_at), merged; the written customers are
// noted for the aggregates refresh.
import type pg from "pg";
import type { CustomerRow } from "../rows";
import { copyInto, CsvBuffer } from "./copy.server";
import { CUSTOMERS, SQL } from "./tables";
import { customerValues } from "./values";

/** Customers whose aggregates must be recomputed, or "all" once there are too many to list. */
export type AffectedCustomers = Set<string> | "all";

export async function writeCustomers(
  client: pg.PoolClient,
  shopId: number,
  rows: Iterable<CustomerRow>,
  affected: AffectedCustomers,
) {
  const csv = new CsvBuffer();
  for (const row of rows) {
    csv.push(customerValues(row));
    if (affected !== "all") affected.add(row.id.toString());
  }
  await copyInto(client, CUSTOMERS, csv);
  await client.query(
    `DELETE FROM ${CUSTOMERS.stage} s USING customers c
     WHERE c.shop_id = $1 AND c.id = ANY(ARRAY(SELECT id FROM ${CUSTOMERS.stage})) AND c.id = s.id
       AND c.shopify_updated_at > s.shopify_updated_at`,
    [shopId],
  );
  await client.query(SQL.customers, [shopId]);
  return csv.rows;
}
