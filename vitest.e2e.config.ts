// Browser tests of the admin against the real Worker (`wrangler dev`), in Node rather than workerd.
// One Worker for the whole run (global setup); files run one at a time: 2 cores, one Chromium.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/harness/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // A flaky browser step is a bug to fix, not to retry.
    retry: 0,
  },
});
