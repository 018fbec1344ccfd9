import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { ArticleRecord } from "../../articles/load";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import type { ErrorCode } from "../../lib/errors";
import { BODY_ERRORS, IdParam } from "../shared";
import * as copies from "./copies";
import { deleteArticle } from "./delete";
import { PublishCopySchema, PublishSchema, ScheduleCopySchema, ScheduleSchema, UpdateArticleSchema, WorkingCopyFieldsSchema } from "./input-schema";
import { listArticles, ListQuerySchema } from "./list";
import { ArticleListPage, ArticleOne, RevisionDetail, RevisionView, VersionSummary, WorkingCopyOne, WorkingCopyView } from "./schemas";
import * as articles from "./service";
import { getRevision, listRevisions, restoreRevision } from "./revisions";
import { articleViewOf, respondArticle } from "./respond";
import { CreateBody, IfMatch, preconditionOf, RevParam } from "./route-inputs";
import { liveVersionOf, workingCopySummary } from "./working-copy";

type C = Context<AuthedEnv>;

// --- what the routes answer (what they accept: route-inputs.ts, input-schema.ts) -----------------

const tags = ["articles"];
const ETAG_HEADER = { ETag: { description: 'The article\'s version as an ETag, `"<version>"`: send it as If-Match with a change.', required: true } };
const COPY_ETAG_HEADER = { ETag: { description: 'The working copy\'s ETag, `"<base version>.<n>"`.', required: true } };
const articleOk = (description: string) => ({ description, schema: ArticleOne, headers: ETAG_HEADER });
const copyOk = (description: string) => ({ description, schema: WorkingCopyOne, headers: COPY_ETAG_HEADER });

/**
 * A save can lose a race (the revision lock), clash on a slug, or meet a reference deleted meanwhile;
 * and its one batch can fail on our side (500 `internal`, nothing written).
 */
const WRITE_ERRORS = ["version_conflict", "slug_taken", "conflict", "internal"] as const satisfies readonly ErrorCode[];
/** An If-Match that is not an ETag this API issued is a 400 naming If-Match. */
const GUARDED = ["validation_failed", "not_found", "version_conflict"] as const satisfies readonly ErrorCode[];
/** The working copy's writes: only a published story has one, and each needs the copy's ETag. */
const COPY_ERRORS = [...GUARDED, "not_published", "precondition_required"] as const satisfies readonly ErrorCode[];

// --- mapping -------------------------------------------------------------------------------------

const articleView = articleViewOf;
const respond = respondArticle;

async function workingCopyView(c: C, found: Awaited<ReturnType<typeof copies.getWorkingCopy>>): Promise<v.InferOutput<typeof WorkingCopyView>> {
  const summary = workingCopySummary(found.wc)!;
  c.header("etag", summary.etag);
  return { ...summary, article: await articleView(c, found.asRecord) };
}

type RevisionRow = { id: string; version: number; action: string; createdBy: string | null; createdAt: string; restoredFrom: number | null; authorName: string | null };
const revisionView = (r: RevisionRow): v.InferOutput<typeof RevisionView> => ({
  id: r.id,
  version: r.version,
  action: r.action,
  created_by: r.createdBy,
  author: r.createdBy ? { id: r.createdBy, name: r.authorName ?? "Former user" } : null,
  created_at: r.createdAt,
  restored_from: r.restoredFrom,
});

// --- the routes ----------------------------------------------------------------------------------
// Role rights are checked on the route line (`can`); ownership and the article's state in the domain,
// after the article is found: so an unknown id is a 404 for any role that may act at all.

