// Why an order was credited to a message, or why not: the stored credit (written by attribute.server.ts) and
// every message the customer got around the order, each with the reason it did or did not take the credit.
import { pool } from "../db.server";
import { parseRecipientRef, LINK_UTM_SOURCE } from "./ref";
import { getAttributionWindows } from "./settings.server";
import { describeDuration, describeHours, type AttributionWindows } from "./windows";

export interface ExplainedMessage {
  recipientId: string;
  campaignId: number;
  campaignName: string;
  segmentName: string;
  group: string;
  status: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  clickedAt: string | null;
  credited: boolean;
  reason: string;
}

export interface OrderExplanation {
  order: {
    id: string;
    name: string | null;
    placedAt: string;
    customerId: string | null;
    customerName: string | null;
    totalMinor: string;
    refundedMinor: string;
    netMinor: string;
    cancelledAt: string | null;
    test: boolean;
    landingSite: string | null;
    discountCodes: string[];
  };
  currency: string;
  exponent: number;
  windows: AttributionWindows;
  credit: {
    recipientId: string;
    campaignId: number;
    campaignName: string;
    segmentId: number | null;
    segmentName: string;
    signal: "click" | "view";
    evidence: string;
    signalAt: string;
    windowHours: number;
    revenueMinor: string;
    secondsAfterSend: number;
  } | null;
  /** one plain sentence: why credited, or why not */
  verdict: string;
  messages: ExplainedMessage[];
}

interface Candidate {
  recipient_id: string;
  campaign_id: number;
  campaign_name: string;
  discount_codes: string[] | null;
  segment_name: string | null;
  segment_id: number | null;
  customer_id: string;
  group: string;
  status: string;
  reason: string | null;
  error_title: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  clicked_at: Date | null;
}

const HOUR = 3_600_000;

/** Finds an order by its id or its name ("#1001" or "1001"). */
export async function findOrderId(shopId: number, query: string): Promise<string | null> {
  const q = query.trim();
  if (q === "") return null;
  const byName = await pool().query<{ id: string }>(
    `SELECT id::text FROM orders WHERE shop_id = $1 AND (name = $2 OR name = '#' || $2) ORDER BY shopify_created_at DESC LIMIT 1`,
    [shopId, q],
  );
  if (byName.rows[0]) return byName.rows[0].id;
  if (/^\d{1,20}$/.test(q)) {
    const byId = await pool().query<{ id: string }>(
      `SELECT id::text FROM orders WHERE shop_id = $1 AND id = $2::numeric::bigint`,
      [shopId, q],
    );
    if (byId.rows[0]) return byId.rows[0].id;
  }
  return null;
}

