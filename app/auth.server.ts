// Who is asking: the shop behind an admin request. In demo mode (never in production) a fixed demo shop.
import type { Shop } from "@prisma/client";
import { isDemoMode } from "./env.server";
import { DEMO_SHOP_DOMAIN, findShopByDomain, upsertShop } from "./shops/shop.server";

export interface ShopContext {
  shop: Shop;
  demo: boolean;
}

export async function requireShop(request: Request): Promise<ShopContext> {
  if (isDemoMode()) {
    const shop =
      (await findShopByDomain(DEMO_SHOP_DOMAIN)) ??
      (await upsertShop(DEMO_SHOP_DOMAIN, { name: "Demo store", demo: true }));
    return { shop, demo: true };
  }
  const { authenticate } = await import("./shopify.server");
  const { session } = await authenticate.admin(request); // throws redirects/bounce responses: let them propagate
  const shop = (await findShopByDomain(session.shop)) ?? (await upsertShop(session.shop));
  return { shop, demo: false };
}
