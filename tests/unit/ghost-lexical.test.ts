// Lexical (Ghost ≥ 5) → our body: each node type, the cards we map, the cards we only report, and
// input built to break the converter. Every conversion goes through convert(), which fails the test
// unless the output passes parseBody.
import { describe, expect, it } from "vitest";
import { bold, br, codes, context, convert, doc, h, italic, item, link, lx, ol, para, quote, SITE, t, ul } from "../fixtures/ghost/convert-helpers";

describe("Lexical: text, marks and links", () => {
  it("maps the format bit mask to bold/italic and reports other formats once, keeping their words", () => {
    const { doc: out, notes } = convert({ lexical: lx.root(lx.p(lx.text("b", 1), lx.text("i", 2), lx.text("bi", 3), lx.text(" s", 4), lx.text(" s2", 4), lx.text(" bu", 9))) });
    expect(out).toEqual(doc(para(t("b", bold), t("i", italic), t("bi", bold, italic), t(" s s2"), t(" bu", bold))));
    expect(notes).toEqual([
      { code: "unsupported_format", message: 'Formatting "strikethrough" is not kept; its text is.' },
      { code: "unsupported_format", message: 'Formatting "underline" is not kept; its text is.' },
    ]);
  });

  it("keeps http(s)/mailto links, resolves __GHOST_URL__ and site paths, and unlinks javascript: with a note", () => {
    const { doc: out, notes } = convert({
      lexical: lx.root(
        lx.p(lx.link("https://example.org/a?b=1&c=2", lx.text("out", 1)), " ", lx.link("__GHOST_URL__/other-story/", "in"), " ", lx.link("/about/", "path")),
        lx.p(lx.link("mailto:desk@harbour-ledger.example", "mail"), " ", lx.link("javascript:alert(1)", "click"), " ", lx.link(" JaVaScRiPt:alert(2)", "again")),
      ),
    });
    expect(out).toEqual(doc(
      para(t("out", link("https://example.org/a?b=1&c=2"), bold), " ", t("in", link(`${SITE}/other-story/`)), " ", t("path", link(`${SITE}/about/`))),
      para(t("mail", link("mailto:desk@harbour-ledger.example")), " click again"),
    ));
    expect(notes).toEqual([
      { code: "unsafe_link", message: 'Link "javascript:alert(1)" kept as plain text (only http, https and mailto links are kept).' },
      { code: "unsafe_link", message: 'Link "JaVaScRiPt:alert(2)" kept as plain text (only http, https and mailto links are kept).' },
    ]);
  });

  it("keeps awkward text exactly: &, <, quotes, emoji, right-to-left scripts", () => {
    const text = `Tom & Jerry's <b>"café"</b> 🍟 👨‍👩‍👧‍👦 — هل سترتفع الأسعار؟ האם המחירים יעלו?`;
    const { doc: out, notes } = convert({ lexical: lx.root(lx.p(text)) });
    expect(out).toEqual(doc(para(text)));
    expect(notes).toEqual([]);
  });

  it("turns linebreaks into hard breaks and drops empty paragraphs (Ghost's blank lines)", () => {
    const { doc: out, notes } = convert({ lexical: lx.root(lx.p("one", lx.br, "two", { type: "zwnj", version: 1 }), lx.p(), lx.p("   "), lx.p("three")) });
    expect(out).toEqual(doc(para("one", br, "two"), para("three")));
    expect(notes).toEqual([]);
  });

  it("splits a text run longer than the schema's limit into paragraphs (after a space when there is one)", () => {
    // Paragraphs, not two runs in one: the body's canonical form merges same-mark neighbours back.
    const { doc: out } = convert({ lexical: lx.root(lx.p(lx.text("é".repeat(45_000), 1))) });
    expect(out).toEqual(doc(para(t("é".repeat(20_000), bold)), para(t("é".repeat(20_000), bold)), para(t("é".repeat(5_000), bold))));
    const words = `${"word ".repeat(3_999)}end`; // 19,998 characters, then more
    const { doc: spaced } = convert({ lexical: lx.root(lx.p(`${words} and the rest`)) });
    expect(spaced).toEqual(doc(para(`${words} `), para("and the rest")));
  });
});

