// The link contract between a sent message and the order it brings. Campaign sending puts these parameters on
// the template's URL button; Shopify keeps them in the order's landing_site, and app/ingest/normalize.ts reads
// `utm_source` and `r` into orders.utm_source / orders.wa_ref. Attribution credits a click when both are ours.
// Shared by the browser and the server: no server imports.

export const LINK_UTM_SOURCE = "whatsapp";
export const LINK_UTM_MEDIUM = "campaign";

/** The recipient's reference in links: its id in decimal (64-bit safe, no JS number). */
export function recipientRef(recipientId: bigint | string): string {
  const text = recipientId.toString();
  if (!/^[1-9]\d{0,17}$/.test(text)) throw new Error(`not a recipient id: ${text}`);
  return text;
}

/** The recipient id a link reference names, or null for anything that is not one of ours. */
export function parseRecipientRef(ref: string | null | undefined): bigint | null {
  if (!ref || !/^[1-9]\d{0,17}$/.test(ref)) return null;
  return BigInt(ref);
}

/** Query parameters for a message's URL button (append to the template's dynamic suffix). */
export function messageLinkParams(campaignId: number, recipientId: bigint | string): string {
  return new URLSearchParams({
    utm_source: LINK_UTM_SOURCE,
    utm_medium: LINK_UTM_MEDIUM,
    utm_campaign: String(campaignId),
    r: recipientRef(recipientId),
  }).toString();
}

/** SQL predicate (orders aliased `o`) for "the landing page carried one of our message links". */
export const OUR_LINK_SQL = `(lower(o.utm_source) = '${LINK_UTM_SOURCE}' AND o.wa_ref ~ '^[1-9][0-9]{0,17}$')`;
