// GET /app/segments/catalog?type=product&q=mug — the builder's pickers search our copy of the store's catalogue
// (products, variants, collections, vendors, types, tags) and customers' locations.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { CATALOG_TYPES, searchCatalog, type CatalogType } from "../segments/catalog.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const type = url.searchParams.get("type") as CatalogType;
  if (!CATALOG_TYPES.includes(type))
    return json({ error: `type must be one of ${CATALOG_TYPES.join(", ")}` }, { status: 400 });
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  return { type, query, items: await searchCatalog({ shopId: shop.id, type, query }) };
};
