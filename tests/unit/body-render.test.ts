import { describe, expect, it } from "vitest";
import { escapeHtml, parseBody, renderBodyHtml } from "../../src/body";
import type { BlockNode, BodyDoc, RelatedCardView, RenderContext } from "../../src/body";

const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const p = (...content: unknown[]) => ({ type: "paragraph", content });
const li = (...content: unknown[]) => ({ type: "listItem", content });

/** Build through parseBody so tests exercise the same shapes the API stores. */
function doc(...content: unknown[]): BodyDoc {
  const result = parseBody({ type: "doc", content });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const noRefs: RenderContext = { media: () => null, related: () => null };
const html = (d: BodyDoc, ctx: RenderContext = noRefs) => renderBodyHtml(d, ctx);

describe("renderBodyHtml: text and escaping", () => {
  it("escapes & < > \" ' in text", () => {
    expect(html(doc(p(text(`Tom & Jerry <script>alert("x")</script> it's`))))).toBe(
      "<p>Tom &amp; Jerry &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s</p>",
    );
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("passes emoji and right-to-left text through untouched", () => {
    expect(html(doc(p(text("🎉👩🏽‍💻")), p(text("مرحبا بالعالم")), p(text("שלום עולם"))))).toBe(
      "<p>🎉👩🏽‍💻</p>\n<p>مرحبا بالعالم</p>\n<p>שלום עולם</p>",
    );
  });

  it("renders headings, hard breaks, rules and empty paragraphs", () => {
    const d = doc(
      { type: "heading", attrs: { level: 3 }, content: [text("Why it matters")] },
      p(text("line one"), { type: "hardBreak" }, text("line two")),
      { type: "horizontalRule" },
      { type: "paragraph" },
    );
    expect(html(d)).toBe("<h3>Why it matters</h3>\n<p>line one<br>line two</p>\n<hr>\n<p></p>");
  });
});

describe("renderBodyHtml: marks", () => {
  const linkMark = (href: string, extra: Record<string, unknown> = {}) => ({ type: "link", attrs: { href, ...extra } });

  it("nests link > strong > em regardless of input order, with rel and no target", () => {
    const d = doc(p(text("go", [{ type: "italic" }, { type: "bold" }, linkMark("https://ex.com/?a=1&b=2", { target: "_blank", title: `"T"` })])));
    expect(html(d)).toBe(
      `<p><a href="https://ex.com/?a=1&amp;b=2" title="&quot;T&quot;" rel="noopener noreferrer"><strong><em>go</em></strong></a></p>`,
    );
  });

  it("keeps a shared link open across differently-marked adjacent text", () => {
    const l = linkMark("mailto:desk@example.com");
    const d = doc(p(text("Email "), text("the ", [l]), text("desk", [l, { type: "bold" }]), text(" now", [l]), text(".")));
    expect(html(d)).toBe(
      `<p>Email <a href="mailto:desk@example.com" rel="noopener noreferrer">the <strong>desk</strong> now</a>.</p>`,
    );
  });

  it("closes and reopens when the link changes", () => {
    const d = doc(p(text("a", [linkMark("https://a.test")]), text("b", [linkMark("https://b.test")])));
    expect(html(d)).toBe(
      `<p><a href="https://a.test" rel="noopener noreferrer">a</a><a href="https://b.test" rel="noopener noreferrer">b</a></p>`,
    );
  });

  it("re-checks hrefs at render time: an unsafe link in a hand-built doc keeps its text but loses the anchor", () => {
    const unsafe: BodyDoc = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "JaVaScRiPt:alert(1)" } }, { type: "bold" }] }] },
      ],
    };
    expect(html(unsafe)).toBe("<p><strong>click</strong></p>");
  });
});

describe("renderBodyHtml: structure", () => {
  it("renders nested lists and ordered-list start", () => {
    const d = doc(
      { type: "bulletList", content: [li(p(text("one")), { type: "bulletList", content: [li(p(text("one.a")))] }), li(p(text("two")))] },
      { type: "orderedList", attrs: { start: 4 }, content: [li(p(text("four")))] },
      { type: "orderedList", attrs: { start: 1 }, content: [li(p(text("first")))] },
    );
    expect(html(d)).toBe(
      "<ul><li><p>one</p><ul><li><p>one.a</p></li></ul></li><li><p>two</p></li></ul>\n" +
        '<ol start="4"><li><p>four</p></li></ol>\n' +
        "<ol><li><p>first</p></li></ol>",
    );
  });

  it("renders a quote paragraph", () => {
    const d = doc({ type: "blockquote", content: [p(text("“We will appeal,” she said."))] });
    expect(html(d)).toBe("<blockquote><p>“We will appeal,” she said.</p></blockquote>");
  });
});

