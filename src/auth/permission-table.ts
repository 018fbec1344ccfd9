// Who may do what, in one table. Routes name an action; nothing checks roles by hand elsewhere,
// so a new route cannot be added without a decision here. Pure (no Worker globals, no drizzle):
// the admin imports it to decide what it offers, so the UI and the API cannot disagree.
import type { Role } from "./roles";

export const ACTIONS = {
  "session.read": ["admin", "editor", "author", "contributor"],
  "tokens.manage_own": ["admin", "editor", "author", "contributor"],
  "articles.read": ["admin", "editor", "author", "contributor"],
  "articles.create": ["admin", "editor", "author", "contributor"],
  // Authors and contributors: only articles they created or hold a byline on, and only while the
  // article's status allows it (assertArticleAccess; the README's "Roles" table).
  "articles.update": ["admin", "editor", "author", "contributor"],
  "articles.delete": ["admin", "editor", "author", "contributor"],
  "articles.publish": ["admin", "editor", "author"],
  "articles.schedule": ["admin", "editor", "author"],
  "articles.unpublish": ["admin", "editor", "author"],
  // An embargo lifted early lets a story out before the source allowed: an editor's call, audited.
  "articles.lift_embargo": ["admin", "editor"],
  // Archiving is how an editor keeps a story down: authors could otherwise republish it.
  "articles.archive": ["admin", "editor"],
  "revisions.read": ["admin", "editor", "author", "contributor"],
  "revisions.restore": ["admin", "editor", "author", "contributor"],
  "media.read": ["admin", "editor", "author", "contributor"],
  "media.upload": ["admin", "editor", "author", "contributor"],
  // The library's own alt, caption and credit are shared by every article using the image.
  "media.manage": ["admin", "editor"],
  "taxonomy.read": ["admin", "editor", "author", "contributor"],
  // Authors may add a new person or desk while bylining; changing or removing one is an editor's call.
  "contributors.create": ["admin", "editor", "author"],
  "taxonomy.write": ["admin", "editor"],
  "collections.write": ["admin", "editor"],
  // Old URLs and where they now lead (src/redirects): the desk's call, like the taxonomy.
  "redirects.manage": ["admin", "editor"],
  "users.manage": ["admin"],
  "trash.manage": ["admin"],
  "newsroom.export": ["admin"],
  "newsroom.import": ["admin"],
  "settings.manage": ["admin"],
  // Keys for the Ghost-compatible Content API (src/ghost-api): issued and revoked by admins, as in Ghost.
  "content_keys.manage": ["admin"],
  // Webhooks carry every published story to an outside URL with a signing key: an admin's decision.
  "webhooks.manage": ["admin"],
  // A preview link shows the story to people without an account: anyone who may read it may share it.
  "articles.preview": ["admin", "editor", "author", "contributor"],
  // Corrections and updates readers see at a story's foot: whoever may change the story (the same
  // ownership rule as articles.update) may add one; once public an entry is never edited, only superseded.
  "amendments.write": ["admin", "editor", "author", "contributor"],
  // Taking back what readers were told leaves a trace in the audit log, and is a desk decision.
  "amendments.delete": ["admin", "editor"],
  // Internal notes (src/notes): everyone who may read a story may discuss it; only your own note's
  // text is yours to change or delete, and editors may delete anyone's (src/notes/domain.ts).
  "notes.read": ["admin", "editor", "author", "contributor"],
  "notes.write": ["admin", "editor", "author", "contributor"],
  // Taking down someone else's note (or a thread with others' replies) is a desk decision.
  "notes.moderate": ["admin", "editor"],
  // Every role moves stories between stages; which moves is the stage rule's (src/auth/stages.ts: enter_role of both ends).
  "articles.stage": ["admin", "editor", "author", "contributor"],
  // Naming, ordering and guarding the newsroom's stages changes everyone's workflow: an admin's decision.
  "stages.manage": ["admin"],
  // Handing work to people and setting its deadline is the desk's call (assignees and due time).
  "articles.assign": ["admin", "editor"],
  // Who did what to whom (src/audit): names, roles and every account's actions; the admins' to read.
  "audit.read": ["admin"],
  // Live blogs (src/live): any role files entries on any live blog; ownership (own entries only,
  // contributors only while never published, archived blogs editors only) is src/auth/live-rules.ts.
  "live_entries.read": ["admin", "editor", "author", "contributor"],
  "live_entries.write": ["admin", "editor", "author", "contributor"],
  // A contributor drafts, an editor publishes; authors publish their own entries.
  "live_entries.publish": ["admin", "editor", "author"],
  // What sits on top of the blog is the desk's call.
  "live_entries.pin": ["admin", "editor"],
  "live_entries.delete": ["admin", "editor", "author", "contributor"],
  // Making a story a live blog and setting its coverage window.
  "articles.live": ["admin", "editor"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

/** What the role alone permits. Rights on one article also depend on it (articleAccessDenial). */
export function allowed(role: Role, action: Action): boolean {
  return (ACTIONS[action] as readonly Role[]).includes(role);
}
