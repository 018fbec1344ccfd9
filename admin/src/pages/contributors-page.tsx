// People and desks that appear in bylines: name, kind, job title, bio and avatar.
import { allowed } from "@shared/auth/permission-table";
import type { Contributor, ContributorKind } from "../api/model";
import { CrudDialog, CrudPage, useCrud, useDraft } from "../components/crud-page";
import { Field, useAction } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { mediaUrl, uploadMedia } from "../lib/media";
import { fetchContributors } from "../lib/taxonomy";

type Draft = { name: string; kind: ContributorKind; slug: string; job_title: string; bio: string; avatar_media_id: string | null };
const blank: Draft = { name: "", kind: "person", slug: "", job_title: "", bio: "", avatar_media_id: null };

export function ContributorsPage() {
  const { user } = useApp();
  const crud = useCrud(() => fetchContributors());
  const canCreate = allowed(user.role, "contributors.create");
  const canEdit = allowed(user.role, "taxonomy.write");
  return (
    <CrudPage
      title="Contributors"
      newLabel={canCreate && "New person or desk"}
      crud={crud}
      dialog={(c, close) => <ContributorDialog contributor={c} canDelete={canEdit} onClose={close} />}
    >
      <ul class="cards" aria-label="Contributors">
        {crud.items.map((c) => (
          <li key={c.id} class="card">
            {c.avatar ? <img class="avatar" src={mediaUrl(c.avatar.media_id)} alt="" /> : <span class="avatar placeholder" aria-hidden="true">{c.name[0]}</span>}
            <div>
              <strong>{c.name}</strong> <small class="badge">{c.kind === "organization" ? "desk" : "person"}</small>
              <p class="muted">
                {c.job_title ?? ""} · {c.article_count ?? 0} articles · {c.slug}
              </p>
            </div>
            {canEdit && (
              <button type="button" aria-label={`Edit ${c.name}`} onClick={() => crud.edit(c)}>
                Edit
              </button>
            )}
          </li>
        ))}
      </ul>
    </CrudPage>
  );
}

function ContributorDialog(p: { contributor: Contributor | null; canDelete: boolean; onClose: (changed: boolean) => void }) {
  const c = p.contributor;
  const { draft: d, set, text } = useDraft<Draft>(
    c ? { name: c.name, kind: c.kind, slug: c.slug, job_title: c.job_title ?? "", bio: c.bio ?? "", avatar_media_id: c.avatar?.media_id ?? null } : blank,
  );
  // The avatar upload shares the dialog's busy state and error line.
  const act = useAction();
  const upload = (file: File) => act.run(async () => set({ avatar_media_id: (await uploadMedia(file, { alt: `Portrait of ${d.name}`, caption: "", credit: "" })).id }));
  return (
    <CrudDialog
      title={c ? `Edit ${c.name}` : "New person or desk"}
      path="/contributors"
      id={c?.id}
      body={() => ({ name: d.name, kind: d.kind, job_title: d.job_title || null, bio: d.bio || null, avatar_media_id: d.avatar_media_id, ...(d.slug ? { slug: d.slug } : {}) })}
      onClose={p.onClose}
      deleteLabel={p.canDelete && "Delete"}
      act={act}
    >
      <Field id="c-name" label="Name">
        <input id="c-name" required maxLength={200} {...text("name")} />
      </Field>
      <Field id="c-kind" label="Kind">
        <select id="c-kind" value={d.kind} onChange={(e) => set({ kind: e.currentTarget.value as ContributorKind })}>
          <option value="person">Person</option>
          <option value="organization">Desk or organisation</option>
        </select>
      </Field>
      <Field id="c-slug" label="Slug (derived from the name if empty)">
        <input id="c-slug" maxLength={120} {...text("slug")} />
      </Field>
      <Field id="c-job" label="Job title">
        <input id="c-job" maxLength={200} {...text("job_title")} />
      </Field>
      <Field id="c-bio" label="Bio">
        <textarea id="c-bio" rows={4} maxLength={5000} {...text("bio")} />
      </Field>
      <Field id="c-avatar" label="Avatar image">
        <input id="c-avatar" type="file" accept="image/*" onChange={(e) => e.currentTarget.files?.[0] && void upload(e.currentTarget.files[0])} />
      </Field>
      {d.avatar_media_id && (
        <p>
          <img class="avatar" src={mediaUrl(d.avatar_media_id)} alt={`Avatar of ${d.name}`} />{" "}
          <button type="button" onClick={() => set({ avatar_media_id: null })}>
            Remove avatar
          </button>
        </p>
      )}
    </CrudDialog>
  );
}
