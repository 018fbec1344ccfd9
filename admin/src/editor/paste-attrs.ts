// Reading the attribute text pasted HTML carries: inline style declarations (Docs' and Word's only
// record of bold and italic, see paste-clean.ts) and the links the API keeps.
import { STYLE_ATTR } from "./paste-defuse";

/** An element's style text, under whichever name it reached the parser (see defuse). */
export const styleOf = (el: Element) => parseStyle(el.getAttribute(STYLE_ATTR) ?? el.getAttribute("style"));

/** `a:b; c:d` → {a: "b", c: "d"}, names and values lower-cased, `!important` dropped. */
export function parseStyle(style: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of (style ?? "").split(";")) {
    const i = decl.indexOf(":");
    if (i < 0) continue;
    const name = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).replace(/!\s*important/i, "").trim().toLowerCase();
    if (name) out.set(name, value);
  }
  return out;
}

/** true/false when the value decides boldness, null when it says nothing we understand. */
export function boldFromWeight(value: string | undefined): boolean | null {
  if (!value) return null;
  if (value === "bold" || value === "bolder") return true;
  if (value === "normal" || value === "lighter") return false;
  const n = Number(value);
  return Number.isFinite(n) ? n >= 600 : null;
}

export function italicFromStyle(value: string | undefined): boolean | null {
  if (!value) return null;
  if (value === "italic" || value.startsWith("oblique")) return true;
  return value === "normal" ? false : null;
}

/** What the API keeps as a link: absolute http, https or mailto (src/body/schema.ts). */
export function safeHref(href: string | null): string | null {
  if (!href) return null;
  const h = href.trim();
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(h).protocol) ? h : null;
  } catch {
    return null;
  }
}
