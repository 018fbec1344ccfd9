/// <reference path="../../scripts/bench/autocannon.d.ts" />
// `npm run bench -- --rounds N` keeps one row per (size, phase): the median round, whole, with what
// any round saw that a single round could hide (scripts/bench/rounds-median.ts). The flatness verdict
// compares those rows, so these pin which round is kept and what is folded in.
import { describe, expect, it } from "vitest";
import type { PhaseResult, RunResult } from "../../scripts/bench/results";
import { medianRound } from "../../scripts/bench/rounds-median";
import { evaluateIssue17 } from "../../scripts/bench/targets-issue17";

function round(rps: number, extra: Partial<PhaseResult> = {}): PhaseResult {
  return { key: "feed-rss:miss", label: "/feed.xml", kind: "feed", cache: "miss", connections: 32, requests: rps * 5, seconds: 5, rps, ratio: rps / 10000, p50: 1000 / rps, p99: 2000 / rps, cpuMs: 1, clientCpuMs: 0, otherCores: 0, statements: [2], statuses: { 200: rps * 5 }, errors: 0, ...extra };
}

describe("medianRound", () => {
  it("keeps the median round by req/s whole: its latencies and CPU with its req/s", () => {
    const m = medianRound([round(900, { cpuMs: 1.9 }), round(700, { cpuMs: 2.5 }), round(800, { cpuMs: 2.1 })]);
    expect(m.rps).toBe(800);
    expect(m.cpuMs).toBe(2.1);
    expect(m.p50).toBeCloseTo(1.25);
    expect(m.rounds).toEqual([900, 700, 800]);
  });

  it("an even count keeps the upper middle, as the reports' median does", () => {
    expect(medianRound([round(100), round(400), round(300), round(200)]).rps).toBe(300);
  });

  it("folds in what any round saw: statements, non-2xx, errors, failures, the busiest machine", () => {
    const m = medianRound([
      round(800, { statements: [2, 2] }),
      round(500, { statements: [4], statuses: { 200: 10, 503: 2 }, errors: 1, failures: ["expected cache misses, sampled: hit"], otherCores: 0.6 }),
      round(900, { statements: [3] }),
    ]);
    expect(m.rps).toBe(800);
    expect(m.statements).toEqual([2, 2, 4, 3]);
    expect(m.statuses).toEqual({ 200: 4000 + 10 + 4500, 503: 2 });
    expect(m.errors).toBe(1);
    expect(m.failures).toEqual(["round 2: expected cache misses, sampled: hit"]);
    expect(m.otherCores).toBe(0.6);
  });

  it("leaves optional samples absent when no round had them, and joins them when some did", () => {
    expect(medianRound([round(1), round(2)]).pageStatements).toBeUndefined();
    expect(medianRound([round(1, { pageStatements: [1] }), round(2)]).pageStatements).toEqual([1]);
  });

  it("refuses rounds of different phases and no rounds at all", () => {
    expect(() => medianRound([round(1), { ...round(2), key: "feed-json:miss" }])).toThrow(/different phases/);
    expect(() => medianRound([])).toThrow(/no rounds/);
  });
});

describe("the flatness verdict over medians", () => {
  const run = (articles: number, phases: PhaseResult[]): RunResult => ({ articles, published: articles, seed: { seconds: 1, statements: 1, batches: 1, dbBytes: 1 }, tag: { slug: "t", articles: 1 }, rareTag: { slug: "r", articles: 1 }, phases });
  const flat = (runs: RunResult[]) => evaluateIssue17(runs, { workerRaw: 1, workerGzip: 1, adminGzip: null, widget: null }).find((t) => t.target.startsWith("Every public phase"))!;

  it("one round's outlier at the large size does not decide it; the median does, and the detail says so", () => {
    const small = medianRound([round(1000), round(980), round(1020)]);
    const large = medianRound([round(1010), round(1300), round(990)]);
    const t = flat([run(1000, [small]), run(100000, [large])]);
    expect(t.status).toBe("met");
    expect(t.detail).toContain("medians of 3 rounds");
  });

  it("a median outside ±20% still misses", () => {
    const t = flat([run(1000, [medianRound([round(1000), round(1000), round(1000)])]), run(100000, [medianRound([round(750), round(1300), round(760)])])]);
    expect(t.status).toBe("missed");
    expect(t.detail).toContain("feed-rss:miss −24%");
  });
});
