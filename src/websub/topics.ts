// Which feeds an event changed: the WebSub topics the relay pings each hub about (src/outbox/relay.ts).
// A topic is a feed's canonical URL: the Worker's public origin and the path, no query. A reader
// fetching `/feed.xml?limit=50` sees that URL as its rel="self" (the URL it asked for), but what
// the hub is told about is `/feed.xml`, the feed itself: every page of it shows the same stories.
//
// Exact, not generous: a hub that is told a feed changed fetches it and may push it to every
// subscriber, so a feed whose items did not change is not named. What a feed item shows of other
// rows (its section's and public tags' names, its bylines' names and pages) makes those rows'
// events change the feeds of their published stories too.
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import type { EventData, EventType } from "../outbox/events";

export const FEED_EXTENSIONS = ["xml", "atom", "json"] as const;

type ScopeKind = "sections" | "tags" | "contributors";
/** A live blog's own feeds (`/articles/<slug>/feed.*`, src/public/live-routes.ts) are a scope of one story. */
type FeedKind = ScopeKind | "articles";
interface ScopeRow {
  kind: "site" | FeedKind;
  slug: string | null;
}

/**
 * At most this many scopes for one taxonomy event (× 3 formats × hubs messages): a desk that bylined
 * ten thousand stories across every tag must not turn one rename into an unbounded fan-out. Past it
 * the rest are left to the subscribers' next poll, and a warning says so.
 */
export const MAX_SCOPES = 1000;

/** The three formats of one feed: the site's (`slug` null) or a section's, tag's, contributor's or live blog's. */
export function feedUrls(origin: string, kind: ScopeRow["kind"], slug: string | null): string[] {
  const base = origin.replace(/\/+$/, "");
  const path = kind === "site" ? "" : `/${kind}/${encodeURIComponent(slug!)}`;
  return FEED_EXTENSIONS.map((ext) => `${base}${path}/feed.${ext}`);
}

const toUrls = (origin: string, rows: readonly ScopeRow[]) =>
  [...new Set(rows.filter((r) => r.kind === "site" || r.slug).flatMap((r) => feedUrls(origin, r.kind, r.slug)))].sort();

/**
 * A story is in feeds only while published: a change that leaves it unpublished on both sides (a
 * draft scheduled, a schedule called off, a scheduled story deleted) changed no feed.
 */
const touchedFeeds = (data: Extract<EventData, { kind: "article" }>) => data.status === "published" || data.previous_status === "published";

/**
 * The article's scopes (before ∪ after) as slugs, in ONE statement of three JSON parameters. Internal
 * tags have no feed. A live blog is a scope of its own: its three feeds list its entries and are
 * titled with its headline, so every change readers see of it (an entry's, or the story's) changed
 * them; its current slug, and the one readers last saw when the event renamed it.
 */
async function articleScopes(db: DB, data: Extract<EventData, { kind: "article" }>): Promise<ScopeRow[]> {
  const { section_ids, tag_ids, contributor_ids } = data.scopes;
  const ids = (list: string[]) => JSON.stringify([...new Set(list)]);
  const rows = await db.all<ScopeRow>(sql`
    SELECT 'sections' AS kind, x.slug AS slug FROM json_each(${ids(section_ids)}) j CROSS JOIN sections x ON x.id = j.value
    UNION SELECT 'tags', x.slug FROM json_each(${ids(tag_ids)}) j CROSS JOIN tags x ON x.id = j.value AND x.visibility = 'public'
    UNION SELECT 'contributors', x.slug FROM json_each(${ids(contributor_ids)}) j CROSS JOIN contributors x ON x.id = j.value
    UNION SELECT 'articles', a.slug FROM articles a WHERE a.id = ${data.article_id} AND a.kind = 'live'
    UNION SELECT 'articles', ${data.ref.slug} WHERE ${data.live ? 1 : 0} = 1 OR EXISTS (SELECT 1 FROM articles a WHERE a.id = ${data.article_id} AND a.kind = 'live')`);
  return [{ kind: "site", slug: null }, ...rows];
}

/**
 * Every feed showing a published story filed under the entity: the site's (when there is one),
 * and the section, public tags and contributors of each such story — the entity's own feed among
 * them. One statement, bounded by MAX_SCOPES.
 */
