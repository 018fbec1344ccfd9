// The webhooks phase (issue 13): what a publish costs now that it writes an outbox row, and how long
// a webhook takes to reach a receiver. Drafts are published one at a time through the editorial API,
// first with no webhook (the outbox row is written and relayed to nobody), then with one active
// webhook for article.published whose deliveries reach this process (webhook-receiver.ts): the time
// from the publish's HTTP response to the delivery's arrival, one publish at a time and then
// CONCURRENCY at once. The Queue's max_batch_timeout (wrangler.toml) dominates that time: Miniflare
// holds a message until a batch is full or the timeout passes, as Cloudflare does.
// From the database afterwards: the relay's lag (outbox created_at → relayed_at), the time on the
// queue (relayed_at → first attempt) and the delivery request's own latency. Last, the cron sweep
// relays one event at a time (relayed_at reset by hand): the relay's own D1 statements and CPU,
// which after a request run in waitUntil, where x-d1-statements cannot see them.
import type { Bundle } from "./build";
import { preparePublishTargets } from "./fixtures";
import { machineBusyMs, waitForQuiet } from "./load";
import { progressBar } from "./progress";
import { processCpuMs, type Runtime } from "./runtime";
import type { Arrival, Receiver } from "./webhook-receiver";

const API = "/api/editorial/v1";
const CONCURRENCY = 4;
/** Longest wait for one delivery; the queue's own timeout is 1 s, a retry would be 10 s later. */
const ARRIVAL_TIMEOUT_MS = 15_000;
/** Sequential publishes wait this long after each (after its delivery, with a webhook): the relay and the consumer's log are done. */
const SETTLE_MS = 250;
const SWEEP_RUNS = 5;

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export interface PublishRun {
  key: "no-webhook" | "webhook" | "webhook-concurrent";
  label: string;
  concurrency: number;
  /** Successful publishes. */
  publishes: number;
  seconds: number;
  /** Publish request latency (ms). */
  publish: Stats;
  /** x-d1-statements of every publish answer. */
  statements: number[];
  /** workerd CPU over the run ÷ publishes: the publish and all it set off (relay, consumer, delivery). */
  cpuMsPerPublish: number;
  /** Publish answered → webhook arrived (ms); null without a webhook. */
  arrival: Stats | null;
  /** Publishes whose webhook did not arrive within ARRIVAL_TIMEOUT_MS. */
  missing: number;
  /**
   * From the database (workerd's clock): the event's created_at (stamped as the publish's batch is
   * built) → relayed_at (the relay in waitUntil done: on the queue), relayed_at → the first attempt
   * sent (its logged attempted_at, which is written after the answer, less its latency_ms), and the
   * attempt's latency_ms. (Against the bench's clock the relay finishes before the client has read
   * the answer, so "answer → relayed" comes out negative: the event is written → relayed time is the useful one.)
   */
  relayLag: Stats | null;
  queueWait: Stats | null;
  deliveryMs: Stats | null;
  /** Events of this run the relay had not relayed when it ended. */
  unrelayed: number;
  otherCores: number;
  failures: string[];
}

export interface SweepRun {
  statements: number;
  cpuMs: number;
  ms: number;
}

export interface WebhooksResult {
  /** Why the phase measured less than everything (null: it all ran). */
  skipped: string | null;
  queue: { maxBatchSize: number | null; maxBatchTimeout: number | null; maxRetries: number | null; deadLetterQueue: string | null };
  runs: PublishRun[];
  /** Cron runs with nothing pending, then each relaying one event (null when not measured). */
  sweep: { idle: SweepRun[]; oneEvent: SweepRun[]; redelivered: number; sameBytes: boolean } | null;
  /** Every delivery the receiver got: signatures checked with standardwebhooks. */
  checks: { deliveries: number; verified: number; problems: string[]; payloadBytes: number | null };
  /** One article.published delivery as the receiver got it (its webhook-* and content headers, the body). */
  sample: { headers: Record<string, string>; body: unknown } | null;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export function stats(xs: number[]): Stats | null {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return null;
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), min: s[0]!, max: s.at(-1)!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rows<T>(rt: Runtime, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await rt.exec([[sql, params]]);
  return (result ?? []) as T[];
}

function api(rt: Runtime, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(new URL(`${API}${path}`, rt.url), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as any, text };
  };
}

