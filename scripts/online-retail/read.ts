// The UCI Online Retail 2010–2011 file as a Shopify-shaped store: collections, products, customers, then orders
// with their refunds and cancellations (docs/online-retail-mapping.md). Two streaming passes over the gzipped
// CSV: the first learns products, customers and which earlier order each credit note (C invoice) cancels or
// refunds; the second builds the orders. Nothing holds all rows at once.
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";
import type {
  CollectionRow,
  CustomerRow,
  LineRow,
  OrderRow,
  ProductRow,
  RefundLineRow,
  RefundRow,
  StoreRecord,
} from "../../app/ingest/rows";
import {
  ALL_PRODUCT_TYPES,
  codeKind,
  collectionIdOf,
  countryCode,
  customerNumber,
  DEFAULT_PATH,
  designTags,
  handleOf,
  ID_BASE,
  invoiceNumber,
  londonToUtc,
  naiveMinutes,
  priceToMinor,
  productTypeOf,
  SHOP_CURRENCY,
  stockCodeKey,
  syntheticEmail,
  syntheticMobile,
  vendorOf,
  type CodeKind,
} from "./mapping";

export interface ReadOptions {
  /** the gzipped CSV; defaults to the shared copy */
  path?: string;
  /** read only the first `limit` data rows (both passes) */
  limit?: number;
  /** receives the accounting of every invoice once the first pass is done, before the first record */
  onReport?: (report: OnlineRetailReport) => void;
}

/** Where every invoice went. invoices = orders + cancellations + refunds + unmatched.total + skipped.total. */
export interface OnlineRetailReport {
  rows: number;
  invoices: number;
  /** sale invoices that became orders (cancelled ones included) */
  orders: number;
  guestOrders: number;
  /** C invoices that cancelled an order; equals the number of cancelled orders */
  cancellations: number;
  /** C invoices that became a refund on an earlier order */
  refunds: number;
  /** refunds cut to what was still refundable on their order, and the pence that did not fit */
  cappedRefunds: number;
  refundExcessMinor: bigint;
  unmatched: {
    total: number;
    /** no CustomerID: nothing to match against */
    guest: number;
    /** the customer has no earlier order that is neither cancelled nor fully refunded (bought before Dec 2010) */
    noEarlierOrder: number;
    /** earlier orders exist, but none holds any of the returned StockCodes */
    noMatchingProduct: number;
    /** credited pence of the unmatched C invoices */
    amountMinor: bigint;
    invoiceNos: string[];
  };
  skipped: {
    total: number;
    /** guest invoices where every line is priced 0: stock write-offs and corrections ("damages", "check", ...) */
    stockAdjustments: number;
    /** A invoices: "Adjust bad debt" bookings */
    badDebt: number;
  };
  collections: number;
  products: number;
  customers: number;
}

interface CsvRow {
  invoiceNo: string;
  stockCode: string;
  key: string;
  kind: CodeKind;
  description: string;
  quantity: number;
  time: string;
  priceMinor: bigint;
  customer: bigint | null;
  country: string;
}

interface Invoice {
  invoiceNo: string;
  rows: CsvRow[];
}

type InvoiceClass = "order" | "credit" | "stockAdjustment" | "badDebt";

// Rows of one invoice are contiguous except one (542806), and the file is date-ordered: an invoice is complete
// once the file has moved this far past its last row.
const INVOICE_WINDOW_MINUTES = 60;

async function* csvRows(path: string, limit: number | undefined): AsyncGenerator<CsvRow> {
  const parser = createReadStream(path)
    .pipe(createGunzip())
    .pipe(parse({ columns: true, skip_empty_lines: true }));
  let count = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (limit !== undefined && count >= limit) break;
      count++;
      const stockCode = record.StockCode!;
      const quantity = Number(record.Quantity);
      if (!Number.isInteger(quantity))
        throw new Error(`Online Retail row ${count}: Quantity "${record.Quantity}" is not a whole number`);
      yield {
        invoiceNo: record.InvoiceNo!.trim(),
        stockCode,
        key: stockCodeKey(stockCode),
        kind: codeKind(stockCode),
        description: (record.Description ?? "").trim(),
        quantity,
        time: record.InvoiceDate!,
        priceMinor: priceToMinor(record.UnitPrice!),
        customer: customerNumber(record.CustomerID ?? ""),
        country: record.Country!,
      };
    }
  } finally {
    parser.destroy();
  }
}

