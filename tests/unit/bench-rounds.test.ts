/// <reference path="../../scripts/bench/autocannon.d.ts" />
// `npm run bench -- --rounds N` keeps one row per (size, phase): the median round, whole, with what
// any other round saw said beside it (scripts/bench/rounds-median.ts); the flatness verdict pairs the
// sizes round by round (targets-issue17.ts sizeChange). These pin which round is kept, what is
// folded in, the order the rounds run in, and that every size is closed whatever fails.
import { describe, expect, it } from "vitest";
import type { PhaseResult, RunResult } from "../../scripts/bench/results";
import { closeEvery, interleave, medianRound, unsettled, withBaselineRatios } from "../../scripts/bench/rounds-median";
import { evaluateIssue17, isPublicEndpoint, sizeChange } from "../../scripts/bench/targets-issue17";

function round(rps: number, extra: Partial<PhaseResult> = {}): PhaseResult {
  return { key: "feed-rss:miss", label: "/feed.xml", kind: "feed", cache: "miss", connections: 32, requests: rps * 5, seconds: 5, rps, ratio: rps / 10000, p50: 1000 / rps, p99: 2000 / rps, cpuMs: 1, clientCpuMs: 0, otherCores: 0, statements: [2], statuses: { 200: rps * 5 }, errors: 0, ...extra };
}

describe("medianRound", () => {
  it("keeps the median round by req/s whole: its latencies, CPU and statuses with its req/s", () => {
    const m = medianRound([round(900, { cpuMs: 1.9 }), round(700, { cpuMs: 2.5 }), round(800, { cpuMs: 2.1 })]);
    expect(m.rps).toBe(800);
    expect(m.cpuMs).toBe(2.1);
    expect(m.p50).toBeCloseTo(1.25);
    expect(m.statuses).toEqual({ 200: 4000 });
    expect(m.requests).toBe(4000);
    expect(m.rounds).toEqual([900, 700, 800]);
  });

  it("an even count keeps the upper middle, as the reports' median does", () => {
    expect(medianRound([round(100), round(400), round(300), round(200)]).rps).toBe(300);
  });

  it("says what another round saw: its statements, non-2xx and errors, its failures, the busiest machine", () => {
    const m = medianRound([
      round(800, { statements: [2, 2] }),
      round(500, { statements: [4], statuses: { 200: 10, 503: 2 }, errors: 1, failures: ["expected cache misses, sampled: hit"], otherCores: 0.6 }),
      round(900, { statements: [3] }),
    ]);
    expect(m.rps).toBe(800);
    expect(m.statements).toEqual([2, 2, 4, 3]);
    expect(m.statuses).toEqual({ 200: 4000 });
    expect(m.errors).toBe(0);
    expect(m.failures).toEqual(["round 2: expected cache misses, sampled: hit", "round 2: 2×503 1 errors"]);
    expect(m.otherCores).toBe(0.6);
  });

  it("leaves optional samples absent when no round had them, and joins them when some did", () => {
    expect(medianRound([round(1), round(2)]).pageStatements).toBeUndefined();
    expect(medianRound([round(1, { pageStatements: [1] }), round(2)]).pageStatements).toEqual([1]);
    expect(medianRound([round(1), round(2)]).failures).toBeUndefined();
  });

  it("refuses rounds of different phases and no rounds at all", () => {
    expect(() => medianRound([round(1), { ...round(2), key: "feed-json:miss" }])).toThrow(/different phases/);
    expect(() => medianRound([])).toThrow(/no rounds/);
  });
});

describe("the rows' ratios, the order, the closing", () => {
  it("every row's × baseline is to the baseline row shown beside it, whichever round each was", () => {
    const rows = withBaselineRatios([{ ...round(10000), key: "baseline", ratio: 1 }, round(800, { ratio: 0.05 })]);
    expect(rows[1]!.ratio).toBeCloseTo(0.08);
    expect(rows[0]!.ratio).toBe(1);
    const none = [round(800, { ratio: 0.05 })];
    expect(withBaselineRatios(none)[0]!.ratio).toBe(0.05);
  });

  it("runs each phase at every size in turn, the first size rotating each round", () => {
    const order = interleave(3, 3, ["baseline", "feed-rss:miss"]).map(({ round, key, size }) => `${round}:${key}@${size}`);
    expect(order).toEqual([
      "0:baseline@0", "0:baseline@1", "0:baseline@2", "0:feed-rss:miss@0", "0:feed-rss:miss@1", "0:feed-rss:miss@2",
      "1:baseline@1", "1:baseline@2", "1:baseline@0", "1:feed-rss:miss@1", "1:feed-rss:miss@2", "1:feed-rss:miss@0",
      "2:baseline@2", "2:baseline@0", "2:baseline@1", "2:feed-rss:miss@2", "2:feed-rss:miss@0", "2:feed-rss:miss@1",
    ]);
  });

  it("closes every size when one close fails, then reports that failure", async () => {
    const closed: string[] = [];
    const close = async (s: string) => {
      if (s === "10k") throw new Error("10k would not stop");
      closed.push(s);
    };
    await expect(closeEvery(["1k", "10k", "100k"], close)).rejects.toThrow("10k would not stop");
    expect(closed).toEqual(["1k", "100k"]);
  });
});

