// Accounts (admins only): create, change role, reset a password, remove.
import { useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { ROLES, type Role } from "@shared/auth/roles";
import { api } from "../api/client";
import type { User } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { Modal } from "../components/modal";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { useApp } from "../lib/app-context";


export function UsersPage() {
  const { user } = useApp();
  const list = useLoad(() => api<{ users: User[] }>("GET", "/users").then((r) => r.users));
  const [editing, setEditing] = useState<User | "new" | null>(null);
  if (!allowed(user.role, "users.manage")) return <p role="alert">Only admins manage users.</p>;
  return (
    <section>
      <div class="page-head">
        <h1>Users</h1>
        <button type="button" class="primary" onClick={() => setEditing("new")}>
          New user
        </button>
      </div>
      <ErrorNote error={list.error} />
      <table class="table">
        <caption class="sr-only">Newsroom accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>
                <button type="button" aria-label={`Edit user ${u.name}`} onClick={() => setEditing(u)}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <UserDialog user={editing === "new" ? null : editing} self={editing !== "new" && editing.id === user.id} onClose={(c) => (setEditing(null), c && list.reload())} />}
    </section>
  );
}

function UserDialog(p: { user: User | null; self: boolean; onClose: (changed: boolean) => void }) {
  const u = p.user;
  const [email, setEmail] = useState(u?.email ?? "");
  const [name, setName] = useState(u?.name ?? "");
  const [role, setRole] = useState<Role>(u?.role ?? "author");
  const [password, setPassword] = useState("");
  const act = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    const body = u ? { name, role, ...(password ? { password } : {}) } : { email, name, role, password };
    void act.run(() => (u ? api("PATCH", `/users/${u.id}`, { body }) : api("POST", "/users", { body }))).then((ok) => ok && p.onClose(true));
  };
  return (
    <Modal title={u ? `Edit ${u.name}` : "New user"} onClose={() => p.onClose(false)}>
      <form onSubmit={save}>
        {!u && (
          <Field id="u-email" label="Email">
            <input id="u-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </Field>
        )}
        <Field id="u-name" label="Name">
          <input id="u-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="u-role" label="Role">
          <select id="u-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field id="u-password" label={u ? "New password (leave empty to keep; at least 12 characters)" : "Password (at least 12 characters)"}>
          <input id="u-password" type="password" autocomplete="new-password" minLength={12} required={!u} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <ActionError error={act.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            {u ? "Save" : "Create user"}
          </button>
          {u && !p.self && (
            <button type="button" class="danger" disabled={act.busy} onClick={() => void act.run(() => api("DELETE", `/users/${u.id}`)).then((ok) => ok && p.onClose(true))}>
              Delete user
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
