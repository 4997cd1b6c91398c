// Campaign report figures (funnel, per-segment orders, revenue, cost, profit, ROI, opt-outs, lift), the CSV
// exports, and the Settings windows action through the real embedded-app authentication and the BullMQ job.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { reattributeShop } from "../../app/attribution/attribute.server";
import { getCampaignReport } from "../../app/attribution/report.server";
import { getAttributionDashboard } from "../../app/attribution/dashboard.server";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { createTestShop } from "../setup/shops";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";
import { CampaignFixture, HOUR, type RecipientInput } from "../fixtures/campaigns";

const T0 = new Date(Date.now() - 20 * 24 * HOUR);
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

let shop: Shop;
let f: CampaignFixture;
let campaign: number;
let later: number;
const ids: Record<string, bigint> = {};
let workers: RunningWorkers;

function base64url(data: string | Buffer) {
  return Buffer.from(data).toString("base64url");
}

/** A request from the embedded admin: a session token signed with the app secret, as App Bridge sends it. */
async function adminRequest(forShop: Shop, path: string, init: RequestInit = {}) {
  const dest = `https://${forShop.domain}`;
  await pool().query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, expires, "accessToken") VALUES ($1, $2, '', false, $3, $4, 'shpat_test')
     ON CONFLICT (id) DO NOTHING`,
    [
      `offline_${forShop.domain}`,
      forShop.domain,
      process.env.SCOPES ?? "read_customers,write_customers,read_orders,read_all_orders,read_products,write_app_proxy",
      new Date(Date.now() + 86_400_000),
    ],
  );
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `${dest}/admin`,
      dest,
      aud: TEST_API_KEY,
      sub: "42",
      exp: now + 60,
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = base64url(createHmac("sha256", TEST_API_SECRET).update(`${header}.${payload}`).digest());
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${header}.${payload}.${signature}`);
  return new Request(`https://segwa.test${path}`, { ...init, headers });
}

beforeAll(async () => {
  workers = startWorkers({ queues: ["attribution"] });
  shop = await createTestShop({ prefix: "report" });
  f = new CampaignFixture(shop.id);
  const segA = await f.segment("Sale shoppers");
  const segB = await f.segment("Former VIPs");
  campaign = await f.campaign({
    name: "Spring sale",
    startedAt: at(0),
    holdoutShare: 0.25,
    templateCategory: "MARKETING",
  });
  later = await f.campaign({ name: "Follow-up", startedAt: at(0.5), templateCategory: "MARKETING" });
  for (const name of ["c1", "c2", "c3", "c4", "h1", "h2", "c5", "c6"])
    ids[name] = await f.customer({ country: name === "c5" || name === "c6" ? "IN" : "GB" });
  const r = (customer: string, segmentId: number, extra: Partial<RecipientInput>) =>
    f.recipient({
      campaignId: campaign,
      customerId: ids[customer]!,
      segmentId,
      country: customer === "c5" || customer === "c6" ? "IN" : "GB",
      phone: `+4477009000${customer.slice(1)}${customer[0] === "h" ? "9" : "0"}`,
      ...extra,
    });
  ids.r1 = await r("c1", segA, { sentAt: at(0), deliveredAt: at(0.01), readAt: at(1) });
  ids.r2 = await r("c2", segA, { sentAt: at(0.001), deliveredAt: at(0.011) });
  ids.r3 = await r("c3", segA, { sentAt: at(0.002), status: "failed", failedAt: at(0.003) });
  ids.r4 = await r("c4", segA, { sentAt: at(0.003) });
  await r("h1", segA, { group: "holdout" });
  await r("h2", segA, { group: "holdout" });
  ids.r5 = await r("c5", segB, { sentAt: at(0.004), deliveredAt: at(0.014), phone: "+919800000005" });
  ids.r6 = await r("c6", segB, { sentAt: at(0.005), deliveredAt: at(0.015), readAt: at(2), phone: "+919800000006" });
  // The follow-up reached c5 before c5 replied STOP: the opt-out counts against the follow-up.
  await f.recipient({
    campaignId: later,
    customerId: ids.c5!,
    sentAt: at(0.5),
    deliveredAt: at(0.51),
    country: "IN",
    phone: "+919800000005",
  });
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, opted_out_at) VALUES ($1, '+919800000005', $2, 'opted_out', $3)`,
    [shop.id, ids.c5, at(1)],
  );
  // ... and c2 (no later message) opted out the next day: against Spring sale.
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, opted_out_at) VALUES ($1, '+447700900020', $2, 'opted_out', $3)`,
    [shop.id, ids.c2, at(30)],
  );

  ids.o1 = await f.order({
    customerId: ids.c1,
    at: at(3),
    totalMinor: 10000n,
    landingSite: f.link(campaign, ids.r1!),
    refunds: [{ at: at(50), amountMinor: 2000n }],
  });
  ids.o2 = await f.order({ customerId: ids.c2, at: at(20), totalMinor: 5000n });
  ids.oh = await f.order({ customerId: ids.h1, at: at(10), totalMinor: 3000n });
  ids.o6 = await f.order({ customerId: ids.c6, at: at(4), totalMinor: 7000n, cancelledAt: at(6) });
  await reattributeShop({ shopId: shop.id });
}, 60_000);

