// Builds one segment of each mission kind in the demo admin (Chromium), the way a merchant does: pick a kind, fill
// the form (product pickers over our own catalogue), watch the live preview, save. A real BullMQ worker computes
// the segment; the counts the pages show must equal the database. Also: a bad parameter gives a field error and
// saves nothing; edit, duplicate, delete, member search and the CSV export.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { pool } from "../../app/db.server";
import { writeStore } from "../../app/ingest/store-writer.server";
import { DEMO_SHOP_DOMAIN, upsertShop } from "../../app/shops/shop.server";
import { generateStore } from "../../prisma/seed/generator";
import { neutralise } from "../../app/lib/csv";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { launchBrowser, SCREENSHOTS, startApp, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;
let page: Page;
let workers: RunningWorkers;
let shopId: number;

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `segments-${name}.png`), fullPage: true });

async function dbSegment(name: string) {
  const { rows } = await pool().query<{
    id: number;
    member_count: number;
    members: number;
    refresh_requested_at: Date | null;
    params: Record<string, unknown>;
  }>(
    `SELECT s.id, s.member_count, s.refresh_requested_at, s.params,
       (SELECT count(*)::int FROM segment_members m WHERE m.segment_id = s.id) AS members
     FROM segments s WHERE s.shop_id = $1 AND s.name = $2 AND s.deleted_at IS NULL`,
    [shopId, name],
  );
  return rows[0] ?? null;
}

/** The cells of one CSV line (RFC 4180 quoting; the export has no line breaks inside cells). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) =>
    m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!,
  );
}

const digits = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

/** Waits for the preview to settle and returns the count it shows. */
async function previewCount(): Promise<number> {
  // The card says when it reflects the form as it is now (no change waiting for the debounce or the server).
  await page.locator('[data-testid="preview-card"][data-fresh="true"]').waitFor();
  return digits(await page.getByTestId("preview-count").textContent());
}

/** Search a picker and take the first match. */
async function pick(pickerTestId: string, type: string | null, query: string) {
  const picker = page.getByTestId(pickerTestId);
  if (type) await picker.locator("select").selectOption(type);
  const input = picker.getByPlaceholder(/^Search/);
  await input.click();
  await input.fill(query);
  const option = page.getByRole("option").filter({ hasText: query }).first();
  await option.waitFor();
  await option.click();
  await page.keyboard.press("Escape");
}

/** Saves, lands on the segment page, waits for the worker to compute it; returns the count the page shows. */
async function saveAndWait(name: string): Promise<number> {
  await page.getByRole("button", { name: /^Save/ }).click();
  await page.getByRole("heading", { name, level: 1 }).waitFor();
  await page.getByText("Up to date").first().waitFor({ timeout: 30_000 });
  return digits(await page.getByTestId("member-count").textContent());
}

async function expectPageMatchesDatabase(name: string, shown: number) {
  const row = await dbSegment(name);
  expect(row, `${name} saved`).not.toBeNull();
  expect(row!.refresh_requested_at).toBeNull();
  expect(shown, `${name}: count on the page`).toBe(row!.member_count);
  expect(row!.members, `${name}: materialized members`).toBe(row!.member_count);
  expect(row!.member_count, `${name} should have members`).toBeGreaterThan(0);
  return row!;
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
  await pool().query(`DELETE FROM segments WHERE shop_id = $1`, [shopId]);
  await pool().query(`DELETE FROM orders WHERE shop_id = $1`, [shopId]);
  await pool().query(`DELETE FROM customers WHERE shop_id = $1`, [shopId]);
  await writeStore({ shopId, records: generateStore({ orders: 2500, seed: 5 }) });
  workers = startWorkers({ queues: ["segments"] });
  // The web process queues refreshes on the same Redis prefix this test's worker consumes.
  app = await startApp({ QUEUE_PREFIX: process.env.QUEUE_PREFIX! });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await workers?.close();
});

