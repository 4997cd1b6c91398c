// Meta's WhatsApp webhook: GET = verification handshake, POST = signed delivery → inbox → job.
// Configure in Meta's app dashboard: callback URL https://<app>/webhooks/whatsapp, verify token =
// WHATSAPP_VERIFY_TOKEN; subscribe to messages, user_preferences, message_template_status_update,
// message_template_quality_update, template_category_update, phone_number_quality_update,
// business_capability_update and account_update.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveWhatsAppWebhook, verificationHandshake } from "../whatsapp/intake.server";
import { BodyTooLarge, META_WEBHOOK_MAX_BYTES, readBodyLimited, tooLargeResponse } from "../lib/body-limit";

export const loader = ({ request }: LoaderFunctionArgs) => {
  const answer = verificationHandshake(new URL(request.url));
  return text(answer.status, answer.body);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return text(405, "POST only");
  // The raw bytes, exactly as Meta signed them, capped at Meta's payload size while they stream in.
  let raw: Buffer;
  try {
    raw = await readBodyLimited(request, META_WEBHOOK_MAX_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLargeResponse(err.limit);
    throw err;
  }
  const answer = await receiveWhatsAppWebhook(raw, request.headers.get("x-hub-signature-256"));
  return text(answer.status, answer.body);
};

function text(status: number, body: string) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain" } });
}
