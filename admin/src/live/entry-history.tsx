// An entry's history (GET …/entries/{entry_id}/revisions): every version with what happened to it,
// who did it and when (to the second, in the newsroom's zone). Read when opened, again on each change.
import { useEffect, useState } from "preact/hooks";
import { api, describeError } from "../api/client";
import type { Answer } from "../api/model";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import type { DeskEntry } from "./types";

type EntryRevision = Answer<"/articles/{id}/entries/{entry_id}/revisions", "get">["revisions"][number];

const ACTION: Record<string, string> = { create: "Written", edit: "Edited", publish: "Published", unpublish: "Unpublished", delete: "Deleted" };

export function EntryHistory({ entry }: { entry: DeskEntry }) {
  const { config } = useApp();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<EntryRevision[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (!open) return;
    api<{ revisions: EntryRevision[] }>("GET", `/articles/${encodeURIComponent(entry.article_id)}/entries/${encodeURIComponent(entry.id)}/revisions`).then(
      (r) => setRows(r.revisions),
      (e) => setError(describeError(e)),
    );
  }, [open, entry.version]);
  return (
    <details class="entry-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>History</summary>
      {error && <p class="field-error">{error}</p>}
      {open && !rows && !error && <p role="status">Loading…</p>}
      {rows && (
        <ol class="revisions" aria-label="Versions of this entry">
          {rows.map((r) => (
            <li key={r.version}>
              <span>
                v{r.version} · {ACTION[r.action] ?? r.action}
                {r.by ? ` by ${r.by.name}` : ""}
              </span>
              <time dateTime={r.at}>{formatInZone(r.at, config.time_zone, { seconds: true })}</time>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
