// The live-blog phase (issue 16, "Performance and reliability"): one published live blog, many SSE
// readers on GET /api/content/v1/articles/{slug}/live (the Worker's bridge over the blog's Durable
// Object), entries published one at a time through the editorial API.
// (a) Fan-out latency: from the publish's HTTP response to the entry's arrival at every reader,
//     over all arrivals; every reader must get every entry once, in order.
// (b) CPU per fan-out: workerd's CPU over the publishes with N readers, minus the same publishes
//     with no reader, per publish (the object's broadcast and every bridge's write; the publish
//     itself, D1 and the notify cancel out). Also with N/10 readers, to show the slope.
// (c) Memory per idle connection: workerd's resident memory with the readers connected and quiet,
//     less without them, per reader (the bridge's invocation, its socket to the object, the stream).
// (d) Reconnect: N/10 readers dropped, 5 entries published, the same readers back with the
//     Last-Event-ID they had: each gets exactly those 5 (replayed from D1), nothing else.
// (e) The publish request's own latency and D1 statements (x-d1-statements).
// Then publishes from 4 editors at once: every reader still gets every entry once, in order.
import { loadavg } from "node:os";
import { readdirSync } from "node:fs";
import { rssMiB } from "./host-state";
import { drain, machineBusyMs, waitForQuiet } from "./load";
import { stats, type Stats } from "./phase-webhooks";
import { processCpuMs, type Runtime } from "./runtime";
import { assertFileLimit, ReaderPool } from "./sse-clients";

const API = "/api/editorial/v1";
/** Entries per measured run, and the time from one publish's start to the next's. */
const PUBLISHES = 50;
const INTERVAL_MS = 250;
const WARMUP = 3;
const CONCURRENT_PUBLISHES = 20;
const CONCURRENCY = 4;
const RECONNECT_PUBLISHES = 5;
/** Longest wait for the last entry of a run to reach every reader. */
const ARRIVAL_TIMEOUT_MS = 15_000;
/** After the last arrival: late duplicates or strays would show up by then. */
const SETTLE_MS = 500;
/** Two heartbeats (src/live/sse.ts HEARTBEAT_MS, 25 s) and a margin. */
const RELEASE_TIMEOUT_MS = 60_000;

export interface LiveRun {
  key: "no-readers" | "slope" | "readers" | "concurrent";
  label: string;
  /** Readers following the stream through the whole run. */
  readers: number;
  concurrency: number;
  /** Successful publishes. */
  publishes: number;
  seconds: number;
  /** The publish request's latency (ms) and x-d1-statements. */
  publish: Stats | null;
  statements: number[];
  /** workerd CPU over the run ÷ publishes (10 ms clock ticks, so read it over the whole run). */
  cpuMsPerPublish: number;
  /** cpuMsPerPublish less the no-reader run's: what fanning one entry out to these readers costs. */
  fanoutCpuMs: number | null;
  /** Publish answered → the entry's arrival at a reader (ms), over every arrival. */
  latency: Stats | null;
  /** Per entry, its first reader's arrival → its last reader's (ms). */
  spread: Stats | null;
  arrivals: number;
  expected: number;
  missing: number;
  outOfOrder: number;
  duplicates: number;
  /** Publishes whose event no reader identified (an entry id never seen). */
  unattributed: number;
  /** This process's CPU (the readers' sockets and parsing, the publisher) ÷ publishes: it shares the cores with workerd. */
  clientCpuMsPerPublish: number;
  otherCores: number;
  failures: string[];
}

export interface LiveReconnect {
  dropped: number;
  published: number;
  /** Readers back that received exactly the entries published while away, in order, and nothing else. */
  exact: number;
  /** Reconnect sent → its last missed entry received (ms). */
  catchUp: Stats | null;
  /** Readers that stayed got the same entries (missing among them). */
  stayedMissing: number;
  problems: string[];
}

