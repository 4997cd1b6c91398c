// A campaign's audience as ONE set-based statement: the send plan counts its rows and the snapshot at start
// inserts them, so the plan and the snapshot cannot disagree (a test checks the counts are equal).
//
// For every member of the campaign's segments, in this order:
//   1. overlap: a customer in several segments is targeted through the FIRST segment in the campaign's list
//      (campaign_segments.position), and appears once;
//   2. exclusion reason, the first that applies:
//        the consent gate's verdict (app/consent/gate.server.ts: invalid_phone, customer_deleted, opted_out,
//        unreachable, cool_down, no_consent),
//        blocked_country  a MARKETING template to a phone in a country where Meta delivers no marketing (US),
//        frequency_cap    the phone already got N marketing messages in the last D days (shop setting; sent,
//                         sending or of unknown outcome, plus rows still queued in another live campaign),
//        duplicate_phone  another customer with the same phone is already targeted (customers that are
//                         otherwise eligible come first, then segment order, then customer id);
//   3. group, for the eligible: u = first 32 bits of md5(campaign id || ':' || customer id) / 2^32, uniform in
//      [0, 1) and the same every time; holdout when u < the segment's holdout share h, test when
//      h ≤ u < h + t × (1 − h) for the campaign's test share t, main otherwise;
//   4. status: excluded (with the reason) / holdout / queued, and for queued rows not_before = the start time, or
//      the end of the quiet hours in the recipient's local time when the start falls inside them.
import type pg from "pg";
import { pool } from "../db.server";
import { consentVerdictSql } from "../consent/gate.server";
import { loadConsentSettings } from "../consent/settings.server";
import { BLOCKED_MARKETING_COUNTRIES, callingCodeRows } from "./countries.server";
import { loadCampaignSettings } from "./settings.server";
import { zoneRows } from "./timezones";

