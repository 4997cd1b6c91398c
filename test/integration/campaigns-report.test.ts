// The report and the campaign page count the customers who got no message the same way (issue 15 B15): held out,
// excluded when the audience was taken, skipped at send time, each by recipient status; and the segments CSV has
// one messaging cost column.
import { beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { getCampaignReport } from "../../app/attribution/report.server";
import { campaignProgress } from "../../app/campaigns/progress.server";
import { createTestShop } from "../setup/shops";
import { adminRequest } from "../setup/admin-request";
import { CampaignFixture, HOUR, type RecipientInput } from "../fixtures/campaigns";

let shop: Shop;
let campaign: number;

beforeAll(async () => {
  shop = await createTestShop({ prefix: "notsent", currency: "USD" });
  const f = new CampaignFixture(shop.id);
  const seg = await f.segment("Regulars");
  campaign = await f.campaign({
    name: "Winter",
    startedAt: new Date(Date.now() - 48 * HOUR),
    templateCategory: "MARKETING",
  });
  const sent = new Date(Date.now() - 47 * HOUR);
  const add = async (extra: Partial<RecipientInput>) =>
    f.recipient({ campaignId: campaign, customerId: await f.customer(), segmentId: seg, ...extra });
  await add({ sentAt: sent, deliveredAt: sent });
  await add({ sentAt: sent, deliveredAt: sent, readAt: sent });
  await add({ status: "excluded", reason: "opted_out" });
  await add({ status: "excluded", reason: "no_consent" });
  await add({ status: "excluded", reason: "frequency_cap" });
  await add({ status: "skipped", reason: "opted_out" });
  await add({ group: "holdout" });
});

describe("customers not messaged", () => {
  it("the report's held out / excluded / skipped equal the campaign page's", async () => {
    const [report, progress] = await Promise.all([
      getCampaignReport({ shopId: shop.id, campaignId: campaign }),
      campaignProgress(shop.id, campaign),
    ]);
    expect({ holdout: report!.holdout, excluded: report!.excluded, skipped: report!.skipped }).toEqual({
      holdout: progress.holdout,
      excluded: progress.excluded,
      skipped: progress.skipped,
    });
    expect(report!.excluded).toBe(3);
    expect(report!.skipped).toBe(1);
  });
});

describe("segments CSV", () => {
  it("has one messaging cost column and no header twice in another case", async () => {
    const { loader } = await import("../../app/routes/app.campaigns_.$id.report_.segments[.csv]");
    const res = (await loader({
      request: await adminRequest(shop, `/app/campaigns/${campaign}/report/segments.csv`),
      params: { id: String(campaign) },
      context: {},
    })) as Response;
    const [header] = (await res.text()).split("\r\n");
    const columns = header!.split(",");
    expect(columns.filter((c) => c.startsWith("messaging_cost"))).toHaveLength(1);
    expect(columns).toContain("revenue_usd");
    expect(new Set(columns.map((c) => c.toLowerCase())).size).toBe(columns.length);
  });
});