export async function explainOrder(opts: { shopId: number; orderId: string }): Promise<OrderExplanation | null> {
  if (!/^\d{1,20}$/.test(opts.orderId)) return null;
  const { rows } = await pool().query(
    `SELECT o.id::text, o.name, o.shopify_created_at, o.customer_id::text, o.total_minor::text, o.refunded_minor::text,
            o.net_minor::text, o.cancelled_at, o.test, o.landing_site, o.utm_source, o.wa_ref, o.discount_codes,
            NULLIF(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS customer_name, s.currency, s.currency_exponent
     FROM orders o JOIN shops s ON s.id = o.shop_id
     LEFT JOIN customers c ON c.shop_id = o.shop_id AND c.id = o.customer_id
     WHERE o.shop_id = $1 AND o.id = $2::numeric::bigint`,
    [opts.shopId, opts.orderId],
  );
  const o = rows[0];
  if (!o) return null;
  const windows = await getAttributionWindows(opts.shopId);
  const at: Date = o.shopify_created_at;
  const linkRecipient = o.utm_source?.toLowerCase() === LINK_UTM_SOURCE ? parseRecipientRef(o.wa_ref) : null;

  const [creditRows, candidates] = await Promise.all([
    pool().query(
      `SELECT a.recipient_id::text, a.campaign_id, c.name AS campaign_name, a.segment_id, s.name AS segment_name, a.signal, a.evidence,
              a.signal_at, a.window_hours, a.revenue_minor::text, a.seconds_after_send
       FROM attributions a JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN segments s ON s.id = a.segment_id
       WHERE a.shop_id = $1 AND a.order_id = $2::bigint`,
      [opts.shopId, o.id],
    ),
    // The customer's messages from campaigns that started up to 60 days before the order (and later ones that
    // held the customer out), plus the message whose link the order came through.
    pool().query<Candidate>(
      `SELECT r.id::text AS recipient_id, r.campaign_id, c.name AS campaign_name, c.discount_codes, s.name AS segment_name,
              r.segment_id, r.customer_id::text, r."group", r.status, r.reason, r.error_title, r.sent_at, r.delivered_at,
              r.read_at, r.clicked_at
       FROM recipients r JOIN campaigns c ON c.id = r.campaign_id LEFT JOIN segments s ON s.id = r.segment_id
       WHERE r.shop_id = $1
         AND ((r.customer_id = $2::bigint AND COALESCE(r.sent_at, c.started_at, r.created_at) BETWEEN $3::timestamptz - interval '60 days' AND $3::timestamptz + interval '1 day')
              OR r.id = $4::bigint)
       ORDER BY COALESCE(r.sent_at, c.started_at, r.created_at) DESC LIMIT 50`,
      [opts.shopId, o.customer_id, at, linkRecipient?.toString() ?? null],
    ),
  ]);
  const cr = creditRows.rows[0];
  const credit = cr
    ? {
        recipientId: cr.recipient_id,
        campaignId: cr.campaign_id,
        campaignName: cr.campaign_name,
        segmentId: cr.segment_id,
        segmentName: cr.segment_name ?? "Not through a segment",
        signal: cr.signal,
        evidence: cr.evidence,
        signalAt: cr.signal_at.toISOString(),
        windowHours: cr.window_hours,
        revenueMinor: cr.revenue_minor,
        secondsAfterSend: cr.seconds_after_send,
      }
    : null;

  const codes = new Set((o.discount_codes as string[]).map((c) => c.toUpperCase()));
  const messages = candidates.rows.map((r) =>
    explainMessage(r, { at, customerId: o.customer_id, linkRecipient, codes, windows, credit }),
  );

  return {
    order: {
      id: o.id,
      name: o.name,
      placedAt: at.toISOString(),
      customerId: o.customer_id,
      customerName: o.customer_name,
      totalMinor: o.total_minor,
      refundedMinor: o.refunded_minor,
      netMinor: o.net_minor,
      cancelledAt: o.cancelled_at?.toISOString() ?? null,
      test: o.test,
      landingSite: o.landing_site,
      discountCodes: o.discount_codes,
    },
    currency: o.currency,
    exponent: o.currency_exponent,
    windows,
    credit,
    verdict: verdictOf({
      credit,
      test: o.test,
      cancelled: o.cancelled_at !== null,
      customerId: o.customer_id,
      linkRecipient,
      at,
      messages,
      candidates: candidates.rows,
      windows,
    }),
    messages,
  };
}

function explainMessage(
  r: Candidate,
  ctx: {
    at: Date;
    customerId: string | null;
    linkRecipient: bigint | null;
    codes: Set<string>;
    windows: AttributionWindows;
    credit: OrderExplanation["credit"];
  },
): ExplainedMessage {
  const base = {
    recipientId: r.recipient_id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name ?? "Not through a segment",
    group: r.group,
    status: r.status,
    sentAt: r.sent_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    readAt: r.read_at?.toISOString() ?? null,
    clickedAt: r.clicked_at?.toISOString() ?? null,
  };
  const credited = ctx.credit?.recipientId === r.recipient_id;
  return { ...base, credited, reason: credited ? creditSentence(ctx.credit!, ctx.at) : notCreditedReason(r, ctx) };
}

