// Revision history: who did what and when (to the second, in the newsroom's zone), any version
// viewed or compared with what the editor shows now, and restore behind a confirmation. On a
// published story a restore lands in its working copy, so readers see nothing until "Update live
// story". Restore is offered only without unsaved edits, which it would otherwise replace.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, describeError } from "../api/client";
import type { Revision, RevisionDetail } from "../api/model";
import { Modal } from "../components/modal";
import { useApp } from "../lib/app-context";
import { fromView, type ArticleForm } from "./article-form";
import type { DraftStore } from "./draft-store";
import { DocText, FormDiff } from "./merge/diff-view";
import { formatWithSeconds } from "./merge/format";

const ACTIONS: Record<string, string> = {
  create: "Created",
  update: "Saved",
  publish: "Published",
  unpublish: "Unpublished",
  schedule: "Scheduled",
  archive: "Archived",
  scheduled_publish: "Published on schedule",
  update_live: "Working copy published",
  scheduled_update: "Working copy published on schedule",
  working_copy: "Working copy kept when the story was deleted",
  submit: "Submitted for editing",
  undelete: "Recovered from the trash",
  import: "Imported",
  delete: "Deleted",
};

/** The action in words; a restore names the version it brought back. */
export function describeAction(r: Pick<Revision, "action" | "restored_from">): string {
  const from = r.restored_from ? `restored from v${r.restored_from}` : null;
  if (r.action === "restore") return from ? `Restored from v${r.restored_from}` : "Restored an earlier version";
  const words = ACTIONS[r.action] ?? r.action.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  return from ? `${words} (${from})` : words;
}

/** The version as the editor's form, from the server's own view of it (names as they are now). */
const revisionForm = (detail: RevisionDetail): ArticleForm => fromView(detail.article);

type Open = { version: number; mode: "view" | "compare" };

export function HistoryPanel({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const [revs, setRevs] = useState<Revision[] | null>(null);
  const [details, setDetails] = useState<Record<number, RevisionDetail>>({});
  const [open, setOpen] = useState<Open | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [reload, setReload] = useState(0);
  const [error, setError] = useState("");
  const version = store.version;
  useEffect(() => {
    if (!store.id) return;
    api<{ revisions: Revision[] }>("GET", `/articles/${store.id}/revisions`).then(
      (r) => setRevs(r.revisions),
      (e) => setError(describeError(e)),
    );
  }, [store.id, version, reload]);

  const show = (o: Open) => {
    setOpen(o);
    if (details[o.version] || !store.id) return;
    setError("");
    api<{ revision: RevisionDetail }>("GET", `/articles/${store.id}/revisions/${o.version}`).then(
      (r) => setDetails((d) => ({ ...d, [o.version]: r.revision })),
      (e) => setError(describeError(e)),
    );
  };
  const restore = async (v: number) => {
    setConfirming(null);
    if (await store.restore(v)) setReload((n) => n + 1);
  };

  if (!store.id) return <p class="muted">History starts with the first save.</p>;
  const published = store.view?.status === "published";
  const pending = store.view?.working_copy ?? null;
  return (
    <div class="history">
      {error && <p class="field-error" role="alert">{error}</p>}
      {store.dirty && <p class="muted">Save or undo your changes before restoring an earlier version.</p>}
      <ol class="revisions" aria-label="Revisions, newest first">
        {pending && (
          <li class="revision-pending">
            <span class="revision-line">
              <strong>Working copy</strong> {pending.restored_from ? `Restored from v${pending.restored_from}` : "Changes not yet live"} by{" "}
              <span class="revision-author">{pending.updated_by?.name ?? "unknown"}</span> ·{" "}
              <time dateTime={pending.updated_at}>{formatWithSeconds(pending.updated_at, config.time_zone)}</time> <small class="badge">not live yet</small>
            </span>
          </li>
        )}
        {(revs ?? []).map((r) => (
          <li key={r.id}>
            <span class="revision-line">
              <strong>v{r.version}</strong> {describeAction(r)} by <span class="revision-author">{r.author?.name ?? "unknown"}</span> ·{" "}
              <time dateTime={r.created_at}>{formatWithSeconds(r.created_at, config.time_zone)}</time>
              {r.version === version && <small class="badge">current</small>}
            </span>
            {r.action !== "delete" && (
              <span class="revision-actions">
                <button type="button" class="link" aria-pressed={open?.version === r.version && open.mode === "view"} onClick={() => show({ version: r.version, mode: "view" })}>
                  View v{r.version}
                </button>
                <button type="button" class="link" aria-pressed={open?.version === r.version && open.mode === "compare"} onClick={() => show({ version: r.version, mode: "compare" })}>
                  Compare v{r.version} with current
                </button>
                {r.version !== version && (store.view?.allowed_actions?.includes("restore") ?? true) && (
                  <button type="button" disabled={store.dirty || store.state === "saving"} onClick={() => setConfirming(r.version)}>
                    Restore v{r.version}
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ol>
      {!revs && !error && <p role="status">Loading…</p>}
      {open && <RevisionPane open={open} detail={details[open.version]} store={store} onClose={() => setOpen(null)} />}
      {confirming !== null && (
        <Modal title={`Restore v${confirming}?`} onClose={() => setConfirming(null)}>
          <p>
            {published
              ? "On a published story this goes into its working copy; readers see nothing until you update the live story."
              : "Its text becomes the newest version of this story. Nothing is lost: the current text stays in the history."}
          </p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void restore(confirming)}>
              Restore v{confirming}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

function RevisionPane({ open, detail, store, onClose }: { open: Open; detail: RevisionDetail | undefined; store: DraftStore; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The pane opens below a long list: focus follows, so keyboard and screen reader users land on it.
  useEffect(() => heading.current?.focus(), [open.version, open.mode, !!detail]);
  const title = open.mode === "view" ? `Version ${open.version}` : `Changes from v${open.version} to what you see now`;
  return (
    <section class="revision-pane" aria-labelledby="revision-pane-title">
      <div class="revision-pane-head">
        <h3 id="revision-pane-title" tabIndex={-1} ref={heading}>
          {title}
        </h3>
        <button type="button" class="link" onClick={onClose}>
          Close
        </button>
      </div>
      {!detail ? (
        <p role="status">Loading v{open.version}…</p>
      ) : open.mode === "view" ? (
        <RevisionText form={revisionForm(detail)} status={detail.snapshot.state.status} />
      ) : (
        <>
          <p class="muted">
            Marked: <del class="diff-del">removed since v{open.version}</del>, <ins class="diff-add">added since v{open.version}</ins>.
          </p>
          <FormDiff old={revisionForm(detail)} new={store.draft} />
        </>
      )}
    </section>
  );
}

function RevisionText({ form, status }: { form: ArticleForm; status: string }) {
  return (
    <article class="revision-text" dir="auto">
      <p class="muted">Status then: {status}</p>
      <h4>{form.headline}</h4>
      {form.dek && <p class="dek">{form.dek}</p>}
      <DocText doc={form.body} />
    </article>
  );
}
