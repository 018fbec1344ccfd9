// Who may do what, in one table. Routes name an action; nothing checks roles by hand elsewhere,
// so a new route cannot be added without a decision here.
import type { Actor } from "../auth/actor";
import type { ArticleStatus, Role } from "../db/schema";
import { AppError } from "../lib/errors";

export const ACTIONS = {
  "session.read": ["admin", "editor", "author", "contributor"],
  "tokens.manage_own": ["admin", "editor", "author", "contributor"],
  "articles.read": ["admin", "editor", "author", "contributor"],
  "articles.create": ["admin", "editor", "author", "contributor"],
  // Authors and contributors: only articles they created or hold a byline on (see articleAccess).
  "articles.update": ["admin", "editor", "author", "contributor"],
  "articles.delete": ["admin", "editor", "author", "contributor"],
  "articles.publish": ["admin", "editor", "author"],
  "revisions.read": ["admin", "editor", "author", "contributor"],
  "media.read": ["admin", "editor", "author", "contributor"],
  "media.upload": ["admin", "editor", "author", "contributor"],
  // The library's own alt, caption and credit are shared by every article using the image.
  "media.manage": ["admin", "editor"],
  "taxonomy.read": ["admin", "editor", "author", "contributor"],
  // Authors may add a new person or desk while bylining; changing or removing one is an editor's call.
  "contributors.create": ["admin", "editor", "author"],
  "taxonomy.write": ["admin", "editor"],
  "collections.write": ["admin", "editor"],
  "users.manage": ["admin"],
  "trash.manage": ["admin"],
  "newsroom.export": ["admin"],
  "newsroom.import": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

export function allowed(role: Role, action: Action): boolean {
  return (ACTIONS[action] as readonly Role[]).includes(role);
}

export function assertAllowed(actor: Actor, action: Action): void {
  if (!allowed(actor.role, action)) {
    throw new AppError("forbidden", `The ${actor.role} role may not perform ${action}.`);
  }
}

/** What an actor holds on one article: editors hold everything; others only their own. */
export interface ArticleAccessFacts {
  status: ArticleStatus;
  createdBy: string | null;
  bylinedUserIds: string[];
}

export function assertArticleAccess(actor: Actor, action: Action, article: ArticleAccessFacts): void {
  assertAllowed(actor, action);
  // Reading is open to every role, as GET /articles/{id} is; only changes depend on ownership.
  if (actor.role === "admin" || actor.role === "editor" || action === "revisions.read") return;
  const bylined = article.bylinedUserIds.includes(actor.userId);
  const own = bylined || article.createdBy === actor.userId;
  if (action === "articles.publish") {
    if (!bylined) throw new AppError("forbidden", "Authors may publish only articles on which they hold a byline.");
    return;
  }
  if (!own) throw new AppError("forbidden", "You may change only articles you created or hold a byline on.");
  // A contributor's work goes live only through an editor, so it can no longer touch it once it has.
  if (actor.role === "contributor" && article.status !== "draft") {
    throw new AppError("forbidden", "Contributors may change only drafts.");
  }
  if (action === "articles.delete" && article.status !== "draft") {
    throw new AppError("forbidden", "Only editors may delete an article that has left draft.");
  }
}
