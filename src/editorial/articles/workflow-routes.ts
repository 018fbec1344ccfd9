// A story's editorial workflow (workflow.ts): its stage, assignees and due time. Not content: no
// If-Match, no new version; the answer is the article as it now is, with its unchanged ETag.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { BODY_ERRORS, IdParam } from "../shared";
import { Instant } from "../../lib/time";
import { ArticleOne } from "./schemas";
import { respondArticle } from "./respond";
import { assignableUsers, MAX_ASSIGNEES, moveStage, setAssignees, setDue } from "./workflow";
import { ROLES } from "../../auth/roles";
import { STAGE_LIMITS } from "../../auth/stages";
import type { ArticleRecord } from "../../articles/load";

export const StageBody = v.object({ stage: v.pipe(v.string(), v.minLength(1, "Name a stage."), v.maxLength(STAGE_LIMITS.id), v.description("A stage id from GET /stages.")) });
export const AssigneesBody = v.object({
  user_ids: v.pipe(
    v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
    v.maxLength(MAX_ASSIGNEES, `At most ${MAX_ASSIGNEES} people.`),
    v.description("Everyone the story is assigned to (replaces the list; [] clears it). Users' ids (GET /users)."),
  ),
});
export const DueBody = v.object({
  due_at: v.pipe(
    v.nullable(Instant),
    v.description("When the desk wants the story (RFC 3339 with a zone); null clears it."),
  ),
});

const tags = ["articles"];
const ok = (description: string) => ({ description, schema: ArticleOne, headers: { ETag: { description: 'The article\'s version as an ETag, `"<version>"`: unchanged by workflow changes.', required: true } } });

const respond = (c: Context<AuthedEnv>, rec: ArticleRecord) => respondArticle(c, rec);

export const workflowRoutes = new Hono<AuthedEnv>()
  .post("/:id/stage",
    route({
      summary: "Move a story to another editorial stage",
      description:
        "Needs the right to change the story (as PATCH) and a role at least the `enter_role` of both the stage it leaves and the one it enters (403 says which). A story already there is answered as it is. Only drafts and scheduled stories have stages: a published or archived one is 409 `conflict`, as is a stage an admin removed while the move was on its way. No new version; audited as `article.stage_change`.",
      tags,
      ok: { 200: ok("The article in its new stage") },
      errors: [...BODY_ERRORS, "not_found", "conflict"],
    }),
    can("articles.stage"), input("param", IdParam), input("json", StageBody),
    async (c) => respond(c, await moveStage(c.var.db, c.var.actor, c.req.valid("param").id, c.req.valid("json").stage)))
  .put("/:id/assignees",
    route({
      summary: "Assign a story to people",
      description: "Replaces the list (at most 20; unknown users are 400 naming `user_ids.<i>`). The article shows assignees by id and name. Audited as `article.assign`.",
      tags,
      ok: { 200: ok("The article with its assignees") },
      errors: [...BODY_ERRORS, "not_found"],
    }),
    can("articles.assign"), input("param", IdParam), input("json", AssigneesBody),
    async (c) => respond(c, await setAssignees(c.var.db, c.var.actor, c.req.valid("param").id, c.req.valid("json").user_ids)))
  .put("/:id/due",
    route({
      summary: "Set or clear a story's due time",
      description: "Stored in UTC; the admin shows it in the newsroom's zone. Audited as `article.due_change`.",
      tags,
      ok: { 200: ok("The article with its due time") },
      errors: [...BODY_ERRORS, "not_found"],
    }),
    can("articles.assign"), input("param", IdParam), input("json", DueBody),
    async (c) => respond(c, await setDue(c.var.db, c.var.actor, c.req.valid("param").id, c.req.valid("json").due_at)));

const Assignable = v.object({
  users: v.pipe(
    v.array(v.object({ id: v.string(), name: v.string(), role: v.picklist(ROLES) })),
    v.description("Every account, by name: ids and names only (never emails), for the assignee picker."),
  ),
});

/** GET /assignees: who a story may be assigned to (editors pick from it; GET /users is an admin's). */
export const assignableRoutes = new Hono<AuthedEnv>().get("/",
  route({ summary: "List the people stories can be assigned to", tags, ok: { 200: Assignable } }),
  can("articles.assign"),
  async (c) => c.json({ users: await assignableUsers(c.var.db) }));