describe("the flatness verdict over rounds", () => {
  const run = (articles: number, phases: PhaseResult[]): RunResult => ({ articles, published: articles, seed: { seconds: 1, statements: 1, batches: 1, dbBytes: 1 }, tag: { slug: "t", articles: 1 }, rareTag: { slug: "r", articles: 1 }, phases });
  const flat = (runs: RunResult[]) => evaluateIssue17(runs, { workerRaw: 1, workerGzip: 1, adminGzip: null, widget: null }).find((t) => t.target.startsWith("Every public phase"))!;
  const rounds = (...rps: number[]) => medianRound(rps.map((x) => round(x)));

  it("pairs the sizes round by round: a machine slower in one round moves both sizes, not the verdict", () => {
    // Round 2 ran on a busy machine at both sizes; the medians alone would compare 1000 with 780 (−22%).
    const small = rounds(1000, 700, 1040);
    const large = rounds(980, 690, 780);
    expect(large.rps / small.rps - 1).toBeCloseTo(-0.22);
    expect(sizeChange(small, large)).toBeCloseTo(-0.02, 5);
    const t = flat([run(1000, [small]), run(100000, [large])]);
    expect(t.status).toBe("met");
    expect(t.detail).toContain("the median of 3 rounds' own ratios");
  });

  it("a change outside ±20% in most rounds still misses", () => {
    const t = flat([run(1000, [rounds(1000, 1000, 1000)]), run(100000, [rounds(750, 1300, 760)])]);
    expect(t.status).toBe("missed");
    expect(t.detail).toContain("feed-rss:miss −24%");
  });

  it("rows measured once compare their req/s", () => {
    expect(sizeChange(round(1000), round(1250))).toBeCloseTo(0.25);
  });

  it("a row measured again (--confirm) is judged on all its rounds, and the detail says how many", () => {
    // Three rounds say −30%; twelve more, paired the same way, say the row is flat.
    const small = rounds(1000, 1000, 1000, ...Array<number>(12).fill(1000));
    const large = rounds(700, 690, 710, 980, 1010, 960, 990, 1000, 950, 1020, 970, 990, 1005, 985, 940);
    const list = (...rps: number[]) => medianRound(rps.map((x) => round(x, { key: "api-list:miss", kind: "api" })));
    const t = flat([run(1000, [small, list(500, 500, 500)]), run(100000, [large, list(490, 510, 505)])]);
    expect(t.status).toBe("met");
    expect(t.detail).toContain("the median of 3 rounds' own ratios; rounds of the rows measured again: feed-rss:miss 15");
  });
});

describe("rows the rounds leave unsettled (--confirm)", () => {
  const rows = (entries: [string, number[], Partial<PhaseResult>?][]) => new Map(entries.map(([key, rps, extra]) => [key, rps.map((x) => round(x, { key, ...extra }))]));

  it("a public row with any round outside the band, on either side; not one whose every round is inside", () => {
    const smallest = rows([["feed-rss:miss", [1000, 1000, 1000]], ["api-list:miss", [1000, 1000, 1000], { kind: "api" }], ["ghost-posts:miss", [1000, 1000, 1000], { kind: "ghost" }], ["feed-json:miss", [1000, 1000, 1000]]]);
    const largest = rows([["feed-rss:miss", [1000, 790, 1000]], ["api-list:miss", [1210, 1000, 1000], { kind: "api" }], ["ghost-posts:miss", [700, 690, 650], { kind: "ghost" }], ["feed-json:miss", [810, 1190, 1000]]]);
    expect(unsettled(smallest, largest, 0.2, isPublicEndpoint)).toEqual(["feed-rss:miss", "api-list:miss", "ghost-posts:miss"]);
  });

  it("leaves out rows the target does not judge, rows missing at one end, and a round with no requests is unsettled", () => {
    const smallest = rows([["editorial-save", [100, 100, 100], { kind: "write" }], ["feed-atom:miss", [1000, 1000, 1000]], ["feed-tag:miss", [0, 1000, 1000]]]);
    const largest = rows([["editorial-save", [50, 50, 50], { kind: "write" }], ["feed-tag:miss", [1000, 1000, 1000]]]);
    expect(unsettled(smallest, largest, 0.2, isPublicEndpoint)).toEqual(["feed-tag:miss"]);
  });
});
