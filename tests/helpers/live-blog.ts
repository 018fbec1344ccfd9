// What the live-blog write tests share: site URLs for calling the domain below the routes, a blog
// made live through the editorial API, and reads of what a write left (its change rows, its events).
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { SiteUrls } from "../../src/lib/urls";
import { call } from "./api";
import { createPublishableArticle } from "./newsroom";

/** URLs for domain calls made without a request (entries' readers' payloads name them). */
export const TEST_URLS: SiteUrls = {
  article: (_section: string | null, slug: string) => `https://site.test/${slug}`,
  media: (id: string) => `https://site.test/m/${id}`,
  contributor: (s: string) => s,
  section: (s: string) => s,
  tag: (s: string) => s,
  home: "https://site.test/",
  origin: "https://api.test",
};

/** A story made a live blog through `PUT /live` (published first unless told otherwise). */
export async function liveBlog(token: string, opts: { publish?: boolean } = {}) {
  const story = await createPublishableArticle(token);
  if (opts.publish !== false) expect((await call("POST", `/articles/${story.id}/publish`, { token })).status).toBe(200);
  const res = await call("PUT", `/articles/${story.id}/live`, { token, body: { kind: "live" } });
  expect(res.status, res.text).toBe(200);
  return { id: story.id as string, slug: story.slug as string };
}

export const entriesPath = (blog: string) => `/articles/${blog}/entries`;

export interface ChangeRow {
  seq: number;
  public_seq: number | null;
  entry_id: string | null;
  type: string;
  public_type: string | null;
  payload: string;
  public_payload: string | null;
}

/** The blog's change log as stored, in desk order. */
export async function changeRows(blog: string): Promise<ChangeRow[]> {
  const sql = "SELECT seq, public_seq, entry_id, type, public_type, payload, public_payload FROM live_changes WHERE article_id = ? ORDER BY seq";
  return (await env.DB.prepare(sql).bind(blog).all<ChangeRow>()).results;
}

/** The blog's article.updated outbox events, oldest first, as their data. */
export async function updatedEvents(blog: string) {
  const sql = "SELECT data FROM outbox_events WHERE subject_id = ? AND type = 'article.updated' ORDER BY created_at, rowid";
  return (await env.DB.prepare(sql).bind(blog).all<{ data: string }>()).results.map((r) => JSON.parse(r.data));
}
