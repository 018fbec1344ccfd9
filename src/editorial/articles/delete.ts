// Deleting a story: to the trash, whence an admin may bring it back for a grace period
// (src/editorial/trash/domain.ts restores it; src/scheduled/purge.ts removes it for good after).
import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Actor } from "../../auth/actor";
import type { DB } from "../../db/client";
import { articles, revisions } from "../../db/schema";
import { newId } from "../../lib/ids";
import { toSnapshot, type ArticleRecord } from "../../articles/load";
import { mapWriteError } from "../../articles/write";
import { bumpContentVersion, refreshDueAt } from "../../cache/content-version";
import { articleEventStatement } from "../../outbox/article-event";
import { auditBy, auditEntry } from "../../audit/record";
import { access, assertVersion, getArticleOrThrow } from "./service";
import { pendingCopy } from "./working-copy";
import { blogStatusHooks } from "../../live/blog-events";

export async function deleteArticle(db: DB, actor: Actor, id: string, expected: number | null) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.delete", rec);
  await assertVersion(db, rec, expected, false);
  // A "delete" revision records who and when; revisions have no foreign key, so the article's whole
  // history stays behind and an admin can recover it from the trash during the grace period.
  const snapshot = toSnapshot(rec);
  const now = new Date().toISOString();
  // Pending changes of a live story go with the row (its working copy cascades): they are kept as
  // a "working_copy" revision first, so an undeleted story can still restore them from History.
  const wc = pendingCopy(rec);
  const kept: BatchItem<"sqlite">[] = wc
    ? [db.insert(revisions).values({ id: newId("rev"), articleId: id, version: rec.row.version + 1, snapshot: { content: wc.content, state: snapshot.state }, action: "working_copy", createdBy: wc.updatedBy?.id ?? null, createdAt: wc.updatedAt, restoredFrom: wc.restoredFrom })]
    : [];
  const deletedAt = rec.row.version + 1 + kept.length;
  // A published live blog leaves readers: its streams say so before the row goes (src/live/blog-events.ts).
  const blog = blogStatusHooks(db, rec, "deleted", new Date(now));
  const statements: BatchItem<"sqlite">[] = [
    ...kept,
    ...blog.runFirst,
    // The marker also keeps the story's hold and place in the workflow (not content, so not in other
    // revisions): an undelete puts the embargo back, so a deleted story can never come back unembargoed.
    db.insert(revisions).values({ id: newId("rev"), articleId: id, version: deletedAt, snapshot: { ...snapshot, workflow: workflowOf(rec) }, action: "delete", createdBy: actor.userId, createdAt: now }),
    db.delete(articles).where(eq(articles.id, id)),
    auditEntry(db, { ...auditBy(actor), action: "article.delete", target: { type: "article", id, label: rec.row.headline }, summary: { before: { status: rec.row.status, version: rec.row.version }, note: "to the trash" } }),
    ...(rec.row.status === "published" ? [bumpContentVersion(db)] : []),
    // Readers (or, for a scheduled story, those expecting it) are told, in the same batch.
    ...(rec.row.status === "published" || rec.row.status === "scheduled"
      ? [articleEventStatement(db, { type: "article.deleted", articleId: id, version: null, previousStatus: rec.row.status, status: "deleted", before: snapshot.content, after: null, now: new Date(now) })]
      : []),
    // A held story no longer due: the next release instant moves on (last: it reads the rows above).
    ...(rec.row.status === "scheduled" ? [refreshDueAt(db)] : []),
  ];
  const results = await db
    .batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
    .catch((err) => Promise.reject(mapWriteError(err)));
  blog.onCommitted((s: BatchItem<"sqlite">) => (results as unknown[])[statements.indexOf(s)]);
}

/** What a story carries besides its content and state: kept in its trash marker (deleteArticle). */
export interface WorkflowHold {
  embargoed_until: string | null;
  stage: string;
  due_at: string | null;
  /** A live blog stays one, with its coverage window (markers from before issue 16 have none). */
  kind?: ArticleRecord["row"]["kind"];
  coverage_start_at?: string | null;
  coverage_end_at?: string | null;
}
const workflowOf = (rec: ArticleRecord): WorkflowHold => ({
  embargoed_until: rec.row.embargoedUntil,
  stage: rec.row.stage,
  due_at: rec.row.dueAt,
  kind: rec.row.kind,
  coverage_start_at: rec.row.coverageStartAt,
  coverage_end_at: rec.row.coverageEndAt,
});
