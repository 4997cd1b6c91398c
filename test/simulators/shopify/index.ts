// Local Shopify Admin API simulator: see server.ts; fixtures.ts builds StoreData.
export { startShopifySimulator } from "./server";
export { storeDataFromArrays, generatedStoreData, shopInfo } from "./fixtures";
export { signWebhookBody } from "./webhooks";
export type * from "./types";
