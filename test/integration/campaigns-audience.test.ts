// The campaign audience on real PostgreSQL: the send plan before scheduling and the snapshot at start come from
// one statement, so their counts must be equal; overlap, exclusion reasons, duplicate phones, the frequency cap
// across campaigns, quiet hours in the recipients' own time zones and deterministic groups.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { computeSendPlan } from "../../app/campaigns/plan.server";
import { startCampaign } from "../../app/campaigns/start.server";
import { saveCampaignSettings } from "../../app/campaigns/settings.server";
import { COUNTRY_ZONE, PROVINCE_ZONE, zoneFor } from "../../app/campaigns/timezones";
import { createTestShop } from "../setup/shops";
import {
  addCustomers,
  addSegment,
  addTemplate,
  createCampaign,
  customerId,
  markScheduled,
  recipientsOf,
  type TestCustomer,
} from "../setup/campaigns";

describe("send plan and snapshot", () => {
  it("targets a customer in several segments through the first, gives every exclusion its reason, and the plan equals the snapshot", async () => {
    const shop = await createTestShop({ ianaTimezone: "Europe/London" });
    const template = await addTemplate(shop.id);
    const vip = await addSegment(shop.id, "VIPs");
    const lapsed = await addSegment(shop.id, "Lapsed");
    const ids = Array.from({ length: 9 }, () => customerId());
    const [both, onlyLapsed, samePhone, noPhone, optedOut, noConsent, us, canada, capped] = ids as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const list: TestCustomer[] = [
      { id: both, phone: "+447700900001", country: "GB", segments: [vip, lapsed] },
      // same phone as samePhone (who is in the first segment): the later one is the duplicate
      { id: onlyLapsed, phone: "+447700900002", country: "GB", segments: [lapsed] },
      { id: samePhone, phone: "+447700900002", country: "GB", segments: [vip] },
      { id: noPhone, phone: null, country: "GB", segments: [vip] },
      { id: optedOut, phone: "+447700900005", country: "GB", consent: "opted_out", segments: [vip] },
      { id: noConsent, phone: "+447700900006", country: "GB", consent: "none", segments: [lapsed] },
      { id: us, phone: "+12025550123", country: "US", province: "DC", segments: [lapsed] },
      { id: canada, phone: "+14165550123", country: "CA", province: "ON", segments: [lapsed] },
      { id: capped, phone: "+447700900009", country: "GB", segments: [vip] },
    ];
    await addCustomers(shop.id, list);
    // Two earlier marketing campaigns already reached `capped` this week (default cap: 2 per 7 days).
    for (let i = 0; i < 2; i++) {
      const earlier = await createCampaign(shop.id, { templateId: template, segments: [{ segmentId: vip }] });
      await pool().query(
        `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, status, sent_at) VALUES ($1, $2, $3, '+447700900009', 'delivered', now() - interval '2 days')`,
        [shop.id, earlier, capped],
      );
      await pool().query(`UPDATE campaigns SET status = 'completed' WHERE id = $1`, [earlier]);
    }

    const campaign = await createCampaign(shop.id, {
      templateId: template,
      segments: [{ segmentId: vip }, { segmentId: lapsed }],
    });
    const plan = await computeSendPlan({ shopId: shop.id, campaignId: campaign });
    expect(plan.targeted).toBe(9);
    expect(plan.toSend).toBe(3); // both, samePhone, canada
    expect(plan.excluded).toMatchObject({
      invalid_phone: 1,
      opted_out: 1,
      no_consent: 1,
      blocked_country: 1,
      frequency_cap: 1,
      duplicate_phone: 1,
    });
    const [vipPlan, lapsedPlan] = plan.segments;
    expect(vipPlan).toMatchObject({ segmentId: vip, members: 5, targeted: 5, main: 2, inEarlierSegment: 0 });
    expect(lapsedPlan).toMatchObject({ segmentId: lapsed, members: 5, targeted: 4, main: 1, inEarlierSegment: 1 });
    expect(plan.byCountry).toEqual(
      expect.arrayContaining([
        { country: "GB", count: 2 },
        { country: "CA", count: 1 },
      ]),
    );
    expect(BigInt(plan.cost.usdMicros)).toBeGreaterThan(0n);

    await markScheduled(shop.id, campaign, new Date());
    const started = await startCampaign({ shopId: shop.id, campaignId: campaign });
    expect(started).toMatchObject({
      started: true,
      status: "running",
      recipients: 9,
      queued: 3,
      excluded: 6,
      holdout: 0,
    });
    const rows = await recipientsOf(campaign);
    expect(rows.get(both)).toMatchObject({
      status: "queued",
      segment_id: vip,
      group: "main",
      country_code: "GB",
      time_zone: "Europe/London",
    });
    expect(rows.get(onlyLapsed)).toMatchObject({ status: "excluded", reason: "duplicate_phone", segment_id: lapsed });
    expect(rows.get(samePhone)).toMatchObject({ status: "queued", segment_id: vip });
    expect(rows.get(noPhone)).toMatchObject({ status: "excluded", reason: "invalid_phone" });
    expect(rows.get(optedOut)).toMatchObject({ status: "excluded", reason: "opted_out" });
    expect(rows.get(noConsent)).toMatchObject({ status: "excluded", reason: "no_consent" });
    expect(rows.get(us)).toMatchObject({
      status: "excluded",
      reason: "blocked_country",
      country_code: "US",
      time_zone: "America/New_York",
    });
    expect(rows.get(canada)).toMatchObject({ status: "queued", country_code: "CA", time_zone: "America/Toronto" });
    expect(rows.get(capped)).toMatchObject({ status: "excluded", reason: "frequency_cap" });

    // The plan's figures are the snapshot's, reason by reason and segment by segment.
    const counts = await pool().query<{ segment_id: number; status: string; reason: string | null; n: number }>(
      `SELECT segment_id, status, reason, count(*)::int AS n FROM recipients WHERE campaign_id = $1 GROUP BY 1, 2, 3`,
      [campaign],
    );
    for (const seg of plan.segments) {
      const mine = counts.rows.filter((r) => r.segment_id === seg.segmentId);
      expect(mine.filter((r) => r.status === "queued").reduce((a, r) => a + r.n, 0)).toBe(seg.test + seg.main);
      for (const [reason, n] of Object.entries(seg.excluded))
        expect(mine.find((r) => r.reason === reason)?.n ?? 0).toBe(n);
    }
    // A second start (the job retried) changes nothing.
    expect(await startCampaign({ shopId: shop.id, campaignId: campaign })).toMatchObject({
      started: false,
      reason: "already_started",
    });
    expect((await recipientsOf(campaign)).size).toBe(9);
  });

  it("a utility template is not blocked by country nor counted against the marketing frequency cap", async () => {
    const shop = await createTestShop();
    const utility = await addTemplate(shop.id, "UTILITY");
    const seg = await addSegment(shop.id, "US buyers");
    await addCustomers(shop.id, [
      { id: customerId(), phone: "+12025550199", country: "US", province: "CA", segments: [seg] },
    ]);
    const campaign = await createCampaign(shop.id, { templateId: utility, segments: [{ segmentId: seg }] });
    const plan = await computeSendPlan({ shopId: shop.id, campaignId: campaign });
    expect(plan).toMatchObject({ toSend: 1, excludedTotal: 0 });
    expect(plan.cost.category).toBe("UTILITY");
  });
});

