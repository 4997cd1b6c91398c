// Click tracking (issue 17 item 1, docs/engagement.md "Clicks"): recordClicks counts a ref once per source, never
// a bot's, never a forged or another shop's ref, and moves recipients.clicked_at only earlier; the storefront
// beacon's app-proxy route and the /l/:ref redirect on top of it; the campaign report's unique clicks and CTR.
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { recordClickBatched, recordClicks } from "../../app/engagement/clicks.server";
import { linkTag, shortRef } from "../../app/engagement/link-ref.server";
import { loader as redirectLoader } from "../../app/routes/l.$ref";
import { action as clickAction, loader as clickLoader } from "../../app/routes/proxy.click";
import { getCampaignReport } from "../../app/attribution/report.server";
import { engagementSchema } from "../../app/segments/engagement-params";
import { refreshSegment } from "../../app/segments/refresh.server";
import { attributeOrders } from "../../app/attribution/attribute.server";
import { createTestShop } from "../setup/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { CampaignFixture, DAY, HOUR } from "../fixtures/campaigns";

const NOW = Date.now();
const ago = (ms: number) => new Date(NOW - ms);
export const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

interface World {
  shop: Shop;
  f: CampaignFixture;
  campaignId: number;
}

async function world(): Promise<World> {
  const shop = await createTestShop();
  const f = new CampaignFixture(shop.id);
  const campaignId = await f.campaign({ name: "Spring sale", startedAt: ago(2 * DAY) });
  return { shop, f, campaignId };
}

async function sent(w: World, opts: { clickedAt?: Date | null; sentAt?: Date } = {}) {
  const customerId = await w.f.customer();
  const id = await w.f.recipient({
    campaignId: w.campaignId,
    customerId,
    sentAt: opts.sentAt ?? ago(DAY),
    deliveredAt: opts.sentAt ?? ago(DAY),
    clickedAt: opts.clickedAt ?? null,
  });
  return { id, customerId };
}

async function clicksOf(recipientId: bigint) {
  const { rows } = await pool().query<{ source: string; ua_class: string; at: Date; customer_id: string }>(
    `SELECT source::text, ua_class, at, customer_id::text FROM clicks WHERE recipient_id = $1 ORDER BY source`,
    [recipientId],
  );
  return rows;
}

async function clickedAt(recipientId: bigint): Promise<Date | null> {
  const { rows } = await pool().query<{ clicked_at: Date | null }>(`SELECT clicked_at FROM recipients WHERE id = $1`, [
    recipientId,
  ]);
  return rows[0]!.clicked_at;
}

