// Builds the admin SPA into dist/admin/ (served at /admin/ by Workers static assets) and writes
// dist/_headers beside it, with the API reference's files and the embeddable feed widget.
// `npm run build:admin` runs this; the Worker needs no build step of its own.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { build as esbuild } from "esbuild";
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

/** The API reference's files (/api/docs/*): Redoc's own standalone bundle and our two small files. */
const apiDocsAssets = (): Plugin => ({
  name: "copydesk-api-docs",
  apply: "build",
  closeBundle() {
    const out = `${dist}api/docs/`;
    mkdirSync(out, { recursive: true });
    // Redoc's sidebar credit loads its logo from cdn.redoc.ly: the page loads nothing from another
    // origin, so the credit keeps its text and links but shows an empty inline image instead.
    const redoc = readFileSync(createRequire(import.meta.url).resolve("redoc/bundles/redoc.standalone.js"), "utf8");
    const cdnLogo = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"';
    if (redoc.split(cdnLogo).length !== 2) throw new Error("redoc.standalone.js changed: check what it loads from other origins before upgrading");
    writeFileSync(`${out}redoc.standalone.js`, redoc.replace(cdnLogo, `src:"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"`));
    for (const f of ["docs.js", "docs.css"]) copyFileSync(fileURLToPath(new URL(`./api-docs/${f}`, import.meta.url)), `${out}${f}`);
  },
});

/**
 * The feed widget partner sites embed (src/embed/widget/, served at /embed/v1/feed.js): one
 * minified IIFE, so the same file works as a classic `<script defer>` and as `type="module"`.
 * Not content-hashed: partners paste the URL once, so `_headers` gives it a short cache life.
 */
const embedWidget = (): Plugin => ({
  name: "copydesk-embed-widget",
  apply: "build",
  async closeBundle() {
    await esbuild({
      entryPoints: [fileURLToPath(new URL("../src/embed/widget/feed-element.ts", import.meta.url))],
      outfile: `${dist}embed/v1/feed.js`,
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2020",
      legalComments: "none",
      logLevel: "warning",
    });
  },
});

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/admin/",
  publicDir: false,
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), assetHeaders(), apiDocsAssets(), embedWidget()],
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
