// Builds the admin SPA into dist/admin/ (served at /admin/ by Workers static assets) and writes
// dist/_headers beside it. `npm run build:admin` runs this; the Worker needs no build step of its own.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";
import { headersFile } from "./security-headers.ts";

const dist = fileURLToPath(new URL("./dist/", import.meta.url));

/** `_headers` must sit at the root of the assets directory, above the /admin/ tree Vite empties. */
const assetHeaders = (): Plugin => ({
  name: "copydesk-asset-headers",
  apply: "build",
  closeBundle() {
    writeFileSync(`${dist}_headers`, headersFile());
  },
});

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/admin/",
  publicDir: false,
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), assetHeaders()],
  // The server's pure rules (roles, permission table, canonical body), imported rather than copied.
  // Same alias in admin/tsconfig.json, tests/e2e/tsconfig.json and vitest.e2e.config.ts.
  resolve: { alias: { "@shared": fileURLToPath(new URL("../src", import.meta.url)) } },
  build: {
    outDir: `${dist}admin`,
    emptyOutDir: true,
    target: "es2022",
    // One small report line per chunk is enough; gzip sizes are what docs/admin.md quotes.
    reportCompressedSize: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  // `vite dev` for UI work: the API and media come from a running `npm run dev`.
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8787",
      "/media": "http://127.0.0.1:8787",
      "/admin/config.json": "http://127.0.0.1:8787",
    },
  },
});
