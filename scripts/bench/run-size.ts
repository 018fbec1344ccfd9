// One newsroom size: a fresh workerd and D1, seeding, the read phases, then the write phases
// (writes last, since saves and publishes change what the reads would see). Split in steps
// (openSize, measureRead, finishSize, closeSize) so --rounds can keep every size open and
// interleave their reads (rounds.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchOptions } from "./args";
import type { Bundle } from "./build";
import { archiveEveryBody, coldBodiesWanted } from "./cold-bodies";
import { hostState, warmFile } from "./host-state";
import { loadFixtures, pickSaveTargets, preparePublishTargets, type Fixtures } from "./fixtures";
import { runLoad, sampleRequests, type LoadResult } from "./load";
import { logCron, logGhostCompare, logGhostImport, logLive, logOutage, logPhase, logStorage, logWebhooks } from "./log-size";
import { cronPhase, type CronResult } from "./phase-cron";
import { apartPhases, d1ApartPhase, type ApartResult } from "./phase-d1-apart";
import { d1OutagePhase, type OutageResult } from "./phase-d1-outage";
import { ghostComparePhase, ghostTarget, type GhostCompareResult } from "./phase-ghost-compare";
import { ghostImportPhase, type GhostImportResult } from "./phase-ghost-import";
import { livePhase, type LiveResult } from "./phase-live";
import { sqliteFile, storagePhase, type StorageResult } from "./phase-storage";
import { webhooksPhase, type WebhooksResult } from "./phase-webhooks";
import { editorialListPhases } from "./phases-editorial";
import { createBenchKey, ghostPhases } from "./phases-ghost";
import { autocannonRequest, BYPASS, headersFor, isFixed, readPhases, type ReadPhase } from "./phases-read";
import { prepareSaves, preparePublishes, type WriteStats } from "./phases-write";
import type { PhaseResult, RunResult } from "./results";
import { databaseBytes, startRuntime, type Runtime } from "./runtime";
import { seed, type Seeded } from "./seed";
import { createReceiver } from "./webhook-receiver";

const BUMP_CONTENT_VERSION = "UPDATE site_state SET value = lower(hex(randomblob(8))) WHERE key = 'content'";
/** A sampled miss is re-sent until the Worker notices the changed version (it may keep one per isolate for a while). */
const UNTIL_MISS = { retryMs: 100, maxMs: 5000 };
/** Our rows the Ghost side-by-side compares with: --only ghost-compare runs them too. */
const GHOST_COMPARED = ["feed-rss:hit", "feed-rss:miss", "api-list:hit", "api-list:miss", "api-article:hit", "api-article:miss"];

/** Up to 40 values evenly spread over the sorted list (min, max and median kept): results.json stays small. */
function spread(xs: number[], n = 40): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length <= n) return sorted;
  return Array.from({ length: n }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (n - 1))]!);
}

type Meta = Pick<PhaseResult, "key" | "label" | "kind" | "cache" | "connections">;

function toResult(meta: Meta, load: LoadResult, baselineRps: number, extra: Partial<PhaseResult>): PhaseResult {
  const { requests, seconds, rps, p50, p99, cpuMs, clientCpuMs, statuses, errors, otherCores } = load;
  return { ...meta, requests, seconds, rps, ratio: baselineRps ? rps / baselineRps : 1, p50, p99, cpuMs, clientCpuMs, otherCores, statements: [], statuses, errors, ...extra };
}

/** One size's runtime, seeded and ready for its read phases; closeSize() lets it go. */
export interface SizeSession {
  articles: number;
  persistDir: string;
  /** The local D1 file under persistDir (found once: it does not move). */
  dbFile: string;
  rt: Runtime;
  seeded: Seeded;
  dbBytes: number;
  storage?: StorageResult;
  f: Fixtures;
  /** The read phases this run selected, in the order they run. */
  reads: ReadPhase[];
  phases: PhaseResult[];
  /** The latest baseline's req/s, each read row's ratio as measured (with --rounds, rounds.ts sets them to the median baseline's). */
  baselineRps: number;
  receiver: ReturnType<typeof createReceiver> | null;
  selected: (key: string) => boolean;
}

