// GET /export reads the tables in phases while it streams: the cron's archive steps, which move rows
// to other rowids, into packs or to R2, must wait for it as they wait for a background export, or a
// row moved meanwhile is written twice and the file no longer imports.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { exportNewsroom } from "../../src/editorial/export/export-stream";
import { archiveBodies } from "../../src/scheduled/archive-bodies";
import { runColdHistory } from "../../src/scheduled/cold-history";
import { EXPORT_STREAM_MS, markExportStream } from "../../src/scheduled/cron-lease";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

const d = () => createDb(env.DB, env.MEDIA);
const FAR = new Date(Date.now() + 400 * 24 * 3600_000);
const marks = async () => (await env.DB.prepare("SELECT count(*) AS n FROM site_state WHERE key LIKE 'export\\_stream:%' ESCAPE '\\'").first<{ n: number }>())!.n;

describe("a streamed export", () => {
  it("holds the cron's row moves while it is read, and lets go when it ends", async () => {
    const editor = await tokenFor("editor");
    const a = await createPublishableArticle(editor.token, { headline: "Streamed story" });
    await call("PATCH", `/articles/${a.id}`, { token: editor.token, headers: { "if-match": '"2"' }, body: { dek: "Again" } });
    const { stream, done } = exportNewsroom(env.DB, env.MEDIA);
    const reader = stream.getReader();
    expect((await reader.read()).done).toBe(false);
    // Mid-stream: no history run, no body moved (each would give a row twice in this file).
    expect((await runColdHistory(d(), env.MEDIA, FAR)).ran).toBe(false);
    expect(await archiveBodies(d(), env.MEDIA, FAR)).toBe(0);
    while (!(await reader.read()).done);
    await done;
    expect(await marks()).toBe(0);
    expect((await runColdHistory(d(), env.MEDIA, FAR)).ran).toBe(true);
    expect(await archiveBodies(d(), env.MEDIA, FAR)).toBeGreaterThan(0);
  });

  it("lapses when its Worker never releases it, and a new one clears the lapsed", async () => {
    let clock = Date.now();
    const stuck = await markExportStream(env.DB, () => clock);
    expect((await runColdHistory(d(), env.MEDIA, FAR)).ran).toBe(false);
    void stuck;
    // Its time passed (the mark is compared with D1's own clock): written as lapsed.
    await env.DB.prepare("UPDATE site_state SET value = '2000-01-01T00:00:00.000Z' WHERE key LIKE 'export\\_stream:%' ESCAPE '\\'").run();
    expect((await runColdHistory(d(), env.MEDIA, FAR)).ran).toBe(true);
    clock += EXPORT_STREAM_MS;
    const next = await markExportStream(env.DB, () => clock);
    expect(await marks()).toBe(1);
    await next.release();
    expect(await marks()).toBe(0);
  });
});
