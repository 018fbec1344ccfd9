// A background export runs over many Queue steps while editors keep working: its file is a cut at
// the start (src/editorial/export/cut.ts), importable whatever was created, edited or deleted
// meanwhile. Each case stops the export at a table, edits, finishes it, downloads the file and
// restores it through POST /import into a fresh newsroom, as a client would.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { auditEntry } from "../../src/audit/record";
import { createDb } from "../../src/db/client";
import type { ExportCursor } from "../../src/editorial/export/export-pieces";
import { getExport, runExportStep, startExport, type ExportMessage } from "../../src/editorial/export/jobs";
import { EXPORT_TABLES } from "../../src/editorial/export/tables";
import { call, editArticle, tokenFor } from "../helpers/api";
import { createArticle, createContributor, createPublishableArticle, createSection, uploadPng } from "../helpers/newsroom";
import { freshNewsroom } from "../helpers/newsroom-dump";

vi.setConfig({ testTimeout: 60_000 });

const d = () => createDb(env.DB, env.MEDIA);
const tableIndex = (name: string) => EXPORT_TABLES.findIndex((t) => t.name === name);
const TINY = { reads: 1, bytes: 200 };

/** An export whose steps the test runs: `until(name)` steps until that table is being written. */
async function heldExport(adminId: string) {
  const sent: ExportMessage[] = [];
  const queue = { send: async (m: ExportMessage) => void sent.push(m) } as unknown as Queue<ExportMessage>;
  const audit = auditEntry(d(), { actor: { userId: adminId, tokenId: null, label: "test", role: "admin" }, action: "newsroom.export", target: { type: "newsroom", id: null } });
  const job = await startExport(d(), queue, adminId, audit);
  const step = async () => runExportStep(d(), env.DB, env.MEDIA, queue, sent.shift()!, TINY);
  return {
    job,
    async until(table: string) {
      const t = tableIndex(table);
      while ((JSON.parse((await getExport(d(), job.id)).cursor) as ExportCursor).t < t) await step();
    },
    async finish() {
      while (sent.length) await step();
    },
  };
}

/** Downloads the file, then restores it into a fresh newsroom (the admin's email kept). */
async function roundTrip(admin: { token: string; user: { email: string } }, jobId: string) {
  const file = await call("GET", `/exports/${jobId}/file`, { token: admin.token });
  expect(file.status).toBe(200);
  const fresh = await freshNewsroom(admin.user.email);
  const imported = await call("POST", "/import", { token: fresh.token, body: file.json });
  return { file: file.json, imported, fresh };
}

const rowsOf = (file: any, table: string, articleId: string) => file.tables[table].filter((r: any) => r.article_id === articleId);

