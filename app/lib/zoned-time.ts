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
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(typeof iso === "string" ? new Date(iso) : iso)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
