// Writes the Online Retail store as the JSONL files a Shopify bulk operation returns for the backfill queries
// (app/ingest/bulk-queries.ts, apis.md B5): products.jsonl, customers.jsonl, orders.jsonl. One object per line,
// connection children (variants, collections, line items) on their own lines right after their parent with
// `__parentId`; lists that are not connections (order refunds) stay inline.
//
//   tsx scripts/online-retail/to-jsonl.ts <out-dir> [--limit <rows>] [--path <file.csv.gz>]
import { once } from "node:events";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { minorToDecimal } from "../../app/lib/money";
import type { CustomerRow, OrderRow, ProductRow } from "../../app/ingest/rows";
import { CURRENCY_EXPONENT, SHOP_CURRENCY } from "./mapping";
import { readOnlineRetail, type OnlineRetailReport } from "./read";

type JsonObject = Record<string, unknown>;

function gid(type: string, id: bigint): string {
  return `gid://shopify/${type}/${id}`;
}

function money(minor: bigint, currency = SHOP_CURRENCY) {
  return { shopMoney: { amount: minorToDecimal(minor, CURRENCY_EXPONENT), currencyCode: currency } };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.000Z$/, "Z") : null;
}

/** The product line, then its collections and variants. */
export function productToBulk(
  product: ProductRow,
  collectionTitles: Map<bigint, { title: string; handle: string | null }>,
): JsonObject[] {
  const parentId = gid("Product", product.id);
  return [
    {
      id: parentId,
      title: product.title,
      handle: product.handle,
      vendor: product.vendor,
      productType: product.productType ?? "",
      tags: product.tags,
      status: (product.status ?? "active").toUpperCase(),
      updatedAt: iso(product.updatedAt),
    },
    ...product.collectionIds.map((id) => ({
      id: gid("Collection", id),
      title: collectionTitles.get(id)?.title ?? "",
      handle: collectionTitles.get(id)?.handle ?? null,
      __parentId: parentId,
    })),
    ...product.variants.map((v) => ({
      id: gid("ProductVariant", v.id),
      title: v.title,
      sku: v.sku,
      price: v.priceMinor === null ? null : minorToDecimal(v.priceMinor, CURRENCY_EXPONENT),
      compareAtPrice: v.compareAtPriceMinor === null ? null : minorToDecimal(v.compareAtPriceMinor, CURRENCY_EXPONENT),
      __parentId: parentId,
    })),
  ];
}

export function customerToBulk(c: CustomerRow): JsonObject {
  return {
    id: gid("Customer", c.id),
    defaultEmailAddress: c.email ? { emailAddress: c.email } : null,
    firstName: c.firstName,
    lastName: c.lastName,
    state: c.state?.toUpperCase() ?? null,
    locale: c.locale,
    tags: c.tags,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    defaultPhoneNumber: c.phone
      ? {
          phoneNumber: c.phone,
          // The 2026-10 shape the backfill's bulk query asks for (no deprecated marketing* fields).
          smsMarketingConsent: c.smsConsentState
            ? {
                state: c.smsConsentState.toUpperCase(),
                optInLevel: c.smsConsentOptInLevel?.toUpperCase() ?? null,
                updatedAt: iso(c.smsConsentUpdatedAt),
                collectedFrom: c.smsConsentCollectedFrom,
              }
            : null,
          whatsAppMarketingConsent: null,
        }
      : null,
    defaultAddress:
      c.countryCode || c.city
        ? {
            countryCodeV2: c.countryCode,
            provinceCode: c.provinceCode,
            province: c.province,
            city: c.city,
            phone: c.phone,
          }
        : null,
  };
}

