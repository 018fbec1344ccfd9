// The cron's purges: expired rows go, live ones stay, each run deletes a bounded slice, and every
// statement reaches its rows through an index (the plan is read from the exact SQL the cron sends).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { trashEntryQuery, trashListQuery } from "../../src/editorial/trash/domain";
import { newId } from "../../src/lib/ids";
import { PURGE_LIMIT, purgeExpired, purgeStatements } from "../../src/scheduled/purge";
import { call, createUser, db, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function addSession(userId: string, expiresAt: string) {
  const id = newId("ses");
  await env.DB.prepare("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)").bind(id, userId, iso(Date.now()), expiresAt).run();
  return id;
}

async function addAttempt(expiresAt: string) {
  const key = newId("att");
  await env.DB.prepare("INSERT INTO login_attempts (key, window_start, failures, expires_at) VALUES (?, ?, 1, ?)").bind(key, iso(Date.now()), expiresAt).run();
  return key;
}

const exists = async (table: string, column: string, value: string) =>
  (await env.DB.prepare(`SELECT 1 AS one FROM ${table} WHERE ${column} = ?`).bind(value).first()) !== null;
const revisionCount = async (articleId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM revisions WHERE article_id = ?").bind(articleId).first<{ n: number }>())!.n;

describe("cron purge: sessions and sign-in limit rows", () => {
  it("deletes expired sessions and attempt rows, keeps live ones, and purges rows written before expiry was tracked", async () => {
    const user = await createUser("author");
    const now = Date.now();
    const expired = await addSession(user.id, iso(now - 1000));
    const live = await addSession(user.id, iso(now + DAY));
    const oldAttempt = await addAttempt(iso(now - 1000));
    const legacyAttempt = await addAttempt(""); // written before migration 0004: carries nothing
    const liveAttempt = await addAttempt(iso(now + 60_000));

    const counts = await purgeExpired(db(), new Date(now));
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    expect(await exists("sessions", "id_hash", expired)).toBe(false);
    expect(await exists("sessions", "id_hash", live)).toBe(true);
    expect(await exists("login_attempts", "key", oldAttempt)).toBe(false);
    expect(await exists("login_attempts", "key", legacyAttempt)).toBe(false);
    expect(await exists("login_attempts", "key", liveAttempt)).toBe(true);
  });

  it("deletes at most the limit per run and drains the rest on the next runs", async () => {
    const user = await createUser("author");
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await addSession(user.id, iso(now - (3 - i) * 1000)));
    // Earlier tests' rows are expired too: count only these three.
    const left = async () => (await Promise.all(ids.map((id) => exists("sessions", "id_hash", id)))).filter(Boolean).length;
    await env.DB.prepare("DELETE FROM sessions WHERE expires_at < ? AND id_hash NOT IN (?, ?, ?)").bind(iso(now), ...ids).run();

    expect((await purgeExpired(db(), new Date(now), 2)).sessions).toBe(2);
    expect(await left()).toBe(1);
    expect((await purgeExpired(db(), new Date(now), 2)).sessions).toBe(1);
    expect(await left()).toBe(0);
  });
});

describe("cron purge: the trash", () => {
  it("keeps an article judged by its latest deletion, not by an older one past the grace period", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token);
    await call("DELETE", `/articles/${a.id}`, { token: admin.token });
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin.token })).status).toBe(201);
    await call("DELETE", `/articles/${a.id}`, { token: admin.token });
    // The first deletion is made to look 40 days old: on its own it would be past the grace period.
    await env.DB.prepare("UPDATE revisions SET created_at = ? WHERE article_id = ? AND action = 'delete' AND version = 2").bind(iso(Date.now() - 40 * DAY), a.id).run();
    const before = await revisionCount(a.id);
    expect(before).toBe(4); // create, delete, undelete, delete

    await purgeExpired(db(), new Date());
    expect(await revisionCount(a.id)).toBe(before);
    const trash = (await call("GET", "/trash", { token: admin.token })).json.articles.filter((t: any) => t.article_id === a.id);
    expect(trash).toHaveLength(1);

    await purgeExpired(db(), new Date(Date.now() + 31 * DAY));
    expect(await revisionCount(a.id)).toBe(0);
  });

  it("never strands revisions without their deletion marker when a run stops at the limit", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token);
    await call("POST", `/articles/${a.id}/publish`, { token: admin.token });
    await call("DELETE", `/articles/${a.id}`, { token: admin.token });
    const later = new Date(Date.now() + 31 * DAY);
    const marker = async () => exists("revisions", "id", (await env.DB.prepare("SELECT id FROM revisions WHERE article_id = ? AND action = 'delete'").bind(a.id).first<{ id: string }>())?.id ?? "none");

    // create + publish before the marker: with a limit of 1, the first run removes one of them.
    await purgeExpired(db(), later, 1);
    expect(await revisionCount(a.id)).toBe(2);
    expect(await marker()).toBe(true);
    // The second run removes the last one, and then the marker in the same batch.
    await purgeExpired(db(), later, 1);
    expect(await revisionCount(a.id)).toBe(0);
  });

  it("leaves restored and live articles' history alone", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token);
    await call("DELETE", `/articles/${a.id}`, { token: admin.token });
    await call("POST", `/trash/${a.id}/restore`, { token: admin.token });
    const live = await createPublishableArticle(admin.token);
    await purgeExpired(db(), new Date(Date.now() + 365 * DAY));
    expect(await revisionCount(a.id)).toBe(3);
    expect(await revisionCount(live.id)).toBe(1);
  });
});

/** Each line of the plan that reads a table must SEARCH it through an index or the rowid. */
async function plan(query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql, params } = query.toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}
const INDEXED = /^SEARCH \S+ USING (COVERING INDEX \S+|INDEX \S+|INTEGER PRIMARY KEY|PRIMARY KEY) \(/;

describe("every purge and trash query walks an index (EXPLAIN QUERY PLAN of the exact SQL)", () => {
  const now = new Date();
  const statements = purgeStatements(db(), now);
  const cases: [string, { toSQL(): { sql: string; params: unknown[] } }][] = [
    ...statements.map((s, i) => [`purge statement ${i + 1}`, s] as [string, typeof s]),
    ["trash list", trashListQuery(db(), now)],
    ["trash entry (restore)", trashEntryQuery(db(), "art_x")],
  ];

  it("covers every statement the cron sends, each bounded by the per-run limit", () => {
    // sessions, sign-in rows, trash revisions, the trash's amendments, notes and assignees, its live
    // blog's entries, entry history and change log, the pointer to its packed revisions, markers.
    expect(statements).toHaveLength(11);
    // An index alone does not bound a DELETE: every statement must carry the LIMIT.
    for (const s of statements) {
      expect(s.toSQL().sql).toMatch(/ limit \?\)$/);
      expect(s.toSQL().params.at(-1)).toBe(PURGE_LIMIT);
    }
  });

  it.each(cases)("%s", async (_name, query) => {
    const lines = await plan(query);
    const reads = lines.filter((l) => /^(SCAN|SEARCH) /.test(l));
    expect(reads.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith("SCAN "))).toEqual([]);
    for (const line of reads) expect(line).toMatch(INDEXED);
    // A sort would read every matching row before the LIMIT applies.
    expect(lines.filter((l) => l.includes("TEMP B-TREE"))).toEqual([]);
  });
});
