import { Hono } from "hono";
import * as v from "valibot";
import { auditBy } from "../../audit/record";
import { CONTRIBUTOR_KINDS } from "../../db/schema";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import type { SiteUrls } from "../../lib/urls";
import { assertAllowed } from "../permissions";
import { BODY_ERRORS, IdParam, NameSchema, SlugSchema, TextSchema } from "../shared";
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
  user_id: v.nullish(v.pipe(v.string(), v.maxLength(64), v.description("Links the byline to a login account (editors only)."))),
};
const CreateSchema = v.object({ ...Fields, name: NameSchema, kind: v.picklist(CONTRIBUTOR_KINDS) });
const UpdateSchema = v.object(Fields);

const Time = v.pipe(v.string(), v.description("UTC, RFC 3339."));
// A contributor's user link is shown as an id only: never the account's email.
const ContributorView = v.object({
  id: v.string(),
  slug: v.string(),
  kind: v.picklist(CONTRIBUTOR_KINDS),
  name: v.string(),
  job_title: v.nullable(v.string()),
  bio: v.nullable(v.string()),
  avatar: v.nullable(v.object({ media_id: v.string(), url: v.pipe(v.string(), v.description("The image's public URL.")) })),
  links: v.array(v.object({ label: v.string(), url: v.string() })),
  user_id: v.pipe(v.nullable(v.string()), v.description("The login account holding this byline (an id only), or null.")),
  article_count: v.optional(v.pipe(v.number(), v.description("Stories carrying the byline, any status (lists only)."))),
  created_at: Time,
  updated_at: Time,
});
const ContributorOne = v.object({ contributor: ContributorView });

function toView(urls: SiteUrls, row: domain.ContributorRow, articleCount?: number): v.InferOutput<typeof ContributorView> {
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

const tags = ["contributors"];
// Unknown avatar_media_id or user_id: 400 naming the field; a user already linked elsewhere: 409 conflict.
const WRITE_ERRORS = [...BODY_ERRORS, "slug_taken", "conflict"] as const;

export const contributorRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List contributors, or search them (autocomplete)", tags, ok: { 200: v.object({ contributors: v.array(ContributorView) }) }, errors: ["validation_failed"] }),
    can("taxonomy.read"), input("query", domain.ContributorListQuery),
    async (c) => c.json({ contributors: (await domain.listContributors(c.var.db, c.req.valid("query"))).map((r) => toView(c.var.urls, r.contributor, r.articleCount)) }))
  .post("/",
    route({
      summary: "Create a contributor (a person or a desk)",
      description: "Authors may add a byline while writing; linking it to a login account (`user_id`) needs an editor's right (`taxonomy.write`).",
      tags,
      ok: { 201: ContributorOne },
      errors: WRITE_ERRORS,
    }),
    can("contributors.create"), input("json", CreateSchema),
    async (c) => {
      const body = c.req.valid("json");
      // Linking a byline to a login account is an editor's decision, not an author's.
      if (body.user_id) assertAllowed(c.var.actor, "taxonomy.write");
      return c.json({ contributor: toView(c.var.urls, await domain.createContributor(c.var.db, body, auditBy(c.var.actor))) }, 201);
    })
  .get("/:id",
    route({ summary: "Get a contributor", tags, ok: { 200: ContributorOne }, errors: ["not_found"] }),
    can("taxonomy.read"), input("param", IdParam),
    async (c) => c.json({ contributor: toView(c.var.urls, await domain.getContributor(c.var.db, c.req.valid("param").id)) }))
  .patch("/:id",
    route({ summary: "Update a contributor", tags, ok: { 200: ContributorOne }, errors: [...WRITE_ERRORS, "not_found"] }),
    can("taxonomy.write"), input("param", IdParam), input("json", UpdateSchema),
    async (c) => c.json({ contributor: toView(c.var.urls, await domain.updateContributor(c.var.db, c.req.valid("param").id, c.req.valid("json"), auditBy(c.var.actor))) }))
  .delete("/:id",
    route({ summary: "Delete a contributor (only when no story carries the byline)", tags, ok: { 204: { description: "Deleted" } }, errors: ["not_found", "in_use"] }),
    can("taxonomy.write"), input("param", IdParam),
    async (c) => {
      await domain.deleteContributor(c.var.db, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    });