/** The order line, then its line items. */
export function orderToBulk(o: OrderRow): JsonObject[] {
  const parentId = gid("Order", o.id);
  const refunded = new Map<bigint, number>();
  for (const r of o.refunds)
    for (const l of r.lines) refunded.set(l.lineItemId, (refunded.get(l.lineItemId) ?? 0) + l.quantity);
  return [
    {
      id: parentId,
      name: o.name,
      email: o.email,
      phone: o.phone,
      createdAt: iso(o.createdAt),
      updatedAt: iso(o.updatedAt),
      processedAt: iso(o.processedAt),
      cancelledAt: iso(o.cancelledAt),
      cancelReason: o.cancelReason?.toUpperCase() ?? null,
      test: o.test,
      sourceName: o.sourceName,
      displayFinancialStatus: o.financialStatus?.toUpperCase() ?? null,
      presentmentCurrencyCode: o.presentmentCurrency,
      discountCodes: o.discountCodes,
      subtotalPriceSet: money(o.subtotalMinor),
      totalPriceSet: money(o.totalMinor),
      totalDiscountsSet: money(o.totalDiscountsMinor),
      customer: o.customerId === null ? null : { id: gid("Customer", o.customerId) },
      shippingAddress:
        o.countryCode || o.city ? { countryCodeV2: o.countryCode, provinceCode: o.provinceCode, city: o.city } : null,
      customerJourneySummary:
        o.landingSite || o.referringSite
          ? { firstVisit: { landingPage: o.landingSite, referrerUrl: o.referringSite } }
          : null,
      refunds: o.refunds.map((r) => ({
        id: gid("Refund", r.id),
        createdAt: iso(r.createdAt),
        note: r.note,
        totalRefundedSet: money(r.amountMinor),
      })),
    },
    ...o.lines.map((l) => ({
      id: gid("LineItem", l.id),
      quantity: l.quantity,
      // a cancellation removes every item; a refund the refunded quantity
      currentQuantity: o.cancelledAt ? 0 : (l.currentQuantity ?? Math.max(0, l.quantity - (refunded.get(l.id) ?? 0))),
      sku: l.sku,
      title: l.title,
      vendor: l.vendor,
      variant:
        l.variantId === null
          ? null
          : {
              id: gid("ProductVariant", l.variantId),
              compareAtPrice:
                l.compareAtPriceMinor === null ? null : minorToDecimal(l.compareAtPriceMinor, CURRENCY_EXPONENT),
            },
      product: l.productId === null ? null : { id: gid("Product", l.productId) },
      originalUnitPriceSet: money(l.priceMinor),
      totalDiscountSet: money(l.totalDiscountMinor),
      discountAllocations: [],
      __parentId: parentId,
    })),
  ];
}

async function writeLines(stream: WriteStream, objects: JsonObject[]): Promise<void> {
  for (const object of objects) {
    if (!stream.write(`${JSON.stringify(object)}\n`)) await once(stream, "drain");
  }
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

export interface JsonlResult {
  files: { products: string; customers: string; orders: string };
  counts: { products: number; customers: number; orders: number };
  report: OnlineRetailReport;
}

export async function writeOnlineRetailJsonl(
  outDir: string,
  opts: { path?: string; limit?: number } = {},
): Promise<JsonlResult> {
  mkdirSync(outDir, { recursive: true });
  const files = {
    products: join(outDir, "products.jsonl"),
    customers: join(outDir, "customers.jsonl"),
    orders: join(outDir, "orders.jsonl"),
  };
  const streams = {
    products: createWriteStream(files.products),
    customers: createWriteStream(files.customers),
    orders: createWriteStream(files.orders),
  };
  const counts = { products: 0, customers: 0, orders: 0 };
  const collections = new Map<bigint, { title: string; handle: string | null }>();
  let report: OnlineRetailReport | null = null;
  try {
    for await (const record of readOnlineRetail({ ...opts, onReport: (r) => (report = r) })) {
      if (record.type === "collection")
        collections.set(record.row.id, { title: record.row.title, handle: record.row.handle });
      else if (record.type === "product") {
        await writeLines(streams.products, productToBulk(record.row, collections));
        counts.products++;
      } else if (record.type === "customer") {
        await writeLines(streams.customers, [customerToBulk(record.row)]);
        counts.customers++;
      } else {
        await writeLines(streams.orders, orderToBulk(record.row));
        counts.orders++;
      }
    }
  } finally {
    await Promise.all(Object.values(streams).map(close));
  }
  return { files, counts, report: report! };
}

async function main(argv: string[]): Promise<void> {
  const args = [...argv];
  const opts: { path?: string; limit?: number } = {};
  let outDir: string | undefined;
  while (args.length) {
    const arg = args.shift()!;
    if (arg === "--limit") opts.limit = Number(args.shift());
    else if (arg === "--path") opts.path = args.shift();
    else if (!outDir) outDir = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!outDir || (opts.limit !== undefined && !Number.isInteger(opts.limit))) {
    console.error("usage: tsx scripts/online-retail/to-jsonl.ts <out-dir> [--limit <rows>] [--path <file.csv.gz>]");
    process.exitCode = 2;
    return;
  }
  const result = await writeOnlineRetailJsonl(outDir, opts);
  const { report } = result;
  console.log(
    JSON.stringify(
      {
        files: result.files,
        counts: result.counts,
        report: {
          ...report,
          refundExcessMinor: String(report.refundExcessMinor),
          unmatched: {
            ...report.unmatched,
            amountMinor: String(report.unmatched.amountMinor),
            invoiceNos: report.unmatched.invoiceNos.length,
          },
        },
      },
      null,
      2,
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
