// Applies a stored WhatsApp webhook delivery (inbox job). One delivery can batch several entries, changes and
// items; each is applied idempotently, so a replay or a duplicate delivery changes nothing:
// - statuses sent/delivered/read/failed update recipient rows monotonically (sent < delivered < read; failed is
//   terminal and only follows sent), matched by wamid or by our biz_opaque_callback_data — a row left in
//   `sending` (HTTP answer lost) gets its wamid from the status; failures carry code, title and what they mean
//   for the contact (131050 opt-out, 131026 unreachable, 131049 24-hour cool-down);
// - inbound messages refresh the 24-hour service window; a whole-message STOP-like keyword, our opt-out
//   quick-reply payload or a `user_preferences` stop opts the contact out; START/resume opts back in;
// - template status/quality/category changes update the synced templates (unknown ones trigger a re-sync);
// - phone_number_quality_update, business_capability_update and account_update refresh the connection.
// Changes for numbers or WABAs no shop has connected are skipped and logged.
import { pool } from "../db.server";
import { registerInboxHandler, type InboxEventRow } from "../inbox/handlers.server";
import { applyConsentChange, markContactDelivery, type ConsentSource } from "../consent/consent.server";
import { keywordIntent } from "../consent/settings";
import { confirmFromInbound } from "../consent/confirm.server";
import { loadConsentSettings } from "../consent/settings.server";
import { enqueue } from "../../jobs/queues";
import { errorPolicy, PER_USER_COOL_DOWN_MS } from "./errors";
import { PHONE_FIELDS, WHATSAPP_INBOX_TOPIC } from "./intake.server";
import { OPT_OUT_PAYLOAD } from "./mapping";
import { recipientIdFromOpaque } from "./refs";
import { campaignPausingError, pauseForProblem, pauseReasonFor } from "../campaigns/pause.server";
import { reattributeAfterReceipts } from "../attribution/attribute.server";
import { applyTemplateChange } from "./templates.server";
import { preferenceUserOf, recipientOf, resolveContact, senderOf, touchInbound } from "./identity.server";
import { inboundReply, linkReplies } from "../engagement/replies.server";
import { refreshAfterReceipts } from "../engagement/follow-up.server";
import type { ChangeValue, InboundMessage, StatusUpdate, UserPreference, WebhookPayload } from "./types";
import { logger } from "../lib/logger.server";

interface AccountRef {
  shopId: number;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string | null;
}

export interface ApplySummary {
  statuses: number;
  recipientsUpdated: number;
  inbound: number;
  consentChanges: number;
  templateChanges: number;
  accountChanges: number;
  skipped: string[];
}

async function accountByPhone(phoneNumberId: string): Promise<AccountRef | null> {
  const { rows } = await pool().query<{
    shop_id: number;
    phone_number_id: string;
    waba_id: string;
    display_phone_number: string | null;
  }>(
    `SELECT shop_id, phone_number_id, waba_id, display_phone_number FROM whatsapp_accounts WHERE phone_number_id = $1`,
    [phoneNumberId],
  );
  const r = rows[0];
  return r
    ? {
        shopId: r.shop_id,
        phoneNumberId: r.phone_number_id,
        wabaId: r.waba_id,
        displayPhoneNumber: r.display_phone_number,
      }
    : null;
}

async function accountsByWaba(wabaId: string): Promise<AccountRef[]> {
  const { rows } = await pool().query<{
    shop_id: number;
    phone_number_id: string;
    waba_id: string;
    display_phone_number: string | null;
  }>(`SELECT shop_id, phone_number_id, waba_id, display_phone_number FROM whatsapp_accounts WHERE waba_id = $1`, [
    wabaId,
  ]);
  return rows.map((r) => ({
    shopId: r.shop_id,
    phoneNumberId: r.phone_number_id,
    wabaId: r.waba_id,
    displayPhoneNumber: r.display_phone_number,
  }));
}

function unixToDate(ts: string | number | undefined | null): Date {
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
}

// ---- statuses ---------------------------------------------------------------------------------------------------

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

// ---- inbound messages and preferences ---------------------------------------------------------------------------

