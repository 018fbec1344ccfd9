// The tag desk: rename, describe, mark internal (Ghost's "#…" tags: never shown to readers) and
// delete unused tags. Authors create tags by typing them on an article; only editors manage them here.
import { allowed } from "@shared/auth/permission-table";
import type { Tag } from "../api/model";
import { CrudDialog, CrudPage, useCrud, useDraft } from "../components/crud-page";
import { Field } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { href } from "../lib/router";
import { fetchTags } from "../lib/taxonomy";

export function TagsPage() {
  const { user } = useApp();
  const crud = useCrud(() => fetchTags());
  const editor = allowed(user.role, "taxonomy.write");
  return (
    <CrudPage title="Tags" newLabel={editor && "New tag"} crud={crud} dialog={(t, close) => <TagDialog tag={t} onClose={close} />}>
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
          {crud.items.map((t) => (
            <tr key={t.id}>
              <td>
                {t.name}
                {t.visibility === "internal" && <small class="role"> internal</small>}
              </td>
              <td>{t.slug}</td>
              <td>
                <a href={href(`/?tag=${encodeURIComponent(t.slug)}`)} aria-label={`${t.article_count ?? 0} articles tagged ${t.name}`}>
                  {t.article_count ?? 0}
                </a>
              </td>
              {editor && (
                <td>
                  <button type="button" aria-label={`Edit tag ${t.name}`} onClick={() => crud.edit(t)}>
                    Edit
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </CrudPage>
  );
}

function TagDialog(p: { tag: Tag | null; onClose: (changed: boolean) => void }) {
  const t = p.tag;
  const { draft: d, set, text } = useDraft({ name: t?.name ?? "", slug: t?.slug ?? "", description: t?.description ?? "", internal: t?.visibility === "internal" });
  return (
    <CrudDialog
      title={t ? `Edit tag ${t.name}` : "New tag"}
      path="/tags"
      id={t?.id}
      // A new tag left unticked says nothing: the server makes a "#…" name internal, as Ghost does.
      body={() => ({ name: d.name, description: d.description || null, ...(d.slug ? { slug: d.slug } : {}), ...(t || d.internal ? { visibility: d.internal ? "internal" : "public" } : {}) })}
      onClose={p.onClose}
    >
      <Field id="t-name" label="Name">
        <input id="t-name" required maxLength={100} {...text("name")} />
      </Field>
      <Field id="t-slug" label="Slug (derived from the name if empty)">
        <input id="t-slug" maxLength={120} {...text("slug")} />
      </Field>
      <Field id="t-desc" label="Description">
        <textarea id="t-desc" rows={3} maxLength={2000} {...text("description")} />
      </Field>
      <div class="field">
        <label>
          <input type="checkbox" checked={d.internal} onChange={(e) => set({ internal: e.currentTarget.checked })} /> Internal: kept on stories for the newsroom, never shown to readers
        </label>
      </div>
    </CrudDialog>
  );
}
