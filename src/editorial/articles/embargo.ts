// Embargoes (README "Embargo"): an instant before which no public surface shows a story, whatever
// its status. The story may be finished, approved, published (it is then held: status `scheduled`)
// and shared through preview links; the first public request after the instant releases it
// (src/cache/release.ts). The embargo is a hold on the story, not its content: setting it writes no
// revision and leaves the article's version (its ETag) alone, so it never conflicts with an edit.
import { and, eq } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import { auditBy, auditEntry, auditEntryIf, type AuditInput } from "../../audit/record";
import { refreshDueAt } from "../../cache/content-version";
import { changedRows, runBatch } from "../../db/batch";
import type { DB } from "../../db/client";
import { articles } from "../../db/schema";
import { toSnapshot, type ArticleRecord } from "../../articles/load";
import { AppError } from "../../lib/errors";
import { articleEventStatement } from "../../outbox/article-event";
import { publishHeld } from "../../scheduled/publish-due";
import { activeEmbargo, scheduleReached } from "./hold";
import { access, getArticleOrThrow } from "./service";

/**
 * Sets, moves or clears the embargo. Anyone who may edit the story may set one or move it later
 * (holding it longer is always safe); moving it earlier or clearing it lets the story out sooner,
 * which is an editor's decision (`articles.lift_embargo`), and is audited as a lift.
 */
export async function setEmbargo(db: DB, actor: Actor, id: string, requested: string | null, now = new Date()) {
  // Stored as every instant is (toISOString: fixed width, so comparisons as text hold).
  const until = requested === null ? null : new Date(requested).toISOString();
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  const active = activeEmbargo(rec, now);
  if (until !== null && until <= now.toISOString()) {
    throw new AppError("validation_failed", "An embargo must end in the future.", { errors: [{ path: "embargoed_until", message: "Must be in the future." }] });
  }
  if (until !== null && rec.row.status === "published") {
    throw new AppError("conflict", "The story is already public: an embargo can no longer hold it.");
  }
  if (until === active) return rec;
  const lifting = active !== null && (until === null || until < active);
  if (lifting) access(actor, "articles.lift_embargo", rec);
  await writeEmbargo(db, actor, rec, until, lifting, now);
  return getArticleOrThrow(db, id);
}

/** An editor lets an embargoed story out now: public at once if it was only waiting for the embargo. */
export async function liftEmbargo(db: DB, actor: Actor, id: string, now = new Date()) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.lift_embargo", rec);
  if (!activeEmbargo(rec, now)) throw new AppError("conflict", "The story is not under embargo.");
  await writeEmbargo(db, actor, rec, null, true, now);
  return getArticleOrThrow(db, id);
}

async function writeEmbargo(db: DB, actor: Actor, rec: ArticleRecord, until: string | null, lifting: boolean, now: Date) {
  const before = rec.row.embargoedUntil;
  const entry: AuditInput = {
    ...auditBy(actor),
    action: lifting ? "article.embargo_lift" : "article.embargo_set",
    target: { type: "article", id: rec.row.id, label: rec.row.headline },
    summary: { before: { embargoed_until: before, status: rec.row.status }, after: { embargoed_until: until } },
    now,
  };
  const set = db.update(articles).set({ embargoedUntil: until });
  const dueNow = scheduleReached(rec, now) && (until === null || until <= now.toISOString());
  if (!dueNow) {
    // A held story's release instant moved: those told it was scheduled hear the new embargo (the
    // event reads it from the row, after `set`). refreshDueAt last: it reads the row `set` changed.
    const told = rec.row.status === "scheduled" ? [heldEvent(db, rec, now)] : [];
    // Only on the status this was decided on: a publish landing between the read and this write would
    // otherwise leave a published story under an embargo it never honoured.
    const guarded = set.where(and(eq(articles.id, rec.row.id), eq(articles.status, rec.row.status)));
    const [changed] = await runBatch(db, [guarded, auditEntryIf(db, entry), ...told, refreshDueAt(db)]);
    if (changedRows(changed) === 0) throw new AppError("conflict", "The story changed while its embargo was being set (it was published, unpublished or deleted): reload it and try again.");
    return;
  }
  // Held only by the embargo: published in the same batch as the lift, dated now (the publish is
  // guarded by the story's version; the lift runs after it, so it cannot ask for the old status). Two entries, as
  // two things happened: the lift (who, before → after) and the publication.
  await publishHeld(db, rec, { at: now.toISOString(), actorId: actor.userId, action: "publish", audit: auditBy(actor), alsoRun: [set.where(eq(articles.id, rec.row.id)), auditEntry(db, entry)], now });
}

/** article.scheduled for the version readers will get: unchanged content, a new release instant. */
function heldEvent(db: DB, rec: ArticleRecord, now: Date) {
  const content = toSnapshot(rec).content;
  return articleEventStatement(db, { type: "article.scheduled", articleId: rec.row.id, version: rec.row.version, previousStatus: "scheduled", status: "scheduled", before: content, after: content, now });
}
