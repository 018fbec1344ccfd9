// All or nothing: an import that fails half-way — a bad row after thousands of good ones, or D1
// failing in the final step — leaves the database byte-identical and the bucket as it was.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { API, call } from "../helpers/api";
import { fetchChecked } from "../helpers/public";
import { createArticle, uploadPng } from "../helpers/newsroom";
import { bucketKeys, chunked, dumpDatabase, exportJson, freshNewsroom } from "../helpers/newsroom-dump";

/** A small real export, then a fresh newsroom to import it into (its images removed from R2 too). */
async function exportThenEmpty() {
  const { token, user } = await freshNewsroom();
  const image = await uploadPng(token, { alt: "Kept or not" });
  const story = await createArticle(token, { headline: "Kept safe", featured_image: { media_id: image.id } });
  const dump = await exportJson(token);
  const fresh = await freshNewsroom(user.email);
  await env.MEDIA.delete(await bucketKeys());
  // A token's first use stamps last_used_at (then at most every 5 minutes): do it before any "before".
  await call("GET", "/session", { token: fresh.token });
  return { dump, fresh, story };
}

/** Thousands of valid tags: enough that several staging batches are written before the failure. */
const manyTags = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `tag_bulk${i}`, slug: `bulk-${i}`, name: `Bulk ${i}`, description: null, created_at: "2024-01-01T00:00:00.000Z", updated_at: "2024-01-01T00:00:00.000Z" }));

async function postImport(token: string, body: unknown) {
  // Sent chunked (no Content-Length), as a large upload from a program would be.
  const res = await fetchChecked(
    new Request(`${API}/import`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: chunked(JSON.stringify(body)) }),
  );
  return { status: res.status, json: (await res.json()) as any };
}

// Whole-newsroom imports on a shared machine: a generous time limit (no test asserts speed).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe("a failed import changes nothing", () => {
  it("a row that fails validation after thousands of valid ones: 400 naming it, database and bucket untouched", async () => {
    const { dump, fresh } = await exportThenEmpty();
    dump.tables.tags.push(...manyTags(3000));
    // The very last row of the document is the bad one: everything before it was staged.
    dump.tables.revisions.push({ ...dump.tables.revisions[0], id: "rev_bad", version: 99, snapshot: "{not json" });
    const before = await dumpDatabase();

    const res = await postImport(fresh.token, dump);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe(`tables.revisions.${dump.tables.revisions.length - 1}.snapshot`);
    expect(await dumpDatabase()).toEqual(before);
    // The image was written to R2 before the failure, and removed again.
    expect(await bucketKeys()).toEqual([]);

    // The same file without the bad row imports: the failure left nothing in the way.
    dump.tables.revisions.pop();
    const ok = await postImport(fresh.token, dump);
    expect(ok.status).toBe(201);
    expect(ok.json.imported.tags).toBe(dump.tables.tags.length);
  });

  it("D1 failing in the final step: every table, the stage and the bucket are as before", async () => {
    const { dump, fresh } = await exportThenEmpty();
    dump.tables.tags.push(...manyTags(500));
    const before = await dumpDatabase();
    // Revisions are copied last: by then every other table's rows were inserted in the same batch.
    await env.DB.exec(`CREATE TRIGGER fail_import BEFORE INSERT ON revisions BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    try {
      const res = await postImport(fresh.token, dump);
      expect(res.status).toBe(400);
      expect(res.json.detail).toMatch(/injected failure/);
    } finally {
      await env.DB.exec("DROP TRIGGER fail_import");
    }
    expect(await dumpDatabase()).toEqual(before);
    expect(await bucketKeys()).toEqual([]);
  });

  it("a reference the file does not hold (a byline's contributor) fails the final step as a whole", async () => {
    const { dump, fresh, story } = await exportThenEmpty();
    dump.tables.bylines = [{ article_id: story.id, position: 0, contributor_id: "ctb_missing", role: null }];
    const before = await dumpDatabase();
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/FOREIGN KEY/);
    expect(await dumpDatabase()).toEqual(before);
  });

  it("a document cut off in the middle: 400, nothing staged", async () => {
    const { dump, fresh } = await exportThenEmpty();
    const before = await dumpDatabase();
    const text = JSON.stringify(dump);
    const res = await call("POST", "/import", { token: fresh.token, body: text.slice(0, Math.floor(text.length * 0.8)), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("invalid_json");
    expect(await dumpDatabase()).toEqual(before);
    expect(await bucketKeys()).toEqual([]);
  });
});
