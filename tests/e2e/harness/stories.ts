// Stories made through the editorial API from inside a signed-in page, for tests that start from one.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { pageFetch } from "./browser";
import { pngFile } from "./png";

/** A published story with a section and a byline from the demo newsroom, one paragraph per string. */
export async function publishedStory(page: Page, headline: string, paragraphs: string[]) {
  const section = (await pageFetch(page, "GET", "/sections")).json.sections[0].slug;
  const person = (await pageFetch(page, "GET", "/contributors?limit=1")).json.contributors[0].slug;
  const body = { type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) };
  const created = await pageFetch(page, "POST", "/articles", { headline, section, bylines: [{ contributor: person }], body });
  expect(created.status).toBe(201);
  const published = await pageFetch(page, "POST", `/articles/${created.json.article.id}/publish`);
  expect(published.status).toBe(200);
  return published.json.article as { id: string; slug: string; version: number };
}

/**
 * An image uploaded now, from inside a signed-in page: its id. Not "the newest in the library",
 * which depends on what earlier files did (a Ghost import leaves images that redirect to hosts a
 * test cannot reach).
 */
export async function uploadedImage(page: Page, name = "embed-test.png"): Promise<string> {
  const file = await pngFile(name);
  const res = await page.evaluate(
    async ([bytes, fileName]) => {
      const form = new FormData();
      form.append("file", new File([new Uint8Array(bytes)], fileName, { type: "image/png" }));
      form.append("alt", "Test image");
      const r = await fetch("/api/editorial/v1/media", { method: "POST", body: form });
      return { status: r.status, json: await r.json() };
    },
    [[...file.buffer], file.name] as const,
  );
  expect(res.status).toBe(201);
  return res.json.media.id as string;
}
