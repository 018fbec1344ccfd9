// The one write path for articles. Every accepted change is a single db.batch(): the revision,
// the article row and all its ordered children land together or not at all.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { bodyToPlainText, readingTimeMinutes } from "../body/plain-text";
import { storedBodyColumns } from "../body/stored-html-pack";
import type { DB } from "../db/client";
import { articleAmendments, articleMedia, articles, articleTags, bylines, relatedLinks, revisions, tags, type ArticleStatus, type TagVisibility } from "../db/schema";
import { bumpContentVersion, refreshDueAt } from "../cache/content-version";
import { chunkRows } from "../lib/chunk";
import { constraintProblem } from "../db/constraint-errors";
import { newId } from "../lib/ids";
import { articleWriteEvent } from "../outbox/article-event";
import { articleWriteEntry } from "../audit/article-entry";
import type { AuditBy } from "../audit/record";
import type { ArticleContent, PublicationState, Snapshot } from "./content";
import { indexArticleText, storedExcerpt } from "./search-index";

export interface WriteInput {
  id: string;
  /** The version this change was based on (0 for a brand-new article). */
  baseVersion: number;
  /** Insert the row rather than update it: a new article, or one recovered from the trash. */
  isNew: boolean;
  content: ArticleContent;
  state: PublicationState;
  newTags?: { id: string; slug: string; name: string; visibility: TagVisibility }[];
  actorId: string | null;
  action:
    | "create"
    | "update"
    | "publish"
    | "unpublish"
    | "schedule"
    | "archive"
    | "restore"
    | "scheduled_publish"
    | "undelete"
    | "import"
    // A published article's working copy went live ("Update live story").
    | "update_live"
    // Handed to an editor ("Submit for editing"): content unchanged.
    | "submit"
    // A working copy the cron published at the time someone scheduled it for.
    | "scheduled_update";
  /** The revision whose content this write brings back, when it is (or came through) a restore. */
  restoredFrom?: number | null;
  /** Extra statements that must commit with the save (e.g. emptying the working copy it publishes). */
  alsoRun?: BatchItem<"sqlite">[];
  /** Extra statements that must see the article's row as it was: run right after the revision lock. */
  runFirst?: BatchItem<"sqlite">[];
  /** After the batch committed, with each statement's result (e.g. a live blog's change row, RETURNING). */
  onCommitted?: (resultOf: (statement: BatchItem<"sqlite">) => unknown) => void;
  /** Status before this write (null when creating): decides whether public caches must be invalidated. */
  previousStatus: ArticleStatus | null;
  /**
   * The version this write replaces, as readers could know it (null when there was none): what an
   * article.updated reports as changed_fields, and whose section, tags and bylines the event's scopes
   * include. Leaving it out of a write to a live story reports the update without its changed fields.
   * It must be the record at baseVersion (as every caller loads it): child lists equal to it are not
   * rewritten (keptChildren).
   */
  previous?: Snapshot | null;
  /**
   * false: the write tells nobody. Imports never do (a 10,000-post archive must not fire 10,000
   * webhooks): a write with action "import" is silent without it. Otherwise a change readers can see (README "Which writes emit what") records its event in the
   * same batch (src/outbox/article-event.ts).
   */
  emit?: false;
  /** Who, for the audit log: the write records its entry in its own batch (imports are recorded once, by the import). */
  audit?: AuditBy;
  /**
   * A minor change of a live story (a typo, formatting): the text changes, but what readers are told
   * is the last update (last_major_update_at: JSON-LD dateModified, feed updated times) does not.
   * Honoured only when the story was published and stays so; every other write sets it.
   */
  minor?: boolean;
  /** What the audit entry of a timed write notes (default "at the scheduled time"; a release an embargo dated says so). */
  note?: string;
  now?: Date;
}

/**
 * Rewrites which media an article uses — its featured image, its body's images and those of its
 * pending working copy (so an image only the copy shows cannot be deleted before it goes live) —
 * from what the rows hold once the rest of the batch has run. Put last in a batch.
 */
