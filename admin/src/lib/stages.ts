// The newsroom's editorial stages and the people stories can be assigned to, fetched once per page
// view (the stages page refreshes them after a save). Which moves to offer is the server's own rule
// (@shared/auth/stages), applied to the article's rights from its `allowed_actions`.
import { mayMoveStage, STAGED_STATUSES } from "@shared/auth/stages";
import { api } from "../api/client";
import type { ArticleView, AssignableUser, Role, Stage } from "../api/model";
import { allows } from "../editor/field-errors";

let stages: Promise<Stage[]> | null = null;
export const fetchStages = (fresh = false) => {
  if (fresh || !stages) stages = api<{ stages: Stage[] }>("GET", "/stages").then((r) => r.stages);
  stages.catch(() => (stages = null));
  return stages;
};
export const fetchAssignable = () => api<{ users: AssignableUser[] }>("GET", "/assignees").then((r) => r.users);

/**
 * The stages this user may move this story to now: the article's own rights (as a save: `update` in
 * allowed_actions), a status that still has stages, and the stage rule. The API checks the same.
 */
export function stageMovesFor(view: ArticleView, role: Role, all: Stage[]): Stage[] {
  if (!(STAGED_STATUSES as readonly string[]).includes(view.status) || !allows(view, "update")) return [];
  // A story in a stage removed since counts as in the first one (src/editorial/articles/workflow.ts).
  const from = all.some((s) => s.id === view.stage) ? view.stage : (all[0]?.id ?? view.stage);
  return all.filter((s) => s.id !== view.stage && mayMoveStage(role, from, s.id, all));
}
