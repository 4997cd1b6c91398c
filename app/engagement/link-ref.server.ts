// Signed recipient references for message links. The decimal `r=` a URL button carries (app/attribution/ref.ts)
// is guessable — recipient ids are sequential — so a click is only counted with its tag: the first 72 bits of
// HMAC-SHA256 over shop and recipient, with LINK_SECRET (or a key derived from SHOPIFY_API_SECRET). Two forms:
// - store links (the storefront beacon): `r=<id>&rk=<tag>` next to the UTM parameters;
// - our redirect (`/l/:ref`): one short path segment `<shop id base36>.<recipient id base36>.<tag>`; the shop id
//   stays readable so that a link whose tag was mangled still lands on the right store (counting nothing).
import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "../env.server";

const TAG_BYTES = 9; // 12 base64url characters
let key: Buffer | undefined;

function linkKey(): Buffer {
  if (key) return key;
  const env = getEnv();
  key = env.LINK_SECRET
    ? Buffer.from(env.LINK_SECRET, "utf8")
    : createHmac("sha256", env.SHOPIFY_API_SECRET).update("segwa link refs v1").digest();
  return key;
}

/** Our link origin: where `/l/:ref` is served (LINK_BASE_URL, else the app's own URL). */
export function linkOrigin(): string {
  const env = getEnv();
  return new URL(env.LINK_BASE_URL ?? env.SHOPIFY_APP_URL).origin;
}

/** The tag of one recipient's links. */
export function linkTag(shopId: number, recipientId: bigint | string): string {
  return createHmac("sha256", linkKey())
    .update(`${shopId}:${BigInt(recipientId).toString()}`)
    .digest()
    .subarray(0, TAG_BYTES)
    .toString("base64url");
}

/** Whether `tag` is the recipient's tag (constant time). */
export function verifyLinkTag(shopId: number, recipientId: bigint | string, tag: string | null | undefined): boolean {
  if (!tag || !/^[A-Za-z0-9_-]{12}$/.test(tag)) return false;
  const expected = Buffer.from(linkTag(shopId, recipientId));
  const given = Buffer.from(tag);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `/l/:ref` path segment for one recipient. */
export function shortRef(shopId: number, recipientId: bigint | string): string {
  return `${shopId.toString(36)}.${BigInt(recipientId).toString(36)}.${linkTag(shopId, recipientId)}`;
}

export interface ParsedShortRef {
  shopId: number;
  /** null when the shop part is readable but the rest is not (still lands on that store) */
  recipientId: bigint | null;
  /** true only when the tag matches: only then is anything recorded */
  verified: boolean;
}

/** Reads a `/l/:ref` segment; null when not even the shop can be read. */
export function parseShortRef(ref: string | null | undefined): ParsedShortRef | null {
  const parts = (ref ?? "").split(".");
  if (!parts[0] || !/^[0-9a-z]{1,7}$/.test(parts[0])) return null;
  const shopId = parseInt(parts[0], 36);
  if (!Number.isSafeInteger(shopId) || shopId <= 0 || shopId > 2_147_483_647) return null;
  const rcpt = parts[1] ?? "";
  if (parts.length !== 3 || !/^[1-9a-z][0-9a-z]{0,12}$/.test(rcpt))
    return { shopId, recipientId: null, verified: false };
  let recipientId = 0n;
  for (const ch of rcpt) recipientId = recipientId * 36n + BigInt(parseInt(ch, 36));
  if (recipientId > 999_999_999_999_999_999n) return { shopId, recipientId: null, verified: false };
  return { shopId, recipientId, verified: verifyLinkTag(shopId, recipientId, parts[2]) };
}
