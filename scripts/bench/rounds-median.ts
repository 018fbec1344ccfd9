// `--rounds N`: every read phase measured N times, sizes interleaved (bench/rounds.ts). One row per
// (size, phase) comes out of the N: the round whose req/s is the median, whole — its latencies and
// CPU belong to the same five seconds as its req/s — with what every round saw folded in where a
// single round could hide it (a non-2xx, an error, a statement count, a cache state).
// Imports nothing from Node: tests/unit/bench-rounds.test.ts runs it in workerd.
import type { PhaseResult } from "./results";

export function medianRound(rounds: PhaseResult[]): PhaseResult {
  if (!rounds.length) throw new Error("medianRound: no rounds");
  const key = rounds[0]!.key;
  if (rounds.some((r) => r.key !== key)) throw new Error(`medianRound: rounds of different phases (${rounds.map((r) => r.key).join(", ")})`);
  // Upper middle for an even count, as results.ts's median(): the same row the tables' medians name.
  const byRps = [...rounds].sort((a, b) => a.rps - b.rps);
  const chosen = byRps[Math.floor(byRps.length / 2)]!;
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const failures = rounds.flatMap((r, i) => (r.failures ?? []).map((f) => `round ${i + 1}: ${f}`));
  const all = <T>(pick: (r: PhaseResult) => T[] | undefined): T[] | undefined => (rounds.some((r) => pick(r)) ? rounds.flatMap((r) => pick(r) ?? []) : undefined);
  return {
    ...chosen,
    // Every round's statements: the ≤ 3 verdict is a maximum, so a round's extra statement counts.
    statements: rounds.flatMap((r) => r.statements),
    pageStatements: all((r) => r.pageStatements),
    noticedMs: all((r) => r.noticedMs),
    cacheStates: all((r) => r.cacheStates),
    statuses,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    // The most any round saw: a busy machine in one round is said, even if another round was chosen.
    otherCores: Math.max(...rounds.map((r) => r.otherCores)),
    failures: failures.length ? failures : undefined,
    rounds: rounds.map((r) => r.rps),
  };
}
