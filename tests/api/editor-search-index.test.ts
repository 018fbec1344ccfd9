// articles_trgm (migration 0023) must hold every article's headline, summary and slug, and nothing
// else: a missing row hides a story from the editors' substring search (a stale one only adds a
// candidate the LIKE refuses, but is kept out too). It is kept by triggers on articles, so every
// writer keeps it without a statement of its own: create, edit, restore, trash and its restore, both
// importers; the rebuild remakes it, the migration fills it.
import { env } from "cloudflare:workers";
import type { D1Migration } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { noteArchiveTop, SMALL_ARCHIVE, trigramMatch } from "../../src/articles/editor-search";
import { call, tokenFor, editArticle, rebuildSearchIndex } from "../helpers/api";
import { buildGhostFixture } from "../fixtures/ghost/build-export";
import { importGhost } from "../helpers/ghost";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { exportJson, freshNewsroom } from "../helpers/newsroom-dump";

const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;
const W = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
const mk = (name: string) => `zi${W}${name}`;
let token: string;
let admin: string;

/** The search_ids the trigram index gives for this substring (a superset: no LIKE here). */
const candidates = async (text: string) =>
  (await env.DB.prepare("SELECT rowid AS r FROM articles_trgm WHERE articles_trgm MATCH ?").bind(trigramMatch(text)).all<{ r: number }>()).results.map((x) => x.r);
const searchIdOf = async (id: string) => (await env.DB.prepare("SELECT search_id FROM articles WHERE id = ?").bind(id).first<number>("search_id"))!;
const editorSearch = async (q: string, t = token) => {
  // The indexes' plan, as in an archive of SMALL_ARCHIVE stories or more: this file checks the index
  // (a small archive's plain walk reads no trigram, so a drifted index could not show there).
  noteArchiveTop(SMALL_ARCHIVE);
  const res = await call("GET", `/articles?q=${encodeURIComponent(q)}&limit=100`, { token: t });
  expect(res.status, res.text).toBe(200);
  return res.json.articles.map((a: { id: string }) => a.id) as string[];
};

/**
 * In step: one row per article (none missing, none left over), and each article found by its own
 * headline, summary and slug (every trigram of each, so the row holds the text as it is now).
 */
async function expectInStep(label: string) {
  const { results } = await env.DB.prepare(
    "SELECT (SELECT count(*) FROM articles WHERE search_id IS NOT NULL AND search_id NOT IN (SELECT rowid FROM articles_trgm)) AS missing, (SELECT count(*) FROM articles_trgm WHERE rowid NOT IN (SELECT search_id FROM articles WHERE search_id IS NOT NULL)) AS extra",
  ).all<{ missing: number; extra: number }>();
  expect(results[0], label).toEqual({ missing: 0, extra: 0 });
  const rows = await env.DB.prepare("SELECT search_id AS s, headline, summary, slug FROM articles").all<{ s: number; headline: string; summary: string | null; slug: string }>();
  for (const r of rows.results) {
    for (const text of [r.headline, r.summary, r.slug]) {
      // Each column's opening (the whole of a short one): its trigrams are all in the row.
      const piece = Array.from(text ?? "").slice(0, 40).join("");
      if (Array.from(piece).length >= 3) expect(await candidates(piece), `${label}: ${piece}`).toContain(r.s);
    }
  }
}

const edit = (id: string, body: Record<string, unknown>) => editArticle(token, id, body);

vi.setConfig({ testTimeout: 300_000 });

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  admin = (await tokenFor("admin")).token;
});

