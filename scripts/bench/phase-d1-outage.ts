// Readers when D1 does not answer (issue 17): public URLs are warmed into the cache, then driven
// with every D1 statement failing (or stalling) for each request, through the BENCH-only
// x-copydesk-bench-d1 header (src/http/bench-hooks.ts wraps that request's binding with faultyD1).
// Cached URLs should keep answering 200 from the last good copy (stale-if-error), URLs never
// cached a 503 problem. The phase reports what happens, statuses and cache headers counted.
import type { AutocannonRequest } from "autocannon";
import type { Fixtures } from "./fixtures";
import { runLoad } from "./load";
import type { OutageResult, OutageRun } from "./results-issue17";
import type { Runtime } from "./runtime";

export type { OutageResult, OutageRun };

const HEADER = "x-copydesk-bench-d1";
const API = "/api/content/v1/articles";



const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

function cycle(paths: string[]) {
  let i = 0;
  return () => paths[i++ % paths.length]!;
}

const SHOWN = ["x-copydesk-cache", "cache-status", "content-type", "age", "warning", "cache-control", "retry-after", "x-d1-statements"];

async function example(rt: Runtime, path: string, fault: string): Promise<OutageRun["example"]> {
  const res = await fetch(new URL(path, rt.url), { headers: { [HEADER]: fault } });
  const body = await res.text();
  const headers = Object.fromEntries(SHOWN.flatMap((h) => (res.headers.has(h) ? [[h, res.headers.get(h)!]] : [])));
  return { path, status: res.status, headers, body: res.status === 200 ? `(${body.length} bytes)` : body.slice(0, 300) };
}

async function drive(rt: Runtime, spec: { key: string; label: string; fault: string; urls: "cached" | "uncached"; next: () => string }, timing: { duration: number; warmup: number; quietWait: number; connections: number }): Promise<OutageRun> {
  let counts = { statuses: {} as Record<string, number>, cache: {} as Record<string, number>, cacheStatus: {} as Record<string, number>, errorTypes: {} as Record<string, number> };
  const request: AutocannonRequest = {
    method: "GET",
    headers: { [HEADER]: spec.fault },
    setupRequest: (req) => {
      req.path = spec.next();
      return req;
    },
    onResponse: (status, _body, _context, raw) => {
      // autocannon keeps the names as sent (workerd writes Content-Type capitalised).
      const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), String(v)]));
      bump(counts.statuses, String(status));
      bump(counts.cache, headers["x-copydesk-cache"] ?? "none");
      bump(counts.cacheStatus, headers["cache-status"] ?? "none");
      if (status !== 200) bump(counts.errorTypes, (headers["content-type"] ?? "none").split(";")[0]!);
    },
  };
  const load = await runLoad(
    { url: rt.url, connections: timing.connections, duration: timing.duration, warmup: timing.warmup, quietWait: timing.quietWait, request, onMeasureStart: () => (counts = { statuses: {}, cache: {}, cacheStatus: {}, errorTypes: {} }) },
    rt.pid,
  );
  return {
    key: spec.key,
    label: spec.label,
    fault: spec.fault,
    urls: spec.urls,
    requests: load.requests,
    rps: load.rps,
    p50: load.p50,
    p99: load.p99,
    ...counts,
    errors: load.errors,
    otherCores: load.otherCores,
    example: await example(rt, spec.next(), spec.fault),
  };
}

/** A few saves of one published article with D1 failing: a 503 problem each, and nothing written. */
async function savesDuringOutage(rt: Runtime, token: string, slug: string): Promise<OutageResult["save"]> {
  const auth = { authorization: `Bearer ${token}` };
  const editorial = "/api/editorial/v1/articles";
  const listed = await fetch(new URL(`${API}/${slug}`, rt.url)).then((r) => r.json() as Promise<{ article?: { id: string } }>);
  const id = listed.article?.id;
  if (!id) return null;
  const read = async () => (await (await fetch(new URL(`${editorial}/${id}`, rt.url), { headers: auth })).json()) as { article: { version: number; headline: string } };
  const before = await read();
  const statuses: Record<string, number> = {};
  let sample = "";
  for (let i = 0; i < 5; i++) {
    const res = await fetch(new URL(`${editorial}/${id}`, rt.url), {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json", "if-match": `"${before.article.version}"`, [HEADER]: "fail" },
      body: JSON.stringify({ headline: `${before.article.headline} (outage ${i})` }),
    });
    bump(statuses, String(res.status));
    sample ||= `${res.status} ${res.headers.get("content-type") ?? ""} ${(await res.text()).slice(0, 200)}`;
  }
  const after = await read();
  return { statuses, unchanged: after.article.version === before.article.version && after.article.headline === before.article.headline, example: sample };
}

export async function d1OutagePhase(rt: Runtime, f: Fixtures, token: string, opts: { delayMs: number; duration: number; warmup: number; quietWait: number; connections: number }): Promise<OutageResult> {
  // What readers ask for most: the feeds, the busiest tag's, the API's first page, and stories by slug.
  const hot = f.hotSlugs.slice(0, 20).map((s) => `${API}/${s}`);
  const warmed = ["/feed.xml", "/feed.json", `/tags/${f.tag.slug}/feed.xml`, API, ...hot];
  for (let round = 0; round < 2; round++) for (const path of warmed) await fetch(new URL(path, rt.url)).then((r) => r.arrayBuffer());
  // Stories no other phase asks for (fixtures keep them apart): separate ones for each run, so a
  // stalled run's answers cannot warm the other's.
  const cold = f.outageSlugs;
  const half = Math.floor(cold.length / 2);
  const coldFail = cold.slice(0, half).map((s) => `${API}/${s}`);
  const coldSlow = cold.slice(half).map((s) => `${API}/${s}`);
  const slow = `delay=${opts.delayMs}`;
  const runs: OutageRun[] = [];
  const specs = [
    { key: "cached-fail", label: "cached URLs, D1 failing", fault: "fail", urls: "cached" as const, next: cycle(warmed) },
    { key: "uncached-fail", label: "uncached stories, D1 failing", fault: "fail", urls: "uncached" as const, next: cycle(coldFail) },
    { key: "cached-slow", label: `cached URLs, D1 answering after ${opts.delayMs} ms`, fault: slow, urls: "cached" as const, next: cycle(warmed) },
    { key: "uncached-slow", label: `uncached stories, D1 answering after ${opts.delayMs} ms`, fault: slow, urls: "uncached" as const, next: cycle(coldSlow) },
  ];
  for (const spec of specs) {
    if (spec.urls === "uncached" && !coldFail.length) continue;
    // A stalled run must last long enough for requests to finish at all (a short --duration would measure none).
    const stalled = spec.fault !== "fail";
    const run = await drive(rt, spec, stalled ? { ...opts, duration: Math.max(opts.duration, Math.ceil((3 * opts.delayMs) / 1000)) } : opts);
    runs.push(run);
  }
  const save = await savesDuringOutage(rt, token, f.hotSlugs[0]!);
  return { delayMs: opts.delayMs, warmed, runs, save };
}
