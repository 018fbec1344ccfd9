// Test helpers: talk to the Worker exactly as a client would, through its fetch handler.
import { env, exports } from "cloudflare:workers";
import type { Actor } from "../../src/auth/actor";
import { createApiToken } from "../../src/auth/api-tokens";
import { hashPassword } from "../../src/auth/password";
import { createDb } from "../../src/db/client";
import { users, type Role } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { assertMatchesSpec, warmDocuments } from "./contract";
import { beforeAll } from "vitest";

// Every file that talks to the Worker has its responses checked against the documents: load the
// editorial one first (helpers/public.ts warms the content one for the files that read it).
beforeAll(() => warmDocuments(["editorial"]), 60_000);

export const BASE = "http://copydesk.test";
export const API = `${BASE}/api/editorial/v1`;
export const db = () => createDb(env.DB);

let counter = 0;
/** Unique per call: storage is shared by every test in a file. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export interface Call {
  token?: string | undefined;
  cookie?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An answer's body as JSON, or null when it is empty or not JSON (tests then read `text`). */
export function jsonOrNull(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export async function call(method: string, path: string, opts: Call = {}) {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || typeof opts.body === "string") body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const url = path.startsWith("http") ? path : `${API}${path}`;
  const res = await exports.default.fetch(new Request(url, { method, headers, body }));
  const text = await res.text();
  await assertMatchesSpec(method, url, { status: res.status, headers: res.headers, text });
  const json = jsonOrNull(text);
  return { status: res.status, headers: res.headers, json, text };
}

/** A user of the given role (cheap hash: tests need not pay 100,000 iterations each). */
export async function createUser(role: Role, password = "correct horse battery staple", iterations = 1_000) {
  const email = `${unique(role)}@example.org`;
  const row = { id: newId("usr"), email, name: `Test ${role}`, role, passwordHash: await hashPassword(password, iterations) };
  await db().insert(users).values(row);
  return { ...row, password };
}

export async function tokenFor(role: Role) {
  const user = await createUser(role);
  const token = await createApiToken(db(), { id: user.id, role }, "test", role);
  return { user, token: token.secret };
}

/** A token for a new user of `role`, and the actor domain calls take for that user (as a token request makes it). */
export async function actorFor(role: Role): Promise<{ token: string; actor: Actor }> {
  const t = await tokenFor(role);
  return { token: t.token, actor: { userId: t.user.id, name: t.user.name, email: t.user.email, role, via: "token" } };
}

export async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await call("POST", "/session", { body: { email, password }, headers });
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  return { ...res, cookie, setCookie };
}

/** An editor's save of `body` onto the article as it stands now (its ETag read first), expected to succeed. */
export async function editArticle(token: string, id: string, body: Record<string, unknown>) {
  const cur = await call("GET", `/articles/${id}`, { token });
  const res = await call("PATCH", `/articles/${id}`, { token, headers: { "if-match": cur.headers.get("etag")! }, body });
  if (res.status !== 200) throw new Error(`PATCH /articles/${id}: ${res.status} ${res.text}`);
  return res;
}

/** POST /search-index/rebuild from the start to its end, page after page (each answer expected 200). */
export async function rebuildSearchIndex(adminToken: string, limit?: number) {
  for (let after = 0, pages = 0; pages < 1000; pages++) {
    const res = await call("POST", "/search-index/rebuild", { token: adminToken, body: { after, ...(limit ? { limit } : {}) } });
    if (res.status !== 200) throw new Error(`POST /search-index/rebuild: ${res.status} ${res.text}`);
    if (res.json.next_after === null) return;
    after = res.json.next_after;
  }
  throw new Error("the rebuild never reached its end");
}

