// Internal notes: threads one level deep, anchors that survive edits elsewhere, who may change what,
// one audit entry per write in the same batch, and the story's version left alone (a note is not
// an edit: nobody editing the text gets a conflict because a colleague commented).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArticle } from "../../src/articles/load";
import { createNote, deleteNote } from "../../src/notes/domain";
import { call, db, tokenFor } from "../helpers/api";
import { actorOf, interleaved } from "../helpers/interleave";
import { createArticle, doc, paragraph } from "../helpers/newsroom";

type Who = Awaited<ReturnType<typeof tokenFor>>;
let editor: Who;
let author: Who;
let contributor: Who;

beforeAll(async () => {
  [editor, author, contributor] = await Promise.all([tokenFor("editor"), tokenFor("author"), tokenFor("contributor")]);
});

const notesOf = (id: string, token: string, query = "") => call("GET", `/articles/${id}/notes${query}`, { token });
const write = (id: string, token: string, body: unknown) => call("POST", `/articles/${id}/notes`, { token, body });
const contentVersion = async () => (await env.DB.prepare("SELECT value FROM site_state WHERE key = 'content'").first<{ value: string }>())?.value;
const auditOf = async (noteId: string) =>
  (await env.DB.prepare("SELECT action, actor_user_id, summary FROM audit_log WHERE target_type = 'note' AND target_id = ? ORDER BY at, id").bind(noteId).all<{ action: string; actor_user_id: string; summary: string }>()).results;

const BODY = doc(paragraph("The council met on Tuesday."), paragraph("The budget was cut by ten percent."), paragraph("Residents protested the cut outside."));

describe("threads", () => {
  it("lists first notes oldest first with their replies, and filters on resolution", async () => {
    const a = await createArticle(editor.token, { body: BODY });
    const first = await write(a.id, editor.token, { body: "Check the figure.", anchor: { quote: "ten percent", prefix: "The budget was cut by ", suffix: "." } });
    expect(first.status).toBe(201);
    expect(first.json.note).toMatchObject({ parent_id: null, author: { id: editor.user.id, name: editor.user.name }, anchor_state: "attached", resolved_at: null, resolved_by: null });
    const second = (await write(a.id, author.token, { body: "Whole story: needs a photo." })).json.note;
    const reply = await write(a.id, contributor.token, { body: "It was 12%.", parent_id: first.json.note.id });
    expect(reply.status).toBe(201);
    expect(reply.json.note).toMatchObject({ parent_id: first.json.note.id, anchor: null, anchor_state: null });

    const all = (await notesOf(a.id, author.token)).json.notes;
    expect(all.map((t: any) => t.id)).toEqual([first.json.note.id, second.id]);
    expect(all[0].replies.map((r: any) => r.body)).toEqual(["It was 12%."]);
    // Names, never emails: the view declares no email, and none leaks in a value either.
    expect(JSON.stringify(all)).not.toContain("@example.org");

    const resolved = await call("POST", `/articles/${a.id}/notes/${first.json.note.id}/resolve`, { token: contributor.token });
    expect(resolved.status).toBe(200);
    expect(resolved.json.note.resolved_by).toEqual({ id: contributor.user.id, name: contributor.user.name });
    expect((await notesOf(a.id, editor.token, "?resolved=false")).json.notes.map((t: any) => t.id)).toEqual([second.id]);
    expect((await notesOf(a.id, editor.token, "?resolved=true")).json.notes.map((t: any) => t.id)).toEqual([first.json.note.id]);
    // Resolution is the thread's: reopening through its reply reopens the thread, and the answer is
    // the thread's first note, which carries the state (the reply's own resolved_at is always null).
    const reopened = await call("POST", `/articles/${a.id}/notes/${reply.json.note.id}/reopen`, { token: author.token });
    expect(reopened.json.note).toMatchObject({ id: first.json.note.id, parent_id: null, resolved_at: null, resolved_by: null });
    expect((await notesOf(a.id, editor.token, "?resolved=true")).json.notes).toEqual([]);
    const viaReply = await call("POST", `/articles/${a.id}/notes/${reply.json.note.id}/resolve`, { token: author.token });
    expect(viaReply.json.note).toMatchObject({ id: first.json.note.id, resolved_at: expect.any(String), resolved_by: { id: author.user.id } });
    await call("POST", `/articles/${a.id}/notes/${first.json.note.id}/reopen`, { token: author.token });
    expect((await notesOf(a.id, editor.token, "?resolved=maybe")).json.errors[0].path).toBe("resolved");
  });

  it("refuses a reply to a reply, an anchored reply, and a parent on another story", async () => {
    const a = await createArticle(editor.token, { body: BODY });
    const b = await createArticle(editor.token, { body: BODY });
    const root = (await write(a.id, editor.token, { body: "Root" })).json.note;
    const reply = (await write(a.id, editor.token, { body: "Reply", parent_id: root.id })).json.note;
    const nested = await write(a.id, editor.token, { body: "Deeper", parent_id: reply.id });
    expect([nested.status, nested.json.errors[0].path]).toEqual([400, "parent_id"]);
    const anchored = await write(a.id, editor.token, { body: "x", parent_id: root.id, anchor: { quote: "council" } });
    expect([anchored.status, anchored.json.errors[0].path]).toEqual([400, "anchor"]);
    const elsewhere = await write(b.id, editor.token, { body: "x", parent_id: root.id });
    expect([elsewhere.status, elsewhere.json.errors[0].path]).toEqual([400, "parent_id"]);
  });

  it("validates the body and the anchor, naming the field", async () => {
    const a = await createArticle(editor.token, { body: BODY });
    const cases: [unknown, string][] = [
      [{ body: "   " }, "body"],
      [{ body: "x".repeat(4001) }, "body"],
      [{ body: "ok", anchor: { quote: "" } }, "anchor.quote"],
      [{ body: "ok", anchor: { quote: "q".repeat(501) } }, "anchor.quote"],
      [{ body: "ok", anchor: { quote: "council", prefix: "p".repeat(65) } }, "anchor.prefix"],
    ];
    for (const [body, path] of cases) {
      const res = await write(a.id, editor.token, body);
      expect([res.status, res.json.errors?.[0]?.path]).toEqual([400, path]);
    }
    expect((await write("art_nope", editor.token, { body: "x" })).status).toBe(404);
  });
});

