// Ghost's rendered html → our body: the fallback for posts that have only `html` (or unreadable
// JSON). Ghost's kg-card markup must come out as the Lexical reader would make it; broken and hostile
// HTML must come out as valid bodies. convert() fails unless parseBody accepts the output.
import { describe, expect, it } from "vitest";
import { bold, br, codes, context, convert, doc, h, italic, item, link, para, quote, SITE, t, ul } from "../fixtures/ghost/convert-helpers";

const HTML_ONLY = { code: "html_fallback", message: "Converted from Ghost's rendered HTML: the post has only rendered HTML." };

describe("HTML: Ghost's rendering", () => {
  it("paragraphs, marks, links, headings, quotes, nested lists, rules", () => {
    const html = [
      '<p>The sea came over at <strong>3:12 a.m.</strong>, <em>under a metre</em> — see <a href="__GHOST_URL__/tides/">tides</a>.</p>',
      '<h2 id="what-happened">What happened</h2><h5>Small</h5>',
      "<blockquote><p>We have never seen this.</p></blockquote>",
      "<ul><li>Old Quay: closed</li><li>Ropewalk Lane<ul><li>buses diverted</li></ul></li></ul>",
      '<ol start="3"><li>three</li></ol><hr>',
      "<p>High water<br>Low water</p>",
    ].join("\n");
    const { doc: out, notes } = convert({ html });
    expect(out).toEqual(doc(
      para("The sea came over at ", t("3:12 a.m.", bold), ", ", t("under a metre", italic), " — see ", t("tides", link(`${SITE}/tides/`)), "."),
      h(2, "What happened"), h(4, "Small"),
      quote(para("We have never seen this.")),
      ul(item(para("Old Quay: closed")), item(para("Ropewalk Lane"), ul(item(para("buses diverted"))))),
      { type: "orderedList", attrs: { start: 3 }, content: [item(para("three"))] },
      { type: "horizontalRule" },
      para("High water", br, "Low water"),
    ));
    expect(notes).toEqual([HTML_ONLY]);
  });

  it("image, gallery, embed and bookmark figures (kg-card markup)", () => {
    const ctx = context({ "storm-closes-old-quay": "article-1" });
    const html = [
      '<figure class="kg-card kg-image-card kg-card-hascaption"><img src="__GHOST_URL__/content/images/q.jpg" class="kg-image" alt="The quay" width="1600" height="1067"><figcaption>Boats at the quay.<br>Photograph: Teodor Vance</figcaption></figure>',
      '<figure class="kg-card kg-gallery-card"><div class="kg-gallery-container"><div class="kg-gallery-row"><div class="kg-gallery-image"><img src="https://cdn.example/1.jpg" alt="One"></div><div class="kg-gallery-image"><img src="https://cdn.example/2.jpg" alt="Two"></div></div></div></figure>',
      '<figure class="kg-card kg-embed-card"><iframe width="200" height="113" src="https://www.youtube.com/embed/abc123XYZ?feature=oembed" allowfullscreen></iframe><figcaption>The picket line</figcaption></figure>',
      '<figure class="kg-card kg-embed-card"><blockquote class="twitter-tweet"><p>Strike!</p>&mdash; Ledger (@harbourledger) <a href="https://twitter.com/harbourledger/status/17?ref_src=twsrc">June 1</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script></figure>',
      '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="__GHOST_URL__/storm-closes-old-quay/"><div class="kg-bookmark-content"><div class="kg-bookmark-title">Storm</div></div></a></figure>',
      '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://tides.example.org/"><div class="kg-bookmark-content"><div class="kg-bookmark-title">Tide tables</div><div class="kg-bookmark-metadata"><span class="kg-bookmark-publisher">Tides Office</span></div></div></a></figure>',
    ].join("");
    const { doc: out, notes } = convert({ html }, ctx);
    expect(out).toEqual(doc(
      { type: "image", attrs: { media_id: "media-1", alt: "The quay", caption: "Boats at the quay.", credit: "Teodor Vance" } },
      { type: "image", attrs: { media_id: "media-2", alt: "One" } },
      { type: "image", attrs: { media_id: "media-3", alt: "Two" } },
      { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=abc123XYZ", caption: "The picket line", provider: "YouTube" } },
      { type: "embed", attrs: { url: "https://twitter.com/harbourledger/status/17?ref_src=twsrc", provider: "X" } },
      { type: "relatedCard", attrs: { article_id: "article-1" } },
      { type: "embed", attrs: { url: "https://tides.example.org/", caption: "Tide tables", provider: "Tides Office" } },
    ));
    expect(ctx.media).toEqual([
      { src: `${SITE}/content/images/q.jpg`, meta: { alt: "The quay", width: 1600, height: 1067 } },
      { src: "https://cdn.example/1.jpg", meta: { alt: "One" } },
      { src: "https://cdn.example/2.jpg", meta: { alt: "Two" } },
    ]);
    expect(codes(notes)).toEqual(["html_fallback", "credit_split", "gallery_flattened"]);
  });

  it("html cards are reported and skipped; callout, toggle and code cards keep their words", () => {
    const html = [
      "<p>Before.</p>",
      '<!--kg-card-begin: html--><div class="poll">Vote now<script>track()</script></div><p>still the card</p><!--kg-card-end: html-->',
      '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">Got a <b>tip</b>?</div></div>',
      '<div class="kg-card kg-toggle-card"><div class="kg-toggle-heading"><h4 class="kg-toggle-heading-text">Do you pay?</h4></div><div class="kg-toggle-content"><p>No.</p></div></div>',
      '<pre><code class="language-bash">gpg --verify\nline &lt;2&gt;\n</code></pre>',
      "<p>After.</p>",
    ].join("");
    const { doc: out, notes } = convert({ html });
    expect(out).toEqual(doc(para("Before."), para("Got a ", t("tip", bold), "?"), para(t("Do you pay?", bold)), para("No."), para("gpg --verify", br, "line <2>"), para("After.")));
    expect(notes.map((n) => n.message)).toEqual([
      HTML_ONLY.message,
      'Ghost "html" card cannot be represented: it was left out (raw HTML is never imported; its text read: "Vote now still the card").',
      'Ghost "callout" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "toggle" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "code" card cannot be represented: its text was kept as paragraphs.',
    ]);
  });
});

describe("HTML: entities, whitespace and broken markup", () => {
  it("decodes entities (named, decimal, hex; unknown ones as written) and keeps awkward text", () => {
    const { doc: out } = convert({ html: "<p>Fish &amp; chips &lt;£5&gt; &quot;cash&quot; &#39;only&#39; &#x1F41F; &#128031; &nbsp;x &bogus; &#0; שלום</p>" });
    expect(out).toEqual(doc(para(`Fish & chips <£5> "cash" 'only' 🐟 🐟 \u00a0x &bogus; \ufffd שלום`)));
  });

  it("collapses whitespace like a browser; bare text and inline runs at the top become paragraphs", () => {
    const { doc: out } = convert({ html: "  loose   text\n<b>bold</b>\n\n<p>  spaced \n\t out  </p>tail" });
    expect(out).toEqual(doc(para("loose text ", t("bold", bold)), para("spaced out"), para("tail")));
  });

  it("closes unclosed <p> and <li>, ignores stray end tags, reads a lone < as text", () => {
    const { doc: out } = convert({ html: "<!DOCTYPE html><p>one<p>two</span></div><ul><li>a<li>b</ul><p>a < b && c > d</p>" });
    expect(out).toEqual(doc(para("one"), para("two"), ul(item(para("a")), item(para("b"))), para("a < b && c > d")));
  });

  it("drops scripts, styles and comments; unlinks javascript: hrefs with a note", () => {
    const { doc: out, notes } = convert({ html: `<style>p{color:red}</style><p>a<script>alert("<p>x</p>")</script>b<!-- hidden --> <a href="javascript:alert(1)">c</a> <a href=https://ok.example/>d</a></p>` });
    expect(out).toEqual(doc(para("ab c ", t("d", link("https://ok.example/")))));
    expect(codes(notes)).toEqual(["html_fallback", "unsafe_link"]);
  });

  it("unsupported inline formats keep their text, reported once", () => {
    const { doc: out, notes } = convert({ html: "<p><u>under</u> <s>struck</s> <code>x</code> <u>again</u></p>" });
    expect(out).toEqual(doc(para("under struck x again")));
    expect(notes.slice(1)).toEqual([
      { code: "unsupported_format", message: 'Formatting "underline" is not kept; its text is.' },
      { code: "unsupported_format", message: 'Formatting "strikethrough" is not kept; its text is.' },
      { code: "unsupported_format", message: 'Formatting "code" is not kept; its text is.' },
    ]);
  });

  it("images inside paragraphs and links (older Ghost's markdown html) stand as blocks between the words", () => {
    const { doc: out, notes } = convert({ html: '<p>Before <img src="/content/images/a.jpg" alt="A"> after</p><p><a href="https://x.example/"><img src="https://cdn.example/b.jpg" alt="B"></a></p>' });
    expect(out).toEqual(doc(para("Before"), { type: "image", attrs: { media_id: "media-1", alt: "A" } }, para("after"), { type: "image", attrs: { media_id: "media-2", alt: "B" } }));
    expect(codes(notes)).toEqual(["html_fallback", "image_link_dropped"]);
  });

  it("attribute values may hold '>' and quotes of the other kind", () => {
    const { doc: out } = convert({ html: `<p><a href='https://x.example/?a=1&amp;b="2"' title="a > b">link</a></p><img src="https://cdn.example/f.jpg" alt="Fish > chips 'n' peas">` });
    expect(out).toEqual(doc(para(t("link", link('https://x.example/?a=1&b="2"'))), { type: "image", attrs: { media_id: "media-1", alt: "Fish > chips 'n' peas" } }));
  });

  it("images without a usable src are reported, not imported", () => {
    const { doc: out, notes } = convert({ html: '<img src="data:image/png;base64,AAAA"><img alt="no src"><p>text</p>' });
    expect(out).toEqual(doc(para("text")));
    expect(codes(notes)).toEqual(["html_fallback", "image_unsupported_src", "image_without_src"]);
  });
});

describe("HTML: hostile input", () => {
  it("50,000 nested blockquotes: depth capped, flattened, words kept", () => {
    const html = "<blockquote>".repeat(50_000) + "deep words" + "</blockquote>".repeat(50_000);
    const { doc: out, notes } = convert({ html });
    expect(JSON.stringify(out)).toContain("deep words");
    expect(codes(notes)).toEqual(["html_fallback", "flattened_nesting"]);
  });

  it("lists nested 30 deep become flat paragraphs below MAX_DEPTH", () => {
    const html = "<ul><li>".repeat(30) + "bottom" + "</li></ul>".repeat(30);
    const { doc: out } = convert({ html });
    expect(JSON.stringify(out)).toContain("bottom");
  });

  it("10,000 paragraphs fit MAX_NODES by being joined, every word kept, with notes", () => {
    const html = Array.from({ length: 10_000 }, (_, i) => `<p>p${i}</p>`).join("");
    const { doc: out, notes } = convert({ html });
    expect(out.content).toHaveLength(3);
    expect(JSON.stringify(out)).toContain("p9999");
    expect(codes(notes)).toEqual(["html_fallback", "formatting_dropped", "paragraphs_joined"]);
  });

  it("an empty or whitespace-only html gives an empty body", () => {
    expect(convert({ html: "" }).doc).toEqual(doc());
    expect(convert({ html: "  <p> </p> <!-- x --> " }).doc).toEqual(doc());
  });
});
