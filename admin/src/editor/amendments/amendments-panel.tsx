// Amendments beside the editor: the story's corrections, clarifications, updates and editor's notes,
// each with its kind, state and time (the newsroom's zone); a form to add one; Edit while it is
// pending (nobody outside has seen it), Supersede once public, Delete for editors. Who may do what
// comes from the server's own rules: the article's allowed_actions ("update" = may write amendments)
// and the shared permission table (amendments.delete), so no button answers 403.
import { allowed } from "@shared/auth/permission-table";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Amendment, AmendmentKind } from "../../api/model";
import { useAction } from "../../components/page-bits";
import { useApp } from "../../lib/app-context";
import { formatInZone } from "../../lib/zoned-time";
import type { DraftStore } from "../draft-store";
import { amendmentDocToText, textToAmendmentDoc } from "./text-doc";
import "../../styles/amendments.css";

const KINDS: { value: AmendmentKind; label: string }[] = [
  { value: "correction", label: "Correction" },
  { value: "clarification", label: "Clarification" },
  { value: "update", label: "Update" },
  { value: "editors_note", label: "Editor’s note" },
];
const STATE_LABEL: Record<Amendment["state"], string> = { pending: "Not public yet", public: "Public", superseded: "Superseded", deleted: "Deleted" };

/** The form for a new entry, an edit of a pending one, or the text that supersedes a public one. */
function EntryForm(props: { id: string; submitLabel: string; initial?: Amendment; busy: boolean; onSubmit: (kind: AmendmentKind, text: string) => Promise<boolean>; onCancel?: () => void }) {
  const [kind, setKind] = useState<AmendmentKind>(props.initial?.kind ?? "correction");
  const [text, setText] = useState(props.initial ? amendmentDocToText(props.initial.body) : "");
  const submit = async (e: Event) => {
    e.preventDefault();
    if (text.trim() && (await props.onSubmit(kind, text)) && !props.initial) setText("");
  };
  return (
    <form class="amendment-form" onSubmit={submit}>
      <label for={`${props.id}-kind`}>Kind</label>
      <select id={`${props.id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as AmendmentKind)}>
        {KINDS.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </select>
      <label for={`${props.id}-text`}>Text</label>
      <textarea id={`${props.id}-text`} rows={3} maxLength={4000} value={text} aria-describedby={`${props.id}-hint`} onInput={(e) => setText(e.currentTarget.value)} />
      <p id={`${props.id}-hint`} class="muted hint">
        A blank line starts a new paragraph; web addresses become links.
      </p>
      <div class="amendment-actions">
        <button type="submit" class="primary" disabled={props.busy || !text.trim()}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function AmendmentsPanel({ store }: { store: DraftStore }) {
  const { user, config } = useApp();
  const view = store.view;
  const [list, setList] = useState<Amendment[] | null>(null);
  const { busy, error, run: attempt, show } = useAction();
  const [editing, setEditing] = useState<{ id: string; mode: "edit" | "supersede" } | null>(null);
  const [showAll, setShowAll] = useState(false);
  const id = view?.id;
  const base = `/articles/${id}/amendments`;

  const load = () =>
    api<{ amendments: Amendment[] }>("GET", base).then(
      (r) => setList(r.amendments),
      show,
    );
  useEffect(() => void (id && load()), [id]);
  if (!view || !id) return null;

  const mayWrite = allowed(user.role, "amendments.write") && view.allowed_actions.includes("update");
  const mayDelete = allowed(user.role, "amendments.delete");
  // Busy until the list is read again, so no button acts on what is no longer there.
  const run = (work: () => Promise<unknown>) =>
    attempt(async () => {
      await work();
      await load();
      setEditing(null);
    });
  const body = (kind: AmendmentKind, text: string) => ({ kind, body: textToAmendmentDoc(text) });
  const remove = (a: Amendment) => {
    if (!confirm(`Delete this ${a.label.toLowerCase()}? Readers stop seeing it; the audit log keeps a record.`)) return;
    void run(() => api("DELETE", `${base}/${a.id}`));
  };
  const when = (at: string) => formatInZone(at, config.time_zone);
  const shown = (list ?? []).filter((a) => showAll || a.state === "public" || a.state === "pending");

  return (
    <section class="amendments-panel" aria-labelledby="amendments-title" data-testid="amendments">
      <h2 id="amendments-title">Amendments</h2>
      <p class="muted hint">
        {view.status === "published"
          ? "Shown to readers at the end of the story at once; public entries can be superseded, not edited."
          : "Not public until the story is published; until then they can be edited."}
      </p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {list === null ? (
        <p role="status">Loading amendments…</p>
      ) : shown.length === 0 ? (
        <p class="empty">No amendments.</p>
      ) : (
        <ol class="amendment-list" aria-label="Amendments">
          {shown.map((a) => (
            <li key={a.id} class={`amendment ${a.state}`}>
              <p class="amendment-meta">
                <span class={`badge kind-${a.kind}`}>{a.label}</span>{" "}
                {a.state !== "public" && <span class={`badge state-${a.state}`}>{STATE_LABEL[a.state]}</span>}{" "}
                <time dateTime={a.public_at ?? a.created_at}>{when(a.public_at ?? a.created_at)}</time>
                {a.created_by && <span class="muted"> · {a.created_by.name}</span>}
              </p>
              <p class="amendment-text">{a.text}</p>
              {a.state === "deleted" && a.deleted_at && (
                <p class="muted">
                  Deleted{a.deleted_by ? ` by ${a.deleted_by.name}` : ""} · {when(a.deleted_at)}
                </p>
              )}
              {editing?.id === a.id ? (
                <EntryForm
                  id={`amend-${a.id}`}
                  initial={a}
                  busy={busy}
                  submitLabel={editing.mode === "edit" ? "Save changes" : "Publish the new text"}
                  onSubmit={(kind, text) =>
                    run(() => (editing.mode === "edit" ? api("PATCH", `${base}/${a.id}`, { body: body(kind, text) }) : api("POST", `${base}/${a.id}/supersede`, { body: body(kind, text) })))
                  }
                  onCancel={() => setEditing(null)}
                />
              ) : (
                (a.state === "public" || a.state === "pending") && (
                  <div class="amendment-actions">
                    {mayWrite && (
                      <button type="button" disabled={busy} onClick={() => setEditing({ id: a.id, mode: a.state === "pending" ? "edit" : "supersede" })}>
                        {a.state === "pending" ? "Edit" : "Supersede"}
                      </button>
                    )}
                    {mayDelete && (
                      <button type="button" class="link danger" disabled={busy} onClick={() => remove(a)}>
                        Delete
                      </button>
                    )}
                  </div>
                )
              )}
            </li>
          ))}
        </ol>
      )}
      {(list ?? []).some((a) => a.state === "superseded" || a.state === "deleted") && (
        <label class="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} /> Show superseded and deleted
        </label>
      )}
      {mayWrite && (
        <details class="amendment-add">
          <summary>Add an amendment</summary>
          <EntryForm id="new-amendment" busy={busy} submitLabel="Add amendment" onSubmit={(kind, text) => run(() => api("POST", base, { body: body(kind, text) }))} />
        </details>
      )}
    </section>
  );
}
