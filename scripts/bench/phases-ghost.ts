// The Ghost-compatible Content API's read phases (src/ghost-api), beside our own API's: the same
// newsroom through /ghost/api/content, as a Ghost front-end asks for it (Ghost's client sends the
// trailing slash and `key`). Kind "ghost": outside the targets set for our own public reads: its key
// is checked before the cache (a hit reads nothing only once this isolate has seen the key active
// within the version's bound, src/public/fast-hit.ts) and a miss pages by number with a total (one
// count more). Setup writes one key straight into D1 (not measured).
import { createHash } from "node:crypto";
import type { Fixtures } from "./fixtures";
import type { ReadPhase } from "./phases-read";
import type { Runtime } from "./runtime";

/** 26 lowercase hex characters, as Ghost's keys; fixed, so runs compare. */
const BENCH_KEY = "0123456789abcdef0123456789";

export async function createBenchKey(rt: Runtime): Promise<string> {
  const hash = createHash("sha256").update(BENCH_KEY).digest("hex");
  await rt.exec([
    ["INSERT OR IGNORE INTO content_api_keys (id, name, key_hash, hint, created_at) VALUES ('cak_bench', 'bench', ?, ?, ?)", [hash, BENCH_KEY.slice(-4), new Date().toISOString()]],
  ]);
  return BENCH_KEY;
}

export function ghostPhases(f: Fixtures, key: string): ReadPhase[] {
  const base = "/ghost/api/content";
  let i = 0;
  const hot = () => f.hotSlugs[i++ % f.hotSlugs.length]!;
  let j = 0;
  const any = () => f.slugs[(j += 7919) % f.slugs.length]!;
  const deepPage = Math.max(1, Math.floor((f.published * 0.9) / 15));
  const both = (k: string, label: string, next: () => string, missNext = next): ReadPhase[] => [
    { key: `${k}:hit`, label, kind: "ghost", cache: "hit", next },
    { key: `${k}:miss`, label, kind: "ghost", cache: "miss", next: missNext },
  ];
  const posts = (query: string) => `${base}/posts/?key=${key}${query}`;
  const filter = encodeURIComponent(`tag:${f.tag.slug}+published_at:>'2000-01-01'`);
  return [
    ...both("ghost-posts", "ghost: posts/?include=authors,tags (15 posts)", () => posts("&include=authors,tags")),
    { key: "ghost-posts-deep:miss", label: `ghost: posts/?page=${deepPage} (90% deep, offset)`, kind: "ghost", cache: "miss", next: () => posts(`&page=${deepPage}`) },
    { key: "ghost-posts-filter:miss", label: "ghost: posts/?filter=tag:{busiest}+published_at:>…", kind: "ghost", cache: "miss", next: () => posts(`&include=tags&filter=${filter}`) },
    ...both("ghost-post-slug", "ghost: posts/slug/{slug}/", () => `${base}/posts/slug/${hot()}/?key=${key}`, () => `${base}/posts/slug/${any()}/?key=${key}`),
    { key: "ghost-tags:miss", label: "ghost: tags/?limit=all&include=count.posts", kind: "ghost", cache: "miss", next: () => `${base}/tags/?key=${key}&limit=all&include=count.posts` },
  ];
}
