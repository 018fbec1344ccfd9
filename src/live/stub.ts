// How the Worker reaches a blog's Durable Object (src/live/hub.ts). Kept apart from the class, which
// imports "cloudflare:workers": the routes import this, and so stay loadable outside workerd (the
// OpenAPI dump, scripts/openapi-dump.ts, builds the documents from them in Node).

export type Audience = "public" | "desk";
/** What a socket receives: SSE frames (the Worker's bridge writes them through) or JSON messages. */
export type Format = "sse" | "ws";
/** The last change an object sent: the desk's `seq` and readers' `public_seq`. */
export interface Head {
  seq: number;
  publicSeq: number;
}

/** The blog's object, one per blog, found by the blog's (article's) id. */
export const liveHub = (env: Env, articleId: string) => env.LIVE_BLOGS.get(env.LIVE_BLOGS.idFromName(articleId));

/** The URL the Worker opens a socket on: `audience`, `format`, `since` (an id or nothing), `article`. */
export function hubUrl(articleId: string, audience: Audience, format: Format, since: number | null): string {
  const q = new URLSearchParams({ article: articleId, audience, format, since: since === null ? "" : String(since) });
  return `https://live-blog-hub/connect?${q}`;
}
