// The WhatsApp webhook route: the GET handshake; a POST is verified over its raw bytes (bad or re-serialised →
// 401, nothing stored), malformed → 400, unknown numbers → 200 with nothing stored, known ones stored once
// (Meta's retries dedupe) — and the real payloads of test/fixtures/data/whatsapp-webhooks parse and apply.
import { createHmac, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { action, loader } from "../../app/routes/webhooks.whatsapp";
import { applyWhatsAppPayload } from "../../app/whatsapp/webhooks.server";
import type { WebhookPayload } from "../../app/whatsapp/types";
import { queue } from "../../jobs/queues";
import { createTestShop } from "../setup/shops";
import { fixture } from "../setup/webhooks";
import { applyInbox, createRecipients, META_APP_SECRET } from "../setup/whatsapp";

/**
 * The inbox dedupes on the SHA-256 of the bytes, across runs too: a fixture posted by an earlier run would be a
 * "duplicate". Trailing whitespace (insignificant in JSON) encodes a random number so each run posts new bytes.
 */
function fresh(body: string): string {
  const n = BigInt("0x" + randomUUID().replace(/-/g, "").slice(0, 12));
  return body + "\n" + [...n.toString(2)].map((b) => (b === "1" ? "\t" : " ")).join("");
}

const sign = (raw: string | Buffer, secret = META_APP_SECRET) =>
  "sha256=" + createHmac("sha256", secret).update(raw).digest("hex");

function post(raw: string, signature: string | null = sign(raw)) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature) headers["X-Hub-Signature-256"] = signature;
  return action({
    request: new Request("https://segwa.test/webhooks/whatsapp", { method: "POST", body: raw, headers }),
    params: {},
    context: {},
  });
}

const statusFixtures = JSON.parse(fixture("whatsapp-webhooks/pywa.message_status.json")) as Record<
  string,
  WebhookPayload
>;
const messageFixtures = JSON.parse(fixture("whatsapp-webhooks/pywa.message.json")) as Record<string, WebhookPayload>;
const buttonFixtures = JSON.parse(fixture("whatsapp-webhooks/pywa.callback_button.json")) as Record<
  string,
  WebhookPayload
>;
const prefFixtures = JSON.parse(fixture("whatsapp-webhooks/pywa.user_marketing_preferences.json")) as Record<
  string,
  WebhookPayload
>;
const templateStatus = JSON.parse(fixture("whatsapp-webhooks/pywa.template_status_update.json")) as Record<
  string,
  WebhookPayload
>;
const templateQuality = JSON.parse(fixture("whatsapp-webhooks/pywa.template_quality_update.json")) as Record<
  string,
  WebhookPayload
>;
const templateCategory = JSON.parse(fixture("whatsapp-webhooks/pywa.template_category_update.json")) as Record<
  string,
  WebhookPayload
>;

// The fixtures' own ids: shop A owns phone 1122334455667 in WABA 102290129340398; shop B phone 106540352242922
// in WABA 57438975935. Phone number ids are unique across shops, so earlier runs' rows are released first.
const A = { phone: "1122334455667", waba: "102290129340398" };
const B = { phone: "106540352242922", waba: "57438975935" };
let shopA: Shop;
let shopB: Shop;

async function account(shop: Shop, ids: { phone: string; waba: string }) {
  await pool().query(`DELETE FROM whatsapp_accounts WHERE phone_number_id = $1`, [ids.phone]);
  await pool().query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, display_phone_number)
     VALUES ($1, $2, $3, 'not-used', 'test1', '972123456789')`,
    [shop.id, ids.phone, ids.waba],
  );
}

beforeAll(async () => {
  shopA = await createTestShop();
  shopB = await createTestShop();
  await account(shopA, A);
  await account(shopB, B);
  // Other shops may still hold the WABA (earlier runs of this file): only shops A and B use these ids now.
  await pool().query(`DELETE FROM whatsapp_accounts WHERE waba_id = ANY($1) AND shop_id <> ALL($2::int[])`, [
    [A.waba, B.waba],
    [shopA.id, shopB.id],
  ]);
});

describe("verification handshake", () => {
  const get = (qs: string) =>
    loader({ request: new Request(`https://segwa.test/webhooks/whatsapp?${qs}`), params: {}, context: {} });

  it("answers the bare challenge when the verify token matches", async () => {
    const res = await get("hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1158201444");
  });

  it("answers 403 for a wrong token or mode", async () => {
    expect((await get("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")).status).toBe(403);
    expect((await get("hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1")).status).toBe(403);
  });
});

