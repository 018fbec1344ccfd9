// Loads one article with everything hanging off it in a single D1 statement.
import { eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { BodyDoc } from "../body/schema";
import type { DB } from "../db/client";
import { articles } from "../db/schema";
import { resolveBody } from "./body-store";
import { childrenJson, parseChildren } from "./children-json";
import { contentColumns } from "./write";
import type { ArticleContent, RelatedContent, Snapshot } from "./content";

/**
 * The row as the editorial record holds it: every column but the stored body HTML, which only
 * readers' misses use (src/public/load.ts) and which no editorial reader shows (the editor's view
 * renders the tree).
 */
export type ArticleRow = Omit<typeof articles.$inferSelect, "bodyHtml" | "bodyHtmlZ">;

export interface ArticleRecord {
  row: ArticleRow;
  section: { id: string; slug: string; name: string } | null;
  featuredMedia: { id: string; width: number | null; height: number | null } | null;
  bylines: { role: string | null; contributor: { id: string; slug: string; name: string; kind: "person" | "organization"; jobTitle: string | null; userId: string | null } }[];
  tags: { id: string; slug: string; name: string }[];
  related: { targetArticleId: string | null; url: string | null; title: string | null; summary: string | null; sourceName: string | null }[];
  /** Who saved the current version, and what that save was (e.g. "submit"). */
  current: { updatedBy: UserRef | null; action: string | null };
  /** The working copy's row: `content` null when there are no pending changes; `seq` never repeats. */
  workingCopy: WorkingCopyRow | null;
  /** Editorial workflow metadata beside the row's stage and due_at: the stage's name and who is assigned. */
  workflow: { stageName: string | null; assignees: UserRef[] };
  /** A live blog's entries (not deleted) and its desk stream's last event id; null for an ordinary story. */
  live: { entryCount: number; lastEventId: number } | null;
}

export interface UserRef {
  id: string;
  name: string;
}

export interface WorkingCopyRow {
  baseVersion: number;
  seq: number;
  content: ArticleContent | null;
  restoredFrom: number | null;
  updatedAt: string;
  updatedBy: UserRef | null;
  /** A scheduled "update live story", and why one did not go out. */
  publishAt: string | null;
  publishNote: string | null;
}

/**
 * An article's working-copy row as JSON (null without one), for the editorial record and for the
 * editor's version poll, which leaves the content out: one definition for both.
 */
export const workingCopyJson = (articleId: SQL, opts: { content: boolean }) =>
  sql<string | null>`(SELECT json_object('pending', w.content IS NOT NULL, 'base_version', w.base_version, 'seq', w.seq, ${opts.content ? sql`'content', json(w.content), ` : sql``}'restored_from', w.restored_from,
    'updated_at', w.updated_at, 'publish_at', w.publish_at, 'publish_note', w.publish_note,
    'by', json((SELECT json_object('id', u.id, 'name', u.name) FROM users u WHERE u.id = w.updated_by)))
    FROM working_copies w WHERE w.article_id = ${articleId})`;

export function parseWorkingCopy(json: string | null): (WorkingCopyRow & { pending: boolean }) | null {
  if (!json) return null;
  const wc = JSON.parse(json) as {
    pending: 0 | 1;
    base_version: number;
    seq: number;
    content?: ArticleContent | null;
    restored_from: number | null;
    updated_at: string;
    publish_at: string | null;
    publish_note: string | null;
    by: UserRef | null;
  };
  return {
    pending: wc.pending === 1,
    baseVersion: wc.base_version,
    seq: wc.seq,
    content: wc.content ?? null,
    restoredFrom: wc.restored_from,
    updatedAt: wc.updated_at,
    updatedBy: wc.by,
    publishAt: wc.publish_at,
    publishNote: wc.publish_note,
  };
}

// The stored HTML is left out: D1 hands a BLOB back as a JSON array of numbers (~3.6 characters a
// byte), and reading body_html_z made every save and publish (each loads the record first) cost
// ~1 ms more Worker CPU for a column it never used.
const { bodyHtml: _html, bodyHtmlZ: _z, ...rowColumns } = getTableColumns(articles);

// The row, its section and image, and its children as JSON: the whole record is ONE statement.
const selection = {
  ...rowColumns,
  sectionJson: sql<string | null>`(SELECT json_object('id', s.id, 'slug', s.slug, 'name', s.name) FROM sections s WHERE s.id = "articles"."section_id")`.as("section_json"),
  mediaJson: sql<string | null>`(SELECT json_object('id', m.id, 'width', m.width, 'height', m.height) FROM media m WHERE m.id = "articles"."featured_media_id")`.as("media_json"),
  ...childrenJson,
  // Editorial extras (who saved, the pending working copy) in the same statement as everything else.
  currentJson: sql<string>`(SELECT json_object('by', json((SELECT json_object('id', u.id, 'name', u.name) FROM users u WHERE u.id = "articles"."updated_by")), 'action', (SELECT r.action FROM revisions r WHERE r.article_id = "articles"."id" AND r.version = "articles"."version")))`.as("current_json"),
  workingCopyJson: workingCopyJson(sql.raw(`"articles"."id"`), { content: true }).as("working_copy_json"),
  // The stage's name and the assignees (ids and names only, never emails), still the same statement.
  workflowJson: sql<string>`(SELECT json_object('stage_name', (SELECT ws.name FROM workflow_stages ws WHERE ws.id = "articles"."stage"),
    'assignees', json((SELECT json_group_array(json_object('id', u.id, 'name', u.name)) FROM (SELECT u.id, u.name FROM article_assignees aa CROSS JOIN users u ON u.id = aa.user_id WHERE aa.article_id = "articles"."id" ORDER BY u.name, u.id) u))))`.as("workflow_json"),
  // A live blog's counts (issue 16), still the same statement; nothing is read for an ordinary story.
  liveJson: sql<string | null>`(SELECT json_object('entry_count', (SELECT count(*) FROM live_entries e WHERE e.article_id = "articles"."id" AND e.deleted_at IS NULL),
    'last_event_id', (SELECT coalesce(max(c.seq), 0) FROM live_changes c WHERE c.article_id = "articles"."id")) WHERE "articles"."kind" = 'live')`.as("live_json"),
};

export async function loadArticle(db: DB, by: { id: string } | { slug: string }): Promise<ArticleRecord | null> {
  const key = "id" in by ? eq(articles.id, by.id) : eq(articles.slug, by.slug);
  const found = await db.select(selection).from(articles).where(key).get();
  if (!found) return null;
  const { sectionJson, mediaJson, bylinesJson, tagsJson, relatedJson, currentJson, workingCopyJson, workflowJson, liveJson, ...row } = found;
  // A cold article's body is in R2: every editorial reader (view, working copy, revisions, restore,
  // export of a record, previews, webhook payloads, notes) gets the tree as if it were inline.
  if (row.bodyKey !== null) row.body = await resolveBody(db, row);
  const children = parseChildren({ bylinesJson, tagsJson, relatedJson });
  const current = JSON.parse(currentJson) as { by: UserRef | null; action: string | null };
  return {
    row,
    section: sectionJson ? JSON.parse(sectionJson) : null,
    featuredMedia: mediaJson ? JSON.parse(mediaJson) : null,
    bylines: children.bylines.map((b) => ({
      role: b.role,
      contributor: { id: b.id, slug: b.slug, name: b.name, kind: b.kind, jobTitle: b.job_title, userId: b.user_id },
    })),
    tags: children.tags,
    related: children.related.map((r) => ({ targetArticleId: r.target_article_id, url: r.url, title: r.title, summary: r.summary, sourceName: r.source_name })),
    current: { updatedBy: current.by, action: current.action },
    workingCopy: parseWorkingCopy(workingCopyJson),
    workflow: (({ stage_name, assignees }: { stage_name: string | null; assignees: UserRef[] }) => ({ stageName: stage_name, assignees }))(JSON.parse(workflowJson)),
    live: liveJson ? (({ entry_count, last_event_id }: { entry_count: number; last_event_id: number }) => ({ entryCount: entry_count, lastEventId: last_event_id }))(JSON.parse(liveJson)) : null,
  };
}

export function toContent(rec: ArticleRecord): ArticleContent {
  const r = rec.row;
  return {
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    summary: r.summary,
    body: r.body as BodyDoc,
    section_id: r.sectionId,
    bylines: rec.bylines.map((b) => ({ contributor_id: b.contributor.id, role: b.role })),
    tag_ids: rec.tags.map((t) => t.id),
    related: rec.related.map(
      (l): RelatedContent =>
        l.targetArticleId ? { article_id: l.targetArticleId } : { url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.sourceName },
    ),
    featured_image: r.featuredMediaId
      ? { media_id: r.featuredMediaId, alt: r.featuredAlt ?? "", caption: r.featuredCaption, credit: r.featuredCredit }
      : null,
    audio: r.audioUrl ? { url: r.audioUrl, disclosure: r.audioDisclosure } : null,
    canonical_url: r.canonicalUrl,
    language: r.language,
    seo_title: r.seoTitle,
    seo_description: r.seoDescription,
    comments_enabled: r.commentsEnabled,
  };
}

export function toSnapshot(rec: ArticleRecord): Snapshot {
  const r = rec.row;
  return {
    content: toContent(rec),
    state: { status: r.status, scheduled_at: r.scheduledAt, published_at: r.publishedAt, first_published_at: r.firstPublishedAt },
  };
}

/** User ids behind this article's bylines: what decides an author's right to publish it. */
export const bylinedUserIds = (rec: ArticleRecord) =>
  rec.bylines.flatMap((b) => (b.contributor.userId ? [b.contributor.userId] : []));

/** The names a record shows for the ids its content holds: its section, image, people and tags. */
export interface References {
  sections: ReadonlyMap<string, NonNullable<ArticleRecord["section"]>>;
  media: ReadonlyMap<string, NonNullable<ArticleRecord["featuredMedia"]>>;
  people: ReadonlyMap<string, ArticleRecord["bylines"][number]["contributor"]>;
  tags: ReadonlyMap<string, ArticleRecord["tags"][number]>;
}

/** What a loaded record already names, to build another record from without reading it again. */
export function referencesOf(rec: ArticleRecord): References {
  return {
    sections: new Map(rec.section ? [[rec.section.id, rec.section]] : []),
    media: new Map(rec.featuredMedia ? [[rec.featuredMedia.id, rec.featuredMedia]] : []),
    people: new Map(rec.bylines.map((b) => [b.contributor.id, b.contributor])),
    tags: new Map(rec.tags.map((t) => [t.id, t])),
  };
}

/** Both sets of names; where both name an id, `later`'s (the fresher read) wins. */
export function mergeReferences(earlier: References, later: References): References {
  const merge = <V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>) => new Map([...a, ...b]);
  return { sections: merge(earlier.sections, later.sections), media: merge(earlier.media, later.media), people: merge(earlier.people, later.people), tags: merge(earlier.tags, later.tags) };
}

