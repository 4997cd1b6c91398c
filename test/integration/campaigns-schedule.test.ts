// Scheduling and control on real Redis (a unique BullMQ prefix for this file) and PostgreSQL: the delayed
// campaign.start job follows edits and cancellation, the reconciler rebuilds a start job Redis lost, the start
// job snapshots and queues the dispatch, and pause / resume / cancel / approve move the campaign as documented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { saveCampaign } from "../../app/campaigns/manage.server";
import { approveRollout, cancelCampaign, pauseCampaign, resumeCampaign } from "../../app/campaigns/control.server";
import { reconcileCampaignSchedules, startJobId } from "../../app/campaigns/schedule.server";
import { startCampaign } from "../../app/campaigns/start.server";
import { reconcile } from "../../jobs/processors/maintenance";
import { queue } from "../../jobs/queues";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { createTestShop } from "../setup/shops";
import { waitFor } from "../setup/whatsapp";
import {
  addAccount,
  addCustomers,
  addSegment,
  addTemplate,
  campaignInput,
  createCampaign,
  customerId,
  markScheduled,
  recipientsOf,
} from "../setup/campaigns";

async function setup(tz = "America/New_York") {
  const shop = await createTestShop({ ianaTimezone: tz });
  const template = await addTemplate(shop.id);
  await addAccount(shop.id);
  const seg = await addSegment(shop.id, "Buyers");
  const ids = [customerId(), customerId(), customerId(), customerId()];
  await addCustomers(
    shop.id,
    ids.map((id, i) => ({ id, phone: `+44770090050${i}`, country: "GB", segments: [seg] })),
  );
  return { shop, template, seg, ids };
}

const campaignsQueue = () => queue("campaigns");

