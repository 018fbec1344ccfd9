// A story's amendments (src/amendments): corrections, clarifications, updates and editor's notes.
// Mounted under /articles by src/editorial/index.ts. Who may write: `amendments.write` on the route
// line, then the article's own rule (as a change of the story: authors and contributors on their
// own); deleting is `amendments.delete` (editors), whoever wrote the entry.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { time } from "../../public/view-fields";
import { AMENDMENT_LABELS, AmendmentDocSchema, AmendmentKindSchema, amendmentHtml, amendmentText } from "../../amendments/doc";
import * as amendments from "../../amendments/domain";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { notFound } from "../../lib/errors";
import { access, getArticleOrThrow } from "../articles/service";
import { BODY_ERRORS, IdParam } from "../shared";

type C = Context<AuthedEnv>;

const UserRef = v.nullable(v.object({ id: v.string(), name: v.string() }));

export const AmendmentView = v.object({
  id: v.string(),
  article_id: v.string(),
  kind: AmendmentKindSchema,
  label: v.pipe(v.string(), v.description("The heading readers see for this kind.")),
  body: AmendmentDocSchema,
  text: v.pipe(v.string(), v.description("The text as plain text.")),
  html: v.pipe(v.string(), v.description("The text as readers get it (escaped, links kept).")),
  state: v.pipe(
    v.picklist(["pending", "public", "superseded", "deleted"]),
    v.description("`pending`: the story is not live yet, so nobody outside has seen it (it may still be edited, and goes public when the story is published); `public`: readers see it (append-only); `superseded`: replaced by `superseded_by`; `deleted`: taken down by an editor."),
  ),
  created_at: time("When it was written."),
  created_by: UserRef,
  public_at: v.nullable(time("When readers first could see it; null while pending.")),
  supersedes_id: v.nullable(v.pipe(v.string(), v.description("The entry this one replaced."))),
  superseded_by: v.nullable(v.pipe(v.string(), v.description("The entry that replaced this one."))),
  deleted_at: v.nullable(time("When an editor deleted it.")),
  deleted_by: UserRef,
});
type AmendmentOut = v.InferOutput<typeof AmendmentView>;

const toView = (r: amendments.AmendmentRow): AmendmentOut => {
  const body = r.body as v.InferOutput<typeof AmendmentDocSchema>;
  return {
    id: r.id,
    article_id: r.articleId,
    kind: r.kind,
    label: AMENDMENT_LABELS[r.kind],
    body,
    text: amendmentText(body),
    html: amendmentHtml(body),
    state: amendments.amendmentState(r),
    created_at: r.createdAt,
    created_by: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? "Former user" } : null,
    public_at: r.publicAt,
    supersedes_id: r.supersedesId,
    superseded_by: r.supersededBy,
    deleted_at: r.deletedAt,
    deleted_by: r.deletedBy ? { id: r.deletedBy, name: r.deletedByName ?? "Former user" } : null,
  };
};

const AmendmentParam = v.object({ ...IdParam.entries, amendment_id: v.string() });

const CreateAmendmentSchema = v.object({ kind: AmendmentKindSchema, body: AmendmentDocSchema });
const UpdateAmendmentSchema = v.object({ kind: v.optional(AmendmentKindSchema), body: v.optional(AmendmentDocSchema) });
const SupersedeAmendmentSchema = v.object({
  kind: v.optional(v.pipe(AmendmentKindSchema, v.description("Left out: the replaced entry's kind."))),
  body: AmendmentDocSchema,
});

const AmendmentOne = v.object({ amendment: AmendmentView });
const tags = ["amendments"];
const created = (description: string) => ({ 201: { description, schema: AmendmentOne, headers: { Location: { description: "The new entry's URL.", required: true } } } });

async function one(c: C, articleId: string, amendmentId: string, status: 200 | 201 = 200) {
  const row = (await amendments.listAmendments(c.var.db, articleId)).find((r) => r.id === amendmentId);
  if (!row) throw notFound("Amendment");
  return c.json({ amendment: toView(row) }, status);
}

