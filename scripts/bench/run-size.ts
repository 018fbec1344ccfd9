// One newsroom size: a fresh workerd and D1, seeding, the read phases, then the write phases
// (writes last, since saves and publishes change what the reads would see).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchOptions } from "./args";
import type { Bundle } from "./build";
import { loadFixtures, pickSaveTargets, preparePublishTargets } from "./fixtures";
import { runLoad, sampleRequests, type LoadResult } from "./load";
import { editorialListPhases } from "./phases-editorial";
import { createBenchKey, ghostPhases } from "./phases-ghost";
import { ghostImportPhase, type GhostImportResult, type GhostImportRun } from "./phase-ghost-import";
import { autocannonRequest, BYPASS, headersFor, isFixed, readPhases } from "./phases-read";
import { cronPhase, type CronResult } from "./phase-cron";
import { webhooksPhase, type Stats, type WebhooksResult } from "./phase-webhooks";
import { livePhase, type LiveResult } from "./phase-live";
import { createReceiver } from "./webhook-receiver";
import { storagePhase, type StorageResult } from "./phase-storage";
import { d1OutagePhase, type OutageResult } from "./phase-d1-outage";
import { apartPhases, d1ApartPhase, type ApartResult } from "./phase-d1-apart";
import { ghostComparePhase, ghostRatios, ghostTarget, type GhostCompareResult } from "./phase-ghost-compare";
import { prepareSaves, preparePublishes, type WriteStats } from "./phases-write";
import type { PhaseResult, RunResult } from "./results";
import { databaseBytes, startRuntime } from "./runtime";
import { seed } from "./seed";
import { archiveEveryBody, coldBodiesWanted } from "./cold-bodies";

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

function log(p: PhaseResult) {
  const pad = (s: string, n: number) => s.padEnd(n);
  const stmts = p.statements.length ? `${Math.min(...p.statements)}–${Math.max(...p.statements)}` : "?";
  const bad = Object.entries(p.statuses).filter(([s]) => !s.startsWith("2"));
  console.log(
    `  ${pad(p.key, 20)} ${p.rps.toFixed(0).padStart(6)} req/s ×${p.ratio.toFixed(2)}  p50 ${p.p50.toFixed(2).padStart(7)} ms  p99 ${p.p99.toFixed(2).padStart(7)} ms  cpu ${p.cpuMs.toFixed(2).padStart(6)} ms  stmts ${stmts}` +
      (p.otherCores > 0.15 ? `  (other load ${p.otherCores.toFixed(2)} cores)` : "") +
      (bad.length || p.errors ? `  ⚠ ${JSON.stringify(Object.fromEntries(bad))} errors ${p.errors}` : "") +
      (p.failures?.length ? `\n    ${p.failures.join("\n    ")}` : ""),
  );
}

function logGhostImport(g: GhostImportResult) {
  const line = (label: string, r: GhostImportRun) => {
    const stmts = r.statements.length ? `${Math.min(...r.statements)}–${Math.max(...r.statements)}` : "?";
    const outcomes = Object.entries(r.outcomes).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(", ");
    console.log(
      `  ${label.padEnd(20)} ${r.postsPerSecond.toFixed(1).padStart(6)} posts/s  ${r.seconds.toFixed(1)} s  ${r.chunks} chunks  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  cpu ${r.cpuMsPerChunk.toFixed(1)} ms/chunk  stmts ${stmts}  (${outcomes || "nothing"})` +
        (r.retries ? `  ${r.retries} retries` : "") +
        (r.otherCores > 0.15 ? `  (other load ${r.otherCores.toFixed(2)} cores)` : "") +
        (r.failures.length ? `\n    ⚠ ${r.failures.join("\n    ⚠ ")}` : ""),
    );
  };
  console.log(`  ghost export: ${g.posts.toLocaleString("en-US")} posts (${g.imported.toLocaleString("en-US")} imported, ${(g.exportBytes / 2 ** 20).toFixed(1)} MiB, built in ${g.buildSeconds.toFixed(1)} s), ${g.chunkSize} posts per chunk`);
  line("ghost-import:new", g.first);
  line("ghost-import:again", g.second);
}

