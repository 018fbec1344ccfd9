import * as v from "valibot";
import { ARTICLE_STATUSES } from "../../db/schema";
import { bodySchemas, crudRoutes, NoQuery } from "../crud";
import * as domain from "./domain";

// A collection's own field: its stories, in the editor's order (PATCH replaces the whole list).
// The limits suite drives both bodies (tests/security/limits.test.ts reads them off the routes).
export const { CreateSchema, UpdateSchema } = bodySchemas({
  article_ids: v.optional(domain.CollectionArticleIds),
});

const CollectionItem = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  article_count: v.pipe(v.number(), v.description("Stories in the collection.")),
});

const CollectionView = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  articles: v.pipe(
    v.array(v.object({ id: v.string(), slug: v.string(), headline: v.string(), status: v.picklist(ARTICLE_STATUSES) })),
    v.description("The stories in the editor's order, whatever their status."),
  ),
  updated_at: v.pipe(v.string(), v.description("Last change to the collection or its list (RFC 3339, UTC).")),
});

const toView = ({ collection: c, items }: Awaited<ReturnType<typeof domain.getCollection>>): v.InferOutput<typeof CollectionView> => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  description: c.description,
  articles: items,
  updated_at: c.updatedAt,
});

type ListRow = Awaited<ReturnType<typeof domain.listCollections>>[number];
const toItem = ({ collection: c, articleCount }: ListRow): v.InferOutput<typeof CollectionItem> => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  description: c.description,
  article_count: articleCount,
});

// Listed without their stories (each GET /collections/{id} carries them); curating them is its own right.
export const collectionRoutes = crudRoutes({
  noun: "collection",
  plural: "collections",
  read: "taxonomy.read",
  write: "collections.write",
  view: CollectionView,
  toView,
  list: { summary: "List collections", query: NoQuery, item: CollectionItem, load: (db) => domain.listCollections(db), toItem },
  get: domain.getCollection,
  // `conflict`: a listed story was deleted between the check and the save.
  create: { schema: CreateSchema, run: domain.createCollection, errors: ["conflict"] },
  update: { schema: UpdateSchema, run: domain.updateCollection, errors: ["conflict"] },
  remove: { summary: "Delete a collection (its stories stay)", run: domain.deleteCollection },
});
