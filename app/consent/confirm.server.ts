// Proof that a phone's owner asked for WhatsApp messages, for the cases a storefront form alone cannot prove:
// lifting an opt-out (only the customer may undo a STOP) and, when the merchant asks for it ("confirm on
// WhatsApp"), every storefront opt-in. The widget shows a wa.me link to the shop's business number carrying a
// one-time code; the customer sends it from their own WhatsApp, so Meta's webhook names the sender's number. A
// code sent from any other number proves nothing and is ignored. The pending confirmation waits in Redis for
// 30 minutes, holding no more than the form did (phone, wording, page).
import { randomInt } from "node:crypto";
import type { Redis } from "ioredis";
import { createRedis } from "../../jobs/connection";
import { getEnv } from "../env.server";
import { pool } from "../db.server";
import { applyConsentChange } from "./consent.server";

export const CONFIRMATION_TTL_SECONDS = 30 * 60;
// No 0/O, 1/I/L: the code is read by people; 32^8 ≈ 10^12 codes for a 30-minute window.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE = /\b([A-HJKMNP-Z2-9]{8})\b/g;

let redis: Redis | null = null;
function store(): Redis {
  redis ??= createRedis("producer");
  return redis;
}
export async function closeConsentRedis() {
  const r = redis;
  redis = null;
  if (r) await r.quit().catch(() => r.disconnect());
}

function key(shopId: number, code: string) {
  return `${getEnv().QUEUE_PREFIX}:consent-confirm:${shopId}:${code}`;
}

export interface PendingConfirmation {
  shopId: number;
  phoneE164: string;
  customerId: string | null;
  wording: string;
  page: string | null;
  typed: string;
  reason: "lift_opt_out" | "merchant_setting";
  issuedAt: string;
}

export class NotConnectedForConfirmation extends Error {
  override name = "NotConnectedForConfirmation";
}

/** Issues a one-time code and the wa.me link the widget shows. */
export async function issueConfirmation(
  p: Omit<PendingConfirmation, "issuedAt">,
): Promise<{ code: string; link: string; text: string; expiresInSeconds: number }> {
  const { rows } = await pool().query<{ display_phone_number: string | null }>(
    `SELECT display_phone_number FROM whatsapp_accounts WHERE shop_id = $1`,
    [p.shopId],
  );
  const digits = (rows[0]?.display_phone_number ?? "").replace(/\D/g, "");
  if (!digits) throw new NotConnectedForConfirmation("the shop has no connected WhatsApp number");
  const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const pending: PendingConfirmation = { ...p, issuedAt: new Date().toISOString() };
  await store().set(key(p.shopId, code), JSON.stringify(pending), "EX", CONFIRMATION_TTL_SECONDS);
  const text = `Confirm my WhatsApp sign-up: ${code}`;
  return {
    code,
    text,
    link: `https://wa.me/${digits}?text=${encodeURIComponent(text)}`,
    expiresInSeconds: CONFIRMATION_TTL_SECONDS,
  };
}

/**
 * An inbound WhatsApp text from `phoneE164` (the sender Meta names): if it carries a code issued for that same
 * number, record the opt-in with the message as its proof. Returns true when a confirmation was consumed.
 */
export async function confirmFromInbound(args: {
  shopId: number;
  phoneE164: string;
  text: string | undefined;
  wamid: string;
  at: Date;
}): Promise<boolean> {
  if (!args.text) return false;
  for (const [, code] of args.text.toUpperCase().matchAll(CODE)) {
    const k = key(args.shopId, code!);
    const raw = await store().get(k);
    if (!raw) continue;
    const pending = JSON.parse(raw) as PendingConfirmation;
    if (pending.phoneE164 !== args.phoneE164) continue; // someone else's code: proves nothing
    await store().del(k);
    await applyConsentChange(
      {
        shopId: args.shopId,
        phoneE164: pending.phoneE164,
        customerId: pending.customerId,
        to: "opted_in",
        source: "whatsapp_confirm",
        detail: pending.wording,
        context: {
          proof: "whatsapp_message",
          wamid: args.wamid,
          page: pending.page,
          typed: pending.typed,
          reason: pending.reason,
          issued_at: pending.issuedAt,
        },
        at: args.at,
      },
      { reply: true },
    );
    return true;
  }
  return false;
}
