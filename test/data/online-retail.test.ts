// The UCI Online Retail file as Shopify-shaped rows (scripts/online-retail, docs/online-retail-mapping.md):
// every invoice accounted for, stable 64-bit ids, exact pence, UK time → UTC, REST/JSONL renderings that the
// app's own parsers read back, and per-customer aggregates equal to an independent computation from the CSV.
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";
import { beforeAll, describe, expect, it } from "vitest";
import { isSupportedCountry } from "libphonenumber-js/max";
import type { CustomerRow, OrderRow, ProductRow, StoreRecord } from "../../app/ingest/rows";
import { orderNet, normalizePhone } from "../../app/ingest/normalize";
import { orderFromRest, refundFromRest } from "../../app/ingest/rest";
import { orderFromBulk, customerFromBulk, productFromBulk } from "../../app/ingest/bulk-queries";
import {
  currencyExponent,
  isoWithOffset,
  orderToRestPayload,
  refundToRestPayload,
} from "../../app/ingest/rest-payloads";
import { parseJsonWithBigInts, stringifyWithBigInts } from "../../app/lib/json";
import { readOnlineRetail, type OnlineRetailReport } from "../../scripts/online-retail/read";
import { directStats } from "../../scripts/online-retail/stats";
import { COUNTRY_CODES, DEFAULT_PATH, ID_BASE, londonToUtc, priceToMinor } from "../../scripts/online-retail/mapping";
import { customerToBulk, orderToBulk, productToBulk } from "../../scripts/online-retail/to-jsonl";

const TWO_POW_53 = 2n ** 53n;
const TWO_POW_63 = 2n ** 63n;
const KEPT = new Set(["#536365", "#558644", "#581483", "#541431", "#537195"]);

interface FullPass {
  report: OnlineRetailReport;
  counts: Record<StoreRecord["type"], number>;
  ids: Set<bigint>;
  idProblems: string[];
  kept: Map<string, OrderRow>;
  firstRefunded: OrderRow | null;
  firstGuest: OrderRow | null;
  customers: Map<bigint, CustomerRow>;
  products: Map<bigint, ProductRow>;
  aggregates: Map<string, { orders: number; netMinor: bigint }>;
  invoicesPerCustomer: Map<bigint, number>;
  cancelledOrders: number;
  refundsAttached: number;
  refundedOrderIds: Set<bigint>;
}

let full: FullPass;

beforeAll(async () => {
  let report: OnlineRetailReport | null = null;
  const pass: Omit<FullPass, "report"> = {
    counts: { collection: 0, product: 0, customer: 0, order: 0 },
    ids: new Set(),
    idProblems: [],
    kept: new Map(),
    firstRefunded: null,
    firstGuest: null,
    customers: new Map(),
    products: new Map(),
    aggregates: new Map(),
    invoicesPerCustomer: new Map(),
    cancelledOrders: 0,
    refundsAttached: 0,
    refundedOrderIds: new Set(),
  };
  const seen = (id: bigint, what: string) => {
    if (id <= TWO_POW_53 || id >= TWO_POW_63) pass.idProblems.push(`${what} ${id} out of range`);
    if (pass.ids.has(id)) pass.idProblems.push(`${what} ${id} repeated`);
    pass.ids.add(id);
  };
  for await (const record of readOnlineRetail({ onReport: (r) => (report = r) })) {
    pass.counts[record.type]++;
    if (record.type === "collection") seen(record.row.id, "collection");
    if (record.type === "product") {
      seen(record.row.id, "product");
      for (const v of record.row.variants) seen(v.id, "variant");
      pass.products.set(record.row.id, record.row);
    }
    if (record.type === "customer") {
      seen(record.row.id, "customer");
      pass.customers.set(record.row.id, record.row);
      pass.aggregates.set(record.row.id.toString(), { orders: 0, netMinor: 0n });
    }
    if (record.type !== "order") continue;
    const order = record.row;
    seen(order.id, "order");
    for (const line of order.lines) seen(line.id, "line");
    for (const refund of order.refunds) {
      seen(refund.id, "refund");
      pass.refundsAttached++;
      pass.refundedOrderIds.add(order.id);
    }
    if (order.cancelledAt) pass.cancelledOrders++;
    if (order.name && KEPT.has(order.name)) pass.kept.set(order.name, order);
    if (!pass.firstRefunded && order.refunds.length > 1 && order.refunds.some((r) => r.lines.length > 1))
      pass.firstRefunded = order;
    if (!pass.firstGuest && order.customerId === null && order.lines.length > 2) pass.firstGuest = order;
    if (order.customerId !== null) {
      pass.invoicesPerCustomer.set(order.customerId, (pass.invoicesPerCustomer.get(order.customerId) ?? 0) + 1);
      // the app's rule (app/ingest/customer-stats.server.ts): orders that are not test and not cancelled
      const agg = pass.aggregates.get(order.customerId.toString());
      if (!agg) throw new Error(`order ${order.name} came before its customer`);
      if (!order.test && !order.cancelledAt) {
        agg.orders++;
        agg.netMinor += orderNet(order);
      }
    }
  }
  full = { report: report!, ...pass };
}, 180_000);

