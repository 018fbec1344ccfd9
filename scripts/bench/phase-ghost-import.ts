// The Ghost import's rate: an export of N posts built by the test fixture (tests/fixtures/ghost), imported
// into the bench's Worker through the editorial import routes by the operator's own CLI code
// (scripts/ghost-import/client.ts: its client and retries; the plan, CHUNK_SIZE-post chunks, finish, in
// the CLI's order), then imported again: the second run is the resume path, every post found unchanged.
// One request at a time (the CLI's --concurrency 1; its default sends 3 at once), and each
// chunk's latency, D1 statements (x-d1-statements) and workerd CPU are recorded.
import * as v from "valibot";
import { CHUNK_SIZE, chunkBundles, planOf, readGhostExport, type GhostExport } from "../../src/ghost/export-file";
import { buildGhostExport, GHOST_SITE_URL } from "../../tests/fixtures/ghost/build-export";
import { client, HttpError, withRetries } from "../ghost-import/client";
import { machineBusyMs, waitForQuiet } from "./load";
import { progressBar } from "./progress";
import { processCpuMs, type Runtime } from "./runtime";

const OUTCOMES = ["created", "updated", "unchanged", "skipped"] as const;
type Outcome = (typeof OUTCOMES)[number];

/** The answers the bench reads (the routes' documented views, only the fields used here). */
const Started = v.object({ import: v.object({ id: v.string() }) });
const ChunkAnswer = v.object({ results: v.array(v.object({ outcome: v.picklist(OUTCOMES) })) });
const Finished = v.object({ import: v.object({ status: v.string(), processed_posts: v.number() }) });

export interface GhostImportRun {
  /** Plan + every chunk + finish, one request at a time. */
  seconds: number;
  postsPerSecond: number;
  chunks: number;
  /** Per chunk request (ms), successful ones. */
  p50: number;
  p99: number;
  /** x-d1-statements of every chunk answer (spread to ≤ 40 values), and of the plan and finish requests. */
  statements: number[];
  planStatements: number | null;
  finishStatements: number | null;
  planMs: number;
  finishMs: number;
  /** workerd CPU per chunk (mean over the run's chunks, ms; in 10 ms ticks, so rough). */
  cpuMsPerChunk: number;
  outcomes: Record<Outcome, number>;
  /** Attempts a transient failure made the CLI's retry repeat. */
  retries: number;
  /** Chunks (or the plan/finish) the Worker refused; the run stops at the first, as the CLI does. */
  failures: string[];
  /** Cores other processes used during the run: above ~0.15, posts/s and latency are skewed. */
  otherCores: number;
}

export interface GhostImportResult {
  posts: number;
  /** Posts the export reader kept (pages are skipped) and the plan carried. */
  imported: number;
  chunkSize: number;
  exportBytes: number;
  buildSeconds: number;
  first: GhostImportRun;
  second: GhostImportRun;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

function spread(xs: number[], n = 40): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length <= n) return sorted;
  return Array.from({ length: n }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (n - 1))]!);
}

