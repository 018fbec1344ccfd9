// The parts of bench/results.md issue 17 added: D1 bytes per article and the projection, readers
// through a D1 outage, the optional Ghost side-by-side, and the issue's targets with ✅/❌.
import { ghostRatios, ghostTarget } from "./phase-ghost-compare";
import { D1_LIMITS, PROJECTED_ARTICLES } from "./targets-issue17";
import type { BenchResults, RunResult, Target } from "./results";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const mb = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const counts = (m: Record<string, number>) => Object.entries(m).map(([k, n]) => `${int(n)}× ${k}`).join(", ") || "–";

/** Method text for what issue 17 changed in how rows are read. */
export const METHOD_ISSUE17 = [
  `  Miss rows: the load sends \`x-copydesk-bypass-cache: 1\`, so their req/s and CPU ms/req are the page's own work (no cache lookup or put, no version read).`,
  `  Their D1 statements are 5 sampled *real* misses through the cache: the content version is changed straight in D1 (as a publish from elsewhere would),`,
  `  and each sample is re-sent every 100 ms until the Worker answers it as a miss: that first miss, as the Worker runs it, version read included if it makes one.`,
  `  A Worker that keeps the version per isolate makes that read only once per isolate and period; later misses in the period cost one statement less:`,
  `  results.json keeps those bypass counts (\`pageStatements\`) and how long after the change the miss came (\`noticedMs\`).`,
  `  "× floor" is a hit row's req/s ÷ the same run's "floor: Cache API match" row: what the Worker adds to the one Cache API match a hit cannot avoid.`,
];

