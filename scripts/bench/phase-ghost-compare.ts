// Optional side-by-side with a running Ghost (issue 17): when GHOST_URL and GHOST_CONTENT_KEY are
// set, Ghost's /rss/, its Content API posts list and a post by slug are driven with the same
// autocannon settings as our rows, and the report prints our req/s ÷ Ghost's. The bench never
// installs or starts Ghost (docs/performance.md says how to run one with a like corpus).
import type { AutocannonRequest } from "autocannon";
import { runLoad } from "./load";
import type { PhaseResult } from "./results";
import type { GhostCompareResult, GhostCompareRow } from "./results-issue17";

export type { GhostCompareResult, GhostCompareRow };



export const ghostTarget = () => {
  const url = process.env.GHOST_URL?.trim();
  const key = process.env.GHOST_CONTENT_KEY?.trim();
  return url && key ? { url: new URL(url.endsWith("/") ? url : `${url}/`), key } : null;
};

function cycle(items: string[]) {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export async function ghostComparePhase(
  target: { url: URL; key: string },
  timing: { duration: number; warmup: number; quietWait: number; connections: number },
  workerdPid: number,
): Promise<GhostCompareResult> {
  // Paths relative to GHOST_URL, which may be a subdirectory install.
  const at = (path: string) => new URL(path, target.url);
  const rel = (path: string) => at(path).pathname + at(path).search;
  const api = (path: string, query = "") => `ghost/api/content/${path}?key=${encodeURIComponent(target.key)}${query}`;
  const result: GhostCompareResult = { url: target.url.href, posts: null, rows: [] };
  let slugs: string[];
  try {
    const res = await fetch(at(api("posts/", "&limit=100&fields=slug")));
    if (!res.ok) return { ...result, skipped: `GET posts/ answered ${res.status}` };
    const body = (await res.json()) as { posts: { slug: string }[]; meta?: { pagination?: { total?: number } } };
    slugs = body.posts.map((p) => p.slug);
    result.posts = body.meta?.pagination?.total ?? null;
  } catch (err) {
    return { ...result, skipped: `Ghost not reachable at ${target.url.href}: ${(err as Error).message}` };
  }
  if (!slugs.length) return { ...result, skipped: "Ghost has no published posts" };
  const slug = cycle(slugs);
  const phases: { key: string; label: string; ours: GhostCompareRow["ours"]; request: AutocannonRequest }[] = [
    { key: "ghost-rss", label: "Ghost /rss/", ours: { hit: "feed-rss:hit", miss: "feed-rss:miss" }, request: { method: "GET", path: rel("rss/") } },
    { key: "ghost-list", label: "Ghost /ghost/api/content/posts/ (15 posts)", ours: { hit: "api-list:hit", miss: "api-list:miss" }, request: { method: "GET", path: rel(api("posts/")) } },
    {
      key: "ghost-slug",
      label: "Ghost /ghost/api/content/posts/slug/{slug}/ (100 newest)",
      ours: { hit: "api-article:hit", miss: "api-article:miss" },
      request: {
        method: "GET",
        setupRequest: (req) => {
          req.path = rel(api(`posts/slug/${slug()}/`));
          return req;
        },
      },
    },
  ];
  for (const p of phases) {
    // runLoad reads workerd's CPU too; Ghost's is not ours to read, so only rates and latencies are kept.
    const load = await runLoad({ url: target.url, connections: timing.connections, duration: timing.duration, warmup: timing.warmup, quietWait: timing.quietWait, request: p.request }, workerdPid);
    result.rows.push({ key: p.key, label: p.label, ours: p.ours, requests: load.requests, rps: load.rps, p50: load.p50, p99: load.p99, statuses: load.statuses, errors: load.errors, otherCores: load.otherCores });
  }
  return result;
}

/** Our req/s ÷ Ghost's for a row, from the same run's phases (null when ours was not measured). */
export function ghostRatios(row: GhostCompareRow, phases: PhaseResult[]) {
  const ratio = (key: string) => {
    const ours = phases.find((p) => p.key === key);
    return ours && row.rps > 0 ? ours.rps / row.rps : null;
  };
  return { hit: ratio(row.ours.hit), miss: ratio(row.ours.miss) };
}
