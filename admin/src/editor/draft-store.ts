// What the editor asks of a draft beyond typing and saving (draft-session.ts does those): publish
// and the other transitions, the working copy's update, schedule and discard, restore, the changes
// outside the versioned content (embargo, stage, assignees, due time), and the choices in the merge
// view. Each waits for the requests before it and, where what goes out must be what is on screen,
// saves pending edits first.
import { api } from "../api/client";
import type { ArticleView, WorkingCopy } from "../api/model";
import { fetchArticleState } from "./article-state";
import { fromView, type ArticleForm } from "./article-form";
import { DraftSession } from "./draft-session";

export { AUTOSAVE_MS, POLL_MS, type LastAction, type MergeState, type SaveState } from "./draft-session";

type Transition = "publish" | "schedule" | "unpublish" | "archive" | "submit";
const DONE: Record<Transition, string> = {
  publish: "Published.",
  schedule: "Scheduled.",
  unpublish: "Unpublished.",
  archive: "Archived.",
  submit: "Submitted for editing.",
};

export class DraftStore extends DraftSession {
  /** Loads an article and its working copy (when it has one) and starts watching for other saves. */
  static async load(id: string, onCreated?: (id: string) => void): Promise<DraftStore> {
    const { view, workingCopy } = await fetchArticleState(id);
    const store = new DraftStore(view, onCreated, workingCopy);
    // A copy started from an older live version (the story changed, or was unpublished and
    // republished, since) is merged onto the live story before anyone reviews or publishes it:
    // otherwise its diff would show undoing the newer live text.
    if (workingCopy && view.status === "published" && workingCopy.base_version !== view.version) await store.mergeRemote();
    store.startPolling();
    return store;
  }

  /** The editor settled every conflict in the merge view: save the result onto the newer version. */
  applyMerge(form: ArticleForm): Promise<boolean> {
    if (!this.merge) return Promise.resolve(false);
    const who = this.merge.theirsBy.name ?? "someone";
    this.settleOnto(this.merge.onto, form);
    this.notice = `Merged with ${who}'s version.`;
    this.emit();
    return this.save();
  }

  /** Drop my unsaved changes and continue from the current version. */
  reloadTheirs() {
    if (!this.merge) return;
    const onto = this.merge.onto;
    // Theirs, exactly: for a rebase that is the new live story with our copy's base moved onto it.
    this.settleOnto(onto, onto.rebase ? this.merge.theirs : onto.workingCopy ? fromView(onto.workingCopy.article) : fromView(onto.view));
    this.emit();
    if (this.dirty) void this.save();
  }

  /**
   * "Update live story": saves what is typed into the working copy, then publishes it in one step.
   * If the live story moved on meanwhile, the copy is merged onto it (by itself when nothing
   * clashes, then saved and published; otherwise the merge view waits for the editor).
   */
  updateLive(opts: { minor?: boolean } = {}): Promise<boolean> {
    return this.exclusive(async () => {
      if (!(await this.saveNow()) || !this.id || !this.workingCopy) return false;
      for (let attempt = 1; ; attempt++) {
        const sent = this.draft;
        this.state = "saving";
        this.inFlight++;
        this.emit();
        let outcome: "done" | "merged" | "stop" = "stop";
        try {
          // A minor change (typo, formatting) keeps the time readers are told the story was last updated.
          const res = await api<{ article: ArticleView }>("POST", `/articles/${this.id}/working-copy/publish`, { ifMatch: this.workingCopy!.etag, ...(opts.minor ? { body: { minor: true } } : {}) });
          this.workingCopy = null;
          this.adopt(res.article, false, sent);
          this.state = this.dirty ? "dirty" : "saved";
          this.savedAt = new Date();
          this.lastAction = { kind: "update_live", ok: true, message: "The live story was updated." };
          outcome = "done";
        } catch (err) {
          const failed = await this.fail(err, { merge: attempt < 3 });
          if (failed === "merged") outcome = "merged";
          else this.lastAction = { kind: "update_live", ok: false, message: failed === "conflict" ? "Not live yet: settle the merge first." : messageOf(err) };
        } finally {
          this.inFlight--;
        }
        if (outcome === "merged") {
          await this.send();
          if (this.ok && this.workingCopy) continue;
        }
        this.emit();
        return outcome === "done";
      }
    });
  }

