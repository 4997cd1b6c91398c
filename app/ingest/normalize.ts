// Derived columns computed from normalized rows (app/ingest/rows.ts) before they reach PostgreSQL. Pure
// functions, shared by every source (webhooks, bulk import, demo generator), so each column means the same
// thing whatever wrote it.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import type { LineRow, OrderRow, RefundRow } from "./rows";

/** Sum of the order's refunds, shop money. */
export function orderRefunded(order: Pick<OrderRow, "refunds">): bigint {
  let sum = 0n;
  for (const refund of order.refunds) sum += refund.amountMinor;
  return sum;
}

/** Revenue that counts: 0 when cancelled or test, else total minus refunds, never below 0. */
export function orderNet(order: Pick<OrderRow, "totalMinor" | "test" | "cancelledAt" | "refunds">): bigint {
  if (order.test || order.cancelledAt) return 0n;
  const net = order.totalMinor - orderRefunded(order);
  return net > 0n ? net : 0n;
}

/** Sold below the compare-at price the variant had when the order was placed. */
export function lineIsMarkdown(line: Pick<LineRow, "priceMinor" | "compareAtPriceMinor">): boolean {
  return line.compareAtPriceMinor !== null && line.compareAtPriceMinor > line.priceMinor;
}

export function orderHasMarkdown(order: Pick<OrderRow, "lines">): boolean {
  return order.lines.some(lineIsMarkdown);
}

export function orderHasDiscountCode(order: Pick<OrderRow, "discountCodes">): boolean {
  return order.discountCodes.some((code) => code.trim() !== "");
}

/** Refunded quantity per line item id (as a decimal string, so 64-bit ids stay exact as map keys). */
export function refundedQuantities(refunds: readonly Pick<RefundRow, "lines">[]): Map<string, number> {
  const byLine = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of refund.lines) {
      const key = line.lineItemId.toString();
      byLine.set(key, (byLine.get(key) ?? 0) + line.quantity);
    }
  }
  return byLine;
}

/** Quantity still on the order after refunds (never negative). */
export function lineCurrentQuantity(line: Pick<LineRow, "id" | "quantity">, refunded: Map<string, number>): number {
  return Math.max(0, line.quantity - (refunded.get(line.id.toString()) ?? 0));
}

export interface LandingSiteParams {
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  /** our recipient reference from the WhatsApp button URL (`r=`) */
  waRef: string | null;
}

const NO_PARAMS: LandingSiteParams = { utmSource: null, utmMedium: null, utmCampaign: null, waRef: null };
// Long enough for any real campaign name; stops a garbage URL from filling an indexed text column.
const MAX_PARAM_LENGTH = 200;

/**
 * UTM parameters and our `r=` reference from an order's landing_site. Shopify stores it as a relative path
 * ("/products/x?utm_source=y"), sometimes as an absolute URL, sometimes as garbage; never throws.
 */
export function parseLandingSite(landingSite: string | null | undefined): LandingSiteParams {
  if (!landingSite) return NO_PARAMS;
  // Only the query matters; parsing it alone tolerates relative paths and broken hosts alike.
  // A "?" after "#" belongs to the fragment, which the server never saw.
  const hashStart = landingSite.indexOf("#");
  const beforeHash = hashStart < 0 ? landingSite : landingSite.slice(0, hashStart);
  const queryStart = beforeHash.indexOf("?");
  if (queryStart < 0) return NO_PARAMS;
  const query = beforeHash.slice(queryStart + 1);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return NO_PARAMS;
  }
  const found: Record<string, string> = {};
  for (const [rawKey, rawValue] of params) {
    const key = rawKey.trim().toLowerCase();
    // The first occurrence wins, as in most analytics tools.
    if (key in found) continue;
    const value = rawValue.trim();
    if (value !== "") found[key] = value.slice(0, MAX_PARAM_LENGTH);
  }
  return {
    utmSource: found["utm_source"] ?? null,
    utmMedium: found["utm_medium"] ?? null,
    utmCampaign: found["utm_campaign"] ?? null,
    waRef: found["r"] ?? null,
  };
}

export type PhoneInvalidReason = "missing" | "unparseable" | "invalid_number" | "not_mobile";

export interface NormalizedPhone {
  /** E.164 when the number is a real number (mobile or not), else null */
  e164: string | null;
  /** null = no phone; true = a number WhatsApp can reach (mobile); false = see reason */
  valid: boolean | null;
  reason: PhoneInvalidReason | null;
}

// Types WhatsApp can deliver to. Where mobile and fixed lines share ranges (US, CA, MX...) the number may be a
// mobile, so it counts; a number whose type the metadata cannot tell gets the benefit of the doubt.
const MOBILE_TYPES = new Set<string | undefined>(["MOBILE", "FIXED_LINE_OR_MOBILE", undefined]);

/**
 * A customer's phone as Shopify has it, in E.164 with a verdict on whether WhatsApp can reach it.
 * `defaultCountry` (ISO 3166-1 alpha-2, usually the customer's address country) resolves national formats.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry?: string | null): NormalizedPhone {
  const trimmed = raw?.trim() ?? "";
  if (trimmed === "") return { e164: null, valid: null, reason: "missing" };
  const country = defaultCountry?.trim().toUpperCase();
  const supported = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  let parsed = parse(trimmed, supported);
  // People type "00" + country code from anywhere, but libphonenumber only honours the international prefix
  // of the default country (0011 in Australia, none in Brazil): retry as "+" when the first reading fails.
  if (!parsed?.isValid() && /^00[1-9]/.test(trimmed)) {
    const international = parse(`+${trimmed.slice(2)}`, undefined);
    if (international?.isValid() || !parsed) parsed = international;
  }
  if (!parsed) return { e164: null, valid: false, reason: "unparseable" };
  if (!parsed.isValid()) return { e164: null, valid: false, reason: "invalid_number" };
  const e164 = parsed.number;
  if (!MOBILE_TYPES.has(parsed.getType())) return { e164, valid: false, reason: "not_mobile" };
  return { e164, valid: true, reason: null };
}

function parse(input: string, defaultCountry: CountryCode | undefined) {
  try {
    return parsePhoneNumberFromString(input, defaultCountry ? { defaultCountry } : undefined);
  } catch {
    return undefined;
  }
}