export function phaseSelector(opts: BenchOptions) {
  return (key: string) =>
    key === "baseline" ||
    key.startsWith("floor") ||
    !opts.only.length ||
    opts.only.some((o) => key.includes(o)) ||
    (opts.only.includes("ghost-compare") && GHOST_COMPARED.includes(key)) ||
    // d1-apart measures the read misses again: asked for alone, it runs them first.
    (opts.only.includes("d1-apart") && (key.endsWith(":miss") || key.startsWith("editorial-list")));
}

export async function openSize(root: string, bundle: Bundle, articles: number, opts: BenchOptions): Promise<SizeSession> {
  const persistDir = mkdtempSync(join(tmpdir(), "copydesk-bench-db-"));
  const selected = phaseSelector(opts);
  // The webhooks phase's receiver answers the Worker's outbound fetches; without the phase they go out as usual.
  const receiver = selected("webhooks") ? createReceiver() : null;
  const rt = await startRuntime(bundle, persistDir, receiver?.handle);
  try {
    const seeded = await seed(rt.exec, root, articles);
    const dbBytes = databaseBytes(persistDir);
    // Right after seeding, before any phase writes: the archive's bytes, then a history for a sample
    // of articles (the read phases then run with it in place; public reads never read revisions).
    let storage: StorageResult | undefined;
    if (selected("storage")) {
      // The archived steady state (every story cold, the cron run far ahead) only when nothing else
      // runs after it: the read phases measure stories as they are after a save, inline.
      const archive = opts.only.length > 0 && opts.only.every((k) => k === "storage");
      storage = await storagePhase(rt, articles, { revisions: opts.revisions, sample: opts.historySample, archive, actor: { userId: seeded.admin.userId, label: "Bench Admin" } });
      logStorage(storage);
    }
    if (coldBodiesWanted()) console.log(`  cold bodies: ${JSON.stringify(await archiveEveryBody(rt))} (BENCH_COLD_BODIES=1)`);
    const f = await loadFixtures(rt);
    // The floor's cache entry is as big as the main feed, so the two hits compare like for like.
    const feedBytes = (await (await fetch(new URL("/feed.xml", rt.url))).arrayBuffer()).byteLength;
    // The Ghost-compatible API's phases follow our own API's, so the report shows them side by side.
    const ghostKey = await createBenchKey(rt);
    const reads = [...readPhases(f, feedBytes), ...ghostPhases(f, ghostKey), ...editorialListPhases(f, seeded.admin.token)].filter((p) => selected(p.key));
    return { articles, persistDir, dbFile: sqliteFile(persistDir), rt, seeded, dbBytes, storage, f, reads, phases: [], baselineRps: 0, receiver, selected };
  } catch (err) {
    await closeSize({ rt, persistDir }, opts);
    throw err;
  }
}