export interface LiveResult {
  /** Why the phase measured nothing or less than everything (null: it all ran). */
  skipped: string | null;
  blog: { id: string; slug: string } | null;
  readers: number;
  intervalMs: number;
  /** Opening the readers: wall time, and readers that never followed. */
  connect: { seconds: number; failed: number; headersMs: Stats | null; readyMs: Stats | null } | null;
  /** workerd VmRSS (MiB) with no reader and with `readers` idle readers; per reader in KiB. */
  memory: { rssNoReadersMiB: number; rssReadersMiB: number; perConnectionKiB: number; readers: number } | null;
  runs: LiveRun[];
  reconnect: LiveReconnect | null;
  /**
   * Every reader closed at the end: how long workerd took to let go of their sockets (its open file
   * descriptors back down). A vanished reader is noticed at the bridge's next write, the heartbeat.
   */
  release: { readers: number; seconds: number | null } | null;
  /** Median bytes of an entry.published event's data line. */
  eventBytes: number | null;
  /** os.loadavg() when the phase started and when it ended: how busy the machine was. */
  loadAverage: { start: number[]; end: number[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rows<T>(rt: Runtime, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await rt.exec([[sql, params]]);
  return (result ?? []) as T[];
}

interface Published {
  n: number;
  ok: boolean;
  entryId: string | null;
  ms: number;
  /** performance.now() when the answer's headers arrived. */
  answeredAt: number;
  statements: number;
  error: string | null;
}

/** About 300 characters of text: a typical short live entry. */
const entryText = (n: number) =>
  `Update ${n}: the council has confirmed the road will stay closed through the evening while crews inspect the bridge. ` +
  `Buses are diverted via the ring road; the ferry runs every twenty minutes. We will bring you the inspectors' findings as soon as they are published.`;

function publisher(rt: Runtime, token: string, blogId: string) {
  let n = 0;
  return async (): Promise<Published> => {
    const k = ++n;
    const body = { status: "published", title: `Bench entry ${k}`, body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: entryText(k) }] }] } };
    const t0 = performance.now();
    const res = await fetch(new URL(`${API}/articles/${blogId}/entries`, rt.url), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answeredAt = performance.now();
    const text = await res.text();
    const ok = res.status === 201;
    let entryId: string | null = null;
    if (ok) entryId = (JSON.parse(text) as { entry?: { id?: string } }).entry?.id ?? null;
    return { n: k, ok: ok && entryId !== null, entryId, ms: answeredAt - t0, answeredAt, statements: Number(res.headers.get("x-d1-statements") ?? NaN), error: ok ? null : `${res.status} ${text.slice(0, 200)}` };
  };
}

interface RunSpec {
  key: LiveRun["key"];
  label: string;
  count: number;
  concurrency: number;
  /** CPU per publish of the no-reader run, to subtract. */
  zeroCpuMs: number | null;
}

