// The newsroom must never lose its last admin: nobody could manage users again. Through the API an
// admin can neither demote nor delete themselves, so the last admin can only be lost to a race (two
// admins removing each other at once) — the guard must sit in the write itself, not in a read before
// it. Storage is isolated per file, so this file controls exactly how many admins exist.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { deleteUser, updateUser } from "../../src/editorial/users/domain";
import { AppError } from "../../src/lib/errors";
import { BASE, call, createUser, db, signIn, tokenFor } from "../helpers/api";
import { SYSTEM_BY } from "../../src/audit/record";

/** Leaves `keep` as the only admins: every other admin becomes an editor. */
async function onlyAdmins(...keep: string[]) {
  const marks = keep.map(() => "?").join(", ");
  await env.DB.prepare(`UPDATE users SET role = 'editor' WHERE role = 'admin' AND id NOT IN (${marks || "''"})`).bind(...keep).run();
}
const adminCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").first<{ n: number }>())!.n;

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("the last admin", () => {
  beforeEach(() => onlyAdmins());

  it("with two admins, one may demote the other", async () => {
    const a = await tokenFor("admin");
    const b = await createUser("admin");
    await onlyAdmins(a.user.id, b.id);
    expect((await call("PATCH", `/users/${b.id}`, { token: a.token, body: { role: "editor" } })).status).toBe(200);
    expect(await adminCount()).toBe(1);
  });

  it("demoting the last admin → 409 conflict; their password, sessions and tokens are untouched", async () => {
    const last = await createUser("admin");
    await onlyAdmins(last.id);
    const { cookie } = await signIn(last.email, last.password, { origin: BASE });
    // Whoever asks (a stale admin whose role was just taken away, say), the write refuses.
    const err = await refusal(() => updateUser(db(), "usr_someone_else", last.id, { role: "editor", password: "an attempted new password" }, SYSTEM_BY));
    expect(err).toMatchObject({ code: "conflict", status: 409 });
    expect(err.detail).toMatch(/last admin/i);
    expect(await adminCount()).toBe(1);
    expect((await call("GET", "/session", { cookie })).json.user.role).toBe("admin");
    expect((await signIn(last.email, last.password)).status).toBe(201);
  });

  it("deleting the last admin → 409 conflict and the account stays", async () => {
    const last = await createUser("admin");
    await onlyAdmins(last.id);
    const err = await refusal(() => deleteUser(db(), "usr_someone_else", last.id, SYSTEM_BY));
    expect(err).toMatchObject({ code: "conflict", status: 409 });
    expect(err.detail).toMatch(/last admin/i);
    expect(await adminCount()).toBe(1);
  });

  it("two admins demoting each other at once: exactly one admin remains", async () => {
    const a = await tokenFor("admin");
    const b = await tokenFor("admin");
    await onlyAdmins(a.user.id, b.user.id);
    const results = await Promise.all([
      call("PATCH", `/users/${b.user.id}`, { token: a.token, body: { role: "editor" } }),
      call("PATCH", `/users/${a.user.id}`, { token: b.token, body: { role: "editor" } }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    // The loser is refused by the guard (409), or already demoted before it was authorised (403).
    expect([403, 409]).toContain(statuses[1]);
    expect(await adminCount()).toBe(1);
  });

  it("two admins deleting each other at once: exactly one admin remains", async () => {
    const a = await tokenFor("admin");
    const b = await tokenFor("admin");
    await onlyAdmins(a.user.id, b.user.id);
    const results = await Promise.all([call("DELETE", `/users/${b.user.id}`, { token: a.token }), call("DELETE", `/users/${a.user.id}`, { token: b.token })]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(204);
    // The loser is refused by the guard (409), or its own token died with its account first (401).
    expect([401, 409]).toContain(statuses[1]);
    expect(await adminCount()).toBe(1);
  });
});
