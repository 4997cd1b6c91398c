// /app/settings/data-requests/:id.json — one customers/data_request export, rebuilt now, the download audited.
// Another shop's request id is a request that does not exist here: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { downloadDataRequest } from "../compliance/customer-export.server";
import { idParam } from "../lib/id-param";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, user } = await requireShop(request);
  const found = await downloadDataRequest({
    shopId: shop.id,
    id: idParam(params.id, "Data request"),
    downloadedBy: user,
  });
  if (!found) throw new Response("Data request not found", { status: 404 });
  return new Response(found.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="data-request-${found.requestId.replace(/[^\w.-]/g, "_")}.json"`,
      "Cache-Control": "no-store",
    },
  });
};
