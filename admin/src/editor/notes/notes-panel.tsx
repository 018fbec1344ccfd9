// The notes column beside the editor: threads on the story with author and time (the newsroom's
// zone), replies, resolve/reopen, delete; a new note on the whole story or on the passage selected
// in the body ("Comment on selection"). Anchored passages are highlighted in the body while the
// column is open (highlight.ts: decorations, never marks); picking a note scrolls to its passage.
// Whether an anchor still holds is judged against the body as it is on screen, unsaved edits too.
import { allowed } from "@shared/auth/permission-table";
import type { Editor } from "@tiptap/core";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Note, NoteAnchor, NoteInput, NoteThread } from "../../api/model";
import { useAction } from "../../components/page-bits";
import { useApp } from "../../lib/app-context";
import { formatInZone } from "../../lib/zoned-time";
import { anchorOfSelection, liveStates, notesHighlight, notesKey, scrollToAnchor, showHighlights } from "./highlight";
import "../../styles/notes.css";

interface Props {
  articleId: string;
  editor: Editor | null;
  onClose: () => void;
}

/** Redraws when the body or the selection changes (live anchor states, the selection button). */
function useEditorTick(editor: Editor | null) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!editor) return;
    const bump = () => setTick((n) => n + 1);
    editor.on("update", bump);
    editor.on("selectionUpdate", bump);
    return () => {
      editor.off("update", bump);
      editor.off("selectionUpdate", bump);
    };
  }, [editor]);
}

