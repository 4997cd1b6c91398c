// End to end with the Cloud API simulator posting signed webhooks to the app's route: statuses update the
// recipient rows (a row left in `sending` is reconciled through biz_opaque_callback_data), failures carry their
// consequence for the contact (131026 unreachable, 131049 cool-down, 131050 opt-out), inbound STOP / our
// quick reply / user_preferences opt out, START opts back in, a confirmation is sent inside the 24-hour
// window, and template and account webhooks keep the connection current.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { clientForShop } from "../../app/whatsapp/account.server";
import { OPT_OUT_PAYLOAD, renderComponents, asTemplateLike } from "../../app/whatsapp/mapping";
import { opaqueFor, recipientRef } from "../../app/whatsapp/refs";
import { getTemplate, listTemplates } from "../../app/whatsapp/templates.server";
import { mayReceiveMarketing } from "../../app/consent/gate.server";
import { recordConsentChange } from "../../app/consent/consent.server";
import { sendConsentConfirmation } from "../../app/consent/reply.server";
import { queue } from "../../jobs/queues";
import type { WhatsAppSimulator } from "../simulators/whatsapp/index";
import { createTestShop } from "../setup/shops";
import { completeMapping } from "../setup/mapping";
import {
  applyInbox,
  connectShop,
  createRecipients,
  serveWebhookRoute,
  startSim,
  waitFor,
  type SimAccountIds,
} from "../setup/whatsapp";

let sim: WhatsAppSimulator;
let ids: SimAccountIds;
let shop: Shop;
let route: Awaited<ReturnType<typeof serveWebhookRoute>>;
// Webhook timestamps have one-second precision and an opt-out wins a tie: tests step the simulator's clock
// forward where a customer changes their mind.
let clockOffset = 0;
const later = () => (clockOffset += 2000);

beforeAll(async () => {
  route = await serveWebhookRoute();
  ({ sim, ids } = await startSim(undefined, {
    webhookUrl: route.url,
    readRate: 1,
    now: () => Date.now() + clockOffset,
  }));
  shop = await createTestShop({ currency: "EUR" });
  await connectShop(shop, ids);
  const { syncTemplates } = await import("../../app/whatsapp/templates.server");
  await syncTemplates(shop.id);
});
afterAll(async () => {
  await sim.close();
  await route.close();
});

async function customer(id: bigint, phone: string, name = "Maria") {
  await pool().query(
    `INSERT INTO customers (shop_id, id, first_name, phone_raw, phone_e164, phone_valid) VALUES ($1, $2, $3, $4, $4, true)
     ON CONFLICT (shop_id, id) DO NOTHING`,
    [shop.id, id, name, phone],
  );
}

/** Sends spring_sale to a recipient row as the dispatcher will: rendered components, our callback data. */
async function sendTo(recipientId: string, customerId: bigint, phone: string, opts: { recordWamid: boolean }) {
  const t = (await listTemplates(shop.id)).find((x) => x.name === "spring_sale")!;
  const template = (await getTemplate(shop.id, t.id))!;
  const rendered = renderComponents(
    asTemplateLike(template),
    completeMapping(asTemplateLike(template)),
    { "customer.first_name": "Maria" },
    {
      currency: "EUR",
      currencyExponent: 2,
      locale: "en",
      timeZone: "UTC",
      campaignId: 1,
      recipientRef: recipientRef(recipientId),
    },
  );
  await pool().query(`UPDATE recipients SET status = 'sending', sending_at = now() WHERE id = $1`, [recipientId]);
  const { client } = await clientForShop(shop.id);
  const r = await client.sendTemplate({
    to: phone,
    template: { name: template.name, language: template.language, components: rendered.components },
    bizOpaqueCallbackData: opaqueFor(recipientId),
  });
  if (opts.recordWamid)
    await pool().query(`UPDATE recipients SET status = 'sent', wa_message_id = $2, sent_at = now() WHERE id = $1`, [
      recipientId,
      r.wamid,
    ]);
  void customerId;
  return r.wamid;
}

const recipient = async (id: string) => (await pool().query(`SELECT * FROM recipients WHERE id = $1`, [id])).rows[0];
const contact = async (phone: string) =>
  (await pool().query(`SELECT * FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`, [shop.id, phone])).rows[0];

async function settle() {
  await sim.flushWebhooks();
  await applyInbox(shop.id);
}

