// Merchant words for campaign states, recipient statuses and exclusion reasons. No server imports.

type Tone = "info" | "success" | "warning" | "critical" | "attention" | "new" | undefined;

export const CAMPAIGN_STATUS: Record<
  string,
  { label: string; tone: Tone; progress?: "incomplete" | "partiallyComplete" | "complete" }
> = {
  draft: { label: "Draft", tone: undefined, progress: "incomplete" },
  scheduled: { label: "Scheduled", tone: "info", progress: "incomplete" },
  testing: { label: "Testing", tone: "attention", progress: "partiallyComplete" },
  awaiting_decision: { label: "Waiting for you", tone: "warning", progress: "partiallyComplete" },
  running: { label: "Sending", tone: "info", progress: "partiallyComplete" },
  paused: { label: "Paused", tone: "warning", progress: "partiallyComplete" },
  completed: { label: "Completed", tone: "success", progress: "complete" },
  cancelled: { label: "Cancelled", tone: undefined, progress: "complete" },
  failed: { label: "Failed", tone: "critical", progress: "complete" },
};

export function campaignStatus(status: string) {
  return CAMPAIGN_STATUS[status] ?? { label: status, tone: undefined };
}

export const ACTIVE_STATUSES = ["testing", "running", "awaiting_decision", "paused"];

/** A campaign can be edited (and its start job moved) only before it starts. */
export const EDITABLE = ["draft", "scheduled"];

/** Recipient statuses, in the order the progress and the log filter show them. */
export const PROGRESS_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "failed",
  "unknown",
  "skipped",
  "excluded",
  "holdout",
] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export const RECIPIENT_STATUS: Record<string, { label: string; color: string }> = {
  queued: { label: "Queued", color: "#B5B5B5" },
  sending: { label: "Sending", color: "#91D0FF" },
  sent: { label: "Sent", color: "#51C0FF" },
  delivered: { label: "Delivered", color: "#0094D5" },
  read: { label: "Read", color: "#29845A" },
  failed: { label: "Failed", color: "#E51C00" },
  unknown: { label: "Outcome unknown", color: "#FFB800" },
  skipped: { label: "Skipped", color: "#8A8A8A" },
  excluded: { label: "Excluded", color: "#616161" },
  holdout: { label: "Holdout (not sent)", color: "#9E77ED" },
};

/** Customers of a campaign who got no message, as the campaign page and the report both count (recipient status)
 * and explain them. */
export const NOT_SENT: Record<"holdout" | "excluded" | "skipped", string> = {
  holdout: "kept out at random to measure the lift",
  excluded: "left out when the audience was taken, each with its reason",
  skipped: "in the audience but not sent: an opt-out before the send, a cancellation or an empty value",
};

export const REASON: Record<string, { label: string; help: string }> = {
  invalid_phone: {
    label: "No valid mobile number",
    help: "No phone, not a valid international number, or a landline.",
  },
  customer_deleted: { label: "Customer deleted", help: "The customer was deleted in Shopify." },
  opted_out: { label: "Opted out", help: "The customer asked not to receive WhatsApp promotions." },
  unreachable: {
    label: "Not on WhatsApp",
    help: "Meta said this number is not on WhatsApp (131026) in the last 30 days.",
  },
  cool_down: {
    label: "Meta's marketing limit",
    help: "Meta limited marketing to this person in the last 24 hours (131049).",
  },
  no_consent: { label: "No consent", help: "No opt-in recorded for this number." },
  blocked_country: {
    label: "Country blocked by Meta",
    help: "Meta delivers no marketing templates to this country (US numbers since April 2025).",
  },
  frequency_cap: {
    label: "Frequency cap",
    help: "Already received the most marketing messages your cap allows (Settings → Campaigns).",
  },
  duplicate_phone: {
    label: "Duplicate phone",
    help: "Another targeted customer has the same phone number; it gets one message.",
  },
  cancelled: { label: "Campaign cancelled", help: "The campaign was cancelled before this message was sent." },
  empty_parameter: {
    label: "Empty template value",
    help: "A template variable had no value and no fallback: WhatsApp would refuse the message.",
  },
  no_answer: {
    label: "No answer from WhatsApp",
    help: "The send was interrupted (a worker stopped, or WhatsApp did not answer) and no status arrived: it is never sent again, so nobody gets it twice.",
  },
};

export function reasonLabel(reason: string | null | undefined): string {
  if (!reason) return "";
  return REASON[reason]?.label ?? reason.replace(/_/g, " ");
}

/**
 * What the campaign page says about `unknown` recipients (null when there are none): the only recipients a crash
 * can cost are those whose request had left when the worker stopped (see docs/campaigns.md, "What a crash can
 * cost"); they are never re-sent, so nobody is messaged twice.
 */
export function unknownNotice(unknown: number): { title: string; body: string } | null {
  if (unknown <= 0) return null;
  const n = unknown.toLocaleString("en");
  const who = unknown === 1 ? `${n} recipient may or may not have` : `${n} recipients may or may not have`;
  return {
    title: `${n} ${unknown === 1 ? "recipient" : "recipients"} with an unknown outcome`,
    body:
      `${who} received the message: the worker stopped after sending the request and Meta's status never arrived. ` +
      `${unknown === 1 ? "It is" : "They are"} not sent again, so nobody gets the message twice; a status that still ` +
      `arrives from WhatsApp updates ${unknown === 1 ? "it" : "them"}. Recipients whose request had not left yet were ` +
      `sent normally.`,
  };
}

/** The test-then-rollout settings in one line ("10%, then wait 60 min; roll out if delivery ≥ 90%, …"). */
export function rolloutRuleText(c: {
  testShare: number;
  testWaitMinutes: number;
  rolloutMinDeliveryRate: number;
  rolloutMaxOptOutRate: number;
  rolloutMinReplyRate: number | null;
  rolloutMinClickRate: number | null;
}): string {
  if (c.testShare <= 0) return "none";
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const rules = [`delivery ≥ ${pct(c.rolloutMinDeliveryRate)}`, `opt-outs ≤ ${pct(c.rolloutMaxOptOutRate)}`];
  if (c.rolloutMinReplyRate) rules.push(`replies ≥ ${pct(c.rolloutMinReplyRate)}`);
  if (c.rolloutMinClickRate) rules.push(`clicks ≥ ${pct(c.rolloutMinClickRate)}`);
  const last = rules.pop();
  return `${Math.round(c.testShare * 100)}%, then wait ${c.testWaitMinutes} min; roll out if ${rules.join(", ")} and ${last}`;
}
