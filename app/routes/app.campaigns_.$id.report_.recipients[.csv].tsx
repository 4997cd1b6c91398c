// CSV of every recipient's outcome in a campaign, streamed from PostgreSQL (/app/campaigns/:id/report/recipients.csv).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { recipientOutcomesCsv } from "../attribution/export.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const campaignId = idParam(params.id, "Campaign");
  const response =
    Number.isSafeInteger(campaignId) && campaignId > 0
      ? await recipientOutcomesCsv({ shopId: shop.id, campaignId })
      : null;
  return response ?? new Response("Campaign not found", { status: 404 });
};
