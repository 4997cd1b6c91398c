// The normalized store model every source is turned into before it reaches PostgreSQL: Shopify webhooks
// (REST shape), bulk-operation JSONL (GraphQL shape), the demo store generator and the Online Retail replay.
// Ids are Shopify's 64-bit numeric ids as bigint; money is integer minor units of the shop currency.
// Derived columns (net revenue, markdown flags, UTM, aggregates) are computed by app/ingest, not here.

export interface CustomerRow {
  id: bigint;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** phone exactly as Shopify has it (default phone, else default address phone) */
  phone: string | null;
  countryCode: string | null;
  provinceCode: string | null;
  province: string | null;
  city: string | null;
  tags: string[];
  state: string | null;
  locale: string | null;
  /** Shopify SMS marketing consent: not_subscribed | pending | subscribed | unsubscribed | redacted | invalid */
  smsConsentState: string | null;
  smsConsentOptInLevel: string | null;
  smsConsentUpdatedAt: Date | null;
  smsConsentCollectedFrom: string | null;
  /**
   * Shopify WhatsApp marketing consent (2026-07+): never_subscribed | pending | subscribed | unsubscribed |
   * redacted. Absent (undefined) when the source did not carry it: the stored value is kept.
   */
  whatsappConsentState?: string | null;
  whatsappConsentOptInLevel?: string | null;
  whatsappConsentUpdatedAt?: Date | null;
  /** SHOPIFY | OTHER */
  whatsappConsentCollectedFrom?: string | null;
  whatsappConsentSourceLocation?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VariantRow {
  id: bigint;
  productId: bigint;
  title: string | null;
  sku: string | null;
  priceMinor: bigint | null;
  compareAtPriceMinor: bigint | null;
}

export interface ProductRow {
  id: bigint;
  title: string;
  handle: string | null;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  status: string | null;
  updatedAt: Date;
  collectionIds: bigint[];
  variants: VariantRow[];
}

export interface CollectionRow {
  id: bigint;
  title: string;
  handle: string | null;
}

export interface LineRow {
  id: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  title: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  /** unit price, shop money */
  priceMinor: bigint;
  /** sum of this line's discount allocations, shop money */
  totalDiscountMinor: bigint;
  /** the variant's compare-at price when the order was placed, if known */
  compareAtPriceMinor: bigint | null;
  /** quantity after refunds/removals when the source says so (GraphQL `currentQuantity`); else derived from refunds */
  currentQuantity?: number;
}

export interface RefundLineRow {
  lineItemId: bigint;
  quantity: number;
  subtotalMinor: bigint;
}

export interface RefundRow {
  id: bigint;
  orderId: bigint;
  /** sum of successful refund transactions, shop money */
  amountMinor: bigint;
  note: string | null;
  createdAt: Date;
  processedAt: Date | null;
  lines: RefundLineRow[];
}

export interface OrderRow {
  id: bigint;
  name: string | null;
  customerId: bigint | null;
  email: string | null;
  phone: string | null;
  presentmentCurrency: string | null;
  subtotalMinor: bigint;
  /** order total at placement, shop money */
  totalMinor: bigint;
  totalDiscountsMinor: bigint;
  discountCodes: string[];
  /** an automatic (not code) discount applied */
  hasAutomaticDiscount: boolean;
  landingSite: string | null;
  referringSite: string | null;
  sourceName: string | null;
  financialStatus: string | null;
  test: boolean;
  countryCode: string | null;
  provinceCode: string | null;
  city: string | null;
  createdAt: Date;
  processedAt: Date | null;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  lines: LineRow[];
  refunds: RefundRow[];
}

/** What a store source yields, in an order a writer can stream: collections, products, customers, then orders. */
export type StoreRecord =
  | { type: "collection"; row: CollectionRow }
  | { type: "product"; row: ProductRow }
  | { type: "customer"; row: CustomerRow }
  | { type: "order"; row: OrderRow };
