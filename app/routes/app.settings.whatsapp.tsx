// Form actions of the Settings page's WhatsApp and consent cards (app/components/WhatsAppSettings.tsx posts
// here with useFetcher): connect, disconnect, refresh, sync-templates, consent-settings.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { whatsappSettingsAction } from "../whatsapp/settings.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const result = await whatsappSettingsAction(shop.id, await request.formData());
  return json(result, { status: result.ok ? 200 : 400 });
};
