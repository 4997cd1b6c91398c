// The confirmation a customer gets after opting out or back in on WhatsApp — only inside their 24-hour
// customer service window (a free-form message outside it fails with 131047 and a template would be
// marketing), only once per consent event (the job id is the event id), and only if the merchant keeps
// confirmations on.
import { pool } from "../db.server";
import { clientForShop, NotConnectedError } from "../whatsapp/account.server";
import { WhatsAppApiError } from "../whatsapp/errors";
import { loadConsentSettings } from "./settings.server";

/** Margin so the reply does not race the end of the window. */
const WINDOW_MS = 24 * 60 * 60 * 1000 - 5 * 60 * 1000;

export type ReplyResult =
  "sent" | "window_closed" | "disabled" | "state_changed" | "not_connected" | { failed: number };

export async function sendConsentConfirmation(args: {
  shopId: number;
  phoneE164: string;
  kind: "opt_out" | "opt_in";
  now?: Date;
}): Promise<ReplyResult> {
  const settings = await loadConsentSettings(args.shopId);
  if (!settings.sendConfirmations) return "disabled";
  const { rows } = await pool().query<{ consent_state: string; last_inbound_at: Date | null }>(
    `SELECT consent_state, last_inbound_at FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`,
    [args.shopId, args.phoneE164],
  );
  const contact = rows[0];
  if (!contact) return "state_changed";
  // The customer changed their mind again before the reply went out: do not confirm a stale state.
  if (contact.consent_state !== (args.kind === "opt_out" ? "opted_out" : "opted_in")) return "state_changed";
  const now = (args.now ?? new Date()).getTime();
  if (!contact.last_inbound_at || now - contact.last_inbound_at.getTime() > WINDOW_MS) return "window_closed";
  let client;
  try {
    ({ client } = await clientForShop(args.shopId));
  } catch (err) {
    if (err instanceof NotConnectedError) return "not_connected";
    throw err;
  }
  try {
    await client.sendText(
      args.phoneE164.slice(1),
      args.kind === "opt_out" ? settings.optOutReply : settings.optInReply,
    );
    return "sent";
  } catch (err) {
    // Permanent answers (window closed after all, blocked number…) end here; transient ones retry the job.
    if (err instanceof WhatsAppApiError && err.policy.class !== "retry") return { failed: err.code ?? 0 };
    throw err;
  }
}
