import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(fileURLToPath(import.meta.resolve("./migrations")));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // wrangler.toml is production's configuration (and a developer's .dev.vars may say anything):
        // tests pin their own values. Tests of production behaviour pass production env explicitly.
        bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: "test", PUBLIC_SITE_URL: "http://127.0.0.1:8787" },
      },
    }),
  ],
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**"],
    setupFiles: ["./tests/setup/apply-migrations.ts"],
    // A local stand-in for an old Ghost site's image host (the Ghost import's fetch_images tests): never the internet.
    globalSetup: ["./tests/helpers/ghost-image-server.ts"],
  },
});
