// D1 allows 50 queries per Worker request (a batch's statements each count). A chunk of CHUNK_SIZE
// posts in its most expensive form — every post an update of a published, featured story with
// bylines, tags and images, and the request's full share of image fetches — must fit. Counted at
// the D1 binding, so nothing the domain does can slip past the count.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_BY } from "../../src/audit/record";
import { createDb } from "../../src/db/client";
import { CHUNK_SIZE, type GhostPostBundle } from "../../src/ghost/export-file";
import { finishImport, importPosts, startImport } from "../../src/ghost/import";
import { MAX_FETCHES } from "../../src/ghost/import/images";
import { siteUrls } from "../../src/lib/urls";
import { deflateWithCompressionStream, encodeSolidPng } from "../../src/media/png-encode";

const D1_QUERIES_PER_REQUEST = 50;

/** The D1 binding, counting every statement that reaches the database. */
function countingD1(d1: D1Database) {
  const counter = { n: 0 };
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args));
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") {
          return (...args: unknown[]) => {
            counter.n++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, stmt);
    return proxy;
  };
  const db = new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (q: string) => wrap(target.prepare(q));
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          counter.n += stmts.length;
          return target.batch(stmts.map((s) => real.get(s) ?? s));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: createDb(db), counter };
}

const SITE = "https://budget.example";
const img = (name: string) => ({ type: "image", version: 1, src: `__GHOST_URL__/content/images/${name}.png`, alt: name, caption: "", width: 8, height: 6 });

function bundle(n: number, title: string): GhostPostBundle {
  const images = [img(`b${n}-1`), img(`b${n}-2`)];
  return {
    post: {
      id: `budget-post-${n}`, uuid: `budget-uuid-${n}`, title, slug: `budget-post-${n}`, status: "published",
      lexical: JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [{ type: "extended-text", text: `${title} body`, format: 0 }] }, ...images] } }),
      mobiledoc: null, html: null, feature_image: `__GHOST_URL__/content/images/feature-${n}.png`, featured: true, visibility: "public",
      custom_excerpt: "Summary", canonical_url: null, created_at: "2024-05-01 09:00:00", updated_at: `2024-05-0${n + 1} 09:00:00`,
      published_at: "2024-05-01 09:00:00", codeinjection_head: null, codeinjection_foot: null,
    },
    meta: { feature_image_alt: "Alt", feature_image_caption: "A caption. Photo: Someone", meta_title: "SEO", meta_description: "Desc" },
    authors: ["budget-u1", "budget-u2", "budget-u3"],
    tags: ["budget-t1", "budget-t2", "budget-t3", "budget-t4"],
  };
}

let png: Uint8Array;
const fetcher = async () => new Response(png, { headers: { "content-type": "image/png" } });
const deps = () => ({ bucket: env.MEDIA, fetcher, allowPrivate: false });

beforeAll(async () => {
  png = await encodeSolidPng(8, 6, [1, 2, 3], deflateWithCompressionStream);
});

describe("one chunk within D1's 50 queries per request", () => {
  it("holds for CHUNK_SIZE new posts, and for the same posts updated with images still to fetch", async () => {
    const plain = createDb(env.DB);
    const plan = {
      options: { site_url: SITE, section_from: "primary-tag" as const, section_map: {}, default_section: null, fetch_images: true },
      users: [1, 2, 3].map((n) => ({ id: `budget-u${n}`, name: `Budget Person ${n}`, slug: `budget-person-${n}`, bio: null, website: null, profile_image: null })),
      tags: [1, 2, 3, 4].map((n) => ({ id: `budget-t${n}`, name: `Budget ${n}`, slug: `budget-${n}`, description: null, visibility: "public" as const })),
      posts: Array.from({ length: CHUNK_SIZE }, (_, n) => ({ id: `budget-post-${n}`, uuid: `budget-uuid-${n}`, slug: `budget-post-${n}` })),
    };
    const first = await startImport(plain, plan, null, new Date(), SYSTEM_BY);

    const created = countingD1(env.DB);
    const out = await importPosts(created.db, first, Array.from({ length: CHUNK_SIZE }, (_, n) => bundle(n, `Budget story ${n}`)), deps(), null);
    expect(out.results.map((r) => r.outcome)).toEqual(Array(CHUNK_SIZE).fill("created"));
    expect(created.counter.n).toBeLessThanOrEqual(D1_QUERIES_PER_REQUEST);
    // Nine images, MAX_FETCHES fetched: the rest wait, so the next run has fetches to do as well.
    expect(out.notes.filter((n) => n.code === "image_not_fetched").length).toBe(3 * CHUNK_SIZE - MAX_FETCHES);

    const second = await startImport(plain, plan, null, new Date(), SYSTEM_BY);
    const updated = countingD1(env.DB);
    const again = await importPosts(updated.db, second, Array.from({ length: CHUNK_SIZE }, (_, n) => bundle(n, `Budget story ${n}, updated`)), deps(), null);
    expect(again.results.map((r) => r.outcome)).toEqual(Array(CHUNK_SIZE).fill("updated"));
    expect(updated.counter.n).toBeLessThanOrEqual(D1_QUERIES_PER_REQUEST);
    // The count is real: an update chunk is far from free.
    expect(updated.counter.n).toBeGreaterThan(3 * CHUNK_SIZE);

    const finishing = countingD1(env.DB);
    await finishImport(finishing.db, second, siteUrls({ PUBLIC_SITE_URL: "https://news.example", ARTICLE_URL_PATTERN: "" }, "https://api.example/"), new Date(), SYSTEM_BY);
    expect(finishing.counter.n).toBeLessThanOrEqual(D1_QUERIES_PER_REQUEST);
  }, 60_000);
});
