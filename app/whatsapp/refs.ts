// How a message points back at our recipient row:
// - biz_opaque_callback_data = "rcpt:<recipient id>" travels with the send and comes back on every status
//   webhook, so a row left in `sending` (HTTP answer lost) is reconciled even without its wamid (apis.md A2, A7);
// - the URL button carries r=<base-36 recipient id> next to the UTM parameters; orders keep it in orders.wa_ref
//   (parsed from landing_site by app/ingest), so a click is attributed to the exact message.
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

export function recipientRef(recipientId: bigint | string): string {
  return BigInt(recipientId).toString(36);
}

export function recipientIdFromRef(ref: string | null | undefined): bigint | null {
  if (!ref || !/^[0-9a-z]{1,13}$/.test(ref)) return null;
  let n = 0n;
  for (const ch of ref) n = n * 36n + BigInt(parseInt(ch, 36));
  return n;
}
