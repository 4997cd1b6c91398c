// Issue 15, the store-wide items, in Chromium against the built app in demo mode on a generated store with the
// demo's campaigns: seeded segments that are never "Refreshing" without a request and that the demo step computes
// (B1); Settings' import history and the demo's re-sync (B10); not-found pages inside the frame (B11); paged lists
// with totals (B13); merchant words on Contacts (B14); toasts; Core Web Vitals and screenshots of every page.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { pool } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN, upsertShop } from "../../app/shops/shop.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { reattributeShop } from "../../app/attribution/attribute.server";
import { generateStore } from "../../prisma/seed/generator";
import { seedDemoCampaigns } from "../../prisma/seed/campaigns";
import { launchBrowser, RESULTS, ROOT, SCREENSHOTS, startApp, type RunningApp } from "./harness";
import { adminPages } from "./store-pages";
import { installVitals, measure, THRESHOLDS, vitalsTable, type Vitals } from "./vitals";

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shopId: number;
const browserErrors: string[] = [];

const SHOP_TABLES = [
  "attributions",
  "attribution_runs",
  "recipients",
  "campaign_segments",
  "campaigns",
  "whatsapp_templates",
  "consent_events",
  "consent_imports",
  "contacts",
  "segment_members",
  "segment_counts",
  "segments",
  "bulk_imports",
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
}

/** The demo's post-seed step exactly as `npm run demo` runs it. */
function runDemoStep(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["prisma/seed/campaigns.ts", "--shop", DEMO_SHOP_DOMAIN],
      {
        cwd: ROOT,
        env: { ...process.env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`demo step failed (${code}): ${out}`))));
  });
}

const digits = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

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
  // Contacts the way Shopify's consent sync writes them (no explicit consent, Shopify's SMS state), a few opted in.
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, consent_at, shopify_sms_state, created_at, updated_at)
     SELECT $1, c.phone_e164, c.id, CASE WHEN row_number() OVER (ORDER BY c.id) % 5 = 0 THEN 'opted_in' ELSE 'none' END,
            CASE WHEN row_number() OVER (ORDER BY c.id) % 5 = 0 THEN 'storefront' END,
            CASE WHEN row_number() OVER (ORDER BY c.id) % 5 = 0 THEN now() - interval '3 days' END,
            'not_subscribed', now() - interval '20 days', now() - (row_number() OVER (ORDER BY c.id)) * interval '1 minute'
     FROM (SELECT id, phone_e164 FROM customers WHERE shop_id = $1 AND phone_valid AND phone_e164 IS NOT NULL ORDER BY id LIMIT 70) c
     ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
    [shopId],
  );
  app = await startApp();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await installVitals(context);
  page = await context.newPage();
  page.on("pageerror", (e) => browserErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon|Failed to load resource/.test(m.text())) browserErrors.push(m.text());
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await clearDemoShop();
});