describe("recordClicks", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  const ref = (id: bigint, extra: Partial<Parameters<typeof recordClicks>[1][number]> = {}) => ({
    recipientId: id,
    tag: linkTag(w.shop.id, id),
    source: "proxy" as const,
    userAgent: PHONE_UA,
    ...extra,
  });

  it("records a ref once per source and sets clicked_at to the first click", async () => {
    const r = await sent(w);
    const first = new Date(NOW - HOUR);
    expect(await recordClicks(w.shop.id, [ref(r.id, { at: first })])).toEqual({ recorded: 1, firstClicks: 1 });
    // The same visitor reloading, a second tab, the same ref twice in one batch: nothing more.
    expect(await recordClicks(w.shop.id, [ref(r.id), ref(r.id)])).toEqual({ recorded: 0, firstClicks: 0 });
    const rows = await clicksOf(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: "proxy", ua_class: "mobile", customer_id: r.customerId.toString() });
    expect(rows[0]!.at.getTime()).toBe(first.getTime());
    expect((await clickedAt(r.id))!.getTime()).toBe(first.getTime());
    // Through the redirect as well: a second row for that source, still one unique click.
    expect(await recordClicks(w.shop.id, [ref(r.id, { source: "redirect" })])).toEqual({ recorded: 1, firstClicks: 0 });
    expect((await clicksOf(r.id)).map((c) => c.source)).toEqual(["proxy", "redirect"]);
    expect((await clickedAt(r.id))!.getTime()).toBe(first.getTime());
  });

  it("ignores bots and link previewers", async () => {
    const r = await sent(w);
    const result = await recordClicks(w.shop.id, [
      ref(r.id, { userAgent: "WhatsApp/2.23.20.0 A" }),
      ref(r.id, { userAgent: "facebookexternalhit/1.1" }),
      ref(r.id, { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }),
      ref(r.id, { userAgent: null }),
    ]);
    expect(result).toEqual({ recorded: 0, firstClicks: 0 });
    expect(await clicksOf(r.id)).toEqual([]);
    expect(await clickedAt(r.id)).toBeNull();
  });

  it("ignores forged, malformed, unknown and never-sent refs without an error", async () => {
    const r = await sent(w);
    const queued = await w.f.recipient({ campaignId: w.campaignId, customerId: await w.f.customer() });
    const result = await recordClicks(w.shop.id, [
      ref(r.id, { tag: "AAAAAAAAAAAA" }),
      ref(r.id, { tag: null }),
      ref(r.id + 1n, { tag: linkTag(w.shop.id, r.id) }),
      { ...ref(r.id), recipientId: "12abc" },
      { ...ref(r.id), recipientId: "0" },
      ref(999_999_999_999_999n),
      ref(queued),
    ]);
    expect(result).toEqual({ recorded: 0, firstClicks: 0 });
    expect(await clicksOf(r.id)).toEqual([]);
    expect(await clicksOf(queued)).toEqual([]);
  });

  it("does not count another shop's ref, even with that shop's valid tag", async () => {
    const other = await world();
    const theirs = await sent(other);
    // Posted through our shop's storefront with their (valid) tag, or ours: neither counts.
    const result = await recordClicks(w.shop.id, [
      ref(theirs.id, { tag: linkTag(other.shop.id, theirs.id) }),
      ref(theirs.id),
    ]);
    expect(result).toEqual({ recorded: 0, firstClicks: 0 });
    expect(await clicksOf(theirs.id)).toEqual([]);
    expect(await clickedAt(theirs.id)).toBeNull();
  });

  it("moves clicked_at only earlier, also against the order-based click", async () => {
    const orderClick = new Date(NOW - 2 * HOUR);
    const r = await sent(w, { clickedAt: orderClick });
    await recordClicks(w.shop.id, [ref(r.id, { at: new Date(NOW - HOUR) })]);
    expect((await clickedAt(r.id))!.getTime()).toBe(orderClick.getTime());
    const earlier = new Date(NOW - 3 * HOUR);
    expect(await recordClicks(w.shop.id, [ref(r.id, { source: "redirect", at: earlier })])).toEqual({
      recorded: 1,
      firstClicks: 1,
    });
    expect((await clickedAt(r.id))!.getTime()).toBe(earlier.getTime());
    // A click can never be before its message went out (a skewed clock): clamped to the send.
    const s = await sent(w, { sentAt: ago(HOUR) });
    await recordClicks(w.shop.id, [ref(s.id, { at: ago(2 * HOUR) })]);
    expect((await clickedAt(s.id))!.getTime()).toBe(ago(HOUR).getTime());
  });

  it("writes concurrent requests' clicks together, each answered once stored", async () => {
    const rs = await Promise.all(Array.from({ length: 30 }, () => sent(w)));
    await Promise.all(rs.map((r) => recordClickBatched(w.shop.id, ref(r.id))));
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM clicks WHERE recipient_id = ANY($1::bigint[])`,
      [rs.map((r) => r.id.toString())],
    );
    expect(rows[0]!.n).toBe(30);
  });

  it("records a batch in one call", async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, () => sent(w)));
    const result = await recordClicks(
      w.shop.id,
      rs.map((r) => ref(r.id)),
    );
    expect(result).toEqual({ recorded: 20, firstClicks: 20 });
  });

  it("a click moves the customer into a 'highly engaged' segment at once, without a full refresh", async () => {
    const own = await world();
    const r = await sent(own);
    const params = engagementSchema.parse({ tiers: ["highly"] });
    const { rows } = await pool().query<{ id: number }>(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, 'Engaged', 'engagement', $2, now())
       RETURNING id`,
      [own.shop.id, params],
    );
    const segmentId = rows[0]!.id;
    await refreshSegment({ shopId: own.shop.id, segmentId });
    const members = async () =>
      (
        await pool().query<{ customer_id: string }>(
          `SELECT customer_id::text FROM segment_members WHERE shop_id = $1 AND segment_id = $2`,
          [own.shop.id, segmentId],
        )
      ).rows.map((m) => m.customer_id);
    expect(await members()).not.toContain(r.customerId.toString());
    await recordClicks(own.shop.id, [
      { recipientId: r.id, tag: linkTag(own.shop.id, r.id), source: "proxy", userAgent: PHONE_UA },
    ]);
    expect(await members()).toContain(r.customerId.toString());
  });
});