describe("scheduling", () => {
  it("books a delayed campaign.start whose id names the campaign and time; an edit replaces it, going back to draft or cancelling removes it", async () => {
    const { shop, template, seg } = await setup("America/New_York");
    const input = campaignInput({
      templateId: template,
      segments: [{ segmentId: seg }],
      when: "later",
      scheduledLocal: "2031-07-04T10:00",
    });
    const saved = await saveCampaign({ shopId: shop.id, input });
    expect(saved).toMatchObject({ ok: true, status: "scheduled", scheduledAt: "2031-07-04T14:00:00.000Z" }); // 10:00 EDT
    if (!saved.ok) throw new Error("not saved");
    const id = saved.campaignId;
    const first = await campaignsQueue().getJob(startJobId(id, new Date("2031-07-04T14:00:00Z")));
    expect(first?.name).toBe("campaign.start");
    expect(first?.data).toEqual({ shopId: shop.id, campaignId: id });
    expect(await first!.getState()).toBe("delayed");
    expect(first!.opts.jobId).not.toContain(":");

    const moved = await saveCampaign({
      shopId: shop.id,
      campaignId: id,
      input: { ...input, scheduledLocal: "2031-12-24T18:30" },
    });
    expect(moved).toMatchObject({ ok: true, scheduledAt: "2031-12-24T23:30:00.000Z" }); // 18:30 EST
    expect(await campaignsQueue().getJob(startJobId(id, new Date("2031-07-04T14:00:00Z")))).toBeUndefined();
    const second = await campaignsQueue().getJob(startJobId(id, new Date("2031-12-24T23:30:00Z")));
    expect(await second!.getState()).toBe("delayed");
    expect(second!.delay).toBeGreaterThan(new Date("2031-12-24T23:30:00Z").getTime() - Date.now() - 60_000);

    const draft = await saveCampaign({ shopId: shop.id, campaignId: id, input: { ...input, when: "draft" } });
    expect(draft).toMatchObject({ ok: true, status: "draft", scheduledAt: null });
    expect(await campaignsQueue().getJob(startJobId(id, new Date("2031-12-24T23:30:00Z")))).toBeUndefined();

    await saveCampaign({ shopId: shop.id, campaignId: id, input });
    expect(await campaignsQueue().getJob(startJobId(id, new Date("2031-07-04T14:00:00Z")))).toBeDefined();
    expect(await cancelCampaign({ shopId: shop.id, campaignId: id })).toMatchObject({ ok: true, status: "cancelled" });
    expect(await campaignsQueue().getJob(startJobId(id, new Date("2031-07-04T14:00:00Z")))).toBeUndefined();
    // A cancelled campaign can no longer be edited.
    expect(await saveCampaign({ shopId: shop.id, campaignId: id, input })).toMatchObject({
      ok: false,
      errors: { form: expect.stringContaining("cancelled") },
    });
  });

  it("the reconciler recreates a start job Redis lost, once", async () => {
    const { shop, template, seg } = await setup();
    const id = await createCampaign(shop.id, {
      templateId: template,
      segments: [{ segmentId: seg }],
      when: "later",
      scheduledLocal: "2032-01-15T09:00",
    });
    const { rows } = await pool().query<{ scheduled_at: Date }>(`SELECT scheduled_at FROM campaigns WHERE id = $1`, [
      id,
    ]);
    const jobId = startJobId(id, rows[0]!.scheduled_at);
    expect(await campaignsQueue().remove(jobId)).toBe(1); // Redis lost it
    expect(await campaignsQueue().getJob(jobId)).toBeUndefined();
    const result = await reconcile(); // maintenance.reconcile calls reconcileCampaignSchedules
    expect(result.campaigns.booked).toBeGreaterThanOrEqual(1);
    const job = await campaignsQueue().getJob(jobId);
    expect(await job!.getState()).toBe("delayed");
    const again = await reconcileCampaignSchedules();
    expect(again.checked).toBeGreaterThanOrEqual(1);
    const jobs = await campaignsQueue().getJobs(["delayed", "waiting"]);
    expect(jobs.filter((j) => j.data.campaignId === id)).toHaveLength(1);
  });

  it("refuses bad input with the field at fault and saves nothing; stores discount codes upper case", async () => {
    const { shop, template, seg } = await setup();
    const count = async () =>
      Number((await pool().query(`SELECT count(*) FROM campaigns WHERE shop_id = $1`, [shop.id])).rows[0].count);
    const before = await count();
    const bad = await saveCampaign({
      shopId: shop.id,
      input: { ...campaignInput({ templateId: template, segments: [] }), name: "", testPercent: "80" },
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: { name: expect.any(String), segments: expect.any(String), testPercent: expect.any(String) },
    });
    const paused = await addTemplate(shop.id, "MARKETING", "PAUSED");
    expect(
      await saveCampaign({
        shopId: shop.id,
        input: campaignInput({ templateId: paused, segments: [{ segmentId: seg }] }),
      }),
    ).toMatchObject({
      ok: false,
      errors: { templateId: expect.stringContaining("paused") },
    });
    expect(
      await saveCampaign({
        shopId: shop.id,
        input: campaignInput({
          templateId: template,
          segments: [{ segmentId: seg }],
          when: "later",
          scheduledLocal: "2020-01-01T10:00",
        }),
      }),
    ).toMatchObject({
      ok: false,
      errors: { scheduledLocal: expect.any(String) },
    });
    // Scheduling needs a connected number; a draft does not.
    await pool().query(
      `UPDATE whatsapp_accounts SET status = 'restricted', status_reason = 'ACCOUNT_VIOLATION' WHERE shop_id = $1`,
      [shop.id],
    );
    expect(
      await saveCampaign({
        shopId: shop.id,
        input: campaignInput({ templateId: template, segments: [{ segmentId: seg }], when: "now" }),
      }),
    ).toMatchObject({
      ok: false,
      errors: { form: expect.stringContaining("ACCOUNT_VIOLATION") },
    });
    expect(await count()).toBe(before);
    const ok = await saveCampaign({
      shopId: shop.id,
      input: campaignInput({
        templateId: template,
        segments: [{ segmentId: seg }],
        discountCodes: "spring10, Spring10\nvip-20",
      }),
    });
    if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
    const { rows } = await pool().query(`SELECT discount_codes FROM campaigns WHERE id = $1`, [ok.campaignId]);
    expect(rows[0].discount_codes).toEqual(["SPRING10", "VIP-20"]);
  });
});

describe("start job", () => {
  let workers: RunningWorkers;
  beforeAll(() => {
    workers = startWorkers({ queues: ["campaigns"] });
  });
  afterAll(async () => {
    await workers.close();
  });

  it("“send now” starts through the worker: snapshot, then campaign.dispatch runs", async () => {
    const { shop, template, seg, ids } = await setup();
    const id = await createCampaign(shop.id, { templateId: template, segments: [{ segmentId: seg }], when: "now" });
    // The start job snapshots the audience, sets the campaign running and queues campaign.dispatch. This shop's
    // number row holds a token no key can decrypt, so the dispatcher pauses the campaign and says why: nothing
    // is sent, and the rows stay queued for a resume.
    const c = await waitFor(async () => {
      const { rows } = await pool().query(`SELECT status, paused_reason FROM campaigns WHERE id = $1`, [id]);
      return rows[0].status === "paused" ? rows[0] : null;
    }, 20_000);
    expect(c.paused_reason).toMatch(/access token could not be read/);
    const rows = await recipientsOf(id);
    expect(ids.map((c) => rows.get(c)?.status)).toEqual(["queued", "queued", "queued", "queued"]);
  });

  it("a stale start job (booked for an earlier time than the campaign now has) does nothing", async () => {
    const { shop, template, seg } = await setup();
    const id = await createCampaign(shop.id, { templateId: template, segments: [{ segmentId: seg }] });
    await markScheduled(shop.id, id, new Date(Date.now() + 3_600_000));
    expect(await startCampaign({ shopId: shop.id, campaignId: id })).toMatchObject({
      started: false,
      reason: "not_due",
    });
    expect((await recipientsOf(id)).size).toBe(0);
  });
});

