// Meta's error shapes (apis.md A5): the synchronous Graph error body and the webhook `errors[]` object.
// Titles follow Meta's error-code page; callers must branch on `code`, never on these strings.
import { randomBytes } from "node:crypto";

interface CodeInfo {
  title: string;
  /** Default error_data.details (Meta's wording where known). */
  details: string;
  /** HTTP status of the synchronous answer. */
  http: number;
  subcode?: number;
}

const CODES: Record<number, CodeInfo> = {
  100: { title: "Invalid parameter", details: "Invalid parameter", http: 400 },
  104: { title: "An access token is required to request this resource.", details: "", http: 400 },
  2500: { title: "Unknown path components", details: "", http: 400 },
  190: { title: "Invalid OAuth access token - Cannot parse access token", details: "", http: 401 },
  368: {
    title: "Temporarily blocked for policies violations",
    details: "The WhatsApp Business Account is restricted from messaging for violating WhatsApp policies.",
    http: 400,
  },
  130429: {
    title: "Rate limit hit",
    details: "Cloud API message throughput has been reached.",
    http: 400,
    subcode: 2494055,
  },
  131000: { title: "Something went wrong", details: "Something went wrong", http: 500 },
  131008: { title: "Required parameter is missing", details: "Required parameter is missing", http: 400 },
  131009: { title: "Parameter value is not valid", details: "Parameter value is not valid", http: 400 },
  131021: { title: "Recipient cannot be sender", details: "Sender and recipient phone number is the same.", http: 400 },
  131026: {
    title: "Message undeliverable",
    details: "Message Undeliverable.",
    http: 400,
  },
  131047: {
    title: "Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    http: 400,
  },
  131048: {
    title: "Spam rate limit hit",
    details:
      "Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.",
    http: 400,
  },
  131049: {
    title: "This message was not delivered to maintain healthy ecosystem engagement.",
    details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    http: 400,
  },
  131050: {
    title:
      "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
    details:
      "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
    http: 400,
  },
  131055: {
    title: "Method not allowed",
    details: "Only marketing template messages can be sent through the Marketing Messages API.",
    http: 400,
  },
  134102: {
    title: "Marketing Messages API unavailable",
    details:
      "This business is not onboarded to the Marketing Messages API (or it is unavailable) and product_policy is STRICT.",
    http: 500,
  },
  131062: {
    title: "Business-scoped User ID recipients are not supported for this message.",
    details: "Business-scoped User ID recipients are not supported for this message.",
    http: 400,
  },
  131056: {
    title: "(Business Account, Consumer Account) pair rate limit hit",
    details:
      "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
    http: 400,
  },
  132000: {
    title: "Number of parameters does not match the expected number of params",
    details: "Number of parameters does not match the expected number of params",
    http: 400,
  },
  132001: { title: "Template name does not exist in the translation", details: "", http: 404 },
  132005: { title: "Translated text too long", details: "Translated text is too long.", http: 400 },
  132012: {
    title: "Parameter format does not match format in the created template",
    details: "Parameter format does not match format in the created template",
    http: 400,
  },
  132015: {
    title: "Template is Paused",
    details: "Template is paused due to low quality so it cannot be sent in a template message.",
    http: 400,
  },
  132016: {
    title: "Template is Disabled",
    details: "Template has been paused too many times due to low quality and is now permanently disabled.",
    http: 400,
  },
};

export function errorInfo(code: number): CodeInfo {
  return CODES[code] ?? { title: "Unknown error", details: "", http: 400 };
}

/** A synchronous error: thrown inside request handling, answered as Meta's `{error:{...}}` body. */
export class GraphError extends Error {
  constructor(
    readonly code: number,
    readonly details?: string,
    readonly overrides: { type?: string; http?: number; subcode?: number; message?: string } = {},
  ) {
    super(overrides.message ?? `(#${code}) ${errorInfo(code).title}`);
  }

  get httpStatus(): number {
    return this.overrides.http ?? errorInfo(this.code).http;
  }

  body(): { error: Record<string, unknown> } {
    const info = errorInfo(this.code);
    // Auth and node errors carry no error_data; messaging errors do (A5).
    const isAuth = this.code === 190 || this.code === 104;
    const details = this.details ?? info.details;
    const error: Record<string, unknown> = {
      message: isAuth ? info.title : this.message,
      type: this.overrides.type ?? "OAuthException",
      code: this.code,
    };
    if (!isAuth && this.overrides.type !== "GraphMethodException") {
      error.error_data = { messaging_product: "whatsapp", details };
    }
    const subcode = this.overrides.subcode ?? info.subcode;
    if (subcode !== undefined) error.error_subcode = subcode;
    error.fbtrace_id = fbtraceId();
    return { error };
  }
}

export function invalidToken(): GraphError {
  return new GraphError(190);
}

/** What Graph answers for an id that does not exist or that the token may not see (same answer for both). */
export function unknownObject(id: string, method: "get" | "post"): GraphError {
  return new GraphError(100, undefined, {
    type: "GraphMethodException",
    subcode: 33,
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

/** The object inside `statuses[].errors[]` of a failed status webhook (A7). */
export function webhookError(code: number, details?: string) {
  const info = errorInfo(code);
  return {
    code,
    title: info.title,
    message: info.title,
    error_data: { details: details ?? info.details },
    href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
  };
}

function fbtraceId(): string {
  return randomBytes(17).toString("base64url").slice(0, 23);
}