type Db = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export const EXCLUSION_REASONS = [
  "invalid_phone",
  "customer_deleted",
  "opted_out",
  "unreachable",
  "cool_down",
  "no_consent",
  "blocked_country",
  "frequency_cap",
  "duplicate_phone",
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface AudienceConfig {
  shopId: number;
  campaignId: number;
  shopTimeZone: string;
  /** live segments in list order; holdout share already resolved (segment's own, else the campaign's) */
  segments: Array<{ segmentId: number; holdoutShare: number }>;
  testShare: number;
  marketing: boolean;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  frequencyCapMessages: number;
  frequencyCapDays: number;
  countShopifySmsConsent: boolean;
  optInTag: string;
}

/** Everything the statement depends on, read from the campaign, the shop and its settings. */
export async function loadAudienceConfig(shopId: number, campaignId: number, db: Db = pool()): Promise<AudienceConfig> {
  const c = await db.query<{
    test_share: number;
    holdout_share: number;
    quiet_hours_start: number | null;
    quiet_hours_end: number | null;
    category: string | null;
    iana_timezone: string;
  }>(
    `SELECT c.test_share, c.holdout_share, c.quiet_hours_start, c.quiet_hours_end, t.category, s.iana_timezone
     FROM campaigns c JOIN shops s ON s.id = c.shop_id
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  const row = c.rows[0];
  if (!row) throw new Error(`campaign ${campaignId} not found`);
  const segs = await db.query<{ segment_id: number; holdout_share: number | null }>(
    `SELECT cs.segment_id, cs.holdout_share FROM campaign_segments cs
     JOIN segments g ON g.shop_id = cs.shop_id AND g.id = cs.segment_id AND g.deleted_at IS NULL
     WHERE cs.shop_id = $1 AND cs.campaign_id = $2 ORDER BY cs.position, cs.segment_id`,
    [shopId, campaignId],
  );
  const consent = await loadConsentSettings(shopId, db as pg.Pool);
  const caps = await loadCampaignSettings(shopId, db);
  return {
    shopId,
    campaignId,
    shopTimeZone: row.iana_timezone,
    segments: segs.rows.map((s) => ({ segmentId: s.segment_id, holdoutShare: s.holdout_share ?? row.holdout_share })),
    testShare: row.test_share,
    // a template Meta has not categorised yet is treated as marketing (the stricter rules)
    marketing: (row.category ?? "MARKETING").toUpperCase() !== "UTILITY",
    quietHoursStart: row.quiet_hours_start,
    quietHoursEnd: row.quiet_hours_end,
    frequencyCapMessages: caps.frequencyCapMessages,
    frequencyCapDays: caps.frequencyCapDays,
    countShopifySmsConsent: consent.countShopifySmsConsent,
    optInTag: consent.optInTag,
  };
}

/**
 * Session settings for the audience statement, inside its transaction: no JIT (compiling costs more than it
 * saves here), and enough work memory to aggregate and sort a million-customer audience without spilling.
 */
export const AUDIENCE_SESSION = "SET LOCAL jit = off; SET LOCAL work_mem = '128MB'";

/** The deterministic group hash as SQL (documented above; the same expression is used in tests). */
export function groupHashSql(campaignId: string, customerId: string): string {
  return `((('x' || substr(md5(${campaignId}::text || ':' || ${customerId}::text), 1, 8))::bit(32)::bigint)::float8 / 4294967296.0)`;
}

/**
 * The audience as a SELECT with columns customer_id, segment_id, phone, country, time_zone, reason, grp, status,
 * not_before. `now` is the start time (the plan uses the scheduled time, or now).
 */
export function audienceStatement(cfg: AudienceConfig, now: Date): { sql: string; params: unknown[] } {
  const zones = zoneRows();
  const cc = callingCodeRows();
  const params: unknown[] = [];
  const p = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const shop = p(cfg.shopId, "int");
  const campaign = p(cfg.campaignId, "int");
  const at = p(now, "timestamptz");
  const segIds = p(
    cfg.segments.map((s) => s.segmentId),
    "int[]",
  );
  const segHoldout = p(
    cfg.segments.map((s) => s.holdoutShare),
    "float8[]",
  );
  const testShare = p(cfg.testShare, "float8");
  const marketing = p(cfg.marketing, "boolean");
  const blocked = p(BLOCKED_MARKETING_COUNTRIES, "text[]");
  const capN = p(cfg.frequencyCapMessages, "int");
  const capDays = p(cfg.frequencyCapDays, "int");
  const shopTz = p(cfg.shopTimeZone, "text");
  const quiet = cfg.quietHoursStart !== null && cfg.quietHoursEnd !== null && cfg.quietHoursStart !== cfg.quietHoursEnd;
  // bound only when used: PostgreSQL cannot type a parameter no expression refers to
  const qs = quiet ? p(cfg.quietHoursStart, "int") : "";
  const qe = quiet ? p(cfg.quietHoursEnd, "int") : "";
  const verdict = consentVerdictSql({
    customer: "c",
    contact: "k",
    phone: "c.phone_e164",
    countSms: p(cfg.countShopifySmsConsent, "boolean"),
    optInTag: p(cfg.optInTag, "text"),
    now: at,
  });
  const zc = p(zones.country, "text[]");
  const zp = p(zones.province, "text[]");
  const zz = p(zones.zone, "text[]");
  const codes = p(cc.codes, "text[]");
  const mains = p(cc.mains, "text[]");
  const countries = p(cc.countries, "text[]");
  const countryCodes = p(cc.countryCodes, "text[]");

  // Local wall time of the start for each recipient; inside [qs, qe) (wrapping past midnight when qs > qe) the
  // send waits until qe:00 local — today, or tomorrow when qe has already passed today.
  const local = `a.local_start`;
  const inQuiet = `(CASE WHEN ${qs} < ${qe} THEN ${local}::time >= make_time(${qs}, 0, 0) AND ${local}::time < make_time(${qe}, 0, 0)
                         ELSE ${local}::time >= make_time(${qs}, 0, 0) OR ${local}::time < make_time(${qe}, 0, 0) END)`;
  const resume = `((date_trunc('day', ${local}) + make_interval(hours => ${qe})
                    + CASE WHEN ${local}::time >= make_time(${qe}, 0, 0) THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE a.time_zone)`;
  const notBefore = quiet ? `CASE WHEN ${inQuiet} THEN ${resume} ELSE ${at} END` : at;

  // Each stage is a subquery fenced with OFFSET 0 so PostgreSQL computes its columns once per row instead of
  // inlining the expressions into every later use (the country expression alone is used four times). The group hash is computed for eligible rows only.
  const sql = `
WITH members AS (
  -- the first segment of the list each customer is in (hash aggregate, no sort)
  SELECT sm.customer_id, min(array_position(${segIds}, sm.segment_id)) AS ord
  FROM segment_members sm
  WHERE sm.shop_id = ${shop} AND sm.segment_id = ANY(${segIds})
  GROUP BY sm.customer_id
),
zones AS (SELECT * FROM unnest(${zc}, ${zp}, ${zz}) AS z(country, province, zone)),
codes AS (SELECT * FROM unnest(${codes}, ${mains}) AS x(code, main)),
country_codes AS (SELECT * FROM unnest(${countries}, ${countryCodes}) AS x(country, code)),
capped AS (
  SELECT r.phone_e164 AS phone, count(*) AS n
  FROM recipients r
  JOIN campaigns c2 ON c2.shop_id = ${shop} AND c2.id = r.campaign_id
  JOIN whatsapp_templates t2 ON t2.shop_id = ${shop} AND t2.id = c2.template_id AND upper(t2.category) <> 'UTILITY'
  WHERE r.shop_id = ${shop} AND r.campaign_id <> ${campaign} AND r.phone_e164 IS NOT NULL
    AND ${marketing} AND ${capN} > 0
    AND ((r.status IN ('sending', 'sent', 'delivered', 'read', 'unknown')
          AND COALESCE(r.sent_at, r.sending_at, r.created_at) > ${at} - make_interval(days => ${capDays}))
      OR (r.status = 'queued' AND c2.status IN ('running', 'testing', 'paused', 'awaiting_decision')))
  GROUP BY r.phone_e164
),
judged AS (
  SELECT * FROM (
    SELECT m.customer_id, m.ord, c.phone_e164 AS phone,
           ${verdict} AS verdict,
           -- (a cheap prefix test: an invalid phone is excluded by the verdict anyway, its country only labels it)
           CASE WHEN COALESCE(k1.code, k2.code, k3.code) IS NOT NULL AND left(c.phone_e164, 1) = '+'
                THEN CASE WHEN ac.code = COALESCE(k1.code, k2.code, k3.code) THEN upper(c.country_code) ELSE COALESCE(k1.main, k2.main, k3.main) END
                ELSE upper(c.country_code) END AS country,
           upper(c.country_code) AS address_country,
           -- Shopify sends "ON"; ISO's "CA-ON" form is accepted too
           upper(CASE WHEN substr(c.province_code, 3, 1) = '-' THEN substr(c.province_code, 4) ELSE COALESCE(c.province_code, '') END) AS province,
           COALESCE(f.n, 0) AS recent
    FROM members m
    JOIN customers c ON c.shop_id = ${shop} AND c.id = m.customer_id
    LEFT JOIN contacts k ON k.shop_id = ${shop} AND k.phone_e164 = c.phone_e164
    LEFT JOIN codes k1 ON k1.code = substr(c.phone_e164, 2, 1)
    LEFT JOIN codes k2 ON k2.code = substr(c.phone_e164, 2, 2)
    LEFT JOIN codes k3 ON k3.code = substr(c.phone_e164, 2, 3)
    LEFT JOIN country_codes ac ON ac.country = upper(c.country_code)
    LEFT JOIN capped f ON f.phone = c.phone_e164
    OFFSET 0) j
),
reasoned AS (
  SELECT * FROM (
    SELECT j.customer_id, j.ord, j.phone, j.country,
           (${segIds})[j.ord] AS segment_id,
           (${segHoldout})[j.ord] AS holdout_share,
           COALESCE(zp.zone, zc.zone, zf.zone, ${shopTz}) AS time_zone,
           COALESCE(j.verdict,
                    CASE WHEN ${marketing} AND j.country = ANY(${blocked}) THEN 'blocked_country' END,
                    CASE WHEN ${capN} > 0 AND j.recent >= ${capN} THEN 'frequency_cap' END) AS reason0
    FROM judged j
    LEFT JOIN zones zp ON zp.country = j.address_country AND zp.province = j.province AND j.province <> ''
    LEFT JOIN zones zc ON zc.country = j.address_country AND zc.province = ''
    LEFT JOIN zones zf ON zf.country = j.country AND zf.province = ''
    OFFSET 0) r
),
deduped AS (
  SELECT * FROM (
    SELECT r.*,
           -- otherwise-eligible customers sharing a phone: the first by segment order, then customer id, keeps it
           CASE WHEN r.reason0 IS NULL
                     AND row_number() OVER (PARTITION BY r.phone, (r.reason0 IS NULL) ORDER BY r.ord, r.customer_id) > 1
                THEN 'duplicate_phone' ELSE r.reason0 END AS reason
    FROM reasoned r
    OFFSET 0) d
),
grouped AS (
  SELECT * FROM (
    SELECT d.*,
           CASE WHEN d.reason IS NOT NULL THEN 'main'
                WHEN d.u < d.holdout_share THEN 'holdout'
                WHEN d.u < d.holdout_share + ${testShare} * (1 - d.holdout_share) THEN 'test'
                ELSE 'main' END AS grp${
                  quiet
                    ? `,
           (${at} AT TIME ZONE d.time_zone) AS local_start`
                    : ""
                }
    FROM (SELECT d0.*, CASE WHEN d0.reason IS NULL THEN ${groupHashSql(campaign, "d0.customer_id")} END AS u FROM deduped d0 OFFSET 0) d
    OFFSET 0) g
)
SELECT a.customer_id, a.segment_id, a.phone, a.country, a.time_zone, a.reason, a.grp,
       CASE WHEN a.reason IS NOT NULL THEN 'excluded' WHEN a.grp = 'holdout' THEN 'holdout' ELSE 'queued' END AS status,
       CASE WHEN a.reason IS NULL AND a.grp <> 'holdout' THEN ${notBefore} END AS not_before
FROM grouped a`;
  return { sql, params };
}
