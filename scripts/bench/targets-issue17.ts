// Issue 17's targets, each met or missed by this run's own numbers (ratios to rows of the same run,
// never to figures written down elsewhere): hits at the Cache API floor, what a miss costs, flat
// with size, readers served through a D1 outage, and the archive's bytes.
// Imports nothing from Node: tests/unit/bench-targets.test.ts runs it in workerd.
import type { ApartRow } from "./phase-d1-apart";
import { cpuPerRequest, max, median, type BenchResults, type PhaseResult, type RunResult, type Target } from "./results";

export const FLOOR_KEY = "floor-cache";
export const HIT_FLOOR_RATIO = 0.9;
export const MISS_CPU_MS = { feed20: 4, feed50: 8, article: 2 } as const;
export const MISS_STATEMENTS = 3;
export const SCALING_BAND = 0.2;
export const HISTORY_REVISIONS = 10;
/** D1's limits per database, in decimal units as Cloudflare states them. */
export const D1_LIMITS = { paid: 10e9, free: 500e6 } as const;
export const PROJECTED_ARTICLES = 1_000_000;

const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "?");
const at = (run: RunResult) => `@${run.articles >= 1000 && run.articles % 1000 === 0 ? `${run.articles / 1000}k` : run.articles}`;
const isPublic = (p: PhaseResult) => p.kind === "feed" || p.kind === "api";
/** Flat with size is asked of every public endpoint: the Ghost-compatible API's too. */
export const isPublicEndpoint = (p: PhaseResult) => isPublic(p) || p.kind === "ghost";

/** req/s ÷ the same run's "floor: Cache API match" row, for hit rows (null otherwise or without the floor). */
export function floorRatio(p: PhaseResult, run: RunResult): number | null {
  const floor = run.phases.find((x) => x.key === FLOOR_KEY);
  return p.cache === "hit" && floor && floor.rps > 0 ? p.rps / floor.rps : null;
}

/** One check over every (run, row) picked; a row's message when it misses. */
function rows(target: string, runs: RunResult[], pick: (p: PhaseResult) => boolean, check: (p: PhaseResult, run: RunResult) => { miss: boolean; note: string } | null): Target {
  const notes: string[] = [];
  const misses: string[] = [];
  for (const run of runs) {
    for (const p of run.phases.filter(pick)) {
      const r = check(p, run);
      if (!r) continue;
      (r.miss ? misses : notes).push(`${p.key} ${at(run)}: ${r.note}`);
    }
  }
  if (!notes.length && !misses.length) return { target, status: "n/a", detail: "not measured in this run" };
  return misses.length ? { target, status: "missed", detail: misses.join("; ") } : { target, status: "met", detail: notes.join("; ") };
}

/**
 * A miss's CPU against its limit. The limits are a Worker's CPU (what Cloudflare bills and caps),
 * which does not include D1 running the statements: when the run measured the row again with D1 in
 * its own process (phase-d1-apart.ts), that figure is the verdict, the whole process (Worker and
 * D1's simulation together) beside it; otherwise the whole process's, and the note says which. An
 * apart row that answered nothing, failed, or answered otherwise than the main runtime measured
 * something else: it is not used (and the note says why).
 */
function cpuTarget(target: string, runs: RunResult[], pick: (p: PhaseResult) => boolean, limit: number) {
  return rows(target, runs, (p) => p.cache === "miss" && pick(p), (p, run) => {
    const whole = cpuPerRequest(p);
    const apart = run.apart?.rows.find((r) => r.key === p.key);
    const unusable = apart && apartUnusable(apart);
    if (!apart || unusable) {
      const why = unusable ? `apart run unusable: ${unusable}` : "not measured apart";
      return { miss: !(whole <= limit), note: `${fmt(whole)} ms with D1 in the process (${why})` };
    }
    return { miss: !(apart.cpuMs <= limit), note: `${fmt(apart.cpuMs)} ms with D1 apart (${fmt(whole)} ms with D1 in the process)` };
  });
}