describe("background export: a cut at its start", () => {
  it("leaves out an article created after the articles were passed, with its tags, bylines and revisions", async () => {
    const admin = await tokenFor("admin");
    const editor = await tokenFor("editor");
    const before = await createPublishableArticle(editor.token, { headline: "There at the start", tags: ["Old Tag"] });
    const exp = await heldExport(admin.user.id);
    await exp.until("bylines");
    const late = await createPublishableArticle(editor.token, { headline: "Written meanwhile", tags: ["Old Tag", "New Tag"] });
    await editArticle(editor.token, late.id, { dek: "A second version" });
    await exp.finish();
    const { file, imported, fresh } = await roundTrip(admin, exp.job.id);
    expect(imported.status, imported.text).toBe(201);
    expect(file.tables.articles.map((a: any) => a.id)).toEqual([before.id]);
    for (const t of ["bylines", "article_tags", "revisions"]) expect(rowsOf(file, t, late.id), t).toEqual([]);
    expect(file.tables.tags.map((t: any) => t.name)).toEqual(["Old Tag"]);
    // What the file holds is restored whole.
    const got = await call("GET", `/articles/${before.id}`, { token: fresh.token });
    expect(got.json.article.tags.map((t: any) => t.name)).toEqual(["Old Tag"]);
    expect((await call("GET", `/articles/${late.id}`, { token: fresh.token })).status).toBe(404);
  });

  it("writes an article saved after the articles were passed with the parts its last save left, less links to rows created meanwhile", async () => {
    const admin = await tokenFor("admin");
    const editor = await tokenFor("editor");
    const [p1, p2] = [await createContributor(editor.token, "person", "One"), await createContributor(editor.token, "person", "Two")];
    const section = await createSection(editor.token);
    // Not the newest article (a row created after could take that one's rowid: a case below).
    const gone = await createArticle(editor.token, { headline: "Deleted meanwhile", tags: ["First"], bylines: [{ contributor: p1.slug }] });
    const a = await createArticle(editor.token, { section: section.slug, bylines: [{ contributor: p1.slug }, { contributor: p2.slug }], tags: ["First", "Second"] });
    const exp = await heldExport(admin.user.id);
    await exp.until("bylines");
    // A save that reorders the tags, adds one created meanwhile, drops a byline and adds a revision;
    // and a deletion (its parts go with it).
    const p3 = await createContributor(editor.token, "person", "Three");
    await editArticle(editor.token, a.id, { tags: ["Second", "First", "Brand New"], bylines: [{ contributor: p2.slug }, { contributor: p3.slug }] });
    await call("DELETE", `/articles/${gone.id}`, { token: editor.token });
    await exp.finish();
    const { file, imported, fresh } = await roundTrip(admin, exp.job.id);
    expect(imported.status, imported.text).toBe(201);
    const tagName = new Map(file.tables.tags.map((t: any) => [t.id, t.name]));
    expect(rowsOf(file, "article_tags", a.id).map((r: any) => tagName.get(r.tag_id))).toEqual(["Second", "First"]);
    expect(rowsOf(file, "bylines", a.id).map((r: any) => r.contributor_id)).toEqual([p2.id]);
    // The history as at the start: the version saved meanwhile stays behind.
    expect(rowsOf(file, "revisions", a.id).map((r: any) => r.version)).toEqual([1]);
    // The deleted article was read before it went: it comes without the parts its deletion took.
    expect(file.tables.articles.map((r: any) => r.id)).toEqual(expect.arrayContaining([a.id, gone.id]));
    expect(rowsOf(file, "article_tags", gone.id)).toEqual([]);
    const got = await call("GET", `/articles/${a.id}`, { token: fresh.token });
    expect(got.json.article.tags.map((t: any) => t.name)).toEqual(["Second", "First"]);
  });

  it("writes null for a reference set, before the articles were read, to a row created meanwhile", async () => {
    const admin = await tokenFor("admin");
    const editor = await tokenFor("editor");
    const a = await createPublishableArticle(editor.token, { headline: "Re-dressed meanwhile" });
    const exp = await heldExport(admin.user.id);
    await exp.until("media");
    const image = await uploadPng(editor.token, { alt: "New picture" });
    const section = await createSection(editor.token, "Brand new section");
    await editArticle(editor.token, a.id, { section: section.slug, featured_image: { media_id: image.id, alt: "New picture" } });
    await exp.finish();
    const { file, imported } = await roundTrip(admin, exp.job.id);
    expect(imported.status, imported.text).toBe(201);
    const row = file.tables.articles.find((r: any) => r.id === a.id);
    expect(row).toMatchObject({ section_id: null, featured_media_id: null });
    expect(file.tables.media.map((m: any) => m.id)).not.toContain(image.id);
  });

  it("leaves out a row created after, even where it took the rowid of the newest row, deleted meanwhile", async () => {
    const admin = await tokenFor("admin");
    const editor = await tokenFor("editor");
    const person = await createContributor(editor.token, "person", "Staff");
    await createArticle(editor.token, { headline: "Older", tags: ["Kept"], bylines: [{ contributor: person.slug }] });
    const newest = await createArticle(editor.token, { headline: "Newest at the start" });
    const rowid = async (id: string) => (await env.DB.prepare("SELECT rowid AS r FROM articles WHERE id = ?").bind(id).first<{ r: number }>())?.r;
    const itsRowid = await rowid(newest.id);
    const exp = await heldExport(admin.user.id);
    await exp.until("bylines");
    await call("DELETE", `/articles/${newest.id}`, { token: editor.token });
    // Its parts name only rows of the start: only its creation time says it is new.
    const late = await createArticle(editor.token, { headline: "Took its place", tags: ["Kept"], bylines: [{ contributor: person.slug }] });
    expect(await rowid(late.id)).toBe(itsRowid);
    await exp.finish();
    const { file, imported } = await roundTrip(admin, exp.job.id);
    expect(imported.status, imported.text).toBe(201);
    // The deleted one was read before it went; the new one and its parts are not in the file.
    expect(file.tables.articles.map((a: any) => a.id)).toContain(newest.id);
    expect(file.tables.articles.map((a: any) => a.id)).not.toContain(late.id);
    for (const t of ["bylines", "article_tags", "revisions"]) expect(rowsOf(file, t, late.id), t).toEqual([]);
    expect(file.exported_at).toBe(exp.job.exportedAt);
  });

  it("fails a job begun before exports had a cut, saying why (no cut taken now makes its file whole)", async () => {
    const admin = await tokenFor("admin");
    const exp = await heldExport(admin.user.id);
    await exp.until("articles");
    await env.DB.prepare("UPDATE export_jobs SET cursor = json_remove(cursor, '$.cut') WHERE id = ?").bind(exp.job.id).run();
    await exp.finish();
    const job = await getExport(d(), exp.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/began before an update.*start a new export/);
    expect((await call("GET", `/exports/${exp.job.id}/file`, { token: admin.token })).status).toBe(409);
  });
});
