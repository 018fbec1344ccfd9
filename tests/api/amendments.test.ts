// Amendment rules through the editorial API: a public entry is append-only (PATCH → 409, supersede
// instead), superseding keeps the old row, deleting needs an editor and leaves an audit row, who may
// write follows the story's own rule; and minor saves keep what readers are told is the last update
// while amendments always move it.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { AmendmentDoc } from "../../src/amendments/doc";
import { updateAmendment } from "../../src/amendments/domain";
import { loadArticle } from "../../src/articles/load";
import { articleAmendments, auditLog } from "../../src/db/schema";
import { call, db, tokenFor } from "../helpers/api";
import { actorOf, interleaved } from "../helpers/interleave";
import { createArticle, createContributor, createPublishableArticle, createSection, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const text = (t: string) => doc(paragraph(t));
let editor: { token: string; user: { id: string } };

beforeAll(async () => {
  editor = await tokenFor("editor");
});

async function liveStory(token = editor.token, extra: Record<string, unknown> = {}) {
  const a = await createPublishableArticle(token, extra);
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json.article as { id: string; slug: string; version: number };
}

const add = (id: string, body: unknown, token = editor.token) => call("POST", `/articles/${id}/amendments`, { token, body });
const auditRows = (targetId: string) => db().select().from(auditLog).where(and(eq(auditLog.targetType, "amendment"), eq(auditLog.targetId, targetId))).all();

describe("a public amendment is append-only", () => {
  it("is public at once on a live story; PATCH is 409, supersede keeps the old row marked", async () => {
    const story = await liveStory();
    const created = await add(story.id, { kind: "correction", body: text("An earlier version misstated the date.") });
    expect(created.status, created.text).toBe(201);
    const a = created.json.amendment;
    expect(a).toMatchObject({ kind: "correction", state: "public", label: "Correction", supersedes_id: null, superseded_by: null });
    expect(a.public_at).toBe(a.created_at);
    expect(created.headers.get("location")).toBe(`/api/editorial/v1/articles/${story.id}/amendments/${a.id}`);

    const patched = await call("PATCH", `/articles/${story.id}/amendments/${a.id}`, { token: editor.token, body: { body: text("Rewritten quietly.") } });
    expect(patched.status).toBe(409);
    expect(patched.json).toMatchObject({ code: "conflict", detail: "Public amendments are append-only: supersede it." });

    const next = await call("POST", `/articles/${story.id}/amendments/${a.id}/supersede`, { token: editor.token, body: { body: text("An earlier version misstated the date of the vote.") } });
    expect(next.status, next.text).toBe(201);
    expect(next.json.amendment).toMatchObject({ kind: "correction", state: "public", supersedes_id: a.id });
    const list = (await call("GET", `/articles/${story.id}/amendments`, { token: editor.token })).json.amendments;
    expect(list.map((x: any) => [x.id, x.state, x.superseded_by])).toEqual([
      [a.id, "superseded", next.json.amendment.id],
      [next.json.amendment.id, "public", null],
    ]);
    // The superseded entry cannot be superseded again: only the current one can.
    expect((await call("POST", `/articles/${story.id}/amendments/${a.id}/supersede`, { token: editor.token, body: { body: text("Again.") } })).status).toBe(409);

    // Readers see the current text only.
    const pub = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    expect(pub.amendments.map((x: any) => x.id)).toEqual([next.json.amendment.id]);
    expect(pub.amendments[0]).toMatchObject({ supersedes: a.id, text: "An earlier version misstated the date of the vote." });

    expect((await auditRows(a.id)).map((r) => r.action)).toEqual(["amendment.create"]);
    const sup = await auditRows(next.json.amendment.id);
    expect(sup.map((r) => r.action)).toEqual(["amendment.supersede"]);
    // Summaries name kinds and ids, never the text.
    expect(JSON.stringify(sup[0]!.summary)).not.toContain("misstated");
  });

  it("on an unpublished story it waits (editable), and goes public when the story is published", async () => {
    const draft = await createPublishableArticle(editor.token);
    const created = await add(draft.id, { kind: "editors_note", body: text("This story was reported with help from readers.") });
    expect(created.json.amendment).toMatchObject({ state: "pending", public_at: null });
    const id = created.json.amendment.id;
    const patched = await call("PATCH", `/articles/${draft.id}/amendments/${id}`, { token: editor.token, body: { kind: "update" } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.amendment).toMatchObject({ kind: "update", state: "pending" });
    expect((await auditRows(id)).map((r) => r.action)).toEqual(["amendment.create", "amendment.update"]);

    const published = await call("POST", `/articles/${draft.id}/publish`, { token: editor.token });
    const list = (await call("GET", `/articles/${draft.id}/amendments`, { token: editor.token })).json.amendments;
    expect(list[0].state).toBe("public");
    expect(list[0].public_at).not.toBeNull();
    const pub = (await get(`/api/content/v1/articles/${published.json.article.slug}`)).json.article;
    expect(pub.amendments.map((x: any) => x.kind)).toEqual(["update"]);
  });
});

describe("a pending entry is edited, not superseded", () => {
  it("supersede is 409 while the story is unpublished: readers would be shown the replacement of an entry they never saw", async () => {
    const draft = await createPublishableArticle(editor.token);
    const id = (await add(draft.id, { kind: "correction", body: text("Pending.") })).json.amendment.id;
    const res = await call("POST", `/articles/${draft.id}/amendments/${id}/supersede`, { token: editor.token, body: { body: text("Replacement.") } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: "conflict", detail: "A pending entry is edited, not superseded: PATCH it." });
    const list = (await call("GET", `/articles/${draft.id}/amendments`, { token: editor.token })).json.amendments;
    expect(list.map((x: any) => [x.id, x.state])).toEqual([[id, "pending"]]);
    expect((await auditRows(id)).map((r) => r.action)).toEqual(["amendment.create"]);
  });
});

describe("editing a pending entry records only what changed", () => {
  it("a PATCH that repeats the entry records nothing; one that changes it records one entry", async () => {
    const draft = await createPublishableArticle(editor.token);
    const id = (await add(draft.id, { kind: "update", body: text("Pending text.") })).json.amendment.id;
    const same = await call("PATCH", `/articles/${draft.id}/amendments/${id}`, { token: editor.token, body: { kind: "update", body: text("Pending text.") } });
    expect(same.status, same.text).toBe(200);
    expect((await auditRows(id)).map((r) => r.action)).toEqual(["amendment.create"]);
    expect((await call("PATCH", `/articles/${draft.id}/amendments/${id}`, { token: editor.token, body: { body: text("New text.") } })).status).toBe(200);
    expect((await auditRows(id)).map((r) => r.action)).toEqual(["amendment.create", "amendment.update"]);
  });

  it("a story going live between the read and the write: the entry stays as readers got it, 409, nothing recorded", async () => {
    const draft = await createPublishableArticle(editor.token);
    const id = (await add(draft.id, { kind: "update", body: text("As published.") })).json.amendment.id;
    const rec = (await loadArticle(db(), { id: draft.id }))!;
    // The publication's own write, landing after updateAmendment read the row as pending.
    const racing = interleaved(db(), () => db().update(articleAmendments).set({ publicAt: new Date().toISOString() }).where(eq(articleAmendments.id, id)));
    await expect(updateAmendment(racing, actorOf(editor.user, "editor"), rec, id, { body: text("Changed too late.") as AmendmentDoc })).rejects.toMatchObject({ code: "conflict" });
    const row = await db().select().from(articleAmendments).where(eq(articleAmendments.id, id)).get();
    expect(JSON.stringify(row!.body)).toContain("As published.");
    expect((await auditRows(id)).map((r) => r.action)).toEqual(["amendment.create"]);
  });
});

describe("deleting", () => {
  it("needs an editor; the row stays marked, readers stop seeing it, the audit log says who", async () => {
    const author = await tokenFor("author");
    const me = await createContributor(editor.token, "person", "Amending Author", { user_id: author.user.id });
    const section = await createSection(editor.token);
    const own = await createArticle(author.token, { section: section.slug, bylines: [{ contributor: me.slug }] });
    const story = (await call("POST", `/articles/${own.id}/publish`, { token: author.token })).json.article;
    const created = await add(story.id, { kind: "clarification", body: text("The figure refers to 2024.") }, author.token);
    expect(created.status, created.text).toBe(201);
    const id = created.json.amendment.id;

    expect((await call("DELETE", `/articles/${story.id}/amendments/${id}`, { token: author.token })).status).toBe(403);
    const deleted = await call("DELETE", `/articles/${story.id}/amendments/${id}`, { token: editor.token });
    expect(deleted.status, deleted.text).toBe(204);
    const row = (await call("GET", `/articles/${story.id}/amendments`, { token: author.token })).json.amendments[0];
    expect(row).toMatchObject({ id, state: "deleted", deleted_by: { id: editor.user.id } });
    expect((await get(`/api/content/v1/articles/${story.slug}`)).json.article.amendments).toEqual([]);
    const trail = await auditRows(id);
    expect(trail.map((r) => [r.action, r.actorUserId])).toEqual([
      ["amendment.create", author.user.id],
      ["amendment.delete", editor.user.id],
    ]);
    expect((await call("DELETE", `/articles/${story.id}/amendments/${id}`, { token: editor.token })).status).toBe(409);
  });
});

describe("who may write", () => {
  it("follows the story's rule: an author on their bylined story yes, on another's no; a contributor not once published", async () => {
    const story = await liveStory();
    const author = await tokenFor("author");
    const contributor = await tokenFor("contributor");
    expect((await add(story.id, { kind: "correction", body: text("Not mine.") }, author.token)).status).toBe(403);
    expect((await add(story.id, { kind: "correction", body: text("Not mine.") }, contributor.token)).status).toBe(403);
    // Unknown story: 404 for anyone who may write at all.
    expect((await add("art_nope", { kind: "correction", body: text("x") })).status).toBe(404);
    expect((await call("DELETE", `/articles/${story.id}/amendments/amd_nope`, { token: editor.token })).status).toBe(404);
  });

  it("refuses bad input with 400 naming the field: kinds, block nodes, unsafe links, empty text", async () => {
    const story = await liveStory();
    const cases: [unknown, string][] = [
      [{ kind: "retraction", body: text("x") }, "kind"],
      [{ kind: "correction", body: doc({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "x" }] }) }, "body.content.0.type"],
      [{ kind: "correction", body: doc({ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }) }, "body.content.0.content.0.marks.0.attrs.href"],
      [{ kind: "correction", body: doc(paragraph(" ")) }, "body.content"],
      [{ kind: "correction", body: doc() }, "body.content"],
      [{ kind: "correction", body: doc(paragraph("x".repeat(4_001))) }, "body.content"],
    ];
    for (const [body, path] of cases) {
      const res = await add(story.id, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.errors.map((e: any) => e.path), JSON.stringify(body).slice(0, 80)).toContain(path);
    }
  });
});

