// "Share preview": a link at which someone without an account (a source checking a quote, a lawyer,
// the desk on a phone) sees the story as readers will get it — the latest saved changes whenever
// it is opened — until it expires or is revoked. The link holds its token, which the server keeps
// only hashed: it is shown once, right after it is made, with a copy button. Older links are listed
// (never their tokens) and can be revoked.
import { useState } from "preact/hooks";
import { api } from "../api/client";
import type { NewPreviewLink, PreviewLink } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { SecretOnce } from "../components/secret-once";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";

const LIFETIMES = [
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "7 days" },
  { seconds: 30 * 86_400, label: "30 days" },
] as const;

const STATE_WORDS: Record<PreviewLink["state"], string> = { active: "Works until", expired: "Expired", revoked: "Revoked" };

export function SharePreviewPanel({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const id = store.id!;
  const path = `/articles/${encodeURIComponent(id)}/preview-links`;
  const list = useLoad(() => api<{ preview_links: PreviewLink[] }>("GET", path).then((r) => r.preview_links), [id]);
  const [lifetime, setLifetime] = useState<number>(LIFETIMES[2].seconds);
  const [note, setNote] = useState("");
  const [fresh, setFresh] = useState<NewPreviewLink | null>(null);
  const act = useAction();

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      setFresh(await api<NewPreviewLink>("POST", path, { body: { expires_in: lifetime, note } }));
      setNote("");
      list.reload();
    });
  };
  const revoke = (l: PreviewLink) => void act.run(() => api("DELETE", `${path}/${encodeURIComponent(l.id)}`).then(list.reload));

  return (
    <div class="share-preview">
      <p class="muted">
        Anyone with the link sees this story as readers will get it, with its latest saved changes{store.onLive ? " (the working copy, before the live story is updated)" : ""}, until the link
        expires or you revoke it. Search engines are told not to index it.
      </p>
      {store.dirty && <p class="notice">You have unsaved changes: the link shows the last saved version.</p>}
      {fresh ? (
        <SecretOnce
          title="Copy the link now: it will not be shown again."
          values={[{ id: "preview-link-url", label: "Preview link", value: fresh.url, copyLabel: "Copy link", copied: "Link copied." }]}
          onDone={() => setFresh(null)}
        >
          <p class="muted">Works until {formatInZone(fresh.preview_link.expires_at, config.time_zone)}.</p>
        </SecretOnce>
      ) : (
        <form class="inline-form" onSubmit={create}>
          <Field id="preview-lifetime" label="Works for">
            <select id="preview-lifetime" value={lifetime} onChange={(e) => setLifetime(Number(e.currentTarget.value))}>
              {LIFETIMES.map((l) => (
                <option key={l.seconds} value={l.seconds}>
                  {l.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="preview-note" label="For (optional, seen by the newsroom only)">
            <input id="preview-note" maxLength={200} value={note} placeholder="e.g. the council's press office" onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
          <button type="submit" class="primary" disabled={act.busy}>
            Create link
          </button>
        </form>
      )}
      <ActionError error={act.error} />
      <ErrorNote error={list.error} />
      {(list.data ?? []).length > 0 && (
        <table class="table">
          <caption>Links to this story</caption>
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Made</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data!.map((l) => (
              <tr key={l.id}>
                <td>{l.note || <span class="muted">—</span>}</td>
                <td>
                  {formatInZone(l.created_at, config.time_zone)}
                  {l.created_by && <span class="muted"> by {l.created_by.name}</span>}
                </td>
                <td>
                  {STATE_WORDS[l.state]} {formatInZone(l.state === "revoked" && l.revoked_at ? l.revoked_at : l.expires_at, config.time_zone)}
                </td>
                <td>
                  {l.state === "active" && (
                    <button type="button" class="danger" aria-label={`Revoke the link${l.note ? ` for ${l.note}` : ""} made ${formatInZone(l.created_at, config.time_zone, { seconds: true })}`} onClick={() => revoke(l)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
