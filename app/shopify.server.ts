// The one configured shopifyApp() instance. Everything Shopify-authenticated goes through these exports.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { logger } from "./lib/logger.server";
import { onShopInstalled } from "./shops/install.server";
import { CachedSessionStorage } from "./shopify/session-cache.server";
import { EncryptedSessionStorage } from "./shopify/session-storage.server";
import { SHOPIFY_API_VERSION as PINNED } from "./shopify/api-version";

/** Pinned Admin API version; shopify.app.toml's [webhooks] api_version must match. */
export const SHOPIFY_API_VERSION = ApiVersion.October26;
if (SHOPIFY_API_VERSION !== PINNED) throw new Error("app/shopify/api-version.ts and shopify.server.ts disagree");

const env = getEnv();

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: SHOPIFY_API_VERSION,
  scopes: env.SCOPES.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // Access and refresh tokens are sealed at rest (app/shopify/session-storage.server.ts); the cache holds opened ones.
  sessionStorage: new CachedSessionStorage(new EncryptedSessionStorage(new PrismaSessionStorage(prisma()))),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await onShopInstalled({ session, admin });
    },
  },
  // The library's lines go through our logger, so they are redacted like ours: at debug it prints request details,
  // session tokens (JWTs) among them. Its info level (a line per authenticated request) is only shown at debug.
  logger: {
    level: env.LOG_LEVEL === "debug" ? LogSeverity.Debug : LogSeverity.Warning,
    log: (severity, message) => {
      if (severity === LogSeverity.Error) logger.error(message);
      else if (severity === LogSeverity.Warning) logger.warn(message);
      else logger.debug(message);
    },
  },
});

export default shopify;
export const apiVersion = SHOPIFY_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
