// An import is no way around the editorial API's rules: every row is checked as it arrives, and a
// refusal names the field as the file spells it. Also: size limits hold for chunked uploads.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { API, call, tokenFor } from "../helpers/api";
import { fetchChecked } from "../helpers/public";
import { createArticle, createContributor, createSection, uploadPng } from "../helpers/newsroom";
import { bucketKeys, chunked, exportJson, freshNewsroom } from "../helpers/newsroom-dump";

let base: any;
let token: string;

// One small export (an article with a related link and audio, a contributor, an image); each case
// damages a copy of it and imports into the same empty newsroom, which every refusal leaves empty.
beforeAll(async () => {
  const a = await freshNewsroom();
  const section = await createSection(a.token);
  const person = await createContributor(a.token, "person", "Valid Person");
  const image = await uploadPng(a.token, { alt: "x" });
  await createArticle(a.token, {
    headline: "Valid",
    tags: ["Valid tag"],
    section: section.slug,
    bylines: [{ contributor: person.slug }],
    featured_image: { media_id: image.id },
    related: [{ url: "https://example.org/x", title: "Elsewhere", summary: null, source: null }],
    audio: { url: "https://audio.example.org/a.mp3", disclosure: null },
  });
  base = await exportJson(a.token);
  const fresh = await freshNewsroom(a.email);
  await env.MEDIA.delete(await bucketKeys());
  token = fresh.token;
});

const copy = () => structuredClone(base);
const paths = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => e.path);

async function refused(dump: unknown) {
  const res = await call("POST", "/import", { token, body: dump });
  expect(res.status, res.text).toBe(400);
  expect(await bucketKeys()).toEqual([]);
  return res;
}

// Whole-newsroom imports on a shared machine: a generous time limit (no test asserts speed).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe("import checks every row by the editorial rules", () => {
  it("refuses javascript: in a related link and in an audio URL, naming the path", async () => {
    const d = copy();
    d.tables.related_links[0].url = "javascript:alert(1)";
    expect(paths(await refused(d))).toEqual(["tables.related_links.0.url"]);
    const e = copy();
    e.tables.articles[0].audio_url = "javascript:alert(1)";
    expect(paths(await refused(e))).toEqual(["tables.articles.0.audio_url"]);
  });

  it("checks body documents with the body schema, inside articles and revision snapshots", async () => {
    const d = copy();
    const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] };
    d.tables.articles[0].body = JSON.stringify(body);
    expect(paths(await refused(d))).toEqual(["tables.articles.0.body.content.0.content.0.marks.0.attrs.href"]);
    const e = copy();
    const snap = JSON.parse(e.tables.revisions[0].snapshot);
    snap.content.related = [{ url: "javascript:alert(1)", title: "t", summary: null, source: null }];
    e.tables.revisions[0].snapshot = JSON.stringify(snap);
    expect(paths(await refused(e))[0]).toMatch(/^tables\.revisions\.0\.snapshot\.content\.related\.0/);
  });

  it("checks live entries' bodies with the entry's parser and caps, and their revision snapshots", async () => {
    const at = "2026-11-30T08:00:00.000Z";
    const hostile = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] };
    const entry = (body: unknown) => ({ id: "lve_x", article_id: base.tables.articles[0].id, status: "published", title: null, body: JSON.stringify(body), pinned: 0, key_event: 0, published_at: at, version: 1, created_at: at, created_by: null, updated_at: at, updated_by: null, deleted_at: null, deleted_by: null });
    const d = copy();
    d.tables.live_entries = [entry(hostile)];
    expect(paths(await refused(d))).toEqual(["tables.live_entries.0.body.content.0.content.0.marks.0.attrs.href"]);
    const big = copy();
    big.tables.live_entries = [entry({ type: "doc", content: Array.from({ length: 51 }, () => ({ type: "paragraph", content: [{ type: "text", text: "x" }] })) })];
    expect(paths(await refused(big))).toEqual(["tables.live_entries.0.body.content"]);
    const e = copy();
    e.tables.live_entry_revisions = [{ entry_id: "lve_x", version: 1, article_id: base.tables.articles[0].id, action: "create", snapshot: JSON.stringify({ status: "draft", title: null, body: hostile, bylines: [], key_event: false }), created_by: null, created_at: at }];
    expect(paths(await refused(e))[0]).toMatch(/^tables\.live_entry_revisions\.0\.snapshot\.body\.content/);
  });

  it("checks slugs, statuses, lengths and timestamps", async () => {
    const cases: [(d: any) => void, string][] = [
      [(d) => (d.tables.sections[0].slug = "Not A Slug"), "tables.sections.0.slug"],
      [(d) => (d.tables.articles[0].status = "live"), "tables.articles.0.status"],
      [(d) => (d.tables.articles[0].headline = "h".repeat(301)), "tables.articles.0.headline"],
      [(d) => (d.tables.articles[0].created_at = "yesterday"), "tables.articles.0.created_at"],
      [(d) => (d.tables.users[0].role = "owner"), "tables.users.0.role"],
      [(d) => (d.tables.contributors[0].links = JSON.stringify([{ label: "x", url: "javascript:alert(1)" }])), "tables.contributors.0.links.0.url"],
      [(d) => (d.tables.articles[0].extra = 1), "tables.articles.0.extra"],
      [(d) => (d.tables.sessions = [{ id_hash: "x" }]), "tables.sessions"],
      [(d) => (d.tables.users[0].password_hash = "pbkdf2-sha256$1$a$b"), "tables.users.0.password_hash"],
      [(d) => (d.version = 1), "version"],
      [(d) => (d.tables.tags[0].name = "\ud800"), "tables.tags.0.name"],
    ];
    for (const [damage, path] of cases) {
      const d = copy();
      damage(d);
      expect(paths(await refused(d)), path).toContain(path);
    }
  });

  it("checks media bytes as an upload is checked: SVG, wrong type or size are refused", async () => {
    const svg = copy();
    svg.tables.media[0].data = btoa('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(paths(await refused(svg))).toEqual(["tables.media.0.data"]);
    const size = copy();
    size.tables.media[0].size += 1;
    expect(paths(await refused(size))).toEqual(["tables.media.0.size"]);
    const key = copy();
    key.tables.media[0].r2_key = "../secrets/x.png";
    expect(paths(await refused(key))).toEqual(["tables.media.0.r2_key"]);
  });

  it("refuses nesting deeper than rows, and a document that is not an export", async () => {
    const d = copy();
    d.tables.tags[0].name = { nested: ["deep"] };
    expect((await call("POST", "/import", { token, body: d })).status).toBe(400);
    const other = await call("POST", "/import", { token, body: { hello: "world" } });
    expect(other.status).toBe(400);
    expect(paths(other)).toEqual(["format"]);
  });

  it("imports a gzipped export as it streams", async () => {
    const gz = new Blob([JSON.stringify(base)]).stream().pipeThrough(new CompressionStream("gzip"));
    const res = await fetchChecked(new Request(`${API}/import`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: gz }));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as any).imported.articles).toBe(1);
    expect(await bucketKeys()).toHaveLength(1);
  });
});

