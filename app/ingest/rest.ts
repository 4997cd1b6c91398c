// Shopify REST webhook payloads (orders, refunds, customers, products; apis.md B4) → normalized rows.
// Payloads must be parsed with parseJsonWithBigInts so 64-bit ids arrive exact. Money comes from
// `*_set.shop_money` (the shop currency) when present, else the plain decimal string (also shop currency).
import { decimalToMinor } from "../lib/money";
import { toShopifyId } from "../lib/json";
import type { CustomerRow, LineRow, OrderRow, ProductRow, RefundRow, VariantRow } from "./rows";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Shopify's JSON, read field by field; each reader checks what it uses
type Json = any;

export class PayloadError extends Error {
  override name = "PayloadError";
}

function money(set: Json, plain: Json, exponent: number): bigint {
  const amount = set?.shop_money?.amount ?? plain;
  if (amount === null || amount === undefined || amount === "") return 0n;
  return decimalToMinor(String(amount), exponent);
}

function date(value: Json): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function requiredId(value: Json, what: string): bigint {
  const id = toShopifyId(value);
  if (id === null) throw new PayloadError(`${what} has no id`);
  return id;
}

function tagList(tags: Json): string[] {
  if (Array.isArray(tags))
    return tags
      .map(String)
      .map((t) => t.trim())
      .filter(Boolean);
  if (typeof tags === "string")
    return tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  return [];
}

function str(value: Json): string | null {
  return value === null || value === undefined || value === "" ? null : String(value);
}

export function orderFromRest(p: Json, exponent: number): OrderRow {
  if (!p || typeof p !== "object") throw new PayloadError("order payload is not an object");
  const id = requiredId(p.id ?? p.admin_graphql_api_id, "order");
  const createdAt = date(p.created_at);
  if (!createdAt) throw new PayloadError(`order ${id} has no created_at`);
  const address = p.shipping_address ?? p.billing_address ?? p.customer?.default_address ?? null;
  const applications: Json[] = Array.isArray(p.discount_applications) ? p.discount_applications : [];
  const lines: LineRow[] = (Array.isArray(p.line_items) ? p.line_items : []).map((l: Json): LineRow => {
    const allocations: Json[] = Array.isArray(l.discount_allocations) ? l.discount_allocations : [];
    const allocated = allocations.reduce((sum: bigint, a: Json) => sum + money(a.amount_set, a.amount, exponent), 0n);
    return {
      id: requiredId(l.id ?? l.admin_graphql_api_id, "line item"),
      productId: toShopifyId(l.product_id),
      variantId: toShopifyId(l.variant_id),
      title: str(l.title ?? l.name),
      sku: str(l.sku),
      vendor: str(l.vendor),
      quantity: Number(l.quantity ?? 0),
      priceMinor: money(l.price_set, l.price, exponent),
      totalDiscountMinor: allocations.length ? allocated : money(l.total_discount_set, l.total_discount, exponent),
      compareAtPriceMinor: null, // not in the order payload: filled from the stored variant when applied
    };
  });
  const refunds: RefundRow[] = (Array.isArray(p.refunds) ? p.refunds : []).map((r: Json) =>
    refundFromRest({ ...r, order_id: r.order_id ?? id }, exponent, date(p.updated_at) ?? createdAt),
  );
  return {
    id,
    name: str(p.name),
    customerId: p.customer ? toShopifyId(p.customer.id ?? p.customer.admin_graphql_api_id) : null,
    email: str(p.email ?? p.contact_email),
    phone: str(p.phone ?? p.shipping_address?.phone ?? p.billing_address?.phone),
    presentmentCurrency: str(p.presentment_currency),
    subtotalMinor: money(p.subtotal_price_set, p.subtotal_price, exponent),
    totalMinor: money(p.total_price_set, p.total_price, exponent),
    totalDiscountsMinor: money(p.total_discounts_set, p.total_discounts, exponent),
    discountCodes: (Array.isArray(p.discount_codes) ? p.discount_codes : [])
      .map((d: Json) => String(d.code ?? ""))
      .filter(Boolean),
    hasAutomaticDiscount: applications.some((a) => a?.type === "automatic" || a?.type === "script"),
    landingSite: str(p.landing_site),
    referringSite: str(p.referring_site),
    sourceName: str(p.source_name),
    financialStatus: str(p.financial_status),
    test: p.test === true,
    countryCode: str(address?.country_code)?.toUpperCase() ?? null,
    provinceCode: str(address?.province_code),
    city: str(address?.city),
    createdAt,
    processedAt: date(p.processed_at),
    updatedAt: date(p.updated_at) ?? createdAt,
    cancelledAt: date(p.cancelled_at),
    cancelReason: str(p.cancel_reason),
    lines,
    refunds,
  };
}

/** `receivedAt` stands in for created_at when a payload lacks it (Shopify's test notifications do). */
export function refundFromRest(r: Json, exponent: number, receivedAt?: Date): RefundRow {
  if (!r || typeof r !== "object") throw new PayloadError("refund payload is not an object");
  const id = requiredId(r.id ?? r.admin_graphql_api_id, "refund");
  const transactions: Json[] = Array.isArray(r.transactions) ? r.transactions : [];
  // Money actually returned: successful refund transactions (apis.md B4).
  const amountMinor = transactions
    .filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success")
    .reduce((sum: bigint, t: Json) => sum + money(t.amount_set, t.amount, exponent), 0n);
  const createdAt = date(r.created_at) ?? date(r.processed_at) ?? receivedAt ?? null;
  if (!createdAt) throw new PayloadError(`refund ${id} has no created_at`);
  return {
    id,
    orderId: requiredId(r.order_id, `refund ${id} order`),
    amountMinor,
    note: str(r.note),
    createdAt,
    processedAt: date(r.processed_at),
    lines: (Array.isArray(r.refund_line_items) ? r.refund_line_items : []).map((l: Json) => ({
      lineItemId: requiredId(l.line_item_id ?? l.line_item?.id, "refund line"),
      quantity: Number(l.quantity ?? 0),
      subtotalMinor: money(l.subtotal_set, l.subtotal, exponent),
    })),
  };
}