export function NotesPanel({ articleId, editor, onClose }: Props) {
  const { user, config } = useApp();
  const [threads, setThreads] = useState<NoteThread[] | null>(null);
  const { busy, error, run: attempt, show } = useAction();
  const [draft, setDraft] = useState("");
  const [anchor, setAnchor] = useState<NoteAnchor | null>(null);
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [active, setActive] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(true);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  useEditorTick(editor);

  const load = () =>
    api<{ notes: NoteThread[] }>("GET", `/articles/${articleId}/notes`).then(
      (r) => setThreads(r.notes),
      show,
    );
  useEffect(() => void load(), [articleId]);

  // The highlight plugin lives while the column is open.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    // A click on a highlighted passage picks its thread in the column.
    editor.registerPlugin(
      notesHighlight((id) => {
        setActive(id);
        document.getElementById(`note-${id}`)?.scrollIntoView({ block: "nearest" });
      }),
    );
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin(notesKey);
    };
  }, [editor]);
  useEffect(() => {
    if (!editor) return;
    const open = (threads ?? []).filter((t) => t.anchor && !t.resolved_at);
    showHighlights(editor, { highlights: open.map((t) => ({ id: t.id, anchor: t.anchor! })), active });
  }, [editor, threads, active]);

  // Busy until the threads are read again, so no button acts on what is no longer there.
  const run = (work: () => Promise<unknown>) =>
    attempt(async () => {
      await work();
      await load();
    });
  const post = (body: NoteInput) => api<{ note: Note }>("POST", `/articles/${articleId}/notes`, { body });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!draft.trim()) return;
    if (await run(() => post({ body: draft, ...(anchor && { anchor }) }))) {
      setDraft("");
      setAnchor(null);
    }
  };
  const reply = async (e: Event, root: NoteThread) => {
    e.preventDefault();
    const text = replies[root.id] ?? "";
    if (!text.trim()) return;
    if (await run(() => post({ body: text, parent_id: root.id }))) setReplies((r) => ({ ...r, [root.id]: "" }));
  };
  const act = (note: { id: string }, what: "resolve" | "reopen") => run(() => api("POST", `/articles/${articleId}/notes/${note.id}/${what}`));
  const remove = (note: Note, thread: boolean) => {
    if (!confirm(thread ? "Delete this note and its replies?" : "Delete this reply?")) return;
    void run(() => api("DELETE", `/articles/${articleId}/notes/${note.id}`));
  };
  const saveEdit = async (e: Event) => {
    e.preventDefault();
    if (!editing || !editing.text.trim()) return;
    if (await run(() => api("PATCH", `/articles/${articleId}/notes/${editing.id}`, { body: { body: editing.text } }))) setEditing(null);
  };
  const pick = (t: NoteThread) => {
    setActive(t.id);
    if (editor && t.anchor) scrollToAnchor(editor, t.anchor);
  };

  const selected = editor ? anchorOfSelection(editor) : null;
  const mayDelete = (n: Note) => n.author?.id === user.id || allowed(user.role, "notes.moderate");
  const shown = (threads ?? []).filter((t) => showResolved || !t.resolved_at);
  const attached = editor ? liveStates(editor, shown.map((t) => t.anchor ?? { quote: "", prefix: "", suffix: "" })) : shown.map((t) => t.anchor_state !== "orphaned");
  const when = (at: string) => formatInZone(at, config.time_zone);

  /** The note's words, or (your own, while editing) a form to change them. */
  const text = (n: Note) =>
    editing?.id === n.id ? (
      <form class="reply-form" onSubmit={saveEdit}>
        <label for={`edit-${n.id}`}>Edit note</label>
        <textarea id={`edit-${n.id}`} rows={3} maxLength={4000} value={editing.text} onInput={(e) => setEditing({ id: n.id, text: e.currentTarget.value })} />
        <div class="note-actions">
          <button type="submit" disabled={busy || !editing.text.trim()}>
            Save note
          </button>
          <button type="button" class="link" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </div>
      </form>
    ) : (
      <>
        <p class="note-body">{n.body}</p>
        {n.author?.id === user.id && (
          <button type="button" class="link" onClick={() => setEditing({ id: n.id, text: n.body })}>
            Edit
          </button>
        )}
      </>
    );
  const byline = (n: Note) => (
    <p class="note-meta">
      <strong>{n.author?.name ?? "Former user"}</strong> · <time dateTime={n.created_at}>{when(n.created_at)}</time>
      {n.updated_at !== n.created_at && <span class="muted"> (edited)</span>}
    </p>
  );

  return (
    <section class="notes-panel" aria-labelledby="notes-heading">
      <div class="notes-head">
        <h2 id="notes-heading">Notes</h2>
        <button type="button" class="link" onClick={onClose}>
          Close notes
        </button>
      </div>
      <p class="muted notes-private">Only the newsroom sees notes: never readers, feeds, previews or webhooks.</p>
      <form class="note-form" onSubmit={submit}>
        <label for="new-note">New note</label>
        {anchor ? (
          <p class="note-quote-line">
            On <q class="note-quote">{anchor.quote}</q>{" "}
            <button type="button" class="link" onClick={() => setAnchor(null)}>
              Remove passage
            </button>
          </p>
        ) : (
          <button type="button" disabled={!selected} aria-describedby="selection-hint" onClick={() => setAnchor(selected)}>
            Comment on selection
          </button>
        )}
        {!anchor && (
          <p id="selection-hint" class="muted hint">
            {selected ? "Anchors the note to the words selected in the body." : "Select words in the body to comment on them; otherwise the note is about the whole story."}
          </p>
        )}
        <textarea id="new-note" rows={3} maxLength={4000} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={busy || !draft.trim()}>
          Add note
        </button>
      </form>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <label class="check">
        <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.currentTarget.checked)} /> Show resolved threads
      </label>
      {threads === null ? (
        <p role="status">Loading notes…</p>
      ) : shown.length === 0 ? (
        <p class="empty">No notes yet.</p>
      ) : (
        <ol class="note-threads" aria-label="Threads">
          {shown.map((t, i) => {
            const orphaned = t.anchor !== null && !attached[i];
            return (
              <li key={t.id} id={`note-${t.id}`} class={["note-thread", t.resolved_at ? "resolved" : "", active === t.id ? "active" : ""].join(" ")}>
                <article aria-label={`Note by ${t.author?.name ?? "a former user"}`}>
                  {byline(t)}
                  {t.anchor &&
                    (orphaned ? (
                      <p class="note-orphaned">
                        <span class="badge">Passage gone</span> <q class="note-quote">{t.anchor.quote}</q>
                      </p>
                    ) : (
                      <button type="button" class="note-passage link" aria-label={`Show the passage: ${t.anchor.quote}`} onClick={() => pick(t)}>
                        <q class="note-quote">{t.anchor.quote}</q>
                      </button>
                    ))}
                  {text(t)}
                  {t.resolved_at && (
                    <p class="muted">
                      Resolved{t.resolved_by ? ` by ${t.resolved_by.name}` : ""} · {when(t.resolved_at)}
                    </p>
                  )}
                  <div class="note-actions">
                    <button type="button" disabled={busy} onClick={() => act(t, t.resolved_at ? "reopen" : "resolve")}>
                      {t.resolved_at ? "Reopen" : "Resolve"}
                    </button>
                    {mayDelete(t) && (
                      <button type="button" class="link danger" disabled={busy} onClick={() => remove(t, true)}>
                        Delete
                      </button>
                    )}
                  </div>
                </article>
                {t.replies.length > 0 && (
                  <ol class="note-replies" aria-label="Replies">
                    {t.replies.map((r) => (
                      <li key={r.id}>
                        {byline(r)}
                        {text(r)}
                        {mayDelete(r) && (
                          <button type="button" class="link danger" disabled={busy} onClick={() => remove(r, false)}>
                            Delete reply
                          </button>
                        )}
                      </li>
                    ))}
                  </ol>
                )}
                <form class="reply-form" onSubmit={(e) => reply(e, t)}>
                  <label for={`reply-${t.id}`}>
                    Reply <span class="sr-only">to {t.author?.name ?? "a former user"}</span>
                  </label>
                  <textarea id={`reply-${t.id}`} rows={2} maxLength={4000} value={replies[t.id] ?? ""} onInput={(e) => setReplies((r) => ({ ...r, [t.id]: e.currentTarget.value }))} />
                  <button type="submit" disabled={busy || !(replies[t.id] ?? "").trim()}>
                    Reply
                  </button>
                </form>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
