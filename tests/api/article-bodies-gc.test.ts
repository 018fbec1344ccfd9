// The other half of archiving cold bodies to R2: the collector deletes the bodies/ objects no article
// points at once past the grace period (a deleted story's, one a save made hot again), never one
// another story with the same body still names; a save racing the archiver keeps its body; a run
// costs a few statements whatever the archive's size, under a lease; an export is the same file
// before and after archiving, and imports with every body inline.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BODY_PREFIX, forgetHeldBodies } from "../../src/articles/body-store";
import { createDb } from "../../src/db/client";
import { countingD1 } from "../../src/http/bench-hooks";
import { ARCHIVE_AFTER_MS, GC_GRACE_MS, archiveAndCollectBodies, archiveBodies, coldBodiesQuery, referencedBodiesQuery } from "../../src/scheduled/archive-bodies";
import { call, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { freshNewsroom } from "../helpers/newsroom-dump";

const archiveDb = () => createDb(env.DB, env.MEDIA);
const later = () => new Date(Date.now() + ARCHIVE_AFTER_MS + GC_GRACE_MS + 60_000);
async function archiveAll() {
  for (let n; (n = await archiveBodies(archiveDb(), env.MEDIA, later())); );
}
/** Cron runs past the grace period, enough for the collector's listing to pass every object. */
async function collectAll() {
  for (let i = 0; i < 3; i++) await archiveAndCollectBodies(archiveDb(), env.MEDIA, later());
}
const keyOf = async (id: string) => (await env.DB.prepare("SELECT body_key FROM articles WHERE id = ?").bind(id).first<{ body_key: string | null }>())?.body_key ?? null;
const inBucket = async (key: string) => (await env.MEDIA.head(key)) !== null;

describe("the body collector", () => {
  it("deletes a deleted story's object and one a save made hot again, keeps one another story shares", async () => {
    const { token } = await tokenFor("editor");
    const admin = (await tokenFor("admin")).token;
    const shared = doc(paragraph(unique("Two stories, one body")));
    const keeper = await createPublishableArticle(token, { headline: unique("Keeper"), body: shared });
    const binned = await createPublishableArticle(token, { headline: unique("Binned"), body: shared });
    const edited = await createPublishableArticle(token, { headline: unique("Edited"), body: doc(paragraph(unique("Soon rewritten"))) });
    await archiveAll();
    const sharedKey = (await keyOf(keeper.id))!;
    expect(await keyOf(binned.id)).toBe(sharedKey);
    const editedKey = (await keyOf(edited.id))!;

    expect((await call("DELETE", `/articles/${binned.id}`, { token: admin })).status).toBe(204);
    const save = await call("PATCH", `/articles/${edited.id}`, { token, headers: { "if-match": '"1"' }, body: { body: doc(paragraph("New words.")) } });
    expect(save.status, save.text).toBe(200);
    expect(await keyOf(edited.id)).toBeNull();
    // Within the grace period nothing goes (an archive may be between its put and its update).
    for (let i = 0; i < 3; i++) await archiveAndCollectBodies(archiveDb(), env.MEDIA, new Date());
    expect(await inBucket(editedKey)).toBe(true);

    await collectAll();
    expect(await inBucket(editedKey)).toBe(false);
    expect(await inBucket(sharedKey)).toBe(true);
    forgetHeldBodies();
    expect((await call("GET", `/articles/${keeper.id}`, { token })).json.article.body).toEqual(shared);
  });

  it("a save between the archiver's read and its update keeps the body it wrote, inline", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: unique("Raced"), body: doc(paragraph("Old words.")) });
    // The editor saves while the archiver's objects are being put: its UPDATE must then leave the row.
    const racing = new Proxy(env.MEDIA, {
      get(target, prop) {
        if (prop === "put")
          return async (key: string, value: string, opts: R2PutOptions) => {
            if (value.includes("Old words.")) await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { body: doc(paragraph("New words.")) } });
            return target.put(key, value, opts);
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await archiveBodies(archiveDb(), racing, later());
    const row = await env.DB.prepare("SELECT body, body_key, version FROM articles WHERE id = ?").bind(a.id).first<{ body: string; body_key: string | null; version: number }>();
    expect({ ...row, body: JSON.parse(row!.body) }).toEqual({ body: doc(paragraph("New words.")), body_key: null, version: 2 });
  });

  it("a run costs at most 5 statements (3 idle), walks its partial indexes, and waits for another run's lease", async () => {
    const { token } = await tokenFor("editor");
    for (let i = 0; i < 3; i++) await createPublishableArticle(token, { headline: unique("Counted") });
    const counter = { statements: 0 };
    const result = await archiveAndCollectBodies(createDb(countingD1(env.DB, counter), env.MEDIA), env.MEDIA, later());
    expect(result.ran).toBe(true);
    expect(result.archived).toBeGreaterThanOrEqual(3);
    expect(counter.statements).toBeLessThanOrEqual(5);
    const idle = { statements: 0 };
    expect((await archiveAndCollectBodies(createDb(countingD1(env.DB, idle), env.MEDIA), env.MEDIA, new Date())).ran).toBe(true);
    expect(idle.statements).toBe(3);
    const plan = async (query: ReturnType<typeof sql>) => JSON.stringify(await archiveDb().all(sql`EXPLAIN QUERY PLAN ${query}`));
    const walk = await plan(coldBodiesQuery(later(), 50));
    expect(walk).toContain("articles_inline_body_idx");
    expect(walk).not.toContain("TEMP B-TREE");
    expect(await plan(referencedBodiesQuery([`${BODY_PREFIX}a`, `${BODY_PREFIX}b`]))).toContain("articles_body_key_idx");
    const now = new Date();
    await env.DB.prepare("UPDATE site_state SET value = ? WHERE key = 'bodies_lease'").bind(new Date(now.getTime() + 60_000).toISOString()).run();
    expect(await archiveAndCollectBodies(archiveDb(), env.MEDIA, now)).toEqual({ archived: 0, collected: 0, ran: false });
    await env.DB.prepare("UPDATE site_state SET value = '' WHERE key = 'bodies_lease'").run();
  });
});

