import { asc, count, eq } from "drizzle-orm";
import { sectionArticleCount } from "../../articles/query-counts";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { articles, sections } from "../../db/schema";
import { notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { slugify } from "../../lib/slug";
import { constraintProblem } from "../../db/constraint-errors";
import { inUse } from "../shared";

export type SectionRow = typeof sections.$inferSelect;
export interface SectionInput {
  name?: string | undefined;
  slug?: string | undefined;
  description?: string | null | undefined;
  position?: number | undefined;
}

export function listSections(db: DB) {
  return db
    .select({ section: sections, articleCount: sectionArticleCount(false) })
    .from(sections)
    .orderBy(asc(sections.position), asc(sections.name))
    .all();
}

export async function getSection(db: DB, id: string) {
  const row = await db.select().from(sections).where(eq(sections.id, id)).get();
  if (!row) throw notFound("Section");
  return row;
}

export async function createSection(db: DB, input: SectionInput & { name: string }) {
  const slug = input.slug ?? slugify(input.name);
  try {
    const values = { id: newId("sec"), slug, name: input.name, description: input.description ?? null, position: input.position ?? 0 };
    const [rows] = await db.batch([db.insert(sections).values(values).returning(), bumpContentVersion(db)]);
    return rows[0]!;
  } catch (err) {
    throw constraintProblem(err, { slug }) ?? err;
  }
}

export async function updateSection(db: DB, id: string, input: SectionInput) {
  await getSection(db, id);
  const set = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.description !== undefined && { description: input.description || null }),
    ...(input.position !== undefined && { position: input.position }),
    updatedAt: new Date().toISOString(),
  };
  try {
    const [rows] = await db.batch([db.update(sections).set(set).where(eq(sections.id, id)).returning(), bumpContentVersion(db)]);
    return rows[0]!;
  } catch (err) {
    throw constraintProblem(err, { slug: input.slug }) ?? err;
  }
}

export async function deleteSection(db: DB, id: string) {
  await getSection(db, id);
  const used = await db.select({ n: count() }).from(articles).where(eq(articles.sectionId, id)).get();
  if (used && used.n > 0) throw inUse("section", used.n, "articles");
  await db.batch([db.delete(sections).where(eq(sections.id, id)), bumpContentVersion(db)]);
}
