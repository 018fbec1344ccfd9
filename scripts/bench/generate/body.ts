// Article bodies in the app's document format (README "Body format"): 400–1,200 words of
// paragraphs with marks and links, subheadings, pulled quotes, lists, images with captions,
// related-story cards and the odd embed, so rendering costs what a real story costs.
import type { BlockNode, BodyDoc, InlineNode } from "../../../src/body/schema";
import type { Rng } from "./prng";
import { headline, personName, phrase, quoteSentence, sentence } from "./text";
import { SOURCES } from "./vocabulary";

export interface BodyRefs {
  /** Media ids an image block may show. */
  mediaId(rng: Rng): string;
  /** An earlier article to place as a related card, or null when there is none yet. */
  relatedArticleId(rng: Rng): string | null;
}

const wordsIn = (s: string) => s.split(" ").length;

/** A paragraph of 2–4 sentences, sometimes with a bold lead, an italic aside or a link. */
function paragraph(rng: Rng, sentences: string[]): BlockNode {
  const content: InlineNode[] = [];
  sentences.forEach((s, i) => {
    const text = i === 0 ? s : ` ${s}`;
    const roll = rng.next();
    if (roll < 0.08) content.push({ type: "text", text, marks: [{ type: "bold" }] });
    else if (roll < 0.14) content.push({ type: "text", text, marks: [{ type: "italic" }] });
    else if (roll < 0.24) {
      const href = `https://www.example.org/${rng.pick(SOURCES).toLowerCase().replace(/[^a-z]+/g, "-")}/${rng.int(1000, 99999)}`;
      content.push({ type: "text", text, marks: [{ type: "link", attrs: { href } }] });
    } else content.push({ type: "text", text });
  });
  return { type: "paragraph", content };
}

const image = (rng: Rng, refs: BodyRefs): BlockNode => ({
  type: "image",
  attrs: {
    media_id: refs.mediaId(rng),
    alt: phrase(rng),
    caption: sentence(rng),
    credit: `${personName(rng)} / Courier`,
  },
});

export function buildBody(rng: Rng, refs: BodyRefs): BodyDoc {
  const target = rng.int(400, 1200);
  const blocks: BlockNode[] = [];
  let words = 0;
  const extras: (() => BlockNode | null)[] = [
    () => ({ type: "heading", attrs: { level: rng.pick([2, 2, 3] as const) }, content: [{ type: "text", text: headline(rng) }] }),
    () => {
      const q = quoteSentence(rng);
      words += wordsIn(q);
      return { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: q }] }] };
    },
    () => image(rng, refs),
    () => {
      const id = refs.relatedArticleId(rng);
      return id ? { type: "relatedCard", attrs: { article_id: id } } : null;
    },
    () => {
      const items = Array.from({ length: rng.int(3, 5) }, () => sentence(rng));
      words += items.reduce((n, s) => n + wordsIn(s), 0);
      return { type: "bulletList", content: items.map((s) => ({ type: "listItem" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: s }] }] })) };
    },
    () => ({ type: "embed", attrs: { url: `https://video.example.org/watch/${rng.int(10000, 99999)}`, caption: phrase(rng), provider: "Example Video" } }),
    () => ({ type: "horizontalRule" }),
  ];
  // Weights for the extras above: headings and quotes are common, embeds and rules rare.
  const weights = [0.1, 0.07, 0.05, 0.05, 0.03, 0.01, 0.01];
  while (words < target) {
    const sentences = Array.from({ length: rng.int(2, 4) }, () => (rng.chance(0.12) ? quoteSentence(rng) : sentence(rng)));
    words += sentences.reduce((n, s) => n + wordsIn(s), 0);
    blocks.push(paragraph(rng, sentences));
    // Never open with an extra: stories start with a paragraph.
    if (blocks.length < 2) continue;
    for (let i = 0; i < extras.length; i++) {
      if (rng.chance(weights[i]!)) {
        const block = extras[i]!();
        if (block) blocks.push(block);
        break;
      }
    }
  }
  return { type: "doc", content: blocks };
}