describe("POST intake", () => {
  const inboxCount = async () =>
    Number((await pool().query(`SELECT count(*) FROM inbox_events WHERE source = 'whatsapp'`)).rows[0].count);

  it("401 and nothing stored for a wrong signature, a missing one, or a body re-serialised after signing", async () => {
    const raw = fixture("whatsapp-webhooks/pywa.message_status.json");
    const body = JSON.stringify(JSON.parse(raw).sent);
    const before = await inboxCount();
    expect((await post(body, sign(body, "wrong-secret"))).status).toBe(401);
    expect((await post(body, null)).status).toBe(401);
    // Meta's bytes escape non-ASCII; a framework that parses and re-serialises changes them.
    const metaBytes = fresh(body.replace("Test Name", "Tést Name").replace("é", "\\u00e9"));
    const reserialised = JSON.stringify(JSON.parse(metaBytes));
    expect(reserialised).not.toBe(metaBytes);
    expect((await post(reserialised, sign(metaBytes))).status).toBe(401);
    expect((await post(metaBytes, sign(metaBytes))).status).toBe(200);
    expect(await inboxCount()).toBe(before + 1);
  });

  it("400 for a signed body that is not JSON or not a WhatsApp Business Account payload", async () => {
    const before = await inboxCount();
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ object: "page", entry: [] }))).status).toBe(400);
    expect(await inboxCount()).toBe(before);
  });

  it("200 and nothing stored for a number no store connected (logged)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const body = JSON.stringify(statusFixtures.sent).replace(A.phone, "999999999999999");
    const before = await inboxCount();
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ignored");
    expect(await inboxCount()).toBe(before);
    expect(warn.mock.calls.flat().join(" ")).toContain("phone number 999999999999999: not connected");
    warn.mockRestore();
  });

  it("stores a delivery once per body (Meta's retries resend the same bytes) and queues its job", async () => {
    const body = JSON.stringify({ ...statusFixtures.delivered, _nonce: randomUUID() });
    const first = await post(body);
    expect(await first.text()).toBe("new");
    expect(await (await post(body)).text()).toBe("duplicate");
    const { rows } = await pool().query(
      `SELECT id, shop_id, topic, body FROM inbox_events WHERE source = 'whatsapp' AND body = $1`,
      [body],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop_id: shopA.id, topic: "whatsapp_business_account", body });
    expect((await queue("inbox").getJob(`inbox-${rows[0].id}`))?.name).toBe("inbox.process");
  });
});

