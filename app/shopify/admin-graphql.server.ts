// Admin GraphQL for background jobs, with Shopify's cost-based throttle handled: a THROTTLED answer (HTTP 200)
// waits exactly as long as the cost data says the bucket needs to refill, then retries.
// In production the transport is the library's `unauthenticated.admin(shop)` (offline token, refresh, 429/503
// retries). With SHOPIFY_ADMIN_ORIGIN set (tests, demo) it talks to the local Shopify simulator instead.
import { createAdminApiClient } from "@shopify/admin-api-client";
import { getEnv } from "../env.server";
import { pool } from "../db.server";
import { openToken } from "./session-storage.server";

export interface GraphqlCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export interface GraphqlResult<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: { cost?: GraphqlCost };
}

/** Sends one GraphQL request; returns the parsed body whatever its errors. */
export type GraphqlTransport = (query: string, variables?: Record<string, unknown>) => Promise<GraphqlResult<unknown>>;

export class ShopifyApiError extends Error {
  override name = "ShopifyApiError";
  constructor(
    message: string,
    readonly errors: unknown = undefined,
  ) {
    super(message);
  }
}

/** Seconds to wait before the bucket holds what the query asked for (never less than one second). */
export function throttleWaitMs(cost: GraphqlCost | undefined): number {
  const status = cost?.throttleStatus;
  if (!status || !cost?.requestedQueryCost || status.restoreRate <= 0) return 1000;
  const missing = cost.requestedQueryCost - status.currentlyAvailable;
  return Math.max(1000, Math.ceil((missing / status.restoreRate) * 1000));
}

export interface AdminGraphql {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** how many THROTTLED answers this client waited out */
  throttled: number;
}

export function withThrottleHandling(
  transport: GraphqlTransport,
  opts: { maxThrottleRetries?: number; sleep?: (ms: number) => Promise<void> } = {},
): AdminGraphql {
  const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const client: AdminGraphql = {
    throttled: 0,
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const result = (await transport(query, variables)) as GraphqlResult<T>;
        const throttled = result.errors?.some((e) => e.extensions?.code === "THROTTLED");
        if (throttled) {
          if (attempt >= (opts.maxThrottleRetries ?? 20))
            throw new ShopifyApiError("Shopify kept throttling the request", result.errors);
          client.throttled++;
          await sleep(throttleWaitMs(result.extensions?.cost));
          continue;
        }
        if (result.errors?.length)
          throw new ShopifyApiError(result.errors.map((e) => e.message).join("; "), result.errors);
        if (result.data === undefined) throw new ShopifyApiError("Shopify answered without data");
        return result.data;
      }
    },
  };
  return client;
}

/** The offline-token Admin client a job uses for a shop. */
export async function adminForShop(shopDomain: string): Promise<AdminGraphql> {
  const env = getEnv();
  if (env.SHOPIFY_ADMIN_ORIGIN)
    return withThrottleHandling(await simulatorTransport(shopDomain, env.SHOPIFY_ADMIN_ORIGIN));
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shopDomain);
  return withThrottleHandling(async (query, variables) => {
    const response = await admin.graphql(query, { variables });
    return (await response.json()) as GraphqlResult<unknown>;
  });
}

async function simulatorTransport(shopDomain: string, origin: string): Promise<GraphqlTransport> {
  const { rows } = await pool().query<{ accessToken: string }>(
    `SELECT "accessToken" FROM "Session" WHERE shop = $1 AND "isOnline" = false ORDER BY id LIMIT 1`,
    [shopDomain],
  );
  if (!rows[0]) throw new ShopifyApiError(`no offline session for ${shopDomain}`);
  const { SHOPIFY_API_VERSION } = await import("./api-version");
  const client = createAdminApiClient({
    storeDomain: shopDomain,
    apiVersion: SHOPIFY_API_VERSION,
    accessToken: openToken(rows[0].accessToken),
    retries: 2,
    customFetchApi: (url, init) => {
      const target = new URL(new URL(String(url)).pathname, origin);
      const headers = new Headers(init?.headers as HeadersInit);
      headers.set("X-Shopify-Shop-Domain", shopDomain);
      return fetch(target, { ...init, headers } as RequestInit);
    },
  });
  return async (query, variables) => {
    const res = await client.request(query, { variables });
    const errors = res.errors
      ? res.errors.graphQLErrors?.length
        ? (res.errors.graphQLErrors as GraphqlResult<unknown>["errors"])
        : [{ message: res.errors.message ?? "request failed" }]
      : undefined;
    return { data: res.data, errors, extensions: res.extensions as GraphqlResult<unknown>["extensions"] };
  };
}