describe("Online Retail: every invoice accounted for", () => {
  it("reads all 541,909 rows and 25,900 invoices", () => {
    expect(full.report.rows).toBe(541_909);
    expect(full.report.invoices).toBe(25_900);
  });

  it("orders + cancellations + refunds + unmatched + skipped = every invoice, and the records agree", () => {
    const r = full.report;
    expect(r.orders + r.cancellations + r.refunds + r.unmatched.total + r.skipped.total).toBe(25_900);
    expect(r.unmatched.total).toBe(r.unmatched.guest + r.unmatched.noEarlierOrder + r.unmatched.noMatchingProduct);
    expect(r.unmatched.invoiceNos).toHaveLength(r.unmatched.total);
    expect(r.unmatched.invoiceNos.every((n) => n.startsWith("C"))).toBe(true);
    expect(r.skipped.total).toBe(r.skipped.stockAdjustments + r.skipped.badDebt);
    expect(r.skipped.badDebt).toBe(3); // A563185..A563187
    // what the generator actually yielded
    expect(full.counts.order).toBe(r.orders);
    expect(full.cancelledOrders).toBe(r.cancellations);
    expect(full.refundsAttached).toBe(r.refunds);
    expect(full.counts.customer).toBe(4_372); // SOURCE.md: distinct CustomerIDs
    expect(full.counts.product).toBe(r.products);
    // unmatched credit notes did not become refunds
    for (const invoiceNo of r.unmatched.invoiceNos)
      expect(full.ids.has(ID_BASE.refund + BigInt(invoiceNo.slice(1)))).toBe(false);
  });

  it("matches the customer counts SOURCE.md gives (4,339 buyers, 2,845 repeat buyers)", () => {
    expect(full.invoicesPerCustomer.size).toBe(4_339);
    expect([...full.invoicesPerCustomer.values()].filter((n) => n >= 2)).toHaveLength(2_845);
  });
});

describe("Online Retail: ids", () => {
  it("are unique across all kinds and between 2^53 and 2^63", () => {
    expect(full.idProblems).toEqual([]);
    expect(full.ids.size).toBeGreaterThan(400_000);
  });

  it("are stable across runs and do not depend on how much of the file is read", async () => {
    const runA: string[] = [];
    for await (const record of readOnlineRetail({ limit: 3_000 })) runA.push(stringifyWithBigInts(record));
    const runB: string[] = [];
    for await (const record of readOnlineRetail({ limit: 3_000 })) runB.push(stringifyWithBigInts(record));
    expect(runB).toEqual(runA);
    const limited = runA.map((t) => parseJsonWithBigInts<{ type: string; row: { id: bigint; name?: string } }>(t));
    const first = limited.find((r) => r.type === "order" && r.row.name === "#536365");
    expect(first?.row.id).toBe(full.kept.get("#536365")!.id);
    const product = limited.find((r) => r.type === "product");
    expect(product?.row.id).toBe(ID_BASE.product + 1n); // 85123A, the file's first StockCode
    expect(full.products.get(ID_BASE.product + 1n)?.variants[0]?.sku).toBe("85123A");
  });
});

