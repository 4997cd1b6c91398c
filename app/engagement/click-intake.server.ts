// The storefront beacon's side of click tracking: what app/routes/proxy.click.tsx accepts once Shopify's
// app-proxy signature is verified. The body is the landing page's `r` and `rk` (the recipient's reference and
// its signature, app/engagement/link-ref.server.ts) and the browser's own User-Agent; the shop is Shopify's
// signed `shop` parameter, never the body.
import { pool } from "../db.server";
import { recordClickBatched } from "./clicks.server";
import { isBot } from "./user-agent";

export class ClickInputError extends Error {
  override name = "ClickInputError";
}

const SHOP_CACHE_MS = 60_000;
const shops = new Map<string, { id: number | null; until: number }>();

/** The installed shop's id for a myshopify domain (cached a minute: every storefront click asks). */
async function shopIdFor(domain: string): Promise<number | null> {
  const now = Date.now();
  const hit = shops.get(domain);
  if (hit && hit.until > now) return hit.id;
  const { rows } = await pool().query<{ id: number }>(
    `SELECT id FROM shops WHERE domain = $1 AND uninstalled_at IS NULL`,
    [domain],
  );
  const id = rows[0]?.id ?? null;
  if (shops.size > 10_000) shops.clear();
  shops.set(domain, { id, until: now + SHOP_CACHE_MS });
  return id;
}

/**
 * The agent a click is judged by. Shopify's proxy may or may not pass the visitor's User-Agent on, so the beacon
 * reports the browser's own as well: whichever looks like a bot decides (a crawler that runs scripts reports
 * itself), else the browser's.
 */
export function judgedUserAgent(header: string | null, reported: string | null): string | null {
  const seen = [header, reported].filter((ua): ua is string => !!ua?.trim());
  return seen.find((ua) => isBot(ua)) ?? reported ?? header;
}

function field(body: Record<string, unknown>, name: string, pattern: RegExp, max: number): string {
  const v = body[name];
  if (typeof v !== "string" || v.length > max || !pattern.test(v)) throw new ClickInputError(`${name} is malformed`);
  return v;
}

/** Parses the beacon's body; throws ClickInputError for anything that is not one. */
export function parseBeacon(bytes: Buffer): { r: string; rk: string; ua: string | null } {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ClickInputError("the body is not JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ClickInputError("the body is not an object");
  const b = body as Record<string, unknown>;
  const r = field(b, "r", /^[1-9]\d{0,17}$/, 18);
  const rk = field(b, "rk", /^[A-Za-z0-9_-]{1,64}$/, 64);
  const ua = typeof b.ua === "string" ? b.ua.slice(0, 512) : null;
  return { r, rk, ua };
}

/** Records one beacon for a verified shop domain. An unknown shop or a forged ref records nothing, quietly. */
export async function acceptBeacon(opts: {
  shopDomain: string;
  beacon: { r: string; rk: string; ua: string | null };
  userAgent: string | null;
}): Promise<void> {
  const shopId = await shopIdFor(opts.shopDomain);
  if (shopId === null) return;
  await recordClickBatched(shopId, {
    recipientId: opts.beacon.r,
    tag: opts.beacon.rk,
    source: "proxy",
    userAgent: judgedUserAgent(opts.userAgent, opts.beacon.ua),
  });
}