describe("storefront beacon (app proxy)", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  /** Shopify's app-proxy signature: hex HMAC-SHA256 of the sorted key=value pairs, no separator (apis.md B7). */
  function signedUrl(extra: Record<string, string> = {}, secret = TEST_API_SECRET) {
    const params: Record<string, string> = {
      shop: w.shop.domain,
      logged_in_customer_id: "",
      path_prefix: "/apps/whatsapp",
      timestamp: String(Math.floor(Date.now() / 1000)),
      ...extra,
    };
    const message = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("");
    const signature = createHmac("sha256", secret).update(message).digest("hex");
    return `https://segwa.test/proxy/click?${new URLSearchParams({ ...params, signature }).toString()}`;
  }
  const post = (url: string, body: unknown, ua: string | null = PHONE_UA) =>
    clickAction({
      request: new Request(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(ua ? { "User-Agent": ua } : {}) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      params: {},
      context: {},
    });
  const beacon = (id: bigint, extra: Record<string, unknown> = {}) => ({
    r: id.toString(),
    rk: linkTag(w.shop.id, id),
    ua: PHONE_UA,
    ...extra,
  });

  it("records the landing once per ref and answers 204", async () => {
    const r = await sent(w);
    const first = await post(signedUrl(), beacon(r.id));
    expect(first.status).toBe(204);
    expect((await post(signedUrl(), beacon(r.id))).status).toBe(204);
    const rows = await clicksOf(r.id);
    expect(rows.map((c) => [c.source, c.ua_class])).toEqual([["proxy", "mobile"]]);
    expect(await clickedAt(r.id)).not.toBeNull();
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const r = await sent(w);
    const res = await post(signedUrl({}, "not-the-secret"), beacon(r.id));
    expect(res.status).toBe(401);
    const tampered = signedUrl().replace(encodeURIComponent(w.shop.domain), "other-shop.myshopify.com");
    expect((await post(tampered, beacon(r.id))).status).toBe(401);
    expect(await clicksOf(r.id)).toEqual([]);
  });

  it("answers 400 for a body that is not a beacon, and 405 for GET", async () => {
    const r = await sent(w);
    for (const body of ["not json", "[]", { r: "abc", rk: "x" }, { r: r.id.toString() }, { rk: "AAAAAAAAAAAA" }]) {
      const res = await post(signedUrl(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const tooBig = await post(signedUrl(), { ...beacon(r.id), pad: "x".repeat(20_000) });
    expect(tooBig.status).toBe(413);
    expect(await clicksOf(r.id)).toEqual([]);
    const get = await clickLoader({ request: new Request(signedUrl()), params: {}, context: {} });
    expect(get.status).toBe(405);
  });

  it("counts nothing for a forged ref, a bot, or another shop's ref (still 204)", async () => {
    const r = await sent(w);
    expect((await post(signedUrl(), beacon(r.id, { rk: "AAAAAAAAAAAA" }))).status).toBe(204);
    expect((await post(signedUrl(), beacon(r.id + 1n, { rk: linkTag(w.shop.id, r.id) }))).status).toBe(204);
    // A crawler that runs scripts says so in its own agent; the proxy's header may say so too.
    expect((await post(signedUrl(), beacon(r.id, { ua: "Mozilla/5.0 (compatible; Googlebot/2.1)" }))).status).toBe(204);
    expect((await post(signedUrl(), beacon(r.id), "facebookexternalhit/1.1")).status).toBe(204);
    expect(await clicksOf(r.id)).toEqual([]);
    const other = await world();
    const theirs = await sent(other);
    const res = await post(signedUrl(), {
      r: theirs.id.toString(),
      rk: linkTag(other.shop.id, theirs.id),
      ua: PHONE_UA,
    });
    expect(res.status).toBe(204);
    expect(await clicksOf(theirs.id)).toEqual([]);
    // With no User-Agent header (a proxy that drops it) the browser's own decides.
    expect((await post(signedUrl(), beacon(r.id), null)).status).toBe(204);
    expect(await clicksOf(r.id)).toHaveLength(1);
  });
});

describe("link redirect /l/:ref", () => {
  const LINK = "https://segwa.test/l/{{1}}"; // SHOPIFY_APP_URL in tests: our link origin
  let w: World;
  let templates = 0;

  /** A campaign whose template's URL button is based on our link address, the mapping giving the landing. */
  async function redirectCampaign(binding: unknown): Promise<number> {
    const t = await pool().query<{ id: number }>(
      `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, components)
       VALUES ($1, $2, $2, 'en', 'MARKETING', 'APPROVED', $3) RETURNING id`,
      [
        w.shop.id,
        `spring_link_${++templates}`,
        JSON.stringify([
          { type: "BODY", text: "Spring sale is on" },
          {
            type: "BUTTONS",
            buttons: [{ type: "URL", text: "Shop now", url: LINK, example: ["https://segwa.test/l/x"] }],
          },
        ]),
      ],
    );
    const c = await pool().query<{ id: number }>(
      `INSERT INTO campaigns (shop_id, name, status, template_id, mapping, started_at, updated_at)
       VALUES ($1, 'Linked sale', 'completed', $2, $3, now(), now()) RETURNING id`,
      [w.shop.id, t.rows[0]!.id, JSON.stringify({ version: 1, params: { "button.0": binding } })],
    );
    return c.rows[0]!.id;
  }
  async function recipientOf(campaignId: number) {
    const customerId = await w.f.customer();
    return w.f.recipient({ campaignId, customerId, sentAt: ago(HOUR), deliveredAt: ago(HOUR) });
  }
  const open = (ref: string, ua: string | null = PHONE_UA, query = "") =>
    redirectLoader({
      request: new Request(`https://segwa.test/l/${ref}${query}`, { headers: ua ? { "User-Agent": ua } : {} }),
      params: { ref },
      context: {},
    });

  beforeAll(async () => {
    w = await world();
  });

  it("records the click and sends the customer to the campaign's page on the store with UTM", async () => {
    const campaignId = await redirectCampaign({ kind: "text", text: "collections/sale" });
    const id = await recipientOf(campaignId);
    const res = await open(shortRef(w.shop.id, id));
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("Location")!);
    expect(`${to.origin}${to.pathname}`).toBe(`https://${w.shop.domain}/collections/sale`);
    expect(Object.fromEntries(to.searchParams)).toEqual({
      utm_source: "whatsapp",
      utm_medium: "campaign",
      utm_campaign: String(campaignId),
      r: id.toString(),
    });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect((await clicksOf(id)).map((c) => c.source)).toEqual(["redirect"]);
    // Opened again: same landing, still one click.
    const again = await open(shortRef(w.shop.id, id));
    expect(again.headers.get("Location")).toBe(res.headers.get("Location"));
    expect(await clicksOf(id)).toHaveLength(1);
  });

  it("lands a per-customer field on its value, or its fallback", async () => {
    const campaignId = await redirectCampaign({
      kind: "field",
      field: "product.last_path",
      fallback: "collections/all",
    });
    const id = await recipientOf(campaignId); // no orders: the fallback
    const res = await open(shortRef(w.shop.id, id));
    expect(new URL(res.headers.get("Location")!).pathname).toBe("/collections/all");
  });

  it("does not count link previewers and bots, but still redirects them", async () => {
    const campaignId = await redirectCampaign({ kind: "text", text: "collections/sale" });
    const id = await recipientOf(campaignId);
    for (const ua of ["WhatsApp/2.23.20.0 A", "facebookexternalhit/1.1", "TelegramBot (like TwitterBot)", null]) {
      const res = await open(shortRef(w.shop.id, id), ua);
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get("Location")!).pathname).toBe("/collections/sale");
    }
    expect(await clicksOf(id)).toEqual([]);
    expect(await clickedAt(id)).toBeNull();
  });

  it("lands a forged, mangled or shop-only ref on the store home and records nothing", async () => {
    const campaignId = await redirectCampaign({ kind: "text", text: "collections/sale" });
    const id = await recipientOf(campaignId);
    const [shop, rcpt] = shortRef(w.shop.id, id).split(".");
    for (const ref of [`${shop}.${rcpt}.AAAAAAAAAAAA`, `${shop}.${rcpt}`, `${shop}`, `${shop}.${rcpt}.`]) {
      const res = await open(ref);
      expect(res.status, ref).toBe(302);
      expect(res.headers.get("Location"), ref).toBe(`https://${w.shop.domain}/`);
    }
    expect(await clicksOf(id)).toEqual([]);
    // Another shop's recipient under our shop's id (even correctly signed for that pair) is not ours.
    const other = await world();
    const theirs = await sent(other);
    const res = await open(shortRef(w.shop.id, theirs.id));
    expect(res.headers.get("Location")).toBe(`https://${w.shop.domain}/`);
    expect(await clicksOf(theirs.id)).toEqual([]);
  });

  it("shows a neutral page for a ref that names no store", async () => {
    for (const ref of ["", "0", "zzzzzz", "%2F%2Fevil.com", "evil.com"]) {
      const res = await open(ref);
      expect(res.status, ref).toBe(404);
      expect(res.headers.get("Location")).toBeNull();
      expect(await res.text()).toContain("This link is not available");
    }
  });

  it("is no open redirect: a crafted target in the query or in the mapping stays on the store", async () => {
    const id = await recipientOf(await redirectCampaign({ kind: "text", text: "collections/sale" }));
    const crafted = await open(
      shortRef(w.shop.id, id),
      PHONE_UA,
      "?url=https://evil.example&to=//evil.example&next=https://evil.example",
    );
    const to = new URL(crafted.headers.get("Location")!);
    expect(to.host).toBe(w.shop.domain);
    expect(to.pathname).toBe("/collections/sale");
    expect(crafted.headers.get("Location")).not.toContain("evil");
    for (const text of [
      "https://evil.example/x",
      "//evil.example/x",
      "\\\\evil.example",
      "javascript:alert(1)",
      "@evil.example",
    ]) {
      const rid = await recipientOf(await redirectCampaign({ kind: "text", text }));
      const res = await open(shortRef(w.shop.id, rid));
      const target = new URL(res.headers.get("Location")!);
      expect(target.host, text).toBe(w.shop.domain);
      expect(target.protocol).toBe("https:");
    }
  });
});

