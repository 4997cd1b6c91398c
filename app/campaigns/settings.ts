// The shop's campaign rules (shops.settings.campaigns), validated with the same schema in the Settings form.
// No server imports.
import { z } from "zod";

const int = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
  );

export const campaignSettingsSchema = z.object({
  /** at most this many marketing messages per contact (phone) within frequencyCapDays; 0 = no cap */
  frequencyCapMessages: int(0, 50, "Enter a whole number of messages from 0 (no cap) to 50").default(2),
  frequencyCapDays: int(1, 90, "Enter a number of days from 1 to 90").default(7),
});

export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;

/** Defaults: at most 2 marketing messages per contact per 7 days (Meta also caps marketing per user, 131049). */
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = campaignSettingsSchema.parse({});
