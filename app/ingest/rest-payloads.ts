// Normalized rows → the JSON text of Shopify's REST webhook bodies (orders/*, refunds/create; apis.md B4), for the
// Shopify simulator and replay tools. 64-bit ids are written as bare JSON numbers, exactly as Shopify sends them,
// so a consumer must parse with parseJsonWithBigInts. Money is decimal strings in the order currency.
import { stringifyWithBigInts } from "../lib/json";
import { minorToDecimal } from "../lib/money";
import type { CustomerRow, LineRow, OrderRow, ProductRow, RefundRow } from "./rows";
import { isoWithOffset } from "../lib/zoned-time";

// Shopify-style timestamps come from the one zone helper; re-exported for the generator and tests that import it here.
export { isoWithOffset };

export interface RestPayloadContext {
  /** the shop currency (ISO 4217); amounts are rendered with its minor-unit exponent */
  currency: string;
  customer?: CustomerRow | null;
  /** to fill line vendor/title when the line lacks them */
  products?: Map<bigint, ProductRow>;
  /** IANA zone for the timestamps' offsets (Shopify writes the shop's zone); defaults to UTC */
  timeZone?: string;
  /** overrides the exponent Intl knows for the currency */
  exponent?: number;
}

/** Minor-unit exponent of a currency: GBP 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

function gid(type: string, id: bigint): string {
  return `gid://shopify/${type}/${id}`;
}

/** A stable 64-bit id above 2^53 for objects our rows do not carry (refund line items, transactions). */
function derivedId(...parts: Array<bigint | string>): bigint {
  let hash = 0xcbf29ce484222325n; // FNV-1a 64
  for (const ch of parts.join(":")) {
    hash ^= BigInt(ch.codePointAt(0)!);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return (hash & 0x3fffffffffffffffn) | 0x4000000000000000n;
}

class Renderer {
  readonly exponent: number;
  constructor(readonly ctx: RestPayloadContext) {
    this.exponent = ctx.exponent ?? currencyExponent(ctx.currency);
  }
  amount(minor: bigint): string {
    return minorToDecimal(minor, this.exponent);
  }
  set(minor: bigint, presentment = this.ctx.currency) {
    const amount = this.amount(minor);
    // Rows keep shop money only; presentment money equals it unless the buyer paid in another currency.
    return {
      shop_money: { amount, currency_code: this.ctx.currency },
      presentment_money: { amount, currency_code: presentment },
    };
  }
  time(date: Date | null): string | null {
    return date ? isoWithOffset(date, this.ctx.timeZone) : null;
  }
}

function refundedByLine(order: OrderRow): Map<bigint, number> {
  const byLine = new Map<bigint, number>();
  for (const refund of order.refunds)
    for (const l of refund.lines) byLine.set(l.lineItemId, (byLine.get(l.lineItemId) ?? 0) + l.quantity);
  return byLine;
}

function lineItem(line: LineRow, order: OrderRow, r: Renderer, refunded: Map<bigint, number>) {
  const product = line.productId !== null ? r.ctx.products?.get(line.productId) : undefined;
  const title = line.title ?? product?.title ?? null;
  const presentment = order.presentmentCurrency ?? r.ctx.currency;
  const current = line.currentQuantity ?? Math.max(0, line.quantity - (refunded.get(line.id) ?? 0));
  return {
    id: line.id,
    admin_graphql_api_id: gid("LineItem", line.id),
    product_id: line.productId,
    variant_id: line.variantId,
    sku: line.sku,
    title,
    name: title,
    variant_title: null,
    vendor: line.vendor ?? product?.vendor ?? null,
    quantity: line.quantity,
    current_quantity: order.cancelledAt ? 0 : current,
    fulfillable_quantity: order.cancelledAt ? 0 : current,
    price: r.amount(line.priceMinor),
    price_set: r.set(line.priceMinor, presentment),
    total_discount: r.amount(line.totalDiscountMinor),
    total_discount_set: r.set(line.totalDiscountMinor, presentment),
    discount_allocations:
      line.totalDiscountMinor > 0n
        ? [
            {
              amount: r.amount(line.totalDiscountMinor),
              discount_application_index: 0,
              amount_set: r.set(line.totalDiscountMinor, presentment),
            },
          ]
        : [],
    gift_card: false,
    product_exists: line.productId !== null,
    requires_shipping: line.productId !== null,
    taxable: true,
    properties: [],
    tax_lines: [],
    duties: [],
  };
}

function refundObject(refund: RefundRow, order: OrderRow, r: Renderer) {
  const linesById = new Map(order.lines.map((l) => [l.id, l]));
  const refunded = refundedByLine(order);
  const presentment = order.presentmentCurrency ?? r.ctx.currency;
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: refund.orderId,
    created_at: r.time(refund.createdAt),
    processed_at: r.time(refund.processedAt),
    note: refund.note,
    user_id: null,
    restock: false,
    duties: [],
    total_duties_set: r.set(0n, presentment),
    refund_line_items: refund.lines.map((l) => {
      const line = linesById.get(l.lineItemId);
      return {
        id: derivedId("refund_line", refund.id, l.lineItemId),
        line_item_id: l.lineItemId,
        quantity: l.quantity,
        restock_type: "no_restock",
        location_id: null,
        subtotal: r.amount(l.subtotalMinor),
        total_tax: r.amount(0n),
        subtotal_set: r.set(l.subtotalMinor, presentment),
        total_tax_set: r.set(0n, presentment),
        line_item: line ? lineItem(line, order, r, refunded) : null,
      };
    }),
    transactions:
      refund.amountMinor > 0n
        ? [
            {
              id: derivedId("refund_transaction", refund.id),
              admin_graphql_api_id: gid("OrderTransaction", derivedId("refund_transaction", refund.id)),
              order_id: refund.orderId,
              kind: "refund",
              status: "success",
              gateway: "manual",
              amount: r.amount(refund.amountMinor),
              currency: r.ctx.currency,
              amount_set: r.set(refund.amountMinor, presentment),
              created_at: r.time(refund.createdAt),
              processed_at: r.time(refund.processedAt ?? refund.createdAt),
              parent_id: null,
              test: order.test,
            },
          ]
        : [],
    order_adjustments: [],
  };
}

