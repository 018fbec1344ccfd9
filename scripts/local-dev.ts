// `npm start` / `npm run dev`: wrangler dev on http://127.0.0.1:8787 with local settings.
// wrangler.toml is production's configuration; a local run overrides it through .dev.vars, which
// wrangler dev reads and wrangler deploy never does (and which git ignores). Missing keys are
// added on first run; a value already there is the developer's choice and is left alone.
// The Request.cf fetch is turned off: wrangler would otherwise download it from the internet on
// every start and print a DNS error when offline. Local requests get placeholder cf values.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const HOST = "127.0.0.1";
const PORT = "8787";

export const LOCAL_VARS: Record<string, string> = {
  ENVIRONMENT: "development",
  PUBLIC_SITE_URL: `http://${HOST}:${PORT}`,
};

/** Adds the local settings .dev.vars lacks; returns the keys it added. */
export function ensureDevVars(root = ROOT): string[] {
  const path = join(root, ".dev.vars");
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const present = new Set(text.split(/\r?\n/).map((l) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(l)?.[1]).filter(Boolean));
  const missing = Object.keys(LOCAL_VARS).filter((k) => !present.has(k));
  if (missing.length) {
    const header = text ? "" : "# Local overrides of wrangler.toml [vars] for `wrangler dev` (never deployed). Written by npm start.\n";
    const lines = missing.map((k) => `${k}=${JSON.stringify(LOCAL_VARS[k])}`).join("\n");
    writeFileSync(path, `${text}${text && !text.endsWith("\n") ? "\n" : ""}${header}${lines}\n`);
  }
  return missing;
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const added = ensureDevVars();
  if (added.length) console.log(`.dev.vars: added ${added.join(", ")} (local settings; wrangler.toml stays production's).`);
  const args = ["dev", "--ip", HOST, "--port", PORT, ...process.argv.slice(2)];
  const child = spawn(join(ROOT, "node_modules", ".bin", "wrangler"), args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false" },
  });
  // Ctrl-C reaches wrangler through the terminal's process group, so we only wait for it to finish;
  // a kill aimed at us alone is passed on.
  process.on("SIGINT", () => {});
  for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
