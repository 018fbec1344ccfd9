// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and per section, tag and contributor.
// Handlers only gather data; the renderers are pure functions of (site, items).
import { and, eq, exists, sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { FEED_CONTENT_TYPES, renderAtom, renderJsonFeed, renderRss, type FeedFormat, type FeedSite } from "../feeds";
import { articles, contributors, sections, tags } from "../db/schema";
import { effectiveSettings, loadSettings, parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { notFound } from "../lib/errors";
import { publicRequestUrl, siteUrls } from "../lib/urls";
import { parseOrThrow } from "../lib/validate";
import { lastModifiedHeader } from "./cache";
import { loadPublishedPage, type PublicArticle } from "./load";
import { PageQuery, SlugParam } from "./params";
import { filterConditions, type PublicFilters } from "./query";
import { toFeedItem } from "./views";

const RENDER = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;
const EXT: Record<string, FeedFormat> = { xml: "rss", atom: "atom", json: "json" };
type Scope = "sections" | "tags" | "contributors";
const FILTER_KEY = { sections: "section", tags: "tag", contributors: "contributor" } as const;
const NOUN = { sections: "Section", tags: "Tag", contributors: "Contributor" } as const;

function scopeHome(urls: ReturnType<typeof siteUrls>, scope: Scope, slug: string) {
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
  return { name: row.name, home: scopeHome(siteUrls(c.env, new URL(c.req.url).origin), scope, slug), settings: parseSettingsJson(row.siteJson) };
}

async function serveFeed(c: Context<AppEnv>, format: FeedFormat, scope: { kind: Scope; slug: string } | null) {
  const q = parseOrThrow(PageQuery, c.req.query());
  const urls = siteUrls(c.env, new URL(c.req.url).origin);
  const filters: PublicFilters = { ...q };
  if (scope) filters[FILTER_KEY[scope.kind]] = scope.slug;
  const page = await loadPublishedPage(c.var.db, filters, urls);
  let stored: StoredSettings | null = page.settings;
  let scopeName: { name: string; home: string } | null = null;
  if (scope) {
    // Every item of a scoped feed carries the scope, so its name costs no extra statement. A first
    // page with nothing on it means nothing published carries the scope: 404 without asking.
    scopeName = scopeFromItems(page.articles, scope, urls);
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
  const items = page.articles.map((a) => toFeedItem(a, urls));
  const self = publicRequestUrl(c.env, c.req.url);
  const next = page.nextCursor ? new URL(self) : null;
  next?.searchParams.set("cursor", page.nextCursor!);
  const updated = items.reduce<string | null>((a, i) => (!a || i.updatedAt > a ? i.updatedAt : a), null);
  const site: FeedSite = {
    title,
    description: (!scopeName && settings.description) || `Latest from ${title}`,
    homeUrl: scopeName?.home ?? urls.home,
    feedUrl: self.toString(),
    nextUrl: next?.toString() ?? null,
    language: settings.language,
    updated,
  };
  return c.body(RENDER[format](site, items), 200, { "content-type": FEED_CONTENT_TYPES[format], ...lastModifiedHeader(updated) });
}

function scopeFromItems(items: PublicArticle[], scope: { kind: Scope; slug: string }, urls: ReturnType<typeof siteUrls>) {
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

export const feedRoutes = new Hono<AppEnv>();
for (const [ext, format] of Object.entries(EXT)) {
  feedRoutes.get(`/feed.${ext}`, (c) => serveFeed(c, format, null));
  for (const kind of ["sections", "tags", "contributors"] as const) {
    feedRoutes.get(`/${kind}/:slug/feed.${ext}`, (c) => serveFeed(c, format, { kind, slug: parseOrThrow(SlugParam, c.req.param("slug"), "slug") }));
  }
}
