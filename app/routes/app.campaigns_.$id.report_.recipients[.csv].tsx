// CSV of every recipient's outcome in a campaign, streamed from PostgreSQL (/app/campaigns/:id/report/recipients.csv).
// Each download is in the access log (customer ids leave the app).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { recipientOutcomesCsv } from "../attribution/export.server";
import { auditedCsvStream } from "../compliance/audit.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, user } = await requireShop(request);
  const campaignId = idParam(params.id, "Campaign");
  const response =
    Number.isSafeInteger(campaignId) && campaignId > 0
      ? await recipientOutcomesCsv({ shopId: shop.id, campaignId })
      : null;
  if (!response?.body) return new Response("Campaign not found", { status: 404 });
  const body = await auditedCsvStream(response.body, {
    shopId: shop.id,
    actor: user,
    action: "recipients.export",
    targetType: "campaign",
    targetId: campaignId,
  });
  return new Response(body, { status: response.status, headers: response.headers });
};
