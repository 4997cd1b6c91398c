// The campaign form: what the merchant enters, validated with messages in their words. Shared by the browser
// and the server (no server imports). Percentages are entered as whole numbers and stored as shares 0..1.
import { z } from "zod";
import { mappingSchema } from "../whatsapp/mapping";

const num = (message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
    z.number({ error: message }).refine(Number.isFinite, { error: message }),
  );

const percent = (max: number, label: string) =>
  num(`${label}: enter a number from 0 to ${max}`).pipe(
    z
      .number()
      .min(0, { error: `${label} cannot be negative` })
      .max(max, { error: `${label} is at most ${max}%` }),
  );

/** An optional percentage: empty = not set (null). */
const optionalPercent = (max: number, label: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v),
    percent(max, label).nullable(),
  );

/** A field posted as JSON text (or given as a value by server code); unreadable JSON fails the inner schema. */
const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  }, schema);

/** Suggested holdout (control group) share per segment, in percent. */
export const SUGGESTED_HOLDOUT_PERCENT = 10;
export const DEFAULT_TEST_WAIT_MINUTES = 60;
/** Automatic rollout after the test when delivery ≥ 90% and opt-outs ≤ 2% (the schema defaults of campaigns). */
export const DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT = 90;
export const DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT = 2;

export const segmentChoiceSchema = z.object({
  segmentId: z.number().int().positive(),
  holdoutPercent: z
    .number()
    .min(0, { error: "Holdout cannot be negative" })
    .max(50, { error: "Holdout is at most 50% of a segment" }),
});

/**
 * Discount codes: separated by commas or lines (never spaces: "xmas 5" is one code as the merchant typed it, so it is
 * refused by name rather than saved as XMAS and 5); stored upper case (Shopify codes are case-insensitive). Codes
 * with spaces or other blanks inside are refused: customers type them at checkout, and a blank inside a code is
 * almost always a missing comma.
 */
export const discountCodesSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[,;\r\n]+/) : v),
  z
    .array(z.string())
    .transform((codes) => [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))])
    .pipe(
      z
        .array(
          z
            .string()
            .max(255, { error: "A discount code is at most 255 characters" })
            .refine((c) => !/\s/.test(c), {
              error: (issue) =>
                `"${String(issue.input)}" has a space: discount codes cannot contain spaces. Separate codes with commas.`,
            }),
        )
        .max(20, { error: "At most 20 discount codes" }),
    ),
);

export const campaignFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, { error: "Name the campaign" })
      .max(120, { error: "Keep the name under 120 characters" }),
    templateId: num("Choose a template").pipe(z.number().int().positive({ error: "Choose a template" })),
    mapping: json(
      z
        .custom<unknown>((v) => typeof v === "object" && v !== null, {
          error: "The variable mapping could not be read",
        })
        .pipe(mappingSchema),
    ),
    segments: json(
      z
        .array(segmentChoiceSchema, { error: "Choose at least one segment" })
        .min(1, { error: "Choose at least one segment" })
        .max(10, { error: "At most 10 segments per campaign" })
        .refine((list) => new Set(list.map((s) => s.segmentId)).size === list.length, {
          error: "A segment is listed twice",
        }),
    ),
    discountCodes: discountCodesSchema.default([]),
    testPercent: percent(50, "Test share").default(0),
    testWaitMinutes: num("Waiting time: enter minutes")
      .pipe(
        z
          .number()
          .int()
          .min(5, { error: "Wait at least 5 minutes for delivery receipts" })
          .max(2880, { error: "Wait at most 48 hours" }),
      )
      .default(DEFAULT_TEST_WAIT_MINUTES),
    rolloutMinDeliveryPercent: percent(100, "Minimum delivery rate").default(DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT),
    rolloutMaxOptOutPercent: percent(100, "Maximum opt-out rate").default(DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT),
    /** optional: the test group's replies / link clicks, as a share of its delivered messages; empty = not judged */
    rolloutMinReplyPercent: optionalPercent(100, "Minimum reply rate").default(null),
    rolloutMinClickPercent: optionalPercent(100, "Minimum click rate").default(null),
    quietHours: z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean()).default(false),
    quietStart: num("Quiet hours start: choose an hour").pipe(z.number().int().min(0).max(23)).default(21),
    quietEnd: num("Quiet hours end: choose an hour").pipe(z.number().int().min(0).max(23)).default(9),
    /** draft: just save; now: start as soon as possible; later: at scheduledLocal in the shop's time zone */
    when: z.enum(["draft", "now", "later"], { error: "Choose when to send" }).default("draft"),
    /** "YYYY-MM-DDTHH:mm", the shop's local time */
    scheduledLocal: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.quietHours && v.quietStart === v.quietEnd)
      ctx.addIssue({
        code: "custom",
        path: ["quietEnd"],
        message: "Quiet hours must end at a different hour than they start",
      });
    if (v.when === "later" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v.scheduledLocal ?? "")) {
      ctx.addIssue({ code: "custom", path: ["scheduledLocal"], message: "Choose the date and time to send" });
    }
  });

export type CampaignFormInput = z.input<typeof campaignFormSchema>;
export type CampaignForm = z.output<typeof campaignFormSchema>;

export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? "form")] ??= issue.message;
  return out;
}

/** The form fields an error is about: once one of them changes, the error no longer describes what is entered. */
const ERROR_FIELDS: Record<string, string[]> = {
  mapping: ["mapping", "templateId"],
  scheduledLocal: ["scheduledLocal", "when"],
  quietEnd: ["quietEnd", "quietStart", "quietHours"],
};

/**
 * The server's field errors that still apply: an error stays only while the fields it is about hold the values
 * they had when the form was sent, so fixing a field clears its message at once (issue 15 B4). Form-level errors
 * ("form") stay until the next submit.
 */
export function liveFieldErrors(
  errors: FieldErrors,
  submitted: Record<string, unknown> | null,
  current: Record<string, unknown>,
): FieldErrors {
  if (!submitted) return errors;
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const fields = ERROR_FIELDS[key] ?? [key];
    const changed = fields.some((f) => JSON.stringify(submitted[f]) !== JSON.stringify(current[f]));
    if (key === "form" || !changed) out[key] = message;
  }
  return out;
}

/** The inline error for a send time already past, naming the zone it was read in (issue 15 B5). */
export function pastTimeMessage(timeZone: string): string {
  return `That time has already passed in your store's time zone (${timeZone}). Choose a later time, or send as soon as it is scheduled.`;
}

/** The hour as the merchant reads it ("21:00"). */
export function hourLabel(h: number): string {
  return `${String(h).padStart(2, "0")}:00`;
}