/** One import of the whole export, as `npm run import:ghost -- export.json --site-url …` drives it. */
async function importOnce(rt: Runtime, token: string, exp: GhostExport, label: string, quietWait: number): Promise<GhostImportRun> {
  if (quietWait) await waitForQuiet(rt.pid, quietWait);
  // Every attempt's latency and statement count, read off the response before the CLI consumes it.
  let last = { ms: 0, statements: NaN };
  let attempts = 0;
  let retries = 0;
  /** withRetries, counting the attempts beyond the first. */
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const a0 = attempts;
    try {
      return await withRetries(what, fn);
    } finally {
      retries += Math.max(0, attempts - a0 - 1);
    }
  };
  const timed: typeof fetch = async (input, init) => {
    attempts++;
    const t0 = performance.now();
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    last = { ms: performance.now() - t0, statements: Number(res.headers.get("x-d1-statements") ?? NaN) };
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  const request = client(rt.url.origin, token, timed);
  const chunks = chunkBundles(exp.bundles);
  const outcomes: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const latencies: number[] = [];
  const statements: number[] = [];
  const failures: string[] = [];
  let finish = { ms: NaN, statements: NaN };
  const bar = progressBar(`  ${label}`, exp.bundles.length);

  const cpu0 = processCpuMs(rt.pid);
  const busy0 = machineBusyMs();
  const client0 = process.cpuUsage();
  const started = performance.now();
  const options = { site_url: GHOST_SITE_URL, section_from: "primary-tag" as const, section_map: {}, default_section: null, fetch_images: false };
  let id = "";
  try {
    const plan = v.parse(Started, await call("Starting the import", () => request("POST", "/imports/ghost", planOf(exp, options))));
    id = encodeURIComponent(plan.import.id);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    failures.push(`plan: ${err.message}`);
  }
  const planned = { ...last };
  let done = 0;
  let chunkCpu = 0;
  for (const chunk of id ? chunks : []) {
    const c0 = processCpuMs(rt.pid);
    try {
      const answer = v.parse(ChunkAnswer, await call(`Posts ${done + 1}–${done + chunk.length}`, () => request("POST", `/imports/ghost/${id}/posts`, { posts: chunk })));
      for (const r of answer.results) outcomes[r.outcome]++;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      failures.push(`posts ${done + 1}–${done + chunk.length} (${chunk.map((b) => b.post.slug).join(", ")}): ${err.message}`);
      break; // the CLI stops here too; re-running resumes
    }
    chunkCpu += processCpuMs(rt.pid) - c0;
    latencies.push(last.ms);
    statements.push(last.statements);
    done += chunk.length;
    bar.update(done);
  }
  if (!failures.length) {
    try {
      const end = v.parse(Finished, await call("Finishing the import", () => request("POST", `/imports/ghost/${id}/finish`)));
      finish = { ...last };
      if (end.import.status !== "complete" || end.import.processed_posts !== exp.bundles.length) failures.push(`finish: status ${end.import.status}, ${end.import.processed_posts} of ${exp.bundles.length} posts processed`);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      failures.push(`finish: ${err.message}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = processCpuMs(rt.pid) - cpu0;
  const own = process.cpuUsage(client0);
  // As in runLoad: the machine's busy time minus workerd's and this process's, in cores.
  const otherMs = machineBusyMs() - busy0 - cpu - (own.user + own.system) / 1000;
  const otherCores = Number.isFinite(otherMs) ? Math.max(0, otherMs / 1000 / seconds) : 0;
  bar.done();
  return {
    seconds,
    postsPerSecond: done / seconds,
    chunks: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statements: spread(statements),
    planStatements: Number.isFinite(planned.statements) ? planned.statements : null,
    finishStatements: Number.isFinite(finish.statements) ? finish.statements : null,
    planMs: planned.ms,
    finishMs: finish.ms,
    cpuMsPerChunk: latencies.length ? chunkCpu / latencies.length : Number.isFinite(cpu) ? cpu : NaN,
    outcomes,
    retries,
    failures,
    otherCores,
  };
}

export async function ghostImportPhase(rt: Runtime, token: string, posts: number, quietWait: number): Promise<GhostImportResult> {
  const t0 = performance.now();
  // The file the operator would hand the CLI: serialised and read back as the CLI reads it.
  const text = JSON.stringify(buildGhostExport({ posts }));
  const exp = readGhostExport(JSON.parse(text));
  const buildSeconds = (performance.now() - t0) / 1000;
  const first = await importOnce(rt, token, exp, "ghost import (new)", quietWait);
  const second = await importOnce(rt, token, exp, "ghost import (again)", quietWait);
  return { posts, imported: exp.bundles.length, chunkSize: CHUNK_SIZE, exportBytes: Buffer.byteLength(text), buildSeconds, first, second };
}
