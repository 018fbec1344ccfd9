// Every public surface a story can appear on, fetched as readers and embedding sites do: the
// content API (story, lists, search, collection), every feed scope in three formats, the sitemaps
// (index and every child), the news sitemap, oEmbed and the card, the Ghost-compatible API, and
// the story a related card sits on. Tests look for a marker in all of them (embargoes, notes).
import { BASE, call } from "./api";
import { feedPathsFor, get } from "./public";

export interface Surface {
  path: string;
  status: number;
  text: string;
}

export interface SurfaceStory {
  slug: string;
  /** The story's public page URL (the editorial view's `url`), for oEmbed. */
  url?: string | null;
  section: { slug: string };
  tags: { slug: string }[];
  bylines: { contributor: { slug: string } }[];
}

export interface SurfaceExtras {
  /** A word only the story's text holds, for the reader search. */
  searchWord?: string;
  /** A collection the story was put in. */
  collection?: string;
  /** Another published story whose related cards name it. */
  relatedFrom?: string;
  /** A Ghost-compatible content API key. */
  ghostKey?: string;
}

async function fetchAll(paths: string[]): Promise<Surface[]> {
  const out: Surface[] = [];
  for (const path of paths) {
    const res = await get(path);
    out.push({ path, status: res.status, text: res.text });
  }
  return out;
}

/** The sitemap index and every child it names (on our own host). */
async function sitemaps(): Promise<Surface[]> {
  const index = await get("/sitemap.xml");
  // An index names child sitemaps; a small site's /sitemap.xml may list pages itself (not fetched).
  const children = [...index.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, "&")).pathname).filter((p) => p.endsWith(".xml"));
  return [{ path: "/sitemap.xml", status: index.status, text: index.text }, ...(await fetchAll([...new Set(children)])), ...(await fetchAll(["/sitemap-news.xml"]))];
}

export async function publicSurfaces(story: SurfaceStory, extras: SurfaceExtras = {}): Promise<Surface[]> {
  const pageUrl = story.url ?? `${BASE}/${story.section.slug}/${story.slug}`;
  const paths = [
    `/api/content/v1/articles/${story.slug}`,
    "/api/content/v1/articles?limit=100",
    `/api/content/v1/articles?section=${story.section.slug}`,
    ...story.tags.map((t) => `/api/content/v1/articles?tag=${t.slug}`),
    ...story.bylines.map((b) => `/api/content/v1/articles?contributor=${b.contributor.slug}`),
    ...(extras.searchWord ? [`/api/content/v1/articles?q=${encodeURIComponent(extras.searchWord)}`] : []),
    ...(extras.collection ? [`/api/content/v1/collections/${extras.collection}`, `/api/content/v1/articles?collection=${extras.collection}`] : []),
    ...(extras.relatedFrom ? [`/api/content/v1/articles/${extras.relatedFrom}`] : []),
    ...feedPathsFor(story),
    `/oembed?url=${encodeURIComponent(pageUrl)}`,
    `/embed/v1/article/${story.slug}`,
    ...(extras.ghostKey
      ? [`/ghost/api/content/posts/?key=${extras.ghostKey}&limit=all`, `/ghost/api/content/posts/slug/${story.slug}/?key=${extras.ghostKey}`]
      : []),
  ];
  return [...(await fetchAll(paths)), ...(await sitemaps())];
}

/** A content API key for the Ghost-compatible API. */
export async function ghostKey(adminToken: string): Promise<string> {
  const res = await call("POST", "/content-api-keys", { token: adminToken, body: { name: `surfaces ${crypto.randomUUID()}` } });
  if (res.status !== 201) throw new Error(`content key: ${res.status} ${res.text}`);
  return res.json.content_api_key.key;
}
