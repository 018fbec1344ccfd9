// The one schema module: every table Copydesk stores, in drizzle form.
// Times are ISO-8601 UTC strings from Date#toISOString() (fixed width, so they sort as text).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES } from "../auth/roles";

// The role list is shared with the admin, so it lives in a pure module; re-exported for the tables.
export { ROLES, type Role } from "../auth/roles";
// Outbox, webhooks and preview links live in their own file; drizzle-kit reads them through here.
export * from "./schema-delivery";
// Audit log, amendments, stages, assignment and notes (issue 15).
export * from "./schema-workflow";
export const ARTICLE_STATUSES = ["draft", "scheduled", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const CONTRIBUTOR_KINDS = ["person", "organization"] as const;
// Ghost's two tag visibilities: an internal tag ("#…") organises the newsroom and never appears in public output.
export const TAG_VISIBILITIES = ["public", "internal"] as const;
export type TagVisibility = (typeof TAG_VISIBILITIES)[number];
/** Ghost's convention, wherever a tag is first created (tag desk, article save, import): "#…" is internal. */
export const visibilityOfNewTag = (name: string): TagVisibility => (name.startsWith("#") ? "internal" : "public");
export type ContributorKind = (typeof CONTRIBUTOR_KINDS)[number];

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

// Only a SHA-256 of the session secret is stored: a leaked table cannot be replayed.
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  // expires_at: the cron purges expired sessions through this index, a bounded slice per run.
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // A token never grants more than its owner has; this narrows it further.
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
    // Optional: a token past this instant no longer authenticates.
    expiresAt: text("expires_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

// Failed sign-ins per account and per IP, in D1 so limits survive a restart or a new isolate.
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    key: text("key").primaryKey(),
    windowStart: text("window_start").notNull(),
    failures: integer("failures").notNull(),
    // While set and in the future, attempts under this key are refused (growing delays).
    blockedUntil: text("blocked_until"),
    // After this instant the row carries no information; the cron purges it through the index.
    expiresAt: text("expires_at").notNull().default(""),
  },
  (t) => [index("login_attempts_expires_idx").on(t.expiresAt)],
);

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
    // Plain text and reading time are derived from body on every write, never typed in.
    bodyText: text("body_text").notNull().default(""),
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
    version: integer("version").notNull().default(1),
    // Stable integer key for the FTS5 index (a plain rowid may be renumbered by VACUUM).
    searchId: integer("search_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // id completes the feed order (published_at DESC, id DESC), so LIMIT stops after one page.
    index("articles_status_published_id_idx").on(t.status, t.publishedAt, t.id),
    index("articles_section_idx").on(t.sectionId, t.status, t.publishedAt),
    index("articles_scheduled_idx").on(t.status, t.scheduledAt),
    index("articles_updated_idx").on(t.updatedAt),
    index("articles_stage_idx").on(t.stage, t.updatedAt),
    uniqueIndex("articles_search_id_uq").on(t.searchId),
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
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.position] }),
    uniqueIndex("bylines_article_contributor_uq").on(t.articleId, t.contributorId),
    index("bylines_contributor_idx").on(t.contributorId),
  ],
);

export const articleTags = sqliteTable(
  "article_tags",
  {
    articleId: text("article_id").notNull().references(() => articles.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    tagId: text("tag_id").notNull().references(() => tags.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.position] }),
    uniqueIndex("article_tags_article_tag_uq").on(t.articleId, t.tagId),
    index("article_tags_tag_idx").on(t.tagId),
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
    snapshot: text("snapshot", { mode: "json" }).notNull(),
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
  ],
);

// One row, key "content": a random token replaced by every write that changes public output.
// Public responses are cached under it, so a publish or unpublish invalidates every cached page at
// once, and a cache hit costs one primary-key read.
export const siteState = sqliteTable("site_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
  // On the "content" row: the next instant a held story (scheduled, embargoed) goes public, so the
  // first public request after it releases the story and bumps the token (src/cache/release.ts).
  dueAt: text("due_at"),
});

