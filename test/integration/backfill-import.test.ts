// Streaming a bulk-operation JSONL file into the database: same result as writing the rows directly,
// bad lines reported by number, resumable after a crash, no duplicates.
import http from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { importBulkFile } from "../../app/ingest/backfill.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import type { StoreRecord } from "../../app/ingest/rows";
import { generateStore } from "../../prisma/seed/generator";
import { bulkJsonl } from "../fixtures/graphql-store";
import { createTestShop } from "../setup/shops";

const NOW = new Date("2026-11-01T00:00:00Z");
const records: StoreRecord[] = [...generateStore({ orders: 1500, seed: 11, now: NOW })];
const files = new Map<string, string>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = files.get(req.url ?? "");
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/jsonl" });
    // chunked, like a real download
    let i = 0;
    const step = () => {
      if (i >= body.length) return void res.end();
      res.write(body.slice(i, i + 65536));
      i += 65536;
      setImmediate(step);
    };
    step();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function serve(lines: string[]): string {
  const path = `/bulk/${randomUUID()}.jsonl`;
  files.set(path, lines.join("\n") + "\n");
  return `${base}${path}`;
}

async function importingRow(shopId: number, resource: string, url: string) {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO bulk_imports (shop_id, run_id, resource, status, url) VALUES ($1, $2, $3, 'importing', $4) RETURNING id`,
    [shopId, randomUUID(), resource, url],
  );
  return rows[0]!.id;
}

async function importAll(shopId: number, lines: Record<"products" | "customers" | "orders", string[]>) {
  for (const resource of ["products", "customers", "orders"] as const) {
    const id = await importingRow(shopId, resource, serve(lines[resource]));
    const result = await importBulkFile({ shopId, importId: id });
    expect(result.status).toBe("completed");
  }
}

const ORDER_COLUMNS = `id, customer_id, total_minor, net_minor, refunded_minor, has_discount_code, has_automatic_discount, has_markdown,
  utm_source, wa_ref, test, cancelled_at, country_code`;
const LINE_COLUMNS = `id, order_id, product_id, variant_id, quantity, current_quantity, price_minor, total_discount_minor, is_markdown`;
const CUSTOMER_COLUMNS = `id, phone_e164, phone_valid, country_code, tags, sms_consent_state, orders_count, net_spent_minor,
  first_order_at, last_order_at, discounted_orders_count, markdown_orders_count, aov_minor`;

async function snapshot(shopId: number) {
  const q = async (sql: string) => (await pool().query(sql, [shopId])).rows;
  return {
    orders: await q(`SELECT ${ORDER_COLUMNS} FROM orders WHERE shop_id = $1 ORDER BY id`),
    lines: await q(`SELECT ${LINE_COLUMNS} FROM line_items WHERE shop_id = $1 ORDER BY id`),
    customers: await q(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE shop_id = $1 ORDER BY id`),
    products: await q(`SELECT id, title, vendor, product_type, tags FROM products WHERE shop_id = $1 ORDER BY id`),
    variants: await q(
      `SELECT id, product_id, price_minor, compare_at_price_minor FROM product_variants WHERE shop_id = $1 ORDER BY id`,
    ),
    memberships: await q(`SELECT product_id, collection_id FROM product_collections WHERE shop_id = $1 ORDER BY 1, 2`),
    refunds: await q(`SELECT id, order_id, amount_minor FROM refunds WHERE shop_id = $1 ORDER BY id`),
  };
}

const jsonl = () => ({
  products: [...bulkJsonl("products", records)],
  customers: [...bulkJsonl("customers", records)],
  orders: [...bulkJsonl("orders", records)],
});

