// Meta's webhook signature (apis.md A7): X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, raw
// body bytes). Verified over the bytes exactly as received: a re-serialised body (Meta escapes non-ASCII as
// \uXXXX) does not match. Constant-time comparison.
import { createHmac, timingSafeEqual } from "node:crypto";

export function expectedSignature(raw: Buffer | string, appSecret: string): string {
  return "sha256=" + createHmac("sha256", appSecret).update(raw).digest("hex");
}

export function verifyMetaSignature(raw: Buffer, header: string | null, appSecret: string): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const given = Buffer.from(header.trim().slice(7).toLowerCase(), "hex");
  const expected = createHmac("sha256", appSecret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