describe("anchors against the body as the editor shows it", () => {
  it("stay attached through an edit to another paragraph, and orphan when the passage changes", async () => {
    const a = await createArticle(editor.token, { body: BODY });
    const note = (await write(a.id, editor.token, { body: "Source?", anchor: { quote: "Residents protested", prefix: "ten percent.\n", suffix: " the cut" } })).json.note;
    const edited = await call("PATCH", `/articles/${a.id}`, {
      token: editor.token,
      body: { version: a.version, body: doc(paragraph("The city council met late on Tuesday night."), paragraph("The budget was cut by ten percent."), paragraph("Residents protested the cut outside.")) },
    });
    expect(edited.status).toBe(200);
    expect((await notesOf(a.id, editor.token)).json.notes[0].anchor_state).toBe("attached");
    await call("PATCH", `/articles/${a.id}`, {
      token: editor.token,
      body: { version: edited.json.article.version, body: doc(paragraph("The council met."), paragraph("Some residents objected to the cut.")) },
    });
    const [after] = (await notesOf(a.id, editor.token)).json.notes;
    expect([after.id, after.anchor_state]).toEqual([note.id, "orphaned"]);
    // A quote not in the body at all is kept (the editor may hold unsaved words) and says so.
    expect((await write(a.id, editor.token, { body: "x", anchor: { quote: "not in the story" } })).json.note.anchor_state).toBe("orphaned");
  });
});

describe("rights", () => {
  it("only the author changes a note's text; editors delete anyone's, others their own", async () => {
    const a = await createArticle(editor.token, { body: BODY });
    const mine = (await write(a.id, author.token, { body: "Mine" })).json.note;
    expect((await call("PATCH", `/articles/${a.id}/notes/${mine.id}`, { token: editor.token, body: { body: "Rewritten" } })).status).toBe(403);
    const changed = await call("PATCH", `/articles/${a.id}/notes/${mine.id}`, { token: author.token, body: { body: "Mine, clearer" } });
    expect(changed.json.note.body).toBe("Mine, clearer");
    expect((await call("DELETE", `/articles/${a.id}/notes/${mine.id}`, { token: contributor.token })).status).toBe(403);

    // A thread with someone else's reply is an editor's to delete.
    await write(a.id, contributor.token, { body: "Agreed", parent_id: mine.id });
    expect((await call("DELETE", `/articles/${a.id}/notes/${mine.id}`, { token: author.token })).status).toBe(403);
    expect((await call("DELETE", `/articles/${a.id}/notes/${mine.id}`, { token: editor.token })).status).toBe(204);
    expect((await notesOf(a.id, editor.token)).json.notes).toEqual([]);

    const own = (await write(a.id, contributor.token, { body: "Mine to drop" })).json.note;
    expect((await call("DELETE", `/articles/${a.id}/notes/${own.id}`, { token: contributor.token })).status).toBe(204);
    // A note of another story is not found through this one.
    const other = await createArticle(editor.token);
    const theirs = (await write(other.id, editor.token, { body: "Elsewhere" })).json.note;
    expect((await call("DELETE", `/articles/${a.id}/notes/${theirs.id}`, { token: editor.token })).status).toBe(404);
  });
});