describe("frequency cap across two campaigns", () => {
  it("excludes a contact the first campaign reached when the cap is 1 per 7 days, counts a phone not a customer, and lifts after the window", async () => {
    const shop = await createTestShop();
    const template = await addTemplate(shop.id);
    const seg = await addSegment(shop.id, "Everyone");
    const a = customerId();
    const b = customerId();
    await addCustomers(shop.id, [
      { id: a, phone: "+447700900101", country: "GB", segments: [seg] },
      { id: b, phone: "+447700900102", country: "GB", segments: [seg] },
    ]);
    expect(await saveCampaignSettings(shop.id, { frequencyCapMessages: "1", frequencyCapDays: "7" })).toMatchObject({
      ok: true,
    });

    const first = await createCampaign(shop.id, {
      name: "First",
      templateId: template,
      segments: [{ segmentId: seg }],
    });
    await markScheduled(shop.id, first, new Date());
    await startCampaign({ shopId: shop.id, campaignId: first });
    // While the first campaign still has them queued, a second campaign already counts them.
    const second = await createCampaign(shop.id, {
      name: "Second",
      templateId: template,
      segments: [{ segmentId: seg }],
    });
    expect((await computeSendPlan({ shopId: shop.id, campaignId: second })).excluded.frequency_cap).toBe(2);
    // The first campaign sent to a, and b's send was cancelled: only a is capped.
    await pool().query(
      `UPDATE recipients SET status = 'delivered', sent_at = now() - interval '3 days' WHERE campaign_id = $1 AND customer_id = $2`,
      [first, a],
    );
    await pool().query(
      `UPDATE recipients SET status = 'skipped', reason = 'cancelled' WHERE campaign_id = $1 AND customer_id = $2`,
      [first, b],
    );
    await pool().query(`UPDATE campaigns SET status = 'completed' WHERE id = $1`, [first]);
    await markScheduled(shop.id, second, new Date());
    await startCampaign({ shopId: shop.id, campaignId: second });
    const rows = await recipientsOf(second);
    expect(rows.get(a)).toMatchObject({ status: "excluded", reason: "frequency_cap" });
    expect(rows.get(b)).toMatchObject({ status: "queued" });

    // Eight days later the window has passed.
    const third = await createCampaign(shop.id, {
      name: "Third",
      templateId: template,
      segments: [{ segmentId: seg }],
    });
    await pool().query(
      `UPDATE recipients SET sent_at = now() - interval '8 days' WHERE campaign_id = $1 AND customer_id = $2`,
      [first, a],
    );
    await pool().query(
      `UPDATE recipients SET status = 'skipped', reason = 'cancelled' WHERE campaign_id = $1 AND status = 'queued'`,
      [second],
    );
    expect((await computeSendPlan({ shopId: shop.id, campaignId: third })).excluded.frequency_cap).toBe(0);
    // A cap of 0 switches it off.
    await pool().query(`UPDATE recipients SET sent_at = now() WHERE campaign_id = $1 AND customer_id = $2`, [first, a]);
    expect((await computeSendPlan({ shopId: shop.id, campaignId: third })).excluded.frequency_cap).toBe(1);
    await saveCampaignSettings(shop.id, { frequencyCapMessages: 0, frequencyCapDays: 7 });
    expect((await computeSendPlan({ shopId: shop.id, campaignId: third })).excluded.frequency_cap).toBe(0);
    expect(await saveCampaignSettings(shop.id, { frequencyCapMessages: -1, frequencyCapDays: 7 })).toMatchObject({
      ok: false,
      errors: { frequencyCapMessages: expect.any(String) },
    });
  });
});