/** What an inbound message asks for, and how we know. */
export function inboundIntent(
  m: InboundMessage,
  settings: { stopKeywords: string[]; startKeywords: string[] },
): { intent: "opt_out" | "opt_in"; source: ConsentSource; detail: string } | null {
  if (m.type === "text" && m.text?.body) {
    const intent = keywordIntent(m.text.body, settings);
    return intent ? { intent, source: "whatsapp_keyword", detail: m.text.body.slice(0, 200) } : null;
  }
  if (m.type === "button" && m.button) {
    const payload = m.button.payload ?? "";
    if (payload === OPT_OUT_PAYLOAD || payload.startsWith(`${OPT_OUT_PAYLOAD}:`)) {
      return { intent: "opt_out", source: "whatsapp_button", detail: m.button.text ?? payload };
    }
    const intent = m.button.text ? keywordIntent(m.button.text, settings) : null;
    return intent ? { intent, source: "whatsapp_button", detail: m.button.text! } : null;
  }
  if (m.type === "interactive") {
    const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
    if (!reply) return null;
    if (reply.id === OPT_OUT_PAYLOAD) return { intent: "opt_out", source: "whatsapp_button", detail: reply.title };
    const intent = keywordIntent(reply.title, settings);
    return intent ? { intent, source: "whatsapp_button", detail: reply.title } : null;
  }
  return null;
}

async function applyInbound(account: AccountRef, m: InboundMessage, value: ChangeValue): Promise<boolean> {
  // A user with a username may come with a BSUID and no phone: the contact is found by either.
  const user = await resolveContact(account.shopId, senderOf(value, m));
  const phone = user.phoneE164;
  if (!phone && !user.bsuid) return false;
  const at = unixToDate(m.timestamp);
  await touchInbound(account.shopId, user, at);
  if (phone) await markContactDelivery(pool(), { shopId: account.shopId, phoneE164: phone, effect: "reachable", at });
  // A storefront confirmation code sent from this number proves the owner asked (app/consent/confirm.server.ts).
  if (
    phone &&
    m.type === "text" &&
    (await confirmFromInbound({ shopId: account.shopId, phoneE164: phone, text: m.text?.body, wamid: m.id, at }))
  )
    return true;
  const settings = await loadConsentSettings(account.shopId);
  const found = inboundIntent(m, settings);
  // Not a consent keyword: the contact is answering us (a STOP is an opt-out, not a reply; docs/engagement.md).
  if (!found) {
    // Recipients are addressed by phone; a BSUID-only sender's reply cannot be matched to one yet.
    if (phone) await linkReplies({ shopId: account.shopId, replies: [inboundReply(phone, at, m)] });
    return false;
  }
  const outcome = await applyConsentChange(
    {
      shopId: account.shopId,
      phoneE164: phone,
      bsuid: user.bsuid,
      to: found.intent === "opt_out" ? "opted_out" : "opted_in",
      source: found.source,
      detail: found.detail,
      context: { wamid: m.id, ...(m.context?.id ? { reply_to: m.context.id } : {}) },
      at,
    },
    { reply: true },
  );
  return outcome.changed;
}

async function applyPreference(account: AccountRef, p: UserPreference, value: ChangeValue): Promise<boolean> {
  if (p.category && p.category !== "marketing_messages") return false;
  const user = await resolveContact(account.shopId, preferenceUserOf(value, p));
  const phone = user.phoneE164;
  if (!phone && !user.bsuid) return false;
  const to = p.value === "stop" ? "opted_out" : p.value === "resume" || p.value === "signup" ? "opted_in" : null;
  if (!to) return false;
  const outcome = await applyConsentChange(
    {
      shopId: account.shopId,
      phoneE164: phone,
      bsuid: user.bsuid,
      to,
      source: "whatsapp_preferences",
      detail: p.detail ?? `user_preferences ${p.value}`,
      context: { value: p.value },
      at: unixToDate(p.timestamp),
    },
    { reply: true },
  );
  return outcome.changed;
}

// ---- templates and the account -------------------------------------------------------------------------------------

function str(v: unknown): string | null {
  return v === null || v === undefined || v === "" ? null : String(v);
}

