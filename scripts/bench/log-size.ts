// What `npm run bench` prints as each phase of a size finishes (the tables come later, report.ts).
import type { CronResult } from "./phase-cron";
import type { GhostImportResult, GhostImportRun } from "./phase-ghost-import";
import type { LiveResult } from "./phase-live";
import type { StorageResult } from "./phase-storage";
import type { OutageResult } from "./phase-d1-outage";
import { ghostRatios, type GhostCompareResult } from "./phase-ghost-compare";
import type { Stats, WebhooksResult } from "./phase-webhooks";
import type { PhaseResult } from "./results";

/** One row; `at` names the size when sizes interleave (--rounds). */
export function logPhase(p: PhaseResult, at = "") {
  const pad = (s: string, n: number) => s.padEnd(n);
  const stmts = p.statements.length ? `${Math.min(...p.statements)}–${Math.max(...p.statements)}` : "?";
  const bad = Object.entries(p.statuses).filter(([s]) => !s.startsWith("2"));
  console.log(
    `  ${at}${pad(p.key, 20)} ${p.rps.toFixed(0).padStart(6)} req/s ×${p.ratio.toFixed(2)}  p50 ${p.p50.toFixed(2).padStart(7)} ms  p99 ${p.p99.toFixed(2).padStart(7)} ms  cpu ${p.cpuMs.toFixed(2).padStart(6)} ms  stmts ${stmts}` +
      (p.otherCores > 0.15 ? `  (other load ${p.otherCores.toFixed(2)} cores)` : "") +
      (p.host?.dbResidentBytes != null && p.host.dbResidentBytes < 0.9 * p.host.dbBytes ? `  (D1 file ${((100 * p.host.dbResidentBytes) / p.host.dbBytes).toFixed(0)}% in memory)` : "") +
      (bad.length || p.errors ? `  ⚠ ${JSON.stringify(Object.fromEntries(bad))} errors ${p.errors}` : "") +
      (p.failures?.length ? `\n    ${p.failures.join("\n    ")}` : ""),
  );
}

export function logGhostImport(g: GhostImportResult) {
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

export function logWebhooks(w: WebhooksResult) {
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

export function logLive(l: LiveResult) {
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

export function logCron(c: CronResult) {
  const sum = (r: CronResult["drain"][number]) => r.purged.sessions + r.purged.loginAttempts + r.purged.revisions;
  for (const [i, r] of c.drain.entries()) {
    console.log(`  cron run ${i + 1}            purged ${String(sum(r)).padStart(5)} rows  stmts ${r.statements}  cpu ${r.cpuMs.toFixed(0).padStart(4)} ms  ${r.ms.toFixed(0).padStart(5)} ms`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`  cron steady (${c.steady.length} runs)   stmts ${Math.max(...c.steady.map((r) => r.statements))}  cpu ${mean(c.steady.map((r) => r.cpuMs)).toFixed(1)} ms  ${mean(c.steady.map((r) => r.ms)).toFixed(1)} ms (mean)`);
  const left = c.leftover.sessions + c.leftover.loginAttempts + c.leftover.trashRevisions;
  if (left) console.log(`  ⚠ cron left ${JSON.stringify(c.leftover)} behind`);
}

export function logStorage(s: StorageResult) {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const groups = Object.entries(s.perArticle.groups).map(([g, n]) => `${g} ${kib(n)}`).join(", ");
  console.log(`  storage: ${kib(s.perArticle.withoutHistory)} per article without history` + (s.perArticle.withHistory !== null ? `, ${kib(s.perArticle.withHistory)} with ${s.history!.revisionsPerArticle} revisions (${s.history!.articles} articles given a history in ${s.history!.seconds.toFixed(1)} s, snapshot ${kib(s.history!.snapshotBytes)})` : ""));
  if (s.archived) console.log(`  storage archived (every story cold, ${s.archived.cronRuns} cron runs in ${s.archived.seconds.toFixed(1)} s): ${kib(s.archived.perArticle)} per article, ${(s.archived.millionBytes / 1e9).toFixed(1)} GB for 1,000,000 articles`);
  console.log(`    per article: ${groups}`);
  console.log(`    one database fills at ${s.projection.fillsAt.paid.toLocaleString("en-US")} articles (10 GB), ${s.projection.fillsAt.free.toLocaleString("en-US")} (500 MB); 1,000,000 articles: ${(s.projection.millionBytes / 1e9).toFixed(1)} GB`);
}

export function logOutage(o: OutageResult) {
  const counts = (m: Record<string, number>) => Object.entries(m).map(([k, n]) => `${n}×${k}`).join(" ");
  for (const r of o.runs) {
    console.log(`  d1-outage ${r.key.padEnd(14)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  ${counts(r.statuses)}  x-copydesk-cache ${counts(r.cache)}  Cache-Status ${counts(r.cacheStatus)}`);
  }
  if (o.save) console.log(`  d1-outage saves: ${counts(o.save.statuses)}, article ${o.save.unchanged ? "unchanged" : "⚠ changed"}`);
}

export function logGhostCompare(g: GhostCompareResult, phases: PhaseResult[]) {
  if (g.skipped) return console.log(`  ghost-compare: ⚠ ${g.skipped}`);
  const x = (n: number | null) => (n === null ? "–" : `${n.toFixed(n < 1 ? 2 : 1)}×`);
  for (const r of g.rows) {
    const { hit, miss } = ghostRatios(r, phases);
    console.log(`  ${r.key.padEnd(20)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ours ÷ Ghost: hit ${x(hit)}, miss ${x(miss)}`);
  }
}
