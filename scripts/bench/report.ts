// bench/results.md: the machine, the bundle, one table per newsroom size, how each endpoint
// scales across sizes, and the targets.
import type { CronRun } from "./phase-cron";
import type { GhostImportRun } from "./phase-ghost-import";
import type { Stats } from "./phase-webhooks";
import { LIVE_TARGET_P99_MS, LIVE_TARGET_READERS } from "./results";
import { cpuPerRequest, max, median, WIDGET_LIMIT, type BenchResults, type PhaseResult, type RunResult } from "./results";
import { issue17RunSections, issue17Summary, METHOD_ISSUE17 } from "./report-issue17";
import { floorRatio, SCALING_BAND, sizeChange } from "./targets-issue17";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const size = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
const cacheLabel = (p: PhaseResult) => (p.cache === "none" ? "–" : p.cache);

function statementsCell(p: PhaseResult) {
  const xs = p.statements.filter(Number.isFinite);
  if (!xs.length) return "?";
  const lo = Math.min(...xs);
  const hi = max(xs);
  const range = lo === hi ? String(lo) : `${lo}–${hi}`;
  if (p.beyondBatch?.length) return `${range} (${median(p.beyondBatch)} beyond the batch)`;
  return range;
}

function runTable(run: RunResult) {
  const base = run.phases.find((p) => p.key === "baseline");
  const lines = [
    `| endpoint | cache | conns | req/s | × baseline | × floor | p50 ms | p99 ms | CPU ms/req (baseline) | D1 statements/req | alone: ms (CPU ms) | other load |`,
    `|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|`,
  ];
  for (const p of run.phases) {
    const failed = Object.entries(p.statuses).filter(([s]) => !s.startsWith("2"));
    const flag = failed.length || p.errors ? ` ⚠ ${failed.map(([s, n]) => `${n}×${s}`).join(" ")}${p.errors ? ` ${p.errors} errors` : ""}` : p.failures?.length ? " ⚠" : "";
    const none = p.requests === 0;
    const alone = p.single ? `${ms(p.single.ms)} (${ms(p.single.cpuMs)})` : "–";
    const floor = floorRatio(p, run);
    lines.push(
      `| ${p.label}${flag} | ${cacheLabel(p)} | ${p.connections} | ${none ? `0 (none finished in ${p.seconds.toFixed(0)} s)` : int(p.rps)} | ${p.ratio.toFixed(2)} | ${floor === null ? "–" : floor.toFixed(2)} | ${none ? "–" : ms(p.p50)} | ${none ? "–" : ms(p.p99)} | ${none ? `${ms(cpuPerRequest(p))}‡` : ms(p.cpuMs)} (${base ? ms(base.cpuMs) : "?"}) | ${statementsCell(p)} | ${alone} | ${p.otherCores.toFixed(2)} |`,
    );
  }
  if (run.phases.some((p) => p.requests === 0)) lines.push("", "‡ No request finished within the measured run: CPU is that of the sampled requests sent one at a time.");
  for (const p of run.phases) for (const f of p.failures ?? []) lines.push("", `⚠ ${p.key}: ${f}`);
  return lines.join("\n");
}

function cronTable(run: RunResult) {
  const c = run.cron;
  if (!c) return [];
  const b = c.backlog;
  const row = (label: string, r: CronRun) =>
    `| ${label} | ${int(r.purged.sessions)} | ${int(r.purged.loginAttempts)} | ${int(r.purged.revisions)} | ${r.published} | ${r.statements} | ${ms(r.cpuMs)} | ${ms(r.ms)} |`;
  const mean = (pick: (r: CronRun) => number) => c.steady.reduce((n, r) => n + pick(r), 0) / c.steady.length;
  const left = c.leftover.sessions + c.leftover.loginAttempts + c.leftover.trashRevisions;
  return [
    ``,
    `### Cron (one scheduled run at a time)`,
    ``,
    `Backlog before the first run: ${int(b.expiredSessions)} expired sessions (and ${int(b.liveSessions)} live), ${int(b.expiredAttempts)} sign-in rows without expiry (and ${int(b.liveAttempts)} live), ` +
      `${int(b.trashArticles)} articles deleted past the grace period (${int(b.trashRevisions)} revisions). Each purge deletes at most ${c.limit} rows per run. ` +
      (left ? `⚠ Left behind: ${JSON.stringify(c.leftover)}.` : `Nothing expired was left behind.`),
    ``,
    `| run | sessions purged | sign-in rows purged | trash revisions purged | published | D1 statements | workerd CPU ms | ms |`,
    `|---|--:|--:|--:|--:|--:|--:|--:|`,
    ...c.drain.map((r, i) => row(`${i + 1}`, r)),
    `| steady state (mean of ${c.steady.length}) | ${int(mean((r) => r.purged.sessions))} | ${int(mean((r) => r.purged.loginAttempts))} | ${int(mean((r) => r.purged.revisions))} | ${int(mean((r) => r.published))} | ${max(c.steady.map((r) => r.statements))} | ${ms(mean((r) => r.cpuMs))} | ${ms(mean((r) => r.ms))} |`,
  ];
}