/** One read phase, once: its load, then sampled requests for statements and cache states. */
export async function measureRead(s: SizeSession, phase: ReadPhase, opts: BenchOptions): Promise<PhaseResult> {
  const { rt } = s;
  const timing = { duration: opts.duration, warmup: opts.warmup, quietWait: opts.quietWait };
  const meta: Meta = { key: phase.key, label: phase.label, kind: phase.kind, cache: phase.cache, connections: opts.readConnections };
  const url = phase.helper ? rt.helperUrl : rt.url;
  // Where the database's pages were as the phase began, and how big workerd had grown: context for
  // a row that slows over a long run (bench/issue17-rounds-5bac3cd: random-story misses at 100k).
  const host = hostState(s.dbFile, rt.pid);
  if (opts.warmDb) {
    const warm = warmFile(s.dbFile);
    // Slow means the file had been paged out: the phase would have read it from disk.
    if (warm.seconds > 1) console.log(`  (${phase.key}: read ${(warm.bytes / 2 ** 20).toFixed(0)} MiB of D1 back into memory in ${warm.seconds.toFixed(1)} s)`);
  }
  if (phase.cache === "hit") {
    // Fill the cache with every URL the phase requests, so a slow miss cannot hide in the warm-up.
    for (const path of new Set(Array.from({ length: 100 }, phase.next))) await fetch(new URL(path, url)).then((r) => r.arrayBuffer());
  }
  const load = await runLoad({ url, connections: opts.readConnections, ...timing, request: autocannonRequest(phase, isFixed(phase)) }, rt.pid);
  if (phase.key === "baseline") s.baselineRps = load.rps;
  // Miss samples are real misses through the cache: the content version changes before each, as
  // after a publish made elsewhere, and the first request the Worker answers as a miss is the one
  // counted. The page's work alone is sampled too, with the bypass header the load runs with.
  const sample =
    phase.cache === "miss"
      ? await sampleRequests(url, rt.pid, () => ({ path: phase.next() }), () => rt.exec([[BUMP_CONTENT_VERSION, []]]), 5, UNTIL_MISS)
      : await sampleRequests(url, rt.pid, () => ({ path: phase.next(), headers: headersFor(phase) }));
  const page = phase.cache === "miss" ? await sampleRequests(url, rt.pid, () => ({ path: phase.next(), headers: { ...phase.headers, ...BYPASS } })) : null;
  const statements = phase.helper ? sample.statements.map(() => phase.helper!.statements) : sample.statements;
  const result = toResult(meta, load, s.baselineRps, {
    statements,
    ...(page && { pageStatements: page.statements, noticedMs: sample.noticedMs }),
    cacheStates: phase.helper ? undefined : sample.cache,
    bytes: sample.bytes,
    single: sample.single,
    host,
  });
  if (phase.cache !== "none" && sample.cache.some((c) => c !== phase.cache)) result.failures = [`expected cache ${phase.cache}es, sampled: ${sample.cache.join(", ")}`];
  return result;
}

export async function closeSize(s: Pick<SizeSession, "rt" | "persistDir">, opts: BenchOptions): Promise<void> {
  await s.rt.dispose();
  if (opts.keep) console.log(`  database kept in ${s.persistDir}`);
  else rmSync(s.persistDir, { recursive: true, force: true });
}

/** Every size in turn (--rounds 1): its reads once, then the rest of its phases. */
export async function benchSize(root: string, bundle: Bundle, articles: number, opts: BenchOptions): Promise<RunResult> {
  const s = await openSize(root, bundle, articles, opts);
  try {
    for (const phase of s.reads) {
      const result = await measureRead(s, phase, opts);
      s.phases.push(result);
      logPhase(result);
    }
    return await finishSize(s, bundle, opts);
  } finally {
    await closeSize(s, opts);
  }
}

/**
 * After the reads (measured once, or in rounds): the misses apart, D1 failing, Ghost side by side,
 * then the writes and what follows them, each changing what the reads would see.
 */
