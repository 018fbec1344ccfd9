// Where the body's plain text is made from the body itself (since migration 0018 no column holds it),
// a cold story's body comes from R2, not from the marker its row keeps: Ghost's `plaintext` and the
// search index's rebuild read the same text hot or cold; a cold row keeps no rendering, rebuilt or not.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { bumpContentVersion } from "../../src/cache/content-version";
import { createDb } from "../../src/db/client";
import { ARCHIVE_AFTER_MS, archiveBodies } from "../../src/scheduled/archive-bodies";
import { call, tokenFor, unique, rebuildSearchIndex } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const later = () => new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000);
async function archiveAll() {
  for (let n; (n = await archiveBodies(createDb(env.DB, env.MEDIA), env.MEDIA, later())); );
}
const bodyKey = async (id: string) => (await env.DB.prepare("SELECT body_key FROM articles WHERE id = ?").bind(id).first<{ body_key: string | null }>())!.body_key;
/** Whether the row keeps a stored rendering of its body (a cold one keeps none: src/scheduled/archive-bodies.ts). */
const rendered = async (id: string) => (await env.DB.prepare("SELECT body_html IS NOT NULL OR body_html_z IS NOT NULL AS r FROM articles WHERE id = ?").bind(id).first<{ r: number }>())!.r === 1;

let editor: string;
let admin: string;
let key: string;
beforeAll(async () => {
  editor = (await tokenFor("editor")).token;
  admin = (await tokenFor("admin")).token;
  key = (await call("POST", "/content-api-keys", { token: admin, body: { name: "text" } })).json.content_api_key.key;
});

describe("a cold story's text", () => {
  it("is Ghost's plaintext as it was when hot", async () => {
    const word = unique("glacierword").replace(/-/g, "");
    const a = await createPublishableArticle(editor, { headline: unique("Plain"), body: doc(paragraph(`The ${word} moves & <slowly>.`)) });
    expect((await call("POST", `/articles/${a.id}/publish`, { token: editor })).status).toBe(200);
    const plain = async () => (await get(`/ghost/api/content/posts/?${new URLSearchParams({ key, filter: `id:${a.id}`, formats: "plaintext" })}`)).json.posts[0].plaintext as string;
    const hot = await plain();
    expect(hot).toContain(word);
    expect(await rendered(a.id)).toBe(true);
    await archiveAll();
    expect(await bodyKey(a.id)).not.toBeNull();
    expect(await rendered(a.id)).toBe(false);
    await bumpContentVersion(createDb(env.DB));
    expect(await plain()).toBe(hot);
  });

  it("is what the search index's rebuild indexes", async () => {
    const word = `icefloe${crypto.randomUUID().slice(0, 8).replace(/-/g, "")}`;
    const a = await createPublishableArticle(editor, { headline: unique("Indexed"), body: doc(paragraph(`A ${word} drifts.`)) });
    await archiveAll();
    expect(await bodyKey(a.id)).not.toBeNull();
    const found = async () => (await env.DB.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?").bind(`"${word}"`).all()).results.length;
    expect(await found()).toBe(1);
    await rebuildSearchIndex(admin, 20);
    expect(await found()).toBe(1);
    // …and makes no rendering for a cold row: it stays as light as the archiver left it.
    expect(await rendered(a.id)).toBe(false);
  });
});

describe("a cold row", () => {
  it("moves to the end of the table (a new rowid), so cold rows share pages; it stays the same article", async () => {
    const a = await createPublishableArticle(editor, { headline: unique("Moved") });
    const b = await createPublishableArticle(editor, { headline: unique("Newer") });
    const rowid = async (id: string) => (await env.DB.prepare("SELECT rowid AS r FROM articles WHERE id = ?").bind(id).first<{ r: number }>())!.r;
    const before = await rowid(a.id);
    expect(before).toBeLessThan(await rowid(b.id));
    await archiveAll();
    expect(await rowid(a.id)).toBeGreaterThan(await rowid(b.id) > before ? before : 0);
    const max = (await env.DB.prepare("SELECT max(rowid) AS m FROM articles WHERE body_key IS NULL").first<{ m: number | null }>())!.m ?? 0;
    expect(await rowid(a.id)).toBeGreaterThan(max);
    // Same id, same children, still readable and editable.
    const got = await call("GET", `/articles/${a.id}`, { token: editor });
    expect(got.status).toBe(200);
    expect(got.json.article.bylines).toHaveLength(1);
  });
});
