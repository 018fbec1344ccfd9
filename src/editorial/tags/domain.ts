import { asc, count, eq, like, or } from "drizzle-orm";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { articleTags, tags } from "../../db/schema";
import { notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { slugify } from "../../lib/slug";
import { constraintProblem } from "../../db/constraint-errors";
import { inUse } from "../shared";

export type TagRow = typeof tags.$inferSelect;
export interface TagInput {
  name?: string | undefined;
  slug?: string | undefined;
  description?: string | null | undefined;
}

/** With q: the autocomplete the editor's tag field calls on every keystroke. */
export function listTags(db: DB, q?: string) {
  return db
    .select({ tag: tags, articleCount: count(articleTags.articleId) })
    .from(tags)
    .leftJoin(articleTags, eq(articleTags.tagId, tags.id))
    .where(q ? or(like(tags.name, `%${q}%`), like(tags.slug, `%${slugify(q)}%`)) : undefined)
    .groupBy(tags.id)
    .orderBy(asc(tags.name))
    .limit(q ? 20 : 1000)
    .all();
}

export async function getTag(db: DB, id: string) {
  const row = await db.select().from(tags).where(eq(tags.id, id)).get();
  if (!row) throw notFound("Tag");
  return row;
}

export async function createTag(db: DB, input: TagInput & { name: string }) {
  const slug = input.slug ?? slugify(input.name);
  try {
    return await db.insert(tags).values({ id: newId("tag"), slug, name: input.name, description: input.description ?? null }).returning().get();
  } catch (err) {
    throw constraintProblem(err, { slug }) ?? err;
  }
}

export async function updateTag(db: DB, id: string, input: TagInput) {
  await getTag(db, id);
  const set = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.description !== undefined && { description: input.description || null }),
    updatedAt: new Date().toISOString(),
  };
  try {
    const [rows] = await db.batch([db.update(tags).set(set).where(eq(tags.id, id)).returning(), bumpContentVersion(db)]);
    return rows[0]!;
  } catch (err) {
    throw constraintProblem(err, { slug: input.slug }) ?? err;
  }
}

export async function deleteTag(db: DB, id: string) {
  await getTag(db, id);
  const used = await db.select({ n: count() }).from(articleTags).where(eq(articleTags.tagId, id)).get();
  if (used && used.n > 0) throw inUse("tag", used.n, "articles");
  await db.batch([db.delete(tags).where(eq(tags.id, id)), bumpContentVersion(db)]);
}
