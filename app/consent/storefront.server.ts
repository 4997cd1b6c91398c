// The storefront opt-in widget's submission (theme app extension → app proxy → app/routes/proxy.optin.tsx):
// a phone number, the consent box and the exact wording the customer saw. The phone is normalised with
// libphonenumber (the shop's or the customer's country resolves national formats); the logged-in customer
// (trusted only after the proxy signature was verified) is linked.
import { z } from "zod";
import type { Redis } from "ioredis";
import { normalizePhone } from "../ingest/normalize";
import { pool } from "../db.server";
import { createRedis } from "../../jobs/connection";
import { getEnv } from "../env.server";
import { applyConsentChange } from "./consent.server";
import { issueConfirmation, NotConnectedForConfirmation } from "./confirm.server";
import { loadConsentSettings } from "./settings.server";

export class OptInInputError extends Error {
  override name = "OptInInputError";
}

const schema = z.object({
  phone: z
    .string({ error: "Enter your WhatsApp number." })
    .trim()
    .min(1, { error: "Enter your WhatsApp number." })
    .max(40, { error: "That phone number is too long." }),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { error: "Unknown country." })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  consent: z.union([z.literal(true), z.literal("true"), z.literal("on"), z.literal("1")], {
    error: "Tick the box to agree to receive WhatsApp messages.",
  }),
  wording: z
    .string({ error: "The consent text is missing." })
    .trim()
    .min(10, { error: "The consent text is missing." })
    .max(2000),
  page: z.string().trim().max(2000).optional(),
});

const PHONE_ERRORS: Record<string, string> = {
  missing: "Enter your WhatsApp number.",
  unparseable: "That does not look like a phone number. Include your country code, e.g. +44 7911 123456.",
  invalid_number: "That phone number is not valid. Include your country code, e.g. +44 7911 123456.",
  not_mobile: "That looks like a landline. Enter a mobile number that uses WhatsApp.",
};

export class OptInRateLimited extends Error {
  override name = "OptInRateLimited";
}

export type OptInResult =
  | { state: "opted_in" | "already_opted_in"; phoneE164: string }
  | { state: "confirm_on_whatsapp"; phoneE164: string; link: string; text: string; expiresInSeconds: number };

/** Sign-up attempts allowed per hour: per visitor IP, per phone number and per shop (Redis counters). */
export const OPT_IN_LIMITS = { ip: 10, phone: 5, shop: 1000 } as const;

let limiter: Redis | null = null;
async function overLimit(shopId: number, ip: string | null, phone: string): Promise<boolean> {
  limiter ??= createRedis("producer");
  const hour = Math.floor(Date.now() / 3_600_000);
  const prefix = `${getEnv().QUEUE_PREFIX}:optin-rate:${shopId}:${hour}`;
  // No address (a request that did not come through Shopify's proxy): the phone and shop counters still apply.
  const keys = [`${prefix}:ip:${ip ?? "none"}`, `${prefix}:phone:${phone}`, `${prefix}:shop`];
  const counts = await limiter
    .multi(
      keys.flatMap((k) => [
        ["incr", k],
        ["expire", k, 3700],
      ]) as Array<[string, ...(string | number)[]]>,
    )
    .exec();
  const [ipN, phoneN, shopN] = [0, 2, 4].map((i) => Number(counts?.[i]?.[1] ?? 0));
  return (ip !== null && ipN! > OPT_IN_LIMITS.ip) || phoneN! > OPT_IN_LIMITS.phone || shopN! > OPT_IN_LIMITS.shop;
}

export async function closeOptInLimiter() {
  const r = limiter;
  limiter = null;
  if (r) await r.quit().catch(() => r.disconnect());
}

/** Parses a form or JSON body; throws OptInInputError with the message the widget shows. */
export function parseOptIn(body: unknown): z.infer<typeof schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new OptInInputError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * A storefront sign-up. It proves only that someone typed a number, so it may opt in a number that never opted
 * out, recording the exact wording and page. It never lifts an opt-out: then (and for every sign-up when the
 * merchant turned on "confirm on WhatsApp") the customer gets a one-time code to send from their own WhatsApp
 * (app/consent/confirm.server.ts). A logged-in customer whose Shopify account has this phone counts as proof for
 * an opt-in (not for lifting a STOP).
 */
export async function recordStorefrontOptIn(args: {
  shopDomain: string;
  loggedInCustomerId: string | null;
  body: unknown;
  ip?: string | null;
}): Promise<OptInResult> {
  const input = parseOptIn(args.body);
  const customerId =
    args.loggedInCustomerId && /^\d{1,20}$/.test(args.loggedInCustomerId) ? args.loggedInCustomerId : null;
  const { rows } = await pool().query<{
    id: number;
    country_code: string | null;
    customer_country: string | null;
    customer_phone: string | null;
  }>(
    `SELECT s.id, s.country_code, c.country_code AS customer_country, c.phone_e164 AS customer_phone
     FROM shops s LEFT JOIN customers c ON c.shop_id = s.id AND c.id = $2::bigint AND c.deleted_at IS NULL
     WHERE s.domain = $1 AND s.uninstalled_at IS NULL`,
    [args.shopDomain, customerId],
  );
  const shop = rows[0];
  if (!shop) throw new OptInInputError("This store is not accepting WhatsApp sign-ups right now.");
  const phone = normalizePhone(input.phone, input.country ?? shop.customer_country ?? shop.country_code);
  if (!phone.valid || !phone.e164)
    throw new OptInInputError(PHONE_ERRORS[phone.reason ?? "invalid_number"] ?? PHONE_ERRORS.invalid_number!);
  const e164 = phone.e164;
  if (await overLimit(shop.id, args.ip || null, e164))
    throw new OptInRateLimited("Too many sign-up attempts. Please try again in an hour.");

  const current = await pool().query<{ consent_state: string }>(
    `SELECT consent_state FROM contacts WHERE shop_id = $1 AND phone_e164 = $2`,
    [shop.id, e164],
  );
  const state = current.rows[0]?.consent_state ?? "none";
  if (state === "opted_in") return { state: "already_opted_in", phoneE164: e164 };
  const accountProof = customerId !== null && shop.customer_phone === e164;
  const settings = await loadConsentSettings(shop.id);
  if (state === "opted_out" || (settings.confirmOnWhatsApp && !accountProof)) {
    try {
      const confirmation = await issueConfirmation({
        shopId: shop.id,
        phoneE164: e164,
        customerId,
        wording: input.wording,
        page: input.page ?? null,
        typed: input.phone,
        reason: state === "opted_out" ? "lift_opt_out" : "merchant_setting",
      });
      return { state: "confirm_on_whatsapp", phoneE164: e164, ...confirmation };
    } catch (err) {
      if (err instanceof NotConnectedForConfirmation)
        throw new OptInInputError("This store is not accepting WhatsApp sign-ups right now.");
      throw err;
    }
  }
  const outcome = await applyConsentChange({
    shopId: shop.id,
    phoneE164: e164,
    customerId,
    to: "opted_in",
    source: "storefront",
    detail: input.wording,
    context: {
      page: input.page ?? null,
      logged_in_customer_id: customerId,
      typed: input.phone,
      proof: accountProof ? "shopify_account_phone" : "storefront_form",
    },
  });
  return { state: outcome.changed ? "opted_in" : "already_opted_in", phoneE164: e164 };
}