describe("bookkeeping", () => {
  it("audits each write without the note's words, and never touches the story's version or the public content version", async () => {
    const a = await createArticle(editor.token, { body: BODY });
    const before = await contentVersion();
    const secret = "SOURCE-NAME-IN-NOTE";
    const note = (await write(a.id, editor.token, { body: `Named ${secret}`, anchor: { quote: "council" } })).json.note;
    await call("PATCH", `/articles/${a.id}/notes/${note.id}`, { token: editor.token, body: { body: `Still ${secret}` } });
    await call("POST", `/articles/${a.id}/notes/${note.id}/resolve`, { token: editor.token });
    // Resolving again changes nothing and records nothing.
    await call("POST", `/articles/${a.id}/notes/${note.id}/resolve`, { token: editor.token });
    await call("POST", `/articles/${a.id}/notes/${note.id}/reopen`, { token: editor.token });
    await call("DELETE", `/articles/${a.id}/notes/${note.id}`, { token: editor.token });

    const entries = await auditOf(note.id);
    expect(entries.map((e) => e.action)).toEqual(["note.create", "note.update", "note.resolve", "note.reopen", "note.delete"]);
    expect(entries.every((e) => e.actor_user_id === editor.user.id)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect(JSON.parse(entries[0]!.summary)).toEqual({ after: { article_id: a.id, parent_id: null, length: `Named ${secret}`.length, anchored: true } });

    const now = (await call("GET", `/articles/${a.id}`, { token: editor.token })).json.article;
    expect(now.version).toBe(a.version);
    expect(await contentVersion()).toBe(before);
  });
});

describe("a thread deleted while someone replies", () => {
  // Both orders of the race, made deterministic: the other request's write lands between the
  // domain's read and its batch. The guards are in the statements, so neither leaves a stray row.
  it("a reply arriving after its thread is deleted is refused (400 parent_id), never left orphaned", async () => {
    const a = await createArticle(editor.token);
    const root = (await write(a.id, editor.token, { body: "Thread to go." })).json.note;
    const rec = (await loadArticle(db(), { id: a.id }))!;
    const racing = interleaved(db(), () => env.DB.prepare("DELETE FROM article_notes WHERE id = ? OR parent_id = ?").bind(root.id, root.id).run());
    await expect(createNote(racing, actorOf(author.user, "author"), rec, { body: "Too late.", parent_id: root.id })).rejects.toMatchObject({ code: "validation_failed" });
    const left = await env.DB.prepare("SELECT count(*) AS n FROM article_notes WHERE parent_id = ?").bind(root.id).first<{ n: number }>();
    expect(left!.n).toBe(0);
    const created = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'note.create' AND actor_user_id = ? AND summary LIKE ?").bind(author.user.id, `%${root.id}%`).first<{ n: number }>();
    expect(created!.n).toBe(0);
  });

  it("an author deleting their thread as someone else replies: refused, the reply and the thread stay", async () => {
    const a = await createArticle(author.token);
    const root = (await write(a.id, author.token, { body: "My thread." })).json.note;
    const rec = (await loadArticle(db(), { id: a.id }))!;
    const reply = { id: `note_race_${crypto.randomUUID().slice(0, 8)}`, at: new Date().toISOString() };
    const racing = interleaved(db(), () =>
      env.DB.prepare("INSERT INTO article_notes (id, article_id, parent_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, 'Wait.', ?, ?)")
        .bind(reply.id, a.id, root.id, contributor.user.id, reply.at, reply.at)
        .run(),
    );
    await expect(deleteNote(racing, actorOf(author.user, "author"), rec, root.id)).rejects.toMatchObject({ code: "forbidden" });
    const thread = (await notesOf(a.id, author.token)).json.notes;
    expect(thread.map((t: any) => [t.id, t.replies.map((r: any) => r.id)])).toEqual([[root.id, [reply.id]]]);
    expect((await auditOf(root.id)).map((r) => r.action)).toEqual(["note.create"]);
  });
});
