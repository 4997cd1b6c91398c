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
