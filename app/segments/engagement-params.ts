// The engagement kind's parameters (app/segments/sql/engagement.server.ts): which tiers, over which window, and the
// merchant's thresholds. Its own file so definitions.ts stays one screen per concern; shared with the browser.
import { z } from "zod";

/** Tiers in the order they are judged: a customer is in exactly one of them for a given window and thresholds. */
export const ENGAGEMENT_TIERS = ["highly", "moderately", "not_engaged", "never_messaged"] as const;
export type EngagementTier = (typeof ENGAGEMENT_TIERS)[number];

/** Defaults (docs/engagement.md says why): a reply or a click is the strongest signal a WhatsApp contact gives. */
export const ENGAGEMENT_DEFAULTS = {
  windowDays: 90,
  highMinReplies: 1,
  highMinClicks: 1,
  highMinReadPercent: 50,
  highMinReached: 2,
  moderateMinReads: 1,
} as const;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const count = (label: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? undefined : typeof v === "string" ? Number(v) : v),
    z
      .number({ error: `Enter ${label} as a whole number` })
      .int({ error: `Enter ${label} as a whole number` })
      .min(min, { error: `${capitalize(label)} must be at least ${min}` })
      .max(max, { error: `${capitalize(label)} must be at most ${max}` })
      .default(fallback),
  );

export const engagementSchema = z.object({
  tiers: z
    .array(z.enum(ENGAGEMENT_TIERS, { error: "Unknown engagement level" }), {
      error: "Choose at least one engagement level",
    })
    .min(1, { error: "Choose at least one engagement level" })
    // stored in the judging order, so the same choice always has the same definition
    .transform((tiers) => ENGAGEMENT_TIERS.filter((t) => tiers.includes(t)))
    .default(["highly"]),
  windowDays: count("the number of days", 1, 365, ENGAGEMENT_DEFAULTS.windowDays),
  /** highly engaged: replied at least this many times (0 = replies alone do not make them highly engaged) */
  highMinReplies: count("the number of replies", 0, 1000, ENGAGEMENT_DEFAULTS.highMinReplies),
  /** …or clicked at least this many messages' links (0 = clicks alone do not) */
  highMinClicks: count("the number of clicks", 0, 1000, ENGAGEMENT_DEFAULTS.highMinClicks),
  /** …or read at least this share of the messages that reached them… */
  highMinReadPercent: count("the read share", 1, 100, ENGAGEMENT_DEFAULTS.highMinReadPercent),
  /** …out of at least this many (one read of one message is not a habit) */
  highMinReached: count("the number of messages", 1, 1000, ENGAGEMENT_DEFAULTS.highMinReached),
  /** moderately engaged: read at least this many (any reply or click also counts); below it = not engaged */
  moderateMinReads: count("the number of messages read", 1, 1000, ENGAGEMENT_DEFAULTS.moderateMinReads),
});
export type EngagementParams = z.infer<typeof engagementSchema>;

export const ENGAGEMENT_TIER_INFO: Record<EngagementTier, { title: string; description: string }> = {
  highly: { title: "Highly engaged", description: "Replied or clicked, or read most of your messages" },
  moderately: { title: "Moderately engaged", description: "Read some of your messages" },
  not_engaged: { title: "Not engaged", description: "Your messages reached them; they read none" },
  never_messaged: { title: "Never messaged", description: "No message reached them in the window" },
};

/** The definition in one sentence ("Highly engaged on WhatsApp in the last 90 days (replied or clicked …)"). */
export function describeEngagement(p: EngagementParams): string {
  const tiers = p.tiers.map((t) => ENGAGEMENT_TIER_INFO[t].title.toLowerCase());
  const tierText = tiers.length > 1 ? `${tiers.slice(0, -1).join(", ")} or ${tiers[tiers.length - 1]}` : tiers[0];
  const signals = [
    p.highMinReplies > 0 && `${p.highMinReplies === 1 ? "replied" : `replied to ${p.highMinReplies}+`}`,
    p.highMinClicks > 0 && `${p.highMinClicks === 1 ? "clicked" : `clicked ${p.highMinClicks}+ links`}`,
    `read ${p.highMinReadPercent}% of ${p.highMinReached}+ messages`,
  ].filter(Boolean);
  const rule = `highly = ${signals.join(" or ")}; moderately = read ${p.moderateMinReads}+`;
  const text = `${tierText!.charAt(0).toUpperCase()}${tierText!.slice(1)} on WhatsApp in the last ${p.windowDays} days`;
  return `${text} (${rule})`;
}