describe("Online Retail: known invoices", () => {
  it("536365: seven lines, £139.12 in pence, GMT time unchanged", () => {
    const order = full.kept.get("#536365")!;
    expect(order.id).toBe(ID_BASE.order + 536365n);
    expect(order.customerId).toBe(ID_BASE.customer + 17850n);
    expect(order.countryCode).toBe("GB");
    expect(order.lines.map((l) => [l.sku, l.quantity, l.priceMinor])).toEqual([
      ["85123A", 6, 255n],
      ["71053", 6, 339n],
      ["84406B", 8, 275n],
      ["84029G", 6, 339n],
      ["84029E", 6, 339n],
      ["22752", 2, 765n],
      ["21730", 6, 425n],
    ]);
    expect(order.totalMinor).toBe(13_912n);
    expect(order.subtotalMinor).toBe(13_912n);
    expect(order.createdAt.toISOString()).toBe("2010-12-01T08:26:00.000Z");
    expect(order.refunds).toEqual([]);
    expect(order.cancelledAt).toBeNull();
  });

  it("558644 (EIRE, July): carriage is shipping not a line, and BST is subtracted", () => {
    const order = full.kept.get("#558644")!;
    expect(order.countryCode).toBe("IE");
    expect(order.lines.map((l) => [l.sku, l.quantity, l.priceMinor])).toEqual([["84078A", 18, 3495n]]);
    expect(order.subtotalMinor).toBe(62_910n);
    expect(order.totalMinor).toBe(67_910n); // + £50.00 carriage (C2)
    expect(order.createdAt.toISOString()).toBe("2011-07-01T09:16:00.000Z"); // 10:16 BST
  });

  it("581483 and 541431 are cancelled by the credit notes that reverse them line for line", () => {
    const birdies = full.kept.get("#581483")!;
    expect(birdies.cancelledAt?.toISOString()).toBe("2011-12-09T09:27:00.000Z"); // C581484
    expect(birdies.financialStatus).toBe("voided");
    expect(orderNet(birdies)).toBe(0n);
    expect(full.kept.get("#541431")!.cancelledAt?.toISOString()).toBe("2011-01-18T10:17:00.000Z"); // C541433
  });

  it("C537805 (nine returned items, £26.38) refunds on the customer's latest earlier order holding them (537195)", () => {
    const order = full.kept.get("#537195")!;
    const refund = order.refunds.find((r) => r.id === ID_BASE.refund + 537805n)!;
    expect(refund).toBeDefined();
    expect(refund.orderId).toBe(order.id);
    expect(refund.amountMinor).toBe(2_638n);
    expect(refund.createdAt.toISOString()).toBe("2010-12-08T13:18:00.000Z");
    const returned = new Set(["35004C", "40001", "85047", "22719", "20798", "22198", "22197", "20829", "22571"]);
    const ducks = refund.lines
      .map((rl) => ({ rl, line: order.lines.find((l) => l.id === rl.lineItemId)! }))
      .find((x) => x.line.sku === "35004C")!;
    expect([ducks.rl.quantity, ducks.rl.subtotalMinor]).toEqual([1, 465n]);
    for (const rl of refund.lines) {
      const line = order.lines.find((l) => l.id === rl.lineItemId)!;
      expect(returned.has(line.sku!)).toBe(true);
      expect(rl.quantity).toBeLessThanOrEqual(line.quantity);
      expect(rl.subtotalMinor).toBe(BigInt(rl.quantity) * line.priceMinor);
    }
    expect(order.financialStatus).toBe("partially_refunded");
  });

  it("C536383 returns a StockCode the customer never bought in the file: unmatched, not forced onto 536381", () => {
    expect(full.report.unmatched.invoiceNos).toContain("C536383");
    expect(full.ids.has(ID_BASE.refund + 536383n)).toBe(false);
  });
});

