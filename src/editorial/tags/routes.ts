import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import { NameSchema, SlugSchema, TextSchema } from "../shared";
import * as domain from "./domain";

const Fields = { name: v.optional(NameSchema), slug: v.optional(SlugSchema), description: TextSchema(2000) };
const CreateSchema = v.object({ ...Fields, name: NameSchema });
const UpdateSchema = v.object(Fields);

const toView = (t: domain.TagRow, articleCount?: number) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  description: t.description,
  ...(articleCount !== undefined && { article_count: articleCount }),
});

export const tagRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    const { q } = parseOrThrow(domain.TagListQuery, c.req.query());
    return c.json({ tags: (await domain.listTags(c.var.db, q)).map((r) => toView(r.tag, r.articleCount)) });
  })
  // Authors and contributors create tags through article saves; this is the editor's tag desk.
  .post("/", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    return c.json({ tag: toView(await domain.createTag(c.var.db, parseOrThrow(CreateSchema, await readJson(c)))) }, 201);
  })
  .get("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    return c.json({ tag: toView(await domain.getTag(c.var.db, c.req.param("id"))) });
  })
  .patch("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    const input = parseOrThrow(UpdateSchema, await readJson(c));
    return c.json({ tag: toView(await domain.updateTag(c.var.db, c.req.param("id"), input)) });
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    await domain.deleteTag(c.var.db, c.req.param("id"));
    return c.body(null, 204);
  });
