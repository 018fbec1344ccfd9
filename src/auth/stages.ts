// Who may move a story between the newsroom's editorial stages, in one pure rule: the server enforces
// it (POST /articles/{id}/stage) and the admin imports it (@shared/auth/stages) to offer only the
// moves that will succeed, so the two cannot disagree. No drizzle, no Worker globals.
import { roleAtLeast } from "./actor";
import type { Role } from "./roles";

/** A stage as the API names it: `enter_role` is the lowest role that may move a story into it. */
export interface StageDef {
  id: string;
  name: string;
  enter_role: Role;
}

/** What a newsroom's list of stages may be (PUT /stages checks these; the admin's form shows them). */
export const STAGE_LIMITS = { min: 2, max: 20, name: 60, id: 40 } as const;
/** Stage ids are slugs, fixed once created: articles and saved filters point at them. */
export const STAGE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Statuses a story moves through stages in: stages lead up to publication, so a live or archived story has none to move to. */
export const STAGED_STATUSES = ["draft", "scheduled"] as const;

/**
 * Whether `role` may move a story from stage `from` to stage `to`: it needs the right to enter BOTH
 * stages, so a contributor can send a story to editing but never into or out of ready (which an
 * editor guards). Unknown stages: false. A move to where the story already is changes nothing and
 * is not a move (false: nothing to offer).
 */
export function mayMoveStage(role: Role, from: string, to: string, stages: readonly Pick<StageDef, "id" | "enter_role">[]): boolean {
  if (from === to) return false;
  const a = stages.find((s) => s.id === from);
  const b = stages.find((s) => s.id === to);
  return !!a && !!b && roleAtLeast(role, a.enter_role) && roleAtLeast(role, b.enter_role);
}

/** The stages `role` may move a story in stage `from` to, in the newsroom's order (the admin's stage control). */
export const stageMoves = <S extends Pick<StageDef, "id" | "enter_role">>(role: Role, from: string, stages: readonly S[]): S[] =>
  stages.filter((s) => mayMoveStage(role, from, s.id, stages));

/** Why `role` may not make this move, or null when it may: the 403's detail and the admin's hint. */
export function stageMoveDenial(role: Role, from: string, to: string, stages: readonly StageDef[]): string | null {
  if (from === to || mayMoveStage(role, from, to, stages)) return null;
  const guard = [stages.find((s) => s.id === from), stages.find((s) => s.id === to)].find((s) => s && !roleAtLeast(role, s.enter_role));
  return guard
    ? `Moving a story into or out of “${guard.name}” needs the ${guard.enter_role} role or higher.`
    : "That stage does not exist.";
}

/** Where a story handed to an editor ("Submit for editing") goes: the second stage. */
export const submittedStage = (stages: readonly StageDef[]): StageDef | undefined => stages[1];
/** Where new stories start: the first stage. */
export const firstStage = (stages: readonly StageDef[]): StageDef | undefined => stages[0];
