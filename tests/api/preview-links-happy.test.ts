// Preview links as an editor uses them: share a draft, keep editing (the link shows each save, never
// a cached copy), publish, edit the live story in its working copy (the link shows the pending
// changes, readers still get the live story), pin a link to a revision, list and revoke.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { API, call, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

let token: string;
let article: { id: string; slug: string; version: number };
let headline: string;

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  headline = `Council weighs tram extension ${unique("h")}`;
  article = (await createPublishableArticle(token, { headline, tags: ["Transport"], body: doc(paragraph("A first draft.")) })) as any;
});

/** A link's path on this Worker (the test env sets no PREVIEW_URL_PATTERN). */
const pathOf = (url: string) => new URL(url).pathname;

async function share(body: Record<string, unknown> = {}) {
  const res = await call("POST", `/articles/${article.id}/preview-links`, { token, body: { expires_in: 3600, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { preview_link: any; token: string; url: string };
}

describe("a preview link", () => {
  it("is made with a token shown once, and a URL on the content API", async () => {
    const made = await share({ note: "For the council's press office" });
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.url).toBe(`http://copydesk.test/api/content/v1/preview/${made.token}`);
    expect(made.preview_link).toMatchObject({ article_id: article.id, revision: null, note: "For the council's press office", state: "active", revoked_at: null });
    const lifetime = Date.parse(made.preview_link.expires_at) - Date.parse(made.preview_link.created_at);
    expect(lifetime).toBe(3600_000);
    // Left out, a link lasts 7 days; the body itself may be left out.
    const byDefault = await call("POST", `/articles/${article.id}/preview-links`, { token });
    expect(byDefault.status, byDefault.text).toBe(201);
    expect(Date.parse(byDefault.json.preview_link.expires_at) - Date.parse(byDefault.json.preview_link.created_at)).toBe(7 * 86_400_000);
  });

  it("shows the draft in the content API's shape, never cached, never indexed, CORS-open", async () => {
    const made = await share();
    const res = await get(pathOf(made.url), { origin: "https://front.example" });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(res.headers.get("referrer-policy"), "nothing it links to learns the token").toBe("no-referrer");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    // Not the public cache's: it would have said hit or miss, and added an ETag.
    expect(res.headers.get("x-copydesk-cache")).toBeNull();
    expect(res.headers.get("etag")).toBeNull();
    expect(res.json.article).toMatchObject({ id: article.id, headline, published_at: null, json_ld: null, json_ld_script: null });
    expect(res.json.article.body_html).toContain("A first draft.");
    expect(res.json.preview).toEqual({ source: "article", revision: article.version, status: "draft", expires_at: made.preview_link.expires_at, embargoed_until: null });
  });

  it("shows each save at once: a second read after an edit is not a stale copy", async () => {
    const made = await share();
    expect((await get(pathOf(made.url))).json.article.dek).toBeNull();
    const current = (await call("GET", `/articles/${article.id}`, { token })).json.article;
    const edited = await call("PATCH", `/articles/${article.id}`, { token, body: { dek: "Second thoughts", version: current.version } });
    expect(edited.status, edited.text).toBe(200);
    const again = await get(pathOf(made.url));
    expect(again.json.article.dek).toBe("Second thoughts");
    expect(again.json.preview.revision).toBe(edited.json.article.version);
  });

  it("after publication, shows a live story's working copy while readers get the live one; and keeps working", async () => {
    const before = await share();
    const published = await call("POST", `/articles/${article.id}/publish`, { token });
    expect(published.status, published.text).toBe(200);
    const live = published.json.article;
    const open = await get(pathOf(before.url));
    expect(open.status).toBe(200);
    expect(open.json.preview).toMatchObject({ source: "article", status: "published" });
    expect(open.json.article.published_at).toBe(live.published_at);

    const wc = await call("PUT", `/articles/${article.id}/working-copy`, {
      token,
      headers: { "if-match": `"${live.version}"` },
      body: { headline: "Council approves tram extension", body: doc(paragraph("Approved, 31 votes to 12.")) },
    });
    expect(wc.status, wc.text).toBe(200);
    const pending = await get(pathOf(before.url));
    expect(pending.json.article.headline).toBe("Council approves tram extension");
    expect(pending.json.article.body_html).toContain("31 votes to 12");
    expect(pending.json.article.updated_at).toBe(wc.json.working_copy.updated_at);
    expect(pending.json.preview).toMatchObject({ source: "working_copy", revision: null, status: "published" });
    const readers = await get(`/api/content/v1/articles/${live.slug}`);
    expect(readers.json.article.headline).toBe(live.headline);
  });

  it("pinned to a revision, shows that version whatever was saved since", async () => {
    const pinned = await share({ revision: 1 });
    expect(pinned.preview_link.revision).toBe(1);
    const res = await get(pathOf(pinned.url));
    expect(res.json.article.headline).toBe(headline);
    expect(res.json.article.body_html).toContain("A first draft.");
    expect(res.json.article.dek).toBeNull();
    expect(res.json.preview).toMatchObject({ source: "revision", revision: 1 });
  });

  it("refuses a revision the story never had, naming it", async () => {
    const res = await call("POST", `/articles/${article.id}/preview-links`, { token, body: { expires_in: 3600, revision: 999 } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: any) => e.path)).toEqual(["revision"]);
    for (const expires_in of [299, 2_592_001, 1.5]) {
      const bad = await call("POST", `/articles/${article.id}/preview-links`, { token, body: { expires_in } });
      expect(bad.status, String(expires_in)).toBe(400);
      expect(bad.json.errors[0].path).toBe("expires_in");
    }
  });

  it("is listed newest first without its token, and revoked (idempotently) it opens nothing", async () => {
    const older = await share({ note: "older" });
    const newer = await share({ note: "newer" });
    const list = await call("GET", `/articles/${article.id}/preview-links`, { token });
    expect(list.status).toBe(200);
    const ids = list.json.preview_links.map((l: any) => l.id);
    expect(ids.indexOf(newer.preview_link.id)).toBeLessThan(ids.indexOf(older.preview_link.id));
    expect(list.text).not.toContain(newer.token);
    expect(list.json.preview_links[0]).not.toHaveProperty("token");

    expect((await call("DELETE", `/articles/${article.id}/preview-links/${older.preview_link.id}`, { token })).status).toBe(204);
    expect((await get(pathOf(older.url))).status).toBe(404);
    expect((await get(pathOf(newer.url))).status, "only that link").toBe(200);
    const after = await call("GET", `/articles/${article.id}/preview-links`, { token });
    const revoked = after.json.preview_links.find((l: any) => l.id === older.preview_link.id);
    expect(revoked.state).toBe("revoked");
    expect((await call("DELETE", `/articles/${article.id}/preview-links/${older.preview_link.id}`, { token })).status).toBe(204);
    const twice = await call("GET", `/articles/${article.id}/preview-links`, { token });
    expect(twice.json.preview_links.find((l: any) => l.id === older.preview_link.id).revoked_at, "the first revocation's time is kept").toBe(revoked.revoked_at);
    expect((await call("DELETE", `/articles/${article.id}/preview-links/pvl_unknown`, { token })).status).toBe(404);
  });
});

describe("PREVIEW_URL_PATTERN", () => {
  async function shareWith(pattern: string) {
    const ctx = createExecutionContext();
    const req = new Request(`${API}/articles/${article.id}/preview-links`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ expires_in: 600 }),
    });
    const res = await createApp().fetch(req, { ...env, PREVIEW_URL_PATTERN: pattern }, ctx);
    await waitOnExecutionContext(ctx);
    return { status: res.status, json: (await res.json()) as any };
  }

  it("points the link at the front-end's preview page, which fetches the content API's preview with the token", async () => {
    const made = await shareWith("https://news.example/preview?token={token}");
    expect(made.status).toBe(201);
    expect(made.json.url).toBe(`https://news.example/preview?token=${made.json.token}`);
    expect((await get(`/api/content/v1/preview/${made.json.token}`)).status).toBe(200);
  });

  it("without {token} would hand out links that open nothing: refused as misconfigured", async () => {
    const before = (await call("GET", `/articles/${article.id}/preview-links`, { token })).json.preview_links.length;
    const made = await shareWith("https://news.example/preview");
    expect(made.status).toBe(503);
    expect(made.json.code).toBe("misconfigured");
    expect((await call("GET", `/articles/${article.id}/preview-links`, { token })).json.preview_links.length, "no link made").toBe(before);
  });
});

describe("the editor's own preview", () => {
  it("is what a link would show now, without making one", async () => {
    const links = (await call("GET", `/articles/${article.id}/preview-links`, { token })).json.preview_links.length;
    const res = await call("GET", `/articles/${article.id}/preview`, { token });
    expect(res.status, res.text).toBe(200);
    const viaLink = await get(pathOf((await share()).url));
    expect(res.json.article).toEqual(viaLink.json.article);
    expect(res.json.preview).toEqual({ source: viaLink.json.preview.source, revision: viaLink.json.preview.revision, status: viaLink.json.preview.status });
    expect((await call("GET", `/articles/${article.id}/preview?revision=1`, { token })).json.article.headline).toBe(headline);
    const missing = await call("GET", `/articles/${article.id}/preview?revision=999`, { token });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].path).toBe("revision");
    expect((await call("GET", `/articles/${article.id}/preview-links`, { token })).json.preview_links.length).toBe(links + 1);
  });
});
