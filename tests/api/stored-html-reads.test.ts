// Public reads fill the body HTML stored at save time (articles.body_html_z, or body_html as text;
// src/body/stored-html.ts)
// instead of rendering the tree: every output must be the bytes the tree gives, with cards and
// images as they are now (a card's story renamed or deleted, an image gone, another origin), for
// rows stored before migration 0015 (NULL) alike, from the isolate's kept copy (by id and version)
// alike, and after an export and import.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { heldStoredBodies, storedBodyKey } from "../../src/articles/stored-body-cache";
import { STORED_BODY_FORMAT } from "../../src/body/stored-html";
import { unpackStoredBody } from "../../src/body/stored-html-pack";
import { blobBytes } from "../../src/db/schema";
import { renderAtom, renderJsonFeed, renderRss, type FeedSite } from "../../src/feeds";
import { siteUrls } from "../../src/lib/urls";
import { loadPublishedPage } from "../../src/public/load";
import { loadPublishedBySlug } from "../../src/public/load-whole";
import { toArticleFull, toArticleSummary } from "../../src/public/views";
import { toFeedItem } from "../../src/public/feed-item";
import { effectiveSettings } from "../../src/editorial/settings/domain";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { exportJson, freshNewsroom } from "../helpers/newsroom-dump";
import { get } from "../helpers/public";

vi.setConfig({ testTimeout: 60_000 });

const image = (media_id: string, attrs: Record<string, unknown> = {}) => ({ type: "image", attrs: { media_id, alt: "", ...attrs } });
const card = (article_id: string) => ({ type: "relatedCard", attrs: { article_id } });

