// Time in a zone, from Intl (the platform's tz database) and nothing else: the wall-clock parts of an instant in an
// IANA zone and the zone's offset then. Every server and browser module that needs a local day, a local midnight or
// an offset uses these (segment midnights, Shopify-style timestamps, datetime-local fields); no server imports.

export interface ZonedParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
}

// One formatter per zone (building one costs far more than formatting with it; refreshes call this per shop).
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in `timeZone`. Throws RangeError for a zone Intl does not know. */
export function zonedParts(instant: Date | number, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(typeof instant === "number" ? new Date(instant) : instant))
    if (part.type !== "literal") out[part.type] = Number(part.value);
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour!,
    minute: out.minute!,
    second: out.second!,
  };
}

/** The zone's offset from UTC at an instant, in ms (local wall time − UTC): 3_600_000 for London in summer. */
export function zoneOffsetMs(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  const p = zonedParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

// Dates shown in the store's time zone, labelled with the zone's short name ("Dec 7, 2026, 9:30 AM EST"), so
// the server render and the browser agree and the merchant reads store time everywhere.
export function formatInZone(iso: string | Date, timeZone: string, opts: { dateOnly?: boolean } = {}): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    ...(opts.dateOnly ? {} : { hour: "numeric", minute: "2-digit", timeZoneName: "short" }),
  }).format(d);
}

/** "YYYY-MM-DDTHH:mm" of an instant in a zone (what a datetime-local field shows). */
export function localInputValue(iso: string | Date, timeZone: string): string {
  const p = zonedParts(typeof iso === "string" ? new Date(iso) : iso, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2011-06-01T09:26:00+01:00": the instant as wall time in `timeZone` with its offset, Shopify's format. */
export function isoWithOffset(date: Date, timeZone = "UTC"): string {
  const p = zonedParts(date, timeZone);
  const offset = Math.round(zoneOffsetMs(date, timeZone) / 60_000);
  const abs = Math.abs(offset);
  const zone = `${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${zone}`;
}
