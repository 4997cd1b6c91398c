// How a message points back at our recipient row:
// - biz_opaque_callback_data = "rcpt:<recipient id>" travels with the send and comes back on every status
//   webhook, so a row left in `sending` (HTTP answer lost) is reconciled even without its wamid (apis.md A2, A7);
// - the URL button carries r=<recipient id> next to the UTM parameters; orders keep it in orders.wa_ref
//   (parsed from landing_site by app/ingest), so a click is attributed to the exact message. The reference format
//   (decimal id) is defined once, in app/attribution/ref.ts, which the attribution SQL matches.
// Recipient ids are bigint: never through a JS number.

const OPAQUE_PREFIX = "rcpt:";

export function opaqueFor(recipientId: bigint | string): string {
  return `${OPAQUE_PREFIX}${BigInt(recipientId).toString()}`;
}

/** The recipient id in a status's biz_opaque_callback_data, or null when it is not ours. */
export function recipientIdFromOpaque(data: string | null | undefined): bigint | null {
  if (!data?.startsWith(OPAQUE_PREFIX)) return null;
  const digits = data.slice(OPAQUE_PREFIX.length);
  return /^\d{1,19}$/.test(digits) ? BigInt(digits) : null;
}

/** The `r=` reference on URL buttons: one format for sending and attribution (app/attribution/ref.ts). */
export { recipientRef, parseRecipientRef as recipientIdFromRef } from "../attribution/ref";
