// Workflow beside the editor: the story's stage with a button for each move this user may make (the
// server's own rule, @shared/auth/stages, so no button answers 403 or 409; a published or archived
// story has left the stages and shows neither), its due time in the newsroom's zone, and who it is
// assigned to. Editors assign and set the due time (articles.assign). None of it
// is content: no new version, nothing the save button or a merge has to know about.
import { allowed } from "@shared/auth/permission-table";
import { STAGED_STATUSES } from "@shared/auth/stages";
import { useEffect, useState } from "preact/hooks";
import { api, describeError } from "../api/client";
import type { ArticleView, AssignableUser, Stage } from "../api/model";
import { useApp } from "../lib/app-context";
import { fetchAssignable, fetchStages, stageMovesFor } from "../lib/stages";
import { instantToZonedInput, zonedInputToInstant } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";
import { WhenLine, ZonedInput } from "./publish-panel";

const MAX_ASSIGNEES = 20;

export function WorkflowPanel({ store }: { store: DraftStore }) {
  const { user, config } = useApp();
  const zone = config.time_zone;
  // The article as the last workflow change answered it, until a save brings a newer version: a
  // workflow change makes no version, so the draft store (which follows versions) need not know.
  const [changed, setChanged] = useState<ArticleView | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const view = changed && store.view && changed.id === store.view.id && changed.version >= store.view.version ? changed : store.view;
  const [stages, setStages] = useState<Stage[]>([]);
  const [people, setPeople] = useState<AssignableUser[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [due, setDue] = useState(instantToZonedInput(view?.due_at ?? new Date(Date.now() + 86_400_000), zone));
  const mayAssign = allowed(user.role, "articles.assign");
  useEffect(() => void fetchStages().then(setStages, () => undefined), []);
  const assigneeKey = view?.assignees.map((a) => a.id).join(",") ?? "";
  useEffect(() => setChosen(view?.assignees.map((a) => a.id) ?? []), [assigneeKey]);
  if (!view) return null;
  const moves = stageMovesFor(view, user.role, stages);
  const dueInstant = zonedInputToInstant(due, zone)?.toISOString();
  const change = async (method: "POST" | "PUT", path: string, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    try {
      setChanged((await api<{ article: ArticleView }>(method, `/articles/${view.id}/${path}`, { body })).article);
      setOutcome({ ok: true, message: done });
    } catch (err) {
      setOutcome({ ok: false, message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };
  // The server's own rule (src/editorial/articles/workflow.ts refuses a move with 409 outside these):
  // a published or archived story has left the stages, so it shows no stage and no moves.
  const staged = (STAGED_STATUSES as readonly string[]).includes(view.status);

  return (
    <section class="workflow-panel" aria-labelledby="workflow-title" data-testid="workflow">
      <h2 id="workflow-title">Workflow</h2>
      {staged ? (
        <p>
          Stage: <span class="badge stage" data-testid="article-stage">{view.stage_name ?? view.stage}</span>
        </p>
      ) : (
        <p class="muted" data-testid="past-stages">
          Stages lead up to publication: a {view.status} story has left them.
        </p>
      )}
      {moves.length > 0 && (
        <div class="stage-moves" role="group" aria-label="Move to stage">
          {moves.map((s) => (
            <button key={s.id} type="button" disabled={busy} onClick={() => void change("POST", "stage", { stage: s.id }, `Moved to ${s.name}.`)}>
              Move to {s.name}
            </button>
          ))}
        </div>
      )}
      {outcome && (
        <p class={outcome.ok ? "muted" : "error-note"} role={outcome.ok ? "status" : "alert"}>
          {outcome.message}
        </p>
      )}
      {view.due_at ? <WhenLine label="Due" at={view.due_at} zone={zone} /> : <p class="muted">No due time.</p>}
      <p data-testid="assignees-line">
        Assigned to: {view.assignees.length ? view.assignees.map((a) => a.name).join(", ") : <span class="muted">nobody</span>}
      </p>
      {mayAssign && (
        <details class="assign" onToggle={(e) => e.currentTarget.open && !people && void fetchAssignable().then(setPeople, () => setPeople([]))}>
          <summary>Assign</summary>
          <fieldset class="assignee-picker">
            <legend>Assign to (at most {MAX_ASSIGNEES})</legend>
            {people === null && <p role="status">Loading people…</p>}
            {people?.map((p) => {
              const on = chosen.includes(p.id);
              return (
                <label key={p.id} class="check">
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={!on && chosen.length >= MAX_ASSIGNEES}
                    onChange={() => setChosen(on ? chosen.filter((id) => id !== p.id) : [...chosen, p.id])}
                  />{" "}
                  {p.name} <span class="muted">({p.role})</span>
                </label>
              );
            })}
          </fieldset>
          <button type="button" disabled={busy || people === null} onClick={() => void change("PUT", "assignees", { user_ids: chosen }, "Assignees saved.")}>
            Save assignees
          </button>
        </details>
      )}
      {mayAssign && (
        <details class="due">
          <summary>{view.due_at ? "Change due time" : "Set due time"}</summary>
          <ZonedInput id="due-at" label="Due" value={due} onInput={setDue} zone={zone} />
          <button type="button" disabled={busy || !dueInstant} onClick={() => void change("PUT", "due", { due_at: dueInstant }, "Due time set.")}>
            Set due time
          </button>
          {view.due_at && (
            <button type="button" disabled={busy} onClick={() => void change("PUT", "due", { due_at: null }, "Due time cleared.")}>
              Clear due time
            </button>
          )}
        </details>
      )}
    </section>
  );
}
