// One entry on the desk: when it went out (or "Draft"), its title, bylines and text — as text, never
// as HTML — and what this editor may do to it (LiveDesk.actionsFor: the endpoints' own rule). Edit in
// place sends the entry's ETag; if a colleague saved first the server answers 409 with their version,
// shown here with "Reload entry" (take theirs) or "Keep mine" (save mine over theirs, knowingly).
import { useRef, useState } from "preact/hooks";
import { describeError } from "../api/client";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import { normalizeBody, type BodyDoc } from "../editor/body-json";
import { BodyEditor } from "../editor/body-editor";
import { chordLabel, useSendChord } from "./compose-box";
import { EntryHistory } from "./entry-history";
import { EntryConflict, LiveDesk } from "./live-desk";
import type { DeskEntry } from "./types";

const byWhom = (e: DeskEntry) => e.bylines.map((b) => b.contributor.name).join(", ");

/** The entry's text, paragraph by paragraph, as text nodes (hostile markup stays inert). */
function EntryText({ text }: { text: string }) {
  return (
    <div class="entry-text">
      {text.split(/\n{2,}/).map((para, i) => (
        <p key={i}>{para}</p>
      ))}
    </div>
  );
}

function EntryEditor(p: { desk: LiveDesk; entry: DeskEntry; onDone: () => void }) {
  const [body, setBody] = useState<BodyDoc>(normalizeBody(p.entry.body));
  const [epoch, setEpoch] = useState(0);
  const [title, setTitle] = useState(p.entry.title ?? "");
  const [theirs, setTheirs] = useState<DeskEntry | null>(null);
  // The version this edit started from, not the one the stream has shown since: a colleague's save
  // meanwhile must come back as a 409 to settle, never be overwritten unseen.
  const [base] = useState(p.entry.etag);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const box = useRef<HTMLDivElement>(null);
  const idp = `edit-${p.entry.id}`;

  const save = async (etag = base) => {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      await p.desk.update(p.entry, { body: LiveDesk.body(body), title: title.trim() || null }, etag);
      p.onDone();
    } catch (e) {
      if (e instanceof EntryConflict) setTheirs(e.theirs);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  useSendChord(box, () => void save(theirs?.etag ?? base));
  const reload = () => {
    if (!theirs) return;
    setBody(normalizeBody(theirs.body));
    setTitle(theirs.title ?? "");
    setEpoch((n) => n + 1);
    setTheirs(null);
  };

  return (
    <div class="entry-edit" ref={box}>
      <label for={`${idp}-title`}>Title (optional)</label>
      <input id={`${idp}-title`} maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      <BodyEditor value={body} epoch={epoch} label="Entry text" toolbar="small" onChange={setBody} />
      {theirs && (
        <div class="notice entry-conflict" role="alert">
          <p>
            <strong>Changed by a colleague</strong> while you were editing (now version {theirs.version}). Theirs:
          </p>
          <EntryText text={theirs.text} />
          <div class="actions">
            <button type="button" onClick={reload}>
              Reload entry
            </button>
            <button type="button" class="primary" disabled={busy} onClick={() => void save(theirs.etag)}>
              Keep mine
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {!theirs && (
        <div class="actions">
          <button type="button" class="primary" disabled={busy} onClick={() => void save()} aria-keyshortcuts="Control+Enter Meta+Enter">
            Save entry
          </button>
          <button type="button" onClick={p.onDone}>
            Cancel
          </button>
          <small class="muted">{chordLabel()} saves</small>
        </div>
      )}
    </div>
  );
}

export function EntryItem({ desk, entry: e }: { desk: LiveDesk; entry: DeskEntry }) {
  const { config } = useApp();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const can = desk.actionsFor(e);
  const label = e.title ?? (e.text.length > 60 ? `${e.text.slice(0, 60)}…` : e.text);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError("");
    try {
      await fn();
    } catch (err) {
      setError(err instanceof EntryConflict ? "A colleague changed this entry first: look at it again." : describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = () => {
    const what = e.status === "published" ? "Readers stop seeing it at once." : "It was never public.";
    if (confirm(`Delete this entry? ${what}`)) void run(() => desk.remove(e));
  };

  return (
    <li class={`live-entry ${e.status}`} id={`entry-${e.id}`} data-entry-id={e.id} aria-label={label || "Entry"}>
      <div class="entry-head">
        {e.status === "published" && e.published_at ? (
          <time dateTime={e.published_at}>{formatInZone(e.published_at, config.time_zone)}</time>
        ) : (
          <span class="badge draft">Draft</span>
        )}
        {e.pinned && <span class="badge pinned">Pinned</span>}
        {e.key_event && <span class="badge key-event">Key event</span>}
        {byWhom(e) && <span class="muted">{byWhom(e)}</span>}
      </div>
      {editing ? (
        <EntryEditor desk={desk} entry={e} onDone={() => setEditing(false)} />
      ) : (
        <>
          {e.title && <h3 class="entry-title">{e.title}</h3>}
          <EntryText text={e.text} />
          <div class="entry-actions" role="group" aria-label={`Actions for ${label || "entry"}`}>
            {can.includes("update") && (
              <button type="button" disabled={busy} onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            {can.includes("publish") && (
              <button type="button" class="primary" disabled={busy} onClick={() => void run(() => desk.publish(e, true))}>
                Publish
              </button>
            )}
            {can.includes("unpublish") && (
              <button type="button" disabled={busy} onClick={() => void run(() => desk.publish(e, false))}>
                Unpublish
              </button>
            )}
            {can.includes("pin") && e.status === "published" && (
              <button type="button" aria-pressed={e.pinned} disabled={busy} onClick={() => void run(() => desk.pin(e, !e.pinned))}>
                Pinned
              </button>
            )}
            {can.includes("update") && (
              <button type="button" aria-pressed={e.key_event} disabled={busy} onClick={() => void run(() => desk.update(e, { key_event: !e.key_event }))}>
                Key event
              </button>
            )}
            {can.includes("delete") && (
              <button type="button" class="danger" disabled={busy} onClick={remove}>
                Delete
              </button>
            )}
          </div>
          <EntryHistory entry={e} />
        </>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
