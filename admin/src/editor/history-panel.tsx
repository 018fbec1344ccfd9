// Revision history with restore. Restoring brings old content back as a new version (publication
// state stays); it is offered only without unsaved edits, which it would otherwise replace.
import { useEffect, useState } from "preact/hooks";
import { api, describeError } from "../api/client";
import type { Revision } from "../api/types";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";

export function HistoryPanel({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const [revs, setRevs] = useState<Revision[] | null>(null);
  const [error, setError] = useState("");
  const version = store.version;
  useEffect(() => {
    if (!store.id) return;
    api<{ revisions: Revision[] }>("GET", `/articles/${store.id}/revisions`).then(
      (r) => setRevs(r.revisions),
      (e) => setError(describeError(e)),
    );
  }, [store.id, version]);
  if (!store.id) return <p class="muted">History starts with the first save.</p>;
  return (
    <div class="history">
      {error && <p class="field-error" role="alert">{error}</p>}
      {store.dirty && <p class="muted">Save or undo your changes before restoring an earlier version.</p>}
      <ol class="revisions" aria-label="Revisions, newest first">
        {(revs ?? []).map((r) => (
          <li key={r.id}>
            <span>
              <strong>v{r.version}</strong> {r.action} · <time dateTime={r.created_at}>{formatInZone(r.created_at, config.time_zone)}</time>
              {r.version === version && <small class="badge">current</small>}
            </span>
            {r.version !== version && r.action !== "delete" && (
              <button type="button" disabled={store.dirty || store.state === "saving"} onClick={() => void store.restore(r.version)}>
                Restore v{r.version}
              </button>
            )}
          </li>
        ))}
      </ol>
      {!revs && !error && <p role="status">Loading…</p>}
    </div>
  );
}
