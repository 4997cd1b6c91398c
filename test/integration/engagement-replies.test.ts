// Replies through the real WhatsApp webhook handler: an inbound message is linked to the recipient of the last
// message we sent that phone (or the one it quotes), within 7 days and within the shop; a contact never messaged
// links nothing; STOP still opts out and is not a reply; the campaign report counts replies per segment.
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { applyWhatsAppPayload } from "../../app/whatsapp/webhooks.server";
import { getCampaignReport } from "../../app/attribution/report.server";
import type { InboundMessage, WebhookPayload } from "../../app/whatsapp/types";
import { createTestShop } from "../setup/shops";
import { CampaignFixture, DAY, HOUR } from "../fixtures/campaigns";

const NOW = Date.now();
const ago = (ms: number) => new Date(NOW - ms);

interface Account {
  shop: Shop;
  phoneNumberId: string;
  wabaId: string;
  f: CampaignFixture;
}

async function account(): Promise<Account> {
  const shop = await createTestShop();
  const phoneNumberId = String(randomInt(1e9, 2e9)) + String(randomInt(1e5, 1e6));
  const wabaId = String(randomInt(1e9, 2e9));
  await pool().query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, status)
     VALUES ($1, $2, $3, 'not-a-token', 'test1', 'connected')`,
    [shop.id, phoneNumberId, wabaId],
  );
  return { shop, phoneNumberId, wabaId, f: new CampaignFixture(shop.id) };
}

let seq = 0;
function inbound(a: Account, from: string, at: Date, m: Partial<InboundMessage> = {}): WebhookPayload {
  const message: InboundMessage = {
    from: from.replace("+", ""),
    id: `wamid.in-${++seq}-${randomInt(1e9)}`,
    timestamp: String(Math.floor(at.getTime() / 1000)),
    type: "text",
    text: { body: "Do you have this in blue?" },
    ...m,
  };
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: a.wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { phone_number_id: a.phoneNumberId, display_phone_number: "15550000000" },
              contacts: [{ wa_id: message.from, profile: { name: "Maria" } }],
              messages: [message],
            },
          },
        ],
      },
    ],
  };
}

async function replied(recipientId: bigint): Promise<Date | null> {
  const { rows } = await pool().query<{ replied_at: Date | null }>(`SELECT replied_at FROM recipients WHERE id = $1`, [
    recipientId,
  ]);
  return rows[0]!.replied_at;
}

let a: Account;
let other: Account;
const phone = { maria: "+447700900101", ben: "+447700900102", never: "+447700900103", late: "+447700900104" };
const r: Record<string, bigint> = {};
let spring: number;
let summer: number;
let segA: number;
let segB: number;

beforeAll(async () => {
  a = await account();
  other = await account();
  segA = await a.f.segment("Sale shoppers");
  segB = await a.f.segment("Former VIPs");
  const maria = await a.f.customer({ phone: phone.maria });
  const ben = await a.f.customer({ phone: phone.ben });
  await a.f.customer({ phone: phone.never });
  const late = await a.f.customer({ phone: phone.late });
  spring = await a.f.campaign({ name: "Spring" });
  summer = await a.f.campaign({ name: "Summer" });
  // Maria got Spring three days ago and Summer two hours ago; Ben and "late" got Summer only.
  r.mariaSpring = await a.f.recipient({
    campaignId: spring,
    customerId: maria,
    phone: phone.maria,
    segmentId: segA,
    sentAt: ago(3 * DAY),
    deliveredAt: ago(3 * DAY),
  });
  r.mariaSummer = await a.f.recipient({
    campaignId: summer,
    customerId: maria,
    phone: phone.maria,
    segmentId: segA,
    sentAt: ago(2 * HOUR),
    deliveredAt: ago(2 * HOUR),
  });
  r.ben = await a.f.recipient({
    campaignId: summer,
    customerId: ben,
    phone: phone.ben,
    segmentId: segB,
    sentAt: ago(2 * HOUR),
    deliveredAt: ago(2 * HOUR),
  });
  r.late = await a.f.recipient({
    campaignId: summer,
    customerId: late,
    phone: phone.late,
    segmentId: segB,
    sentAt: ago(10 * DAY),
    deliveredAt: ago(10 * DAY),
  });
  await pool().query(`UPDATE recipients SET wa_message_id = 'wamid.out-' || id WHERE shop_id = $1`, [a.shop.id]);
  // Another shop messaged Maria's number too: her replies to shop A's number must never touch its rows.
  const otherMaria = await other.f.customer({ phone: phone.maria });
  r.otherShop = await other.f.recipient({
    campaignId: await other.f.campaign(),
    customerId: otherMaria,
    phone: phone.maria,
    sentAt: ago(1 * HOUR),
    deliveredAt: ago(1 * HOUR),
  });
});

describe("replies", () => {
  it("link an inbound text to the last message we sent that contact, in that shop only", async () => {
    const at = ago(1 * HOUR);
    await applyWhatsAppPayload(inbound(a, phone.maria, at));
    expect((await replied(r.mariaSummer))?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
    expect(await replied(r.mariaSpring)).toBeNull();
    expect(await replied(r.otherShop)).toBeNull();
  });

  it("keep the first reply when a later one or a replayed delivery arrives", async () => {
    const first = await replied(r.mariaSummer);
    const payload = inbound(a, phone.maria, ago(30 * 60_000));
    await applyWhatsAppPayload(payload);
    await applyWhatsAppPayload(payload);
    expect(await replied(r.mariaSummer)).toEqual(first);
  });

  it("link a quoted reply to the message it quotes, even an older one", async () => {
    const at = ago(20 * 60_000);
    await applyWhatsAppPayload(
      inbound(a, phone.maria, at, {
        type: "button",
        text: undefined,
        button: { text: "Show me more", payload: "more" },
        context: { from: "15550000000", id: `wamid.out-${r.mariaSpring}` },
      }),
    );
    expect((await replied(r.mariaSpring))?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
  });

  it("link nothing for a contact we never messaged, or past the 7-day window", async () => {
    const before = await pool().query(
      `SELECT count(*)::int AS n FROM recipients WHERE shop_id = $1 AND replied_at IS NOT NULL`,
      [a.shop.id],
    );
    await applyWhatsAppPayload(inbound(a, phone.never, ago(10 * 60_000)));
    await applyWhatsAppPayload(inbound(a, phone.late, ago(10 * 60_000)));
    const after = await pool().query(
      `SELECT count(*)::int AS n FROM recipients WHERE shop_id = $1 AND replied_at IS NOT NULL`,
      [a.shop.id],
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(await replied(r.late)).toBeNull();
    // the inbound still opened the 24-hour window for the never-messaged contact
    const ct = await pool().query(`SELECT last_inbound_at FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`, [
      a.shop.id,
      phone.never,
    ]);
    expect(ct.rows[0]?.last_inbound_at).toBeInstanceOf(Date);
  });

  it("treat STOP as an opt-out, not a reply", async () => {
    await applyWhatsAppPayload(inbound(a, phone.ben, ago(5 * 60_000), { text: { body: "STOP" } }));
    const ct = await pool().query(`SELECT consent_state FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`, [
      a.shop.id,
      phone.ben,
    ]);
    expect(ct.rows[0].consent_state).toBe("opted_out");
    expect(await replied(r.ben)).toBeNull();
  });

  it("show in the campaign report, per segment and in total", async () => {
    const report = (await getCampaignReport({ shopId: a.shop.id, campaignId: summer }))!;
    const bySegment = Object.fromEntries(report.segments.map((s) => [s.segmentId, s]));
    expect(bySegment[segA]).toMatchObject({ delivered: 1, replied: 1 });
    expect(bySegment[segB]).toMatchObject({ delivered: 2, replied: 0 });
    expect(report.totals).toMatchObject({ delivered: 3, replied: 1 });
    const springReport = (await getCampaignReport({ shopId: a.shop.id, campaignId: spring }))!;
    expect(springReport.totals.replied).toBe(1);
  });
});
