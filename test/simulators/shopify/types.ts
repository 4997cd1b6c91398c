// Public types of the Shopify Admin API simulator (see server.ts for the behaviour).

export type ShopPlan = "standard" | "advanced" | "plus";

export interface SimulatedShop {
  domain: string;
  accessToken: string;
  data: StoreData;
  plan?: ShopPlan;
}

export interface ShopifySimulatorOptions {
  /** 0 or absent = a random free port */
  port?: number;
  shops: SimulatedShop[];
  /** The app's client secret: signs webhooks. */
  apiSecret: string;
  /** Where sendWebhook POSTs (the app's /webhooks route); also receives bulk_operations/finish. */
  webhookUrl?: string;
  /** GraphQL leaky bucket; default per plan (apis.md B9): standard 100/s, advanced 200/s, plus 1000/s. */
  restoreRate?: number;
  /** Bucket size; default 20 × the restore rate (standard: 2000). */
  bucketSize?: number;
  /** Minimum time a bulk operation stays RUNNING before it completes (default 20 ms). */
  bulkDelayMs?: number;
  /** Where bulk result files are written (default os.tmpdir()); they are deleted on close(). */
  jsonlDir?: string;
  /** API version stamped on webhooks when sendWebhook does not give one (default 2025-07). */
  webhookApiVersion?: string;
}

/**
 * Root connections of a store, each an async iterable of GraphQL-shaped nodes (camelCase, GIDs, MoneyBag
 * objects), so 1M orders are streamed, never held in memory. Nested connections (order.lineItems,
 * product.variants, product.collections) are plain arrays, `{edges:[{node}]}` or `{nodes:[...]}` on the node.
 */
export interface StoreData {
  shop: {
    name: string;
    currencyCode: string;
    ianaTimezone: string;
    email?: string;
    myshopifyDomain: string;
    id: string;
    /** ISO country of the shop's address (Shop.shopAddress.countryCodeV2) */
    countryCode?: string;
  };
  customers: () => AsyncIterable<any>;
  products: () => AsyncIterable<any>;
  orders: () => AsyncIterable<any>;
  collections?: () => AsyncIterable<any>;
}

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
export type BulkErrorCode = "INTERNAL_SERVER_ERROR" | "TIMEOUT" | "ACCESS_DENIED";

export interface BulkOperationRecord {
  id: string;
  shop: string;
  status: BulkStatus;
  type: "QUERY";
  query: string;
  groupObjects: boolean;
  errorCode: BulkErrorCode | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
}

export interface SmsConsentChange {
  shop: string;
  customerId: string;
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string;
  at: string;
}

export interface WhatsAppConsentChange {
  shop: string;
  customerId: string;
  state: string;
  optInLevel: string | null;
  updatedAt: string | null;
  collectedFrom: string | null;
  at: string;
}

export interface WebhookDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  status: number;
  body: string;
  ms: number;
}

export interface ShopifySimulator {
  /**
   * http://127.0.0.1:PORT. Admin GraphQL at `${url}/admin/api/:version/graphql.json` with the shop chosen by
   * the `X-Shopify-Shop-Domain` header, or at `${url}/shops/:domain/admin/api/:version/graphql.json`.
   */
  url: string;
  close(): Promise<void>;
  sendWebhook(args: {
    shop: string;
    topic: string;
    body: string | object;
    webhookId?: string;
    eventId?: string;
    apiVersion?: string;
    triggeredAt?: string;
    /** override: wrong-secret tests */
    secret?: string;
  }): Promise<{ status: number; body: string; ms: number }>;
  bulkOperations: BulkOperationRecord[];
  /** How many THROTTLED answers were given. */
  throttledResponses: number;
  /** Every customerSmsMarketingConsentUpdate that succeeded, in order. */
  smsConsentChanges: SmsConsentChange[];
  /** Every customerWhatsAppMarketingConsentUpdate that succeeded, in order. */
  whatsAppConsentChanges: WhatsAppConsentChange[];
  /** Consent collected by Shopify itself (checkout, customer accounts): what a later read answers. */
  setWhatsAppConsent(
    shop: string,
    customerId: string,
    consent: Partial<import("./customers").MarketingConsent> & { state: string },
  ): void;
  /** Webhooks the simulator sent on its own (bulk_operations/finish). */
  webhookDeliveries: WebhookDelivery[];
  failNextBulkOperation(shop: string, errorCode: BulkErrorCode, partialLines?: number): void;
  /** For bad-input tests: the next bulk file of the shop ends at line `atLine` (1-based), cut mid-JSON. */
  truncateNextBulkFile(shop: string, atLine: number): void;
  /** Resolves when the bulk operation reaches a terminal status (test helper). */
  waitForBulkOperation(id: string, timeoutMs?: number): Promise<BulkOperationRecord>;
}