function customerObject(order: OrderRow, ctx: RestPayloadContext, r: Renderer) {
  if (order.customerId === null) return null;
  const c = ctx.customer && ctx.customer.id === order.customerId ? ctx.customer : null;
  return {
    id: order.customerId,
    admin_graphql_api_id: gid("Customer", order.customerId),
    email: c ? c.email : order.email,
    phone: c ? c.phone : null,
    first_name: c?.firstName ?? null,
    last_name: c?.lastName ?? null,
    state: c?.state ?? null,
    created_at: c ? r.time(c.createdAt) : null,
    updated_at: c ? r.time(c.updatedAt) : null,
    default_address:
      c && (c.countryCode || c.city)
        ? {
            country_code: c.countryCode,
            province_code: c.provinceCode,
            province: c.province,
            city: c.city,
            phone: c.phone,
            default: true,
          }
        : null,
  };
}

function orderObject(order: OrderRow, ctx: RestPayloadContext, r: Renderer) {
  const presentment = order.presentmentCurrency ?? ctx.currency;
  const refunded = order.refunds.reduce((sum, x) => sum + x.amountMinor, 0n);
  const lineTotal = order.lines.reduce((sum, l) => sum + BigInt(l.quantity) * l.priceMinor, 0n);
  // Rows carry no tax; whatever the total holds beyond the subtotal is shipping.
  const shipping = order.totalMinor - order.subtotalMinor;
  const currentTotal = order.cancelledAt ? 0n : order.totalMinor - refunded;
  const currentSubtotal = order.cancelledAt
    ? 0n
    : order.subtotalMinor - (refunded > order.subtotalMinor ? order.subtotalMinor : refunded);
  const applications: object[] = order.discountCodes.map((code) => ({
    type: "discount_code",
    code,
    value: r.amount(order.totalDiscountsMinor),
    value_type: "fixed_amount",
    allocation_method: "across",
    target_selection: "all",
    target_type: "line_item",
  }));
  if (order.hasAutomaticDiscount) {
    applications.push({
      type: "automatic",
      title: "Automatic discount",
      value: r.amount(order.totalDiscountsMinor),
      value_type: "fixed_amount",
      allocation_method: "across",
      target_selection: "all",
      target_type: "line_item",
    });
  } else if (applications.length === 0 && order.totalDiscountsMinor > 0n) {
    applications.push({
      type: "manual",
      title: "Discount",
      description: "Discount",
      value: r.amount(order.totalDiscountsMinor),
      value_type: "fixed_amount",
      allocation_method: "across",
      target_selection: "all",
      target_type: "line_item",
    });
  }
  const refundedLines = refundedByLine(order);
  const orderNumber = order.name && /^#?\d+$/.test(order.name) ? Number(order.name.replace("#", "")) : null;
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    order_number: orderNumber,
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    created_at: r.time(order.createdAt),
    updated_at: r.time(order.updatedAt),
    processed_at: r.time(order.processedAt),
    cancelled_at: r.time(order.cancelledAt),
    cancel_reason: order.cancelReason,
    closed_at: null,
    test: order.test,
    source_name: order.sourceName,
    currency: ctx.currency,
    presentment_currency: presentment,
    taxes_included: false,
    total_price: r.amount(order.totalMinor),
    total_price_set: r.set(order.totalMinor, presentment),
    subtotal_price: r.amount(order.subtotalMinor),
    subtotal_price_set: r.set(order.subtotalMinor, presentment),
    total_line_items_price: r.amount(lineTotal),
    total_line_items_price_set: r.set(lineTotal, presentment),
    total_discounts: r.amount(order.totalDiscountsMinor),
    total_discounts_set: r.set(order.totalDiscountsMinor, presentment),
    total_shipping_price_set: r.set(shipping > 0n ? shipping : 0n, presentment),
    total_tax: r.amount(0n),
    total_tax_set: r.set(0n, presentment),
    current_total_price: r.amount(currentTotal),
    current_total_price_set: r.set(currentTotal, presentment),
    current_subtotal_price: r.amount(currentSubtotal),
    current_subtotal_price_set: r.set(currentSubtotal, presentment),
    financial_status: order.financialStatus,
    fulfillment_status: null,
    tags: "",
    note: null,
    note_attributes: [],
    landing_site: order.landingSite,
    referring_site: order.referringSite,
    discount_codes: order.discountCodes.map((code, i) => ({
      code,
      // rows keep one discount total per order: it goes to the first code
      amount: r.amount(i === 0 ? order.totalDiscountsMinor : 0n),
      type: "fixed_amount",
    })),
    discount_applications: applications,
    line_items: order.lines.map((line) => lineItem(line, order, r, refundedLines)),
    shipping_lines:
      shipping > 0n
        ? [
            {
              id: derivedId("shipping_line", order.id),
              title: "Shipping",
              code: "Shipping",
              source: "shopify",
              price: r.amount(shipping),
              price_set: r.set(shipping, presentment),
              discounted_price: r.amount(shipping),
              discount_allocations: [],
              tax_lines: [],
            },
          ]
        : [],
    shipping_address:
      order.countryCode || order.city || order.provinceCode
        ? { country_code: order.countryCode, province_code: order.provinceCode, city: order.city, phone: null }
        : null,
    customer: customerObject(order, ctx, r),
    refunds: order.refunds.map((refund) => refundObject(refund, order, r)),
    fulfillments: [],
  };
}

