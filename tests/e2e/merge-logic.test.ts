// The admin's merge engine, without a browser: two editors' saves of one story combine block by
// block and field by field, and only what both changed differently is left to a person. Issue 10:
// "Keep mine" replaced the whole body and a colleague's added sentence vanished from a live story.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { emptyForm, type ArticleForm } from "../../admin/src/editor/article-form";
import type { BodyDoc, BodyNode } from "../../admin/src/editor/body-json";
import { blockText, diffDocs } from "../../admin/src/editor/merge/block-diff";
import { mergeBlocks, resolveChunks, type BlockChunk } from "../../admin/src/editor/merge/block-merge";
import { applyChoices, mergeForms } from "../../admin/src/editor/merge/field-merge";
import { diffWords, type WordPart } from "../../admin/src/editor/merge/word-diff";

const p = (text: string): BodyNode => ({ type: "paragraph", content: text ? [{ type: "text", text }] : [] });
const h = (text: string): BodyNode => ({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text }] });
const doc = (...blocks: BodyNode[]): BodyDoc => ({ type: "doc", content: blocks });
const texts = (blocks: BodyNode[]) => blocks.map(blockText);
/** The merged body when every conflict keeps "mine"; throws the test if there was one. */
const clean = (chunks: BlockChunk[]) => {
  expect(chunks.filter((c) => c.kind === "conflict")).toEqual([]);
  return texts(resolveChunks(chunks, () => "mine"));
};
/** Word parts as text: [-deleted-] and {+added+}. */
const markup = (parts: WordPart[]) => parts.map((x) => (x.op === "same" ? x.text : x.op === "add" ? `{+${x.text}+}` : `[-${x.text}-]`)).join("");
const conflicts = (chunks: BlockChunk[]) => chunks.filter((c) => c.kind === "conflict");

const BASE = doc(
  p("The tram depot on Hlybochytska Street will close for repairs."),
  p("Police said the area was cordoned off."),
  p("Residents were told to use buses."),
  p("The city did not say when it would reopen."),
  p("Repairs are paid for by the city budget."),
);
const with_ = (i: number, block: BodyNode, d = BASE) => doc(...d.content.map((b, k) => (k === i ? block : b)));

describe("block merge: edits to different blocks combine", () => {
  test("the issue's case: one adds a sentence to paragraph 2, the other edits paragraph 4; both are kept", () => {
    const mine = with_(1, p("Police said the area was cordoned off. Two people were taken to hospital."));
    const theirs = with_(3, p("The city said it would reopen on Monday."));
    expect(clean(mergeBlocks(BASE, mine, theirs))).toEqual([
      "The tram depot on Hlybochytska Street will close for repairs.",
      "Police said the area was cordoned off. Two people were taken to hospital.",
      "Residents were told to use buses.",
      "The city said it would reopen on Monday.",
      "Repairs are paid for by the city budget.",
    ]);
  });

  test("adjacent paragraphs edited by each side merge without asking", () => {
    const mine = with_(1, p("Police said the whole area was cordoned off."));
    const theirs = with_(2, p("Residents were told to use buses 24 and 27."));
    expect(clean(mergeBlocks(BASE, mine, theirs)).slice(1, 3)).toEqual(["Police said the whole area was cordoned off.", "Residents were told to use buses 24 and 27."]);
  });

  test("one side inserts a block, the other edits the block next to it", () => {
    const mine = doc(...BASE.content.slice(0, 2), h("What we know"), ...BASE.content.slice(2));
    const theirs = with_(2, p("Residents were told to walk."));
    expect(clean(mergeBlocks(BASE, mine, theirs)).slice(1, 4)).toEqual(["Police said the area was cordoned off.", "What we know", "Residents were told to walk."]);
  });

  test("a deletion on one side and an edit elsewhere on the other", () => {
    const mine = doc(...BASE.content.filter((_, k) => k !== 4));
    const theirs = with_(0, p("The tram depot will close."));
    expect(clean(mergeBlocks(BASE, mine, theirs))).toEqual(["The tram depot will close.", ...texts(BASE.content.slice(1, 4))]);
  });

  test("the same edit made on both sides is taken once", () => {
    const both = with_(1, p("Police said the area was sealed off."));
    const chunks = mergeBlocks(BASE, both, both);
    expect(clean(chunks)).toEqual(texts(both.content));
    expect(chunks.some((c) => c.kind === "ok" && c.source === "both")).toBe(true);
  });

  test("attributes TipTap adds and the API drops are not an edit", () => {
    const tiptap = doc(...BASE.content.map((b) => ({ ...b, attrs: { textAlign: null } })));
    expect(mergeBlocks(BASE, tiptap, BASE)).toEqual([{ kind: "ok", blocks: BASE.content, source: "base" }]);
  });
});

