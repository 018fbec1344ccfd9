// A backup is only as good as its restore: export newsroom A, import it into a fresh newsroom
// (a new admin with the same email), and compare everything — every table's rows and every
// image's bytes — with the one mapping an import makes (A's admin id → the importing admin's).
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { EXPORT_TABLES } from "../../src/editorial/export/tables";
import { publishDue } from "../../src/scheduled/publish-due";
import { BASE, call, createUser, db, signIn, tokenFor } from "../helpers/api";
import { createArticle, createContributor, createPublishableArticle, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { bucketKeys, dumpDatabase, exportJson, freshNewsroom } from "../helpers/newsroom-dump";
import { get, fetchChecked } from "../helpers/public";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { buildReferenceArticle, REFERENCE_PUBLISHED_AT } from "../helpers/reference-article";

/** Newsroom A: several users, attribution by each, images (featured, in a body, an avatar, the logo), revisions, collections. */
async function buildNewsroomA() {
  const admin = await tokenFor("admin");
  const editor = await tokenFor("editor");
  const author = await createUser("author");
  const ref = await buildReferenceArticle(editor.token);
  const id = ref.created.json.article.id;
  await call("POST", `/articles/${id}/publish`, { token: editor.token, body: { published_at: REFERENCE_PUBLISHED_AT } });
  await call("PATCH", `/articles/${id}`, { token: admin.token, headers: { "if-match": '"2"' }, body: { dek: "Second version, by the admin" } });
  // Pending changes to the live story: a backup must carry them too.
  const wc = await call("PUT", `/articles/${id}/working-copy`, { token: admin.token, headers: { "if-match": '"3"' }, body: { summary: "Pending, not live yet" } });
  if (wc.status !== 200) throw new Error(`working copy: ${wc.status} ${wc.text}`);
  const avatar = await uploadPng(admin.token, { alt: "A face" });
  const linked = await createContributor(admin.token, "person", "Author With Account", { user_id: author.id, avatar_media_id: avatar.id });
  const inBody = await uploadPng(editor.token, { alt: "In the body" });
  const second = await createArticle(admin.token, {
    headline: "A story with a picture inside",
    bylines: [{ contributor: linked.slug }],
    body: doc(paragraph("Before."), { type: "image", attrs: { media_id: inBody.id, alt: "In the body", caption: null, credit: null } }),
    related: [{ url: "https://example.org/elsewhere", title: "Elsewhere", summary: null, source: "Example" }],
    audio: { url: "https://audio.example.org/a.mp3", disclosure: "Read by a machine" },
  });
  await call("POST", "/collections", { token: editor.token, body: { name: "Editors' Picks", slug: "editors-picks", article_ids: [id, second.id] } });
  const gone = await createArticle(editor.token, { headline: "Deleted before the export" });
  await call("DELETE", `/articles/${gone.id}`, { token: editor.token });
  // Internal notes travel with the backup: a thread anchored to a passage, a reply by the (mapped) admin.
  const note = await call("POST", `/articles/${second.id}/notes`, { token: editor.token, body: { body: "Check the caption", anchor: { quote: "Before", prefix: "", suffix: "." } } });
  await call("POST", `/articles/${second.id}/notes`, { token: admin.token, body: { body: "Done", parent_id: note.json.note.id } });
  await call("POST", `/articles/${second.id}/notes/${note.json.note.id}/resolve`, { token: admin.token });
  // Amendments travel too: a public correction and the entry that superseded it, and one an editor deleted.
  const fix = await call("POST", `/articles/${id}/amendments`, { token: editor.token, body: { kind: "correction", body: doc(paragraph("An earlier version misnamed the hub.")) } });
  await call("POST", `/articles/${id}/amendments/${fix.json.amendment.id}/supersede`, { token: admin.token, body: { body: doc(paragraph("An earlier version misnamed the repair hub.")) } });
  const dropped = await call("POST", `/articles/${id}/amendments`, { token: editor.token, body: { kind: "editors_note", body: doc(paragraph("Withdrawn.")) } });
  if (dropped.status !== 201) throw new Error(`amendment: ${dropped.status} ${dropped.text}`);
  await call("DELETE", `/articles/${id}/amendments/${dropped.json.amendment.id}`, { token: editor.token });
  // The desk's own stages (one default removed: the import must not bring it back), and who a story is assigned to and for when, travel too.
  const stages = await call("PUT", "/stages", {
    token: admin.token,
    body: { stages: [{ id: "draft", name: "Draft", enter_role: "contributor" }, { id: "legal", name: "Legal review", enter_role: "editor" }, { id: "editing", name: "Subbing", enter_role: "contributor" }] },
  });
  if (stages.status !== 200) throw new Error(`stages: ${stages.status} ${stages.text}`);
  await call("POST", `/articles/${second.id}/stage`, { token: editor.token, body: { stage: "legal" } });
  await call("PUT", `/articles/${second.id}/assignees`, { token: editor.token, body: { user_ids: [author.id, admin.user.id] } });
  await call("PUT", `/articles/${second.id}/due`, { token: editor.token, body: { due_at: "2030-01-02T03:04:05Z" } });
  // A live blog travels with its entries, their bylines and their history (a published, pinned entry
  // bylined to the linked author and edited by the admin; a draft; one deleted); its change log does not.
  const blog = await call("POST", "/articles", { token: editor.token, body: { headline: "Election night, live", kind: "live", body: doc(paragraph("Live.")) } });
  const blogId = blog.json.article.id as string;
  const filed = await call("POST", `/articles/${blogId}/entries`, { token: editor.token, body: { title: "Polls close", body: doc(paragraph("Polls have closed.")), bylines: [{ contributor: linked.slug, role: "Reporting" }], status: "published", pinned: true, key_event: true } });
  if (filed.status !== 201) throw new Error(`entry: ${filed.status} ${filed.text}`);
  await call("PATCH", `/articles/${blogId}/entries/${filed.json.entry.id}`, { token: admin.token, headers: { "if-match": '"1"' }, body: { body: doc(paragraph("Polls have closed at eight.")) } });
  await call("POST", `/articles/${blogId}/entries`, { token: admin.token, body: { body: doc(paragraph("A draft nobody has seen.")) } });
  const gone2 = await call("POST", `/articles/${blogId}/entries`, { token: editor.token, body: { body: doc(paragraph("Withdrawn entry.")) } });
  await call("DELETE", `/articles/${blogId}/entries/${gone2.json.entry.id}`, { token: admin.token });
  const logo = await uploadPng(admin.token, { alt: "Logo" });
  await env.DB.prepare("INSERT OR REPLACE INTO site_settings (id, title, language, logo_media_id, updated_at, updated_by) VALUES (1, 'The Courier', 'uk', ?, '2026-01-02T03:04:05.000Z', ?)")
    .bind(logo.id, admin.user.id)
    .run();
  return { admin, editor, author, articleId: id, slug: ref.created.json.article.slug as string, blogId };
}

/** Rows as a list of JSON strings, with one id replaced everywhere it appears as a whole value. */
const mapped = (rows: unknown[], from: string, to: string) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, v === from ? to : v])))).sort();

