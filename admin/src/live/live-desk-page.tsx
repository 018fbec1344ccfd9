// The live desk (/admin/articles/{id}/live): one live blog on one compact page — the blog's name and
// state, its coverage window, the compose box on top, the pinned strip, then every entry newest
// first, drafts included. Every editor with the page open sees every change as it commits, through
// the desk stream (live-stream.ts), without reloading.
import { allowed } from "@shared/auth/permission-table";
import { useEffect, useState } from "preact/hooks";
import { describeError } from "../api/client";
import { ErrorNote } from "../components/error-note";
import { useApp } from "../lib/app-context";
import { href } from "../lib/router";
import { ComposeBox } from "./compose-box";
import { CoverageField } from "./coverage-field";
import { EntryItem } from "./entry-item";
import { LiveDesk } from "./live-desk";
import type { StreamStatus } from "./live-stream";
import "../styles/live.css";

const STREAM_LINE: Record<StreamStatus, string> = {
  connecting: "Connecting…",
  live: "Live: changes appear as colleagues make them.",
  reconnecting: "Reconnecting… changes made meanwhile will appear when the connection is back.",
};

function useDesk(desk: LiveDesk | null) {
  const [, bump] = useState(0);
  useEffect(() => desk?.subscribe(() => bump((n) => n + 1)), [desk]);
}

export function LiveDeskPage({ id }: { id: string }) {
  const { user } = useApp();
  const [desk, setDesk] = useState<LiveDesk | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => {
    const d = new LiveDesk(id, user);
    setDesk(d);
    void d.start();
    return () => d.dispose();
  }, [id]);
  useDesk(desk);

  if (!desk || (!desk.article && !desk.loadError)) return <p role="status">Loading the live desk…</p>;
  if (!desk.article) return <ErrorNote error={desk.loadError} />;
  const a = desk.article;
  const back = <a href={href(`/articles/${encodeURIComponent(id)}`)}>← Story editor</a>;

  if (a.kind !== "live") {
    const makeLive = async () => {
      setBusy(true);
      try {
        await desk.makeLive();
      } catch (e) {
        setError(describeError(e));
      } finally {
        setBusy(false);
      }
    };
    return (
      <section class="live-desk">
        {back}
        <h1>{a.headline}</h1>
        <p>This story is not a live blog.</p>
        {allowed(user.role, "articles.live") && (
          <button type="button" class="primary" disabled={busy} onClick={() => void makeLive()}>
            Make it a live blog
          </button>
        )}
        {error && <p class="field-error" role="alert">{error}</p>}
      </section>
    );
  }

  const entries = desk.entries();
  const pinned = desk.pinned();
  return (
    <section class="live-desk" aria-labelledby="live-title">
      <div class="live-head">
        {back}
        <h1 id="live-title">
          <span class="badge live">LIVE</span> {a.headline}
        </h1>
        <p class="live-state">
          <span class={`badge ${a.status}`}>{a.status === "published" ? "Blog published" : `Blog ${a.status}: readers see nothing yet`}</span>{" "}
          <span class={`stream-status ${desk.status}`} role="status" data-testid="stream-status">
            {STREAM_LINE[desk.status]}
          </span>
        </p>
        <CoverageField desk={desk} />
      </div>
      <ErrorNote error={desk.loadError} />
      {desk.newEntryDenial() === null ? <ComposeBox desk={desk} /> : <p class="notice">{desk.newEntryDenial()}</p>}
      {pinned.length > 0 && (
        <section class="live-pinned" aria-labelledby="pinned-title">
          <h2 id="pinned-title">Pinned</h2>
          <ul>
            {pinned.map((e) => (
              <li key={e.id}>
                <a href={`#entry-${e.id}`}>{e.title ?? e.text.slice(0, 110)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="entries-title">
        <h2 id="entries-title">Entries ({entries.length})</h2>
        {entries.length === 0 && <p class="empty">No entries yet: the first one goes in the box above.</p>}
        <ol class="live-entries" aria-label="Entries, newest first">
          {entries.map((e) => (
            <EntryItem key={e.id} desk={desk} entry={e} />
          ))}
        </ol>
        {desk.olderCursor && (
          <button type="button" onClick={() => void desk.loadOlder().catch((e) => setError(describeError(e)))}>
            Load older entries
          </button>
        )}
        {error && <p class="field-error" role="alert">{error}</p>}
      </section>
    </section>
  );
}
