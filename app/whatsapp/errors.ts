// What to do about each Cloud API error code (apis.md A5). Branch on `code` only: Meta deprecates titles and
// subcodes. Three classes, as the reference table's policy column says:
//   retry     — transient: try again later (with the delay given); pacing signals tell the dispatcher to slow down
//   permanent — this request/recipient will never succeed as is: record it and move on
//   stop      — nothing for this shop (or number/template) can succeed until the merchant acts: stop and alert
// Used by the client (synchronous errors) and by the status webhook processor (asynchronous `errors[]`).

export type ErrorClass = "retry" | "permanent" | "stop";

/** Who the error is about: what a dispatcher must pause or give up on. */
export type ErrorScope = "request" | "recipient" | "template" | "number" | "shop";

/** Signals the campaign dispatcher paces itself with. */
export type PacingSignal =
  /** 130429: the number's messages-per-second throughput was reached */
  | "throughput"
  /** 131056: too many messages to one user in a short time */
  | "pair_rate"
  /** 131049: Meta's per-user marketing cap; no marketing to that user for ≥ 24 h */
  | "per_user_marketing_cap"
  /** 131048: spam rate limit on the number; pause it for hours */
  | "spam_rate_limit"
  /** 4, 80007: app or WABA Graph API call-rate limit */
  | "api_call_rate";

/** What the error means for the contact's marketing eligibility (applied by the consent module). */
export type ContactEffect = "opt_out" | "unreachable" | "cool_down";

