// Wire types of the WhatsApp Cloud API as we use it (apis.md A2, A4, A7). Request shapes are what we send;
// response and webhook shapes are what Meta sends, with every optional field optional (BSUID-era payloads
// may omit wa_id, read statuses may omit pricing). No server imports: shared with the browser.

// ---- sending (A2) -------------------------------------------------------------------------------------------

export type TextParameter = { type: "text"; text: string; parameter_name?: string };
export type CurrencyParameter = {
  type: "currency";
  currency: { fallback_value: string; code: string; amount_1000: number };
  parameter_name?: string;
};
export type DateTimeParameter = { type: "date_time"; date_time: { fallback_value: string }; parameter_name?: string };
export type MediaParameter =
  | { type: "image"; image: { link: string } | { id: string } }
  | { type: "video"; video: { link: string } | { id: string } }
  | { type: "document"; document: ({ link: string } | { id: string }) & { filename?: string } };
export type PayloadParameter = { type: "payload"; payload: string };
export type CouponParameter = { type: "coupon_code"; coupon_code: string };

export type BodyParameter = TextParameter | CurrencyParameter | DateTimeParameter;
export type HeaderParameter = TextParameter | MediaParameter;

export type SendComponent =
  | { type: "header"; parameters: HeaderParameter[] }
  | { type: "body"; parameters: BodyParameter[] }
  | { type: "button"; sub_type: "url"; index: string; parameters: [TextParameter] }
  | { type: "button"; sub_type: "quick_reply"; index: string; parameters: [PayloadParameter] }
  | { type: "button"; sub_type: "copy_code"; index: string; parameters: [CouponParameter] };

export interface TemplateSendRequest {
  /** E.164 with or without "+", or bare digits with the country code */
  to: string;
  template: { name: string; language: string; components: SendComponent[] };
  /** our recipient reference, echoed in every status webhook of the message (≤ 512 chars) */
  bizOpaqueCallbackData?: string;
  /** "messages" (Cloud API, default) or "marketing_messages" (Marketing Messages API, MARKETING templates only) */
  endpoint?: "messages" | "marketing_messages";
}

export interface SendResult {
  wamid: string;
  /** normalized WhatsApp id (digits); absent for BSUID sends */
  waId: string | null;
  /** "accepted" | "held_for_quality_assessment" for templates; null for free-form messages */
  messageStatus: string | null;
}

// ---- templates (A4) -------------------------------------------------------------------------------------------

export type TemplateStatus =
  | "APPROVED"
  | "PENDING"
  | "REJECTED"
  | "PAUSED"
  | "DISABLED"
  | "IN_APPEAL"
  | "PENDING_DELETION"
  | "DELETED"
  | "ARCHIVED"
  | "LIMIT_EXCEEDED";
export type TemplateCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION";

export interface TemplateButton {
  type: "URL" | "QUICK_REPLY" | "PHONE_NUMBER" | "COPY_CODE" | "OTP" | "FLOW" | "CATALOG" | "MPM" | string;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
}

export interface TemplateComponent {
  type: "HEADER" | "BODY" | "FOOTER" | "BUTTONS" | string;
  format?: "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT" | "LOCATION" | string;
  text?: string;
  buttons?: TemplateButton[];
  example?: {
    header_handle?: string[];
    header_text?: string[];
    header_text_named_params?: Array<{ param_name: string; example: string }>;
    body_text?: string[][];
    body_text_named_params?: Array<{ param_name: string; example: string }>;
  };
}

export interface ApiTemplate {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus | string;
  category: TemplateCategory | string;
  parameter_format?: "POSITIONAL" | "NAMED";
  components: TemplateComponent[];
  quality_score?: { score?: string } | null;
  rejected_reason?: string | null;
}

// ---- account (phone number and WABA nodes) ---------------------------------------------------------------------

export interface PhoneNumberInfo {
  id: string;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  /** GREEN | YELLOW | RED | UNKNOWN */
  qualityRating: string | null;
  /** the portfolio's messaging limit: TIER_250 | TIER_2K | TIER_10K | TIER_100K | TIER_UNLIMITED */
  messagingLimitTier: string | null;
  /** STANDARD | HIGH | NOT_APPLICABLE */
  throughputLevel: string | null;
}

export interface BusinessAccountInfo {
  id: string;
  name: string | null;
  messagingLimitTier: string | null;
  /** Marketing Messages API onboarding: ONBOARDED | ELIGIBLE | INELIGIBLE (`marketing_messages_onboarding_status`) */
  marketingMessagesStatus: string | null;
}

// ---- webhooks (A7) ---------------------------------------------------------------------------------------------

export interface WebhookError {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
  href?: string;
}

export interface StatusUpdate {
  id: string;
  status: "sent" | "delivered" | "read" | "failed" | "played" | string;
  timestamp: string;
  /** the user's phone (wa_id); omitted when we sent to a BSUID and Meta may not share the phone */
  recipient_id?: string;
  /** the user's business-scoped user id (BSUID); on failed statuses only when we sent to a BSUID */
  recipient_user_id?: string;
  recipient_parent_user_id?: string;
  biz_opaque_callback_data?: string;
  pricing?: { billable?: boolean; pricing_model?: string; category?: string; type?: string };
  conversation?: { id?: string; expiration_timestamp?: string; origin?: { type?: string } };
  errors?: WebhookError[];
}

export interface InboundMessage {
  /** the sender's phone; omitted for a user with a username whose phone Meta does not share */
  from?: string;
  /** the sender's business-scoped user id (BSUID), in every messages webhook since 2026-03-31 */
  from_user_id?: string;
  from_parent_user_id?: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  button?: { payload?: string; text?: string };
  interactive?: {
    type: string;
    button_reply?: { id: string; title: string };
    list_reply?: { id: string; title: string; description?: string };
  };
  context?: { from?: string; id?: string };
  errors?: WebhookError[];
}

export interface UserPreference {
  wa_id?: string;
  /** BSUID of the user (business-scoped user ids, docs/whatsapp-platform.md) */
  user_id?: string;
  parent_user_id?: string;
  detail?: string;
  category?: string;
  value: "stop" | "resume" | "signup" | string;
  timestamp?: number | string;
}

export interface ChangeValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  /** the user(s) concerned: `wa_id` only when Meta may share the phone, `user_id` (BSUID) always since 2026-03-31 */
  contacts?: Array<{
    wa_id?: string;
    user_id?: string;
    parent_user_id?: string;
    profile?: { name?: string; username?: string };
  }>;
  statuses?: StatusUpdate[];
  messages?: InboundMessage[];
  user_preferences?: UserPreference[];
  errors?: WebhookError[];
  // template and account fields
  [key: string]: unknown;
}

export interface WebhookPayload {
  object: string;
  entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: ChangeValue }> }>;
}
