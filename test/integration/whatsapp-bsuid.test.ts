// Business-scoped user ids (BSUID): a WhatsApp user who adopted a username may reach us with `user_id` /
// `from_user_id` and no phone (docs/whatsapp-platform.md). Through the simulator, the webhook route and the
// inbox: a webhook naming both links them on the phone's contact; a STOP, a reply, a user_preferences stop or a
// status naming only the BSUID then lands on that contact; a user seen only by BSUID has a contact of their own,
// folded into the phone's contact once a webhook names both — an opt-out still wins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { applyConsentChange } from "../../app/consent/consent.server";
import { mayReceiveMarketing } from "../../app/consent/gate.server";
import { applyWhatsAppPayload } from "../../app/whatsapp/webhooks.server";
import { clientForShop } from "../../app/whatsapp/account.server";
import { resolveContact } from "../../app/whatsapp/identity.server";
import type { WhatsAppSimulator } from "../simulators/whatsapp/index";
import { createTestShop } from "../setup/shops";
import {
  applyInbox,
  connectShop,
  createRecipients,
  serveWebhookRoute,
  startSim,
  type SimAccountIds,
} from "../setup/whatsapp";

let sim: WhatsAppSimulator;
let ids: SimAccountIds;
let shop: Shop;
let route: { url: string; close(): Promise<void> };

async function contacts(where: string, params: unknown[]) {
  const { rows } = await pool().query(
    `SELECT phone_e164, bsuid, consent_state, consent_source, last_inbound_at FROM contacts WHERE shop_id = $1 AND ${where} ORDER BY id`,
    [shop.id, ...params],
  );
  return rows;
}

/** Delivers everything the simulator has scheduled through the route, then runs the inbox jobs. */
async function deliver() {
  await sim.flushWebhooks();
  await applyInbox(shop.id);
}

async function customer(id: bigint, phone: string) {
  await pool().query(
    `INSERT INTO customers (shop_id, id, first_name, phone_raw, phone_e164, phone_valid, updated_at)
     VALUES ($1, $2, 'Maria', $3, $3, true, now()) ON CONFLICT (shop_id, id) DO NOTHING`,
    [shop.id, id, phone],
  );
}

beforeAll(async () => {
  route = await serveWebhookRoute();
  ({ sim, ids } = await startSim(undefined, { readRate: 1 }));
  sim.setWebhookUrl(route.url);
  shop = await createTestShop({ prefix: "bsuid" });
  await pool().query(`UPDATE shops SET country_code = 'GB' WHERE id = $1`, [shop.id]);
  await connectShop(shop, ids);
});
afterAll(async () => {
  await sim.close();
  await route.close();
});

describe("a contact known by phone learns its BSUID, and the BSUID alone then reaches it", () => {
  const waId = "447700900555";
  const phone = `+${waId}`;

  it("statuses of a send to the phone carry both ids: the phone's contact gets the BSUID", async () => {
    await customer(555n, phone);
    await applyConsentChange({ shopId: shop.id, phoneE164: phone, to: "opted_in", source: "storefront" });
    const { client } = await clientForShop(shop.id);
    const sent = await client.sendTemplate({
      to: waId,
      template: { name: "order_shipped", language: "en_US", components: orderShippedComponents() },
    });
    await createRecipients(shop.id, [{ customerId: 555n, phone, status: "sent", waMessageId: sent.wamid }]);
    await deliver();
    expect(await contacts("phone_e164 = $2", [phone])).toEqual([
      expect.objectContaining({
        phone_e164: phone,
        bsuid: sim.bsuidOf(ids.phoneNumberId, waId),
        consent_state: "opted_in",
      }),
    ]);
    const recipient = await pool().query(`SELECT status::text FROM recipients WHERE wa_message_id = $1`, [sent.wamid]);
    expect(recipient.rows[0].status).toBe("read");
  });

  it("a reply from the user, now behind a username, refreshes that contact's service window", async () => {
    sim.setPhoneHidden(waId, "maria.g");
    const before = (await contacts("phone_e164 = $2", [phone]))[0].last_inbound_at;
    await sim.sendQuickReply(ids.phoneNumberId, waId, "MORE_INFO", "Tell me more");
    await deliver();
    const after = await contacts("phone_e164 = $2", [phone]);
    expect(after).toHaveLength(1);
    expect(after[0].last_inbound_at).not.toBeNull();
    expect(after[0].last_inbound_at).not.toEqual(before);
    // no second contact was made for the BSUID
    expect(await contacts("phone_e164 IS NULL", [])).toEqual([]);
  });

  it("a STOP carrying only the BSUID opts out the phone's contact, and the gate blocks the phone", async () => {
    await sim.sendInboundText(ids.phoneNumberId, waId, "STOP");
    await deliver();
    expect(await contacts("phone_e164 = $2", [phone])).toEqual([
      expect.objectContaining({ consent_state: "opted_out", consent_source: "whatsapp_keyword" }),
    ]);
    const events = await pool().query(
      `SELECT phone_e164, bsuid, source, new_state FROM consent_events WHERE shop_id = $1 AND new_state = 'opted_out'`,
      [shop.id],
    );
    expect(events.rows).toEqual([
      {
        phone_e164: phone,
        bsuid: sim.bsuidOf(ids.phoneNumberId, waId),
        source: "whatsapp_keyword",
        new_state: "opted_out",
      },
    ]);
    expect(await mayReceiveMarketing({ shopId: shop.id, customerId: 555n, phoneE164: phone })).toMatchObject({
      allowed: false,
    });
  });
});

