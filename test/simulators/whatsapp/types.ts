// Public types of the WhatsApp Cloud API simulator (see server.ts for the behaviour, apis.md Part A for the facts).

export type TemplateStatus = "APPROVED" | "PENDING" | "REJECTED" | "PAUSED" | "DISABLED";
export type TemplateCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION";
export type QualityRating = "GREEN" | "YELLOW" | "RED";
/** The WABA's `marketing_messages_onboarding_status` (Meta, Marketing Messages API, "Onboard"). */
export type MarketingMessagesStatus = "ONBOARDED" | "ELIGIBLE" | "INELIGIBLE";
export type MessagingLimitTier = "TIER_250" | "TIER_2K" | "TIER_10K" | "TIER_100K" | "TIER_UNLIMITED";

/** A template as the management API lists it (apis.md A4): upper-case component types, `{{n}}` or `{{name}}`. */
export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  parameter_format: "POSITIONAL" | "NAMED";
  components: any[];
  quality_score?: { score: "GREEN" | "YELLOW" | "RED" | "UNKNOWN" };
}

export interface SimAccount {
  accessToken: string;
  /** Accounts sharing a wabaId share its templates and its messaging limit (the limit is per portfolio, A6). */
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating?: QualityRating;
  messagingLimitTier?: MessagingLimitTier;
  /** Messages per second for this number (default 80, A6). */
  throughputMps?: number;
}

/**
 * What happens to an accepted message after the 200: `fail` sends a `failed` status with that error code;
 * `deliver` forces delivery (overriding the default rules, e.g. to deliver marketing to a +1 number).
 */
export type ScriptedOutcome = null | { fail: number } | { deliver: true; read?: boolean };

export interface WhatsAppSimulatorOptions {
  /** 0 or absent = a random free port */
  port?: number;
  /** Graph versions served (default GRAPH_VERSIONS in server.ts: the ones Meta serves as of 2026-12) */
  graphVersions?: string[];
  /** The Meta app secret: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(appSecret, raw body). */
  appSecret: string;
  /** Where status/inbound/template webhooks are POSTed; absent = recorded in webhookLog but not delivered. */
  webhookUrl?: string;
  accounts: SimAccount[];
  /** Templates per WABA id. */
  templates?: Record<string, SimTemplate[]>;
  /** Step between accept → sent → delivered → read webhooks (default 20 ms). */
  statusDelayMs?: number;
  /** Share of delivered messages that are also read (default 0.6). */
  readRate?: number;
  /** Scripted per-recipient outcome; null falls through to the default rules (see README). */
  outcomes?: (
    to: string,
    ctx: { template: string; category: TemplateCategory | null; phoneNumberId: string },
  ) => ScriptedOutcome;
  /** Pair rate per (business number, user): a bucket of maxBurst messages refilled one per windowMs (default 2 / 6000 ms). */
  pairRate?: { maxBurst: number; windowMs: number };
  /** Users who already stopped marketing messages (wa_id digits): marketing fails 131050. */
  stopped?: string[];
  /** Marketing Messages API onboarding of every WABA (default ONBOARDED) */
  marketingMessages?: MarketingMessagesStatus;
  /** Probability a webhook POST is sent twice (default 0). */
  duplicateRate?: number;
  /** Probability a sent/delivered/read status webhook is never sent (default 0). */
  dropRate?: number;
  /** Shuffle the sent/delivered/read timing of each message, so e.g. delivered may arrive before sent (default false). */
  reorder?: boolean;
  /** Extra attempts after a non-2xx or connection error (default 3), with exponential backoff from webhookRetryBaseMs (default 50). */
  webhookRetries?: number;
  webhookRetryBaseMs?: number;
  /** Parallel webhook POSTs (default 16); statuses of one message stay in order unless `reorder`. */
  webhookConcurrency?: number;
  /** Clock for rate windows, 24-hour limits and timestamps (default Date.now); tests move time with it. */
  now?: () => number;
  /**
   * Share of template sends (not otherwise scripted) that fail asynchronously with each code, e.g.
   * `{ 131026: 0.02, 131049: 0.05, 131050: 0.01 }`. Shares add up to at most 1.
   */
  failureMix?: Record<number, number>;
}

