// Order batches: orders with their lines and refunds, staged together, stale versions dropped, merged; the
// customers they belong to (and any an order moved away from) are noted for the aggregates refresh.
import type pg from "pg";
import { lineCurrentQuantity, lineIsMarkdown, refundedQuantities } from "../normalize";
import type { OrderRow } from "../rows";
import { copyInto, CsvBuffer, csvLine } from "./copy.server";
import type { AffectedCustomers } from "./customers.server";
import { LINES, ORDERS, REFUNDS, SQL } from "./tables";
import { orderValues } from "./values";

/**
 * A batch of orders, encoded as they arrive into the CSV of the three tables they stage (orders, lines, refunds).
 * Each order appears once in a batch (the writer starts a new batch for an id seen again).
 */
export class OrderBatch {
  readonly ids = new Set<string>();
  readonly customerIds = new Set<string>();
  readonly orders = new CsvBuffer();
  readonly lines = new CsvBuffer();
  readonly refunds = new CsvBuffer();

  get size() {
    return this.ids.size;
  }

  has(id: string) {
    return this.ids.has(id);
  }

  add(id: string, row: OrderRow) {
    this.ids.add(id);
    if (row.customerId !== null) this.customerIds.add(row.customerId.toString());
    this.orders.pushLine(csvLine(orderValues(row)));
    const refunded = refundedQuantities(row.refunds);
    for (const line of row.lines) {
      this.lines.push([
        line.id,
        row.id,
        line.productId,
        line.variantId,
        line.title,
        line.sku,
        line.vendor,
        line.quantity,
        line.currentQuantity ?? lineCurrentQuantity(line, refunded),
        line.priceMinor,
        line.totalDiscountMinor,
        line.compareAtPriceMinor,
        lineIsMarkdown(line),
      ]);
    }
    for (const refund of row.refunds) {
      // Ids and money as strings: exact for 64-bit values, and `(x->>'line_item_id')::bigint` reads them in SQL.
      const refundLines = refund.lines.map((l) => ({
        line_item_id: l.lineItemId.toString(),
        quantity: l.quantity,
        subtotal_minor: l.subtotalMinor.toString(),
      }));
      this.refunds.push([
        refund.id,
        row.id,
        refund.amountMinor,
        refund.note,
        refund.createdAt,
        refund.processedAt,
        JSON.stringify(refundLines),
      ]);
    }
  }
}

export async function writeOrders(
  client: pg.PoolClient,
  shopId: number,
  batch: OrderBatch,
  affected: AffectedCustomers,
) {
  const { orders, lines, refunds } = batch;
  const counts = { orders: orders.rows, lines: lines.rows, refunds: refunds.rows };
  if (affected !== "all") for (const id of batch.customerIds) affected.add(id);
  await copyInto(client, ORDERS, orders);
  await copyInto(client, LINES, lines);
  await copyInto(client, REFUNDS, refunds);
  // One pass over the stored versions: drop stale incoming orders, learn which orders already existed (only
  // those can have lines or refunds to remove) and which customers an order moved away from.
  const existing = await client.query<{ existing: number; stale: number; moved_from: string[] }>(
    `WITH existing AS (
       SELECT s.id, s.customer_id, o.customer_id AS previous_customer_id,
              o.shopify_updated_at > s.shopify_updated_at AS stale
       FROM ${ORDERS.stage} s JOIN orders o ON o.shop_id = $1 AND o.id = ANY(ARRAY(SELECT id FROM ${ORDERS.stage})) AND o.id = s.id
     ), gone AS (
       DELETE FROM ${ORDERS.stage} s USING existing e WHERE e.stale AND s.id = e.id RETURNING s.id
     )
     SELECT (SELECT count(*) FROM existing)::int AS existing,
            (SELECT count(*) FROM gone)::int AS stale,
            array(SELECT DISTINCT previous_customer_id::text FROM existing
                  WHERE NOT stale AND previous_customer_id IS NOT NULL
                    AND previous_customer_id IS DISTINCT FROM customer_id) AS moved_from`,
    [shopId],
  );
  const { stale, moved_from: movedFrom } = existing.rows[0]!;
  const updated = existing.rows[0]!.existing - stale;
  if (stale > 0) {
    await client.query(
      `DELETE FROM ${LINES.stage} l WHERE NOT EXISTS (SELECT 1 FROM ${ORDERS.stage} s WHERE s.id = l.order_id)`,
    );
    await client.query(
      `DELETE FROM ${REFUNDS.stage} f WHERE NOT EXISTS (SELECT 1 FROM ${ORDERS.stage} s WHERE s.id = f.order_id)`,
    );
  }
  // An order moved to another customer (or to none) changes its previous customer's aggregates too.
  if (affected !== "all") for (const id of movedFrom) affected.add(id);
  await client.query(SQL.orders, [shopId]);
  if (updated > 0) {
    // A written order's lines are exactly those staged: drop the ones it no longer has. Refunds are never
    // dropped: Shopify cannot undo a refund, and an order payload serialised before a refund (or delivered after
    // its refunds/create) simply does not list it yet.
    await client.query(
      `DELETE FROM line_items li
       WHERE li.shop_id = $1 AND li.order_id = ANY(ARRAY(SELECT id FROM ${ORDERS.stage}))
         AND NOT EXISTS (SELECT 1 FROM ${LINES.stage} sl WHERE sl.id = li.id)`,
      [shopId],
    );
  }
  await client.query(SQL.lines, [shopId]);
  await client.query(SQL.refunds, [shopId]);
  return counts;
}
