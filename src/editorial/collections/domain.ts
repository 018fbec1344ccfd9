// Hand-curated, ordered lists of articles ("Editors' Picks"). The order is the editor's, not time's.
import { asc, count, eq, sql } from "drizzle-orm";
import type { AuditBy } from "../../audit/record";
import { taxonomyEntry } from "../../audit/summaries";
import type { BatchItem } from "drizzle-orm/batch";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { articles, collectionItems, collections } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import * as v from "valibot";
import { taxonomyEvent } from "../../outbox/events";
import { namedChanges, newSlug, slugChecked, type NamedInput } from "../crud-domain";

export type CollectionRow = typeof collections.$inferSelect;
export interface CollectionInput extends NamedInput {
  article_ids?: string[] | undefined;
}

export function listCollections(db: DB) {
  return db
    .select({ collection: collections, articleCount: count(collectionItems.articleId) })
    .from(collections)
    .leftJoin(collectionItems, eq(collectionItems.collectionId, collections.id))
    .groupBy(collections.id)
    .orderBy(asc(collections.name))
    .all();
}

export async function getCollection(db: DB, id: string) {
  const [rows, items] = await db.batch([
    db.select().from(collections).where(eq(collections.id, id)),
    db
      .select({ id: articles.id, slug: articles.slug, headline: articles.headline, status: articles.status })
      .from(collectionItems)
      .innerJoin(articles, eq(articles.id, collectionItems.articleId))
      .where(eq(collectionItems.collectionId, id))
      .orderBy(asc(collectionItems.position)),
  ]);
  if (!rows[0]) throw notFound("Collection");
  return { collection: rows[0], items };
}

/**
 * How many articles one collection may hold, and what each id may look like. The ids travel to D1
 * as ONE JSON parameter (json_each), so the list works at this maximum whatever D1's 100-parameter
 * cap; the cap itself keeps a save's statement and the public page it feeds small.
 */
export const COLLECTION_MAX_ITEMS = 500;
export const CollectionArticleIds = v.pipe(
  v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  v.maxLength(COLLECTION_MAX_ITEMS, `At most ${COLLECTION_MAX_ITEMS} articles.`),
  v.description("The stories' ids in the editor's order; a PATCH that sends it replaces the whole list."),
);

/** The ids as a table (key = position, value = id), bound as a single parameter. */
const idTable = (ids: string[]) => sql`json_each(${JSON.stringify(ids)})`;

async function checkArticles(db: DB, ids: string[]) {
  const seen = new Set<string>();
  const errors = ids.flatMap((id, i) => (seen.has(id) ? [{ path: `article_ids.${i}`, message: "Listed twice." }] : (seen.add(id), [])));
  const found = ids.length
    ? await db.select({ id: articles.id }).from(articles).where(sql`${articles.id} IN (SELECT value FROM ${idTable(ids)})`).all()
    : [];
  const known = new Set(found.map((r) => r.id));
  ids.forEach((id, i) => known.has(id) || errors.push({ path: `article_ids.${i}`, message: "No article has this id." }));
  if (errors.length) throw new AppError("validation_failed", "Invalid article_ids.", { errors });
}

function itemStatements(db: DB, collectionId: string, ids: string[]): BatchItem<"sqlite">[] {
  return [
    db.delete(collectionItems).where(eq(collectionItems.collectionId, collectionId)),
    // One statement and two parameters for any number of items; json_each's key is the position.
    // Columns in the table's order: collection_id, position, article_id.
    ...(ids.length ? [db.insert(collectionItems).select(sql`SELECT ${collectionId}, key, value FROM ${idTable(ids)}`)] : []),
  ];
}

export async function createCollection(db: DB, input: CollectionInput & { name: string }, by: AuditBy) {
  const ids = input.article_ids ?? [];
  await checkArticles(db, ids);
  const id = newId("col");
  const slug = newSlug(input);
  await slugChecked(slug, () =>
    db.batch([
      db.insert(collections).values({ id, slug, name: input.name, description: input.description ?? null }),
      ...itemStatements(db, id, ids),
      bumpContentVersion(db),
      taxonomyEvent(db, { entity: "collection", id, slug, action: "created" }),
      taxonomyEntry(db, by, "collection", id, { after: { name: input.name, slug } }),
    ]),
  );
  return getCollection(db, id);
}

/** Name, description and the whole ordered list change together or not at all. */
export async function updateCollection(db: DB, id: string, input: CollectionInput, by: AuditBy) {
  const { collection: before } = await getCollection(db, id);
  if (input.article_ids) await checkArticles(db, input.article_ids);
  await slugChecked(input.slug, () =>
    db.batch([
      db.update(collections).set(namedChanges(input)).where(eq(collections.id, id)),
      ...(input.article_ids ? itemStatements(db, id, input.article_ids) : []),
      bumpContentVersion(db),
      taxonomyEvent(db, { entity: "collection", id, slug: input.slug ?? before.slug, previousSlug: before.slug, action: "updated" }),
      taxonomyEntry(db, by, "collection", id, { before, after: { name: input.name ?? before.name, slug: input.slug ?? before.slug }, input }),
    ]),
  );
  return getCollection(db, id);
}

export async function deleteCollection(db: DB, id: string, by: AuditBy) {
  const { collection: before } = await getCollection(db, id);
  await db.batch([db.delete(collections).where(eq(collections.id, id)), bumpContentVersion(db), taxonomyEvent(db, { entity: "collection", id, slug: before.slug, action: "deleted" }), taxonomyEntry(db, by, "collection", id, { before })]);
}
