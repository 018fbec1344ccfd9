// The public read phases: the baseline, the feeds and the content API, each with the edge cache
// (after a warm-up every request is a hit) and without it (x-copydesk-bypass-cache: 1, a miss).
import type { AutocannonRequest } from "autocannon";
import type { Fixtures } from "./fixtures";
import { createRng } from "./generate/prng";

export type CacheMode = "hit" | "miss" | "none";

export interface ReadPhase {
  key: string;
  label: string;
  kind: "baseline" | "floor" | "feed" | "api" | "ghost" | "editorial";
  cache: CacheMode;
  /** Sent with every request of the phase (the editorial phases' API token). */
  headers?: Record<string, string>;
  /** The path of the next request (fixed, or drawn from a set). */
  next: () => string;
  /** Floors run on the helper Worker, which reports no x-d1-statements: their count is known. */
  helper?: { statements: number };
}

export const BYPASS = { "x-copydesk-bypass-cache": "1" };

export function headersFor(phase: { cache: CacheMode; headers?: Record<string, string> }): Record<string, string> {
  return { ...phase.headers, ...(phase.cache === "miss" ? BYPASS : {}) };
}

/** A fixed path is built once; a drawn one is set per request in setupRequest(). */
export function autocannonRequest(phase: ReadPhase, fixed: boolean): AutocannonRequest {
  const headers = headersFor(phase);
  if (fixed) return { method: "GET", path: phase.next(), headers };
  return {
    method: "GET",
    headers,
    setupRequest: (req) => {
      req.path = phase.next();
      return req;
    },
  };
}

export function readPhases(f: Fixtures, feedBytes: number): ReadPhase[] {
  const rng = createRng(7);
  const cycle = (items: readonly string[]) => {
    let i = 0;
    return () => items[i++ % items.length]!;
  };
  const hot = cycle(f.hotSlugs);
  const query = cycle(f.queries);
  const api = "/api/content/v1/articles";
  const search = (q: string) => `${api}?q=${encodeURIComponent(q)}`;
  const both = (key: string, label: string, kind: "feed" | "api", next: () => string, missNext = next): ReadPhase[] => [
    { key: `${key}:hit`, label, kind, cache: "hit", next },
    { key: `${key}:miss`, label, kind, cache: "miss", next: missNext },
  ];
  return [
    { key: "baseline", label: "GET /__bench/baseline", kind: "baseline", cache: "none", next: () => "/__bench/baseline" },
    // What a cache hit cannot avoid in this runtime, measured without the app (helper-worker.ts).
    { key: "floor-d1", label: "floor: one D1 read (content version)", kind: "floor", cache: "none", next: () => "/floor/d1", helper: { statements: 1 } },
    { key: "floor-cache", label: `floor: Cache API match, ${Math.round(feedBytes / 1024)} KiB entry`, kind: "floor", cache: "none", next: () => `/floor/cache?bytes=${feedBytes}`, helper: { statements: 0 } },
    ...both("feed-rss", "/feed.xml (20 items)", "feed", () => "/feed.xml"),
    ...both("feed-json", "/feed.json", "feed", () => "/feed.json"),
    ...both("feed-atom", "/feed.atom", "feed", () => "/feed.atom"),
    ...both("feed-tag", `/tags/${f.tag.slug}/feed.xml`, "feed", () => `/tags/${f.tag.slug}/feed.xml`),
    { key: "feed-tag-rare:miss", label: "/tags/{rarest tag filling a page}/feed.xml", kind: "feed", cache: "miss", next: () => `/tags/${f.rareTag.slug}/feed.xml` },
    { key: "feed-rss-50:miss", label: "/feed.xml?limit=50", kind: "feed", cache: "miss", next: () => "/feed.xml?limit=50" },
    ...both("api-list", `${api} (first page)`, "api", () => api),
    ...both("api-deep", `${api}?cursor=… (${Math.round((f.deepCursor.offset / Math.max(1, f.published)) * 100)}% deep)`, "api", () => `${api}?cursor=${f.deepCursor.cursor}`),
    // Hits: a hot set of 100 stories (what an edge cache holds); misses: any published story.
    ...both("api-article", `${api}/{slug}`, "api", () => `${api}/${hot()}`, () => `${api}/${rng.pick(f.slugs)}`),
    ...both("api-search", `${api}?q=… (20 queries)`, "api", () => search(query())),
  ];
}

/** Phases with one fixed URL can let autocannon prebuild the request. */
export const isFixed = (phase: ReadPhase) => !["api-article", "api-search", "editorial-list-q", "ghost-post-slug"].some((k) => phase.key.startsWith(k));