afterAll(async () => {
  await workers.close();
});

describe("campaign report", () => {
  it("counts the funnel, credited orders, revenue, cost, profit and ROI per segment", async () => {
    const report = (await getCampaignReport({ shopId: shop.id, campaignId: campaign }))!;
    const a = report.segments.find((s) => s.segmentName === "Sale shoppers")!;
    expect(a).toMatchObject({
      recipients: 4,
      sent: 4,
      delivered: 2,
      read: 1,
      clicked: 1,
      failed: 1,
      optOuts: 1,
      orders: 2,
      converted: 2,
      revenueMinor: "13000",
      clickRevenueMinor: "8000",
      viewRevenueMinor: "5000",
      revenuePerRecipientMinor: "3250",
      conversionRate: 0.5,
      // 2 delivered marketing messages to the UK at $0.0529 = $0.1058 → 11 cents
      costUsdMicros: "105800",
      costMinor: "11",
      profitMinor: "12989",
    });
    expect(a.roi).toBeCloseTo(12989 / 11, 6);
    const b = report.segments.find((s) => s.segmentName === "Former VIPs")!;
    // The cancelled order stays credited but counts as no order and no revenue; the opt-out went to the follow-up.
    expect(b).toMatchObject({
      recipients: 2,
      sent: 2,
      delivered: 2,
      read: 1,
      optOuts: 0,
      orders: 0,
      converted: 0,
      revenueMinor: "0",
      costUsdMicros: "21400",
      costMinor: "2",
    });
    expect(report.totals).toMatchObject({
      recipients: 6,
      sent: 6,
      orders: 2,
      revenueMinor: "13000",
      costUsdMicros: "127200",
      costMinor: "13",
    });
    expect(report.holdout).toBe(2);
    const follow = (await getCampaignReport({ shopId: shop.id, campaignId: later }))!;
    expect(follow.totals.optOuts).toBe(1);
  });

  it("compares messaged and held-out customers over the same window, with a plain warning at this size", async () => {
    const report = (await getCampaignReport({ shopId: shop.id, campaignId: campaign }))!;
    const lift = report.lift!;
    expect(lift.windowHours).toBe(120);
    expect(lift.complete).toBe(true);
    // Messaged: 6 (failed ones included), buyers c1 (8000 after the refund) and c2 (5000); c6's order was cancelled.
    expect(lift.campaign.messaged).toMatchObject({
      n: 6,
      converted: 2,
      revenue: 13000,
      revenueSquares: 8000 ** 2 + 5000 ** 2,
    });
    // Held out: h1 bought for 3000, uncredited, within 120 h of the segment's first send.
    expect(lift.campaign.holdout).toMatchObject({ n: 2, converted: 1, revenue: 3000, revenueSquares: 9e6 });
    expect(lift.campaign.verdict.kind).toBe("too_small");
    expect(lift.campaign.verdict.message).toMatch(/Too few customers/);
    const credited = await pool().query(`SELECT 1 FROM attributions WHERE shop_id = $1 AND order_id = $2`, [
      shop.id,
      ids.oh,
    ]);
    expect(credited.rowCount).toBe(0);
  });

  it("feeds the dashboard: revenue by segment, top campaigns and the daily series", async () => {
    const d = await getAttributionDashboard({ shopId: shop.id, days: 30 });
    expect(d.totals.revenueMinor).toBe("13000");
    expect(d.totals.orders).toBe(2);
    expect(d.bySegment.map((s) => [s.segmentName, s.revenueMinor])).toContainEqual(["Sale shoppers", "13000"]);
    expect(d.topCampaigns[0]).toMatchObject({ name: "Spring sale", revenueMinor: "13000", sent: 6 });
    expect(d.series.days).toHaveLength(30);
    const sale = d.series.segments.find((s) => s.name === "Sale shoppers")!;
    expect(sale.revenueMinor.reduce((sum, v) => sum + BigInt(v), 0n)).toBe(13000n);
    const week = await getAttributionDashboard({ shopId: shop.id, days: 7 });
    expect(week.totals.revenueMinor).toBe("0");
  });
});