interface Published {
  id: string;
  ok: boolean;
  ms: number;
  /** performance.now() when the answer's headers arrived, and the wall clock then (ms). */
  answeredAt: number;
  answeredWall: number;
  statements: number;
  error: string | null;
}

async function publish(rt: Runtime, token: string, id: string): Promise<Published> {
  const t0 = performance.now();
  const res = await fetch(new URL(`${API}/articles/${id}/publish`, rt.url), { method: "POST", headers: { authorization: `Bearer ${token}` } });
  const answeredAt = performance.now();
  const answeredWall = Date.now();
  const text = await res.text();
  const ok = res.status === 200;
  return { id, ok, ms: answeredAt - t0, answeredAt, answeredWall, statements: Number(res.headers.get("x-d1-statements") ?? NaN), error: ok ? null : `${res.status} ${text.slice(0, 200)}` };
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/** The relay's and the queue's timings for these publishes' article.published events, read from D1. */
async function timings(rt: Runtime, since: string, published: Published[]) {
  const answered = new Map(published.map((p) => [p.id, p.answeredWall]));
  // A build from before the outbox (the bench run against an older commit, for comparison) has none of it.
  const tables = await rows<{ n: number }>(rt, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('outbox_events', 'webhook_deliveries')");
  if (tables[0]?.n !== 2) return { events: 0, unrelayed: 0, relayLag: null, queueWait: null, deliveryMs: null };
  const events = await rows<{ article: string; created_at: string; relayed_at: string | null; attempted_at: string | null; latency_ms: number | null }>(
    rt,
    "SELECT e.subject_id AS article, e.created_at, e.relayed_at, min(d.attempted_at) AS attempted_at, min(d.latency_ms) AS latency_ms " +
      "FROM outbox_events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id WHERE e.type = 'article.published' AND e.created_at >= ? GROUP BY e.id",
    [since],
  );
  const mine = events.filter((e) => answered.has(e.article));
  return {
    events: mine.length,
    unrelayed: mine.filter((e) => !e.relayed_at).length,
    relayLag: stats(mine.map((e) => ms(e.relayed_at) - ms(e.created_at))),
    queueWait: stats(mine.map((e) => ms(e.attempted_at) - (e.latency_ms ?? 0) - ms(e.relayed_at))),
    deliveryMs: stats(mine.map((e) => (e.latency_ms === null ? NaN : e.latency_ms))),
  };
}

interface RunSpec {
  key: PublishRun["key"];
  label: string;
  ids: string[];
  concurrency: number;
  /** Wait for each (or, concurrent, every) article's delivery. */
  receiver: Receiver | null;
}

async function publishRun(rt: Runtime, token: string, spec: RunSpec, quietWait: number): Promise<PublishRun> {
  if (quietWait) await waitForQuiet(rt.pid, quietWait);
  const since = new Date(Date.now() - 1000).toISOString();
  const done: Published[] = [];
  const latencies: number[] = [];
  const failures: string[] = [];
  let missing = 0;
  const arrived = (id: string) => (a: Arrival) => a.type === "article.published" && a.articleId === id;
  const bar = progressBar(`  ${spec.label}`, spec.ids.length);
  const queue = [...spec.ids];
  const cpu0 = processCpuMs(rt.pid);
  const busy0 = machineBusyMs();
  const client0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const p = await publish(rt, token, id);
        done.push(p);
        bar.update(done.length);
        if (!p.ok) {
          if (failures.length < 3) failures.push(`publish ${id}: ${p.error}`);
          continue;
        }
        if (spec.concurrency > 1) continue;
        if (!spec.receiver) {
          await sleep(SETTLE_MS);
          continue;
        }
        const a = await spec.receiver.waitFor(arrived(id), ARRIVAL_TIMEOUT_MS);
        if (a) latencies.push(a.at - p.answeredAt);
        else missing++;
        // The consumer still logs the attempt after the receiver answered: the next publish should
        // not compete with it, no more than a publish without a webhook competes with its relay.
        await sleep(SETTLE_MS);
        // Three lost in a row: deliveries are not happening, no point waiting 15 s for each.
        if (missing >= 3 && !latencies.length) {
          failures.push(`no delivery arrived for the first ${missing} publishes: stopped`);
          queue.length = 0;
        }
      }
    }),
  );
  if (spec.receiver && spec.concurrency > 1) {
    const waits = await Promise.all(done.filter((p) => p.ok).map(async (p) => ({ p, a: await spec.receiver!.waitFor(arrived(p.id), ARRIVAL_TIMEOUT_MS * 2) })));
    for (const { p, a } of waits) {
      if (a) latencies.push(a.at - p.answeredAt);
      else missing++;
    }
  }
  // The relay after the last publish (and the consumer's delivery log) may still be running.
  await sleep(SETTLE_MS);
  const seconds = (performance.now() - started) / 1000;
  const cpu = processCpuMs(rt.pid) - cpu0;
  const own = process.cpuUsage(client0);
  const otherMs = machineBusyMs() - busy0 - cpu - (own.user + own.system) / 1000;
  bar.done();
  const ok = done.filter((p) => p.ok);
  const t = await timings(rt, since, ok);
  if (missing && failures.length < 4) failures.push(`${missing} deliveries did not arrive within ${ARRIVAL_TIMEOUT_MS / 1000} s`);
  return {
    key: spec.key,
    label: spec.label,
    concurrency: spec.concurrency,
    publishes: ok.length,
    seconds,
    publish: stats(ok.map((p) => p.ms)) ?? { n: 0, p50: NaN, p99: NaN, min: NaN, max: NaN, mean: NaN },
    statements: ok.map((p) => p.statements),
    cpuMsPerPublish: ok.length ? cpu / ok.length : NaN,
    arrival: spec.receiver ? stats(latencies) : null,
    missing,
    relayLag: t.relayLag,
    queueWait: spec.receiver ? t.queueWait : null,
    deliveryMs: spec.receiver ? t.deliveryMs : null,
    unrelayed: t.unrelayed,
    otherCores: Number.isFinite(otherMs) ? Math.max(0, otherMs / 1000 / seconds) : 0,
    failures,
  };
}

