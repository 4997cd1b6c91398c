// How the dispatcher reacts to each class of Cloud API error (apis.md A5, app/whatsapp/errors.ts), and the
// test-then-rollout rule: pass → running and the main group goes out; fail → awaiting_decision with the figures.
import { describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import {
  rolloutDecision,
  runDispatch,
  runRolloutCheck,
  testGroupFigures,
} from "../../app/campaigns/dispatch/index.server";
import { refreshAccount } from "../../app/whatsapp/account.server";
import {
  acceptedPerRecipient,
  campaignRow,
  createCampaign,
  dispatchWorlds,
  phoneOf,
  recipientsOf,
  seedAudience,
  type DispatchWorld,
} from "../setup/dispatch";

const newWorld = dispatchWorlds();
let world: DispatchWorld | null = null;

async function started(n: number, opts: Parameters<typeof seedAudience>[2] = {}) {
  world = await newWorld({ mps: 1000 });
  const audience = await seedAudience(world.shop.id, n, opts);
  const campaignId = await createCampaign(world, audience);
  return { w: world, audience, campaignId };
}

describe("error classes", () => {
  it("131048 (spam rate limit) refused at send: the campaign pauses with a reason, the refused row goes back to queued, nothing fails", async () => {
    const { w, campaignId } = await started(30);
    w.sim.setSendRefusal(w.ids.phoneNumberId, 131048);
    const summary = await runDispatch({ shopId: w.shop.id, campaignId });
    expect(summary.ended).toBe("paused");
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("paused");
    expect(c.paused_reason).toMatch(/131048/);
    expect(c.paused_reason).toMatch(/few hours/);
    const rows = await recipientsOf(campaignId);
    expect(rows.every((r) => r.status === "queued")).toBe(true);
    expect(w.sim.accepted.length).toBe(0);
    // The refusal is recorded on the row that met it (the merchant sees why), and the budget went back.
    expect(rows.filter((r) => r.error_code === 131048).length).toBeGreaterThan(0);
    const used = await pool().query(
      `SELECT coalesce(sum(reached), 0)::int AS n FROM messaging_budget WHERE shop_id = $1`,
      [w.shop.id],
    );
    expect(used.rows[0].n).toBe(0);
  });

  it("131048 arriving by status webhook (messages beyond Meta's limit) pauses the running campaign", async () => {
    world = await newWorld({ mps: 1000, tier: "TIER_UNLIMITED" });
    await world.sim.setTier(world.ids.phoneNumberId, "TIER_250"); // Meta's real limit is lower than what we stored
    await world.sim.flushWebhooks(); // delivered to the inbox but not applied: our account row still says unlimited
    const audience = await seedAudience(world.shop.id, 280);
    const campaignId = await createCampaign(world, audience);
    // 20 of them wait for quiet hours to end: the campaign is still running when the statuses come in.
    await pool().query(
      `UPDATE recipients SET not_before = now() + interval '1 hour' WHERE campaign_id = $1 AND customer_id > 260`,
      [campaignId],
    );
    expect((await runDispatch({ shopId: world.shop.id, campaignId })).sent).toBe(260);
    expect((await campaignRow(campaignId)).status).toBe("running");
    await world.settle();
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("paused");
    expect(c.paused_reason).toMatch(/131048/);
    expect(
      (await recipientsOf(campaignId)).filter((r) => r.status === "failed" && r.error_code === 131048).length,
    ).toBe(10);
  });

  it("368 (account restricted for a policy violation) pauses the campaign and says so", async () => {
    const { w, campaignId } = await started(5);
    w.sim.setSendRefusal(w.ids.phoneNumberId, 368);
    await runDispatch({ shopId: w.shop.id, campaignId });
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("paused");
    expect(c.paused_reason).toMatch(/368/);
    expect(c.paused_reason).toMatch(/policy/);
  });

  it("quality RED pauses before any send", async () => {
    const { w, campaignId } = await started(5);
    await w.sim.setQualityRating(w.ids.phoneNumberId, "RED");
    await refreshAccount(w.shop.id); // what the phone_number_quality_update webhook triggers
    const summary = await runDispatch({ shopId: w.shop.id, campaignId });
    expect(summary.sent).toBe(0);
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("paused");
    expect(c.paused_reason).toMatch(/quality rating is Low/);
    expect(w.sim.accepted.length).toBe(0);
  });

  it("a template paused by Meta: known from the webhook → paused before sending; met at send (132015) → paused too", async () => {
    const { w, campaignId } = await started(5);
    await w.sim.setTemplateStatus(w.ids.wabaId, "spring_sale", "en_US", "PAUSED");
    await w.settle();
    await runDispatch({ shopId: w.shop.id, campaignId });
    expect((await campaignRow(campaignId)).paused_reason).toMatch(/paused the template "spring_sale"/);

    // Same again, but the webhook has not been applied yet: the send itself is refused with 132015.
    await pool().query(`UPDATE whatsapp_templates SET status = 'APPROVED' WHERE shop_id = $1`, [w.shop.id]);
    await pool().query(`UPDATE campaigns SET status = 'running', paused_reason = NULL WHERE id = $1`, [campaignId]);
    await runDispatch({ shopId: w.shop.id, campaignId });
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("paused");
    expect(c.paused_reason).toMatch(/132015/);
    expect((await recipientsOf(campaignId)).every((r) => r.status === "queued")).toBe(true);
  });

  it("a disabled template (132016) pauses the campaign", async () => {
    const { w, campaignId } = await started(3);
    await w.sim.setTemplateStatus(w.ids.wabaId, "spring_sale", "en_US", "DISABLED");
    await runDispatch({ shopId: w.shop.id, campaignId });
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("paused");
    expect(c.paused_reason).toMatch(/132016/);
  });

  it("permanent per-recipient errors fail that row with code and title; the rest of the campaign goes on", async () => {
    // Customer 3 has the business's own number (131021, refused at send); customer 4 is not on WhatsApp
    // (131026, accepted then failed by webhook → contact unreachable).
    world = await newWorld({ mps: 1000 });
    const own = `+${world.ids.displayPhoneNumber}`;
    const audience = await seedAudience(world.shop.id, 6, {
      phone: (i) => (i === 3 ? own : i === 4 ? "+447700990000" : null),
    });
    const campaignId = await createCampaign(world, audience);
    const summary = await runDispatch({ shopId: world.shop.id, campaignId });
    expect(summary.sent).toBe(5);
    await world.settle();
    const rows = await recipientsOf(campaignId);
    const self = rows.find((r) => r.phone_e164 === own)!;
    expect(self.status).toBe("failed");
    expect(self.error_code).toBe(131021);
    expect(self.error_title).toMatch(/business's own number/);
    const gone = rows.find((r) => r.phone_e164 === "+447700990000")!;
    expect(gone.status).toBe("failed");
    expect(gone.error_code).toBe(131026);
    const contact = await pool().query(
      `SELECT unreachable_at FROM contacts WHERE shop_id = $1 AND phone_e164 = '+447700990000'`,
      [world.shop.id],
    );
    expect(contact.rows[0].unreachable_at).not.toBeNull();
    expect(rows.filter((r) => r.status === "delivered" || r.status === "read").length).toBe(4);
    expect((await campaignRow(campaignId)).status).toBe("completed");
  });

  it("131049 (Meta's per-customer marketing cap): the row fails, the contact cools down 24 h, and another campaign skips them (cool_down)", async () => {
    // Meta delivers no marketing templates to US numbers: the simulator fails them with 131049.
    world = await newWorld({ mps: 1000 });
    const audience = await seedAudience(world.shop.id, 3, { phone: (i) => (i === 2 ? "+12025550143" : null) });
    const first = await createCampaign(world, audience);
    await runDispatch({ shopId: world.shop.id, campaignId: first });
    await world.settle();
    const us = (await recipientsOf(first)).find((r) => r.phone_e164 === "+12025550143")!;
    expect(us.status).toBe("failed");
    expect(us.error_code).toBe(131049);
    const contact = await pool().query(
      `SELECT cool_down_until FROM contacts WHERE shop_id = $1 AND phone_e164 = '+12025550143'`,
      [world.shop.id],
    );
    expect(contact.rows[0].cool_down_until.getTime()).toBeGreaterThan(Date.now() + 23.9 * 3600_000);

    const second = await createCampaign(world, audience);
    const s = await runDispatch({ shopId: world.shop.id, campaignId: second });
    expect(s.skipped).toBe(1);
    // (the two others wait for the 6-second pair rate after the first campaign's messages)
    expect((await recipientsOf(second)).filter((r) => r.status === "queued" && r.not_before !== null).length).toBe(2);
    const again = (await recipientsOf(second)).find((r) => r.phone_e164 === "+12025550143")!;
    expect(again.status).toBe("skipped");
    expect(again.reason).toBe("cool_down");
    expect(world.sim.accepted.filter((m) => m.to === "12025550143").length).toBe(1);
  });
});

describe("test then rollout", () => {
  it("only the test group goes out while testing; a passing test rolls out to the main group and the campaign completes", async () => {
    world = await newWorld({ mps: 1000, sim: { readRate: 1 } });
    const audience = await seedAudience(world.shop.id, 50);
    const campaignId = await createCampaign(world, audience, { status: "testing", testCount: 10, testWaitMinutes: 0 });
    const t = await runDispatch({ shopId: world.shop.id, campaignId });
    expect(t.sent).toBe(10);
    expect(t.ended).toMatch(/rollout check at/);
    const rows = await recipientsOf(campaignId);
    expect(rows.filter((r) => r.group === "test").every((r) => r.status === "sent")).toBe(true);
    expect(rows.filter((r) => r.group === "main").every((r) => r.status === "queued")).toBe(true);
    await world.settle();
    expect((await runRolloutCheck({ shopId: world.shop.id, campaignId })).decision).toBe("rollout");
    expect((await campaignRow(campaignId)).status).toBe("running");
    const main = await runDispatch({ shopId: world.shop.id, campaignId });
    expect(main.sent).toBe(40);
    expect(main.ended).toBe("completed");
    expect(Math.max(...acceptedPerRecipient(world.sim).values())).toBe(1);
  });

  it("a failing test holds the campaign (awaiting_decision) with the threshold that failed and the figures", async () => {
    // 3 of 10 test numbers are not on WhatsApp (131026) and one test customer replies STOP after the message.
    world = await newWorld({ mps: 1000 });
    const audience = await seedAudience(world.shop.id, 30, { phone: (i) => (i <= 3 ? `+4477009${i}0000` : null) });
    const campaignId = await createCampaign(world, audience, { status: "testing", testCount: 10, testWaitMinutes: 0 });
    await runDispatch({ shopId: world.shop.id, campaignId });
    await world.settle();
    await world.sim.sendInboundText(world.ids.phoneNumberId, phoneOf(5), "stop");
    await world.settle();
    const f = await testGroupFigures(world.shop.id, campaignId);
    expect(f).toMatchObject({ testRecipients: 10, pending: 0, sent: 10, delivered: 7, optedOut: 1 });
    expect((await runRolloutCheck({ shopId: world.shop.id, campaignId })).decision).toBe("hold");
    const c = await campaignRow(campaignId);
    expect(c.status).toBe("awaiting_decision");
    expect(c.paused_reason).toContain("delivery rate 70% (7 of 10 test messages delivered) is below the 90% minimum");
    expect(c.paused_reason).toContain("opt-out rate 10% (1 of 10 test recipients opted out) is above the 2% maximum");
    expect((await recipientsOf(campaignId)).filter((r) => r.group === "main").every((r) => r.status === "queued")).toBe(
      true,
    );
  });

  it("waits for the test period before judging", async () => {
    world = await newWorld({ mps: 1000 });
    const audience = await seedAudience(world.shop.id, 10);
    const campaignId = await createCampaign(world, audience, { status: "testing", testCount: 2, testWaitMinutes: 30 });
    await runDispatch({ shopId: world.shop.id, campaignId });
    expect((await runRolloutCheck({ shopId: world.shop.id, campaignId })).decision).toMatch(/^waiting until/);
    expect((await campaignRow(campaignId)).status).toBe("testing");
  });

  it("rollout rule on figures alone", () => {
    const base = {
      testRecipients: 100,
      pending: 0,
      sent: 100,
      delivered: 95,
      optedOut: 1,
      replied: 0,
      clicked: 0,
      lastSendAt: null,
    };
    expect(rolloutDecision(base, { minDeliveryRate: 0.9, maxOptOutRate: 0.02 })).toEqual({ rollout: true });
    expect(rolloutDecision({ ...base, delivered: 89 }, { minDeliveryRate: 0.9, maxOptOutRate: 0.02 }).rollout).toBe(
      false,
    );
    expect(rolloutDecision({ ...base, optedOut: 3 }, { minDeliveryRate: 0.9, maxOptOutRate: 0.02 }).rollout).toBe(
      false,
    );
    expect(
      rolloutDecision({ ...base, sent: 0, delivered: 0 }, { minDeliveryRate: 0.9, maxOptOutRate: 0.02 }),
    ).toMatchObject({ rollout: false });
  });

  it("reply and click minimums on figures alone: optional, at the boundary, with the reason", () => {
    const base = {
      testRecipients: 250,
      pending: 0,
      sent: 250,
      delivered: 250,
      optedOut: 0,
      replied: 1,
      clicked: 5,
      lastSendAt: null,
    };
    const rules = { minDeliveryRate: 0.9, maxOptOutRate: 0.02 };
    // not set (or 0): replies and clicks are not judged
    expect(rolloutDecision({ ...base, replied: 0, clicked: 0 }, rules)).toEqual({ rollout: true });
    expect(rolloutDecision(base, { ...rules, minReplyRate: null, minClickRate: 0 })).toEqual({ rollout: true });
    // 1 of 250 = 0.4% under a 1% minimum; 2.5 of 250 would be exactly 1%: 3 passes, 2 holds
    expect(rolloutDecision(base, { ...rules, minReplyRate: 0.01 })).toEqual({
      rollout: false,
      reason:
        "Held after the test: reply rate 0.4% (1 of 250 delivered test messages answered) is under your 1% minimum. Review the test results, then roll out or cancel.",
    });
    expect(rolloutDecision({ ...base, replied: 3 }, { ...rules, minReplyRate: 0.012 })).toEqual({ rollout: true });
    expect(rolloutDecision({ ...base, replied: 2 }, { ...rules, minReplyRate: 0.012 }).rollout).toBe(false);
    // exactly the minimum passes (5 of 250 = 2%)
    expect(rolloutDecision(base, { ...rules, minClickRate: 0.02 })).toEqual({ rollout: true });
    const both = rolloutDecision(
      { ...base, delivered: 200, clicked: 3 },
      { ...rules, minReplyRate: 0.01, minClickRate: 0.02 },
    );
    expect(both).toMatchObject({ rollout: false });
    const reason = both.rollout ? "" : both.reason;
    expect(reason).toContain("delivery rate 80% (200 of 250 test messages delivered) is below the 90% minimum");
    expect(reason).toContain("reply rate 0.5% (1 of 200 delivered test messages answered) is under your 1% minimum");
    expect(reason).toContain("click rate 1.5% (3 of 200 delivered test messages clicked) is under your 2% minimum");
    // nothing delivered: 0% of nothing is under any minimum
    expect(
      rolloutDecision({ ...base, delivered: 0, replied: 0, clicked: 0 }, { ...rules, minReplyRate: 0.01 }),
    ).toMatchObject({ rollout: false, reason: expect.stringContaining("reply rate 0% (0 of 0 delivered") });
  });

  it("replies through the webhook handler and clicks count toward the test group's minimums", async () => {
    // 10 test messages, all read; 2 test customers reply (the real handler links them), one link is clicked.
    const run = async (minReply: number, minClick: number | null) => {
      world = await newWorld({ mps: 1000, sim: { readRate: 1 } });
      const audience = await seedAudience(world.shop.id, 20);
      const campaignId = await createCampaign(world, audience, {
        status: "testing",
        testCount: 10,
        testWaitMinutes: 0,
        minReply,
        minClick,
      });
      await runDispatch({ shopId: world.shop.id, campaignId });
      await world.settle();
      await world.sim.sendInboundText(world.ids.phoneNumberId, phoneOf(2), "Do you have it in blue?");
      await world.sim.sendInboundText(world.ids.phoneNumberId, phoneOf(7), "👍");
      await world.settle();
      await pool().query(
        `UPDATE recipients SET clicked_at = sent_at + interval '5 minutes'
         WHERE id = (SELECT id FROM recipients WHERE campaign_id = $1 AND "group" = 'test' ORDER BY id LIMIT 1)`,
        [campaignId],
      );
      const f = await testGroupFigures(world.shop.id, campaignId);
      expect(f).toMatchObject({ sent: 10, delivered: 10, replied: 2, clicked: 1, optedOut: 0 });
      return { campaignId, decision: (await runRolloutCheck({ shopId: world.shop.id, campaignId })).decision };
    };
    const held = await run(0.25, 0.05);
    expect(held.decision).toBe("hold");
    const c = await campaignRow(held.campaignId);
    expect(c.status).toBe("awaiting_decision");
    expect(c.paused_reason).toBe(
      "Held after the test: reply rate 20% (2 of 10 delivered test messages answered) is under your 25% minimum. Review the test results, then roll out or cancel.",
    );
    expect(
      (await recipientsOf(held.campaignId)).filter((r) => r.group === "main").every((r) => r.status === "queued"),
    ).toBe(true);
    const passed = await run(0.2, 0.1);
    expect(passed.decision).toBe("rollout");
    expect((await campaignRow(passed.campaignId)).status).toBe("running");
  });
});
