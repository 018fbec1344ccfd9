// The other half of archiving revision snapshots to R2: an export is the same file before and after
// (snapshots inlined again) and imports; the collector deletes the objects no row points at once they
// are past the grace period (a purge's, a failed archive's), never one a row still names; a run costs
// a few statements whatever the archive's size, and two runs never work at once.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ARCHIVED_TEXT, SNAPSHOT_PREFIX } from "../../src/articles/snapshot-store";
import { createDb } from "../../src/db/client";
import { countingD1 } from "../../src/http/bench-hooks";
import { sql } from "drizzle-orm";
import { ARCHIVE_AFTER_MS, GC_GRACE_MS, GC_PAGE, archiveAndCollect, archiveSnapshots, collectOrphans, inlineSnapshotsQuery, referencedQuery } from "../../src/scheduled/archive-snapshots";
import { purgeExpired } from "../../src/scheduled/purge";
import { call, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { freshNewsroom } from "../helpers/newsroom-dump";

const archiveDb = () => createDb(env.DB, env.MEDIA);
const later = (ms = 0) => new Date(Date.now() + Math.max(ARCHIVE_AFTER_MS, GC_GRACE_MS) + 60_000 + ms);
async function archiveAll() {
  for (let n; (n = await archiveSnapshots(archiveDb(), env.MEDIA, later())); );
}
/** Cron runs after the grace period, enough for the collector's listing to pass every object. */
async function collectAll(at = later()) {
  for (let i = 0; i < 3; i++) await archiveAndCollect(archiveDb(), env.MEDIA, at);
}
const keysOf = async (articleId: string) =>
  (await env.DB.prepare("SELECT snapshot_key FROM revisions WHERE article_id = ? AND snapshot_key IS NOT NULL").bind(articleId).all<{ snapshot_key: string }>()).results.map((r) => r.snapshot_key);
const inBucket = async (key: string) => (await env.MEDIA.head(key)) !== null;
const exportText = async (token: string) => {
  const res = await call("GET", "/export", { token });
  expect(res.status).toBe(200);
  return res.text.replace(/"exported_at":"[^"]*"/, '"exported_at":""');
};

describe("the collector", () => {
  it("deletes a purged article's objects once past the grace period, and none a row still points at", async () => {
    const { token } = await tokenFor("editor");
    const admin = (await tokenFor("admin")).token;
    const kept = await createPublishableArticle(token, { headline: unique("Kept") });
    const binned = await createPublishableArticle(token, { headline: unique("Binned") });
    await call("PATCH", `/articles/${binned.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "A second version" } });
    await archiveAll();
    const keptKeys = await keysOf(kept.id);
    const binnedKeys = await keysOf(binned.id);
    expect(keptKeys).toHaveLength(1);
    expect(binnedKeys).toHaveLength(2);
    expect((await call("DELETE", `/articles/${binned.id}`, { token: admin })).status).toBe(204);
    // Its history is still in the trash: nothing is collected.
    await collectAll();
    expect(await Promise.all(binnedKeys.map(inBucket))).toEqual([true, true]);
    // 31 days on, the purge deletes the rows; the next runs the objects.
    const month = 31 * 86_400_000;
    await purgeExpired(archiveDb(), later(month));
    expect(await keysOf(binned.id)).toEqual([]);
    await collectAll(later(month));
    expect(await Promise.all(binnedKeys.map(inBucket))).toEqual([false, false]);
    expect(await inBucket(keptKeys[0]!)).toBe(true);
    expect((await call("GET", `/articles/${kept.id}/revisions/1`, { token })).status).toBe(200);
  });

  it("a failed update after the puts leaves the rows inline and the objects orphaned, collected after the grace period", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: unique("Half archived") });
    const before = await env.DB.prepare("SELECT snapshot FROM revisions WHERE article_id = ?").bind(a.id).first<{ snapshot: string }>();
    // D1 refuses the UPDATE that would point the rows at their objects; the SELECT and the puts go through.
    const failing = new Proxy(env.DB, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === "prepare")
          return (sql: string) => {
            if (sql.trimStart().startsWith("UPDATE revisions")) throw new Error("D1_ERROR: Network connection lost.");
            return target.prepare(sql);
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const putsBefore = (await env.MEDIA.list({ prefix: SNAPSHOT_PREFIX })).objects.length;
    await expect(archiveSnapshots(createDb(failing, env.MEDIA), env.MEDIA, later())).rejects.toThrow(/UPDATE revisions/);
    const orphans = (await env.MEDIA.list({ prefix: SNAPSHOT_PREFIX })).objects.length - putsBefore;
    expect(orphans).toBeGreaterThanOrEqual(1);
    // The row never points at anything: it still holds its snapshot.
    expect(await env.DB.prepare("SELECT snapshot, snapshot_key FROM revisions WHERE article_id = ?").bind(a.id).first()).toEqual({ snapshot: before!.snapshot, snapshot_key: null });
    // Within the grace period the orphans stay (an archive may be between its put and its update).
    const listed = async () => (await env.MEDIA.list({ prefix: SNAPSHOT_PREFIX })).objects.length;
    const count = await listed();
    for (let i = 0; i < 3; i++) await collectOrphans(archiveDb(), env.MEDIA, new Date(), null);
    expect(await listed()).toBe(count);
    // The article's row is archived by a later run (same key, re-put), and what is left over goes.
    await archiveAll();
    await collectAll();
    const referenced = (await env.DB.prepare("SELECT count(DISTINCT snapshot_key) AS n FROM revisions WHERE snapshot_key IS NOT NULL").first<{ n: number }>())!.n;
    expect(await listed()).toBe(referenced);
    expect((await call("GET", `/articles/${a.id}/revisions/1`, { token })).status).toBe(200);
  });

  it("a run costs at most 5 statements (3 idle), reads its rows through the partial indexes, and waits for another run's lease", async () => {
    const { token } = await tokenFor("editor");
    for (let i = 0; i < 3; i++) await createPublishableArticle(token, { headline: unique("Counted") });
    const counter = { statements: 0 };
    const result = await archiveAndCollect(createDb(countingD1(env.DB, counter), env.MEDIA), env.MEDIA, later());
    expect(result.ran).toBe(true);
    expect(result.archived).toBeGreaterThanOrEqual(3);
    expect(counter.statements).toBeLessThanOrEqual(5);
    // Nothing left to move and the collector's page all young: lease, walk, release.
    const idle = { statements: 0 };
    expect((await archiveAndCollect(createDb(countingD1(env.DB, idle), env.MEDIA), env.MEDIA, new Date())).ran).toBe(true);
    expect(idle.statements).toBe(3);
    // The exact SQL the run sends: the archiver walks its partial index in order (no sort), the probe its own.
    const plan = async (query: ReturnType<typeof sql>) => JSON.stringify(await archiveDb().all(sql`EXPLAIN QUERY PLAN ${query}`));
    const walk = await plan(inlineSnapshotsQuery(later(), 50));
    expect(walk).toContain("revisions_inline_idx");
    expect(walk).not.toContain("TEMP B-TREE");
    expect(await plan(referencedQuery(["snapshots/a", "snapshots/b"]))).toContain("revisions_snapshot_key_idx");
    // Another run holds the lease: this one does nothing.
    const now = new Date();
    await env.DB.prepare("UPDATE site_state SET value = ? WHERE key = 'snapshots_lease'").bind(new Date(now.getTime() + 60_000).toISOString()).run();
    expect(await archiveAndCollect(archiveDb(), env.MEDIA, now)).toEqual({ archived: 0, collected: 0, ran: false });
    await env.DB.prepare("UPDATE site_state SET value = '' WHERE key = 'snapshots_lease'").run();
  });

  it("walks the bucket a page a run, going on where the last run stopped", async () => {
    // A page of objects rows still point at, then strays no row does (listed in key order, after them).
    const kept = Array.from({ length: GC_PAGE }, (_, i) => `${SNAPSHOT_PREFIX}ref-${String(i).padStart(3, "0")}`);
    const strays = Array.from({ length: 20 }, (_, i) => `${SNAPSHOT_PREFIX}zz-${String(i).padStart(3, "0")}`);
    await Promise.all([...kept, ...strays].map((k) => env.MEDIA.put(k, "{}")));
    await env.DB.prepare(
      `INSERT INTO revisions (id, article_id, version, snapshot, snapshot_key, action, created_at)
       SELECT 'rev_page_' || key, 'art_paging', key + 1, '{"r2":true}', value, 'update', '2026-01-01T00:00:00.000Z' FROM json_each(?)`,
    ).bind(JSON.stringify(kept)).run();
    await env.DB.prepare("UPDATE site_state SET value = '' WHERE key = 'snapshots_gc_cursor'").run();
    const left = async () => (await Promise.all(strays.map(inBucket))).filter(Boolean).length;
    // The first page (the archive's own objects, then the kept ones) holds no stray.
    await archiveAndCollect(archiveDb(), env.MEDIA, later());
    expect(await left()).toBe(strays.length);
    // The next run goes on from there (starting over, it would list the same page again).
    await archiveAndCollect(archiveDb(), env.MEDIA, later());
    expect(await left()).toBe(0);
    expect(await Promise.all(kept.slice(0, 3).map(inBucket))).toEqual([true, true, true]);
    // Made-up rows: gone again, so the export below sees only real revisions.
    await env.DB.prepare("DELETE FROM revisions WHERE article_id = 'art_paging'").run();
    await env.MEDIA.delete(kept);
  });
});

describe("export and import of an archived newsroom", () => {
  it("exports the same file before and after archiving, and the file imports with every snapshot inline", async () => {
    const admin = await tokenFor("admin");
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: unique("Exported") });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "Second" } });
    await call("POST", `/articles/${a.id}/publish`, { token });
    // This article's revisions are inline (the earlier tests' are archived already): archiving them
    // must change nothing in the file.
    const inline = await exportText(admin.token);
    await archiveAll();
    expect((await env.DB.prepare("SELECT count(*) AS n FROM revisions WHERE article_id = ? AND snapshot = ?").bind(a.id, ARCHIVED_TEXT).first<{ n: number }>())!.n).toBe(3);
    const archived = await exportText(admin.token);
    // The revisions, byte for byte; every other table the same (the audit log gained the export itself).
    const revisionsPart = (text: string) => text.slice(text.indexOf('"revisions":['), text.indexOf('],"working_copies":'));
    expect(revisionsPart(archived).length).toBeGreaterThan(1000);
    expect(revisionsPart(archived)).toBe(revisionsPart(inline));
    const file = JSON.parse(archived);
    const withoutAudit = (f: any) => ({ ...f.tables, audit_log: null });
    expect(withoutAudit(file)).toEqual(withoutAudit(JSON.parse(inline)));
    expect(file.tables.revisions.every((r: any) => !("snapshot_key" in r) && JSON.parse(r.snapshot).content)).toBe(true);

    const fresh = await freshNewsroom(admin.user.email);
    const res = await call("POST", "/import", { token: fresh.token, body: file });
    expect(res.status, res.text).toBe(201);
    const rows = (await env.DB.prepare("SELECT id, snapshot, snapshot_key FROM revisions ORDER BY id").all<{ id: string; snapshot: string; snapshot_key: string | null }>()).results;
    const exported = [...file.tables.revisions].sort((x: any, y: any) => (x.id < y.id ? -1 : 1));
    expect(rows.map((r) => [r.id, r.snapshot, r.snapshot_key])).toEqual(exported.map((r: any) => [r.id, r.snapshot, null]));
    // The imported history reads, and archives again.
    expect((await call("GET", `/articles/${a.id}/revisions/1`, { token: fresh.token })).json.revision.snapshot.content.headline).toBe(a.headline);
    await archiveAll();
    expect((await call("GET", `/articles/${a.id}/revisions/2`, { token: fresh.token })).json.revision.snapshot.content.dek).toBe("Second");
  });
});
