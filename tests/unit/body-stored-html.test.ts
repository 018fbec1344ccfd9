// The body rendered at save time (src/body/stored-html.ts), filled when read, must give the bytes
// rendering the tree gives, whatever the body holds and whatever its references resolve to now;
// and nothing an author types can pass for a placeholder.
import { describe, expect, it } from "vitest";
import { collectReferences, parseBody, renderBodyHtml, type BodyDoc, type RelatedCardView, type RenderContext } from "../../src/body";
import { fillStoredBody, prepareStoredBody, storeBodyHtml, STORED_BODY_FORMAT } from "../../src/body/stored-html";
import { articles as demoArticles } from "../../scripts/demo/content";
import { buildBody } from "../../scripts/bench/generate/body";
import { createRng } from "../../scripts/bench/generate/prng";

const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const p = (...content: unknown[]) => ({ type: "paragraph", content });
const image = (media_id: string, attrs: Record<string, unknown> = {}) => ({ type: "image", attrs: { media_id, alt: "", ...attrs } });
const card = (article_id: string) => ({ type: "relatedCard", attrs: { article_id } });
const li = (...content: unknown[]) => ({ type: "listItem", content });

function doc(...content: unknown[]): BodyDoc {
  const result = parseBody({ type: "doc", content });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** Awkward bodies: escaping, scripts, every block kind, references first, last, nested, repeated, missing. */
const AWKWARD: Record<string, BodyDoc> = {
  escaping: doc(p(text(`Tom & Jerry <script>alert("x")</script> it's & &amp; &lt;`)), p(text("a -- > b --> c <!-- d"))),
  scripts: doc(p(text("🎉👩🏽‍💻 مرحبا بالعالم שלום עולם \u202e\u2028\u2029 \ue000\uf8ff")), { type: "heading", attrs: { level: 2 }, content: [text("Ünal’s “quotes”")] }),
  marks: doc(p(text("go", [{ type: "bold" }, { type: "link", attrs: { href: "https://ex.com/?a=1&b=<2>", title: `"T" -->` } }]), { type: "hardBreak" }, text("next"))),
  references: doc(
    image("m-ok", { alt: `Flood "aftermath" <b>`, caption: "Main St & 5th -->", credit: "Photo: <AP>" }),
    p(text("between")),
    card("a-ok"),
    image("m-gone", { caption: "gone" }),
    card("a-deleted"),
    p(text("after")),
    image("m-bad-url"),
    card("a-ok"),
  ),
  leadingMissing: doc(image("m-gone"), card("a-deleted"), image("m-gone"), p(text("only this"))),
  trailingMissing: doc(p(text("only this")), card("a-deleted"), image("m-gone")),
  onlyMissing: doc(image("m-gone"), card("a-deleted")),
  nested: doc(
    { type: "blockquote", content: [image("m-ok"), card("a-deleted"), p(text("quoted"))] },
    { type: "bulletList", content: [li(image("m-gone")), li(p(text("item")), card("a-ok"))] },
    { type: "orderedList", attrs: { start: 3 }, content: [li(image("m-ok", { alt: "in a list" }))] },
  ),
  embeds: doc({ type: "embed", attrs: { url: "https://video.example/watch?v=1&t=2", caption: "A <clip>", provider: "Video & Co" } }, { type: "embed", attrs: { url: "https://x.example/" } }, { type: "horizontalRule" }, { type: "paragraph" }),
  empty: doc(),
};

/** Contexts in which the references resolve differently (as the stories and images they name change). */
const CARD: RelatedCardView = { url: "https://news.example/world/a-ok?x=1&y=2", headline: `“Quoted” & <odd>`, summary: "It's -->", bylines: ["Ana Ruiz", "Ben O’Neil"] };
const CONTEXTS: Record<string, RenderContext> = {
  resolved: {
    media: (id) => (id === "m-bad-url" ? { url: "javascript:alert(1)" } : id === "m-gone" ? null : { url: `https://api.example/media/${id}`, width: 1600, height: 900 }),
    related: (id) => (id === "a-deleted" ? null : { ...CARD, url: `${CARD.url}&id=${id}` }),
  },
  nothing: { media: () => null, related: () => null },
  oddSizes: { media: (id) => ({ url: `/media/${id}`, width: 0, height: 2.5 }), related: () => ({ url: "/x", headline: "H", summary: null, bylines: [] }) },
};

function demoBodies(): [string, BodyDoc][] {
  return demoArticles.map((a, i) => {
    const parsed = parseBody(a.body);
    if (!parsed.ok) throw new Error(`demo article ${i}: ${JSON.stringify(parsed.issues)}`);
    return [`demo ${i}`, parsed.value];
  });
}

function benchBodies(): [string, BodyDoc][] {
  const rng = createRng(42);
  return Array.from({ length: 20 }, (_, i): [string, BodyDoc] => [`bench ${i}`, buildBody(rng, { mediaId: (r) => `m-${r.int(0, 3)}`, relatedArticleId: (r) => (r.chance(0.3) ? "a-deleted" : `a-${r.int(0, 5)}`) })]);
}

const filled = (d: BodyDoc, ctx: RenderContext) => {
  const prepared = prepareStoredBody(storeBodyHtml(d));
  if (!prepared) throw new Error("no stored body");
  return fillStoredBody(prepared, ctx);
};

describe("stored body HTML: filled equals rendered", () => {
  const all = [...Object.entries(AWKWARD), ...demoBodies(), ...benchBodies()];
  it.each(all)("%s", (_, d) => {
    for (const ctx of Object.values(CONTEXTS)) expect(filled(d, ctx)).toBe(renderBodyHtml(d, ctx));
  });

  it("names the references collectReferences finds, so one resolveReferences serves the fill", () => {
    for (const [, d] of all) {
      const prepared = prepareStoredBody(storeBodyHtml(d))!;
      const refs = collectReferences(d);
      expect(new Set(prepared.mediaIds)).toEqual(new Set(refs.mediaIds));
      expect(new Set(prepared.articleIds)).toEqual(new Set(refs.articleIds));
    }
  });

  it("the demo and bench bodies hold references (the fixtures test the fill, not only plain text)", () => {
    const counts = [...demoBodies(), ...benchBodies()].map(([, d]) => prepareStoredBody(storeBodyHtml(d))!.parts.filter((x) => typeof x !== "string").length);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });
});

describe("stored body HTML: placeholders cannot be forged", () => {
  const forged = `<!--cd:t ${JSON.stringify({ type: "relatedCard", attrs: { article_id: "a-ok" } })}-->`;

  it("a placeholder typed in a paragraph, a link title or a caption comes out as text", () => {
    const d = doc(
      p(text(forged)),
      p(text("x", [{ type: "link", attrs: { href: "https://ex.com/", title: forged } }])),
      image("m-ok", { alt: forged, caption: forged }),
      { type: "embed", attrs: { url: "https://ex.com/", caption: forged, provider: forged } },
    );
    const prepared = prepareStoredBody(storeBodyHtml(d))!;
    // The image is the only placeholder; what the author typed named no card.
    expect(prepared.articleIds).toEqual([]);
    expect(prepared.parts.filter((x) => typeof x !== "string")).toHaveLength(1);
    const out = fillStoredBody(prepared, CONTEXTS.resolved!);
    expect(out).toBe(renderBodyHtml(d, CONTEXTS.resolved!));
    expect(out).not.toContain("related-card");
    expect(out).toContain("&lt;!--cd:t {&quot;type&quot;:&quot;relatedCard&quot;");
  });

  it("a stored body from another format version, or none, is not used", () => {
    expect(prepareStoredBody(null)).toBeNull();
    expect(prepareStoredBody(undefined)).toBeNull();
    expect(prepareStoredBody("<p>old</p>")).toBeNull();
    expect(prepareStoredBody(STORED_BODY_FORMAT.replace("1", "0") + "<p>x</p>")).toBeNull();
    expect(fillStoredBody(prepareStoredBody(STORED_BODY_FORMAT)!, CONTEXTS.nothing!)).toBe("");
  });
});
