// Browser tests of the admin against the real Worker (`wrangler dev`), in Node rather than workerd.
// One Worker for the whole run (global setup); files run one at a time: 2 cores, one Chromium.
// (Two at a time was tried at issue 15: 342 s instead of 430 s, but the editor then sometimes took
// over 15 s to open on a clean-clone run. Files should still never assume they are alone.)
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The admin modules the logic tests import reach the server's pure rules through this alias
  // (admin/vite.config.ts).
  resolve: { alias: { "@shared": fileURLToPath(new URL("./src", import.meta.url)) } },
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
