// Runs the built bundle in one local workerd through Miniflare's API, and serves it on a direct
// socket: requests reach the Worker itself, not Miniflare's entry worker or wrangler dev's proxy.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { Miniflare, type Request as MfRequest, type Response as MfResponse } from "miniflare";
import { CRON_STATS_PREFIX, type CronStats } from "../../src/scheduled/cron-stats";
import type { Bundle } from "./build";
import { HELPER_WORKER_SOURCE, type Statement } from "./helper-worker";

export interface Runtime {
  url: URL;
  /** The bench-only helper Worker (helper-worker.ts): SQL for the seeder, and the runtime floors. */
  helperUrl: URL;
  /** Runs statements as one D1 batch inside workerd; returns each statement's rows. */
  exec(statements: Statement[]): Promise<Record<string, unknown>[][]>;
  /** Fires the Worker's cron trigger once, as Cloudflare would, and returns what the run reported. */
  scheduled(at: Date): Promise<CronStats>;
  /** The workerd process: its CPU time is what a request costs the runtime (Worker + D1 + cache). */
  pid: number;
  persistDir: string;
  dispose(): Promise<void>;
}

/**
 * The built Worker and the bench-only helper Worker (SQL straight into the same D1), each on a direct
 * socket. Shared by the bench and `npm run measure:import`.
 */
export function benchWorkers(bundle: Bundle, env: Record<string, unknown>, helperName: string, d1: { type: "d1"; id: string }, outbound?: Outbound, d1Server?: URL) {
  // D1 served by another process (d1-server.ts) through Miniflare's remote-binding proxy: the binding
  // is marked remote and each Worker is given the server's address.
  const remote = d1Server ? { remoteProxyConnectionString: d1Server as never } : {};
  // wrangler.toml's Queues as Miniflare runs them locally: the relay's producer binding, and this
  // Worker's `queue` handler consuming the delivery queue and its dead-letter queue.
  const queueBindings = Object.fromEntries(bundle.queues.producers.map((p) => [p.binding, { type: "queue", name: p.queue }]));
  const triggers = bundle.queues.consumers.map(({ queue, ...options }) => ({ type: "queue", name: queue, ...options }));
  // wrangler.toml's Durable Objects (the live blogs' hub): this Worker's classes exported with the
  // storage their migrations declare (SQLite-backed, as in production), bound by name. Their
  // storage lives under the run's resourcePersistencePath, beside D1.
  const { doBindings, doExports } = durableObjectConfig(bundle, "copydesk");
  return [
    {
      config: {
        name: "copydesk",
        compatibilityDate: bundle.compatibilityDate,
        compatibilityFlags: bundle.compatibilityFlags,
        manifest: { mainModule: bundle.mainModule, modules: bundle.modules as never },
        env: { ...env, ...queueBindings, ...doBindings } as never,
        ...(triggers.length ? { triggers: triggers as never } : {}),
        ...(Object.keys(doExports).length ? { exports: doExports as never } : {}),
      },
      dev: {
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
        ...remote,
        // The Worker's own fetches (webhook deliveries, hub pings) go to this Node handler instead of the network.
        ...(outbound ? { outboundService: { type: "fetcher" as const, handler: outbound as never } } : {}),
      },
    },
    {
      config: {
        name: helperName,
        compatibilityDate: bundle.compatibilityDate,
        manifest: { mainModule: "helper.js", modules: { "helper.js": { type: "esm" as const, contents: HELPER_WORKER_SOURCE } } },
        env: { DB: d1 } as never,
      },
      dev: { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }], ...remote },
    },
  ];
}

/**
 * Miniflare's form of wrangler.toml's Durable Objects (its `config` API, as wrangler itself converts
 * them): `exports` names each class and its storage, an env binding `{type: "durable-object"}` points
 * at the Worker and class. Bindings to another Worker's classes are left out (the bench runs only ours).
 */
export function durableObjectConfig(bundle: Bundle, workerName: string) {
  const own = bundle.durableObjects.bindings.filter((b) => !b.scriptName || b.scriptName === workerName);
  const doBindings = Object.fromEntries(own.map((b) => [b.name, { type: "durable-object", worker: workerName, exportName: b.className }]));
  const doExports = Object.fromEntries(bundle.durableObjects.classes.map((c) => [c.className, { type: "durable-object", storage: c.storage }]));
  return { doBindings, doExports };
}

/** Answers the Worker's outbound fetches (Miniflare's outbound service), in the bench process. */
export type Outbound = (request: MfRequest) => Promise<MfResponse>;

