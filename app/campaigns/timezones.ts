// Where a recipient lives in time: the IANA time zone for quiet hours, from the customer's default address.
// Shared by the browser (the plan shows it) and the server: no server imports.
//
// Rule (docs/campaigns.md, docs/decisions/0008-campaign-plan.md):
//   1. countries spanning several zones where shops have many customers — US, CA, AU, BR, MX, RU — map the
//      province/state code (Shopify's `province_code`, ISO 3166-2 without the country prefix) to its zone
//      (the zone most of its population uses when a state is split);
//   2. any other country (or a province we do not list) → the country's main zone: the first zone the tz
//      database's zone.tab lists for that country (its most populous region), with the overrides noted below;
//   3. no country at all → the shop's time zone.
// Every zone name is checked against PostgreSQL's pg_timezone_names by a test, since SQL does the arithmetic.// The tables are in timezones/ (country-zones.ts, province-zones.ts); the rule itself is here.
import { COUNTRY_ZONE } from "./timezones/country-zones";
import { PROVINCE_ZONE } from "./timezones/province-zones";

export { COUNTRY_ZONE, PROVINCE_ZONE };

/** The zone for a customer's address (rule above); `fallback` is the shop's zone. */
export function zoneFor(
  country: string | null | undefined,
  province: string | null | undefined,
  fallback: string,
): string {
  const cc = (country ?? "").toUpperCase();
  if (!cc) return fallback;
  const byProvince = PROVINCE_ZONE[cc];
  const p = (province ?? "").toUpperCase().replace(/^[A-Z]{2}-/, "");
  return (byProvince && p && byProvince[p]) || COUNTRY_ZONE[cc] || fallback;
}

/** The same rule as rows for SQL (`unnest` of three arrays): province "" = the whole country. */
export function zoneRows(): { country: string[]; province: string[]; zone: string[] } {
  const country: string[] = [];
  const province: string[] = [];
  const zone: string[] = [];
  for (const [cc, z] of Object.entries(COUNTRY_ZONE)) {
    country.push(cc);
    province.push("");
    zone.push(z);
  }
  for (const [cc, table] of Object.entries(PROVINCE_ZONE)) {
    for (const [p, z] of Object.entries(table)) {
      country.push(cc);
      province.push(p);
      zone.push(z);
    }
  }
  return { country, province, zone };
}
