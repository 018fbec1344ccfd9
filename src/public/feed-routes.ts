// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and per section, tag and contributor.
// Handlers only gather data; the renderers are pure functions of (site, items).
import { and, eq, exists, sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { atomEntryText, FEED_CONTENT_TYPES, jsonFeedItemText, renderAtom, renderJsonFeed, renderRss, rssItemText, type FeedFormat, type FeedSite } from "../feeds";
import { articles, contributors, sections, tags } from "../db/schema";
import { effectiveSettings, loadSettings, parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { notFound } from "../lib/errors";
import type { SiteUrls } from "../lib/urls";
import { publicRequestUrl } from "../lib/urls";
import { lastModifiedHeader } from "./cache";
import { JsonFeedView } from "../feeds/json-feed-schema";
import type { FeedEntry } from "./feed-item-cache";
import { loadFeedPage } from "./feed-page";
import { PageQuery, SlugParams } from "./params";
import { filterConditions, type PublicFilters } from "./query";
import { cached, type Body } from "./responses";
import { configuredHubs } from "../websub/hubs";

/**
 * A feed document whose items' text is kept with their entries, for what beside the item each format
 * reads (src/feeds: rssItemText, atomEntryText, jsonFeedItemText): rendering items was most of a
 * feed miss after D1 (RSS scans every item's text for what XML forbids; JSON Feed strips control
 * characters from every string through a replacer).
 */
function renderFeed(format: FeedFormat, site: FeedSite, entries: FeedEntry[]): string {
  const items = entries.map((e) => e.item);
  if (format === "rss") return renderRss(site, items, (s, item, k) => kept(entries[k]!, "rss", s.language, () => rssItemText(s, item)));
  if (format === "atom") {
    const author = site.authorName ?? site.title;
    return renderAtom(site, items, (s, item, updated, k) => kept(entries[k]!, "atom", `${s.language}\n${updated}\n${item.bylines.length ? "" : author}`, () => atomEntryText(s, item, updated)));
  }
  return renderJsonFeed(site, items, (item, k) => kept(entries[k]!, "json", "", () => jsonFeedItemText(item)));
}

function kept(entry: FeedEntry, format: FeedFormat, context: string, render: () => string): string {
  const held = entry.texts[format];
  if (held?.context === context) return held.text;
  const text = render();
  entry.texts[format] = { context, text };
  return text;
}

const EXT: Record<string, FeedFormat> = { xml: "rss", atom: "atom", json: "json" };
type Scope = "sections" | "tags" | "contributors";
const FILTER_KEY = { sections: "section", tags: "tag", contributors: "contributor" } as const;
const NOUN = { sections: "Section", tags: "Tag", contributors: "Contributor" } as const;

function scopeHome(urls: SiteUrls, scope: Scope, slug: string) {
  return scope === "sections" ? urls.section(slug) : scope === "tags" ? urls.tag(slug) : urls.contributor(slug);
}

/**
 * The scope's name, when it has at least one published article; otherwise 404, as the content API
 * answers: a tag used only on drafts must not reveal its name. Only a page past the end (an empty
 * page reached by a cursor) asks, and the site settings ride along in the same statement.
 */
async function describeScope(c: Context<AppEnv>, scope: Scope, slug: string) {
  const db = c.var.db;
  const table = { sections, tags, contributors }[scope];
  const published = filterConditions(db, { [FILTER_KEY[scope]]: slug, limit: 1 })!;
  const row = await db
    .select({ name: table.name, siteJson: sql<string | null>`${SETTINGS_JSON}`.as("site_json") })
    .from(table)
    .where(and(eq(table.slug, slug), exists(db.select({ one: sql`1` }).from(articles).where(and(...published)))))
    .get();
  if (!row) throw notFound(NOUN[scope]);
  return { name: row.name, home: scopeHome(c.var.urls, scope, slug), settings: parseSettingsJson(row.siteJson) };
}

type Page = { limit: number; cursor?: string | undefined };

async function serveFeed(c: Context<AppEnv>, format: FeedFormat, q: Page, scope: { kind: Scope; slug: string } | null) {
  const urls = c.var.urls;
  const filters: PublicFilters = { ...q };
  if (scope) filters[FILTER_KEY[scope.kind]] = scope.slug;
  const page = await loadFeedPage(c.var.db, filters, urls);
  let stored: StoredSettings | null = page.settings;
  let scopeName: { name: string; home: string } | null = null;
  if (scope) {
    // Every item of a scoped feed carries the scope, so its name costs no extra statement. A first
    // page with nothing on it means nothing published carries the scope: 404 without asking.
    scopeName = scopeFromItems(page.entries, scope, urls);
    if (!scopeName) {
      if (!q.cursor) throw notFound(NOUN[scope.kind]);
      const described = await describeScope(c, scope.kind, scope.slug);
      scopeName = described;
      stored = described.settings;
    }
  }
  // An empty site-wide page carried no settings with it: the one case that reads them alone.
  const settings = effectiveSettings(stored ?? (await loadSettings(c.var.db)), c.env);
  const title = scopeName ? `${settings.title}: ${scopeName.name}` : settings.title;
  const items = page.entries.map((e) => e.item);
  const self = publicRequestUrl(c.env, c.req.url);
  const next = page.nextCursor ? new URL(self) : null;
  next?.searchParams.set("cursor", page.nextCursor!);
  const updated = items.reduce<string | null>((a, i) => (!a || i.updatedAt > a ? i.updatedAt : a), null);
  // HTTP's Last-Modified is the last change of any kind (a minor save too), so If-Modified-Since never hides one.
  const changed = page.entries.reduce<string | null>((a, x) => (!a || x.changedAt > a ? x.changedAt : a), null);
  const site: FeedSite = {
    title,
    description: (!scopeName && settings.description) || `Latest from ${title}`,
    homeUrl: scopeName?.home ?? urls.home,
    feedUrl: self.toString(),
    nextUrl: next?.toString() ?? null,
    language: settings.language,
    updated,
  };
  // WebSub: rel="self" is the URL asked for (query and all, as the document's self link always
  // was); the hubs are pinged about the canonical one without the query (src/websub/topics.ts),
  // which is the same URL for a subscriber who asked for the feed itself.
  const hubs = configuredHubs(c.env);
  if (hubs.length) site.hubs = hubs;
  return c.body(renderFeed(format, site, page.entries), 200, {
    "content-type": FEED_CONTENT_TYPES[format],
    ...lastModifiedHeader(changed),
    ...(hubs.length ? { link: websubLinkHeader(hubs, site.feedUrl) } : {}),
  });
}

/** RFC 8288 `Link` header for WebSub discovery (§4): every hub, then self. URLs come out of the URL parser, so no `>` or `,` to escape. */
export const websubLinkHeader = (hubs: readonly string[], self: string) => [...hubs.map((hub) => `<${hub}>; rel="hub"`), `<${self}>; rel="self"`].join(", ");

function scopeFromItems(items: FeedEntry[], scope: { kind: Scope; slug: string }, urls: SiteUrls) {
  const first = items[0];
  if (!first) return null;
  if (scope.kind === "sections") return first.section ? { name: first.section.name, home: urls.section(scope.slug) } : null;
  if (scope.kind === "tags") {
    const tag = first.tags.find((t) => t.slug === scope.slug);
    return tag ? { name: tag.name, home: urls.tag(scope.slug) } : null;
  }
  const person = first.bylines.find((b) => b.slug === scope.slug);
  return person ? { name: person.name, home: urls.contributor(scope.slug) } : null;
}

const FORMAT_NAME = { rss: "RSS 2.0", atom: "Atom 1.0", json: "JSON Feed 1.1" } as const;
const FORMAT_ID = { rss: "Rss", atom: "Atom", json: "Json" } as const;
const LINK_HEADER = { Link: { description: 'With WebSub hubs configured (`WEBSUB_HUBS`): `<hub>; rel="hub"` for each hub, then `<this feed\'s URL>; rel="self"`. The document names them too.' } };
const BODY: Record<FeedFormat, Body> = {
  rss: { description: "An RSS 2.0 document, full content in `content:encoded`, Media RSS for the image.", content: { "application/rss+xml": { description: "RSS 2.0 (XML)." } }, headers: LINK_HEADER },
  atom: { description: "An Atom 1.0 document, full content in `content type=\"html\"`.", content: { "application/atom+xml": { description: "Atom 1.0 (XML)." } }, headers: LINK_HEADER },
  json: { description: "A JSON Feed 1.1 document with the `_copydesk` extension.", content: { "application/feed+json": { schema: JsonFeedView } }, headers: LINK_HEADER },
};
const SCOPE_NAME = { sections: "a section", tags: "a tag", contributors: "a contributor" } as const;
const FEED_PAGING = "Newest first; `limit` is 1–100 (default 20). The next (older) page is linked (RSS and Atom `rel=\"next\"`, JSON Feed `next_url`).";

export const feedRoutes = new Hono<AppEnv>();
for (const [ext, format] of Object.entries(EXT)) {
  const body = cached(BODY[format]);
  feedRoutes.get(`/feed.${ext}`,
    route({ operationId: `getSiteFeed${FORMAT_ID[format]}`, summary: `The site's ${FORMAT_NAME[format]} feed`, description: FEED_PAGING, tags: ["feeds"], ok: body, errors: ["validation_failed"] }),
    input("query", PageQuery),
    (c) => serveFeed(c, format, c.req.valid("query"), null));
  for (const kind of ["sections", "tags", "contributors"] as const) {
    feedRoutes.get(`/${kind}/:slug/feed.${ext}`,
      route({
        operationId: `get${NOUN[kind]}Feed${FORMAT_ID[format]}`,
        summary: `The ${FORMAT_NAME[format]} feed of ${SCOPE_NAME[kind]}`,
        description: `${FEED_PAGING} Only a ${NOUN[kind].toLowerCase()} with at least one published story has a feed (otherwise 404); a page past the end is empty.`,
        tags: ["feeds"],
        ok: body,
        errors: ["validation_failed", "not_found"],
      }),
      input("param", SlugParams),
      input("query", PageQuery),
      (c) => serveFeed(c, format, c.req.valid("query"), { kind, slug: c.req.valid("param").slug }));
  }
}
