// The engagement kind: every customer falls in exactly one tier (highly / moderately / not engaged / never
// messaged), equal to an independent computation over the seeded recipients, with each tier boundary of the
// default rule and of merchant thresholds; a failed, unconfirmed, holdout or out-of-window message is not one that
// reached them; another shop's recipients (same customer ids) never count; preview and "why" say what they did;
// a read receipt and a reply through the real webhook handler move the customer incrementally, equal to a full
// computation.
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { computeMemberIds, previewSegment, refreshSegment } from "../../app/segments/refresh.server";
import { explainMembers } from "../../app/segments/preview.server";
import { applyWhatsAppPayload } from "../../app/whatsapp/webhooks.server";
import {
  ENGAGEMENT_TIERS,
  engagementSchema,
  type EngagementParams,
  type EngagementTier,
} from "../../app/segments/engagement-params";
import type { WebhookPayload } from "../../app/whatsapp/types";
import { createTestShop } from "../setup/shops";
import { adminRequest } from "../setup/admin";
import { defaultForm } from "../../app/segments/builder-form";
import { CampaignFixture, DAY, HOUR } from "../fixtures/campaigns";

const NOW = new Date();
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** A message as the seed wrote it: enough to judge the customer without the kind's SQL. */
interface Msg {
  sentAt: Date | null;
  reached: boolean;
  read: boolean;
  replied: boolean;
  clicked: boolean;
}
type Spec = Partial<Msg> & { sentDaysAgo?: number; failed?: boolean; holdout?: boolean };

let shop: Shop;
let intruder: Shop;
let f: CampaignFixture;
let phoneNumberId: string;
const wabaId = String(randomInt(1e9, 2e9));
const messages = new Map<string, Msg[]>(); // customer id → messages
const deleted = new Set<string>();
const who: Record<string, string> = {}; // name → customer id
const wamids: Record<string, string> = {}; // name → wamid of its last message
const phones: Record<string, string> = {};
let nextPhone = 100;

function tierOf(rows: Msg[], p: EngagementParams): EngagementTier {
  const since = NOW.getTime() - p.windowDays * DAY;
  const inWindow = rows.filter((m) => m.sentAt !== null && m.reached && m.sentAt.getTime() >= since);
  if (!inWindow.length) return "never_messaged";
  const opened = inWindow.filter((m) => m.read || m.replied || m.clicked).length;
  const replied = inWindow.filter((m) => m.replied).length;
  const clicked = inWindow.filter((m) => m.clicked).length;
  if (
    (p.highMinReplies > 0 && replied >= p.highMinReplies) ||
    (p.highMinClicks > 0 && clicked >= p.highMinClicks) ||
    (inWindow.length >= p.highMinReached && opened * 100 >= p.highMinReadPercent * inWindow.length)
  )
    return "highly";
  if (opened >= p.moderateMinReads || replied > 0 || clicked > 0) return "moderately";
  return "not_engaged";
}

function expected(p: EngagementParams): string[] {
  return [...messages.keys()].filter((c) => !deleted.has(c) && p.tiers.includes(tierOf(messages.get(c)!, p))).sort();
}

const params = (p: Partial<EngagementParams> = {}): EngagementParams => engagementSchema.parse(p);

/** A customer named `name` with these messages (none: never sent to). */
async function person(name: string, specs: Spec[]) {
  const phone = `+4477009${String(++nextPhone).padStart(5, "0")}`;
  const c = await f.customer({ phone });
  phones[name] = phone;
  who[name] = c.toString();
  const rows: Msg[] = [];
  for (const s of specs) {
    const sent = s.holdout ? null : ago((s.sentDaysAgo ?? 5) * DAY);
    const reached = !s.failed && s.reached !== false && !s.holdout;
    const rid = await f.recipient({
      campaignId: await f.campaign(), // one message per campaign and customer
      customerId: c,
      phone,
      group: s.holdout ? "holdout" : "main",
      status: s.failed ? "failed" : sent && !reached ? "sent" : undefined,
      sentAt: sent,
      deliveredAt: reached ? sent : null,
      readAt: s.read ? new Date(sent!.getTime() + HOUR) : null,
      clickedAt: s.clicked ? new Date(sent!.getTime() + 2 * HOUR) : null,
      failedAt: s.failed ? sent : null,
    });
    const id = `wamid.eng-${rid}`;
    await pool().query(`UPDATE recipients SET wa_message_id = $2, replied_at = $3 WHERE id = $1`, [
      rid,
      id,
      s.replied ? new Date(sent!.getTime() + 3 * HOUR) : null,
    ]);
    wamids[name] = id;
    rows.push({ sentAt: sent, reached, read: !!s.read, replied: !!s.replied, clicked: !!s.clicked });
  }
  messages.set(c.toString(), rows);
  return c;
}

