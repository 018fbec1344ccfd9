// Judges a saved run again with the targets as they are now defined (targets-issue17.ts, results.ts)
// and writes its results.md again: for a run made before a target's definition changed. The
// measurements are not touched; results.json records when and by which code it was judged again.
//
//   PATH=node_modules/node/bin:$PATH node --import tsx scripts/bench/re-evaluate.ts bench/<dir>
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderMarkdown } from "./report";
import { evaluateTargets, type BenchResults } from "./results";
import { withBaselineRatios } from "./rounds-median";
import { evaluateIssue17 } from "./targets-issue17";

const dir = process.argv[2];
if (!dir) throw new Error("usage: re-evaluate.ts <directory holding results.json>");
const file = join(dir, "results.json");
const results = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
// A run in rounds made before its rows' ratios were to the median baseline (rounds-median.ts).
if (results.settings.rounds) for (const run of results.runs) run.phases = withBaselineRatios(run.phases);
results.targets = evaluateTargets(results.runs, results.bundle);
results.issue17 = evaluateIssue17(results.runs, results.bundle);
results.judgedAgain = { date: new Date().toISOString(), commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim() };
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(dir, "results.md"), renderMarkdown(results));
for (const t of results.issue17) console.log(`${t.status === "met" ? "✓" : t.status === "missed" ? "✗" : "·"} ${t.target}: ${t.detail}`);
