// Making a story a live blog (or an ordinary story again) and setting its coverage window: article
// metadata outside the versioned content (like stage and due time), so no new version. One batch
// with its audit entry and a `blog.updated` change row; on a published blog readers get it too,
// with the content version, the story's updated time and an article.updated event.
import * as v from "valibot";
import { eq, sql } from "drizzle-orm";
import type { ArticleRecord } from "../articles/load";
import { auditBy, auditEntry } from "../audit/record";
import { runBatch, type Statement } from "../db/batch";
import { articles, liveEntries, type ArticleKind } from "../db/schema";
import { AppError } from "../lib/errors";
import { Instant } from "../lib/time";
import { publicChangeStatements } from "../outbox/article-event";
import { changeStatement, noteLiveChanges, type LiveChangeRow } from "./changes";
import type { LiveCtx } from "./domain";
import { constraintProblem } from "../db/constraint-errors";

export const LiveSettingsInput = v.object({
  kind: v.pipe(v.picklist(["live", "article"], "Use live or article."), v.description("`live` makes the story a live blog; `article` an ordinary story again (only without entries).")),
  coverage_start_at: v.nullish(v.pipe(Instant, v.description("When the coverage starts (readers' JSON-LD coverageStartTime); null for none."))),
  coverage_end_at: v.nullish(v.pipe(Instant, v.description("When it ends (coverageEndTime); null while it goes on."))),
});
export type LiveSettings = v.InferOutput<typeof LiveSettingsInput>;

export interface LiveSettingsResult {
  kind: ArticleKind;
  coverageStartAt: string | null;
  coverageEndAt: string | null;
}

const iso = (t: string | null | undefined) => (t ? new Date(t).toISOString() : null);

export async function setLiveSettings(ctx: LiveCtx, blog: ArticleRecord, input: LiveSettings, now = new Date()): Promise<boolean> {
  const { db } = ctx;
  const r = blog.row;
  const kind = input.kind;
  // Left out keeps the window; null clears it. An ordinary story has none.
  const start = kind === "article" ? null : input.coverage_start_at === undefined ? r.coverageStartAt : iso(input.coverage_start_at);
  const end = kind === "article" ? null : input.coverage_end_at === undefined ? r.coverageEndAt : iso(input.coverage_end_at);
  if (start && end && end < start) {
    throw new AppError("validation_failed", "The coverage cannot end before it starts.", { errors: [{ path: "coverage_end_at", message: "Must not be before coverage_start_at." }] });
  }
  if (kind === r.kind && start === r.coverageStartAt && end === r.coverageEndAt) return false;
  const entries = blog.live?.entryCount ?? 0;
  if (kind === "article" && entries > 0) {
    throw new AppError("in_use", `This live blog has ${entries} entries: delete them before making it an ordinary story.`, { usage_count: entries });
  }
  const at = now.toISOString();
  const blogPayload = { coverage_start_at: start, coverage_end_at: end, updated_at: at };
  const statements: Statement[] = [
    db.update(articles).set({ kind, coverageStartAt: start, coverageEndAt: end }).where(eq(articles.id, r.id)),
    // The read saw no entries: one added meanwhile keeps the story a live blog. A copy of it (same
    // primary key) fails the batch, as the embargo guard does (src/editorial/articles/hold.ts).
    ...(kind === "article"
      ? [db.insert(liveEntries).select(sql`SELECT id, article_id, status, title, body, body_text, pinned, key_event, published_at, version, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by FROM live_entries WHERE article_id = ${r.id} AND deleted_at IS NULL LIMIT 1`)]
      : []),
    auditEntry(db, {
      ...auditBy(ctx.actor),
      action: "article.live_settings",
      target: { type: "article", id: r.id, label: r.headline },
      summary: { before: { kind: r.kind, coverage_start_at: r.coverageStartAt, coverage_end_at: r.coverageEndAt }, after: { kind, coverage_start_at: start, coverage_end_at: end } },
      now,
    }),
  ];
  const changeAt = statements.length;
  statements.push(
    changeStatement(db, { articleId: r.id, entryId: null, type: "blog.updated", publicType: "blog.updated", payload: { blog: { kind, ...blogPayload } }, publicPayload: { blog: blogPayload }, now }),
    // The coverage shows on the blog's own pages only (keyed by its token); its kind shows in every
    // list and makes its slug a blog page or not (src/cache/blog-token.ts): the whole site at once.
    ...publicChangeStatements(db, blog, now, ["live"], { entryId: null, change: "blog.updated" }, kind === r.kind ? "bounded" : "now"),
  );
  let results: unknown[];
  try {
    results = await runBatch(db, statements);
  } catch (err) {
    const problem = constraintProblem(err);
    if (problem && kind === "article") throw new AppError("in_use", "An entry was added meanwhile: delete the blog's entries before making it an ordinary story.");
    throw problem ?? err;
  }
  noteLiveChanges(db, results[changeAt] as LiveChangeRow[]);
  return true;
}
