// Clipboard HTML made safe to parse under the admin's CSP, before paste-clean.ts reads it. A tag scan
// of its own (no DOM), so it runs, and is tested, anywhere.

/** Where a tag's `style` text is kept while parsing (see defuse). */
export const STYLE_ATTR = "data-pasted-style";
const SPACE = /[\t\n\f\r ]/;

/**
 * Makes clipboard HTML trip no CSP rule when the page parses it. Parsing puts every `style`
 * attribute, `<style>` element and `on…` handler before the page's CSP, which refuses each and
 * reports a violation (Docs writes dozens of style attributes, Word a stylesheet). So before
 * parsing: `style` attributes are renamed to STYLE_ATTR (we still read their text), `on…`
 * attributes get a `data-pasted-` prefix (never read), `<style>` and `<script>` elements are cut
 * out whole. A small scan of tag syntax following the HTML tokenizer's rules, quotes respected.
 * Should it misread odd markup, the worst case is an attribute left as it was: refused by the
 * CSP and reported, never applied, and dropped by the transform anyway.
 */
export function defuse(html: string): string {
  let out = "";
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) return out + html.slice(i);
    out += html.slice(i, lt);
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      const stop = end < 0 ? n : end + 3;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    if (!/[a-z]/i.test(html[i + 1] ?? "")) {
      out += "<";
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !/[\t\n\f\r />]/.test(html[j]!)) j++;
    const tag = html.slice(i + 1, j).toLowerCase();
    if (tag === "style" || tag === "script") {
      // Raw text: the element ends at the first </style or </script, whatever comes between.
      const close = new RegExp(`</${tag}[\\t\\n\\f\\r />]`, "i").exec(html.slice(j));
      const gt = close ? html.indexOf(">", j + close.index) : -1;
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    out += html.slice(i, j);
    i = j;
    while (i < n && html[i] !== ">") {
      const c = html[i]!;
      let k = i;
      while (k < n && !/[\t\n\f\r />=]/.test(html[k]!)) k++;
      if (k === i) {
        out += c;
        i++;
        continue;
      }
      const name = html.slice(i, k);
      const lower = name.toLowerCase();
      out += lower === "style" ? STYLE_ATTR : lower.startsWith("on") ? `data-pasted-${name}` : name;
      i = k;
      let m = i;
      while (m < n && SPACE.test(html[m]!)) m++;
      if (html[m] !== "=") continue;
      m++;
      while (m < n && SPACE.test(html[m]!)) m++;
      const q = html[m];
      let end = m;
      if (q === '"' || q === "'") {
        end = html.indexOf(q, m + 1);
        end = end < 0 ? n : end + 1;
      } else while (end < n && !/[\t\n\f\r >]/.test(html[end]!)) end++;
      out += html.slice(i, end);
      i = end;
    }
  }
  return out;
}