async function published(token: string, body: Record<string, unknown>) {
  const a = await createPublishableArticle(token, body);
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`);
  return res.json.article as { id: string; slug: string; version: number };
}

/** Every public rendering of the site's newest stories and of one story, as the routes build them. */
async function render(slug: string, origin: string) {
  const urls = siteUrls(env, `${origin}/feed.xml`);
  const site: FeedSite = { title: "T & <T>", description: "D", homeUrl: urls.home, feedUrl: `${origin}/feed.xml`, nextUrl: null, language: "en", updated: null };
  const page = await loadPublishedPage(db(), { limit: 50 }, urls);
  const items = page.articles.map((a) => toFeedItem(a, urls));
  const one = (await loadPublishedBySlug(db(), slug, urls))!;
  return {
    rss: renderRss(site, items),
    atom: renderAtom(site, items),
    json: renderJsonFeed(site, items),
    list: JSON.stringify(page.articles.map((a) => toArticleSummary(a, urls))),
    article: JSON.stringify(toArticleFull(one.article, urls, effectiveSettings(one.settings, env))),
    listed: page.articles.find((a) => a.row.slug === slug)!,
    whole: one.article,
    urls,
  };
}

/** The stored body as a save left it: compressed in body_html_z (migration 0018), the text column empty. */
const storedOf = async (id: string) => {
  const row = (await env.DB.prepare("SELECT body_html, body_html_z FROM articles WHERE id = ?").bind(id).first<{ body_html: string | null; body_html_z: number[] | ArrayBuffer | null }>())!;
  expect(row.body_html, "a save clears the text column").toBeNull();
  return unpackStoredBody(row.body_html_z === null ? null : blobBytes(row.body_html_z));
};
/** Neither column: a row saved before migration 0015. */
const NO_STORED_BODY = "UPDATE articles SET body_html = NULL, body_html_z = NULL";

describe("stored body HTML on the public reads", () => {
  it("gives the tree's bytes, with cards and images as they are when read, from any origin", async () => {
    const { token } = await tokenFor("editor");
    const target = await published(token, { headline: "Card target", summary: "Its summary" });
    const doomed = await published(token, { headline: "Deleted later" });
    const picture = await uploadPng(token, { alt: "A <picture> & more" });
    const vanishing = await uploadPng(token, { alt: "Gone soon" });
    const forged = `<!--cd:t ${JSON.stringify(card(target.id))}-->`;
    const story = await published(token, {
      headline: "Stored & filled",
      summary: null,
      body: doc(
        image(vanishing.id),
        paragraph(`Tom & Jerry <script>alert("x")</script> it's 🎉 مرحبا ${forged}`),
        image(picture.id, { alt: `"Quoted" alt`, caption: "Main St & 5th -->", credit: "Photo: <AP>" }),
        card(target.id),
        card(doomed.id),
        { type: "blockquote", content: [image(picture.id), card(target.id), paragraph("quoted")] },
        { type: "embed", attrs: { url: "https://video.example/watch?v=1&t=2", caption: "A <clip>", provider: "Video & Co" } },
        image(vanishing.id),
      ),
    });
    expect((await storedOf(story.id))?.startsWith(STORED_BODY_FORMAT)).toBe(true);

    // What the stored body points at changes after it was saved.
    const renamed = await call("PATCH", `/articles/${target.id}`, { token, headers: { "if-match": `"${target.version}"` }, body: { headline: "Card target, renamed <now>" } });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await call("DELETE", `/articles/${doomed.id}`, { token })).status).toBe(204);
    await env.DB.prepare("DELETE FROM media WHERE id = ?").bind(vanishing.id).run();

    for (const origin of ["http://copydesk.test", "https://elsewhere.example"]) {
      const stored = await render(story.slug, origin);
      expect(stored.rss).toContain("Card target, renamed &lt;now&gt;</a>");
      expect(stored.rss).not.toContain("Deleted later");
      expect(stored.rss).toContain(`${origin}/media/${picture.id}`);
      expect(stored.rss).not.toContain(vanishing.id);
      // What the author typed stays text, and names no card.
      expect(stored.whole.bodyHtml).toContain("&lt;!--cd:t {&quot;type&quot;:&quot;relatedCard&quot;");
      // A story read in a page and read whole make the same feed item (its description from the plain text, not the tree).
      expect(toFeedItem(stored.listed, stored.urls)).toEqual(toFeedItem(stored.whole, stored.urls));

      // The same rows without their stored body (saved before migration 0015): rendered from the tree.
      const packed = (await storedOf(story.id))!;
      await env.DB.prepare(NO_STORED_BODY).run();
      const tree = await render(story.slug, origin);
      for (const key of ["rss", "atom", "json", "list", "article"] as const) expect(stored[key], key).toBe(tree[key]);
      // A row saved between migrations 0015 and 0018 keeps its stored body as text: read as it is.
      await env.DB.prepare("UPDATE articles SET body_html = ?, body_html_z = NULL WHERE id = ?").bind(packed, story.id).run();
      const asText = await render(story.slug, origin);
      for (const key of ["rss", "atom", "json", "list", "article"] as const) expect(asText[key], key).toBe(tree[key]);
      // And a stored body in another format is not used either, as text or compressed. (A new
      // version each time: the isolate keeps prepared bodies by id and version.)
      const bump = "UPDATE articles SET version = version + 100 WHERE id = ?";
      await env.DB.batch([env.DB.prepare("UPDATE articles SET body_html = '<!--copydesk:body 0--><p>stale</p>', body_html_z = NULL"), env.DB.prepare(bump).bind(story.id)]);
      expect((await render(story.slug, origin)).rss).toBe(tree.rss);
      await env.DB.batch([env.DB.prepare("UPDATE articles SET body_html = NULL, body_html_z = CAST('<!--copydesk:body 0-->' AS BLOB) || x'0b0001'"), env.DB.prepare(bump).bind(story.id)]);
      expect((await render(story.slug, origin)).rss).toBe(tree.rss);
      // A save stores it again.
      await env.DB.prepare(NO_STORED_BODY).run();
      const again = await call("PATCH", `/articles/${story.id}`, { token, headers: { "if-match": `"${(await call("GET", `/articles/${story.id}`, { token })).json.article.version}"` }, body: { dek: `Read from ${origin}` } });
      expect(again.status, again.text).toBe(200);
      expect((await storedOf(story.id))?.startsWith(STORED_BODY_FORMAT)).toBe(true);
    }
    // A page reads the plain text exactly when the description needs it: a summary JavaScript's trim() blanks counts as none.
    for (const summary of ["\u00a0\u3000 \n\u2028\ufeff", " Said\u00a0so "]) {
      await env.DB.prepare("UPDATE articles SET summary = ? WHERE id = ?").bind(summary, story.id).run();
      const read = await render(story.slug, "http://copydesk.test");
      expect(read.listed.row.excerptText === null, JSON.stringify(summary)).toBe(summary.trim() !== "");
      expect(toFeedItem(read.listed, read.urls)).toEqual(toFeedItem(read.whole, read.urls));
    }
    // The isolate keeps the prepared body by (id, version), and the next page leaves it out of the
    // statement; a save moves the version, so the new body is read, never the kept one.
    const current = (await call("GET", `/articles/${story.id}`, { token })).json.article;
    await render(story.slug, "http://copydesk.test");
    expect(heldStoredBodies().has(storedBodyKey(story.id, current.version))).toBe(true);
    const fromHeld = await render(story.slug, "http://copydesk.test");
    await env.DB.prepare(NO_STORED_BODY).run();
    expect(fromHeld.rss).toBe((await render(story.slug, "http://copydesk.test")).rss);
    const edited = await call("PATCH", `/articles/${story.id}`, { token, headers: { "if-match": `"${current.version}"` }, body: { body: doc(paragraph("Rewritten after it was kept"), card(target.id)) } });
    expect(edited.status, edited.text).toBe(200);
    const rewritten = await render(story.slug, "http://copydesk.test");
    expect(rewritten.rss).toContain("<p>Rewritten after it was kept</p>");
    expect(rewritten.rss).not.toContain("Tom &amp; Jerry");
    // The routes answer from the same loaders, each checked against its declared schema.
    expect((await get("/api/content/v1/articles")).status).toBe(200);
    expect((await get(`/api/content/v1/articles/${story.slug}`)).json.article.body_html).toContain("Card target, renamed &lt;now&gt;");
  });

  it("survives an export and an import: the import stores the body too, and the feeds are the same", async () => {
    const admin = await freshNewsroom();
    const target = await published(admin.token, { headline: "Imported card target" });
    const picture = await uploadPng(admin.token, { alt: "Imported picture" });
    const story = await published(admin.token, { headline: "Imported story", body: doc(paragraph("A & B <c>"), image(picture.id, { caption: "Cap" }), card(target.id)) });
    const before = await render(story.slug, "http://copydesk.test");
    const storedBefore = await storedOf(story.id);
    expect(storedBefore?.startsWith(STORED_BODY_FORMAT)).toBe(true);

    const dump = await exportJson(admin.token);
    // Derived, so not exported: the import renders it again from the body.
    expect(dump.tables.articles.every((r: Record<string, unknown>) => !("body_html" in r) && !("body_html_z" in r))).toBe(true);
    const fresh = await freshNewsroom(admin.email);
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);

    expect(await storedOf(story.id)).toBe(storedBefore);
    const after = await render(story.slug, "http://copydesk.test");
    for (const key of ["rss", "atom", "json", "list", "article"] as const) expect(after[key], key).toBe(before[key]);
  });
});
