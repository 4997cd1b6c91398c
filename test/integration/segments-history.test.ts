// Membership history: entering and leaving write events (only for changes), counts stay exact, the day's count
// lands on the shop's local date, a parameter change moves members; the daily job is booked at local midnight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { checkSegmentReferences, refreshCustomers, refreshSegment } from "../../app/segments/refresh.server";
import { scheduleDailyRefresh } from "../../jobs/processors/segments";
import { queue } from "../../jobs/queues";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";

// 03:00 UTC is still the previous evening in New York.
const NOW = new Date("2026-11-01T03:00:00Z");

async function events(segmentId: number) {
  const { rows } = await pool().query<{ customer_id: string; change: string }>(
    `SELECT customer_id::text, change FROM segment_membership_events WHERE segment_id = $1 ORDER BY id`,
    [segmentId],
  );
  return rows;
}

async function memberIds(segmentId: number) {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY 1`,
    [segmentId],
  );
  return rows.map((r) => r.id);
}

async function countryMembers(shopId: number, country: string) {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id::text FROM customers WHERE shop_id = $1 AND country_code = $2 AND deleted_at IS NULL ORDER BY 1`,
    [shopId, country],
  );
  return rows.map((r) => r.id);
}

describe("segment history", () => {
  let shopId: number;
  let segmentId: number;

  beforeAll(async () => {
    shopId = (await createTestShop({ prefix: "seghist", ianaTimezone: "America/New_York" })).id;
    await writeStore({
      shopId,
      records: generateStore({ orders: 600, seed: 3, now: new Date("2026-11-01T00:00:00Z") }),
    });
    const { rows } = await pool().query<{ id: number }>(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, 'Americans', 'location', $2, now()) RETURNING id`,
      [shopId, JSON.stringify({ countryCodes: ["US"] })],
    );
    segmentId = rows[0]!.id;
  }, 60_000);

  afterAll(async () => {
    await pool().query(`DELETE FROM shops WHERE id = $1`, [shopId]);
  });

  it("first refresh: everyone enters once, the count is exact and dated in the shop's time zone", async () => {
    const us = await countryMembers(shopId, "US");
    expect(us.length).toBeGreaterThan(5);
    const result = await refreshSegment({ shopId, segmentId, now: NOW });
    expect(result).toMatchObject({ entered: us.length, left: 0, count: us.length });
    expect(await memberIds(segmentId)).toEqual(us);
    const ev = await events(segmentId);
    expect(ev.map((e) => e.customer_id).sort()).toEqual(us);
    expect(ev.every((e) => e.change === "entered")).toBe(true);
    const seg = await pool().query(`SELECT member_count, last_refreshed_at FROM segments WHERE id = $1`, [segmentId]);
    expect(seg.rows[0].member_count).toBe(us.length);
    expect(seg.rows[0].last_refreshed_at.toISOString()).toBe(NOW.toISOString());
    const counts = await pool().query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count FROM segment_counts WHERE segment_id = $1`,
      [segmentId],
    );
    expect(counts.rows).toEqual([{ day: "2026-10-31", count: us.length }]);

    // Nothing changed: no events, same count.
    const again = await refreshSegment({ shopId, segmentId, now: NOW });
    expect(again).toMatchObject({ entered: 0, left: 0, count: us.length });
    expect(await events(segmentId)).toHaveLength(us.length);
  });

  it("a customer moving abroad leaves, a deleted customer leaves, one moving in enters", async () => {
    const [mover, deleted] = await countryMembers(shopId, "US");
    const newcomer = (await countryMembers(shopId, "DE"))[0]!;
    const before = (await events(segmentId)).length;
    const countBefore = (await memberIds(segmentId)).length;
    await pool().query(`UPDATE customers SET country_code = 'FR' WHERE shop_id = $1 AND id = $2`, [shopId, mover]);
    await pool().query(`UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id = $2`, [shopId, deleted]);
    await pool().query(`UPDATE customers SET country_code = 'US' WHERE shop_id = $1 AND id = $2`, [shopId, newcomer]);
    const results = await refreshCustomers({
      shopId,
      customerIds: [BigInt(mover!), BigInt(deleted!), BigInt(newcomer)],
      now: NOW,
    });
    expect(results[segmentId]).toMatchObject({ entered: 1, left: 2, count: countBefore - 1 });
    const ev = (await events(segmentId)).slice(before);
    expect(ev).toEqual(
      expect.arrayContaining([
        { customer_id: mover, change: "left" },
        { customer_id: deleted, change: "left" },
        { customer_id: newcomer, change: "entered" },
      ]),
    );
    expect(ev).toHaveLength(3);
    const seg = await pool().query(`SELECT member_count FROM segments WHERE id = $1`, [segmentId]);
    expect(seg.rows[0].member_count).toBe(countBefore - 1);
    expect(seg.rows[0].member_count).toBe((await memberIds(segmentId)).length);
    const counts = await pool().query(`SELECT count FROM segment_counts WHERE segment_id = $1`, [segmentId]);
    expect(counts.rows).toEqual([{ count: countBefore - 1 }]);
  });

  it("a parameter change and refresh moves members from the old definition to the new one", async () => {
    const oldMembers = await memberIds(segmentId);
    await pool().query(`UPDATE segments SET params = $2 WHERE id = $1`, [
      segmentId,
      JSON.stringify({ countryCodes: ["GB"] }),
    ]);
    const later = new Date(NOW.getTime() + 86_400_000);
    const result = await refreshSegment({ shopId, segmentId, now: later });
    const british = await countryMembers(shopId, "GB");
    expect(british.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ entered: british.length, left: oldMembers.length, count: british.length });
    expect(await memberIds(segmentId)).toEqual(british);
    const counts = await pool().query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count FROM segment_counts WHERE segment_id = $1 ORDER BY day`,
      [segmentId],
    );
    expect(counts.rows.map((r) => r.day)).toEqual(["2026-10-31", "2026-11-01"]);
    expect(counts.rows[1].count).toBe(british.length);
  });

  it("books the daily refresh at the shop's next local midnight, once per day", async () => {
    const now = new Date("2026-06-15T20:00:00Z");
    const first = await scheduleDailyRefresh(shopId, "Asia/Kolkata", now);
    const second = await scheduleDailyRefresh(shopId, "Asia/Kolkata", now);
    expect(first.jobId).toBe(`daily-${shopId}-2026-06-17`);
    expect(first.runAt.toISOString()).toBe("2026-06-16T18:30:00.000Z");
    expect(second.jobId).toBe(first.jobId);
    const job = await queue("segments").getJob(first.jobId);
    expect(job?.name).toBe("segments.daily");
    expect(job?.data).toEqual({ shopId });
    expect(job?.opts.delay).toBe(first.runAt.getTime() - now.getTime());
    expect(await queue("segments").getDelayedCount()).toBe(1);
    await job!.remove();
  });

  it("refuses references to missing segments and loops through other segments", async () => {
    const insert = async (kind: string, params: unknown) =>
      (
        await pool().query<{ id: number }>(
          `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, $3::"SegmentKind", $4, now()) RETURNING id`,
          [shopId, kind, kind, JSON.stringify(params)],
        )
      ).rows[0]!.id;
    const sample = await insert("sample", { segmentId, percent: 10, seed: "s" });
    const combo = await insert("combination", { op: "or", segmentIds: [sample] });
    expect(
      await checkSegmentReferences({
        shopId,
        kind: "combination",
        params: { op: "or", segmentIds: [combo], exclude: [] },
      }),
    ).toBeNull();
    // segmentId ← sample ← combo: making the base depend on combo closes a loop.
    expect(
      await checkSegmentReferences({
        shopId,
        segmentId,
        kind: "combination",
        params: { op: "and", segmentIds: [combo], exclude: [] },
      }),
    ).toEqual({ segmentIds: "That segment is built from this one, so this would make a loop" });
    expect(
      await checkSegmentReferences({
        shopId,
        segmentId,
        kind: "combination",
        params: { op: "and", segmentIds: [sample - 1000], exclude: [] },
      }),
    ).toEqual({ segmentIds: "That segment no longer exists" });
    await pool().query(`UPDATE segments SET deleted_at = now() WHERE id = $1`, [combo]);
    expect(
      await checkSegmentReferences({ shopId, kind: "sample", params: { segmentId: combo, percent: 5, seed: "x" } }),
    ).toEqual({ segmentId: "That segment no longer exists" });
  });
});
