// Mobiledoc (Ghost 1–4 posts still in Ghost 5 exports) → our body: sections, markers opening and
// closing markups, atoms, cards; and broken documents. convert() fails unless parseBody accepts.
import { describe, expect, it } from "vitest";
import { bold, br, codes, context, convert, doc, h, italic, item, link, ol, para, quote, SITE, t, ul } from "../fixtures/ghost/convert-helpers";

const md = (sections: unknown[], extra: { markups?: unknown[]; atoms?: unknown[]; cards?: unknown[] } = {}) =>
  JSON.stringify({ version: "0.3.1", ghostVersion: "4.0", markups: extra.markups ?? [], atoms: extra.atoms ?? [], cards: extra.cards ?? [], sections });
const text = (value: string, open: number[] = [], closed = 0) => [0, open, closed, value];

describe("Mobiledoc: sections and markups", () => {
  it("maps p, h1–h6, blockquote and aside sections", () => {
    const { doc: out } = convert({
      mobiledoc: md([[1, "p", [text("Lead")]], [1, "h1", [text("One")]], [1, "h3", [text("Three")]], [1, "h6", [text("Six")]], [1, "blockquote", [text("Quoted")]], [1, "aside", [text("Aside")]]]),
    });
    expect(out).toEqual(doc(para("Lead"), h(2, "One"), h(3, "Three"), h(4, "Six"), quote(para("Quoted")), quote(para("Aside"))));
  });

  it("opens and closes markups across markers: b/strong, i/em, a with href; others reported once", () => {
    const markups = [["strong"], ["em"], ["a", ["href", "__GHOST_URL__/tide-explainer/", "rel", "noopener"]], ["b"], ["i"], ["u"], ["a", ["href", "javascript:steal()"]], ["s"]];
    const { doc: out, notes } = convert({
      mobiledoc: md([
        [1, "p", [text("plain "), text("bold ", [0]), text("bold-italic", [1], 2), text(" then "), text("link", [2], 1)]],
        [1, "p", [text("b", [3], 1), text("i", [4], 1), text("under", [5], 1), text(" trap", [6], 1), text(" struck", [7], 1)]],
      ], { markups }),
    });
    expect(out).toEqual(doc(
      para("plain ", t("bold ", bold), t("bold-italic", bold, italic), " then ", t("link", link(`${SITE}/tide-explainer/`))),
      para(t("b", bold), t("i", italic), "under trap struck"),
    ));
    expect(notes).toEqual([
      { code: "unsupported_format", message: 'Formatting "underline" is not kept; its text is.' },
      { code: "unsafe_link", message: 'Link "javascript:steal()" kept as plain text (only http, https and mailto links are kept).' },
      { code: "unsupported_format", message: 'Formatting "strikethrough" is not kept; its text is.' },
    ]);
  });

  it("maps ul and ol list sections, and soft-return atoms to hard breaks", () => {
    const atoms = [["soft-return", "", {}], ["mention", "@desk", {}]];
    const { doc: out, notes } = convert({
      mobiledoc: md([
        [3, "ul", [[text("first")], [text("second "), [1, [], 0, 0], text("line")]]],
        [3, "ol", [[text("one")], []]],
        [1, "p", [text("hi "), [1, [], 0, 1]]],
      ], { atoms }),
    });
    expect(out).toEqual(doc(ul(item(para("first")), item(para("second ", br, "line"))), ol(item(para("one"))), para("hi @desk")));
    expect(notes).toEqual([{ code: "unknown_node", message: 'Mobiledoc atom "mention" was kept as its text.' }]);
  });

  it("keeps awkward text exactly: &, <, quotes, emoji, right-to-left scripts", () => {
    const value = `Fish & chips <£5> "cash" 🐟 — שלום עולם — مرحبا`;
    expect(convert({ mobiledoc: md([[1, "p", [text(value)]]]) }).doc).toEqual(doc(para(value)));
  });
});

