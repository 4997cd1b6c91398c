// Campaign dispatch jobs: thin wrappers over app/campaigns/dispatch/. Both are safe to run twice or
// concurrently: rows are claimed with FOR UPDATE SKIP LOCKED and every state change is conditional.
import { runDispatch, runRolloutCheck } from "../../app/campaigns/dispatch/index.server";
import type { JobPayload } from "../queues";

export async function dispatchCampaign({ shopId, campaignId, lane }: JobPayload<"campaign.dispatch">) {
  return runDispatch({ shopId, campaignId, lane: lane ?? 0 });
}

export async function rolloutCheck({ shopId, campaignId }: JobPayload<"campaign.rollout-check">) {
  return runRolloutCheck({ shopId, campaignId });
}
