import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(fileURLToPath(import.meta.resolve("./migrations")));

// The files that take longest start first, so that with two workers neither is left running one of
// them alone at the end. A clean clone has no timings from an earlier run to sort by.
const LONGEST = ["fuzz", "fuzz-unicode", "route-roles", "limits", "article-rights-matrix", "limits-paths"].map((f) => `tests/security/${f}.test.ts`);
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? LONGEST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Each test file gets a fresh workerd isolate, which loads the whole app and the test helpers
// through Vite's module runner, one request per module: drizzle-orm (111 modules), ajv (~90, the
// contract checks), hono (31) … every file, again. Pre-bundled, each package is one module. The
// entries are the ones src/ and tests/ import (found below, so a new subpath such as
// "hono/streaming" is bundled too rather than loaded beside the bundle as a second copy).
const PREBUNDLED = ["hono", "drizzle-orm", "valibot", "@valibot/to-json-schema", "@streamparser/json", "ajv", "ajv-formats", "fast-check", "fast-xml-parser", "feedsmith", "parse5", "saxes", "standardwebhooks"];
function prebundledEntries(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(e.name)) {
        // Value imports only: `import type` is erased, and some of its paths are types alone.
        for (const m of readFileSync(path, "utf8").matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+"([^"]+)"/gm)) {
          const spec = m[1]!;
          if (PREBUNDLED.some((p) => spec === p || spec.startsWith(`${p}/`)) && !spec.endsWith(".json")) found.add(spec);
        }
      }
    }
  };
  for (const dir of ["src", "tests/api", "tests/security", "tests/unit", "tests/helpers", "tests/fixtures", "tests/setup"]) walk(fileURLToPath(import.meta.resolve(`./${dir}`)));
  return [...found].sort();
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // wrangler.toml is production's configuration (and a developer's .dev.vars may say anything):
        // tests pin their own values. Tests of production behaviour pass production env explicitly.
        bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: "test", PUBLIC_SITE_URL: "http://127.0.0.1:8787", DELIVERY_RETRY_BASE_SECONDS: "0" },
        // Retries at once (base 0 s above) and two of them, not eight: a delivery that keeps failing
        // reaches the dead-letter queue within seconds, so tests can watch the whole path through the
        // real queue. The backoff itself is tested on the consumer (tests/api/webhooks-failures.test.ts).
        // Batches are handed over at once (production waits up to 1 s to fill one): tests wait less.
        queueConsumers: {
          "copydesk-deliveries": { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 2, deadLetterQueue: "copydesk-deliveries-dlq" },
          "copydesk-exports": { maxBatchSize: 1, maxBatchTimeout: 0, maxRetries: 1, deadLetterQueue: "copydesk-exports-dlq" },
        },
      },
    }),
  ],
  test: {
    setupFiles: ["./tests/setup/apply-migrations.ts"],
    deps: { optimizer: { ssr: { enabled: true, include: prebundledEntries() } } },
    // A local stand-in for an old Ghost site's image host (the Ghost import's fetch_images tests): never the internet.
    // And a local webhook receiver and WebSub hub (issue 13's deliveries).
    globalSetup: ["./tests/helpers/ghost-image-server.ts", "./tests/helpers/delivery-receiver.ts"],
    // Storage stays isolated per test FILE: each file runs in its own worker with its own Miniflare
    // (isolate: true, the default; tests/security/… relies on it). Vitest's default on two cores is
    // ONE worker (cores − 1), and one file keeps about one core busy, so the suite ran file after
    // file with a core idle. Two workers at least, whatever the machine.
    maxWorkers: Math.max(2, availableParallelism()),
    // Two files share the machine, so a test gets less of it than it did alone; a hang still fails.
    testTimeout: 15_000,
    hookTimeout: 30_000,
    sequence: { sequencer: LongestFirst },
    projects: [
      // Pure functions (renderers, parsers, rules): no storage, so nothing to isolate between files.
      // One worker runs them one after another instead of paying a workerd start-up per file (~2 s each).
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], isolate: false } },
      { extends: true, test: { name: "worker", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**", "tests/unit/**"] } },
    ],
  },
});