function ghostImportTable(run: RunResult) {
  const g = run.ghostImport;
  if (!g) return [];
  const range = (xs: (number | null)[]) => {
    const ns = xs.filter((x): x is number => x !== null && Number.isFinite(x));
    return ns.length ? (Math.min(...ns) === max(ns) ? String(ns[0]) : `${Math.min(...ns)}–${max(ns)}`) : "?";
  };
  const row = (label: string, r: GhostImportRun) => {
    const outcomes = Object.entries(r.outcomes).filter(([, n]) => n).map(([k, n]) => `${int(n)} ${k}`).join(", ") || "none";
    return `| ${label} | **${r.postsPerSecond.toFixed(1)}** | ${r.seconds.toFixed(1)} | ${int(r.chunks)} | ${ms(r.p50)} | ${ms(r.p99)} | ${range(r.statements)} (median ${median(r.statements)}) | ${range([r.planStatements])} · ${range([r.finishStatements])} | ${ms(r.cpuMsPerChunk)} | ${outcomes} | ${r.retries} | ${r.otherCores.toFixed(2)} |`;
  };
  const failures = [...g.first.failures.map((f) => `first run: ${f}`), ...g.second.failures.map((f) => `second run: ${f}`)];
  return [
    ``,
    `### Ghost import`,
    ``,
    `A Ghost 5 export of ${int(g.posts)} posts (\`buildGhostExport\` from tests/fixtures/ghost; ${int(g.imported)} in the plan, the reader leaves pages out; ${mib(g.exportBytes)} of JSON) imported into this newsroom ` +
      `through the editorial import routes by the CLI's own code (scripts/import-ghost.ts): the plan, then ${g.chunkSize} posts per chunk request, then finish, one request at a time. ` +
      `The second run sends the same export again: every post is found unchanged (the resume path). posts/s counts plan to finish; p50/p99, D1 statements and workerd CPU are per chunk request.`,
    ``,
    `| run | posts/s | s | chunks | p50 ms | p99 ms | D1 statements/chunk | plan · finish statements | CPU ms/chunk | outcomes | retries | other load |`,
    `|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|`,
    row("first (everything created)", g.first),
    row("again (everything unchanged)", g.second),
    ...(failures.length ? [``, `⚠ Refused: ${failures.join("; ")}`] : []),
  ];
}

