// `npm run bench`: builds the Worker as it would deploy, runs it in one local workerd against a
// freshly seeded D1 for each newsroom size, drives every endpoint with autocannon, and writes
// bench/results.json and bench/results.md. Not part of `npm test`: it takes minutes, not seconds.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseOptions } from "./args";
import { buildWorker } from "./build";
import { describeMachine } from "./machine";
import { renderMarkdown, widgetCells } from "./report";
import { evaluateTargets, type BenchResults, type RunResult } from "./results";
import { benchRounds } from "./rounds";
import { benchSize } from "./run-size";
import { evaluateIssue17 } from "./targets-issue17";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const opts = parseOptions(process.argv.slice(2));
const started = performance.now();

// Recorded before building: the tree may change (other people's edits) while the bench runs.
const source = sourceVersion();
console.log("Building the Worker (wrangler deploy --dry-run)…");
const bundle = buildWorker(root);
console.log(`  ${(bundle.sizes.workerRaw / 1024).toFixed(1)} KiB raw, ${(bundle.sizes.workerGzip / 1024).toFixed(1)} KiB gzip`);
console.log(`  feed widget: ${widgetCells(bundle.sizes.widget).join(" raw; gzip ")}`);

const runs: RunResult[] = [];
if (opts.rounds > 1) runs.push(...(await benchRounds(root, bundle, opts)));
else {
  for (const articles of opts.sizes) {
    console.log(`\n${articles.toLocaleString("en-US")} articles`);
    const run = await benchSize(root, bundle, articles, opts);
    console.log(`  seeded in ${run.seed.seconds.toFixed(1)} s`);
    runs.push(run);
  }
}

/** Read-only git: which code these numbers belong to. */
function sourceVersion() {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
    return { commit: git("rev-parse", "--short", "HEAD"), dirty: git("status", "--porcelain", "--", "src", "migrations", "wrangler.toml") !== "" };
  } catch {
    return { commit: "unknown", dirty: false };
  }
}

const results: BenchResults = {
  date: new Date().toISOString(),
  source,
  machine: describeMachine(),
  bundle: bundle.sizes,
  settings: { duration: opts.duration, warmup: opts.warmup, readConnections: opts.readConnections, writeConnections: opts.writeConnections, ...(opts.rounds > 1 && { rounds: opts.rounds }), ...(opts.rounds > 1 && opts.confirm > 0 && { confirm: opts.confirm }), ...(opts.warmDb && { warmDb: true }) },
  runs,
  targets: evaluateTargets(runs, bundle.sizes),
  issue17: evaluateIssue17(runs, bundle.sizes),
};
const outDir = isAbsolute(opts.outDir) ? opts.outDir : join(root, opts.outDir);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, "results.md"), renderMarkdown(results));
console.log(`\nTargets:`);
for (const t of results.targets) console.log(`  ${t.status === "met" ? "✓" : t.status === "missed" ? "✗" : "·"} ${t.target}: ${t.detail}`);
console.log(`\nIssue 17 targets:`);
for (const t of results.issue17) console.log(`  ${t.status === "met" ? "✓" : t.status === "missed" ? "✗" : "·"} ${t.target}: ${t.detail}`);
console.log(`\nWrote ${join(outDir, "results.md")} and results.json in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
