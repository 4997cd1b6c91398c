import { defineConfig } from "vitest/config";

// Dataset-scale tests: the whole UCI Online Retail file (541,909 lines) mapped, checked against an independent
// computation and replayed through the webhook route. Minutes each, so outside `npm test`; `.ci/run` runs them after.
export default defineConfig({
  test: {
    include: ["test/data/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/per-file.ts"],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
