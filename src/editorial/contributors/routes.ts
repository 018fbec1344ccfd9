import { Hono, type Context } from "hono";
import * as v from "valibot";
import { CONTRIBUTOR_KINDS } from "../../db/schema";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import { NameSchema, SlugSchema, TextSchema } from "../shared";
import * as domain from "./domain";

const Link = v.object({
  label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  url: v.pipe(v.string(), v.trim(), v.url(), v.check((u) => /^(https?:|mailto:)/i.test(u), "Only http(s) and mailto links.")),
});
const Fields = {
  slug: v.optional(SlugSchema),
  kind: v.optional(v.picklist(CONTRIBUTOR_KINDS)),
  name: v.optional(NameSchema),
  job_title: TextSchema(200),
  bio: TextSchema(5000),
  avatar_media_id: v.nullish(v.pipe(v.string(), v.maxLength(64))),
  links: v.optional(v.pipe(v.array(Link), v.maxLength(20))),
  user_id: v.nullish(v.pipe(v.string(), v.maxLength(64))),
};
const CreateSchema = v.object({ ...Fields, name: NameSchema, kind: v.picklist(CONTRIBUTOR_KINDS) });
const UpdateSchema = v.object(Fields);

// A contributor's user link is shown as an id only: never the account's email.
function toView(c: Context<AppEnv>, row: domain.ContributorRow, articleCount?: number) {
  const urls = siteUrls(c.env, new URL(c.req.url).origin);
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    name: row.name,
    job_title: row.jobTitle,
    bio: row.bio,
    avatar: row.avatarMediaId ? { media_id: row.avatarMediaId, url: urls.media(row.avatarMediaId) } : null,
    links: row.links,
    user_id: row.userId,
    ...(articleCount !== undefined && { article_count: articleCount }),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export const contributorRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    const rows = await domain.listContributors(c.var.db, parseOrThrow(domain.ContributorListQuery, c.req.query()));
    return c.json({ contributors: rows.map((r) => toView(c, r.contributor, r.articleCount)) });
  })
  .post("/", async (c) => {
    assertAllowed(c.var.actor, "contributors.create");
    const input = parseOrThrow(CreateSchema, await readJson(c));
    // Linking a byline to a login account is an editor's decision, not an author's.
    if (input.user_id) assertAllowed(c.var.actor, "taxonomy.write");
    return c.json({ contributor: toView(c, await domain.createContributor(c.var.db, input)) }, 201);
  })
  .get("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.read");
    return c.json({ contributor: toView(c, await domain.getContributor(c.var.db, c.req.param("id"))) });
  })
  .patch("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    const input = parseOrThrow(UpdateSchema, await readJson(c));
    return c.json({ contributor: toView(c, await domain.updateContributor(c.var.db, c.req.param("id"), input)) });
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "taxonomy.write");
    await domain.deleteContributor(c.var.db, c.req.param("id"));
    return c.body(null, 204);
  });
