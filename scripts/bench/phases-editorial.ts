// The editorial list's read phases: GET /api/editorial/v1/articles as a program with the seeded
// admin's API token sees it (drafts included, newest change first), first page, deep, and each
// filter. No cache in front: every request reaches D1.
import type { Fixtures } from "./fixtures";
import type { ReadPhase } from "./phases-read";

export function editorialListPhases(f: Fixtures, token: string): ReadPhase[] {
  const headers = { authorization: `Bearer ${token}` };
  const list = "/api/editorial/v1/articles";
  const e = f.editorial;
  let w = 0;
  const word = () => e.words[w++ % e.words.length]!;
  const phase = (key: string, label: string, next: () => string): ReadPhase => ({ key, label, kind: "editorial", cache: "none", headers, next });
  const fixed = (key: string, label: string, path: string) => phase(key, label, () => path);
  return [
    fixed("editorial-list", `${list} (first page)`, list),
    fixed("editorial-list-deep", `${list}?cursor=… (90% deep)`, `${list}?cursor=${e.deepCursor.cursor}`),
    fixed("editorial-list-tag", `${list}?tag={busiest tag}`, `${list}?tag=${f.tag.slug}`),
    fixed("editorial-list-tag-rare", `${list}?tag={rarest tag}`, `${list}?tag=${f.rarestTag.slug}`),
    fixed("editorial-list-contributor", `${list}?contributor={busiest}`, `${list}?contributor=${e.contributor}`),
    fixed("editorial-list-section", `${list}?section={busiest}`, `${list}?section=${e.section}`),
    phase("editorial-list-q", `${list}?q=… (LIKE, ${e.words.length} words)`, () => `${list}?q=${encodeURIComponent(word())}`),
  ];
}