export const articleRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List stories, drafts included, newest change first", tags, ok: { 200: ArticleListPage }, errors: ["validation_failed"] }),
    can("articles.read"), input("query", ListQuerySchema),
    async (c) => c.json(await listArticles(c.var.db, c.req.valid("query"), c.var.urls, c.var.actor.userId)))
  .post("/",
    route({
      summary: "Create a story (a draft)",
      description: "One request saves the whole article atomically. Tags are named (and created on first use); the section and bylines are slugs; related stories are ids.",
      tags,
      ok: { 201: { ...articleOk("Created"), headers: { ...ETAG_HEADER, Location: { description: "The new article's URL.", required: true } } } },
      errors: [...BODY_ERRORS, ...WRITE_ERRORS],
    }),
    can("articles.create"), input("json", CreateBody),
    async (c) => respond(c, await articles.createArticle(c.var.db, c.var.actor, c.req.valid("json")), 201))
  .get("/:id",
    route({ summary: "Get a story", tags, ok: { 200: articleOk("The article") }, errors: ["not_found", "internal"] }),
    can("articles.read"), input("param", IdParam),
    async (c) => respond(c, await articles.getArticleOrThrow(c.var.db, c.req.valid("param").id)))
  .patch("/:id",
    route({
      summary: "Change a story",
      description:
        "Send only the fields that change, with If-Match (or a `version` field): without one → 428; with a stale one → 409 `version_conflict` naming `changed_fields`, and nothing is written. A save that changes nothing makes no new version. A published story changes at once: editors' tools use its working copy instead.",
      tags,
      ok: { 200: articleOk("The article as saved") },
      errors: [...BODY_ERRORS, ...WRITE_ERRORS, "not_found", "precondition_required"],
    }),
    can("articles.update"), input("param", IdParam), input("header", IfMatch), input("json", UpdateArticleSchema),
    async (c) => {
      const body = c.req.valid("json");
      const expected = liveVersionOf(preconditionOf(c) ?? (body.version === undefined ? null : { kind: "live", version: body.version }));
      return respond(c, await articles.updateArticle(c.var.db, c.var.actor, c.req.valid("param").id, body, expected, { minor: body.minor === true }));
    })
  .delete("/:id",
    route({
      summary: "Delete a story (to the trash)",
      description: "Its history stays: an admin can restore it from the trash for 30 days. If-Match is optional; a stale one is refused.",
      tags,
      ok: { 204: { description: "Deleted" } },
      errors: [...GUARDED, "conflict"],
    }),
    can("articles.delete"), input("param", IdParam), input("header", IfMatch),
    async (c) => {
      await deleteArticle(c.var.db, c.var.actor, c.req.valid("param").id, liveVersionOf(preconditionOf(c)));
      return c.body(null, 204);
    })
  .post("/:id/publish",
    route({
      summary: "Publish a story",
      description:
        "Now, or at a past `published_at` (imports, corrections); republishing keeps the original date. Needs a section and a byline. The body may be left out. Under an embargo the story is held instead (status `scheduled`) and dated when the embargo ends: a `published_at` is then 409 `conflict` naming it (lift the embargo first), and publishing a story already held changes nothing (200, the story as it is).",
      tags,
      ok: { 200: articleOk("The article, published") },
      errors: [...BODY_ERRORS, ...GUARDED, "conflict"],
    }),
    can("articles.publish"), input("param", IdParam), input("header", IfMatch), input("json", PublishSchema, { optional: true }),
    async (c) => {
      const { published_at } = c.req.valid("json");
      const opts = { expected: liveVersionOf(preconditionOf(c)), ...(published_at ? { at: published_at } : {}) };
      return respond(c, await articles.transition(c.var.db, c.var.actor, c.req.valid("param").id, "publish", opts));
    })
  .post("/:id/schedule",
    route({
      summary: "Schedule a story",
      description: "`at` is RFC 3339 with a zone, in the future; the cron publishes the story then. Needs a section and a byline.",
      tags,
      ok: { 200: articleOk("The article, scheduled") },
      errors: [...BODY_ERRORS, ...GUARDED, "conflict"],
    }),
    can("articles.schedule"), input("param", IdParam), input("header", IfMatch), input("json", ScheduleSchema, { optional: true }),
    async (c) => {
      const opts = { at: c.req.valid("json").at, expected: liveVersionOf(preconditionOf(c)) };
      return respond(c, await articles.transition(c.var.db, c.var.actor, c.req.valid("param").id, "schedule", opts));
    })
  .post("/:id/unpublish",
    route({ summary: "Unpublish a story (back to draft)", tags, ok: { 200: articleOk("The article, a draft again") }, errors: [...GUARDED, "conflict"] }),
    can("articles.unpublish"), input("param", IdParam), input("header", IfMatch),
    async (c) => respond(c, await articles.transition(c.var.db, c.var.actor, c.req.valid("param").id, "unpublish", { expected: liveVersionOf(preconditionOf(c)) })))
  .post("/:id/archive",
    route({ summary: "Archive a story (out of circulation)", tags, ok: { 200: articleOk("The article, archived") }, errors: [...GUARDED, "conflict"] }),
    can("articles.archive"), input("param", IdParam), input("header", IfMatch),
    async (c) => respond(c, await articles.transition(c.var.db, c.var.actor, c.req.valid("param").id, "archive", { expected: liveVersionOf(preconditionOf(c)) })))
  .post("/:id/submit",
    route({
      summary: "Submit a draft for editing",
      description: "A contributor's or author's draft handed to an editor: shown as `submitted_for_editing` until the next save. Anything but a draft, or an editor's own, is 409 `conflict`.",
      tags,
      ok: { 200: articleOk("The article, submitted") },
      errors: [...GUARDED, "conflict"],
    }),
    can("articles.update"), input("param", IdParam), input("header", IfMatch),
    async (c) => respond(c, await articles.submitArticle(c.var.db, c.var.actor, c.req.valid("param").id, liveVersionOf(preconditionOf(c)))))
  .get("/:id/version",
    route({
      summary: "Poll a story's version",
      description: "One small read an open editor polls to learn of someone else's save (of the story or its working copy).",
      tags,
      ok: { 200: { description: "The current version", schema: VersionSummary, headers: ETAG_HEADER } },
      errors: ["not_found"],
    }),
    can("articles.read"), input("param", IdParam),
    async (c) => {
      const summary = await copies.versionSummary(c.var.db, c.req.valid("param").id);
      c.header("etag", `"${summary.version}"`);
      c.header("cache-control", "no-store");
      return c.json(summary);
    })
  .get("/:id/working-copy",
    route({
      summary: "Get a published story's working copy",
      description: "Its pending changes, which no public surface sees. 404 when there are none.",
      tags,
      ok: { 200: copyOk("The working copy") },
      errors: ["not_found"],
    }),
    can("articles.read"), input("param", IdParam),
    async (c) => c.json({ working_copy: await workingCopyView(c, await copies.getWorkingCopy(c.var.db, c.req.valid("param").id)) }))
  .put("/:id/working-copy",
    route({
      summary: "Save a published story's working copy",
      description:
        "Takes the article's fields. If-Match is the copy's ETag or, to start one, the live ETag; after merging with a newer live version, send `base_version` set to it. Only a published story has a working copy (409 `not_published`).",
      tags,
      ok: { 200: copyOk("The working copy as saved") },
      errors: [...BODY_ERRORS, ...COPY_ERRORS, ...WRITE_ERRORS],
    }),
    can("articles.update"), input("param", IdParam), input("header", IfMatch), input("json", WorkingCopyFieldsSchema),
    async (c) => {
      const found = await copies.putWorkingCopy(c.var.db, c.var.actor, c.req.valid("param").id, c.req.valid("json"), preconditionOf(c));
      return c.json({ working_copy: await workingCopyView(c, found) });
    })
  .delete("/:id/working-copy",
    route({ summary: "Discard a working copy", description: "If-Match: the copy's ETag, so nobody discards what they have not seen.", tags, ok: { 204: { description: "Discarded" } }, errors: COPY_ERRORS }),
    can("articles.update"), input("param", IdParam), input("header", IfMatch),
    async (c) => {
      await copies.deleteWorkingCopy(c.var.db, c.var.actor, c.req.valid("param").id, preconditionOf(c));
      return c.body(null, 204);
    })
  .post("/:id/working-copy/schedule",
    route({
      summary: "Schedule a working copy's update of the live story",
      description: "`at`: RFC 3339, in the future; `null` cancels. The cron publishes it then, as the person who scheduled it, unless the live story changed since (then `publish_note` says why).",
      tags,
      ok: { 200: copyOk("The working copy, scheduled") },
      errors: [...BODY_ERRORS, ...COPY_ERRORS, "conflict"],
    }),
    can("articles.update"), input("param", IdParam), input("header", IfMatch), input("json", ScheduleCopySchema),
    async (c) => {
      const found = await copies.scheduleCopy(c.var.db, c.var.actor, c.req.valid("param").id, c.req.valid("json").at, preconditionOf(c));
      return c.json({ working_copy: await workingCopyView(c, found) });
    })
  .post("/:id/working-copy/publish",
    route({
      summary: "Update the live story from its working copy",
      description: "In one batch, as a new revision; the copy is emptied. If the live story changed after the copy was started: 409 `version_conflict` with `changed_fields` (merge, save with `base_version`, publish again).",
      tags,
      ok: { 200: articleOk("The article, updated") },
      errors: [...BODY_ERRORS, ...COPY_ERRORS, ...WRITE_ERRORS],
    }),
    can("articles.update"), input("param", IdParam), input("header", IfMatch), input("json", PublishCopySchema, { optional: true }),
    async (c) => respond(c, await copies.publishCopy(c.var.db, c.var.actor, c.req.valid("param").id, preconditionOf(c), { minor: c.req.valid("json").minor === true })))
  .get("/:id/revisions",
    route({
      summary: "List a story's revisions",
      description: "Newest first. A story's older revisions may be stored apart once it has gone quiet (docs/design/cold-history.md); if they cannot be read, the answer is a 500 `internal` problem naming them, never a shortened history.",
      tags, ok: { 200: v.object({ revisions: v.array(RevisionView) }) }, errors: ["not_found", "internal"],
    }),
    can("revisions.read"), input("param", IdParam),
    async (c) => {
      const rows = await listRevisions(c.var.db, c.var.actor, c.req.valid("param").id);
      return c.json({ revisions: rows.map(revisionView) });
    })
  .get("/:id/revisions/:rev",
    route({ summary: "Get one revision", tags, ok: { 200: RevisionDetail }, errors: ["validation_failed", "not_found", "internal"] }),
    can("revisions.read"), input("param", RevParam),
    async (c) => {
      const { id, rev } = c.req.valid("param");
      const r = await getRevision(c.var.db, c.var.actor, id, rev);
      return c.json({ revision: { ...revisionView(r), snapshot: r.snapshot as v.InferOutput<typeof RevisionDetail>["revision"]["snapshot"], article: await articleView(c, r.asRecord) } });
    })
  .post("/:id/revisions/:rev/restore",
    route({
      summary: "Restore a revision",
      description:
        "Brings its content back as a new version of a draft (publication state kept). On a published story it lands in the working copy instead (If-Match: the copy's ETag when one exists): the answer then carries both, and the ETag is the copy's. A version using things deleted since is 409 `conflict`.",
      tags,
      ok: {
        200: {
          description: "The article (and, for a published story, its working copy)",
          schema: v.object({ ...ArticleOne.entries, working_copy: v.optional(WorkingCopyView) }),
          headers: { ETag: { description: "The article's ETag, or the working copy's when the restore landed there.", required: true } },
        },
      },
      errors: [...GUARDED, ...WRITE_ERRORS, "precondition_required"],
    }),
    can("revisions.restore"), input("param", RevParam), input("header", IfMatch),
    async (c) => {
      const { id, rev } = c.req.valid("param");
      const { rec, toWorkingCopy } = await restoreRevision(c.var.db, c.var.actor, id, rev, preconditionOf(c));
      if (!toWorkingCopy) return respond(c, rec);
      // A live story's restore waits in its working copy: the answer carries both, the ETag is the copy's.
      const article = await articleView(c, rec);
      const wc = await workingCopyView(c, await copies.workingCopyOf(c.var.db, rec));
      return c.json({ article, working_copy: wc });
    });
