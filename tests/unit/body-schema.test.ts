import { describe, expect, it } from "vitest";
import { collectReferences, emptyDoc, MAX_NODES, parseBody } from "../../src/body";
import type { BodyDoc } from "../../src/body";

const p = (text: string, marks?: unknown[]) => ({ type: "paragraph", content: [{ type: "text", text, ...(marks ? { marks } : {}) }] });
const link = (href: string) => ({ type: "link", attrs: { href } });

function expectValid(input: unknown): BodyDoc {
  const result = parseBody(input);
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

function issuesOf(input: unknown) {
  const result = parseBody(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}

describe("parseBody: accepts", () => {
  it("an empty document, and a doc with content omitted (ProseMirror omits empty arrays)", () => {
    expect(expectValid({ type: "doc", content: [] })).toEqual(emptyDoc());
    expect(expectValid({ type: "doc" })).toEqual({ type: "doc", content: [] });
  });

  it("every block type", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Council votes" }] },
        p("Tom & Jerry <script>alert('x')</script> \"quoted\" 🎉"),
        { type: "paragraph" },
        { type: "blockquote", content: [p("We will appeal."), { type: "bulletList", content: [{ type: "listItem", content: [p("a")] }] }] },
        { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [p("three")] }] },
        { type: "orderedList", content: [{ type: "listItem", content: [p("one")] }] },
        { type: "horizontalRule" },
        { type: "image", attrs: { media_id: "m1", alt: "", caption: null, credit: "AP" } },
        { type: "relatedCard", attrs: { article_id: "a1" } },
        { type: "embed", attrs: { url: "https://www.youtube.com/watch?v=abc", provider: "YouTube" } },
        { type: "paragraph", content: [{ type: "text", text: "line" }, { type: "hardBreak" }, { type: "text", text: "next" }] },
      ],
    };
    const value = expectValid(doc);
    expect(value.content).toHaveLength(11);
    expect(value.content[1]).toEqual(p("Tom & Jerry <script>alert('x')</script> \"quoted\" 🎉"));
  });

  it("right-to-left text unchanged", () => {
    const value = expectValid({ type: "doc", content: [p("مرحبا بالعالم"), p("שלום עולם")] });
    expect(value.content).toEqual([p("مرحبا بالعالم"), p("שלום עולם")]);
  });

  it("http, https and mailto links, with any scheme case; strips TipTap's extra attrs", () => {
    const tiptapLink = { type: "link", attrs: { href: "HTTPS://example.com/a?b=1&c=2", target: "_blank", rel: "x", class: "y", title: null } };
    const value = expectValid({
      type: "doc",
      content: [p("a", [tiptapLink, { type: "bold" }]), p("b", [link("http://x.test")]), p("c", [link("MailTo:desk@example.com")])],
    });
    const first = value.content[0];
    expect(first?.type === "paragraph" && first.content?.[0]).toEqual({
      type: "text",
      text: "a",
      marks: [{ type: "link", attrs: { href: "HTTPS://example.com/a?b=1&c=2", title: null } }, { type: "bold" }],
    });
  });

  it("strips unknown attributes on known nodes (e.g. TipTap textAlign)", () => {
    const value = expectValid({ type: "doc", content: [{ type: "paragraph", attrs: { textAlign: "left" }, content: [{ type: "text", text: "x" }] }] });
    expect(value.content[0]).toEqual(p("x"));
  });
});