describe("campaign report", () => {
  it("shows unique clicks and CTR (of delivered) per segment and in total, by how they were counted", async () => {
    const w = await world();
    const a = await w.f.segment("Loyal");
    const b = await w.f.segment("Lapsed");
    const add = async (segmentId: number, delivered: boolean) =>
      w.f.recipient({
        campaignId: w.campaignId,
        customerId: await w.f.customer(),
        segmentId,
        sentAt: ago(DAY),
        deliveredAt: delivered ? ago(DAY) : null,
      });
    const loyal = [await add(a, true), await add(a, true), await add(a, true), await add(a, true)];
    const lapsed = [await add(b, true), await add(b, true), await add(b, false)];
    const ref = (id: bigint, source: "proxy" | "redirect") => ({
      recipientId: id,
      tag: linkTag(w.shop.id, id),
      source,
      userAgent: PHONE_UA,
    });
    await recordClicks(w.shop.id, [
      ref(loyal[0]!, "proxy"),
      ref(loyal[0]!, "redirect"), // the same person through both: one unique click
      ref(loyal[1]!, "redirect"),
      ref(lapsed[0]!, "proxy"),
      { ...ref(lapsed[1]!, "proxy"), userAgent: "WhatsApp/2.23.20.0 A" }, // the previewer: not a click
    ]);
    // An order through the link of a message nobody saw clicked (a beacon-less store): still a click.
    await pool().query(`UPDATE recipients SET clicked_at = now() WHERE id = $1`, [loyal[2]]);

    const report = (await getCampaignReport({ shopId: w.shop.id, campaignId: w.campaignId }))!;
    expect(report.totals).toMatchObject({ delivered: 6, clicked: 4 });
    expect(report.totals.clickRate).toBeCloseTo(4 / 6, 10);
    const bySegment = Object.fromEntries(report.segments.map((s) => [s.segmentName, s]));
    expect(bySegment.Loyal).toMatchObject({ delivered: 4, clicked: 3, clickRate: 0.75 });
    expect(bySegment.Lapsed).toMatchObject({ sent: 3, delivered: 2, clicked: 1, clickRate: 0.5 });
    expect(report.clicks).toEqual({ storefront: 2, redirect: 2, fromOrdersOnly: 1 });
    // Another shop's report sees none of it.
    const other = await world();
    const theirs = (await getCampaignReport({ shopId: other.shop.id, campaignId: other.campaignId }))!;
    expect(theirs.clicks).toEqual({ storefront: 0, redirect: 0, fromOrdersOnly: 0 });
    expect(theirs.totals.clickRate).toBeNull();
  });
});

