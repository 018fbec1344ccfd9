// A story read whole resolves its references (related links' stories, its body's cards and images)
// inside its own statement (src/public/load.ts, referencesJson over json_tree of the body) instead of
// a second one. What it shows must be what resolving collectReferences' ids gives: cards nested in
// quotes and lists, repeated ones, a draft's card (absent), a deleted image (absent), related links.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resolveReferences } from "../../src/articles/cards";
import { renderResolvedBody } from "../../src/articles/render-body";
import { collectReferences, type BodyDoc } from "../../src/body";
import { createDb } from "../../src/db/client";
import { articles } from "../../src/db/schema";
import { countingD1 } from "../../src/http/bench-hooks";
import { siteUrls } from "../../src/lib/urls";
import { loadPublishedBySlug } from "../../src/public/load-whole";
import { call, db, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle, doc, paragraph, uploadPng } from "../helpers/newsroom";

const image = (media_id: string) => ({ type: "image", attrs: { media_id, alt: "" } });
const card = (article_id: string) => ({ type: "relatedCard", attrs: { article_id } });

async function published(token: string, body: Record<string, unknown>) {
  const a = await createPublishableArticle(token, body);
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`);
  return res.json.article as { id: string; slug: string };
}

describe("a story read whole", () => {
  it("resolves its references in its own statement, as resolving collectReferences' ids does", async () => {
    const { token } = await tokenFor("editor");
    const [a, b, c] = [await published(token, { headline: "Card A" }), await published(token, { headline: "Card B" }), await published(token, { headline: "Card C" })];
    const draft = await createArticle(token, { headline: "Draft card" });
    const [kept, gone] = [await uploadPng(token, { alt: "kept" }), await uploadPng(token, { alt: "gone" })];
    const body = doc(
      paragraph("relatedCard image type"),
      card(a.id),
      { type: "blockquote", content: [card(b.id), image(kept.id)] },
      { type: "bulletList", content: [{ type: "listItem", content: [paragraph("in a list"), card(c.id)] }] },
      card(a.id),
      card(draft.id),
      image(gone.id),
      image(kept.id),
    );
    const story = await published(token, { headline: "Whole", body, related: [{ article_id: c.id }, { article_id: draft.id }, { url: "https://example.org/x", title: "Ext" }] });
    await env.DB.prepare("DELETE FROM media WHERE id = ?").bind(gone.id).run();

    const urls = siteUrls(env, "https://copydesk.test/api/content/v1/articles/x");
    const counter = { statements: 0 };
    const loaded = (await loadPublishedBySlug(createDb(countingD1(env.DB, counter)), story.slug, urls))!.article;
    expect(counter.statements).toBe(1);

    const tree = loaded.row.body as BodyDoc;
    const refs = collectReferences(tree);
    const { cards, mediaById } = await resolveReferences(db(), [c.id, draft.id, ...refs.articleIds], refs.mediaIds, urls, { publishedOnly: true });
    expect(loaded.bodyHtml).toBe(renderResolvedBody(tree, mediaById, cards, urls));
    expect(loaded.bodyHtml).toContain("Card B");
    expect(loaded.bodyHtml).not.toContain("Draft card");
    expect(loaded.related.map((r) => (r.kind === "article" ? r.card : r.title))).toEqual([cards.get(c.id), "Ext"]);

    // Its row is mapped by position with drizzle's own decoders (built once per isolate): every
    // column as drizzle's select of the table gives it (a boolean a boolean, the tree parsed).
    const plain = (await db().select().from(articles).where(eq(articles.id, story.id)).get())!;
    for (const [k, v] of Object.entries(loaded.row)) expect(v, k).toStrictEqual(plain[k as keyof typeof plain]);
    expect(typeof loaded.row.commentsEnabled).toBe("boolean");
    expect(Object.keys(loaded.row).length).toBeGreaterThan(30);
  });
});
