// The editorial rows, A/B: the Worker of another checkout (A, e.g. a worktree of an older commit with
// node_modules linked) and of this one (B), each built, seeded and driven by its own checkout's bench
// code (their schemas may differ), each in its own workerd, measured in turns — A, B, then B, A — so
// that what other processes do to a shared machine falls on both alike. `writes`: the bench's save
// (the whole article re-sent, one word of its lede changed) and publish (a draft) phases; `lists`:
// the editorial list's read phases (first page, deep cursor, filters, `?q=`). Prints each round and
// the medians of the paired ratios B ÷ A.
//   tsx scripts/bench/ab-editorial.ts --base /tmp/base-checkout [--only writes,lists] [--rounds 10] [--articles 10000]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runLoad } from "./load";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({
  options: { base: { type: "string" }, only: { type: "string", default: "writes,lists" }, rounds: { type: "string", default: "10" }, articles: { type: "string", default: "10000" }, duration: { type: "string", default: "6" } },
});
if (!values.base) throw new Error("--base <directory of the other checkout> is required");
const PUBLISHES = 300;

/** workerd processes now running: each side's is the one that appeared when it started. */
function workerds(): number[] {
  return readdirSync("/proc").filter((n) => /^\d+$/.test(n)).flatMap((n) => {
    try {
      return readFileSync(`/proc/${n}/comm`, "utf8").trim() === "workerd" ? [Number(n)] : [];
    } catch {
      return []; // ended while we looked
    }
  });
}

async function side(name: string, checkout: string) {
  const mod = (file: string) => import(join(checkout, "scripts", "bench", file));
  const files = ["build.ts", "runtime.ts", "seed.ts", "fixtures.ts", "phases-write.ts", "phases-editorial.ts", "phases-read.ts"];
  const [build, runtime, seed, fixtures, writes, editorial, read] = await Promise.all(files.map(mod));
  const before = workerds();
  const dir = mkdtempSync(join(tmpdir(), `copydesk-ab-${name}-db-`));
  const rt = await runtime.startRuntime(build.buildWorker(checkout), dir);
  // Found here, not by the checkout's runtime.ts: an older one may pick the other side's workerd.
  const pid = workerds().find((p) => !before.includes(p));
  if (!pid) throw new Error(`no workerd for ${name}`);
  const seeded = await seed.seed(rt.exec, checkout, Number(values.articles));
  const token = seeded.admin.token as string;
  const lists = (editorial.editorialListPhases(await fixtures.loadFixtures(rt), token) as { key: string }[]).map((phase) => ({ key: phase.key, request: read.autocannonRequest(phase, read.isFixed(phase)) }));
  return { name, rt, dir, pid, fixtures, writes, token, lists, targets: (await fixtures.pickSaveTargets(rt, 16)) as string[] };
}
type Side = Awaited<ReturnType<typeof side>>;

async function saves(s: Side) {
  const save = await s.writes.prepareSaves(s.rt.url, s.token, s.targets);
  return runLoad({ url: s.rt.url, connections: 4, duration: Number(values.duration), warmup: 1, quietWait: 5, request: save.request, onMeasureStart: save.reset }, s.pid);
}
async function publishes(s: Side) {
  const ids = await s.fixtures.preparePublishTargets(s.rt, PUBLISHES + 20);
  const publish = s.writes.preparePublishes(s.token, ids);
  return runLoad({ url: s.rt.url, connections: 4, duration: Number(values.duration), warmup: 0, warmupAmount: 12, amount: PUBLISHES, quietWait: 5, request: publish.request, onMeasureStart: publish.reset }, s.pid);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const only = values.only.split(",");
const a = await side("A", resolve(values.base));
const b = await side("B", root);
type Load = { rps: number; cpuMs: number };
const cell = (x: Load) => `${x.rps.toFixed(1)} req/s ${x.cpuMs.toFixed(2)} ms`;
const ratios = new Map<string, { rps: number[]; cpu: number[] }>();
function paired(row: string, ra: Load, rb: Load) {
  const r = ratios.get(row) ?? { rps: [], cpu: [] };
  r.rps.push(rb.rps / ra.rps);
  r.cpu.push(rb.cpuMs / ra.cpuMs);
  ratios.set(row, r);
  return `${row}: A ${cell(ra)} · B ${cell(rb)}`;
}
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 ? [b, a] : [a, b];
    const line: string[] = [];
    if (only.includes("lists")) {
      for (const key of a.lists.map((l) => l.key)) {
        const got = new Map<Side, Load>();
        for (const s of order) {
          const phase = s.lists.find((l) => l.key === key)!;
          got.set(s, await runLoad({ url: s.rt.url, connections: 32, duration: Number(values.duration), warmup: 1, quietWait: 5, request: phase.request }, s.pid));
        }
        line.push(paired(key, got.get(a)!, got.get(b)!));
      }
    }
    if (only.includes("writes")) {
      // All saves first: a publish round turns old published stories into drafts, never the saved ones mid-phase.
      const save = new Map<Side, Load>();
      for (const s of order) save.set(s, await saves(s));
      const publish = new Map<Side, Load>();
      for (const s of order) publish.set(s, await publishes(s));
      line.push(paired("save", save.get(a)!, save.get(b)!), paired("publish", publish.get(a)!, publish.get(b)!));
    }
    console.log(`round ${round + 1}:\n  ${line.join("\n  ")}`);
  }
  for (const [row, r] of ratios) {
    const spread = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
    console.log(`${row.padEnd(28)} B ÷ A over ${r.rps.length} rounds: req/s ${spread(r.rps)}, CPU ${spread(r.cpu)}`);
  }
} finally {
  for (const s of [a, b]) {
    await s.rt.dispose();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
