// What someone else's newer save means for the draft open in this editor: the two decisions of the
// version-conflict dance (draft-session.ts), kept apart from the state they change.
//  - a version poll: did anyone save, and who (newerSave);
//  - a conflict or a noticed save: fetch the newer state and three-way merge it with the draft, block
//    by block and field by field (merge/field-merge.ts), or leave what both changed to the editor
//    (meetNewerVersion).
import { api } from "../api/client";
import type { ArticleView, RevisionDetail, VersionSummary, WorkingCopy } from "../api/model";
import { same } from "../lib/same";
import { fetchArticleState } from "./article-state";
import { fromView, type ArticleForm } from "./article-form";
import { mergeForms } from "./merge/field-merge";

/** Who saved, and when. */
export interface SavedBy {
  name: string | null;
  at: string;
}

/** A newer version met while saving (or noticed by polling) that needs the editor's choices. */
export interface MergeState {
  base: ArticleForm;
  mine: ArticleForm;
  theirs: ArticleForm;
  theirsBy: SavedBy;
  /** What the merged form is saved onto. */
  onto: { view: ArticleView; workingCopy: WorkingCopy | null; rebase: boolean };
}

/** What the editor has, read at each step (the editor may type while the newer state is fetched). */
export interface DraftSide {
  readonly id: string | null;
  readonly base: ArticleForm;
  readonly draft: ArticleForm;
  readonly workingCopy: WorkingCopy | null;
}

/**
 * The outcome: continue from the newer state with `form` (nothing new in their content, or a clean
 * merge, which says who saved in `merged`), or a conflict that waits in `merge`.
 */
export type Meeting = { settle: { onto: MergeState["onto"]; form: ArticleForm; merged: SavedBy | null } } | { merge: MergeState };

/** Whose newer save a version poll shows (the live story's, or the working copy's), or null when nothing moved. */
export function newerSave(v: VersionSummary, view: ArticleView | null, workingCopy: WorkingCopy | null): SavedBy | null {
  const liveMoved = v.version !== view?.version;
  const theirCopy = v.status === "published" ? (v.working_copy?.etag ?? null) : null;
  const copyMoved = theirCopy !== (workingCopy?.etag ?? null);
  if (!liveMoved && !copyMoved) return null;
  const by = copyMoved && theirCopy && v.working_copy ? v.working_copy.updated_by : v.updated_by;
  const at = copyMoved && theirCopy && v.working_copy ? v.working_copy.updated_at : v.updated_at;
  return { name: by?.name ?? null, at };
}

/**
 * Someone saved first. Three-way merge of what this editor started from (`base`), what they have
 * now and the newer version. A working copy whose live story moved on merges against the live
 * version it started from, and is then rebased onto the new one. Null when the newer state cannot
 * be read.
 */
export async function meetNewerVersion(side: DraftSide): Promise<Meeting | null> {
  const current = await fetchArticleState(side.id!).catch(() => null);
  if (!current) return null;
  let base = side.base;
  let theirsView = current.workingCopy?.article ?? current.view;
  let rebase = false;
  const sameCopy = !!side.workingCopy && current.workingCopy?.etag === side.workingCopy.etag;
  if (sameCopy && current.view.version !== side.workingCopy!.base_version) {
    // Our copy is current, but the live story changed under it: theirs is the live story.
    const start = await api<{ revision: RevisionDetail }>("GET", `/articles/${encodeURIComponent(side.id!)}/revisions/${side.workingCopy!.base_version}`).catch(() => null);
    if (!start?.revision.article) return null;
    base = fromView(start.revision.article);
    theirsView = current.view;
    rebase = true;
  }
  if (!sameCopy && !rebase && same(fromView(theirsView), side.base)) {
    // Nothing new in their content (a lifecycle change, say): continue from the current state.
    return { settle: { onto: { ...current, rebase: false }, form: side.draft, merged: null } };
  }
  const theirs = fromView(theirsView);
  // Who saved what we merge with: the copy's last saver, or (a rebase) the live story's.
  const theirsBy =
    !rebase && current.workingCopy
      ? { name: current.workingCopy.updated_by?.name ?? null, at: current.workingCopy.updated_at }
      : { name: current.view.updated_by_name ?? null, at: current.view.updated_at };
  const result = mergeForms(base, side.draft, theirs);
  const onto = { view: current.view, workingCopy: current.workingCopy, rebase };
  if (result.conflicts.length === 0) return { settle: { onto, form: result.merged, merged: theirsBy } };
  return { merge: { base, mine: side.draft, theirs, theirsBy, onto } };
}
