// An archive run that outlives its lease stops before the steps that must not interleave with another
// run: it points no row at its objects (they stay orphans, collected later) and deletes nothing (a
// collector that listed an object before another run re-put it and pointed a row at it would otherwise
// delete an object a revision names).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { ARCHIVE_AFTER_MS, GC_GRACE_MS, archiveSnapshots, collectOrphans } from "../../src/scheduled/archive-snapshots";
import { SNAPSHOT_PREFIX } from "../../src/articles/snapshot-store";
import { tokenFor, unique } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

const archiveDb = () => createDb(env.DB, env.MEDIA);
const later = new Date(Date.now() + Math.max(ARCHIVE_AFTER_MS, GC_GRACE_MS) + 60_000);
const PAST = Date.now() - 1;
const inline = (id: string) => env.DB.prepare("SELECT count(*) AS n FROM revisions WHERE article_id = ? AND snapshot_key IS NULL").bind(id).first<{ n: number }>();

describe("an archive run out of its lease", () => {
  it("puts its objects but points no row at them, then the next run in time does", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: unique("Leased") });
    expect(await archiveSnapshots(archiveDb(), env.MEDIA, later, 50, PAST)).toBe(0);
    expect((await inline(a.id))!.n).toBe(1);
    expect((await env.MEDIA.list({ prefix: SNAPSHOT_PREFIX })).objects.length).toBeGreaterThan(0);
    expect(await archiveSnapshots(archiveDb(), env.MEDIA, later)).toBeGreaterThan(0);
    expect((await inline(a.id))!.n).toBe(0);
  });

  it("deletes no object, and keeps its place for the next run", async () => {
    await env.MEDIA.put(`${SNAPSHOT_PREFIX}orphan-${crypto.randomUUID()}`, "{}");
    const result = await collectOrphans(archiveDb(), env.MEDIA, later, null, PAST);
    expect(result).toEqual({ deleted: 0, cursor: null });
    expect((await collectOrphans(archiveDb(), env.MEDIA, later, null)).deleted).toBeGreaterThan(0);
  });
});