describe("chunked request bodies meet the size limit while streaming", () => {
  it("a JSON route refuses a chunked body over 1 MB with 413 as soon as the limit passes", async () => {
    const editor = await tokenFor("editor");
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      start: (ctl) => ctl.enqueue(new TextEncoder().encode('{"headline":"x","dek":"')),
      pull(ctl) {
        // Bounded so that a limit applied only after buffering still ends (and fails the assertion below).
        if (sent > 64 * 1024 * 1024) return ctl.close();
        sent += 256 * 1024;
        ctl.enqueue(new TextEncoder().encode("y".repeat(256 * 1024)));
      },
    });
    const res = await fetchChecked(new Request(`${API}/articles`, { method: "POST", headers: { authorization: `Bearer ${editor.token}`, "content-type": "application/json" }, body: endless }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).code).toBe("payload_too_large");
    expect(sent).toBeLessThan(8 * 1024 * 1024);
  });

  it("a chunked JSON body under the limit is read whole", async () => {
    const editor = await tokenFor("editor");
    const res = await fetchChecked(new Request(`${API}/articles`, { method: "POST", headers: { authorization: `Bearer ${editor.token}`, "content-type": "application/json" }, body: chunked(JSON.stringify({ headline: "Chunked but small" }), 7) }));
    expect(res.status).toBe(201);
  });

  it("the import refuses a declared length over 90 MB unread, and stops an endless chunked value with 413", async () => {
    const { token: admin } = await freshNewsroom();
    const declared = await fetchChecked(
      new Request(`${API}/import`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json", "content-length": String(91 * 1024 * 1024) }, body: "{}" }),
    );
    expect(declared.status).toBe(413);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      start: (ctl) => ctl.enqueue(new TextEncoder().encode('{"format":"copydesk-export","version":2,"exported_at":"')),
      pull(ctl) {
        // One string that never ends: only a byte count can stop it. Bounded, so a broken limit ends too.
        if (sent > 120 * 1024 * 1024) return ctl.close();
        const piece = new TextEncoder().encode("a".repeat(1 << 20));
        sent += piece.length;
        ctl.enqueue(piece);
      },
    });
    const res = await fetchChecked(new Request(`${API}/import`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: endless }));
    expect(res.status).toBe(413);
    // Stopped at the largest value an export holds (16 MB), long before the upload's end.
    expect(sent).toBeLessThan(40 * 1024 * 1024);
  });
});
