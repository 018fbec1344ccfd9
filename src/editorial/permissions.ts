// Enforcing the role table (src/auth/permission-table.ts, shared with the admin) and the rules for
// one article that go beyond the role. Routes name an action; nothing checks roles by hand elsewhere.
import type { Actor } from "../auth/actor";
import { allowed, type Action } from "../auth/permission-table";
import type { ArticleStatus } from "../db/schema";
import { AppError } from "../lib/errors";

export { ACTIONS, allowed, type Action } from "../auth/permission-table";

export function assertAllowed(actor: Actor, action: Action): void {
  if (!allowed(actor.role, action)) {
    throw new AppError("forbidden", `The ${actor.role} role may not perform ${action}.`);
  }
}

/** What decides an actor's rights on one article beyond their role. */
export interface ArticleAccessFacts {
  status: ArticleStatus;
  /**
   * Readers have seen it at some point: first_published_at survives unpublishing, archiving and
   * the trash, so "unpublish, then delete" cannot turn a published story back into a private draft.
   */
  everPublished: boolean;
  createdBy: string | null;
  bylinedUserIds: string[];
}

// Changes to the content or existence of an article, as opposed to moving it through its lifecycle.
const EDITS = new Set<Action>(["articles.update", "revisions.restore", "articles.delete"]);

/**
 * Why `actor` may not perform `action` on this article, or null when they may. One rule for both the
 * endpoints (assertArticleAccess) and what article views offer (`allowed_actions`).
 */
export function articleAccessDenial(actor: Actor, action: Action, article: ArticleAccessFacts): string | null {
  // The role table decides first, alone: whether a role may publish at all is never decided here.
  if (!allowed(actor.role, action)) return `The ${actor.role} role may not perform ${action}.`;
  // Reading is open to every role, as GET /articles/{id} is; only changes depend on ownership.
  if (actor.role === "admin" || actor.role === "editor" || action === "revisions.read") return null;
  // A preview link shows the story outside the newsroom: its own writers may share it, in any state.
  if (action === "articles.preview") {
    return article.bylinedUserIds.includes(actor.userId) || article.createdBy === actor.userId ? null : "You may share previews only of stories you created or hold a byline on.";
  }
  if (article.status === "archived") return "Only editors may change an archived article.";
  const bylined = article.bylinedUserIds.includes(actor.userId);
  const own = bylined || article.createdBy === actor.userId;
  if (EDITS.has(action)) {
    // A draft readers have never seen is its writer's own: they may edit or discard it.
    if (article.status === "draft" && !article.everPublished) {
      return own ? null : "You may change only articles you created or hold a byline on.";
    }
    if (action === "articles.delete") return "Only editors may delete an article that is scheduled or has ever been published.";
    // A contributor's work goes live only through an editor, so it can no longer touch it once it has.
    if (actor.role === "contributor") return "Contributors may change only drafts that have never been published.";
  }
  // What readers see, or will see at a scheduled time, is changed only by someone who signs it.
  if (bylined) return null;
  return EDITS.has(action)
    ? "Authors may change a scheduled or published article only if they hold a byline on it."
    : "Authors may publish only articles on which they hold a byline.";
}

export function assertArticleAccess(actor: Actor, action: Action, article: ArticleAccessFacts): void {
  const denial = articleAccessDenial(actor, action, article);
  if (denial) throw new AppError("forbidden", denial);
}