describe("Online Retail: mapping tables", () => {
  it("maps every Country of the file to ISO 3166-1 alpha-2 (or null for the two non-countries)", async () => {
    const countries = new Set<string>();
    const parser = createReadStream(DEFAULT_PATH)
      .pipe(createGunzip())
      .pipe(parse({ columns: true }));
    for await (const row of parser as AsyncIterable<Record<string, string>>) countries.add(row.Country!);
    expect(countries.size).toBe(38);
    const region = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    for (const country of countries) {
      expect(country in COUNTRY_CODES, country).toBe(true);
      const code = COUNTRY_CODES[country];
      if (code === null) {
        expect(["European Community", "Unspecified"]).toContain(country);
        continue;
      }
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(region.of(code!), `${country} → ${code}`).toBeTruthy();
      expect(isSupportedCountry(code!)).toBe(true);
    }
    expect(COUNTRY_CODES["EIRE"]).toBe("IE");
    expect(COUNTRY_CODES["RSA"]).toBe("ZA");
  }, 60_000);

  it("gives every customer with a known country a unique valid mobile number of that country", () => {
    const phones = new Set<string>();
    let withoutCountry = 0;
    for (const customer of full.customers.values()) {
      if (!customer.countryCode) {
        expect(customer.phone).toBeNull();
        withoutCountry++;
        continue;
      }
      const verdict = normalizePhone(customer.phone, customer.countryCode);
      expect(verdict.valid, `${customer.id} ${customer.phone}`).toBe(true);
      expect(verdict.e164).toBe(customer.phone);
      expect(phones.has(customer.phone!)).toBe(false);
      phones.add(customer.phone!);
    }
    expect(withoutCountry).toBeLessThan(50);
  });

  it("parses prices to pence exactly and rounds the four 0.001 prices to 0", () => {
    expect(priceToMinor("2.55")).toBe(255n);
    expect(priceToMinor("2.1")).toBe(210n);
    expect(priceToMinor("0.29")).toBe(29n); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(priceToMinor("0.001")).toBe(0n);
    expect(priceToMinor("0.005")).toBe(1n);
    expect(priceToMinor("-11062.06")).toBe(-1_106_206n);
  });

  it("converts UK wall time across both clock changes of 2011", () => {
    expect(londonToUtc("2011-03-27 00:30:00").toISOString()).toBe("2011-03-27T00:30:00.000Z");
    expect(londonToUtc("2011-03-27 03:00:00").toISOString()).toBe("2011-03-27T02:00:00.000Z");
    expect(londonToUtc("2011-10-30 00:59:00").toISOString()).toBe("2011-10-29T23:59:00.000Z");
    expect(londonToUtc("2011-10-30 02:00:00").toISOString()).toBe("2011-10-30T02:00:00.000Z");
  });
});

describe("Online Retail: REST webhook payloads", () => {
  const ctxFor = (order: OrderRow) => ({
    currency: "GBP",
    customer: order.customerId === null ? null : full.customers.get(order.customerId)!,
    products: full.products,
    timeZone: "Europe/London",
  });
  const comparable = (o: OrderRow) => ({
    ...o,
    updatedAt: o.updatedAt.getTime(),
    lines: o.lines.map((l) => ({ ...l, currentQuantity: undefined })),
    refunds: o.refunds.map((r) => ({ ...r, lines: r.lines })),
  });

  it("orders/create body parses back to the same ids, money, lines and refunds", () => {
    for (const order of [
      full.kept.get("#536365")!,
      full.kept.get("#558644")!,
      full.kept.get("#581483")!,
      full.kept.get("#537195")!,
      full.firstRefunded!,
      full.firstGuest!,
    ]) {
      const text = orderToRestPayload(order, ctxFor(order));
      expect(text).toContain(`"id":${order.id},`); // a bare 64-bit JSON number
      const back = orderFromRest(parseJsonWithBigInts(text), 2);
      expect(comparable(back)).toEqual(
        comparable({ ...order, lines: order.lines.map((l) => ({ ...l, compareAtPriceMinor: null })) }),
      );
    }
  });

  it("writes times with the shop's offset and the customer with its synthetic phone", () => {
    const order = full.kept.get("#558644")!;
    const payload = parseJsonWithBigInts<Record<string, any>>(orderToRestPayload(order, ctxFor(order)));
    expect(payload.created_at).toBe("2011-07-01T10:16:00+01:00");
    expect(payload.total_price).toBe("679.10");
    expect(payload.total_price_set.shop_money).toEqual({ amount: "679.10", currency_code: "GBP" });
    expect(payload.shipping_lines[0].price).toBe("50.00");
    expect(payload.customer.id).toBe(order.customerId);
    expect(payload.customer.admin_graphql_api_id).toBe(`gid://shopify/Customer/${order.customerId}`);
    expect(payload.customer.phone).toBe(full.customers.get(order.customerId!)!.phone);
    expect(payload.line_items[0].product_id).toBe(order.lines[0]!.productId);
    expect(typeof payload.line_items[0].product_id).toBe("bigint");
  });

  it("refunds/create body parses back to the refund, with a successful refund transaction", () => {
    const order = full.firstRefunded!;
    for (const refund of order.refunds) {
      const text = refundToRestPayload(refund, order, ctxFor(order));
      const raw = parseJsonWithBigInts<Record<string, any>>(text);
      expect(raw.transactions.map((t: any) => [t.kind, t.status])).toEqual(
        refund.amountMinor > 0n ? [["refund", "success"]] : [],
      );
      expect(refundFromRest(raw, 2)).toEqual(refund);
    }
    expect(() => refundToRestPayload(order.refunds[0]!, full.kept.get("#536365")!, ctxFor(order))).toThrow(
      /belongs to order/,
    );
  });

  it("formats money for 0, 2 and 3 digit currencies", () => {
    expect([currencyExponent("GBP"), currencyExponent("JPY"), currencyExponent("KWD")]).toEqual([2, 0, 3]);
    const base = full.kept.get("#558644")!;
    const order: OrderRow = {
      ...base,
      refunds: [],
      lines: [{ ...base.lines[0]!, quantity: 1, priceMinor: 1235n }],
      subtotalMinor: 1235n,
      totalMinor: 1235n,
    };
    const kwd = parseJsonWithBigInts<Record<string, any>>(orderToRestPayload(order, { currency: "KWD" }));
    expect([kwd.total_price, kwd.line_items[0].price]).toEqual(["1.235", "1.235"]);
    const jpy = parseJsonWithBigInts<Record<string, any>>(orderToRestPayload(order, { currency: "JPY" }));
    expect([jpy.total_price, jpy.line_items[0].price]).toEqual(["1235", "1235"]);
    expect(orderFromRest(jpy, 0).totalMinor).toBe(1235n);
    expect(isoWithOffset(new Date("2011-01-05T14:44:00Z"), "America/New_York")).toBe("2011-01-05T09:44:00-05:00");
  });
});

