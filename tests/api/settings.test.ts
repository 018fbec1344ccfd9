// Site settings as an admin sets them and as readers then see them: the feeds' title, description
// and language, and the NewsArticle publisher logo, all refreshed at once through the cache.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { countingD1 } from "../../src/http/bench-hooks";
import { siteUrls } from "../../src/lib/urls";
import { loadPublishedPage } from "../../src/public/load";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";

// Storage is shared by every test in this file, so each test states the settings it relies on.
async function admin() {
  return (await tokenFor("admin")).token;
}

describe("settings: reading and validating", () => {
  it("answers defaults before anything is set, the title falling back to SITE_TITLE", async () => {
    const res = await call("GET", "/settings", { token: await admin() });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json.settings).toMatchObject({ language: expect.any(String), default_title: env.SITE_TITLE });
  });

  it("refuses each bad field with its path, and a client can never cause a 5xx", async () => {
    const token = await admin();
    const cases: [unknown, string][] = [
      [{ title: "x".repeat(201) }, "title"],
      [{ description: "x".repeat(501) }, "description"],
      [{ language: "english please" }, "language"],
      [{ language: "en-" }, "language"],
      [{ language: "a".repeat(36) }, "language"],
      [{ language: null }, "language"],
      [{ title: 7 }, "title"],
      [{ logo: { media_id: "med_nope" } }, "logo.media_id"],
      [{ logo: { media_id: "" } }, "logo.media_id"],
      [{ logo: "med_x" }, "logo"],
    ];
    for (const [body, path] of cases) {
      const res = await call("PATCH", "/settings", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe("validation_failed");
      expect(res.json.errors.map((e: any) => e.path), JSON.stringify(body)).toContain(path);
    }
  });

  it("accepts the documented maxima and BCP 47 tags, and null resets title and logo", async () => {
    const token = await admin();
    for (const language of ["en", "uk", "pt-BR", "zh-Hant-TW", "de-CH-1996", "es-419", "sr-Latn-RS", "en-x-courier"]) {
      const res = await call("PATCH", "/settings", { token, body: { language } });
      expect(res.status, language).toBe(200);
      expect(res.json.settings.language).toBe(language);
    }
    const max = await call("PATCH", "/settings", { token, body: { title: "T".repeat(200), description: "D".repeat(500), language: "a".repeat(8) } });
    expect(max.status, max.text).toBe(200);
    const reset = await call("PATCH", "/settings", { token, body: { title: null, logo: null, language: "en" } });
    expect(reset.json.settings).toMatchObject({ title: null, logo: null, language: "en", description: "D".repeat(500) });
  });
});

describe("settings: what readers see", () => {
  it("puts the title, description and language in every feed at once (the cache refreshes)", async () => {
    const token = await admin();
    await call("PATCH", "/settings", { token, body: { title: "Kyiv Courier", description: "Новини дня", language: "uk" } });
    const a = await createPublishableArticle(token, { headline: "Settings story", language: "en" });
    await call("POST", `/articles/${a.id}/publish`, { token });
    const rss = await get("/feed.xml");
    expect(rss.text).toContain("<title>Kyiv Courier</title>");
    expect(rss.text).toContain("<language>uk</language>");
    expect(rss.text).toContain("<description>Новини дня</description>");
    // The English story in a Ukrainian feed says so where the format can.
    expect(rss.text).toContain("<dc:language>en</dc:language>");
    const atom = (await get("/feed.atom")).text;
    expect(atom).toMatch(/<feed [^>]*xml:lang="uk"/);
    expect(atom).toContain('<entry xml:lang="en">');
    const json = (await get("/feed.json")).json;
    expect(json).toMatchObject({ title: "Kyiv Courier", language: "uk", description: "Новини дня" });
    expect(json.items.find((i: any) => i.title === "Settings story").language).toBe("en");
    // Google News names the publication from the same settings (each story keeps its own language).
    const news = (await get("/sitemap-news.xml")).text;
    expect(news).toContain("<news:name>Kyiv Courier</news:name><news:language>en</news:language>");

    // A change is seen on the very next request: the settings write replaced the content version.
    await call("PATCH", "/settings", { token, body: { language: "en-GB" } });
    const after = await get("/feed.xml");
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    expect(after.text).toContain("<language>en-GB</language>");
    await call("PATCH", "/settings", { token, body: { title: null, description: null, language: "en" } });
    expect((await get("/feed.xml")).text).toContain(`<title>${env.SITE_TITLE}</title>`);
  });

  it("gives the NewsArticle publisher the logo as an ImageObject with its size, and drops it when the image is deleted", async () => {
    const token = await admin();
    const logo = await uploadPng(token, { alt: "Courier logo" });
    const set = await call("PATCH", "/settings", { token, body: { logo: { media_id: logo.id } } });
    expect(set.json.settings.logo).toMatchObject({ media_id: logo.id, width: 3, height: 2 });
    const a = await createPublishableArticle(token, { headline: "Logo story" });
    const pub = await call("POST", `/articles/${a.id}/publish`, { token });
    const article = (await get(`/api/content/v1/articles/${pub.json.article.slug}`)).json.article;
    expect(article.json_ld.publisher).toEqual({
      "@type": "Organization",
      name: env.SITE_TITLE,
      url: expect.any(String),
      logo: { "@type": "ImageObject", url: expect.stringMatching(new RegExp(`/media/${logo.id}$`)), width: 3, height: 2 },
    });
    expect(JSON.parse(article.json_ld_script)).toEqual(article.json_ld);

    // The library keeps the image out of the settings once it is gone (foreign key: set null).
    await call("DELETE", `/media/${logo.id}`, { token });
    expect((await call("GET", "/settings", { token })).json.settings.logo).toBeNull();
  });
});

describe("settings: the public miss cost", () => {
  it("arrive with the page query itself: no statement of their own", async () => {
    const token = await admin();
    await call("PATCH", "/settings", { token, body: { title: "Counted Courier", language: "fr" } });
    const a = await createPublishableArticle(token);
    await call("POST", `/articles/${a.id}/publish`, { token });
    const counter = { statements: 0 };
    const page = await loadPublishedPage(createDb(countingD1(env.DB, counter)), { limit: 5 }, siteUrls(env, "http://x"));
    expect(page.settings).toMatchObject({ title: "Counted Courier", language: "fr" });
    // One for the page (nothing referenced here, so no second one); the version check makes two.
    expect(counter.statements).toBe(1);
    await call("PATCH", "/settings", { token, body: { title: null, language: "en" } });
  });
});