// The newsroom's own settings, one row (id = 1): what feeds, JSON-LD and the admin show as the
// publisher. A missing row or null field falls back to the Worker's configuration (SITE_TITLE).
export const siteSettings = sqliteTable("site_settings", {
  id: integer("id").primaryKey(),
  title: text("title"),
  description: text("description"),
  // BCP 47 language of the site; feeds use it, and an article's own `language` where formats allow.
  language: text("language").notNull().default("en"),
  // The publisher logo for NewsArticle JSON-LD (Google: ≤ 600×60 recommended, raster image).
  logoMediaId: text("logo_media_id").references(() => media.id, { onDelete: "set null" }),
  updatedAt: text("updated_at").notNull().default(now),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

// Rows of an import in progress. The streamed import parses the upload a piece at a time and
// stages each row here (batch by batch); one final atomic batch copies them into the real tables
// and clears the stage, so readers never see half an import and a failure leaves nothing behind.
export const importStaging = sqliteTable(
  "import_staging",
  {
    importId: text("import_id").notNull(),
    seq: integer("seq").notNull(),
    // The target table's name (articles, bylines, …), as the export names it.
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] }), index("import_staging_kind_idx").on(t.importId, t.kind, t.seq)],
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

// Keys for the Ghost-compatible Content API (/ghost/api/content/…?key=…). Like our API tokens only a
// SHA-256 is stored; the key is shown once. `hint` (its last four characters) lets an admin tell keys apart.
export const contentApiKeys = sqliteTable("content_api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  hint: text("hint").notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});

// One Ghost import: its options, progress and counts. Posts arrive in chunks, so a 10,000-post
// export fits Workers' limits and an interrupted import resumes where it stopped.
export const ghostImports = sqliteTable("ghost_imports", {
  id: text("id").primaryKey(),
  status: text("status", { enum: ["running", "complete"] }).notNull().default("running"),
  // The import's options (old site URL, section rule, dry run…), as the plan was made with them.
  options: text("options", { mode: "json" }).notNull(),
  totalPosts: integer("total_posts").notNull().default(0),
  processedPosts: integer("processed_posts").notNull().default(0),
  // Counts per entity and outcome ({ posts: { created, updated, unchanged }, … }).
  counts: text("counts", { mode: "json" }).notNull().default(sql`'{}'`),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

// Per-post findings of an import (an unmapped card, a credit split from a caption…), kept apart
// from the import row so a 10,000-post report never grows one row past D1's limits.
export const ghostImportNotes = sqliteTable(
  "ghost_import_notes",
  {
    importId: text("import_id").notNull().references(() => ghostImports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    ghostPostId: text("ghost_post_id"),
    slug: text("slug"),
    code: text("code").notNull(),
    message: text("message").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

// One row per post an import has processed: its first outcome and what its chunk counted for it
// (images, new sections). Written with ON CONFLICT DO NOTHING, so a chunk sent twice (a retry after a
// lost response) or chunks sent at once count each post exactly once; an import's post counts and
// progress are sums over these rows, never a read-modify-write of ghost_imports.counts.
export const ghostImportPosts = sqliteTable(
  "ghost_import_posts",
  {
    importId: text("import_id").notNull().references(() => ghostImports.id, { onDelete: "cascade" }),
    ghostId: text("ghost_id").notNull(),
    outcome: text("outcome", { enum: ["created", "updated", "unchanged", "skipped"] }).notNull(),
    mediaCreated: integer("media_created").notNull().default(0),
    mediaUpdated: integer("media_updated").notNull().default(0),
    mediaUnchanged: integer("media_unchanged").notNull().default(0),
    sectionsCreated: integer("sections_created").notNull().default(0),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.ghostId] })],
);

// Ghost id → our id, for every imported post, tag, author and image (keyed by its original URL): a
// re-run updates instead of duplicating.
// `sourceHash` is a digest of what the post converted to, so an unchanged post is skipped.
export const ghostMap = sqliteTable(
  "ghost_map",
  {
    kind: text("kind", { enum: ["post", "tag", "user", "image"] }).notNull(),
    ghostId: text("ghost_id").notNull(),
    localId: text("local_id").notNull(),
    // Ghost's uuid for posts, which the Ghost-compatible API answers with.
    ghostUuid: text("ghost_uuid"),
    sourceHash: text("source_hash"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.ghostId] }), index("ghost_map_local_idx").on(t.localId)],
);
