// The shapes issue 17's phases add to bench/results.json, apart from the phases themselves so that
// results.ts (and the unit test of the targets) need not load autocannon or the runtime.

export interface OutageRun {
  key: string;
  label: string;
  /** The header's value: "fail" or "delay=<ms>". */
  fault: string;
  /** "cached": URLs answered (and stored) just before; "uncached": URLs never requested. */
  urls: "cached" | "uncached";
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Values of x-copydesk-cache and Cache-Status over the measured responses ("none" when absent). */
  cache: Record<string, number>;
  cacheStatus: Record<string, number>;
  /** Content-Type of the measured non-200 answers (a 503 should be application/problem+json). */
  errorTypes: Record<string, number>;
  errors: number;
  otherCores: number;
  /** One response of the run, read after it (status, the headers that say what was served, body start). */
  example: { path: string; status: number; headers: Record<string, string>; body: string } | null;
}

export interface OutageResult {
  delayMs: number;
  warmed: string[];
  runs: OutageRun[];
  /** Editorial saves sent one at a time with D1 failing: statuses, and whether the article stayed as it was. */
  save: { statuses: Record<string, number>; unchanged: boolean; example: string } | null;
}

export interface GhostCompareRow {
  key: string;
  label: string;
  /** Our rows it is compared with (hit, miss), by phase key. */
  ours: { hit: string; miss: string };
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  otherCores: number;
}

export interface GhostCompareResult {
  /** GHOST_URL, without the key. */
  url: string;
  /** Published posts Ghost reported (meta.pagination.total). */
  posts: number | null;
  rows: GhostCompareRow[];
  /** Why nothing was measured (Ghost unreachable, the key refused, no posts). */
  skipped?: string;
}