function notCreditedReason(
  r: Candidate,
  ctx: {
    at: Date;
    customerId: string | null;
    linkRecipient: bigint | null;
    codes: Set<string>;
    windows: AttributionWindows;
  },
): string {
  const at = ctx.at.getTime();
  const { clickWindowHours: click, viewWindowHours: view } = ctx.windows;
  if (r.group === "holdout") return "Held out of this campaign (the comparison group): never sent, never credited.";
  if (!r.sent_at) {
    if (r.status === "failed") return `Not sent: ${r.error_title ?? "the send failed"}.`;
    if (r.status === "excluded" || r.status === "skipped")
      return `Not sent: ${r.reason?.replace(/_/g, " ") ?? r.status}.`;
    return "Not sent (yet).";
  }
  if (r.sent_at.getTime() > at) return `Sent ${describeDuration((r.sent_at.getTime() - at) / 1000)} after the order.`;
  const sinceSend = at - r.sent_at.getTime();
  const sameCustomer = ctx.customerId !== null && r.customer_id === ctx.customerId;
  const link = ctx.linkRecipient !== null && ctx.linkRecipient.toString() === r.recipient_id;
  const code = sameCustomer && (r.discount_codes ?? []).some((c) => ctx.codes.has(c.toUpperCase()));
  const clickedBefore = sameCustomer && r.clicked_at !== null && r.clicked_at.getTime() <= at;
  const viewAt = Math.max(
    r.delivered_at && r.delivered_at.getTime() <= at ? r.delivered_at.getTime() : -Infinity,
    r.read_at && r.read_at.getTime() <= at ? r.read_at.getTime() : -Infinity,
  );
  const qualifies =
    link ||
    (code && sinceSend <= click * HOUR) ||
    (clickedBefore && at - r.clicked_at!.getTime() <= click * HOUR) ||
    (sameCustomer && view > 0 && Number.isFinite(viewAt) && at - viewAt <= view * HOUR);
  if (qualifies)
    return "Counted, but a later signal took the credit (the latest click wins; without clicks, the latest delivery or read).";
  if (code)
    return `The order used this campaign's code, but the message was sent ${describeDuration(sinceSend / 1000)} before it: outside the ${describeHours(click)} click window.`;
  if (clickedBefore)
    return `Clicked ${describeDuration((at - r.clicked_at!.getTime()) / 1000)} before the order: outside the ${describeHours(click)} click window.`;
  if (Number.isFinite(viewAt)) {
    const what = r.read_at && r.read_at.getTime() === viewAt ? "Read" : "Delivered";
    if (view === 0) return `${what}, not clicked; view-through credit is off in Settings.`;
    return `${what} ${describeDuration((at - viewAt) / 1000)} before the order, not clicked: outside the ${describeHours(view)} view window.`;
  }
  if (r.status === "failed") return `The message failed: ${r.error_title ?? "not delivered"}.`;
  return "Sent, but no delivery or read receipt came before the order.";
}

function creditSentence(credit: NonNullable<OrderExplanation["credit"]>, at: Date): string {
  const window = `${credit.signal} window ${describeHours(credit.windowHours)}`;
  const sent = describeDuration(credit.secondsAfterSend);
  const since = describeDuration((at.getTime() - new Date(credit.signalAt).getTime()) / 1000);
  switch (credit.evidence) {
    case "link":
      return `Clicked: the visit that placed the order came through this message's link (message sent ${sent} before the order; ${window}).`;
    case "discount_code":
      return `Clicked: the order used this campaign's discount code, ${sent} after the message was sent (${window}).`;
    case "click":
      return `Clicked ${since} before the order (message sent ${sent} before; ${window}).`;
    case "read":
      return `Read ${since} before the order, no click since (${window}).`;
    default:
      return `Delivered ${since} before the order, no click since (${window}).`;
  }
}

function verdictOf(x: {
  credit: OrderExplanation["credit"];
  test: boolean;
  cancelled: boolean;
  customerId: string | null;
  linkRecipient: bigint | null;
  at: Date;
  messages: ExplainedMessage[];
  candidates: Candidate[];
  windows: AttributionWindows;
}): string {
  if (x.credit) {
    const cancelled = x.cancelled ? " The order was cancelled, so it counts for no revenue." : "";
    return `Credited to "${x.credit.campaignName}" (${x.credit.segmentName}). ${x.messages.find((m) => m.credited)?.reason ?? ""}${cancelled}`.trim();
  }
  if (x.test) return "Not credited: test orders never count.";
  const before = x.candidates.filter((c) => c.sent_at === null || c.sent_at <= x.at);
  if (x.customerId === null && x.linkRecipient === null)
    return "Not credited: a guest checkout that did not come through one of our links, so no message can be matched to it.";
  if (before.length === 0) return "Not credited: no message was sent to this customer before the order.";
  if (before.every((c) => c.group === "holdout")) {
    return `Not credited: the customer was held out of ${[...new Set(before.map((c) => `"${c.campaign_name}"`))].join(", ")} (the comparison group), and held-out customers are never credited.`;
  }
  return `Not credited: messages were sent, but no click within ${describeHours(x.windows.clickWindowHours)} and no delivery or read within ${describeHours(x.windows.viewWindowHours)} before the order (see each message below).`;
}
