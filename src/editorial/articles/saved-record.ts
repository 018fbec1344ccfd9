// The record a save leaves, built from what it wrote instead of read back (docs/performance.md §5):
// the record it started from, with the content written (withContent, names already known), and the
// columns writeArticle (src/articles/write.ts) sets. A save's answer is then the same as the next
// GET's, field for field and ETag (tests/api/save-response-*.test.ts), without the reload.
import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ArticleContent, PublicationState } from "../../articles/content";
import { contentColumns } from "../../articles/write";
import type { ArticleRecord, UserRef } from "../../articles/load";
import type { DB } from "../../db/client";
import { articles, workflowStages, type ArticleKind } from "../../db/schema";
import type { LiveChangeRow } from "../../live/changes";

export interface Saved {
  state: PublicationState;
  /** The version writeArticle returned. */
  version: number;
  /** The instant the write stamped (its `now`), as ISO text. */
  at: string;
  by: UserRef | null;
  action: string;
  minor?: boolean | undefined;
}

/**
 * `rec` (as loaded, with the content written already in it) after the write: publication state,
 * version, who and when, and what readers are told was the last update. Pure.
 */
export function afterSave(rec: ArticleRecord, s: Saved): ArticleRecord {
  const r = rec.row;
  // As writeArticle: a minor save of a story that was and stays published keeps
  // coalesce(last_major_update_at, updated_at) of the row it replaced; every other save clears it.
  const keepsLastMajor = s.minor === true && r.status === "published" && s.state.status === "published";
  return {
    ...rec,
    row: {
      ...r,
      status: s.state.status,
      scheduledAt: s.state.scheduled_at,
      publishedAt: s.state.published_at,
      firstPublishedAt: s.state.first_published_at,
      version: s.version,
      updatedBy: s.by?.id ?? null,
      updatedAt: s.at,
      lastMajorUpdateAt: keepsLastMajor ? (r.lastMajorUpdateAt ?? r.updatedAt) : null,
      // Every save writes the body inline: a cold article is hot again (migration 0019's trigger).
      bodyKey: null,
    },
    current: { updatedBy: s.by, action: s.action },
  };
}

/**
 * What a create cannot know without the database: the search id the insert numbered and the stage
 * the newsroom's list put the story in. Read inside the create's own batch, after both: no
 * statement beyond it.
 */
export const createdFacts = (db: DB, id: string) =>
  db
    .select({ searchId: articles.searchId, stage: articles.stage, stageName: workflowStages.name })
    .from(articles)
    .leftJoin(workflowStages, eq(workflowStages.id, articles.stage))
    .where(eq(articles.id, id));

export type CreatedFacts = { searchId: number | null; stage: string; stageName: string | null };

/** A new article's record before its first save's columns (afterSave adds them): the row's defaults. */
export function newRecord(id: string, content: ArticleContent, o: { kind: ArticleKind; by: UserRef | null; at: string; facts: CreatedFacts }): ArticleRecord {
  return {
    row: {
      id,
      ...contentColumns(content),
      status: "draft",
      scheduledAt: null,
      embargoedUntil: null,
      publishedAt: null,
      firstPublishedAt: null,
      stage: o.facts.stage,
      dueAt: null,
      lastMajorUpdateAt: null,
      kind: o.kind,
      coverageStartAt: null,
      coverageEndAt: null,
      version: 0,
      searchId: o.facts.searchId,
      createdBy: o.by?.id ?? null,
      updatedBy: o.by?.id ?? null,
      createdAt: o.at,
      updatedAt: o.at,
      bodyKey: null,
    },
    section: null,
    featuredMedia: null,
    bylines: [],
    tags: [],
    related: [],
    current: { updatedBy: o.by, action: null },
    workingCopy: null,
    workflow: { stageName: o.facts.stageName, assignees: [] },
    live: o.kind === "live" ? { entryCount: 0, lastEventId: 0 } : null,
  };
}

/** A live blog's stream after a write whose batch added change rows (RETURNING): its last id moved to theirs. */
export function withLiveChanges(rec: ArticleRecord, statements: BatchItem<"sqlite">[], resultOf: (s: BatchItem<"sqlite">) => unknown): ArticleRecord {
  if (!rec.live) return rec;
  const seqs = statements.flatMap((s) => ((resultOf(s) as LiveChangeRow[] | undefined) ?? []).map((row) => row.seq));
  return seqs.length ? { ...rec, live: { ...rec.live, lastEventId: Math.max(rec.live.lastEventId, ...seqs) } } : rec;
}
