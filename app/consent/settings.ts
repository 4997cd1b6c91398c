// The merchant's consent settings (stored under shops.settings.consent) and the STOP/START keyword rules.
// No server imports: the Settings form validates with the same schema.
import { z } from "zod";

/**
 * Opt-out words, matched against the WHOLE message after normalisation (case, accents, surrounding punctuation
 * and emoji ignored), so "Stop!" opts out and "don't stop" does not. English, Spanish, Portuguese, French,
 * German, Italian, Dutch, Turkish, Arabic and Hindi.
 */
export const DEFAULT_STOP_KEYWORDS = [
  "stop",
  "stop all",
  "stopall",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  "opt out",
  "optout",
  "stop promotions",
  "baja",
  "darme de baja",
  "parar",
  "alto",
  "detener",
  "cancelar",
  "sair",
  "pare",
  "descadastrar",
  "arret",
  "arreter",
  "desabonner",
  "desinscrire",
  "stopp",
  "abmelden",
  "abbestellen",
  "basta",
  "annulla",
  "disiscrivimi",
  "afmelden",
  "stoppen",
  "dur",
  "iptal",
  "توقف",
  "الغاء",
  "रोकें",
  "बंद करें",
];

/** Resume words: the customer asks for promotions again. */
export const DEFAULT_START_KEYWORDS = [
  "start",
  "unstop",
  "resume",
  "subscribe",
  "alta",
  "reanudar",
  "iniciar",
  "voltar",
  "reprendre",
  "anmelden",
  "riprendi",
  "aanmelden",
];

export const DEFAULT_OPT_OUT_REPLY =
  "You will no longer receive promotions from us on WhatsApp. Reply START to subscribe again.";
export const DEFAULT_OPT_IN_REPLY =
  "You are subscribed to our WhatsApp promotions again. Reply STOP to unsubscribe at any time.";

/** Lower case, accents removed, inner whitespace collapsed, punctuation/emoji/symbols trimmed from both ends. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, "")
    .trim();
}

const keywordList = z
  .preprocess(
    (v) => (typeof v === "string" ? v.split(/[,\n]/) : v),
    z.array(z.string()).transform((words) => [...new Set(words.map(normalizeKeyword).filter(Boolean))]),
  )
  .pipe(
    z
      .array(z.string().max(40, { error: "Keywords are at most 40 characters" }))
      .max(100, { error: "At most 100 keywords" }),
  );

const reply = (fallback: string) =>
  z
    .string()
    .trim()
    .max(1000, { error: "Keep the reply under 1,000 characters" })
    .default(fallback)
    .transform((s) => s || fallback);

const checkbox = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

// A checkbox that defaults to on: an absent field (an older stored value) means true; the form always posts it.
const checkboxOn = z.preprocess(
  (v) => (v === undefined ? true : v === true || v === "true" || v === "on" || v === "1"),
  z.boolean(),
);

export const consentSettingsSchema = z.object({
  /** count Shopify's SMS marketing consent ("subscribed") as WhatsApp marketing consent — an opt-in source the
   * merchant may choose; off by default (SMS consent is not WhatsApp consent) */
  countShopifySmsConsent: checkbox.default(false),
  /** count Shopify's own WhatsApp marketing consent (checkout, customer accounts) as an opt-in: source
   * shopify_whatsapp, on by default. Its opt-outs always apply, whatever this says. */
  countShopifyWhatsAppConsent: checkboxOn.default(true),
  /** customers with this tag count as opted in ("" = no tag source) */
  optInTag: z
    .string()
    .trim()
    .max(40, { error: "Tags are at most 40 characters" })
    .regex(/^[^,]*$/, { error: "A tag cannot contain a comma" })
    .default("whatsapp-opt-in"),
  /** write our WhatsApp opt-outs and opt-ins to the customer's Shopify WhatsApp marketing consent
   * (customerWhatsAppMarketingConsentUpdate; never SMS consent). On by default. */
  writeBackOptOuts: checkboxOn.default(true),
  stopKeywords: keywordList.default(() => DEFAULT_STOP_KEYWORDS.map(normalizeKeyword)),
  startKeywords: keywordList.default(() => DEFAULT_START_KEYWORDS.map(normalizeKeyword)),
  /** reply to an opt-out / opt-in while the customer's 24-hour service window is open */
  sendConfirmations: checkbox.default(true),
  /** storefront sign-ups count only once the customer sends the widget's one-time code from their WhatsApp */
  confirmOnWhatsApp: checkbox.default(false),
  optOutReply: reply(DEFAULT_OPT_OUT_REPLY),
  optInReply: reply(DEFAULT_OPT_IN_REPLY),
});

export type ConsentSettings = z.infer<typeof consentSettingsSchema>;

export const DEFAULT_CONSENT_SETTINGS: ConsentSettings = consentSettingsSchema.parse({});

export type KeywordIntent = "opt_out" | "opt_in" | null;

/** What an inbound text asks for: the whole message must be one of the keywords. */
export function keywordIntent(
  text: string,
  settings: Pick<ConsentSettings, "stopKeywords" | "startKeywords">,
): KeywordIntent {
  const normalized = normalizeKeyword(text);
  if (!normalized) return null;
  if (settings.stopKeywords.includes(normalized)) return "opt_out";
  if (settings.startKeywords.includes(normalized)) return "opt_in";
  return null;
}