  /** "Publish these changes at …" (null cancels): saves what is typed first, so that is what goes out. */
  scheduleUpdate(at: string | null): Promise<boolean> {
    return this.exclusive(async () => {
      if (!(await this.saveNow()) || !this.id || !this.workingCopy) return false;
      const sent = this.draft;
      this.inFlight++;
      try {
        const res = await api<{ working_copy: WorkingCopy }>("POST", `/articles/${this.id}/working-copy/schedule`, { body: { at }, ifMatch: this.workingCopy.etag });
        this.adoptCopy(res.working_copy, false, sent);
        if (this.view) this.view = { ...this.view, working_copy: res.working_copy };
        this.lastAction = { kind: "schedule_update", ok: true, message: at ? "The update is scheduled." : "The scheduled update is cancelled." };
      } catch (err) {
        this.lastAction = { kind: "schedule_update", ok: false, message: messageOf(err) };
        await this.fail(err, { merge: false });
      } finally {
        this.inFlight--;
      }
      this.emit();
      return this.ok;
    });
  }

  /** Drops the pending changes of a live story; the form goes back to what readers see. */
  discardWorkingCopy(): Promise<boolean> {
    return this.exclusive(async () => {
      if (!this.id || !this.workingCopy) return false;
      this.inFlight++;
      try {
        await api("DELETE", `/articles/${this.id}/working-copy`, { ifMatch: this.workingCopy.etag });
        const live = await api<{ article: ArticleView }>("GET", `/articles/${this.id}`);
        this.workingCopy = null;
        this.adopt(live.article, true);
        this.state = "saved";
      } catch (err) {
        // Someone saved the copy meanwhile: nothing is discarded that this editor has not seen.
        await this.fail(err, { merge: false });
      } finally {
        this.inFlight--;
      }
      this.emit();
      return this.ok;
    });
  }

  /**
   * Publish, schedule, unpublish, archive, submit for editing: saves pending edits first so what
   * goes out is what is on screen.
   */
  transition(kind: Transition, body?: Record<string, unknown>): Promise<boolean> {
    return this.exclusive(async () => {
      if (!(await this.saveNow()) || !this.id) return false;
      const sent = this.draft;
      this.state = "saving";
      this.emit();
      try {
        const res = await api<{ article: ArticleView }>("POST", `/articles/${this.id}/${kind}`, { body: body ?? {}, ifMatch: this.version });
        this.adopt(res.article, false, sent);
        this.state = this.dirty ? "dirty" : "saved";
        this.savedAt = new Date();
        this.lastAction = { kind, ok: true, message: DONE[kind] };
      } catch (err) {
        // The edits were saved before the move was tried: say both, not just "Not saved".
        this.lastAction = { kind, ok: false, message: messageOf(err) };
        await this.fail(err, { merge: false });
      }
      this.emit();
      return this.ok;
    });
  }

  /** Restore a revision's content as a new version (only without unsaved edits: they would be lost). */
  restore(version: number): Promise<boolean> {
    return this.exclusive(async () => {
      if (!this.id || this.dirty) return false;
      this.state = "saving";
      this.emit();
      try {
        const res = await api<{ article: ArticleView; working_copy?: WorkingCopy }>("POST", `/articles/${this.id}/revisions/${version}/restore`, {
          ifMatch: this.workingCopy?.etag ?? this.version,
        });
        // A live story's restore waits in its working copy; a draft's is the draft.
        if (res.working_copy) {
          this.view = res.article;
          this.adoptCopy(res.working_copy, true);
        } else this.adopt(res.article, true);
        this.state = "saved";
      } catch (err) {
        await this.fail(err, { merge: false });
      }
      this.emit();
      return this.ok;
    });
  }

  /** A contributor's (or author's) "ready for an editor": saves pending edits first, then records it. */
  submit(): Promise<boolean> {
    return this.transition("submit");
  }

  /**
   * A change outside the versioned content (an embargo, a stage, assignees, a due time): no save
   * first and no If-Match, since it cannot conflict with the text; the server's article replaces
   * the view while unsaved edits stay as they are.
   */
  changeHold(kind: string, method: "POST" | "PUT", path: string, body: Record<string, unknown>, done: string): Promise<boolean> {
    return this.exclusive(async () => {
      if (!this.id) return false;
      try {
        const res = await api<{ article: ArticleView }>(method, `/articles/${this.id}/${path}`, { body });
        this.view = res.article;
        this.lastAction = { kind, ok: true, message: done };
      } catch (err) {
        this.lastAction = { kind, ok: false, message: messageOf(err) };
      }
      this.emit();
      return this.lastAction.ok;
    });
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