/**
 * The record as it would be with `content`, from names already known: the row's content columns
 * replaced (every other column as it was), the section, people and tags named from `refs`. Pure.
 */
export function withContent(rec: ArticleRecord, content: ArticleContent, refs: References): ArticleRecord {
  const c = content;
  return {
    ...rec,
    row: { ...rec.row, ...contentColumns(content) },
    section: (c.section_id && refs.sections.get(c.section_id)) || null,
    featuredMedia: (c.featured_image && refs.media.get(c.featured_image.media_id)) || null,
    // A person or tag removed since the content was written drops out here; saving it reports why.
    bylines: c.bylines.flatMap((b) => {
      const p = refs.people.get(b.contributor_id);
      return p ? [{ role: b.role, contributor: p }] : [];
    }),
    tags: c.tag_ids.flatMap((id) => {
      const t = refs.tags.get(id);
      return t ? [t] : [];
    }),
    related: c.related.map((r) =>
      "article_id" in r
        ? { targetArticleId: r.article_id, url: null, title: null, summary: null, sourceName: null }
        : { targetArticleId: null, url: r.url, title: r.title, summary: r.summary, sourceName: r.source },
    ),
  };
}

/** Whether `refs` names everything `content` points at (else a record built from them would drop some). */
export const namesAll = (refs: References, c: ArticleContent) =>
  (!c.section_id || refs.sections.has(c.section_id)) &&
  (!c.featured_image || refs.media.has(c.featured_image.media_id)) &&
  c.bylines.every((b) => refs.people.has(b.contributor_id)) &&
  c.tag_ids.every((id) => refs.tags.has(id));