describe("control", () => {
  it("pause, resume, approve and cancel move the campaign and its queued recipients as documented", async () => {
    const { shop, template, seg, ids } = await setup();
    const id = await createCampaign(shop.id, { templateId: template, segments: [{ segmentId: seg }], testPercent: 50 });
    // Not started yet: nothing to pause or resume.
    expect(await pauseCampaign({ shopId: shop.id, campaignId: id })).toMatchObject({ ok: false, status: "draft" });
    await markScheduled(shop.id, id, new Date());
    const started = await startCampaign({ shopId: shop.id, campaignId: id });
    if (!started.started) throw new Error("not started");
    // Either the hash put someone in the test group (testing), or nobody (running).
    expect(started.status).toBe(started.test > 0 ? "testing" : "running");
    await pool().query(`UPDATE campaigns SET status = 'testing' WHERE id = $1`, [id]);
    await pool().query(`UPDATE recipients SET "group" = 'test' WHERE campaign_id = $1 AND customer_id = $2`, [
      id,
      ids[0],
    ]);

    expect(await pauseCampaign({ shopId: shop.id, campaignId: id })).toEqual({ ok: true, status: "paused" });
    const paused = await pool().query(`SELECT paused_reason FROM campaigns WHERE id = $1`, [id]);
    expect(paused.rows[0].paused_reason).toBe("Paused by you.");
    // Nothing of the main group was sent yet: resume goes back to the test.
    expect(await resumeCampaign({ shopId: shop.id, campaignId: id })).toEqual({ ok: true, status: "testing" });
    const resumeJobs = (await campaignsQueue().getJobs(["waiting", "delayed", "active", "completed"])).filter(
      (j) => j.name === "campaign.dispatch" && j.data.campaignId === id,
    );
    expect(resumeJobs.length).toBeGreaterThanOrEqual(1);

    expect(await approveRollout({ shopId: shop.id, campaignId: id })).toMatchObject({ ok: false, status: "testing" });
    await pool().query(
      `UPDATE campaigns SET status = 'awaiting_decision', paused_reason = 'Delivery rate 72% is below 90%.' WHERE id = $1`,
      [id],
    );
    expect(await approveRollout({ shopId: shop.id, campaignId: id })).toEqual({ ok: true, status: "running" });

    // The dispatcher sent one row; cancelling skips the rest of the queue and keeps what was sent.
    await pool().query(
      `UPDATE recipients SET status = 'sent', sent_at = now() WHERE campaign_id = $1 AND customer_id = $2`,
      [id, ids[0]],
    );
    await pool().query(
      `UPDATE recipients SET status = 'sending', sending_at = now() WHERE campaign_id = $1 AND customer_id = $2`,
      [id, ids[1]],
    );
    const cancelled = await cancelCampaign({ shopId: shop.id, campaignId: id });
    expect(cancelled).toMatchObject({ ok: true, status: "cancelled" });
    const rows = await recipientsOf(id);
    expect(rows.get(ids[0]!)).toMatchObject({ status: "sent" });
    expect(rows.get(ids[1]!)).toMatchObject({ status: "sending" });
    const rest = [rows.get(ids[2]!)!, rows.get(ids[3]!)!];
    for (const r of rest)
      expect(r.status === "holdout" || (r.status === "skipped" && r.reason === "cancelled")).toBe(true);
    expect(cancelled.skipped).toBe(rest.filter((r) => r.status === "skipped").length);
    expect(await resumeCampaign({ shopId: shop.id, campaignId: id })).toMatchObject({ ok: false, status: "cancelled" });
    expect(await cancelCampaign({ shopId: shop.id, campaignId: id })).toMatchObject({ ok: false, status: "cancelled" });
  });
});
