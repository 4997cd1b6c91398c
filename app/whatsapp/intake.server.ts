// WhatsApp webhook intake (app/routes/webhooks.whatsapp.tsx): the GET verification handshake and the POST
// delivery. A POST is verified over its raw bytes (401 and nothing stored when the signature is wrong), checked
// to be a WhatsApp Business Account payload (400 otherwise), matched to a connected number or WABA (unknown
// ones are acknowledged with 200 and logged so Meta stops retrying, nothing stored), then stored in the inbox
// keyed by the SHA-256 of the body — Meta's retries resend the same bytes — and processed by a job.
import { createHash } from "node:crypto";
import { getEnv } from "../env.server";
import { pool } from "../db.server";
import { intake } from "../inbox/inbox.server";
import { verifyMetaSignature } from "./signature.server";
import type { WebhookPayload } from "./types";
import { logger } from "../lib/logger.server";

export const WHATSAPP_INBOX_TOPIC = "whatsapp_business_account";

/** Fields whose changes name a phone number (value.metadata.phone_number_id); the others name only the WABA. */
export const PHONE_FIELDS = new Set(["messages", "user_preferences"]);

export interface IntakeAnswer {
  status: number;
  body: string;
}

export function verificationHandshake(url: URL): IntakeAnswer {
  const token = getEnv().WHATSAPP_VERIFY_TOKEN;
  const mode = url.searchParams.get("hub.mode");
  const given = url.searchParams.get("hub.verify_token");
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  if (!token) {
    logger.warn("WhatsApp webhook verification refused: WHATSAPP_VERIFY_TOKEN is not set");
    return { status: 403, body: "verification token not configured" };
  }
  if (mode === "subscribe" && given === token && challenge) return { status: 200, body: challenge };
  return { status: 403, body: "verification failed" };
}

/** Connected shops a payload refers to: by phone number id for message fields, by WABA id for the rest. */
export async function shopsForPayload(payload: WebhookPayload): Promise<{ shopIds: number[]; unknown: string[] }> {
  const phoneIds = new Set<string>();
  const wabaIds = new Set<string>();
  for (const entry of payload.entry) {
    for (const change of entry.changes ?? []) {
      if (PHONE_FIELDS.has(change.field)) {
        const id = change.value?.metadata?.phone_number_id;
        if (id) phoneIds.add(String(id));
      } else {
        wabaIds.add(String(entry.id));
      }
    }
  }
  const { rows } = await pool().query<{ shop_id: number; phone_number_id: string; waba_id: string }>(
    `SELECT shop_id, phone_number_id, waba_id FROM whatsapp_accounts WHERE phone_number_id = ANY($1::text[]) OR waba_id = ANY($2::text[])`,
    [[...phoneIds], [...wabaIds]],
  );
  const knownPhones = new Set(rows.map((r) => r.phone_number_id));
  const knownWabas = new Set(rows.map((r) => r.waba_id));
  const shopIds = new Set<number>();
  for (const r of rows) if (phoneIds.has(r.phone_number_id) || wabaIds.has(r.waba_id)) shopIds.add(r.shop_id);
  const unknown = [
    ...[...phoneIds].filter((p) => !knownPhones.has(p)).map((p) => `phone number ${p}`),
    ...[...wabaIds].filter((w) => !knownWabas.has(w)).map((w) => `WABA ${w}`),
  ];
  return { shopIds: [...shopIds], unknown };
}

function isPayload(v: unknown): v is WebhookPayload {
  if (!v || typeof v !== "object") return false;
  const p = v as { object?: unknown; entry?: unknown };
  return (
    p.object === "whatsapp_business_account" &&
    Array.isArray(p.entry) &&
    p.entry.every(
      (e) => e && typeof e === "object" && e.id !== undefined && Array.isArray((e as { changes?: unknown }).changes),
    )
  );
}

export async function receiveWhatsAppWebhook(raw: Buffer, signature: string | null): Promise<IntakeAnswer> {
  const secret = getEnv().WHATSAPP_APP_SECRET;
  if (!secret) {
    logger.warn("WhatsApp webhook refused: WHATSAPP_APP_SECRET is not set");
    return { status: 503, body: "not configured" };
  }
  if (!verifyMetaSignature(raw, signature, secret)) return { status: 401, body: "invalid signature" };
  const text = raw.toString("utf8");
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return { status: 400, body: "malformed JSON payload" };
  }
  if (!isPayload(payload)) return { status: 400, body: "not a whatsapp_business_account payload" };

  const { shopIds, unknown } = await shopsForPayload(payload);
  if (unknown.length)
    logger.warn(`WhatsApp webhook for ${unknown.join(", ")}: not connected to any store, not applied`);
  if (!shopIds.length) return { status: 200, body: "ignored" };

  const firstTime = payload.entry.find((e) => typeof e.time === "number")?.time;
  const result = await intake({
    source: "whatsapp",
    externalId: createHash("sha256").update(raw).digest("hex"),
    shopId: shopIds.length === 1 ? shopIds[0]! : null,
    shopDomain: null,
    topic: WHATSAPP_INBOX_TOPIC,
    apiVersion: null,
    body: text,
    triggeredAt: firstTime ? new Date(firstTime * 1000) : null,
  });
  if (result.status === 503) {
    logger.warn(`WhatsApp webhook not taken: ${result.error}`);
    return { status: 503, body: "temporarily unavailable, retry" };
  }
  return { status: 200, body: result.stored };
}