describe("block merge: what only a person can decide", () => {
  test("the same paragraph changed differently on each side is one conflict holding just that block", () => {
    const mine = with_(1, p("Police said the area was sealed off."));
    const theirs = with_(1, p("Police said the area was cordoned off at noon."));
    const chunks = mergeBlocks(BASE, mine, theirs);
    expect(conflicts(chunks)).toEqual([{ kind: "conflict", base: [BASE.content[1]], mine: [mine.content[1]], theirs: [theirs.content[1]] }]);
    expect(texts(resolveChunks(chunks, () => "theirs"))[1]).toBe("Police said the area was cordoned off at noon.");
    expect(texts(resolveChunks(chunks, () => "both")).slice(1, 3)).toEqual(["Police said the area was sealed off.", "Police said the area was cordoned off at noon."]);
  });

  test("a run both edited is settled block by block: only the block both touched is asked about", () => {
    const mine = doc(BASE.content[0]!, p("Mine 2"), p("Mine 3"), ...BASE.content.slice(3));
    const theirs = with_(2, p("Theirs 3"));
    const chunks = mergeBlocks(BASE, mine, theirs);
    expect(conflicts(chunks)).toEqual([{ kind: "conflict", base: [BASE.content[2]], mine: [p("Mine 3")], theirs: [p("Theirs 3")] }]);
    expect(texts(resolveChunks(chunks, () => "mine")).slice(1, 3)).toEqual(["Mine 2", "Mine 3"]);
  });

  test("deleting a paragraph the other side edited is a conflict, not a silent loss", () => {
    const mine = doc(...BASE.content.filter((_, k) => k !== 3));
    const theirs = with_(3, p("The city said it would reopen on Monday."));
    const [c] = conflicts(mergeBlocks(BASE, mine, theirs));
    expect(c).toEqual({ kind: "conflict", base: [BASE.content[3]], mine: [], theirs: [theirs.content[3]] });
  });

  test("both sides inserting different blocks at the same spot is a conflict; the same block is taken once", () => {
    const at = (block: BodyNode) => doc(...BASE.content.slice(0, 2), block, ...BASE.content.slice(2));
    const chunks = mergeBlocks(BASE, at(p("Update: trams resume.")), at(p("Correction: buses 24 and 27.")));
    expect(conflicts(chunks)).toEqual([{ kind: "conflict", base: [], mine: [p("Update: trams resume.")], theirs: [p("Correction: buses 24 and 27.")] }]);
    expect(clean(mergeBlocks(BASE, at(p("Same")), at(p("Same"))))).toEqual(texts(at(p("Same")).content));
  });
});

describe("block merge: properties over random bodies", () => {
  // A tiny alphabet, so random bodies share blocks and the LCS has real choices to make.
  const block = fc.constantFrom("a", "b", "c", "d", "e").map(p);
  const body = fc.array(block, { maxLength: 12 }).map((bs) => doc(...bs));
  const merged = (chunks: BlockChunk[]) => resolveChunks(chunks, () => "mine");

  test("merge(base, x, base) is x and merge(base, base, y) is y, with no conflict", () => {
    fc.assert(
      fc.property(body, body, (base, x) => {
        const a = mergeBlocks(base, x, base);
        const b = mergeBlocks(base, base, x);
        return !conflicts(a).length && !conflicts(b).length && JSON.stringify(merged(a)) === JSON.stringify(x.content) && JSON.stringify(merged(b)) === JSON.stringify(x.content);
      }),
    );
  });

  test("merge(base, x, x) is x", () => {
    fc.assert(fc.property(body, body, (base, x) => !conflicts(mergeBlocks(base, x, x)).length && JSON.stringify(merged(mergeBlocks(base, x, x))) === JSON.stringify(x.content)));
  });

  test("whatever the edits, no block either side wrote is lost when a person keeps both", () => {
    fc.assert(
      fc.property(body, body, body, (base, x, y) => {
        const kept = resolveChunks(mergeBlocks(base, x, y), () => "both").map(blockText);
        const written = [...x.content, ...y.content].map(blockText).filter((t) => !base.content.map(blockText).includes(t));
        return written.every((t) => kept.includes(t));
      }),
    );
  });
});

