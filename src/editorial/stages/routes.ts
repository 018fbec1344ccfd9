// GET/PUT /stages: the newsroom's editorial stages, in order. Everyone reads them (the admin's stage
// chips and control); admins replace the whole list (rename, add, reorder, remove an unused one).
import { Hono } from "hono";
import * as v from "valibot";
import { ROLES } from "../../auth/roles";
import { STAGE_ID, STAGE_LIMITS, type StageDef } from "../../auth/stages";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { BODY_ERRORS } from "../shared";
import * as domain from "./domain";

const EnterRole = v.pipe(
  v.picklist(ROLES),
  v.description("The lowest role that may move a story into this stage. A move needs it for both the stage left and the stage entered."),
);

export const StageView = v.object({
  id: v.pipe(v.string(), v.description("A slug, fixed once the stage exists: articles' `stage` and the list's `stage` filter use it.")),
  name: v.string(),
  enter_role: EnterRole,
});
const StageList = v.object({
  stages: v.pipe(v.array(StageView), v.description("In the newsroom's order: new stories start in the first; “Submit for editing” moves a story to the second.")),
});

const StageInput = v.object({
  id: v.pipe(
    v.string(),
    v.maxLength(STAGE_LIMITS.id, `At most ${STAGE_LIMITS.id} characters.`),
    v.regex(STAGE_ID, "Use lowercase letters and digits, with single hyphens between words."),
  ),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "Name the stage."), v.maxLength(STAGE_LIMITS.name, `At most ${STAGE_LIMITS.name} characters.`)),
  enter_role: EnterRole,
});
const PutSchema = v.object({
  stages: v.pipe(
    v.array(StageInput),
    v.minLength(STAGE_LIMITS.min, `At least ${STAGE_LIMITS.min} stages.`),
    v.maxLength(STAGE_LIMITS.max, `At most ${STAGE_LIMITS.max} stages.`),
    v.description("The whole list, in order. A known id keeps its stories; a new id adds a stage; a missing one removes it (409 `in_use` while a draft or scheduled story is in it; published and archived stories in it, which have left the stages behind, move to the first stage in the same write)."),
  ),
});

const tags = ["workflow"];
const toView = (s: StageDef): v.InferOutput<typeof StageView> => ({ id: s.id, name: s.name, enter_role: s.enter_role });

export const stageRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List the editorial stages", tags, ok: { 200: StageList } }),
    can("articles.read"),
    async (c) => c.json({ stages: (await domain.loadStages(c.var.db)).map(toView) }))
  .put("/",
    route({
      summary: "Replace the editorial stages",
      description: "Rename, add, reorder or remove (a stage no draft or scheduled story is in) stages in one request; recorded in the audit log as `stages.update`.",
      tags,
      ok: { 200: StageList },
      errors: [...BODY_ERRORS, "in_use"],
    }),
    can("stages.manage"), input("json", PutSchema),
    async (c) => c.json({ stages: (await domain.replaceStages(c.var.db, c.var.actor, c.req.valid("json").stages)).map(toView) }));
