// The campaign list (issue 15 index tables): clicks and credited revenue per campaign, sorted by the server across
// every page, pages of 25 with the total, search by name, and never another shop's campaigns.
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { CAMPAIGN_PAGE_SIZE, listCampaigns } from "../../app/campaigns/list.server";
import { createTestShop } from "../setup/shops";
import { adminRequest } from "../setup/admin-request";
import { CampaignFixture, HOUR } from "../fixtures/campaigns";

let shop: Shop;
const ids: Record<string, number> = {};

beforeAll(async () => {
  shop = await createTestShop({ prefix: "list" });
  const f = new CampaignFixture(shop.id);
  const started = (h: number) => new Date(Date.now() - h * HOUR);
  // 28 campaigns, so two pages; three with results.
  for (let i = 0; i < 25; i++) await f.campaign({ name: `Filler ${i}`, status: "draft" });
  ids.spring = await f.campaign({ name: "Spring sale", startedAt: started(72), templateCategory: "MARKETING" });
  ids.summer = await f.campaign({ name: "Summer sale", startedAt: started(48), templateCategory: "MARKETING" });
  ids.vip = await f.campaign({ name: "VIP preview", startedAt: started(24), templateCategory: "MARKETING" });
  let order = 1n;
  const sendTo = async (campaignId: number, clicks: number, sends: number, revenue: number[]) => {
    for (let i = 0; i < sends; i++) {
      const at = started(20);
      const r = await f.recipient({
        campaignId,
        customerId: await f.customer(),
        sentAt: at,
        deliveredAt: at,
        clickedAt: i < clicks ? at : null,
      });
      if (revenue[i] !== undefined)
        await pool().query(
          `INSERT INTO attributions (shop_id, order_id, recipient_id, campaign_id, signal, signal_at, window_hours, revenue_minor, order_at)
           VALUES ($1, $2, $3, $4, 'click', now(), 168, $5, now())`,
          [shop.id, 70_000_000n + order++, r, campaignId, revenue[i]],
        );
    }
  };
  await sendTo(ids.spring, 1, 3, [12_000]);
  await sendTo(ids.summer, 3, 4, [4_000, 5_000]);
  await sendTo(ids.vip, 0, 2, []);
});

describe("campaign list", () => {
  it("shows clicks and revenue, and sorts by them across pages", async () => {
    const byRevenue = await listCampaigns(shop.id, { sort: "revenue" });
    expect(byRevenue.total).toBe(28);
    expect(byRevenue.pages).toBe(2);
    expect(byRevenue.rows).toHaveLength(CAMPAIGN_PAGE_SIZE);
    expect(byRevenue.rows.slice(0, 2).map((r) => [r.name, r.revenueMinor, r.orders, r.clicks])).toEqual([
      ["Spring sale", "12000", 1, 1],
      ["Summer sale", "9000", 2, 3],
    ]);
    expect(byRevenue.rows[0]!.progress).toMatchObject({ toSend: 3, delivered: 3 });
    const byClicks = await listCampaigns(shop.id, { sort: "clicks" });
    expect(byClicks.rows.slice(0, 3).map((r) => r.name)).toEqual(["Summer sale", "Spring sale", "VIP preview"]);
    const second = await listCampaigns(shop.id, { sort: "revenue", page: 2 });
    expect(second.rows).toHaveLength(3);
    expect(second.rows.map((r) => r.id)).not.toContain(ids.spring);
  });

  it("searches by name, and the route keeps to the signed-in shop", async () => {
    const found = await listCampaigns(shop.id, { query: "SALE" });
    expect(found.rows.map((r) => r.name).sort()).toEqual(["Spring sale", "Summer sale"]);
    expect((await listCampaigns(shop.id, { query: "100%_" })).total).toBe(0);
    const { loader } = await import("../../app/routes/app.campaigns._index");
    const other = await createTestShop({ prefix: "list-other" });
    const data = (await loader({
      request: await adminRequest(other, "/app/campaigns?sort=revenue"),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof listCampaigns>> extends infer _
      ? { list: { total: number }; sort: string }
      : never;
    expect(data.list.total).toBe(0);
    expect(data.sort).toBe("revenue");
  });
});