function webhooksTable(run: RunResult) {
  const w = run.webhooks;
  if (!w) return [];
  const pair = (s: Stats | null) => (s ? `${ms(s.p50)} · ${ms(s.p99)}` : "–");
  const range = (xs: number[]) => {
    const ns = xs.filter(Number.isFinite);
    return ns.length ? (Math.min(...ns) === max(ns) ? String(ns[0]) : `${Math.min(...ns)}–${max(ns)} (median ${median(ns)})`) : "?";
  };
  const q = w.queue;
  const lines = [
    ``,
    `### Webhooks`,
    ``,
    `Drafts published through \`POST /api/editorial/v1/articles/{id}/publish\`, first with no webhook (the outbox row is written and relayed to nobody), ` +
      `then with one active webhook for \`article.published\` whose deliveries reach a receiver in the bench process (Miniflare's outbound service; ` +
      `signatures checked with \`standardwebhooks\`). One at a time (each waits for its delivery, if any, then 250 ms, so the relay and the consumer's log are done before the next), then 4 at once. ` +
      `"Arrival" is from the publish's HTTP response to the delivery reaching the receiver. From D1 (workerd's clock): ` +
      `event written → relayed (\`created_at\`, stamped as the publish's batch is built, → \`relayed_at\`, set by the relay in \`waitUntil\` once the messages are on the queue), ` +
      `the time on the queue (\`relayed_at\` → the first attempt sent) and the delivery request's latency. ` +
      `Queue consumer: max_batch_size ${q.maxBatchSize ?? "?"}, max_batch_timeout ${q.maxBatchTimeout ?? "?"} s, max_retries ${q.maxRetries ?? "?"}, dead letters to \`${q.deadLetterQueue ?? "?"}\`.`,
    ``,
    `| run | publishes | publish p50 · p99 ms | D1 statements/publish | workerd CPU ms/publish (all it set off) | response → arrival p50 · p99 ms | event written → relayed p50 · p99 ms | on the queue p50 · p99 ms | delivery request p50 · p99 ms | other load |`,
    `|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|`,
    ...w.runs.map(
      (r) =>
        `| ${r.label}${r.failures.length ? " ⚠" : ""} | ${r.publishes} | ${pair(r.publish)} | ${range(r.statements)} | ${ms(r.cpuMsPerPublish)} | ${r.arrival ? pair(r.arrival) + (r.missing ? ` (${r.missing} missing)` : "") : "–"} | ${pair(r.relayLag)}${r.unrelayed ? ` (${r.unrelayed} not relayed)` : ""} | ${pair(r.queueWait)} | ${pair(r.deliveryMs)} | ${r.otherCores.toFixed(2)} |`,
    ),
  ];
  if (w.sweep) {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
    const idle = max(w.sweep.idle.map((r) => r.statements));
    const one = w.sweep.oneEvent.map((r) => r.statements);
    lines.push(
      ``,
      `The relay's own cost, from the cron sweep (an event's \`relayed_at\`, claim and payload reset by hand, as after a crash between commit and enqueue; one event per run): ` +
        `**${range(one.map((n) => n - idle))} D1 statements** beyond an idle cron run's ${idle}, workerd CPU ${ms(mean(w.sweep.oneEvent.map((r) => r.cpuMs)))} ms against ${ms(mean(w.sweep.idle.map((r) => r.cpuMs)))} ms idle ` +
        `(10 ms ticks, rough), ${ms(mean(w.sweep.oneEvent.map((r) => r.ms)))} ms a run. ${w.sweep.redelivered} of ${w.sweep.oneEvent.length} events reached the receiver again with the same \`webhook-id\`` +
        (w.sweep.sameBytes ? ` and the same body size.` : `; ⚠ a rebuilt payload differed in size.`),
    );
  }
  const c = w.checks;
  lines.push(``, `Deliveries received: ${c.deliveries}, ${c.verified} verified by \`standardwebhooks\`${c.payloadBytes !== null ? `; an \`article.published\` payload is ${kib(c.payloadBytes)} (median)` : ""}.`);
  for (const r of w.runs) for (const f of r.failures) lines.push(``, `⚠ ${r.label}: ${f}`);
  for (const p of c.problems) lines.push(``, `⚠ ${p}`);
  if (w.skipped) lines.push(``, `⚠ Not measured: ${w.skipped}`);
  return lines;
}

function liveTable(run: RunResult) {
  const l = run.live;
  if (!l) return [];
  const trio = (s: Stats | null) => (s ? `${ms(s.p50)} · ${ms(s.p99)} · ${ms(s.max)}` : "–");
  const range = (xs: number[]) => {
    const ns = xs.filter(Number.isFinite);
    return ns.length ? (Math.min(...ns) === max(ns) ? String(ns[0]) : `${Math.min(...ns)}–${max(ns)}`) : "?";
  };
  const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
  const main = l.runs.find((r) => r.key === "readers");
  const met = main && main.readers >= LIVE_TARGET_READERS && (main.latency?.p99 ?? Infinity) < LIVE_TARGET_P99_MS && !main.missing && !main.outOfOrder && !main.duplicates;
  const lines = [
    ``,
    `### Live blogs`,
    ``,
    `One published live blog (a seeded story made live through \`PUT /api/editorial/v1/articles/{id}/live\`) and ${int(l.readers)} SSE readers of \`GET /api/content/v1/articles/{slug}/live\`, ` +
      `each a raw \`node:http\` request on its own socket, opened 100 at a time, following once it had its \`ready\` event (the Worker holds each stream, fed by a hibernatable WebSocket to the blog's Durable Object). ` +
      `Entries (~300 characters) are published through \`POST /api/editorial/v1/articles/{id}/entries\` with \`status: published\`, one at a time ${l.intervalMs} ms apart (start to start), then 4 at once. ` +
      `"Arrival" is from the publish's HTTP response to the entry's event reaching a reader, over every (reader, entry) pair; the readers (this process) and workerd share the machine's cores ("bench process CPU"). ` +
      `CPU is workerd's (Worker, D1, the object) over the run ÷ publishes; "fan-out" subtracts the same publishes with no reader: what delivering one entry to that many readers costs. ` +
      `Load average (1, 5, 15 min) ${load(l.loadAverage.start)} at the start of the phase, ${load(l.loadAverage.end)} at the end.`,
    ``,
    `| run | readers | publishes | publish p50 · p99 ms | D1 statements/publish | workerd CPU ms/publish | fan-out CPU ms (per reader µs) | publish answered → arrival p50 · p99 · max ms | first → last reader p50 · max ms | arrived / expected | missing · out of order · duplicates | bench process CPU ms/publish | other load |`,
    `|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|`,
    ...l.runs.map(
      (r) =>
        `| ${r.label}${r.failures.length ? " ⚠" : ""} | ${int(r.readers)} | ${r.publishes}${r.concurrency > 1 ? ` (${r.concurrency} at once)` : ""} | ${r.publish ? `${ms(r.publish.p50)} · ${ms(r.publish.p99)}` : "–"} | ${range(r.statements)} | ${ms(r.cpuMsPerPublish)} | ` +
        `${r.fanoutCpuMs === null ? "–" : `${ms(r.fanoutCpuMs)}${r.readers ? ` (${((r.fanoutCpuMs * 1000) / r.readers).toFixed(1)})` : ""}`} | ${r.readers ? trio(r.latency) : "–"} | ${r.readers && r.spread ? `${ms(r.spread.p50)} · ${ms(r.spread.max)}` : "–"} | ` +
        `${r.readers ? `${int(r.arrivals)} / ${int(r.expected)}` : "–"} | ${r.readers ? `${r.missing} · ${r.outOfOrder} · ${r.duplicates}` : "–"} | ${ms(r.clientCpuMsPerPublish ?? NaN)} | ${r.otherCores.toFixed(2)} |`,
    ),
  ];
  if (l.connect) lines.push(``, `Connecting ${int(l.readers)} readers took ${l.connect.seconds.toFixed(1)} s (request → the 200's headers p50 · p99 · max ${trio(l.connect.headersMs)} ms, → \`ready\` ${trio(l.connect.readyMs)} ms)${l.connect.failed ? `; ⚠ ${l.connect.failed} never followed` : ""}.`);
  if (l.memory) {
    const m = l.memory;
    lines.push(``, `Memory per idle connection: workerd's resident memory (VmRSS) went from ${m.rssNoReadersMiB.toFixed(0)} MiB with no reader to ${m.rssReadersMiB.toFixed(0)} MiB with ${int(m.readers)} idle readers, read quiet before and after each batch connected (publishes in between left out): **${m.perConnectionKiB.toFixed(0)} KiB per connection** (the Worker's invocation holding the stream, its WebSocket to the object, both ends' buffers).`);
  }
  if (l.reconnect) {
    const c = l.reconnect;
    lines.push(
      ``,
      `Reconnect: ${c.dropped} readers dropped, ${c.published} entries published while they were away, the same readers back with the \`Last-Event-ID\` they last had: ` +
        `**${c.exact} of ${c.dropped}** received exactly those ${c.published} entries, in order, and nothing else (replayed from D1); reconnect → last missed entry p50 · p99 · max ${trio(c.catchUp)} ms. ` +
        (c.stayedMissing ? `⚠ The readers that stayed missed ${c.stayedMissing} arrivals.` : `The readers that stayed got all of them.`),
    );
    for (const p of c.problems) lines.push(``, `⚠ ${p}`);
  }
  if (l.release) {
    const r = l.release;
    lines.push(
      ``,
      r.seconds === null
        ? `⚠ ${int(r.readers)} readers closed at the end: workerd still held their sockets 60 s later.`
        : `${int(r.readers)} readers closed at the end: workerd let go of their sockets within ${r.seconds.toFixed(1)} s (a vanished reader is noticed at its stream's next write, the 25 s heartbeat).`,
    );
  }
  if (l.eventBytes !== null) lines.push(``, `An \`entry.published\` event's \`data:\` line is ${int(l.eventBytes)} bytes (median).`);
  if (main) lines.push(``, `Target: fan-out p99 < ${LIVE_TARGET_P99_MS / 1000} s with ${int(LIVE_TARGET_READERS)} readers — **${met ? "met" : main.readers < LIVE_TARGET_READERS ? `not measured at ${int(LIVE_TARGET_READERS)} (${int(main.readers)} readers)` : "not met"}**.`);
  for (const r of l.runs) for (const f of r.failures) lines.push(``, `⚠ ${r.label}: ${f}`);
  if (l.skipped) lines.push(``, `⚠ ${l.skipped}`);
  return lines;
}