describe("a user seen only by BSUID", () => {
  const waId = "447700900777";
  const phone = `+${waId}`;

  it("has a contact of their own: no phone, their BSUID, their STOP", async () => {
    sim.setPhoneHidden(waId, "li.w");
    await sim.sendInboundText(ids.phoneNumberId, waId, "STOP");
    await deliver();
    expect(await contacts("bsuid = $2", [sim.bsuidOf(ids.phoneNumberId, waId)])).toEqual([
      expect.objectContaining({ phone_e164: null, consent_state: "opted_out", consent_source: "whatsapp_keyword" }),
    ]);
  });

  it("is folded into the phone's contact when a webhook names both; the opt-out survives a merchant opt-in", async () => {
    await customer(777n, phone);
    // The merchant imported the phone as opted in before WhatsApp ever showed us the phone.
    await applyConsentChange({
      shopId: shop.id,
      phoneE164: phone,
      to: "opted_in",
      source: "csv",
      at: new Date(Date.now() - 3600_000),
    });
    sim.setPhoneHidden(waId, null);
    await sim.sendInboundText(ids.phoneNumberId, waId, "hello again");
    await deliver();
    const bsuid = sim.bsuidOf(ids.phoneNumberId, waId);
    expect(await contacts("(phone_e164 = $2 OR bsuid = $3)", [phone, bsuid])).toEqual([
      expect.objectContaining({ phone_e164: phone, bsuid, consent_state: "opted_out" }),
    ]);
    const trail = await pool().query(
      `SELECT phone_e164, source, new_state FROM consent_events WHERE shop_id = $1 AND (phone_e164 = $2 OR bsuid = $3) ORDER BY at, id`,
      [shop.id, phone, bsuid],
    );
    // the BSUID-only STOP moved onto the phone, then the merge re-applied it over the older CSV opt-in
    expect(trail.rows.map((r) => [r.phone_e164, r.source, r.new_state])).toEqual([
      [phone, "csv", "opted_in"],
      [phone, "whatsapp_keyword", "opted_out"],
      [phone, "whatsapp_keyword", "opted_out"],
    ]);
    expect(await mayReceiveMarketing({ shopId: shop.id, customerId: 777n, phoneE164: phone })).toMatchObject({
      allowed: false,
    });
  });
});

describe("payloads in Meta's documented shapes", () => {
  const metadata = () => ({ display_phone_number: ids.displayPhoneNumber, phone_number_id: ids.phoneNumberId });
  const envelope = (field: string, value: Record<string, unknown>) => ({
    object: "whatsapp_business_account",
    entry: [
      {
        id: ids.wabaId,
        changes: [{ field, value: { messaging_product: "whatsapp", metadata: metadata(), ...value } }],
      },
    ],
  });

  it("a user_preferences stop with user_id and no wa_id opts out the linked phone's contact", async () => {
    const phone = "+447700900888";
    const bsuid = "GB.20000000000000000888";
    await applyConsentChange({ shopId: shop.id, phoneE164: phone, to: "opted_in", source: "storefront" });
    await resolveContact(shop.id, { phoneE164: phone, bsuid });
    await applyWhatsAppPayload(
      envelope("user_preferences", {
        contacts: [{ profile: { name: "Ana", username: "ana" }, user_id: bsuid }],
        user_preferences: [
          {
            user_id: bsuid,
            detail: "User requested to stop marketing messages",
            category: "marketing_messages",
            value: "stop",
            timestamp: Math.floor(Date.now() / 1000),
          },
        ],
      }) as never,
    );
    expect(await contacts("phone_e164 = $2", [phone])).toEqual([
      expect.objectContaining({ bsuid, consent_state: "opted_out", consent_source: "whatsapp_preferences" }),
    ]);
  });

  it("a failed 131050 status naming only the BSUID (a send to the BSUID) opts out the recipient's contact", async () => {
    const phone = "+447700900999";
    const bsuid = "GB.20000000000000000999";
    await customer(999n, phone);
    const { ids: rids } = await createRecipients(shop.id, [
      { customerId: 999n, phone, status: "sent", waMessageId: "wamid.bsuid-only-999" },
    ]);
    await applyWhatsAppPayload(
      envelope("messages", {
        statuses: [
          {
            id: "wamid.bsuid-only-999",
            status: "failed",
            timestamp: String(Math.floor(Date.now() / 1000)),
            recipient_user_id: bsuid,
            errors: [{ code: 131050, title: "Unable to deliver the message." }],
          },
        ],
      }) as never,
    );
    const r = await pool().query(`SELECT status::text, error_code FROM recipients WHERE id = $1::bigint`, [rids[0]]);
    expect(r.rows[0]).toEqual({ status: "failed", error_code: 131050 });
    expect(await contacts("phone_e164 = $2", [phone])).toEqual([
      expect.objectContaining({ bsuid, consent_state: "opted_out", consent_source: "whatsapp_error" }),
    ]);
  });
});

function orderShippedComponents() {
  return [
    {
      type: "body" as const,
      parameters: [
        { type: "text" as const, text: "Maria" },
        { type: "text" as const, text: "#1001" },
      ],
    },
  ];
}
