// The content document (src/public/openapi.ts) says what readers can rely on: conditional GETs on
// every cached read, a pattern for the sitemap pages, image types for /media, examples that are
// true to their own schemas — and the response check holds the public side to it strictly.
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { BASE } from "../helpers/api";
import { assertMatchesSpec } from "../helpers/contract";
import { get } from "../helpers/public";

type Op = { parameters?: { name: string; schema: { pattern?: string } }[]; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> };
type Doc = { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };

async function contentDocument() {
  const res = await get("/api/content/v1/openapi.json");
  expect(res.status).toBe(200);
  return res.json as Doc;
}

/** Objects closed, as the response check closes them: an example may not carry a field the schema lacks. */
const closed = (s: any): any => {
  if (Array.isArray(s)) return s.map(closed);
  if (!s || typeof s !== "object") return s;
  const out = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === "examples" ? v : closed(v)]));
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
};

describe("the content document", () => {
  it("declares 304 with its validators on every cached read, and image types on /media", async () => {
    const doc = await contentDocument();
    // Images and the service index (GET /) are not behind the public cache or the host check; a
    // preview link is never cached at all (checked below: no-store, no validators).
    const PREVIEW = "/api/content/v1/preview/{token}";
    // A live blog's event stream is never cached either (checked below: no-store, no validators).
    const LIVE = "/api/content/v1/articles/{slug}/live";
    const reads = Object.entries(doc.paths).filter(([path]) => !path.startsWith("/media/") && path !== "/" && path !== PREVIEW && path !== LIVE);
    expect(reads.length).toBeGreaterThan(20);
    for (const [path, { get: op }] of reads) {
      expect(Object.keys(op!.responses["304"]?.headers ?? {}), path).toEqual(expect.arrayContaining(["ETag", "Last-Modified"]));
      expect(Object.keys(op!.responses["200"]!.headers ?? {}), path).toEqual(expect.arrayContaining(["ETag", "Last-Modified"]));
      expect(op!.responses["421"], `${path}: refused under a foreign host`).toBeDefined();
    }
    const preview = doc.paths[PREVIEW]!.get!;
    expect(preview.responses["304"]).toBeUndefined();
    expect(Object.keys(preview.responses["200"]!.headers ?? {}).sort()).toEqual(["Cache-Control", "X-Robots-Tag"]);
    expect(preview.responses["421"], `${PREVIEW}: refused under a foreign host`).toBeDefined();
    const live = doc.paths[LIVE]!.get!;
    expect(live.responses["304"]).toBeUndefined();
    expect(Object.keys(live.responses["200"]!.headers ?? {})).toEqual(["Cache-Control"]);
    expect(Object.keys(live.responses["200"]!.content!)).toEqual(["text/event-stream"]);
    expect(live.responses["421"], `${LIVE}: refused under a foreign host`).toBeDefined();
    const image = doc.paths["/media/{id}"]!.get!;
    // 302: an image a Ghost import left at its original address, with that address as Location.
    // 503: the image's row is read from D1, which may not answer (database_unavailable).
    expect(Object.keys(image.responses).sort()).toEqual(["200", "302", "404", "503"]);
    expect(Object.keys(image.responses["302"]!.headers ?? {})).toEqual(["Location"]);
    expect(Object.keys(image.responses["200"]!.content!)).toEqual(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]);
  });

  it("gives the sitemap pages' regex route a parameter pattern", async () => {
    const param = (await contentDocument()).paths["/{file}"]!.get!.parameters!.find((p) => p.name === "file")!;
    const pattern = new RegExp(param.schema.pattern!);
    expect(["sitemap-1.xml", "sitemap-50000.xml"].every((f) => pattern.test(f))).toBe(true);
    expect(["sitemap.xml", "sitemap-news.xml", "sitemap-x.xml", "feed.xml"].some((f) => pattern.test(f))).toBe(false);
  });

  it("has examples (the reference article) that match their own schemas", async () => {
    const doc = await contentDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: "content", components: closed(doc.components) });
    const ref = (s: unknown) => JSON.parse(JSON.stringify(s), (k, v) => (k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `content${v}` : v));
    const withExamples = Object.entries(doc.components.schemas).filter(([, s]) => Array.isArray((s as { examples?: unknown[] }).examples));
    expect(withExamples.map(([name]) => name)).toEqual(expect.arrayContaining(["Article", "ArticleSummary"]));
    for (const [name, schema] of withExamples) {
      const validate = ajv.compile(closed(ref(schema)));
      for (const example of (schema as { examples: unknown[] }).examples) expect(validate(example), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});

describe("the response check on the public side", () => {
  const json = (status: number, body: unknown, type = "application/json") => ({ status, headers: new Headers({ "content-type": type }), text: JSON.stringify(body) });
  const tag = { slug: "a", name: "A", description: null, url: "https://news.example/tags/a", article_count: 1 };

  it("accepts a declared answer, and a 304 without a body", async () => {
    await expect(assertMatchesSpec("GET", `${BASE}/api/content/v1/tags`, json(200, { tags: [tag] }))).resolves.toBeUndefined();
    await expect(assertMatchesSpec("GET", `${BASE}/feed.xml`, { status: 304, headers: new Headers(), text: "" })).resolves.toBeUndefined();
  });

  it("refuses a field no view names, a feed item field the JSON Feed schema lacks, and an undeclared type or status", async () => {
    await expect(assertMatchesSpec("GET", `${BASE}/api/content/v1/tags`, json(200, { tags: [{ ...tag, user_id: "usr_1" }] }))).rejects.toThrow(/additional/);
    const feed = { version: "https://jsonfeed.org/version/1.1", title: "T", home_page_url: "h", feed_url: "f", description: "d", language: "en", items: [], author: { name: "x" } };
    await expect(assertMatchesSpec("GET", `${BASE}/feed.json`, json(200, feed, "application/feed+json"))).rejects.toThrow(/additional/);
    await expect(assertMatchesSpec("GET", `${BASE}/feed.xml`, { status: 200, headers: new Headers({ "content-type": "text/html" }), text: "<p>" })).rejects.toThrow(/declares no text\/html/);
    await expect(assertMatchesSpec("GET", `${BASE}/sitemap.xml`, json(404, {}, "application/problem+json"))).rejects.toThrow(/does not declare/);
    await expect(assertMatchesSpec("GET", `${BASE}/media/med_1`, json(421, {}, "application/problem+json"))).rejects.toThrow(/does not declare/);
  });
});
