// What pasted (or dropped) HTML may bring into the body, decided before ProseMirror parses it.
//
// Why here and not in the schema's parse rules: under the admin's CSP (no inline styles) a parsed
// `style` attribute never reaches `el.style`, so TipTap's rules read Google Docs'
// `<b style="font-weight:normal" id="docs-internal-guid-…">` wrapper as bold (everything turns bold)
// and cannot see the `font-weight:700` / `font-style:italic` spans that carry Docs' real marks. The
// attribute *text* is still there: we read it ourselves and rebuild the fragment from plain tags
// (p, h2–h4, ul/ol/li, blockquote, hr, br, a, strong, em), with no class or style left.
//
// Pure: the caller passes the HTML parser (DOMParser in the page), so tests can run it on any DOM.
// The output is built with createElement/createTextNode and serialised, so nothing in it can be
// markup that was not put there on purpose. Beside it: paste-defuse.ts makes the HTML safe to parse,
// paste-attrs.ts reads the style text and links it carries.
import { boldFromWeight, italicFromStyle, safeHref, styleOf } from "./paste-attrs";
import { defuse } from "./paste-defuse";

export type ParseHtml = (html: string) => Document;

interface Marks {
  bold: boolean;
  italic: boolean;
  href: string | null;
  /** Inside a heading: headings are bold already, a bold mark there is noise. */
  heading: boolean;
}

/** Elements whose content never belongs in a story (code, media we cannot host, form controls, metadata). */
const DROP = new Set(
  "script style meta link title head base template noscript iframe frame frameset object embed applet param svg math canvas video audio source track picture img map area input button select option optgroup textarea datalist output progress meter dialog xml o:p".split(" "),
);
/** Blocks that are only containers: their loose text becomes paragraphs. */
const CONTAINERS = new Set(
  "body div section article main header footer nav aside figure center form fieldset details summary dl hgroup table thead tbody tfoot tr caption address".split(" "),
);
/** Blocks whose text is one paragraph (table cells, captions, definitions, preformatted text). */
const PARAGRAPHS = new Set("p td th dt dd figcaption pre legend".split(" "));
const HEADING = new Map([["h1", "h2"], ["h2", "h2"], ["h3", "h3"], ["h4", "h4"], ["h5", "h4"], ["h6", "h4"]]);
/** Our own atom nodes, as our editor serialises them when copying inside the body (custom-nodes.ts). */
const ATOMS: Record<string, { tag: string; attrs: readonly string[] }> = {
  "data-media-id": { tag: "figure", attrs: ["data-media-id", "data-alt", "data-caption", "data-credit"] },
  "data-article-id": { tag: "aside", attrs: ["data-article-id"] },
  "data-embed-url": { tag: "div", attrs: ["data-embed-url", "data-url", "data-caption", "data-provider"] },
};
/** ProseMirror's own copy marker: kept so a copy inside the body pastes with its structure. */
const SLICE = "data-pm-slice";

const isWhitespace = (s: string) => !s.replace(/[\s\u00a0\u200b\ufeff]/g, "");

/** The output of one block container (root, list item, quote): loose inline content is gathered
 * into one paragraph at a time; any block in the source closes it. */
class Flow {
  open: HTMLElement | null = null;
  /** data-pm-slice of the source paragraph whose output has not been created yet. */
  pendingSlice: string | null = null;
  /** Word's lists are paragraphs with `mso-list:lN levelM`: the lists being rebuilt, deepest last. */
  wordLists: { level: number; list: HTMLElement }[] = [];
  constructor(
    readonly doc: Document,
    readonly container: HTMLElement,
  ) {}
  textblock(tag: string): HTMLElement {
    if (!this.open || this.open.localName !== tag) {
      this.open = this.doc.createElement(tag);
      if (this.pendingSlice != null) this.open.setAttribute(SLICE, this.pendingSlice);
      this.pendingSlice = null;
      this.container.append(this.open);
    }
    return this.open;
  }
  close() {
    this.open = null;
    this.pendingSlice = null;
  }
  block<T extends HTMLElement>(el: T, from?: Element): T {
    this.close();
    this.wordLists = [];
    const slice = from?.getAttribute(SLICE);
    if (slice != null) el.setAttribute(SLICE, slice);
    this.container.append(el);
    return el;
  }
}

function walkChildren(src: Node, flow: Flow, marks: Marks, tag: string) {
  for (let n = src.firstChild; n; n = n.nextSibling) walk(n, flow, marks, tag);
}

