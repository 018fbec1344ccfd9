// A small, bounded HTML reader for what Ghost writes: its rendered `html` column (kg-card markup),
// captions (fragments with <a>, <span>, <em>, <br>) and the HTML inside cards (callout text, toggle
// content). Not a browser parser: no foreign content, no adoption agency; misnested tags close what is
// open up to the matching element, and an end tag nobody opened is ignored. That is enough for
// machine-written HTML, and it keeps parse5 (and its ~100 kB of entity tables) out of the Worker.
//
// Bounded on every axis so a hostile export cannot cost more than a few milliseconds: input length,
// element count and nesting depth are capped; content beyond the depth cap is attached to the deepest
// allowed element (its words survive, its structure does not).

export interface HElement {
  name: string;
  attrs: Record<string, string>;
  children: HNode[];
}
export type HNode = HElement | string;

const MAX_INPUT = 2_000_000;
const MAX_ELEMENTS = 50_000;
export const MAX_HTML_DEPTH = 48;
const MAX_FAILED_TAGS = 1_000;

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
/** Elements whose content is not markup (and, for us, not words a reader saw). */
const RAW = new Set(["script", "style", "textarea", "title", "noscript", "template", "iframe", "svg", "math", "object"]);
/** A new one of these closes an open <p> (HTML's implied end tag), and <li> closes an open <li>. */
const CLOSES_P = new Set(["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption", "hr", "pre", "table", "section", "article", "aside", "header", "footer", "nav", "dl"]);

const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", shy: "\u00ad",
  mdash: "—", ndash: "–", hellip: "…", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", sbquo: "‚", bdquo: "„",
  laquo: "«", raquo: "»", bull: "•", middot: "·", copy: "©", reg: "®", trade: "™", deg: "°", times: "×", divide: "÷",
  euro: "€", pound: "£", yen: "¥", cent: "¢", sect: "§", para: "¶", plusmn: "±", frac12: "½", frac14: "¼", frac34: "¾",
  prime: "′", Prime: "″", thinsp: "\u2009", ensp: "\u2002", emsp: "\u2003", zwj: "\u200d", zwnj: "\u200c", lrm: "\u200e", rlm: "\u200f",
  aacute: "á", Aacute: "Á", agrave: "à", Agrave: "À", acirc: "â", auml: "ä", Auml: "Ä", aring: "å", Aring: "Å", aelig: "æ", AElig: "Æ",
  ccedil: "ç", Ccedil: "Ç", eacute: "é", Eacute: "É", egrave: "è", Egrave: "È", ecirc: "ê", euml: "ë", iacute: "í", igrave: "ì",
  icirc: "î", iuml: "ï", ntilde: "ñ", Ntilde: "Ñ", oacute: "ó", Oacute: "Ó", ograve: "ò", ocirc: "ô", ouml: "ö", Ouml: "Ö",
  oslash: "ø", Oslash: "Ø", uacute: "ú", ugrave: "ù", ucirc: "û", uuml: "ü", Uuml: "Ü", szlig: "ß", yacute: "ý",
};

/** Decode character references; an unknown name is left as written (what a browser shows for it). */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // NUL, surrogates and out-of-range code points become U+FFFD, as in browsers.
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(code);
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * A start or end tag at the cursor (sticky). Quoted attribute values may hold ">" (serialisers escape
 * only & and "), so they are matched whole; every part is bounded so a broken tag costs little.
 */
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]{0,4096}"|'[^']{0,4096}'){0,4096})>/y;
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  let n = 0;
  for (const m of src.matchAll(ATTR)) {
    if (++n > 64) break;
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}