/** The story, and the actor's right to change it (the articles.update rule, after amendments.write). */
async function writable(c: C, id: string) {
  const rec = await getArticleOrThrow(c.var.db, id);
  access(c.var.actor, "articles.update", rec);
  return rec;
}

export const amendmentRoutes = new Hono<AuthedEnv>()
  .get("/:id/amendments",
    route({
      summary: "List a story's amendments",
      description: "Oldest first, every entry: pending, public, superseded and deleted ones, each with its `state`.",
      tags,
      ok: { 200: v.object({ amendments: v.array(AmendmentView) }) },
      errors: ["not_found"],
    }),
    can("articles.read"), input("param", IdParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await getArticleOrThrow(c.var.db, id);
      return c.json({ amendments: (await amendments.listAmendments(c.var.db, id)).map(toView) });
    })
  .post("/:id/amendments",
    route({
      summary: "Add an amendment",
      description:
        "Its time is now. On a published story it is public at once (and the story's `last_major_update_at`, JSON-LD `dateModified` and feed updated times move); on any other it waits and goes public when the story is published. At most 50 entries per story.",
      tags,
      ok: created("The amendment"),
      errors: [...BODY_ERRORS, "not_found", "conflict"],
    }),
    can("amendments.write"), input("param", IdParam), input("json", CreateAmendmentSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const rec = await writable(c, id);
      const amendmentId = await amendments.createAmendment(c.var.db, c.var.actor, rec, c.req.valid("json"));
      c.header("location", `/api/editorial/v1/articles/${id}/amendments/${amendmentId}`);
      return one(c, id, amendmentId, 201);
    })
  .patch("/:id/amendments/:amendment_id",
    route({
      summary: "Edit an amendment nobody outside has seen",
      description: "Only while `pending`: once public an entry is append-only (409 `conflict`: supersede it).",
      tags,
      ok: { 200: AmendmentOne },
      errors: [...BODY_ERRORS, "not_found", "conflict"],
    }),
    can("amendments.write"), input("param", AmendmentParam), input("json", UpdateAmendmentSchema),
    async (c) => {
      const { id, amendment_id } = c.req.valid("param");
      const rec = await writable(c, id);
      await amendments.updateAmendment(c.var.db, c.var.actor, rec, amendment_id, c.req.valid("json"));
      return one(c, id, amendment_id);
    })
  .post("/:id/amendments/:amendment_id/supersede",
    route({
      summary: "Supersede an amendment",
      description: "A new entry replaces it for readers; the old one stays, `superseded`. Only the current public entry (neither superseded nor deleted) can be; a `pending` one is 409 `conflict`: nobody has seen it, so it is edited (PATCH), not superseded.",
      tags,
      ok: created("The new entry"),
      errors: [...BODY_ERRORS, "not_found", "conflict"],
    }),
    can("amendments.write"), input("param", AmendmentParam), input("json", SupersedeAmendmentSchema),
    async (c) => {
      const { id, amendment_id } = c.req.valid("param");
      const rec = await writable(c, id);
      const newId = await amendments.supersedeAmendment(c.var.db, c.var.actor, rec, amendment_id, c.req.valid("json"));
      c.header("location", `/api/editorial/v1/articles/${id}/amendments/${newId}`);
      return one(c, id, newId, 201);
    })
  .delete("/:id/amendments/:amendment_id",
    route({
      summary: "Delete an amendment (editors)",
      description: "Readers stop seeing it; the newsroom keeps it, `deleted`, and the audit log records who and when. Deleting removes exactly that entry: if it had replaced another, that one is current (and shown) again. A `superseded` entry cannot be deleted (409 `conflict`): delete the entry that replaced it.",
      tags,
      ok: { 204: { description: "Deleted" } },
      errors: ["not_found", "conflict"],
    }),
    can("amendments.delete"), input("param", AmendmentParam),
    async (c) => {
      const { id, amendment_id } = c.req.valid("param");
      const rec = await getArticleOrThrow(c.var.db, id);
      await amendments.deleteAmendment(c.var.db, c.var.actor, rec, amendment_id);
      return c.body(null, 204);
    });
