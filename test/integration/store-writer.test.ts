// The demo store written to the real database: counts, derived columns, idempotent re-runs, stale updates,
// and per-customer aggregates checked against an independent computation over the generated rows.
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { refreshCustomerStats } from "../../app/ingest/customer-stats.server";
import { normalizePhone } from "../../app/ingest/normalize";
import type { CustomerRow, OrderRow, StoreRecord } from "../../app/ingest/rows";
import { writeStore } from "../../app/ingest/store-writer.server";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";

const NOW = new Date("2026-02-01T00:00:00Z");
const shopsToDrop: number[] = [];

async function newShop(): Promise<number> {
  const shop = await createTestShop({ prefix: "gen" });
  shopsToDrop.push(shop.id);
  return shop.id;
}

afterAll(async () => {
  // Tables without a foreign key to shops are cleaned explicitly; the rest cascade.
  for (const shopId of shopsToDrop) {
    for (const table of ["line_items", "refunds", "product_variants", "product_collections"]) {
      await pool().query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
    }
    await pool().query("DELETE FROM shops WHERE id = $1", [shopId]);
  }
});

async function count(table: string, shopId: number): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE shop_id = $1`, [shopId]);
  return Number(rows[0]!.n);
}

interface ExpectedStats {
  ordersCount: number;
  netSpent: bigint;
  firstAt: number | null;
  lastAt: number | null;
  discounted: number;
  markdown: number;
  aov: bigint;
}

/** Aggregates computed straight from the generated rows, without the app's normalize helpers. */
function expectedStats(customers: CustomerRow[], orders: OrderRow[]): Map<string, ExpectedStats> {
  const stats = new Map<string, ExpectedStats>();
  for (const c of customers) {
    stats.set(c.id.toString(), {
      ordersCount: 0,
      netSpent: 0n,
      firstAt: null,
      lastAt: null,
      discounted: 0,
      markdown: 0,
      aov: 0n,
    });
  }
  for (const o of orders) {
    if (o.customerId === null || o.test || o.cancelledAt) continue;
    const s = stats.get(o.customerId.toString())!;
    let refunded = 0n;
    for (const r of o.refunds) refunded += r.amountMinor;
    const net = o.totalMinor - refunded;
    s.ordersCount += 1;
    s.netSpent += net > 0n ? net : 0n;
    const at = (o.processedAt ?? o.createdAt).getTime();
    s.firstAt = s.firstAt === null ? at : Math.min(s.firstAt, at);
    s.lastAt = s.lastAt === null ? at : Math.max(s.lastAt, at);
    if (o.discountCodes.length > 0 || o.hasAutomaticDiscount) s.discounted += 1;
    if (o.lines.some((l) => l.compareAtPriceMinor !== null && l.compareAtPriceMinor > l.priceMinor)) s.markdown += 1;
  }
  for (const s of stats.values()) s.aov = s.ordersCount ? s.netSpent / BigInt(s.ordersCount) : 0n;
  return stats;
}

async function storedStats(shopId: number) {
  const { rows } = await pool().query<{
    id: string;
    orders_count: number;
    net_spent_minor: string;
    first_order_at: Date | null;
    last_order_at: Date | null;
    discounted_orders_count: number;
    markdown_orders_count: number;
    aov_minor: string;
    stats_updated_at: Date | null;
  }>(
    `SELECT id::text, orders_count, net_spent_minor::text, first_order_at, last_order_at, discounted_orders_count,
            markdown_orders_count, aov_minor::text, stats_updated_at
     FROM customers WHERE shop_id = $1 ORDER BY id`,
    [shopId],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ordersCount: r.orders_count,
        netSpent: BigInt(r.net_spent_minor),
        firstAt: r.first_order_at?.getTime() ?? null,
        lastAt: r.last_order_at?.getTime() ?? null,
        discounted: r.discounted_orders_count,
        markdown: r.markdown_orders_count,
        aov: BigInt(r.aov_minor),
        statsUpdatedAt: r.stats_updated_at?.getTime() ?? null,
      },
    ]),
  );
}

function withoutTimestamp<T extends { statsUpdatedAt: number | null }>(m: Map<string, T>) {
  return new Map([...m].map(([k, { statsUpdatedAt: _, ...rest }]) => [k, rest]));
}

describe("writeStore with the demo store", () => {
  const records: StoreRecord[] = [...generateStore({ orders: 3000, seed: 11, now: NOW })];
  const customers = records.flatMap((r) => (r.type === "customer" ? [r.row] : []));
  const orders = records.flatMap((r) => (r.type === "order" ? [r.row] : []));
  const products = records.flatMap((r) => (r.type === "product" ? [r.row] : []));
  let shopId: number;

  it("writes every generated row once, with derived columns and exact 64-bit ids", async () => {
    shopId = await newShop();
    const progress: number[] = [];
    const counts = await writeStore({ shopId, records, batchSize: 700, onProgress: (c) => progress.push(c.orders) });
    const lines = orders.reduce((n, o) => n + o.lines.length, 0);
    const refunds = orders.reduce((n, o) => n + o.refunds.length, 0);
    expect(counts).toEqual({
      collections: records.filter((r) => r.type === "collection").length,
      products: products.length,
      customers: customers.length,
      orders: orders.length,
      lines,
      refunds,
    });
    expect(progress.at(-1)).toBe(orders.length);
    expect(await count("customers", shopId)).toBe(customers.length);
    expect(await count("products", shopId)).toBe(products.length);
    expect(await count("product_variants", shopId)).toBe(products.reduce((n, p) => n + p.variants.length, 0));
    expect(await count("product_collections", shopId)).toBe(products.reduce((n, p) => n + p.collectionIds.length, 0));
    expect(await count("orders", shopId)).toBe(orders.length);
    expect(await count("line_items", shopId)).toBe(lines);
    expect(await count("refunds", shopId)).toBe(refunds);

    const {
      rows: [totals],
    } = await pool().query(
      `SELECT sum(net_minor)::text AS net, sum(refunded_minor)::text AS refunded,
              count(*) FILTER (WHERE has_markdown)::int AS markdown,
              count(*) FILTER (WHERE has_discount_code)::int AS coded,
              count(*) FILTER (WHERE utm_source IS NOT NULL)::int AS utm,
              max(id)::text AS max_id
       FROM orders WHERE shop_id = $1`,
      [shopId],
    );
    let net = 0n;
    let refunded = 0n;
    for (const o of orders) {
      const r = o.refunds.reduce((s, f) => s + f.amountMinor, 0n);
      refunded += r;
      if (!o.test && !o.cancelledAt) net += o.totalMinor - r > 0n ? o.totalMinor - r : 0n;
    }
    expect(totals.net).toBe(net.toString());
    expect(totals.refunded).toBe(refunded.toString());
    expect(totals.markdown).toBe(
      orders.filter((o) => o.lines.some((l) => l.compareAtPriceMinor !== null && l.compareAtPriceMinor > l.priceMinor))
        .length,
    );
    expect(totals.coded).toBe(orders.filter((o) => o.discountCodes.length > 0).length);
    expect(totals.utm).toBeGreaterThan(0);
    expect(totals.max_id).toBe(orders.at(-1)!.id.toString());

    // current_quantity: refunded units leave the line.
    const refundedQty = orders.flatMap((o) => o.refunds.flatMap((r) => r.lines)).reduce((n, l) => n + l.quantity, 0);
    const {
      rows: [qty],
    } = await pool().query(
      "SELECT (sum(quantity) - sum(current_quantity))::int AS gone, count(*) FILTER (WHERE is_markdown)::int AS md FROM line_items WHERE shop_id = $1",
      [shopId],
    );
    expect(qty.gone).toBe(refundedQty);
    expect(qty.md).toBeGreaterThan(0);

    // Phones: same verdicts as normalizePhone, one column each.
    const { rows: phones } = await pool().query(
      "SELECT phone_invalid_reason AS reason, phone_valid AS valid, count(*)::int AS n FROM customers WHERE shop_id = $1 GROUP BY 1, 2",
      [shopId],
    );
    const expected = new Map<string, number>();
    for (const c of customers) {
      const p = normalizePhone(c.phone, c.countryCode);
      const key = `${p.reason}/${p.valid}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(phones.map((p) => [`${p.reason}/${p.valid}`, p.n]))).toEqual(expected);
    const {
      rows: [fixed],
    } = await pool().query(
      "SELECT count(*)::int AS n FROM customers WHERE shop_id = $1 AND phone_invalid_reason = 'not_mobile' AND phone_e164 LIKE '+%'",
      [shopId],
    );
    expect(fixed.n).toBeGreaterThan(0);
  });

  it("computes every customer's aggregates exactly as an independent computation does", async () => {
    const stored = withoutTimestamp(await storedStats(shopId));
    expect(stored).toEqual(expectedStats(customers, orders));
    const active = [...stored.values()].filter((s) => s.ordersCount > 0);
    expect(active.length).toBeGreaterThan(customers.length / 2);
  });

  it("changes nothing when the same records are written again", async () => {
    const before = withoutTimestamp(await storedStats(shopId));
    const {
      rows: [stamp],
    } = await pool().query("SELECT max(updated_at) AS at FROM orders WHERE shop_id = $1", [shopId]);
    const counts = await writeStore({ shopId, records, batchSize: 1000 });
    expect(counts.orders).toBe(orders.length);
    expect(await count("orders", shopId)).toBe(orders.length);
    expect(await count("line_items", shopId)).toBe(orders.reduce((n, o) => n + o.lines.length, 0));
    expect(await count("customers", shopId)).toBe(customers.length);
    expect(await count("product_collections", shopId)).toBe(products.reduce((n, p) => n + p.collectionIds.length, 0));
    expect(withoutTimestamp(await storedStats(shopId))).toEqual(before);
    // Unchanged rows are not rewritten.
    const {
      rows: [after],
    } = await pool().query("SELECT max(updated_at) AS at FROM orders WHERE shop_id = $1", [shopId]);
    expect(after.at).toEqual(stamp.at);
  });

  it("refreshes only the customers it is given", async () => {
    const stats = await storedStats(shopId);
    const [a, b] = [...stats].filter(([, s]) => s.ordersCount >= 2).map(([id]) => id);
    const orderOf = (customer: string) =>
      orders.find((o) => o.customerId?.toString() === customer && !o.test && !o.cancelledAt)!;
    const removedFromA = orderOf(a!);
    const removedFromB = orderOf(b!);
    await pool().query("DELETE FROM orders WHERE shop_id = $1 AND id = ANY($2::bigint[])", [
      shopId,
      [removedFromA.id.toString(), removedFromB.id.toString()],
    ]);

    const updated = await refreshCustomerStats({ shopId, customerIds: [BigInt(a!)] });
    expect(updated).toBe(1);
    const after = await storedStats(shopId);
    const remaining = orders.filter((o) => o.id !== removedFromA.id && o.id !== removedFromB.id);
    const expected = expectedStats(customers, remaining);
    const { statsUpdatedAt: stampA, ...statsA } = after.get(a!)!;
    expect(statsA).toEqual(expected.get(a!));
    expect(stampA).toBeGreaterThan(stats.get(a!)!.statsUpdatedAt!);
    // b was not asked for: still counts the deleted order.
    expect(after.get(b!)).toEqual(stats.get(b!));
    expect(after.get(b!)!.ordersCount).toBe(expected.get(b!)!.ordersCount + 1);

    // A customer whose orders all disappeared goes back to zeros.
    await pool().query("DELETE FROM orders WHERE shop_id = $1 AND customer_id = $2", [shopId, b]);
    await refreshCustomerStats({ shopId, customerIds: [BigInt(b!)] });
    const cleared = (await storedStats(shopId)).get(b!)!;
    expect(cleared).toMatchObject({
      ordersCount: 0,
      netSpent: 0n,
      firstAt: null,
      lastAt: null,
      discounted: 0,
      markdown: 0,
      aov: 0n,
    });
  });
});

