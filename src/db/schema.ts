// The one schema module: every table Copydesk stores, in drizzle form. The story and what hangs off
// it are here; the other tables live in files of their own, re-exported below, so code and
// drizzle-kit (drizzle.config.ts reads this file) import every table from here.
// Times are ISO-8601 UTC strings from Date#toISOString() (fixed width, so they sort as text).
import { sql } from "drizzle-orm";
import { customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema-accounts";
import { now } from "./timestamps";

// The role list is shared with the admin, so it lives in a pure module; re-exported for the tables.
export { ROLES, type Role } from "../auth/roles";
// Accounts, sessions, API tokens, sign-in limits and Content API keys.
export * from "./schema-accounts";
// The content version, the site's settings and an import's staging rows.
export * from "./schema-site";
// The Ghost import's runs, findings, outcomes and id map.
export * from "./schema-ghost";
// Outbox, webhooks and preview links live in their own file; drizzle-kit reads them through here.
export * from "./schema-delivery";
// Audit log, amendments, stages, assignment and notes (issue 15).
export * from "./schema-workflow";
// Live blogs: entries, their bylines and history, and the change log push streams replay (issue 16).
export * from "./schema-live";
// Where cold revisions and archived audit months went (R2), issue 17.
export * from "./schema-history";
import { ARTICLE_KINDS } from "./schema-live";

/** Bytes whatever form the driver hands a BLOB in (D1 gives an array of numbers, or an ArrayBuffer). */
export const blobBytes = (v: ArrayBuffer | ArrayBufferView | number[]): Uint8Array =>
  v instanceof Uint8Array ? v : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v as ArrayBuffer | number[]);
