// In demo mode, in Chromium: create a campaign (template, two overlapping segments) → its send plan (exclusions by
// reason, chart, tier, cost) → send now → the worker snapshots the audience → live progress as recipients are
// delivered → pause with the reason shown → resume → the report link. Screenshots in
// screenshots/campaigns-*.png of the run's results folder (test-results/latest/).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { pool } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN, upsertShop } from "../../app/shops/shop.server";
import { startWorkers, type RunningWorkers } from "../../jobs/worker";
import { encryptSecret } from "../../app/lib/encryption.server";
import { addCustomers, addSegment, customerId, type TestCustomer } from "../setup/campaigns";
import { launchBrowser, SCREENSHOTS, startApp, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;
let page: Page;
let workers: RunningWorkers;
let shopId: number;
let campaignId: number;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shop = await upsertShop(DEMO_SHOP_DOMAIN, {
    name: "Demo store",
    currency: "USD",
    ianaTimezone: "America/New_York",
    demo: true,
  });
  shopId = shop.id;
  const q = (sql: string, params: unknown[] = []) => pool().query(sql, [shop.id, ...params]);
  for (const table of [
    "attributions",
    "recipients",
    "campaign_segments",
    "campaigns",
    "messaging_budget",
    "whatsapp_accounts",
    "whatsapp_templates",
    "contacts",
    "segment_members",
    "segments",
    "customers",
  ]) {
    await q(`DELETE FROM ${table} WHERE shop_id = $1`);
  }
  await q(`UPDATE shops SET settings = settings - 'campaigns' WHERE id = $1`);
  // A connected number on the 250-customers tier (the plan's day estimate reads it). Its 24-hour budget is already
  // used by earlier sends, so the real dispatcher claims nothing and books its next run for when the budget frees:
  // the campaign stays running with queued recipients, and no Cloud API call is made here.
  const sealed = encryptSecret("e2e-access-token");
  await q(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, verified_name, quality_rating, messaging_limit_tier)
     VALUES ($1, '1065403522' || floor(random() * 100000)::text, '1022901293', $2, $3, 'Green Leaf', 'GREEN', 'TIER_250')`,
    [sealed.ciphertext, sealed.keyId],
  );
  await q(`INSERT INTO messaging_budget (shop_id, window_start, reached) VALUES ($1, now() - interval '1 hour', 250)`);
  await q(
    `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, components, default_mapping)
     VALUES ($1, '5550001', 'spring_sale', 'en_US', 'MARKETING', 'APPROVED', $2::jsonb, $3::jsonb)`,
    [
      JSON.stringify([{ type: "BODY", text: "Hi {{1}}, our spring sale is on!", example: { body_text: [["Ana"]] } }]),
      JSON.stringify({
        version: 1,
        params: { "body.1": { kind: "field", field: "customer.first_name", fallback: "there" } },
      }),
    ],
  );
  const vip = await addSegment(shop.id, "VIP customers");
  const lapsed = await addSegment(shop.id, "Lapsed buyers");
  const people: TestCustomer[] = Array.from({ length: 600 }, (_, i) => ({
    id: customerId(),
    // every tenth a US number (Meta delivers no marketing there), some German ones, the rest British
    phone:
      i % 10 === 0
        ? `+1202555${String(1000 + i).slice(-4)}`
        : i % 7 === 0
          ? `+49151${String(2000000 + i)}`
          : `+4477009${String(20000 + i)}`,
    country: i % 10 === 0 ? "US" : i % 7 === 0 ? "DE" : "GB",
    consent: (i % 13 === 0 ? "opted_out" : i % 11 === 0 ? "none" : "opted_in") as "opted_out" | "none" | "opted_in",
    segments: i < 400 ? (i < 120 ? [vip, lapsed] : [vip]) : [lapsed],
  }));
  // two customers sharing one phone, one without a phone
  people.push({ id: customerId(), phone: "+447700920001", country: "GB", consent: "opted_in", segments: [lapsed] });
  people.push({ id: customerId(), phone: null, country: "GB", consent: "opted_in", segments: [lapsed] });
  await addCustomers(shop.id, people);

  workers = startWorkers({ queues: ["campaigns"] });
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await workers?.close();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `campaigns-${name}.png`), fullPage: true });

/** The page at 1440 and 768 px wide (issue 15: every page checked by eye at both), then back to 1280. */
async function shotWidths(name: string, ready?: string) {
  // Reloaded at each width: Polaris measures its page actions and charts their container on load.
  for (const width of [1440, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await page.waitForLoadState("networkidle");
    if (ready) await page.getByRole("heading", { name: ready }).first().waitFor();
    await page.waitForTimeout(300);
    if (width !== 1280) await shot(`${name}-${width}`);
  }
}

describe("campaigns in demo mode", () => {
  it("shows the empty list with a way to create the first campaign", async () => {
    await page.goto(`${app.url}/app/campaigns`);
    await page.getByText("No campaigns yet").waitFor();
    await shot("empty");
  });

  it("creates a campaign and shows its send plan before scheduling", async () => {
    await page.getByRole("link", { name: "Create campaign" }).first().click();
    await page.getByRole("heading", { name: "New campaign", level: 1 }).waitFor();
    // B4: the server's field errors go away as soon as each field is fixed.
    await page.getByRole("button", { name: "Save and review the plan" }).click();
    await page.getByText("Name the campaign").waitFor();
    await page.getByText("Choose a template", { exact: true }).waitFor();
    await page.getByLabel("Campaign name").fill("Spring sale");
    await page.getByText("Name the campaign").waitFor({ state: "detached" });
    expect(await page.getByText("Choose a template", { exact: true }).count()).toBe(1);
    await page.getByLabel("Template").selectOption({ label: "spring_sale (en_US, marketing)" });
    await page.getByText("Choose a template", { exact: true }).waitFor({ state: "detached" });
    await page.getByText("Body {{1}}").first().waitFor();
    await page.getByLabel("Add a segment").selectOption({ label: "VIP customers (400)" });
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByLabel("Add a segment").selectOption({ label: "Lapsed buyers (322)" });
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByLabel("Test share").fill("0");
    // B7: codes are split on commas only; a code with a space is refused by name, not saved as two codes.
    const codes = page.getByLabel("Discount codes (optional)");
    await codes.fill("holiday10, xmas 5");
    await page.getByRole("button", { name: "Save and review the plan" }).click();
    await page.getByText('"XMAS 5" has a space: discount codes cannot contain spaces.', { exact: false }).waitFor();
    await codes.fill("spring20, holiday10");
    await shot("form");
    await page.getByRole("button", { name: "Save and review the plan" }).click();
    await page.getByRole("heading", { name: "Send plan" }).waitFor();
    await page.getByTestId("exclusion-chart").waitFor();
    const url = new URL(page.url());
    campaignId = Number(url.pathname.split("/")[3]);
    const saved = await pool().query<{ codes: string[] }>(
      `SELECT discount_codes AS codes FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    expect(saved.rows[0]!.codes).toEqual(["SPRING20", "HOLIDAY10"]);
    const text = (await page.locator("main").textContent()) ?? "";
    // Figures the same statement gives when counted directly (the audience test checks them row by row).
    const expected = await pool().query<{ n: number }>(
      `SELECT count(DISTINCT customer_id)::int AS n FROM segment_members WHERE shop_id = $1`,
      [shopId],
    );
    expect(text).toContain(`of ${expected.rows[0]!.n} customers`);
    for (const label of [
      "Opted out",
      "No consent",
      "Country blocked by Meta",
      "Duplicate phone",
      "No valid mobile number",
    ])
      expect(text).toContain(label);
    expect(text).toContain("This send needs about"); // over the 250 tier
    expect(text).toContain("Estimated cost by market");
    await page.getByRole("heading", { name: "Send a test to my phone" }).waitFor();
    await shot("plan");
    await shotWidths("edit", "Send plan");
  });

  it("sends now: the worker snapshots the audience and the page shows live progress", async () => {
    // B5: a time already past in store time is refused inline, not turned into "Send now".
    await page.getByText("At a date and time (America/New_York)").click();
    await page.getByRole("textbox", { name: "Date and time" }).fill("2020-01-01T10:00");
    await page.getByText("That time has already passed in your store's time zone (America/New_York)").waitFor();
    await page.getByText(/it is now .* there/).waitFor();
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.getByText("The campaign was not saved").waitFor();
    await shot("past-time");
    await page.getByRole("textbox", { name: "Date and time" }).fill("");
    await page.getByText("As soon as it is scheduled").click();
    // B6: sending now spends money, so it is confirmed with the plan's count and cost.
    await page.getByRole("button", { name: "Send now" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Send this campaign now?").waitFor();
    expect(await dialog.textContent()).toMatch(/WhatsApp messages start going out now, at an estimated/);
    await shot("confirm-send");
    await dialog.getByRole("button", { name: /^Send / }).click();
    await page.waitForURL(`${app.url}/app/campaigns/${campaignId}`);
    await expect
      .poll(async () => (await page.locator("main").textContent()) ?? "", { timeout: 30_000 })
      .toContain("messages processed");
    const { rows } = await pool().query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM recipients WHERE campaign_id = $1 GROUP BY 1`,
      [campaignId],
    );
    const queued = rows.find((r) => r.status === "queued")!.n;
    expect(queued).toBeGreaterThan(0);
    // What the dispatcher and status webhooks do: some delivered and read, one failed.
    await pool().query(
      `UPDATE recipients SET status = CASE WHEN id % 3 = 0 THEN 'read' ELSE 'delivered' END::"RecipientStatus", sent_at = now(), delivered_at = now()
       WHERE id IN (SELECT id FROM recipients WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT 60)`,
      [campaignId],
    );
    await pool().query(
      `UPDATE recipients SET status = 'failed', error_code = 131026, error_title = 'Message undeliverable', failed_at = now()
       WHERE id = (SELECT id FROM recipients WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT 1)`,
      [campaignId],
    );
    await expect
      .poll(async () => (await page.locator("main").textContent()) ?? "", { timeout: 15_000 })
      .toContain(`61 of ${queued} messages processed`);
    await shotWidths("campaign");
    await page.getByLabel("Status").selectOption({ value: "failed" });
    await page.getByText("131026 Message undeliverable").waitFor();
    await page.getByLabel("Status").selectOption({ value: "excluded" });
    await page.getByText("Opted out").first().waitFor();
    await shot("progress");
  });

  it("pauses with the reason shown, resumes, and links to the report", async () => {
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByTestId("paused-reason").waitFor();
    expect(await page.getByTestId("paused-reason").textContent()).toBe("Paused by you.");
    await shot("paused");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("button", { name: "Pause" }).waitFor();
    const { rows } = await pool().query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
    expect(rows[0].status).toBe("running");
    await page.goto(`${app.url}/app/campaigns`);
    await page.getByText("Spring sale").waitFor();
    // The list: an IndexTable whose rows are real links, with clicks and revenue columns.
    expect(await page.getByRole("link", { name: "Spring sale" }).getAttribute("href")).toBe(
      `/app/campaigns/${campaignId}`,
    );
    for (const heading of ["Clicks", "Revenue"])
      expect(await page.getByRole("columnheader", { name: heading }).count()).toBe(1);
    await shot("list");
    await shotWidths("list");
    await page.getByRole("link", { name: "Spring sale" }).click();
    await page.getByRole("link", { name: "Report: revenue, segments and lift" }).click();
    await page.waitForURL(`${app.url}/app/campaigns/${campaignId}/report`);
    await page.getByRole("heading", { name: /Spring sale/, level: 1 }).waitFor();
    await shot("report");
    await shotWidths("report");
  });

  it("sets the frequency cap in Settings, refusing a bad value", async () => {
    await page.goto(`${app.url}/app/settings`);
    const messages = page.getByLabel("At most (marketing messages)");
    await messages.waitFor();
    expect(await messages.inputValue()).toBe("2");
    // Out of range either way is an inline error from the server, never a browser tooltip (issue 15 B16).
    await messages.fill("-1");
    await page.getByRole("button", { name: "Save frequency cap" }).click();
    await page.getByText("Enter a whole number of messages from 0 (no cap) to 50").waitFor();
    await messages.fill("51");
    await page.getByRole("button", { name: "Save frequency cap" }).click();
    await page.getByText("Enter a whole number of messages from 0 (no cap) to 50").waitFor();
    await messages.fill("3");
    await page.getByLabel("Per (days)").fill("10");
    await page.getByRole("button", { name: "Save frequency cap" }).click();
    await page.getByText("Saved. Campaigns planned or started from now on use it.").waitFor();
    const { rows } = await pool().query(`SELECT settings->'campaigns' AS c FROM shops WHERE id = $1`, [shopId]);
    expect(rows[0].c).toEqual({ frequencyCapMessages: 3, frequencyCapDays: 10 });
    await page.getByText("Saved. Campaigns planned").scrollIntoViewIfNeeded();
    await shot("settings");
  });
});