export function articleMediaRows(db: DB, articleId: string): BatchItem<"sqlite">[] {
  return [
    db.delete(articleMedia).where(eq(articleMedia.articleId, articleId)),
    db
      .insert(articleMedia)
      .select(
        sql`SELECT a.id, j.value FROM articles a, json_tree(a.body) j WHERE a.id = ${articleId} AND j.key = 'media_id' AND j.type = 'text'
          UNION SELECT a.id, a.featured_media_id FROM articles a WHERE a.id = ${articleId} AND a.featured_media_id IS NOT NULL
          UNION SELECT w.article_id, j.value FROM working_copies w, json_tree(w.content) j WHERE w.article_id = ${articleId} AND w.content IS NOT NULL AND j.key = 'media_id' AND j.type = 'text'`,
      )
      .onConflictDoNothing(),
  ];
}

/**
 * The article row's columns that come from its content: the excerpt of its plain text (a story
 * without a summary) and the reading time are derived. The plain text itself goes to the search
 * index only (indexArticleText); the stored HTML is the save's (storedBodyColumns).
 */
export function contentColumns(c: ArticleContent, plainText = bodyToPlainText(c.body)) {
  return {
    slug: c.slug,
    headline: c.headline,
    dek: c.dek,
    summary: c.summary,
    body: c.body,
    excerptText: storedExcerpt(c.summary, plainText),
    readingTime: readingTimeMinutes(c.body),
    sectionId: c.section_id,
    featuredMediaId: c.featured_image?.media_id ?? null,
    featuredAlt: c.featured_image?.alt ?? null,
    featuredCaption: c.featured_image?.caption ?? null,
    featuredCredit: c.featured_image?.credit ?? null,
    audioUrl: c.audio?.url ?? null,
    audioDisclosure: c.audio?.disclosure ?? null,
    canonicalUrl: c.canonical_url,
    language: c.language,
    seoTitle: c.seo_title,
    seoDescription: c.seo_description,
    commentsEnabled: c.comments_enabled,
  };
}

