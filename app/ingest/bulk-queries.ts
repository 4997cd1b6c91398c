// The bulk-operation queries of the backfill (one top-level connection each, nesting depth ≤ 2; apis.md B5)
// and the mapping of their JSONL objects to normalized rows. Children of a nested connection arrive as their
// own lines with `__parentId`; we ask for groupObjects so they follow their parent.
import { decimalToMinor } from "../lib/money";
import { toShopifyId } from "../lib/json";
import type { CollectionRow, CustomerRow, LineRow, OrderRow, ProductRow, RefundRow } from "./rows";

export type BulkResource = "products" | "customers" | "orders";
export const BULK_RESOURCES: BulkResource[] = ["products", "customers", "orders"];

export const BULK_QUERIES: Record<BulkResource, string> = {
  products: `{
  products {
    edges { node {
      id title handle vendor productType tags status updatedAt
      collections { edges { node { id title handle } } }
      variants { edges { node { id title sku price compareAtPrice } } }
    } }
  }
}`,
  customers: `{
  customers {
    edges { node {
      id firstName lastName state locale tags createdAt updatedAt
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber {
        phoneNumber
        smsMarketingConsent { state optInLevel updatedAt collectedFrom }
        whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom sourceLocation { id } }
      }
      defaultAddress { countryCodeV2 provinceCode province city phone }
    } }
  }
}`,
  orders: `{
  orders {
    edges { node {
      id name email phone createdAt updatedAt processedAt cancelledAt cancelReason test sourceName
      displayFinancialStatus presentmentCurrencyCode discountCodes
      subtotalPriceSet { shopMoney { amount } }
      totalPriceSet { shopMoney { amount } }
      totalDiscountsSet { shopMoney { amount } }
      customer { id }
      shippingAddress { countryCodeV2 provinceCode city }
      customerJourneySummary { firstVisit { landingPage referrerUrl } }
      refunds { id createdAt note totalRefundedSet { shopMoney { amount } } }
      lineItems { edges { node {
        id quantity currentQuantity sku title vendor
        variant { id compareAtPrice }
        product { id }
        originalUnitPriceSet { shopMoney { amount } }
        totalDiscountSet { shopMoney { amount } }
        discountAllocations { discountApplication { __typename } }
      } } }
    } }
  }
}`,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Shopify's JSON, read field by field; each reader checks what it uses
type Json = any;

export class BulkLineError extends Error {
  override name = "BulkLineError";
}

/** "gid://shopify/Order/123" → "Order" */
export function gidType(gid: unknown): string | null {
  if (typeof gid !== "string") return null;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid);
  return m ? m[1]! : null;
}

function id(value: unknown, what: string): bigint {
  const v = toShopifyId(value);
  if (v === null) throw new BulkLineError(`${what} without id`);
  return v;
}

function money(bag: Json, exponent: number): bigint {
  const amount = bag?.shopMoney?.amount;
  return amount === undefined || amount === null ? 0n : decimalToMinor(String(amount), exponent);
}

function maybeMoney(value: Json, exponent: number): bigint | null {
  return value === undefined || value === null || value === "" ? null : decimalToMinor(String(value), exponent);
}

function date(value: Json): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function str(value: Json): string | null {
  return value === undefined || value === null || value === "" ? null : String(value);
}

const AUTOMATIC = new Set(["AutomaticDiscountApplication", "ScriptDiscountApplication"]);

/** A root object with its children gathered from the following lines. */
export interface BulkGroup {
  root: Json;
  children: Json[];
}

/** CustomerMarketingConsentState → our stored lower-case state; NEVER_SUBSCRIBED keeps the REST word for SMS. */
function consentState(value: Json, sms: boolean): string | null {
  const s = str(value)?.toLowerCase() ?? null;
  return sms && s === "never_subscribed" ? "not_subscribed" : s;
}