describe("renderBodyHtml: images", () => {
  const image = (attrs: Record<string, unknown>) => ({ type: "image", attrs: { media_id: "m1", alt: "", ...attrs } });
  const ctx = (media: ReturnType<RenderContext["media"]>): RenderContext => ({ media: () => media, related: () => null });

  it("renders figure, img and caption with escaped credit", () => {
    const d = doc(image({ alt: `Flood "aftermath"`, caption: "Main St & 5th", credit: "Photo: <AP>" }));
    expect(html(d, ctx({ url: "https://cdn.test/m1.jpg?w=800&q=80", width: 800, height: 600 }))).toBe(
      '<figure><img src="https://cdn.test/m1.jpg?w=800&amp;q=80" alt="Flood &quot;aftermath&quot;" width="800" height="600" loading="lazy">' +
        '<figcaption>Main St &amp; 5th <span class="credit">(Photo: &lt;AP&gt;)</span></figcaption></figure>',
    );
  });

  it("omits figcaption when caption and credit are empty, and bad dimensions", () => {
    const d = doc(image({ caption: " ", credit: null }));
    expect(html(d, ctx({ url: "/media/m1.jpg", width: null, height: -3 }))).toBe(
      '<figure><img src="/media/m1.jpg" alt="" loading="lazy"></figure>',
    );
  });

  it("credit only", () => {
    expect(html(doc(image({ credit: "Reuters" })), ctx({ url: "/m.jpg" }))).toBe(
      '<figure><img src="/m.jpg" alt="" loading="lazy"><figcaption><span class="credit">(Reuters)</span></figcaption></figure>',
    );
  });

  it("drops the image when media() returns null or an unsafe url", () => {
    const d = doc(p(text("before")), image({ caption: "gone" }), p(text("after")));
    expect(html(d, ctx(null))).toBe("<p>before</p>\n<p>after</p>");
    expect(html(d, ctx({ url: "javascript:alert(1)" }))).toBe("<p>before</p>\n<p>after</p>");
    expect(html(d, ctx({ url: "//evil.test/x.jpg" }))).toBe("<p>before</p>\n<p>after</p>");
  });
});

describe("renderBodyHtml: related cards", () => {
  const card = (id: string) => ({ type: "relatedCard", attrs: { article_id: id } });
  const views: Record<string, RelatedCardView> = {
    a1: { url: "/news/budget-vote", headline: "Budget <passes>", summary: "Council & mayor agree", bylines: ["Amal Haddad", "Ben Ortiz"] },
  };
  const ctx: RenderContext = { media: () => null, related: (id) => views[id] ?? null };

  it("renders one card and omits the unresolved one between paragraphs", () => {
    const d = doc(p(text("One.")), card("a1"), p(text("Two.")), card("draft-99"), p(text("Three.")));
    const out = html(d, ctx);
    expect(out).toBe(
      "<p>One.</p>\n" +
        '<aside class="related-card"><a href="/news/budget-vote">Budget &lt;passes&gt;</a><p>Council &amp; mayor agree</p>' +
        '<p class="byline">By Amal Haddad and Ben Ortiz</p></aside>\n' +
        "<p>Two.</p>\n<p>Three.</p>",
    );
    expect(out).not.toContain("draft-99");
  });

  it("leaves out empty summary and byline, includes image and site name when given", () => {
    const view: RelatedCardView = { url: "https://other.test/x", headline: "H", summary: null, bylines: [], imageUrl: "https://cdn.test/i.jpg", siteName: "Sister Paper" };
    expect(html(doc(card("x")), { media: () => null, related: () => view })).toBe(
      '<aside class="related-card"><img src="https://cdn.test/i.jpg" alt="" loading="lazy"><p class="site-name">Sister Paper</p>' +
        '<a href="https://other.test/x">H</a></aside>',
    );
  });

  it("omits a card whose url is unsafe", () => {
    const view: RelatedCardView = { url: "javascript:alert(1)", headline: "H", summary: null, bylines: [] };
    expect(html(doc(card("x")), { media: () => null, related: () => view })).toBe("");
  });
});

describe("renderBodyHtml: embeds", () => {
  it("renders a link (never an iframe) labelled by provider or host", () => {
    const d = doc(
      { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=a&t=1", provider: "YouTube", caption: "Watch <live>" } },
      { type: "embed", attrs: { url: "https://social.example/post/1" } },
    );
    const out = html(d);
    expect(out).toBe(
      '<figure class="embed"><a href="https://www.youtube.com/watch?v=a&amp;t=1" rel="noopener noreferrer">YouTube</a><figcaption>Watch &lt;live&gt;</figcaption></figure>\n' +
        '<figure class="embed"><a href="https://social.example/post/1" rel="noopener noreferrer">social.example</a></figure>',
    );
    expect(out).not.toMatch(/<iframe|<script/);
  });

  it("drops an embed whose url is not http(s) in a hand-built doc", () => {
    const bad: BlockNode = { type: "embed", attrs: { url: "data:text/html,<script>alert(1)</script>" } };
    expect(html({ type: "doc", content: [bad] })).toBe("");
  });
});