export async function startRuntime(bundle: Bundle, persistDir: string, outbound?: Outbound, o: { inspectorPort?: number; d1Server?: URL } = {}): Promise<Runtime> {
  const D1 = { type: "d1", id: "copydesk-bench", ...(o.d1Server ? { dev: { remote: true } } : {}) } as const;
  const env: Record<string, { type: "text"; value: string } | typeof D1 | { type: "r2"; name: string }> = {
    DB: D1,
    MEDIA: { type: "r2", name: "copydesk-bench-media" },
    // Unlocks the baseline route, the cache bypass header and x-d1-statements (src/http/bench-hooks.ts).
    BENCH: { type: "text", value: "1" },
  };
  for (const [name, value] of Object.entries(bundle.vars)) env[name] = { type: "text", value };
  // The bundle runs with production's settings; production refuses editorial writes until
  // PUBLIC_SITE_URL is a public https address, so the bench gives it one (never fetched).
  if (!bundle.vars.PUBLIC_SITE_URL) env.PUBLIC_SITE_URL = { type: "text", value: "https://news.bench.example" };
  // A cron run reports its statement count in a log line (src/scheduled/cron.ts, BENCH=1 only).
  const cronStats: CronStats[] = [];
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    handleStructuredLogs: ({ level, message }) => {
      const at = message.indexOf(CRON_STATS_PREFIX);
      if (at >= 0) cronStats.push(JSON.parse(message.slice(at + CRON_STATS_PREFIX.length)) as CronStats);
      else if (level === "error" || level === "warn") console.error(message);
      else console.log(message);
    },
    resourcePersistencePath: persistDir,
    // Only for a CPU profile of the Worker's isolate (scripts/bench/profile-hits.ts).
    ...(o.inspectorPort !== undefined && { inspectorPort: o.inspectorPort }),
    workers: benchWorkers(bundle, env, "bench-helper", D1, outbound, o.d1Server),
  });
  await mf.ready;
  const url = await mf.unsafeGetDirectURL("copydesk");
  const helperUrl = await mf.unsafeGetDirectURL("bench-helper");
  const pid = findWorkerd(process.pid, claimed);
  if (!pid) throw new Error("Could not find the workerd process Miniflare started.");
  const exec = async (statements: Statement[]) => {
    const res = await fetch(new URL("/sql", helperUrl), { method: "POST", body: JSON.stringify(statements) });
    if (!res.ok) throw new Error(`D1 batch failed: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>[][];
  };
  const worker = await mf.getWorker("copydesk");
  const scheduled = async (at: Date) => {
    cronStats.length = 0;
    const res = await worker.scheduled({ scheduledTime: at, cron: "* * * * *" });
    if (res.outcome !== "ok") throw new Error(`cron run failed: ${res.outcome}`);
    // The log line travels through workerd's stdout: it may land just after the run returns.
    for (let i = 0; i < 200 && !cronStats.length; i++) await new Promise((r) => setTimeout(r, 10));
    const stats = cronStats.shift();
    if (!stats) throw new Error("the cron run printed no statement count (is BENCH set?)");
    return stats;
  };
  return { url, helperUrl, exec, scheduled, pid, persistDir, dispose: () => mf.dispose() };
}

function stat(pid: string) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  // comm may contain spaces and parentheses; everything after the last ")" is fixed-position.
  const comm = s.slice(s.indexOf("(") + 1, s.lastIndexOf(")"));
  const fields = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return { comm, fields };
}

// The workerd processes already handed out: a script running two runtimes (ab-hits.ts) gets each its own.
const claimed = new Set<number>();

/** Our own workerd: a descendant of this process (other engineers may be running theirs), not one already claimed. */
function findWorkerd(root: number, taken: Set<number>): number | null {
  const children = new Map<number, { pid: number; comm: string }[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { comm, fields } = stat(name);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(name), comm }]);
    } catch {
      // The process ended while we looked.
    }
  }
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (child.comm === "workerd" && !taken.has(child.pid)) return taken.add(child.pid), child.pid;
      queue.push(child.pid);
    }
  }
  return null;
}

let clockTicks: number | null = null;

/** The kernel's clock ticks per second (USER_HZ), the unit of /proc CPU times. */
export function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU of a process (all its threads), in milliseconds. */
export function processCpuMs(pid: number): number {
  const { fields } = stat(String(pid));
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, i.e. 11 and 12 after the comm.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
}

/** Bytes on disk of the local D1 database (the sqlite file and its WAL). */
export function databaseBytes(persistDir: string): number {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
      const p = join(dir, e.name);
      return n + (e.isDirectory() ? walk(p) : /\.sqlite(-wal)?$/.test(e.name) ? statSync(p).size : 0);
    }, 0);
  try {
    return walk(join(persistDir, "d1"));
  } catch {
    return 0;
  }
}
