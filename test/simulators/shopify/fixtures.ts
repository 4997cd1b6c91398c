// StoreData builders: from small in-memory arrays (unit tests), and a generated store of any size whose
// nodes are produced on demand (streaming and memory tests, benchmarks, the demo).
import type { StoreData } from "./types";

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export function storeDataFromArrays(args: {
  shop: StoreData["shop"];
  customers?: readonly any[];
  products?: readonly any[];
  orders?: readonly any[];
  collections?: readonly any[];
}): StoreData {
  return {
    shop: args.shop,
    customers: () => fromArray(args.customers ?? []),
    products: () => fromArray(args.products ?? []),
    orders: () => fromArray(args.orders ?? []),
    collections: () => fromArray(args.collections ?? []),
  };
}

export function shopInfo(domain: string, overrides: Partial<StoreData["shop"]> = {}): StoreData["shop"] {
  return {
    id: "gid://shopify/Shop/548380009",
    name: domain.replace(/\.myshopify\.com$/, ""),
    currencyCode: "USD",
    ianaTimezone: "America/New_York",
    email: `owner@${domain}`,
    myshopifyDomain: domain,
    ...overrides,
  };
}

const money = (amount: string, currencyCode: string) => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});
const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

/**
 * A deterministic store of `orders` orders (1–3 lines each) over `customers` customers and `products`
 * products. Ids are 64-bit-sized (beyond 2^53) like Shopify's. Dates run forward from `start`, one order
 * every `orderEveryMinutes`, so `updated_at:>=` filters select a known tail.
 */
export function generatedStoreData(args: {
  domain: string;
  orders: number;
  customers?: number;
  products?: number;
  start?: Date;
  orderEveryMinutes?: number;
}): StoreData {
  const customers = args.customers ?? Math.max(1, Math.floor(args.orders / 3));
  const products = args.products ?? 50;
  const start = (args.start ?? new Date("2024-01-01T00:00:00Z")).getTime();
  const step = (args.orderEveryMinutes ?? 5) * 60_000;
  const base = 7_000_000_000_000_000_000n; // > 2^53: ids must survive as strings
  const customerGid = (i: number) => `gid://shopify/Customer/${base + BigInt(i)}`;
  const productGid = (i: number) => `gid://shopify/Product/${base + 100_000_000n + BigInt(i)}`;
  const variantGid = (i: number) => `gid://shopify/ProductVariant/${base + 200_000_000n + BigInt(i)}`;
  const priceOf = (p: number) => 1500 + (p % 17) * 250;

  return {
    shop: shopInfo(args.domain),
    async *customers() {
      for (let i = 0; i < customers; i++) {
        const at = new Date(start + i * 60_000).toISOString();
        const phone = i % 4 === 0 ? null : `+1555${String(1_000_000 + i).slice(-7)}`;
        yield {
          id: customerGid(i),
          email: `customer${i}@example.com`,
          firstName: `Customer`,
          lastName: `${i}`,
          state: "ENABLED",
          locale: "en",
          tags: i % 10 === 0 ? ["vip"] : [],
          createdAt: at,
          updatedAt: at,
          phone,
          defaultPhoneNumber: phone
            ? {
                phoneNumber: phone,
                marketingState: i % 2 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
                marketingOptInLevel: i % 2 ? "SINGLE_OPT_IN" : null,
                marketingUpdatedAt: at,
                marketingCollectedFrom: i % 2 ? "SHOPIFY" : null,
              }
            : null,
          defaultAddress: { countryCodeV2: "US", provinceCode: "NY", province: "New York", city: "New York", phone },
        };
      }
    },
    async *products() {
      for (let p = 0; p < products; p++) {
        yield {
          id: productGid(p),
          title: `Product ${p}`,
          handle: `product-${p}`,
          vendor: "Acme",
          productType: p % 2 ? "Shirts" : "Mugs",
          tags: [],
          status: "ACTIVE",
          updatedAt: new Date(start).toISOString(),
          collections: [],
          variants: [
            {
              id: variantGid(p),
              title: "Default Title",
              sku: `SKU-${p}`,
              price: cents(priceOf(p)),
              compareAtPrice: null,
            },
          ],
        };
      }
    },
    async *orders() {
      for (let i = 0; i < args.orders; i++) {
        const at = new Date(start + i * step).toISOString();
        const lines = 1 + (i % 3);
        const lineItems = [];
        let total = 0;
        for (let l = 0; l < lines; l++) {
          const p = (i * 7 + l) % products;
          const qty = 1 + ((i + l) % 2);
          total += priceOf(p) * qty;
          lineItems.push({
            id: `gid://shopify/LineItem/${base + 500_000_000n + BigInt(i) * 4n + BigInt(l)}`,
            quantity: qty,
            currentQuantity: qty,
            sku: `SKU-${p}`,
            title: `Product ${p}`,
            vendor: "Acme",
            variant: { id: variantGid(p), compareAtPrice: null },
            product: { id: productGid(p) },
            originalUnitPriceSet: money(cents(priceOf(p)), "USD"),
            totalDiscountSet: money("0.00", "USD"),
            discountAllocations: [],
          });
        }
        yield {
          id: `gid://shopify/Order/${base + 300_000_000n + BigInt(i)}`,
          name: `#${1001 + i}`,
          email: `customer${i % customers}@example.com`,
          phone: null,
          createdAt: at,
          updatedAt: at,
          processedAt: at,
          cancelledAt: null,
          cancelReason: null,
          test: false,
          sourceName: "web",
          displayFinancialStatus: "PAID",
          presentmentCurrencyCode: "USD",
          discountCodes: [],
          subtotalPriceSet: money(cents(total), "USD"),
          totalPriceSet: money(cents(total), "USD"),
          totalDiscountsSet: money("0.00", "USD"),
          currentTotalPriceSet: money(cents(total), "USD"),
          customer: { id: customerGid(i % customers) },
          shippingAddress: { countryCodeV2: "US", provinceCode: "NY", city: "New York" },
          customerJourneySummary: null,
          refunds: [],
          lineItems,
        };
      }
    },
    async *collections() {},
  };
}
