import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import { NameSchema, SlugSchema, TextSchema } from "../shared";
import * as domain from "./domain";

const Fields = {
  name: v.optional(NameSchema),
  slug: v.optional(SlugSchema),
  description: TextSchema(2000),
  article_ids: v.optional(domain.CollectionArticleIds),
};
export const CreateSchema = v.object({ ...Fields, name: NameSchema });
export const UpdateSchema = v.object(Fields);

const toView = ({ collection: c, items }: Awaited<ReturnType<typeof domain.getCollection>>) => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  description: c.description,
  articles: items,
  updated_at: c.updatedAt,
});

export const collectionRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    const rows = await domain.listCollections(c.var.db);
    return c.json({
      collections: rows.map(({ collection: k, articleCount }) => ({ id: k.id, slug: k.slug, name: k.name, description: k.description, article_count: articleCount })),
    });
  })
  .post("/", async (c) => {
    assertAllowed(c.var.actor, "collections.write");
    return c.json({ collection: toView(await domain.createCollection(c.var.db, parseOrThrow(CreateSchema, await readJson(c)))) }, 201);
  })
  .get("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    return c.json({ collection: toView(await domain.getCollection(c.var.db, c.req.param("id"))) });
  })
  .patch("/:id", async (c) => {
    assertAllowed(c.var.actor, "collections.write");
    const input = parseOrThrow(UpdateSchema, await readJson(c));
    return c.json({ collection: toView(await domain.updateCollection(c.var.db, c.req.param("id"), input)) });
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "collections.write");
    await domain.deleteCollection(c.var.db, c.req.param("id"));
    return c.body(null, 204);
  });
