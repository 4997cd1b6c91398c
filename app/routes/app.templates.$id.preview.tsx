// One customer's field values for the template preview (GET, used by the mapping editor's fetcher).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { previewRow } from "../whatsapp/template-editor.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const customerId = url.searchParams.get("customer") ?? "";
  if (!/^\d{1,20}$/.test(customerId)) return json({ error: "customer is a Shopify customer id" }, { status: 400 });
  const segment = url.searchParams.get("segment");
  return {
    customerId,
    row: await previewRow(shop.id, customerId, segment && /^\d+$/.test(segment) ? Number(segment) : null),
  };
};
