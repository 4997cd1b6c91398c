// Saving from the builder: invalid input gives field errors keyed by the form field, a 400, and saves nothing;
// amounts typed in the shop currency are stored in minor units; an AOV tier set is three segments; deletion is
// refused while something uses the segment; one shop can never read or change another shop's segments.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { loader as exportLoader } from "../../app/routes/app.segments.$id.export";
import { defaultForm } from "../../app/segments/builder-form";
import { deleteSegment, saveSegment } from "../../app/segments/manage.server";
import { listMembers, signExportLink } from "../../app/segments/members.server";
import { getSegmentPage, listSegments } from "../../app/segments/overview.server";
import { previewForm } from "../../app/segments/preview.server";
import { refreshSegment } from "../../app/segments/refresh.server";
import { generateStore } from "../../prisma/seed/generator";
import { createTestShop } from "../setup/shops";

async function count(shopId: number) {
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM segments WHERE shop_id = $1`, [
    shopId,
  ]);
  return rows[0]!.n;
}

async function params(id: number) {
  return (await pool().query(`SELECT params FROM segments WHERE id = $1`, [id])).rows[0].params;
}

const vipForm = { rankBy: "amount", topPercent: "10", minSpend: "1,250.50", qualifyingDays: "365", lapsedDays: "90" };

describe("saving segments", () => {
  let shopId: number;
  let jpyShop: number;

  beforeAll(async () => {
    shopId = (await createTestShop({ prefix: "segsave" })).id;
    jpyShop = (await createTestShop({ prefix: "segsave", currency: "JPY" })).id;
    await writeStore({ shopId, records: generateStore({ orders: 400, seed: 12 }) });
  }, 60_000);

  it("rejects invalid input with field errors under the form's fields and saves nothing", async () => {
    const before = await count(shopId);
    const cases: [Parameters<typeof saveSegment>[0], Record<string, string>][] = [
      [
        { shopId, name: " ", kind: "sale_shopper", form: defaultForm("sale_shopper") },
        { name: "Give the segment a name" },
      ],
      [{ shopId, name: "x", kind: "no_such_kind", form: {} }, { kind: "Choose a kind of segment" }],
      [
        {
          shopId,
          name: "Deals",
          kind: "sale_shopper",
          form: { ...defaultForm("sale_shopper"), minSharePercent: "150" },
        },
        { minSharePercent: "Enter a percentage between 0 and 100" },
      ],
      [
        {
          shopId,
          name: "Deals",
          kind: "sale_shopper",
          form: { ...defaultForm("sale_shopper"), discountCodes: false, automaticDiscounts: false, markdowns: false },
        },
        { discountCodes: "Choose at least one kind of deal" },
      ],
      [
        { shopId, name: "VIP", kind: "former_vip", form: { ...vipForm, minSpend: "12.345" } },
        { minSpend: "Use at most 2 decimals" },
      ],
      [
        { shopId, name: "VIP", kind: "former_vip", form: { ...vipForm, minSpend: "" } },
        { minSpend: "Enter the minimum spend" },
      ],
      [
        { shopId, name: "VIP", kind: "former_vip", form: { ...vipForm, lapsedDays: "0" } },
        { lapsedDays: "The number of days without an order must be at least 1" },
      ],
      [
        {
          shopId,
          name: "X",
          kind: "cross_sell",
          form: { a: [], b: [{ type: "product", value: "12x", label: "?" }], withinDays: "" },
        },
        {
          a: "Choose at least one product, variant, collection, vendor, type or tag they bought",
          b: "Not a valid Shopify id",
        },
      ],
      [
        {
          shopId,
          name: "Tiers",
          kind: "aov_tier",
          form: { ...defaultForm("aov_tier"), mode: "fixed", minAov: "50", maxAov: "20" },
        },
        { maxAov: "Must be above the lowest value" },
      ],
      [
        {
          shopId,
          name: "Tiers",
          kind: "aov_tier",
          form: { ...defaultForm("aov_tier"), lowerCut: "70", upperCut: "40" },
        },
        { upperCut: "The lower cut must be below the upper cut, and both below 100" },
      ],
      [
        { shopId, name: "Where", kind: "location", form: { places: [] } },
        { places: "Choose at least one country, province or city" },
      ],
    ];
    for (const [input, fieldErrors] of cases) {
      const result = await saveSegment(input);
      expect(result, JSON.stringify(input.form)).toEqual({ ok: false, status: 400, fieldErrors });
      // The preview applies the same validation.
      if (input.kind !== "no_such_kind" && !fieldErrors.name)
        expect(await previewForm({ shopId, kind: input.kind, form: input.form })).toEqual({ ok: false, fieldErrors });
    }
    expect(await count(shopId)).toBe(before);
  });

  it("stores amounts typed in the shop currency as minor units (2 decimals in USD, none in JPY)", async () => {
    const usd = await saveSegment({ shopId, name: "Lapsed big spenders", kind: "former_vip", form: vipForm });
    expect(usd.ok).toBe(true);
    expect(await params((usd as { ids: number[] }).ids[0]!)).toMatchObject({
      rankBy: "amount",
      minSpendMinor: "125050",
      lapsedDays: 90,
    });
    const jpy = await saveSegment({
      shopId: jpyShop,
      name: "Lapsed",
      kind: "former_vip",
      form: { ...vipForm, minSpend: "1250.50" },
    });
    expect(jpy).toEqual({
      ok: false,
      status: 400,
      fieldErrors: { minSpend: "Enter a whole amount (this currency has no cents)" },
    });
    const yen = await saveSegment({
      shopId: jpyShop,
      name: "Lapsed",
      kind: "former_vip",
      form: { ...vipForm, minSpend: "15000" },
    });
    expect(await params((yen as { ids: number[] }).ids[0]!)).toMatchObject({ minSpendMinor: "15000" });
  });

  it("names are unique among a shop's live segments", async () => {
    const again = await saveSegment({
      shopId,
      name: "lapsed BIG spenders",
      kind: "sale_shopper",
      form: defaultForm("sale_shopper"),
    });
    expect(again).toEqual({
      ok: false,
      status: 400,
      fieldErrors: { name: "You already have a segment called “Lapsed big spenders”" },
    });
  });

  it("an AOV tier set is three segments, one per band", async () => {
    const result = await saveSegment({
      shopId,
      name: "Order value",
      kind: "aov_tier",
      form: defaultForm("aov_tier"),
      allBands: true,
    });
    expect(result.ok && result.ids).toHaveLength(3);
    const { rows } = await pool().query(
      `SELECT name, params->>'band' AS band FROM segments WHERE id = ANY($1::int[]) ORDER BY id`,
      [(result as { ids: number[] }).ids],
    );
    expect(rows).toEqual([
      { name: "Order value – low", band: "low" },
      { name: "Order value – mid", band: "mid" },
      { name: "Order value – high", band: "high" },
    ]);
  });

  it("refuses to delete a segment a sample or an active campaign still uses", async () => {
    const base = await saveSegment({
      shopId,
      name: "Everyone in US",
      kind: "location",
      form: { places: [{ type: "country", value: "US", label: "US" }] },
    });
    const baseId = (base as { ids: number[] }).ids[0]!;
    const sample = await saveSegment({
      shopId,
      name: "US test group",
      kind: "sample",
      form: { segmentId: String(baseId), percent: "5", seed: "t" },
    });
    const sampleId = (sample as { ids: number[] }).ids[0]!;
    expect(await deleteSegment({ shopId, segmentId: baseId })).toEqual({
      ok: false,
      status: 400,
      message: "Used by “US test group”: change or delete it first.",
    });
    const campaign = (
      await pool().query<{ id: number }>(
        `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, 'Spring launch', 'scheduled', now()) RETURNING id`,
        [shopId],
      )
    ).rows[0]!.id;
    await pool().query(`INSERT INTO campaign_segments (campaign_id, segment_id, shop_id) VALUES ($1, $2, $3)`, [
      campaign,
      sampleId,
      shopId,
    ]);
    expect(await deleteSegment({ shopId, segmentId: sampleId })).toEqual({
      ok: false,
      status: 400,
      message: "Campaign “Spring launch” still targets this segment: remove it there first.",
    });
    await pool().query(`UPDATE campaigns SET status = 'completed' WHERE id = $1`, [campaign]);
    expect(await deleteSegment({ shopId, segmentId: sampleId })).toEqual({ ok: true });
    expect(await deleteSegment({ shopId, segmentId: baseId })).toEqual({ ok: true });
    // Its name is free again.
    expect(
      (
        await saveSegment({
          shopId,
          name: "Everyone in US",
          kind: "location",
          form: { places: [{ type: "country", value: "US", label: "US" }] },
        })
      ).ok,
    ).toBe(true);
  });

  it("a shop never sees or changes another shop's segment", async () => {
    const other = await createTestShop({ prefix: "segsave" });
    const mine = (await listSegments(shopId)).find((s) => s.name === "Lapsed big spenders")!;
    await refreshSegment({ shopId, segmentId: mine.id });
    expect((await listMembers({ shopId, segmentId: mine.id })).rows.length).toBeGreaterThan(0);

    expect(await listSegments(other.id)).toEqual([]);
    expect(await getSegmentPage(other.id, mine.id)).toBeNull();
    expect((await listMembers({ shopId: other.id, segmentId: mine.id })).rows).toEqual([]);
    expect(await saveSegment({ shopId: other.id, segmentId: mine.id, name: "Mine now", form: vipForm })).toEqual({
      ok: false,
      status: 404,
      fieldErrors: { form: "This segment no longer exists" },
    });
    expect(await deleteSegment({ shopId: other.id, segmentId: mine.id })).toEqual({
      ok: false,
      status: 404,
      message: "This segment no longer exists",
    });
    // Building on another shop's segment is refused as if it did not exist.
    expect(
      await saveSegment({
        shopId: other.id,
        name: "Sample",
        kind: "sample",
        form: { segmentId: String(mine.id), percent: "10", seed: "x" },
      }),
    ).toEqual({ ok: false, status: 400, fieldErrors: { segmentId: "That segment no longer exists" } });
    // An export link signed for the other shop does not open this shop's segment.
    const forOther = new Request(
      `https://segwa.test/app/segments/${mine.id}/export?${signExportLink(other.id, mine.id)}`,
    );
    const res = await exportLoader({ request: forOther, params: { id: String(mine.id) }, context: {} });
    expect(res.status).toBe(404);
    // Signed for this shop, it streams this shop's members.
    const ok = await exportLoader({
      request: new Request(`https://segwa.test/app/segments/${mine.id}/export?${signExportLink(shopId, mine.id)}`),
      params: { id: String(mine.id) },
      context: {},
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="lapsed-big-spenders-members-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = (await ok.text()).trim().split("\r\n");
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM segment_members WHERE segment_id = $1`,
      [mine.id],
    );
    expect(lines).toHaveLength(rows[0]!.n + 1);
  });
});