describe("store-wide pages (issue 15)", () => {
  it("B1: seeded segments nobody asked to refresh say 'Not computed yet', never 'Refreshing', and can be started", async () => {
    await page.goto(`${app.url}/app/segments`);
    await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
    const main = page.locator("main");
    await expect(main.getByText("Not computed yet").count()).resolves.toBe(4);
    await expect(main.getByText("Refreshing").count()).resolves.toBe(0);
    await page.getByText("Regulars", { exact: true }).click();
    await page.getByRole("heading", { name: "Regulars", level: 1 }).waitFor();
    const compute = page.getByRole("button", { name: "Compute members now" });
    await expect(compute.isEnabled()).resolves.toBe(true);
    await compute.click();
    // No worker runs in this test: the request is recorded, so now (and only now) the page says Refreshing.
    await page.getByRole("heading", { name: "Computing members" }).waitFor();
    const { rows } = await pool().query(
      `SELECT refresh_requested_at FROM segments WHERE shop_id = $1 AND name = 'Regulars'`,
      [shopId],
    );
    expect(rows[0].refresh_requested_at).not.toBeNull();
  });

  it("B1: the demo step computes every seeded segment; the list shows the database's counts", async () => {
    const out = await runDemoStep();
    expect(out).toMatch(/demo segments computed: 4/);
    await page.goto(`${app.url}/app/segments`);
    await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
    const main = page.locator("main");
    await expect(main.getByText("Up to date").count()).resolves.toBe(4);
    await expect(main.getByText(/Not computed yet|Refreshing/).count()).resolves.toBe(0);
    const { rows } = await pool().query<{ name: string; member_count: number; members: number }>(
      `SELECT s.name, s.member_count, (SELECT count(*)::int FROM segment_members m WHERE m.segment_id = s.id) AS members
       FROM segments s WHERE s.shop_id = $1 AND s.deleted_at IS NULL`,
      [shopId],
    );
    const names = await page.getByTestId("segment-name").allTextContents();
    const shown = (await page.getByTestId("segment-members").allTextContents()).map(digits);
    for (const r of rows) {
      expect(r.members).toBe(r.member_count);
      expect(r.member_count, `${r.name} has members`).toBeGreaterThan(0);
      expect(shown[names.indexOf(r.name)]).toBe(r.member_count);
    }
  });

  it("B10: Settings shows the demo's import history and explains why re-sync is off; a forged POST is refused", async () => {
    await page.goto(`${app.url}/app/settings`);
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    const main = page.locator("main");
    await expect(main.textContent()).resolves.not.toContain("No import has run yet");
    const orders = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE shop_id = $1`, [
      shopId,
    ]);
    await expect(main.textContent()).resolves.toContain(`${orders.rows[0]!.n.toLocaleString("en")} imported`);
    await expect(main.getByText("Imported", { exact: true }).count()).resolves.toBe(3);
    await page.getByTestId("demo-resync").waitFor();
    await expect(page.getByRole("button", { name: "Re-sync store data" }).isDisabled()).resolves.toBe(true);
    const status = await page.evaluate(async () => {
      const body = new URLSearchParams({ intent: "resync" });
      const r = await fetch("/app/settings?_data=routes%2Fapp.settings", { method: "POST", body });
      return r.status;
    });
    expect(status).toBe(409);
    const stuck = await pool().query(`SELECT 1 FROM bulk_imports WHERE shop_id = $1 AND status = 'requested'`, [
      shopId,
    ]);
    expect(stuck.rowCount).toBe(0);
  });

  it("B11: an unknown template, import or URL is a Polaris page inside the frame with a way back", async () => {
    for (const [url, heading] of [
      ["/app/templates/987654", "Template not found"],
      ["/app/contacts/imports/987654", "Import not found"],
      ["/app/no-such-page", "Page not found"],
    ] as const) {
      const response = await page.goto(`${app.url}${url}`);
      expect(response?.status(), url).toBe(404);
      await page.getByTestId("not-found").waitFor();
      await expect(page.getByTestId("not-found").getByText(heading, { exact: true }).count()).resolves.toBe(1);
      await expect(page.locator("nav").getByRole("link", { name: "Segments" }).count()).resolves.toBe(1);
    }
    await page.getByRole("link", { name: "Go to the Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  });

  it("B13/B14: contacts are paged with the total, 'Since' filled, merchant words only", async () => {
    const total = (
      await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts WHERE shop_id = $1`, [shopId])
    ).rows[0]!.n;
    expect(total).toBeGreaterThan(50);
    await page.goto(`${app.url}/app/contacts`);
    await page.getByRole("heading", { name: "Contacts", level: 1 }).waitFor();
    const main = page.locator("main");
    await page.getByText(`1–25 of ${total}`).waitFor();
    const firstPage = await page.locator("tbody tr").allTextContents();
    expect(firstPage).toHaveLength(25);
    const text = (await page.locator("table").first().textContent())!;
    expect(text).not.toMatch(/not_subscribed|opted_out|opted_in|Shopify SMS: /);
    expect(text).toContain("Not subscribed to SMS in Shopify");
    // "Since" is a date on every row (the column is the last one)
    const since = await page.locator("tbody tr td:last-child").allTextContents();
    expect(since.every((s) => /\d{4}/.test(s))).toBe(true);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText(`26–50 of ${total}`).waitFor();
    const secondPage = await page.locator("tbody tr").allTextContents();
    expect(secondPage).toHaveLength(25);
    expect(secondPage.filter((r) => firstPage.includes(r))).toEqual([]);
    await page.getByRole("button", { name: "Previous" }).click();
    await page.getByText(`1–25 of ${total}`).waitFor();
    expect(await page.locator("tbody tr").allTextContents()).toEqual(firstPage);
    // The "can receive" column is the consent gate's verdict: the opted-in ones can, the others cannot.
    const eligible = (await main.getByText("Yes", { exact: true }).count()) > 0;
    expect(eligible).toBe(true);
  });

  it("B14: a contact's history in merchant words; opt-out is confirmed and acknowledged with a toast", async () => {
    const { rows } = await pool().query<{ phone_e164: string }>(
      `SELECT phone_e164 FROM contacts WHERE shop_id = $1 AND consent_state = 'opted_in' ORDER BY phone_e164 LIMIT 1`,
      [shopId],
    );
    const phone = rows[0]!.phone_e164;
    await page.goto(`${app.url}/app/contacts?phone=${encodeURIComponent(phone)}`);
    await page.getByRole("button", { name: "Opt out" }).click();
    await page.getByText("Only the customer can undo it").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Opt out" }).click();
    await page.getByText(`${phone} opted out`).waitFor();
    await page
      .getByText("Opted in → Opted out")
      .or(page.getByText("No explicit consent → Opted out"))
      .first()
      .waitFor();
    const history = page.getByTestId("contact-history");
    expect(await history.textContent()).not.toMatch(/opted_in|opted_out|→ opted|none →/);
  });

  it("B13: credited orders are paged with the total and a campaign filter", async () => {
    const total = (
      await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM attributions WHERE shop_id = $1`, [shopId])
    ).rows[0]!.n;
    await page.goto(`${app.url}/app/orders`);
    await page.getByRole("heading", { name: "Credited orders", level: 1 }).waitFor();
    await page.getByText(`1–${Math.min(50, total)} of ${total}`).waitFor();
    if (total > 50) {
      const first = await page.locator("tbody tr").allTextContents();
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByText(`51–${Math.min(100, total)} of ${total}`).waitFor();
      const second = await page.locator("tbody tr").allTextContents();
      expect(second.filter((r) => first.includes(r))).toEqual([]);
    }
    const { rows } = await pool().query<{ id: number; name: string; n: number }>(
      `SELECT c.id, c.name, count(*)::int AS n FROM attributions a JOIN campaigns c ON c.id = a.campaign_id
       WHERE a.shop_id = $1 GROUP BY c.id, c.name ORDER BY n LIMIT 1`,
      [shopId],
    );
    await page.getByLabel("Campaign").selectOption(String(rows[0]!.id));
    await page.getByText(`1–${Math.min(50, rows[0]!.n)} of ${rows[0]!.n}`).waitFor();
  });

  it("Core Web Vitals on every page at the demo's size are within Built for Shopify's thresholds", async () => {
    const results: Vitals[] = [];
    for (const p of await adminPages(shopId)) results.push(await measure(page, app.url, p.path));
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, "vitals-demo.md"), vitalsTable(results) + "\n");
    for (const v of results) {
      expect(v.lcp, `${v.path} LCP`).not.toBeNull();
      expect(v.lcp!, `${v.path} LCP`).toBeLessThanOrEqual(THRESHOLDS.lcp);
      expect(v.cls, `${v.path} CLS`).toBeLessThanOrEqual(THRESHOLDS.cls);
      expect(v.inp ?? 0, `${v.path} INP`).toBeLessThanOrEqual(THRESHOLDS.inp);
    }
  });

  // Its own time limit: two full-page screenshots of every admin page is ~30 s on a quiet machine and took over
  // the default 120 s on a loaded one (two test runs at once); it measures nothing, so time is not its verdict.
  it("screenshots of every page at 1440 and 768 wide", { timeout: 360_000 }, async () => {
    for (const width of [1440, 768]) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of await adminPages(shopId)) {
        await page.goto(`${app.url}${p.path}`, { waitUntil: "networkidle" });
        await page.locator("h1").first().waitFor();
        await page.screenshot({ path: path.join(SCREENSHOTS, `store-${p.name}-${width}.png`), fullPage: true });
      }
    }
    expect(browserErrors).toEqual([]);
  });

  it("segment list: search, and bulk delete with a toast", async () => {
    await pool().query(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at)
       SELECT shop_id, 'Old test segment', kind, params, now() FROM segments WHERE shop_id = $1 AND name = 'Regulars'`,
      [shopId],
    );
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.url}/app/segments`);
    await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
    await page.getByRole("button", { name: /Search and filter/ }).click();
    await page.getByPlaceholder("Search segments").fill("old test");
    await expect(page.getByTestId("segment-name").allTextContents()).resolves.toEqual(["Old test segment"]);
    await page.locator("tbody tr").first().locator('input[type="checkbox"]').check({ force: true });
    await page.getByRole("button", { name: "Delete segments" }).click();
    await page.getByText("1 segment deleted").waitFor();
    const { rows } = await pool().query(
      `SELECT deleted_at FROM segments WHERE shop_id = $1 AND name = 'Old test segment'`,
      [shopId],
    );
    expect(rows[0].deleted_at).not.toBeNull();
    await expect(page.getByTestId("segment-name").allTextContents()).resolves.not.toContain("Old test segment");
  });
});
