// CSV downloads of a campaign report, streamed: the per-segment table, and one row per recipient straight from
// PostgreSQL's COPY (a 1M-recipient campaign never sits in memory).
import { Readable } from "node:stream";
import { to as copyTo } from "pg-copy-streams";
import { pool } from "../db.server";
import { minorToDecimal } from "../lib/money";
import { getCampaignReport } from "./report.server";
import { csvCell, sqlNeutralised as safe } from "../lib/csv";

const CSV_HEADERS = { "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store" };

function filename(campaign: { id: number; name: string }, what: string) {
  const slug =
    campaign.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "campaign";
  return `campaign-${campaign.id}-${slug}-${what}.csv`;
}

/** The per-segment table as shown on the report page (one row per segment, then the total). */
export async function segmentTableCsv(opts: { shopId: number; campaignId: number }): Promise<Response | null> {
  const report = await getCampaignReport(opts);
  if (!report) return null;
  const money = (minor: string | null) => (minor === null ? null : minorToDecimal(BigInt(minor), report.exponent));
  // One messaging cost column (issue 15 B15): in the shop's currency once its exchange rate is known, else Meta's
  // US dollar price. Currency codes lower case in every header, as in the recipients CSV.
  const cur = report.currency.toLowerCase();
  const inShopCurrency = report.costAvailable;
  const header = [
    "segment",
    "recipients",
    "sent",
    "delivered",
    "read",
    "replied",
    "clicked",
    "click_rate",
    "failed",
    "opt_outs",
    "orders",
    "buyers",
    `revenue_${cur}`,
    `revenue_per_recipient_${cur}`,
    "conversion_rate",
    inShopCurrency ? `messaging_cost_${cur}` : "messaging_cost_usd",
    `profit_after_messaging_${cur}`,
    "roi",
  ];
  const rows = [...report.segments, report.totals].map((s) => [
    s.segmentName,
    s.recipients,
    s.sent,
    s.delivered,
    s.read,
    s.replied,
    s.clicked,
    s.clickRate === null ? null : s.clickRate.toFixed(4),
    s.failed,
    s.optOuts,
    s.orders,
    s.converted,
    money(s.revenueMinor),
    money(s.revenuePerRecipientMinor),
    s.conversionRate.toFixed(4),
    inShopCurrency ? money(s.costMinor) : (Number(s.costUsdMicros) / 1e6).toFixed(4),
    money(s.profitMinor),
    s.roi === null ? null : s.roi.toFixed(2),
  ]);
  const lines = [header, ...rows].map((r) => Buffer.from(r.map(csvCell).join(",") + "\r\n", "utf8"));
  return new Response(Readable.toWeb(Readable.from(lines)) as ReadableStream, {
    headers: {
      ...CSV_HEADERS,
      "Content-Disposition": `attachment; filename="${filename(report.campaign, "segments")}"`,
    },
  });
}

/**
 * One row per recipient: group, delivery, click, credited orders and revenue, opt-out. COPY cannot take bind
 * parameters, so the two integers are checked and inlined.
 */
export async function recipientOutcomesCsv(opts: { shopId: number; campaignId: number }): Promise<Response | null> {
  const { shopId, campaignId } = opts;
  if (!Number.isSafeInteger(shopId) || !Number.isSafeInteger(campaignId)) return null;
  const c = await pool().query<{ id: number; name: string; currency_exponent: number; currency: string }>(
    `SELECT c.id, c.name, s.currency_exponent, s.currency FROM campaigns c JOIN shops s ON s.id = c.shop_id WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  const campaign = c.rows[0];
  if (!campaign) return null;
  const scale = 10 ** campaign.currency_exponent;
  const sql = `COPY (
    SELECT r.id AS recipient_id, r.customer_id, ${safe("COALESCE(s.name, '')")} AS segment, r."group", r.status,
           ${safe("r.reason")} AS reason, ${safe("r.error_code::text")} AS error_code,
           ${safe("r.error_title")} AS error_title, r.country_code, r.pricing_category,
           to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS sent_at,
           to_char(r.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS delivered_at,
           to_char(r.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS read_at,
           to_char(r.clicked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS clicked_at,
           to_char(r.replied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS replied_at,
           COALESCE(a.orders, 0) AS credited_orders,
           (COALESCE(a.revenue, 0)::numeric / ${scale})::numeric(24, ${campaign.currency_exponent})::text AS credited_revenue_${campaign.currency.toLowerCase().replace(/[^a-z]/g, "")},
           (ct.opted_out_at IS NOT NULL AND ct.opted_out_at >= r.sent_at) AS opted_out_after
    FROM recipients r
    LEFT JOIN segments s ON s.id = r.segment_id AND s.shop_id = r.shop_id
    LEFT JOIN (
      SELECT recipient_id, count(*) AS orders, sum(revenue_minor) AS revenue FROM attributions
      WHERE shop_id = ${shopId} AND campaign_id = ${campaignId} GROUP BY recipient_id
    ) a ON a.recipient_id = r.id
    LEFT JOIN contacts ct ON ct.shop_id = r.shop_id AND ct.phone_e164 = r.phone_e164
    WHERE r.shop_id = ${shopId} AND r.campaign_id = ${campaignId}
    ORDER BY r.id
  ) TO STDOUT WITH (FORMAT csv, HEADER true)`;
  const client = await pool().connect();
  const stream = client.query(copyTo(sql));
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err);
  };
  stream.on("end", () => release());
  stream.on("error", (err) => release(err));
  stream.on("close", () => release(stream.readableEnded ? undefined : new Error("download cancelled")));
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: { ...CSV_HEADERS, "Content-Disposition": `attachment; filename="${filename(campaign, "recipients")}"` },
  });
}
