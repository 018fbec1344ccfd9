// Builders for the newsroom's furniture: sections, people, desks and articles through the API.
import { call, unique } from "./api";

export async function createSection(token: string, name = "World") {
  const res = await call("POST", "/sections", { token, body: { name, slug: unique("section") } });
  if (res.status !== 201) throw new Error(`section: ${res.status} ${res.text}`);
  return res.json.section as { id: string; slug: string; name: string };
}

export async function createContributor(token: string, kind: "person" | "organization", name: string, extra: Record<string, unknown> = {}) {
  const res = await call("POST", "/contributors", { token, body: { kind, name, slug: unique("ctb"), ...extra } });
  if (res.status !== 201) throw new Error(`contributor: ${res.status} ${res.text}`);
  return res.json.contributor as { id: string; slug: string; name: string; kind: string };
}

export const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
export const doc = (...content: unknown[]) => ({ type: "doc", content });

export async function createArticle(token: string, body: Record<string, unknown> = {}) {
  const res = await call("POST", "/articles", {
    token,
    body: { headline: `Story ${unique("h")}`, body: doc(paragraph("First paragraph.")), ...body },
  });
  if (res.status !== 201) throw new Error(`article: ${res.status} ${res.text}`);
  return res.json.article as Record<string, any> & { id: string; version: number };
}

/** A section and a byline, so the article can be published. */
export async function createPublishableArticle(token: string, body: Record<string, unknown> = {}) {
  const section = await createSection(token);
  const person = await createContributor(token, "person", "Test Reporter");
  return createArticle(token, { section: section.slug, bylines: [{ contributor: person.slug }], ...body });
}

/** Schedules the article an hour ahead; returns the answer (its article) and the instant. */
export async function scheduleInAnHour(token: string, id: string) {
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const res = await call("POST", `/articles/${id}/schedule`, { token, body: { at } });
  if (res.status !== 200) throw new Error(`schedule: ${res.status} ${res.text}`);
  return { at, article: res.json.article };
}

export async function uploadPng(token: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new File([tinyPng()], "photo.png", { type: "image/png" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await call("POST", "/media", { token, body: form });
  if (res.status !== 201) throw new Error(`media: ${res.status} ${res.text}`);
  return res.json.media as { id: string; width: number; height: number; url: string };
}

/** A valid 3×2 PNG, built by hand so the test needs no fixture file. */
export function tinyPng(): Uint8Array {
  const b64 = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8DAwMDAwMDAAAAXAAH+tKDdAAAAAElFTkSuQmCC";
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
