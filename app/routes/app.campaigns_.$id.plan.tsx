// /app/campaigns/:id/plan — the send plan as JSON for the edit page (it reads the whole audience, so it loads
// separately from the form).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { getCampaign } from "../campaigns/manage.server";
import { computeSendPlan } from "../campaigns/plan.server";
import { errorMessage, logger } from "../lib/logger.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam(params.id, "Campaign");
  const campaign = Number.isSafeInteger(id) ? await getCampaign(shop.id, id) : null;
  if (!campaign) return json({ error: "Campaign not found." }, { status: 404 });
  try {
    const startAt = campaign.scheduledAt ? new Date(campaign.scheduledAt) : undefined;
    return { plan: await computeSendPlan({ shopId: shop.id, campaignId: id, startAt }) };
  } catch (err) {
    logger.warn(`send plan for campaign ${id} failed: ${errorMessage(err)}`);
    return json(
      { error: "Something went wrong while reading the audience. Nothing was changed; try again." },
      { status: 500 },
    );
  }
};