async function fireCron(rt: Runtime): Promise<SweepRun> {
  const cpu0 = processCpuMs(rt.pid);
  const t0 = performance.now();
  const s = await rt.scheduled(new Date());
  return { statements: s.statements, cpuMs: processCpuMs(rt.pid) - cpu0, ms: performance.now() - t0 };
}

/**
 * The relay's own cost, through the cron sweep: idle runs first, then runs that each find one event
 * whose relay "never happened" (relayed_at, claim and payload reset, as after a crash between commit
 * and enqueue). The difference is the relay's statements; the receiver gets the event again, with
 * the same webhook-id (and, the payload being rebuilt from the same version, the same bytes).
 */
async function measureSweep(rt: Runtime, receiver: Receiver, eventIds: string[]): Promise<NonNullable<WebhooksResult["sweep"]> | string> {
  const idle: SweepRun[] = [];
  for (let i = 0; i < 3; i++) idle.push(await fireCron(rt));
  const oneEvent: SweepRun[] = [];
  let redelivered = 0;
  let sameBytes = true;
  for (const id of eventIds.slice(0, SWEEP_RUNS)) {
    const before = receiver.arrivals.filter((a) => a.id === id);
    await rt.exec([["UPDATE outbox_events SET relayed_at = NULL, claimed_until = NULL, payload = NULL WHERE id = ?", [id]]]);
    oneEvent.push(await fireCron(rt));
    const [row] = await rows<{ relayed_at: string | null }>(rt, "SELECT relayed_at FROM outbox_events WHERE id = ?", [id]);
    if (!row?.relayed_at) return `the cron run did not relay a pending event (${id}): is the sweep in src/scheduled/cron.ts?`;
    const again = await receiver.waitFor((a) => a.id === id && !before.includes(a), ARRIVAL_TIMEOUT_MS);
    if (again) {
      redelivered++;
      if (before[0] && before[0].bytes !== again.bytes) sameBytes = false;
    }
  }
  return { idle, oneEvent, redelivered, sameBytes };
}

