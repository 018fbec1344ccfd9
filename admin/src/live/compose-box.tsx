// The compose box on top of the desk: type, then Ctrl+Enter (⌘+Enter on a Mac) and the entry is
// out — two keystrokes' worth of ceremony. Who may publish is the server's own rule
// (liveEntryDenial via LiveDesk.mayPublishNew): a contributor's box says "Submit draft" and files a
// draft an editor publishes. Bylines start as the signed-in user's own (the contributor linked to
// their account), the title is folded away, the key-event box is one click.
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "../api/client";
import type { BylineItem } from "../editor/article-form";
import { emptyBody, type BodyDoc } from "../editor/body-json";
import { BodyEditor } from "../editor/body-editor";
import { BylinesField } from "../editor/bylines-field";
import { LiveDesk } from "./live-desk";

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);
export const chordLabel = () => (isMac() ? "⌘+Enter" : "Ctrl+Enter");
const hasText = (doc: BodyDoc) => JSON.stringify(doc).includes('"text"') || doc.content.some((n) => n.type !== "paragraph");
export const toBylineInput = (b: BylineItem[]) => b.map((x) => ({ contributor: x.contributor, role: x.role.trim() || null }));

/** Ctrl/⌘+Enter anywhere inside `el` runs `fn`: caught before TipTap, whose own Mod-Enter is a line break. */
export function useSendChord(el: { current: HTMLElement | null }, fn: () => void) {
  const run = useRef(fn);
  run.current = fn;
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        e.stopPropagation();
        run.current();
      }
    };
    node.addEventListener("keydown", onKey, true);
    return () => node.removeEventListener("keydown", onKey, true);
  }, []);
}

export function ComposeBox({ desk }: { desk: LiveDesk }) {
  const [body, setBody] = useState<BodyDoc>(emptyBody());
  const [epoch, setEpoch] = useState(0);
  const [title, setTitle] = useState("");
  const [keyEvent, setKeyEvent] = useState(false);
  const [bylines, setBylines] = useState<BylineItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const box = useRef<HTMLFormElement>(null);
  const publishes = desk.mayPublishNew();

  // The signed-in user's own byline, when their account holds one.
  const mine = desk.ownContributor();
  useEffect(() => {
    if (mine) setBylines((b) => (b.length ? b : [{ contributor: mine.slug, name: mine.name, kind: mine.kind, role: "" }]));
  }, [mine?.id]);

  const send = async (status: "draft" | "published") => {
    if (busy || !hasText(body)) return;
    setBusy(true);
    setError("");
    setDone("");
    try {
      await desk.create({ body: LiveDesk.body(body), title: title.trim() || null, bylines: toBylineInput(bylines), key_event: keyEvent, status });
      setBody(emptyBody());
      setEpoch((n) => n + 1);
      setTitle("");
      setKeyEvent(false);
      setDone(status === "published" ? "Published." : publishes ? "Saved as a draft." : "Submitted: an editor publishes it.");
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  useSendChord(box, () => void send(publishes ? "published" : "draft"));

  return (
    <form
      ref={box}
      class="live-compose"
      aria-labelledby="compose-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send(publishes ? "published" : "draft");
      }}
    >
      <h2 id="compose-title">New entry</h2>
      <BodyEditor value={body} epoch={epoch} label="New entry" toolbar="small" onChange={setBody} />
      <div class="compose-row">
        <label class="check">
          <input type="checkbox" checked={keyEvent} onChange={(e) => setKeyEvent(e.currentTarget.checked)} /> Key event
        </label>
        <details class="compose-more">
          <summary>Title and bylines{bylines.length ? `: ${bylines.map((b) => b.name).join(", ")}` : ""}</summary>
          <label for="compose-entry-title">Title (optional)</label>
          <input id="compose-entry-title" maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          <BylinesField value={bylines} onChange={setBylines} />
        </details>
      </div>
      <div class="compose-actions">
        <button type="submit" class="primary" disabled={busy} aria-keyshortcuts="Control+Enter Meta+Enter">
          {publishes ? "Publish" : "Submit draft"}
        </button>
        {publishes && (
          <button type="button" disabled={busy} onClick={() => void send("draft")}>
            Save as draft
          </button>
        )}
        <small class="muted">{chordLabel()} {publishes ? "publishes" : "submits the draft"}</small>
        <span class="compose-done" role="status">
          {done}
        </span>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