function storageSection(run: RunResult): string[] {
  const s = run.storage;
  if (!s) return [];
  const h = s.history;
  const groups = Object.keys(s.perArticle.groups);
  // The articles row's biggest columns (mean stored bytes): what moving one out of D1 would save.
  const big = Object.entries(s.articleColumns ?? {}).filter(([, n]) => n >= 100).sort((a, b) => b[1] - a[1]);
  const rest = Object.entries(s.articleColumns ?? {}).filter(([, n]) => n < 100).reduce((n, [, b]) => n + b, 0);
  const lines = [
    ``,
    `### D1 bytes per article`,
    ``,
    `Measured right after seeding, ${s.method}; page size ${int(s.pageSize)} B, file ${mb(s.fileBytes)}. ` +
      (h
        ? `Then ${int(h.articles)} articles spread through the archive were each given ${h.revisionsPerArticle} revisions (snapshots \`{content, state}\` as \`src/articles/write.ts\` writes them, one paragraph reworded per revision; median snapshot ${kib(h.snapshotBytes)}) and the audit entry each save writes, in ${h.seconds.toFixed(1)} s, and measured again: history bytes per article are the growth ÷ ${int(h.articles)}. The read phases ran with that sample's history in place (public reads never read revisions).`
        : `No history was added (--revisions 0).`),
    ``,
    `| group | bytes after seeding | per article |`,
    `|---|--:|--:|`,
    ...groups.map((g) => `| ${g} | ${int(s.seeded[g] ?? 0)}${h && ["revisions", "revisions indexes", "audit log", "audit log indexes"].includes(g) ? ` (${int(h.after[g] ?? 0)} with the history)` : ""} | ${int(s.perArticle.groups[g]!)} |`),
    `| **per article, without history** | | **${int(s.perArticle.withoutHistory)}** (${kib(s.perArticle.withoutHistory)}) |`,
    ...(s.perArticle.withHistory !== null ? [`| **per article, with ${h!.revisionsPerArticle} revisions** | | **${int(s.perArticle.withHistory)}** (${kib(s.perArticle.withHistory)}) |`] : []),
    `| not growing with articles (users, tags, sections, contributors, settings) | ${int(s.projection.fixedBytes)} | |`,
    ...(s.seeded["free pages"] ? [`| free pages | ${int(s.seeded["free pages"])} | |`] : []),
    ``,
    `Projection (${s.perArticle.withHistory !== null ? `with ${h!.revisionsPerArticle} revisions` : "without history"}; D1's limits in decimal units): one database of ${mb(D1_LIMITS.paid)} fills at **${int(s.projection.fillsAt.paid)} articles**, ` +
      `the free plan's ${mb(D1_LIMITS.free)} at ${int(s.projection.fillsAt.free)}; ${int(PROJECTED_ARTICLES)} articles take **${mb(s.projection.millionBytes)}** (${mb(s.projection.millionWithoutHistoryBytes)} without history). ` +
      `Arithmetic: ${int(s.projection.fixedBytes)} B + N × ${int(s.perArticle.withHistory ?? s.perArticle.withoutHistory)} B.`,
    ...(s.archived
      ? [
          ``,
          `**Archived** (the steady state of a large archive: every story cold; the real cron run ${int(s.archived.cronRuns)} times with its clock 420 days ahead, in ${s.archived.seconds.toFixed(1)} s, moving snapshots, bodies and their rendering, packed revisions and audit entries past the retention to R2): ` +
            `**${int(s.archived.perArticle)} B per article** (${kib(s.archived.perArticle)}), ${int(PROJECTED_ARTICLES)} articles take **${mb(s.archived.millionBytes)}**. ` +
            `By group, per article: ${Object.entries(s.archived.groups).filter(([g]) => g !== "other" && g !== "free pages").map(([g, b]) => `${g} ${int(b / s.articles)}`).join(", ")}.`,
        ]
      : []),
    ...(big.length ? [``, `The articles row's columns, mean stored bytes per article (values only; pages add their slack): ${big.map(([c, n]) => `\`${c}\` ${int(n)}`).join(", ")}, the other columns ${int(rest)} together.`] : []),
  ];
  return lines;
}

function outageSection(run: RunResult): string[] {
  const o = run.outage;
  if (!o) return [];
  const lines = [
    ``,
    `### D1 outage`,
    ``,
    `${o.warmed.length} public URLs (\`${o.warmed.slice(0, 4).join("`, `")}\` and ${o.warmed.length - 4} stories by slug) were answered twice first, so the cache holds them; ` +
      `then driven with \`x-copydesk-bench-d1\` (BENCH=1 only: every D1 statement of the request fails with "${"D1_ERROR: Network connection lost."}", or waits ${o.delayMs} ms first), ` +
      `beside stories never requested (each run its own). Statuses and the \`x-copydesk-cache\` / \`Cache-Status\` values are counted over every measured response.`,
    ``,
    `| run | req/s | p50 ms | p99 ms | statuses | x-copydesk-cache | Cache-Status | non-200 content types | other load |`,
    `|---|--:|--:|--:|---|---|---|---|--:|`,
    ...o.runs.map((r) => `| ${r.label} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${counts(r.statuses)} | ${counts(r.cache)} | ${counts(r.cacheStatus)} | ${counts(r.errorTypes)} | ${r.otherCores.toFixed(2)} |`),
  ];
  for (const r of o.runs) {
    if (!r.example) continue;
    const h = Object.entries(r.example.headers).map(([k, v]) => `${k}: ${v}`).join("; ");
    lines.push(``, `- ${r.label}, one answer after the run: \`GET ${r.example.path}\` → ${r.example.status} (${h})${r.example.status === 200 ? "" : ` \`${r.example.body.replace(/`/g, "'").replace(/\n/g, " ")}\``}`);
  }
  if (o.save) lines.push(``, `- Editorial saves with D1 failing (5, one at a time, \`PATCH\` with \`If-Match\`): ${counts(o.save.statuses)}; the article afterwards: ${o.save.unchanged ? "unchanged" : "**changed**"}. First answer: \`${o.save.example.replace(/`/g, "'").replace(/\n/g, " ")}\``);
  return lines;
}