describe("Mobiledoc: cards", () => {
  it("image, embed, bookmark, hr, html, markdown, code and an old image section", () => {
    const ctx = context({ "earlier-story": "article-7" });
    const cards = [
      ["image", { src: "__GHOST_URL__/content/images/lamp.jpg", alt: "Lamp room", caption: "The lamp. Photograph: Teodor Vance", width: 800, height: 600 }],
      ["embed", { url: "https://www.youtube.com/watch?v=xyz", html: "<iframe></iframe>", type: "video", metadata: { provider_name: "YouTube" }, caption: "" }],
      ["bookmark", { url: "__GHOST_URL__/earlier-story/", metadata: { title: "Earlier" } }],
      ["bookmark", { url: "https://outside.example/page", metadata: { title: "Outside", publisher: "Outside Times" } }],
      ["hr", {}],
      ["html", { html: "<table><tr><td>Grant</td><td>£410,000</td></tr></table>" }],
      ["card-markdown", { markdown: "Plain *markdown*" }],
      ["code", { code: "x = 1" }],
    ];
    const { doc: out, notes } = convert({
      mobiledoc: md([[10, 0], [10, 1], [10, 2], [10, 3], [10, 4], [10, 5], [10, 6], [10, 7], [2, "https://cdn.example/old.gif"], [10, 99]], { cards }),
    }, ctx);
    expect(out).toEqual(doc(
      { type: "image", attrs: { media_id: "media-1", alt: "Lamp room", caption: "The lamp.", credit: "Teodor Vance" } },
      { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=xyz", provider: "YouTube" } },
      { type: "relatedCard", attrs: { article_id: "article-7" } },
      { type: "embed", attrs: { url: "https://outside.example/page", caption: "Outside", provider: "Outside Times" } },
      { type: "horizontalRule" },
      para("Plain *markdown*"),
      para("x = 1"),
      { type: "image", attrs: { media_id: "media-2", alt: "" } },
    ));
    expect(ctx.media.map((m) => m.src)).toEqual([`${SITE}/content/images/lamp.jpg`, "https://cdn.example/old.gif"]);
    expect(notes.map((n) => `${n.code}: ${n.message}`)).toEqual([
      'credit_split: Image caption "The lamp.", credit "Teodor Vance".',
      'unmapped_card: Ghost "html" card cannot be represented: it was left out (raw HTML is never imported; its text read: "Grant £410,000").',
      'unmapped_card: Ghost "markdown" card cannot be represented: its text was kept as paragraphs (markdown syntax left as written).',
      'unmapped_card: Ghost "codeblock" card cannot be represented: its text was kept as paragraphs.',
      'unmapped_card: Ghost "unknown" card cannot be represented: it was left out.',
    ]);
  });
});

describe("Mobiledoc: broken documents", () => {
  it("malformed JSON falls back to the html column, with notes", () => {
    const { doc: out, notes } = convert({ mobiledoc: "{not json", html: "<p>Kept</p>" });
    expect(out).toEqual(doc(para("Kept")));
    expect(codes(notes)).toEqual(["malformed_body", "html_fallback"]);
  });

  it("no sections, unknown section types, bad markers and markup indexes are survived", () => {
    expect(convert({ mobiledoc: '{"version":"0.3.1"}' }).notes).toEqual([{ code: "malformed_body", message: "The Mobiledoc body has no sections." }]);
    const { doc: out, notes } = convert({ mobiledoc: md([[7, "x"], "junk", null, [1, "p", [null, [0, [42], 5, "safe"], [0, "x", "y", 3], [1, [], 0, 99]]], [3, "ul", "nope"]]) });
    expect(out).toEqual(doc(para("safe")));
    expect(notes).toEqual([
      { code: "unknown_node", message: "Unknown Mobiledoc section type 7 was left out." },
      { code: "unknown_node", message: "Unknown Mobiledoc section type null was left out." },
      { code: "unknown_node", message: 'Mobiledoc atom "" was kept as its text.' },
    ]);
  });

  it("Lexical wins when both are present (Ghost keeps only one; a stale Mobiledoc is ignored)", () => {
    const lexical = JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [{ type: "text", text: "lexical" }] }] } });
    expect(convert({ lexical, mobiledoc: md([[1, "p", [text("mobiledoc")]]]) }).doc).toEqual(doc(para("lexical")));
  });
});