const TIER_BY_LIMIT: Record<string, string> = {
  "250": "TIER_250",
  "2000": "TIER_2K",
  "10000": "TIER_10K",
  "100000": "TIER_100K",
  "-1": "TIER_UNLIMITED",
};

/** business_capability_update gives TIER_* strings or the older integers (-1 = unlimited). */
export function tierFrom(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value);
  if (/^TIER_[A-Z0-9]+$/.test(s)) return s;
  return TIER_BY_LIMIT[s] ?? null;
}

async function queueTemplateSync(shopIds: number[]) {
  for (const shopId of shopIds) {
    // One sync per shop per minute however many template webhooks arrive.
    await enqueue(
      "whatsapp.sync-templates",
      { shopId },
      { jobId: `template-sync-${shopId}-${Math.floor(Date.now() / 60_000)}` },
    );
  }
}

async function queueAccountRefresh(shopIds: number[]) {
  for (const shopId of shopIds) {
    await enqueue(
      "whatsapp.refresh-account",
      { shopId },
      { jobId: `account-refresh-${shopId}-${Math.floor(Date.now() / 60_000)}` },
    );
  }
}

async function applyTemplateField(accounts: AccountRef[], field: string, v: ChangeValue): Promise<number> {
  const shopIds = [...new Set(accounts.map((a) => a.shopId))];
  const ref = {
    externalId: str(v.message_template_id),
    name: str(v.message_template_name),
    language: str(v.message_template_language),
  };
  let matched = 0;
  if (field === "message_template_status_update") {
    matched = await applyTemplateChange(shopIds, ref, { status: str(v.event) ?? undefined, reason: str(v.reason) });
  } else if (field === "message_template_quality_update") {
    matched = await applyTemplateChange(shopIds, ref, { qualityScore: str(v.new_quality_score) ?? undefined });
  } else if (field === "template_category_update") {
    matched = await applyTemplateChange(shopIds, ref, { category: str(v.new_category) ?? undefined });
  }
  // A template we do not have yet (new, or created since the last sync): fetch it with its components.
  if (matched < shopIds.length) await queueTemplateSync(shopIds);
  return matched;
}

const RESTRICTING = new Set(["ACCOUNT_VIOLATION", "ACCOUNT_DELETED", "DISABLED_UPDATE"]);