describe("segment builder in demo mode", () => {
  it("starts from the kinds when there is no segment yet", async () => {
    await page.goto(`${app.url}/app/segments`);
    await page.getByText("Build your first segment").waitFor();
    await shot("empty");
    await page.getByRole("link", { name: "Build a Cross-sell segment" }).click();
    await page.getByRole("heading", { name: "New segment: Cross-sell" }).waitFor();
  });

  it("cross-sell: one click on a suggested pair, preview, save; the count equals the database", async () => {
    await page.getByText("Suggested from your orders").waitFor();
    const first = page.getByRole("button", { name: "Use" }).first();
    await first.waitFor();
    await first.click();
    const name = await page.getByLabel("Segment name").inputValue();
    expect(name).toMatch(/^Bought .+, not .+/);
    await page.getByLabel("Only purchases of the first in the last").fill("730");
    const preview = await previewCount();
    await expect(page.getByTestId("preview-card").textContent()).resolves.toMatch(
      /bought .+ in \d+ orders?, last \d+ days ago; never bought/,
    );
    await shot("cross-sell-builder");
    const shown = await saveAndWait(name);
    const row = await expectPageMatchesDatabase(name, shown);
    expect(row.member_count).toBe(preview);
    expect(row.params).toMatchObject({ withinDays: 730 });
    await shot("cross-sell-page");
  });

  it("product buyers: picked in the searchable catalogue", async () => {
    await page.goto(`${app.url}/app/segments/new?kind=product_specific`);
    const top = (
      await pool().query<{ title: string }>(
        `SELECT p.title FROM customer_products cp JOIN products p ON p.shop_id = cp.shop_id AND p.id = cp.product_id
       WHERE cp.shop_id = $1 GROUP BY p.title ORDER BY count(*) DESC LIMIT 2`,
        [shopId],
      )
    ).rows;
    await pick("picker-products", null, top[0]!.title);
    await pick("picker-products", "product", top[1]!.title);
    await page.getByLabel("At least").fill("2");
    await page.getByLabel("Segment name").fill("Repeat buyers of our best sellers");
    const preview = await previewCount();
    await shot("product-buyers-builder");
    const shown = await saveAndWait("Repeat buyers of our best sellers");
    expect((await expectPageMatchesDatabase("Repeat buyers of our best sellers", shown)).member_count).toBe(preview);
  });

  it("sale shoppers: a bad share is a field error and a 400, nothing saved; fixed, it saves", async () => {
    await page.goto(`${app.url}/app/segments/new?kind=sale_shopper`);
    await page.getByLabel("Segment name").fill("Deal hunters");
    await page.getByLabel("Orders with a deal, at least").fill("150");
    const response = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().includes("/app/segments/new"),
    );
    await page.getByRole("button", { name: "Save segment" }).click();
    expect((await response).status()).toBe(400);
    await page.getByText("Enter a percentage between 0 and 100").first().waitFor();
    await page.getByText("Nothing was saved").waitFor();
    await shot("sale-shoppers-error");
    expect(await dbSegment("Deal hunters")).toBeNull();

    await page.getByLabel("Orders with a deal, at least").fill("40");
    await page.getByLabel("Marked-down item (sold below its compare-at price)").uncheck();
    const preview = await previewCount();
    const shown = await saveAndWait("Deal hunters");
    const row = await expectPageMatchesDatabase("Deal hunters", shown);
    expect(row.member_count).toBe(preview);
    expect(row.params).toMatchObject({ minShare: 0.4, markdowns: false });
  });

  it("former VIPs: an amount in the shop currency is stored in cents", async () => {
    await page.goto(`${app.url}/app/segments/new?kind=former_vip`);
    await page.getByLabel("Segment name").fill("Lapsed big spenders");
    await page.getByText("spent at least an amount").click();
    await page.getByLabel("Spent at least", { exact: true }).fill("1,250.50");
    await page.getByLabel("And no order in the last").fill("90");
    const preview = await previewCount();
    await expect(page.getByTestId("preview-card").textContent()).resolves.toMatch(
      /spent \$[\d,]+\.\d\d in the 365 days before the lapse/,
    );
    await shot("former-vip-builder");
    const shown = await saveAndWait("Lapsed big spenders");
    const row = await expectPageMatchesDatabase("Lapsed big spenders", shown);
    expect(row.member_count).toBe(preview);
    expect(row.params).toMatchObject({ rankBy: "amount", minSpendMinor: "125050", lapsedDays: 90 });
    // The members table explains each member.
    await expect(page.locator("tbody").textContent()).resolves.toMatch(
      /spent \$[\d,.]+ in the 365 days before the lapse \(at least \$1,250\.50\), last order \d+ days ago/,
    );
    await shot("former-vip-page");
  });

  it("AOV tiers: the three bands at once; the list shows every count as the database has it", async () => {
    await page.goto(`${app.url}/app/segments/new?kind=aov_tier`);
    await page.getByLabel("Segment name").fill("Order value");
    await previewCount();
    const bands = Object.fromEntries(
      await Promise.all(
        ["low", "mid", "high"].map(
          async (b) => [b, digits(await page.getByTestId(`preview-band-${b}`).textContent())] as const,
        ),
      ),
    );
    await shot("aov-builder");
    await page.getByRole("button", { name: "Save 3 segments" }).click();
    await page.getByText("3 segments created").waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes("Refreshing"), undefined, { timeout: 30_000 });
    for (const band of ["low", "mid", "high"]) {
      const row = await dbSegment(`Order value – ${band}`);
      expect(row!.member_count, band).toBe(bands[band]);
      expect(row!.members, band).toBe(row!.member_count);
    }
    // Every row of the list against the database.
    const names = await page.getByTestId("segment-name").allTextContents();
    const counts = await page.getByTestId("segment-members").allTextContents();
    // As many rows as the shop has live segments, whatever the tests before this one saved.
    const live = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM segments WHERE shop_id = $1 AND deleted_at IS NULL`,
      [shopId],
    );
    expect(names).toHaveLength(live.rows[0]!.n);
    expect(names).toEqual(expect.arrayContaining(["Order value – low", "Order value – mid", "Order value – high"]));
    for (const [i, name] of names.entries()) {
      const row = await dbSegment(name);
      expect(digits(counts[i]!), name).toBe(row!.member_count);
    }
    await shot("list");
  });

  it("edit refreshes with the new parameters; search, paging and the CSV export match the database", async () => {
    const before = (await dbSegment("Deal hunters"))!;
    await page.goto(`${app.url}/app/segments/${before.id}`);
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Out of at least").fill("4");
    await previewCount();
    const shown = await saveAndWait("Deal hunters");
    const after = await expectPageMatchesDatabase("Deal hunters", shown);
    expect(after.member_count).toBeLessThan(before.member_count);

    // Search by a member's email finds exactly that member.
    const member = (
      await pool().query<{ email: string }>(
        `SELECT c.email FROM segment_members m JOIN customers c ON c.shop_id = m.shop_id AND c.id = m.customer_id
       WHERE m.segment_id = $1 AND c.email IS NOT NULL ORDER BY m.customer_id DESC LIMIT 1`,
        [after.id],
      )
    ).rows[0]!;
    await page.getByPlaceholder("Search by name, email, phone or customer id").fill(member.email);
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator("tbody tr").count(), { timeout: 10_000 }).toBe(1);
    await expect(page.locator("tbody").textContent()).resolves.toContain(member.email);
    // The footer gives the search's total, not the segment's (B13).
    await page.getByText(`1 of ${after.member_count.toLocaleString("en")} members match “${member.email}”`).waitFor();
    await shot("members-search");

    // B3: a phone in E.164 is exported as it is (no apostrophe), while a name that a spreadsheet would run as a
    // formula is neutralised.
    const formulaId = (
      await pool().query<{ id: string }>(
        `UPDATE customers SET first_name = '=HYPERLINK("http://x.test")'
         WHERE shop_id = $1 AND id = (SELECT customer_id FROM segment_members WHERE segment_id = $2 ORDER BY customer_id LIMIT 1)
         RETURNING id::text`,
        [shopId, after.id],
      )
    ).rows[0]!.id;
    const href = await page.getByRole("link", { name: /Export the .* members as CSV/ }).getAttribute("href");
    const csv = await (await page.request.get(`${app.url}${href}`)).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "customer_id,first_name,last_name,email,phone,country,province,city,orders,net_spent,currency,last_order_at,member_since",
    );
    expect(lines).toHaveLength(after.member_count + 1);
    const ids = (
      await pool().query<{ id: string }>(
        `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY customer_id`,
        [after.id],
      )
    ).rows.map((r) => r.id);
    const cells = lines.slice(1).map(csvCells);
    expect(cells.map((c) => c[0])).toEqual(ids);
    // Every member's phone as stored: E.164 as it is (no apostrophe); a number we could not read ("none", a
    // landline typed oddly) as the customer typed it, neutralised only if a spreadsheet would run it. Which
    // members a generated store holds depends on the day, so this holds row by row for any member.
    const stored = new Map(
      (
        await pool().query<{ id: string; phone_e164: string | null; phone_raw: string | null }>(
          `SELECT id::text, phone_e164, phone_raw FROM customers WHERE shop_id = $1 AND id = ANY($2::bigint[])`,
          [shopId, ids],
        )
      ).rows.map((r) => [r.id, r]),
    );
    let e164 = 0;
    for (const c of cells) {
      const s = stored.get(c[0]!)!;
      if (s.phone_e164) {
        e164 += 1;
        expect(c[4]).toBe(s.phone_e164);
        expect(c[4]).toMatch(/^\+\d{7,15}$/);
      } else expect(c[4]).toBe(s.phone_raw === null ? "" : neutralise(s.phone_raw));
    }
    expect(e164).toBeGreaterThan(0);
    expect(cells.find((c) => c[0] === formulaId)![1]).toBe(`'=HYPERLINK("http://x.test")`);
    // A forged link is refused.
    const forged = await page.request.get(`${app.url}${href!.replace(/signature=[^&]+/, "signature=forged")}`);
    expect(forged.status()).toBe(403);
  });

  it("B16: 0% share and sample, include-and-exclude are inline errors; default names are free", async () => {
    // "Deal hunters" exists; a second sale-shopper segment under the default name must save at the first try.
    await pool().query(
      `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, 'Sale shoppers', 'sale_shopper', '{}', now())`,
      [shopId],
    );
    await page.goto(`${app.url}/app/segments/new?kind=sale_shopper`);
    await expect(page.getByLabel("Segment name").inputValue()).resolves.toBe("Sale shoppers 2");
    await page.getByLabel("Orders with a deal, at least").fill("0");
    await page.getByText("Enter a share above 0%: at 0% every customer matches").first().waitFor();
    await page.getByLabel("Orders with a deal, at least").fill("40");
    await previewCount();
    await saveAndWait("Sale shoppers 2");

    await page.goto(`${app.url}/app/segments/new?kind=sample`);
    await page.getByLabel("Sample of").selectOption({ index: 1 });
    await page.getByLabel("Percent").fill("0");
    await page.getByText("Enter a percent above 0: a 0% sample is empty").first().waitFor();
    await expect(page.getByText(/more products/).count()).resolves.toBe(0);

    await page.goto(`${app.url}/app/segments/new?kind=combination`);
    const both = page.getByText(/^Deal hunters \(/);
    await both.first().click();
    await both.nth(1).click();
    await page.getByText("A segment cannot be both included and excluded").first().waitFor();
    await shot("b16-combination-error");
  });

  it("duplicate and delete", async () => {
    const source = (await dbSegment("Lapsed big spenders"))!;
    await page.goto(`${app.url}/app/segments/${source.id}`);
    await page.getByRole("link", { name: "Duplicate" }).click();
    await expect(page.getByLabel("Segment name").inputValue()).resolves.toBe("Copy of Lapsed big spenders");
    await expect(page.getByLabel("Spent at least", { exact: true }).inputValue()).resolves.toBe("1250.50");
    const shown = await saveAndWait("Copy of Lapsed big spenders");
    expect(shown).toBe(source.member_count);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete segment" }).click();
    await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
    expect(await dbSegment("Copy of Lapsed big spenders")).toBeNull();
    await expect(page.getByTestId("segment-name").allTextContents()).resolves.not.toContain(
      "Copy of Lapsed big spenders",
    );
  });
});