export interface ErrorPolicy {
  class: ErrorClass;
  scope: ErrorScope;
  /** the merchant-facing explanation */
  meaning: string;
  /** earliest sensible retry (class retry) or resume (class stop with scope number/template) */
  retryAfterMs?: number;
  /** class retry: give up after this many attempts */
  maxAttempts?: number;
  pacing?: PacingSignal;
  contactEffect?: ContactEffect;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The throughput, pair-rate, per-user-cap and spam-limit codes the dispatcher paces itself with. */
export const RATE_LIMIT_CODES = {
  throughput: 130429,
  pairRate: 131056,
  perUserMarketingCap: 131049,
  spamRateLimit: 131048,
} as const;

/** Cool-down after 131049: Meta asks for at least 24 hours before marketing that user again. */
export const PER_USER_COOL_DOWN_MS = 24 * HOUR;

const retry = (meaning: string, retryAfterMs: number, extra: Partial<ErrorPolicy> = {}): ErrorPolicy => ({
  class: "retry",
  scope: "request",
  meaning,
  retryAfterMs,
  maxAttempts: 5,
  ...extra,
});
const permanent = (
  meaning: string,
  scope: ErrorScope = "recipient",
  extra: Partial<ErrorPolicy> = {},
): ErrorPolicy => ({
  class: "permanent",
  scope,
  meaning,
  ...extra,
});
const stop = (meaning: string, scope: ErrorScope = "shop", extra: Partial<ErrorPolicy> = {}): ErrorPolicy => ({
  class: "stop",
  scope,
  meaning,
  ...extra,
});

const TOKEN = stop("The access token is invalid or expired: reconnect WhatsApp in Settings.");
const PERMISSION = stop(
  "The token lacks a WhatsApp permission (whatsapp_business_messaging / management) or it was revoked.",
);

const POLICIES: Record<number, ErrorPolicy> = {
  0: TOKEN,
  190: TOKEN,
  3: PERMISSION,
  10: PERMISSION,
  131005: PERMISSION,
  4: retry("Meta's app-level API call limit was reached.", 60 * SECOND, { scope: "shop", pacing: "api_call_rate" }),
  80007: retry("The WhatsApp Business Account's API call limit was reached.", 60 * SECOND, {
    scope: "shop",
    pacing: "api_call_rate",
  }),
  100: permanent("A parameter of the request is invalid or unsupported.", "request"),
  368: stop("The WhatsApp Business Account is temporarily restricted for policy violations: campaigns are paused."),
  130403: permanent("This customer is blocked by the business."),
  130429: retry("The number's messages-per-second throughput was reached.", SECOND, {
    scope: "number",
    pacing: "throughput",
    maxAttempts: 20,
  }),
  130472: permanent("The customer is part of a Meta marketing experiment: not sent and not billed."),
  130497: permanent("The business may not message customers in this country."),
  131000: retry("Meta reported an unknown error.", 5 * SECOND, { maxAttempts: 3 }),
  131008: permanent("A required template parameter is missing (e.g. an empty variable).", "request"),
  131009: permanent("A parameter value is not valid.", "request"),
  131016: retry("WhatsApp is temporarily unavailable.", 30 * SECOND, { scope: "number" }),
  131021: permanent("The recipient is the business's own number."),
  131026: permanent(
    "The message could not be delivered: the number is not on WhatsApp or cannot receive it.",
    "recipient",
    { contactEffect: "unreachable" },
  ),
  131031: stop("The business account is locked (policy or two-step PIN)."),
  131042: stop("There is a billing or payment problem on the WhatsApp Business Account."),
  131045: stop("The business number is not registered correctly."),
  133010: stop("The business number is not registered with the Cloud API."),
  131047: permanent("More than 24 hours passed since the customer last wrote: only a template can be sent."),
  131048: stop(
    "Too many earlier messages were blocked or flagged as spam: sending from this number is paused for hours.",
    "number",
    {
      retryAfterMs: 6 * HOUR,
      pacing: "spam_rate_limit",
    },
  ),
  131049: permanent(
    "Meta held the message back to keep engagement healthy (per-customer marketing limit); not billed.",
    "recipient",
    {
      retryAfterMs: PER_USER_COOL_DOWN_MS,
      pacing: "per_user_marketing_cap",
      contactEffect: "cool_down",
    },
  ),
  131050: permanent("The customer stopped marketing messages from this business.", "recipient", {
    contactEffect: "opt_out",
  }),
  131051: permanent("Unsupported message type.", "request"),
  131052: permanent("Media sent by the customer could not be downloaded.", "request"),
  131053: permanent("The header media could not be uploaded: fix the media link.", "template"),
  131056: retry("Too many messages to this customer in a short time.", 6 * SECOND, {
    scope: "recipient",
    pacing: "pair_rate",
  }),
  131057: retry("The business account is in maintenance mode (e.g. a throughput upgrade).", 90 * SECOND, {
    scope: "number",
  }),
  131063: stop(
    "Marketing templates are disabled on the Cloud API for this account: use the Marketing Messages API or re-enable them.",
    "shop",
  ),
  131064: stop("Messaging is limited after a template mis-classification.", "shop", { retryAfterMs: 24 * HOUR }),
  132000: permanent("The number of parameters does not match the template: fix the mapping.", "template"),
  132001: permanent("The template does not exist in this language or is not approved: re-sync templates.", "template"),
  132005: permanent("A filled-in text is too long: shorten the values.", "request"),
  132007: permanent("The template content violates WhatsApp policy.", "template"),
  132012: permanent("A parameter has the wrong format (e.g. the header needs an image).", "template"),
  132015: stop("The template is paused for low quality: campaigns using it wait.", "template", {
    retryAfterMs: 3 * HOUR,
  }),
  132016: permanent("The template was disabled for low quality: use another template.", "template"),
  135000: permanent("Unknown error in the request parameters.", "request"),
};

/** Policy for a code; unknown codes are treated as Meta's generic error (retry a few times, then fail). */
export function errorPolicy(code: number | null | undefined): ErrorPolicy {
  if (code === null || code === undefined) return POLICIES[131000]!;
  const known = POLICIES[code];
  if (known) return known;
  // 200-299: permission errors (apis.md A5).
  if (code >= 200 && code <= 299) return PERMISSION;
  return { ...POLICIES[131000]!, meaning: `Meta error ${code}.` };
}

/** Every code with an explicit policy (for documentation and tests). */
export const CLASSIFIED_CODES: readonly number[] = Object.keys(POLICIES).map(Number);

/** An error answered by the Graph API (or a transport failure, code null). */
export class WhatsAppApiError extends Error {
  override name = "WhatsAppApiError";
  readonly policy: ErrorPolicy;

  constructor(
    message: string,
    readonly code: number | null,
    readonly httpStatus: number | null,
    readonly details: string | null = null,
    readonly fbtraceId: string | null = null,
    /** deprecated by Meta for branching; kept to tell "object not found" (100/33) from other 100s */
    readonly subcode: number | null = null,
  ) {
    super(message);
    this.policy =
      code === null
        ? // No answer at all (connection reset, timeout): the request may or may not have reached Meta.
          {
            class: "retry",
            scope: "request",
            meaning: "WhatsApp could not be reached.",
            retryAfterMs: 5 * SECOND,
            maxAttempts: 5,
          }
        : errorPolicy(code);
  }

  get class(): ErrorClass {
    return this.policy.class;
  }

  /** True when the request may have been accepted although we got no answer (a send must not be retried blindly). */
  get outcomeUnknown(): boolean {
    return this.code === null;
  }

  get isThroughputLimit(): boolean {
    return this.code === RATE_LIMIT_CODES.throughput;
  }

  get isPairRateLimit(): boolean {
    return this.code === RATE_LIMIT_CODES.pairRate;
  }

  get isSpamRateLimit(): boolean {
    return this.code === RATE_LIMIT_CODES.spamRateLimit;
  }
}
