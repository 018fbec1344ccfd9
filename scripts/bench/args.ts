// Command-line options of `npm run bench -- …`.
import { parseArgs } from "node:util";

export interface BenchOptions {
  sizes: number[];
  duration: number;
  warmup: number;
  readConnections: number;
  writeConnections: number;
  /** Only phases whose key contains one of these (for quick checks while working on one endpoint). */
  only: string[];
  outDir: string;
  keep: boolean;
  quietWait: number;
  /** Posts in the Ghost export the ghost-import phase builds and imports (twice). */
  ghostPosts: number;
  /** Drafts the webhooks phase publishes in each of its runs (no webhook, one webhook, one webhook 4 at once). */
  webhookPublishes: number;
  /** Concurrent SSE readers of the live blog in the live phase. */
  liveReaders: number;
  /** Revisions per article in the storage phase's history (0: measure without history only). */
  revisions: number;
  /** Articles given that history: a sample spread through the archive, or all of them. */
  historySample: number | "all";
  /** How long every D1 statement stalls in the d1-outage phase's slow runs. */
  d1DelayMs: number;
  /** How many times each read phase runs, every size's runtime alive and the sizes taking turns (1: each size once, in turn). */
  rounds: number;
  /**
   * With --rounds: more rounds for each public read phase whose rounds do not settle the flat-with-size
   * target (a round's paired ratio, smallest to largest size, outside the band), every size again.
   */
  confirm: number;
  /** Before each read phase, read the size's D1 file once, so the OS holds it in memory whatever it reclaimed meanwhile. */
  warmDb: boolean;
}

const USAGE = `npm run bench -- [--articles N | --sizes N1,N2,…] [--duration S] [--warmup S]
                      [--read-connections C] [--write-connections C] [--only key,…] [--out DIR] [--keep] [--quiet-wait S]
                      [--ghost-posts N] [--webhook-publishes N] [--live-readers N]
                      [--revisions N] [--history-sample N|all] [--d1-delay-ms MS] [--rounds N] [--confirm N] [--warm-db]
  --articles 100000         one newsroom of N articles (default 10000; "10k" and "1e5" work too)
  --sizes 1000,10000,100000 several sizes in one run, to see how each endpoint scales
  --duration 5              seconds of measured load per phase (after --warmup seconds)
  --only feed-rss,api-list  run the baseline, the floors and only these phases
  --out bench               where results.json and results.md are written
  --quiet-wait 5            before each phase, wait up to S seconds for other processes to go quiet (0: off)
  --keep                    keep the seeded database directory (its path is printed)
  --ghost-posts 1000        posts in the Ghost export the ghost-import phase imports (new, then again unchanged)
  --webhook-publishes 60    publishes in each run of the webhooks phase (no webhook, one webhook, one webhook 4 at once)
  --live-readers 1000       concurrent SSE readers of one live blog in the live phase (one socket each)
  --revisions 10            storage phase: revisions (with their audit entries) given to each sampled article (0: none)
  --history-sample 1000     storage phase: how many articles get that history ("all": every one; ~10 KB a revision)
  --d1-delay-ms 2000        d1-outage phase: how long every D1 statement stalls in its "slow" runs
  --rounds 3                every read phase 3 times, all sizes seeded first and kept running, each phase
                            measured at every size in turn (the first size rotating each round); a row is
                            its median round, so a drift of the machine falls on every size alike
  --confirm 12              with --rounds: each public read phase with a round whose ratio (smallest to
                            largest size) is outside ±20% runs 12 more rounds at every size; its flat
                            verdict is then the median of all its rounds' ratios, whichever way it falls
  --warm-db                 before each read phase, read that size's D1 file once, so the OS holds it in
                            memory (a diagnostic: does a row depend on the file's pages being resident?)
Phases beyond the reads and writes (each also selectable with --only): storage (D1 bytes per article and
the projection, right after seeding), d1-apart (the read misses again with D1 served by another
process, so workerd's CPU is the Worker's without D1's), d1-outage (reads and saves with D1 failing or stalling),
ghost-compare (only when GHOST_URL and GHOST_CONTENT_KEY point at a running Ghost: its /rss/, posts
list and post by slug with the same load settings, and our req/s ÷ Ghost's), ghost-import, webhooks,
live, cron.`;

function count(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(k|e\d+)?$/i.exec(text.trim().replace(/_/g, ""));
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === "k" ? 1000 : m[2] ? 10 ** Number(m[2].slice(1)) : 1) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: "${text}" is not a positive number.\n${USAGE}`);
  return Math.round(n);
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: "string" },
      sizes: { type: "string" },
      duration: { type: "string", default: "5" },
      warmup: { type: "string", default: "2" },
      "read-connections": { type: "string", default: "32" },
      "write-connections": { type: "string", default: "4" },
      only: { type: "string", default: "" },
      out: { type: "string", default: "bench" },
      keep: { type: "boolean", default: false },
      "quiet-wait": { type: "string", default: "5" },
      "ghost-posts": { type: "string", default: "1000" },
      "webhook-publishes": { type: "string", default: "60" },
      "live-readers": { type: "string", default: "1000" },
      revisions: { type: "string", default: "10" },
      "history-sample": { type: "string", default: "1000" },
      "d1-delay-ms": { type: "string", default: "2000" },
      rounds: { type: "string", default: "1" },
      confirm: { type: "string", default: "0" },
      "warm-db": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sizes = values.sizes
    ? values.sizes.split(/[,\s]+/).filter(Boolean).map((s) => count(s, "--sizes"))
    : [count(values.articles ?? "10000", "--articles")];
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    duration: count(values.duration, "--duration"),
    warmup: Number(values.warmup) >= 0 ? Number(values.warmup) : 2,
    readConnections: count(values["read-connections"], "--read-connections"),
    writeConnections: count(values["write-connections"], "--write-connections"),
    only: values.only.split(",").map((s) => s.trim()).filter(Boolean),
    outDir: values.out,
    keep: values.keep,
    quietWait: Math.max(0, Number(values["quiet-wait"]) || 0),
    ghostPosts: count(values["ghost-posts"], "--ghost-posts"),
    webhookPublishes: count(values["webhook-publishes"], "--webhook-publishes"),
    liveReaders: count(values["live-readers"], "--live-readers"),
    revisions: values.revisions.trim() === "0" ? 0 : count(values.revisions, "--revisions"),
    historySample: values["history-sample"].trim() === "all" ? "all" : count(values["history-sample"], "--history-sample"),
    d1DelayMs: count(values["d1-delay-ms"], "--d1-delay-ms"),
    rounds: Math.max(1, count(values.rounds, "--rounds")),
    confirm: values.confirm.trim() === "0" ? 0 : count(values.confirm, "--confirm"),
    warmDb: values["warm-db"],
  };
}
