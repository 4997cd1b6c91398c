// After OAuth / token exchange: record the shop with its currency and time zone, then start the first sync.
import type { Session } from "@shopify/shopify-api";
import { upsertShop } from "./shop.server";
import { enqueue } from "../../jobs/queues";

interface AdminLike {
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;
}

export const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop { name email currencyCode ianaTimezone billingAddress { countryCodeV2 } plan { partnerDevelopment shopifyPlus } }
  }`;

export async function onShopInstalled({ session, admin }: { session: Session; admin: AdminLike }) {
  const response = await admin.graphql(SHOP_DETAILS_QUERY);
  const { data } = (await response.json()) as {
    data?: {
      shop: {
        name: string;
        email: string;
        currencyCode: string;
        ianaTimezone: string;
        billingAddress?: { countryCodeV2?: string };
      };
    };
  };
  const shop = await upsertShop(session.shop, {
    name: data?.shop.name,
    email: data?.shop.email,
    currency: data?.shop.currencyCode,
    ianaTimezone: data?.shop.ianaTimezone,
    countryCode: data?.shop.billingAddress?.countryCodeV2 ?? null,
  });
  // The backfill runs in a worker: never inline in the OAuth request.
  await enqueue("backfill.start", { shopId: shop.id, reason: "install" });
  return shop;
}
