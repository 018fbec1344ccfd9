// Images of a Ghost import: with fetch_images they are copied into R2 from a local HTTP server (the
// vitest globalSetup in tests/helpers/ghost-image-server.ts; never the internet), checked as images,
// a bounded number per request, resumed by a re-run; without it they stay where they were and
// /media/{id} answers 302 there. In production, private and loopback targets are refused unfetched.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { articles, media } from "../../src/db/schema";
import { fetchImageBytes, refusedTarget } from "../../src/ghost/import/fetch-image";
import { BASE, db } from "../helpers/api";
import { ghostReport, importGhost, type GhostImportRun } from "../helpers/ghost";
import { fetchChecked } from "../helpers/public";

const server = inject("ghostImageServer");

const image = (src: string, alt: string) => ({ type: "image", version: 1, src, alt, caption: "", width: 8, height: 6, cardWidth: "regular" });
const lexical = (...children: object[]) =>
  JSON.stringify({ root: { type: "root", version: 1, children: [{ type: "paragraph", version: 1, children: [{ type: "extended-text", version: 1, text: "Words.", format: 0 }] }, ...children] } });

/** A two-post Ghost export whose images live on `server`: good ones, an HTML page, a 404 and a redirect. */
function exportWithImages(prefix: string, feature: (n: number) => string, bodies: string[][]) {
  const posts = bodies.map((srcs, n) => ({
    id: `${prefix}${n}`.padEnd(24, "0"), uuid: `${prefix}-uuid-${n}`, title: `Pictures ${prefix} ${n}`, slug: `pictures-${prefix}-${n}`, type: "post", status: "published",
    lexical: lexical(...srcs.map((s, i) => image(s, `Picture ${i}`))), mobiledoc: null, html: "<p>Words.</p>", feature_image: feature(n), featured: 0,
    created_at: "2024-03-01 10:00:00", updated_at: "2024-03-01 10:00:00", published_at: "2024-03-01 10:00:00",
  }));
  return {
    db: [{
      meta: { version: "5.130.6" },
      data: {
        posts,
        posts_authors: posts.map((p) => ({ post_id: p.id, author_id: `${prefix}-author`, sort_order: 0 })),
        users: [{ id: `${prefix}-author`, name: "Pat Lens", slug: `pat-lens-${prefix}`, email: "pat@example.org", password: "$2a$10$x" }],
        posts_meta: posts.map((p) => ({ post_id: p.id, feature_image_alt: "The quay at dawn", feature_image_caption: "The quay. Photo: Pat Lens" })),
      },
    }],
  };
}

async function mediaOf(articleId: string) {
  const row = await db().select().from(articles).where(eq(articles.id, articleId)).get();
  const body = row!.body as { content: { type: string; attrs?: { media_id?: string } }[] };
  return { featured: row!.featuredMediaId!, body: body.content.filter((n) => n.type === "image").map((n) => n.attrs!.media_id!) };
}

const served = (id: string) => fetchChecked(new Request(`${BASE}/media/${id}`, { redirect: "manual" }));

describe("fetch_images", () => {
  let run: GhostImportRun;
  let first: { featured: string; body: string[] };
  let second: { featured: string; body: string[] };
  const exp = exportWithImages("f", (n) => (n === 0 ? "__GHOST_URL__/content/images/2024/01/harbour.png" : `${server}/moved/2024/02/boat.png`), [
    ["__GHOST_URL__/content/images/2024/01/quay.jpg", "__GHOST_URL__/content/images/not-an-image.jpg"],
    ["__GHOST_URL__/content/images/missing.jpg"],
  ]);

  beforeAll(async () => {
    run = await importGhost(exp, { options: { site_url: server, fetch_images: true }, chunkSize: 2 });
    first = await mediaOf(run.results[0].article_id);
    second = await mediaOf(run.results[1].article_id);
  }, 60_000);

  it("copies images into our storage: served from here, with the type read from the bytes", async () => {
    for (const id of [first.featured, first.body[0]!]) {
      const res = await served(id);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const row = await db().select().from(media).where(eq(media.id, id)).get();
      expect(row).toMatchObject({ sourceUrl: null, mimeType: "image/png", width: 8, height: 6 });
    }
  });

  it("refuses what is not an image, leaves what cannot be fetched at its address, and says so per post", async () => {
    const report = await ghostReport(run);
    const codes = (slug: string) => report.notes.filter((n: any) => n.slug === slug).map((n: any) => `${n.code} ${n.message}`);
    expect(codes("pictures-f-0").some((c: string) => c.startsWith("image_refused") && c.includes("not-an-image.jpg"))).toBe(true);
    expect(codes("pictures-f-1").some((c: string) => c.startsWith("image_not_fetched") && c.includes("missing.jpg") && c.includes("404"))).toBe(true);
    const refused = await served(first.body[1]!);
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toBe(`${server}/content/images/not-an-image.jpg`);
  });

  it("fetches at most 4 images per request; a re-run fetches the rest into the same media ids", async () => {
    // Five images in one chunk: the fifth (the redirected feature image) waits for the next run.
    expect((await served(second.featured)).status).toBe(302);
    const report = await ghostReport(run);
    expect(report.notes.some((n: any) => n.code === "image_not_fetched" && n.message.includes("boat.png") && n.message.includes("at most 4"))).toBe(true);

    const again = await importGhost(exp, { options: { site_url: server, fetch_images: true }, chunkSize: 2, token: run.token });
    expect(again.finished.counts.posts.unchanged).toBe(2);
    const res = await served(second.featured);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect((await mediaOf(run.results[1].article_id)).featured).toBe(second.featured);
  }, 60_000);
});

describe("without fetch_images", () => {
  it("leaves every image at its address: /media/{id} redirects there", async () => {
    const exp = exportWithImages("x", () => "https://images.example/2024/03/ferry.jpg", [["https://images.example/2024/03/deck.webp"]]);
    const run = await importGhost(exp, { options: { site_url: "https://old.example" } });
    const m = await mediaOf(run.results[0].article_id);
    for (const [id, url, mime] of [[m.featured, "https://images.example/2024/03/ferry.jpg", "image/jpeg"], [m.body[0]!, "https://images.example/2024/03/deck.webp", "image/webp"]]) {
      const res = await served(id!);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(url);
      const row = await db().select().from(media).where(eq(media.id, id!)).get();
      expect(row).toMatchObject({ sourceUrl: url, size: 0, mimeType: mime });
    }
    expect(run.finished.counts.media.created).toBe(2);
  });
});

describe("in production", () => {
  it("refuses private, loopback and link-local targets before fetching anything", async () => {
    for (const url of ["http://127.0.0.1/x.png", "http://10.1.2.3/x.png", "http://169.254.169.254/latest", "http://192.168.1.1/a.jpg", "http://[::1]/a.png", "http://[::ffff:127.0.0.1]/a.png", "http://localhost:8080/a.png", "ftp://images.example/a.png"]) {
      expect(refusedTarget(url, false), url).not.toBeNull();
    }
    expect(refusedTarget("https://images.example/a.png", false)).toBeNull();
    const never = () => Promise.reject(new Error("must not fetch"));
    expect(await fetchImageBytes(never, `${server}/content/images/a.png`, false)).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused/) });
    // A public host redirecting to a private one is refused at the hop.
    const hop = async () => new Response(null, { status: 302, headers: { location: "http://127.0.0.1/secret.png" } });
    expect(await fetchImageBytes(hop, "https://images.example/a.png", false)).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused/) });
  });
});