export interface AcceptedMessage {
  wamid: string;
  phoneNumberId: string;
  to: string;
  template: string;
  language: string;
  body: any;
  bizOpaqueCallbackData?: string;
  /** "messages" or "marketing_messages" */
  endpoint: string;
  /** sent to /marketing_messages by a WABA not onboarded to it: Meta served it through the Cloud API */
  fellBackToCloudApi?: boolean;
  at: number;
}

export interface RejectedMessage {
  code: number;
  httpStatus: number;
  to?: string;
  phoneNumberId?: string;
  details?: string;
  at: number;
}

export interface WebhookDelivery {
  field: string;
  raw: string;
  /** Last HTTP status, or null for a connection error / no webhookUrl. */
  status: number | null;
  attempts: number;
  delivered: boolean;
}

export interface WhatsAppSimulator {
  /** e.g. http://127.0.0.1:PORT; the app calls `${url}/${version}/...` */
  url: string;
  close(): Promise<void>;
  /** Every accepted send, in acceptance order, for exact counting. */
  accepted: AcceptedMessage[];
  /** Every rejected send (sync error), in order. */
  rejected: RejectedMessage[];
  /** The Graph version segment of every API call, in order. */
  requestVersions: string[];
  /** Every webhook emitted, with its final delivery result. */
  webhookLog: WebhookDelivery[];
  /** Deliveries the app answered non-2xx or that failed to connect (each attempt counts). */
  readonly webhookFailures: number;
  setWebhookUrl(url: string | undefined): void;
  setThroughput(phoneNumberId: string, mps: number): void;
  /**
   * Makes every send from the number fail synchronously with `code` until cleared with null: 368 (the WABA is
   * restricted for a policy violation) or 131048 (spam rate limit), as Meta refuses them before acceptance.
   */
  setSendRefusal(phoneNumberId: string, code: 368 | 131048 | null): void;
  /**
   * The WABA's Marketing Messages API onboarding. Not onboarded: `/marketing_messages` sends fall back to the Cloud
   * API (accepted, priced `marketing`, recorded with `fellBackToCloudApi`) unless `product_policy` is "STRICT" (134102).
   */
  setMarketingMessagesStatus(wabaId: string, status: MarketingMessagesStatus): void;
  /** Sets the portfolio's messaging limit and emits business_capability_update. */
  setTier(phoneNumberId: string, tier: MessagingLimitTier): Promise<void>;
  /** Sets the number's quality rating and emits phone_number_quality_update (FLAGGED when worse, UNFLAGGED when better). */
  setQualityRating(phoneNumberId: string, rating: QualityRating): Promise<void>;
  /** Emits an account_update webhook with this value (e.g. { event: "ACCOUNT_VIOLATION", violation_info: {...} }). */
  sendAccountUpdate(wabaId: string, value: Record<string, unknown>): Promise<void>;
  /** Changes a template's status and emits a message_template_status_update webhook. */
  setTemplateStatus(wabaId: string, name: string, language: string, status: TemplateStatus): Promise<void>;
  /** Changes a template's quality score and emits message_template_quality_update. */
  setTemplateQuality(
    wabaId: string,
    name: string,
    language: string,
    score: "GREEN" | "YELLOW" | "RED" | "UNKNOWN",
  ): Promise<void>;
  /** Re-categorises a template and emits template_category_update. */
  setTemplateCategory(wabaId: string, name: string, language: string, category: TemplateCategory): Promise<void>;
  /** Adds a template to the WABA and emits its status update. */
  addTemplate(wabaId: string, template: SimTemplate): Promise<void>;
  /** Replaces the failure mix (see WhatsAppSimulatorOptions.failureMix). */
  setFailureMix(mix: Record<number, number>): void;
  /** The user's business-scoped user id (BSUID) as this number's business sees it. */
  bsuidOf(phoneNumberId: string, waId: string): string;
  /**
   * The user adopts `username` and Meta stops sharing their phone: their messages and preferences carry the BSUID
   * alone (null: the phone is shared again). Statuses of messages we sent to the phone still name it.
   */
  setPhoneHidden(waId: string, username: string | null): void;
  sendInboundText(phoneNumberId: string, from: string, text: string): Promise<void>;
  sendQuickReply(
    phoneNumberId: string,
    from: string,
    payload: string,
    text: string,
    contextWamid?: string,
  ): Promise<void>;
  sendUserPreference(phoneNumberId: string, waId: string, value: "stop" | "resume"): Promise<void>;
  /** Resolves when every scheduled webhook (statuses not yet due included) was delivered or given up. */
  flushWebhooks(): Promise<void>;
}
