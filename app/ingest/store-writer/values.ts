// Row mapping: a normalized customer or order (app/ingest/rows.ts) as the CSV values of its staging table, with the
// derived columns (net, refunded, discount and markdown flags, landing-site parameters) computed by normalize.ts.
import {
  normalizePhone,
  orderHasDiscountCode,
  orderHasMarkdown,
  orderNet,
  orderRefunded,
  parseLandingSite,
} from "../normalize";
import type { CustomerRow, OrderRow } from "../rows";
import type { CsvValue } from "./copy.server";

/** char(n) columns reject longer values; a malformed code is dropped rather than failing the batch. */
function code(value: string | null | undefined, length: 2 | 3): string | null {
  const trimmed = value?.trim().toUpperCase();
  return trimmed && trimmed.length === length && /^[A-Z]+$/.test(trimmed) ? trimmed : null;
}

export function customerValues(row: CustomerRow): CsvValue[] {
  const country = code(row.countryCode, 2);
  const phone = normalizePhone(row.phone, country);
  return [
    row.id,
    row.email,
    row.firstName,
    row.lastName,
    row.phone,
    phone.e164,
    phone.valid,
    phone.reason,
    country,
    row.provinceCode,
    row.province,
    row.city,
    row.tags,
    row.state,
    row.locale,
    row.smsConsentState,
    row.smsConsentOptInLevel,
    row.smsConsentUpdatedAt,
    row.smsConsentCollectedFrom,
    row.whatsappConsentState ?? null,
    row.whatsappConsentOptInLevel ?? null,
    row.whatsappConsentUpdatedAt ?? null,
    row.whatsappConsentCollectedFrom ?? null,
    row.whatsappConsentSourceLocation ?? null,
    row.createdAt,
    row.updatedAt,
  ];
}

export function orderValues(row: OrderRow): CsvValue[] {
  const utm = parseLandingSite(row.landingSite);
  return [
    row.id,
    row.name,
    row.customerId,
    row.email,
    row.phone,
    code(row.presentmentCurrency, 3),
    row.subtotalMinor,
    row.totalMinor,
    row.totalDiscountsMinor,
    orderRefunded(row),
    orderNet(row),
    row.discountCodes,
    orderHasDiscountCode(row),
    row.hasAutomaticDiscount,
    orderHasMarkdown(row),
    row.landingSite,
    row.referringSite,
    utm.utmSource,
    utm.utmMedium,
    utm.utmCampaign,
    utm.waRef,
    row.sourceName,
    row.financialStatus,
    row.test,
    code(row.countryCode, 2),
    row.provinceCode,
    row.city,
    row.createdAt,
    row.processedAt,
    row.updatedAt,
    row.cancelledAt,
    row.cancelReason,
  ];
}
