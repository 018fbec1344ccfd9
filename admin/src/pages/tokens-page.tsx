// API tokens for programs. The secret is shown exactly once, right after creation; the server keeps
// only its hash. A token's role can only narrow its owner's.
import { useState } from "preact/hooks";
import { api } from "../api/client";
import type { ApiToken, Role } from "../api/types";
import { ErrorNote } from "../components/error-note";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import { ROLES } from "./users-page";

export function TokensPage() {
  const { user, config } = useApp();
  const list = useLoad(() => api<{ tokens: ApiToken[] }>("GET", "/tokens").then((r) => r.tokens));
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(user.role);
  const [fresh, setFresh] = useState<ApiToken | null>(null);
  const act = useAction();
  const allowedRoles = ROLES.slice(ROLES.indexOf(user.role));
  const when = (t: string | null) => (t ? formatInZone(t, config.time_zone) : "never");

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const r = await api<{ token: ApiToken }>("POST", "/tokens", { body: { name, role } });
      setFresh(r.token);
      setName("");
      list.reload();
    });
  };
  return (
    <section>
      <h1>API tokens</h1>
      <p class="muted">For scripts and other programs. Send it as <code>Authorization: Bearer …</code>.</p>
      <form onSubmit={create} class="inline-form">
        <Field id="token-name" label="Token name">
          <input id="token-name" required maxLength={100} value={name} placeholder="e.g. wire importer" onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="token-role" label="Role">
          <select id="token-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {allowedRoles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary" disabled={act.busy}>
          Create token
        </button>
      </form>
      <ActionError error={act.error} />
      {fresh?.secret && (
        <div class="notice secret" role="status">
          <p>
            <strong>Copy the secret of “{fresh.name}” now: it will not be shown again.</strong>
          </p>
          <label for="token-secret">Secret</label>
          <input id="token-secret" readOnly value={fresh.secret} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(fresh.secret!)}>
            Copy
          </button>
          <button type="button" onClick={() => setFresh(null)}>
            Done
          </button>
        </div>
      )}
      <ErrorNote error={list.error} />
      <table class="table">
        <caption class="sr-only">Your API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>{when(t.created_at)}</td>
              <td>{when(t.last_used_at)}</td>
              <td>
                {t.revoked_at ? (
                  <span class="muted">revoked</span>
                ) : (
                  <button type="button" class="danger" aria-label={`Revoke token ${t.name}`} onClick={() => void act.run(() => api("DELETE", `/tokens/${t.id}`).then(list.reload))}>
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