/** A BLOB column read and written as a Uint8Array (drizzle's blob() wants Node's Buffer). */
const storedBytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | ArrayBufferView | number[] }>({
  dataType: () => "blob",
  fromDriver: blobBytes,
  toDriver: (v) => v,
});
export const ARTICLE_STATUSES = ["draft", "scheduled", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const CONTRIBUTOR_KINDS = ["person", "organization"] as const;
// Ghost's two tag visibilities: an internal tag ("#…") organises the newsroom and never appears in public output.
export const TAG_VISIBILITIES = ["public", "internal"] as const;
export type TagVisibility = (typeof TAG_VISIBILITIES)[number];
/** Ghost's convention, wherever a tag is first created (tag desk, article save, import): "#…" is internal. */
export const visibilityOfNewTag = (name: string): TagVisibility => (name.startsWith("#") ? "internal" : "public");
export type ContributorKind = (typeof CONTRIBUTOR_KINDS)[number];

export const sections = sqliteTable("sections", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  position: integer("position").notNull().default(0),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

export const tags = sqliteTable("tags", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  visibility: text("visibility", { enum: TAG_VISIBILITIES }).notNull().default("public"),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

export const media = sqliteTable(
  "media",
  {
    id: text("id").primaryKey(),
    r2Key: text("r2_key").notNull().unique(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    alt: text("alt").notNull().default(""),
    caption: text("caption"),
    credit: text("credit"),
    filename: text("filename"),
    // An image left where it was (an import without fetching): no bytes in R2, /media/{id} redirects here.
    sourceUrl: text("source_url"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
  },
  // The library lists newest first in keyset pages: (created_at, id) reads one page, not a sort of all.
  (t) => [index("media_created_id_idx").on(t.createdAt, t.id)],
);

// People and desks are bylines in their own right; a login account is optional.
export const contributors = sqliteTable("contributors", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  kind: text("kind", { enum: CONTRIBUTOR_KINDS }).notNull(),
  name: text("name").notNull(),
  jobTitle: text("job_title"),
  bio: text("bio"),
  avatarMediaId: text("avatar_media_id").references(() => media.id, { onDelete: "set null" }),
  links: text("links", { mode: "json" }).$type<{ label: string; url: string }[]>().notNull().default(sql`'[]'`),
  userId: text("user_id").unique().references(() => users.id, { onDelete: "set null" }),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

export const articles = sqliteTable(
  "articles",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    headline: text("headline").notNull(),
    dek: text("dek"),
    summary: text("summary"),
    body: text("body", { mode: "json" }).notNull(),
    // The opening of the body's plain text (storedExcerpt, ≤ ~500 characters), derived on every write
    // and kept only for a story without a summary: what its feed description and Ghost excerpt show.
    // The whole text is not stored: the search index gets it from the save (migration 0018).
    excerptText: text("excerpt_text"),
    // The body rendered at save time, with placeholders for what must stay current when read
    // (cards, images, links to this site): a reader's miss fills them instead of rendering the tree.
    // Saved since migration 0018 compressed in body_html_z (src/body/stored-html-pack.ts; body_html
    // then NULL); body_html is the text of rows saved before, NULL for rows saved before 0015.
    bodyHtml: text("body_html"),
    bodyHtmlZ: storedBytes("body_html_z"),
    readingTime: integer("reading_time").notNull().default(1),
    sectionId: text("section_id").references(() => sections.id, { onDelete: "restrict" }),
    status: text("status", { enum: ARTICLE_STATUSES }).notNull().default("draft"),
    scheduledAt: text("scheduled_at"),
    // No public surface shows the story before this instant, whatever its status (README "Embargo").
    embargoedUntil: text("embargoed_until"),
    publishedAt: text("published_at"),
    firstPublishedAt: text("first_published_at"),
    featuredMediaId: text("featured_media_id").references(() => media.id, { onDelete: "restrict" }),
    featuredAlt: text("featured_alt"),
    featuredCaption: text("featured_caption"),
    featuredCredit: text("featured_credit"),
    audioUrl: text("audio_url"),
    audioDisclosure: text("audio_disclosure"),
    canonicalUrl: text("canonical_url"),
    language: text("language").notNull().default("en"),
    seoTitle: text("seo_title"),
    seoDescription: text("seo_description"),
    commentsEnabled: integer("comments_enabled", { mode: "boolean" }).notNull().default(true),
    // Workflow metadata, outside the versioned content: a stage move is not a revision.
    stage: text("stage").notNull().default("draft"),
    dueAt: text("due_at"),
    // What readers are told is the last change (dateModified, feed updated): a minor save keeps it.
    lastMajorUpdateAt: text("last_major_update_at"),
    // A live blog (issue 16) carries entries; its coverage window is metadata, not versioned content.
    kind: text("kind", { enum: ARTICLE_KINDS }).notNull().default("article"),
    coverageStartAt: text("coverage_start_at"),
    coverageEndAt: text("coverage_end_at"),
    version: integer("version").notNull().default(1),
    // Stable integer key for the FTS5 index (a plain rowid may be renumbered by VACUUM).
    searchId: integer("search_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    // A cold article's body JSON lives in R2 under this key (src/articles/body-store.ts); `body` then
    // holds a small marker with the ids its body references. NULL: inline. Any write of `body` makes
    // it NULL again (migration 0019's trigger), so a save stays one batch with no R2 round trip.
    bodyKey: text("body_key"),
  },
  (t) => [
    // id completes the feed order (published_at DESC, id DESC), so LIMIT stops after one page.
    index("articles_status_published_id_idx").on(t.status, t.publishedAt, t.id),
    index("articles_section_idx").on(t.sectionId, t.status, t.publishedAt),
    index("articles_scheduled_idx").on(t.status, t.scheduledAt),
    index("articles_updated_idx").on(t.updatedAt),
    index("articles_stage_idx").on(t.stage, t.updatedAt),
    index("articles_kind_idx").on(t.kind, t.status, t.updatedAt).where(sql`${t.kind} = 'live'`),
    uniqueIndex("articles_search_id_uq").on(t.searchId),
    // The body archiver's walk (oldest inline first) and the bodies/ collector's probe (archive-bodies.ts).
    index("articles_inline_body_idx").on(t.updatedAt).where(sql`${t.bodyKey} IS NULL`),
    index("articles_body_key_idx").on(t.bodyKey).where(sql`${t.bodyKey} IS NOT NULL`),
  ],
);

export const bylines = sqliteTable(
  "bylines",
  {
    articleId: text("article_id").notNull().references(() => articles.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // restrict: a contributor who still has bylines cannot vanish and leave a dangling byline.
    contributorId: text("contributor_id").notNull().references(() => contributors.id, { onDelete: "restrict" }),
    role: text("role"),
    // Copies of the article's status and published_at, kept in step by migration 0015's triggers
    // (every writer, in the same statement), so a contributor's feed reads one index page (its index also
    // serves every look-up by contributor, which bylines_contributor_idx did before).
    status: text("status", { enum: ARTICLE_STATUSES }),
    publishedAt: text("published_at"),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.position] }),
    uniqueIndex("bylines_article_contributor_uq").on(t.articleId, t.contributorId),
    index("bylines_feed_idx").on(t.contributorId, t.status, t.publishedAt, t.articleId),
  ],
);

export const articleTags = sqliteTable(
  "article_tags",
  {
    articleId: text("article_id").notNull().references(() => articles.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    tagId: text("tag_id").notNull().references(() => tags.id, { onDelete: "restrict" }),
    // Copies of the article's status and published_at (migration 0015's triggers), so a tag's feed
    // reads one page of article_tags_feed_idx whatever the tag's size (docs/performance.md); it serves
    // every look-up by tag too, so article_tags_tag_idx is gone.
    status: text("status", { enum: ARTICLE_STATUSES }),
    publishedAt: text("published_at"),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.position] }),
    uniqueIndex("article_tags_article_tag_uq").on(t.articleId, t.tagId),
    index("article_tags_feed_idx").on(t.tagId, t.status, t.publishedAt, t.articleId),
  ],
);

// Either an internal article (resolved when read, so its headline and byline stay current)
// or an external link with its own title, summary and source.
export const relatedLinks = sqliteTable(
  "related_links",
  {
    articleId: text("article_id").notNull().references(() => articles.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // No foreign key: a related article that is deleted is simply left out when read.
    targetArticleId: text("target_article_id"),
    url: text("url"),
    title: text("title"),
    summary: text("summary"),
    sourceName: text("source_name"),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.position] }), index("related_target_idx").on(t.targetArticleId)],
);