describe("quiet hours across time zones", () => {
  it("holds each queued recipient until the quiet hours end in their own local time", async () => {
    const shop = await createTestShop({ ianaTimezone: "Europe/Berlin" });
    const template = await addTemplate(shop.id);
    const seg = await addSegment(shop.id, "World");
    const london = customerId();
    const vancouver = customerId();
    const sydney = customerId();
    const nowhere = customerId();
    const perth = customerId();
    await addCustomers(shop.id, [
      { id: london, phone: "+447700900201", country: "GB", segments: [seg] },
      { id: vancouver, phone: "+16045550123", country: "CA", province: "BC", segments: [seg] },
      { id: sydney, phone: "+61412345678", country: "AU", province: "NSW", segments: [seg] },
      { id: perth, phone: "+61412345679", country: "AU", province: "WA", segments: [seg] },
      // no address: the phone's country (+49 → DE), Berlin
      { id: nowhere, phone: "+4915123456789", country: null, segments: [seg] },
    ]);
    const campaign = await createCampaign(shop.id, {
      templateId: template,
      segments: [{ segmentId: seg }],
      quiet: { start: 21, end: 9 },
    });
    // 20:30 UTC on 1 June 2026: London 21:30 (BST, quiet), Vancouver 13:30 (PDT), Sydney 06:30 on 2 June (AEST,
    // quiet), Perth 04:30 (quiet), Berlin 22:30 (quiet).
    const at = new Date("2026-06-01T20:30:00Z");
    await markScheduled(shop.id, campaign, at);
    const plan = await computeSendPlan({ shopId: shop.id, campaignId: campaign, startAt: new Date(Date.now() - 1) });
    expect(plan.toSend).toBe(5);
    await startCampaign({ shopId: shop.id, campaignId: campaign, now: at });
    const rows = await recipientsOf(campaign);
    expect(rows.get(london)).toMatchObject({
      time_zone: "Europe/London",
      not_before: new Date("2026-06-02T08:00:00Z"),
    });
    expect(rows.get(vancouver)).toMatchObject({ time_zone: "America/Vancouver", not_before: at });
    expect(rows.get(sydney)).toMatchObject({
      time_zone: "Australia/Sydney",
      not_before: new Date("2026-06-01T23:00:00Z"),
    });
    expect(rows.get(perth)).toMatchObject({
      time_zone: "Australia/Perth",
      not_before: new Date("2026-06-02T01:00:00Z"),
    });
    expect(rows.get(nowhere)).toMatchObject({
      time_zone: "Europe/Berlin",
      country_code: "DE",
      not_before: new Date("2026-06-02T07:00:00Z"),
    });
  });

  it("quiet hours that do not wrap midnight, and across a DST change", async () => {
    const shop = await createTestShop({ ianaTimezone: "America/New_York" });
    const template = await addTemplate(shop.id);
    const seg = await addSegment(shop.id, "NY");
    const ny = customerId();
    await addCustomers(shop.id, [{ id: ny, phone: "+447700900301", country: "US", province: "NY", segments: [seg] }]);
    // quiet 00:00–08:00; start 2026-03-08 06:30 UTC = 01:30 EST, the night clocks go forward at 02:00 → 08:00 EDT = 12:00 UTC
    const campaign = await createCampaign(shop.id, {
      templateId: template,
      segments: [{ segmentId: seg }],
      quiet: { start: 0, end: 8 },
    });
    const at = new Date("2026-03-08T06:30:00Z");
    await markScheduled(shop.id, campaign, at);
    await startCampaign({ shopId: shop.id, campaignId: campaign, now: at });
    expect((await recipientsOf(campaign)).get(ny)).toMatchObject({
      time_zone: "America/New_York",
      country_code: "GB",
      not_before: new Date("2026-03-08T12:00:00Z"),
    });
  });

  it("maps countries and provinces to zones PostgreSQL knows", async () => {
    expect(zoneFor("US", "CA", "UTC")).toBe("America/Los_Angeles");
    expect(zoneFor("us", "US-TX", "UTC")).toBe("America/Chicago");
    expect(zoneFor("BR", "AM", "UTC")).toBe("America/Manaus");
    expect(zoneFor("RU", "NVS", "UTC")).toBe("Asia/Novosibirsk");
    expect(zoneFor("RU", "XYZ", "UTC")).toBe("Europe/Moscow");
    expect(zoneFor("MX", "Q ROO", "UTC")).toBe("America/Cancun");
    expect(zoneFor("FR", null, "UTC")).toBe("Europe/Paris");
    expect(zoneFor(null, null, "Asia/Tokyo")).toBe("Asia/Tokyo");
    const all = new Set([
      ...Object.values(COUNTRY_ZONE),
      ...Object.values(PROVINCE_ZONE).flatMap((t) => Object.values(t)),
    ]);
    const { rows } = await pool().query<{ name: string }>(
      `SELECT name FROM pg_timezone_names WHERE name = ANY($1::text[])`,
      [[...all]],
    );
    const known = new Set(rows.map((r) => r.name));
    expect([...all].filter((z) => !known.has(z))).toEqual([]);
  });
});