/** What a customer webhook says. `undefined` = the payload does not carry that field (2025-01+ minimal shape). */
export type CustomerPatch = Partial<CustomerRow> & Pick<CustomerRow, "id">;

export function customerFromRest(p: Json): CustomerPatch {
  if (!p || typeof p !== "object") throw new PayloadError("customer payload is not an object");
  const id = requiredId(p.id ?? p.admin_graphql_api_id, "customer");
  const address =
    p.default_address ??
    (Array.isArray(p.addresses) ? (p.addresses.find((a: Json) => a?.default) ?? p.addresses[0]) : null);
  const patch: CustomerPatch = {
    id,
    email: str(p.email),
    firstName: str(p.first_name),
    lastName: str(p.last_name),
    phone: str(p.phone ?? address?.phone),
    countryCode: str(address?.country_code)?.toUpperCase() ?? null,
    provinceCode: str(address?.province_code),
    province: str(address?.province),
    city: str(address?.city),
    state: str(p.state),
    locale: str(p.locale),
  };
  if (p.created_at) patch.createdAt = date(p.created_at) ?? undefined;
  if (p.updated_at) patch.updatedAt = date(p.updated_at) ?? undefined;
  if ("tags" in p) patch.tags = tagList(p.tags); // absent from 2025-01 customer webhooks
  if (p.sms_marketing_consent !== undefined) Object.assign(patch, smsConsentFromRest(p.sms_marketing_consent));
  const wa = whatsappConsentPayload(p);
  if (wa !== undefined) Object.assign(patch, whatsappConsentFromRest(wa));
  return patch;
}

/**
 * The WhatsApp consent object of a REST payload, if it has one. Shopify publishes no REST sample for
 * customers_whats_app_marketing_consent/update (nor says whether customers/update carries it); we accept the
 * spellings Shopify's naming would give — `whatsapp_marketing_consent`, `whats_app_marketing_consent` — and the
 * GraphQL one, each with REST (`state`, `opt_in_level`, `consent_updated_at`, `consent_collected_from`) or
 * GraphQL (`optInLevel`, `updatedAt`, `collectedFrom`) keys. See docs/shopify.md.
 */
export function whatsappConsentPayload(p: Json): Json | undefined {
  for (const key of ["whatsapp_marketing_consent", "whats_app_marketing_consent", "whatsAppMarketingConsent"])
    if (p && p[key] !== undefined) return p[key];
  return undefined;
}

export function whatsappConsentFromRest(
  c: Json,
): Required<
  Pick<
    CustomerRow,
    | "whatsappConsentState"
    | "whatsappConsentOptInLevel"
    | "whatsappConsentUpdatedAt"
    | "whatsappConsentCollectedFrom"
    | "whatsappConsentSourceLocation"
  >
> {
  const location = c?.source_location_id ?? c?.sourceLocation?.id ?? c?.source_location?.id ?? null;
  return {
    whatsappConsentState: str(c?.state)?.toLowerCase() ?? null,
    whatsappConsentOptInLevel: str(c?.opt_in_level ?? c?.optInLevel)?.toLowerCase() ?? null,
    whatsappConsentUpdatedAt: date(c?.consent_updated_at ?? c?.updatedAt ?? c?.updated_at),
    whatsappConsentCollectedFrom: str(c?.consent_collected_from ?? c?.collectedFrom)?.toUpperCase() ?? null,
    whatsappConsentSourceLocation:
      location === null ? null : String(location).replace(/^gid:\/\/shopify\/Location\//, ""),
  };
}

export function smsConsentFromRest(
  c: Json,
): Pick<CustomerRow, "smsConsentState" | "smsConsentOptInLevel" | "smsConsentUpdatedAt" | "smsConsentCollectedFrom"> {
  return {
    smsConsentState: str(c?.state)?.toLowerCase() ?? null,
    smsConsentOptInLevel: str(c?.opt_in_level)?.toLowerCase() ?? null,
    smsConsentUpdatedAt: date(c?.consent_updated_at),
    smsConsentCollectedFrom: str(c?.consent_collected_from),
  };
}

export function productFromRest(p: Json, exponent: number): ProductRow {
  if (!p || typeof p !== "object") throw new PayloadError("product payload is not an object");
  const id = requiredId(p.id ?? p.admin_graphql_api_id, "product");
  const variants: VariantRow[] = (Array.isArray(p.variants) ? p.variants : []).map((v: Json) => ({
    id: requiredId(v.id ?? v.admin_graphql_api_id, "variant"),
    productId: id,
    title: str(v.title),
    sku: str(v.sku),
    priceMinor: v.price === undefined || v.price === null ? null : decimalToMinor(String(v.price), exponent),
    compareAtPriceMinor: v.compare_at_price ? decimalToMinor(String(v.compare_at_price), exponent) : null,
  }));
  return {
    id,
    title: str(p.title) ?? "",
    handle: str(p.handle),
    vendor: str(p.vendor),
    productType: str(p.product_type),
    tags: tagList(p.tags),
    status: str(p.status),
    updatedAt: date(p.updated_at) ?? new Date(0),
    collectionIds: [], // not in product webhooks; kept from the last backfill
    variants,
  };
}