describe("minor saves and the story's public 'updated' time", () => {
  it("a minor save changes the text, not dateModified or the feeds' updated; an amendment always moves them", async () => {
    const story = await liveStory(editor.token, { body: text("The council met on Monday.") });
    const read = async () => {
      const a = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
      const item = (await get("/feed.json?limit=100")).json.items.find((i: any) => i.id === `urn:copydesk:article:${story.id}`);
      return { a, item };
    };
    const before = await read();

    const minor = await call("PATCH", `/articles/${story.id}`, { token: editor.token, headers: { "if-match": `"${story.version}"` }, body: { body: text("The council met on Monday night."), minor: true } });
    expect(minor.status, minor.text).toBe(200);
    const afterMinor = await read();
    // The editorial view says what readers are told, beside the save's own time.
    expect(minor.json.article.last_major_update_at).toBe(before.a.updated_at);
    expect(minor.json.article.updated_at > minor.json.article.last_major_update_at).toBe(true);
    expect(afterMinor.a.body_html).toContain("Monday night");
    expect(afterMinor.a.last_major_update_at).toBe(before.a.last_major_update_at);
    // The change itself is not hidden from caches and syncs: updated_at is the last change of any kind.
    expect(afterMinor.a.updated_at > before.a.updated_at).toBe(true);
    expect(afterMinor.a.json_ld.dateModified).toBe(before.a.json_ld.dateModified);
    expect(afterMinor.item.date_modified).toBe(before.item.date_modified);

    // A non-minor save of the live story moves them.
    const major = await call("PATCH", `/articles/${story.id}`, { token: editor.token, headers: { "if-match": `"${minor.json.article.version}"` }, body: { headline: "Council meets late into the night" } });
    expect(major.status, major.text).toBe(200);
    const afterMajor = await read();
    expect(afterMajor.a.last_major_update_at > afterMinor.a.last_major_update_at).toBe(true);

    // So does an amendment, though the story's own version does not change.
    await add(story.id, { kind: "correction", body: text("The meeting was on Monday, not Tuesday.") });
    const afterAmendment = await read();
    expect(afterAmendment.a.last_major_update_at > afterMajor.a.last_major_update_at).toBe(true);
    expect(afterAmendment.a.json_ld.dateModified >= afterMajor.a.json_ld.dateModified).toBe(true);
    expect(afterAmendment.item.date_modified > afterMajor.item.date_modified).toBe(true);
    expect((await call("GET", `/articles/${story.id}`, { token: editor.token })).json.article.version).toBe(major.json.article.version);
  });

  it("update-live of a working copy may be minor too", async () => {
    const story = await liveStory(editor.token, { body: text("Polls close at eight.") });
    const before = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    const saved = await call("PUT", `/articles/${story.id}/working-copy`, { token: editor.token, headers: { "if-match": `"${story.version}"` }, body: { body: text("Polls close at 8 p.m.") } });
    expect(saved.status, saved.text).toBe(200);
    const live = await call("POST", `/articles/${story.id}/working-copy/publish`, { token: editor.token, headers: { "if-match": saved.json.working_copy.etag }, body: { minor: true } });
    expect(live.status, live.text).toBe(200);
    const after = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    expect(after.body_html).toContain("8 p.m.");
    expect(after.last_major_update_at).toBe(before.last_major_update_at);
    expect(after.updated_at > before.updated_at).toBe(true);
  });
});