describe("articles_trgm in step with every writer", () => {
  it("create, then an edit of the headline, the summary and the slug: the new text found, the old not", async () => {
    const a = await createPublishableArticle(token, { headline: `${mk("first")} headline`, summary: `${mk("firstsum")} summary` });
    await expectInStep("created");
    expect(await editorSearch(mk("first").slice(2))).toEqual([a.id]);
    await edit(a.id, { headline: `${mk("second")} headline`, summary: `${mk("secondsum")}`, slug: `${mk("second")}-slug` });
    await expectInStep("edited");
    expect(await candidates(mk("firstsum"))).toEqual([]);
    expect(await editorSearch(mk("firstsum"))).toEqual([]);
    expect(await editorSearch(`${mk("second")}-sl`)).toEqual([a.id]);
    // A stage move or a publish leaves the three columns alone: the row is not rewritten.
    expect((await call("POST", `/articles/${a.id}/publish`, { token })).status).toBe(200);
    await expectInStep("published");
  });

  it("a restore of an older revision brings its headline back", async () => {
    const d = await createPublishableArticle(token, { headline: `${mk("rev")} one`, body: doc(paragraph("Text.")) });
    await edit(d.id, { headline: `${mk("rev")} two` });
    const etag = (await call("GET", `/articles/${d.id}`, { token })).headers.get("etag")!;
    const restored = await call("POST", `/articles/${d.id}/revisions/1/restore`, { token, headers: { "if-match": etag } });
    expect(restored.status, restored.text).toBeLessThan(300);
    await expectInStep("restored");
    expect(await editorSearch(`${mk("rev")} one`)).toEqual([d.id]);
    expect(await editorSearch(`${mk("rev")} two`)).toEqual([]);
  });

  it("the trash takes the row out, its restore puts it back", async () => {
    const a = await createPublishableArticle(token, { headline: `${mk("trash")} bound` });
    const sid = await searchIdOf(a.id);
    expect((await call("DELETE", `/articles/${a.id}`, { token })).status).toBe(204);
    await expectInStep("trashed");
    expect(await candidates(`${mk("trash")} bound`)).not.toContain(sid);
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin })).status).toBe(201);
    await expectInStep("untrashed");
    expect(await editorSearch(`${mk("trash")} bou`)).toEqual([a.id]);
  });

  it("POST /search-index/rebuild remakes a drifted index", async () => {
    const a = await createPublishableArticle(token, { headline: `${mk("drift")} story` });
    await env.DB.prepare("DELETE FROM articles_trgm WHERE rowid = ?").bind(await searchIdOf(a.id)).run();
    expect(await editorSearch(`${mk("drift").slice(3)} sto`)).toEqual([]);
    await rebuildSearchIndex(admin);
    await expectInStep("rebuilt");
    expect(await editorSearch(`${mk("drift").slice(3)} sto`)).toEqual([a.id]);
  });

  it("migration 0023 fills it from the articles", async () => {
    await env.DB.prepare("DELETE FROM articles_trgm").run();
    const fill = MIGRATIONS.find((m) => m.name.startsWith("0023_"))!.queries.filter((q) => /^\s*INSERT INTO articles_trgm/m.test(q) && !/TRIGGER/.test(q));
    expect(fill).toHaveLength(1);
    await env.DB.batch(fill.map((q) => env.DB.prepare(q)));
    await expectInStep("migrated");
  });
});

describe("articles_trgm after an import", () => {
  it("export → import into a fresh newsroom", async () => {
    const a = await createPublishableArticle(token, { headline: `${mk("export")} trip`, summary: `${mk("exportsum")} here` });
    const dump = await exportJson(admin);
    const fresh = await freshNewsroom();
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);
    await expectInStep("imported");
    expect(await editorSearch(`${mk("exportsum")} he`, fresh.token)).toEqual([a.id]);
  });

  it("a Ghost import", async () => {
    const run = await importGhost(buildGhostFixture().export);
    const ids = run.results.flatMap((r: any) => (r.article_id ? [r.article_id as string] : []));
    expect(ids.length).toBeGreaterThan(10);
    await expectInStep("ghost");
    const one = await env.DB.prepare("SELECT id, headline FROM articles WHERE id = ?").bind(ids[0]).first<{ id: string; headline: string }>();
    expect(await editorSearch(one!.headline.slice(1, 30), run.token)).toContain(one!.id);
  });
});