describe("groups", () => {
  it("assigns test / main / holdout by a hash of campaign and customer: the documented function, the chosen shares, the same every time", async () => {
    const shop = await createTestShop();
    const template = await addTemplate(shop.id);
    const big = await addSegment(shop.id, "Big");
    const small = await addSegment(shop.id, "Small");
    const customers: TestCustomer[] = Array.from({ length: 3000 }, (_, i) => ({
      id: customerId(),
      phone: `+4477009${String(10000 + i).padStart(5, "0")}`,
      country: "GB",
      segments: [i < 2000 ? big : small],
    }));
    await addCustomers(shop.id, customers);
    const campaign = await createCampaign(shop.id, {
      templateId: template,
      testPercent: 10,
      segments: [
        { segmentId: big, holdoutPercent: 10 },
        { segmentId: small, holdoutPercent: 30 },
      ],
    });
    const plan1 = await computeSendPlan({ shopId: shop.id, campaignId: campaign });
    const plan2 = await computeSendPlan({ shopId: shop.id, campaignId: campaign });
    expect(plan2.segments).toEqual(plan1.segments);
    const [bigPlan, smallPlan] = plan1.segments;
    // binomial: 2000 × 10% = 200 ± 3σ (≈ 40); 1000 × 30% = 300 ± 45
    expect(bigPlan!.holdout).toBeGreaterThan(160);
    expect(bigPlan!.holdout).toBeLessThan(240);
    expect(smallPlan!.holdout).toBeGreaterThan(255);
    expect(smallPlan!.holdout).toBeLessThan(345);
    // test = 10% of the non-holdout: ≈ 180 of big, ≈ 70 of small
    expect(plan1.test).toBeGreaterThan(250 - 60);
    expect(plan1.test).toBeLessThan(250 + 60);

    await markScheduled(shop.id, campaign, new Date());
    expect(await startCampaign({ shopId: shop.id, campaignId: campaign })).toMatchObject({
      started: true,
      status: "testing",
      test: plan1.test,
      holdout: plan1.holdout,
    });
    const rows = await recipientsOf(campaign);
    for (const c of customers) {
      const u = parseInt(createHash("md5").update(`${campaign}:${c.id}`).digest("hex").slice(0, 8), 16) / 2 ** 32;
      const h = c.segments[0] === big ? 0.1 : 0.3;
      const expected = u < h ? "holdout" : u < h + 0.1 * (1 - h) ? "test" : "main";
      expect(rows.get(c.id)!.group).toBe(expected);
      expect(rows.get(c.id)!.status).toBe(expected === "holdout" ? "holdout" : "queued");
    }
  });
});
