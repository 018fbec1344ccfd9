// Older Ghost bodies: Mobiledoc 0.3 ({version, markups, atoms, cards, sections}) → our blocks.
// Sections: [1, tag, markers] text, [2, src] image, [3, "ul"|"ol", items] list, [10, cardIndex] card.
// Markers: [0 text | 1 atom, opened markup indexes, number of markups closed after it, value].
// Mobiledoc has no nesting (lists are flat), so depth is never a concern here.
import type { BlockNode, ListItemNode } from "../../body/schema";
import { jsonTooDeep } from "./budget";
import { Inline, PLAIN, blockquote, heading, list, paragraph, type Cx, type Style } from "./builder";
import { convertCard } from "./cards";

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const UNSUPPORTED: Record<string, string> = { u: "underline", s: "strikethrough", strike: "strikethrough", del: "strikethrough", code: "code", sub: "subscript", sup: "superscript", mark: "highlight" };
/** Ghost 1–4 card names → the Lexical card they became. */
const CARD_NAMES: Record<string, string> = { "card-markdown": "markdown", hr: "horizontalrule", code: "codeblock" };
/** Bounds for hostile input (the node budget trims the output later; this bounds the work). */
const MAX_SECTIONS = 20_000;
const MAX_MARKERS = 50_000;

export function convertMobiledoc(cx: Cx, source: unknown): BlockNode[] | null {
  let data: unknown = source;
  if (typeof source === "string") {
    if (jsonTooDeep(source)) {
      cx.note("malformed_body", "The Mobiledoc body is nested more deeply than any real post; it was not read.");
      return null;
    }
    try {
      data = JSON.parse(source);
    } catch (err) {
      cx.note("malformed_body", `The Mobiledoc body is not valid JSON (${(err as Error).message.slice(0, 120)}).`);
      return null;
    }
  }
  if (typeof data !== "object" || data === null || !Array.isArray((data as Record<string, unknown>).sections)) {
    cx.note("malformed_body", "The Mobiledoc body has no sections.");
    return null;
  }
  const doc = data as Record<string, unknown>;
  return new MobiledocReader(cx, arr(doc.markups), arr(doc.atoms), arr(doc.cards)).read(arr(doc.sections).slice(0, MAX_SECTIONS));
}

class MobiledocReader {
  private markerBudget = MAX_MARKERS;

  constructor(
    private readonly cx: Cx,
    private readonly markups: unknown[],
    private readonly atoms: unknown[],
    private readonly cards: unknown[],
  ) {}

  read(sections: unknown[]): BlockNode[] {
    const out: BlockNode[] = [];
    for (const section of sections) {
      const s = arr(section);
      switch (s[0]) {
        case 1: {
          const tag = String(s[1] ?? "p").toLowerCase();
          const inline = this.markers(arr(s[2]));
          if (/^h[1-6]$/.test(tag)) out.push(...heading(Number(tag[1]), inline));
          else if (tag === "blockquote" || tag === "aside" || tag === "pull-quote") out.push(...blockquote(paragraph(inline)));
          else out.push(...paragraph(inline));
          break;
        }
        case 2:
          out.push(...this.cx.image(s[1], "", null, undefined, undefined));
          break;
        case 3: {
          const items: ListItemNode[] = arr(s[2]).map((markers) => ({ type: "listItem", content: paragraph(this.markers(arr(markers))) }));
          out.push(...list(String(s[1]).toLowerCase() === "ol", items));
          break;
        }
        case 10: {
          const card = arr(this.cards[typeof s[1] === "number" ? s[1] : -1]);
          const name = String(card[0] ?? "");
          const payload = card[1] && typeof card[1] === "object" ? (card[1] as Record<string, unknown>) : {};
          out.push(...convertCard(this.cx, CARD_NAMES[name] ?? name, payload, 1));
          break;
        }
        default:
          this.cx.once("unknown_node", `Unknown Mobiledoc section type ${JSON.stringify(s[0] ?? null)} was left out.`);
      }
    }
    return out;
  }

  private markers(markers: unknown[]): Inline {
    const inline = new Inline();
    const open: Style[] = [];
    for (const raw of markers) {
      if (--this.markerBudget < 0) break;
      const m = arr(raw);
      for (const index of arr(m[1])) open.push(this.style(open[open.length - 1] ?? PLAIN, this.markups[typeof index === "number" ? index : -1]));
      const style = open[open.length - 1] ?? PLAIN;
      if (m[0] === 1) this.atom(this.atoms[typeof m[3] === "number" ? m[3] : -1], style, inline);
      else if (typeof m[3] === "string") inline.text(m[3], style);
      const closed = typeof m[2] === "number" && m[2] > 0 ? Math.min(m[2], open.length) : 0;
      open.length -= closed;
    }
    return inline;
  }

  private style(base: Style, markup: unknown): Style {
    const m = arr(markup);
    const tag = String(m[0] ?? "").toLowerCase();
    if (tag === "b" || tag === "strong") return { ...base, bold: true };
    if (tag === "i" || tag === "em") return { ...base, italic: true };
    if (tag === "a") {
      const attrs = arr(m[1]);
      const at = attrs.findIndex((x, i) => i % 2 === 0 && x === "href");
      return { ...base, href: this.cx.href(at >= 0 ? attrs[at + 1] : "") };
    }
    if (tag in UNSUPPORTED) this.cx.once("unsupported_format", `Formatting "${UNSUPPORTED[tag]}" is not kept; its text is.`);
    return base;
  }

  private atom(atom: unknown, style: Style, into: Inline): void {
    const a = arr(atom);
    if (a[0] === "soft-return") return into.br();
    // Other atoms (mentions, Ghost's old "Mobiledoc atoms") show their text.
    if (typeof a[1] === "string" && a[1]) into.text(a[1], style);
    this.cx.once("unknown_node", `Mobiledoc atom "${String(a[0] ?? "").slice(0, 60)}" was kept as its text.`);
  }
}
