// Opens the app in demo mode in Chromium and walks the navigation.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { pool } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN, upsertShop } from "../../app/shops/shop.server";
import { launchBrowser, SCREENSHOTS, startApp, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shop = await upsertShop(DEMO_SHOP_DOMAIN, {
    name: "Demo store",
    currency: "USD",
    ianaTimezone: "America/New_York",
    demo: true,
  });
  // A few rows so the dashboard has numbers to show (the full demo store comes from `npm run demo`).
  await pool().query(`DELETE FROM orders WHERE shop_id = $1`, [shop.id]);
  await pool().query(`DELETE FROM customers WHERE shop_id = $1`, [shop.id]);
  await pool().query(
    `INSERT INTO customers (shop_id, id, first_name, phone_e164, phone_valid) VALUES ($1, 9007199254740993, 'Ana', '+447700900123', true), ($1, 9007199254740995, 'Ben', NULL, NULL)`,
    [shop.id],
  );
  await pool().query(
    `INSERT INTO orders (shop_id, id, customer_id, total_minor, net_minor, shopify_created_at)
     VALUES ($1, 9007199254740997, 9007199254740993, 12345, 12345, now()), ($1, 9007199254740999, 9007199254740993, 5000, 0, now())`,
    [shop.id],
  );
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("admin frame in demo mode", () => {
  it("shows the Polaris frame with Dashboard, Segments, Campaigns and Settings", async () => {
    await page.goto(`${app.url}/app`);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const nav = page.locator("nav");
    for (const label of ["Dashboard", "Segments", "Campaigns", "Settings"]) {
      await expect(nav.getByRole("link", { name: label }).count()).resolves.toBe(1);
    }
    await expect(page.getByTestId("demo-banner").textContent()).resolves.toContain("Demo mode");
    // Figures come from the database: 2 customers, 1 reachable, 2 orders, $123.45 net (the other was cancelled).
    const main = page.locator("main");
    await expect(main.textContent()).resolves.toContain("$123.45");
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });
  });

  it("navigates to each page", async () => {
    for (const [label, heading] of [
      ["Segments", "Segments"],
      ["Campaigns", "Campaigns"],
      ["Settings", "Settings"],
      ["Dashboard", "Dashboard"],
    ] as const) {
      await page.locator("nav").getByRole("link", { name: label }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe(label === "Dashboard" ? "/app" : `/app/${label.toLowerCase()}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${label.toLowerCase()}.png`) });
    }
  });
});
