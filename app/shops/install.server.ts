// After OAuth / token exchange: record the shop with its currency and time zone, then start the first sync.
import type { Session } from "@shopify/shopify-api";
import { upsertShop } from "./shop.server";
import { SHOP_DETAILS_QUERY } from "../shopify/operations";
import { enqueue } from "../../jobs/queues";

interface AdminLike {
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;
}

export { SHOP_DETAILS_QUERY };

export async function onShopInstalled({ session, admin }: { session: Session; admin: AdminLike }) {
  const response = await admin.graphql(SHOP_DETAILS_QUERY);
  const { data } = (await response.json()) as {
    data?: {
      shop: {
        name: string;
        email: string;
        currencyCode: string;
        ianaTimezone: string;
        shopAddress?: { countryCodeV2?: string | null };
      };
    };
  };
  const shop = await upsertShop(session.shop, {
    name: data?.shop.name,
    email: data?.shop.email,
    currency: data?.shop.currencyCode,
    ianaTimezone: data?.shop.ianaTimezone,
    countryCode: data?.shop.shopAddress?.countryCodeV2 ?? null,
  });
  // The backfill runs in a worker: never inline in the OAuth request.
  await enqueue("backfill.start", { shopId: shop.id, reason: "install" });
  return shop;
}
