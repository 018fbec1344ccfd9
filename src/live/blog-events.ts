// A live blog entering or leaving readers' view (publish, a held release, unpublish, archive, the
// trash): one change row in the batch of that write, so both streams say so at the right place in
// their order. Going public, readers get `reset` (entries filed while the blog was not public have no
// readers' ids: refetch, then carry on); leaving, `blog.unpublished` (the object then closes their
// streams). The row that says "unpublished" must run BEFORE the article's row changes: readers' ids
// are given only while the blog is published at that point of the batch (changeStatement).
import type { BatchItem } from "drizzle-orm/batch";
import type { ArticleRecord } from "../articles/load";
import type { DB } from "../db/client";
import type { ArticleStatus } from "../db/schema";
import { changeStatement, noteLiveChanges, type LiveChangeRow } from "./changes";

export interface BlogHooks {
  /** Before the article's row changes (after its revision lock). */
  runFirst: BatchItem<"sqlite">[];
  /** After it. */
  alsoRun: BatchItem<"sqlite">[];
  /** Hand the committed row to the Durable Object (the request's notify middleware, or the cron's sync). */
  onCommitted: (resultOf: (statement: BatchItem<"sqlite">) => unknown) => void;
}

const NONE: BlogHooks = { runFirst: [], alsoRun: [], onCommitted: () => {} };

/** The change row of `rec` (as read) moving to `next`, or nothing: an ordinary story, or no move in or out of public. */
export function blogStatusHooks(db: DB, rec: ArticleRecord, next: ArticleStatus | "deleted", now: Date): BlogHooks {
  const r = rec.row;
  if (r.kind !== "live") return NONE;
  const was = r.status === "published";
  const is = next === "published";
  if (was === is) return NONE;
  const blog = { coverage_start_at: r.coverageStartAt, coverage_end_at: r.coverageEndAt, updated_at: now.toISOString() };
  const statement = changeStatement(db, {
    articleId: r.id,
    entryId: null,
    type: is ? "blog.published" : "blog.unpublished",
    publicType: is ? "reset" : "blog.unpublished",
    payload: { blog: { status: next, ...blog } },
    publicPayload: { blog },
    now,
  });
  return {
    runFirst: is ? [] : [statement],
    alsoRun: is ? [statement] : [],
    onCommitted: (resultOf) => noteLiveChanges(db, resultOf(statement) as LiveChangeRow[]),
  };
}
