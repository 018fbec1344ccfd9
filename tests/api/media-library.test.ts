// The media library as the admin browses it: keyset pages newest first, search over alt, caption,
// credit and filename, where each image is used, the refusal to delete one in use, and who may do what.
import { describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createArticle, doc, paragraph, tinyPng } from "../helpers/newsroom";

const problem = (res: { status: number; headers: Headers; json: any }, code: string) => {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: res.status, code, type: `urn:copydesk:problem:${code}` });
  return res.json;
};
/** The fields a problem names. */
const paths = (p: { errors?: { path: string }[] }) => (p.errors ?? []).map((e) => e.path);

/** A 1×1 GIF: a second real type for the mime filter. */
const tinyGif = () => Uint8Array.from(atob("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), (c) => c.charCodeAt(0));

async function upload(token: string, fields: Record<string, string> = {}, file = new File([tinyPng()], "photo.png", { type: "image/png" })) {
  const form = new FormData();
  form.set("file", file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await call("POST", "/media", { token, body: form });
  expect(res.status, res.text).toBe(201);
  return res.json.media as { id: string; url: string };
}

const list = (token: string, params: Record<string, string>) => call("GET", `/media?${new URLSearchParams(params)}`, { token });
const ids = (res: { json: any }) => res.json.media.map((m: { id: string }) => m.id);

describe("media library: paging", () => {
  it("pages newest first with next_cursor, each item once, ending with null", async () => {
    const { token } = await tokenFor("editor");
    const credit = unique("pager");
    const uploaded: string[] = [];
    for (let i = 0; i < 5; i++) uploaded.push((await upload(token, { credit })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(token, { q: credit, limit: "2", ...(cursor && { cursor }) });
      expect(res.status).toBe(200);
      expect(res.json.media.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res));
      cursor = res.json.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    // Uploads within one millisecond tie on created_at; the id breaks the tie, so compare as sets
    // and check the order separately by (created_at, id).
    expect([...seen].sort()).toEqual([...uploaded].sort());
    const all = (await list(token, { q: credit })).json.media as { id: string; created_at: string }[];
    const key = (m: { id: string; created_at: string }) => `${m.created_at}|${m.id}`;
    expect(all.map(key)).toEqual(all.map(key).sort().reverse());
    expect(all.map((m) => m.id)).toEqual(seen);
  });

  it("30 to a page by default, at most 100", async () => {
    const { token } = await tokenFor("editor");
    const credit = unique("thirty");
    for (let i = 0; i < 31; i++) await upload(token, { credit });
    const first = await list(token, { q: credit });
    expect(first.json.media).toHaveLength(30);
    expect(first.json.next_cursor).toEqual(expect.any(String));
    const rest = await list(token, { q: credit, cursor: first.json.next_cursor });
    expect(rest.json.media).toHaveLength(1);
    expect(rest.json.next_cursor).toBeNull();
    const over = await list(token, { limit: "101" });
    expect(over.status).toBe(400);
    expect(paths(problem(over, "validation_failed"))).toEqual(["limit"]);
  });

  it("a cursor it did not issue → 400 naming cursor", async () => {
    const { token } = await tokenFor("editor");
    const res = await list(token, { cursor: btoa("yesterday|med_x") });
    expect(res.status).toBe(400);
    expect(paths(problem(res, "validation_failed"))).toEqual(["cursor"]);
  });
});

describe("media library: search", () => {
  it.each(["alt", "caption", "credit", "filename"] as const)("q finds an image by its %s, whatever the case of ASCII letters", async (field) => {
    const { token } = await tokenFor("author");
    const word = unique(`Find${field}`);
    const target =
      field === "filename"
        ? await upload(token, {}, new File([tinyPng()], `${word}.png`, { type: "image/png" }))
        : await upload(token, { [field]: `Before ${word} after` });
    await upload(token, { alt: "A decoy that matches nothing" });
    const res = await list(token, { q: word.toUpperCase() });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([target.id]);
  });

  it("%, _ and \\ in q match themselves, not any text", async () => {
    const { token } = await tokenFor("editor");
    const tag = unique("wild");
    const percent = await upload(token, { caption: `${tag} 100% turnout` });
    const underscore = await upload(token, { caption: `${tag} file_name` });
    const backslash = await upload(token, { caption: `${tag} C:\\photos` });
    // Decoys the same terms would match if % and _ were wildcards.
    await upload(token, { caption: `${tag} 1000 turnout` });
    await upload(token, { caption: `${tag} fileXname` });
    expect(ids(await list(token, { q: "100% turnout" }))).toEqual([percent.id]);
    expect(ids(await list(token, { q: `${tag} file_name` }))).toEqual([underscore.id]);
    expect(ids(await list(token, { q: `${tag} C:\\photos` }))).toEqual([backslash.id]);
    expect(ids(await list(token, { q: `${tag}%turnout` }))).toEqual([]);
  });

  it("q of 48 bytes searches; 49 bytes → 400 naming q (emoji count 4, % counts twice)", async () => {
    const { token } = await tokenFor("editor");
    expect((await list(token, { q: "x".repeat(48) })).status).toBe(200);
    expect((await list(token, { q: "😀".repeat(12) })).status).toBe(200);
    for (const q of ["x".repeat(49), "😀".repeat(12) + "x", "%".repeat(25)]) {
      const res = await list(token, { q });
      expect(res.status, q).toBe(400);
      expect(paths(problem(res, "validation_failed"))).toEqual(["q"]);
    }
  });

  it("mime narrows to one stored type; an unknown type → 400 naming mime", async () => {
    const { token } = await tokenFor("editor");
    const credit = unique("mime");
    const png = await upload(token, { credit });
    const gif = await upload(token, { credit }, new File([tinyGif()], "dot.gif", { type: "image/gif" }));
    expect(ids(await list(token, { q: credit, mime: "image/gif" }))).toEqual([gif.id]);
    expect(ids(await list(token, { q: credit, mime: "image/png" }))).toEqual([png.id]);
    const bad = await list(token, { mime: "image/svg+xml" });
    expect(bad.status).toBe(400);
    expect(paths(problem(bad, "validation_failed"))).toEqual(["mime"]);
  });
});

describe("media library: where an image is used", () => {
  it("lists usage_count and, in the detail, the articles using it as featured image or in the body", async () => {
    const { token } = await tokenFor("editor");
    const credit = unique("usage");
    const used = await upload(token, { credit, alt: "Used twice" });
    const unused = await upload(token, { credit, alt: "Never used" });
    const featured = await createArticle(token, { headline: `Featured ${credit}`, featured_image: { media_id: used.id } });
    const inBody = await createArticle(token, {
      headline: `In the body ${credit}`,
      body: doc(paragraph("Before the picture."), { type: "image", attrs: { media_id: used.id, alt: "In the body" } }),
    });
    const page = (await list(token, { q: credit })).json.media as { id: string; usage_count: number }[];
    expect(Object.fromEntries(page.map((m) => [m.id, m.usage_count]))).toEqual({ [used.id]: 2, [unused.id]: 0 });

    const detail = (await call("GET", `/media/${used.id}`, { token })).json.media;
    expect(detail.usage_count).toBe(2);
    expect(detail.used_by).toHaveLength(2);
    expect(detail.used_by).toEqual(
      expect.arrayContaining([
        { id: featured.id, headline: featured.headline, status: "draft", url: featured.url },
        { id: inBody.id, headline: inBody.headline, status: "draft", url: inBody.url },
      ]),
    );
    expect((await call("GET", `/media/${unused.id}`, { token })).json.media).toMatchObject({ usage_count: 0, used_by: [] });
  });

  it("an image only in a body cannot be deleted: 409 in_use naming the article; removed from it, it can", async () => {
    const { token } = await tokenFor("editor");
    const m = await upload(token, { alt: "Body only" });
    const headline = `Body user ${unique("h")}`;
    const article = await createArticle(token, { headline, body: doc({ type: "image", attrs: { media_id: m.id, alt: "Body only" } }) });
    const refused = await call("DELETE", `/media/${m.id}`, { token });
    expect(refused.status).toBe(409);
    const p = problem(refused, "in_use");
    expect(p.detail).toContain(headline);
    expect(p).toMatchObject({ usage_count: 1, used_by: [{ id: article.id, headline }] });
    expect((await call("GET", `/media/${m.id}`, { token })).status).toBe(200);

    const patched = await call("PATCH", `/articles/${article.id}`, { token, body: { body: doc(paragraph("No picture now.")) }, headers: { "if-match": `"${article.version}"` } });
    expect(patched.status).toBe(200);
    expect((await call("GET", `/media/${m.id}`, { token })).json.media.used_by).toEqual([]);
    expect((await call("DELETE", `/media/${m.id}`, { token })).status).toBe(204);
  });
});

describe("media library: roles", () => {
  it("a contributor browses, reads and uploads, but may not edit or delete (403, nothing changed)", async () => {
    const { token } = await tokenFor("contributor");
    const m = await upload(token, { alt: "Contributor's photo" });
    expect((await list(token, { q: "Contributor's photo" })).status).toBe(200);
    expect((await call("GET", `/media/${m.id}`, { token })).status).toBe(200);
    const patch = await call("PATCH", `/media/${m.id}`, { token, body: { caption: "Changed" } });
    expect(patch.status).toBe(403);
    problem(patch, "forbidden");
    expect((await call("DELETE", `/media/${m.id}`, { token })).status).toBe(403);
    expect((await call("GET", `/media/${m.id}`, { token })).json.media).toMatchObject({ alt: "Contributor's photo", caption: null });
  });

  it("an author may not edit the library's text either; an editor may, and gets the detail back", async () => {
    const author = await tokenFor("author");
    const editor = await tokenFor("editor");
    const m = await upload(author.token, { alt: "Harbour" });
    expect((await call("PATCH", `/media/${m.id}`, { token: author.token, body: { credit: "Mine" } })).status).toBe(403);
    const res = await call("PATCH", `/media/${m.id}`, { token: editor.token, body: { alt: "The harbour at dawn", caption: "Early", credit: "Courier staff" } });
    expect(res.status).toBe(200);
    expect(res.json.media).toMatchObject({ id: m.id, alt: "The harbour at dawn", caption: "Early", credit: "Courier staff", usage_count: 0, used_by: [] });
  });
});