describe("export and import with cold bodies", () => {
  it("exports the same file before and after archiving, and the file imports with every body inline", async () => {
    const admin = await tokenFor("admin");
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: unique("Exported"), body: doc(paragraph("Exported words.")) });
    const exportText = async () => {
      const res = await call("GET", "/export", { token: admin.token });
      expect(res.status).toBe(200);
      return res.text.replace(/"exported_at":"[^"]*"/, '"exported_at":""');
    };
    const articlesPart = (text: string) => text.slice(text.indexOf('"articles":['), text.indexOf('],"bylines":'));
    const inline = await exportText();
    await archiveAll();
    expect(await keyOf(a.id)).not.toBeNull();
    const archived = await exportText();
    expect(articlesPart(archived)).toContain("Exported words.");
    expect(articlesPart(archived)).toBe(articlesPart(inline));
    const file = JSON.parse(archived);
    expect(file.tables.articles.every((r: any) => !("body_key" in r) && JSON.parse(r.body).type === "doc")).toBe(true);

    const fresh = await freshNewsroom(admin.user.email);
    // A file cannot plant a pointer at an object (the row schema has no body_key): refused, nothing written.
    const planted = structuredClone(file);
    planted.tables.articles[0].body_key = "bodies/planted";
    const refused = await call("POST", "/import", { token: fresh.token, body: planted });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("tables.articles.0.body_key");
    const res = await call("POST", "/import", { token: fresh.token, body: file });
    expect(res.status, res.text).toBe(201);
    expect(await keyOf(a.id)).toBeNull();
    expect((await call("GET", `/articles/${a.id}`, { token: fresh.token })).json.article.body).toEqual(doc(paragraph("Exported words.")));
    await archiveAll();
    expect(await keyOf(a.id)).not.toBeNull();
  });
});
