// A live blog's page is keyed by the content version and the blog's token. On an isolate that keeps
// neither (a cold one, or past VERSION_BOUND_MS) the request reads both in one statement
// (readVersionAndBlogToken), not the version and then the token, and keeps both for the bound.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { countingD1 } from "../../src/http/bench-hooks";
import { tokenFor } from "../helpers/api";
import { publishedLiveBlog } from "../helpers/live-seed";
import { doc, paragraph } from "../helpers/newsroom";
import { advanceClock, fetchWith, freezeClock } from "../helpers/outage";

let auth: Record<string, string>;
let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  auth = { authorization: `Bearer ${token}` };
});

const pagesOf = (slug: string) => [`/api/content/v1/articles/${slug}`, `/api/content/v1/articles/${slug}/entries`, `/articles/${slug}/feed.json`];
const cacheState = (r: { headers: Headers }) => r.headers.get("x-copydesk-cache");

describe("a live blog's page on an isolate that keeps nothing", { timeout: 20_000 }, () => {
  it("reads the content version and the blog's token in one statement, and keeps both", async () => {
    const blog = await publishedLiveBlog(token, `Night desk ${crypto.randomUUID()}`);
    const pages = pagesOf(blog.slug);
    freezeClock();
    for (const p of [...pages, "/feed.json"]) await fetchWith(p);
    advanceClock(VERSION_BOUND_MS);
    const counter = { statements: 0 };
    const db = countingD1(env.DB, counter);
    expect(cacheState(await fetchWith(pages[0]!, { db }))).toBe("hit");
    expect(counter.statements).toBe(1);
    // Both kept: the blog's other pages, and the site's, read nothing more within the bound.
    for (const p of [...pages.slice(1), "/feed.json"]) expect(cacheState(await fetchWith(p, { db })), p).toBe("hit");
    expect(counter.statements).toBe(1);
  });

  it("reads a token as new as the version: an entry filed meanwhile makes the page miss", async () => {
    const blog = await publishedLiveBlog(token, `Night desk ${crypto.randomUUID()}`);
    const [page] = pagesOf(blog.slug);
    freezeClock();
    await fetchWith(page!);
    const text = `Filed meanwhile ${crypto.randomUUID()}`;
    const filed = await fetchWith(`/api/editorial/v1/articles/${blog.id}/entries`, { method: "POST", headers: auth, body: { body: doc(paragraph(text)), status: "published" } });
    expect(filed.status, filed.text).toBe(201);
    advanceClock(VERSION_BOUND_MS);
    const after = await fetchWith(page!);
    expect(cacheState(after)).toBe("miss");
    expect(after.text).toContain(text);
  });
});
