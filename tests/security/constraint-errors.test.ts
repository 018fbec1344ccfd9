// One mapper for every D1 constraint failure. Real D1 errors (not hand-written strings) are fed
// through it, and through the app's single onError, so a write path nobody remembered to wrap
// still answers 409 problem+json instead of 500.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { constraintProblem, parseConstraintError } from "../../src/db/constraint-errors";
import { sessions, tags, users } from "../../src/db/schema";
import { handleError } from "../../src/http/problem";
import { newId } from "../../src/lib/ids";
import { createUser, db, unique } from "../helpers/api";

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error("expected the statement to fail");
}

const duplicateUser = async () => {
  const u = await createUser("author");
  return failure(() => db().insert(users).values({ id: newId("usr"), email: u.email, name: "Dup", role: "author", passwordHash: "x" }));
};

describe("parseConstraintError reads what D1 really says", () => {
  it("a unique violation through drizzle (message on the cause)", async () => {
    expect(parseConstraintError(await duplicateUser())).toEqual({ kind: "unique", table: "users", columns: ["email"] });
  });

  it("a unique violation inside a batch (message on the error itself)", async () => {
    const u = await createUser("author");
    const err = await failure(() => db().batch([db().insert(users).values({ id: newId("usr"), email: u.email, name: "Dup", role: "author", passwordHash: "x" })]));
    expect(parseConstraintError(err)).toEqual({ kind: "unique", table: "users", columns: ["email"] });
  });

  it("a foreign key violation", async () => {
    const err = await failure(() => db().insert(sessions).values({ idHash: unique("h"), userId: "usr_missing", createdAt: "2026-01-01T00:00:00Z", expiresAt: "2026-01-02T00:00:00Z" }));
    expect(parseConstraintError(err)).toEqual({ kind: "foreign_key", table: null, columns: [] });
  });

  it("a composite unique key and a CHECK constraint, as SQLite words them", () => {
    const composite = new Error("D1_ERROR: UNIQUE constraint failed: revisions.article_id, revisions.version: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)");
    expect(parseConstraintError(composite)).toEqual({ kind: "unique", table: "revisions", columns: ["article_id", "version"] });
    expect(constraintProblem(composite)?.code).toBe("version_conflict");
    const check = new Error("wrapped", { cause: new Error("D1_ERROR: CHECK constraint failed: role_known: SQLITE_CONSTRAINT") });
    expect(parseConstraintError(check)).toEqual({ kind: "check", table: null, columns: [], constraint: "role_known" });
    expect(constraintProblem(check)?.status).toBe(409);
  });

  it("ignores a client's value that merely quotes a constraint message", async () => {
    // The same text as a bound parameter appears in drizzle's "Failed query … params:" wrapper.
    const name = "UNIQUE constraint failed: users.email";
    const id = newId("tag");
    await db().insert(tags).values({ id, slug: unique("quoted"), name });
    const err = await failure(() => db().insert(tags).values({ id, slug: unique("other"), name }));
    expect(parseConstraintError(err)).toEqual({ kind: "unique", table: "tags", columns: ["id"] });
    expect(parseConstraintError(new Error(`Failed query: insert …\nparams: ${name}`))).toBeNull();
    expect(parseConstraintError(new Error("network down"))).toBeNull();
    expect(parseConstraintError("UNIQUE constraint failed: users.email")).toEqual({ kind: "unique", table: "users", columns: ["email"] });
  });
});

describe("constraintProblem names the field as clients send it", () => {
  it("users.email → 409 conflict on email", async () => {
    const p = constraintProblem(await duplicateUser())!;
    expect(p).toMatchObject({ code: "conflict", status: 409, extra: { errors: [{ path: "email", message: "Already in use." }] } });
  });

  it("a slug → 409 slug_taken quoting the value the client sent", () => {
    const p = constraintProblem(new Error("D1_ERROR: UNIQUE constraint failed: sections.slug: SQLITE_CONSTRAINT"), { slug: "world" })!;
    expect(p).toMatchObject({ code: "slug_taken", detail: 'Another section already uses the slug "world".', extra: { errors: [{ path: "slug", message: "Already taken." }] } });
  });

  it("an internal column is a conflict without a field", () => {
    const p = constraintProblem(new Error("UNIQUE constraint failed: api_tokens.token_hash"))!;
    expect(p.code).toBe("conflict");
    expect(p.extra.errors).toBeUndefined();
  });
});

describe("the single onError maps any unwrapped constraint failure", () => {
  const app = new Hono();
  app.onError(handleError);
  app.post("/dup-user", async () => {
    await duplicateUser().then((err) => Promise.reject(err));
    return new Response(null, { status: 204 });
  });
  app.post("/dangling", async () => {
    await db().insert(sessions).values({ idHash: unique("h"), userId: "usr_missing", createdAt: "2026-01-01T00:00:00Z", expiresAt: "2026-01-02T00:00:00Z" });
    return new Response(null, { status: 204 });
  });

  it("a unique violation nobody caught → 409 problem+json naming the field", async () => {
    const res = await app.request("/dup-user", { method: "POST" });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await res.json()) as object).toMatchObject({ code: "conflict", errors: [{ path: "email" }], instance: "/dup-user" });
  });

  it("a foreign key violation nobody caught → 409, not 500", async () => {
    const res = await app.request("/dangling", { method: "POST" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("conflict");
  });
});