describe("writeStore updates", () => {
  it("applies newer versions (dropping removed lines), ignores older ones, and moves aggregates with the order", async () => {
    const shopId = await newShop();
    const all = [...generateStore({ orders: 300, seed: 5, now: NOW })];
    const customers = all.filter((r) => r.type === "customer");
    const order = all
      .map((r) => r.row)
      .find(
        (o): o is OrderRow =>
          "lines" in o &&
          o.lines.length >= 2 &&
          o.customerId !== null &&
          !o.test &&
          !o.cancelledAt &&
          o.refunds.length === 0,
      )!;
    await writeStore({ shopId, records: all });

    const later = (ms: number) => new Date(order.updatedAt.getTime() + ms);
    const otherCustomer = (customers.find((c) => c.row.id !== order.customerId)!.row as CustomerRow).id;
    const newer: OrderRow = {
      ...order,
      customerId: otherCustomer,
      lines: order.lines.slice(0, 1),
      updatedAt: later(60_000),
      totalMinor: 1234n,
    };
    const older: OrderRow = { ...order, totalMinor: 1n, updatedAt: later(-60_000) };
    // The same order twice in one batch keeps the last version.
    await writeStore({
      shopId,
      records: [
        { type: "order", row: { ...newer, totalMinor: 999n } },
        { type: "order", row: newer },
      ],
    });

    // Both the customer the order left and the one it joined were refreshed.
    const orders = all.flatMap((r) => (r.type === "order" ? [r.row.id === order.id ? newer : r.row] : []));
    const expected = expectedStats(
      customers.map((c) => c.row as CustomerRow),
      orders,
    );
    const afterMove = withoutTimestamp(await storedStats(shopId));
    expect(afterMove.get(order.customerId!.toString())).toEqual(expected.get(order.customerId!.toString()));
    expect(afterMove.get(otherCustomer.toString())).toEqual(expected.get(otherCustomer.toString()));

    await writeStore({ shopId, records: [{ type: "order", row: older }] });

    const {
      rows: [stored],
    } = await pool().query(
      "SELECT total_minor::text AS total, customer_id::text AS customer FROM orders WHERE shop_id = $1 AND id = $2",
      [shopId, order.id.toString()],
    );
    expect(stored).toEqual({ total: "1234", customer: otherCustomer.toString() });
    const { rows: lines } = await pool().query("SELECT id::text FROM line_items WHERE shop_id = $1 AND order_id = $2", [
      shopId,
      order.id.toString(),
    ]);
    expect(lines.map((l) => l.id)).toEqual([order.lines[0]!.id.toString()]);
    // The stale version changed nothing, aggregates included.
    expect(withoutTimestamp(await storedStats(shopId))).toEqual(afterMove);
  });
});

describe("writeStore throughput", () => {
  it("generates and writes 100k orders", { timeout: 300_000 }, async () => {
    const shopId = await newShop();
    const started = performance.now();
    const counts = await writeStore({ shopId, records: generateStore({ orders: 100_000, seed: 42, now: NOW }) });
    const seconds = (performance.now() - started) / 1000;
    // Printed, not asserted tightly: machines differ.
    console.log(
      `[store-writer] 100k orders: ${counts.orders} orders, ${counts.lines} lines, ${counts.customers} customers in ` +
        `${seconds.toFixed(1)}s → ${Math.round(counts.orders / seconds)} orders/s`,
    );
    expect(counts.orders).toBe(100_000);
    expect(await count("orders", shopId)).toBe(100_000);
    const started2 = performance.now();
    await refreshCustomerStats({ shopId });
    console.log(
      `[store-writer] whole-shop refreshCustomerStats over ${counts.customers} customers: ${((performance.now() - started2) / 1000).toFixed(2)}s`,
    );
  });
});
