// Send safety (issue 15): "Send a test to my phone" sends the campaign's template, rendered as the dispatcher
// renders it, to the merchant's own number through the Cloud API simulator — recorded as a test, never as a
// recipient (no report, audience or cost) — and refuses a number that is not declared theirs, an invalid one, an
// opted-out one (only its owner can undo that) and more than the hourly allowance. The campaign page shows when
// the rollout check will run.
import { describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { sendTestMessage, TEST_SENDS_PER_HOUR } from "../../app/campaigns/test-send.server";
import { rolloutCheckTime } from "../../app/campaigns/rollout-time.server";
import { adminRequest } from "../setup/admin-request";
import { createTestShop } from "../setup/shops";
import { createCampaign, dispatchWorlds, seedAudience } from "../setup/dispatch";

const newWorld = dispatchWorlds();

async function draftWithSegment(world: Awaited<ReturnType<typeof newWorld>>) {
  const audience = await seedAudience(world.shop.id, 3);
  const seg = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, updated_at) VALUES ($1, 'Regulars', 'sample', now()) RETURNING id`,
    [world.shop.id],
  );
  await pool().query(
    `INSERT INTO segment_members (shop_id, segment_id, customer_id) SELECT $1, $2, unnest($3::bigint[])`,
    [world.shop.id, seg.rows[0]!.id, audience.ids],
  );
  const c = await pool().query<{ id: number }>(
    `INSERT INTO campaigns (shop_id, name, status, template_id, updated_at) VALUES ($1, 'Spring', 'draft', $2, now()) RETURNING id`,
    [world.shop.id, world.templateId],
  );
  await pool().query(
    `INSERT INTO campaign_segments (campaign_id, segment_id, shop_id, position) VALUES ($1, $2, $3, 0)`,
    [c.rows[0]!.id, seg.rows[0]!.id, world.shop.id],
  );
  return c.rows[0]!.id;
}

describe("send a test to my phone", () => {
  it("sends the rendered template to the merchant's number, recorded as a test and not as a recipient", async () => {
    const world = await newWorld();
    const campaignId = await draftWithSegment(world);
    const result = await sendTestMessage({
      shopId: world.shop.id,
      campaignId,
      phone: "+44 7911 123555",
      ownNumber: true,
    });
    expect(result).toMatchObject({ ok: true, phone: "+447911123555", sample: "Customer 1" });
    const sent = world.sim.accepted.filter((a) => a.to === "447911123555");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.template.name).toBe("spring_sale");
    const body = sent[0]!.body.template.components.find((c: { type: string }) => c.type === "body");
    expect(body.parameters[0].text).toBe("Customer 1"); // the sample member's value, as customers get theirs
    const rows = await pool().query(`SELECT count(*)::int AS n FROM recipients WHERE campaign_id = $1`, [campaignId]);
    expect(rows.rows[0].n).toBe(0);
    const tests = await pool().query(
      `SELECT phone_e164, wa_message_id FROM campaign_test_sends WHERE campaign_id = $1`,
      [campaignId],
    );
    expect(tests.rows).toEqual([{ phone_e164: "+447911123555", wa_message_id: (result as { wamid: string }).wamid }]);
    await world.settle(); // its status webhooks find no recipient and change nothing
    const after = await pool().query(`SELECT count(*)::int AS n FROM recipients WHERE shop_id = $1`, [world.shop.id]);
    expect(after.rows[0].n).toBe(0);
  });

  it("refuses a number not declared the merchant's own, an invalid one, an opted-out one, and too many", async () => {
    const world = await newWorld();
    const campaignId = await draftWithSegment(world);
    const send = (phone: string, ownNumber = true) =>
      sendTestMessage({ shopId: world.shop.id, campaignId, phone, ownNumber });
    expect(await send("+447911123556", false)).toMatchObject({ ok: false, field: "own" });
    expect(await send("12")).toMatchObject({ ok: false, field: "phone" });
    await pool().query(
      `INSERT INTO contacts (shop_id, phone_e164, consent_state, consent_source, opted_out_at) VALUES ($1, '+447911123557', 'opted_out', 'whatsapp', now())`,
      [world.shop.id],
    );
    expect(await send("+447911123557")).toMatchObject({ ok: false, error: expect.stringContaining("Only its owner") });
    // (distinct numbers: WhatsApp refuses a second message to one number within seconds, 131056)
    for (let i = 0; i < TEST_SENDS_PER_HOUR; i++) expect((await send(`+4479111235${60 + i}`)).ok).toBe(true);
    expect(await send("+447911123558")).toMatchObject({ ok: false, error: expect.stringContaining("per hour") });
    expect(world.sim.accepted.filter((a) => a.to === "447911123556" || a.to === "447911123557")).toHaveLength(0);
  });

  it("the route answers only for the signed-in shop's campaign", async () => {
    const world = await newWorld();
    const campaignId = await draftWithSegment(world);
    const { action } = await import("../../app/routes/app.campaigns_.$id.test");
    const other = await createTestShop({ prefix: "intruder" });
    const body = new URLSearchParams({ phone: "+447911123559", own: "on" });
    const res = (await action({
      request: await adminRequest(other, `/app/campaigns/${campaignId}/test`, { method: "POST", body }),
      params: { id: String(campaignId) },
      context: {},
    })) as Response;
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: "Campaign not found." });
    expect(world.sim.accepted.filter((a) => a.to === "447911123559")).toHaveLength(0);
  });
});

describe("rollout check time", () => {
  it("is test_wait_minutes after the last test message once the test group is sent; unknown while it sends", async () => {
    const world = await newWorld();
    const audience = await seedAudience(world.shop.id, 4);
    const campaignId = await createCampaign(world, audience, { status: "testing", testCount: 2, testWaitMinutes: 45 });
    const campaign = { id: campaignId, status: "testing", testShare: 0.5, testWaitMinutes: 45 };
    expect(await rolloutCheckTime(world.shop.id, campaign)).toMatchObject({ at: null, pending: 2, waitMinutes: 45 });
    const last = new Date("2026-12-07T10:15:00Z");
    await pool().query(
      `UPDATE recipients SET status = 'sent', wa_message_id = 'wamid.t' || id, sent_at = $2::timestamptz - (id % 2) * interval '1 minute'
       WHERE campaign_id = $1 AND "group" = 'test'`,
      [campaignId, last],
    );
    expect(await rolloutCheckTime(world.shop.id, campaign)).toMatchObject({
      at: "2026-12-07T11:00:00.000Z",
      pending: 0,
    });
    expect(await rolloutCheckTime(world.shop.id, { ...campaign, status: "running" })).toBeNull();
  });
});
