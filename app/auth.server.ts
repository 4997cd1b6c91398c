// Who is asking: the shop behind an admin request. In demo mode (never in production) a fixed demo shop.
import type { Shop } from "@prisma/client";
import { isDemoMode } from "./env.server";
import { DEMO_SHOP_DOMAIN, findShopByDomain, upsertShop } from "./shops/shop.server";

export interface ShopContext {
  shop: Shop;
  demo: boolean;
  /** who is asking, for audits: the staff user id from Shopify's session token (`sub`), or "demo" */
  user: string;
}

const CLIENT_AUTH_ERRORS = new Set(["InvalidShopError", "InvalidJwtError", "MissingJwtTokenError", "InvalidHostError"]);

export async function requireShop(request: Request): Promise<ShopContext> {
  if (isDemoMode()) {
    const shop =
      (await findShopByDomain(DEMO_SHOP_DOMAIN)) ??
      (await upsertShop(DEMO_SHOP_DOMAIN, { name: "Demo store", demo: true }));
    return { shop, demo: true, user: "demo" };
  }
  const { authenticate } = await import("./shopify.server");
  let context: Awaited<ReturnType<typeof authenticate.admin>>;
  try {
    context = await authenticate.admin(request); // throws redirects/bounce responses: let them propagate
  } catch (err) {
    // A session token the library cannot accept (a dest that is not a shop, a malformed JWT) is the client's
    // fault: 401, not a 500.
    // The library's error classes keep the name "Error": match them by their class name.
    if (err instanceof Error && CLIENT_AUTH_ERRORS.has(err.constructor.name))
      throw new Response("Unauthorized", { status: 401 });
    throw err;
  }
  const { session } = context;
  const shop = (await findShopByDomain(session.shop)) ?? (await upsertShop(session.shop));
  const sub = "sessionToken" in context ? context.sessionToken?.sub : undefined;
  return { shop, demo: false, user: sub ? `shopify-user:${sub}` : `shop:${session.shop}` };
}