export async function webhooksPhase(rt: Runtime, bundle: Bundle, token: string, receiver: Receiver, publishes: number, quietWait: number): Promise<WebhooksResult> {
  const consumer = bundle.queues.consumers.find((c) => c.queue === bundle.queues.producers[0]?.queue);
  const result: WebhooksResult = {
    skipped: null,
    queue: {
      maxBatchSize: consumer?.maxBatchSize ?? null,
      maxBatchTimeout: consumer?.maxBatchTimeout ?? null,
      maxRetries: consumer?.maxRetries ?? null,
      deadLetterQueue: consumer?.deadLetterQueue ?? null,
    },
    runs: [],
    sweep: null,
    checks: { deliveries: 0, verified: 0, problems: [], payloadBytes: null },
    sample: null,
  };
  const call = api(rt, token);
  const warmup = 3;
  const ids = await preparePublishTargets(rt, publishes * 3 + warmup * 2);
  if (ids.length < publishes * 3 + warmup * 2) throw new Error(`webhooks phase: only ${ids.length} drafts to publish`);
  const take = (n: number) => ids.splice(0, n);

  // Without a webhook: what every publish pays for the outbox (the row, and a relay that finds no target).
  for (const id of take(warmup)) await publish(rt, token, id);
  result.runs.push(await publishRun(rt, token, { key: "no-webhook", label: "publish, no webhook", ids: take(publishes), concurrency: 1, receiver: null }, quietWait));

  const list = await call("GET", "/webhooks");
  if (list.status !== 200) {
    result.skipped = `GET ${API}/webhooks → ${list.status}: this build has no webhooks API (src/editorial/webhooks/routes.ts); only the publish without a webhook was measured`;
    return result;
  }
  const created = await call("POST", "/webhooks", { url: receiver.url("copydesk-bench"), events: ["article.published"], description: "bench receiver" });
  if (created.status !== 201 || typeof created.json?.secret !== "string") {
    result.skipped = `POST ${API}/webhooks → ${created.status}: ${created.text.slice(0, 300)}`;
    return result;
  }
  const webhookId: string = created.json.webhook.id;
  receiver.setSecret(created.json.secret);
  try {
    // A ping first: the whole path (outbox, relay, queue, consumer, signature) works before anything is timed.
    const ping = await call("POST", `/webhooks/${webhookId}/ping`);
    const pinged = ping.status === 202 ? await receiver.waitFor((a) => a.type === "ping", ARRIVAL_TIMEOUT_MS) : null;
    if (!pinged) {
      result.skipped =
        ping.status !== 202
          ? `POST ${API}/webhooks/{id}/ping → ${ping.status}: ${ping.text.slice(0, 300)}`
          : `the ping was accepted but never arrived within ${ARRIVAL_TIMEOUT_MS / 1000} s: is the relay (src/outbox/relay.ts) or the delivery (src/webhooks/deliver.ts) missing?`;
      return result;
    }
    for (const id of take(warmup)) {
      const p = await publish(rt, token, id);
      if (p.ok) await receiver.waitFor((a) => a.articleId === id, ARRIVAL_TIMEOUT_MS);
    }
    const sequential = take(publishes);
    result.runs.push(await publishRun(rt, token, { key: "webhook", label: "publish, 1 webhook", ids: sequential, concurrency: 1, receiver }, quietWait));
    result.runs.push(await publishRun(rt, token, { key: "webhook-concurrent", label: `publish, 1 webhook, ${CONCURRENCY} at once`, ids: take(publishes), concurrency: CONCURRENCY, receiver }, quietWait));

    const events = await rows<{ id: string }>(rt, "SELECT id FROM outbox_events WHERE type = 'article.published' AND subject_id IN (SELECT value FROM json_each(?)) ORDER BY created_at", [JSON.stringify(sequential.slice(0, SWEEP_RUNS))]);
    const sweep = await measureSweep(rt, receiver, events.map((e) => e.id));
    if (typeof sweep === "string") result.skipped = sweep;
    else result.sweep = sweep;
  } finally {
    // Later phases publish and delete too: they should not deliver.
    await call("DELETE", `/webhooks/${webhookId}`);
    const mine = receiver.arrivals;
    result.checks.deliveries = mine.length;
    result.checks.verified = mine.filter((a) => a.verified).length;
    result.checks.problems = [...new Set(mine.filter((a) => !a.verified || a.error).map((a) => `${a.type || "?"} ${a.id}: ${a.error ?? "not verified"}`))].slice(0, 5);
    result.checks.payloadBytes = stats(mine.filter((a) => a.type === "article.published").map((a) => a.bytes))?.p50 ?? null;
    const sample = mine.find((a) => a.type === "article.published" && a.verified);
    if (sample) {
      const headers = Object.fromEntries(Object.entries(sample.headers).filter(([k]) => k.startsWith("webhook-") || k === "content-type" || k === "user-agent"));
      result.sample = { headers, body: JSON.parse(sample.body) };
    }
  }
  return result;
}
