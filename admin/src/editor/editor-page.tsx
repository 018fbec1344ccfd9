// The article editor: fields on the left, publication and metadata on the right (stacked on a
// phone). State lives in DraftStore; this file only lays it out and wires keyboard and leave guards.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { ArticleView, Section } from "../api/types";
import { ErrorNote } from "../components/error-note";
import { Modal } from "../components/modal";
import { href, navigate, setLeaveGuard } from "../lib/router";
import { fetchSections } from "../lib/taxonomy";
import { BodyEditor } from "./body-editor";
import { BylinesField } from "./bylines-field";
import { ConflictPanel } from "./conflict-panel";
import { DraftStore } from "./draft-store";
import { AudioFields, SeoFields } from "./extra-fields";
import { FeaturedImageField } from "./featured-image-field";
import { HistoryPanel } from "./history-panel";
import { PreviewPanel } from "./preview-panel";
import { PublishPanel } from "./publish-panel";
import { RelatedField } from "./related-field";
import { SaveStatus } from "./save-status";
import { TagsField } from "./tags-field";
import { useStore } from "./use-store";

export function EditorPage({ id }: { id: string | null }) {
  const [store, setStore] = useState<DraftStore | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [sections, setSections] = useState<Section[]>([]);
  const [panel, setPanel] = useState<null | "preview" | "history">(null);
  useStore(store);

  useEffect(() => {
    // A new article that just got its id keeps its editor; any other change of id loads afresh.
    if (store && (store.id === id || (id === null && store.id === null))) return;
    const onCreated = (newId: string) => navigate(`/articles/${encodeURIComponent(newId)}`, { replace: true });
    if (!id) return setStore(new DraftStore(null, onCreated));
    setStore(null);
    api<{ article: ArticleView }>("GET", `/articles/${encodeURIComponent(id)}`).then(
      (r) => setStore(new DraftStore(r.article, onCreated)),
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
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") (e.preventDefault(), void store.save());
    };
    addEventListener("beforeunload", onUnload);
    addEventListener("keydown", onKey);
    return () => {
      setLeaveGuard(null);
      removeEventListener("beforeunload", onUnload);
      removeEventListener("keydown", onKey);
    };
  }, [store]);

  if (loadError) return <ErrorNote error={loadError} />;
  if (!store) return <p role="status">Loading the article…</p>;
  const f = store.draft;
  const set = store.set.bind(store);

  return (
    <div class="editor-page">
      <div class="editor-bar">
        <a href={href("/")}>← Articles</a>
        <SaveStatus store={store} />
        <div class="bar-actions">
          <button type="button" onClick={() => setPanel("preview")}>
            Preview
          </button>
          <button type="button" onClick={() => setPanel("history")}>
            History
          </button>
          <button type="button" class="primary" disabled={store.state === "saving" || store.state === "conflict"} onClick={() => void store.save()}>
            Save
          </button>
        </div>
      </div>
      <ConflictPanel store={store} />
      <ErrorNote error={store.error} onDismiss={() => store.dismissError()} />
      <div class="editor-grid">
        <div class="main-col">
          <h1 class="sr-only">{store.id ? `Edit: ${f.headline}` : "New article"}</h1>
          <label for="headline">Headline</label>
          <textarea id="headline" class="headline-input" rows={2} maxLength={300} required value={f.headline} onInput={(e) => set("headline", e.currentTarget.value)} />
          <label for="dek">Dek</label>
          <textarea id="dek" rows={2} maxLength={500} value={f.dek} onInput={(e) => set("dek", e.currentTarget.value)} />
          <label for="summary">Summary</label>
          <textarea id="summary" rows={3} maxLength={1000} value={f.summary} aria-describedby="summary-hint" onInput={(e) => set("summary", e.currentTarget.value)} />
          <small id="summary-hint" class="muted">The teaser in lists, related-story cards and feeds.</small>
          <label for="slug">Slug</label>
          <input id="slug" value={f.slug} maxLength={120} pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="slug-hint" onInput={(e) => set("slug", e.currentTarget.value)} />
          <small id="slug-hint" class="muted">
            {store.slugFollows ? "Follows the headline until you edit it." : "Part of the article's address; changing a published slug breaks old links."}
          </small>
          <span class="label" id="body-label">
            Body
          </span>
          <BodyEditor value={f.body} epoch={store.bodyEpoch} onChange={(b) => set("body", b)} />
        </div>
        <aside class="side-col" aria-label="Publication and metadata">
          <PublishPanel store={store} />
          <div class="field">
            <label for="section">Section</label>
            <select id="section" value={f.section} onChange={(e) => set("section", e.currentTarget.value)}>
              <option value="">No section</option>
              {sections.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <BylinesField value={f.bylines} onChange={(v) => set("bylines", v)} />
          <TagsField value={f.tags} onChange={(v) => set("tags", v)} />
          <FeaturedImageField value={f.featured_image} onChange={(v) => set("featured_image", v)} />
          <RelatedField value={f.related} onChange={(v) => set("related", v)} selfId={store.id} />
          <AudioFields form={f} set={set} />
          <SeoFields form={f} set={set} />
        </aside>
      </div>
      {panel === "preview" && (
        <Modal title="Preview" wide onClose={() => setPanel(null)}>
          <PreviewPanel store={store} />
        </Modal>
      )}
      {panel === "history" && (
        <Modal title="Revision history" onClose={() => setPanel(null)}>
          <HistoryPanel store={store} />
        </Modal>
      )}
    </div>
  );
}