describe("attribution", () => {
  it("credits a later order to the message whose link was really clicked, and the order's link click does not move it later", async () => {
    const w = await world();
    const r = await sent(w);
    const clickAt = ago(3 * HOUR);
    await recordClicks(w.shop.id, [
      { recipientId: r.id, tag: linkTag(w.shop.id, r.id), source: "proxy", userAgent: PHONE_UA, at: clickAt },
    ]);
    // Ordered later through the same link (landing_site carries r=): the order-based write keeps the earlier click.
    const order = await w.f.order({
      customerId: r.customerId,
      at: ago(HOUR),
      landingSite: w.f.link(w.campaignId, r.id),
    });
    await attributeOrders({ shopId: w.shop.id, orderIds: [order] });
    expect((await clickedAt(r.id))!.getTime()).toBe(clickAt.getTime());
    // A second order without the link, inside the click window: credited to the click all the same.
    const plain = await w.f.order({ customerId: r.customerId, at: ago(HOUR / 2) });
    await attributeOrders({ shopId: w.shop.id, orderIds: [plain] });
    const { rows } = await pool().query<{ recipient_id: string; signal: string }>(
      `SELECT recipient_id::text, signal FROM attributions WHERE shop_id = $1 AND order_id = ANY($2::bigint[]) ORDER BY order_at`,
      [w.shop.id, [order, plain]],
    );
    expect(rows).toEqual([
      { recipient_id: r.id.toString(), signal: "click" },
      { recipient_id: r.id.toString(), signal: "click" },
    ]);
  });
});