export const collections = sqliteTable("collections", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

export const collectionItems = sqliteTable(
  "collection_items",
  {
    collectionId: text("collection_id").notNull().references(() => collections.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    articleId: text("article_id").notNull().references(() => articles.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.position] }),
    uniqueIndex("collection_items_article_uq").on(t.collectionId, t.articleId),
  ],
);

// One row per accepted version. The unique (article_id, version) pair is also the write lock:
// two saves racing from the same version cannot both insert version N+1, so the loser's whole
// batch rolls back. No foreign key, so an article's history outlives the article.
export const revisions = sqliteTable(
  "revisions",
  {
    id: text("id").primaryKey(),
    articleId: text("article_id").notNull(),
    version: integer("version").notNull(),
    // The version's {content, state}; once the cron has moved it to R2 (src/scheduled/archive-snapshots.ts),
    // the small ARCHIVED marker, and the object's key in snapshot_key. Read through loadSnapshot.
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    snapshotKey: text("snapshot_key"),
    action: text("action").notNull(),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    // The version whose content a restore brought back ("restored from v3"), directly or through a working copy.
    restoredFrom: integer("restored_from"),
  },
  (t) => [
    uniqueIndex("revisions_article_version_uq").on(t.articleId, t.version),
    // The trash list and the purge find deletions by action and time.
    index("revisions_action_created_idx").on(t.action, t.createdAt),
    // The archiver's queue: only the rows still holding their snapshot inline (deletion markers stay
    // inline: the trash list reads every one of them), oldest first. Rows leave it as they move.
    index("revisions_inline_idx").on(t.createdAt).where(sql`${t.snapshotKey} IS NULL AND ${t.action} <> 'delete'`),
    // The collector's "is this object still referenced?" probe.
    index("revisions_snapshot_key_idx").on(t.snapshotKey).where(sql`${t.snapshotKey} IS NOT NULL`),
    // The history packer's walk (src/scheduled/pack-revisions.ts): rows in the order they go cold.
    index("revisions_created_idx").on(t.createdAt),
  ],
);

// The pending changes to a published article: saved like any edit, but public reads never look
// here. "Update live story" copies the content into the article (one batch, a new revision) and
// empties the row. The row itself stays, so `seq` keeps counting and an ETag is never issued twice.
export const workingCopies = sqliteTable(
  "working_copies",
  {
    articleId: text("article_id")
      .primaryKey()
      .references(() => articles.id, { onDelete: "cascade" }),
    // The live version these changes start from; publishing needs the live article still there.
    baseVersion: integer("base_version").notNull(),
    seq: integer("seq").notNull(),
    // ArticleContent (the id-based form a revision stores); null when there is no working copy.
    content: text("content", { mode: "json" }),
    restoredFrom: integer("restored_from"),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: text("updated_at").notNull(),
    // "Publish these changes at 06:00": the cron publishes the copy then, as the person who scheduled it.
    publishAt: text("publish_at"),
    publishBy: text("publish_by").references(() => users.id, { onDelete: "set null" }),
    // Why a scheduled update did not go out (the live story changed after it was scheduled).
    publishNote: text("publish_note"),
  },
  (t) => [index("working_copies_publish_at_idx").on(t.publishAt)],
);

// Which media items each article uses (featured image and body images), rewritten by every save in
// its own batch: the media library's "used in" and the refusal to delete an image still in use.
export const articleMedia = sqliteTable(
  "article_media",
  {
    articleId: text("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    mediaId: text("media_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.mediaId] }), index("article_media_media_idx").on(t.mediaId, t.articleId)],
);

// Old URLs that keep working (a Ghost site's /{slug}/, /tag/{slug}/, /rss/ …): filled by the Ghost
// import, managed by editors. The Worker answers 301 for paths it serves; front-ends read the rest.
export const redirects = sqliteTable("redirects", {
  id: text("id").primaryKey(),
  // A path on the old site, normalised (leading slash, no query), unique: one answer per old URL.
  fromPath: text("from_path").notNull().unique(),
  // An absolute URL or a path on this Worker.
  toUrl: text("to_url").notNull(),
  statusCode: integer("status_code").notNull().default(301),
  // Who made it: "editor" or "ghost-import" (a re-import only replaces its own rows).
  source: text("source").notNull().default("editor"),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});
