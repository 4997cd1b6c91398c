// The campaign report's statements: grouped passes over the campaign's recipients and attributions (delivery
// counts, credited orders, opt-outs blamed on the campaign, the holdout comparison), all scoped by shop.

/** How long after a message an opt-out is blamed on it (unless a later message came first). */
export const OPT_OUT_BLAME_DAYS = 7;
export interface CountsRow {
  segment_id: number | null;
  country: string | null;
  pricing_category: string | null;
  recipients: number;
  excluded: number;
  skipped: number;
  holdout: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  clicked: number;
  failed: number;
}

/** One pass over the campaign's recipients: delivery counts by segment, recipient country and billed category. */
export const RECIPIENT_COUNTS_SQL = `
SELECT r.segment_id, r.country_code AS country, r.pricing_category,
       count(*) FILTER (WHERE r."group" <> 'holdout' AND r.status NOT IN ('excluded', 'skipped'))::int AS recipients,
       count(*) FILTER (WHERE r.status = 'excluded')::int AS excluded,
       count(*) FILTER (WHERE r.status = 'skipped')::int AS skipped,
       count(*) FILTER (WHERE r."group" = 'holdout')::int AS holdout,
       count(*) FILTER (WHERE r.sent_at IS NOT NULL)::int AS sent,
       count(*) FILTER (WHERE r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))::int AS delivered,
       count(*) FILTER (WHERE r.read_at IS NOT NULL OR r.status = 'read')::int AS read,
       count(*) FILTER (WHERE r.replied_at IS NOT NULL)::int AS replied,
       count(*) FILTER (WHERE r.clicked_at IS NOT NULL)::int AS clicked,
       count(*) FILTER (WHERE r.status = 'failed')::int AS failed
FROM recipients r WHERE r.shop_id = $1 AND r.campaign_id = $2
GROUP BY 1, 2, 3`;

export const COUNT_FIELDS = "recipients excluded skipped holdout sent delivered read replied clicked failed".split(
  " ",
) as Array<Exclude<keyof CountsRow, "segment_id" | "country" | "pricing_category">>;

/** Unique clicks by how they reached us (app/engagement/clicks.server.ts); a recipient may have both. */
export const CLICK_SOURCES_SQL = `
SELECT count(*) FILTER (WHERE k.source = 'proxy')::int AS storefront,
       count(*) FILTER (WHERE k.source = 'redirect')::int AS redirect,
       count(DISTINCT k.recipient_id)::int AS tracked
FROM clicks k WHERE k.shop_id = $1 AND k.campaign_id = $2`;

export const ORDERS_SQL = `
SELECT a.segment_id,
       count(*) FILTER (WHERE NOT a.order_cancelled)::int AS orders,
       count(DISTINCT a.recipient_id) FILTER (WHERE NOT a.order_cancelled)::int AS converted,
       COALESCE(sum(a.revenue_minor), 0)::text AS revenue,
       COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'click'), 0)::text AS click_revenue,
       COALESCE(sum(a.revenue_minor) FILTER (WHERE a.signal = 'view'), 0)::text AS view_revenue
FROM attributions a
WHERE a.shop_id = $1 AND a.campaign_id = $2
GROUP BY a.segment_id`;

/** An opt-out counts against the latest message the contact got before it, within OPT_OUT_BLAME_DAYS. */
export const OPT_OUTS_SQL = `
SELECT r.segment_id, count(*)::int AS n
FROM recipients r
JOIN contacts ct ON ct.shop_id = r.shop_id AND ct.phone_e164 = r.phone_e164
WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r.sent_at IS NOT NULL
  AND ct.opted_out_at >= r.sent_at AND ct.opted_out_at < r.sent_at + interval '${OPT_OUT_BLAME_DAYS} days'
  AND NOT EXISTS (
    SELECT 1 FROM recipients later
    WHERE later.shop_id = r.shop_id AND later.phone_e164 = r.phone_e164
      AND later.sent_at > r.sent_at AND later.sent_at <= ct.opted_out_at)
GROUP BY r.segment_id`;

/**
 * Holdout comparison, per segment and group. Every recipient has a window of $3 hours starting when the message
 * went out: its own send time, or — for held-out customers, and messaged ones whose send failed before a send
 * time was recorded — the first send of the campaign to the same segment. Outcome = the customer's orders in that
 * window (not test, not cancelled; net revenue), credited or not: lift compares behaviour, not credit.
 */
export const LIFT_SQL = `
WITH rc AS MATERIALIZED (
  SELECT r.customer_id, r.segment_id, r."group" = 'holdout' AS held_out, r.sent_at
  FROM recipients r
  WHERE r.shop_id = $1 AND r.campaign_id = $2
    AND (r."group" = 'holdout' OR r.sent_at IS NOT NULL OR r.status IN ('failed', 'unknown'))
), cohort AS (
  SELECT segment_id, min(sent_at) AS start FROM rc WHERE NOT held_out AND sent_at IS NOT NULL GROUP BY segment_id
), followed AS MATERIALIZED (
  SELECT rc.customer_id, rc.segment_id, rc.held_out, COALESCE(rc.sent_at, c.start) AS start
  FROM rc JOIN cohort c ON c.segment_id IS NOT DISTINCT FROM rc.segment_id
), span AS (
  SELECT min(start) AS lo, max(start) + make_interval(hours => $3) AS hi FROM followed
), o AS MATERIALIZED (
  -- the orders of the whole follow-up period, once (an index range), then matched to customers by hash
  SELECT o.customer_id, o.shopify_created_at AS at, o.net_minor
  FROM orders o, span
  WHERE o.shop_id = $1 AND o.shopify_created_at >= span.lo AND o.shopify_created_at < span.hi
    AND NOT o.test AND o.cancelled_at IS NULL AND o.customer_id IS NOT NULL
), buyers AS (
  -- only followed customers with an order in their window (most have none)
  SELECT f.segment_id, f.held_out, f.customer_id, sum(o.net_minor)::numeric AS revenue
  FROM followed f JOIN o ON o.customer_id = f.customer_id AND o.at >= f.start AND o.at < f.start + make_interval(hours => $3)
  GROUP BY f.segment_id, f.held_out, f.customer_id
), groups AS (
  SELECT segment_id, held_out, count(*)::int AS n, max(start) AS last_start FROM followed GROUP BY 1, 2
), bought AS (
  SELECT segment_id, held_out, count(*)::int AS converted, sum(revenue) AS revenue, sum(revenue * revenue) AS squares
  FROM buyers GROUP BY 1, 2
)
SELECT g.segment_id, g.held_out, g.n, COALESCE(b.converted, 0) AS converted, COALESCE(b.revenue, 0)::text AS revenue,
       COALESCE(b.squares, 0)::text AS squares, g.last_start
FROM groups g LEFT JOIN bought b ON b.segment_id IS NOT DISTINCT FROM g.segment_id AND b.held_out = g.held_out`;