describe("the real fixtures apply", () => {
  it("statuses reconcile by wamid, out of order, monotonically; failed does not undo read", async () => {
    await pool().query(`DELETE FROM recipients WHERE wa_message_id = 'wamid.xyzxyz'`);
    const { ids } = await createRecipients(shopA.id, [
      { customerId: 1n, phone: "+972987654321", status: "sending", waMessageId: "wamid.xyzxyz" },
    ]);
    for (const key of ["read", "delivered", "sent", "failed", "played"]) {
      expect((await post(fresh(JSON.stringify(statusFixtures[key])))).status).toBe(200);
    }
    await applyInbox(shopA.id);
    const r = (await pool().query(`SELECT * FROM recipients WHERE id = $1`, [ids[0]])).rows[0];
    expect(r.status).toBe("read");
    expect(r.read_at.toISOString()).toBe("2023-07-15T00:20:58.000Z"); // the read fixture's own timestamp
    expect(r.delivered_at).not.toBeNull();
    expect(r.sent_at).not.toBeNull();
    expect(r.failed_at).toBeNull();
    expect(r.error_code).toBeNull();
    expect(r.pricing_category).toBe("service");
  });

  it("a failed status (130472) on a sent message records the code, title and details", async () => {
    await pool().query(`DELETE FROM recipients WHERE wa_message_id = 'wamid.xyzxyz'`);
    const { ids } = await createRecipients(shopA.id, [
      { customerId: 2n, phone: "+972987654321", status: "sent", waMessageId: "wamid.xyzxyz" },
    ]);
    await applyWhatsAppPayload(statusFixtures.failed!);
    const r = (
      await pool().query(`SELECT status, error_code, error_title, failed_at FROM recipients WHERE id = $1`, [ids[0]])
    ).rows[0];
    expect(r).toMatchObject({ status: "failed", error_code: 130472 });
    expect(r.error_title).toBe(
      "User's number is part of an experiment: Failed to send message because this user's phone number is part of an experiment",
    );
  });

  it('a status whose callback data is not ours ("some data") changes nothing else', async () => {
    const summary = await applyWhatsAppPayload(statusFixtures.with_tracker!);
    expect(summary.statuses).toBe(1);
  });

  it("inbound text and button replies refresh the service window without opting anyone out", async () => {
    await pool().query(`DELETE FROM contacts WHERE shop_id = $1`, [shopA.id]);
    for (const p of [
      messageFixtures.text!,
      buttonFixtures.button!,
      buttonFixtures.quick_reply!,
      messageFixtures.image!,
      messageFixtures.unsupported!,
    ]) {
      await applyWhatsAppPayload(p);
    }
    const c = (
      await pool().query(
        `SELECT consent_state, last_inbound_at FROM contacts WHERE shop_id = $1 AND phone_e164 = '+972987654321'`,
        [shopA.id],
      )
    ).rows[0];
    expect(c.consent_state).toBe("none");
    expect(c.last_inbound_at.toISOString()).toBe("2023-10-25T21:23:47.000Z"); // the latest of the messages
  });

  it("user_preferences resume and signup opt the customer in, with the audit trail", async () => {
    await pool().query(`DELETE FROM contacts WHERE shop_id = $1`, [shopB.id]);
    await applyWhatsAppPayload(prefFixtures.signup!);
    await applyWhatsAppPayload(prefFixtures.resume!);
    const events = (
      await pool().query(
        `SELECT source, previous_state, new_state, detail FROM consent_events WHERE shop_id = $1 ORDER BY id`,
        [shopB.id],
      )
    ).rows;
    expect(events).toEqual([
      {
        source: "whatsapp_preferences",
        previous_state: "none",
        new_state: "opted_in",
        detail: "User signed up via signup link",
      },
    ]);
    const c = (
      await pool().query(
        `SELECT consent_state, consent_source FROM contacts WHERE shop_id = $1 AND phone_e164 = '+16505551234'`,
        [shopB.id],
      )
    ).rows[0];
    expect(c).toEqual({ consent_state: "opted_in", consent_source: "whatsapp_preferences" });
  });

  it("template status, quality and category updates change the synced templates", async () => {
    await pool().query(
      `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status) VALUES
        ($1, '1689556908129832', 'order_confirmation', 'en_US', 'UTILITY', 'PENDING'),
        ($1, '1689556908129835', 'abandoned_cart', 'en', 'MARKETING', 'PENDING'),
        ($1, '806312974732579', 'welcome_template', 'en_US', 'MARKETING', 'APPROVED'),
        ($2, '12345678', 'my_message_template', 'he', 'UTILITY', 'APPROVED')`,
      [shopA.id, shopB.id],
    );
    await applyWhatsAppPayload(templateStatus.approved!);
    await applyWhatsAppPayload(templateStatus.rejected!);
    await applyWhatsAppPayload(templateQuality.yellow!);
    await applyWhatsAppPayload(templateCategory.marketing!);
    const t = (
      await pool().query(
        `SELECT shop_id, name, status, quality_score, category, rejected_reason FROM whatsapp_templates WHERE shop_id = ANY($1) ORDER BY name`,
        [[shopA.id, shopB.id]],
      )
    ).rows;
    expect(t).toEqual([
      {
        shop_id: shopA.id,
        name: "abandoned_cart",
        status: "REJECTED",
        quality_score: null,
        category: "MARKETING",
        rejected_reason: "INVALID_FORMAT",
      },
      {
        shop_id: shopB.id,
        name: "my_message_template",
        status: "APPROVED",
        quality_score: null,
        category: "MARKETING",
        rejected_reason: null,
      },
      {
        shop_id: shopA.id,
        name: "order_confirmation",
        status: "APPROVED",
        quality_score: null,
        category: "UTILITY",
        rejected_reason: null,
      },
      {
        shop_id: shopA.id,
        name: "welcome_template",
        status: "APPROVED",
        quality_score: "YELLOW",
        category: "MARKETING",
        rejected_reason: null,
      },
    ]);
  });

  it("a status for a template we do not have yet queues a template sync", async () => {
    const unknown = JSON.parse(JSON.stringify(templateStatus.approved)) as WebhookPayload;
    (unknown.entry[0]!.changes[0]!.value as Record<string, unknown>).message_template_name = "brand_new";
    (unknown.entry[0]!.changes[0]!.value as Record<string, unknown>).message_template_id = 999;
    await applyWhatsAppPayload(unknown);
    const jobs = await queue("whatsapp").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.some((j) => j.name === "whatsapp.sync-templates" && j.data.shopId === shopA.id)).toBe(true);
  });
});
