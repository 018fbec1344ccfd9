// Ghost keeps a photo's caption and its credit in one HTML field; we keep them apart (the image node
// and the featured image each have `caption` and `credit`). The split recognises the patterns
// newsrooms actually type, and nothing looser: a caption that merely mentions a photo stays whole.
//
//   "… (Photo: Name / Agency)"      "… (Credit: …)"                    a labelled parenthesis at the end
//   "…. Photo: <a>Name</a> / Agency" "…<br>Photograph: …"  "Foto: …"   a label at the start, or after a
//   "Credit: …"  "Image: …"  "Illustration: …"                          sentence end, a line break or " | "
//   "Photo by Name on Site"                                            "… by" at the start or after a sentence
//   "… (Name/Agency via Agency)"                                       a trailing parenthesis naming a source
import { MAX_TEXT_LENGTH } from "../../body/schema";
import { parseHtml, textOf } from "./html-lite";

export interface CaptionCredit {
  caption: string | null;
  credit: string | null;
  /** True when a credit was found and taken out of the caption (the importer reports it). */
  split: boolean;
}

const LABELS = [
  "photo credit", "image credit", "picture credit", "photographs", "photograph", "photography", "photos", "photo",
  "fotos", "foto", "pictures", "picture", "credits", "credit", "images", "image", "illustration", "graphic",
];
const LABEL = `(?:${LABELS.join("|")})`;
const LABELLED_PAREN = new RegExp(`\\(\\s*${LABEL}\\s*:\\s*([^()]+?)\\s*\\)\\s*$`, "iu");
const LABEL_COLON = new RegExp(`\\b${LABEL}\\s*:\\s*`, "giu");
const LABEL_BY = /\b(?:photos?|photograph|image|illustration|pictures?)\s+by\s+/giu;
/** "(Rhea Calloway/Ledger Pictures via Coastline Agency)": starts with a capital, names a "/" or "via" source. */
const SOURCE_PAREN = /\(\s*(\p{Lu}[^()]*?(?:\p{L}\s?\/\s?\p{L}|\svia\s)[^()]*?)\s*\)\s*$/u;
/** What may come right before a label for it to start a credit: nothing, a sentence end, a break, a bar. */
const BEFORE_LABEL = /(?:^|[.!?…"”’)\]]\s*|\n\s*|\s[|•·—–]\s*)$/u;
/** A credit longer than this is a sentence that happens to contain "photo:", not a credit. */
const MAX_CREDIT = 300;

const oneLine = (s: string): string => s.replace(/[\s\u00a0]+/g, " ").trim();
const cap = (s: string): string => (s.length > MAX_TEXT_LENGTH ? s.slice(0, MAX_TEXT_LENGTH) : s);
const clean = (s: string): string | null => {
  // The caption is what remains before the credit: drop a dangling separator, keep its own punctuation.
  const t = oneLine(s).replace(/\s*[|•·—–-]\s*$/u, "").trim();
  return t ? cap(t) : null;
};

function labelled(text: string, pattern: RegExp): CaptionCredit | null {
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) {
    const before = text.slice(0, m.index);
    if (!BEFORE_LABEL.test(before)) continue;
    const credit = oneLine(text.slice(m.index + m[0].length));
    if (!credit || credit.length > MAX_CREDIT) return null;
    return { caption: clean(before), credit: cap(credit), split: true };
  }
  return null;
}

export function splitCaptionCredit(captionHtml: string | null): CaptionCredit {
  if (captionHtml === null || captionHtml === undefined) return { caption: null, credit: null, split: false };
  return splitCaptionText(textOf(parseHtml(String(captionHtml))));
}

/** The same split for a caption already read as text (line breaks as "\n"). */
export function splitCaptionText(raw: string): CaptionCredit {
  // Line breaks matter to the split (a credit on its own line), so collapse only within lines here.
  const text = raw.replace(/[^\S\n]+/g, " ").replace(/ ?\n ?/g, "\n").trim();
  if (!text) return { caption: null, credit: null, split: false };

  const paren = LABELLED_PAREN.exec(text);
  if (paren && paren[1]!.length <= MAX_CREDIT) {
    return { caption: clean(text.slice(0, paren.index)), credit: cap(oneLine(paren[1]!)), split: true };
  }
  const found = labelled(text, LABEL_COLON) ?? labelled(text, LABEL_BY);
  if (found) return found;
  const source = SOURCE_PAREN.exec(text);
  if (source && source[1]!.length <= MAX_CREDIT) {
    return { caption: clean(text.slice(0, source.index)), credit: cap(oneLine(source[1]!)), split: true };
  }
  return { caption: cap(oneLine(text)), credit: null, split: false };
}

/** A caption field as plain text (no credit split): embeds' and bookmarks' captions. */
export function captionText(captionHtml: unknown): string | null {
  if (typeof captionHtml !== "string" || !captionHtml.trim()) return null;
  const t = oneLine(textOf(parseHtml(captionHtml)));
  return t ? cap(t) : null;
}
