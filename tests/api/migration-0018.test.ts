// Migration 0018 on a database as 0017 left it: stories with their plain text in body_text and an
// external-content index over it. After it, the index (now contentless, filled from that text before
// the column goes) answers as an index of the bodies does, the stories without a summary carry the
// opening of their text, and readers see the same feed. Its own file: it takes the schema back.
import { env } from "cloudflare:workers";
import type { D1Migration } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { storedExcerpt } from "../../src/articles/search-index";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { tokenFor, call } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;
const W = crypto.randomUUID().replace(/-/g, "").slice(0, 6);
const word = (name: string) => `${name}${W}`;
const ids = async (table: string, match: string) => (await env.DB.prepare(`SELECT rowid AS r FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).bind(match).all<{ r: number }>()).results.map((x) => x.r);

describe("migration 0018", () => {
  it("moves the index to contentless from the stored text, keeps excerpts, drops the text", async () => {
    const { token } = await tokenFor("admin");
    const long = `${word("opening")} ${"sentence ".repeat(120)}`;
    const stories = [
      await createPublishableArticle(token, { headline: `${word("harbour")} news`, summary: null, body: doc(paragraph(long)) }),
      await createPublishableArticle(token, { headline: `${word("ferry")} times`, summary: `${word("tide")} table`, body: doc(paragraph(`By the ${word("pier")}.`)) }),
    ];
    for (const s of stories) expect((await call("POST", `/articles/${s.id}/publish`, { token })).status).toBe(200);
    const feedBefore = (await get("/feed.json")).text;

    // Back to 0017's schema: body_text filled from each body (as 0017's saves stored it), its
    // external-content index and triggers; no excerpt or compressed column.
    const rows = (await env.DB.prepare("SELECT id, body FROM articles").all<{ id: string; body: string }>()).results;
    const v17 = MIGRATIONS.find((m) => m.name.startsWith("0017_"))!.queries.filter((q) => /^\s*(CREATE VIRTUAL TABLE|CREATE TRIGGER articles_fts_)/m.test(q));
    // 0022's trigger writes articles_fts: it goes first (SQLite checks triggers on every ALTER TABLE)
    // and comes back after 0018, as the later migrations would leave it.
    const v22 = MIGRATIONS.find((m) => m.name.startsWith("0022_"))!.queries.filter((q) => /^\s*CREATE TRIGGER search_index_in_write/m.test(q));
    expect(v22).toHaveLength(1);
    for (const q of ["DROP TRIGGER search_index_in_write", "DROP TRIGGER articles_fts_delete", "DROP TABLE articles_fts", "ALTER TABLE articles DROP COLUMN excerpt_text", "ALTER TABLE articles DROP COLUMN body_html_z", "ALTER TABLE articles ADD COLUMN body_text text NOT NULL DEFAULT ''"]) {
      await env.DB.prepare(q).run().catch((e: Error) => { throw new Error(`${q}: ${e.message}`); });
    }
    await env.DB.batch(rows.map((r) => env.DB.prepare("UPDATE articles SET body_text = ? WHERE id = ?").bind(bodyToPlainText(JSON.parse(r.body) as BodyDoc), r.id)));
    await env.DB.batch([...v17, "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')"].map((q) => env.DB.prepare(q)));
    const queries = ["harbour", "ferry", "tide", "pier", "opening"].map((n) => `"${word(n)}"`).concat([`"${word("harb").slice(0, 4)}"*`]);
    expect(v17).toHaveLength(4);
    const before = await Promise.all(queries.map((q) => ids("articles_fts", q)));
    expect(before.flat().length).toBeGreaterThanOrEqual(5);

    await env.DB.batch([...MIGRATIONS.find((m) => m.name.startsWith("0018_"))!.queries, ...v22].map((q) => env.DB.prepare(q)));

    expect(await Promise.all(queries.map((q) => ids("articles_fts", q)))).toEqual(before);
    await env.DB.prepare("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')").run();
    const columns = (await env.DB.prepare("SELECT name FROM pragma_table_info('articles')").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns).not.toContain("body_text");
    const after = await env.DB.prepare("SELECT id, summary, body, excerpt_text FROM articles WHERE id IN (?, ?) ORDER BY id").bind(stories[0]!.id, stories[1]!.id).all<{ id: string; summary: string | null; body: string; excerpt_text: string | null }>();
    for (const r of after.results) expect(r.excerpt_text, r.id).toBe(storedExcerpt(r.summary, bodyToPlainText(JSON.parse(r.body) as BodyDoc)));
    // Readers see the same (a new content version, so nothing comes from the cache).
    await env.DB.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))) WHERE key = 'content'").run();
    expect((await get("/feed.json")).text).toBe(feedBefore);
    // And the next save writes the new way.
    const cur = await call("GET", `/articles/${stories[0]!.id}`, { token });
    expect((await call("PATCH", `/articles/${stories[0]!.id}`, { token, headers: { "if-match": cur.headers.get("etag")! }, body: { headline: `${word("lock")} news` } })).status).toBe(200);
    expect(await ids("articles_fts", `"${word("lock")}"`)).toHaveLength(1);
    expect(await ids("articles_fts", `"${word("harbour")}"`)).toEqual([]);
  });
});