/** --rounds: the rounds' lowest and highest req/s beside the median. */
const roundsRange = (p: PhaseResult) => (p.rounds && p.rounds.length > 1 ? ` (${int(Math.min(...p.rounds))}–${int(Math.max(...p.rounds))})` : "");

function acrossSizes(runs: RunResult[]) {
  const sizes = runs.map((r) => r.articles);
  const lines = [
    `| endpoint | cache | ${sizes.map((s) => `${size(s)}: req/s · p99 ms · stmts`).join(" | ")} | req/s change ${size(sizes[0]!)} → ${size(sizes.at(-1)!)} | within ±${SCALING_BAND * 100}% |`,
    `|---|---|${sizes.map(() => "--:").join("|")}|--:|:-:|`,
  ];
  for (const p of runs[0]!.phases) {
    const cells = runs.map((r) => r.phases.find((x) => x.key === p.key));
    const first = cells[0];
    const last = cells.at(-1);
    // With --rounds, the median of the rounds' own ratios (sizeChange): what the target judges.
    const delta = first && last && first.rps > 0 ? sizeChange(first, last) : null;
    const change = delta === null ? "" : `${delta >= 0 ? "+" : ""}${(delta * 100).toFixed(0)}%`;
    // Issue 17's band applies to public reads (the Ghost-compatible API's too); other rows are shown for context.
    const band = delta !== null && (p.kind === "feed" || p.kind === "api" || p.kind === "ghost") ? (Math.abs(delta) <= SCALING_BAND ? "✅" : "❌") : "";
    lines.push(
      `| ${p.label.replace(/\(\d+% deep\)/, "(90% deep)")} | ${cacheLabel(p)} | ${cells.map((c) => (!c ? "–" : c.requests ? `${int(c.rps)}${roundsRange(c)} · ${ms(c.p99)} · ${statementsCell({ ...c, beyondBatch: [] })}` : `0 (alone ${ms(c.single?.ms ?? NaN)} ms) · – · ${statementsCell({ ...c, beyondBatch: [] })}`)).join(" | ")} | ${change} | ${band} |`,
    );
  }
  return lines.join("\n");
}

