// Who may do what to one live-blog entry, beyond the role table: the analogue of
// articleAccessDenial (src/editorial/permissions.ts) for entries. Pure (no Worker globals, no
// drizzle): the endpoints enforce it and the admin imports it to decide what it offers, so the
// desk never shows a button the API would refuse.
//
// The rules (README "Live blogs"): any author files and publishes their own entries on any live
// blog; contributors draft, editors publish; editing or deleting someone else's entry, pinning and
// publishing a contributor's draft are the desk's (editors, admins); an archived blog is editors' only.
import { allowed, type Action } from "./permission-table";
import type { Role } from "./roles";

export type LiveEntryAction = Extract<Action, `live_entries.${string}`>;

export interface LiveActor {
  role: Role;
  userId: string;
}

/** What decides an actor's rights on one entry (or, with `entry` null, on a new one) of one blog. */
export interface LiveEntryFacts {
  /** The blog's status (the article's). */
  blogStatus: "draft" | "scheduled" | "published" | "archived";
  /** null: the entry is being created (it will be the actor's own). */
  entry: {
    status: "draft" | "published";
    /** published_at is set: readers have seen it at some point, even if it is a draft again now. */
    everPublished: boolean;
    createdBy: string | null;
    /** Users whose linked contributor holds a byline on the entry. */
    bylinedUserIds: readonly string[];
  } | null;
}

/** Why `actor` may not perform `action` on this entry, or null when they may. */
export function liveEntryDenial(actor: LiveActor, action: LiveEntryAction, facts: LiveEntryFacts): string | null {
  // The role table first, alone: whether a role may publish or pin at all is never decided here.
  if (!allowed(actor.role, action)) return `The ${actor.role} role may not perform ${action}.`;
  if (action === "live_entries.read" || actor.role === "admin" || actor.role === "editor") return null;
  if (facts.blogStatus === "archived") return "Only editors may change the entries of an archived live blog.";
  const entry = facts.entry;
  // A new entry is the writer's own; its bylines are theirs to choose.
  if (!entry) return null;
  const own = entry.createdBy === actor.userId || entry.bylinedUserIds.includes(actor.userId);
  if (!own) {
    return action === "live_entries.publish" ? "Only editors may publish or unpublish someone else's entry." : "Only editors may change or delete someone else's entry.";
  }
  // A contributor's work reaches readers only through an editor, so it stops being theirs once it has.
  if (actor.role === "contributor" && entry.everPublished) return "Contributors may change only entries that have never been published.";
  return null;
}

/** The verbs an entry view offers, each checked by the same rule its endpoint applies. */
export const LIVE_ENTRY_VERBS = {
  update: "live_entries.write",
  publish: "live_entries.publish",
  unpublish: "live_entries.publish",
  pin: "live_entries.pin",
  delete: "live_entries.delete",
} as const satisfies Record<string, LiveEntryAction>;
export type LiveEntryVerb = keyof typeof LIVE_ENTRY_VERBS;
export const LIVE_ENTRY_VERB_LIST = Object.keys(LIVE_ENTRY_VERBS) as LiveEntryVerb[];

/**
 * What this actor may do to this entry now. Moves that would change nothing are not offered:
 * publish only a draft, unpublish only a published entry. `pin` covers pinning and unpinning.
 */
export function allowedEntryActions(actor: LiveActor, facts: LiveEntryFacts & { entry: NonNullable<LiveEntryFacts["entry"]> }): LiveEntryVerb[] {
  return LIVE_ENTRY_VERB_LIST.filter((verb) => {
    if (verb === "publish" && facts.entry.status !== "draft") return false;
    if (verb === "unpublish" && facts.entry.status !== "published") return false;
    return liveEntryDenial(actor, LIVE_ENTRY_VERBS[verb], facts) === null;
  });
}
