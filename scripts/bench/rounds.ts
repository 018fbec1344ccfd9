// `npm run bench -- --sizes 1000,10000,100000 --rounds 3`: every size seeded first and kept running
// (one workerd each), then each read phase measured at every size in turn, round after round, the
// first size rotating. A 5 s phase's req/s moves ±25% from one run to the next on a shared machine;
// measured this way a drift in the machine's load falls on every size alike, and each (size, phase)
// row is its median round (rounds-median.ts), which is what "flat from 1,000 to 100,000" compares.
// With --confirm N, each public row a round left on the wrong side of the flat-with-size band (see
// `unsettled`) then runs N more rounds at every size, and is judged on all of them. The phases after
// the reads (d1-apart, outage, writes, …) then run once per size, as without rounds, each size closed
// once they are done.
import type { BenchOptions } from "./args";
import type { Bundle } from "./build";
import { logPhase } from "./log-size";
import type { PhaseResult, RunResult } from "./results";
import { closeEvery, interleave, medianRound, unsettled, withBaselineRatios } from "./rounds-median";
import { closeSize, finishSize, measureRead, openSize, type SizeSession } from "./run-size";
import { isPublicEndpoint, SCALING_BAND } from "./targets-issue17";

const label = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

export async function benchRounds(root: string, bundle: Bundle, opts: BenchOptions): Promise<RunResult[]> {
  // Sessions still running: each is closed once its phases after the reads are done, the rest on a failure.
  const open: SizeSession[] = [];
  try {
    for (const articles of opts.sizes) {
      console.log(`\n${articles.toLocaleString("en-US")} articles: seeding (kept running for the rounds)`);
      const s = await openSize(root, bundle, articles, opts);
      console.log(`  seeded in ${s.seeded.seconds.toFixed(1)} s`);
      open.push(s);
    }
    const sessions = [...open];
    const measured = new Map(sessions.map((s) => [s, new Map<string, PhaseResult[]>()]));
    const keys = [...new Set(sessions.flatMap((s) => s.reads.map((p) => p.key)))];
    let shown = -1;
    const measureRounds = async (rounds: number, from: number, of: number, which: string[]) => {
      for (const { round, key, size } of interleave(sessions.length, rounds, which)) {
        const s = sessions[size]!;
        if (from + round !== shown) console.log(`\nRound ${(shown = from + round) + 1} of ${of}`);
        const phase = s.reads.find((p) => p.key === key);
        if (!phase) continue;
        const result = await measureRead(s, phase, opts);
        const rows = measured.get(s)!;
        rows.set(key, [...(rows.get(key) ?? []), result]);
        logPhase(result, `${label(s.articles).padStart(5)} `);
      }
    };
    await measureRounds(opts.rounds, 0, opts.rounds, keys);
    const again = opts.confirm > 0 && sessions.length > 1 ? unsettled(measured.get(sessions[0]!)!, measured.get(sessions.at(-1)!)!, SCALING_BAND, isPublicEndpoint) : [];
    if (again.length) {
      console.log(`\nNot settled by ${opts.rounds} rounds (a round outside ±${SCALING_BAND * 100}%): ${again.join(", ")}; ${opts.confirm} more rounds of each`);
      await measureRounds(opts.confirm, opts.rounds, opts.rounds + opts.confirm, again);
    }
    const runs: RunResult[] = [];
    for (const s of sessions) {
      s.phases = withBaselineRatios(s.reads.map((p) => medianRound(measured.get(s)!.get(p.key)!)));
      console.log(`\n${s.articles.toLocaleString("en-US")} articles: medians of ${opts.rounds} rounds${again.length ? ` (${opts.rounds + opts.confirm} for ${again.join(", ")})` : ""}, then the phases after the reads`);
      for (const p of s.phases) logPhase(p);
      runs.push(await finishSize(s, bundle, opts));
      // Closed before the next size's later phases: those run as they would without rounds.
      open.splice(open.indexOf(s), 1);
      await closeSize(s, opts);
    }
    return runs;
  } catch (err) {
    await closeEvery(open, (s) => closeSize(s, opts)).catch((e) => console.error(`  ⚠ closing a size after a failure: ${e instanceof Error ? e.message : String(e)}`));
    throw err;
  }
}
