import { defineConfig } from "vitest/config";

// Browser tests in Debian's Chromium (playwright-core drives /usr/bin/chromium; no browser download).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/per-file.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
  },
});