describe("parseBody: rejects", () => {
  it("a javascript: link, naming the href path", () => {
    const issues = issuesOf({ type: "doc", content: [p("click", [link("javascript:alert(1)")])] });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("body.content.0.content.0.marks.0.attrs.href");
    expect(issues[0]?.message).toMatch(/http:, https: or mailto:/);
  });

  it.each(["JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>", "/relative/path", "example.com", "ftp://x.test/", "vbscript:x", ""])(
    "link href %j",
    (href) => {
      const issues = issuesOf({ type: "doc", content: [p("ok"), p("bad", [{ type: "italic" }, link(href)])] });
      expect(issues.map((i) => i.path)).toEqual(["body.content.1.content.0.marks.1.attrs.href"]);
    },
  );

  it("an unknown block type, naming its path", () => {
    const issues = issuesOf({ type: "doc", content: [p("a"), { type: "video", attrs: { src: "x" } }] });
    expect(issues).toEqual([{ path: "body.content.1.type", message: 'Unknown block type "video"' }]);
  });

  it("unknown inline and mark types", () => {
    const issues = issuesOf({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "mention", attrs: { id: 1 } }] }, p("x", [{ type: "underline" }])],
    });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["body.content.0.content.0.type", 'Unknown inline node type "mention"'],
      ["body.content.1.content.0.marks.0.type", 'Unknown mark type "underline"'],
    ]);
  });

  it("a non-doc root and non-object input", () => {
    expect(issuesOf({ type: "paragraph", content: [] })[0]?.path).toBe("body.type");
    expect(issuesOf("hello")[0]?.path).toBe("body");
    expect(issuesOf(null)[0]?.path).toBe("body");
  });

  it("empty text, h1, empty lists/quotes, non-listItem children, bad list start", () => {
    const issues = issuesOf({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "" }] },
        { type: "heading", attrs: { level: 1 }, content: [] },
        { type: "blockquote", content: [] },
        { type: "bulletList", content: [p("not an item")] },
        { type: "orderedList", attrs: { start: 0 }, content: [{ type: "listItem", content: [p("x")] }] },
        { type: "listItem", content: [p("stray")] },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      "body.content.0.content.0.text",
      "body.content.1.attrs.level",
      "body.content.2.content",
      "body.content.3.content.0.type",
      "body.content.4.attrs.start",
      "body.content.5.type",
    ]);
  });

  it("images without media_id or alt, embeds with non-http urls", () => {
    const issues = issuesOf({
      type: "doc",
      content: [
        { type: "image", attrs: { media_id: "  ", alt: "x" } },
        { type: "image", attrs: { media_id: "m" } },
        { type: "embed", attrs: { url: "mailto:a@b.c" } },
        { type: "embed", attrs: { url: "javascript:alert(1)" } },
        { type: "relatedCard", attrs: {} },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      "body.content.0.attrs.media_id",
      "body.content.1.attrs.alt",
      "body.content.2.attrs.url",
      "body.content.3.attrs.url",
      "body.content.4.attrs.article_id",
    ]);
  });

  it("text longer than 20,000 chars", () => {
    expect(issuesOf({ type: "doc", content: [p("x".repeat(20_001))] })[0]?.path).toBe("body.content.0.content.0.text");
    expectValid({ type: "doc", content: [p("x".repeat(20_000))] });
  });
});

describe("parseBody: size limits", () => {
  /** `levels` nested blockquotes with a paragraph at the bottom. */
  function nestedQuotes(levels: number): unknown {
    let node: unknown = p("deep");
    for (let i = 0; i < levels; i++) node = { type: "blockquote", content: [node] };
    return { type: "doc", content: [node] };
  }

  it("allows 8 levels of blocks (inline nodes don't count) and rejects 9 with a path", () => {
    expectValid(nestedQuotes(7)); // 7 quotes + paragraph = depth 8
    const issues = issuesOf(nestedQuotes(8));
    expect(issues).toEqual([
      { path: "body.content.0.content.0.content.0.content.0.content.0.content.0.content.0.content.0.content.0", message: "Blocks are nested more than 8 levels deep" },
    ]);
  });

  it("fails cleanly on absurd nesting instead of overflowing the stack", () => {
    const issues = issuesOf(nestedQuotes(100_000));
    expect(issues[0]?.message).toMatch(/nested more than 8/);
  });

  it("counts nodes, including inline ones", () => {
    const para = (n: number) => ({ type: "paragraph", content: Array.from({ length: n }, () => ({ type: "text", text: "w" })) });
    // 1 paragraph + 4,999 text nodes = 5,000
    expectValid({ type: "doc", content: [para(MAX_NODES - 1)] });
    const issues = issuesOf({ type: "doc", content: [para(MAX_NODES - 1), p("one too many")] });
    expect(issues).toEqual([{ path: "body.content.1", message: "Document has more than 5000 nodes" }]);
  });
});

describe("collectReferences", () => {
  it("returns unique ids in document order, including nested ones", () => {
    const doc = expectValid({
      type: "doc",
      content: [
        { type: "image", attrs: { media_id: "m2", alt: "" } },
        { type: "relatedCard", attrs: { article_id: "a9" } },
        p("text"),
        { type: "blockquote", content: [{ type: "image", attrs: { media_id: "m1", alt: "" } }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "relatedCard", attrs: { article_id: "a1" } }] }] },
        { type: "image", attrs: { media_id: "m2", alt: "again" } },
        { type: "relatedCard", attrs: { article_id: "a9" } },
      ],
    });
    expect(collectReferences(doc)).toEqual({ mediaIds: ["m2", "m1"], articleIds: ["a9", "a1"] });
    expect(collectReferences(emptyDoc())).toEqual({ mediaIds: [], articleIds: [] });
  });
});
