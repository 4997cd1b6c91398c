// Consent: the gate's reasons (and its set-based form agreeing with the per-send form), opt-out winning over
// every opt-in source, Shopify SMS consent and the opt-in tag in the audit trail, the write-back to Shopify
// through the Admin GraphQL simulator, the streamed CSV import with its per-row report, the storefront widget
// through a signed app-proxy request, and one shop never seeing another's contacts.
import { createHmac } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { resetEnvForTests } from "../../app/env.server";
import { audienceConsentSummary, marketingVerdicts, mayReceiveMarketing } from "../../app/consent/gate.server";
import { applyConsentChange, recordConsentChange } from "../../app/consent/consent.server";
import { consentSettingsSchema } from "../../app/consent/settings";
import { loadConsentSettings, saveConsentSettings } from "../../app/consent/settings.server";
import { syncShopifyConsent } from "../../app/consent/shopify-sync.server";
import { writeBackOptOut } from "../../app/consent/writeback.server";
import { importConsentCsv, MAX_REPORTED_ERRORS } from "../../app/consent/csv-import.server";
import { contactHistory, searchContacts } from "../../app/consent/contacts.server";
import { action as proxyAction } from "../../app/routes/proxy.optin";
import { queue } from "../../jobs/queues";
import {
  shopInfo,
  startShopifySimulator,
  storeDataFromArrays,
  type ShopifySimulator,
} from "../simulators/shopify/index";
import { createTestShop } from "../setup/shops";
import { TEST_API_SECRET } from "../setup/test-env";

let shop: Shop;

async function customer(
  id: bigint,
  phone: string | null,
  extra: { sms?: string; tags?: string[]; valid?: boolean } = {},
) {
  await pool().query(
    `INSERT INTO customers (shop_id, id, first_name, phone_raw, phone_e164, phone_valid, sms_consent_state, tags, updated_at)
     VALUES ($1, $2, 'Test', $3, $3, $4, $5, $6, now())
     ON CONFLICT (shop_id, id) DO UPDATE SET phone_e164 = excluded.phone_e164, phone_valid = excluded.phone_valid,
       sms_consent_state = excluded.sms_consent_state, tags = excluded.tags, updated_at = now()`,
    [shop.id, id, phone, phone ? (extra.valid ?? true) : null, extra.sms ?? null, extra.tags ?? []],
  );
}

async function settings(patch: Record<string, unknown>) {
  await saveConsentSettings(
    shop.id,
    consentSettingsSchema.parse({ ...(await loadConsentSettings(shop.id)), ...patch }),
  );
}

beforeAll(async () => {
  shop = await createTestShop({ prefix: "consent" });
  await pool().query(`UPDATE shops SET country_code = 'GB' WHERE id = $1`, [shop.id]);
});

