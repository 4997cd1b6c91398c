// Engagement tiers: how each customer responded to the WhatsApp messages that reached them in the last
// `windowDays` days, judged in this order (docs/engagement.md says why these defaults):
// - never messaged: no message reached them in the window (including customers we never sent to);
// - highly engaged: replied to at least `highMinReplies` messages, or clicked the link of at least `highMinClicks`
//   (a 0 switches that signal off), or read at least `highMinReadPercent`% of them out of `highMinReached` or more;
// - moderately engaged: read at least `moderateMinReads` (a reply or a click is always at least moderate);
// - not engaged: reached, and below that.
// Reached = delivered or read (a failed or still-unconfirmed message is not one they could respond to; holdout and
// excluded rows have no send time). A reply or click counts as a read too: a phone with read receipts switched off
// sends none, yet its owner plainly read what they answered.
// One statement over the shop's customers and their recipient rows (by the customers given) for full and
// incremental refresh, preview and "why".
import type { EngagementParams } from "../definitions";
import { customerScope, daysBefore, plural, type KindContext, type KindQuery } from "./common.server";

const REACHED = `(r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))`;
const OPENED = `(r.read_at IS NOT NULL OR r.status = 'read' OR r.replied_at IS NOT NULL OR r.clicked_at IS NOT NULL)`;

export function engagementQuery(ctx: KindContext<EngagementParams>): KindQuery {
  const { params, q } = ctx;
  const shop = ctx.p.shop;
  const restrict = ctx.p.ids ? ` AND r.customer_id = ANY(${ctx.p.ids})` : "";
  const replies = q.param(params.highMinReplies, "int");
  const clicks = q.param(params.highMinClicks, "int");
  const readPct = q.param(params.highMinReadPercent, "int");
  const minReached = q.param(params.highMinReached, "int");
  const moderate = q.param(params.moderateMinReads, "int");
  // Customers no message reached are members only when "never messaged" is chosen: otherwise an inner join lets
  // the statement start from the recipients in the window instead of every customer.
  const join = params.tiers.includes("never_messaged") ? "LEFT JOIN" : "JOIN";
  const select = `SELECT c.id AS customer_id, coalesce(g.reached, 0) AS reached, coalesce(g.opened, 0) AS opened,
           coalesce(g.replied, 0) AS replied, coalesce(g.clicked, 0) AS clicked, t.tier
    FROM customers c
    ${join} (
      SELECT r.customer_id, count(*)::int AS reached, count(*) FILTER (WHERE ${OPENED})::int AS opened,
             count(*) FILTER (WHERE r.replied_at IS NOT NULL)::int AS replied,
             count(*) FILTER (WHERE r.clicked_at IS NOT NULL)::int AS clicked
      FROM recipients r
      WHERE r.shop_id = ${shop} AND r.sent_at >= ${daysBefore(ctx, params.windowDays)} AND ${REACHED}${restrict}
      GROUP BY r.customer_id) g ON g.customer_id = c.id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN g.reached IS NULL THEN 'never_messaged'
        WHEN (${replies} > 0 AND g.replied >= ${replies}) OR (${clicks} > 0 AND g.clicked >= ${clicks})
          OR (g.reached >= ${minReached} AND g.opened * 100 >= ${readPct} * g.reached) THEN 'highly'
        WHEN g.opened >= ${moderate} OR g.replied > 0 OR g.clicked > 0 THEN 'moderately'
        ELSE 'not_engaged' END AS tier) t
    WHERE ${customerScope(ctx)} AND t.tier = ANY(${q.param(params.tiers, "text[]")})`;
  const why = () => {
    const days = q.param(params.windowDays, "int");
    const also = (col: string, what: string) => `CASE WHEN m.${col} > 0 THEN ', ${what} ' || m.${col} ELSE '' END`;
    return `CASE m.tier WHEN 'highly' THEN 'Highly engaged' WHEN 'moderately' THEN 'Moderately engaged'
        WHEN 'not_engaged' THEN 'Not engaged' ELSE 'Never messaged' END || ': ' ||
      CASE WHEN m.reached = 0 THEN 'no message reached them'
        ELSE 'read ' || m.opened || ' of ' || ${plural("m.reached", "message")} || ${also("replied", "replied to")} ||
          ${also("clicked", "clicked the link in")} END ||
      ' in the last ' || ${days} || ' days'`;
  };
  return { select, why };
}