describe("routes through embedded-app authentication", () => {
  it("streams the per-segment and per-recipient CSVs, and never another shop's", async () => {
    const { loader: segmentsCsv } = await import("../../app/routes/app.campaigns_.$id.report_.segments[.csv]");
    const { loader: recipientsCsv } = await import("../../app/routes/app.campaigns_.$id.report_.recipients[.csv]");
    const seg = (await segmentsCsv({
      request: await adminRequest(shop, `/app/campaigns/${campaign}/report/segments.csv`),
      params: { id: String(campaign) },
      context: {},
    })) as Response;
    expect(seg.status).toBe(200);
    expect(seg.headers.get("Content-Type")).toMatch(/text\/csv/);
    const segLines = (await seg.text()).trim().split("\r\n");
    expect(segLines[0]).toMatch(
      /^segment,recipients,sent,delivered,read,replied,clicked,click_rate,failed,opt_outs,orders,buyers,revenue_usd,revenue_per_recipient_usd,conversion_rate,messaging_cost_usd,profit_after_messaging_usd,roi$/,
    );
    expect(segLines).toContain("Sale shoppers,4,4,2,1,0,1,0.5000,1,1,2,2,130.00,32.50,0.5000,0.11,129.89,1180.82");
    expect(segLines.at(-1)).toMatch(/^All segments,6,6,/);

    const rec = (await recipientsCsv({
      request: await adminRequest(shop, `/app/campaigns/${campaign}/report/recipients.csv`),
      params: { id: String(campaign) },
      context: {},
    })) as Response;
    const recLines = (await rec.text()).trim().split("\n");
    expect(recLines).toHaveLength(1 + 8);
    expect(recLines[0]).toBe(
      "recipient_id,customer_id,segment,group,status,reason,error_code,error_title,country_code,pricing_category,sent_at,delivered_at,read_at,clicked_at,replied_at,credited_orders,credited_revenue_usd,opted_out_after",
    );
    const r1 = recLines.find((l) => l.startsWith(`${ids.r1},`))!;
    expect(r1).toContain(`${ids.c1},Sale shoppers,main,read`);
    expect(r1).toMatch(/,1,80\.00,f$/);

    const other = await createTestShop({ prefix: "intruder" });
    const denied = (await segmentsCsv({
      request: await adminRequest(other, `/app/campaigns/${campaign}/report/segments.csv`),
      params: { id: String(campaign) },
      context: {},
    })) as Response;
    expect(denied.status).toBe(404);
    const { loader: reportLoader } = await import("../../app/routes/app.campaigns_.$id.report");
    await expect(
      reportLoader({
        request: await adminRequest(other, `/app/campaigns/${campaign}/report`),
        params: { id: String(campaign) },
        context: {},
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("saving new windows re-credits history in a background job", async () => {
    const { action, loader } = await import("../../app/routes/app.settings.attribution");
    const body = new URLSearchParams({ clickWindowHours: "0", viewWindowHours: "24" });
    const bad = (await action({
      request: await adminRequest(shop, "/app/settings/attribution", { method: "POST", body }),
      params: {},
      context: {},
    })) as Response;
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.clickWindowHours).toBe("The click window must be at least 1 hour");

    const form = new URLSearchParams({ clickWindowHours: "120", viewWindowHours: "0" });
    const saved = (await action({
      request: await adminRequest(shop, "/app/settings/attribution", { method: "POST", body: form }),
      params: {},
      context: {},
    })) as { ok: boolean; runId: number };
    expect(saved).toMatchObject({ ok: true, changed: true });
    let run: { status: string } | null = null;
    for (let i = 0; i < 200; i++) {
      run = (await loader({ request: await adminRequest(shop, "/app/settings/attribution"), params: {}, context: {} }))
        .run;
      if (run?.status === "completed" || run?.status === "failed") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run).toMatchObject({ status: "completed", viewWindowHours: 0, ordersCredited: 1 });
    // c2's and c6's orders were credited to a delivery or a read (view); with view-through off only the click stays.
    const left = await pool().query<{ order_id: string }>(
      `SELECT order_id::text FROM attributions WHERE shop_id = $1`,
      [shop.id],
    );
    expect(left.rows.map((r) => r.order_id)).toEqual([ids.o1!.toString()]);
  });
});
