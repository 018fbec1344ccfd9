// Browser tests of the admin against the real Worker (`wrangler dev`), in Node rather than workerd.
// One Worker for the whole run (global setup) and one Chromium; two files at a time: most of a
// browser test is waiting (for the page, the Worker, a poll), so two share 2 cores well. Files never
// assume they are alone in the newsroom (their own stories, users, tags; orders checked, not positions).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The admin modules the logic tests import reach the server's pure rules through this alias
  // (admin/vite.config.ts).
  resolve: { alias: { "@shared": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/harness/global-setup.ts"],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // A flaky browser step is a bug to fix, not to retry.
    retry: 0,
  },
});
