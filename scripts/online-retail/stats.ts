// Reference numbers for tests: per customer, orders that count and net spend, computed straight from the CSV
// with the rules of docs/online-retail-mapping.md, written again on purpose without read.ts or mapping.ts so a
// mistake in the reader cannot hide in its own reference. Plain and slow-but-fine: the file is grouped in memory.
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";

const FILE = new URL("../../test/fixtures/data/online-retail/online-retail-2010-2011.csv.gz", import.meta.url).pathname;
const CUSTOMER_ID_BASE = 7_300_000_000_000_000_000n;
const NOT_PRODUCTS = ["POST", "DOT", "C2", "D", "M", "BANK CHARGES", "AMAZONFEE", "CRUK", "S", "PADS", "B"];

type Line = { code: string; quantity: number; pence: bigint };
type Invoice = { customer: string; lines: Line[] };
type Order = {
  total: bigint;
  refunded: bigint;
  cancelled: boolean;
  hasRefund: boolean;
  codes: string[];
  lines: string;
};

function pence(price: string): bigint {
  // "2.55" → 255, "0.001" → 0 (half away from zero at the third decimal)
  const negative = price.startsWith("-");
  const [whole, fraction = ""] = price.replace("-", "").split(".");
  let value = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  if (fraction.length > 2 && Number(fraction[2]) >= 5) value += 1n;
  return negative ? -value : value;
}

function linesKey(lines: Line[], sign: number): string {
  return lines
    .map((l) => `${l.code}\t${l.quantity * sign}`)
    .sort()
    .join("\n");
}

export async function directStats(path: string = FILE): Promise<Map<string, { orders: number; netMinor: bigint }>> {
  const invoices = new Map<string, Invoice>();
  const parser = createReadStream(path)
    .pipe(createGunzip())
    .pipe(parse({ columns: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    let invoice = invoices.get(row.InvoiceNo!);
    if (!invoice) {
      invoice = { customer: row.CustomerID!.split(".")[0]!, lines: [] };
      invoices.set(row.InvoiceNo!, invoice);
    }
    invoice.lines.push({
      code: row.StockCode!.toUpperCase(),
      quantity: Number(row.Quantity),
      pence: pence(row.UnitPrice!),
    });
  }

  const ordersOf = new Map<string, Order[]>();
  for (const [number, invoice] of invoices) {
    const isCredit = number.startsWith("C");
    if (number.startsWith("A")) continue; // bad debt booking
    if (!isCredit && invoice.customer === "" && invoice.lines.every((l) => l.pence === 0n)) continue; // stock adjustment
    if (invoice.customer === "") continue; // guest: no customer to count, and its credit notes match nothing
    if (!ordersOf.has(invoice.customer)) ordersOf.set(invoice.customer, []);
    const orders = ordersOf.get(invoice.customer)!;
    let amount = 0n;
    for (const l of invoice.lines) amount += BigInt(l.quantity) * l.pence;
    const codes = invoice.lines.map((l) => l.code).filter((c) => !NOT_PRODUCTS.includes(c));

    if (!isCredit) {
      orders.push({
        total: amount,
        refunded: 0n,
        cancelled: false,
        hasRefund: false,
        codes,
        lines: linesKey(invoice.lines, 1),
      });
      continue;
    }
    // Cancellation: the latest untouched earlier order with exactly these lines, negated.
    const reversed = linesKey(invoice.lines, -1);
    let done = false;
    for (let i = orders.length - 1; i >= 0 && !done; i--) {
      const o = orders[i]!;
      if (!o.cancelled && !o.hasRefund && o.lines === reversed) {
        o.cancelled = true;
        done = true;
      }
    }
    if (done) continue;
    // Refund: the latest earlier order with money left that has all the codes, else any of them.
    const open = orders.filter((o) => !o.cancelled && o.total - o.refunded > 0n).reverse();
    const target =
      open.find((o) => codes.every((c) => o.codes.includes(c))) ??
      open.find((o) => codes.some((c) => o.codes.includes(c)));
    if (!target) continue; // unmatched
    const credit = -amount;
    const left = target.total - target.refunded;
    target.refunded += credit < left ? credit : left;
    target.hasRefund = true;
  }

  const result = new Map<string, { orders: number; netMinor: bigint }>();
  for (const [customer, orders] of ordersOf) {
    let count = 0;
    let net = 0n;
    for (const o of orders) {
      if (o.cancelled) continue;
      count++;
      net += o.total - o.refunded;
    }
    result.set((CUSTOMER_ID_BASE + BigInt(customer)).toString(), { orders: count, netMinor: net });
  }
  return result;
}
