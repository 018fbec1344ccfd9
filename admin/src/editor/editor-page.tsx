// The article editor: fields on the left, publication and metadata on the right (stacked on a
// phone). State lives in DraftStore; this file lays it out and wires keyboard and leave guards, the
// read-only view (the server's allowed_actions decide, not the role), field errors attached to their
// fields, and length counters that block a save instead of cutting text.
import type { Editor } from "@tiptap/core";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Section } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { Modal } from "../components/modal";
import { useApp } from "../lib/app-context";
import { href, navigate, setLeaveGuard } from "../lib/router";
import { same } from "../lib/same";
import { fetchSections } from "../lib/taxonomy";
import type { ArticleForm, FieldKey } from "./article-form";
import { AmendmentsPanel } from "./amendments/amendments-panel";
import { BodyEditor } from "./body-editor";
import { BylinesField } from "./bylines-field";
import { ConflictPanel } from "./conflict-panel";
import { DraftStore } from "./draft-store";
import { AudioFields, SeoFields } from "./extra-fields";
import { BodyCountsLine, ErrorSummary, FieldError, focusField, LimitedText, ReadOnlyBanner } from "./field-bits";
import { errorIdFor, fieldIssues, LIMITS, overLimits, readOnlyReason } from "./field-errors";
import { FeaturedImageField } from "./featured-image-field";
import { HistoryPanel } from "./history-panel";
import { NotesPanel } from "./notes/notes-panel";
import { PreviewPanel } from "./preview-panel";
import { PublishPanel } from "./publish-panel";
import { RelatedField } from "./related-field";
import { SaveStatus } from "./save-status";
import { TagsField } from "./tags-field";
import { useStore } from "./use-store";
import { WorkflowPanel } from "./workflow-panel";
import { WorkingCopyBar } from "./working-copy-bar";

const describeRefusal = (err: unknown) => (err instanceof Error ? err.message : "the server refused the request.");

