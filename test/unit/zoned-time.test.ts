// The one time-zone helper (app/lib/zoned-time.ts): wall-clock parts and offsets across DST changes, and the two
// string forms built on them (Shopify's timestamp with offset, a datetime-local field's value).
import { describe, expect, it } from "vitest";
import { isoWithOffset, localInputValue, zonedParts, zoneOffsetMs } from "../../app/lib/zoned-time";

describe("zoned time", () => {
  it("wall-clock parts of an instant, midnight as hour 0", () => {
    expect(zonedParts(new Date("2026-03-29T00:30:00Z"), "Europe/London")).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 0,
      minute: 30,
      second: 0,
    });
    expect(zonedParts(Date.parse("2026-12-31T23:59:59Z"), "Asia/Tokyo")).toMatchObject({ year: 2027, day: 1, hour: 8 });
  });

  it("offsets on both sides of a DST change, half-hour zones and west of UTC", () => {
    expect(zoneOffsetMs(new Date("2026-03-29T00:59:59Z"), "Europe/London")).toBe(0);
    expect(zoneOffsetMs(new Date("2026-03-29T01:00:00Z"), "Europe/London")).toBe(3_600_000);
    expect(zoneOffsetMs(new Date("2026-07-01T00:00:00Z"), "Asia/Kolkata")).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs(new Date("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
  });

  it("Shopify-style timestamps and datetime-local values", () => {
    expect(isoWithOffset(new Date("2011-06-01T08:26:00Z"), "Europe/London")).toBe("2011-06-01T09:26:00+01:00");
    expect(isoWithOffset(new Date("2026-01-15T12:00:05Z"), "America/St_Johns")).toBe("2026-01-15T08:30:05-03:30");
    expect(isoWithOffset(new Date("2026-01-15T12:00:00Z"))).toBe("2026-01-15T12:00:00+00:00");
    expect(localInputValue("2026-12-07T15:04:00Z", "Australia/Sydney")).toBe("2026-12-08T02:04");
  });

  it("an unknown zone is an error, not UTC", () => {
    expect(() => zonedParts(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