describe("form merge", () => {
  const form = (patch: Partial<ArticleForm>): ArticleForm => ({ ...emptyForm(), headline: "Tram depot closes", body: BASE, ...patch });
  const base = form({});

  test("fields only one side changed are taken, and the body merges underneath", () => {
    const mine = form({ dek: "For two weeks", body: with_(1, p("Police said the area was cordoned off. Two people were hurt.")) });
    const theirs = form({ tags: ["Transport"], body: with_(3, p("It reopens on Monday.")) });
    const r = mergeForms(base, mine, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.merged).toMatchObject({ dek: "For two weeks", tags: ["Transport"] });
    expect(texts(r.merged.body.content)).toContain("Police said the area was cordoned off. Two people were hurt.");
    expect(texts(r.merged.body.content)).toContain("It reopens on Monday.");
    expect(r.auto.map((a) => [a.field, a.from])).toEqual([["dek", "mine"], ["body", "both"], ["tags", "theirs"]]);
    // The panel says which paragraphs came from whom.
    expect(r.auto.find((a) => a.field === "body")?.blocks).toEqual([{ where: "paragraph 2", from: "mine" }, { where: "paragraph 4", from: "theirs" }]);
  });

  test("a field both changed identically is taken; differently, it is a conflict that keeps mine until chosen", () => {
    const mine = form({ headline: "Tram depot shuts", summary: "Same words" });
    const theirs = form({ headline: "Tram depot to close", summary: "Same words " });
    const r = mergeForms(base, mine, theirs);
    expect(r.conflicts).toEqual([{ id: "headline", kind: "field", field: "headline", label: "Headline" }]);
    expect(r.merged.headline).toBe("Tram depot shuts");
    expect(applyChoices(r, { headline: "theirs" }).headline).toBe("Tram depot to close");
    expect(applyChoices(r, {}).headline).toBe("Tram depot shuts");
  });

  test("body conflicts are named by where they sit and settled one by one; 'both' keeps mine then theirs", () => {
    const mine = form({ body: with_(1, p("Mine two"), with_(3, p("Mine four"))) });
    const theirs = form({ body: with_(1, p("Theirs two"), with_(3, p("Theirs four"))) });
    const r = mergeForms(base, mine, theirs);
    expect(r.conflicts.map((c) => c.label)).toEqual(["Body, paragraph 2", "Body, paragraph 4"]);
    const [second, fourth] = r.conflicts.map((c) => c.id);
    const out = applyChoices(r, { [second!]: "theirs", [fourth!]: "both" });
    expect(texts(out.body.content)).toEqual([blockText(BASE.content[0]!), "Theirs two", blockText(BASE.content[2]!), "Mine four", "Theirs four", blockText(BASE.content[4]!)]);
  });
});

describe("word diff", () => {
  const marked = (a: string, b: string) => markup(diffWords(a, b));

  test("only the changed words are highlighted", () => {
    expect(marked("Police said the area was cordoned off.", "Police said the whole area was sealed off.")).toBe("Police said the {+whole +}area was [-cordoned-]{+sealed+} off.");
    expect(marked("a b c", "x y z")).toBe("[-a b c-]{+x y z+}");
    expect(diffWords("same", "same")).toEqual([{ op: "same", text: "same" }]);
    expect(diffWords("", "")).toEqual([]);
  });

  test("Cyrillic, Arabic and Hebrew words change as words; emoji and markup characters stay literal", () => {
    expect(marked("Трамвайне депо закриють", "Трамвайне депо відкриють")).toBe("Трамвайне депо [-закриють-]{+відкриють+}");
    expect(marked("قال الشرطة إن المنطقة", "قالت الشرطة إن المنطقة")).toBe("[-قال-]{+قالت+} الشرطة إن المنطقة");
    expect(marked("המשטרה אמרה", "המשטרה הודיעה")).toBe("המשטרה [-אמרה-]{+הודיעה+}");
    expect(marked("Fans 👍🏽 <b> & more", "Fans 👍🏿 <b> &amp; more")).toBe("Fans [-👍🏽-]{+👍🏿+} <b> &{+amp;+} more");
  });

  test("the parts always rebuild both texts exactly, whitespace included", () => {
    const word = fc.oneof(fc.constantFrom("the", "tram", "депо", "مرحبا", "👍🏽", "<", "&", " ", "\n", "  "), fc.string({ unit: "grapheme", maxLength: 4 }));
    const text = fc.array(word, { maxLength: 20 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const parts = diffWords(a, b);
        const rebuilt = (skip: string) => parts.filter((x) => x.op !== skip).map((x) => x.text).join("");
        return rebuilt("add") === a && rebuilt("del") === b && parts.every((x) => x.text !== "");
      }),
    );
  });
});

test("the history diff pairs an edited block with its old self and lists the rest as added or removed", () => {
  const newer = doc(p("The tram depot will close."), BASE.content[1]!, h("What we know"), ...BASE.content.slice(3));
  const rows = diffDocs(BASE, newer);
  expect(rows.map((r) => r.op)).toEqual(["change", "same", "del", "add", "same", "same"]);
  expect(markup(rows[0]!.words!)).toBe("The tram depot [-on Hlybochytska Street -]will close[- for repairs-].");
  expect(rows[2]).toEqual({ op: "del", old: BASE.content[2] });
});