function logWebhooks(w: WebhooksResult) {
  const s = (x: Stats | null) => (x ? `p50 ${x.p50.toFixed(1).padStart(6)} p99 ${x.p99.toFixed(1).padStart(6)} ms` : "–");
  for (const r of w.runs) {
    const stmts = r.statements.length ? `${Math.min(...r.statements)}–${Math.max(...r.statements)}` : "?";
    console.log(
      `  ${r.label.padEnd(28)} ${String(r.publishes).padStart(4)} publishes  ${s(r.publish)}  stmts ${stmts}  cpu ${r.cpuMsPerPublish.toFixed(1)} ms` +
        (r.arrival ? `  → arrival ${s(r.arrival)}${r.missing ? ` (${r.missing} missing)` : ""}` : "") +
        `  written → relayed ${s(r.relayLag)}` +
        (r.otherCores > 0.15 ? `  (other load ${r.otherCores.toFixed(2)} cores)` : "") +
        (r.failures.length ? `\n    ⚠ ${r.failures.join("\n    ⚠ ")}` : ""),
    );
  }
  if (w.sweep) {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `  cron sweep: idle ${Math.max(...w.sweep.idle.map((r) => r.statements))} stmts, relaying one event ${Math.min(...w.sweep.oneEvent.map((r) => r.statements))}–${Math.max(...w.sweep.oneEvent.map((r) => r.statements))} stmts, ` +
        `cpu ${mean(w.sweep.oneEvent.map((r) => r.cpuMs)).toFixed(1)} ms (idle ${mean(w.sweep.idle.map((r) => r.cpuMs)).toFixed(1)}), ${w.sweep.redelivered}/${w.sweep.oneEvent.length} delivered again`,
    );
  }
  console.log(`  deliveries ${w.checks.deliveries}, ${w.checks.verified} verified by standardwebhooks` + (w.checks.problems.length ? `\n    ⚠ ${w.checks.problems.join("\n    ⚠ ")}` : ""));
  if (w.skipped) console.log(`  ⚠ webhooks: ${w.skipped}`);
}

function logLive(l: LiveResult) {
  const s = (x: Stats | null) => (x ? `p50 ${x.p50.toFixed(1).padStart(6)} p99 ${x.p99.toFixed(1).padStart(6)} max ${x.max.toFixed(1).padStart(6)} ms` : "–");
  const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ");
  if (l.connect) console.log(`  live: ${l.readers.toLocaleString("en-US")} SSE readers connected in ${l.connect.seconds.toFixed(1)} s (${l.connect.failed} failed), request → headers ${s(l.connect.headersMs)}, → ready ${s(l.connect.readyMs)}`);
  for (const r of l.runs) {
    const stmts = r.statements.length ? `${Math.min(...r.statements)}–${Math.max(...r.statements)}` : "?";
    console.log(
      `  live ${r.label.padEnd(30)} ${String(r.publishes).padStart(3)} publishes  publish ${s(r.publish)}  stmts ${stmts}  cpu ${r.cpuMsPerPublish.toFixed(1)} ms` +
        (r.fanoutCpuMs !== null ? ` (fan-out ${r.fanoutCpuMs.toFixed(1)} ms)` : "") +
        `  readers' side ${r.clientCpuMsPerPublish.toFixed(1)} ms` +
        (r.readers ? `  → arrival ${s(r.latency)}  ${r.arrivals}/${r.expected} arrived, ${r.missing} missing, ${r.outOfOrder} out of order, ${r.duplicates} duplicates` : "") +
        (r.otherCores > 0.15 ? `  (other load ${r.otherCores.toFixed(2)} cores)` : "") +
        (r.failures.length ? `\n    ⚠ ${r.failures.join("\n    ⚠ ")}` : ""),
    );
  }
  if (l.memory) console.log(`  live memory: workerd RSS ${l.memory.rssNoReadersMiB.toFixed(0)} MiB → ${l.memory.rssReadersMiB.toFixed(0)} MiB with ${l.memory.readers} idle readers: ${l.memory.perConnectionKiB.toFixed(0)} KiB per connection`);
  if (l.reconnect) {
    const c = l.reconnect;
    console.log(`  live reconnect: ${c.dropped} dropped, ${c.published} published, ${c.exact}/${c.dropped} back with Last-Event-ID got exactly those; catch-up ${s(c.catchUp)}` + (c.problems.length ? `\n    ⚠ ${c.problems.join("\n    ⚠ ")}` : ""));
  }
  if (l.release) console.log(`  live: ${l.release.readers} readers closed, ${l.release.seconds === null ? "⚠ workerd still held their sockets after 60 s" : `workerd let go of their sockets within ${l.release.seconds.toFixed(1)} s`}`);
  console.log(`  live: load average ${load(l.loadAverage.start)} at the start, ${load(l.loadAverage.end)} at the end`);
  if (l.skipped) console.log(`  ⚠ live: ${l.skipped}`);
}

