// How many D1 statements an editorial save costs beside its one batch (docs/performance.md §5): the
// token, the article, the references the input names, and the response's cards and images. The
// answer is built from what the batch wrote, so no reload. Counted the bench's way (countingD1,
// which records batched statements apart), through the Worker as a client calls it.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { countingD1 } from "../../src/http/bench-hooks";
import { API, call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph, uploadPng } from "../helpers/newsroom";

let token: string;

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  // The token's last_used_at is written on first use and then at most every 5 minutes: spent here,
  // so the counts below are those of every other save.
  expect((await call("GET", "/articles?limit=1", { token })).status).toBe(200);
});

/** One request through the Worker, its statements counted: all of them, and those inside batches. */
async function counted(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const counter = { statements: 0, batched: 0 };
  const ctx = createExecutionContext();
  const json = body === undefined ? undefined : JSON.stringify(body);
  // Called directly (not through a socket), a Request gets no Content-Length of its own: an optional body would read as left out.
  const sized: Record<string, string> = json === undefined ? {} : { "content-type": "application/json", "content-length": String(new TextEncoder().encode(json).length) };
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...sized, ...headers }, ...(json !== undefined && { body: json }) };
  const res = await createApp().fetch(new Request(`${API}${path}`, init), { ...env, DB: countingD1(env.DB, counter) }, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  return { status: res.status, text, batched: counter.batched, beyond: counter.statements - counter.batched };
}

/** A story whose answer needs the references statement: a related card and an image in its body. */
async function richStory() {
  const related = await createPublishableArticle(token);
  const image = await uploadPng(token);
  const body = doc(paragraph("Opening."), { type: "image", attrs: { media_id: image.id, alt: "A photo", caption: null, credit: null } });
  return createPublishableArticle(token, { body, related: [{ article_id: related.id }], featured_image: { media_id: image.id }, tags: ["Harbour"] });
}

describe("an editorial save reads no more than it must", () => {
  it("a whole-article PATCH: one batch and at most 4 statements beside it (token, article, references, cards)", async () => {
    const a = await richStory();
    const res = await counted("PATCH", `/articles/${a.id}`, { headline: "Saved whole", dek: "A dek", tags: ["Harbour", `New ${Date.now()}`] }, { "if-match": `"${a.version}"` });
    expect(res.status, res.text).toBe(200);
    expect(res.batched).toBeGreaterThan(5);
    expect(res.beyond).toBeLessThanOrEqual(4);
  });

  it("publish, schedule and unpublish: at most 3 beside the batch (token, article, cards)", async () => {
    const a = await richStory();
    const published = await counted("POST", `/articles/${a.id}/publish`);
    expect(published.status, published.text).toBe(200);
    expect(published.beyond).toBeLessThanOrEqual(3);
    const unpublished = await counted("POST", `/articles/${a.id}/unpublish`);
    expect(unpublished.status, unpublished.text).toBe(200);
    expect(unpublished.beyond).toBeLessThanOrEqual(3);
    const scheduled = await counted("POST", `/articles/${a.id}/schedule`, { at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(scheduled.beyond).toBeLessThanOrEqual(3);
  });

  it("update live from a working copy: at most 3 beside the batch; a draft's restore at most 5 (it reads the revision and its names)", async () => {
    const a = await richStory();
    const live = await call("POST", `/articles/${a.id}/publish`, { token });
    const copy = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": `"${live.json.article.version}"` }, body: { headline: "From the copy" } });
    expect(copy.status, copy.text).toBe(200);
    const updated = await counted("POST", `/articles/${a.id}/working-copy/publish`, undefined, { "if-match": copy.headers.get("etag")! });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.beyond).toBeLessThanOrEqual(3);
    const draft = await call("POST", `/articles/${a.id}/unpublish`, { token });
    const restored = await counted("POST", `/articles/${a.id}/revisions/1/restore`, undefined, { "if-match": `"${draft.json.article.version}"` });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.beyond).toBeLessThanOrEqual(5);
  });

  it("create: at most 3 beside the batch (token, references with the derived slug's neighbours, cards)", async () => {
    const image = await uploadPng(token);
    const body = doc(paragraph("Opening."), { type: "image", attrs: { media_id: image.id, alt: "A photo", caption: null, credit: null } });
    const headline = `Counted ${Date.now()}`;
    const first = await counted("POST", "/articles", { headline, body, tags: [`Fresh ${Date.now()}`] });
    expect(first.status, first.text).toBe(201);
    expect(first.beyond).toBeLessThanOrEqual(3);
    // The same headline again: the slugs it could clash with came in that one statement too.
    const second = await counted("POST", "/articles", { headline, body });
    expect(second.status, second.text).toBe(201);
    expect(JSON.parse(second.text).article.slug).toBe(`${JSON.parse(first.text).article.slug}-2`);
    expect(second.beyond).toBeLessThanOrEqual(3);
  });
});
