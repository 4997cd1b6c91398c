// Message statuses: sent/delivered/read/failed update recipient rows monotonically (sent < delivered < read;
// failed is terminal and only follows sent), matched by wamid or by our biz_opaque_callback_data; failures carry
// what they mean for the contact (131050 opt-out, 131026 unreachable, 131049 24-hour cool-down).
import { pool } from "../../db.server";
import { applyConsentChange, markContactDelivery } from "../../consent/consent.server";
import { errorPolicy, PER_USER_COOL_DOWN_MS } from "../errors";
import { recipientIdFromOpaque } from "../refs";
import { campaignPausingError, pauseForProblem, pauseReasonFor } from "../../campaigns/pause.server";
import { recipientOf, resolveContact } from "../identity.server";
import type { ChangeValue, StatusUpdate } from "../types";
import { unixToDate, type AccountRef } from "./accounts.server";

const STATUS_RANK_SQL = (col: string) =>
  `CASE ${col} WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'unknown' THEN 1 WHEN 'sent' THEN 2 WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 ELSE 5 END`;

export async function applyStatus(
  account: AccountRef,
  s: StatusUpdate,
  value: ChangeValue = {},
): Promise<{ matched: boolean; recipientId: string | null; receipt: boolean }> {
  const kind = s.status === "played" ? "read" : s.status;
  if (!["sent", "delivered", "read", "failed"].includes(kind))
    return { matched: false, recipientId: null, receipt: false };
  const at = unixToDate(s.timestamp);
  const recipientId = recipientIdFromOpaque(s.biz_opaque_callback_data);
  const error = s.errors?.[0];
  const { rows } = await pool().query<{ id: string; phone_e164: string | null; status: string; campaign_id: number }>(
    `UPDATE recipients r SET
       wa_message_id = coalesce(r.wa_message_id, $3),
       status = (CASE
         WHEN $4::text = 'failed' THEN CASE WHEN r.status IN ('queued', 'sending', 'unknown', 'sent') THEN 'failed' ELSE r.status::text END
         WHEN r.status = 'failed' THEN 'failed'
         WHEN ${STATUS_RANK_SQL("$4::text")} > ${STATUS_RANK_SQL("r.status::text")} THEN $4::text
         ELSE r.status::text END)::"RecipientStatus",
       sent_at = CASE WHEN $4::text <> 'failed' THEN coalesce(r.sent_at, $5) ELSE r.sent_at END,
       delivered_at = CASE WHEN $4::text IN ('delivered', 'read') THEN coalesce(r.delivered_at, $5) ELSE r.delivered_at END,
       read_at = CASE WHEN $4::text = 'read' THEN coalesce(r.read_at, $5) ELSE r.read_at END,
       failed_at = CASE WHEN $4::text = 'failed' AND r.status IN ('queued', 'sending', 'unknown', 'sent') THEN coalesce(r.failed_at, $5) ELSE r.failed_at END,
       error_code = CASE WHEN $4::text = 'failed' AND r.status IN ('queued', 'sending', 'unknown', 'sent') THEN $6 ELSE r.error_code END,
       error_title = CASE WHEN $4::text = 'failed' AND r.status IN ('queued', 'sending', 'unknown', 'sent') THEN $7 ELSE r.error_title END,
       pricing_category = coalesce($8, r.pricing_category),
       -- a row the reconciler marked unknown for want of an answer has one now
       reason = CASE WHEN r.reason = 'no_answer' THEN NULL ELSE r.reason END
     WHERE r.shop_id = $1
       AND r.status NOT IN ('excluded', 'holdout', 'skipped')
       AND (r.wa_message_id = $3 OR (r.id = $2::bigint AND (r.wa_message_id IS NULL OR r.wa_message_id = $3)))
     RETURNING r.id::text, r.phone_e164, r.status::text, r.campaign_id`,
    [
      account.shopId,
      recipientId === null ? null : recipientId.toString(),
      s.id,
      kind,
      at,
      error?.code ?? null,
      error ? [error.title ?? error.message, error.error_data?.details].filter(Boolean).join(": ").slice(0, 500) : null,
      s.pricing?.category ?? null,
    ],
  );
  // The recipient: our row's phone, else the phone Meta names; its BSUID is linked to that contact.
  const named = recipientOf(value, s);
  const user = await resolveContact(account.shopId, {
    phoneE164: rows[0]?.phone_e164 ?? named.phoneE164,
    bsuid: named.bsuid,
  });
  const phone = user.phoneE164;
  if (phone && (kind === "delivered" || kind === "read")) {
    await markContactDelivery(pool(), { shopId: account.shopId, phoneE164: phone, effect: "reachable", at });
  }
  if (kind === "failed" && error) {
    const policy = errorPolicy(error.code);
    // A stop-class error about the number or the whole account (spam limit, billing, lock) is shown to the
    // merchant in Settings; the dispatcher acts on the recipient rows' error codes.
    if (policy.class === "stop" && (policy.scope === "number" || policy.scope === "shop")) {
      await pool().query(
        `UPDATE whatsapp_accounts SET last_account_event = $2, last_account_event_at = $3 WHERE shop_id = $1`,
        [account.shopId, `Meta error ${error.code}: ${policy.meaning}`, at],
      );
    }
    // The same errors (and template-wide ones) arriving by webhook pause the campaign that sent the message:
    // every further send would meet them too.
    const campaignId = rows[0]?.campaign_id;
    if (campaignId && campaignPausingError(error.code)) {
      await pauseForProblem({
        shopId: account.shopId,
        campaignId,
        reason: pauseReasonFor(error.code, error.title ?? null),
      });
    }
    if (phone)
      await applyContactEffect({
        shopId: account.shopId,
        phoneE164: phone,
        code: error.code,
        title: error.title ?? null,
        at,
        wamid: s.id,
      });
  }
  return {
    matched: rows.length > 0,
    recipientId: rows[0]?.id ?? null,
    receipt: rows.length > 0 && (kind === "delivered" || kind === "read"),
  };
}

/** What an error means for the contact (131050 opt-out, 131026 unreachable, 131049 24-hour cool-down). */
export async function applyContactEffect(args: {
  shopId: number;
  phoneE164: string;
  code: number;
  title: string | null;
  at: Date;
  wamid?: string | null;
}) {
  const policy = errorPolicy(args.code);
  if (policy.contactEffect === "opt_out") {
    await applyConsentChange({
      shopId: args.shopId,
      phoneE164: args.phoneE164,
      to: "opted_out",
      source: "whatsapp_error",
      detail: `${args.code} ${args.title ?? ""}`.trim(),
      context: args.wamid ? { wamid: args.wamid } : {},
      at: args.at,
    });
  } else if (policy.contactEffect === "unreachable") {
    await markContactDelivery(pool(), {
      shopId: args.shopId,
      phoneE164: args.phoneE164,
      effect: "unreachable",
      at: args.at,
    });
  } else if (policy.contactEffect === "cool_down") {
    await markContactDelivery(pool(), {
      shopId: args.shopId,
      phoneE164: args.phoneE164,
      effect: "cool_down",
      at: args.at,
      coolDownUntil: new Date(args.at.getTime() + PER_USER_COOL_DOWN_MS),
    });
  }
}