/** Invoices in order of their first row, each complete. */
async function* invoicesOf(
  path: string,
  limit: number | undefined,
  counter?: { rows: number },
): AsyncGenerator<Invoice> {
  const open = new Map<string, { rows: CsvRow[]; lastMinutes: number }>();
  const done = new Set<string>();
  for await (const row of csvRows(path, limit)) {
    if (counter) counter.rows++;
    if (done.has(row.invoiceNo))
      throw new Error(`Online Retail: invoice ${row.invoiceNo} reappears after ${INVOICE_WINDOW_MINUTES} minutes`);
    const minutes = naiveMinutes(row.time);
    const current = open.get(row.invoiceNo);
    if (current) {
      current.rows.push(row);
      current.lastMinutes = Math.max(current.lastMinutes, minutes);
    } else {
      open.set(row.invoiceNo, { rows: [row], lastMinutes: minutes });
    }
    // Flush only from the head, so invoices come out in order of first appearance.
    for (const [invoiceNo, entry] of open) {
      if (invoiceNo === row.invoiceNo || entry.lastMinutes + INVOICE_WINDOW_MINUTES >= minutes) break;
      open.delete(invoiceNo);
      done.add(invoiceNo);
      yield { invoiceNo, rows: entry.rows };
    }
  }
  for (const [invoiceNo, entry] of open) yield { invoiceNo, rows: entry.rows };
}

function classify(invoice: Invoice): InvoiceClass {
  if (invoice.invoiceNo.startsWith("A")) return "badDebt";
  if (invoice.invoiceNo.startsWith("C")) return "credit";
  if (invoice.rows[0]!.customer === null && invoice.rows.every((r) => r.priceMinor === 0n)) return "stockAdjustment";
  if (invoice.rows.some((r) => r.quantity <= 0)) {
    throw new Error(
      `Online Retail: sale invoice ${invoice.invoiceNo} has a line with quantity ≤ 0; the mapping does not cover it`,
    );
  }
  return "order";
}

/** The invoice's time: its first row (43 invoices straddle a minute). */
function invoiceTime(invoice: Invoice): Date {
  return londonToUtc(invoice.rows[0]!.time);
}

function lineId(invoiceNo: string, index: number): bigint {
  return ID_BASE.lineItem + invoiceNumber(invoiceNo) * 10_000n + BigInt(index);
}

/** Same multiset of (StockCode, quantity) ⇒ same signature. */
function signature(pairs: Array<[string, number]>): string {
  return pairs
    .map(([key, quantity]) => `${key}\t${quantity}`)
    .sort()
    .join("\n");
}

interface OrderMoney {
  lines: LineRow[];
  subtotalMinor: bigint;
  shippingMinor: bigint;
  discountMinor: bigint;
  totalMinor: bigint;
}

/** Lines and totals of a sale invoice. Postage becomes shipping, discounts order-level, adjustments custom lines. */
function orderMoney(invoice: Invoice, products: Map<string, ProductInfo>): OrderMoney {
  const lines: LineRow[] = [];
  let lineTotal = 0n;
  let shippingMinor = 0n;
  let discountMinor = 0n;
  for (const row of invoice.rows) {
    const amount = BigInt(row.quantity) * row.priceMinor;
    if (row.kind === "shipping") {
      shippingMinor += amount;
      continue;
    }
    if (row.kind === "discount") {
      discountMinor -= amount; // a discount row is a negative amount
      continue;
    }
    const product = row.kind === "product" ? products.get(row.key) : undefined;
    lines.push({
      id: lineId(invoice.invoiceNo, lines.length),
      productId: product ? ID_BASE.product + BigInt(product.index) : null,
      variantId: product ? ID_BASE.variant + BigInt(product.index) : null,
      title: row.description || (product ? product.title() : row.key),
      sku: product ? product.sku : row.key,
      vendor: product ? vendorOf(row.key) : null,
      quantity: row.quantity,
      priceMinor: row.priceMinor,
      totalDiscountMinor: 0n,
      compareAtPriceMinor: null,
    });
    lineTotal += amount;
  }
  const subtotalMinor = lineTotal - discountMinor;
  return { lines, subtotalMinor, shippingMinor, discountMinor, totalMinor: subtotalMinor + shippingMinor };
}

