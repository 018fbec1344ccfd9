// One load phase: a warm-up, then a measured autocannon run at fixed concurrency, with workerd's
// CPU time read from /proc around the measured run only. Latencies are recorded here from every
// response (autocannon's own histogram has 1 ms resolution, too coarse for a 2 ms request).
import autocannon, { type AutocannonOptions, type AutocannonRequest } from "autocannon";
import { readFileSync } from "node:fs";
import { processCpuMs, ticksPerSecond } from "./runtime";

export interface LoadSpec {
  /** Origin of the Worker. */
  url: URL;
  connections: number;
  duration: number;
  warmup: number;
  /** A fixed request, or a sequence with setupRequest() for per-request paths or bodies. */
  request: AutocannonRequest;
  /** Stop after this many requests instead of after `duration` (for finite work such as publishing drafts). */
  amount?: number;
  warmupAmount?: number;
  /** Seconds to wait, at most, for other processes to go quiet before the phase (0: don't). */
  quietWait?: number;
  /** Called between the warm-up and the measured run (e.g. to drop the warm-up's samples). */
  onMeasureStart?: () => void;
  /** A process whose CPU the run also reads apart (D1 served by another process, phase-d1-apart.ts). */
  alsoPid?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** workerd user+system CPU over the measured run ÷ requests. */
  cpuMs: number;
  /** The load generator's own CPU (same 2 cores): context for reading the numbers. */
  clientCpuMs: number;
  statuses: Record<string, number>;
  errors: number;
  /** CPU used by everything else on the machine meanwhile, in cores (other sessions' tests skew req/s and latency). */
  otherCores: number;
  /** `alsoPid`'s user+system CPU over the measured run ÷ requests (not in otherCores). */
  alsoCpuMs?: number;
}

function options(spec: LoadSpec, measured: boolean): AutocannonOptions {
  const base: AutocannonOptions = {
    url: spec.url.origin,
    connections: spec.connections,
    timeout: 30,
    requests: [{ ...spec.request }],
  };
  const amount = measured ? spec.amount : spec.warmupAmount;
  if (amount !== undefined) return { ...base, amount: Math.max(amount, spec.connections) };
  return { ...base, duration: measured ? spec.duration : spec.warmup };
}

/** Busy CPU time of the whole machine (all cores), in ms, from the first line of /proc/stat. */
export function machineBusyMs(): number {
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/**
 * On a shared machine other sessions' test runs steal the cores workerd needs. Before a phase,
 * wait (up to maxWaitS) until the rest of the machine uses under `threshold` cores for a second.
 * Returns the other load finally seen, in cores.
 */
export async function waitForQuiet(workerdPid: number, maxWaitS = 30, threshold = 0.25): Promise<number> {
  const deadline = performance.now() + maxWaitS * 1000;
  for (;;) {
    const busy0 = machineBusyMs();
    const own0 = processCpuMs(workerdPid) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
    await new Promise((r) => setTimeout(r, 1000));
    const own1 = processCpuMs(workerdPid) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
    const other = (machineBusyMs() - busy0 - (own1 - own0)) / 1000;
    if (!Number.isFinite(other) || other < threshold || performance.now() > deadline) return Math.max(0, other);
  }
}

/**
 * Requests still running in workerd when autocannon stops (a slow miss can take seconds) would
 * bill their CPU and latency to the next phase: wait until workerd is idle (max maxWaitS).
 */
export async function drain(workerdPid: number, maxWaitS = 120): Promise<void> {
  const deadline = performance.now() + maxWaitS * 1000;
  while (performance.now() < deadline) {
    const cpu0 = processCpuMs(workerdPid);
    await new Promise((r) => setTimeout(r, 500));
    if (processCpuMs(workerdPid) - cpu0 < 50) return; // under 10% of a core
  }
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

export async function runLoad(spec: LoadSpec, workerdPid: number): Promise<LoadResult> {
  if (spec.quietWait) await waitForQuiet(workerdPid, spec.quietWait);
  if (spec.warmup > 0 || spec.warmupAmount) await autocannon(options(spec, false));
  spec.onMeasureStart?.();

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon(options(spec, true));
  instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const cpu0 = processCpuMs(workerdPid);
  const also0 = spec.alsoPid ? processCpuMs(spec.alsoPid) : 0;
  const busy0 = machineBusyMs();
  const client0 = process.cpuUsage();
  const started = performance.now();
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = processCpuMs(workerdPid);
  const alsoMs = spec.alsoPid ? processCpuMs(spec.alsoPid) - also0 : 0;
  await drain(workerdPid);
  const client = process.cpuUsage(client0);
  const clientMs = (client.user + client.system) / 1000;
  const otherMs = machineBusyMs() - busy0 - (cpu1 - cpu0) - clientMs - alsoMs;

  const sorted = Float64Array.from(latencies).sort();
  const requests = latencies.length;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpuMs: requests ? (cpu1 - cpu0) / requests : 0,
    clientCpuMs: requests ? clientMs / requests : 0,
    statuses,
    errors: result.errors,
    otherCores: Number.isFinite(otherMs) ? Math.max(0, otherMs / 1000 / seconds) : 0,
    ...(spec.alsoPid && { alsoCpuMs: requests ? alsoMs / requests : 0 }),
  };
}

/**
 * D1 statements (x-d1-statements) and cache state of a few requests like the phase's.
 * `beforeEach` lets a miss phase make each sample a real miss (by changing the content version
 * behind the Worker's back, as a publish from another isolate would). A Worker that keeps the
 * version in the isolate for a while answers from the old copy until it looks again: with
 * `untilMiss`, each sample is re-sent every `retryMs` until it misses (at most `maxMs`), and the
 * sample is that first miss as the Worker really runs it, version read and all; `noticedMs` is
 * how long after the change that was.
 */
export async function sampleRequests(
  url: URL,
  workerdPid: number,
  next: () => { path: string; headers?: Record<string, string> },
  beforeEach?: () => Promise<unknown>,
  count = 5,
  untilMiss?: { retryMs: number; maxMs: number },
) {
  const statements: number[] = [];
  const cache: string[] = [];
  const singleMs: number[] = [];
  const singleCpuMs: number[] = [];
  const noticedMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    await beforeEach?.();
    const changed = performance.now();
    const { path, headers } = next();
    for (;;) {
      // One request alone: its latency and CPU when nothing queues in front of it.
      const cpu0 = processCpuMs(workerdPid);
      const t0 = performance.now();
      const res = await fetch(new URL(path, url), { headers });
      const size = (await res.arrayBuffer()).byteLength;
      const ms = performance.now() - t0;
      const cpuMs = processCpuMs(workerdPid) - cpu0;
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
      const state = res.headers.get("x-copydesk-cache") ?? "bypass";
      if (untilMiss && state === "hit" && performance.now() - changed < untilMiss.maxMs) {
        await new Promise((r) => setTimeout(r, untilMiss.retryMs));
        continue;
      }
      if (untilMiss) noticedMs.push(t0 - changed);
      bytes += size;
      singleMs.push(ms);
      singleCpuMs.push(cpuMs);
      statements.push(Number(res.headers.get("x-d1-statements") ?? NaN));
      cache.push(state);
      break;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  // CPU comes in 10 ms clock ticks: the mean over the samples is the useful figure.
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  return { statements, cache, noticedMs, bytes: Math.round(bytes / count), single: { ms: median(singleMs), cpuMs: mean(singleCpuMs) } };
}
