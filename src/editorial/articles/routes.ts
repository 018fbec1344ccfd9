import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { AppError } from "../../lib/errors";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import { ArticleFieldsSchema, CreateArticleSchema, PublishSchema, ScheduleSchema } from "./input-schema";
import { listArticles, ListQuerySchema } from "./list";
import * as articles from "./service";
import { buildArticleView } from "./view";

const urlsFor = (c: Context<AppEnv>) => siteUrls(c.env, new URL(c.req.url).origin);

/** `"7"`, `W/"7"` or `7` → 7; a body `version` is accepted from clients that cannot set headers. */
function expectedVersion(c: Context<AppEnv>, bodyVersion?: number): number | null {
  const header = c.req.header("if-match");
  if (header) {
    const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
    if (!m) throw new AppError("validation_failed", "If-Match must be an ETag this API issued.", { errors: [{ path: "If-Match", message: "Not a version ETag." }] });
    return Number(m[1]);
  }
  return bodyVersion ?? null;
}

async function respond(c: Context<AppEnv>, rec: Awaited<ReturnType<typeof articles.getArticleOrThrow>>, status: 200 | 201 = 200) {
  const view = await buildArticleView(c.var.db, rec, urlsFor(c));
  c.header("etag", `"${view.version}"`);
  if (status === 201) c.header("location", `/api/editorial/v1/articles/${view.id}`);
  return c.json({ article: view }, status);
}

/** Lifecycle calls accept an empty body. */
async function optionalJson(c: Context<AppEnv>) {
  const length = Number(c.req.header("content-length") ?? "0");
  const chunked = c.req.header("transfer-encoding");
  return length > 0 || chunked ? readJson(c) : {};
}

const Rev = v.pipe(v.string(), v.regex(/^\d+$/, "Use a version number."), v.transform(Number));

export const articleRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "articles.read");
    const query = parseOrThrow(ListQuerySchema, c.req.query());
    return c.json(await listArticles(c.var.db, query, urlsFor(c)));
  })
  .post("/", async (c) => {
    assertAllowed(c.var.actor, "articles.create");
    const input = parseOrThrow(CreateArticleSchema, await readJson(c));
    return respond(c, await articles.createArticle(c.var.db, c.var.actor, input), 201);
  })
  .get("/:id", async (c) => {
    assertAllowed(c.var.actor, "articles.read");
    return respond(c, await articles.getArticleOrThrow(c.var.db, c.req.param("id")));
  })
  .patch("/:id", async (c) => {
    const input = parseOrThrow(ArticleFieldsSchema, await readJson(c));
    const rec = await articles.updateArticle(c.var.db, c.var.actor, c.req.param("id"), input, expectedVersion(c, input.version));
    return respond(c, rec);
  })
  .delete("/:id", async (c) => {
    await articles.deleteArticle(c.var.db, c.var.actor, c.req.param("id"), expectedVersion(c));
    return c.body(null, 204);
  })
  .post("/:id/publish", async (c) => {
    const input = parseOrThrow(PublishSchema, await optionalJson(c));
    const opts = { expected: expectedVersion(c), ...(input.published_at ? { at: input.published_at } : {}) };
    return respond(c, await articles.transition(c.var.db, c.var.actor, c.req.param("id"), "publish", opts));
  })
  .post("/:id/schedule", async (c) => {
    const input = parseOrThrow(ScheduleSchema, await optionalJson(c));
    return respond(c, await articles.transition(c.var.db, c.var.actor, c.req.param("id"), "schedule", { at: input.at, expected: expectedVersion(c) }));
  })
  .post("/:id/unpublish", async (c) =>
    respond(c, await articles.transition(c.var.db, c.var.actor, c.req.param("id"), "unpublish", { expected: expectedVersion(c) })),
  )
  .post("/:id/archive", async (c) =>
    respond(c, await articles.transition(c.var.db, c.var.actor, c.req.param("id"), "archive", { expected: expectedVersion(c) })),
  )
  .get("/:id/revisions", async (c) => {
    const rows = await articles.listRevisions(c.var.db, c.var.actor, c.req.param("id"));
    return c.json({
      revisions: rows.map((r) => ({ id: r.id, version: r.version, action: r.action, created_by: r.createdBy, created_at: r.createdAt })),
    });
  })
  .get("/:id/revisions/:rev", async (c) => {
    const rev = parseOrThrow(Rev, c.req.param("rev"), "rev");
    const r = await articles.getRevision(c.var.db, c.var.actor, c.req.param("id"), rev);
    return c.json({ revision: { id: r.id, version: r.version, action: r.action, created_by: r.createdBy, created_at: r.createdAt, snapshot: r.snapshot } });
  })
  .post("/:id/revisions/:rev/restore", async (c) => {
    const rev = parseOrThrow(Rev, c.req.param("rev"), "rev");
    return respond(c, await articles.restoreRevision(c.var.db, c.var.actor, c.req.param("id"), rev, expectedVersion(c)));
  });
