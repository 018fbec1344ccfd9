// Three-way merge of two edits of one body, block by block (top-level paragraphs, headings, lists,
// quotes, images, embeds, cards), so two editors who changed different paragraphs both keep their
// words. Each side's edit is a list of hunks against the base (from the block LCS); hunks of the
// two sides that touch the same base blocks, or insert at the same spot, form one contested
// region; everything else applies on its own. Adjacent hunks do not contest: editing paragraph 2
// while a colleague edits paragraph 3 merges cleanly. In a contested region, identical edits are
// taken once, and a region of the same length on all three sides is settled block by block, so
// only the blocks both sides changed are left to the editor.
import { canonical } from "../../lib/same";
import { normalizeBody, type BodyDoc, type BodyNode } from "../body-json";
import { hunks } from "./lcs";

/** Where an automatically merged run of blocks came from ("both": the two sides made the same edit). */
export type BlockSource = "base" | "mine" | "theirs" | "both";
export type BlockChunk =
  | { kind: "ok"; blocks: BodyNode[]; source: BlockSource }
  | { kind: "conflict"; base: BodyNode[]; mine: BodyNode[]; theirs: BodyNode[] };

export type Side = "mine" | "theirs";
/** "both": my blocks, then theirs. */
export type Choice = Side | "both";

interface SideHunk {
  side: Side;
  /** The base blocks [s, e) this edit replaces (s === e: an insertion before base block s). */
  s: number;
  e: number;
  blocks: BodyNode[];
}

const sameBlocks = (a: readonly BodyNode[], b: readonly BodyNode[]) => a.length === b.length && a.every((x, i) => canonical(x) === canonical(b[i]));

/** Takes documents (normalised here, so TipTap's extra attributes never count as an edit). */
export function mergeBlocks(baseDoc: BodyDoc, mineDoc: BodyDoc, theirsDoc: BodyDoc): BlockChunk[] {
  const base = normalizeBody(baseDoc).content;
  const mine = normalizeBody(mineDoc).content;
  const theirs = normalizeBody(theirsDoc).content;
  const kb = base.map(canonical);
  const edits = (side: Side, doc: BodyNode[]): SideHunk[] =>
    hunks(kb, doc.map(canonical)).map((h) => ({ side, s: h.aStart, e: h.aEnd, blocks: doc.slice(h.bStart, h.bEnd) }));
  // By position; at one position an insertion sorts before a replacement starting there.
  const all = [...edits("mine", mine), ...edits("theirs", theirs)].sort((x, y) => x.s - y.s || x.e - y.e || (x.side === "mine" ? -1 : 1));

  const regions: { s: number; e: number; items: SideHunk[] }[] = [];
  for (const h of all) {
    const r = regions.at(-1);
    const sameInsertionPoint = h.s === h.e && r?.items.some((x) => x.s === x.e && x.s === h.s);
    if (r && (h.s < r.e || sameInsertionPoint)) {
      r.items.push(h);
      r.e = Math.max(r.e, h.e);
    } else regions.push({ s: h.s, e: h.e, items: [h] });
  }

  const out: BlockChunk[] = [];
  const ok = (blocks: BodyNode[], source: BlockSource) => {
    if (!blocks.length) return;
    const prev = out.at(-1);
    if (prev?.kind === "ok" && prev.source === source) prev.blocks.push(...blocks);
    else out.push({ kind: "ok", blocks: [...blocks], source });
  };
  let pos = 0;
  for (const r of regions) {
    ok(base.slice(pos, r.s), "base");
    pos = r.e;
    const sides = new Set(r.items.map((h) => h.side));
    const side = (which: Side) => {
      const blocks: BodyNode[] = [];
      let at = r.s;
      for (const h of r.items.filter((x) => x.side === which)) {
        blocks.push(...base.slice(at, h.s), ...h.blocks);
        at = h.e;
      }
      return [...blocks, ...base.slice(at, r.e)];
    };
    if (sides.size === 1) {
      const only = r.items[0]!.side;
      ok(side(only), only);
      continue;
    }
    const b = base.slice(r.s, r.e);
    const m = side("mine");
    const t = side("theirs");
    if (sameBlocks(m, t)) ok(m, "both");
    else if (b.length === m.length && b.length === t.length) {
      b.forEach((bb, k) => {
        const [km, kt, kbb] = [canonical(m[k]), canonical(t[k]), canonical(bb)];
        if (km === kt) ok([m[k]!], km === kbb ? "base" : "both");
        else if (km === kbb) ok([t[k]!], "theirs");
        else if (kt === kbb) ok([m[k]!], "mine");
        else out.push({ kind: "conflict", base: [bb], mine: [m[k]!], theirs: [t[k]!] });
      });
    } else out.push({ kind: "conflict", base: b, mine: m, theirs: t });
  }
  ok(base.slice(pos), "base");
  return out;
}

/** The merged blocks, each conflict settled by `choose(index of the chunk)`. */
export function resolveChunks(chunks: readonly BlockChunk[], choose: (chunkIndex: number) => Choice): BodyNode[] {
  return chunks.flatMap((c, i) => {
    if (c.kind === "ok") return c.blocks;
    const pick = choose(i);
    return pick === "mine" ? c.mine : pick === "theirs" ? c.theirs : [...c.mine, ...c.theirs];
  });
}

export const hasConflict = (chunks: readonly BlockChunk[]) => chunks.some((c) => c.kind === "conflict");
