// Runs the Shopify simulator as a process for the demo and manual checks:
//   SHOPIFY_API_SECRET=... SHOPIFY_SIM_PORT=4010 npx tsx test/simulators/shopify-main.ts
// Env: SHOPIFY_SIM_PORT (default 0 = random), SHOPIFY_API_SECRET (required: signs webhooks),
// SHOPIFY_SIM_WEBHOOK_URL (the app's webhook route), SHOPIFY_SIM_SHOP (default demo-shop.myshopify.com),
// SHOPIFY_SIM_TOKEN (default shpat_simulator), SHOPIFY_SIM_ORDERS (size of the generated store, default 500).
import { generatedStoreData, startShopifySimulator } from "./shopify/index";

async function main() {
  const secret = process.env.SHOPIFY_API_SECRET;
  if (!secret) {
    process.stderr.write("SHOPIFY_API_SECRET is required (the app's client secret signs webhooks)\n");
    process.exit(2);
  }
  const shop = process.env.SHOPIFY_SIM_SHOP || "demo-shop.myshopify.com";
  const token = process.env.SHOPIFY_SIM_TOKEN || "shpat_simulator";
  const orders = Number(process.env.SHOPIFY_SIM_ORDERS || 500);
  const sim = await startShopifySimulator({
    port: Number(process.env.SHOPIFY_SIM_PORT || 0),
    shops: [{ domain: shop, accessToken: token, data: generatedStoreData({ domain: shop, orders }) }],
    apiSecret: secret,
    webhookUrl: process.env.SHOPIFY_SIM_WEBHOOK_URL || undefined,
    bulkDelayMs: 500,
  });
  process.stdout.write(`${sim.url}\n`);
  process.stdout.write(
    `shop ${shop}: POST ${sim.url}/admin/api/2025-07/graphql.json with X-Shopify-Shop-Domain and X-Shopify-Access-Token\n`,
  );
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
