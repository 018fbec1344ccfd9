// The misses again, with D1 in a process of its own (d1-server.ts), to read the Worker's CPU apart
// from D1's. In the main phases D1 is simulated inside the same workerd (a Durable Object running
// SQLite), so "CPU ms/req" there is the Worker and D1 together: one trivial statement alone is
// ~0.8 ms of it (the floor-d1 row). Issue 17's miss targets are a Worker's CPU, the kind Cloudflare
// bills and limits, which does not include D1 running the statement. Here the app's workerd keeps
// the Worker's isolate, the D1 binding's client side (building each request, parsing each answer),
// the cache and HTTP, plus the remote-binding proxy's hop, which Cloudflare's binding does not make;
// so these figures are an upper bound of the Worker's own CPU. floor-d1 measured the same way says
// what that hop leaves per statement.
// A copy of the size's database is served (the main runtime keeps its own open); the load and the
// requests are the main phases' own.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bundle } from "./build";
import { runLoad } from "./load";
import { autocannonRequest, headersFor, isFixed, type ReadPhase } from "./phases-read";
import { startRuntime } from "./runtime";

export interface ApartRow {
  key: string;
  rps: number;
  /** The app's workerd (Worker, D1 client side, cache, HTTP), per request. */
  cpuMs: number;
  /** The D1 server's process (SQLite and its JSON), per request. */
  d1CpuMs: number;
  otherCores: number;
  errors: number;
  non2xx: number;
  /** Sampled requests answered alike by this runtime and the main one (same status and body), of those sampled. */
  same: [alike: number, sampled: number];
}

export interface ApartResult {
  rows: ApartRow[];
  seconds: number;
}

const D1_DIR = join("d1", "miniflare-D1DatabaseObject");

/** The phases measured apart: the trivial statement (what the hop costs) and every read miss. */
export function apartPhases(phases: ReadPhase[]): ReadPhase[] {
  return phases.filter((p) => p.key === "baseline" || p.key === "floor-d1" || p.cache === "miss" || p.kind === "editorial");
}

export async function d1ApartPhase(bundle: Bundle, persistDir: string, mainUrl: URL, phases: ReadPhase[], timing: { duration: number; warmup: number; quietWait: number; connections: number }): Promise<ApartResult> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "copydesk-bench-apart-"));
  let server: ChildProcess | undefined;
  try {
    // The database (and R2, for stories whose bodies are archived there) copied while the main
    // runtime is idle between phases: SQLite's WAL goes with its file.
    const from = join(persistDir, D1_DIR);
    const file = readdirSync(from).find((n) => n.endsWith(".sqlite") && n !== "metadata.sqlite");
    if (!file) throw new Error(`no D1 database under ${from}`);
    mkdirSync(join(dir, "db"));
    for (const n of readdirSync(from)) if (n.startsWith(file) && !n.endsWith("-shm")) cpSync(join(from, n), join(dir, "db", n));
    if (existsSync(join(persistDir, "r2"))) cpSync(join(persistDir, "r2"), join(dir, "runtime", "r2"), { recursive: true });
    const { child, port } = await startServer(join(dir, "db", file));
    server = child;
    const rt = await startRuntime(bundle, join(dir, "runtime"), undefined, { d1Server: new URL(`http://127.0.0.1:${port}/`) });
    const rows: ApartRow[] = [];
    try {
      for (const phase of phases) {
        const url = phase.helper ? rt.helperUrl : rt.url;
        const load = await runLoad({ url, connections: timing.connections, duration: timing.duration, warmup: timing.warmup, quietWait: timing.quietWait, request: autocannonRequest(phase, isFixed(phase)), alsoPid: child.pid }, rt.pid);
        const non2xx = Object.entries(load.statuses).filter(([s]) => !s.startsWith("2")).reduce((n, [, c]) => n + c, 0);
        const same = phase.helper ? ([0, 0] as [number, number]) : await compareAnswers(phase, mainUrl, url);
        const row = { key: phase.key, rps: load.rps, cpuMs: load.cpuMs, d1CpuMs: load.alsoCpuMs ?? 0, otherCores: load.otherCores, errors: load.errors, non2xx, same };
        rows.push(row);
        console.log(
          `  apart ${row.key.padEnd(26)} ${row.rps.toFixed(0).padStart(6)} req/s  cpu ${row.cpuMs.toFixed(2).padStart(6)} ms (D1 process ${row.d1CpuMs.toFixed(2)} ms)` +
            (row.otherCores > 0.15 ? `  (other load ${row.otherCores.toFixed(2)} cores)` : "") +
            (row.non2xx || row.errors ? `  ⚠ ${row.non2xx} non-2xx, ${row.errors} errors` : "") +
            (same[0] < same[1] ? `  ⚠ ${same[1] - same[0]} of ${same[1]} sampled answers differ from D1 in the process` : ""),
        );
      }
    } finally {
      await rt.dispose();
    }
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (server && server.exitCode === null) {
      const exited = once(server, "exit");
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The served database must answer as D1 does: a few of the phase's requests, sent to both runtimes, alike. */
async function compareAnswers(phase: ReadPhase, mainUrl: URL, apartUrl: URL): Promise<[number, number]> {
  let alike = 0;
  const paths = Array.from({ length: 3 }, phase.next);
  for (const path of paths) {
    // Absolute URLs the Worker builds from the request's own origin differ by port only.
    const get = (base: URL) => fetch(new URL(path, base), { headers: headersFor(phase) }).then(async (r) => `${r.status} ${(await r.text()).replaceAll(base.host, "{origin}")}`);
    const [main, apart] = [await get(mainUrl), await get(apartUrl)];
    if (main === apart) alike++;
    else if (process.env.BENCH_APART_DIFF) writeFileSync(`${process.env.BENCH_APART_DIFF}-${phase.key.replace(/\W/g, "_")}`, `${main}\n----\n${apart}\n`);
  }
  return [alike, paths.length];
}

function startServer(file: string): Promise<{ child: ChildProcess; port: number }> {
  // node:sqlite's setReturnArrays and columns() (Node ≥ 22.16; the project pins Node 24).
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  if (major < 22 || (major === 22 && minor < 16)) return Promise.reject(new Error(`d1-apart needs Node ≥ 22.16 (this is ${process.versions.node})`));
  const script = resolve(dirname(fileURLToPath(import.meta.url)), "d1-server.ts");
  // stdin piped and never written: the server ends when it closes, so it never outlives the bench.
  const child = spawn(process.execPath, ["--import", "tsx", "--disable-warning=ExperimentalWarning", script, file], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => (child.kill("SIGTERM"), fail(new Error("d1-server did not start within 60 s"))), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) clearTimeout(timer), ok({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => (clearTimeout(timer), fail(new Error(`d1-server exited (${code}) before listening`))));
  });
}
