// People and desks that appear in bylines: name, kind, job title, bio and avatar.
import { useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Contributor, ContributorKind } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { Modal } from "../components/modal";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { mediaUrl, uploadMedia } from "../lib/media";
import { fetchContributors } from "../lib/taxonomy";

type Draft = { name: string; kind: ContributorKind; slug: string; job_title: string; bio: string; avatar_media_id: string | null };
const blank: Draft = { name: "", kind: "person", slug: "", job_title: "", bio: "", avatar_media_id: null };

export function ContributorsPage() {
  const { user } = useApp();
  const list = useLoad(() => fetchContributors());
  const [editing, setEditing] = useState<Contributor | "new" | null>(null);
  const canCreate = allowed(user.role, "contributors.create");
  const canEdit = allowed(user.role, "taxonomy.write");
  return (
    <section>
      <div class="page-head">
        <h1>Contributors</h1>
        {canCreate && (
          <button type="button" class="primary" onClick={() => setEditing("new")}>
            New person or desk
          </button>
        )}
      </div>
      <ErrorNote error={list.error} />
      <ul class="cards" aria-label="Contributors">
        {(list.data ?? []).map((c) => (
          <li key={c.id} class="card">
            {c.avatar ? <img class="avatar" src={mediaUrl(c.avatar.media_id)} alt="" /> : <span class="avatar placeholder" aria-hidden="true">{c.name[0]}</span>}
            <div>
              <strong>{c.name}</strong> <small class="badge">{c.kind === "organization" ? "desk" : "person"}</small>
              <p class="muted">
                {c.job_title ?? ""} · {c.article_count ?? 0} articles · {c.slug}
              </p>
            </div>
            {canEdit && (
              <button type="button" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
                Edit
              </button>
            )}
          </li>
        ))}
      </ul>
      {editing && (
        <ContributorDialog
          contributor={editing === "new" ? null : editing}
          canDelete={canEdit}
          onClose={(changed) => {
            setEditing(null);
            if (changed) list.reload();
          }}
        />
      )}
    </section>
  );
}

function ContributorDialog(p: { contributor: Contributor | null; canDelete: boolean; onClose: (changed: boolean) => void }) {
  const c = p.contributor;
  const [d, setD] = useState<Draft>(
    c ? { name: c.name, kind: c.kind, slug: c.slug, job_title: c.job_title ?? "", bio: c.bio ?? "", avatar_media_id: c.avatar?.media_id ?? null } : blank,
  );
  const act = useAction();
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const save = (e: Event) => {
    e.preventDefault();
    const body = { name: d.name, kind: d.kind, job_title: d.job_title || null, bio: d.bio || null, avatar_media_id: d.avatar_media_id, ...(d.slug ? { slug: d.slug } : {}) };
    void act.run(() => (c ? api("PATCH", `/contributors/${c.id}`, { body }) : api("POST", "/contributors", { body }))).then((ok) => ok && p.onClose(true));
  };
  const upload = (file: File) => act.run(async () => set({ avatar_media_id: (await uploadMedia(file, { alt: `Portrait of ${d.name}`, caption: "", credit: "" })).id }));
  return (
    <Modal title={c ? `Edit ${c.name}` : "New person or desk"} onClose={() => p.onClose(false)}>
      <form onSubmit={save}>
        <Field id="c-name" label="Name">
          <input id="c-name" required maxLength={200} value={d.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        </Field>
        <Field id="c-kind" label="Kind">
          <select id="c-kind" value={d.kind} onChange={(e) => set({ kind: e.currentTarget.value as ContributorKind })}>
            <option value="person">Person</option>
            <option value="organization">Desk or organisation</option>
          </select>
        </Field>
        <Field id="c-slug" label="Slug (derived from the name if empty)">
          <input id="c-slug" maxLength={120} value={d.slug} onInput={(e) => set({ slug: e.currentTarget.value })} />
        </Field>
        <Field id="c-job" label="Job title">
          <input id="c-job" maxLength={200} value={d.job_title} onInput={(e) => set({ job_title: e.currentTarget.value })} />
        </Field>
        <Field id="c-bio" label="Bio">
          <textarea id="c-bio" rows={4} maxLength={5000} value={d.bio} onInput={(e) => set({ bio: e.currentTarget.value })} />
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
        <ActionError error={act.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            {c ? "Save" : "Create"}
          </button>
          {c && p.canDelete && (
            <button type="button" class="danger" disabled={act.busy} onClick={() => void act.run(() => api("DELETE", `/contributors/${c.id}`)).then((ok) => ok && p.onClose(true))}>
              Delete
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
