// Can this workerd tell one Worker's own CPU time per request (what Cloudflare bills and limits)
// apart from the rest of the process (D1's simulation, the cache, other isolates)? Three candidates,
// each tried on a tiny Worker whose requests cost known work (nothing; one D1 read; a JS loop):
// 1. tail events' cpuTime/wallTime: a tail consumer and a streaming tail consumer on the Worker;
// 2. per-thread CPU (/proc/<pid>/task/*/stat): does the D1 simulation run on a thread of its own?
// 3. the inspector's CPU profile of the Worker's isolate (as profile-hits.ts): non-idle sample time.
//   npx tsx scripts/bench/probe-isolate-cpu.ts
// Not part of the bench; its findings are in docs/performance.md ("What the Worker's own CPU is").
import { readdirSync, readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { processCpuMs } from "./runtime";

const APP = `export default { async fetch(req, env) {
  const u = new URL(req.url);
  if (u.pathname === "/d1") return Response.json((await env.DB.prepare("select 1 as x").all()).results);
  let x = 0; for (let i = 0, n = Number(u.searchParams.get("n") || 0); i < n; i++) x += Math.sqrt(i);
  return new Response(String(x));
} }`;
const TAIL = `const seen = []; export default {
  async tail(events) { for (const e of events) seen.push({ cpuTime: e.cpuTime, wallTime: e.wallTime }); },
  async fetch() { return Response.json(seen.splice(0)); } }`;
const STREAMING = `const seen = []; export default {
  async fetch() { return Response.json(seen.splice(0)); },
  tailStream() { return (e) => { if (e.event.type === "outcome") seen.push({ cpuTime: e.event.cpuTime, wallTime: e.event.wallTime }); }; } }`;
const INSPECTOR_PORT = 9441;

const worker = (name: string, contents: string, extra: object = {}, flags: string[] = []) => ({
  config: { name, compatibilityDate: "2025-09-01", compatibilityFlags: flags, manifest: { mainModule: "w.js", modules: { "w.js": { type: "esm" as const, contents } } }, ...extra },
  dev: { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
});
const mf = new Miniflare({
  inspectorPort: INSPECTOR_PORT,
  workers: [
    worker("app", APP, { env: { DB: { type: "d1", id: "probe" } }, tailConsumers: [{ worker: "tail" }], experimental: { streamingTailConsumers: [{ worker: "stail" }] } }),
    worker("tail", TAIL),
    worker("stail", STREAMING, {}, ["streaming_tail_worker"]),
  ] as never,
});
await mf.ready;
const [app, tail, stail] = (await Promise.all(["app", "tail", "stail"].map((n) => mf.unsafeGetDirectURL(n)))) as [URL, URL, URL];
const pid = Number(readdirSync("/proc").find((p) => /^\d+$/.test(p) && readFileSync(`/proc/${p}/comm`, "utf8").trim() === "workerd" && readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(process.pid)));
const threads = () =>
  new Map(readdirSync(`/proc/${pid}/task`).map((t) => {
    const s = readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return [`${t} ${s.slice(s.indexOf("(") + 1, s.lastIndexOf(")"))}`, ((Number(f[11]) + Number(f[12])) * 1000) / 100];
  }));
const hit = async (path: string, n: number) => {
  for (let i = 0; i < n; i++) await (await fetch(new URL(path, app))).text();
};

// 1. Tail events.
await hit("/?n=10000000", 3);
await new Promise((r) => setTimeout(r, 500));
console.log("1. tail events for 3 requests of a ~10 ms JS loop:", JSON.stringify(await (await fetch(tail)).json()), JSON.stringify(await (await fetch(stail)).json()));

// 2. Threads.
for (const [label, path, n] of [["one D1 read", "/d1", 1000], ["JS loop", "/?n=3000000", 20]] as const) {
  const before = threads();
  await hit(path, n);
  const spent = [...threads()].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  console.log(`2. ${label} ×${n}, CPU ms by thread:`, spent.map(([k, v]) => `${k} ${v}`).join(", "));
}

// 3. The inspector's profile (1 ms sampling: finer sampling costs the isolate more than it measures).
const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json()) as { id: string; webSocketDebuggerUrl?: string }[];
const target = targets.find((t) => t.id.includes("core:user:app"))!;
const ws = new WebSocket(target.webSocketDebuggerUrl ?? `ws://127.0.0.1:${INSPECTOR_PORT}/${target.id}`);
await new Promise((ok) => ws.addEventListener("open", ok));
let next = 0;
const waiting = new Map<number, (v: never) => void>();
ws.addEventListener("message", (e: { data: unknown }) => {
  const m = JSON.parse(String(e.data)) as { id?: number; result?: never };
  if (m.id && waiting.has(m.id)) waiting.get(m.id)!(m.result!);
});
const send = <T>(method: string, params = {}) => new Promise<T>((ok) => (waiting.set(++next, ok as never), ws.send(JSON.stringify({ id: next, method, params }))));
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 1000 });
for (const [label, path, n] of [["nothing", "/?n=0", 2000], ["one D1 read", "/d1", 2000], ["JS loop", "/?n=3000000", 20]] as const) {
  await send("Profiler.start");
  const cpu0 = processCpuMs(pid);
  await hit(path, n);
  const cpu = (processCpuMs(pid) - cpu0) / n;
  const { profile } = await send<{ profile: { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[]; timeDeltas: number[] } }>("Profiler.stop");
  const name = new Map(profile.nodes.map((x) => [x.id, x.callFrame.functionName]));
  const by: Record<string, number> = {};
  profile.samples.forEach((s, i) => {
    const k = ["(idle)", "(program)", "(garbage collector)"].includes(name.get(s)!) ? name.get(s)! : "JS";
    by[k] = (by[k] ?? 0) + profile.timeDeltas[i]! / 1000 / n;
  });
  console.log(`3. ${label}: process CPU ${cpu.toFixed(3)} ms/req; profile ms/req ${Object.entries(by).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", ")}`);
}
ws.close();
await mf.dispose();
