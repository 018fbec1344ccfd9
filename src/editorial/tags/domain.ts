import { asc, count, eq, or } from "drizzle-orm";
import { tagArticleCount } from "../../articles/query-counts";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { articleTags, tags, visibilityOfNewTag, type TagVisibility } from "../../db/schema";
import { notFound, orNotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import * as v from "valibot";
import { LIKE_TERM_MAX_BYTES, likeContains, SearchTerm } from "../../lib/like";
import { slugify } from "../../lib/slug";
import { taxonomyEvent } from "../../outbox/events";
import type { AuditBy } from "../../audit/record";
import { taxonomyEntry } from "../../audit/summaries";
import { namedChanges, newSlug, refuseIfUsed, slugChecked, type NamedInput } from "../crud-domain";

export type TagRow = typeof tags.$inferSelect;
export type TagInput = NamedInput & { visibility?: TagVisibility | undefined };

/** `GET /tags?q=`: the tag field's autocomplete. */
export const TagListQuery = v.object({ q: v.optional(SearchTerm) });

function tagSearch(q: string) {
  // A slug is ASCII without wildcards, but folding can lengthen it ("¼" → "1-4"): cut it to fit.
  // A term with no Latin letters folds to "", which would match every slug: search names only then.
  const slug = slugify(q, LIKE_TERM_MAX_BYTES);
  return slug ? or(likeContains(tags.name, q), likeContains(tags.slug, slug)) : likeContains(tags.name, q);
}

/** With q: the autocomplete the editor's tag field calls on every keystroke. */
export function listTags(db: DB, q?: string) {
  return db
    .select({ tag: tags, articleCount: tagArticleCount(false) })
    .from(tags)
    .where(q ? tagSearch(q) : undefined)
    .orderBy(asc(tags.name))
    .limit(q ? 20 : 1000)
    .all();
}

export async function getTag(db: DB, id: string) {
  const row = await db.select().from(tags).where(eq(tags.id, id)).get();
  if (!row) throw notFound("Tag");
  return row;
}

export async function createTag(db: DB, input: TagInput & { name: string }, by: AuditBy) {
  const slug = newSlug(input);
  // Ghost's convention: a tag named "#…" is internal unless the editor says otherwise.
  const visibility = input.visibility ?? visibilityOfNewTag(input.name);
  const id = newId("tag");
  const insert = db.insert(tags).values({ id, slug, name: input.name, description: input.description ?? null, visibility }).returning();
  const entry = taxonomyEntry(db, by, "tag", id, { after: { name: input.name, slug } });
  // An internal tag is nobody's business outside the newsroom: no event tells of it.
  const event = visibility === "public" ? [taxonomyEvent(db, { entity: "tag", id, slug, action: "created" })] : [];
  const [rows] = await slugChecked(slug, () => db.batch([insert, entry, ...event]));
  return rows[0]!;
}

export async function updateTag(db: DB, id: string, input: TagInput, by: AuditBy) {
  const before = await getTag(db, id);
  // Told when readers could see it before or can now (made internal: it left the public tags).
  const told = before.visibility === "public" || input.visibility === "public";
  const entry = taxonomyEntry(db, by, "tag", id, { before, after: { name: input.name ?? before.name, slug: input.slug ?? before.slug }, input });
  const event = taxonomyEvent(db, { entity: "tag", id, slug: input.slug ?? before.slug, previousSlug: before.slug, action: "updated" });
  const [rows] = await slugChecked(input.slug, () => db.batch([db.update(tags).set({ ...namedChanges(input), ...(input.visibility && { visibility: input.visibility }) }).where(eq(tags.id, id)).returning(), bumpContentVersion(db), entry, ...(told ? [event] : [])]));
  return orNotFound(rows[0], "Tag");
}

export async function deleteTag(db: DB, id: string, by: AuditBy) {
  const before = await getTag(db, id);
  await refuseIfUsed(db.select({ n: count() }).from(articleTags).where(eq(articleTags.tagId, id)).get(), "tag", "articles");
  const event = taxonomyEvent(db, { entity: "tag", id, slug: before.slug, action: "deleted" });
  await db.batch([db.delete(tags).where(eq(tags.id, id)), bumpContentVersion(db), taxonomyEntry(db, by, "tag", id, { before }), ...(before.visibility === "public" ? [event] : [])]);
}