async function segment(p: EngagementParams, forShop = shop): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, 'engagement', $3, now()) RETURNING id`,
    [forShop.id, `eng-${randomInt(1e9)}`, JSON.stringify(p)],
  );
  return rows[0]!.id;
}

async function members(segmentId: number): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY 1`,
    [segmentId],
  );
  return rows.map((r) => r.id).sort();
}

function webhook(value: Record<string, unknown>): WebhookPayload {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: "messages",
            value: { messaging_product: "whatsapp", metadata: { phone_number_id: phoneNumberId }, ...value },
          },
        ],
      },
    ],
  } as WebhookPayload;
}

beforeAll(async () => {
  shop = await createTestShop();
  intruder = await createTestShop({ prefix: "intruder" });
  f = new CampaignFixture(shop.id);
  phoneNumberId = String(randomInt(1e9, 2e9)) + String(randomInt(1e5, 1e6));
  await pool().query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, status)
     VALUES ($1, $2, $3, 'not-a-token', 'test1', 'connected')`,
    [shop.id, phoneNumberId, wabaId],
  );
  // The boundaries of the default rule (replied or clicked once, or read 50% of 2+; moderately = read 1).
  await person("neverSent", []);
  await person("replied", [{ replied: true }]); // one reply, receipts off: highly
  await person("clicked", [{ clicked: true }]); // highly
  await person("halfOfTwo", [{ read: true }, {}]); // 50% of 2: highly
  await person("thirdOfThree", [{ read: true }, {}, {}]); // 33% of 3: moderately
  await person("oneOfOne", [{ read: true }]); // 100% but of 1 < 2: moderately
  await person("ignored", [{}, {}]); // reached twice, nothing: not engaged
  await person("threeOfFour", [{ read: true }, { read: true }, { replied: true }, {}]); // why text
  await person("failedOnly", [{ failed: true }]); // never messaged: a failed message did not reach them
  await person("failedAndIgnored", [{ failed: true }, {}]); // the failed one does not count: 0 of 1, not engaged
  await person("unconfirmed", [{ reached: false }]); // sent, no receipt: never messaged
  await person("longAgo", [{ sentDaysAgo: 100, read: true, replied: true }]); // outside 90 days
  await person("windowEdge", [{ sentDaysAgo: 89, read: true }, { sentDaysAgo: 100 }]); // only the 89-day one counts
  await person("heldOut", [{ holdout: true }]);
  const gone = await person("deleted", [{ replied: true }]);
  await pool().query(`UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id = $2`, [shop.id, gone]);
  deleted.add(gone.toString());
  // Another shop with customers of the same ids and lively recipients: never counted for ours.
  const g = new CampaignFixture(intruder.id);
  const theirs = await g.campaign({ name: "Theirs" });
  for (let i = 0; i < 6; i++) {
    const c = await g.customer();
    expect(messages.has(c.toString()), "intruder customer ids collide with ours").toBe(true);
    await g.recipient({
      campaignId: theirs,
      customerId: c,
      sentAt: ago(DAY),
      deliveredAt: ago(DAY),
      readAt: ago(DAY - HOUR),
      clickedAt: ago(DAY - 2 * HOUR),
    });
  }
}, 60_000);

describe("engagement segments", () => {
  it("each boundary of the default rule lands in its tier", async () => {
    const p = params({ tiers: [...ENGAGEMENT_TIERS] });
    const want: Record<string, EngagementTier> = {
      neverSent: "never_messaged",
      replied: "highly",
      clicked: "highly",
      halfOfTwo: "highly",
      thirdOfThree: "moderately",
      oneOfOne: "moderately",
      ignored: "not_engaged",
      threeOfFour: "highly",
      failedOnly: "never_messaged",
      failedAndIgnored: "not_engaged",
      unconfirmed: "never_messaged",
      longAgo: "never_messaged",
      windowEdge: "moderately",
      heldOut: "never_messaged",
    };
    for (const tier of ENGAGEMENT_TIERS) {
      const id = await segment({ ...p, tiers: [tier] });
      await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
      const names = Object.entries(want)
        .filter(([, t]) => t === tier)
        .map(([n]) => who[n]!)
        .sort();
      expect(await members(id), tier).toEqual(names);
      expect(await members(id), tier).toEqual(expected({ ...p, tiers: [tier] }));
      expect(await members(id)).not.toContain(who.deleted);
    }
  });

  const cases: Array<[string, Partial<EngagementParams>]> = [
    ["highly (defaults)", {}],
    ["moderately or not engaged", { tiers: ["moderately", "not_engaged"] }],
    ["replies off: a lone reply is moderate", { tiers: ["highly"], highMinReplies: 0 }],
    ["clicks off, 2 replies needed", { tiers: ["highly", "moderately"], highMinClicks: 0, highMinReplies: 2 }],
    ["read 75% of 3+", { tiers: ["highly"], highMinReadPercent: 75, highMinReached: 3 }],
    ["moderately = 2 reads", { tiers: ["moderately", "not_engaged"], moderateMinReads: 2 }],
    ["a 120-day window", { tiers: ["highly", "never_messaged"], windowDays: 120 }],
    ["a 7-day window", { tiers: ["never_messaged"], windowDays: 7 }],
  ];
  for (const [name, p0] of cases) {
    it(`${name}: members equal an independent computation, and preview agrees`, async () => {
      const p = params(p0);
      const want = expected(p);
      expect(want.length).toBeGreaterThan(0);
      const id = await segment(p);
      await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
      expect(await members(id)).toEqual(want);
      const preview = await previewSegment({ shopId: shop.id, kind: "engagement", params: p, now: NOW });
      expect(preview.count).toBe(want.length);
      expect(preview.sample[0]?.why).toMatch(/^(Highly|Moderately|Not|Never) (engaged|messaged): /);
    });
  }

  it("says why each customer matches", async () => {
    const p = params({ tiers: [...ENGAGEMENT_TIERS] });
    const id = await segment(p);
    await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
    const why = await explainMembers({
      shopId: shop.id,
      segmentId: id,
      customerIds: [who.threeOfFour!, who.neverSent!, who.clicked!, who.ignored!],
    });
    expect(why.get(who.threeOfFour!)).toBe("Highly engaged: read 3 of 4 messages, replied to 1 in the last 90 days");
    expect(why.get(who.clicked!)).toBe(
      "Highly engaged: read 1 of 1 message, clicked the link in 1 in the last 90 days",
    );
    expect(why.get(who.ignored!)).toBe("Not engaged: read 0 of 2 messages in the last 90 days");
    expect(why.get(who.neverSent!)).toBe("Never messaged: no message reached them in the last 90 days");
  });

  it("the builder's preview route previews the form, and answers 400 with the field's error", async () => {
    const { action } = await import("../../app/routes/app.segments.preview");
    const post = async (form: unknown) =>
      (await action({
        request: await adminRequest(shop, "/app/segments/preview", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ kind: "engagement", form }),
        }),
        params: {},
        context: {},
      })) as Response;
    const ok = await post({ ...defaultForm("engagement"), tiers: ["not_engaged"] });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.count).toBe(expected(params({ tiers: ["not_engaged"] })).length);
    expect(body.sample.map((m: { why: string }) => m.why)).toContain(
      "Not engaged: read 0 of 2 messages in the last 90 days",
    );
    const bad = await post({ ...defaultForm("engagement"), windowDays: "400" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors).toEqual({ windowDays: "The number of days must be at most 365" });
  });

  it("another shop's segment sees only its own recipients", async () => {
    const id = await segment(params({ tiers: ["highly"] }), intruder);
    await refreshSegment({ shopId: intruder.id, segmentId: id, now: NOW });
    expect((await members(id)).length).toBe(6);
    const ours = await segment(params({ tiers: ["never_messaged"] }));
    await refreshSegment({ shopId: shop.id, segmentId: ours, now: NOW });
    expect(await members(ours)).toContain(who.neverSent);
  });

  it("a read receipt and a reply through the webhook handler move the customer incrementally", async () => {
    const p = params({ tiers: ["highly"] });
    const id = await segment(p);
    const notEngaged = await segment(params({ tiers: ["not_engaged"] }));
    await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
    await refreshSegment({ shopId: shop.id, segmentId: notEngaged, now: NOW });
    expect(await members(id)).not.toContain(who.thirdOfThree);
    expect(await members(notEngaged)).toContain(who.ignored);
    // thirdOfThree reads their last message: 2 of 3 is over 50%.
    await applyWhatsAppPayload(
      webhook({
        statuses: [
          {
            id: wamids.thirdOfThree!,
            status: "read",
            timestamp: String(Math.floor(Date.now() / 1000)),
            recipient_id: phones.thirdOfThree!.slice(1),
          },
        ],
      }),
    );
    messages.get(who.thirdOfThree!)!.at(-1)!.read = true;
    // ignored answers their last message: a reply makes them highly engaged.
    await applyWhatsAppPayload(
      webhook({
        contacts: [{ wa_id: phones.ignored!.slice(1), profile: { name: "Ig" } }],
        messages: [
          {
            from: phones.ignored!.slice(1),
            id: `wamid.in-${randomInt(1e9)}`,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: "text",
            text: { body: "Is it still on sale?" },
          },
        ],
      }),
    );
    messages.get(who.ignored!)!.at(-1)!.replied = true;
    const now = await members(id);
    expect(now).toContain(who.thirdOfThree);
    expect(now).toContain(who.ignored);
    expect(await members(notEngaged)).not.toContain(who.ignored);
    expect(now).toEqual(await computeMemberIds({ shopId: shop.id, segmentId: id }));
    expect(now).toEqual(expected(p));
  });

  it("an order through the message's link records the click before the order webhook's segment refresh runs", async () => {
    // The click is known only from the order today (attribution sets clicked_at): the refresh job the order webhook
    // queues must see it, so "oneOfOne" (read 1 of 1: moderate) becomes highly engaged.
    const { applyOrders } = await import("../../app/ingest/webhooks.server");
    const { refreshCustomersJob } = await import("../../jobs/processors/segments");
    const { queue } = await import("../../jobs/queues");
    const id = await segment(params({ tiers: ["highly"] }));
    await refreshSegment({ shopId: shop.id, segmentId: id, now: NOW });
    const customer = BigInt(who.oneOfOne!);
    expect(await members(id)).not.toContain(who.oneOfOne);
    const r = await pool().query<{ id: string; campaign_id: number }>(
      `SELECT id::text, campaign_id FROM recipients WHERE shop_id = $1 AND customer_id = $2`,
      [shop.id, customer],
    );
    const row = f.orderRow({
      customerId: customer,
      at: new Date(),
      landingSite: f.link(r.rows[0]!.campaign_id, BigInt(r.rows[0]!.id)),
    });
    await applyOrders({ id: shop.id, currencyExponent: 2 }, [row]);
    const jobs = await queue("segments").getJobs(["waiting", "delayed", "active"]);
    const job = jobs.find(
      (j) =>
        j.name === "segments.refresh-customers" &&
        j.data.shopId === shop.id &&
        j.data.customerIds.includes(who.oneOfOne!),
    );
    expect(job, "the order webhook queues the customer's refresh").toBeDefined();
    await refreshCustomersJob(job!.data);
    messages.get(who.oneOfOne!)![0]!.clicked = true;
    expect(await members(id)).toContain(who.oneOfOne);
    expect(await members(id)).toEqual(expected(params({ tiers: ["highly"] })));
  });

  it("a shop without an engagement or follow-up segment refreshes nothing after receipts", async () => {
    // A stale member (an RFM "champion" with no orders) shows whether a refresh ran for that customer.
    const { refreshAfterReceipts } = await import("../../app/engagement/follow-up.server");
    const stale = async (s: Shop) => {
      const g = new CampaignFixture(s.id);
      const c = await g.customer();
      const seg = await g.segment("RFM");
      await pool().query(`INSERT INTO segment_members (shop_id, segment_id, customer_id) VALUES ($1, $2, $3)`, [
        s.id,
        seg,
        c,
      ]);
      const rid = await g.recipient({ campaignId: await g.campaign(), customerId: c, sentAt: ago(HOUR) });
      await refreshAfterReceipts({ shopId: s.id, recipientIds: [rid.toString()] });
      return members(seg);
    };
    expect(await stale(await createTestShop({ prefix: "lonely" }))).toHaveLength(1);
    // …whereas with an engagement segment the customer is refreshed everywhere, and the stale row goes.
    const lively = await createTestShop({ prefix: "lively" });
    await segment(params(), lively);
    expect(await stale(lively)).toEqual([]);
  });
});
