// Keys for the Ghost-compatible Content API (/ghost/api/content). A front-end built on Ghost keeps
// its code and changes one line: Ghost's client gets this Worker's origin as `url` and a key from
// here. The key is shown once, right after creation (the server keeps its SHA-256); admins only.
import { useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Answer } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { SecretOnce } from "../components/secret-once";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";

type ContentApiKey = Answer<"/content-api-keys", "get">["content_api_keys"][number];
type NewContentApiKey = Answer<"/content-api-keys", "post", 201>["content_api_key"];

/** The one line a Ghost front-end changes: its client pointed at this Worker, with the new key. */
export const clientLine = (origin: string, key: string) => `new GhostContentAPI({ url: "${origin}", key: "${key}", version: "v5.0" })`;

export function ContentApiKeysPage() {
  const { user } = useApp();
  if (!allowed(user.role, "content_keys.manage")) return <p role="alert">Only admins manage Content API keys.</p>;
  return <KeyList />;
}

function KeyList() {
  const { config } = useApp();
  const list = useLoad(() => api<{ content_api_keys: ContentApiKey[] }>("GET", "/content-api-keys").then((r) => r.content_api_keys));
  const [name, setName] = useState("");
  const [fresh, setFresh] = useState<NewContentApiKey | null>(null);
  const act = useAction();
  // The admin is served by the Worker, so its origin is the one front-ends call.
  const origin = location.origin;

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const r = await api<{ content_api_key: NewContentApiKey }>("POST", "/content-api-keys", { body: { name } });
      setFresh(r.content_api_key);
      setName("");
      list.reload();
    });
  };

  return (
    <section>
      <h1>Content API keys</h1>
      <p class="muted">
        For front-ends built on Ghost: they read this newsroom through <code>/ghost/api/content/</code> with Ghost's own client, unchanged but for
        its <code>url</code> and <code>key</code>. A key only reads what is published.
      </p>
      <form onSubmit={create} class="inline-form">
        <Field id="cak-name" label="Key name">
          <input id="cak-name" required maxLength={100} value={name} placeholder="e.g. news site front-end" onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary" disabled={act.busy}>
          Create key
        </button>
      </form>
      <ActionError error={act.error} />
      {fresh && (
        <SecretOnce
          title={`Copy the key of “${fresh.name}” now: it will not be shown again.`}
          values={[
            { id: "cak-key", label: "Content API key", value: fresh.key, copyLabel: "Copy key", copied: "Key copied." },
            {
              id: "cak-line",
              label: "Ghost client configuration",
              value: clientLine(origin, fresh.key),
              copyLabel: "Copy line",
              copied: "Line copied.",
              intro: <p>In the front-end, the one line that changes:</p>,
            },
          ]}
          onDone={() => setFresh(null)}
        />
      )}
      <ErrorNote error={list.error} />
      <table class="table">
        <caption class="sr-only">Content API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>…{k.hint}</code>
              </td>
              <td>{formatInZone(k.created_at, config.time_zone)}</td>
              <td>
                {k.revoked_at ? (
                  <span class="muted">revoked {formatInZone(k.revoked_at, config.time_zone)}</span>
                ) : (
                  <button type="button" class="danger" aria-label={`Revoke key ${k.name}`} onClick={() => void act.run(() => api("DELETE", `/content-api-keys/${k.id}`).then(list.reload))}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