export async function finishSize(s: SizeSession, bundle: Bundle, opts: BenchOptions): Promise<RunResult> {
  const { rt, seeded, f, phases, selected, receiver, reads, articles, persistDir } = s;
  // The baseline row's (with --rounds, its median round's), as the read rows' ratios are.
  const baselineRps = phases.find((p) => p.key === "baseline")?.rps ?? s.baselineRps;
  const timing = { duration: opts.duration, warmup: opts.warmup, quietWait: opts.quietWait };
  // The misses again with D1 in its own process, on a copy of this database as the reads left it.
  let apart: ApartResult | undefined;
  if (selected("d1-apart")) {
    try {
      apart = await d1ApartPhase(bundle, persistDir, rt.url, apartPhases(reads), { duration: opts.duration, warmup: opts.warmup, quietWait: opts.quietWait, connections: opts.readConnections });
    } catch (err) {
      // The reads measured so far stand: the verdicts fall back to the whole process's CPU, and say so.
      console.error(`  ⚠ d1-apart skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // Between the reads and the writes: nothing is written while D1 fails, and the stalled reads only read.
  let outage: OutageResult | undefined;
  if (selected("d1-outage")) {
    outage = await d1OutagePhase(rt, f, seeded.admin.token, { delayMs: opts.d1DelayMs, duration: opts.duration, warmup: opts.warmup, quietWait: opts.quietWait, connections: opts.readConnections });
    logOutage(outage);
  }
  let ghostCompare: GhostCompareResult | undefined;
  const ghost = ghostTarget();
  if (ghost && selected("ghost-compare")) {
    ghostCompare = await ghostComparePhase(ghost, { duration: opts.duration, warmup: opts.warmup, quietWait: opts.quietWait, connections: opts.readConnections }, rt.pid);
    logGhostCompare(ghostCompare, phases);
  }

  const writeMeta = (key: string, label: string): Meta => ({ key, label, kind: "write", cache: "none", connections: opts.writeConnections });
  const fromStats = (w: WriteStats): Partial<PhaseResult> => ({
    statements: spread(w.statements),
    beyondBatch: w.beyondBatch.length ? spread(w.beyondBatch) : undefined,
    failures: w.failures.length ? w.failures : undefined,
  });
  let saveRps = 100;
  if (selected("editorial-save")) {
    // Four articles per connection: a connection's unsent request at the end of a run strands one.
    const save = await prepareSaves(rt.url, seeded.admin.token, await pickSaveTargets(rt, opts.writeConnections * 4));
    const load = await runLoad({ url: rt.url, connections: opts.writeConnections, ...timing, request: save.request, onMeasureStart: save.reset }, rt.pid);
    saveRps = load.rps || saveRps;
    const result = toResult(writeMeta("editorial-save", "PATCH /api/editorial/v1/articles/{id} (whole article, If-Match)"), load, baselineRps, fromStats(save.stats));
    phases.push(result);
    logPhase(result);
  }
  if (selected("editorial-publish")) {
    // Publishing is finite work (each draft once), so this phase runs for a number of requests
    // sized from the save rate to last about as long as the others.
    const amount = Math.round(Math.min(3000, Math.max(100, saveRps * opts.duration * 1.2)));
    const warmupAmount = Math.max(opts.writeConnections * 3, Math.round(saveRps * opts.warmup));
    const ids = await preparePublishTargets(rt, amount + warmupAmount + opts.writeConnections * 3);
    const publish = preparePublishes(seeded.admin.token, ids);
    const load = await runLoad(
      { url: rt.url, connections: opts.writeConnections, ...timing, amount: Math.min(amount, ids.length - warmupAmount - opts.writeConnections * 2), warmupAmount, request: publish.request, onMeasureStart: publish.reset },
      rt.pid,
    );
    const result = toResult(writeMeta("editorial-publish", "POST /api/editorial/v1/articles/{id}/publish (a draft)"), load, baselineRps, fromStats(publish.stats));
    phases.push(result);
    logPhase(result);
  }
  // After the publish phase: it publishes drafts of its own, and deletes its webhook when done.
  let webhooks: WebhooksResult | undefined;
  if (receiver) {
    webhooks = await webhooksPhase(rt, bundle, seeded.admin.token, receiver, opts.webhookPublishes, opts.quietWait);
    logWebhooks(webhooks);
  }
  // After the writes (it adds articles), before the cron (which trashes some).
  let ghostImport: GhostImportResult | undefined;
  if (selected("ghost-import")) {
    ghostImport = await ghostImportPhase(rt, seeded.admin.token, opts.ghostPosts, opts.quietWait);
    logGhostImport(ghostImport);
  }
  // After the writes: its entries bump the content version the read phases would miss on.
  let live: LiveResult | undefined;
  if (selected("live")) {
    live = await livePhase(rt, seeded.admin.token, opts.liveReaders, opts.quietWait);
    logLive(live);
  }
  // Last: it deletes articles into the trash to give the purge a backlog.
  let cron: CronResult | undefined;
  if (selected("cron")) {
    cron = await cronPhase(rt, rt.url, seeded.admin, articles);
    logCron(cron);
  }
  return {
    articles,
    published: f.published,
    seed: { seconds: seeded.seconds, statements: seeded.statements, batches: seeded.batches, dbBytes: s.dbBytes },
    tag: f.tag,
    rareTag: f.rareTag,
    phases,
    cron,
    ghostImport,
    webhooks,
    live,
    storage: s.storage,
    outage,
    ghostCompare,
    apart,
  };
}
