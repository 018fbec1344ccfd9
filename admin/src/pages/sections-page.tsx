// Sections in the order the front end shows them; reordering writes each moved section's position.
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Section } from "../api/model";
import { CrudDialog, CrudPage, useCrud, useDraft, type Crud } from "../components/crud-page";
import { ActionError, Field, useAction } from "../components/page-bits";
import { ReorderList } from "../components/reorder-list";
import { useApp } from "../lib/app-context";
import { fetchSections } from "../lib/taxonomy";

export function SectionsPage() {
  const { user } = useApp();
  const crud = useCrud(() => fetchSections());
  const editor = allowed(user.role, "taxonomy.write");
  return (
    <CrudPage
      title="Sections"
      newLabel={editor && "New section"}
      crud={crud}
      dialog={(s, close) => <SectionDialog section={s} nextPosition={crud.items.length} onClose={close} />}
    >
      <SectionList crud={crud} editor={editor} />
    </CrudPage>
  );
}

function SectionList({ crud, editor }: { crud: Crud<Section>; editor: boolean }) {
  const act = useAction();
  const reorder = (next: Section[]) =>
    act.run(async () => {
      for (const [position, s] of next.entries()) if (s.position !== position) await api("PATCH", `/sections/${s.id}`, { body: { position } });
      crud.reload();
    });
  return (
    <>
      <ActionError error={act.error} />
      <ReorderList
        label="Sections, in display order"
        items={crud.items}
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
              <button type="button" aria-label={`Edit section ${s.name}`} onClick={() => crud.edit(s)}>
                Edit
              </button>
            )}
          </div>
        )}
      />
    </>
  );
}

function SectionDialog(p: { section: Section | null; nextPosition: number; onClose: (changed: boolean) => void }) {
  const s = p.section;
  const { draft: d, text } = useDraft({ name: s?.name ?? "", slug: s?.slug ?? "", description: s?.description ?? "" });
  return (
    <CrudDialog
      title={s ? `Edit section ${s.name}` : "New section"}
      path="/sections"
      id={s?.id}
      body={() => ({ name: d.name, description: d.description || null, ...(d.slug ? { slug: d.slug } : {}), ...(s ? {} : { position: p.nextPosition }) })}
      onClose={p.onClose}
    >
      <Field id="s-name" label="Name">
        <input id="s-name" required maxLength={200} {...text("name")} />
      </Field>
      <Field id="s-slug" label="Slug (derived from the name if empty)">
        <input id="s-slug" maxLength={120} {...text("slug")} />
      </Field>
      <Field id="s-desc" label="Description">
        <textarea id="s-desc" rows={3} maxLength={2000} {...text("description")} />
      </Field>
    </CrudDialog>
  );
}
