// The campaign form's round trip through the database (issue 15 B5): a chosen send time survives saving a draft,
// comes back as "at a date and time" (never silently as "Send now"), and a time already past in the store's zone
// is refused with an inline error on the time field that names the zone.
import { describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { getCampaign, saveCampaign } from "../../app/campaigns/manage.server";
import { valuesOf } from "../../app/campaigns/editor.server";
import { startJobId } from "../../app/campaigns/schedule.server";
import { queue } from "../../jobs/queues";
import { createTestShop } from "../setup/shops";
import { addAccount, addSegment, addTemplate, campaignInput } from "../setup/campaigns";

async function setup() {
  const shop = await createTestShop({ ianaTimezone: "Asia/Tokyo" });
  await addAccount(shop.id);
  return { shop, template: await addTemplate(shop.id), seg: await addSegment(shop.id, "Buyers") };
}

describe("send time", () => {
  it("a draft keeps its chosen time, shown again as a date and time; a past one is refused inline in store time", async () => {
    const { shop, template, seg } = await setup();
    const input = campaignInput({
      templateId: template,
      segments: [{ segmentId: seg }],
      when: "draft",
      scheduledLocal: "2020-03-01T09:30",
    });
    const draft = await saveCampaign({ shopId: shop.id, input });
    if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
    expect(draft).toMatchObject({ status: "draft", scheduledAt: null }); // nothing booked
    const saved = await getCampaign(shop.id, draft.campaignId);
    expect(saved!.scheduledAt).toBe("2020-03-01T00:30:00.000Z"); // 09:30 in Tokyo (UTC+9)
    const values = valuesOf(saved!, shop.ianaTimezone);
    expect(values).toMatchObject({ when: "later", scheduledLocal: "2020-03-01T09:30" });

    const scheduled = await saveCampaign({
      shopId: shop.id,
      campaignId: draft.campaignId,
      input: { ...input, when: "later" },
    });
    expect(scheduled).toEqual({
      ok: false,
      errors: { scheduledLocal: expect.stringContaining("already passed in your store's time zone (Asia/Tokyo)") },
    });
    const { rows } = await pool().query(`SELECT status FROM campaigns WHERE id = $1`, [draft.campaignId]);
    expect(rows[0].status).toBe("draft");

    // The minute before now in Tokyo is past even where the browser's clock says otherwise (store time decides).
    const minuteAgo = new Date(Date.now() - 2 * 60_000);
    const tokyo = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Asia/Tokyo",
      dateStyle: "short",
      timeStyle: "short",
    })
      .format(minuteAgo)
      .replace(" ", "T");
    const late = await saveCampaign({ shopId: shop.id, input: { ...input, when: "later", scheduledLocal: tokyo } });
    expect(late.ok).toBe(false);
  });

  it("a draft saved without a time stays 'send now'; a scheduled campaign sent back to draft keeps its time but loses its job", async () => {
    const { shop, template, seg } = await setup();
    const now = await saveCampaign({
      shopId: shop.id,
      input: campaignInput({ templateId: template, segments: [{ segmentId: seg }], when: "draft" }),
    });
    if (!now.ok) throw new Error(JSON.stringify(now.errors));
    expect(valuesOf((await getCampaign(shop.id, now.campaignId))!, shop.ianaTimezone).when).toBe("now");

    const input = campaignInput({
      templateId: template,
      segments: [{ segmentId: seg }],
      when: "later",
      scheduledLocal: "2031-05-01T10:00",
    });
    const later = await saveCampaign({ shopId: shop.id, input });
    if (!later.ok) throw new Error(JSON.stringify(later.errors));
    const at = new Date("2031-05-01T01:00:00Z");
    expect(await queue("campaigns").getJob(startJobId(later.campaignId, at))).toBeDefined();
    const back = await saveCampaign({
      shopId: shop.id,
      campaignId: later.campaignId,
      input: { ...input, when: "draft" },
    });
    expect(back).toMatchObject({ ok: true, status: "draft" });
    expect(await queue("campaigns").getJob(startJobId(later.campaignId, at))).toBeUndefined();
    const values = valuesOf((await getCampaign(shop.id, later.campaignId))!, shop.ianaTimezone);
    expect(values).toMatchObject({ when: "later", scheduledLocal: "2031-05-01T10:00" });
  });
});

describe("rollout rule", () => {
  it("reply and click minimums are optional, saved as shares, shown again as typed, and refused inline out of range", async () => {
    const { shop, template, seg } = await setup();
    const base = { templateId: template, segments: [{ segmentId: seg }], when: "draft" as const, testPercent: 10 };
    const none = await saveCampaign({ shopId: shop.id, input: campaignInput(base) });
    if (!none.ok) throw new Error(JSON.stringify(none.errors));
    const plain = (await getCampaign(shop.id, none.campaignId))!;
    expect(plain).toMatchObject({ rolloutMinReplyRate: null, rolloutMinClickRate: null });
    expect(valuesOf(plain, shop.ianaTimezone)).toMatchObject({
      rolloutMinReplyPercent: "",
      rolloutMinClickPercent: "",
    });
    const set = await saveCampaign({
      shopId: shop.id,
      campaignId: none.campaignId,
      input: { ...campaignInput(base), rolloutMinReplyPercent: "1.5", rolloutMinClickPercent: "3" },
    });
    expect(set).toMatchObject({ ok: true });
    const saved = (await getCampaign(shop.id, none.campaignId))!;
    expect(saved.rolloutMinReplyRate).toBeCloseTo(0.015);
    expect(saved.rolloutMinClickRate).toBeCloseTo(0.03);
    expect(valuesOf(saved, shop.ianaTimezone)).toMatchObject({
      rolloutMinReplyPercent: "1.5",
      rolloutMinClickPercent: "3",
    });
    const bad = await saveCampaign({
      shopId: shop.id,
      campaignId: none.campaignId,
      input: { ...campaignInput(base), rolloutMinReplyPercent: "150", rolloutMinClickPercent: "-1" },
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: {
        rolloutMinReplyPercent: "Minimum reply rate is at most 100%",
        rolloutMinClickPercent: "Minimum click rate cannot be negative",
      },
    });
    const { rows } = await pool().query(`SELECT rollout_min_reply_rate FROM campaigns WHERE id = $1`, [
      none.campaignId,
    ]);
    expect(rows[0].rollout_min_reply_rate).toBeCloseTo(0.015); // nothing lost
  });
});
