// Attribution as a merchant uses it, in Chromium against the built app in demo mode: the dashboard (periods,
// chart, segments, top campaigns), a campaign report with its CSV, an order's explanation, the windows in
// Settings re-crediting history through the worker, and message prices.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { pool } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN, upsertShop } from "../../app/shops/shop.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { reattributeShop } from "../../app/attribution/attribute.server";
import { generateStore } from "../../prisma/seed/generator";
import { seedDemoCampaigns } from "../../prisma/seed/campaigns";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { launchBrowser, SCREENSHOTS, startApp, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;
let page: Page;
let workers: RunningWorkers;
let shopId: number;
const browserErrors: string[] = [];

const SHOP_TABLES = [
  "attributions",
  "attribution_runs",
  "message_prices",
  "recipients",
  "campaign_segments",
  "campaigns",
  "whatsapp_templates",
  "consent_events",
  "contacts",
  "segments",
  "refunds",
  "line_items",
  "orders",
  "product_collections",
  "product_variants",
  "products",
  "collections",
  "customers",
];

async function clearDemoShop() {
  for (const table of SHOP_TABLES) await pool().query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
  await pool().query(`UPDATE shops SET settings = '{}' WHERE id = $1`, [shopId]);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shop = await upsertShop(DEMO_SHOP_DOMAIN, {
    name: "Demo store",
    currency: "USD",
    ianaTimezone: "America/New_York",
    demo: true,
  });
  shopId = shop.id;
  await clearDemoShop();
  const now = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  await writeStore({ shopId, records: generateStore({ orders: 4000, seed: 5, now }) });
  await seedDemoCampaigns({ db: pool(), shopId, seed: 5, now });
  await reattributeShop({ shopId });
  workers = startWorkers({ queues: ["attribution"] });
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page.on("pageerror", (e) => browserErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon|Failed to load resource/.test(m.text())) browserErrors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() >= 500) browserErrors.push(`${r.status()} ${r.url()}`);
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await workers?.close();
  await clearDemoShop();
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });

