// Money is integer minor units of the shop currency. These helpers convert only at the edges (display, APIs).

/** "12.34" → 1234n for exponent 2. Exact: no floating point. Throws on anything that is not a decimal. */
export function decimalToMinor(value: string | number, exponent: number): bigint {
  const text = typeof value === "number" ? value.toFixed(exponent) : value.trim();
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`not a decimal amount: ${value}`);
  const [, sign, whole, frac = ""] = m;
  // Round half away from zero on the first dropped digit.
  const kept = frac.padEnd(exponent, "0").slice(0, exponent);
  let minor = BigInt(whole || "0") * 10n ** BigInt(exponent) + BigInt(kept || "0");
  if (frac.length > exponent && Number(frac[exponent]) >= 5) minor += 1n;
  return sign ? -minor : minor;
}

/** 1234n → "12.34" for exponent 2 (what Shopify and Meta expect in decimal string fields). */
export function minorToDecimal(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  if (exponent === 0) return `${negative ? "-" : ""}${abs}`;
  const s = abs.toString().padStart(exponent + 1, "0");
  return `${negative ? "-" : ""}${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

/** Localized display, e.g. "$1,234.56". */
export function formatMoney(minor: bigint | string | number, currency: string, exponent = 2, locale = "en"): string {
  const decimal = minorToDecimal(BigInt(minor), exponent);
  return (
    new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    })
      // Intl formats decimal strings exactly (no float rounding).
      .format(decimal as unknown as number)
  );
}
