// The audit API (GET /audit): admins only, filters that combine, keyset paging newest first, and
// what a few entries say (failed sign-ins, an article transition, an import). The route walk
// (tests/security/audit-routes.test.ts) proves every write route records; this file, how they read.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createUser, signIn, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

let admin: { token: string; user: { id: string } };
let editor: { token: string; user: { id: string } };
let articleId: string;

const audit = (query: string, token = admin.token) => call("GET", `/audit${query}`, { token });
const entries = async (query: string) => {
  const res = await audit(query);
  expect(res.status, res.text).toBe(200);
  return res.json.entries as any[];
};

// An exported entry from another newsroom's history, as GET /export writes it.
const IMPORTED = {
  id: "aud_from_elsewhere",
  at: "2020-05-01T09:00:00.000Z",
  actor_user_id: "usr_old",
  actor_token_id: null,
  actor_label: "Old Editor",
  actor_role: "editor",
  action: "article.publish",
  target_type: "article",
  target_id: "art_old",
  target_label: "An old story",
  summary: JSON.stringify({ before: { status: "draft" }, after: { status: "published" } }),
  request_id: "ray-old",
};

beforeAll(async () => {
  // This file's storage starts empty: an import is accepted once, first.
  admin = await tokenFor("admin");
  const imported = await call("POST", "/import", { token: admin.token, body: { format: "copydesk-export", version: 2, exported_at: new Date().toISOString(), tables: { audit_log: [IMPORTED] } } });
  expect(imported.status, imported.text).toBe(201);
  editor = await tokenFor("editor");
  articleId = (await createPublishableArticle(editor.token)).id;
  expect((await call("POST", `/articles/${articleId}/publish`, { token: editor.token })).status).toBe(200);
});

describe("who may read it", () => {
  it("admins only: 403 for every other role, 401 without credentials", async () => {
    expect((await audit("", editor.token)).status).toBe(403);
    expect((await audit("", (await tokenFor("author")).token)).status).toBe(403);
    expect((await call("GET", "/audit")).status).toBe(401);
  });
});

describe("what an entry says", () => {
  it("an article transition: actor (user and token), target, before → after, the request id", async () => {
    const [publish] = await entries(`?action=article.publish&target=${articleId}`);
    expect(publish).toMatchObject({
      actor: { user_id: editor.user.id, label: expect.any(String), role: "editor", token_id: expect.stringMatching(/^tok_/) },
      action: "article.publish",
      target: { type: "article", id: articleId },
      summary: { before: { status: "draft" }, after: { status: "published", version: expect.any(Number) } },
      request_id: expect.stringMatching(/^req_/),
    });
  });

  it("failed sign-ins are recorded by an anonymous actor against the account tried, not the limit's refusals, never the email or password", async () => {
    const user = await createUser("author");
    const ip = { "cf-connecting-ip": "203.0.113.77" };
    expect((await signIn("nobody@example.org", "guess-one", ip)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await signIn(user.email, `wrong-${i}`, ip)).status).toBe(401);
    // Refused by the limit before any check: nothing recorded (an entry is permanent, a flood is not).
    for (let i = 0; i < 3; i++) expect((await signIn(user.email, "wrong-again", ip)).status).toBe(429);
    const failed = await entries("?action=session.sign_in_failed&limit=100");
    expect(failed.every((e) => e.actor.label === "anonymous" && e.actor.user_id === null)).toBe(true);
    expect(failed.filter((e) => e.target.type === "session" && e.summary.note === "unknown account")).toHaveLength(1);
    const theirs = await entries(`?action=session.sign_in_failed&target=${user.id}`);
    expect(theirs.map((e) => [e.target.type, e.target.label, e.summary.note])).toEqual(Array(5).fill(["user", user.name, "wrong password"]));
    // "What this person did" is not what others tried against their account.
    expect(await entries(`?action=session.sign_in_failed&actor=${user.id}`)).toEqual([]);
    const raw = JSON.stringify(failed);
    expect(raw).not.toContain(user.email);
    expect(raw).not.toContain("nobody@example.org");
    expect(raw).not.toMatch(/wrong-|guess-one/);
  });

  it("an import appends the file's entries as they were, and records itself with its counts", async () => {
    const [old] = await entries("?target=art_old");
    expect(old).toEqual({
      id: IMPORTED.id,
      at: IMPORTED.at,
      actor: { user_id: "usr_old", token_id: null, label: "Old Editor", role: "editor" },
      action: "article.publish",
      target: { type: "article", id: "art_old", label: "An old story" },
      summary: { before: { status: "draft" }, after: { status: "published" } },
      request_id: "ray-old",
    });
    const [own] = await entries("?action=newsroom.import");
    expect(own.summary.after).toMatchObject({ audit_log: 1, articles: 0 });
  });

  it("a webhook's entry names its host, never the rest of its URL (a chat hook's path is its credential) or its secret", async () => {
    const res = await call("POST", "/webhooks", { token: admin.token, body: { url: "https://hooks.example/services/T0/B0/S3CR3TPATH", events: ["article.published"], active: false } });
    expect(res.status, res.text).toBe(201);
    const [entry] = await entries(`?action=webhook.create&target=${res.json.webhook.id}`);
    expect(entry.target.label).toBe("https://hooks.example");
    expect(entry.summary.after).toMatchObject({ url: "https://hooks.example", active: false });
    expect(JSON.stringify(entry)).not.toContain("S3CR3TPATH");
    expect(JSON.stringify(entry)).not.toContain(res.json.secret);
  });

  it("the export carries the log, its own entry included", async () => {
    const res = await call("GET", "/export", { token: admin.token });
    expect(res.status).toBe(200);
    const rows = res.json.tables.audit_log as any[];
    expect(rows.map((r) => r.id)).toContain(IMPORTED.id);
    expect(rows.some((r) => r.action === "newsroom.export")).toBe(true);
    expect((await entries("?action=newsroom.export")).length).toBeGreaterThan(0);
  });
});

