// Hand-curated, ordered lists ("Editors' Picks"): pick one, arrange its stories by drag, Alt+↑/↓ or
// the move buttons, add stories by search, and save the whole order at once.
import { useEffect, useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Collection, CollectionListItem, Status } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { ReorderList } from "../components/reorder-list";
import { SearchPicker } from "../components/search-picker";
import { useApp } from "../lib/app-context";
import { same } from "../lib/same";
import { searchArticles } from "../lib/search-articles";

type Item = { id: string; headline: string; status: Status };

export function CollectionsPage() {
  const { user } = useApp();
  const list = useLoad(() => api<{ collections: CollectionListItem[] }>("GET", "/collections").then((r) => r.collections));
  const [openId, setOpenId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const act = useAction();
  const editor = allowed(user.role, "collections.write");
  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const r = await api<{ collection: Collection }>("POST", "/collections", { body: { name } });
      setName("");
      list.reload();
      setOpenId(r.collection.id);
    });
  };
  return (
    <section>
      <h1>Collections</h1>
      <ErrorNote error={list.error} />
      <div class="split">
        <nav aria-label="Collections" class="collection-list">
          <ul>
            {(list.data ?? []).map((c) => (
              <li key={c.id}>
                <button type="button" aria-pressed={openId === c.id} onClick={() => setOpenId(c.id)}>
                  {c.name} <small class="muted">({c.article_count ?? 0})</small>
                </button>
              </li>
            ))}
          </ul>
          {editor && (
            <form onSubmit={create} class="inline-form">
              <Field id="new-collection" label="New collection">
                <input id="new-collection" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
              </Field>
              <button type="submit" disabled={act.busy}>
                Create
              </button>
              <ActionError error={act.error} />
            </form>
          )}
        </nav>
        {openId ? <CollectionEditor key={openId} id={openId} editable={editor} onChanged={list.reload} /> : <p class="muted">Choose a collection to arrange it.</p>}
      </div>
    </section>
  );
}

function CollectionEditor(p: { id: string; editable: boolean; onChanged: () => void }) {
  const [saved, setSaved] = useState<Collection | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const act = useAction();
  useEffect(() => {
    api<{ collection: Collection }>("GET", `/collections/${p.id}`).then((r) => (setSaved(r.collection), setItems(r.collection.articles ?? [])), setLoadError);
  }, [p.id]);
  if (loadError) return <ErrorNote error={loadError} />;
  if (!saved) return <p role="status">Loading…</p>;
  const dirty = !same(items.map((i) => i.id), (saved.articles ?? []).map((i) => i.id));
  const save = () =>
    act.run(async () => {
      const r = await api<{ collection: Collection }>("PATCH", `/collections/${p.id}`, { body: { article_ids: items.map((i) => i.id) } });
      setSaved(r.collection);
      setItems(r.collection.articles ?? []);
      p.onChanged();
    });
  return (
    <section class="collection-editor" aria-labelledby="collection-title">
      <h2 id="collection-title">{saved.name}</h2>
      {saved.description && <p class="muted">{saved.description}</p>}
      <ReorderList
        label={`${saved.name}, in order`}
        items={items}
        itemLabel={(i) => i.headline}
        itemKey={(i) => i.id}
        readOnly={!p.editable}
        onChange={setItems}
        onRemove={p.editable ? (i) => setItems(items.filter((_, j) => j !== i)) : undefined}
        render={(i) => (
          <span>
            {i.headline} {i.status !== "published" && <small class="badge">{i.status}</small>}
          </span>
        )}
      />
      {p.editable && (
        <>
          <SearchPicker
            label="Add a story"
            placeholder="Search headlines"
            search={async (q) => (await searchArticles(q)).filter((o) => !items.some((i) => i.id === o.key))}
            onPick={(o) => setItems([...items, { id: o.key, headline: o.label, status: (o.value as { status: Status }).status }])}
          />
          <ActionError error={act.error} />
          <div class="actions">
            <button type="button" class="primary" disabled={!dirty || act.busy} onClick={() => void save()}>
              Save order
            </button>
            <button type="button" disabled={!dirty || act.busy} onClick={() => setItems(saved.articles ?? [])}>
              Undo changes
            </button>
          </div>
        </>
      )}
    </section>
  );
}
