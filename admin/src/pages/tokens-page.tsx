// API tokens for programs. The secret is shown exactly once, right after creation; the server keeps
// only its hash. A token's role can only narrow its owner's.
import { useState } from "preact/hooks";
import { ROLES, type Role } from "@shared/auth/roles";
import { api } from "../api/client";
import type { ApiToken, NewApiToken } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { SecretOnce } from "../components/secret-once";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";

// A token for a one-off job should not outlive it; the API allows at most 366 days.
const LIFETIMES = [
  { days: 0, label: "never" },
  { days: 30, label: "in 30 days" },
  { days: 90, label: "in 90 days" },
  { days: 365, label: "in a year" },
] as const;

export function TokensPage() {
  const { user, config } = useApp();
  const list = useLoad(() => api<{ tokens: ApiToken[] }>("GET", "/tokens").then((r) => r.tokens));
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(user.role);
  const [lifetime, setLifetime] = useState(0);
  const [fresh, setFresh] = useState<NewApiToken | null>(null);
  const act = useAction();
  const allowedRoles = ROLES.slice(ROLES.indexOf(user.role));
  const when = (t: string | null) => (t ? formatInZone(t, config.time_zone) : "never");

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const expires_at = lifetime ? new Date(Date.now() + lifetime * 86_400_000).toISOString() : null;
      const r = await api<{ token: NewApiToken }>("POST", "/tokens", { body: { name, role, expires_at } });
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
        <Field id="token-expires" label="Expires">
          <select id="token-expires" value={lifetime} onChange={(e) => setLifetime(Number(e.currentTarget.value))}>
            {LIFETIMES.map((l) => (
              <option key={l.days} value={l.days}>
                {l.label}
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
        <SecretOnce
          title={`Copy the secret of “${fresh.name}” now: it will not be shown again.`}
          values={[{ id: "token-secret", label: "Secret", value: fresh.secret }]}
          onDone={() => setFresh(null)}
        />
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
            <th scope="col">Expires</th>
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
              <td>{when(t.expires_at)}</td>
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