describe("the marketing gate", () => {
  it("gives each reason, in order, and the set-based summary agrees with the per-send verdicts", async () => {
    await settings({ countShopifySmsConsent: false, optInTag: "whatsapp-opt-in" });
    await customer(1n, "+447700900001"); // no consent at all
    await customer(2n, "+447700900002", { sms: "subscribed" }); // SMS consent, not counted yet
    await customer(3n, "+447700900003", { tags: ["VIP", "WhatsApp-Opt-In"] }); // opt-in tag (case-insensitive)
    await customer(4n, "+447700900004", { tags: ["whatsapp-opt-in"] }); // tag, but opted out
    await customer(5n, "+442071234567", { valid: false }); // landline
    await customer(6n, null);
    await customer(7n, "+447700900007");
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: "+447700900004",
      to: "opted_out",
      source: "whatsapp_keyword",
    });
    await recordConsentChange({ shopId: shop.id, phoneE164: "+447700900007", to: "opted_in", source: "storefront" });
    const rows = [1n, 2n, 3n, 4n, 5n, 6n, 7n].map((id) => ({
      key: String(id),
      customerId: id,
      phoneE164: null as string | null,
    }));
    const phones: Record<string, string | null> = {
      "1": "+447700900001",
      "2": "+447700900002",
      "3": "+447700900003",
      "4": "+447700900004",
      "5": "+442071234567",
      "6": null,
      "7": "+447700900007",
    };
    for (const r of rows) r.phoneE164 = phones[r.key]!;
    const verdicts = async () =>
      Object.fromEntries(
        [...(await marketingVerdicts({ shopId: shop.id, rows })).values()].map((v) => [v.key, v.reason]),
      );
    expect(await verdicts()).toEqual({
      "1": "no_consent",
      "2": "no_consent",
      "3": null,
      "4": "opted_out",
      "5": "invalid_phone",
      "6": "invalid_phone",
      "7": null,
    });

    await settings({ countShopifySmsConsent: true });
    expect((await verdicts())["2"]).toBeNull();

    const summary = await audienceConsentSummary({ shopId: shop.id, segmentId: null });
    const perRow = Object.values(await verdicts());
    expect(summary.total).toBe(7);
    expect(summary.eligible).toBe(perRow.filter((r) => r === null).length);
    expect(summary.excluded.opted_out).toBe(1);
    expect(summary.excluded.invalid_phone).toBe(2);
  });

  it("an opt-out wins over every merchant-side opt-in; only the customer can opt back in", async () => {
    const phone = "+447700900010";
    await customer(10n, phone, { sms: "subscribed", tags: ["whatsapp-opt-in"] });
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: phone,
      to: "opted_out",
      source: "whatsapp_preferences",
      at: new Date(Date.now() - 60_000),
    });
    expect((await mayReceiveMarketing({ shopId: shop.id, customerId: 10n, phoneE164: phone })).reason).toBe(
      "opted_out",
    );
    // A storefront form proves nothing about who owns the number: it cannot lift an opt-out either.
    for (const source of ["csv", "tag", "shopify_sms", "merchant", "storefront"] as const) {
      expect(await recordConsentChange({ shopId: shop.id, phoneE164: phone, to: "opted_in", source })).toMatchObject({
        changed: false,
        why: "opt_out_wins",
      });
    }
    expect(
      await recordConsentChange({
        shopId: shop.id,
        phoneE164: phone,
        to: "opted_in",
        source: "whatsapp_confirm",
        detail: "I agree to receive…",
      }),
    ).toMatchObject({
      changed: true,
      previousState: "opted_out",
    });
    expect((await mayReceiveMarketing({ shopId: shop.id, customerId: 10n, phoneE164: phone })).allowed).toBe(true);
  });

  it("ignores an event older than the last change (out-of-order webhooks)", async () => {
    const phone = "+447700900011";
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: phone,
      to: "opted_in",
      source: "whatsapp_keyword",
      at: new Date("2026-01-01T10:00:05Z"),
    });
    expect(
      await recordConsentChange({
        shopId: shop.id,
        phoneE164: phone,
        to: "opted_out",
        source: "whatsapp_keyword",
        at: new Date("2026-01-01T10:00:01Z"),
      }),
    ).toMatchObject({
      changed: false,
      why: "stale",
    });
  });

  it("an opt-out queues the write-back to Shopify keyed by its event", async () => {
    await customer(12n, "+447700900012", { sms: "subscribed" });
    const r = await applyConsentChange({
      shopId: shop.id,
      phoneE164: "+447700900012",
      to: "opted_out",
      source: "whatsapp_keyword",
      detail: "STOP",
    });
    expect(r.changed).toBe(true);
    const job = await queue("whatsapp").getJob(`writeback-${shop.id}-${(r as { eventId: string }).eventId}`);
    expect(job?.data).toEqual({ shopId: shop.id, customerId: "12", phoneE164: "+447700900012" });
  });
});

