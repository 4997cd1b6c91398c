// Campaign test data written straight into PostgreSQL: customers with phones and consent, segments with members,
// an approved template, and campaigns built through the real saveCampaign().
import { randomInt } from "node:crypto";
import { pool } from "../../app/db.server";
import { saveCampaign } from "../../app/campaigns/manage.server";

export interface TestCustomer {
  id: string;
  phone?: string | null;
  country?: string | null;
  province?: string | null;
  /** opted_in (default) | opted_out | none (no contact row) */
  consent?: "opted_in" | "opted_out" | "none";
  segments: number[];
}

let nextId = BigInt(9_000_000_000_000_000) + BigInt(randomInt(0, 1_000_000)) * 1000n;
/** 64-bit customer ids above 2^53, unique per test process. */
export function customerId(): string {
  nextId += 1n;
  return nextId.toString();
}

export async function addTemplate(
  shopId: number,
  category: "MARKETING" | "UTILITY" = "MARKETING",
  status = "APPROVED",
): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, components)
     VALUES ($1, $2, $3, 'en_US', $4, $5, $6::jsonb) RETURNING id`,
    [
      shopId,
      String(randomInt(1e9, 2e9)),
      `promo_${randomInt(1e6)}`,
      category,
      status,
      JSON.stringify([{ type: "BODY", text: "Our spring sale is on!" }]),
    ],
  );
  return rows[0]!.id;
}

/** A connected WhatsApp number row (scheduling requires one; nothing here calls the Cloud API). */
export async function addAccount(shopId: number, tier = "TIER_10K", status = "connected") {
  await pool().query(
    `INSERT INTO whatsapp_accounts (shop_id, phone_number_id, waba_id, access_token_encrypted, key_id, messaging_limit_tier, status)
     VALUES ($1, $2, $3, 'not-a-token', 'test1', $4, $5)`,
    [shopId, String(randomInt(1e9, 2e9)) + String(randomInt(1e5, 1e6)), String(randomInt(1e9, 2e9)), tier, status],
  );
}

export async function addSegment(shopId: number, name: string): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, updated_at) VALUES ($1, $2, 'sample', now()) RETURNING id`,
    [shopId, name],
  );
  return rows[0]!.id;
}

/** Customers, their contacts (consent per phone) and segment memberships, set-based. */
export async function addCustomers(shopId: number, list: TestCustomer[]) {
  await pool().query(
    `INSERT INTO customers (shop_id, id, first_name, phone_e164, phone_valid, country_code, province_code)
     SELECT $1, t.id, 'Test', t.phone, CASE WHEN t.phone IS NULL THEN NULL ELSE true END, t.country, t.province
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS t(id, phone, country, province)`,
    [
      shopId,
      list.map((c) => c.id),
      list.map((c) => c.phone ?? null),
      list.map((c) => c.country ?? null),
      list.map((c) => c.province ?? null),
    ],
  );
  const contacts = list.filter((c) => c.phone && (c.consent ?? "opted_in") !== "none");
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, consent_at, opted_out_at)
     SELECT $1, t.phone, t.id, t.state, 'csv', now(), CASE WHEN t.state = 'opted_out' THEN now() END
     FROM unnest($2::text[], $3::bigint[], $4::text[]) AS t(phone, id, state)
     ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
    [shopId, contacts.map((c) => c.phone), contacts.map((c) => c.id), contacts.map((c) => c.consent ?? "opted_in")],
  );
  const pairs = list.flatMap((c) => c.segments.map((s) => [s, c.id] as const));
  await pool().query(
    `INSERT INTO segment_members (shop_id, segment_id, customer_id) SELECT $1, t.s, t.c FROM unnest($2::int[], $3::bigint[]) AS t(s, c)`,
    [shopId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  await pool().query(
    `UPDATE segments g SET member_count = (SELECT count(*) FROM segment_members m WHERE m.shop_id = g.shop_id AND m.segment_id = g.id) WHERE g.shop_id = $1`,
    [shopId],
  );
}

export interface CampaignOptions {
  name?: string;
  templateId: number;
  segments: Array<{ segmentId: number; holdoutPercent?: number }>;
  testPercent?: number;
  quiet?: { start: number; end: number };
  when?: "draft" | "now" | "later";
  scheduledLocal?: string;
  discountCodes?: string;
}

export function campaignInput(o: CampaignOptions) {
  return {
    name: o.name ?? "Spring sale",
    templateId: String(o.templateId),
    mapping: JSON.stringify({ version: 1, params: {} }),
    segments: JSON.stringify(
      o.segments.map((s) => ({ segmentId: s.segmentId, holdoutPercent: s.holdoutPercent ?? 0 })),
    ),
    testPercent: String(o.testPercent ?? 0),
    quietHours: o.quiet ? "on" : "",
    quietStart: String(o.quiet?.start ?? 21),
    quietEnd: String(o.quiet?.end ?? 9),
    when: o.when ?? "draft",
    scheduledLocal: o.scheduledLocal ?? "",
    discountCodes: o.discountCodes ?? "",
  };
}

export async function createCampaign(shopId: number, o: CampaignOptions): Promise<number> {
  const r = await saveCampaign({ shopId, input: campaignInput(o) });
  if (!r.ok) throw new Error(`campaign not saved: ${JSON.stringify(r.errors)}`);
  return r.campaignId;
}

/** Marks a campaign scheduled for `at` without booking a job (for tests that call startCampaign directly). */
export async function markScheduled(shopId: number, campaignId: number, at: Date) {
  await pool().query(`UPDATE campaigns SET status = 'scheduled', scheduled_at = $3 WHERE shop_id = $1 AND id = $2`, [
    shopId,
    campaignId,
    at,
  ]);
}

export async function recipientsOf(campaignId: number) {
  const { rows } = await pool().query<{
    customer_id: string;
    segment_id: number | null;
    status: string;
    reason: string | null;
    group: string;
    phone_e164: string | null;
    country_code: string | null;
    time_zone: string | null;
    not_before: Date | null;
  }>(
    `SELECT customer_id::text, segment_id, status, reason, "group", phone_e164, country_code, time_zone, not_before FROM recipients WHERE campaign_id = $1 ORDER BY customer_id`,
    [campaignId],
  );
  return new Map(rows.map((r) => [r.customer_id, r]));
}
