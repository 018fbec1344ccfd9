// Three-way merge of the editor's whole form: my working copy and the version someone else saved,
// both against the version I started from. A field only one side changed takes that change; a
// field both changed the same way takes it once; a field both changed differently is a conflict
// for the editor to settle. The body merges block by block (block-merge.ts), so its conflicts are
// single regions of the body, not the whole text.
import { same } from "../../lib/same";
import { FIELD_KEYS, FIELD_LABELS, inputValue, type ArticleForm, type FieldKey } from "../article-form";
import type { BodyNode } from "../body-json";
import { blockKind } from "./block-diff";
import { mergeBlocks, resolveChunks, type BlockChunk, type Choice, type Side } from "./block-merge";

export type { Choice } from "./block-merge";

export interface FieldConflict {
  /** The field's key, e.g. "headline". */
  id: string;
  kind: "field";
  field: Exclude<FieldKey, "body">;
  /** "Headline". */
  label: string;
}
export interface BodyConflict {
  /** "body:<index of the chunk in bodyChunks>". */
  id: string;
  kind: "body";
  field: "body";
  /** "Body, paragraph 3": where it sits in the merged text. */
  label: string;
  chunk: number;
  base: BodyNode[];
  mine: BodyNode[];
  theirs: BodyNode[];
}
export type MergeConflict = FieldConflict | BodyConflict;

/** A field settled without asking: whose change it took ("both" for the body: some of each). */
export interface AutoMerged {
  field: FieldKey;
  label: string;
  from: Side | "both";
  /** For a body merged block by block: which blocks came from whom. */
  blocks?: MergedBlocks[];
}
/** A run of body blocks taken without asking: "paragraph 2" from mine. */
export interface MergedBlocks {
  where: string;
  from: Side | "both";
}

export interface FormMerge {
  base: ArticleForm;
  mine: ArticleForm;
  theirs: ArticleForm;
  /** Everything merged, each conflict provisionally settled as "mine". */
  merged: ArticleForm;
  conflicts: MergeConflict[];
  /** The body's merge, chunk by chunk (a single "ok" chunk when only one side touched it). */
  bodyChunks: BlockChunk[];
  auto: AutoMerged[];
}

const changed = (a: ArticleForm, b: ArticleForm, k: FieldKey) => !same(inputValue(a, k), inputValue(b, k));

export function mergeForms(base: ArticleForm, mine: ArticleForm, theirs: ArticleForm): FormMerge {
  const merged: ArticleForm = { ...mine };
  const set = <K extends FieldKey>(k: K, from: ArticleForm) => void (merged[k] = from[k]);
  const conflicts: MergeConflict[] = [];
  const auto: AutoMerged[] = [];
  let bodyChunks: BlockChunk[] = [{ kind: "ok", blocks: [...mine.body.content], source: "base" }];

  for (const k of FIELD_KEYS) {
    const label = FIELD_LABELS[k] ?? k;
    const byMe = changed(base, mine, k);
    const byThem = changed(base, theirs, k);
    if (!byMe && !byThem) continue;
    if (!byMe) {
      set(k, theirs);
      auto.push({ field: k, label, from: "theirs" });
      if (k === "body") bodyChunks = [{ kind: "ok", blocks: [...theirs.body.content], source: "theirs" }];
    } else if (!byThem || !changed(mine, theirs, k)) {
      auto.push({ field: k, label, from: byThem ? "both" : "mine" });
      if (k === "body") bodyChunks = [{ kind: "ok", blocks: [...mine.body.content], source: byThem ? "both" : "mine" }];
    } else if (k === "body") {
      bodyChunks = mergeBlocks(base.body, mine.body, theirs.body);
      merged.body = { type: "doc", content: resolveChunks(bodyChunks, () => "mine") };
      const described = describeChunks(bodyChunks);
      conflicts.push(...described.conflicts);
      const sources = new Set(bodyChunks.flatMap((c) => (c.kind === "ok" ? [c.source] : [])));
      // Blocks settled without asking: listed even when other blocks still wait for a choice.
      const from = sources.has("theirs") ? (sources.has("mine") || sources.has("both") ? "both" : "theirs") : sources.has("mine") ? "mine" : sources.has("both") ? "both" : null;
      if (from) auto.push({ field: k, label, from, blocks: described.merged });
    } else conflicts.push({ id: k, kind: "field", field: k, label });
  }
  // Field conflicts first, in form order, then the body's, top to bottom.
  conflicts.sort((x, y) => (x.kind === y.kind ? 0 : x.kind === "field" ? -1 : 1));
  return { base, mine, theirs, merged, conflicts, bodyChunks, auto };
}

/** "paragraph 3", "paragraphs 3–4", "3 blocks from paragraph 3": how a person finds a place in the text. */
function where(blocks: readonly BodyNode[], kind: string, n: number): string {
  if (blocks.length <= 1) return `${kind} ${n}`;
  return blocks.every((b) => blockKind(b) === kind) ? `${kind}s ${n}–${n + blocks.length - 1}` : `${blocks.length} blocks from ${kind} ${n}`;
}

/**
 * Names each body conflict, and each run of blocks merged from one side, by where it sits in the
 * text as merged so far (mine chosen).
 */
function describeChunks(chunks: BlockChunk[]): { conflicts: BodyConflict[]; merged: MergedBlocks[] } {
  const seen = new Map<string, number>();
  const conflicts: BodyConflict[] = [];
  const merged: MergedBlocks[] = [];
  chunks.forEach((c, i) => {
    const shown = c.kind === "ok" ? c.blocks : c.mine;
    const first = c.kind === "ok" ? c.blocks[0] : (c.mine[0] ?? c.theirs[0] ?? c.base[0]);
    const kind = blockKind(first);
    const n = (seen.get(kind) ?? 0) + 1;
    if (c.kind === "conflict") {
      const label = `Body, ${where(c.mine.length >= c.theirs.length ? c.mine : c.theirs, kind, n)}`;
      conflicts.push({ id: `body:${i}`, kind: "body", field: "body", label, chunk: i, base: c.base, mine: c.mine, theirs: c.theirs });
    } else if (c.source !== "base") merged.push({ where: where(c.blocks, kind, n), from: c.source });
    for (const b of shown) seen.set(blockKind(b), (seen.get(blockKind(b)) ?? 0) + 1);
  });
  return { conflicts, merged };
}

/** The form with every conflict settled; a conflict without a choice keeps "mine". "both" applies to body blocks. */
export function applyChoices(result: FormMerge, choices: Readonly<Record<string, Choice>>): ArticleForm {
  const form: ArticleForm = { ...result.merged };
  for (const c of result.conflicts) {
    if (c.kind === "field" && choices[c.id] === "theirs") (form as unknown as Record<string, unknown>)[c.field] = result.theirs[c.field];
  }
  if (result.conflicts.some((c) => c.kind === "body")) {
    form.body = { type: "doc", content: resolveChunks(result.bodyChunks, (i) => choices[`body:${i}`] ?? "mine") };
  }
  return form;
}