function text(value: string, flow: Flow, marks: Marks, tag: string) {
  // Whitespace between blocks (Word's line breaks, indentation) must not open a paragraph.
  if (!flow.open && isWhitespace(value)) return;
  flow.wordLists = [];
  let node: Node = flow.doc.createTextNode(value);
  if (marks.italic) node = wrap(flow.doc.createElement("em"), node);
  if (marks.bold && !marks.heading) node = wrap(flow.doc.createElement("strong"), node);
  if (marks.href) {
    const a = flow.doc.createElement("a");
    a.setAttribute("href", marks.href);
    node = wrap(a, node);
  }
  flow.textblock(tag).append(node);
}

const wrap = (el: HTMLElement, child: Node) => (el.append(child), el);

function walk(node: Node, flow: Flow, marks: Marks, tag: string) {
  if (node.nodeType === 3) return text(node.nodeValue ?? "", flow, marks, tag);
  if (node.nodeType !== 1) return; // comments (Word's <!--[if …]-->), processing instructions
  const el = node as Element;
  const name = el.localName.toLowerCase();
  if (DROP.has(name) || name.startsWith("v:")) return;
  const style = styleOf(el);
  // Word's list bullet ("·", "1.") lives in a span marked mso-list:Ignore; hidden text stays hidden.
  if (style.get("mso-list") === "ignore" || style.get("display") === "none" || style.get("mso-hide") === "all") return;

  const atom = Object.keys(ATOMS).find((a) => el.hasAttribute(a));
  if (atom && ATOMS[atom]!.tag === name) return atomNode(el, ATOMS[atom]!.attrs, flow);

  const m = inlineMarks(el, name, style, marks);
  if (name === "br") {
    // A break between blocks (Docs puts one for every empty line) is not content.
    if (flow.open) flow.open.append(flow.doc.createElement("br"));
    return;
  }
  if (name === "hr") return void flow.block(flow.doc.createElement("hr"), el);
  if (name === "ul" || name === "ol") return list(el, name, flow, m);
  if (name === "li") return list(el, "ul", flow, m, true);
  if (name === "blockquote") {
    const inner = new Flow(flow.doc, flow.block(flow.doc.createElement("blockquote"), el));
    walkChildren(el, inner, m, "p");
    return flow.close();
  }
  const heading = HEADING.get(name);
  if (heading) {
    flow.close();
    flow.wordLists = [];
    flow.pendingSlice = el.getAttribute(SLICE);
    walkChildren(el, flow, { ...m, heading: true }, heading);
    return flow.close();
  }
  if (name === "p" && style.has("mso-list") && /level\d+/.test(style.get("mso-list")!)) return wordListItem(el, style, flow, m);
  if (PARAGRAPHS.has(name) || CONTAINERS.has(name)) {
    flow.close();
    flow.wordLists = [];
    if (name === "p") flow.pendingSlice = el.getAttribute(SLICE);
    walkChildren(el, flow, m, tag);
    return flow.close();
  }
  // Anything else (span, font, u, sup, Word's w:… wrappers, custom elements) is transparent.
  walkChildren(el, flow, m, tag);
}

function inlineMarks(el: Element, name: string, style: Map<string, string>, marks: Marks): Marks {
  const m = { ...marks };
  if (name === "b" || name === "strong") m.bold = true;
  if (name === "i" || name === "em") m.italic = true;
  if (name === "a") m.href = safeHref(el.getAttribute("href")) ?? marks.href;
  // Style wins over the tag: Docs' wrapper is <b style="font-weight:normal">, and not bold.
  const bold = boldFromWeight(style.get("font-weight"));
  if (bold !== null) m.bold = bold;
  const italic = italicFromStyle(style.get("font-style"));
  if (italic !== null) m.italic = italic;
  return m;
}

function atomNode(el: Element, attrs: readonly string[], flow: Flow) {
  const out = flow.doc.createElement(el.localName);
  for (const a of [...attrs, SLICE]) {
    const v = el.getAttribute(a);
    if (v != null) out.setAttribute(a, v);
  }
  flow.block(out);
}

/** ul/ol with only li children; a list nested directly in a list (as Docs writes it) goes into the
 * item before it. `loneItem`: an <li> outside any list gets one of its own. */