describe("filters and paging", () => {
  it("filters combine: actor, token, action list, target type, time range", async () => {
    const byEditor = await entries(`?actor=${editor.user.id}&limit=100`);
    expect(byEditor.length).toBeGreaterThan(0);
    expect(byEditor.every((e) => e.actor.user_id === editor.user.id)).toBe(true);
    const token = byEditor[0].actor.token_id;
    expect((await entries(`?token=${token}&limit=100`)).every((e) => e.actor.token_id === token)).toBe(true);
    const two = await entries("?action=article.publish,article.create&limit=100");
    expect(new Set(two.map((e) => e.action))).toEqual(new Set(["article.publish", "article.create"]));
    expect((await entries("?target_type=article&limit=100")).every((e) => e.target.type === "article")).toBe(true);
    // The imported 2020 entry is the only one before 2021; until is exclusive, since inclusive.
    expect((await entries("?until=2021-01-01T00:00:00Z")).map((e) => e.id)).toEqual([IMPORTED.id]);
    expect(await entries(`?until=${IMPORTED.at}`)).toEqual([]);
    expect((await entries(`?since=${IMPORTED.at}&until=2020-05-01T11:00:00%2B01:00`)).map((e) => e.id)).toEqual([IMPORTED.id]);
    expect((await entries("?since=2021-01-01T00:00:00Z&limit=100")).some((e) => e.id === IMPORTED.id)).toBe(false);
  });

  it("article=<id> is one story's whole history: its own entries, its amendments' and its notes', and no other story's", async () => {
    const story = (await call("POST", `/articles/${articleId}/amendments`, { token: editor.token, body: { kind: "correction", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Fixed." }] }] } } })).json.amendment;
    const note = (await call("POST", `/articles/${articleId}/notes`, { token: editor.token, body: { body: "Check the date." } })).json.note;
    await call("POST", `/articles/${articleId}/notes/${note.id}/resolve`, { token: editor.token });
    const other = await createPublishableArticle(editor.token);
    await call("POST", `/articles/${other.id}/notes`, { token: editor.token, body: { body: "Elsewhere." } });
    const history = await entries(`?article=${articleId}&limit=100`);
    // target= alone leaves out what was done to the story's amendments and notes.
    expect((await entries(`?target=${articleId}&limit=100`)).map((e) => e.action)).not.toContain("amendment.create");
    expect(history.map((e) => e.action).reverse()).toEqual(["article.create", "article.publish", "amendment.create", "note.create", "note.resolve"]);
    expect(history.map((e) => e.target.id)).toEqual([note.id, note.id, story.id, articleId, articleId]);
    // It combines with the other filters, and an unknown story has no history.
    expect((await entries(`?article=${articleId}&target_type=note`)).map((e) => e.action)).toEqual(["note.resolve", "note.create"]);
    expect(await entries("?article=art_none")).toEqual([]);
  });

  it("bad filters are 400 naming the field", async () => {
    for (const [query, path] of [
      ["?action=article.fly", "action"],
      ["?target_type=planet", "target_type"],
      ["?since=yesterday", "since"],
      ["?limit=101", "limit"],
      ["?cursor=forged", "cursor"],
    ]) {
      const res = await audit(query!);
      expect(res.status, query).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path), query).toContain(path);
    }
  });

  it("pages newest first by (at, id), with no entry twice or missed, while new entries arrive in front", async () => {
    const all = await entries("?limit=100");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(`?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.json.entries.map((e: { id: string }) => e.id));
      cursor = res.json.next_cursor;
      // Something happens meanwhile: it is newer than every page already read, so it never shows.
      await call("POST", "/tags", { token: editor.token, body: { name: `Tag ${crypto.randomUUID()}` } });
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    const keys = all.map((e) => `${e.at}|${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });
});

describe("the cursor", () => {
  it("is read as the instant it names: the same key written with an offset pages exactly as the one issued", async () => {
    const first = await audit("?limit=3");
    const [key, id] = atob(first.json.next_cursor.replace(/-/g, "+").replace(/_/g, "/")).split("|") as [string, string];
    // The same instant two hours ahead of UTC: compared as text it would sort after the stored form.
    const shifted = new Date(Date.parse(key) + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
    const forged = btoa(`${shifted}|${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const issued = (await audit(`?limit=3&cursor=${first.json.next_cursor}`)).json.entries.map((e: { id: string }) => e.id);
    expect((await audit(`?limit=3&cursor=${forged}`)).json.entries.map((e: { id: string }) => e.id)).toEqual(issued);
  });
});

describe("append-only in the database", () => {
  it("UPDATE and DELETE are refused by the table's triggers", async () => {
    await expect(env.DB.prepare("UPDATE audit_log SET summary = '{}' WHERE id = ?").bind(IMPORTED.id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE id = ?").bind(IMPORTED.id).run()).rejects.toThrow(/append-only/);
  });
});