describe("Lexical: blocks", () => {
  it("maps headings h1–h6 to our levels 2–4", () => {
    const { doc: out } = convert({ lexical: lx.root(...["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => lx.heading(tag, tag))) });
    expect(out).toEqual(doc(h(2, "h1"), h(2, "h2"), h(3, "h3"), h(4, "h4"), h(4, "h5"), h(4, "h6")));
  });

  it("maps quote, extended-quote and aside to blockquotes", () => {
    const { doc: out } = convert({ lexical: lx.root(lx.el("extended-quote", [lx.text("a", 2)]), lx.el("quote", [lx.text("b")]), lx.el("aside", [lx.text("c"), lx.br, lx.text("d")])) });
    expect(out).toEqual(doc(quote(para(t("a", italic))), quote(para("b")), quote(para("c", br, "d"))));
  });

  it("maps bullet and numbered lists, Lexical's nested lists into the item before, and a start number", () => {
    const nested = lx.list("bullet", ["x"], ["y"]);
    const numbered = { ...lx.list("number", ["three"], ["four"]), start: 3 };
    const { doc: out } = convert({ lexical: lx.root(lx.list("bullet", ["a"], ["b ", lx.text("bold", 1)], [nested], ["c"]), numbered, lx.list("number", ["one"])) });
    expect(out).toEqual(doc(
      ul(item(para("a")), item(para("b ", t("bold", bold)), ul(item(para("x")), item(para("y")))), item(para("c"))),
      { type: "orderedList", attrs: { start: 3 }, content: [item(para("three")), item(para("four"))] },
      ol(item(para("one"))),
    ));
  });

  it("maps horizontal rules", () => {
    expect(convert({ lexical: lx.root(lx.p("a"), { type: "horizontalrule", version: 1 }, lx.p("b")) }).doc).toEqual(doc(para("a"), { type: "horizontalRule" }, para("b")));
  });
});

describe("Lexical: cards we map", () => {
  it("image card: src resolved and given to mediaFor with its size, alt kept, caption split from its credit", () => {
    const ctx = context();
    const caption = '<span style="white-space: pre-wrap;">Boats at Old Quay &amp; the ferry. </span><i><em>(Photo: Rhea Calloway / Ledger Pictures)</em></i>';
    const { doc: out, notes } = convert({ lexical: lx.root({ type: "image", version: 1, src: "__GHOST_URL__/content/images/2024/02/quay.jpg", width: 1600, height: 1067, alt: 'The "quay" <at> dawn', caption, href: "" }) }, ctx);
    expect(out).toEqual(doc({ type: "image", attrs: { media_id: "media-1", alt: 'The "quay" <at> dawn', caption: "Boats at Old Quay & the ferry.", credit: "Rhea Calloway / Ledger Pictures" } }));
    expect(ctx.media).toEqual([{ src: `${SITE}/content/images/2024/02/quay.jpg`, meta: { alt: 'The "quay" <at> dawn', width: 1600, height: 1067 } }]);
    expect(notes).toEqual([{ code: "credit_split", message: 'Image caption "Boats at Old Quay & the ferry.", credit "Rhea Calloway / Ledger Pictures".' }]);
  });

  it("image card without a usable src is left out, with a note", () => {
    const { doc: out, notes } = convert({ lexical: lx.root({ type: "image", src: "" }, { type: "image", src: "javascript:alert(1)", alt: "x" }, { type: "image", src: "data:image/png;base64,AAAA" }) });
    expect(out).toEqual(doc());
    expect(codes(notes)).toEqual(["image_without_src", "image_unsupported_src", "image_unsupported_src"]);
  });

  it("embed card: url, provider from Ghost's oEmbed metadata or a known host, caption as text", () => {
    const { doc: out, notes } = convert({
      lexical: lx.root(
        { type: "embed", url: "https://www.youtube.com/watch?v=abc123", embedType: "video", html: "<iframe></iframe>", metadata: { provider_name: "YouTube" }, caption: "The <b>picket</b> line &amp; more" },
        { type: "embed", url: "https://x.com/harbourledger/status/1", embedType: "rich", html: "<blockquote></blockquote>", metadata: {}, caption: "" },
        { type: "embed", url: "", html: "<script>evil()</script>", caption: "" },
      ),
    });
    expect(out).toEqual(doc(
      { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=abc123", caption: "The picket line & more", provider: "YouTube" } },
      { type: "embed", attrs: { url: "https://x.com/harbourledger/status/1", provider: "X" } },
    ));
    expect(notes).toEqual([{ code: "unmapped_card", message: 'Ghost "embed" card cannot be represented: it was left out (an embed with no http(s) URL; its HTML was not imported).' }]);
  });

  it("bookmark card: an imported post becomes a related card, another site an embed, an unusable URL its title", () => {
    const ctx = context({ "storm-closes-old-quay": "article-42" });
    const { doc: out, notes } = convert({
      lexical: lx.root(
        { type: "bookmark", url: "__GHOST_URL__/storm-closes-old-quay/", metadata: { title: "Storm closes Old Quay" }, caption: "" },
        { type: "bookmark", url: "https://tides.example.org/2024", metadata: { title: "Tide tables", publisher: "Tides Office" }, caption: "" },
        { type: "bookmark", url: "https://council.example/minutes", metadata: { title: "Minutes" }, caption: "Read <i>all</i> of it" },
        { type: "bookmark", url: "javascript:void(0)", metadata: { title: "Trap" }, caption: "" },
      ),
    }, ctx);
    expect(out).toEqual(doc(
      { type: "relatedCard", attrs: { article_id: "article-42" } },
      { type: "embed", attrs: { url: "https://tides.example.org/2024", caption: "Tide tables", provider: "Tides Office" } },
      { type: "embed", attrs: { url: "https://council.example/minutes", caption: "Read all of it" } },
      para("Trap"),
    ));
    expect(notes).toEqual([{ code: "unmapped_card", message: 'Ghost "bookmark" card with the unusable URL "javascript:void(0)": its title was kept as a paragraph.' }]);
  });

  it("gallery card: its images in a row, the gallery caption as a paragraph, reported", () => {
    const ctx = context();
    const { doc: out, notes } = convert({
      lexical: lx.root({ type: "gallery", images: [{ src: "__GHOST_URL__/content/images/a.jpg", alt: "A", caption: "Credit: Ines Farrow" }, { src: "https://cdn.example/b.png", alt: "", width: 10, height: 20 }], caption: "Regatta day" }),
    }, ctx);
    expect(out).toEqual(doc(
      { type: "image", attrs: { media_id: "media-1", alt: "A", credit: "Ines Farrow" } },
      { type: "image", attrs: { media_id: "media-2", alt: "" } },
      para("Regatta day"),
    ));
    expect(ctx.media.map((m) => m.src)).toEqual([`${SITE}/content/images/a.jpg`, "https://cdn.example/b.png"]);
    expect(codes(notes)).toEqual(["credit_split", "gallery_flattened"]);
  });
});

describe("Lexical: cards we cannot represent are reported, never imported as HTML, their words kept", () => {
  it("html, callout, toggle, markdown, codeblock, button, header, product, media, paywall, signup and unknown cards", () => {
    const { doc: out, notes } = convert({
      lexical: lx.root(
        { type: "html", html: '<div onclick="x()">Poll: <script>track()</script>close the quay?</div>' },
        { type: "callout", calloutText: "<p>Got a <b>tip</b>? Call &amp; tell us.</p>", calloutEmoji: "💡" },
        { type: "toggle", heading: "<span>Do you pay sources?</span>", content: "<p>No.</p><p>Never.</p>" },
        { type: "markdown", markdown: "**Corrections** first.\n\nThen _the rest_." },
        { type: "codeblock", code: "line 1\nline 2", language: "bash" },
        { type: "button", buttonText: "Send a tip", buttonUrl: "__GHOST_URL__/tips/" },
        { type: "header", header: "<b>Budget night</b>", subheader: "Live from the town hall" },
        { type: "product", productTitle: "Ledger mug", productDescription: "<p>Holds tea.</p>" },
        { type: "video", src: "__GHOST_URL__/content/media/v.mp4", caption: "Launch day" },
        { type: "audio", src: "https://cdn.example/a.mp3", title: "" },
        { type: "paywall" },
        { type: "signup", header: "Subscribe" },
        { type: "mystery-card", foo: 1 },
      ),
    });
    expect(out).toEqual(doc(
      para("Got a ", t("tip", bold), "? Call & tell us."),
      para(t("Do you pay sources?", bold)), para("No."), para("Never."),
      para("**Corrections** first."), para("Then _the rest_."),
      para("line 1", br, "line 2"),
      para(t("Send a tip", link(`${SITE}/tips/`))),
      para(t("Budget night", bold)), para("Live from the town hall"),
      para(t("Ledger mug", bold)), para("Holds tea."),
      para("Launch day"),
    ));
    expect(notes.map((n) => n.message)).toEqual([
      'Ghost "html" card cannot be represented: it was left out (raw HTML is never imported; its text read: "Poll: close the quay?").',
      'Ghost "callout" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "toggle" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "markdown" card cannot be represented: its text was kept as paragraphs (markdown syntax left as written).',
      'Ghost "codeblock" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "button" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "header" card cannot be represented: its text was kept as paragraphs.',
      'Ghost "product" card cannot be represented: its text was kept as paragraphs.',
      `Ghost "video" card cannot be represented: its text was kept as paragraphs (file "${SITE}/content/media/v.mp4").`,
      'Ghost "audio" card cannot be represented: it was left out (file "https://cdn.example/a.mp3").',
      'Ghost "paywall" card cannot be represented: it was left out (everything after it is imported as public).',
      'Ghost "signup" card cannot be represented: it was left out.',
      'Ghost "mystery-card" card cannot be represented: it was left out.',
    ]);
    expect(new Set(codes(notes))).toEqual(new Set(["unmapped_card"]));
  });
});

describe("Lexical: hostile and broken input", () => {
  it("malformed JSON: a note, then Ghost's rendered HTML", () => {
    const { doc: out, notes } = convert({ lexical: '{"root": {"children": [', html: "<p>From the <em>html</em> &amp; column</p>" });
    expect(out).toEqual(doc(para("From the ", t("html", italic), " & column")));
    expect(notes).toEqual([
      { code: "malformed_body", message: "The Lexical body is not valid JSON (Unexpected end of JSON input)." },
      { code: "html_fallback", message: "Converted from Ghost's rendered HTML: its Lexical/Mobiledoc body could not be read." },
    ]);
  });

  it("JSON without a root, or of the wrong shape: a note and an empty body when there is no html", () => {
    for (const lexical of ['{"foo": 1}', "[]", "null", '{"root": {"children": "nope"}}']) {
      const { doc: out, notes } = convert({ lexical });
      expect(out).toEqual(doc());
      expect(codes(notes)).toEqual(["malformed_body"]);
    }
  });

  it("nodes of the wrong type inside are skipped, not thrown on", () => {
    const { doc: out } = convert({ lexical: lx.root(null, 5, "x", [], lx.p(null, lx.text("ok"), { type: "extended-text", text: 7 }), { type: "list", children: [null, { type: "listitem", children: "x" }] }) });
    expect(out).toEqual(doc(para("ok")));
  });

  it("lists nested past MAX_DEPTH are flattened into paragraphs, words kept", () => {
    let node: unknown = lx.text("deepest words");
    for (let i = 0; i < 40; i++) node = lx.el("list", [lx.el("listitem", [lx.text(`level ${40 - i}`), node])], { listType: "bullet" });
    const { doc: out, notes } = convert({ lexical: lx.root(node) });
    expect(JSON.stringify(out)).toContain("deepest words");
    expect(JSON.stringify(out)).toContain("level 1");
    expect(notes).toEqual([{ code: "flattened_nesting", message: "Quotes or lists nested too deeply were flattened into paragraphs." }]);
  });

  it("JSON nested 100,000 levels is refused before parsing (a note), without a stack overflow", () => {
    const deep = '{"root":{"type":"root","children":[' + '{"type":"x","children":['.repeat(100_000) + "]}".repeat(100_000) + "]}}";
    const { doc: out, notes } = convert({ lexical: deep });
    expect(out).toEqual(doc());
    expect(notes).toEqual([{ code: "malformed_body", message: "The Lexical body is nested more deeply than any real post; it was not read." }]);
  });

  it("links nested in links and unknown wrappers nested deeply keep their words", () => {
    let inline: unknown = lx.text("inner");
    for (let i = 0; i < 100; i++) inline = lx.link("https://a.example/", inline);
    let wrapper: unknown = lx.p("wrapped");
    for (let i = 0; i < 100; i++) wrapper = lx.el("custom-box", [wrapper]);
    const { doc: out, notes } = convert({ lexical: lx.root(lx.p(inline), wrapper) });
    expect(out).toEqual(doc(para(t("inner", link("https://a.example/"))), para("wrapped")));
    expect(codes(notes)).toEqual(["unknown_node", "flattened_nesting"]);
  });

  it("over MAX_NODES, formatting goes first: 2,000 formatted paragraphs keep every word, unformatted", () => {
    const paras = Array.from({ length: 2_000 }, (_, i) => lx.p(`a${i} `, lx.link("https://x.example/", lx.text("b", 1)), " c"));
    const { doc: out, notes } = convert({ lexical: lx.root(...paras) });
    expect(out.content).toHaveLength(2_000);
    expect(out.content[1_999]).toEqual(para("a1999 b c"));
    expect(notes).toEqual([{ code: "formatting_dropped", message: "The body has more than 5000 nodes: its links, bold and italic were dropped to keep all its words." }]);
  });

  it("then paragraph breaks: 10,000 paragraphs become one paragraph holding every word", () => {
    const paras = Array.from({ length: 10_000 }, (_, i) => lx.p(`p${i}`));
    const { doc: out, notes } = convert({ lexical: lx.root(...paras) });
    const words = Array.from({ length: 10_000 }, (_, i) => `p${i}`).join(" ");
    // As few paragraphs as the 20,000-character limit on a run allows, each one run.
    const texts = out.content.map((b) => (b as { content: Array<{ text: string }> }).content.map((r) => r.text));
    expect(texts.map((runs) => runs.length)).toEqual([1, 1, 1]);
    expect(texts.flat().join("")).toBe(words);
    expect(codes(notes)).toEqual(["formatting_dropped", "paragraphs_joined"]);
  });

  it("one list of 6,000 items is cut inside the list", () => {
    const { doc: out, notes } = convert({ lexical: lx.root(lx.list("bullet", ...Array.from({ length: 6_000 }, (_, i) => [`item ${i}`]))) });
    const list = out.content[0] as { content: unknown[] };
    expect(list.content).toHaveLength(1_666); // 1 list node + 1,666 × (item + paragraph + text) = 4,999
    expect(codes(notes)).toEqual(["formatting_dropped", "paragraphs_joined", "body_truncated"]);
    expect(notes[2]!.message).toBe("The body has more than 5000 nodes: it was cut at top-level block 1 of 1; the rest was left out.");
  });
});
