// Each test makes its own shop, so tests share one database without seeing each other's rows.
import { randomUUID } from "node:crypto";
import { upsertShop } from "../../app/shops/shop.server";

export async function createTestShop(overrides: { currency?: string; ianaTimezone?: string; prefix?: string } = {}) {
  const domain = `${overrides.prefix ?? "test"}-${randomUUID().slice(0, 12)}.myshopify.com`;
  return upsertShop(domain, {
    name: domain,
    currency: overrides.currency ?? "USD",
    ianaTimezone: overrides.ianaTimezone ?? "America/New_York",
  });
}
