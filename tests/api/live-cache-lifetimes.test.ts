// A live blog's pending bump of the site's version is not a release: the site may lag it (README
// "Caching"), so it must not shorten every public page's lifetimes while a blog files entries. Only
// a held story's release does (README "Embargo").
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_CACHE_CONTROL } from "../../src/public/cache";
import { forgetContentVersion } from "../../src/cache/version-memo";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { fetchWith } from "../helpers/outage";
import { publishedLiveBlog } from "../helpers/live-seed";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

describe("public lifetimes while a live blog's site bump is pending", { timeout: 30_000 }, () => {
  it("stay the usual ones; a held story's release still shortens them", async () => {
    const blog = await publishedLiveBlog(token, `Count night ${crypto.randomUUID()}`);
    // The version was just replaced (the blog's publish), so an entry now leaves the bump pending.
    const res = await fetchWith(`/api/editorial/v1/articles/${blog.id}/entries`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: { body: doc(paragraph("Polls close")), status: "published" },
    });
    expect(res.status).toBe(201);
    const state = await env.DB.prepare("SELECT due_at FROM site_state WHERE key = 'content'").first<{ due_at: string | null }>();
    expect(state!.due_at).not.toBeNull();
    for (const path of ["/feed.json", "/api/content/v1/tags"]) {
      expect((await fetchWith(path)).headers.get("cache-control"), path).toBe(PUBLIC_CACHE_CONTROL);
    }

    // A story held to a minute from now: its release does shorten them.
    const held = await createPublishableArticle(token);
    const at = new Date(Date.now() + 60_000).toISOString();
    expect((await call("POST", `/articles/${held.id}/schedule`, { token, body: { at } })).status).toBe(200);
    forgetContentVersion();
    expect((await fetchWith("/feed.json")).headers.get("cache-control")).toMatch(/^public, max-age=\d+, s-maxage=\d+$/);
  });
});
