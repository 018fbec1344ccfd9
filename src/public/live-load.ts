// Loads what readers pull of a live blog: a page of its published entries (newest first, keyset on
// (published_at, id)), the pinned ones on the first page, and the readers' change log after an event
// id (the polling twin of SSE replay). Each is ONE statement whatever the page size: the blog row,
// the settings and the head of the change log ride along on every row (uncorrelated subqueries,
// computed once by SQLite), and a missing, unpublished (held, draft, deleted) or ordinary story
// answers no row at all. Bodies' images and cards are one more statement, only when a body has any.
import { sql, type SQL } from "drizzle-orm";
import type { BylineJson } from "../articles/children-json";
import type { BodyDoc } from "../body";
import type { DB } from "../db/client";
import { parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import type { SiteUrls } from "../lib/urls";
import { entryReferences, type EntryRefs, type PublicEntrySource } from "../live/public-view";
import { publicHeadSql } from "../live/head";
import { bylinesJsonSqlText } from "../live/record";
import { MAX_REPLAY } from "../live/sse";
import type { PublicEventType } from "../live/changes";
import { MAX_LIVE_BLOG_UPDATES } from "../seo/json-ld";

/** The blog as readers' pages about it need it. */
export interface PublicBlog {
  id: string;
  slug: string;
  headline: string;
  language: string;
  url: string;
  coverageStartAt: string | null;
  coverageEndAt: string | null;
  publishedAt: string;
  updatedAt: string;
  lastMajorUpdateAt: string | null;
  /** The newest readers' event number (0 before the first). */
  lastEventId: number;
  settings: StoredSettings | null;
}

export interface PublicEntriesPage {
  blog: PublicBlog;
  /** First page only (null on later pages): the desk's pinned entries, newest first. */
  pinned: PublicEntrySource[] | null;
  entries: PublicEntrySource[];
  nextCursor: string | null;
  refs: EntryRefs;
}

// An entry as readers' reads select it: public columns only, bylines without user ids.
const entryColumns = (e: string) =>
  sql.raw(`${e}.id AS e_id, ${e}.title AS e_title, ${e}.body AS e_body, ${e}.pinned AS e_pinned, ${e}.key_event AS e_key_event,
    ${e}.published_at AS e_published_at, ${e}.updated_at AS e_updated_at,
    ${bylinesJsonSqlText(`${e}.id`, "public")} AS e_bylines`);

const entryJson = (e: string) =>
  sql.raw(`json_object('id', ${e}.id, 'title', ${e}.title, 'body', json(${e}.body), 'pinned', ${e}.pinned, 'key_event', ${e}.key_event,
    'published_at', ${e}.published_at, 'updated_at', ${e}.updated_at,
    'bylines', json(${bylinesJsonSqlText(`${e}.id`, "public")}))`);

/** Readers see an entry that is published and not deleted (the partial index live_entries_public_idx). */
const shown = (e: string) => sql.raw(`${e}.status = 'published' AND ${e}.deleted_at IS NULL`);

/** The newest readers' event id of the blog (one index probe: src/live/head.ts). */
const headOf = publicHeadSql;

/** The blog's id as an uncorrelated subquery: one probe of the slug's unique index, done once. */
const blogIdOf = (slug: string) => sql`(SELECT id FROM articles WHERE slug = ${slug} AND status = 'published' AND kind = 'live')`;

const blogColumns = (slug: string) => sql`a.id AS blog_id, a.slug AS blog_slug, a.headline AS blog_headline, a.language AS blog_language,
  a.coverage_start_at AS blog_coverage_start_at, a.coverage_end_at AS blog_coverage_end_at, a.published_at AS blog_published_at,
  a.updated_at AS blog_updated_at, a.last_major_update_at AS blog_major_at, s.slug AS blog_section,
  ${SETTINGS_JSON} AS site_json,
  ${headOf(blogIdOf(slug))} AS last_event_id`;

interface BlogRow {
  blog_id: string;
  blog_slug: string;
  blog_headline: string;
  blog_language: string;
  blog_coverage_start_at: string | null;
  blog_coverage_end_at: string | null;
  blog_published_at: string;
  blog_updated_at: string;
  blog_major_at: string | null;
  blog_section: string | null;
  site_json: string | null;
  last_event_id: number;
}

interface EntryRow {
  e_id: string | null;
  e_title: string | null;
  e_body: string;
  e_pinned: number;
  e_key_event: number;
  e_published_at: string;
  e_updated_at: string;
  e_bylines: string | null;
}

interface EntryJson {
  id: string;
  title: string | null;
  body: BodyDoc;
  pinned: number;
  key_event: number;
  published_at: string;
  updated_at: string;
  bylines: Omit<BylineJson, "user_id">[];
}

// user_id is never selected (above): it is null here, whatever the contributor's account.
const publicBylines = (list: Omit<BylineJson, "user_id">[]): BylineJson[] => list.map((b) => ({ ...b, user_id: null }));

const fromRow = (r: EntryRow): PublicEntrySource => ({
  id: r.e_id!,
  title: r.e_title,
  body: JSON.parse(r.e_body) as BodyDoc,
  pinned: r.e_pinned === 1,
  keyEvent: r.e_key_event === 1,
  publishedAt: r.e_published_at,
  updatedAt: r.e_updated_at,
  bylines: publicBylines(JSON.parse(r.e_bylines ?? "[]")),
});

/** Entries from a JSON array column (entriesJson) as the loaders select them. */
export function parseEntriesJson(json: string | null | undefined): PublicEntrySource[] {
  return entriesFrom(JSON.parse(json ?? "[]") as EntryJson[]);
}

const entriesFrom = (list: EntryJson[]): PublicEntrySource[] =>
  list.map((e) => ({
    id: e.id,
    title: e.title,
    body: e.body,
    pinned: e.pinned === 1,
    keyEvent: e.key_event === 1,
    publishedAt: e.published_at,
    updatedAt: e.updated_at,
    bylines: publicBylines(e.bylines),
  }));

/** The pinned entries of the blog `blogId` (an SQL expression), newest first, as a JSON array. */
export const pinnedEntriesJson = (blogId: SQL) =>
  sql<string | null>`(SELECT json_group_array(json(x.j) ORDER BY x.p DESC, x.i DESC) FROM (SELECT ${entryJson("e")} AS j, e.published_at AS p, e.id AS i
    FROM live_entries e WHERE e.article_id = ${blogId} AND ${shown("e")} AND e.pinned = 1 ORDER BY e.published_at DESC, e.id DESC LIMIT 10) x)`;

/** The newest `n` published entries of the blog `blogId`, newest first, as a JSON array (for JSON-LD). */
export const newestEntriesJson = (blogId: SQL, n: number) =>
  sql<string | null>`(SELECT json_group_array(json(x.j) ORDER BY x.p DESC, x.i DESC) FROM (SELECT ${entryJson("e")} AS j, e.published_at AS p, e.id AS i
    FROM live_entries e WHERE e.article_id = ${blogId} AND ${shown("e")} ORDER BY e.published_at DESC, e.id DESC LIMIT ${n}) x)`;

function toBlog(r: BlogRow, urls: SiteUrls): PublicBlog {
  return {
    id: r.blog_id,
    slug: r.blog_slug,
    headline: r.blog_headline,
    language: r.blog_language,
    url: urls.article(r.blog_section, r.blog_slug, r.blog_id),
    coverageStartAt: r.blog_coverage_start_at,
    coverageEndAt: r.blog_coverage_end_at,
    publishedAt: r.blog_published_at,
    updatedAt: r.blog_updated_at,
    lastMajorUpdateAt: r.blog_major_at,
    lastEventId: r.last_event_id,
    settings: parseSettingsJson(r.site_json),
  };
}

export interface EntriesQuery {
  limit: number;
  cursor?: string | undefined;
}

/**
 * One page of a published live blog's published entries, newest first; null when readers cannot see
 * the blog. A cursor that is not one we issued is a 400 naming `cursor`.
 */
/** The page's one statement (exported for the query-plan test). A bad cursor is a 400 naming `cursor`. */
export function entriesPageSql(slug: string, q: EntriesQuery): SQL {
  const after = q.cursor ? decodeCursor(q.cursor, isDateKey) : null;
  // A row-value comparison is one range of the index (published_at, id), read backwards.
  const older = after ? sql`AND (e.published_at, e.id) < (${after.key}, ${after.id})` : sql``;
  const pinned = after ? sql`NULL` : pinnedEntriesJson(blogIdOf(slug));
  return sql`SELECT ${blogColumns(slug)}, ${pinned} AS pinned_json, ${entryColumns("e")}
    FROM articles a LEFT JOIN sections s ON s.id = a.section_id
    LEFT JOIN live_entries e ON e.article_id = a.id AND ${shown("e")} ${older}
    WHERE a.slug = ${slug} AND a.status = 'published' AND a.kind = 'live'
    ORDER BY e.published_at DESC, e.id DESC
    LIMIT ${q.limit + 1}`;
}

export async function loadPublicEntriesPage(db: DB, slug: string, q: EntriesQuery, urls: SiteUrls): Promise<PublicEntriesPage | null> {
  const after = Boolean(q.cursor);
  const rows = await db.all<BlogRow & EntryRow & { pinned_json: string | null }>(entriesPageSql(slug, q));
  const first = rows[0];
  if (!first) return null;
  const found = rows.filter((r) => r.e_id !== null).map(fromRow);
  const entries = found.slice(0, q.limit);
  // Published entries always have a published_at (the partial index says so).
  const last = entries.at(-1);
  const pinnedEntries = after ? null : parseEntriesJson(first.pinned_json);
  const refs = await entryReferences(db, [...entries, ...(pinnedEntries ?? [])], urls);
  return {
    blog: toBlog(first, urls),
    pinned: pinnedEntries,
    entries,
    nextCursor: found.length > q.limit && last ? encodeCursor(last.publishedAt!, last.id) : null,
    refs,
  };
}

export interface PublicChange {
  id: number;
  event: PublicEventType;
  /** The stored payload text: the very bytes SSE sends as `data:`. */
  data: string;
}

export type ChangesSince =
  | { reset: false; blog: PublicBlog; events: PublicChange[]; more: boolean }
  | { reset: true; blog: PublicBlog };

/**
 * The readers' events after `since`, oldest first, at most `limit`; `reset` when `since` is ahead
 * of the head or further behind it than a stream would replay (src/live/sse.ts MAX_REPLAY), exactly
 * as the stream decides. null when readers cannot see the blog.
 */
export async function loadPublicChangesSince(db: DB, slug: string, since: number, limit: number, urls: SiteUrls): Promise<ChangesSince | null> {
  const rows = await db.all<BlogRow & { c_id: number | null; c_type: PublicEventType | null; c_data: string | null }>(sql`SELECT ${blogColumns(slug)},
      c.public_seq AS c_id, c.public_type AS c_type, c.public_payload AS c_data
    FROM articles a LEFT JOIN sections s ON s.id = a.section_id
    LEFT JOIN live_changes c ON c.article_id = a.id AND c.public_seq > ${since}
    WHERE a.slug = ${slug} AND a.status = 'published' AND a.kind = 'live'
    ORDER BY c.public_seq
    LIMIT ${limit + 1}`);
  const first = rows[0];
  if (!first) return null;
  const blog = toBlog(first, urls);
  if (since > blog.lastEventId || blog.lastEventId - since > MAX_REPLAY) return { reset: true, blog };
  const events = rows.filter((r) => r.c_id !== null).map((r) => ({ id: r.c_id!, event: r.c_type!, data: r.c_data! }));
  return { reset: false, blog, events: events.slice(0, limit), more: events.length > limit };
}

// --- the article view's live block ------------------------------------------------------------

/** What a live blog's article view and JSON-LD show of it (views.ts); null for any other story. */
export interface PublicLive {
  lastEventId: number;
  /** The newest published entries (MAX_LIVE_BLOG_UPDATES), newest first: JSON-LD `liveBlogUpdate`. */
  updates: PublicEntrySource[];
}

/** The live block of the blog `blogId` (an SQL expression) as one JSON object column: same statement as the story. */
export const liveBlockJson = (blogId: SQL) =>
  sql<string>`json_object('last_event_id', ${headOf(blogId)},
    'updates', json(${newestEntriesJson(blogId, MAX_LIVE_BLOG_UPDATES)}))`;

export function parseLiveJson(json: string | null | undefined): PublicLive | null {
  if (!json) return null;
  const o = JSON.parse(json) as { last_event_id: number; updates: EntryJson[] };
  return { lastEventId: o.last_event_id, updates: entriesFrom(o.updates) };
}
