// The storefront opt-in widget's submission (theme app extension → app proxy → app/routes/proxy.optin.tsx):
// a phone number, the consent box and the exact wording the customer saw. The phone is normalised with
// libphonenumber (the shop's or the customer's country resolves national formats); the logged-in customer
// (trusted only after the proxy signature was verified) is linked.
import { z } from "zod";
import { normalizePhone } from "../ingest/normalize";
import { pool } from "../db.server";
import { applyConsentChange } from "./consent.server";

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

export interface OptInResult {
  state: "opted_in" | "already_opted_in";
  phoneE164: string;
}

/** Parses a form or JSON body; throws OptInInputError with the message the widget shows. */
export function parseOptIn(body: unknown): z.infer<typeof schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new OptInInputError(parsed.error.issues[0]!.message);
  return parsed.data;
}

export async function recordStorefrontOptIn(args: {
  shopDomain: string;
  loggedInCustomerId: string | null;
  body: unknown;
}): Promise<OptInResult> {
  const input = parseOptIn(args.body);
  const { rows } = await pool().query<{ id: number; country_code: string | null; customer_country: string | null }>(
    `SELECT s.id, s.country_code,
            (SELECT country_code FROM customers WHERE shop_id = s.id AND id = $2::bigint) AS customer_country
     FROM shops s WHERE s.domain = $1 AND s.uninstalled_at IS NULL`,
    [
      args.shopDomain,
      args.loggedInCustomerId && /^\d{1,20}$/.test(args.loggedInCustomerId) ? args.loggedInCustomerId : null,
    ],
  );
  const shop = rows[0];
  if (!shop) throw new OptInInputError("This store is not accepting WhatsApp sign-ups right now.");
  const phone = normalizePhone(input.phone, input.country ?? shop.customer_country ?? shop.country_code);
  if (!phone.valid || !phone.e164)
    throw new OptInInputError(PHONE_ERRORS[phone.reason ?? "invalid_number"] ?? PHONE_ERRORS.invalid_number!);
  const customerId =
    args.loggedInCustomerId && /^\d{1,20}$/.test(args.loggedInCustomerId) ? args.loggedInCustomerId : null;
  const outcome = await applyConsentChange({
    shopId: shop.id,
    phoneE164: phone.e164,
    customerId,
    to: "opted_in",
    source: "storefront",
    detail: input.wording,
    context: { page: input.page ?? null, logged_in_customer_id: customerId, typed: input.phone },
  });
  return { state: outcome.changed ? "opted_in" : "already_opted_in", phoneE164: phone.e164 };
}
