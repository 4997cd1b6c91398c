// POST /app/campaigns/:id/test — "Send a test to my phone" (the campaign and edit pages post here with a fetcher).
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { sendTestMessage } from "../campaigns/test-send.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const campaignId = idParam(params.id, "Campaign");
  const form = await request.formData();
  const result = await sendTestMessage({
    shopId: shop.id,
    campaignId,
    phone: String(form.get("phone") ?? "").slice(0, 40),
    ownNumber: form.get("own") === "on",
  });
  return json(result, { status: result.ok ? 200 : 400 });
};
