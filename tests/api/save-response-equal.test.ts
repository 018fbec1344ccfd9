// A save answers with the record it wrote, built without reading it back (docs/performance.md §5):
// that answer must be the one a GET right after gives, byte for byte and ETag, for a story with
// everything a record carries (people and desks, tags old, new and spelt differently, cards, images,
// amendments, a working copy, workflow, a live blog) through every kind of save.
import { beforeAll, describe, expect, it } from "vitest";
import { updateArticle } from "../../src/editorial/articles/service";
import { call, db, tokenFor, unique } from "../helpers/api";
import { actorOf, interleaved } from "../helpers/interleave";
import { createArticle, createContributor, createPublishableArticle, createSection, doc, paragraph, uploadPng } from "../helpers/newsroom";

let editor: { token: string; user: { id: string } };
let author: { token: string; user: { id: string } };

beforeAll(async () => {
  [editor, author] = await Promise.all([tokenFor("editor"), tokenFor("author")]);
});

type Res = Awaited<ReturnType<typeof call>>;

/** The save's answer against a GET made right after it: same ETag, same fields, same JSON. */
async function answersAsRead(res: Res, label: string, token = editor.token) {
  expect(res.status, `${label}: ${res.text}`).toBeLessThan(300);
  const saved = res.json.article as Record<string, unknown>;
  const read = await call("GET", `/articles/${saved.id}`, { token });
  expect(read.status).toBe(200);
  expect(res.headers.get("etag"), `${label}: ETag`).toBe(read.headers.get("etag"));
  const fresh = read.json.article as Record<string, unknown>;
  expect(Object.keys(saved), `${label}: fields`).toEqual(Object.keys(fresh));
  for (const key of Object.keys(fresh)) expect(saved[key], `${label}: ${key}`).toEqual(fresh[key]);
  expect(JSON.stringify(saved), `${label}: JSON`).toBe(JSON.stringify(fresh));
  return saved as Record<string, any>;
}

const ifMatch = (version: number | string) => ({ "if-match": typeof version === "number" ? `"${version}"` : version });