async function measureRun(rt: Runtime, pool: ReaderPool, publish: () => Promise<Published>, spec: RunSpec, quietWait: number): Promise<LiveRun> {
  if (quietWait) await waitForQuiet(rt.pid, quietWait);
  const readers = pool.following();
  const before = new Map(readers.map((r) => [r, { duplicates: r.duplicates, outOfOrder: r.outOfOrder }]));
  const done: Published[] = [];
  const failures: string[] = [];
  let left = spec.count;
  const cpu0 = processCpuMs(rt.pid);
  const busy0 = machineBusyMs();
  const client0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (left > 0) {
        left--;
        const t0 = performance.now();
        const p = await publish();
        done.push(p);
        if (!p.ok && failures.length < 3) failures.push(`publish ${p.n}: ${p.error}`);
        // One at a time: ~INTERVAL_MS from one publish's start to the next's. At once: back to back.
        if (spec.concurrency === 1) await sleep(Math.max(0, t0 + INTERVAL_MS - performance.now()));
      }
    }),
  );
  const ok = done.filter((p) => p.ok);
  // Every reader has every entry (or the timeout): the ids are learnt from whichever reader got them first.
  const ids = () => ok.map((p) => pool.idOfEntry(p.entryId!));
  const arrived = readers.length
    ? await pool.until(() => ids().every((id) => id !== null && readers.every((r) => r.state !== "open" || r.arrivals.has(id))), ARRIVAL_TIMEOUT_MS)
    : true;
  await sleep(readers.length ? SETTLE_MS : INTERVAL_MS);
  const seconds = (performance.now() - started) / 1000;
  const cpu = processCpuMs(rt.pid) - cpu0;
  const own = process.cpuUsage(client0);
  const otherMs = machineBusyMs() - busy0 - cpu - (own.user + own.system) / 1000;
  await drain(rt.pid, 30);

  const latencies: number[] = [];
  const spreads: number[] = [];
  let missing = 0;
  let unattributed = 0;
  for (const p of ok) {
    const id = pool.idOfEntry(p.entryId!);
    if (id === null) {
      if (readers.length) unattributed++;
      missing += readers.length;
      continue;
    }
    const times: number[] = [];
    for (const r of readers) {
      const at = r.arrivals.get(id);
      if (at === undefined) missing++;
      else times.push(at);
    }
    for (const t of times) latencies.push(t - p.answeredAt);
    if (times.length) spreads.push(Math.max(...times) - Math.min(...times));
  }
  const duplicates = readers.reduce((n, r) => n + r.duplicates - before.get(r)!.duplicates, 0);
  const outOfOrder = readers.reduce((n, r) => n + r.outOfOrder - before.get(r)!.outOfOrder, 0);
  if (readers.length && !arrived) failures.push(`not every reader had every entry ${ARRIVAL_TIMEOUT_MS / 1000} s after the last publish`);
  const dropped = readers.filter((r) => r.state !== "open");
  if (dropped.length) failures.push(`${dropped.length} readers lost their stream during the run (${dropped[0]!.error ?? "?"})`);
  const cpuMsPerPublish = ok.length ? cpu / ok.length : NaN;
  return {
    key: spec.key,
    label: spec.label,
    readers: readers.length,
    concurrency: spec.concurrency,
    publishes: ok.length,
    seconds,
    publish: stats(ok.map((p) => p.ms)),
    statements: ok.map((p) => p.statements),
    cpuMsPerPublish,
    fanoutCpuMs: spec.zeroCpuMs === null ? null : cpuMsPerPublish - spec.zeroCpuMs,
    latency: stats(latencies),
    spread: stats(spreads),
    arrivals: latencies.length,
    expected: ok.length * readers.length,
    missing,
    outOfOrder,
    duplicates,
    unattributed,
    clientCpuMsPerPublish: ok.length ? (own.user + own.system) / 1000 / ok.length : NaN,
    otherCores: Number.isFinite(otherMs) ? Math.max(0, otherMs / 1000 / seconds) : 0,
    failures,
  };
}

/** Drops `count` readers, publishes while they are away, brings them back with their Last-Event-ID. */
async function measureReconnect(pool: ReaderPool, publish: () => Promise<Published>, count: number): Promise<LiveReconnect> {
  const problems: string[] = [];
  const following = pool.following();
  const away = following.slice(-count);
  const stayed = following.slice(0, following.length - count);
  const lastIds = away.map((r) => r.lastId);
  for (const r of away) r.close();
  // Published one at a time, as in the measured runs.
  const published: Published[] = [];
  for (let i = 0; i < RECONNECT_PUBLISHES; i++) {
    const t0 = performance.now();
    const p = await publish();
    published.push(p);
    if (!p.ok) problems.push(`publish ${p.n}: ${p.error}`);
    await sleep(Math.max(0, t0 + INTERVAL_MS - performance.now()));
  }
  const entries = published.filter((p) => p.ok).map((p) => p.entryId!);
  // The readers that stayed identify the events (an id for each entry).
  const idsKnown = await pool.until(() => entries.every((e) => pool.idOfEntry(e) !== null), ARRIVAL_TIMEOUT_MS);
  if (!idsKnown) problems.push("the readers that stayed never received every entry published meanwhile");
  const expectedIds = entries.map((e) => pool.idOfEntry(e)).filter((id): id is number => id !== null);
  const back = await pool.openMany(away.length, { lastEventIds: lastIds });
  const last = expectedIds.at(-1);
  await pool.until(() => back.every((r) => r.state !== "open" || (last !== undefined && r.arrivals.has(last))), ARRIVAL_TIMEOUT_MS);
  await sleep(SETTLE_MS);
  let exact = 0;
  const catchUp: number[] = [];
  for (const [i, r] of back.entries()) {
    // Exactly the entries published after its last id: the ones it missed (all of them, when it was up to date).
    const want = expectedIds.filter((id) => lastIds[i] === null || id > lastIds[i]!);
    const same = r.ids.length === want.length && r.ids.every((id, k) => id === want[k]) && r.resets === 0;
    if (same) exact++;
    else if (problems.length < 5) problems.push(`reader back after ${lastIds[i]}: got [${r.ids.join(",")}]${r.resets ? ` and ${r.resets} reset` : ""}, expected [${want.join(",")}]${r.error ? ` (${r.error})` : ""}`);
    const at = last !== undefined ? r.arrivals.get(last) : undefined;
    if (at !== undefined) catchUp.push(at - r.openedAt);
  }
  const stayedMissing = stayed.reduce((n, r) => n + expectedIds.filter((id) => !r.arrivals.has(id)).length, 0);
  return { dropped: away.length, published: entries.length, exact, catchUp: stats(catchUp), stayedMissing, problems };
}

