// Inbound messages and user preferences: refresh the 24-hour service window; a whole-message STOP-like keyword,
// our opt-out quick-reply payload or a `user_preferences` stop opts the contact out; START/resume opts back in.
import { pool } from "../../db.server";
import { applyConsentChange, markContactDelivery, type ConsentSource } from "../../consent/consent.server";
import { keywordIntent } from "../../consent/settings";
import { confirmFromInbound } from "../../consent/confirm.server";
import { loadConsentSettings } from "../../consent/settings.server";
import { OPT_OUT_PAYLOAD } from "../mapping";
import { preferenceUserOf, resolveContact, senderOf, touchInbound } from "../identity.server";
import { refreshAfterReceipts } from "../../engagement/follow-up.server";
import { inboundReply, linkReplies } from "../../engagement/replies.server";
import type { ChangeValue, InboundMessage, UserPreference } from "../types";
import { unixToDate, type AccountRef } from "./accounts.server";

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

export async function applyInbound(account: AccountRef, m: InboundMessage, value: ChangeValue): Promise<boolean> {
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
    if (phone) {
      const linked = await linkReplies({ shopId: account.shopId, replies: [inboundReply(phone, at, m)] });
      // …and engagement segments count the reply at once (app/engagement/follow-up.server.ts).
      await refreshAfterReceipts({ shopId: account.shopId, recipientIds: linked.map((l) => l.recipientId) });
    }
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

export async function applyPreference(account: AccountRef, p: UserPreference, value: ChangeValue): Promise<boolean> {
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
