// A chunk of posts is idempotent and safe to send alongside others: the CLI re-sends a chunk whose
// response was lost, and both clients send several chunks at once. Counts, progress and notes are
// per post (first outcome wins), so neither a re-send nor concurrency may change or lose them.
import { beforeAll, describe, expect, it } from "vitest";
import type { GhostPostBundle } from "../../src/ghost/export-file";
import { call, tokenFor } from "../helpers/api";

let admin: string;

// Each post: its own feature image (one media row), a caption with a credit (one credit_split note),
// and the same primary tag, so chunks sent at once all want to create the same section.
const bundle = (run: string, n: number): GhostPostBundle => ({
  post: {
    id: `${run}-p${n}`, uuid: `${run}-uuid-${n}`, title: `${run} post ${n}`, slug: `${run}-post-${n}`, status: "published", lexical: null, mobiledoc: null,
    html: `<p>Story ${n}.</p>`, feature_image: `__GHOST_URL__/content/images/${run}-${n}.jpg`, featured: n % 2 === 0, visibility: "public",
    custom_excerpt: null, canonical_url: null, created_at: "2024-01-01 10:00:00", updated_at: "2024-01-01 10:00:00",
    published_at: "2024-01-01 10:00:00", codeinjection_head: null, codeinjection_foot: null,
  },
  meta: { feature_image_alt: "Alt", feature_image_caption: "A view. Photo: Someone", meta_title: null, meta_description: null },
  authors: [`${run}-u1`],
  tags: [`${run}-t1`],
});

async function start(run: string, count: number) {
  const res = await call("POST", "/imports/ghost", {
    token: admin,
    body: {
      options: { site_url: "https://old.example", section_from: "primary-tag" },
      users: [{ id: `${run}-u1`, name: `${run} Writer`, slug: `${run}-writer` }],
      tags: [{ id: `${run}-t1`, name: `${run} Desk`, slug: `${run}-desk` }],
      posts: Array.from({ length: count }, (_, n) => ({ id: `${run}-p${n}`, uuid: `${run}-uuid-${n}`, slug: `${run}-post-${n}` })),
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.json.import.id as string;
}

const send = (id: string, posts: GhostPostBundle[]) => call("POST", `/imports/ghost/${id}/posts`, { token: admin, body: { posts } });
const report = async (id: string) => (await call("GET", `/imports/ghost/${id}/report`, { token: admin })).json;

beforeAll(async () => {
  admin = (await tokenFor("admin")).token;
});

describe("a chunk sent again", () => {
  it("changes no count and adds no note", async () => {
    const id = await start("resend", 6);
    const chunk = [0, 1, 2].map((n) => bundle("resend", n));
    const first = await send(id, chunk);
    expect(first.status, first.text).toBe(200);
    const before = await report(id);
    expect(before.import.processed_posts).toBe(3);
    expect(before.import.counts.posts.created).toBe(3);
    expect(before.import.counts.media.created).toBe(3);
    expect(before.notes.filter((n: { code: string }) => n.code === "credit_split")).toHaveLength(3);

    // The response was "lost": the same chunk again. Its posts are unchanged now, but the import
    // already counted them as created, and that stands.
    const again = await send(id, chunk);
    expect(again.status, again.text).toBe(200);
    expect(again.json.results.map((r: { outcome: string }) => r.outcome)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(again.json.import.processed_posts).toBe(3);
    expect(again.json.import.counts).toEqual(before.import.counts);
    const after = await report(id);
    expect(after.notes_total).toBe(before.notes_total);
    expect(after.notes).toEqual(before.notes);
  });
});

describe("chunks sent at once", () => {
  it("count every post exactly once and import them all", async () => {
    const id = await start("concur", 9);
    const chunks = [0, 1, 2].map((c) => [0, 1, 2].map((n) => bundle("concur", c * 3 + n)));
    const answers = await Promise.all(chunks.map((posts) => send(id, posts)));
    for (const a of answers) expect(a.status, a.text).toBe(200);

    const ids = answers.flatMap((a) => a.json.results.map((r: { article_id: string | null }) => r.article_id));
    expect(new Set(ids.filter(Boolean)).size).toBe(9);
    const r = await report(id);
    expect(r.import.processed_posts).toBe(9);
    expect(r.import.counts.posts).toEqual({ created: 9, updated: 0, unchanged: 0, skipped: 0 });
    expect(r.import.counts.media.created).toBe(9);
    // One "concur-desk" section, whichever chunk made it, and every post in it.
    expect(r.import.counts.sections.created).toBe(1);
    expect(r.notes.filter((n: { code: string }) => n.code === "credit_split")).toHaveLength(9);
    expect(r.notes.filter((n: { code: string }) => n.code === "no_section")).toHaveLength(0);

    for (const articleId of ids) {
      const a = await call("GET", `/articles/${articleId}`, { token: admin });
      expect(a.status, a.text).toBe(200);
    }
    const finished = await call("POST", `/imports/ghost/${id}/finish`, { token: admin });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.json.import.counts.posts.created).toBe(9);
  });
});
