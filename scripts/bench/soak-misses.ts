// Diagnostic, not part of the bench: how much does one read phase move from one measurement to the
// next on the same process, and does it drift the longer workerd runs? Seeds one newsroom per size
// (each its own workerd, all kept running), then measures the given phases again and again, the
// sizes back to back within each pass (paired, as a rounds run does), printing each measurement's
// req/s and CPU beside workerd's RSS and the isolate's V8 heap (read through the inspector), and at
// the end each phase's median per size and the median and spread of the paired ratios. With
// --filler, every other read phase runs between two passes, as in a rounds run.
//   tsx scripts/bench/soak-misses.ts [--sizes 1000,100000] [--phases api-article:miss,…] [--minutes 20]
//                                    [--duration 5] [--filler] [--snapshot DIR (first size only)]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildWorker } from "./build";
import { loadFixtures } from "./fixtures";
import { rssMiB } from "./host-state";
import { inspector, workerTarget } from "./inspector";
import { runLoad } from "./load";
import { createBenchKey, ghostPhases } from "./phases-ghost";
import { autocannonRequest, isFixed, readPhases, type ReadPhase } from "./phases-read";
import { median } from "./results";
import { startRuntime, type Runtime } from "./runtime";
import { seed } from "./seed";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,100000" },
    phases: { type: "string", default: "api-article:miss,ghost-post-slug:miss" },
    duration: { type: "string", default: "5" },
    minutes: { type: "string", default: "20" },
    filler: { type: "boolean", default: false },
    snapshot: { type: "string" },
  },
});
const INSPECTOR_PORT = 9340;
const sizes = values.sizes.split(",").map(Number);
const wanted = values.phases.split(",");

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

interface Size {
  n: number;
  rt: Runtime;
  dir: string;
  phases: ReadPhase[];
  heap: () => Promise<string>;
  snapshot: (name: string) => Promise<void>;
  close: () => void;
}

async function openSize(n: number, port: number): Promise<Size> {
  const dir = mkdtempSync(join(tmpdir(), "copydesk-soak-db-"));
  const rt = await startRuntime(bundle, dir, undefined, { inspectorPort: port });
  const t0 = performance.now();
  await seed(rt.exec, root, n);
  console.log(`seeded ${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const f = await loadFixtures(rt);
  const phases = [...readPhases(f, 8192), ...ghostPhases(f, await createBenchKey(rt))].filter((p) => p.kind !== "floor");
  const cdp = await inspector(await workerTarget(port));
  await cdp.send("HeapProfiler.enable");
  return {
    n,
    rt,
    dir,
    phases,
    heap: async () => {
      const h = await cdp.send<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
      return `heap ${(h.usedSize / 2 ** 20).toFixed(0)}/${(h.totalSize / 2 ** 20).toFixed(0)} MiB`;
    },
    snapshot: async (name) => {
      if (!values.snapshot) return;
      await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      writeFileSync(join(values.snapshot, `${n}-${name}.heapsnapshot`), cdp.takeChunks());
      console.log(`  snapshot ${n}-${name} written`);
    },
    close: () => cdp.close(),
  };
}

const bundle = buildWorker(root, { minify: false });
const open: Size[] = [];
try {
  for (const [i, n] of sizes.entries()) open.push(await openSize(n, INSPECTOR_PORT + i));
  const rps = new Map<string, number[]>();
  const until = performance.now() + Number(values.minutes) * 60_000;
  const started = performance.now();
  for (let pass = 1; performance.now() < until; pass++) {
    for (const key of wanted) {
      // The first size rotates, as in a rounds run: neither size always goes first.
      const order = open.map((_, i) => open[(i + pass) % open.length]!);
      for (const s of order) {
        const p = s.phases.find((x) => x.key === key)!;
        const r = await runLoad({ url: s.rt.url, connections: 32, duration: Number(values.duration), warmup: 2, request: autocannonRequest(p, isFixed(p)) }, s.rt.pid);
        (rps.get(`${key} ${s.n}`) ?? rps.set(`${key} ${s.n}`, []).get(`${key} ${s.n}`)!).push(r.rps);
        const min = ((performance.now() - started) / 60_000).toFixed(1);
        console.log(`${min.padStart(5)} min #${pass} ${key.padEnd(22)} ${String(s.n).padStart(6)} ${r.rps.toFixed(0).padStart(5)} req/s cpu ${r.cpuMs.toFixed(2)} ms p50 ${r.p50.toFixed(1)} ms  rss ${rssMiB(s.rt.pid).toFixed(0)} MiB ${await s.heap()}`);
      }
    }
    if (pass === 1) await open[0]!.snapshot("first");
    if (values.filler) for (const s of open) for (const p of s.phases.filter((x) => !wanted.includes(x.key))) await runLoad({ url: s.rt.url, connections: 32, duration: 5, warmup: 2, request: autocannonRequest(p, isFixed(p)) }, s.rt.pid);
  }
  await open[0]!.snapshot("last");
  const [small, ...larger] = open;
  for (const key of wanted) {
    const base = rps.get(`${key} ${small!.n}`)!;
    console.log(`${key}: ${small!.n} median ${median(base).toFixed(0)} req/s (${quantile(base, 0.1).toFixed(0)}–${quantile(base, 0.9).toFixed(0)}, 10th–90th)`);
    for (const s of larger) {
      const xs = rps.get(`${key} ${s.n}`)!;
      const ratios = xs.map((x, i) => x / base[i]!);
      console.log(`  ${s.n}: median ${median(xs).toFixed(0)} req/s (${quantile(xs, 0.1).toFixed(0)}–${quantile(xs, 0.9).toFixed(0)}); ratio of medians ${(median(xs) / median(base)).toFixed(2)}; paired ratios median ${median(ratios).toFixed(2)} (${quantile(ratios, 0.1).toFixed(2)}–${quantile(ratios, 0.9).toFixed(2)}), n=${ratios.length}`);
    }
  }
} finally {
  for (const s of open) {
    s.close();
    await s.rt.dispose();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
