// Attribution windows: how long after a click, or after a message was delivered or read, an order still counts
// for that message. Shared by the browser (Settings form) and the server: no server imports.
// Defaults and their sources: docs/decisions/0003-attribution-windows.md.
import { z } from "zod";

export interface AttributionWindows {
  /** an order within this many hours of a click on the message credits it */
  clickWindowHours: number;
  /** without a click, an order within this many hours of the message being delivered or read credits it (0 = off) */
  viewWindowHours: number;
}

/** Klaviyo's WhatsApp/SMS click lookback (5 days); 24 h view-through, the middle of what WhatsApp tools use. */
export const DEFAULT_WINDOWS: AttributionWindows = { clickWindowHours: 120, viewWindowHours: 24 };

export const MAX_CLICK_WINDOW_HOURS = 30 * 24;
export const MAX_VIEW_WINDOW_HOURS = 7 * 24;

const hours = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? undefined : typeof v === "string" ? Number(v) : v),
    z
      .number({ error: `Enter the ${label} in hours` })
      .int({ error: `Enter the ${label} as a whole number of hours` })
      .min(min, { error: `The ${label} must be at least ${min} hour${min === 1 ? "" : "s"}` })
      .max(max, { error: `The ${label} can be at most ${max} hours (${max / 24} days)` }),
  );

export const windowsSchema = z.object({
  clickWindowHours: hours("click window", 1, MAX_CLICK_WINDOW_HOURS),
  viewWindowHours: hours("view window", 0, MAX_VIEW_WINDOW_HOURS),
});

/** "off", "1 hour", "24 hours", "5 days", "2 days 6 hours" */
export function describeHours(total: number): string {
  if (total === 0) return "off";
  if (total < 48) return `${total} hour${total === 1 ? "" : "s"}`;
  const days = Math.floor(total / 24);
  const rest = total % 24;
  return rest ? `${days} days ${rest} hour${rest === 1 ? "" : "s"}` : `${days} days`;
}

/** "3 h 12 min", "2 days 4 h", "45 s" — how long before the order a signal happened. */
export function describeDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  const d = Math.floor(h / 24);
  const rh = h % 24;
  return rh ? `${d} days ${rh} h` : `${d} days`;
}