async function feedsShowing(db: DB, entity: "section" | "tag" | "contributor", id: string): Promise<ScopeRow[]> {
  const stories =
    entity === "section"
      ? sql`SELECT a.id, a.section_id FROM articles a WHERE a.section_id = ${id} AND a.status = 'published'`
      : entity === "tag"
        ? // An internal tag is shown nowhere: its stories' feeds do not name it.
          sql`SELECT a.id, a.section_id FROM article_tags t CROSS JOIN articles a ON a.id = t.article_id
              WHERE t.tag_id = ${id} AND a.status = 'published' AND EXISTS (SELECT 1 FROM tags g WHERE g.id = ${id} AND g.visibility = 'public')`
        : sql`SELECT a.id, a.section_id FROM bylines b CROSS JOIN articles a ON a.id = b.article_id WHERE b.contributor_id = ${id} AND a.status = 'published'`;
  const rows = await db.all<ScopeRow>(sql`
    WITH s(id, section_id) AS (${stories})
    SELECT 'site' AS kind, NULL AS slug WHERE EXISTS (SELECT 1 FROM s)
    UNION SELECT 'sections', x.slug FROM sections x WHERE x.id IN (SELECT section_id FROM s)
    UNION SELECT 'tags', x.slug FROM tags x WHERE x.visibility = 'public' AND x.id IN (SELECT t.tag_id FROM article_tags t WHERE t.article_id IN (SELECT id FROM s))
    UNION SELECT 'contributors', x.slug FROM contributors x WHERE x.id IN (SELECT b.contributor_id FROM bylines b WHERE b.article_id IN (SELECT id FROM s))
    LIMIT ${MAX_SCOPES + 1}`);
  if (rows.length > MAX_SCOPES) {
    console.warn(`websub: ${entity} ${id} is shown in more than ${MAX_SCOPES} feeds; pinging the first ${MAX_SCOPES}`);
    return rows.slice(0, MAX_SCOPES);
  }
  return rows;
}

/** The newsroom's corrections feeds (src/public/corrections.ts). */
export const correctionFeedUrls = (origin: string) => FEED_EXTENSIONS.map((ext) => `${origin.replace(/\/+$/, "")}/corrections/feed.${ext}`);

/**
 * The corrections feeds changed when an amendment of a live story did (changed_fields "amendments"),
 * or when a story carrying public amendments went live or stopped being so (one small probe).
 */
async function correctionsChanged(db: DB, data: Extract<EventData, { kind: "article" }>): Promise<boolean> {
  if (data.changed_fields.includes("amendments")) return true;
  if ((data.status === "published") === (data.previous_status === "published")) return false;
  const row = await db.get<{ one: number }>(sql`SELECT 1 AS one FROM article_amendments WHERE article_id = ${data.article_id} AND public_at IS NOT NULL AND deleted_at IS NULL LIMIT 1`);
  return !!row;
}

/**
 * The absolute URLs (all three formats) of every feed the event changed, sorted and deduplicated.
 * `origin`: the Worker's public origin (PUBLIC_API_ORIGIN, else the one the relay remembered).
 */
export async function feedTopics(db: DB, origin: string, event: { type: EventType; data: EventData }): Promise<string[]> {
  const { data } = event;
  if (data.kind === "ping") return [];
  if (data.kind === "article") {
    if (!touchedFeeds(data)) return [];
    const urls = toUrls(origin, await articleScopes(db, data));
    return (await correctionsChanged(db, data)) ? [...urls, ...correctionFeedUrls(origin)].sort() : urls;
  }
  // Collections have no feeds (and a collection's stories do not name it).
  if (data.entity === "collection") return [];
  const kind = `${data.entity}s` as ScopeKind;
  const slugs = [data.slug, ...(data.previous_slug && data.previous_slug !== data.slug ? [data.previous_slug] : [])];
  // Its rows are gone, and with them any story still filed under it: its own feed is what changed.
  if (data.action === "deleted") return toUrls(origin, slugs.map((slug) => ({ kind, slug })));
  // A new entity has no published story yet, and one with none has no feed: both give nothing.
  const rows = await feedsShowing(db, data.entity, data.id);
  if (rows.length === 0) return [];
  // Some published story shows it, so it has a feed of its own (among the rows under its current
  // slug); when the slug changed, the old address changed too (it now answers 404).
  return toUrls(origin, [...rows, ...slugs.map((slug) => ({ kind, slug }))]);
}
