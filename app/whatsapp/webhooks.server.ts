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
// Each part lives in webhooks/: accounts, statuses, inbound (messages and preferences), account-changes.
import { reattributeAfterReceipts } from "../attribution/attribute.server";
import { refreshAfterReceipts } from "../engagement/follow-up.server";
import { registerInboxHandler, type InboxEventRow } from "../inbox/handlers.server";
import { PHONE_FIELDS, WHATSAPP_INBOX_TOPIC } from "./intake.server";
import type { WebhookPayload } from "./types";
import { applyAccountField, applyTemplateField } from "./webhooks/account-changes.server";
import { accountByPhone, accountsByWaba, unixToDate } from "./webhooks/accounts.server";
import { applyInbound, applyPreference } from "./webhooks/inbound.server";
import { applyStatus } from "./webhooks/statuses.server";
import { logger } from "../lib/logger.server";

export { applyContactEffect, applyStatus } from "./webhooks/statuses.server";
export { inboundIntent } from "./webhooks/inbound.server";
export { tierFrom } from "./webhooks/account-changes.server";

export interface ApplySummary {
  statuses: number;
  recipientsUpdated: number;
  inbound: number;
  consentChanges: number;
  templateChanges: number;
  accountChanges: number;
  skipped: string[];
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
        // …and follow-up ("did not read") and engagement segments move with them (app/engagement/follow-up.server.ts).
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
