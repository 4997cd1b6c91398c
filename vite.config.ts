import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

// Single fetch stays off (docs/decisions/0015-route-data-without-single-fetch.md): route data travels as JSON, so
// no `Future` augmentation here — `useLoaderData<typeof loader>()` then types Dates as the strings JSON delivers.

const port = Number(process.env.PORT ?? 3000);

export default defineConfig({
  server: { host: "localhost", port, fs: { allow: ["app", "node_modules"] } },
  plugins: [
    remix({
      // scripts/test.sh builds into a folder of its own run (BUILD_DIR) so concurrent runs cannot empty each other's.
      buildDirectory: process.env.BUILD_DIR ?? "build",
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: false,
        v3_routeConfig: true,
      },
    }),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