export function customerFromBulk(node: Json): CustomerRow {
  const phone = node.defaultPhoneNumber ?? null;
  const sms = phone?.smsMarketingConsent ?? null;
  const wa = phone?.whatsAppMarketingConsent ?? null;
  const address = node.defaultAddress ?? null;
  const created = date(node.createdAt) ?? new Date(0);
  return {
    id: id(node.id, "customer"),
    email: str(node.defaultEmailAddress?.emailAddress),
    firstName: str(node.firstName),
    lastName: str(node.lastName),
    phone: str(phone?.phoneNumber ?? address?.phone),
    countryCode: str(address?.countryCodeV2),
    provinceCode: str(address?.provinceCode),
    province: str(address?.province),
    city: str(address?.city),
    tags: Array.isArray(node.tags) ? node.tags.map(String) : [],
    state: str(node.state)?.toLowerCase() ?? null,
    locale: str(node.locale),
    smsConsentState: consentState(sms?.state, true),
    smsConsentOptInLevel: str(sms?.optInLevel)?.toLowerCase() ?? null,
    smsConsentUpdatedAt: date(sms?.updatedAt),
    smsConsentCollectedFrom: str(sms?.collectedFrom),
    whatsappConsentState: consentState(wa?.state, false),
    whatsappConsentOptInLevel: str(wa?.optInLevel)?.toLowerCase() ?? null,
    whatsappConsentUpdatedAt: date(wa?.updatedAt),
    whatsappConsentCollectedFrom: str(wa?.collectedFrom),
    whatsappConsentSourceLocation: str(wa?.sourceLocation?.id)?.replace(/^gid:\/\/shopify\/Location\//, "") ?? null,
    createdAt: created,
    updatedAt: date(node.updatedAt) ?? created,
  };
}

export function productFromBulk(
  group: BulkGroup,
  exponent: number,
): { product: ProductRow; collections: CollectionRow[] } {
  const node = group.root;
  const productId = id(node.id, "product");
  const collections: CollectionRow[] = [];
  const product: ProductRow = {
    id: productId,
    title: str(node.title) ?? "",
    handle: str(node.handle),
    vendor: str(node.vendor),
    productType: str(node.productType),
    tags: Array.isArray(node.tags) ? node.tags.map(String) : [],
    status: str(node.status)?.toLowerCase() ?? null,
    updatedAt: date(node.updatedAt) ?? new Date(0),
    collectionIds: [],
    variants: [],
  };
  for (const child of group.children) {
    const type = gidType(child.id);
    if (type === "ProductVariant") {
      product.variants.push({
        id: id(child.id, "variant"),
        productId,
        title: str(child.title),
        sku: str(child.sku),
        priceMinor: maybeMoney(child.price, exponent),
        compareAtPriceMinor: maybeMoney(child.compareAtPrice, exponent),
      });
    } else if (type === "Collection") {
      const collectionId = id(child.id, "collection");
      product.collectionIds.push(collectionId);
      collections.push({ id: collectionId, title: str(child.title) ?? "", handle: str(child.handle) });
    } else {
      throw new BulkLineError(`unexpected ${type ?? "object"} under a product`);
    }
  }
  return { product, collections };
}

export function orderFromBulk(group: BulkGroup, exponent: number): OrderRow {
  const node = group.root;
  const orderId = id(node.id, "order");
  const createdAt = date(node.createdAt);
  if (!createdAt) throw new BulkLineError(`order ${orderId} without createdAt`);
  let automatic = false;
  const lines: LineRow[] = group.children.map((child) => {
    if (gidType(child.id) !== "LineItem")
      throw new BulkLineError(`unexpected ${gidType(child.id) ?? "object"} under an order`);
    const allocations: Json[] = Array.isArray(child.discountAllocations) ? child.discountAllocations : [];
    if (allocations.some((a) => AUTOMATIC.has(a?.discountApplication?.__typename))) automatic = true;
    return {
      id: id(child.id, "line item"),
      productId: toShopifyId(child.product?.id),
      variantId: toShopifyId(child.variant?.id),
      title: str(child.title),
      sku: str(child.sku),
      vendor: str(child.vendor),
      quantity: Number(child.quantity ?? 0),
      currentQuantity:
        child.currentQuantity === undefined || child.currentQuantity === null
          ? undefined
          : Number(child.currentQuantity),
      priceMinor: money(child.originalUnitPriceSet, exponent),
      totalDiscountMinor: money(child.totalDiscountSet, exponent),
      // the variant's compare-at price now: the bulk API has no historical compare-at per order line
      compareAtPriceMinor: maybeMoney(child.variant?.compareAtPrice, exponent),
    };
  });
  const refunds: RefundRow[] = (Array.isArray(node.refunds) ? node.refunds : []).map((r: Json) => ({
    id: id(r.id, "refund"),
    orderId,
    amountMinor: money(r.totalRefundedSet, exponent),
    note: str(r.note),
    createdAt: date(r.createdAt) ?? createdAt,
    processedAt: date(r.createdAt),
    lines: [], // line quantities come from currentQuantity
  }));
  const visit = node.customerJourneySummary?.firstVisit ?? null;
  return {
    id: orderId,
    name: str(node.name),
    customerId: toShopifyId(node.customer?.id),
    email: str(node.email),
    phone: str(node.phone),
    presentmentCurrency: str(node.presentmentCurrencyCode),
    subtotalMinor: money(node.subtotalPriceSet, exponent),
    totalMinor: money(node.totalPriceSet, exponent),
    totalDiscountsMinor: money(node.totalDiscountsSet, exponent),
    discountCodes: Array.isArray(node.discountCodes) ? node.discountCodes.map(String) : [],
    hasAutomaticDiscount: automatic,
    landingSite: str(visit?.landingPage),
    referringSite: str(visit?.referrerUrl),
    sourceName: str(node.sourceName),
    financialStatus: str(node.displayFinancialStatus)?.toLowerCase() ?? null,
    test: node.test === true,
    countryCode: str(node.shippingAddress?.countryCodeV2),
    provinceCode: str(node.shippingAddress?.provinceCode),
    city: str(node.shippingAddress?.city),
    createdAt,
    processedAt: date(node.processedAt),
    updatedAt: date(node.updatedAt) ?? createdAt,
    cancelledAt: date(node.cancelledAt),
    cancelReason: str(node.cancelReason)?.toLowerCase() ?? null,
    lines,
    refunds,
  };
}