describe("attribution in the admin", () => {
  it("dashboard: credited revenue by period, segment and campaign, with the daily chart", async () => {
    await page.goto(`${app.url}/app`);
    await page.getByRole("heading", { name: "WhatsApp revenue" }).waitFor();
    const main = page.locator("main");
    await expect(main.getByText("Attributed revenue by day and segment").count()).resolves.toBe(1);
    // The chart renders in the browser (an SVG with one area per segment).
    await page.locator("main svg path").first().waitFor();
    const { rows } = await pool().query(
      `SELECT COALESCE(sum(revenue_minor), 0)::bigint AS rev FROM attributions WHERE shop_id = $1 AND order_at >= now() - interval '30 days'`,
      [shopId],
    );
    expect(Number(rows[0].rev)).toBeGreaterThan(0);
    for (const name of ["Regulars", "Top campaigns", "Revenue by segment"])
      await expect(main.getByText(name).first().isVisible()).resolves.toBe(true);
    await shot("attribution-dashboard.png");
    for (const width of [1440, 768]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(200);
      await shot(`attribution-dashboard-${width}.png`);
    }
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.getByRole("link", { name: "Last 7 days" }).click();
    await page.waitForURL(/days=7/);
    await page
      .getByText(/in the last 7 days/)
      .first()
      .waitFor();
    await shot("attribution-dashboard-7-days.png");
  });

  it("campaign report: funnel, segments, lift, credited orders and the segment CSV", async () => {
    await page.goto(`${app.url}/app?days=90`);
    await page.getByRole("link", { name: "Summer sale: 20% off" }).click();
    await page.getByRole("heading", { name: "Summer sale: 20% off" }).waitFor();
    for (const heading of ["Delivery funnel", "By segment", "Lift against the holdout", "Latest credited orders"]) {
      await page.getByRole("heading", { name: heading }).waitFor();
    }
    await expect(
      page.getByText(/Messaged customers bought|within the margin of error|Too few customers/).count(),
    ).resolves.toBeGreaterThan(0);
    await page.locator("main svg").first().waitFor();
    // B12: times in the store's zone, labelled, also for a browser in another zone (and no hydration mismatch).
    const tokyo = await browser.newPage({ viewport: { width: 1440, height: 900 }, timezoneId: "Asia/Tokyo" });
    const tokyoErrors: string[] = [];
    tokyo.on("console", (m) => m.type() === "error" && tokyoErrors.push(m.text()));
    await tokyo.goto(page.url());
    await tokyo.getByRole("heading", { name: "Lift against the holdout" }).waitFor();
    const main = (await tokyo.locator("main").textContent()) ?? "";
    expect(main).toMatch(/Sent from \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T/);
    expect(main).not.toMatch(/GMT\+9|JST/);
    expect(tokyoErrors).toEqual([]);
    await tokyo.close();
    // Reporting clarity: the lift chart draws the groups' confidence intervals.
    expect(await page.getByTestId("lift-interval-chart").first().getAttribute("aria-label")).toMatch(
      /Messaged .*95% interval .* Held out/,
    );
    // B15: the by-segment tables fit their card at 1440 px (Profit and ROI visible, no horizontal scroll).
    for (const width of [1440, 768]) {
      await page.setViewportSize({ width, height: 900 });
      await shot(`attribution-campaign-report-${width}.png`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll(".Polaris-DataTable__ScrollContainer")].map((e) => e.scrollWidth - e.clientWidth),
    );
    expect(overflow.length).toBeGreaterThan(0);
    expect(Math.max(...overflow)).toBeLessThanOrEqual(1);
    await shot("attribution-campaign-report.png");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Segments CSV" }).click(),
    ]);
    const file = await download.path();
    const csv = readFileSync(file!, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^segment,recipients,sent,delivered,read,replied,clicked/);
    expect(csv).toContain("Sale shoppers,");
    expect(csv).toContain("All segments,");
  });

  it("order explanation from the dashboard lookup", async () => {
    const { rows } = await pool().query(
      `SELECT o.name, c.name AS campaign FROM attributions a JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
       JOIN campaigns c ON c.id = a.campaign_id WHERE a.shop_id = $1 AND a.evidence = 'link' ORDER BY a.order_at DESC LIMIT 1`,
      [shopId],
    );
    await page.goto(`${app.url}/app`);
    await page.getByLabel("Why was an order credited (or not)?").fill(rows[0].name);
    await page.getByRole("button", { name: "Explain" }).click();
    await page.getByRole("heading", { name: `Order ${rows[0].name}` }).waitFor();
    await expect(page.getByText(`Credited to ${rows[0].campaign}`).first().isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByText(/came through this message's link/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await shot("attribution-order-explanation.png");
    // An unknown order number says so.
    await page.goto(`${app.url}/app/orders?q=%23nope`);
    await page.getByText('No order "#nope" in this store').waitFor();
  });

  it("settings: changing a window re-credits history in the background and shows it", async () => {
    await page.goto(`${app.url}/app/settings`);
    const view = page.getByLabel("View window (hours)");
    await view.waitFor();
    await view.fill("48");
    await page.getByRole("button", { name: "Save windows" }).click();
    await page.getByText(/Last re-credited/).waitFor({ timeout: 60_000 });
    await page.getByText(/view 2 days\)/).waitFor();
    await shot("attribution-settings.png");
    const stored = await pool().query(
      `SELECT DISTINCT window_hours FROM attributions WHERE shop_id = $1 AND signal = 'view'`,
      [shopId],
    );
    expect(stored.rows.map((r) => r.window_hours)).toEqual([48]);
    // A window out of range is refused with the reason, nothing queued.
    await view.fill("500");
    await page.getByRole("button", { name: "Save windows" }).click();
    await page.getByText("The view window can be at most 168 hours (7 days)").waitFor();
  });

  it("message prices: a merchant's own rate changes the cost in reports", async () => {
    await page.goto(`${app.url}/app/settings/prices`);
    await page.getByRole("heading", { name: "Message prices" }).waitFor();
    const price = page.locator('input[name="price:north_america:marketing"]');
    await price.fill("0.0300");
    await page.getByRole("button", { name: "Save prices" }).click();
    await page.getByText("Prices saved").waitFor();
    await page.getByText("Edited").first().waitFor();
    await shot("attribution-prices.png");
    const stored = await pool().query(
      `SELECT usd_micros FROM message_prices WHERE shop_id = $1 AND market = 'north_america' AND category = 'marketing'`,
      [shopId],
    );
    expect(stored.rows[0].usd_micros).toBe(30_000);
  });

  it("empty and missing states", async () => {
    const draft = await pool().query<{ id: number }>(
      `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, 'Draft for later', 'draft', now()) RETURNING id`,
      [shopId],
    );
    await page.goto(`${app.url}/app/campaigns/${draft.rows[0]!.id}/report`);
    await page.getByText("Nothing sent yet").waitFor();
    await shot("attribution-report-empty.png");
    await page.goto(`${app.url}/app/campaigns/999999999/report`);
    await page.getByText("It does not exist in this store").waitFor();
    expect(browserErrors).toEqual([]);
  });
});
