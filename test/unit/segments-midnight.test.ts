import { describe, expect, it } from "vitest";
import { nextLocalMidnight } from "../../jobs/processors/segments";

function local(at: Date, timeZone: string) {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "medium" }).format(at);
}

describe("nextLocalMidnight", () => {
  it("America/New_York on the spring-forward day (23-hour day)", () => {
    // 2026-03-08: clocks jump 02:00 EST → 03:00 EDT.
    const before = nextLocalMidnight(new Date("2026-03-07T17:00:00Z"), "America/New_York");
    expect(before.at.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(before.localDate).toBe("2026-03-08");
    const after = nextLocalMidnight(new Date("2026-03-08T16:00:00Z"), "America/New_York");
    expect(after.at.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(after.localDate).toBe("2026-03-09");
    // The day in between is 23 hours long.
    expect(after.at.getTime() - before.at.getTime()).toBe(23 * 3600_000);
  });

  it("America/New_York on the fall-back day (25-hour day)", () => {
    const start = nextLocalMidnight(new Date("2026-10-31T16:00:00Z"), "America/New_York");
    expect(start.at.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    const end = nextLocalMidnight(new Date("2026-11-01T17:00:00Z"), "America/New_York");
    expect(end.at.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(end.at.getTime() - start.at.getTime()).toBe(25 * 3600_000);
  });

  it("a +05:30 zone (Asia/Kolkata), including just before and exactly at midnight", () => {
    // 20:00Z is 01:30 on the 16th in India: the next midnight starts the 17th.
    expect(nextLocalMidnight(new Date("2026-06-15T20:00:00Z"), "Asia/Kolkata").at.toISOString()).toBe(
      "2026-06-16T18:30:00.000Z",
    );
    expect(nextLocalMidnight(new Date("2026-06-15T18:29:59Z"), "Asia/Kolkata").at.toISOString()).toBe(
      "2026-06-15T18:30:00.000Z",
    );
    // At midnight exactly, the next one is a day later.
    expect(nextLocalMidnight(new Date("2026-06-15T18:30:00Z"), "Asia/Kolkata").at.toISOString()).toBe(
      "2026-06-16T18:30:00.000Z",
    );
  });

  it("a zone whose DST jump skips midnight starts the day at 01:00 (America/Santiago)", () => {
    // Chile moves 24:00 → 01:00 on the first Sunday of September.
    const { at, localDate } = nextLocalMidnight(new Date("2026-09-05T15:00:00Z"), "America/Santiago");
    expect(localDate).toBe("2026-09-06");
    expect(local(at, "America/Santiago")).toBe("2026-09-06 01:00:00");
    expect(local(new Date(at.getTime() - 1000), "America/Santiago")).toBe("2026-09-05 23:59:59");
  });

  it("UTC", () => {
    expect(nextLocalMidnight(new Date("2026-01-31T23:59:59Z"), "UTC").at.toISOString()).toBe(
      "2026-02-01T00:00:00.000Z",
    );
  });
});
