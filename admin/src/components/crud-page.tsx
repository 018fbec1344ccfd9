// One list page with a create/edit dialog. The tag, section, user and contributor pages differ only
// in their columns and their fields; the heading with its "New …" button, the load error, which
// record the dialog is open on, the reload after a change, and the dialog's save (POST or PATCH),
// delete and error line live here once.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ErrorNote } from "./error-note";
import { Modal } from "./modal";
import { ActionError, useAction, useLoad } from "./page-bits";

type Action = ReturnType<typeof useAction>;

/** The records a page lists and the one its dialog is open on ("new" for a record not yet made). */
export function useCrud<T>(load: () => Promise<T[]>) {
  const list = useLoad(load);
  const [editing, setEditing] = useState<T | "new" | null>(null);
  return {
    items: list.data ?? [],
    error: list.error,
    reload: list.reload,
    editing,
    edit: (item: T) => setEditing(item),
    create: () => setEditing("new"),
    /** Closes the dialog; the list is read again only if something changed. */
    close: (changed: boolean) => {
      setEditing(null);
      if (changed) list.reload();
    },
  };
}

export type Crud<T> = ReturnType<typeof useCrud<T>>;

/**
 * The page: heading, "New …" button (only when `newLabel` is given: the caller asks the role
 * table), the load error, the list (children), and the dialog while one is open.
 */
export function CrudPage<T>(p: {
  title: string;
  newLabel?: string | false;
  crud: Crud<T>;
  dialog: (item: T | null, close: (changed: boolean) => void) => ComponentChildren;
  children: ComponentChildren;
}) {
  const { crud } = p;
  return (
    <section>
      <div class="page-head">
        <h1>{p.title}</h1>
        {p.newLabel && (
          <button type="button" class="primary" onClick={crud.create}>
            {p.newLabel}
          </button>
        )}
      </div>
      <ErrorNote error={crud.error} />
      {p.children}
      {crud.editing && p.dialog(crud.editing === "new" ? null : crud.editing, crud.close)}
    </section>
  );
}

/**
 * The create/edit dialog: a record with an `id` is PATCHed at `${path}/${id}` (and may be deleted
 * there), one without is POSTed to `path`. The API's refusal (e.g. 409 in_use) shows above the
 * buttons. Pass `act` when a field runs actions of its own (an upload) that should share the
 * busy state and the error line.
 */
export function CrudDialog(p: {
  title: string;
  path: string;
  id?: string | undefined;
  body: () => unknown;
  onClose: (changed: boolean) => void;
  /** The submit button's label for a new record; "Save" when editing. */
  createLabel?: string;
  /** The delete button's label; false when the role may not delete. */
  deleteLabel?: string | false;
  act?: Action;
  children: ComponentChildren;
}) {
  const own = useAction();
  const act = p.act ?? own;
  const { id } = p;
  const done = (ok: boolean) => ok && p.onClose(true);
  const save = (e: Event) => {
    e.preventDefault();
    const body = p.body();
    void act.run(() => (id ? api("PATCH", `${p.path}/${id}`, { body }) : api("POST", p.path, { body }))).then(done);
  };
  const deleteLabel = p.deleteLabel ?? "Delete";
  return (
    <Modal title={p.title} onClose={() => p.onClose(false)}>
      <form onSubmit={save}>
        {p.children}
        <ActionError error={act.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            {id ? "Save" : (p.createLabel ?? "Create")}
          </button>
          {id && deleteLabel && (
            <button type="button" class="danger" disabled={act.busy} onClick={() => void act.run(() => api("DELETE", `${p.path}/${id}`)).then(done)}>
              {deleteLabel}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

type TextKeys<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D];

/** A form's fields as one object; `text(key)` binds an input or textarea to a string field. */
export function useDraft<D extends object>(initial: D) {
  const [draft, setDraft] = useState<D>(initial);
  const set = (patch: Partial<D>) => setDraft((d) => ({ ...d, ...patch }));
  const text = (key: TextKeys<D>) => ({
    value: draft[key] as string,
    onInput: (e: Event) => set({ [key]: (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value } as Partial<D>),
  });
  return { draft, set, text };
}