/** Why an apart row measured something else than the row's work, or null when it is usable. */
export function apartUnusable(r: ApartRow): string | null {
  if (!(r.rps > 0) || !(r.cpuMs > 0)) return "no request answered";
  if (r.non2xx || r.errors) return `${r.non2xx} non-2xx, ${r.errors} errors`;
  if (r.same[0] < r.same[1]) return `${r.same[1] - r.same[0]} of ${r.same[1]} sampled answers differ`;
  return null;
}

const ofOutage = (run: RunResult, key: string) => run.outage?.runs.find((r) => r.key === key);
const share = (counts: Record<string, number>, ok: (k: string) => boolean) => Object.entries(counts).reduce((n, [k, c]) => n + (ok(k) ? c : 0), 0);
const countsText = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${n}×${k}`).join(" ");

function outageTargets(runs: RunResult[]): Target[] {
  const measured = runs.filter((r) => r.outage);
  const none = (target: string): Target => ({ target, status: "n/a", detail: "not measured in this run (--only d1-outage)" });
  const failing = "With D1 failing, cached feeds and articles answer 200 (stale, said in a header), uncached ones a 503 problem";
  // A page with no last good copy waits for a slow D1 (README "Caching": a slow answer beats none),
  // so uncached pages must answer 200 late or a 503 problem, and never a 500.
  const slow = "With D1 stalling past the budget, cached feeds and articles answer 200 without waiting for it (p99 below the stall), uncached ones 200 once D1 answers or a 503 problem, never a 5xx otherwise";
  const writes = "With D1 failing, editorial saves answer a 503 problem and change nothing";
  if (!measured.length) return [none(failing), none(slow), none(writes)];
  // Misses and notes (what met looked like) of each of the three targets.
  const fail: string[] = [];
  const failOk: string[] = [];
  const slowMiss: string[] = [];
  const slowOk: string[] = [];
  const writeMiss: string[] = [];
  const writeOk: string[] = [];
  for (const run of measured) {
    const cached = ofOutage(run, "cached-fail");
    const cold = ofOutage(run, "uncached-fail");
    if (cached) {
      const ok = share(cached.statuses, (s) => s === "200");
      const stale = share(cached.cache, (v) => /stale/i.test(v)) + share(cached.cacheStatus, (v) => /stale/i.test(v));
      const line = `cached ${at(run)}: ${countsText(cached.statuses)}; x-copydesk-cache ${countsText(cached.cache)}; Cache-Status ${countsText(cached.cacheStatus)}`;
      (ok !== cached.requests || !cached.requests || !stale ? fail : failOk).push(line);
    }
    if (cold) {
      const problems = share(cold.errorTypes, (t) => t === "application/problem+json");
      const line = `uncached ${at(run)}: ${countsText(cold.statuses)} (${countsText(cold.errorTypes) || "no errors"})`;
      (share(cold.statuses, (s) => s === "503") !== cold.requests || problems !== cold.requests || !cold.requests ? fail : failOk).push(line);
    }
    const stalled = ofOutage(run, "cached-slow");
    if (stalled) {
      const ok = share(stalled.statuses, (s) => s === "200") === stalled.requests && stalled.requests > 0 && stalled.p99 < run.outage!.delayMs;
      (ok ? slowOk : slowMiss).push(`cached ${at(run)}: ${countsText(stalled.statuses)}, p99 ${fmt(stalled.p99, 0)} ms vs a ${run.outage!.delayMs} ms stall`);
    }
    const stalledCold = ofOutage(run, "uncached-slow");
    if (stalledCold) {
      const refused = share(stalledCold.statuses, (s) => s === "503");
      const ok =
        stalledCold.requests > 0 &&
        share(stalledCold.statuses, (s) => s === "200" || s === "503") === stalledCold.requests &&
        share(stalledCold.errorTypes, (t) => t === "application/problem+json") === refused;
      (ok ? slowOk : slowMiss).push(`uncached ${at(run)}: ${countsText(stalledCold.statuses)} (${countsText(stalledCold.errorTypes) || "no errors"}), p99 ${fmt(stalledCold.p99, 0)} ms`);
    }
    const save = run.outage!.save;
    if (save) {
      const ok = share(save.statuses, (s) => s === "503") === share(save.statuses, () => true) && save.unchanged;
      (ok ? writeOk : writeMiss).push(`${at(run)}: ${countsText(save.statuses)}, article ${save.unchanged ? "unchanged" : "CHANGED"}`);
    }
  }
  const verdict = (target: string, misses: string[], ok: string[]): Target => {
    if (!misses.length && !ok.length) return none(target);
    return misses.length ? { target, status: "missed", detail: misses.join("; ") } : { target, status: "met", detail: ok.join("; ") };
  };
  return [verdict(failing, fail, failOk), verdict(slow, slowMiss, slowOk), verdict(writes, writeMiss, writeOk)];
}

/**
 * How a phase's req/s changed from a smaller size (p) to a larger one (q), as a fraction. Measured in
 * rounds (--rounds), each round ran the sizes back to back, so the change is the median of the
 * rounds' own ratios: a drift between rounds cancels out, where a ratio of two medians could pair
 * rounds minutes apart. Otherwise the two rows' req/s.
 */
export function sizeChange(p: PhaseResult, q: PhaseResult): number {
  const paired = p.rounds && q.rounds && p.rounds.length > 1 && p.rounds.length === q.rounds.length;
  if (paired) return median(q.rounds!.map((x, i) => x / p.rounds![i]!)) - 1;
  return q.rps / p.rps - 1;
}

function scalingTarget(runs: RunResult[]): Target {
  const target = `Every public phase within ±${SCALING_BAND * 100}% req/s from the smallest size to the largest (rarest tag's feed, search and the Ghost-compatible API included)`;
  if (runs.length < 2) return { target, status: "n/a", detail: "one size in this run: use --sizes 1000,10000,100000" };
  const sorted = [...runs].sort((a, b) => a.articles - b.articles);
  const small = sorted[0]!;
  const large = sorted.at(-1)!;
  const out: string[] = [];
  let compared = 0;
  for (const p of small.phases.filter(isPublicEndpoint)) {
    const q = large.phases.find((x) => x.key === p.key);
    if (!q || !(p.rps > 0)) continue;
    compared++;
    const change = sizeChange(p, q);
    if (Math.abs(change) > SCALING_BAND) out.push(`${p.key} ${change >= 0 ? "+" : "−"}${fmt(Math.abs(change) * 100, 0)}%`);
  }
  const counts = large.phases.flatMap((p) => (p.rounds ? [p.rounds.length] : []));
  const rounds = counts.length ? Math.min(...counts) : 0;
  // Rows a run measured again (--confirm) are judged on all their rounds: said with their count.
  const more = large.phases.filter((p) => p.rounds && p.rounds.length > rounds).map((p) => `${p.key} ${p.rounds!.length}`);
  const confirmed = more.length ? `; rounds of the rows measured again: ${more.join(", ")}` : "";
  const span = `${at(small)} → ${at(large)}`.replace(/@/g, "") + (rounds ? ` (the median of ${rounds} rounds' own ratios${confirmed}, sizes interleaved)` : "");
  const caveat = small.articles > 1000 || large.articles < 100000 ? " (sizes differ from the target's 1k → 100k)" : "";
  if (!compared) return { target, status: "n/a", detail: "no public phase measured at both ends" };
  return out.length ? { target, status: "missed", detail: `${span}: ${out.join(", ")}${caveat}` } : { target, status: "met", detail: `${span}: ${compared} public phases within ±${SCALING_BAND * 100}%${caveat}` };
}

