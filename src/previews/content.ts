// Which version of a story a preview shows, in the content API's shape: a pinned revision; else the
// working copy of a published story when it has pending changes (what readers get after "Update
// live story"); else the article as it is (a draft, scheduled, published or archived). One
// function for the preview links and the admin's own preview, so the two cannot show different things.
import { and } from "drizzle-orm";
import { loadSnapshot } from "../articles/snapshot-store";
import { findRevision as findRevisionRow } from "../articles/revision-packs";
import { recordWithContent, type ArticleRecord } from "../articles/load";
import type { DB } from "../db/client";
import { AppError } from "../lib/errors";
import type { SiteUrls } from "../lib/urls";
import { publicArticleOf } from "../public/from-record";
import type { PublicArticle } from "../public/load";

export type PreviewSource = "working_copy" | "article" | "revision";

export interface PreviewContent {
  article: PublicArticle;
  source: PreviewSource;
  /** The version shown: the pinned revision's, or the article's; null for a working copy (not a version yet). */
  revision: number | null;
}

/** A revision of this article, or null: one probe of the (article_id, version) unique index. */
export async function findRevision(db: DB, articleId: string, version: number) {
  return findRevisionRow(db, articleId, version);
}

/** A 400 naming `revision`: the caller asked for a version this article never had. */
export const noSuchRevision = (version: number) =>
  new AppError("validation_failed", `This article has no revision ${version}.`, { errors: [{ path: "revision", message: `No revision ${version} of this article.` }] });

/**
 * The story as a preview shows it. `updated_at` is the shown version's own time (the working
 * copy's last save, the revision's), so a reader of the preview can tell which changes they see;
 * the publication state (status, dates) is always the article's now. Null: no such revision.
 */
export async function previewContent(db: DB, rec: ArticleRecord, urls: SiteUrls, pinned: number | null): Promise<PreviewContent | null> {
  if (pinned !== null) {
    const found = await findRevision(db, rec.row.id, pinned);
    if (!found) return null;
    const asRec = await recordWithContent(db, rec, (await loadSnapshot(db, found)).content);
    return { article: await publicArticleOf(db, withUpdatedAt(asRec, found.createdAt), urls), source: "revision", revision: pinned };
  }
  const wc = rec.workingCopy;
  if (wc?.content) {
    const asRec = await recordWithContent(db, rec, wc.content);
    return { article: await publicArticleOf(db, withUpdatedAt(asRec, wc.updatedAt), urls), source: "working_copy", revision: null };
  }
  return { article: await publicArticleOf(db, rec, urls), source: "article", revision: rec.row.version };
}

// The shown version's own time is its "updated" time too (readers are told of last_major_update_at).
const withUpdatedAt = (rec: ArticleRecord, updatedAt: string): ArticleRecord => ({ ...rec, row: { ...rec.row, updatedAt, lastMajorUpdateAt: updatedAt } });