describe("Online Retail: bulk JSONL", () => {
  it("order, customer and product lines parse back through the backfill's own mappers", () => {
    for (const order of [full.kept.get("#558644")!, full.firstRefunded!, full.kept.get("#581483")!]) {
      const [root, ...children] = orderToBulk(order).map((o) => JSON.parse(JSON.stringify(o)));
      expect(children.every((c) => c.__parentId === root!.id)).toBe(true);
      const back = orderFromBulk({ root, children }, 2);
      expect(back.id).toBe(order.id);
      expect(back.totalMinor).toBe(order.totalMinor);
      expect(back.cancelledAt).toEqual(order.cancelledAt);
      expect(back.refunds.map((r) => [r.id, r.amountMinor])).toEqual(order.refunds.map((r) => [r.id, r.amountMinor]));
      expect(back.lines.map((l) => [l.id, l.productId, l.priceMinor, l.quantity])).toEqual(
        order.lines.map((l) => [l.id, l.productId, l.priceMinor, l.quantity]),
      );
    }
    const customer = full.customers.get(full.kept.get("#558644")!.customerId!)!;
    expect(customerFromBulk(JSON.parse(JSON.stringify(customerToBulk(customer))))).toEqual(customer);
    const product = full.products.get(ID_BASE.product + 1n)!;
    const [root, ...children] = productToBulk(
      product,
      new Map([[product.collectionIds[0]!, { title: product.productType!, handle: null }]]),
    ).map((o) => JSON.parse(JSON.stringify(o)));
    expect(productFromBulk({ root, children }, 2).product).toEqual(product);
  });
});

describe("Online Retail: per-customer aggregates", () => {
  it("orders count and net spend equal an independent computation from the CSV, for every customer", async () => {
    const reference = await directStats();
    expect(reference.size).toBe(full.aggregates.size);
    const differences: string[] = [];
    for (const [customer, expected] of reference) {
      const actual = full.aggregates.get(customer);
      if (!actual || actual.orders !== expected.orders || actual.netMinor !== expected.netMinor) {
        differences.push(
          `${customer}: reader ${actual?.orders}/${actual?.netMinor} vs CSV ${expected.orders}/${expected.netMinor}`,
        );
      }
    }
    expect(differences).toEqual([]);
    // not all zeros: the comparison above must have had something to compare
    const total = [...reference.values()].reduce((sum, s) => sum + s.netMinor, 0n);
    expect(total).toBeGreaterThan(500_000_000n);
  }, 120_000);
});
