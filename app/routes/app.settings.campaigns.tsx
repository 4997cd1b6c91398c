// /app/settings/campaigns — the shop's frequency cap (loaded and saved by the Settings card).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { loadCampaignSettings, saveCampaignSettings } from "../campaigns/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { settings: await loadCampaignSettings(shop.id) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const result = await saveCampaignSettings(shop.id, Object.fromEntries(await request.formData()));
  return json(result, { status: result.ok ? 200 : 400 });
};
