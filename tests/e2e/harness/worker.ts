// Starts the real Worker for the browser tests: fresh temporary D1/R2 state, migrations and the demo
// seed (harness/seed.ts), then `wrangler dev` on a free port. Builds nothing: the admin must already
// be in admin/dist (`npm run build:admin`, which `npm test` runs first).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../../..");
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);
// Non-interactive, no telemetry, no update checks, no Request.cf download: the run must not wait on
// anything outside.
const ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
// wrangler.toml is production's configuration; the browser tests run the test settings, given on
// the command line so they win over whatever a developer's .dev.vars says.
const TEST_VARS = ["--var", "ENVIRONMENT:test", "--var", "PUBLIC_SITE_URL:http://127.0.0.1:8787"];

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${log().slice(-4000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev was not ready within ${timeoutMs} ms:\n${log().slice(-4000)}`);
}

/**
 * wrangler.toml as it is, less its [build] table, written beside it in .wrangler/ (relative paths
 * adjusted): `wrangler dev` would otherwise run `npm run build:admin` again, 3–4 s of every browser
 * run, and its vite build empties admin/dist while anything else reads it (another run's Worker,
 * or the workerd suite's Miniflares when the browser Worker is started beside them). The admin is
 * built once, before.
 */
function configWithoutBuild(dir: string): string {
  const lines: string[] = [];
  let inBuild = false;
  for (const line of readFileSync(join(ROOT, "wrangler.toml"), "utf8").split("\n")) {
    const table = /^\s*\[\[?\s*([^\]\s]+)\s*\]\]?/.exec(line);
    if (table) inBuild = table[1] === "build" || table[1]!.startsWith("build.");
    if (inBuild) continue;
    lines.push(line.replace(/^(\s*(?:main|directory|migrations_dir)\s*=\s*")([^"]+)"/, (_, key: string, path: string) => `${key}${isAbsolute(path) ? path : join("..", path)}"`));
  }
  mkdirSync(join(ROOT, ".wrangler"), { recursive: true });
  const path = join(ROOT, ".wrangler", `e2e-${basename(dir)}.toml`);
  writeFileSync(path, lines.join("\n"));
  return path;
}

export interface RunningWorker {
  baseUrl: string;
  stop: () => Promise<void>;
}

export async function startWorker(): Promise<RunningWorker> {
  if (!existsSync(join(ROOT, "admin/dist/admin/index.html"))) throw new Error("admin/dist is missing: run `npm run build:admin` first.");
  const dir = mkdtempSync(join(tmpdir(), "copydesk-e2e-"));
  // Migrations and the demo seed in one process (seed.ts): one local D1 start instead of two.
  await run(bin("tsx"), ["tests/e2e/harness/seed.ts", dir]);
  const [port, inspector] = [await freePort(), await freePort()];
  const config = configWithoutBuild(dir);
  const args = ["dev", "--config", config, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--persist-to", dir, "--show-interactive-dev-session=false", ...TEST_VARS];
  // Its own process group, so stopping it also stops workerd underneath.
  const child = spawn(bin("wrangler"), args, { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(config, { force: true });
  };
  try {
    await waitReady(`${baseUrl}/`, child, () => log, 90_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, stop };
}
