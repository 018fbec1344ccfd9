// What readers pull of a live blog: its entries (a page at a time, or the events after one they
// saw) and its own feeds. Mounted with the reader routes (src/public/index.ts), so they are
// CORS-open, read through a D1 session and cached under the content version and the blog's own
// token (its public head, src/cache/blog-token.ts): every public entry change moves that head in its
// own batch (src/live/domain.ts), so the next request for the blog's pages misses, and the rest of the
// site's pages do not (they catch up with the blog's updated time within SITE_LAG_MS).
// The push stream is src/public/live-stream-routes.ts.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { FEED_CONTENT_TYPES, renderAtom, renderJsonFeed, renderRss, type FeedFormat, type FeedSite } from "../feeds";
import { LiveJsonFeedView } from "../feeds/json-feed-schema";
import { effectiveSettings, loadSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { AppError, notFound } from "../lib/errors";
import { publicRequestUrl } from "../lib/urls";
import { lastChangeAt, publicModifiedAt } from "../amendments/domain";
import { configuredHubs } from "../websub/hubs";
import { lastModifiedHeader } from "./cache";
import { websubLinkHeader } from "./feed-routes";
import { loadPublicChangesSince, loadPublicEntriesPage, type PublicBlog } from "./live-load";
import { entryContext, LiveChangesView, LiveEntriesPageView, liveEntryFeedItem, toLiveChanges, toLiveEntriesPage } from "./live-views";
import { PageQuery, SlugParams } from "./params";
import { cached, cachedJson, safeJson, type Body } from "./responses";

const EventIdParam = v.pipe(
  v.string(),
  v.regex(/^\d{1,15}$/, "A readers' event id: a whole number."),
  v.transform(Number),
  v.description("A readers' event id (the SSE `id:` of the last event you have, or a page's `last_event_id`): answers the events after it instead of a page."),
);

const EntriesQuery = v.object({
  ...PageQuery.entries,
  since: v.optional(EventIdParam),
});

const NOT_LIVE = "Live blog";
const blogChanged = (b: PublicBlog) => lastChangeAt({ updatedAt: b.updatedAt, lastMajorUpdateAt: b.lastMajorUpdateAt });

export const liveEntriesApi = new Hono<AppEnv>().get("/articles/:slug/entries",
  route({
    operationId: "listLiveEntries",
    summary: "A live blog's entries, or its events after one you saw",
    description: [
      "Without `since`: published entries, newest first (by first publication), `limit` 1–100 (default 20); follow `next_cursor` for older ones. The first page also lists the pinned entries apart (`pinned`; they stay in `entries` in their place).",
      "`last_event_id` is where the blog's event stream stands for this page: open `…/live?last_event_id=` it to receive exactly what follows.",
      "With `since=<event id>`: the readers' events after it, oldest first, at most `limit` — byte for byte what the stream (`…/live`) sends — then read on with `since=next_since`; `reset: true` when the id is ahead of the blog's newest event or more than 1,000 behind it (fetch the entries afresh).",
      "404 for a story that is not a published live blog. Cached like every public read: send `If-None-Match`.",
    ].join(" "),
    tags: ["articles"],
    ok: cachedJson(v.union([LiveEntriesPageView, LiveChangesView])),
    errors: ["validation_failed", "not_found"],
  }),
  input("param", SlugParams),
  input("query", EntriesQuery),
  async (c) => {
    const { slug } = c.req.valid("param");
    const q = c.req.valid("query");
    const urls = c.var.urls;
    if (q.since !== undefined) {
      if (q.cursor !== undefined) throw new AppError("validation_failed", "Send `since` or `cursor`, not both.", { errors: [{ path: "since", message: "Not with `cursor`." }] });
      const changes = await loadPublicChangesSince(c.var.db, slug, q.since, q.limit, urls);
      if (!changes) throw notFound(NOT_LIVE);
      return safeJson(c, toLiveChanges(changes, q.since), lastModifiedHeader(blogChanged(changes.blog)));
    }
    const page = await loadPublicEntriesPage(c.var.db, slug, q, urls);
    if (!page) throw notFound(NOT_LIVE);
    return safeJson(c, toLiveEntriesPage(page, urls), lastModifiedHeader(blogChanged(page.blog)));
  });

// --- the blog's own feeds -------------------------------------------------------------------

const RENDER = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;
const EXT: Record<string, FeedFormat> = { xml: "rss", atom: "atom", json: "json" };
const FORMAT_NAME = { rss: "RSS 2.0", atom: "Atom 1.0", json: "JSON Feed 1.1" } as const;
const FORMAT_ID = { rss: "Rss", atom: "Atom", json: "Json" } as const;
const LINK_HEADER = { Link: { description: 'With WebSub hubs configured (`WEBSUB_HUBS`): `<hub>; rel="hub"` for each hub, then `<this feed\'s URL>; rel="self"`.' } };
const BODY: Record<FeedFormat, Body> = {
  rss: { description: "An RSS 2.0 document: one item per published entry.", content: { "application/rss+xml": { description: "RSS 2.0 (XML)." } }, headers: LINK_HEADER },
  atom: { description: "An Atom 1.0 document: one entry per published entry.", content: { "application/atom+xml": { description: "Atom 1.0 (XML)." } }, headers: LINK_HEADER },
  json: { description: "A JSON Feed 1.1 document: one item per published entry, with the live-entry `_copydesk` extension.", content: { "application/feed+json": { schema: LiveJsonFeedView } }, headers: LINK_HEADER },
};

async function serveLiveFeed(c: Context<AppEnv>, format: FeedFormat, slug: string, q: { limit: number; cursor?: string | undefined }) {
  const urls = c.var.urls;
  const page = await loadPublicEntriesPage(c.var.db, slug, q, urls);
  if (!page) throw notFound(NOT_LIVE);
  const { blog } = page;
  const settings = effectiveSettings(blog.settings ?? (await loadSettings(c.var.db)), c.env);
  const ctx = entryContext(urls, blog, page.refs);
  const items = page.entries.map((e) => liveEntryFeedItem(e, blog, ctx));
  const self = publicRequestUrl(c.env, c.req.url);
  const next = page.nextCursor ? new URL(self) : null;
  next?.searchParams.set("cursor", page.nextCursor!);
  const title = `${settings.title}: ${blog.headline}`;
  const site: FeedSite = {
    title,
    description: `Live: ${blog.headline}`,
    homeUrl: blog.url,
    feedUrl: self.toString(),
    nextUrl: next?.toString() ?? null,
    language: blog.language,
    // An entry without bylines is the newsroom's (Atom's <author>), never "<site>: <headline>".
    authorName: settings.title,
    // Every public entry change moves the blog's "updated" time, a deletion too: never backwards.
    updated: publicModifiedAt({ updatedAt: blog.updatedAt, lastMajorUpdateAt: blog.lastMajorUpdateAt }),
  };
  const hubs = configuredHubs(c.env);
  if (hubs.length) site.hubs = hubs;
  return c.body(RENDER[format](site, items), 200, {
    "content-type": FEED_CONTENT_TYPES[format],
    ...lastModifiedHeader(blogChanged(blog)),
    ...(hubs.length ? { link: websubLinkHeader(hubs, site.feedUrl) } : {}),
  });
}

export const liveFeedRoutes = new Hono<AppEnv>();
for (const [ext, format] of Object.entries(EXT)) {
  liveFeedRoutes.get(`/articles/:slug/feed.${ext}`,
    route({
      operationId: `getLiveBlogFeed${FORMAT_ID[format]}`,
      summary: `A live blog's ${FORMAT_NAME[format]} feed`,
      description:
        "One item per published entry, newest first: id `urn:copydesk:live-entry:<id>` (never changes), link to the blog's page at `#entry-<id>`, title the entry's title or the opening of its text. `limit` is 1–100 (default 20); the next (older) page is linked (RSS and Atom `rel=\"next\"`, JSON Feed `next_url`). 404 for a story that is not a published live blog.",
      tags: ["feeds"],
      ok: cached(BODY[format]),
      errors: ["validation_failed", "not_found"],
    }),
    input("param", SlugParams),
    input("query", PageQuery),
    (c) => serveLiveFeed(c, format, c.req.valid("param").slug, c.req.valid("query")));
}
