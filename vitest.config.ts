import { defineConfig } from "vitest/config";

// Unit + integration tests (real PostgreSQL and Redis). Browser tests: vitest.e2e.config.ts; dataset-scale tests
// (the whole Online Retail file, minutes each): vitest.data.config.ts, `npm run test:data`.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "test/bench/**", "test/data/**", "node_modules/**"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/per-file.ts"],
    // A time limit, not a verdict (timing properties are asserted inside the tests): the slowest integration tests
    // take ~15 s alone and timed out at 30 s with two test runs at once on two cores.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ["default"],
  },
});