function storageTarget(runs: RunResult[]): Target {
  const target = `D1 bytes per article with ${HISTORY_REVISIONS} revisions reported; ${PROJECTED_ARTICLES.toLocaleString("en-US")} articles under ${D1_LIMITS.paid / 1e9} GB`;
  const measured = runs.filter((r) => r.storage?.history);
  if (!measured.length) return { target, status: "n/a", detail: "not measured in this run (--only storage, --revisions 10)" };
  const misses: string[] = [];
  const notes = measured.map((r) => {
    const s = r.storage!;
    // The archive as it settles (every story cold, the cron's moves done) when measured; else inline.
    if (!s.archived) misses.push(`${at(r)}: the archived state was not measured (run --only storage, with --history-sample all)`);
    const gb = (s.archived?.millionBytes ?? s.projection.millionBytes) / 1e9;
    if (s.history!.revisionsPerArticle < HISTORY_REVISIONS) misses.push(`${at(r)}: only ${s.history!.revisionsPerArticle} revisions per article`);
    if (!(gb < D1_LIMITS.paid / 1e9)) misses.push(`${at(r)}: ${fmt(gb, 1)} GB for ${PROJECTED_ARTICLES.toLocaleString("en-US")} articles`);
    return `${at(r)}: ${s.archived ? `${fmt(s.archived.perArticle / 1024, 1)} KiB per article archived (${fmt(s.perArticle.withHistory! / 1024, 1)} KiB as saved)` : `${fmt(s.perArticle.withHistory! / 1024, 1)} KiB per article`} with ${s.history!.revisionsPerArticle} revisions, ${fmt(gb, 1)} GB at ${PROJECTED_ARTICLES.toLocaleString("en-US")}`;
  });
  return misses.length ? { target, status: "missed", detail: misses.join("; ") } : { target, status: "met", detail: notes.join("; ") };
}

