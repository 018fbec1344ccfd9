// publicArticleOf turns any version of a story (live, working copy, revision) into what the public
// loader gives readers. Webhook payloads and preview links rely on it showing a published story
// EXACTLY as the content API does: so it is compared with the content API's own answer, on a story
// with everything that differs between the two read paths (an internal tag, an avatar, a featured
// image, a related card of a published story, and one of a draft that readers must not see).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArticle, recordWithContent, toContent } from "../../src/articles/load";
import { publicArticleOf } from "../../src/public/from-record";
import { toArticleFull } from "../../src/public/views";
import { effectiveSettings, loadSettings } from "../../src/editorial/settings/domain";
import { siteUrls } from "../../src/lib/urls";
import { BASE, call, db, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor, createSection, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";

const urls = siteUrls(env, BASE);
let token: string;
let article: { id: string; slug: string };
let draftRelated: { id: string; headline: string };
const internalTag = `#desk-${unique("n")}`;

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  const section = await createSection(token, "World");
  const avatar = await uploadPng(token, { alt: "portrait" });
  const reporter = await createContributor(token, "person", "Ilona Marchuk", { job_title: "Staff reporter", avatar_media_id: avatar.id });
  const desk = await createContributor(token, "organization", "Courier news desk");
  const publishedRelated = await createArticle(token, { headline: "Welders wanted", section: section.slug, bylines: [{ contributor: desk.slug }] });
  expect((await call("POST", `/articles/${publishedRelated.id}/publish`, { token })).status).toBe(200);
  draftRelated = (await createArticle(token, { headline: `Unpublished ${unique("d")}` })) as any;
  const image = await uploadPng(token, { alt: "library alt" });
  const created = await createArticle(token, {
    section: section.slug,
    tags: ["Ukraine", internalTag, "Air Defence"],
    bylines: [{ contributor: reporter.slug, role: "Additional reporting" }, { contributor: desk.slug }],
    body: doc(paragraph("Opening & <escaped>."), { type: "relatedCard", attrs: { article_id: publishedRelated.id } }, { type: "relatedCard", attrs: { article_id: draftRelated.id } }),
    featured_image: { media_id: image.id, alt: "", caption: "A caption", credit: "A credit" },
    related: [{ article_id: publishedRelated.id }, { article_id: draftRelated.id }, { url: "https://example.org/x", title: "Elsewhere", summary: null, source: "Wire" }],
  });
  const published = await call("POST", `/articles/${created.id}/publish`, { token });
  expect(published.status, published.text).toBe(200);
  article = published.json.article;
});


describe("publicArticleOf", () => {
  it("gives a published story exactly as the content API does (share metadata and JSON-LD too)", async () => {
    const api = await get(`/api/content/v1/articles/${article.slug}`);
    expect(api.status).toBe(200);
    const rec = (await loadArticle(db(), { id: article.id }))!;
    // The route builds share and json_ld from the site's settings: so does this, from the same row.
    const site = effectiveSettings(await loadSettings(db()), env);
    const ours = toArticleFull(await publicArticleOf(db(), rec, urls), urls, site);
    expect(JSON.parse(JSON.stringify(ours))).toEqual(api.json.article);
    // What the comparison is about: these differ between the editorial record and the public shape.
    expect(ours.tags.map((t) => t.name)).toEqual(["Ukraine", "Air Defence"]);
    expect(ours.bylines[0]!.avatar).toMatch(/\/media\//);
    expect(ours.featured_image?.mime_type).toBe("image/png");
    expect(ours.related.map((r) => (r.type === "article" ? r.headline : r.title))).toEqual(["Welders wanted", "Elsewhere"]);
    expect(ours.body_html).toContain("Welders wanted");
    expect(ours.body_html).not.toContain(draftRelated.headline);
    expect(JSON.stringify(ours)).not.toContain(internalTag.slice(1));
  });

  it("shows another version's content (a record with that content), with its own tags resolved", async () => {
    const rec = (await loadArticle(db(), { id: article.id }))!;
    const content = { ...toContent(rec), headline: "A rewritten headline", tag_ids: [...rec.tags.map((t) => t.id)].reverse() };
    const pub = await publicArticleOf(db(), await recordWithContent(db(), rec, content), urls);
    expect(pub.row.headline).toBe("A rewritten headline");
    expect(pub.tags.map((t) => t.name)).toEqual(["Air Defence", "Ukraine"]);
  });
});
