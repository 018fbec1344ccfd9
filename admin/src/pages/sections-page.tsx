// Sections in the order the front end shows them; reordering writes each moved section's position.
import { useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Section } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { Modal } from "../components/modal";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { ReorderList } from "../components/reorder-list";
import { useApp } from "../lib/app-context";
import { fetchSections } from "../lib/taxonomy";

export function SectionsPage() {
  const { user } = useApp();
  const list = useLoad(() => fetchSections());
  const [editing, setEditing] = useState<Section | "new" | null>(null);
  const act = useAction();
  const editor = allowed(user.role, "taxonomy.write");
  const sections = list.data ?? [];

  const reorder = (next: Section[]) =>
    act.run(async () => {
      for (const [position, s] of next.entries()) if (s.position !== position) await api("PATCH", `/sections/${s.id}`, { body: { position } });
      list.reload();
    });

  return (
    <section>
      <div class="page-head">
        <h1>Sections</h1>
        {editor && (
          <button type="button" class="primary" onClick={() => setEditing("new")}>
            New section
          </button>
        )}
      </div>
      <ErrorNote error={list.error} />
      <ActionError error={act.error} />
      <ReorderList
        label="Sections, in display order"
        items={sections}
        itemLabel={(s) => s.name}
        itemKey={(s) => s.id}
        readOnly={!editor || act.busy}
        onChange={(next) => void reorder(next)}
        render={(s) => (
          <div class="row-inline">
            <span>
              <strong>{s.name}</strong> <small class="muted">/{s.slug} · {s.article_count ?? 0} articles</small>
            </span>
            {editor && (
              <button type="button" aria-label={`Edit section ${s.name}`} onClick={() => setEditing(s)}>
                Edit
              </button>
            )}
          </div>
        )}
      />
      {editing && (
        <SectionDialog section={editing === "new" ? null : editing} nextPosition={sections.length} onClose={(changed) => (setEditing(null), changed && list.reload())} />
      )}
    </section>
  );
}

function SectionDialog(p: { section: Section | null; nextPosition: number; onClose: (changed: boolean) => void }) {
  const s = p.section;
  const [name, setName] = useState(s?.name ?? "");
  const [slug, setSlug] = useState(s?.slug ?? "");
  const [description, setDescription] = useState(s?.description ?? "");
  const act = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    const body = { name, description: description || null, ...(slug ? { slug } : {}), ...(s ? {} : { position: p.nextPosition }) };
    void act.run(() => (s ? api("PATCH", `/sections/${s.id}`, { body }) : api("POST", "/sections", { body }))).then((ok) => ok && p.onClose(true));
  };
  return (
    <Modal title={s ? `Edit section ${s.name}` : "New section"} onClose={() => p.onClose(false)}>
      <form onSubmit={save}>
        <Field id="s-name" label="Name">
          <input id="s-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="s-slug" label="Slug (derived from the name if empty)">
          <input id="s-slug" maxLength={120} value={slug} onInput={(e) => setSlug(e.currentTarget.value)} />
        </Field>
        <Field id="s-desc" label="Description">
          <textarea id="s-desc" rows={3} maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <ActionError error={act.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            {s ? "Save" : "Create"}
          </button>
          {s && (
            <button type="button" class="danger" disabled={act.busy} onClick={() => void act.run(() => api("DELETE", `/sections/${s.id}`)).then((ok) => ok && p.onClose(true))}>
              Delete
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
