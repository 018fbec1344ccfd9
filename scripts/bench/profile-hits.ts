// A CPU profile of the Worker's isolate while it answers cache hits, to see what a hit costs beyond
// the one Cache API match (the bench's "floor" row). Seeds a small newsroom, fills the cache with the
// given paths, then samples the isolate through the V8 inspector while a few connections request
// them, and prints the functions with the most self time (and the Worker's own share).
//   tsx scripts/bench/profile-hits.ts [--seconds 5] [--articles 1000] [--miss] [path …]
// --miss profiles misses instead (x-copydesk-bypass-cache: 1, as the bench's miss phases send), of
// stories by slug unless paths are given.
// Not part of the bench: a profile slows the isolate down, so its figures are shares, not costs.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildWorker } from "./build";
import { loadFixtures } from "./fixtures";
import { inspector, workerTarget, type Profile, type ProfileNode } from "./inspector";
import { startRuntime } from "./runtime";
import { seed } from "./seed";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: "string", default: "5" }, articles: { type: "string", default: "1000" }, top: { type: "string", default: "40" }, miss: { type: "boolean", default: false } },
});
const INSPECTOR_PORT = 9339;


async function load(base: URL, paths: string[], seconds: number, connections = 8) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let i = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        // --miss: the bench's miss requests (BENCH=1 skips the cache for this header): the page's own work.
        const res = await fetch(new URL(paths[i++ % paths.length]!, base), values.miss ? { headers: { "x-copydesk-bypass-cache": "1" } } : {});
        await res.arrayBuffer();
        done++;
      }
    }),
  );
  return done;
}

const bundle = buildWorker(root, { minify: false });
const persistDir = mkdtempSync(join(tmpdir(), "copydesk-profile-db-"));
const rt = await startRuntime(bundle, persistDir, undefined, { inspectorPort: INSPECTOR_PORT });
try {
  await seed(rt.exec, root, Number(values.articles));
  const f = await loadFixtures(rt);
  const stories = f.hotSlugs.slice(0, 20).map((s) => `/api/content/v1/articles/${s}`);
  const paths = positionals.length ? positionals : values.miss ? stories : ["/feed.xml", "/api/content/v1/articles", ...stories];
  for (const p of paths) await (await fetch(new URL(p, rt.url))).arrayBuffer();
  await load(rt.url, paths, 2);

  const cdp = await inspector(await workerTarget(INSPECTOR_PORT));
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  const requests = await load(rt.url, paths, Number(values.seconds));
  const { profile } = await cdp.send<{ profile: Profile }>("Profiler.stop");
  cdp.close();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => ["(idle)", "(program)", "(garbage collector)"].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);
  const where = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
  const grouped = new Map<string, number>();
  for (const [id, t] of self) grouped.set(where(byId.get(id)!), (grouped.get(where(byId.get(id)!)) ?? 0) + t);
  const busy = total - idle;
  console.log(`${requests} requests in ${values.seconds} s; sampled ${(total / 1000).toFixed(0)} ms, of which not idle ${(busy / 1000).toFixed(0)} ms (${(busy / requests).toFixed(1)} µs/request in the isolate's JS)`);
  for (const [name, t] of [...grouped].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
    console.log(`${((t / requests)).toFixed(1).padStart(7)} µs/req ${((t / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
  // Where inside the busiest of the Worker's own functions (lines of the unminified bundle, written beside).
  const lines = new Map<string, Map<number, number>>();
  for (const n of profile.nodes) {
    if (!n.positionTicks || !n.callFrame.url.endsWith("index.js")) continue;
    const m = lines.get(where(n)) ?? new Map<number, number>();
    for (const p of n.positionTicks) m.set(p.line, (m.get(p.line) ?? 0) + p.ticks);
    lines.set(where(n), m);
  }
  const busiest = [...grouped].filter(([name]) => name.includes("index.js")).sort((a, b) => b[1] - a[1]).slice(0, 6);
  for (const [name] of busiest) {
    const ticks = [...(lines.get(name) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`${name}: ${ticks.map(([l, t]) => `line ${l} ×${t}`).join(", ")}`);
  }
  writeFileSync(join(tmpdir(), "copydesk-profile-index.js"), bundle.modules[bundle.mainModule]!.contents);
} finally {
  await rt.dispose();
  rmSync(persistDir, { recursive: true, force: true });
}
