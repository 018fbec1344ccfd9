// Which way a story's language is written, in one place: the embed card (src/embed/card-html.ts)
// and the feed widget (src/embed/widget/model.ts, bundled for browsers) both ask.

// Primary language subtags written right to left (CLDR), and the scripts that are; a script subtag
// wins over the language ("ku-Arab" is RTL, "ug-Latn" is not).
const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "syr", "ug", "ur", "yi"]);
const RTL_SCRIPTS = new Set(["adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"]);

/** The `dir` of a BCP 47 tag: rtl for Arabic, Hebrew, Persian, Urdu…; ltr otherwise (and for garbage). */
export function textDirection(language: string): "rtl" | "ltr" {
  const [primary = "", ...rest] = language.trim().toLowerCase().split(/[-_]/);
  const script = rest.find((s) => s.length === 4 && /^[a-z]{4}$/.test(s));
  if (script) return RTL_SCRIPTS.has(script) ? "rtl" : "ltr";
  return RTL_LANGUAGES.has(primary) ? "rtl" : "ltr";
}
