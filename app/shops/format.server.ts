// How a shop writes money and time: its currency (code, minor-unit exponent, symbol), its IANA time zone, name and
// country. One reader for every report, statement and send that formats an amount or a local date, so they all
// read the same columns the same way (a shop row updated by shop/update shows everywhere at once).
import type pg from "pg";
import { pool } from "../db.server";

export interface ShopFormat {
  /** ISO 4217 code, e.g. "GBP" */
  currency: string;
  /** digits after the decimal point (2 for GBP, 0 for JPY): amounts are stored in these minor units */
  currencyExponent: number;
  /** the narrow symbol ("£", "$"); the code itself when the currency has none (currencySymbol) */
  currencySymbol: string;
  /** IANA zone name, e.g. "Europe/London": local days, midnights and send times are computed in it */
  timeZone: string;
  name: string | null;
  countryCode: string | null;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** The shop's format; `db` lets a caller read inside its own transaction. Throws when the shop does not exist. */
export async function readShopFormat(shopId: number, db: Queryable = pool()): Promise<ShopFormat> {
  const { rows } = await db.query<{
    currency: string;
    currency_exponent: number;
    iana_timezone: string;
    name: string | null;
    country_code: string | null;
  }>(`SELECT currency, currency_exponent, iana_timezone, name, country_code FROM shops WHERE id = $1`, [shopId]);
  const shop = rows[0];
  if (!shop) throw new Error(`shop ${shopId} not found`);
  const currency = shop.currency.trim();
  return {
    currency,
    currencyExponent: shop.currency_exponent,
    currencySymbol: currencySymbol(currency),
    timeZone: shop.iana_timezone,
    name: shop.name,
    countryCode: shop.country_code?.trim() || null,
  };
}

/** The narrow symbol of a currency ("£"); Intl answers the code for one without a symbol, and a malformed code
 * comes back with a space (still readable before a number). */
export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat("en", {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
    }).formatToParts(0);
    return parts.find((p) => p.type === "currency")?.value ?? `${currency} `;
  } catch {
    return `${currency} `;
  }
}
