// Request-body limits, enforced while the body streams in: a sender that declares too much is answered 413
// before a byte is read, one that streams more than it may is cut off at the limit, so memory never grows with
// the size of what someone sends. Where each figure comes from: docs/security.md "Body limits".

/** Shopify documents no cap for HTTPS deliveries; its only published cap is 1,000,000 bytes (EventBridge,
 * changelog 2026-11-17) and staff say bodies "can be upwards of a megabyte". 5 MB leaves room for large orders. */
export const SHOPIFY_WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;
/** Meta's Graph webhooks: notifications are batched and capped at 3 MB. */
export const META_WEBHOOK_MAX_BYTES = 3 * 1024 * 1024;
/** The consent CSV upload (Contacts → Import): 50 MB, about a million rows of phone,name,country. */
export const CONSENT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
/** The storefront opt-in widget's form through the app proxy: a phone, a tick box and the wording. */
export const APP_PROXY_MAX_BYTES = 16 * 1024;
/** Every other form or fetcher post in the admin. */
export const ADMIN_FORM_MAX_BYTES = 1024 * 1024;

export const CONSENT_UPLOAD_PATH = "/app/contacts";

/** The limit for a request to this path (the Express front door and the routes agree through this). */
export function bodyLimitFor(pathname: string): number {
  if (pathname === "/webhooks") return SHOPIFY_WEBHOOK_MAX_BYTES;
  if (pathname === "/webhooks/whatsapp") return META_WEBHOOK_MAX_BYTES;
  if (pathname.startsWith("/proxy/")) return APP_PROXY_MAX_BYTES;
  // The Contacts page's action takes the CSV upload (a multipart form, streamed into the import).
  if (pathname === CONSENT_UPLOAD_PATH) return CONSENT_UPLOAD_MAX_BYTES;
  return ADMIN_FORM_MAX_BYTES;
}

export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

export function tooLargeResponse(limit: number): Response {
  return new Response(`request body larger than ${limit} bytes`, {
    status: 413,
    headers: { "Content-Type": "text/plain", Connection: "close" },
  });
}

/** A declared Content-Length above the limit (checked before reading anything). */
export function declaresTooMuch(headers: Headers, limit: number): boolean {
  const declared = Number(headers.get("content-length") ?? NaN);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * The body's bytes, read chunk by chunk and abandoned as soon as they pass `limit` (throws BodyTooLarge; the
 * stream is cancelled so the rest is never buffered).
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Buffer> {
  if (declaresTooMuch(request.headers, limit)) throw new BodyTooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
