import { Hono } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { BODY_ERRORS, IdParam, NameSchema, SlugSchema, TextSchema } from "../shared";
import * as domain from "./domain";

const Fields = { name: v.optional(NameSchema), slug: v.optional(SlugSchema), description: TextSchema(2000) };
const CreateSchema = v.object({ ...Fields, name: NameSchema });
const UpdateSchema = v.object(Fields);

const TagView = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  article_count: v.optional(v.pipe(v.number(), v.description("Stories carrying the tag (lists only)."))),
});
const TagOne = v.object({ tag: TagView });

const toView = (t: domain.TagRow, articleCount?: number): v.InferOutput<typeof TagView> => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  description: t.description,
  ...(articleCount !== undefined && { article_count: articleCount }),
});

const tags = ["tags"];

export const tagRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List tags, or search them (autocomplete)", tags, ok: { 200: v.object({ tags: v.array(TagView) }) }, errors: ["validation_failed"] }),
    can("taxonomy.read"), input("query", domain.TagListQuery),
    async (c) => c.json({ tags: (await domain.listTags(c.var.db, c.req.valid("query").q)).map((r) => toView(r.tag, r.articleCount)) }))
  // Authors and contributors create tags through article saves; this is the editor's tag desk.
  .post("/",
    route({ summary: "Create a tag", tags, ok: { 201: TagOne }, errors: [...BODY_ERRORS, "slug_taken"] }),
    can("taxonomy.write"), input("json", CreateSchema),
    async (c) => c.json({ tag: toView(await domain.createTag(c.var.db, c.req.valid("json"))) }, 201))
  .get("/:id",
    route({ summary: "Get a tag", tags, ok: { 200: TagOne }, errors: ["not_found"] }),
    can("taxonomy.read"), input("param", IdParam),
    async (c) => c.json({ tag: toView(await domain.getTag(c.var.db, c.req.valid("param").id)) }))
  .patch("/:id",
    route({ summary: "Update a tag", tags, ok: { 200: TagOne }, errors: [...BODY_ERRORS, "not_found", "slug_taken"] }),
    can("taxonomy.write"), input("param", IdParam), input("json", UpdateSchema),
    async (c) => c.json({ tag: toView(await domain.updateTag(c.var.db, c.req.valid("param").id, c.req.valid("json"))) }))
  .delete("/:id",
    route({ summary: "Delete a tag (only when no story carries it)", tags, ok: { 204: { description: "Deleted" } }, errors: ["not_found", "in_use"] }),
    can("taxonomy.write"), input("param", IdParam),
    async (c) => {
      await domain.deleteTag(c.var.db, c.req.valid("param").id);
      return c.body(null, 204);
    });
