// Automatic pauses: errors after which no further message of the campaign can succeed until the merchant (or
// Meta) acts. The dispatcher calls this for synchronous errors and its pre-send checks, the WhatsApp status
// handler for the same errors arriving by webhook. The reason is written for the merchant (Campaigns page).
import { pool } from "../db.server";
import { errorPolicy } from "../whatsapp/errors";

/** Stop-class errors (131048 spam limit, 368 restriction, token, billing…) and template-wide refusals. */
export function campaignPausingError(code: number | null | undefined): boolean {
  if (code === null || code === undefined) return false;
  const p = errorPolicy(code);
  return p.class === "stop" || (p.class === "permanent" && p.scope === "template");
}

const ADVICE: Record<number, string> = {
  131048:
    "Meta limits this number for a few hours after too many messages were blocked or reported. Resume the campaign later; consider a smaller, more engaged segment.",
  368: "Meta restricted your WhatsApp Business Account for a policy violation. Check Business Support Home; resume once the restriction is lifted.",
  132015:
    "Meta paused the template for low quality (3 hours the first time, 6 hours the second). Resume when it is active again, or switch template.",
  132016: "Meta disabled the template for low quality. Pick another approved template for this campaign.",
  132001:
    "The template no longer exists in this language or is not approved: sync templates (Templates page) and check it.",
  132000: "The template's parameters changed: open the campaign's mapping and fill every variable.",
  132012: "A parameter has the wrong type for the template (e.g. the header needs an image link): fix the mapping.",
  131053: "The header media could not be fetched by Meta: fix the media link in the mapping.",
  190: "The access token stopped working: reconnect WhatsApp in Settings, then resume.",
  131042:
    "Meta reports a billing problem on the WhatsApp Business Account: fix the payment method in Meta Business Suite, then resume.",
};

export function pauseReasonFor(code: number, title: string | null = null): string {
  const meaning = errorPolicy(code).meaning;
  const advice = ADVICE[code] ?? "Resume the campaign once the problem is solved.";
  return `Paused by WhatsApp error ${code}${title ? ` (${title})` : ""}: ${meaning} ${advice}`;
}

/** Pauses a running or testing campaign (no-op otherwise); true when this call paused it. */
export async function pauseForProblem(args: { shopId: number; campaignId: number; reason: string }): Promise<boolean> {
  const res = await pool().query(
    `UPDATE campaigns SET status = 'paused', paused_reason = $3, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status IN ('running', 'testing')`,
    [args.shopId, args.campaignId, args.reason.slice(0, 1000)],
  );
  return (res.rowCount ?? 0) > 0;
}
