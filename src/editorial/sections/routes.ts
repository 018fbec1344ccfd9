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
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
};
const CreateSchema = v.object({ ...Fields, name: NameSchema });
const UpdateSchema = v.object(Fields);

const toView = (s: domain.SectionRow, articleCount?: number) => ({
  id: s.id,
  slug: s.slug,
  name: s.name,
  description: s.description,
  position: s.position,
  ...(articleCount !== undefined && { article_count: articleCount }),
});

export const sectionRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    return c.json({ sections: (await domain.listSections(c.var.db)).map((r) => toView(r.section, r.articleCount)) });
  })
  .post("/", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    return c.json({ section: toView(await domain.createSection(c.var.db, parseOrThrow(CreateSchema, await readJson(c)))) }, 201);
  })
  .get("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    return c.json({ section: toView(await domain.getSection(c.var.db, c.req.param("id"))) });
  })
  .patch("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    const input = parseOrThrow(UpdateSchema, await readJson(c));
    return c.json({ section: toView(await domain.updateSection(c.var.db, c.req.param("id"), input)) });
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    await domain.deleteSection(c.var.db, c.req.param("id"));
    return c.body(null, 204);
  });
