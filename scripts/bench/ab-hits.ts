// Cache hits, A/B: the Worker built from another checkout (A, e.g. `git archive <commit>` unpacked
// with node_modules linked) and from this one (B), each in its own workerd with its own newsroom,
// driven in turns — A, B, B, A, … for every phase and round — so that the load other processes
// put on a shared machine falls on both alike. Prints, per phase, the medians of req/s, workerd CPU
// per request and "× floor" (the hit's req/s ÷ the Cache API floor of the same runtime and round).
//   tsx scripts/bench/ab-hits.ts --base /tmp/base-checkout [--rounds 4] [--duration 3] [--articles 1000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildWorker } from "./build";
import { loadFixtures } from "./fixtures";
import { runLoad } from "./load";
import { createBenchKey, ghostPhases } from "./phases-ghost";
import { autocannonRequest, isFixed, readPhases } from "./phases-read";
import { startRuntime, type Runtime } from "./runtime";
import { seed } from "./seed";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({
  options: {
    base: { type: "string" },
    rounds: { type: "string", default: "4" },
    duration: { type: "string", default: "3" },
    articles: { type: "string", default: "1000" },
    only: { type: "string", default: "feed-rss:hit,feed-tag:hit,api-list:hit,api-article:hit" },
  },
});
if (!values.base) throw new Error("--base <directory of the other checkout> is required");
const only = values.only.split(",");

interface Side {
  name: string;
  rt: Runtime;
  dir: string;
  phases: ReturnType<typeof readPhases>;
}

async function side(name: string, checkout: string): Promise<Side> {
  const bundle = buildWorker(checkout);
  const dir = mkdtempSync(join(tmpdir(), `copydesk-ab-${name}-`));
  const rt = await startRuntime(bundle, dir);
  await seed(rt.exec, checkout, Number(values.articles));
  const f = await loadFixtures(rt);
  const feedBytes = (await (await fetch(new URL("/feed.xml", rt.url))).arrayBuffer()).byteLength;
  // The Ghost-compatible API's phases too (e.g. --only ghost-posts:hit), with the bench's key.
  const ghost = only.some((k) => k.startsWith("ghost-")) ? ghostPhases(f, await createBenchKey(rt)) : [];
  const phases = [...readPhases(f, feedBytes), ...ghost].filter((p) => p.key === "floor-cache" || only.includes(p.key));
  for (const p of phases.filter((p) => p.cache === "hit")) {
    for (const path of new Set(Array.from({ length: 100 }, p.next))) await fetch(new URL(path, rt.url)).then((r) => r.arrayBuffer());
  }
  return { name, rt, dir, phases };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sides = [await side("A", resolve(values.base)), await side("B", root)];
try {
  const results = new Map<string, { rps: number[]; cpu: number[]; floor: number[] }>();
  for (let round = 0; round < Number(values.rounds); round++) {
    // A then B in even rounds, B then A in odd ones: a drift in the machine's load favours neither.
    const order = round % 2 ? [...sides].reverse() : sides;
    for (let i = 0; i < sides[0]!.phases.length; i++) {
      for (const s of order) {
        const p = s.phases[i]!;
        const load = await runLoad({ url: p.helper ? s.rt.helperUrl : s.rt.url, connections: 32, duration: Number(values.duration), warmup: 1, quietWait: 0, request: autocannonRequest(p, isFixed(p)) }, s.rt.pid);
        const r = results.get(`${p.key} ${s.name}`) ?? { rps: [], cpu: [], floor: [] };
        r.rps.push(load.rps);
        r.cpu.push(load.cpuMs);
        results.set(`${p.key} ${s.name}`, r);
      }
    }
    for (const s of sides) {
      const floor = results.get(`floor-cache ${s.name}`)!.rps[round]!;
      for (const p of s.phases) results.get(`${p.key} ${s.name}`)!.floor.push(results.get(`${p.key} ${s.name}`)!.rps[round]! / floor);
    }
    console.log(`round ${round + 1} done`);
  }
  console.log(`| phase | side | req/s (median of ${values.rounds}) | workerd CPU ms/req | × floor (median) | × floor per round |`);
  console.log("|---|---|--:|--:|--:|---|");
  for (const [key, r] of results) {
    const [phase, name] = key.split(" ");
    console.log(`| ${phase} | ${name} | ${median(r.rps).toFixed(0)} | ${median(r.cpu).toFixed(2)} | ${median(r.floor).toFixed(2)} | ${r.floor.map((x) => x.toFixed(2)).join(" ")} |`);
  }
} finally {
  for (const s of sides) {
    await s.rt.dispose();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
