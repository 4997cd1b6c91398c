// The environment every test process runs with. The database is one per test run: global-setup.ts creates
// `segwa_run_<id>` and hands its URL to every test process through TEST_DATABASE_URL, so two runs on one machine
// never share (or drop) each other's database. Set TEST_DATABASE_URL yourself to use a database of your choosing.
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/segwa_test";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Same values as @shopify/shopify-app-remix/test-helpers' testConfig(), so its helpers sign our requests. */
export const TEST_API_KEY = "testApiKey";
export const TEST_API_SECRET = "testApiSecretKey";

export function applyTestEnv() {
  Object.assign(process.env, {
    NODE_ENV: "test",
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: "https://segwa.test",
    ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? "test1:" + Buffer.alloc(32, 7).toString("base64"),
    WHATSAPP_APP_SECRET: "test-meta-app-secret",
    WHATSAPP_VERIFY_TOKEN: "test-verify-token",
    DEMO_MODE: "0",
  });
}
