// `--rounds N`: every read phase measured N times, sizes interleaved (bench/rounds.ts). One row per
// (size, phase) comes out of the N: the round whose req/s is the median, whole — its latencies, CPU
// and statuses belong to the same five seconds as its req/s — with what any other round saw that a
// single round could hide said beside it (a non-2xx, an error, a statement count, a cache state).
// Also the order the rounds run in, and closing every size whatever fails.
// Imports nothing from Node: tests/unit/bench-rounds.test.ts runs it in workerd.
import type { PhaseResult } from "./results";

export function medianRound(rounds: PhaseResult[]): PhaseResult {
  if (!rounds.length) throw new Error("medianRound: no rounds");
  const key = rounds[0]!.key;
  if (rounds.some((r) => r.key !== key)) throw new Error(`medianRound: rounds of different phases (${rounds.map((r) => r.key).join(", ")})`);
  // Upper middle for an even count, as results.ts's median(): the same row the tables' medians name.
  const chosen = [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;
  // The other rounds' non-2xx and errors as failures: the row's statuses stay its own round's
  // (shares of its `requests`), and a 503 in any round still shows.
  const failures = rounds.flatMap((r, i) => {
    const bad = Object.entries(r.statuses).filter(([s, n]) => !s.startsWith("2") && n > 0);
    const own = (r.failures ?? []).map((f) => `round ${i + 1}: ${f}`);
    if (r === chosen || (!bad.length && !r.errors)) return own;
    return [...own, `round ${i + 1}: ${[...bad.map(([s, n]) => `${n}×${s}`), ...(r.errors ? [`${r.errors} errors`] : [])].join(" ")}`];
  });
  const all = <T>(pick: (r: PhaseResult) => T[] | undefined): T[] | undefined => (rounds.some((r) => pick(r)) ? rounds.flatMap((r) => pick(r) ?? []) : undefined);
  return {
    ...chosen,
    // Every round's statements: the ≤ 3 verdict is a maximum, so a round's extra statement counts.
    statements: rounds.flatMap((r) => r.statements),
    pageStatements: all((r) => r.pageStatements),
    noticedMs: all((r) => r.noticedMs),
    cacheStates: all((r) => r.cacheStates),
    // The most any round saw: a busy machine in one round is said, even if another round was chosen.
    otherCores: Math.max(...rounds.map((r) => r.otherCores)),
    failures: failures.length ? failures : undefined,
    rounds: rounds.map((r) => r.rps),
  };
}

/**
 * Each row's × baseline against the baseline row beside it (itself a median round): a row's own
 * round's baseline ran minutes earlier, and a ratio to a baseline not shown would not match the
 * table. Rows without a baseline in the run keep theirs.
 */
export function withBaselineRatios(phases: PhaseResult[]): PhaseResult[] {
  const base = phases.find((p) => p.key === "baseline");
  if (!base || !(base.rps > 0)) return phases;
  return phases.map((p) => ({ ...p, ratio: p.rps / base.rps }));
}

/**
 * The order of a run in rounds: round by round, phase by phase, every size in turn, the first size
 * rotating each round (1k, 10k, 100k; then 10k, 100k, 1k; …) so that none always runs right after
 * another's load.
 */
export function interleave(sizes: number, rounds: number, keys: readonly string[]): { round: number; key: string; size: number }[] {
  const order: { round: number; key: string; size: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const key of keys) for (let i = 0; i < sizes; i++) order.push({ round, key, size: (round + i) % sizes });
  }
  return order;
}

/**
 * The read phases a run's rounds leave unsettled for "flat with size" (`--confirm`): a row the target
 * judges (`judged`) measured at both the smallest and the largest size, one of whose rounds has its
 * paired ratio (largest ÷ smallest, req/s) outside 1 ± band. Its verdict is the median of those ratios,
 * and one 5 s phase moves ±25% here with nothing else changing, so three rounds can put an unchanged
 * row on either side of the band: such a row is measured again, whichever side its median is on, and
 * judged on all its rounds. A row whose every round is inside the band is settled.
 */
export function unsettled(smallest: ReadonlyMap<string, PhaseResult[]>, largest: ReadonlyMap<string, PhaseResult[]>, band: number, judged: (p: PhaseResult) => boolean): string[] {
  const keys: string[] = [];
  for (const [key, small] of smallest) {
    const large = largest.get(key);
    if (!large || large.length !== small.length || !judged(small[0]!)) continue;
    const ratios = small.map((p, i) => (p.rps > 0 ? large[i]!.rps / p.rps : NaN));
    if (ratios.some((r) => !(Math.abs(r - 1) <= band))) keys.push(key);
  }
  return keys;
}

/** Closes every item even when some fail; then throws the first failure (a leaked workerd keeps its port and memory). */
export async function closeEvery<T>(items: readonly T[], close: (item: T) => Promise<void>): Promise<void> {
  const outcomes = await Promise.allSettled(items.map((item) => close(item)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
}