/** The feed widget partner pages load, in bytes (the promise is under 6 KB gzip): [raw, gzip]. */
export function widgetCells(w: BenchResults["bundle"]["widget"]): [string, string] {
  if (!w) return ["n/a — build the admin first", ""];
  const bytes = (n: number) => `${n.toLocaleString("en-US")} B`;
  return [bytes(w.raw), `${bytes(w.gzip)} (${w.gzip < WIDGET_LIMIT ? "under" : "OVER"} 6 KB)`];
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const s = r.settings;
  const out = [
    `# Copydesk bench results`,
    ``,
    `- **Date:** ${r.date} · **Code:** ${r.source.commit}${r.source.dirty ? " with uncommitted changes in src/, migrations/ or wrangler.toml" : ""}${r.judgedAgain ? ` · targets judged again at ${r.judgedAgain.commit} (${r.judgedAgain.date})` : ""}`,
    `- **Machine:** ${m.cpu}, nproc ${m.nproc}, ${m.memoryGiB} GiB RAM; Node ${m.node}; ${m.workerd}`,
    `- **Method:** the \`wrangler deploy --dry-run\` bundle in one local workerd (Miniflare API, direct socket, \`BENCH=1\`), local D1 seeded fresh per size;`,
    `  autocannon from the same machine, ${s.warmup} s warm-up then ${s.duration} s measured per phase, reads at ${s.readConnections} connections, writes at ${s.writeConnections}.`,
    ...(s.rounds
      ? [
          `  **Read phases in ${s.rounds} rounds:** every size seeded first and kept running (one workerd each), each read phase measured at every size in turn, the first size rotating each round;`,
          `  a row is its median round by req/s (its latencies, CPU and statuses from that round; every round's statements; other rounds' non-2xx and errors as ⚠ notes), "× baseline" against the baseline's median round;`,
          `  "Across sizes" shows the rounds' range in brackets, and its change is the median of the rounds' own ratios (each round ran the sizes back to back).`,
        ]
      : []),
    ...(s.warmDb ? [`  **--warm-db:** before each read phase the bench read that size's D1 file once, so the OS held it in memory (this VM pages out file pages unused for 60 s).`] : []),
    `  CPU ms/req is workerd's user+system time (/proc/<pid>/stat) over the measured run ÷ requests: the Worker, D1 (SQLite) and the cache together.`,
    `  Cache "hit" requests go through the public cache after the warm-up filled it; "miss" requests send \`x-copydesk-bypass-cache: 1\`.`,
    `  D1 statements come from \`x-d1-statements\`: 5 sampled responses per read phase, every response for writes.`,
    ...METHOD_ISSUE17,
    `  "Alone" is the median latency and mean workerd CPU of the sampled requests sent one at a time`,
    `  (CPU in 10 ms clock ticks, so rough below ~10 ms). "Other load" is the CPU (in cores) other processes used meanwhile: above ~0.15, req/s and latency are skewed.`,
    `  After each phase the bench waits for workerd to go idle, so requests still running do not spill into the next phase.`,
    ``,
    `## Bundle`,
    ``,
    `| bundle | raw | gzip |`,
    `|---|--:|--:|`,
    `| Worker (\`wrangler deploy --dry-run\`) | ${kib(r.bundle.workerRaw)} | ${kib(r.bundle.workerGzip)} |`,
    `| Admin (\`admin/dist\`) | | ${r.bundle.adminGzip === null ? "n/a — build the admin first" : kib(r.bundle.adminGzip)} |`,
    `| Feed widget (\`/embed/v1/feed.js\`) | ${widgetCells(r.bundle.widget).join(" | ")} |`,
  ];
  for (const run of r.runs) {
    out.push(
      ``,
      `## ${run.articles.toLocaleString("en-US")} articles (${run.published.toLocaleString("en-US")} published)`,
      ``,
      `Seeded in **${run.seed.seconds.toFixed(1)} s** (${int(run.seed.statements)} INSERT statements in ${int(run.seed.batches)} batches; database ${mib(run.seed.dbBytes)}). ` +
        `Tag feeds: \`${run.tag.slug}\`, the busiest tag (${int(run.tag.articles)} published articles), and \`${run.rareTag.slug}\`, the rarest whose feed fills a 20-item page (${int(run.rareTag.articles)}).`,
      ``,
      runTable(run),
      ...ghostImportTable(run),
      ...webhooksTable(run),
      ...liveTable(run),
      ...cronTable(run),
      ...issue17RunSections(run),
    );
  }
  if (r.runs.length > 1) out.push(``, `## Across sizes`, ``, acrossSizes(r.runs));
  out.push(``, `## Targets`, ``, `| target | status | detail |`, `|---|---|---|`);
  for (const t of r.targets) out.push(`| ${t.target} | ${t.status === "met" ? "✅ met" : t.status === "missed" ? "❌ missed" : "n/a"} | ${t.detail} |`);
  out.push(...issue17Summary(r));
  return `${out.join("\n")}\n`;
}
