// Number and money formatting for the builder's figures (amounts arrive in minor units of the shop currency).
import type { BuilderCurrency } from "./types";

export const n = (x: number) => x.toLocaleString("en");

export function money(minor: string | null | undefined, currency: BuilderCurrency): string {
  if (minor === null || minor === undefined) return "—";
  const value = Number(minor) / 10 ** currency.exponent;
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency: currency.code,
    minimumFractionDigits: currency.exponent,
    maximumFractionDigits: currency.exponent,
  }).format(value);
}
