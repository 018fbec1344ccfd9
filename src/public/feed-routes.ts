// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and per section, tag and contributor.
// Handlers only gather data; the renderers are pure functions of (site, items).
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { FEED_CONTENT_TYPES, renderAtom, renderJsonFeed, renderRss, type FeedFormat, type FeedSite } from "../feeds";
import { contributors, sections, tags } from "../db/schema";
import type { AppEnv } from "../http/app-env";
import { notFound } from "../lib/errors";
import { publicRequestUrl, siteUrls } from "../lib/urls";
import { parseOrThrow } from "../lib/validate";
import { lastModifiedHeader } from "./cache";
import { loadPublishedPage, type PublicArticle } from "./load";
import { PageQuery, SlugParam } from "./params";
import type { PublicFilters } from "./query";
import { toFeedItem } from "./views";

const RENDER = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;
const EXT: Record<string, FeedFormat> = { xml: "rss", atom: "atom", json: "json" };
type Scope = "sections" | "tags" | "contributors";

/** The scope's display name and front-end page, or 404 for an unknown slug. */
async function describeScope(c: Context<AppEnv>, scope: Scope, slug: string) {
  const urls = siteUrls(c.env, new URL(c.req.url).origin);
  const db = c.var.db;
  const table = { sections, tags, contributors }[scope];
  const row = await db.select({ name: table.name }).from(table).where(eq(table.slug, slug)).get();
  if (!row) throw notFound(scope === "sections" ? "Section" : scope === "tags" ? "Tag" : "Contributor");
  const home = scope === "sections" ? urls.section(slug) : scope === "tags" ? urls.tag(slug) : urls.contributor(slug);
  return { name: row.name, home };
}

async function serveFeed(c: Context<AppEnv>, format: FeedFormat, scope: { kind: Scope; slug: string } | null) {
  const q = parseOrThrow(PageQuery, c.req.query());
  const urls = siteUrls(c.env, new URL(c.req.url).origin);
  const filters: PublicFilters = { ...q };
  if (scope) filters[scope.kind === "sections" ? "section" : scope.kind === "tags" ? "tag" : "contributor"] = scope.slug;
  const page = await loadPublishedPage(c.var.db, filters, urls);
  let title = c.env.SITE_TITLE;
  let home = urls.home;
  if (scope) {
    // Every item of a scoped feed carries the scope, so its name costs no extra statement;
    // only an empty page has to ask whether the slug exists at all (404) or is just quiet.
    const d = scopeFromItems(page.articles, scope, urls) ?? (await describeScope(c, scope.kind, scope.slug));
    title = `${c.env.SITE_TITLE}: ${d.name}`;
    home = d.home;
  }
  const items = page.articles.map((a) => toFeedItem(a, urls));
  const self = publicRequestUrl(c.env, c.req.url);
  const next = page.nextCursor ? new URL(self) : null;
  next?.searchParams.set("cursor", page.nextCursor!);
  const updated = items.reduce<string | null>((a, i) => (!a || i.updatedAt > a ? i.updatedAt : a), null);
  const site: FeedSite = {
    title,
    description: scope ? `Latest from ${title}` : `Latest from ${c.env.SITE_TITLE}`,
    homeUrl: home,
    feedUrl: self.toString(),
    nextUrl: next?.toString() ?? null,
    language: "en",
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
