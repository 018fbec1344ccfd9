// Assignment and due times (editors), and the editorial list's workflow filters (stage, assigned_to)
// with stage, due time and assignees on each item. Stage moves themselves: workflow-stages.test.ts.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema";
import { articlePageStatement, type ArticlePageQuery } from "../../src/articles/query";
import { articles } from "../../src/db/schema";
import { call, db, tokenFor } from "../helpers/api";
import { createArticle } from "../helpers/newsroom";

const people = {} as Record<Role, { token: string; user: { id: string; name: string; email: string } }>;
const assign = (token: string, id: string, user_ids: string[]) => call("PUT", `/articles/${id}/assignees`, { token, body: { user_ids } });
const due = (token: string, id: string, due_at: string | null) => call("PUT", `/articles/${id}/due`, { token, body: { due_at } });
const audit = async (action: string, id: string) =>
  (await env.DB.prepare("SELECT summary FROM audit_log WHERE action = ? AND target_id = ? ORDER BY at, id").bind(action, id).all<{ summary: string }>()).results.map((r) => JSON.parse(r.summary));

beforeAll(async () => {
  for (const role of ["admin", "editor", "author", "contributor"] as const) people[role] = await tokenFor(role);
});

describe("assigning a story", () => {
  it("replaces the list, shows ids and names (never emails), keeps the version and audits names", async () => {
    const { editor, author, contributor } = people;
    const a = await createArticle(contributor.token);
    const res = await assign(editor.token, a.id, [author.user.id, contributor.user.id, author.user.id]);
    expect(res.status, res.text).toBe(200);
    expect(res.json.article.assignees).toEqual(
      [author.user, contributor.user].map((u) => ({ id: u.id, name: u.name })).sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id)),
    );
    expect(res.json.article.version).toBe(a.version);
    expect(res.text).not.toContain(author.user.email);
    const cleared = await assign(editor.token, a.id, []);
    expect(cleared.json.article.assignees).toEqual([]);
    const entries = await audit("article.assign", a.id);
    expect(entries).toHaveLength(2);
    expect(entries[0].after.assignees).toEqual([author.user.name, contributor.user.name].sort());
    expect(JSON.stringify(entries)).not.toContain("@example.org");
  });

  it("offers editors everyone to pick from, by id, name and role, never email", async () => {
    const res = await call("GET", "/assignees", { token: people.editor.token });
    expect(res.status).toBe(200);
    expect(res.json.users).toContainEqual({ id: people.contributor.user.id, name: people.contributor.user.name, role: "contributor" });
    expect(res.text).not.toContain("@example.org");
  });

  it("refuses unknown users (400 naming user_ids.<i>) and more than 20", async () => {
    const a = await createArticle(people.editor.token);
    const res = await assign(people.editor.token, a.id, [people.author.user.id, "usr_nobody"]);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: "user_ids.1", message: expect.any(String) }]);
    const many = await assign(people.editor.token, a.id, Array.from({ length: 21 }, (_, i) => `usr_${i}`));
    expect(many.status).toBe(400);
    expect(many.json.errors[0].path).toBe("user_ids");
    expect((await assign(people.editor.token, "art_none", [])).status).toBe(404);
  });

  it("is the desk's: authors and contributors get 403, even on their own story", async () => {
    for (const role of ["author", "contributor"] as const) {
      const mine = await createArticle(people[role].token);
      expect((await assign(people[role].token, mine.id, [people[role].user.id])).status).toBe(403);
      expect((await due(people[role].token, mine.id, "2030-01-01T09:00:00Z")).status).toBe(403);
    }
  });
});

describe("a story's due time", () => {
  it("is stored in UTC from any zone, cleared with null, audited, and leaves the version alone", async () => {
    const a = await createArticle(people.editor.token);
    const set = await due(people.admin.token, a.id, "2030-03-01T17:30:00+02:00");
    expect(set.status, set.text).toBe(200);
    expect(set.json.article).toMatchObject({ due_at: "2030-03-01T15:30:00.000Z", version: a.version });
    expect((await due(people.editor.token, a.id, null)).json.article.due_at).toBeNull();
    expect(await audit("article.due_change", a.id)).toEqual([
      { before: { due_at: null }, after: { due_at: "2030-03-01T15:30:00.000Z" } },
      { before: { due_at: "2030-03-01T15:30:00.000Z" }, after: { due_at: null } },
    ]);
  });

  it("refuses a time without a zone or out of range, naming due_at", async () => {
    const a = await createArticle(people.editor.token);
    for (const bad of ["2030-03-01T17:30:00", "2030-02-30T10:00:00Z", "tomorrow", 5]) {
      const res = await due(people.editor.token, a.id, bad as string);
      expect(res.status, String(bad)).toBe(400);
      expect(res.json.errors[0].path).toBe("due_at");
    }
  });
});