describe("a save's answer is what a GET gives after it", () => {
  it("a rich story through create, update, publish, minor and major saves, update-live, unpublish, schedule, restore, archive", async () => {
    const token = editor.token;
    const section = await createSection(token, "Politics");
    const reporter = await createContributor(token, "person", "Ada Reporter", { job_title: "Political editor" });
    const desk = await createContributor(token, "organization", "Newsdesk");
    const [photo, other] = await Promise.all([uploadPng(token, { alt: "A harbour", caption: "At dawn", credit: "Staff" }), uploadPng(token)]);
    const card = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${card.id}/publish`, { token })).status).toBe(200);
    // A tag another story made: named here in other letters, it is that tag (its id, its name).
    const known = unique("Energy Policy");
    const elsewhere = await createArticle(token, { tags: [known] });
    const knownTag = elsewhere.tags[0] as { id: string; name: string };
    const fresh = unique("Brand New");

    const body = doc(
      paragraph("Opening."),
      { type: "image", attrs: { media_id: other.id, alt: "In the body", caption: "Body caption", credit: null } },
      { type: "relatedCard", attrs: { article_id: card.id } },
    );
    const created = await answersAsRead(
      await call("POST", "/articles", {
        token,
        body: {
          headline: `Rich ${unique("story")}`,
          dek: "A dek",
          body,
          section: section.slug,
          bylines: [{ contributor: reporter.slug, role: "Reporting" }, { contributor: desk.slug }],
          tags: [known.toUpperCase(), fresh],
          related: [{ article_id: card.id }, { url: "https://example.org/elsewhere", title: "Elsewhere", summary: "Read on" }],
          featured_image: { media_id: photo.id },
          audio: { url: "https://example.org/a.mp3", disclosure: "Read by a machine" },
        },
      }),
      "create",
    );
    expect(created.tags[0]).toEqual({ id: knownTag.id, slug: expect.any(String), name: knownTag.name });
    const id = created.id as string;

    // Workflow and an amendment, set beside the versioned content.
    expect((await call("PUT", `/articles/${id}/assignees`, { token, body: { user_ids: [editor.user.id] } })).status).toBe(200);
    expect((await call("PUT", `/articles/${id}/due`, { token, body: { due_at: new Date(Date.now() + 3_600_000).toISOString() } })).status).toBe(200);
    expect((await call("POST", `/articles/${id}/stage`, { token, body: { stage: "editing" } })).status).toBe(200);
    expect((await call("POST", `/articles/${id}/amendments`, { token, body: { kind: "correction", body: doc(paragraph("A fix.")) } })).status).toBe(201);

    let a = await answersAsRead(
      await call("PATCH", `/articles/${id}`, {
        token,
        headers: ifMatch(created.version),
        body: { headline: "Rich, updated", bylines: [{ contributor: desk.slug }, { contributor: reporter.slug }], tags: [fresh, unique("Another new"), known], featured_image: { media_id: other.id, alt: "Swapped" } },
      }),
      "update",
    );
    a = await answersAsRead(await call("POST", `/articles/${id}/publish`, { token, headers: ifMatch(a.version) }), "publish");
    expect(a.status).toBe("published");

    // A working copy pending while the live story is saved: the answer carries its summary.
    const copy = await call("PUT", `/articles/${id}/working-copy`, { token, headers: ifMatch(a.version), body: { headline: "Pending headline" } });
    expect(copy.status, copy.text).toBe(200);
    a = await answersAsRead(await call("PATCH", `/articles/${id}`, { token, headers: ifMatch(a.version), body: { dek: "A typo fixed", minor: true } }), "minor save");
    expect(a.working_copy).not.toBeNull();
    expect(a.last_major_update_at).not.toBe(a.updated_at);
    a = await answersAsRead(await call("PATCH", `/articles/${id}`, { token, headers: ifMatch(a.version), body: { summary: "Now a summary", related: [] } }), "major save");
    expect(a.last_major_update_at).toBe(a.updated_at);

    // Update live from a copy started on the current version: the copy is emptied by the write.
    await call("DELETE", `/articles/${id}/working-copy`, { token, headers: { "if-match": copy.headers.get("etag")! } });
    const copy2 = await call("PUT", `/articles/${id}/working-copy`, { token, headers: ifMatch(a.version), body: { headline: "From the copy", tags: [unique("Copy tag")] } });
    expect(copy2.status, copy2.text).toBe(200);
    a = await answersAsRead(await call("POST", `/articles/${id}/working-copy/publish`, { token, headers: { "if-match": copy2.headers.get("etag")! } }), "update live, a new tag");
    expect(a.working_copy).toBeNull();
    // A copy naming nothing new (its answer built, not read back), published as a minor change.
    const copy3 = await call("PUT", `/articles/${id}/working-copy`, { token, headers: ifMatch(a.version), body: { headline: "Only the text", bylines: [{ contributor: reporter.slug }] } });
    expect(copy3.status, copy3.text).toBe(200);
    a = await answersAsRead(await call("POST", `/articles/${id}/working-copy/publish`, { token, headers: { "if-match": copy3.headers.get("etag")! }, body: { minor: true } }), "update live, minor");
    expect(a.working_copy).toBeNull();
    expect(a.last_major_update_at).not.toBe(a.updated_at);

    a = await answersAsRead(await call("POST", `/articles/${id}/unpublish`, { token, headers: ifMatch(a.version) }), "unpublish");
    a = await answersAsRead(await call("POST", `/articles/${id}/schedule`, { token, headers: ifMatch(a.version), body: { at: new Date(Date.now() + 86_400_000).toISOString() } }), "schedule");
    a = await answersAsRead(await call("POST", `/articles/${id}/unpublish`, { token, headers: ifMatch(a.version) }), "unschedule");
    a = await answersAsRead(await call("POST", `/articles/${id}/revisions/${created.version}/restore`, { token, headers: ifMatch(a.version) }), "restore");
    expect(a.headline).toBe(created.headline);
    a = await answersAsRead(await call("POST", `/articles/${id}/publish`, { token, headers: ifMatch(a.version), body: { published_at: "2024-01-02T03:04:05.000Z" } }), "republish, dated");
    await answersAsRead(await call("POST", `/articles/${id}/archive`, { token, headers: ifMatch(a.version) }), "archive");
  });

  it("a contributor's submit moves the story on a stage; the answer says so", async () => {
    // Sections and people are the desk's (an author may not make them); the story is the author's.
    const [section, person] = await Promise.all([createSection(editor.token), createContributor(editor.token, "person", "Author Reporter")]);
    const a = await createArticle(author.token, { section: section.slug, bylines: [{ contributor: person.slug }] });
    const submitted = await answersAsRead(await call("POST", `/articles/${a.id}/submit`, { token: author.token, headers: ifMatch(a.version) }), "submit", author.token);
    expect(submitted.submitted_for_editing).not.toBeNull();
    expect(submitted.stage).toBe("editing");
  });

  it("a live blog: created, its entries counted, published and unpublished (its stream's last id moves)", async () => {
    const token = editor.token;
    const base = await createPublishableArticle(token);
    const blog = await answersAsRead(
      await call("POST", "/articles", { token, body: { headline: `Live ${unique("blog")}`, kind: "live", section: base.section.slug, bylines: [{ contributor: base.bylines[0].contributor.slug }] } }),
      "create live",
    );
    expect(blog.live).toMatchObject({ entry_count: 0, last_event_id: 0 });
    const entry = await call("POST", `/articles/${blog.id}/entries`, { token, body: { body: doc(paragraph("Polls close at eight.")) } });
    expect(entry.status, entry.text).toBe(201);
    let a = await answersAsRead(await call("POST", `/articles/${blog.id}/publish`, { token }), "publish live");
    expect(a.live.last_event_id).toBeGreaterThan(0);
    a = await answersAsRead(await call("PATCH", `/articles/${blog.id}`, { token, headers: ifMatch(a.version), body: { dek: "Rolling" } }), "save live");
    a = await answersAsRead(await call("POST", `/articles/${blog.id}/unpublish`, { token, headers: ifMatch(a.version) }), "unpublish live");
  });
});

describe("a tag another save creates between this save's read and its batch", () => {
  it("is not answered with an id the batch did not store: the save is refused and writes nothing", async () => {
    const { token, user } = editor;
    const a = await createArticle(token);
    const name = unique("Raced tag");
    // Between the resolution (the tag is new) and the batch, another story creates it.
    const racing = interleaved(db(), () => createArticle(token, { tags: [name] }));
    const saving = updateArticle(racing, actorOf(user, "editor"), a.id, { tags: [name] }, a.version);
    await expect(saving).rejects.toMatchObject({ code: "conflict" });
    const read = await call("GET", `/articles/${a.id}`, { token });
    expect(read.json.article.version).toBe(a.version);
    expect(read.json.article.tags).toEqual([]);
  });
});
