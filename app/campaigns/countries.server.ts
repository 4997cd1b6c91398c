// Which country a recipient's phone belongs to (Meta prices and blocks by the phone's country), as rows SQL
// joins against, so the audience statement stays set-based.
//
// Rule: the phone's calling code gives its country — the customer's address country when that country uses
// the same calling code (so +1 with a Canadian address is CA, +7 with a Kazakh address is KZ), otherwise the
// calling code's main country in libphonenumber's metadata (+1 → US, +44 → GB, +7 → RU). No valid phone → the
// address country. Calling codes are prefix-free (ITU E.164), so at most one of the 1-, 2- and 3-digit
// prefixes of a number matches.
import { getCountries, getCountryCallingCode, Metadata, type CountryCode } from "libphonenumber-js";

/**
 * Countries where Meta does not deliver MARKETING templates: since 1 April 2025 no marketing template is
 * delivered to US (+1) numbers (docs/apis.md A6; Meta answers 131049 and does not bill). Utility
 * templates are not affected.
 */
export const BLOCKED_MARKETING_COUNTRIES: readonly string[] = ["US"];

let cached: { codes: string[]; mains: string[]; countries: string[]; countryCodes: string[] } | null = null;

/** calling code → main country, and country → calling code, as parallel arrays for `unnest`. */
export function callingCodeRows() {
  if (cached) return cached;
  const byCode = (
    new Metadata() as unknown as { countryCallingCodes(): Record<string, string[]> }
  ).countryCallingCodes();
  const codes: string[] = [];
  const mains: string[] = [];
  for (const [code, list] of Object.entries(byCode)) {
    const main = list.find((c) => c !== "001");
    if (!main) continue; // non-geographic codes (+800, +882…)
    codes.push(code);
    mains.push(main);
  }
  const countries = getCountries() as CountryCode[];
  cached = { codes, mains, countries: [...countries], countryCodes: countries.map((c) => getCountryCallingCode(c)) };
  return cached;
}