/** The body of an orders/create (or orders/updated, orders/cancelled) webhook for this order. */
export function orderToRestPayload(order: OrderRow, ctx: RestPayloadContext): string {
  const r = new Renderer(ctx);
  return stringifyWithBigInts(orderObject(order, ctx, r));
}

/** The body of a refunds/create webhook for one of the order's refunds. */
export function refundToRestPayload(refund: RefundRow, order: OrderRow, ctx: RestPayloadContext): string {
  if (refund.orderId !== order.id)
    throw new Error(`refund ${refund.id} belongs to order ${refund.orderId}, not ${order.id}`);
  const r = new Renderer(ctx);
  return stringifyWithBigInts(refundObject(refund, order, r));
}

/** The body of a customers/create (or customers/update) webhook, with tags and SMS consent as before 2025-01. */
export function customerToRestPayload(c: CustomerRow, ctx: RestPayloadContext): string {
  const r = new Renderer(ctx);
  const address =
    c.countryCode || c.city || c.provinceCode
      ? {
          country_code: c.countryCode,
          province_code: c.provinceCode,
          province: c.province,
          city: c.city,
          phone: c.phone,
          default: true,
        }
      : null;
  return stringifyWithBigInts({
    id: c.id,
    admin_graphql_api_id: gid("Customer", c.id),
    email: c.email,
    phone: c.phone,
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state,
    locale: c.locale,
    tags: c.tags.join(", "),
    created_at: r.time(c.createdAt),
    updated_at: r.time(c.updatedAt),
    default_address: address,
    addresses: address ? [address] : [],
    sms_marketing_consent: c.smsConsentState
      ? {
          state: c.smsConsentState,
          opt_in_level: c.smsConsentOptInLevel,
          consent_updated_at: r.time(c.smsConsentUpdatedAt),
          consent_collected_from: c.smsConsentCollectedFrom,
        }
      : null,
  });
}