/** Parse a fragment into a tree (the returned element is a synthetic root named "#root"). */
export function parseHtml(input: string): HElement {
  const html = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  const root: HElement = { name: "#root", attrs: {}, children: [] };
  const stack: HElement[] = [root];
  let elements = 0;
  let failures = 0;
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  const text = (s: string) => {
    if (!s) return;
    const kids = top().children;
    const last = kids[kids.length - 1];
    if (typeof last === "string") kids[kids.length - 1] = last + decodeEntities(s);
    else kids.push(decodeEntities(s));
  };
  const close = (name: string): void => {
    for (let k = stack.length - 1; k > 0; k--) {
      if (stack[k]!.name === name) {
        stack.length = k;
        return;
      }
    }
  };
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    text(html.slice(i, lt));
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      const body = html.slice(i + 4, end < 0 ? html.length : end);
      // Comments are kept (as elements named "#comment"): Ghost marks its html cards with them.
      top().children.push({ name: "#comment", attrs: { text: body.trim() }, children: [] });
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(html);
    if (!m) {
      // A name with no ">" after it (within bounds) cost the regex a long scan: after many, the rest
      // is read as text, so tag-shaped garbage cannot make parsing quadratic.
      if (/[A-Za-z\/]/.test(html[i + 1] ?? "") && ++failures > MAX_FAILED_TAGS) {
        text(html.slice(i));
        break;
      }
      // "<" that starts no tag ("a < b", "<!DOCTYPE", "<?xml", a tag longer than we read): text or skipped.
      if (html[i + 1] === "!" || html[i + 1] === "?") {
        const end = html.indexOf(">", i);
        i = end < 0 ? html.length : end + 1;
      } else {
        text("<");
        i++;
      }
      continue;
    }
    i += m[0].length;
    const name = m[2]!.toLowerCase();
    if (m[1]) {
      if (name === "p" && !stack.some((e) => e.name === "p")) continue;
      close(name);
      continue;
    }
    if (RAW.has(name)) {
      const closing = new RegExp(`</${name}`, "gi");
      closing.lastIndex = i;
      const end = closing.exec(html)?.index ?? -1;
      const raw = html.slice(i, end < 0 ? html.length : end);
      i = end < 0 ? html.length : html.indexOf(">", end) + 1 || html.length;
      if (++elements > MAX_ELEMENTS) continue;
      // Only iframes' src matters (embeds); raw content is kept as an attribute, never as words.
      top().children.push({ name, attrs: { ...parseAttrs(m[3]!), "#raw": raw.slice(0, 10_000) }, children: [] });
      continue;
    }
    if (CLOSES_P.has(name) && top().name === "p") stack.pop();
    if (name === "li") {
      const li = stack.findLastIndex((e) => e.name === "li");
      const list = stack.findLastIndex((e) => e.name === "ul" || e.name === "ol");
      if (li > list && li > 0) stack.length = li;
    }
    if (++elements > MAX_ELEMENTS) continue;
    const el: HElement = { name, attrs: parseAttrs(m[3]!), children: [] };
    top().children.push(el);
    // "/>" closes nothing in HTML (and "<a href=x/>" is an unquoted href ending in "/"): only void
    // elements are empty. Past the depth cap an element is recorded but not entered.
    if (!VOID.has(name) && stack.length < MAX_HTML_DEPTH) stack.push(el);
  }
  return root;
}

export const isElement = (n: HNode | undefined): n is HElement => typeof n === "object" && n !== null;
export const hasClass = (el: HElement, cls: string): boolean => (el.attrs.class ?? "").split(/\s+/).includes(cls);

/** Every element below `root` (document order, iterative). */
export function* descendants(root: HElement): Generator<HElement> {
  const stack: Array<{ el: HElement; i: number }> = [{ el: root, i: 0 }];
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const child = frame.el.children[frame.i++];
    if (child === undefined) {
      stack.pop();
      continue;
    }
    if (isElement(child)) {
      yield child;
      stack.push({ el: child, i: 0 });
    }
  }
}

const BREAKS = new Set(["br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "tr", "td", "th", "dt", "dd"]);

/**
 * The words of a subtree: entities decoded, scripts and comments left out, <br> and block ends as
 * "\n", other whitespace as written (callers collapse it). Iterative: depth is no concern here.
 */
export function textOf(root: HElement): string {
  let out = "";
  const stack: Array<{ el: HElement; i: number }> = [{ el: root, i: 0 }];
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const child = frame.el.children[frame.i++];
    if (child === undefined) {
      stack.pop();
      if (BREAKS.has(frame.el.name)) out += "\n";
      continue;
    }
    if (typeof child === "string") out += child;
    else if (child.name === "br") out += "\n";
    else if (child.name[0] !== "#" && !RAW.has(child.name)) stack.push({ el: child, i: 0 });
  }
  return out;
}

/** Text with runs of whitespace (newlines included) as one space, trimmed. */
export const collapse = (s: string): string => s.replace(/[\s\u00a0]+/g, " ").trim();

/** A caption-style fragment as one line of text. */
export const htmlToText = (fragment: string): string => collapse(textOf(parseHtml(fragment)));
