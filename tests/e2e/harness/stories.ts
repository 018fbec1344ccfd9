// Stories made through the editorial API from inside a signed-in page, for tests that start from one.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { pageFetch } from "./browser";

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