describe("the editorial list's workflow filters and fields", () => {
  it("filters by stage and by assignee (me, or a user id), with stage, due time and assignees on each item", async () => {
    const { editor, author } = people;
    const inReady = await createArticle(editor.token);
    await call("POST", `/articles/${inReady.id}/stage`, { token: editor.token, body: { stage: "ready" } });
    await due(editor.token, inReady.id, "2030-05-05T08:00:00Z");
    await assign(editor.token, inReady.id, [author.user.id]);
    const mineToo = await createArticle(editor.token);
    await assign(editor.token, mineToo.id, [editor.user.id]);

    const ready = await call("GET", "/articles?stage=ready&limit=50", { token: editor.token });
    expect(ready.status).toBe(200);
    expect(ready.json.articles.every((x: { stage: string }) => x.stage === "ready")).toBe(true);
    expect(ready.json.articles.find((x: { id: string }) => x.id === inReady.id)).toMatchObject({
      stage: "ready",
      stage_name: "Ready",
      due_at: "2030-05-05T08:00:00.000Z",
      assignees: [{ id: author.user.id, name: author.user.name }],
    });
    expect(ready.json.articles.map((x: { id: string }) => x.id)).not.toContain(mineToo.id);

    // "me" is the caller: the author sees the story assigned to them, the editor theirs.
    const forAuthor = await call("GET", "/articles?assigned_to=me", { token: author.token });
    expect(forAuthor.json.articles.map((x: { id: string }) => x.id)).toEqual([inReady.id]);
    const forEditor = await call("GET", "/articles?assigned_to=me", { token: editor.token });
    expect(forEditor.json.articles.map((x: { id: string }) => x.id)).toEqual([mineToo.id]);
    const byId = await call("GET", `/articles?assigned_to=${author.user.id}&stage=ready`, { token: editor.token });
    expect(byId.json.articles.map((x: { id: string }) => x.id)).toEqual([inReady.id]);
    const none = await call("GET", `/articles?assigned_to=${author.user.id}&stage=draft`, { token: editor.token });
    expect(none.json.articles).toEqual([]);
    expect(forAuthor.text).not.toContain("@example.org");
  });

  it("pages a filtered list with its cursor", async () => {
    const { editor, contributor } = people;
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const a = await createArticle(editor.token);
      await assign(editor.token, a.id, [contributor.user.id]);
      ids.unshift(a.id);
    }
    const first = await call("GET", "/articles?assigned_to=me&limit=2", { token: contributor.token });
    const second = await call("GET", `/articles?assigned_to=me&limit=2&cursor=${first.json.next_cursor}`, { token: contributor.token });
    expect([...first.json.articles, ...second.json.articles].map((x: { id: string }) => x.id)).toEqual(ids);
    expect(second.json.next_cursor).toBeNull();
  });
});

describe("the workflow filters' query plans", () => {
  // EXPLAIN QUERY PLAN of the exact SQL the list sends: plans depend on the schema, not on data.
  const plan = async (q: Partial<ArticlePageQuery>) => {
    const { sql, params } = articlePageStatement(db(), { id: articles.id }, { publishedOnly: false, limit: 20, ...q })!.toSQL();
    return (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail);
  };

  it("a stage reads its range of articles_stage_idx (stage, updated_at) in order; an assignee is a primary-key probe", async () => {
    const byStage = await plan({ stage: "ready" });
    expect(byStage[0]).toMatch(/^SEARCH articles USING INDEX articles_stage_idx \(stage=\?\)/);
    const mine = await plan({ assignedTo: "usr_x", stage: "ready" });
    expect(mine.join("\n")).toMatch(/SEARCH article_assignees (EXISTS )?USING (COVERING )?INDEX \S+ \(article_id=\? AND user_id=\?\)/);
    // Sorting every matching row would read them all before the LIMIT; ties of one updated_at are fine.
    for (const lines of [byStage, mine]) expect(lines.filter((l) => l.includes("TEMP B-TREE") && !l.includes("LAST TERM OF ORDER BY"))).toEqual([]);
  });
});