const openFiles = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/**
 * Closes every reader and waits (at most RELEASE_TIMEOUT_MS) for workerd to close its side: one
 * socket each. Also leaves no stale bridge writing heartbeats into the next phase's measurements.
 */
async function measureRelease(rt: Runtime, pool: ReaderPool): Promise<LiveResult["release"]> {
  const open = pool.following().length;
  const before = openFiles(rt.pid);
  const t0 = performance.now();
  pool.closeAll();
  const released = await pool.until(() => openFiles(rt.pid) <= before - open * 0.95, RELEASE_TIMEOUT_MS, 250);
  return { readers: open, seconds: released ? (performance.now() - t0) / 1000 : null };
}

/** A published story of the seeded newsroom, made a live blog through the editorial API. */
async function seedBlog(rt: Runtime, token: string): Promise<{ id: string; slug: string } | string> {
  const columns = await rows<{ name: string }>(rt, "SELECT name FROM pragma_table_info('articles') WHERE name = 'kind'");
  if (!columns.length) return "this build has no live blogs (articles.kind, migration 0014)";
  const [story] = await rows<{ id: string; slug: string }>(rt, "SELECT id, slug FROM articles WHERE status = 'published' AND kind = 'article' ORDER BY published_at DESC LIMIT 1");
  if (!story) return "no published story to make a live blog of";
  const res = await fetch(new URL(`${API}/articles/${story.id}/live`, rt.url), {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ kind: "live", coverage_start_at: new Date().toISOString() }),
  });
  if (res.status !== 200) return `PUT ${API}/articles/{id}/live → ${res.status}: ${(await res.text()).slice(0, 300)}`;
  return story;
}

