// Shops: the tenant every row belongs to.
import type { Shop } from "@prisma/client";
import { prisma } from "../db.server";

export const DEMO_SHOP_DOMAIN = "demo-store.myshopify.com";

/** Digits after the decimal point for an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export interface ShopDetails {
  name?: string | null;
  email?: string | null;
  currency?: string;
  ianaTimezone?: string;
  countryCode?: string | null;
  plan?: string | null;
  demo?: boolean;
}

/** Creates or refreshes the shop row; a reinstall clears the uninstall and pending deletion. */
export async function upsertShop(domain: string, details: ShopDetails = {}): Promise<Shop> {
  const data = {
    ...(details.name !== undefined && { name: details.name }),
    ...(details.email !== undefined && { email: details.email }),
    ...(details.currency && { currency: details.currency, currencyExponent: currencyExponent(details.currency) }),
    ...(details.ianaTimezone && { ianaTimezone: details.ianaTimezone }),
    ...(details.countryCode !== undefined && { countryCode: details.countryCode }),
    ...(details.plan !== undefined && { plan: details.plan }),
    ...(details.demo !== undefined && { demo: details.demo }),
  };
  return prisma().shop.upsert({
    where: { domain },
    create: { domain, ...data },
    update: { ...data, uninstalledAt: null, dataDeletionDueAt: null },
  });
}

export async function findShopByDomain(domain: string): Promise<Shop | null> {
  return prisma().shop.findUnique({ where: { domain } });
}