// Whole-newsroom imports on a shared machine: a generous time limit (no test asserts speed).
/** What the index answers for each word the articles hold: the matching rowids (search_ids), in order. */
async function searchAnswers(rows: unknown[]): Promise<Record<string, string | null>> {
  const text = (rows as { headline: string; summary: string | null; body: string }[]).map((r) => `${r.headline} ${r.summary ?? ""} ${bodyToPlainText(JSON.parse(r.body) as BodyDoc)}`).join(" ");
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].sort();
  const match = env.DB.prepare("SELECT group_concat(r) AS ids FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid)");
  const answers = await env.DB.batch<{ ids: string | null }>(words.map((w) => match.bind(`"${w}"`)));
  return Object.fromEntries(words.map((w, i) => [w, answers[i]!.results[0]?.ids ?? null]));
}

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe("export and import round trip", () => {
  it("restores every table, every attribution and every image into a fresh newsroom", async () => {
    const a = await buildNewsroomA();
    const dump = await exportJson(a.admin.token);
    expect(dump.version).toBe(2);
    // Secrets never travel: no hash, session or token in the file.
    expect(JSON.stringify(dump)).not.toMatch(/password_hash|token_hash|pbkdf2|id_hash/);
    expect(dump.tables.users.map((u: any) => u.email).sort()).toEqual([a.admin.user.email, a.editor.user.email, a.author.email].sort());
    expect(dump.tables.media.every((m: any) => typeof m.data === "string" && m.data.length > 0)).toBe(true);

    const before = await dumpDatabase();
    const searchedBefore = await searchAnswers(before.articles!);
    const images = new Map<string, Uint8Array>();
    for (const m of before.media as any[]) images.set(m.id, new Uint8Array(await (await env.MEDIA.get(m.r2_key))!.arrayBuffer()));
    const keysBefore = await bucketKeys();

    const fresh = await freshNewsroom(a.admin.user.email);
    expect(fresh.user.id).not.toBe(a.admin.user.id);
    await env.MEDIA.delete(keysBefore);
    expect((await get(`/api/content/v1/articles/${a.slug}`)).status).toBe(404);

    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);
    expect(res.json.imported).toMatchObject({ articles: before.articles!.length, users: 3, media: images.size, revisions: before.revisions!.length });

    const after = await dumpDatabase();
    const from = a.admin.user.id;
    const to = fresh.user.id;
    for (const table of EXPORT_TABLES.filter((t) => t.name !== "users" && t.name !== "audit_log")) {
      expect(mapped(after[table.name]!, "", ""), table.name).toEqual(mapped(before[table.name]!, from, to));
    }
    // The audit log is never emptied or rewritten (append-only): every entry is still there as it was
    // (ids unmapped: history says who it was then), and the import added exactly its own entry.
    const kept = new Set((after.audit_log as unknown[]).map((r) => JSON.stringify(r)));
    expect((before.audit_log as unknown[]).filter((r) => !kept.has(JSON.stringify(r)))).toEqual([]);
    expect((after.audit_log as any[]).filter((r) => r.action === "newsroom.import")).toHaveLength((before.audit_log as any[]).filter((r) => r.action === "newsroom.import").length + 1);
    expect(after.audit_log).toHaveLength(before.audit_log!.length + 1);
    expect(after.working_copies, "the pending working copy").toHaveLength(1);
    // Amendments (readers see them) are named here too, so leaving them out of the export fails.
    expect(before.article_amendments, "the amendments").toHaveLength(3);
    expect(mapped(after.article_amendments!, "", "")).toEqual(mapped(before.article_amendments!, from, to));
    // So are live blogs' entries, bylines and revisions (compared above with every exported table);
    // their change log is a delivery log, not content: it stays behind and the blog's streams restart.
    expect(before.live_entries, "the entries").toHaveLength(3);
    expect(before.live_entry_bylines, "the entries' bylines").toHaveLength(1);
    expect((before.live_entry_revisions as unknown[]).length, "the entries' history").toBe(5);
    expect(dump.tables.live_changes).toBeUndefined();
    expect((after.live_changes as any[]).filter((r) => r.article_id === a.blogId)).toEqual([]);
    const desk = await call("GET", `/articles/${a.blogId}/entries`, { token: fresh.token });
    expect(desk.json).toMatchObject({ last_event_id: 0, entries: [{ status: "draft" }, { status: "published", pinned: true, version: 2 }] });
    // So are the stages (renamed, added, reordered) and the assignments.
    expect((before.workflow_stages as any[]).map((s) => s.name).sort()).toEqual(["Draft", "Legal review", "Subbing"]);
    expect(before.article_assignees, "the assignees").toHaveLength(2);
    // Which media each article uses is derived, not exported: rebuilt to the same rows.
    expect([...(after.article_media as unknown[])].map((r) => JSON.stringify(r)).sort()).toEqual([...(before.article_media as unknown[])].map((r) => JSON.stringify(r)).sort());
    expect((before.article_media as unknown[]).length).toBeGreaterThanOrEqual(2);
    // The full-text index is filled by the import's publish from each body's text: it is sound, and
    // every word the articles hold finds the same stories (by search_id, which the import keeps).
    await env.DB.prepare("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')").run();
    expect(await searchAnswers(before.articles!)).toEqual(searchedBefore);
    expect(Object.values(searchedBefore).filter(Boolean).length).toBeGreaterThan(10);
    expect(after.import_staging).toEqual([]);

    // Users: the same people with the same roles; the importer kept their own account and id.
    const people = (rows: any[]) => rows.map(({ password_hash, created_at, updated_at, ...u }) => ({ ...u, id: u.id === from ? to : u.id })).sort((x, y) => x.email.localeCompare(y.email));
    expect(people(after.users as any[])).toEqual(people(before.users as any[]));
    const importedEditor = (after.users as any[]).find((u) => u.email === a.editor.user.email);
    expect(importedEditor.password_hash).not.toBe((before.users as any[]).find((u) => u.email === a.editor.user.email).password_hash);
    // …and cannot sign in until an admin resets the password.
    expect((await signIn(a.editor.user.email, a.editor.user.password)).status).toBe(401);

    // Attribution survives: the article's creator is still the editor, its last change the admin (mapped).
    const article = (after.articles as any[]).find((r) => r.id === a.articleId);
    expect(article.created_by).toBe(a.editor.user.id);
    expect(article.updated_by).toBe(to);

    // Every image answers with its own bytes.
    expect(await bucketKeys()).toEqual(keysBefore);
    for (const [id, bytes] of images) {
      const img = await fetchChecked(new Request(`${BASE}/media/${id}`));
      expect(img.status, id).toBe(200);
      expect(new Uint8Array(await img.arrayBuffer())).toEqual(bytes);
    }

    // The public side works from the restored rows: the story, its search entry and its image.
    const story = await get(`/api/content/v1/articles/${a.slug}`);
    expect(story.status).toBe(200);
    expect(story.json.article.dek).toBe("Second version, by the admin");
    expect((await get("/api/content/v1/articles?q=minister")).json.articles.map((x: any) => x.id)).toContain(a.articleId);
  });

  it("brings a story held by an embargo back held; a published row still under embargo is held too", async () => {
    const admin = await freshNewsroom();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const a = await createPublishableArticle(admin.token, { headline: "Held across the backup" });
    expect((await call("PUT", `/articles/${a.id}/embargo`, { token: admin.token, body: { embargoed_until: until } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/publish`, { token: admin.token })).json.article.status).toBe("scheduled");
    const dump = await exportJson(admin.token);
    const rowOf = async () => (await env.DB.prepare("SELECT * FROM articles WHERE id = ?").bind(a.id).first<any>())!;
    const releaseAt = async () => (await env.DB.prepare("SELECT due_at FROM site_state WHERE key = 'content'").first<{ due_at: string }>())!.due_at;
    const held = await rowOf();
    expect(held).toMatchObject({ status: "scheduled", embargoed_until: until });
    expect(await releaseAt()).toBe(until);

    // Exactly as it was: the same row (its creator mapped to the importing admin), released at the same instant.
    const fresh = await freshNewsroom(admin.email);
    expect((await call("POST", "/import", { token: fresh.token, body: dump })).status).toBe(201);
    expect(mapped([await rowOf()], "", "")).toEqual(mapped([held], admin.user.id, fresh.user.id));
    expect(await releaseAt()).toBe(until);
    expect((await get(`/api/content/v1/articles/${a.slug}`)).status).toBe(404);

    // A file that says "published" under an embargo still running: held as publishing it here holds it.
    const edited = structuredClone(dump);
    const row = edited.tables.articles.find((r: any) => r.id === a.id);
    Object.assign(row, { status: "published", scheduled_at: null, published_at: "2026-01-02T03:04:05.000Z", first_published_at: "2026-01-02T03:04:05.000Z" });
    const again = await freshNewsroom(admin.email);
    const importedAt = new Date().toISOString();
    expect((await call("POST", "/import", { token: again.token, body: edited })).status).toBe(201);
    const kept = await rowOf();
    expect(kept).toMatchObject({ status: "scheduled", embargoed_until: until, published_at: "2026-01-02T03:04:05.000Z" });
    expect(kept.scheduled_at >= importedAt && kept.scheduled_at <= new Date().toISOString()).toBe(true);
    expect(await releaseAt()).toBe(until);
    expect((await get(`/api/content/v1/articles/${a.slug}`)).status).toBe(404);
    // …and goes public at the embargo's instant, dated then.
    expect(await publishDue(db(), new Date(Date.parse(until) + 1000))).toEqual([a.id]);
    expect(await rowOf()).toMatchObject({ status: "published", published_at: until, first_published_at: "2026-01-02T03:04:05.000Z" });
  });

  it("refuses to import into a newsroom that has content or other accounts", async () => {
    const { token } = await tokenFor("admin");
    await createArticle(token, { headline: "Already here" });
    const dump = await exportJson(token);
    const res = await call("POST", "/import", { token, body: dump });
    expect(res.status).toBe(409);
    const fresh = await freshNewsroom();
    await tokenFor("editor");
    expect((await call("POST", "/import", { token: fresh.token, body: dump })).status).toBe(409);
  });

  it("is admin-only", async () => {
    const editor = await tokenFor("editor");
    expect((await call("GET", "/export", { token: editor.token })).status).toBe(403);
    expect((await call("POST", "/import", { token: editor.token, body: {} })).status).toBe(403);
  });
});