describe("delivery statuses", () => {
  it("reconciles a row left in `sending` (answer lost) through biz_opaque_callback_data: it gets its wamid and reaches read", async () => {
    await customer(501n, "+447700900501");
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 501n, phone: "+447700900501" }]);
    const wamid = await sendTo(rid!, 501n, "447700900501", { recordWamid: false });
    await settle();
    const r = await recipient(rid!);
    expect(r).toMatchObject({ wa_message_id: wamid, status: "read", pricing_category: "marketing" });
    expect(r.sent_at && r.delivered_at && r.read_at).toBeTruthy();
    const sent = sim.accepted.filter((a) => a.bizOpaqueCallbackData === opaqueFor(rid!));
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.body)).toContain(`r=${recipientRef(rid!)}`);
  });

  it("131026 (not on WhatsApp) fails the row with its code and marks the contact unreachable", async () => {
    await customer(502n, "+447700900000");
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 502n, phone: "+447700900000" }]);
    await sendTo(rid!, 502n, "447700900000", { recordWamid: true });
    await settle();
    expect(await recipient(rid!)).toMatchObject({ status: "failed", error_code: 131026 });
    expect((await contact("+447700900000")).unreachable_at).not.toBeNull();
    expect(await mayReceiveMarketing({ shopId: shop.id, customerId: 502n, phoneE164: "+447700900000" })).toEqual({
      allowed: false,
      reason: "unreachable",
    });
  });

  it("131049 (Meta's per-user marketing cap, US number) starts a 24-hour cool-down", async () => {
    await customer(503n, "+15005550503");
    await recordConsentChange({ shopId: shop.id, phoneE164: "+15005550503", to: "opted_in", source: "csv" });
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 503n, phone: "+15005550503" }]);
    await sendTo(rid!, 503n, "15005550503", { recordWamid: true });
    await settle();
    expect(await recipient(rid!)).toMatchObject({ status: "failed", error_code: 131049 });
    const until = new Date((await contact("+15005550503")).cool_down_until).getTime();
    expect(until - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect((await mayReceiveMarketing({ shopId: shop.id, customerId: 503n, phoneE164: "+15005550503" })).reason).toBe(
      "cool_down",
    );
    expect(
      (
        await mayReceiveMarketing({
          shopId: shop.id,
          customerId: 503n,
          phoneE164: "+15005550503",
          now: new Date(until + 1000),
        })
      ).allowed,
    ).toBe(true);
  });

  it("a failure mix is reported per recipient", async () => {
    sim.setFailureMix({ 131026: 1 });
    await customer(504n, "+447700900504");
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 504n, phone: "+447700900504" }]);
    await sendTo(rid!, 504n, "447700900504", { recordWamid: true });
    sim.setFailureMix({});
    await settle();
    expect((await recipient(rid!)).error_code).toBe(131026);
  });
});

describe("stop-class failures reach the merchant", () => {
  it("131048 (spam rate limit on the number) fails the row and shows in Settings' last notice", async () => {
    await customer(506n, "+447700900506");
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 506n, phone: "+447700900506" }]);
    sim.setFailureMix({ 131048: 1 });
    await sendTo(rid!, 506n, "447700900506", { recordWamid: true });
    sim.setFailureMix({});
    await settle();
    expect((await recipient(rid!)).error_code).toBe(131048);
    expect((await clientForShop(shop.id)).account.lastAccountEvent).toMatch(
      /^Meta error 131048: Too many earlier messages/,
    );
  });
});