async function applyAccountField(accounts: AccountRef[], field: string, v: ChangeValue, at: Date): Promise<number> {
  if (!accounts.length) return 0;
  const shopIds = [...new Set(accounts.map((a) => a.shopId))];
  if (field === "business_capability_update") {
    const tier = tierFrom(v.max_daily_conversations_per_business) ?? tierFrom(v.max_daily_conversation_per_phone);
    if (!tier) return 0;
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET messaging_limit_tier = $2, last_account_event = $3, last_account_event_at = $4 WHERE shop_id = ANY($1::int[])`,
      [shopIds, tier, `MESSAGING_LIMIT ${tier}`, at],
    );
    return res.rowCount ?? 0;
  }
  if (field === "phone_number_quality_update") {
    // Names the number by its display number only; the quality rating itself is read back from the API.
    const display = String(v.display_phone_number ?? "").replace(/\D/g, "");
    const targets = accounts.filter((a) => !display || (a.displayPhoneNumber ?? "").replace(/\D/g, "") === display);
    if (!targets.length) return 0;
    const tier = tierFrom(v.max_daily_conversations_per_business) ?? tierFrom(v.current_limit);
    const event = str(v.event) ?? "QUALITY_UPDATE";
    const ids = [...new Set(targets.map((a) => a.shopId))];
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET messaging_limit_tier = coalesce($2, messaging_limit_tier), last_account_event = $3, last_account_event_at = $4,
              throughput_level = CASE WHEN $3 = 'THROUGHPUT_UPGRADE' THEN 'HIGH' ELSE throughput_level END,
              throughput_mps = CASE WHEN $3 = 'THROUGHPUT_UPGRADE' THEN 1000 ELSE throughput_mps END
       WHERE shop_id = ANY($1::int[])`,
      [ids, tier, event, at],
    );
    await queueAccountRefresh(ids);
    return res.rowCount ?? 0;
  }
  if (field === "account_update") {
    const event = str(v.event) ?? "ACCOUNT_UPDATE";
    const violation = (v.violation_info as { violation_type?: string } | undefined)?.violation_type;
    const ban = (v.ban_info as { waba_ban_state?: string } | undefined)?.waba_ban_state;
    const label = [event, violation, ban].filter(Boolean).join(" ");
    const restricts = RESTRICTING.has(event) && ban !== "REINSTATE";
    const reinstated = event === "DISABLED_UPDATE" && ban === "REINSTATE";
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET last_account_event = $2, last_account_event_at = $3,
              status = CASE WHEN $4 THEN 'restricted' WHEN $5 AND status = 'restricted' THEN 'connected' ELSE status END,
              status_reason = CASE WHEN $4 THEN $6 WHEN $5 AND status = 'restricted' THEN NULL ELSE status_reason END
       WHERE shop_id = ANY($1::int[])`,
      [shopIds, label, at, restricts, reinstated, `Meta reported ${label}: sending is stopped until Meta lifts it.`],
    );
    return res.rowCount ?? 0;
  }
  return 0;
}

// ---- the delivery ----------------------------------------------------------------------------------------------------

export async function applyWhatsAppPayload(payload: WebhookPayload): Promise<ApplySummary> {
  const summary: ApplySummary = {
    statuses: 0,
    recipientsUpdated: 0,
    inbound: 0,
    consentChanges: 0,
    templateChanges: 0,
    accountChanges: 0,
    skipped: [],
  };
  for (const entry of payload.entry ?? []) {
    const wabaId = String(entry.id);
    const at = entry.time ? unixToDate(entry.time) : new Date();
    for (const change of entry.changes ?? []) {
      const v = change.value ?? {};
      if (PHONE_FIELDS.has(change.field)) {
        const phoneNumberId = String(v.metadata?.phone_number_id ?? "");
        const account = phoneNumberId ? await accountByPhone(phoneNumberId) : null;
        if (!account) {
          summary.skipped.push(`${change.field} for unknown phone number ${phoneNumberId || "(none)"}`);
          continue;
        }
        const receipts: string[] = [];
        for (const s of v.statuses ?? []) {
          summary.statuses++;
          const applied = await applyStatus(account, s, v);
          if (applied.matched) summary.recipientsUpdated++;
          if (applied.receipt && applied.recipientId) receipts.push(applied.recipientId);
        }
        // A receipt can arrive after the customer already ordered: credit those orders now (views count from
        // delivery/read), instead of waiting for the daily catch-up.
        if (receipts.length) await reattributeAfterReceipts({ shopId: account.shopId, recipientIds: receipts });
        // …and follow-up segments ("did not read") lose the readers (app/engagement/follow-up.server.ts).
        await refreshAfterReceipts({ shopId: account.shopId, recipientIds: receipts });
        for (const m of v.messages ?? []) {
          summary.inbound++;
          if (await applyInbound(account, m, v)) summary.consentChanges++;
        }
        for (const p of v.user_preferences ?? []) {
          if (await applyPreference(account, p, v)) summary.consentChanges++;
        }
        continue;
      }
      const accounts = await accountsByWaba(wabaId);
      if (!accounts.length) {
        summary.skipped.push(`${change.field} for unknown WABA ${wabaId}`);
        continue;
      }
      if (change.field.startsWith("message_template_") || change.field === "template_category_update") {
        summary.templateChanges += await applyTemplateField(accounts, change.field, v);
      } else if (
        ["phone_number_quality_update", "business_capability_update", "account_update"].includes(change.field)
      ) {
        summary.accountChanges += await applyAccountField(accounts, change.field, v, at);
      } else {
        summary.skipped.push(`field ${change.field} is not used`);
      }
    }
  }
  if (summary.skipped.length) logger.warn(`WhatsApp webhook: ${summary.skipped.join("; ")}`);
  return summary;
}

registerInboxHandler("whatsapp", WHATSAPP_INBOX_TOPIC, async (_event: InboxEventRow, payload) => {
  await applyWhatsAppPayload(payload as WebhookPayload);
  return "done";
});
