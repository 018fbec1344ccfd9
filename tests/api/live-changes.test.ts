// The change log's numbering, straight through the statement every live-blog write uses: desk ids
// count every change; readers' ids count only what readers see while the blog is published, with
// no gap, so a reader's Last-Event-ID always names exactly what it has. Numbers are taken inside
// the batch, so two batches at once still get distinct, contiguous numbers. The readers' number is
// one probe of its partial index, whatever the length of the log (EXPLAIN below).
import { eq } from "drizzle-orm";
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { articles } from "../../src/db/schema";
import { changeStatement, type LiveChange, type LiveChangeRow } from "../../src/live/changes";
import { runBatch } from "../../src/db/batch";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

const change = (articleId: string, over: Partial<LiveChange> = {}): LiveChange => ({
  articleId,
  entryId: "lve_1",
  type: "entry.published",
  publicType: "entry.published",
  payload: { entry: { id: "lve_1" } },
  publicPayload: { entry: { id: "lve_1", text: "</script><b>&" } },
  now: new Date(),
  ...over,
});
const append = async (c: LiveChange) => ((await runBatch(db(), [changeStatement(db(), c)]))[0] as LiveChangeRow[])[0]!;

describe("live_changes numbering", () => {
  it("gives readers ids only while the blog is published, contiguous whatever the desk does", async () => {
    const story = await createPublishableArticle(token);
    const draftTime = await append(change(story.id));
    expect(draftTime).toMatchObject({ seq: 1, publicSeq: null, publicType: null, publicPayload: null, type: "entry.published" });

    const published = await call("POST", `/articles/${story.id}/publish`, { token });
    expect(published.status, published.text).toBe(200);
    const first = await append(change(story.id));
    const deskOnly = await append(change(story.id, { type: "entry.updated", publicType: null, publicPayload: null }));
    const second = await append(change(story.id, { type: "entry.pinned", publicType: "entry.pinned" }));
    expect([first.seq, deskOnly.seq, second.seq]).toEqual([2, 3, 4]);
    expect([first.publicSeq, deskOnly.publicSeq, second.publicSeq]).toEqual([1, null, 2]);
    expect(second.publicType).toBe("entry.pinned");
    // The stored payload is one inert line: parsed back it is exactly what was given.
    expect(first.publicPayload).not.toMatch(/[<>&\n\r]/);
    expect(JSON.parse(first.publicPayload!)).toEqual({ entry: { id: "lve_1", text: "</script><b>&" } });

    // A reset says where readers' stream continues, like the object's own resets, beside what it carries.
    const reset = await append(change(story.id, { type: "blog.published", publicType: "reset", publicPayload: { blog: { note: "<&>" } } }));
    expect(reset.publicSeq).toBe(3);
    expect(reset.publicPayload).not.toMatch(/[<>&]/);
    expect(JSON.parse(reset.publicPayload!)).toEqual({ last_event_id: 3, blog: { note: "<&>" } });
    expect(JSON.parse((await append(change(story.id, { publicType: "reset", publicPayload: {} }))).publicPayload!)).toEqual({ last_event_id: 4 });

    await db().update(articles).set({ status: "draft" }).where(eq(articles.id, story.id)).run();
    expect((await append(change(story.id))).publicSeq).toBeNull();
  });

  it("numbers each blog on its own, and two batches at once never share a number", async () => {
    const [a, b] = await Promise.all([createPublishableArticle(token), createPublishableArticle(token)]);
    const rows = await Promise.all([append(change(a.id)), append(change(a.id)), append(change(b.id)), append(change(a.id))]);
    expect(rows.filter((r) => r.articleId === a.id).map((r) => r.seq).sort()).toEqual([1, 2, 3]);
    expect(rows.filter((r) => r.articleId === b.id).map((r) => r.seq)).toEqual([1]);
  });

  it("takes the readers' next number from the partial index, not by walking the blog's log", async () => {
    const stmt = changeStatement(db(), change("art_x")) as unknown as { toSQL(): { sql: string; params: unknown[] } };
    const { sql: text, params } = stmt.toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
    const lines = plan.results.map((r) => r.detail);
    expect(lines.some((l) => l.includes("live_changes_public_uq"))).toBe(true);
    // (The INSERT … SELECT with no table reads one constant row: that is the only scan.)
    expect(lines.filter((l) => l.startsWith("SCAN ") && l !== "SCAN CONSTANT ROW")).toEqual([]);
  });
});