class ProductInfo {
  readonly descriptions = new Map<string, number>();
  readonly prices = new Map<bigint, number>();
  lastTime: string;
  constructor(
    readonly index: number,
    readonly sku: string,
    firstTime: string,
  ) {
    this.lastTime = firstTime;
  }
  /** most common description when sold, ties to the alphabetically first; the StockCode if it never had one */
  title(): string {
    return mode(this.descriptions, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) ?? this.sku;
  }
  /** most common positive unit price, ties to the lower */
  priceMinor(): bigint | null {
    return mode(this.prices, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function mode<T>(counts: Map<T, number>, order: (a: T, b: T) => number): T | null {
  let best: T | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && order(value, best) < 0)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

interface CustomerInfo {
  number: bigint;
  firstTime: string;
  lastTime: string;
  lastCountry: string;
}

/** What the first pass keeps of a customer's order to match later credit notes against it. */
interface IndexedOrder {
  invoiceNo: string;
  orderId: bigint;
  totalMinor: bigint;
  refundedMinor: bigint;
  cancelled: boolean;
  refundCount: number;
  productKeys: Set<string>;
  signature: string;
  lines: Array<{ key: string; id: bigint; quantity: number; priceMinor: bigint; refundedQuantity: number }>;
}

interface FirstPass {
  report: OnlineRetailReport;
  products: Map<string, ProductInfo>;
  customers: Map<bigint, CustomerInfo>;
  cancelledAt: Map<string, Date>;
  refunds: Map<string, RefundRow[]>;
}

function emptyReport(): OnlineRetailReport {
  return {
    rows: 0,
    invoices: 0,
    orders: 0,
    guestOrders: 0,
    cancellations: 0,
    refunds: 0,
    cappedRefunds: 0,
    refundExcessMinor: 0n,
    unmatched: { total: 0, guest: 0, noEarlierOrder: 0, noMatchingProduct: 0, amountMinor: 0n, invoiceNos: [] },
    skipped: { total: 0, stockAdjustments: 0, badDebt: 0 },
    collections: 0,
    products: 0,
    customers: 0,
  };
}

async function firstPass(path: string, limit: number | undefined): Promise<FirstPass> {
  const report = emptyReport();
  const products = new Map<string, ProductInfo>();
  const customers = new Map<bigint, CustomerInfo>();
  const ordersByCustomer = new Map<bigint, IndexedOrder[]>();
  const cancelledAt = new Map<string, Date>();
  const refunds = new Map<string, RefundRow[]>();
  const counter = { rows: 0 };

  for await (const invoice of invoicesOf(path, limit, counter)) {
    report.invoices++;
    const kind = classify(invoice);
    // Products are numbered by first appearance anywhere in the file, so ids do not depend on the mapping rules.
    for (const row of invoice.rows) {
      if (row.kind !== "product") continue;
      let product = products.get(row.key);
      if (!product) {
        product = new ProductInfo(products.size + 1, row.key, row.time);
        products.set(row.key, product);
      }
      if (kind === "stockAdjustment" || kind === "badDebt") continue; // their descriptions are notes ("damages")
      if (row.time > product.lastTime) product.lastTime = row.time;
      if (row.description)
        product.descriptions.set(row.description, (product.descriptions.get(row.description) ?? 0) + 1);
      if (kind === "order" && row.priceMinor > 0n)
        product.prices.set(row.priceMinor, (product.prices.get(row.priceMinor) ?? 0) + 1);
    }
    if (kind === "stockAdjustment" || kind === "badDebt") {
      report.skipped.total++;
      if (kind === "stockAdjustment") report.skipped.stockAdjustments++;
      else report.skipped.badDebt++;
      continue;
    }
    const first = invoice.rows[0]!;
    const customer = first.customer;
    if (customer !== null) {
      const info = customers.get(customer);
      if (!info)
        customers.set(customer, {
          number: customer,
          firstTime: first.time,
          lastTime: first.time,
          lastCountry: first.country,
        });
      else if (first.time >= info.lastTime) Object.assign(info, { lastTime: first.time, lastCountry: first.country });
    }

    if (kind === "order") {
      report.orders++;
      if (customer === null) {
        report.guestOrders++;
        continue; // guests' credit notes cannot be matched, so guest orders need no index
      }
      const money = orderMoney(invoice, products);
      const list = ordersByCustomer.get(customer) ?? [];
      ordersByCustomer.set(customer, list);
      const productRows = invoice.rows.filter((r) => r.kind === "product" || r.kind === "adjustment");
      list.push({
        invoiceNo: invoice.invoiceNo,
        orderId: ID_BASE.order + invoiceNumber(invoice.invoiceNo),
        totalMinor: money.totalMinor,
        refundedMinor: 0n,
        cancelled: false,
        refundCount: 0,
        productKeys: new Set(invoice.rows.filter((r) => r.kind === "product").map((r) => r.key)),
        signature: signature(invoice.rows.map((r) => [r.key, r.quantity])),
        lines: money.lines.map((line, i) => ({
          key: productRows[i]!.key,
          id: line.id,
          quantity: line.quantity,
          priceMinor: line.priceMinor,
          refundedQuantity: 0,
        })),
      });
      continue;
    }

    // A credit note (C invoice).
    const creditMinor = invoice.rows.reduce((sum, r) => sum - BigInt(r.quantity) * r.priceMinor, 0n);
    const unmatched = (reason: "guest" | "noEarlierOrder" | "noMatchingProduct") => {
      report.unmatched.total++;
      report.unmatched[reason]++;
      report.unmatched.amountMinor += creditMinor;
      report.unmatched.invoiceNos.push(invoice.invoiceNo);
    };
    if (customer === null) {
      unmatched("guest");
      continue;
    }
    const earlier = ordersByCustomer.get(customer) ?? [];
    const when = invoiceTime(invoice);

    // 1. It reverses a whole earlier order line for line: that order is cancelled.
    const reversal = signature(invoice.rows.map((r) => [r.key, -r.quantity]));
    const cancelled = findLast(earlier, (o) => !o.cancelled && o.refundCount === 0 && o.signature === reversal);
    if (cancelled) {
      cancelled.cancelled = true;
      cancelledAt.set(cancelled.invoiceNo, when);
      report.cancellations++;
      continue;
    }

    // 2. Otherwise a refund on the latest refundable earlier order holding all (else some) of its StockCodes.
    const refundable = earlier.filter((o) => !o.cancelled && o.totalMinor - o.refundedMinor > 0n);
    if (refundable.length === 0) {
      unmatched("noEarlierOrder");
      continue;
    }
    const keys = [...new Set(invoice.rows.filter((r) => r.kind === "product").map((r) => r.key))];
    const target =
      findLast(refundable, (o) => keys.every((k) => o.productKeys.has(k))) ??
      findLast(refundable, (o) => keys.some((k) => o.productKeys.has(k)));
    if (!target) {
      unmatched("noMatchingProduct");
      continue;
    }
    const remaining = target.totalMinor - target.refundedMinor;
    let amountMinor = creditMinor;
    if (amountMinor > remaining) {
      report.cappedRefunds++;
      report.refundExcessMinor += amountMinor - remaining;
      amountMinor = remaining;
    }
    target.refundedMinor += amountMinor;
    target.refundCount++;
    const lines = new Map<bigint, RefundLineRow>();
    for (const row of invoice.rows) {
      if (row.kind !== "product") continue;
      let left = -row.quantity;
      for (const line of target.lines) {
        if (left <= 0) break;
        if (line.key !== row.key) continue;
        const take = Math.min(left, line.quantity - line.refundedQuantity);
        if (take <= 0) continue;
        line.refundedQuantity += take;
        left -= take;
        const entry = lines.get(line.id) ?? { lineItemId: line.id, quantity: 0, subtotalMinor: 0n };
        entry.quantity += take;
        entry.subtotalMinor += BigInt(take) * line.priceMinor;
        lines.set(line.id, entry);
      }
    }
    const refund: RefundRow = {
      id: ID_BASE.refund + invoiceNumber(invoice.invoiceNo),
      orderId: target.orderId,
      amountMinor,
      note: `Credit note ${invoice.invoiceNo}`,
      createdAt: when,
      processedAt: when,
      lines: [...lines.values()],
    };
    const list = refunds.get(target.invoiceNo) ?? [];
    list.push(refund);
    refunds.set(target.invoiceNo, list);
    report.refunds++;
  }
  report.rows = counter.rows;
  report.collections = ALL_PRODUCT_TYPES.length;
  report.products = products.size;
  report.customers = customers.size;
  return { report, products, customers, cancelledAt, refunds };
}

function findLast<T>(list: T[], test: (item: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i];
  return undefined;
}

function productRow(product: ProductInfo): ProductRow {
  const id = ID_BASE.product + BigInt(product.index);
  const title = product.title();
  const productType = productTypeOf(title);
  return {
    id,
    title,
    handle: handleOf(title, product.sku),
    vendor: vendorOf(product.sku),
    productType,
    tags: designTags(title),
    status: "active",
    updatedAt: londonToUtc(product.lastTime),
    collectionIds: [collectionIdOf(productType)],
    variants: [
      {
        id: ID_BASE.variant + BigInt(product.index),
        productId: id,
        title: "Default Title",
        sku: product.sku,
        priceMinor: product.priceMinor(),
        compareAtPriceMinor: null,
      },
    ],
  };
}

function customerRow(info: CustomerInfo): CustomerRow {
  const country = countryCode(info.lastCountry);
  return {
    id: ID_BASE.customer + info.number,
    email: syntheticEmail(info.number),
    firstName: null,
    lastName: null,
    phone: syntheticMobile(country, info.number),
    countryCode: country,
    provinceCode: null,
    province: null,
    city: null,
    tags: [],
    // customers created by orders, without an account
    state: "disabled",
    locale: null,
    smsConsentState: null,
    smsConsentOptInLevel: null,
    smsConsentUpdatedAt: null,
    smsConsentCollectedFrom: null,
    // The dataset carries no WhatsApp consent either: nobody subscribed in Shopify.
    whatsappConsentState: null,
    whatsappConsentOptInLevel: null,
    whatsappConsentUpdatedAt: null,
    whatsappConsentCollectedFrom: null,
    whatsappConsentSourceLocation: null,
    createdAt: londonToUtc(info.firstTime),
    updatedAt: londonToUtc(info.lastTime),
  };
}

function orderRow(invoice: Invoice, pass: FirstPass): OrderRow {
  const first = invoice.rows[0]!;
  const createdAt = invoiceTime(invoice);
  const money = orderMoney(invoice, pass.products);
  const refunds = pass.refunds.get(invoice.invoiceNo) ?? [];
  const cancelledAt = pass.cancelledAt.get(invoice.invoiceNo) ?? null;
  const refunded = refunds.reduce((sum, r) => sum + r.amountMinor, 0n);
  let updatedAt = cancelledAt ?? createdAt;
  for (const r of refunds) if (r.createdAt > updatedAt) updatedAt = r.createdAt;
  const financialStatus = cancelledAt
    ? "voided"
    : refunded === 0n
      ? "paid"
      : refunded >= money.totalMinor
        ? "refunded"
        : "partially_refunded";
  return {
    id: ID_BASE.order + invoiceNumber(invoice.invoiceNo),
    name: `#${invoice.invoiceNo}`,
    customerId: first.customer === null ? null : ID_BASE.customer + first.customer,
    email: first.customer === null ? null : syntheticEmail(first.customer),
    phone: null,
    presentmentCurrency: SHOP_CURRENCY,
    subtotalMinor: money.subtotalMinor,
    totalMinor: money.totalMinor,
    totalDiscountsMinor: money.discountMinor,
    discountCodes: [],
    hasAutomaticDiscount: false,
    landingSite: null,
    referringSite: null,
    sourceName: "web",
    financialStatus,
    test: false,
    countryCode: countryCode(first.country),
    provinceCode: null,
    city: null,
    createdAt,
    processedAt: createdAt,
    updatedAt,
    cancelledAt,
    cancelReason: cancelledAt ? "customer" : null,
    lines: money.lines,
    refunds,
  };
}

export async function* readOnlineRetail(opts: ReadOptions = {}): AsyncGenerator<StoreRecord> {
  const path = opts.path ?? DEFAULT_PATH;
  const pass = await firstPass(path, opts.limit);
  opts.onReport?.(pass.report);

  for (const type of ALL_PRODUCT_TYPES) {
    const row: CollectionRow = {
      id: collectionIdOf(type),
      title: type,
      handle: handleOf(type, "collection").replace(/-collection$/, ""),
    };
    yield { type: "collection", row };
  }
  for (const product of pass.products.values()) yield { type: "product", row: productRow(product) };
  for (const customer of pass.customers.values()) yield { type: "customer", row: customerRow(customer) };
  for await (const invoice of invoicesOf(path, opts.limit)) {
    if (classify(invoice) !== "order") continue;
    yield { type: "order", row: orderRow(invoice, pass) };
  }
}

/** The invoice accounting alone (one pass, no records). */
export async function onlineRetailReport(opts: Omit<ReadOptions, "onReport"> = {}): Promise<OnlineRetailReport> {
  return (await firstPass(opts.path ?? DEFAULT_PATH, opts.limit)).report;
}