function logCron(c: CronResult) {
  const sum = (r: CronResult["drain"][number]) => r.purged.sessions + r.purged.loginAttempts + r.purged.revisions;
  for (const [i, r] of c.drain.entries()) {
    console.log(`  cron run ${i + 1}            purged ${String(sum(r)).padStart(5)} rows  stmts ${r.statements}  cpu ${r.cpuMs.toFixed(0).padStart(4)} ms  ${r.ms.toFixed(0).padStart(5)} ms`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`  cron steady (${c.steady.length} runs)   stmts ${Math.max(...c.steady.map((r) => r.statements))}  cpu ${mean(c.steady.map((r) => r.cpuMs)).toFixed(1)} ms  ${mean(c.steady.map((r) => r.ms)).toFixed(1)} ms (mean)`);
  const left = c.leftover.sessions + c.leftover.loginAttempts + c.leftover.trashRevisions;
  if (left) console.log(`  ⚠ cron left ${JSON.stringify(c.leftover)} behind`);
}

function logStorage(s: StorageResult) {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const groups = Object.entries(s.perArticle.groups).map(([g, n]) => `${g} ${kib(n)}`).join(", ");
  console.log(`  storage: ${kib(s.perArticle.withoutHistory)} per article without history` + (s.perArticle.withHistory !== null ? `, ${kib(s.perArticle.withHistory)} with ${s.history!.revisionsPerArticle} revisions (${s.history!.articles} articles given a history in ${s.history!.seconds.toFixed(1)} s, snapshot ${kib(s.history!.snapshotBytes)})` : ""));
  if (s.archived) console.log(`  storage archived (every story cold, ${s.archived.cronRuns} cron runs in ${s.archived.seconds.toFixed(1)} s): ${kib(s.archived.perArticle)} per article, ${(s.archived.millionBytes / 1e9).toFixed(1)} GB for 1,000,000 articles`);
  console.log(`    per article: ${groups}`);
  console.log(`    one database fills at ${s.projection.fillsAt.paid.toLocaleString("en-US")} articles (10 GB), ${s.projection.fillsAt.free.toLocaleString("en-US")} (500 MB); 1,000,000 articles: ${(s.projection.millionBytes / 1e9).toFixed(1)} GB`);
}

function logOutage(o: OutageResult) {
  const counts = (m: Record<string, number>) => Object.entries(m).map(([k, n]) => `${n}×${k}`).join(" ");
  for (const r of o.runs) {
    console.log(`  d1-outage ${r.key.padEnd(14)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  ${counts(r.statuses)}  x-copydesk-cache ${counts(r.cache)}  Cache-Status ${counts(r.cacheStatus)}`);
  }
  if (o.save) console.log(`  d1-outage saves: ${counts(o.save.statuses)}, article ${o.save.unchanged ? "unchanged" : "⚠ changed"}`);
}

function logGhostCompare(g: GhostCompareResult, phases: PhaseResult[]) {
  if (g.skipped) return console.log(`  ghost-compare: ⚠ ${g.skipped}`);
  const x = (n: number | null) => (n === null ? "–" : `${n.toFixed(n < 1 ? 2 : 1)}×`);
  for (const r of g.rows) {
    const { hit, miss } = ghostRatios(r, phases);
    console.log(`  ${r.key.padEnd(20)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ours ÷ Ghost: hit ${x(hit)}, miss ${x(miss)}`);
  }
}

export async function benchSize(root: string, bundle: Bundle, articles: number, opts: BenchOptions): Promise<RunResult> {
  const persistDir = mkdtempSync(join(tmpdir(), "copydesk-bench-db-"));
  const selected = (key: string) =>
    key === "baseline" ||
    key.startsWith("floor") ||
    !opts.only.length ||
    opts.only.some((o) => key.includes(o)) ||
    (opts.only.includes("ghost-compare") && GHOST_COMPARED.includes(key)) ||
    // d1-apart measures the read misses again: asked for alone, it runs them first.
    (opts.only.includes("d1-apart") && (key.endsWith(":miss") || key.startsWith("editorial-list")));
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
    const phases: PhaseResult[] = [];
    let baselineRps = 0;
    const timing = { duration: opts.duration, warmup: opts.warmup, quietWait: opts.quietWait };

    // The floor's cache entry is as big as the main feed, so the two hits compare like for like.
    const feedBytes = (await (await fetch(new URL("/feed.xml", rt.url))).arrayBuffer()).byteLength;
    // The Ghost-compatible API's phases follow our own API's, so the report shows them side by side.
    const ghostKey = await createBenchKey(rt);
    const reads = [...readPhases(f, feedBytes), ...ghostPhases(f, ghostKey), ...editorialListPhases(f, seeded.admin.token)].filter((p) => selected(p.key));
    for (const phase of reads) {
      const meta: Meta = { key: phase.key, label: phase.label, kind: phase.kind, cache: phase.cache, connections: opts.readConnections };
      const url = phase.helper ? rt.helperUrl : rt.url;
      if (phase.cache === "hit") {
        // Fill the cache with every URL the phase requests, so a slow miss cannot hide in the warm-up.
        for (const path of new Set(Array.from({ length: 100 }, phase.next))) await fetch(new URL(path, url)).then((r) => r.arrayBuffer());
      }
      const load = await runLoad({ url, connections: opts.readConnections, ...timing, request: autocannonRequest(phase, isFixed(phase)) }, rt.pid);
      if (phase.key === "baseline") baselineRps = load.rps;
      // Miss samples are real misses through the cache: the content version changes before each, as
      // after a publish made elsewhere, and the first request the Worker answers as a miss is the one
      // counted. The page's work alone is sampled too, with the bypass header the load runs with.
      const sample =
        phase.cache === "miss"
          ? await sampleRequests(url, rt.pid, () => ({ path: phase.next() }), () => rt.exec([[BUMP_CONTENT_VERSION, []]]), 5, UNTIL_MISS)
          : await sampleRequests(url, rt.pid, () => ({ path: phase.next(), headers: headersFor(phase) }));
      const page = phase.cache === "miss" ? await sampleRequests(url, rt.pid, () => ({ path: phase.next(), headers: { ...phase.headers, ...BYPASS } })) : null;
      const statements = phase.helper ? sample.statements.map(() => phase.helper!.statements) : sample.statements;
      const result = toResult(meta, load, baselineRps, {
        statements,
        ...(page && { pageStatements: page.statements, noticedMs: sample.noticedMs }),
        cacheStates: phase.helper ? undefined : sample.cache,
        bytes: sample.bytes,
        single: sample.single,
      });
      if (phase.cache !== "none" && sample.cache.some((c) => c !== phase.cache)) result.failures = [`expected cache ${phase.cache}es, sampled: ${sample.cache.join(", ")}`];
      phases.push(result);
      log(result);
    }

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
    const fromStats = (s: WriteStats): Partial<PhaseResult> => ({
      statements: spread(s.statements),
      beyondBatch: s.beyondBatch.length ? spread(s.beyondBatch) : undefined,
      failures: s.failures.length ? s.failures : undefined,
    });
    let saveRps = 100;
    if (selected("editorial-save")) {
      // Four articles per connection: a connection's unsent request at the end of a run strands one.
      const save = await prepareSaves(rt.url, seeded.admin.token, await pickSaveTargets(rt, opts.writeConnections * 4));
      const load = await runLoad({ url: rt.url, connections: opts.writeConnections, ...timing, request: save.request, onMeasureStart: save.reset }, rt.pid);
      saveRps = load.rps || saveRps;
      const result = toResult(writeMeta("editorial-save", "PATCH /api/editorial/v1/articles/{id} (whole article, If-Match)"), load, baselineRps, fromStats(save.stats));
      phases.push(result);
      log(result);
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
      log(result);
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
      seed: { seconds: seeded.seconds, statements: seeded.statements, batches: seeded.batches, dbBytes },
      tag: f.tag,
      rareTag: f.rareTag,
      phases,
      cron,
      ghostImport,
      webhooks,
      live,
      storage,
      outage,
      ghostCompare,
      apart,
    };
  } finally {
    await rt.dispose();
    if (opts.keep) console.log(`  database kept in ${persistDir}`);
    else rmSync(persistDir, { recursive: true, force: true });
  }
}
