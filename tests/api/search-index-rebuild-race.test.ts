// A save between the rebuild's read and its batch (src/articles/search-index.ts reindexArticles):
// the save indexed its own, newer text; the rebuild's older text must not replace it.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { reindexArticles } from "../../src/articles/search-index";
import { createDb } from "../../src/db/client";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 6);
const found = async (word: string) => (await env.DB.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?").bind(`"${word}"`).all()).results.length;

describe("a search-index rebuild racing a save", () => {
  it("leaves the save's text indexed", async () => {
    const { token } = await tokenFor("admin");
    const a = await createPublishableArticle(token, { headline: `Old${W} headline`, body: doc(paragraph("Text.")) });
    const db = createDb(env.DB, env.MEDIA);
    const batch = db.batch.bind(db);
    // The save lands after the rebuild read the row, before its batch runs.
    (db as { batch: unknown }).batch = async (...args: Parameters<typeof batch>) => {
      const saved = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${a.version}"` }, body: { headline: `New${W} headline` } });
      expect(saved.status, saved.text).toBe(200);
      return batch(...args);
    };
    const search = await env.DB.prepare("SELECT search_id FROM articles WHERE id = ?").bind(a.id).first<{ search_id: number }>();
    await reindexArticles(db, search!.search_id - 1, 1);
    expect(await found(`new${W}`.toLowerCase())).toBe(1);
    expect(await found(`old${W}`.toLowerCase())).toBe(0);
  });
});
