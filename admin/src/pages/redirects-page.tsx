// Old URLs and where they lead now (a previous site's, e.g. Ghost's after an import). Editors and
// admins: list them by path (filtered by a prefix, a page at a time), add, change, delete, and paste
// many at once ("old new [status]" per line: all are saved, or none and the first problems shown).
import { allowed } from "@shared/auth/permission-table";
import { REDIRECT_STATUSES } from "@shared/redirects/paths";
import { useState } from "preact/hooks";
import { api, qs } from "../api/client";
import type { Answer, Redirect } from "../api/model";
import { CrudDialog, CrudPage, useCrud, useDraft } from "../components/crud-page";
import { Modal } from "../components/modal";
import { ActionError, Field, useAction } from "../components/page-bits";
import { useApp } from "../lib/app-context";

type Page = Answer<"/redirects", "get">;
const PAGE = 50;

export function RedirectsPage() {
  const { user } = useApp();
  const [q, setQ] = useState("");
  const [more, setMore] = useState<{ cursor: string | null; extra: Redirect[] }>({ cursor: null, extra: [] });
  const [bulk, setBulk] = useState(false);
  // The first page comes through the shared list hook (reloaded after every change); "More" appends.
  const may = allowed(user.role, "redirects.manage");
  const crud = useCrud(async () => {
    if (!may) return [];
    const page = await api<Page>("GET", `/redirects${qs({ q, limit: PAGE })}`);
    setMore({ cursor: page.next_cursor, extra: [] });
    return page.redirects;
  });
  const loadMore = async () => {
    const page = await api<Page>("GET", `/redirects${qs({ q, limit: PAGE, cursor: more.cursor })}`);
    setMore((m) => ({ cursor: page.next_cursor, extra: [...m.extra, ...page.redirects] }));
  };
  if (!may) return <p role="alert">Only editors and admins manage redirects.</p>;
  const rows = [...crud.items, ...more.extra];
  return (
    <CrudPage title="Redirects" newLabel="New redirect" crud={crud} dialog={(r, close) => <RedirectDialog redirect={r} onClose={close} />}>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          crud.reload();
        }}
      >
        <Field id="rdr-q" label="Old path starts with">
          <input id="rdr-q" type="search" placeholder="/tag/" maxLength={48} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <button type="submit">Filter</button>
        <button type="button" onClick={() => setBulk(true)}>
          Paste many…
        </button>
      </form>
      <table class="table">
        <caption class="sr-only">Redirects by old path</caption>
        <thead>
          <tr>
            <th scope="col">Old path</th>
            <th scope="col">Leads to</th>
            <th scope="col">Status</th>
            <th scope="col">Added by</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <code>{r.from_path}</code>
              </td>
              <td>{r.to_url}</td>
              <td>{r.status_code}</td>
              <td>{r.source === "ghost-import" ? "Ghost import" : "Editor"}</td>
              <td>
                <button type="button" aria-label={`Edit redirect ${r.from_path}`} onClick={() => crud.edit(r)}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !crud.error && <p>No redirects{q ? ` for paths starting with ${q}` : ""}.</p>}
      {more.cursor && (
        <button type="button" onClick={() => void loadMore()}>
          More redirects
        </button>
      )}
      {bulk && (
        <BulkDialog
          onClose={(changed) => {
            setBulk(false);
            if (changed) crud.reload();
          }}
        />
      )}
    </CrudPage>
  );
}

function RedirectDialog(p: { redirect: Redirect | null; onClose: (changed: boolean) => void }) {
  const r = p.redirect;
  const { draft: d, set, text } = useDraft({ from_path: r?.from_path ?? "", to_url: r?.to_url ?? "", status_code: String(r?.status_code ?? 301) });
  return (
    <CrudDialog
      title={r ? `Edit redirect ${r.from_path}` : "New redirect"}
      path="/redirects"
      id={r?.id}
      body={() => ({ from_path: d.from_path, to_url: d.to_url, status_code: Number(d.status_code) })}
      onClose={p.onClose}
    >
      <Field id="r-from" label="Old path (e.g. /my-old-story/)">
        <input id="r-from" required maxLength={2000} {...text("from_path")} />
      </Field>
      <Field id="r-to" label="Leads to (a full URL, or a path on this server such as /feed.xml)">
        <input id="r-to" required maxLength={2000} {...text("to_url")} />
      </Field>
      <Field id="r-status" label="Status">
        <select id="r-status" value={d.status_code} onChange={(e) => set({ status_code: e.currentTarget.value })}>
          {REDIRECT_STATUSES.map((s) => (
            <option key={s} value={String(s)}>
              {s} {s === 301 || s === 308 ? "(permanent)" : "(temporary)"}
            </option>
          ))}
        </select>
      </Field>
    </CrudDialog>
  );
}

/** "old new [status]" per line; blank lines and lines starting with # are skipped. */
export function parseBulkLines(text: string) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [from_path = "", to_url = "", status] = l.split(/\s+/);
      return { from_path, to_url, ...(status ? { status_code: Number(status) } : {}) };
    });
}

function BulkDialog(p: { onClose: (changed: boolean) => void }) {
  const [text, setText] = useState("");
  const [done, setDone] = useState("");
  const act = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    void act
      .run(async () => {
        const res = await api<Answer<"/redirects/bulk", "post">>("POST", "/redirects/bulk", { body: { redirects: parseBulkLines(text) } });
        setDone(`${res.created} added, ${res.updated} replaced.`);
      })
      .then((ok) => ok && p.onClose(true));
  };
  return (
    <Modal title="Paste many redirects" onClose={() => p.onClose(Boolean(done))}>
      <form onSubmit={save}>
        <Field id="r-bulk" label="One per line: old path, new URL or path, and optionally the status (at most 500)">
          <textarea id="r-bulk" rows={10} required value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={"/old-story/ https://news.example/world/new-story\n/rss/ /feed.xml 301"} />
        </Field>
        <ActionError error={act.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            Save all
          </button>
        </div>
      </form>
    </Modal>
  );
}
