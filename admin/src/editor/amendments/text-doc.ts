// The amendment form's text as the API's inline document: a blank line starts a new paragraph, a
// line break inside one is a hard break, and every http(s) address becomes a link (its own text).
// Pure, so the e2e logic can check it without a browser.
import type { AmendmentDoc } from "../../api/model";

type Inline = NonNullable<AmendmentDoc["content"][number]["content"]>[number];

// Stops at whitespace and at closing punctuation that usually ends a sentence rather than a URL.
const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”]/g;

function inline(line: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of line.matchAll(URL_RE)) {
    if (m.index! > at) out.push({ type: "text", text: line.slice(at, m.index) });
    out.push({ type: "text", text: m[0], marks: [{ type: "link", attrs: { href: m[0] } }] });
    at = m.index! + m[0].length;
  }
  if (at < line.length) out.push({ type: "text", text: line.slice(at) });
  return out;
}

export function textToAmendmentDoc(text: string): AmendmentDoc {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return {
    type: "doc",
    content: paragraphs.map((p) => ({
      type: "paragraph",
      content: p.split("\n").flatMap((line, i): Inline[] => [...(i > 0 ? [{ type: "hardBreak" } as Inline] : []), ...inline(line)]),
    })),
  };
}

/** Back to text for editing or superseding: paragraphs by blank lines, links as their addresses' text. */
export function amendmentDocToText(doc: AmendmentDoc): string {
  return doc.content.map((p) => (p.content ?? []).map((n) => (n.type === "text" ? n.text : "\n")).join("")).join("\n\n");
}