export function evaluateIssue17(runs: RunResult[], bundle: BenchResults["bundle"]): Target[] {
  const hitFloor = rows(`Cached feeds, content API and article by slug ≥ ${HIT_FLOOR_RATIO}× the Cache API floor row of the same run`, runs, (p) => isPublic(p) && p.cache === "hit", (p, run) => {
    const r = floorRatio(p, run);
    if (r === null) return null;
    // The two rows ran seconds apart: other sessions' load in either skews the ratio, so say so.
    const load = Math.max(p.otherCores, run.phases.find((x) => x.key === FLOOR_KEY)!.otherCores);
    return { miss: r < HIT_FLOOR_RATIO, note: `${fmt(r)}×${load > 0.15 ? ` (other load ${fmt(load)} cores)` : ""}` };
  });
  const statements = rows(`Misses ≤ ${MISS_STATEMENTS} D1 statements each (sampled real misses, version read included)`, runs, (p) => isPublic(p) && p.cache === "miss", (p) => {
    const most = max(p.statements);
    return { miss: !(most <= MISS_STATEMENTS), note: `${most}` };
  });
  const kib = bundle.workerGzip / 1024;
  return [
    hitFloor,
    cpuTarget(`Miss: 20-item feeds ≤ ${MISS_CPU_MS.feed20} ms CPU per request`, runs, (p) => p.kind === "feed" && p.key !== "feed-rss-50:miss", MISS_CPU_MS.feed20),
    cpuTarget(`Miss: 50-item feed ≤ ${MISS_CPU_MS.feed50} ms CPU per request`, runs, (p) => p.key === "feed-rss-50:miss", MISS_CPU_MS.feed50),
    cpuTarget(`Miss: article by slug ≤ ${MISS_CPU_MS.article} ms CPU per request`, runs, (p) => p.key === "api-article:miss", MISS_CPU_MS.article),
    statements,
    scalingTarget(runs),
    ...outageTargets(runs),
    storageTarget(runs),
    { target: "Worker bundle ≤ 300 KB gzip", status: kib <= 300 ? "met" : "missed", detail: `${fmt(kib, 1)} KiB gzip` },
  ];
}
