// `campaign.start`: the audience snapshot at the scheduled time (app/campaigns/start.server.ts).
import type { JobPayload } from "../queues";
import { startCampaign } from "../../app/campaigns/start.server";

export async function campaignStartJob({ shopId, campaignId }: JobPayload<"campaign.start">) {
  return startCampaign({ shopId, campaignId });
}
