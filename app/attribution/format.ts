// Display helpers for attribution pages (browser and server).
import { formatMoney, minorToDecimal } from "../lib/money";

export function money(minor: string | bigint | null, currency: string, exponent: number): string {
  return minor === null ? "—" : formatMoney(minor, currency, exponent);
}

/** Minor units → major units as a number, for chart axes only (never for sums). */
export function toMajor(minor: string | bigint, exponent: number): number {
  return Number(minorToDecimal(BigInt(minor), exponent));
}

export function percent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** ROI as a percentage: (revenue − cost) ÷ cost. */
export function roi(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100).toLocaleString("en")}%`;
}

export function count(n: number): string {
  return n.toLocaleString("en");
}

/** "+2.1 pts (−0.4 to +4.6)" for a difference of fractions with its interval. */
export function pointsWithInterval(i: { estimate: number; low: number; high: number } | null): string {
  if (!i) return "—";
  const pts = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}`;
  return `${pts(i.estimate)} pts (${pts(i.low)} to ${pts(i.high)})`;
}

export function moneyWithInterval(
  i: { estimate: number; low: number; high: number } | null,
  currency: string,
  exponent: number,
): string {
  if (!i) return "—";
  const m = (x: number) => {
    const text = formatMoney(BigInt(Math.round(Math.abs(x))), currency, exponent);
    return `${x < 0 ? "−" : "+"}${text}`;
  };
  return `${m(i.estimate)} (${m(i.low)} to ${m(i.high)})`;
}

export function dateTime(iso: string | null, timeZone?: string): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en", {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  });
}

/** What showed the signal, in the merchant's words. */
export const EVIDENCE_LABELS: Record<string, string> = {
  link: "Clicked the link",
  discount_code: "Used the code",
  click: "Clicked earlier",
  read: "Read the message",
  delivered: "Received the message",
};