export async function writeArticle(db: DB, w: WriteInput): Promise<number> {
  const now = (w.now ?? new Date()).toISOString();
  const version = w.baseVersion + 1;
  const c = w.content;
  const snapshot: Snapshot = { content: c, state: w.state };
  const plainText = bodyToPlainText(c.body);
  const columns = {
    ...contentColumns(c, plainText),
    ...storedBodyColumns(c.body),
    status: w.state.status,
    scheduledAt: w.state.scheduled_at,
    publishedAt: w.state.published_at,
    firstPublishedAt: w.state.first_published_at,
    version,
    updatedBy: w.actorId,
    updatedAt: now,
    // Readers are told coalesce(last_major_update_at, updated_at) (src/amendments/domain.ts): a save
    // clears the column, so the story's "updated" time is this save's; a minor one pins it where it was.
    lastMajorUpdateAt: w.minor && w.previousStatus === "published" && w.state.status === "published" ? sql<string>`coalesce(${articles.lastMajorUpdateAt}, ${articles.updatedAt})` : null,
  };


  const statements: BatchItem<"sqlite">[] = [
    // First, so that a concurrent save from the same base version fails here and rolls back all.
    db.insert(revisions).values({
      id: newId("rev"),
      articleId: w.id,
      version,
      snapshot,
      action: w.action,
      createdBy: w.actorId,
      createdAt: now,
      restoredFrom: w.restoredFrom ?? null,
    }),
    ...(w.runFirst ?? []),
  ];
  const searchText = { headline: c.headline, summary: c.summary, bodyText: plainText };
  for (const chunk of chunkRows(w.newTags ?? [], 4)) {
    statements.push(db.insert(tags).values(chunk).onConflictDoNothing({ target: tags.slug }));
  }
  if (w.isNew) {
    // The next search_id in the same statement: D1 runs a batch alone, so no two inserts race for it.
    const searchId = sql`(SELECT coalesce(max(${articles.searchId}), 0) + 1 FROM ${articles})`;
    statements.push(db.insert(articles).values({ id: w.id, ...columns, searchId, createdBy: w.actorId, createdAt: now }), indexArticleText(db, w.id, searchText));
  } else {
    statements.push(
      // Before the UPDATE: it compares the text with the row as it was, and indexes only a change.
      indexArticleText(db, w.id, searchText, { onlyIfChangedFrom: JSON.stringify(c.body) }),
      db.update(articles).set(columns).where(and(eq(articles.id, w.id), eq(articles.version, w.baseVersion))),
    );
  }
  // Each list of children is rewritten only when it changed: most saves edit the text, and deleting
  // and inserting the same bylines and tags again would fire their feed-key and count triggers
  // (migrations 0015, 0024) for nothing. `previous` is the record at baseVersion, which the revision
  // lock guarantees is what the rows hold when this batch commits.
  const kept = keptChildren(w);
  // Each list's rows are checked against its table here; the loop below only moves them.
  const children = [
    { table: bylines, kept: kept.bylines, paramsPerRow: 4, rows: c.bylines.map((b, position) => ({ articleId: w.id, position, contributorId: b.contributor_id, role: b.role })) satisfies (typeof bylines.$inferInsert)[] },
    { table: articleTags, kept: kept.tags, paramsPerRow: 3, rows: c.tag_ids.map((tagId, position) => ({ articleId: w.id, position, tagId })) satisfies (typeof articleTags.$inferInsert)[] },
    { table: relatedLinks, kept: kept.related, paramsPerRow: 7, rows: c.related.map((r, position) => ({ articleId: w.id, position, ...relatedRow(r) })) satisfies (typeof relatedLinks.$inferInsert)[] },
  ];
  for (const list of children) {
    if (list.kept) continue;
    if (!w.isNew) statements.push(db.delete(list.table).where(eq(list.table.articleId, w.id)));
    // `never`: drizzle cannot type an insert into a union of tables; each list's rows were checked above.
    for (const chunk of chunkRows<object>(list.rows, list.paramsPerRow)) statements.push(db.insert(list.table).values(chunk as never));
  }
  statements.push(...(w.alsoRun ?? []), ...articleMediaRows(db, w.id));
  // Drafts being edited must not flush the public caches; anything readers can see must.
  if (w.state.status === "published" || w.previousStatus === "published") statements.push(bumpContentVersion(db, new Date(now)));
  // Amendments added while the story was unseen become public with it (src/amendments/domain.ts).
  if (w.state.status === "published" && w.previousStatus !== "published") {
    statements.push(db.update(articleAmendments).set({ publicAt: now }).where(and(eq(articleAmendments.articleId, w.id), isNull(articleAmendments.publicAt), isNull(articleAmendments.deletedAt))));
  }
  // A story entering or leaving the schedule moves the next release instant the public path watches.
  if (w.state.status === "scheduled" || w.previousStatus === "scheduled") statements.push(refreshDueAt(db));
  const entry = w.audit && articleWriteEntry(db, w.audit, w, snapshot, version, new Date(now));
  if (entry) statements.push(entry);
  // The event commits with the change or not at all (Ghost imports, action "import", tell nobody).
  const event =
    w.emit === false || w.action === "import"
      ? null
      : articleWriteEvent(db, { id: w.id, version, previousStatus: w.previousStatus, previous: w.previous ?? null, content: c, state: w.state, now: new Date(now) });
  if (event) statements.push(event);

  let results: unknown[];
  try {
    results = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (err) {
    throw mapWriteError(err);
  }
  w.onCommitted?.((s) => results[statements.indexOf(s)]);
  return version;
}

/** A related link's row columns: a story of ours, or an outside link. */
const relatedRow = (r: ArticleContent["related"][number]) =>
  "article_id" in r ? { targetArticleId: r.article_id } : { url: r.url, title: r.title, summary: r.summary, sourceName: r.source };

/** Which of the article's child lists hold exactly what this write would insert (none for a new row or without `previous`). */
export function keptChildren(w: Pick<WriteInput, "isNew" | "content" | "previous">): { bylines: boolean; tags: boolean; related: boolean } {
  const before = w.isNew ? null : w.previous?.content;
  if (!before) return { bylines: false, tags: false, related: false };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const people = (c: ArticleContent) => c.bylines.map((b) => [b.contributor_id, b.role]);
  const links = (c: ArticleContent) => c.related.map(relatedRow);
  return { bylines: same(people(before), people(w.content)), tags: same(before.tag_ids, w.content.tag_ids), related: same(links(before), links(w.content)) };
}

/** Constraint failures of a save become typed 409s (revision lock, slug, vanished references); anything else passes through. */
export function mapWriteError(err: unknown): unknown {
  return constraintProblem(err) ?? err;
}