function list(el: Element, name: string, flow: Flow, marks: Marks, loneItem = false) {
  const out = flow.block(flow.doc.createElement(name), loneItem ? undefined : el);
  const start = Number(el.getAttribute("start"));
  if (name === "ol" && Number.isInteger(start) && start > 1) out.setAttribute("start", String(start));
  let item: Flow | null = null;
  const newItem = (from?: Element) => {
    const li = flow.doc.createElement("li");
    const slice = from?.getAttribute(SLICE);
    if (slice != null) li.setAttribute(SLICE, slice);
    out.append(li);
    return new Flow(flow.doc, li);
  };
  const children = loneItem ? [el] : [...el.childNodes];
  for (const c of children) {
    const cname = c.nodeType === 1 ? (c as Element).localName.toLowerCase() : "";
    if (cname === "li") {
      item = newItem(c as Element);
      walkChildren(c, item, inlineMarks(c as Element, "li", styleOf(c as Element), marks), "p");
    } else {
      if (c.nodeType === 3 && isWhitespace(c.nodeValue ?? "")) continue;
      item ??= newItem();
      walk(c, item, marks, "p");
    }
  }
  flow.close();
}

/** One Word list paragraph: `mso-list:l0 level2 lfo1`; its marker text tells bullets from numbers. */
function wordListItem(el: Element, style: Map<string, string>, flow: Flow, marks: Marks) {
  flow.close();
  const level = Number(/level(\d+)/.exec(style.get("mso-list")!)![1]);
  const marker = [...el.querySelectorAll("span")]
    .filter((s) => styleOf(s).get("mso-list") === "ignore")
    .map((s) => s.textContent ?? "")
    .join("")
    .replace(/[\s\u00a0]/g, "");
  const kind = /^(\d+|[a-z]|[ivxlcdm]+)[.)]$/i.test(marker) ? "ol" : "ul";
  const stack = flow.wordLists;
  while (stack.length && stack.at(-1)!.level > level) stack.pop();
  if (stack.length && stack.at(-1)!.level === level && stack.at(-1)!.list.localName !== kind) stack.pop();
  if (!stack.length || stack.at(-1)!.level < level) {
    const listEl = flow.doc.createElement(kind);
    const parentItem = stack.at(-1)?.list.lastElementChild;
    if (parentItem) parentItem.append(listEl);
    else flow.container.append(listEl);
    stack.push({ level, list: listEl });
  }
  const li = flow.doc.createElement("li");
  stack.at(-1)!.list.append(li);
  walkChildren(el, new Flow(flow.doc, li), marks, "p");
}

const TEXTBLOCK = /^(p|h[2-4])$/;
const KEEP_EMPTY = /^(hr|figure|aside|div)$/;

/** Leading/trailing breaks and blocks left with no words (Docs' `<p><br></p>`, Word's `&nbsp;`) go. */
function prune(el: Element) {
  for (const c of [...el.children]) prune(c);
  const name = el.localName;
  if (TEXTBLOCK.test(name)) {
    while (el.firstChild && (el.firstChild.nodeName === "BR" || (el.firstChild.nodeType === 3 && isWhitespace(el.firstChild.nodeValue ?? "")))) el.firstChild.remove();
    while (el.lastChild && (el.lastChild.nodeName === "BR" || (el.lastChild.nodeType === 3 && isWhitespace(el.lastChild.nodeValue ?? "")))) el.lastChild.remove();
  }
  if (/^(p|h[2-4]|li|ul|ol|blockquote)$/.test(name) && isWhitespace(el.textContent ?? "") && !el.querySelector("hr,figure,aside,div")) el.remove();
  else if (!KEEP_EMPTY.test(name) && el.parentElement && el.localName !== "br" && !el.childNodes.length) el.remove();
}

/** Clipboard HTML (Docs, Word, web pages, our own editor) → HTML of only the tags the body keeps. */
export function cleanPastedHtml(html: string, parse: ParseHtml): string {
  return clean(html, parse).innerHTML;
}

function clean(html: string, parse: ParseHtml): HTMLElement {
  const doc = parse(defuse(html));
  const root = doc.createElement("div");
  walkChildren(doc.body, new Flow(doc, root), { bold: false, italic: false, href: null, heading: false }, "p");
  for (const c of [...root.children]) prune(c);
  return root;
}

/** Does this clipboard HTML carry words? Office puts a picture of the copied text next to it: then
 * the text is what was meant. A copied image alone comes as `<img>` HTML plus the file. */
export function htmlHasText(html: string, parse: ParseHtml): boolean {
  return !!html && !isWhitespace(clean(html, parse).textContent ?? "");
}
