import { asc, count, eq } from "drizzle-orm";
import { sectionArticleCount } from "../../articles/query-counts";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { articles, sections } from "../../db/schema";
import { notFound, orNotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { taxonomyEvent } from "../../outbox/events";
import type { AuditBy } from "../../audit/record";
import { taxonomyEntry } from "../../audit/summaries";
import { namedChanges, newSlug, refuseIfUsed, slugChecked, type NamedInput } from "../crud-domain";

export type SectionRow = typeof sections.$inferSelect;
export interface SectionInput extends NamedInput {
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

export async function createSection(db: DB, input: SectionInput & { name: string }, by: AuditBy) {
  const slug = newSlug(input);
  const values = { id: newId("sec"), slug, name: input.name, description: input.description ?? null, position: input.position ?? 0 };
  const event = taxonomyEvent(db, { entity: "section", id: values.id, slug, action: "created" });
  const [rows] = await slugChecked(slug, () => db.batch([db.insert(sections).values(values).returning(), bumpContentVersion(db), event, taxonomyEntry(db, by, "section", values.id, { after: values })]));
  return rows[0]!;
}

export async function updateSection(db: DB, id: string, input: SectionInput, by: AuditBy) {
  const before = await getSection(db, id);
  const set = { ...namedChanges(input), ...(input.position !== undefined && { position: input.position }) };
  const event = taxonomyEvent(db, { entity: "section", id, slug: input.slug ?? before.slug, previousSlug: before.slug, action: "updated" });
  const [rows] = await slugChecked(input.slug, () => db.batch([db.update(sections).set(set).where(eq(sections.id, id)).returning(), bumpContentVersion(db), event, taxonomyEntry(db, by, "section", id, { before, after: { name: input.name ?? before.name, slug: input.slug ?? before.slug }, input })]));
  return orNotFound(rows[0], "Section");
}

export async function deleteSection(db: DB, id: string, by: AuditBy) {
  const before = await getSection(db, id);
  await refuseIfUsed(db.select({ n: count() }).from(articles).where(eq(articles.sectionId, id)).get(), "section", "articles");
  await db.batch([db.delete(sections).where(eq(sections.id, id)), bumpContentVersion(db), taxonomyEvent(db, { entity: "section", id, slug: before.slug, action: "deleted" }), taxonomyEntry(db, by, "section", id, { before })]);
}
