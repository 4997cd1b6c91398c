// GET /app/segments/suggestions?level=product — cross-sell pairs mined from the store's own baskets, with support,
// confidence and lift, each with ready-made cross-sell parameters. Loaded after the page so mining never blocks it.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { suggestCrossSellPairs, type PairLevel } from "../segments/cross-sell-pairs.server";

const LEVELS: readonly PairLevel[] = ["product", "product_type", "collection"];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const level = (new URL(request.url).searchParams.get("level") ?? "product") as PairLevel;
  if (!LEVELS.includes(level)) return json({ error: `level must be one of ${LEVELS.join(", ")}` }, { status: 400 });
  return { level, pairs: await suggestCrossSellPairs({ shopId: shop.id, level, limit: 8 }) };
};
