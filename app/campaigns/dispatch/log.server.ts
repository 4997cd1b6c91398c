// Side effects whose failure must not stop a batch (a Redis pacing key, a contact flag) are still reported: one
// warning naming what failed and for which campaign, never the phone number or token (the logger redacts those too).
import { errorMessage, logger } from "../../lib/logger.server";

export function logFailure(what: string, context: { shopId: number; campaignId: number }): (err: unknown) => void {
  return (err) => {
    logger.warn(
      { shopId: context.shopId, campaignId: context.campaignId },
      `dispatch: ${what} failed for campaign ${context.campaignId}: ${errorMessage(err)}`,
    );
  };
}
