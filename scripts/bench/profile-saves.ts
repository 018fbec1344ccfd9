// A CPU profile of the Worker's isolate while it answers the bench's saves (whole article, If-Match,
// one word of the lede changed), to see where a save's CPU goes: each function's self time and, for
// the Worker's own code (unminified bundle), its inclusive time, per save. Writes the profile (for
// Chrome's DevTools) and the bundle it refers to beside --out. Not part of the bench: a profile slows
// the isolate down, so its figures are shares, not costs; SQLite's own work is not in it.
//   tsx scripts/bench/profile-saves.ts [--seconds 8] [--articles 10000] [--out /tmp/save.cpuprofile]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildWorker } from "./build";
import { pickSaveTargets } from "./fixtures";
import { inspector, workerTarget, type Profile, type ProfileNode } from "./inspector";
import { prepareSaves } from "./phases-write";
import { startRuntime } from "./runtime";
import { seed } from "./seed";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({ options: { seconds: { type: "string", default: "8" }, articles: { type: "string", default: "10000" }, top: { type: "string", default: "50" }, out: { type: "string", default: join(tmpdir(), "copydesk-save.cpuprofile") } } });
const INSPECTOR_PORT = 9339;

const bundle = buildWorker(root, { minify: false });
const persistDir = mkdtempSync(join(tmpdir(), "copydesk-profile-db-"));
const rt = await startRuntime(bundle, persistDir, undefined, { inspectorPort: INSPECTOR_PORT });
try {
  const seeded = await seed(rt.exec, root, Number(values.articles));
  const connections = 4;
  const save = await prepareSaves(rt.url, seeded.admin.token, await pickSaveTargets(rt, connections * 4));
  const run = async (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const ctx: Record<string, unknown> = {};
        const req = save.request.setupRequest!({} as never, ctx as never) as unknown as { path: string; headers: Record<string, string>; body: string };
        const res = await fetch(new URL(req.path, rt.url), { method: "PATCH", headers: req.headers, body: req.body });
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        save.request.onResponse!(res.status, await res.text(), ctx as never, headers as never);
        if (res.status !== 200) throw new Error(`save ${res.status}`);
        done++;
      }
    }));
    return done;
  };
  await run(2);
  const cdp = await inspector(await workerTarget(INSPECTOR_PORT));
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const requests = await run(Number(values.seconds));
  const { profile } = await cdp.send<{ profile: Profile }>("Profiler.stop");
  cdp.close();
  writeFileSync(values.out!, JSON.stringify(profile));
  writeFileSync(values.out!.replace(/\.cpuprofile$/, ".index.js"), bundle.modules[bundle.mainModule]!.contents);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const where = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
  const idleNames = ["(idle)", "(program)", "(garbage collector)"];
  let busy = 0;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (idleNames.includes(n.callFrame.functionName)) { selfBy.set(n.callFrame.functionName, (selfBy.get(n.callFrame.functionName) ?? 0) + t); continue; }
    busy += t;
    selfBy.set(where(n), (selfBy.get(where(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const w = where(byId.get(cur)!);
      if (seen.has(w)) continue;
      seen.add(w);
      totalBy.set(w, (totalBy.get(w) ?? 0) + t);
    }
  }
  console.log(`${requests} saves in ${values.seconds} s; busy ${(busy / 1000).toFixed(0)} ms, ${(busy / requests / 1000).toFixed(2)} ms/save in the isolate's JS; gc ${((selfBy.get("(garbage collector)") ?? 0) / requests / 1000).toFixed(2)} ms/save`);
  console.log("-- self");
  for (const [name, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${(t / requests / 1000).toFixed(3).padStart(7)} ms/save  ${name}`);
  console.log("-- inclusive (index.js)");
  for (const [name, t] of [...totalBy].filter(([n]) => n.includes("index.js")).sort((a, b) => b[1] - a[1]).slice(0, Number(values.top) * 2)) console.log(`${(t / requests / 1000).toFixed(3).padStart(7)} ms/save  ${name}`);
} finally {
  await rt.dispose();
  rmSync(persistDir, { recursive: true, force: true });
}
