// Replies: an inbound WhatsApp message is linked to the recipient row of the message it answers, so reports can
// count replies per campaign and per segment (docs/engagement.md).
//
// The message answered is the one the contact quoted (WhatsApp's `context.id`: a swipe-reply or a quick-reply
// button carries the wamid of our message), else the last message we sent that phone within REPLY_WINDOW_DAYS
// before the reply. Only the first reply is kept (replied_at = the earliest), so a replayed or duplicate delivery
// changes nothing. What is not a reply — consent keywords (STOP / START), our opt-out button, storefront
// confirmation codes — never reaches here: the webhook handler acts on those as consent and only passes the rest.
import type pg from "pg";
import { pool } from "../db.server";
import type { InboundMessage } from "../whatsapp/types";
import { REPLY_WINDOW_DAYS } from "./reply-window";

export { REPLY_WINDOW_DAYS };

/**
 * Inbound message types that are the contact saying something. `system` (number changed), `unsupported` /
 * `unknown` (a type the Cloud API cannot deliver) and `request_welcome` (opening an empty chat) are not answers.
 */
const NOT_A_REPLY = new Set(["system", "unsupported", "unknown", "request_welcome", "errors"]);

export function isReplyType(type: string | undefined | null): boolean {
  return typeof type === "string" && type !== "" && !NOT_A_REPLY.has(type);
}

export interface InboundReply {
  phoneE164: string;
  at: Date;
  /** the message's type (text, button, interactive, image, reaction…) */
  type: string;
  /** the wamid the contact quoted, when the message quotes one of ours */
  quotedWamid?: string | null;
}

export interface LinkedReply {
  recipientId: string;
  customerId: string;
  campaignId: number;
}

/** The reply a webhook message makes (phone already normalized to E.164 by the caller). */
export function inboundReply(phoneE164: string, at: Date, m: Pick<InboundMessage, "type" | "context">): InboundReply {
  return { phoneE164, at, type: m.type, quotedWamid: m.context?.id ?? null };
}

// One statement for the whole batch: each inbound message finds its recipient with one index probe on
// (shop_id, phone_e164); a recipient answered several times in the batch keeps the earliest reply.
const LINK_REPLIES_SQL = `
WITH inbound AS (
  SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS i(phone, at, quoted)
), target AS (
  SELECT t.id, min(i.at) AS at
  FROM inbound i
  CROSS JOIN LATERAL (
    SELECT r.id FROM recipients r
    WHERE r.shop_id = $1 AND r.phone_e164 = i.phone AND r.sent_at IS NOT NULL
      AND ((i.quoted IS NOT NULL AND r.wa_message_id = i.quoted)
           -- webhook times have one-second precision: a reply in the second of the send is still after it
           OR (date_trunc('second', r.sent_at) <= i.at AND r.sent_at > i.at - make_interval(days => $5)))
    ORDER BY (i.quoted IS NOT NULL AND r.wa_message_id = i.quoted) DESC, r.sent_at DESC, r.id DESC
    LIMIT 1
  ) t
  GROUP BY t.id
)
UPDATE recipients r SET replied_at = target.at
FROM target
WHERE r.shop_id = $1 AND r.id = target.id AND (r.replied_at IS NULL OR r.replied_at > target.at)
RETURNING r.id::text AS recipient_id, r.customer_id::text AS customer_id, r.campaign_id`;

/** Links inbound messages to the recipients they answer; returns the rows whose replied_at was set or moved. */
export async function linkReplies(
  opts: { shopId: number; replies: readonly InboundReply[] },
  db: pg.Pool | pg.PoolClient = pool(),
): Promise<LinkedReply[]> {
  const replies = opts.replies.filter((r) => isReplyType(r.type));
  if (!replies.length) return [];
  const { rows } = await db.query<{ recipient_id: string; customer_id: string; campaign_id: number }>(
    LINK_REPLIES_SQL,
    [
      opts.shopId,
      replies.map((r) => r.phoneE164),
      replies.map((r) => r.at.toISOString()),
      replies.map((r) => r.quotedWamid ?? null),
      REPLY_WINDOW_DAYS,
    ],
  );
  return rows.map((r) => ({ recipientId: r.recipient_id, customerId: r.customer_id, campaignId: r.campaign_id }));
}