export function EditorPage({ id }: { id: string | null }) {
  const { user } = useApp();
  const [store, setStore] = useState<DraftStore | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [sections, setSections] = useState<Section[]>([]);
  const [panel, setPanel] = useState<null | "preview" | "history">(null);
  const [notesOpen, setNotesOpen] = useState(false);
  const [bodyEditor, setBodyEditor] = useState<Editor | null>(null);
  // Fields edited since the refused save: their messages go away at once, the others stay.
  const [cleared, setCleared] = useState<{ err: unknown; fields: FieldKey[] }>({ err: null, fields: [] });
  // Set when Save was pressed with a field over its limit; the summary then says why nothing was sent.
  const [blocked, setBlocked] = useState(false);
  useStore(store);
  const saveRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    // A new article that just got its id keeps its editor; any other change of id loads afresh.
    if (store && (store.id === id || (id === null && store.id === null))) return;
    const onCreated = (newId: string) => navigate(`/articles/${encodeURIComponent(newId)}`, { replace: true });
    if (!id) return setStore(new DraftStore(null, onCreated));
    setStore(null);
    // The article with its working copy (a published story's pending edits), then watched for other saves.
    DraftStore.load(id, onCreated).then(
      (s) => setStore(s),
      setLoadError,
    );
  }, [id]);
  useEffect(() => () => store?.dispose(), [store]);

  useEffect(() => {
    fetchSections().then(setSections, () => undefined);
  }, []);

  // Unsaved work is never dropped silently: not by a link, not by closing the tab.
  useEffect(() => {
    if (!store) return;
    setLeaveGuard(() => !store.dirty || confirm("This article has unsaved changes. Leave without saving?"));
    const onUnload = (e: BeforeUnloadEvent) => store.dirty && e.preventDefault();
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") (e.preventDefault(), saveRef.current());
    };
    // A file dropped anywhere but the body would make the browser open it and leave the editor;
    // the body's own drop handler runs first and takes images there.
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes("Files");
    const onDragOver = (e: DragEvent) => hasFiles(e) && !e.defaultPrevented && e.preventDefault();
    const onDrop = (e: DragEvent) => hasFiles(e) && !e.defaultPrevented && e.preventDefault();
    addEventListener("beforeunload", onUnload);
    addEventListener("keydown", onKey);
    addEventListener("dragover", onDragOver);
    addEventListener("drop", onDrop);
    return () => {
      setLeaveGuard(null);
      removeEventListener("beforeunload", onUnload);
      removeEventListener("keydown", onKey);
      removeEventListener("dragover", onDragOver);
      removeEventListener("drop", onDrop);
    };
  }, [store]);

  if (loadError) return <ErrorNote error={loadError} />;
  if (!store) return <p role="status">Loading the article…</p>;
  const f = store.draft;
  const reason = store.id ? readOnlyReason(store.view, user.role) : null;
  const readOnly = reason !== null;
  const over = overLimits(f);
  const allIssues = fieldIssues(store.error);
  const clearedNow = cleared.err === store.error ? cleared.fields : [];
  // A field over its limit is explained by its counter and the "too long" summary, not by the
  // server's restatement of it (an autosave still sends it and gets the 400).
  const tooLongFields: (FieldKey | null)[] = over.map((o) => o.field);
  const issues = allIssues.filter((i) => !i.field || (!clearedNow.includes(i.field) && !tooLongFields.includes(i.field)));
  const showOver = over.length > 0 && (blocked || allIssues.some((i) => tooLongFields.includes(i.field)));
  // Nothing a read-only view shows may reach the store (a drag in a list, a stray event): no 403s.
  const set = <K extends FieldKey>(key: K, value: ArticleForm[K]) => {
    // An "edit" that changes nothing (TipTap re-announcing the same body) is not one: it would turn a
    // refused save back into "Unsaved changes" and send the same refused request every 4 s.
    if (readOnly || same(value, store.draft[key])) return;
    if (allIssues.some((i) => i.field === key) && !clearedNow.includes(key)) setCleared({ err: store.error, fields: [...clearedNow, key] });
    store.set(key, value);
  };
  const save = () => {
    if (readOnly) return;
    const tooLong = overLimits(store.draft);
    setBlocked(tooLong.length > 0);
    if (tooLong[0]) return focusField(tooLong[0].field);
    void store.save();
  };
  saveRef.current = save;
  const errorFor = (k: FieldKey) => (issues.some((i) => i.field === k) ? errorIdFor(k) : undefined);

  return (
    <div class="editor-page">
      <div class="editor-bar">
        <a href={href("/")}>← Articles</a>
        {store.id && store.view?.kind === "live" && (
          <a class="button" href={href(`/articles/${encodeURIComponent(store.id)}/live`)}>
            <span class="badge live">LIVE</span> Open live desk
          </a>
        )}
        <SaveStatus store={store} />
        <div class="bar-actions">
          <button type="button" onClick={() => setPanel("preview")}>
            Preview
          </button>
          <button type="button" onClick={() => setPanel("history")}>
            History
          </button>
          {store.id && (
            <button type="button" aria-expanded={notesOpen} aria-controls="notes-column" onClick={() => setNotesOpen(!notesOpen)}>
              Notes
            </button>
          )}
          {!readOnly && (
            <button type="button" class="primary" disabled={store.state === "saving" || store.state === "conflict"} onClick={save}>
              Save
            </button>
          )}
        </div>
      </div>
      {/* One wrapper, always there: notices coming and going never shift the editor grid below. */}
      <div class="editor-notices">
      {reason && <ReadOnlyBanner reason={reason} />}
      <WorkingCopyBar store={store} />
      <ConflictPanel store={store} />
      {allIssues.length > 0 ? (
        <ErrorSummary
          // Saved content with a refused publish is not "Not saved": the server's own sentence says what was refused.
          title={store.dirty || !store.view ? "Not saved: fix the fields marked below" : `Saved, but refused: ${describeRefusal(store.error)}`}
          issues={issues}
          over={[]}
        />
      ) : (
        <ErrorNote error={store.error} onDismiss={() => store.dismissError()} />
      )}
      {showOver && <ErrorSummary title="Not saved: some fields are too long" issues={[]} over={over} />}
      </div>
      <div class={notesOpen && store.id ? "editor-grid with-notes" : "editor-grid"}>
        <div class="main-col">
          <h1 class="sr-only">{store.id ? `Edit: ${f.headline}` : "New article"}</h1>
          <LimitedText
            id="headline"
            field="headline"
            label="Headline"
            class="headline-input"
            rows={2}
            required
            value={f.headline}
            max={LIMITS.headline}
            readOnly={readOnly}
            issues={issues}
            onInput={(v) => set("headline", v)}
          />
          <LimitedText id="dek" field="dek" label="Dek" rows={2} value={f.dek} max={LIMITS.dek} readOnly={readOnly} issues={issues} onInput={(v) => set("dek", v)} />
          <LimitedText
            id="summary"
            field="summary"
            label="Summary"
            rows={3}
            value={f.summary}
            max={LIMITS.summary}
            readOnly={readOnly}
            issues={issues}
            hint={{ id: "summary-hint", text: "The teaser in lists, related-story cards and feeds." }}
            onInput={(v) => set("summary", v)}
          />
          <LimitedText
            id="slug"
            field="slug"
            label="Slug"
            value={f.slug}
            max={LIMITS.slug}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            readOnly={readOnly}
            issues={issues}
            hint={{
              id: "slug-hint",
              text: store.slugFollows ? "Follows the headline until you edit it." : "Part of the article's address; changing a published slug breaks old links.",
            }}
            onInput={(v) => set("slug", v)}
          />
          <span class="label" id="body-label">
            Body
          </span>
          <div id="body-group" role="group" tabIndex={-1} aria-labelledby="body-label" aria-describedby={["body-counts", errorFor("body")].filter(Boolean).join(" ")}>
            <BodyEditor value={f.body} epoch={store.bodyEpoch} readOnly={readOnly} onChange={(b) => set("body", b)} onEditor={setBodyEditor} />
            <BodyCountsLine id="body-counts" body={f.body} />
            <FieldError field="body" issues={issues} />
          </div>
        </div>
        <aside class="side-col" aria-label="Publication and metadata">
          <PublishPanel store={store} />
          {store.id && <WorkflowPanel store={store} />}
          {store.id && <AmendmentsPanel store={store} />}
          {/* A disabled fieldset disables every control inside, the featured image's included. */}
          <fieldset class="side-fields" disabled={readOnly}>
          <div class="field">
            <label for="section">Section</label>
            <select id="section" value={f.section} aria-describedby={errorFor("section")} aria-invalid={errorFor("section") ? "true" : undefined} onChange={(e) => set("section", e.currentTarget.value)}>
              <option value="">No section</option>
              {sections.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
            <FieldError field="section" issues={issues} />
          </div>
          <FieldError field="bylines" issues={issues} />
          <BylinesField value={f.bylines} onChange={(v) => set("bylines", v)} describedBy={errorFor("bylines")} />
          <FieldError field="tags" issues={issues} />
          <TagsField value={f.tags} onChange={(v) => set("tags", v)} describedBy={errorFor("tags")} />
          <div id="featured-image-group" class="field-slot" role="group" tabIndex={-1} aria-label="Featured image" aria-describedby={errorFor("featured_image")}>
            <FieldError field="featured_image" issues={issues} />
            <FeaturedImageField value={f.featured_image} onChange={(v) => set("featured_image", v)} />
          </div>
          <FieldError field="related" issues={issues} />
          <RelatedField value={f.related} onChange={(v) => set("related", v)} selfId={store.id} describedBy={errorFor("related")} />
          <AudioFields form={f} set={set} readOnly={readOnly} issues={issues} />
          <SeoFields form={f} set={set} readOnly={readOnly} issues={issues} />
          </fieldset>
        </aside>
        {notesOpen && store.id && (
          <div id="notes-column" class="notes-column">
            <NotesPanel articleId={store.id} editor={bodyEditor} onClose={() => setNotesOpen(false)} />
          </div>
        )}
      </div>
      {panel === "preview" && (
        <Modal title="Preview" wide onClose={() => setPanel(null)}>
          <PreviewPanel store={store} />
        </Modal>
      )}
      {panel === "history" && (
        <Modal title="Revision history" wide onClose={() => setPanel(null)}>
          <HistoryPanel store={store} />
        </Modal>
      )}
    </div>
  );
}
