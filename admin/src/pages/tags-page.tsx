// The tag desk: rename, describe and delete unused tags. Authors create tags by
// typing them on an article; only editors manage them here.
import { useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Tag } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { Modal } from "../components/modal";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { href } from "../lib/router";
import { fetchTags } from "../lib/taxonomy";

export function TagsPage() {
  const { user } = useApp();
  const list = useLoad(() => fetchTags());
  const [editing, setEditing] = useState<Tag | "new" | null>(null);
  const editor = allowed(user.role, "taxonomy.write");
  return (
    <section>
      <div class="page-head">
        <h1>Tags</h1>
        {editor && (
          <button type="button" class="primary" onClick={() => setEditing("new")}>
            New tag
          </button>
        )}
      </div>
      <ErrorNote error={list.error} />
      <table class="table">
        <caption class="sr-only">Tags with their article counts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Articles</th>
            {editor && <th scope="col"><span class="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.slug}</td>
              <td>
                <a href={href(`/?tag=${encodeURIComponent(t.slug)}`)} aria-label={`${t.article_count ?? 0} articles tagged ${t.name}`}>
                  {t.article_count ?? 0}
                </a>
              </td>
              {editor && (
                <td>
                  <button type="button" aria-label={`Edit tag ${t.name}`} onClick={() => setEditing(t)}>
                    Edit
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <TagDialog tag={editing === "new" ? null : editing} onClose={(changed) => (setEditing(null), changed && list.reload())} />}
    </section>
  );
}

function TagDialog(p: { tag: Tag | null; onClose: (changed: boolean) => void }) {
  const t = p.tag;
  const [name, setName] = useState(t?.name ?? "");
  const [slug, setSlug] = useState(t?.slug ?? "");
  const [description, setDescription] = useState(t?.description ?? "");
  const act = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    const body = { name, description: description || null, ...(slug ? { slug } : {}) };
    void act.run(() => (t ? api("PATCH", `/tags/${t.id}`, { body }) : api("POST", "/tags", { body }))).then((ok) => ok && p.onClose(true));
  };
  return (
    <Modal title={t ? `Edit tag ${t.name}` : "New tag"} onClose={() => p.onClose(false)}>
      <form onSubmit={save}>
        <Field id="t-name" label="Name">
          <input id="t-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="t-slug" label="Slug (derived from the name if empty)">
          <input id="t-slug" maxLength={120} value={slug} onInput={(e) => setSlug(e.currentTarget.value)} />
        </Field>
        <Field id="t-desc" label="Description">
          <textarea id="t-desc" rows={3} maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <ActionError error={act.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            {t ? "Save" : "Create"}
          </button>
          {t && (
            <button type="button" class="danger" disabled={act.busy} onClick={() => void act.run(() => api("DELETE", `/tags/${t.id}`)).then((ok) => ok && p.onClose(true))}>
              Delete
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