/** A contributor as a record names it, from the snake_case JSON a statement returns. */
export type PersonJson = { id: string; slug: string; name: string; kind: "person" | "organization"; job_title: string | null; user_id: string | null };
export const personOf = (p: PersonJson): ArticleRecord["bylines"][number]["contributor"] => ({ id: p.id, slug: p.slug, name: p.name, kind: p.kind, jobTitle: p.job_title, userId: p.user_id });

/**
 * The record as it would be with `content` (a working copy, a revision): the row's columns come
 * from the content, names of the section, people and tags it points at from one statement.
 */
export async function recordWithContent(db: DB, rec: ArticleRecord, content: ArticleContent): Promise<ArticleRecord> {
  const found = await db.get<{ section: string | null; media: string | null; bylines: string; tags: string }>(sql`SELECT
    (SELECT json_object('id', s.id, 'slug', s.slug, 'name', s.name) FROM sections s WHERE s.id = ${content.section_id}) AS section,
    (SELECT json_object('id', m.id, 'width', m.width, 'height', m.height) FROM media m WHERE m.id = ${content.featured_image?.media_id ?? null}) AS media,
    (SELECT json_group_array(json_object('id', c.id, 'slug', c.slug, 'name', c.name, 'kind', c.kind, 'job_title', c.job_title, 'user_id', c.user_id)) FROM json_each(${JSON.stringify(content.bylines.map((b) => b.contributor_id))}) j CROSS JOIN contributors c ON c.id = j.value) AS bylines,
    (SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name)) FROM json_each(${JSON.stringify(content.tag_ids)}) j CROSS JOIN tags t ON t.id = j.value) AS tags`);
  const section = found?.section ? (JSON.parse(found.section) as NonNullable<ArticleRecord["section"]>) : null;
  const media = found?.media ? (JSON.parse(found.media) as NonNullable<ArticleRecord["featuredMedia"]>) : null;
  return withContent(rec, content, {
    sections: new Map(section ? [[section.id, section]] : []),
    media: new Map(media ? [[media.id, media]] : []),
    people: new Map((JSON.parse(found?.bylines ?? "[]") as PersonJson[]).map((p) => [p.id, personOf(p)])),
    tags: new Map((JSON.parse(found?.tags ?? "[]") as ArticleRecord["tags"]).map((t) => [t.id, t])),
  });
}
