// Word-level difference of two texts, for highlighting what changed inside a paragraph. Text is
// split into runs of whitespace, words (letters, digits and their combining marks, in any script)
// and other symbols (punctuation, emoji with their modifiers); joining the "same" and "del" parts
// gives back the old text exactly, "same" and "add" the new one.
//
// Our own LCS rather than jsdiff: jsdiff's word tokenizer knows Latin letters only (Cyrillic,
// Arabic or Hebrew would be diffed letter by letter unless given an Intl.Segmenter, which its
// whitespace-keeping variant does not take), and the block merge needs the same alignment anyway.
import { lcsPairs } from "./lcs";

export type WordOp = "same" | "add" | "del";
export interface WordPart {
  op: WordOp;
  text: string;
}

const TOKEN = /\s+|(?:[\p{L}\p{N}_]\p{M}*)+|[^\s\p{L}\p{N}_]+/gu;

export const tokenize = (s: string): string[] => s.match(TOKEN) ?? [];

const isBlank = (s: string) => /^\s*$/u.test(s);

export function diffWords(a: string, b: string): WordPart[] {
  if (a === b) return a ? [{ op: "same", text: a }] : [];
  const ta = tokenize(a);
  const tb = tokenize(b);
  // Token by token first: each gap between matched tokens is a deletion then an insertion.
  const raw: WordPart[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...lcsPairs(ta, tb), [ta.length, tb.length] as const]) {
    if (pi > i) raw.push({ op: "del", text: ta.slice(i, pi).join("") });
    if (pj > j) raw.push({ op: "add", text: tb.slice(j, pj).join("") });
    if (pi < ta.length) raw.push({ op: "same", text: ta[pi]! });
    i = pi + 1;
    j = pj + 1;
  }
  // A lone space kept between two changed words would show "a b c" → "x y z" as three flips;
  // folded into the change, it reads as one replaced phrase.
  const folded = raw.flatMap((p, k): WordPart[] =>
    p.op === "same" && isBlank(p.text) && raw[k - 1] && raw[k - 1]!.op !== "same" && raw[k + 1] && raw[k + 1]!.op !== "same"
      ? [{ op: "del", text: p.text }, { op: "add", text: p.text }]
      : [p],
  );
  // Each run of changes becomes one deletion followed by one insertion.
  const out: WordPart[] = [];
  let del = "";
  let add = "";
  const flush = () => {
    if (del) out.push({ op: "del", text: del });
    if (add) out.push({ op: "add", text: add });
    del = add = "";
  };
  for (const p of folded) {
    if (p.op === "del") del += p.text;
    else if (p.op === "add") add += p.text;
    else {
      flush();
      const prev = out.at(-1);
      if (prev?.op === "same") prev.text += p.text;
      else out.push({ op: "same", text: p.text });
    }
  }
  flush();
  return out;
}