describe("Shopify consent in the audit trail, and the write-back", () => {
  let sim: ShopifySimulator;
  const TOKEN = "shpat_consent_test";

  beforeAll(async () => {
    sim = await startShopifySimulator({
      apiSecret: TEST_API_SECRET,
      shops: [
        {
          domain: shop.domain,
          accessToken: TOKEN,
          data: storeDataFromArrays({
            shop: shopInfo(shop.domain),
            customers: [
              {
                id: "gid://shopify/Customer/20",
                phone: "+447700900020",
                defaultPhoneNumber: { phoneNumber: "+447700900020", marketingState: "SUBSCRIBED" },
                updatedAt: "2026-01-01T00:00:00Z",
              },
            ],
            orders: [],
            products: [],
          }),
        },
      ],
    });
    await pool().query(
      `INSERT INTO "Session" (id, shop, state, "isOnline", "accessToken") VALUES ($1, $2, 'test', false, $3) ON CONFLICT (id) DO NOTHING`,
      [`offline_${shop.domain}`, shop.domain, TOKEN],
    );
    process.env.SHOPIFY_ADMIN_ORIGIN = sim.url;
    resetEnvForTests();
  });
  afterAll(async () => {
    delete process.env.SHOPIFY_ADMIN_ORIGIN;
    resetEnvForTests();
    await sim.close();
  });

  it("records SMS consent and tag changes per contact, once", async () => {
    await settings({ optInTag: "whatsapp-opt-in" });
    await customer(21n, "+447700900021", { sms: "subscribed" });
    await customer(22n, "+447700900022", { tags: ["whatsapp-opt-in"] });
    await syncShopifyConsent({ shopId: shop.id, full: true });
    await customer(21n, "+447700900021", { sms: "unsubscribed" });
    await customer(22n, "+447700900022", { tags: [] });
    const second = await syncShopifyConsent({ shopId: shop.id });
    expect(second.smsEvents + second.tagEvents).toBeGreaterThanOrEqual(2);
    expect((await syncShopifyConsent({ shopId: shop.id })).smsEvents).toBe(0); // nothing changed since
    const h21 = await contactHistory(shop.id, "+447700900021");
    expect(h21.events.filter((e) => e.source === "shopify_sms").map((e) => `${e.previousState}→${e.newState}`)).toEqual(
      ["subscribed→unsubscribed", "none→subscribed"],
    );
    const h22 = await contactHistory(shop.id, "+447700900022");
    expect(h22.events.map((e) => `${e.source}:${e.previousState}→${e.newState}`)).toEqual([
      "tag:opted_in→none",
      "tag:none→opted_in",
    ]);
    expect(h22.contact).toMatchObject({ tagOptIn: false, customerId: "22" });
  });

  it("a STOP on WhatsApp becomes Shopify WhatsApp consent UNSUBSCRIBED while SMS consent stays as it was", async () => {
    await customer(20n, "+447700900020", { sms: "subscribed" });
    const stop = await applyConsentChange({
      shopId: shop.id,
      phoneE164: "+447700900020",
      to: "opted_out",
      source: "whatsapp_keyword",
      detail: "STOP",
    });
    expect(stop.changed).toBe(true);
    // the STOP queued the write-back job; run it here (the whatsapp queue has no worker in this file)
    const jobs = await queue("whatsapp").getJobs(["waiting", "delayed", "prioritized"]);
    const job = jobs.find((j) => j.name === "consent.shopify-writeback" && j.data.customerId === "20");
    expect(job?.data).toEqual({ shopId: shop.id, customerId: "20", phoneE164: "+447700900020" });
    await settings({ writeBackOptOuts: false });
    expect(await writeBackOptOut(job!.data)).toBe("disabled");
    expect(sim.whatsAppConsentChanges).toHaveLength(0);
    await settings({ writeBackOptOuts: true });
    expect(await writeBackOptOut(job!.data)).toBe("written");
    expect(sim.whatsAppConsentChanges).toEqual([
      expect.objectContaining({
        customerId: "gid://shopify/Customer/20",
        state: "UNSUBSCRIBED",
        collectedFrom: "OTHER",
      }),
    ]);
    expect(sim.smsConsentChanges).toHaveLength(0);
    // what Shopify now answers: WhatsApp unsubscribed, SMS still subscribed
    const res = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": TOKEN,
        "X-Shopify-Shop-Domain": shop.domain,
      },
      body: JSON.stringify({
        query: `{ customer(id: "gid://shopify/Customer/20") { defaultPhoneNumber { smsMarketingConsent { state } whatsAppMarketingConsent { state } } } }`,
      }),
    });
    expect((await res.json()).data.customer.defaultPhoneNumber).toEqual({
      smsMarketingConsent: { state: "SUBSCRIBED" },
      whatsAppMarketingConsent: { state: "UNSUBSCRIBED" },
    });
    const row = await pool().query(
      `SELECT sms_consent_state, whatsapp_consent_state, whatsapp_consent_collected_from FROM customers WHERE shop_id = $1 AND id = 20`,
      [shop.id],
    );
    expect(row.rows[0]).toEqual({
      sms_consent_state: "subscribed",
      whatsapp_consent_state: "unsubscribed",
      whatsapp_consent_collected_from: "OTHER",
    });
    expect(await writeBackOptOut(job!.data)).toBe("already_in_shopify");
    expect(sim.whatsAppConsentChanges).toHaveLength(1);
  });

  it("a customer subscribed to WhatsApp in Shopify can receive a campaign without any other opt-in", async () => {
    await settings({ countShopifySmsConsent: false, optInTag: "" });
    await customer(24n, "+447700900024");
    await customer(25n, "+447700900025", { sms: "subscribed" });
    await pool().query(
      `UPDATE customers SET whatsapp_consent_state = 'subscribed', whatsapp_consent_opt_in_level = 'single_opt_in',
              whatsapp_consent_collected_from = 'SHOPIFY', whatsapp_consent_updated_at = '2026-05-01T10:00:00Z', updated_at = now()
       WHERE shop_id = $1 AND id = 24`,
      [shop.id],
    );
    const r = await syncShopifyConsent({ shopId: shop.id });
    expect(r.whatsappEvents).toBeGreaterThanOrEqual(1);
    expect(await mayReceiveMarketing({ shopId: shop.id, customerId: 24n, phoneE164: "+447700900024" })).toEqual({
      allowed: true,
      reason: null,
    });
    // SMS consent alone is not WhatsApp consent (off by default)
    expect((await mayReceiveMarketing({ shopId: shop.id, customerId: 25n, phoneE164: "+447700900025" })).reason).toBe(
      "no_consent",
    );
    const h = await contactHistory(shop.id, "+447700900024");
    expect(h.events.map((e) => `${e.source}:${e.previousState}→${e.newState}`)).toEqual([
      "shopify_whatsapp:none→opted_in",
    ]);
    // the send plan counts them: the set-based audience summary uses the same verdict
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts WHERE shop_id = $1 AND consent_source = 'shopify_whatsapp' AND consent_state = 'opted_in'`,
      [shop.id],
    );
    expect(rows[0]!.n).toBe(1);
    const summary = await audienceConsentSummary({ shopId: shop.id, segmentId: null });
    const eligiblePhones = await marketingVerdicts({
      shopId: shop.id,
      rows: [
        { key: "24", customerId: 24n, phoneE164: "+447700900024" },
        { key: "25", customerId: 25n, phoneE164: "+447700900025" },
      ],
    });
    expect(eligiblePhones.get("24")!.allowed).toBe(true);
    expect(summary.eligible).toBeGreaterThanOrEqual(1);
    // a second sync changes nothing
    expect((await syncShopifyConsent({ shopId: shop.id })).whatsappEvents).toBe(0);
  });

  it("an opt-out wins: a newer Shopify SUBSCRIBED lifts it only when Shopify collected it from the customer", async () => {
    await customer(26n, "+447700900026");
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: "+447700900026",
      to: "opted_out",
      source: "whatsapp_keyword",
      at: new Date("2026-06-01T10:00:00Z"),
    });
    const shopifySays = async (state: string, from: string, level: string | null, at: string) => {
      await pool().query(
        `UPDATE customers SET whatsapp_consent_state = $2, whatsapp_consent_collected_from = $3,
                whatsapp_consent_opt_in_level = $4, whatsapp_consent_updated_at = $5, updated_at = now()
         WHERE shop_id = $1 AND id = 26`,
        [shop.id, state, from, level, at],
      );
      await syncShopifyConsent({ shopId: shop.id });
      return (await contactHistory(shop.id, "+447700900026")).contact?.consentState;
    };
    // an app or import (OTHER), newer: not the customer
    expect(await shopifySays("subscribed", "OTHER", "single_opt_in", "2026-06-02T10:00:00Z")).toBe("opted_out");
    // collected by Shopify but older than the STOP
    expect(await shopifySays("subscribed", "SHOPIFY", "confirmed_opt_in", "2026-05-30T10:00:00Z")).toBe("opted_out");
    // collected by Shopify with an unknown opt-in level
    expect(await shopifySays("subscribed", "SHOPIFY", "unknown", "2026-06-03T10:00:00Z")).toBe("opted_out");
    // the customer, at checkout, after the STOP
    expect(await shopifySays("subscribed", "SHOPIFY", "single_opt_in", "2026-06-04T10:00:00Z")).toBe("opted_in");
    // and Shopify's UNSUBSCRIBED, newer, is an opt-out again
    expect(await shopifySays("unsubscribed", "SHOPIFY", null, "2026-06-05T10:00:00Z")).toBe("opted_out");
    const h = await contactHistory(shop.id, "+447700900026");
    expect(h.events.map((e) => `${e.source}:${e.newState}`)).toEqual([
      "shopify_whatsapp:opted_out",
      "shopify_whatsapp:opted_in",
      "whatsapp_keyword:opted_out",
    ]);
  });

  it("the sync re-queues a write-back that never happened", async () => {
    await customer(23n, "+447700900023", { sms: "subscribed" });
    await recordConsentChange({ shopId: shop.id, phoneE164: "+447700900023", to: "opted_out", source: "csv" });
    const r = await syncShopifyConsent({ shopId: shop.id });
    expect(r.writebacksQueued).toBeGreaterThanOrEqual(1);
    const jobs = await queue("whatsapp").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.some((j) => j.name === "consent.shopify-writeback" && j.data.customerId === "23")).toBe(true);
    await settings({ writeBackOptOuts: false });
  });
});

describe("CSV import", () => {
  const run = (csv: string, wording = "Signed up at the till, 2026") =>
    importConsentCsv({
      shopId: shop.id,
      fileName: "list.csv",
      wording,
      defaultCountry: "GB",
      source: Readable.from([Buffer.from(csv)]),
    });

  it("applies opt-ins and opt-outs and reports every bad row with its line and reason", async () => {
    await recordConsentChange({
      shopId: shop.id,
      phoneE164: "+447911123104",
      to: "opted_out",
      source: "whatsapp_keyword",
      at: new Date(Date.now() - 60_000),
    });
    const csv = [
      "Phone,Consent,Consented At,Customer ID",
      "07911 123101,yes,2026-01-05,",
      "+44 7911 123102,opted_in,,gid://shopify/Customer/102",
      "+447911123103,no,,",
      "+447911123104,yes,,", // opted out earlier: kept opted out
      "12,yes,,",
      "+447911123105,maybe,,",
      "+442071234567,yes,,", // landline
      "+447911123106,yes,2999-01-01,",
      "+447911123107,yes,yesterday,",
      ",yes,,",
      "+447911123101,yes,,", // repeat in the same file
    ].join("\n");
    const s = await run(csv);
    expect(s).toMatchObject({
      status: "completed",
      rowsTotal: 11,
      optedIn: 2,
      optedOut: 1,
      keptOptedOut: 1,
      rowsRejected: 6,
    });
    expect(s.errors.map((e) => [e.row, e.error])).toEqual([
      [6, "not a valid phone number"],
      [7, 'consent "maybe" is not yes/no, opted_in/opted_out or subscribed/unsubscribed'],
      [8, "a landline, not a mobile number"],
      [9, "consented_at 2999-01-01 is in the future"],
      [10, 'consented_at "yesterday" is not a date'],
      [11, "phone is empty"],
    ]);
    const h = await contactHistory(shop.id, "+447911123102");
    expect(h.contact).toMatchObject({ consentState: "opted_in", consentSource: "csv", customerId: "102" });
    expect(h.events[0]).toMatchObject({
      source: "csv",
      previousState: "none",
      newState: "opted_in",
      detail: "Signed up at the till, 2026",
    });
    expect((await contactHistory(shop.id, "+447911123104")).contact?.consentState).toBe("opted_out");
    const stored = (
      await pool().query(`SELECT status, rows_rejected, errors FROM consent_imports WHERE id = $1`, [s.id])
    ).rows[0];
    expect(stored.status).toBe("completed");
    expect(stored.errors).toHaveLength(6);
  });

  it("streams a large file in batches (20,000 rows) and caps the stored report", async () => {
    const lines = ["phone,consent"];
    for (let i = 0; i < 20_000; i++)
      lines.push(i % 10 === 9 ? `bad-${i},yes` : `+4479112${String(10000 + i).padStart(5, "0")},yes`);
    async function* chunks() {
      const text = lines.join("\n");
      for (let i = 0; i < text.length; i += 4096) yield Buffer.from(text.slice(i, i + 4096));
    }
    const s = await importConsentCsv({
      shopId: shop.id,
      fileName: "big.csv",
      wording: "Website pop-up, 2026",
      defaultCountry: "GB",
      source: chunks(),
    });
    expect(s).toMatchObject({ status: "completed", rowsTotal: 20_000, rowsRejected: 2000 });
    expect(s.optedIn + s.unchanged).toBe(18_000);
    expect(s.errors).toHaveLength(Math.min(2000, MAX_REPORTED_ERRORS));
  }, 60_000);

  it("stops with a clear message when there is no phone column", async () => {
    const s = await run("name,email\nAna,a@x.com\n");
    expect(s).toMatchObject({ status: "failed", error: "The file needs a header row with a “phone” column." });
  });
});

describe("storefront opt-in through the app proxy", () => {
  /** Shopify's app-proxy signature: hex HMAC-SHA256 of the sorted key=value pairs, no separator (apis.md B7). */
  function signedUrl(params: Record<string, string>, secret = TEST_API_SECRET) {
    const message = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("");
    const signature = createHmac("sha256", secret).update(message).digest("hex");
    return `https://segwa.test/proxy/optin?${new URLSearchParams({ ...params, signature }).toString()}`;
  }
  const params = (extra: Record<string, string> = {}) => ({
    shop: shop.domain,
    logged_in_customer_id: "",
    path_prefix: "/apps/whatsapp",
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...extra,
  });
  const post = (url: string, body: unknown) =>
    proxyAction({
      request: new Request(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
      params: {},
      context: {},
    });
  const wording =
    "I agree to receive marketing messages from Green Leaf on WhatsApp. Reply STOP at any time to unsubscribe.";

  it("records the consent with its exact wording, the page, and the logged-in customer", async () => {
    await customer(300n, "+447911123300");
    const res = await post(signedUrl(params({ logged_in_customer_id: "300" })), {
      phone: "07911 123300",
      consent: true,
      wording,
      country: "GB",
      page: "https://green-leaf.example/pages/whatsapp",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      state: "opted_in",
      message: "You're subscribed to WhatsApp updates.",
    });
    const h = await contactHistory(shop.id, "+447911123300");
    expect(h.contact).toMatchObject({ consentState: "opted_in", consentSource: "storefront", customerId: "300" });
    expect(h.events[0]).toMatchObject({
      source: "storefront",
      detail: wording,
      context: {
        page: "https://green-leaf.example/pages/whatsapp",
        logged_in_customer_id: "300",
        typed: "07911 123300",
      },
    });
    const again = await post(signedUrl(params()), { phone: "+447911123300", consent: "true", wording });
    expect((await again.json()).state).toBe("already_opted_in");
  });

  it("a malformed post answers 400 with the message the widget shows, and stores nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{ phone: "", consent: true, wording }, "Enter your WhatsApp number."],
      [{ phone: "+447911123301", consent: false, wording }, "Tick the box to agree to receive WhatsApp messages."],
      [{ phone: "+447911123301", consent: true }, "The consent text is missing."],
      [
        { phone: "hello", consent: true, wording },
        "That does not look like a phone number. Include your country code, e.g. +44 7911 123456.",
      ],
      [
        { phone: "+442071234567", consent: true, wording },
        "That looks like a landline. Enter a mobile number that uses WhatsApp.",
      ],
    ];
    for (const [body, message] of cases) {
      const res = await post(signedUrl(params()), body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: message });
    }
    const bad = await proxyAction({
      request: new Request(signedUrl(params()), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{oops",
      }),
      params: {},
      context: {},
    });
    expect(bad.status).toBe(400);
    expect((await contactHistory(shop.id, "+447911123301")).contact).toBeNull();
  });

  it("refuses a wrong signature, a tampered customer id and an expired timestamp", async () => {
    const body = { phone: "+447911123302", consent: true, wording };
    expect((await post(signedUrl(params(), "not-the-secret"), body)).status).toBe(401);
    const tampered = signedUrl(params({ logged_in_customer_id: "300" })).replace(
      "logged_in_customer_id=300",
      "logged_in_customer_id=301",
    );
    expect((await post(tampered, body)).status).toBe(401);
    const old = signedUrl(params({ timestamp: String(Math.floor(Date.now() / 1000) - 3600) }));
    expect((await post(old, body)).status).toBe(401);
    expect((await contactHistory(shop.id, "+447911123302")).contact).toBeNull();
  });
});

describe("shop isolation", () => {
  it("another shop sees none of these contacts and its gate knows nothing of their consent", async () => {
    const other = await createTestShop();
    expect(await searchContacts(other.id, "+447700900")).toEqual([]);
    expect((await contactHistory(other.id, "+447700900007")).events).toEqual([]);
    expect((await mayReceiveMarketing({ shopId: other.id, customerId: 7n, phoneE164: "+447700900007" })).reason).toBe(
      "no_consent",
    );
  });
});
