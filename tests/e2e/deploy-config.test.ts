// A plain `wrangler deploy` of the repository must ship production settings: the dry run prints
// the vars it would upload. Run with a .dev.vars full of development values beside it (as after
// `npm start`), which a deploy must ignore. In Node (it spawns wrangler), hence in the e2e suite.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT } from "./harness/worker";

const run = promisify(execFile);
const DEV_VARS = join(ROOT, ".dev.vars");
let output = "";
let outdir = "";
let savedDevVars: string | null = null;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "copydesk-dry-run-"));
  savedDevVars = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, "utf8") : null;
  writeFileSync(DEV_VARS, 'ENVIRONMENT="development"\nPUBLIC_SITE_URL="http://127.0.0.1:8787"\n');
  try {
    const res = await run(join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: ROOT,
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0", NO_UPDATE_NOTIFIER: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
    output = res.stdout + res.stderr;
  } finally {
    if (savedDevVars === null) rmSync(DEV_VARS, { force: true });
    else writeFileSync(DEV_VARS, savedDevVars);
  }
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The vars table of the dry run: `env.NAME ("value")   Environment Variable`. */
function printedVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(/^env\.([A-Z0-9_]+) \((".*")\)\s+Environment Variable\s*$/gm)) vars[m[1]!] = JSON.parse(m[2]!);
  return vars;
}

it("bundles the Worker with ENVIRONMENT production and no usable PUBLIC_SITE_URL to deploy by mistake", () => {
  expect(output).toContain("--dry-run: exiting now.");
  const vars = printedVars(output);
  expect(Object.keys(vars).length).toBeGreaterThan(2);
  expect(vars.ENVIRONMENT).toBe("production");
  // Empty: the deployed Worker refuses editorial writes (503 misconfigured) until an operator sets it.
  expect(vars.PUBLIC_SITE_URL).toBe("");
  expect(existsSync(join(outdir, "index.js"))).toBe(true);
});

it("carries no development value anywhere in the vars it would upload", () => {
  for (const [name, value] of Object.entries(printedVars(output))) {
    expect(value, name).not.toMatch(/development|127\.0\.0\.1|localhost/i);
  }
});