function ghostSection(run: RunResult): string[] {
  const g = run.ghostCompare;
  if (!g) return [];
  if (g.skipped) return [``, `### Side by side with Ghost`, ``, `⚠ Not measured: ${g.skipped}`];
  const x = (n: number | null) => (n === null ? "–" : `${n.toFixed(n < 1 ? 2 : 1)}×`);
  return [
    ``,
    `### Side by side with Ghost`,
    ``,
    `Ghost at ${g.url} (${g.posts === null ? "?" : int(g.posts)} posts) driven with the same settings (same connections, warm-up and duration, from the same machine); "ours ÷ Ghost" divides our row's req/s in this run by Ghost's.`,
    ``,
    `| Ghost endpoint | req/s | p50 ms | p99 ms | statuses | ours ÷ Ghost, cached | ours ÷ Ghost, miss |`,
    `|---|--:|--:|--:|---|--:|--:|`,
    ...g.rows.map((r) => {
      const { hit, miss } = ghostRatios(r, run.phases);
      return `| ${r.label} (vs \`${r.ours.hit.split(":")[0]}\`) | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${counts(r.statuses)} | ${x(hit)} | ${x(miss)} |`;
    }),
  ];
}

function apartSection(run: RunResult): string[] {
  const a = run.apart;
  if (!a) return [];
  const whole = (key: string) => run.phases.find((p) => p.key === key);
  return [
    ``,
    `### The Worker's CPU with D1 in its own process`,
    ``,
    `The miss rows again (and \`floor-d1\`, one trivial statement), on a copy of this size's database served by another process (\`scripts/bench/d1-server.ts\`: node:sqlite behind Miniflare's remote-binding proxy), ` +
      `so the app's workerd no longer runs SQLite or builds D1's answers. What its CPU still holds: the Worker's isolate, the D1 binding's client side (each request, each answer's parsing), the cache, workerd's HTTP, and the proxy's extra hop (\`floor-d1\` below says what that leaves per statement): ` +
      `an upper bound of what Cloudflare counts as the Worker's CPU. The issue's miss targets read this column when it is there. ${a.seconds.toFixed(0)} s in all.`,
    ``,
    `| row | req/s | workerd CPU ms/req, D1 apart | D1 process CPU ms/req | workerd CPU ms/req, D1 in the process (main run) | sampled answers alike | other load |`,
    `|---|--:|--:|--:|--:|--:|--:|`,
    ...a.rows.map((r) => `| ${whole(r.key)?.label ?? r.key}${r.key.includes(":") ? ` (${r.key.split(":")[1]})` : ""} | ${int(r.rps)} | ${ms(r.cpuMs)} | ${ms(r.d1CpuMs)} | ${whole(r.key) ? ms(whole(r.key)!.cpuMs) : "–"} | ${r.same?.[1] ? `${r.same[0]}/${r.same[1]}` : "–"} | ${r.otherCores.toFixed(2)}${r.non2xx || r.errors ? ` ⚠ ${r.non2xx} non-2xx, ${r.errors} errors` : ""} |`),
  ];
}

export function issue17RunSections(run: RunResult): string[] {
  return [...apartSection(run), ...storageSection(run), ...outageSection(run), ...ghostSection(run)];
}

const mark = (t: Target) => (t.status === "met" ? "✅" : t.status === "missed" ? "❌" : "–");

export function issue17Summary(r: BenchResults): string[] {
  const ghost = ghostTarget() ? [] : [``, `Ghost side-by-side: skipped (set GHOST_URL and GHOST_CONTENT_KEY to a running Ghost with a like corpus to compare).`];
  return [``, `## Issue 17 targets`, ``, `Each computed from this run's rows.`, ``, `| | target | detail |`, `|---|---|---|`, ...r.issue17.map((t) => `| ${mark(t)} | ${t.target} | ${t.detail} |`), ...ghost];
}
