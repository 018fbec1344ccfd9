// The newsroom's corrections page source: every public amendment of a live story, newest first —
// `GET /api/content/v1/corrections` and `/corrections/feed.{xml,atom,json}` (the feed renderers of
// src/feeds, one item per entry). Mounted in readerRoutes (host check, CORS, the public cache).
import { sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AmendmentDoc, AmendmentKind } from "../amendments/doc";
import { shownAmendment } from "../amendments/domain";
import type { DB } from "../db/client";
import { effectiveSettings, loadSettings, parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import { FEED_CONTENT_TYPES, renderAtom, renderJsonFeed, renderRss, type FeedFormat, type FeedSite } from "../feeds";
import { CorrectionsJsonFeedView } from "../feeds/json-feed-schema";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import { publicRequestUrl, type SiteUrls } from "../lib/urls";
import { configuredHubs } from "../websub/hubs";
import { CorrectionEntryView, correctionFeedItem, toCorrectionEntry, type CorrectionEntry } from "./amendment-views";
import { PageQuery } from "./params";
import { cached, cachedJson, safeJson, type Body } from "./responses";

interface Row {
  id: string;
  kind: AmendmentKind;
  body: string;
  public_at: string;
  supersedes_id: string | null;
  article_id: string;
  slug: string;
  headline: string;
  language: string;
  section_slug: string | null;
  site_json: string | null;
}

/**
 * One page, newest first by (public_at, id) — the walk of article_amendments_public_idx — of entries
 * readers see (shownAmendment) on a published story. Status is the only gate: a story under embargo is
 * never published (publishing it holds it as `scheduled`, src/editorial/articles/service.ts; an embargo
 * cannot be set on a published story, embargo.ts). The site settings ride along in the same statement.
 */
export async function loadCorrections(db: DB, q: { limit: number; cursor?: string | undefined }, urls: SiteUrls) {
  const after = q.cursor ? decodeCursor(q.cursor, isDateKey) : null;
  const rows = await db.all<Row>(sql`SELECT m.id, m.kind, m.body, m.public_at, m.supersedes_id,
      a.id AS article_id, a.slug, a.headline, a.language, (SELECT s.slug FROM sections s WHERE s.id = a.section_id) AS section_slug,
      ${SETTINGS_JSON} AS site_json
    FROM article_amendments m CROSS JOIN articles a ON a.id = m.article_id
    WHERE ${shownAmendment(sql.raw("m"))}
      AND a.status = 'published'
      ${after ? sql`AND (m.public_at, m.id) < (${new Date(after.key).toISOString()}, ${after.id})` : sql``}
    ORDER BY m.public_at DESC, m.id DESC LIMIT ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const entries: CorrectionEntry[] = page.map((r) => ({
    amendment: { id: r.id, kind: r.kind, body: JSON.parse(r.body) as AmendmentDoc, publishedAt: r.public_at, supersedesId: r.supersedes_id },
    article: { id: r.article_id, slug: r.slug, headline: r.headline, url: urls.article(r.section_slug, r.slug, r.article_id), language: r.language },
  }));
  return {
    entries,
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.public_at, last.id) : null,
    settings: rows[0] ? parseSettingsJson(rows[0].site_json) : null,
  };
}

const CorrectionsPage = v.object({
  corrections: v.array(CorrectionEntryView),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` for the next (older) page; null on the last.")),
});

const PAGING = "Newest first (by when each entry became public). `limit` is 1–100 (default 20); follow `next_cursor` (feeds: `rel=\"next\"`, `next_url`).";
const tags = ["corrections"];
const RENDER = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;
const EXT: Record<string, FeedFormat> = { xml: "rss", atom: "atom", json: "json" };
const FORMAT_NAME = { rss: "RSS 2.0", atom: "Atom 1.0", json: "JSON Feed 1.1" } as const;
const FORMAT_ID = { rss: "Rss", atom: "Atom", json: "Json" } as const;
const BODY: Record<FeedFormat, Body> = {
  rss: { description: "An RSS 2.0 document: one item per entry.", content: { "application/rss+xml": { description: "RSS 2.0 (XML)." } } },
  atom: { description: "An Atom 1.0 document: one entry per amendment.", content: { "application/atom+xml": { description: "Atom 1.0 (XML)." } } },
  json: { description: "A JSON Feed 1.1 document: one item per amendment.", content: { "application/feed+json": { schema: CorrectionsJsonFeedView } } },
};


async function serveFeed(c: Context<AppEnv>, format: FeedFormat, q: { limit: number; cursor?: string | undefined }) {
  const urls = c.var.urls;
  const page = await loadCorrections(c.var.db, q, urls);
  const stored: StoredSettings | null = page.settings;
  const settings = effectiveSettings(stored ?? (await loadSettings(c.var.db)), c.env);
  const items = page.entries.map(correctionFeedItem);
  const self = publicRequestUrl(c.env, c.req.url);
  const next = page.nextCursor ? new URL(self) : null;
  next?.searchParams.set("cursor", page.nextCursor!);
  const site: FeedSite = {
    title: `${settings.title}: Corrections`,
    description: `Corrections and updates from ${settings.title}`,
    homeUrl: urls.home,
    feedUrl: self.toString(),
    nextUrl: next?.toString() ?? null,
    language: settings.language,
    // Each entry is the newsroom's (Atom's <author>), not "<title>: Corrections"; never a person's email.
    authorName: settings.title,
    // Entries are never edited, only added (or taken down): the newest one is the newest change shown.
    updated: items[0]?.updatedAt ?? null,
  };
  const hubs = configuredHubs(c.env);
  if (hubs.length) site.hubs = hubs;
  // No Last-Modified of our own: a deleted entry changes the feed without a newer date, so the
  // cache's (the content version's time) is the honest one.
  return c.body(RENDER[format](site, items), 200, { "content-type": FEED_CONTENT_TYPES[format] });
}

export const correctionsApi = new Hono<AppEnv>().get("/corrections",
  route({
    operationId: "listCorrections",
    summary: "List corrections and updates, newsroom-wide",
    description: `Every public amendment (correction, clarification, update, editor's note) of a published story, with a card of its story: a corrections page's source. A superseded entry is replaced by the one that superseded it; deleted ones are gone. ${PAGING}`,
    tags,
    ok: cachedJson(CorrectionsPage),
    errors: ["validation_failed"],
  }),
  input("query", PageQuery),
  async (c) => {
    const page = await loadCorrections(c.var.db, c.req.valid("query"), c.var.urls);
    return safeJson(c, { corrections: page.entries.map(toCorrectionEntry), next_cursor: page.nextCursor });
  });

export const correctionFeedRoutes = new Hono<AppEnv>();
for (const [ext, format] of Object.entries(EXT)) {
  correctionFeedRoutes.get(`/corrections/feed.${ext}`,
    route({
      operationId: `getCorrectionsFeed${FORMAT_ID[format]}`,
      summary: `The corrections ${FORMAT_NAME[format]} feed`,
      description: `One item per public amendment: title "Correction: <headline>", link to the story at the entry's anchor, the text as content. ${PAGING}`,
      tags: ["feeds", "corrections"],
      ok: cached(BODY[format]),
      errors: ["validation_failed"],
    }),
    input("query", PageQuery),
    (c) => serveFeed(c, format, c.req.valid("query")));
}
