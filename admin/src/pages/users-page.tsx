// Accounts (admins only): create, change role, reset a password, remove.
import { allowed } from "@shared/auth/permission-table";
import { ROLES, type Role } from "@shared/auth/roles";
import { api } from "../api/client";
import type { User } from "../api/model";
import { CrudDialog, CrudPage, useCrud, useDraft } from "../components/crud-page";
import { Field } from "../components/page-bits";
import { useApp } from "../lib/app-context";

export function UsersPage() {
  const { user } = useApp();
  const crud = useCrud(() => api<{ users: User[] }>("GET", "/users").then((r) => r.users));
  if (!allowed(user.role, "users.manage")) return <p role="alert">Only admins manage users.</p>;
  return (
    <CrudPage title="Users" newLabel="New user" crud={crud} dialog={(u, close) => <UserDialog user={u} self={u?.id === user.id} onClose={close} />}>
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
          {crud.items.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>
                <button type="button" aria-label={`Edit user ${u.name}`} onClick={() => crud.edit(u)}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </CrudPage>
  );
}

function UserDialog(p: { user: User | null; self: boolean; onClose: (changed: boolean) => void }) {
  const u = p.user;
  const { draft: d, set, text } = useDraft({ email: u?.email ?? "", name: u?.name ?? "", role: (u?.role ?? "author") as Role, password: "" });
  return (
    <CrudDialog
      title={u ? `Edit ${u.name}` : "New user"}
      path="/users"
      id={u?.id}
      body={() => (u ? { name: d.name, role: d.role, ...(d.password ? { password: d.password } : {}) } : d)}
      onClose={p.onClose}
      createLabel="Create user"
      deleteLabel={!p.self && "Delete user"}
    >
      {!u && (
        <Field id="u-email" label="Email">
          <input id="u-email" type="email" required {...text("email")} />
        </Field>
      )}
      <Field id="u-name" label="Name">
        <input id="u-name" required maxLength={200} {...text("name")} />
      </Field>
      <Field id="u-role" label="Role">
        <select id="u-role" value={d.role} onChange={(e) => set({ role: e.currentTarget.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <Field id="u-password" label={u ? "New password (leave empty to keep; at least 12 characters)" : "Password (at least 12 characters)"}>
        <input id="u-password" type="password" autocomplete="new-password" minLength={12} required={!u} {...text("password")} />
      </Field>
    </CrudDialog>
  );
}