describe("opting out and back in on WhatsApp", () => {
  it("an opt-out arriving while a recipient is queued makes the gate refuse that send", async () => {
    await customer(601n, "+447700900601");
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: "+447700900601",
      to: "opted_in",
      source: "storefront",
      detail: "I agree…",
    });
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 601n, phone: "+447700900601", status: "queued" }]);
    expect(await mayReceiveMarketing({ shopId: shop.id, customerId: 601n, phoneE164: "+447700900601" })).toEqual({
      allowed: true,
      reason: null,
    });
    await sim.sendInboundText(ids.phoneNumberId, "447700900601", "Stop!");
    await settle();
    // What the dispatcher checks right before the send:
    expect(await mayReceiveMarketing({ shopId: shop.id, customerId: 601n, phoneE164: "+447700900601" })).toEqual({
      allowed: false,
      reason: "opted_out",
    });
    expect((await recipient(rid!)).status).toBe("queued");
    const events = (
      await pool().query(
        `SELECT source, previous_state, new_state, detail FROM consent_events WHERE shop_id = $1 AND phone_e164 = '+447700900601' ORDER BY id`,
        [shop.id],
      )
    ).rows;
    expect(events).toEqual([
      { source: "storefront", previous_state: "none", new_state: "opted_in", detail: "I agree…" },
      { source: "whatsapp_keyword", previous_state: "opted_in", new_state: "opted_out", detail: "Stop!" },
    ]);
    // The confirmation reply is queued with the event id as job id, and sent inside the 24-hour window.
    const jobs = await queue("whatsapp").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.some((j) => j.name === "whatsapp.consent-reply" && j.data.phoneE164 === "+447700900601")).toBe(true);
    expect(await sendConsentConfirmation({ shopId: shop.id, phoneE164: "+447700900601", kind: "opt_out" })).toBe(
      "sent",
    );
    const reply = sim.accepted.filter((a) => a.to === "447700900601" && a.body.type === "text");
    expect(reply[0]!.body.text.body).toContain("no longer receive promotions");
    expect(
      await sendConsentConfirmation({
        shopId: shop.id,
        phoneE164: "+447700900601",
        kind: "opt_out",
        now: new Date(Date.now() + 25 * 3600_000),
      }),
    ).toBe("window_closed");
  });

  it('"don\'t stop" is not an opt-out; START opts back in', async () => {
    await recordConsentChange({ shopId: shop.id, phoneE164: "+447700900602", to: "opted_out", source: "merchant" });
    await sim.sendInboundText(ids.phoneNumberId, "447700900602", "please don't stop");
    await settle();
    expect((await contact("+447700900602")).consent_state).toBe("opted_out");
    later();
    await sim.sendInboundText(ids.phoneNumberId, "447700900602", "START");
    await settle();
    expect((await contact("+447700900602")).consent_state).toBe("opted_in");
  });

  it("our quick-reply payload opts out", async () => {
    await sim.sendQuickReply(ids.phoneNumberId, "447700900603", OPT_OUT_PAYLOAD, "Stop promotions");
    await settle();
    expect(await contact("+447700900603")).toMatchObject({
      consent_state: "opted_out",
      consent_source: "whatsapp_button",
    });
  });

  it("user_preferences stop opts out; a later marketing send fails 131050 without a second event; resume opts in", async () => {
    await customer(604n, "+447700900604");
    await recordConsentChange({ shopId: shop.id, phoneE164: "+447700900604", to: "opted_in", source: "csv" });
    await sim.sendUserPreference(ids.phoneNumberId, "447700900604", "stop");
    await settle();
    expect(await contact("+447700900604")).toMatchObject({
      consent_state: "opted_out",
      consent_source: "whatsapp_preferences",
    });
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 604n, phone: "+447700900604" }]);
    await sendTo(rid!, 604n, "447700900604", { recordWamid: true });
    await settle();
    expect((await recipient(rid!)).error_code).toBe(131050);
    const events = (
      await pool().query(
        `SELECT source FROM consent_events WHERE shop_id = $1 AND phone_e164 = '+447700900604' ORDER BY id`,
        [shop.id],
      )
    ).rows;
    expect(events.map((e) => e.source)).toEqual(["csv", "whatsapp_preferences"]);
    later();
    await sim.sendUserPreference(ids.phoneNumberId, "447700900604", "resume");
    await settle();
    expect((await contact("+447700900604")).consent_state).toBe("opted_in");
  });

  it("131050 alone (no earlier webhook) records the opt-out from Meta's error", async () => {
    await customer(605n, "+447700900605");
    await recordConsentChange({ shopId: shop.id, phoneE164: "+447700900605", to: "opted_in", source: "csv" });
    const {
      ids: [rid],
    } = await createRecipients(shop.id, [{ customerId: 605n, phone: "+447700900605" }]);
    sim.setFailureMix({ 131050: 1 });
    await sendTo(rid!, 605n, "447700900605", { recordWamid: true });
    sim.setFailureMix({});
    await settle();
    expect(await contact("+447700900605")).toMatchObject({
      consent_state: "opted_out",
      consent_source: "whatsapp_error",
    });
  });
});

describe("template and account webhooks", () => {
  it("a paused template, a quality drop and a re-categorisation update the synced template", async () => {
    await sim.setTemplateStatus(ids.wabaId, "spring_sale", "en_US", "PAUSED");
    await sim.setTemplateQuality(ids.wabaId, "order_shipped", "en_US", "RED");
    await sim.setTemplateCategory(ids.wabaId, "order_shipped", "en_US", "MARKETING");
    await settle();
    const t = Object.fromEntries((await listTemplates(shop.id)).map((x) => [x.name, x]));
    expect(t.spring_sale!.status).toBe("PAUSED");
    expect(t.order_shipped).toMatchObject({ qualityScore: "RED", category: "MARKETING" });
  });

  it("quality, messaging-limit and account notices reach the connection", async () => {
    await sim.setTier(ids.phoneNumberId, "TIER_100K");
    await settle();
    expect((await clientForShop(shop.id)).account).toMatchObject({
      messagingLimitTier: "TIER_100K",
      lastAccountEvent: "MESSAGING_LIMIT TIER_100K",
    });
    await sim.setQualityRating(ids.phoneNumberId, "RED");
    await settle();
    expect((await clientForShop(shop.id)).account.lastAccountEvent).toBe("FLAGGED");
    const jobs = await queue("whatsapp").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.some((j) => j.name === "whatsapp.refresh-account" && j.data.shopId === shop.id)).toBe(true);
    await sim.sendAccountUpdate(ids.wabaId, {
      event: "ACCOUNT_VIOLATION",
      violation_info: { violation_type: "ADULT" },
    });
    await settle();
    expect((await clientForShop(shop.id)).account).toMatchObject({
      status: "restricted",
      lastAccountEvent: "ACCOUNT_VIOLATION ADULT",
    });
    await sim.sendAccountUpdate(ids.wabaId, {
      event: "DISABLED_UPDATE",
      ban_info: { waba_ban_state: "REINSTATE", waba_ban_date: "April 17, 2025" },
    });
    await settle();
    expect((await clientForShop(shop.id)).account.status).toBe("connected");
  });

  it("every delivery was signed and accepted by the route", async () => {
    await waitFor(async () => sim.webhookLog.length > 0);
    expect(sim.webhookFailures).toBe(0);
    expect(sim.webhookLog.every((w) => w.status === 200)).toBe(true);
  });
});