export async function livePhase(rt: Runtime, token: string, readers: number, quietWait: number): Promise<LiveResult> {
  const result: LiveResult = {
    skipped: null,
    blog: null,
    readers,
    intervalMs: INTERVAL_MS,
    connect: null,
    memory: null,
    runs: [],
    reconnect: null,
    eventBytes: null,
    release: null,
    loadAverage: { start: loadavg(), end: [] },
  };
  try {
    assertFileLimit(readers);
  } catch (e) {
    // Not fatal to the rest of the bench: the phase reports why it measured nothing.
    result.skipped = (e as Error).message;
    result.loadAverage.end = loadavg();
    return result;
  }
  const blog = await seedBlog(rt, token);
  if (typeof blog === "string") {
    result.skipped = blog;
    result.loadAverage.end = loadavg();
    return result;
  }
  result.blog = blog;
  const pool = new ReaderPool(new URL(`/api/content/v1/articles/${blog.slug}/live`, rt.url));
  const publish = publisher(rt, token, blog.id);
  try {
    // Warm-up: the routes, the object and its first D1 reads; no reader yet.
    for (let i = 0; i < WARMUP; i++) {
      const p = await publish();
      if (!p.ok) {
        result.skipped = `POST ${API}/articles/{id}/entries → ${p.error}`;
        return result;
      }
    }
    // One reader first: the stream works at all (a 404 or a missing binding shows here, not as 1,000 failures).
    const probe = await pool.open({ timeoutMs: 15_000 });
    if (probe.state !== "open") {
      result.skipped = `GET /api/content/v1/articles/{slug}/live: ${probe.error}`;
      return result;
    }
    probe.close();
    // The probe's bridge notices it is gone only at its next write: give the no-reader run a clean slate.
    await drain(rt.pid, 10);

    const zero = await measureRun(rt, pool, publish, { key: "no-readers", label: "no reader", count: PUBLISHES, concurrency: 1, zeroCpuMs: null }, quietWait);
    result.runs.push(zero);
    // The probe's stale bridge got the no-reader run's entries: that is why it is not counted as a reader.
    pool.readers.splice(0, pool.readers.length);

    const slope = Math.max(1, Math.round(readers / 10));
    const connect = async (n: number) => {
      const t0 = performance.now();
      const opened = await pool.openMany(n);
      const failed = opened.filter((r) => r.state !== "open");
      return {
        seconds: (performance.now() - t0) / 1000,
        failed: failed.length,
        headersMs: opened.filter((r) => r.headersAt !== null).map((r) => r.headersAt! - r.openedAt),
        readyMs: opened.filter((r) => r.followingAt !== null).map((r) => r.followingAt! - r.openedAt),
        error: failed[0]?.error ?? null,
      };
    };
    // Memory is read quiet, before and after each batch of readers connects (publishes grow the
    // heap too, so the runs in between are left out of the difference).
    await drain(rt.pid, 30);
    const rss0 = rssMiB(rt.pid);
    const first = await connect(readers > 1 ? slope : readers);
    await drain(rt.pid, 30);
    await sleep(1000);
    const rss1 = rssMiB(rt.pid);
    let rss2 = rss1;
    let rss3 = rss1;
    let second = { seconds: 0, failed: 0, headersMs: [] as number[], readyMs: [] as number[], error: null as string | null };
    if (readers > 1) {
      result.runs.push(await measureRun(rt, pool, publish, { key: "slope", label: `${slope.toLocaleString("en-US")} readers`, count: PUBLISHES, concurrency: 1, zeroCpuMs: zero.cpuMsPerPublish }, quietWait));
      await drain(rt.pid, 30);
      rss2 = rssMiB(rt.pid);
      second = await connect(readers - slope);
      await drain(rt.pid, 30);
      await sleep(1000);
      rss3 = rssMiB(rt.pid);
    }
    const failed = first.failed + second.failed;
    result.connect = { seconds: first.seconds + second.seconds, failed, headersMs: stats([...first.headersMs, ...second.headersMs]), readyMs: stats([...first.readyMs, ...second.readyMs]) };
    const following = pool.following().length;
    result.memory = { rssNoReadersMiB: rss0, rssReadersMiB: rss3, perConnectionKiB: following ? (((rss1 - rss0) + (rss3 - rss2)) * 1024) / following : NaN, readers: following };
    if (failed) result.skipped = `${failed} of ${readers} readers never followed the stream (${first.error ?? second.error})`;

    result.runs.push(await measureRun(rt, pool, publish, { key: "readers", label: `${following.toLocaleString("en-US")} readers`, count: PUBLISHES, concurrency: 1, zeroCpuMs: zero.cpuMsPerPublish }, quietWait));
    result.runs.push(
      await measureRun(rt, pool, publish, { key: "concurrent", label: `${following.toLocaleString("en-US")} readers, ${CONCURRENCY} publishers at once`, count: CONCURRENT_PUBLISHES, concurrency: CONCURRENCY, zeroCpuMs: null }, quietWait),
    );
    result.reconnect = await measureReconnect(pool, publish, Math.max(1, Math.round(following / 10)));
    const published = [...pool.typeOfId].filter(([, t]) => t === "entry.published").map(([id]) => pool.bytesOfId.get(id)!);
    result.eventBytes = stats(published)?.p50 ?? null;
    result.release = await measureRelease(rt, pool);
    return result;
  } finally {
    pool.closeAll();
    result.loadAverage.end = loadavg();
  }
}
