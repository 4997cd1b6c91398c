// Campaign response (retargeting): customers a campaign's message reached — one campaign, or any campaign in the
// last `withinDays` days — who did not read it, did not click it, or did not buy since.
//
// Reached = delivered (or read): a message that never arrived is no reason to follow up, and sending again to a
// number that failed would fail again. Holdout and excluded rows never have a sent time, so they never count.
// - read:  none of those messages was read (read receipts off on the phone look the same: WhatsApp sends none);
// - click: none of those messages' links was clicked — recipients.clicked_at, set today by the first order that
//          came through the message's link (orders.wa_ref) and by click tracking once it records visits;
// - buy:   no order that counts (not test, not cancelled) placed since the first of those messages was sent.
// One statement over recipients (by campaign, or by the customers given) for refresh, preview and "why".
import type { CampaignResponseParams } from "../definitions";
import {
  customerScope,
  daysAgo,
  daysBefore,
  label,
  orderScope,
  orderTime,
  plural,
  type KindContext,
  type KindQuery,
} from "./common.server";

const REACHED = `(r.delivered_at IS NOT NULL OR r.read_at IS NOT NULL OR r.status IN ('delivered', 'read'))`;
const READ = `(r.read_at IS NOT NULL OR r.status = 'read')`;

export function campaignResponseQuery(ctx: KindContext<CampaignResponseParams>): KindQuery {
  const { params, q } = ctx;
  const shop = ctx.p.shop;
  const which =
    params.campaignId !== null
      ? `r.campaign_id = ${q.param(params.campaignId, "int")}`
      : `r.sent_at >= ${daysBefore(ctx, params.withinDays)}`;
  const restrict = ctx.p.ids ? ` AND r.customer_id = ANY(${ctx.p.ids})` : "";
  const did =
    params.didNot === "read"
      ? "NOT g.any_read"
      : params.didNot === "click"
        ? "NOT g.any_click"
        : `NOT EXISTS (SELECT 1 FROM orders o WHERE ${orderScope(ctx, "o", false)} AND o.customer_id = g.customer_id
             AND ${orderTime()} >= g.first_sent)`;
  const select = `SELECT g.customer_id, g.messages, g.first_sent, g.last_sent FROM (
      SELECT r.customer_id, count(*)::int AS messages, min(r.sent_at) AS first_sent, max(r.sent_at) AS last_sent,
             bool_or(${READ}) AS any_read, bool_or(r.clicked_at IS NOT NULL) AS any_click
      FROM recipients r
      JOIN customers c ON c.shop_id = ${shop} AND c.id = r.customer_id
      WHERE r.shop_id = ${shop} AND ${which} AND r.sent_at IS NOT NULL AND ${REACHED}${restrict} AND ${customerScope(ctx)}
      GROUP BY r.customer_id) g
    WHERE ${did}`;
  const verb = params.didNot === "read" ? "read" : params.didNot === "click" ? "click" : "buy since";
  const why = () =>
    `'did not ${verb} ' || ${label(ctx, "campaign", "the campaign")} || ' (' || ${plural("m.messages", "message")} ||
      ' reached them, last ' || ${daysAgo(ctx, "m.last_sent")} || ' days ago)'`;
  return { select, why };
}
