// The JSON body an event is delivered with, built once by the relay and stored on its outbox row
// (every retry and redelivery sends the same bytes). Standard Webhooks' envelope:
// { type, timestamp, data }. Article data carries the story in the content API's shape for
// published/updated (the version the event wrote, never a later draft), a reference otherwise;
// taxonomy data the public directory shape. Nothing here reaches an email, a hash or a draft.
import { and, eq } from "drizzle-orm";
import type { Snapshot } from "../articles/content";
import { loadSnapshotOrNull } from "../articles/snapshot-store";
import { findRevisionOrNull } from "../articles/revision-packs";
import { loadArticle, recordWithContent, type ArticleRecord } from "../articles/load";
import { contributorArticleCount, sectionArticleCount, tagArticleCount } from "../articles/query-counts";
import type { DB } from "../db/client";
import { collections, contributors, sections, tags } from "../db/schema";
import { effectiveSettings, loadSettings, type StoredSettings } from "../editorial/settings/domain";
import type { SiteUrls } from "../lib/urls";
import { publicArticleOf } from "../public/from-record";
import { toArticleFull, toCollectionView, toContributorView, toSectionView, toTagView } from "../public/views";
import type { EventData, EventType } from "./events";

export interface OutboxRow {
  id: string;
  type: EventType;
  data: EventData;
  createdAt: string;
}

type ArticleData = Extract<EventData, { kind: "article" }>;
type TaxonomyData = Extract<EventData, { kind: "taxonomy" }>;

interface Context {
  db: DB;
  env: Pick<Env, "SITE_TITLE">;
  urls: SiteUrls;
  /** The site settings (JSON-LD's publisher), read once per relay run however many stories it carries. */
  settings: () => Promise<StoredSettings>;
}

/** Builds payloads for one relay run: what every event shares is read once. */
export function payloadBuilder(db: DB, env: Pick<Env, "SITE_TITLE">, urls: SiteUrls) {
  let settings: Promise<StoredSettings> | undefined;
  const ctx: Context = { db, env, urls, settings: () => (settings ??= loadSettings(db)) };
  return (e: OutboxRow) => buildPayload(ctx, e);
}

async function buildPayload(ctx: Context, e: OutboxRow): Promise<string> {
  const data = e.data.kind === "article" ? await articleData(ctx, e.type, e.data) : e.data.kind === "taxonomy" ? await taxonomyData(ctx.db, ctx.urls, e.data) : { webhook_id: e.data.webhook_id, message: "ping" };
  return JSON.stringify({ type: e.type, timestamp: e.createdAt, data });
}

/**
 * The snapshot the event's version wrote (every save writes a revision with its version). An archived
 * one whose object is missing (logged by the store) reads as no revision: the payload then carries
 * the reference, as for a story deleted before the relay, instead of an event retried for ever.
 */
async function revisionAt(db: DB, articleId: string, version: number): Promise<{ snapshot: Snapshot; createdAt: string } | null> {
  const row = await findRevisionOrNull(db, articleId, version);
  if (!row) return null;
  const snapshot = await loadSnapshotOrNull(db, row);
  return snapshot && { snapshot, createdAt: row.createdAt };
}

async function articleData(ctx: Context, type: EventType, d: ArticleData) {
  const { db, urls } = ctx;
  // A live blog's change says which entry and which readers' event (the blog's SSE id) it was.
  const common = { status: d.status, previous_status: d.previous_status, changed_fields: d.changed_fields, ...(d.live ? { live_entry: d.live } : {}) };
  const ref = { id: d.ref.id, slug: d.ref.slug, url: urls.article(d.ref.section_slug, d.ref.slug, d.ref.id), headline: d.ref.headline, section: d.ref.section_slug ? { slug: d.ref.section_slug } : null };
  if (type === "article.scheduled") {
    const rev = d.version === null ? null : await revisionAt(db, d.article_id, d.version);
    // A story held by an embargo was "scheduled" when published: it goes public at the later of the two.
    return { article: { ...ref, scheduled_at: rev?.snapshot.state.scheduled_at ?? null, embargoed_until: d.embargoed_until ?? null }, ...common };
  }
  if ((type === "article.published" || type === "article.updated") && d.version !== null) {
    const rec = await versionRecord(db, d.article_id, d.version);
    // Deleted before its event was relayed: what readers last saw is all that is left to tell.
    if (rec) return { article: await fullArticle(ctx, rec), ...common };
  }
  return { article: ref, ...common };
}

/** The article as the event's version wrote it: the live record, or (edited since) that revision. */
async function versionRecord(db: DB, articleId: string, version: number): Promise<ArticleRecord | null> {
  const rec = await loadArticle(db, { id: articleId });
  if (!rec) return null;
  if (rec.row.version === version) return rec;
  const rev = await revisionAt(db, articleId, version);
  if (!rev) return null;
  const as = await recordWithContent(db, rec, rev.snapshot.content);
  const s = rev.snapshot.state;
  return {
    ...as,
    row: { ...as.row, version, status: s.status, scheduledAt: s.scheduled_at, publishedAt: s.published_at, firstPublishedAt: s.first_published_at, updatedAt: rev.createdAt },
  };
}

/** toArticleFull from the site settings (share metadata, JSON-LD), as the content API's getArticle builds it. */
async function fullArticle(ctx: Context, rec: ArticleRecord) {
  const { urls } = ctx;
  const [article, stored] = await Promise.all([publicArticleOf(ctx.db, rec, urls), ctx.settings()]);
  return toArticleFull(article, urls, effectiveSettings(stored, ctx.env));
}

async function taxonomyData(db: DB, urls: SiteUrls, d: TaxonomyData) {
  const gone = { id: d.id, slug: d.slug };
  const entity = d.action === "deleted" ? gone : ((await directoryShape(db, urls, d)) ?? gone);
  return { action: d.action, [d.entity]: entity, previous_slug: d.previous_slug };
}

/** The public directory's shape of it now, or null when it is gone (or, a tag, internal). */
async function directoryShape(db: DB, urls: SiteUrls, d: TaxonomyData) {
  switch (d.entity) {
    case "tag": {
      const row = await db.select({ t: tags, article_count: tagArticleCount(true) }).from(tags).where(eq(tags.id, d.id)).get();
      return row && row.t.visibility === "public" ? toTagView(row, urls) : null;
    }
    case "section": {
      const row = await db.select({ s: sections, article_count: sectionArticleCount(true) }).from(sections).where(eq(sections.id, d.id)).get();
      return row ? toSectionView(row, urls) : null;
    }
    case "contributor": {
      const row = await db.select({ c: contributors, article_count: contributorArticleCount(true) }).from(contributors).where(eq(contributors.id, d.id)).get();
      return row ? toContributorView(row, urls) : null;
    }
    case "collection": {
      const row = await db.select().from(collections).where(eq(collections.id, d.id)).get();
      return row ? toCollectionView(row) : null;
    }
  }
}
