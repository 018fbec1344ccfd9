// Whether the editor offers "Share preview" on a story: kept apart from the panel so the rule can
// be tested without a browser (tests/e2e/preview-links.test.ts).
import type { Actor } from "@shared/auth/actor";
import { articleAccessDenial } from "@shared/editorial/permissions";
import type { ArticleView, SessionUser } from "../api/model";

/**
 * Whether to offer sharing: the server's own rule (articleAccessDenial) with what the admin knows —
 * the role and who created the story; the accounts behind its bylines are not in the view, so a
 * byline holder is recognised by being allowed to change or publish it (which the server allows
 * only to its creator or a byline holder). A contributor bylined on a story someone else created
 * and published is not offered it, though the API would let them: never the other way round, so
 * the button never leads to a 403.
 */
export function maySharePreview(view: ArticleView | null, user: SessionUser): boolean {
  if (!view) return false;
  const actor: Actor = { userId: user.id, name: user.name, email: user.email, role: user.role, via: "session" };
  const everPublished = view.first_published_at !== null || view.published_at !== null;
  if (articleAccessDenial(actor, "articles.preview", { status: view.status, everPublished, createdBy: view.created_by, bylinedUserIds: [] }) === null) return true;
  return view.allowed_actions.includes("update") || view.allowed_actions.includes("publish");
}
