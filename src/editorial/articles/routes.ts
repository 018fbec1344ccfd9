import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { AppError } from "../../lib/errors";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import type { ArticleRecord } from "../../articles/load";
import { ArticleFieldsSchema, CreateArticleSchema, MAX_VERSION, PublishSchema, ScheduleCopySchema, ScheduleSchema, WorkingCopyFieldsSchema } from "./input-schema";
import { listArticles, ListQuerySchema } from "./list";
import * as copies from "./copies";
import * as articles from "./service";
import { buildArticleView } from "./view";
import { liveVersionOf, workingCopySummary, type Precondition } from "./working-copy";

const urlsFor = (c: Context<AppEnv>) => siteUrls(c.env, new URL(c.req.url).origin);

const badEtag = () => new AppError("validation_failed", "If-Match must be an ETag this API issued.", { errors: [{ path: "If-Match", message: "Not a version ETag." }] });

/** If-Match as the article's (`"7"`) or a working copy's (`"7.3"`) ETag; weak and unquoted forms too. */
function precondition(c: Context<AppEnv>, bodyVersion?: number): Precondition {
  const header = c.req.header("if-match");
  if (!header) return bodyVersion === undefined ? null : { kind: "live", version: bodyVersion };
  const m = /^(?:W\/)?"?(\d{1,10})(?:\.(\d{1,10}))?"?$/.exec(header.trim());
  if (!m) throw badEtag();
  const [a, b] = [Number(m[1]), m[2] === undefined ? null : Number(m[2])];
  if (a > MAX_VERSION || (b !== null && b > MAX_VERSION)) throw badEtag();
  return b === null ? { kind: "live", version: a } : { kind: "working_copy", base: a, seq: b };
}

/** The article's own version from If-Match (or a body `version`, for clients that cannot set headers). */
const expectedVersion = (c: Context<AppEnv>, bodyVersion?: number) => liveVersionOf(precondition(c, bodyVersion));

async function articleView(c: Context<AppEnv>, rec: ArticleRecord) {
  return buildArticleView(c.var.db, rec, urlsFor(c), c.var.actor);
}

async function respond(c: Context<AppEnv>, rec: ArticleRecord, status: 200 | 201 = 200) {
  const view = await articleView(c, rec);
  c.header("etag", `"${view.version}"`);
  if (status === 201) c.header("location", `/api/editorial/v1/articles/${view.id}`);
  return c.json({ article: view }, status);
}

async function workingCopyView(c: Context<AppEnv>, found: Awaited<ReturnType<typeof copies.getWorkingCopy>>) {
  const summary = workingCopySummary(found.wc)!;
  c.header("etag", summary.etag);
  return { ...summary, article: await articleView(c, found.asRecord) };
}

const revisionView = (r: { id: string; version: number; action: string; createdBy: string | null; createdAt: string; restoredFrom: number | null; authorName: string | null }) => ({
  id: r.id,
  version: r.version,
  action: r.action,
  created_by: r.createdBy,
  author: r.createdBy ? { id: r.createdBy, name: r.authorName ?? "Former user" } : null,
  created_at: r.createdAt,
  restored_from: r.restoredFrom,
});

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
  .post("/:id/submit", async (c) => respond(c, await articles.submitArticle(c.var.db, c.var.actor, c.req.param("id"), expectedVersion(c))))
  .get("/:id/version", async (c) => {
    assertAllowed(c.var.actor, "articles.read");
    const summary = await copies.versionSummary(c.var.db, c.req.param("id"));
    c.header("etag", `"${summary.version}"`);
    c.header("cache-control", "no-store");
    return c.json(summary);
  })
  .get("/:id/working-copy", async (c) => {
    assertAllowed(c.var.actor, "articles.read");
    return c.json({ working_copy: await workingCopyView(c, await copies.getWorkingCopy(c.var.db, c.req.param("id"))) });
  })
  .put("/:id/working-copy", async (c) => {
    const input = parseOrThrow(WorkingCopyFieldsSchema, await readJson(c));
    const found = await copies.putWorkingCopy(c.var.db, c.var.actor, c.req.param("id"), input, precondition(c));
    return c.json({ working_copy: await workingCopyView(c, found) });
  })
  .delete("/:id/working-copy", async (c) => {
    await copies.deleteWorkingCopy(c.var.db, c.var.actor, c.req.param("id"), precondition(c));
    return c.body(null, 204);
  })
  .post("/:id/working-copy/schedule", async (c) => {
    const input = parseOrThrow(ScheduleCopySchema, await readJson(c));
    const found = await copies.scheduleCopy(c.var.db, c.var.actor, c.req.param("id"), input.at, precondition(c));
    return c.json({ working_copy: await workingCopyView(c, found) });
  })
  .post("/:id/working-copy/publish", async (c) => respond(c, await copies.publishCopy(c.var.db, c.var.actor, c.req.param("id"), precondition(c))))
  .get("/:id/revisions", async (c) => {
    const rows = await articles.listRevisions(c.var.db, c.var.actor, c.req.param("id"));
    return c.json({ revisions: rows.map(revisionView) });
  })
  .get("/:id/revisions/:rev", async (c) => {
    const rev = parseOrThrow(Rev, c.req.param("rev"), "rev");
    const r = await articles.getRevision(c.var.db, c.var.actor, c.req.param("id"), rev);
    return c.json({ revision: { ...revisionView(r), snapshot: r.snapshot, article: await articleView(c, r.asRecord) } });
  })
  .post("/:id/revisions/:rev/restore", async (c) => {
    const rev = parseOrThrow(Rev, c.req.param("rev"), "rev");
    const { rec, toWorkingCopy } = await articles.restoreRevision(c.var.db, c.var.actor, c.req.param("id"), rev, precondition(c));
    if (!toWorkingCopy) return respond(c, rec);
    // A live story's restore waits in its working copy: the answer carries both, the ETag is the copy's.
    const article = await articleView(c, rec);
    const wc = await workingCopyView(c, await copies.workingCopyOf(c.var.db, rec));
    return c.json({ article, working_copy: wc });
  });