describe("bulk JSONL import", () => {
  it("gives exactly what writing the same store directly gives", async () => {
    const direct = await createTestShop();
    await writeStore({ shopId: direct.id, records });
    const viaBulk = await createTestShop();
    await importAll(viaBulk.id, jsonl());
    const [a, b] = [await snapshot(direct.id), await snapshot(viaBulk.id)];
    expect(b.orders.length).toBe(records.filter((r) => r.type === "order").length);
    expect(b.orders).toEqual(a.orders);
    expect(b.lines).toEqual(a.lines);
    expect(b.customers).toEqual(a.customers);
    expect(b.products).toEqual(a.products);
    expect(b.variants).toEqual(a.variants);
    expect(b.memberships).toEqual(a.memberships);
    expect(b.refunds).toEqual(a.refunds);
  });

  it("reports a malformed and a truncated line by number, imports the rest, never silently short", async () => {
    const shop = await createTestShop();
    const lines = jsonl();
    const orders = [...lines.orders];
    const brokenAt = orders.findIndex((l, i) => i > 10 && !l.includes("__parentId")); // a root order line
    orders[brokenAt] = orders[brokenAt]!.slice(0, 40); // malformed
    orders[orders.length - 1] = orders[orders.length - 1]!.slice(0, 25); // truncated last line
    await importAll(shop.id, { ...lines, orders });
    const { rows } = await pool().query(
      `SELECT status, error, bad_lines FROM bulk_imports WHERE shop_id = $1 AND resource = 'orders'`,
      [shop.id],
    );
    expect(rows[0].status).toBe("completed");
    expect(rows[0].error).toMatch(/could not be imported/);
    const reported = rows[0].bad_lines.map((b: { line: number }) => b.line);
    expect(reported).toContain(brokenAt + 1);
    expect(reported).toContain(orders.length);
    // the broken order's children are reported too (their parent never arrived), not attached elsewhere
    expect(rows[0].bad_lines.some((b: { error: string }) => /does not follow its parent/.test(b.error))).toBe(true);
    const total = records.filter((r) => r.type === "order").length;
    const { rows: count } = await pool().query(`SELECT count(*)::int AS n FROM orders WHERE shop_id = $1`, [shop.id]);
    expect(count[0].n).toBe(total - 1); // only the malformed root is missing; the truncated one was a child line or root
  });

  it("resumes after a crash mid-download without duplicating anything", async () => {
    const shop = await createTestShop();
    const lines = jsonl();
    await importAll(shop.id, { products: lines.products, customers: lines.customers, orders: [] });
    const url = serve(lines.orders);
    const importId = await importingRow(shop.id, "orders", url);
    // A download that dies after ~60% of the file (worker killed, network gone).
    const cut = Math.floor(files.get(new URL(url).pathname)!.length * 0.6);
    const dying: typeof fetch = async (input) => {
      const res = await fetch(input);
      const reader = res.body!.getReader();
      let sent = 0;
      const stream = new ReadableStream({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done) return controller.close();
          sent += value.length;
          if (sent > cut) return controller.error(new Error("connection reset"));
          controller.enqueue(value);
        },
      });
      return new Response(stream, { status: 200 });
    };
    await expect(importBulkFile({ shopId: shop.id, importId, fetchImpl: dying, chunkRoots: 200 })).rejects.toThrow(
      /connection reset/,
    );
    const mid = await pool().query(`SELECT status, lines_committed::int AS n FROM bulk_imports WHERE id = $1`, [
      importId,
    ]);
    expect(mid.rows[0].status).toBe("importing");
    expect(mid.rows[0].n).toBeGreaterThan(0);
    const result = await importBulkFile({ shopId: shop.id, importId });
    expect(result.status).toBe("completed");
    const direct = await createTestShop();
    await writeStore({ shopId: direct.id, records });
    const [a, b] = [await snapshot(direct.id), await snapshot(shop.id)];
    expect(b.orders).toEqual(a.orders);
    expect(b.lines).toEqual(a.lines);
    expect(b.customers).toEqual(a.customers);
  });

  it("lets only one importer work on an import at a time", async () => {
    const shop = await createTestShop();
    const id = await importingRow(shop.id, "customers", serve([...bulkJsonl("customers", records)]));
    const [r1, r2] = await Promise.all([
      importBulkFile({ shopId: shop.id, importId: id }),
      importBulkFile({ shopId: shop.id, importId: id }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual(["busy", "completed"].sort());
  });
});
