// The editor's state machine: the form, the server version it is based on, saving, autosave and
// the version-conflict dance. Plain TypeScript (no Preact), so the rules read in one place:
//  - a draft saves in place (PATCH); a published story saves into its working copy (PUT
//    …/working-copy), which readers never see until "Update live story" publishes it;
//  - a save sends only the fields changed since `base` (the last server state this editor saw),
//    with If-Match, so `base` is also the common ancestor of any conflict;
//  - what the editor types while a save is in flight is kept, never replaced by the response;
//  - on 409 nothing is overwritten: the newer version is merged block by block and field by field
//    (merge/field-merge.ts); what merges cleanly is saved, what both changed is the editor's choice;
//  - a cheap poll notices someone else's save within seconds, before it becomes a conflict.
import { api, ApiError } from "../api/client";
import type { ArticleView, RevisionDetail, VersionSummary, WorkingCopy } from "../api/model";
import { fetchArticleState } from "./article-state";
import { mergeForms } from "./merge/field-merge";
import { same } from "../lib/same";
import { slugify } from "../lib/slug";
import { changedKeys, emptyForm, fromView, inputValue, toInput, type ArticleForm, type FieldKey } from "./article-form";

export type SaveState = "idle" | "dirty" | "saving" | "saved" | "error" | "conflict";

export const AUTOSAVE_MS = 4000;
/** How often an open editor asks whether someone else saved (one small D1 read). */
export const POLL_MS = 5000;

/** A newer version met while saving (or noticed by polling) that needs the editor's choices. */
export interface MergeState {
  base: ArticleForm;
  mine: ArticleForm;
  theirs: ArticleForm;
  theirsBy: { name: string | null; at: string };
  /** What the merged form is saved onto. */
  onto: { view: ArticleView; workingCopy: WorkingCopy | null; rebase: boolean };
}

/** The outcome of the last thing the editor asked for, in words (shown by SaveStatus). */
export interface LastAction {
  kind: string;
  ok: boolean;
  message: string;
}
type Transition = "publish" | "schedule" | "unpublish" | "archive" | "submit";
const DONE: Record<Transition, string> = {
  publish: "Published.",
  schedule: "Scheduled.",
  unpublish: "Unpublished.",
  archive: "Archived.",
  submit: "Submitted for editing.",
};

export class DraftStore {
  id: string | null = null;
  view: ArticleView | null = null;
  base: ArticleForm = emptyForm();
  draft: ArticleForm = emptyForm();
  state: SaveState = "idle";
  error: unknown = null;
  /** The pending changes of a published story (null: none yet, or a draft). */
  workingCopy: WorkingCopy | null = null;
  merge: MergeState | null = null;
  /** Someone else's newer save, noticed by polling while this editor has unsaved changes. */
  remote: { name: string | null; at: string } | null = null;
  /** Said once after a merge or a refresh: whose changes were folded in. */
  notice: string | null = null;
  lastAction: LastAction | null = null;
  /** After merging onto a newer live version: the next working-copy save moves its base there. */
  private rebaseTo: number | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private inFlight = 0;
  /** Bumped whenever the body changes from outside the body editor, so it reloads its content. */
  bodyEpoch = 0;
  /** A new story's slug follows its headline until the editor types one. */
  slugFollows = true;
  savedAt: Date | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  constructor(view: ArticleView | null, private onCreated: (id: string) => void = () => {}, workingCopy: WorkingCopy | null = null) {
    if (view) this.adopt(view, true);
    if (workingCopy) this.adoptCopy(workingCopy, true);
  }

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

  /** Published: what is typed goes to the working copy, never straight to readers. */
  get onLive() {
    return this.view?.status === "published";
  }

  /** The server says this user may not change the article: nothing is sent, nothing autosaves. */
  get readOnly() {
    return !!this.view?.allowed_actions && !this.view.allowed_actions.includes("update");
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }
  private emit() {
    this.listeners.forEach((l) => l());
  }

  get dirtyKeys(): FieldKey[] {
    return changedKeys(this.draft, this.base);
  }
  get dirty() {
    return this.id === null ? this.draft.headline.trim() !== "" || this.dirtyKeys.length > 0 : this.dirtyKeys.length > 0;
  }
  get version() {
    return this.view?.version ?? 0;
  }

  /** Takes a server answer as the new base; `replace` also makes it what the form shows. */
  private adopt(view: ArticleView, replace: boolean, sent?: ArticleForm) {
    this.view = view;
    // A working copy outranks the live story in the form: that is where this editor's words are.
    if (this.workingCopy && view.status === "published" && view.working_copy?.etag === this.workingCopy.etag) return;
    this.workingCopy = null;
    this.adoptForm(view, replace, sent);
  }

  private adoptCopy(wc: WorkingCopy, replace: boolean, sent?: ArticleForm) {
    this.workingCopy = wc;
    this.adoptForm(wc.article, replace, sent);
  }

  private adoptForm(view: ArticleView, replace: boolean, sent?: ArticleForm) {
    const next = fromView(view);
    const prevBody = this.draft.body;
    if (replace) this.draft = next;
    else {
      // Fields untouched since the request left take the server's normalised value; newer typing stays.
      const merged = { ...this.draft };
      for (const k of Object.keys(next) as FieldKey[]) {
        if (!sent || same(inputValue(this.draft, k), inputValue(sent, k))) (merged as Record<string, unknown>)[k] = next[k];
      }
      this.draft = merged;
    }
    if (!same(prevBody, this.draft.body)) this.bodyEpoch++;
    this.base = next;
    this.id = view.id;
    this.slugFollows = view.status === "draft" && !view.first_published_at && view.slug === slugify(view.headline);
  }

  set<K extends FieldKey>(key: K, value: ArticleForm[K]) {
    const draft = { ...this.draft, [key]: value };
    if (key === "headline" && this.slugFollows) draft.slug = slugify(String(value));
    if (key === "slug") this.slugFollows = false;
    this.draft = draft;
    // Back to nothing unsaved (an edit undone) after a refused save: there is nothing left to refuse.
    if (this.state !== "conflict" && this.state !== "saving") this.state = this.dirty ? "dirty" : this.state === "error" ? "idle" : this.state;
    if (!this.readOnly) this.scheduleAutosave();
    this.emit();
  }

  private scheduleAutosave() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save({ auto: true }), AUTOSAVE_MS);
  }

  /**
   * Every request that changes the article runs one after another: a save, autosave, publish or
   * restore sent while another is in flight would carry a stale If-Match and conflict with our own
   * previous request. Queued work sees the version the previous one produced.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Saves now (after anything already in flight). */
  save(opts: { auto?: boolean } = {}): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer), (this.timer = null);
    return this.exclusive(() => this.saveNow(opts));
  }

  private async saveNow(opts: { auto?: boolean } = {}): Promise<boolean> {
    if (this.state === "conflict") return false;
    if (this.readOnly) return !this.dirty;
    // Autosave waits for a headline: the API requires one, and an empty draft is not worth a version.
    if (!this.dirty || (opts.auto && !this.draft.headline.trim())) return true;
    await this.send();
    return this.ok;
  }

  /** A request of ours is on its way: what the server says now may be our own change. */
  private get busy() {
    return this.inFlight > 0 || this.state === "saving";
  }

  /** A method, not an inline comparison: TypeScript would keep its narrowing across the awaits. */
  private get ok() {
    return this.state !== "error" && this.state !== "conflict";
  }

  private async send(attempt = 1): Promise<void> {
    const sent = this.draft;
    const keys = this.id ? this.dirtyKeys : undefined;
    this.state = "saving";
    this.error = null;
    this.emit();
    let retry = false;
    this.inFlight++;
    try {
      const created = !this.id;
      if (this.id && this.onLive) {
        const body = { ...toInput(sent, keys), ...(this.rebaseTo !== null && { base_version: this.rebaseTo }) };
        const res = await api<{ working_copy: WorkingCopy }>("PUT", `/articles/${this.id}/working-copy`, {
          body,
          ifMatch: this.workingCopy?.etag ?? this.version,
        });
        this.rebaseTo = null;
        this.adoptCopy(res.working_copy, false, sent);
        if (this.view) this.view = { ...this.view, working_copy: res.working_copy };
      } else {
        const res = this.id
          ? await api<{ article: ArticleView }>("PATCH", `/articles/${this.id}`, { body: toInput(sent, keys), ifMatch: this.version })
          : await api<{ article: ArticleView }>("POST", "/articles", { body: toInput(sent) });
        this.adopt(res.article, false, sent);
      }
      this.state = this.dirty ? "dirty" : "saved";
      this.savedAt = new Date();
      if (created) {
        this.onCreated(this.id!);
        this.startPolling();
      }
      if (this.dirty) this.scheduleAutosave();
    } catch (err) {
      retry = (await this.fail(err)) === "merged" && attempt < 3;
    } finally {
      this.inFlight--;
    }
    // A clean merge with someone's newer save is sent again at once (within this same save).
    if (retry) return this.send(attempt + 1);
    this.emit();
  }

  private async fail(err: unknown, opts: { merge?: boolean } = { merge: true }): Promise<"merged" | "conflict" | "error"> {
    if (opts.merge && err instanceof ApiError && err.code === "version_conflict" && this.id) {
      const outcome = await this.startMerge();
      if (outcome) return outcome;
    }
    this.error = err;
    this.state = "error";
    return "error";
  }

  /**
   * Someone saved first. Three-way merge of what this editor started from (`base`), what they have
   * now and the newer version: clean merges are saved at once; anything both changed waits for the
   * editor in `merge`. A working copy whose live story moved on merges against the live version it
   * started from, and is then rebased onto the new one.
   */
  private async startMerge(): Promise<"merged" | "conflict" | null> {
    const current = await fetchArticleState(this.id!).catch(() => null);
    if (!current) return null;
    let base = this.base;
    let theirsView = current.workingCopy?.article ?? current.view;
    let rebase = false;
    const sameCopy = !!this.workingCopy && current.workingCopy?.etag === this.workingCopy.etag;
    if (sameCopy && current.view.version !== this.workingCopy!.base_version) {
      // Our copy is current, but the live story changed under it: theirs is the live story.
      const start = await api<{ revision: RevisionDetail }>("GET", `/articles/${encodeURIComponent(this.id!)}/revisions/${this.workingCopy!.base_version}`).catch(() => null);
      if (!start?.revision.article) return null;
      base = fromView(start.revision.article);
      theirsView = current.view;
      rebase = true;
    }
    if (!sameCopy && !rebase && same(fromView(theirsView), this.base)) {
      // Nothing new in their content (a lifecycle change, say): continue from the current state.
      this.settleOnto({ ...current, rebase: false }, this.draft);
      return "merged";
    }
    const theirs = fromView(theirsView);
    // Who saved what we merge with: the copy's last saver, or (a rebase) the live story's.
    const theirsBy =
      !rebase && current.workingCopy
        ? { name: current.workingCopy.updated_by?.name ?? null, at: current.workingCopy.updated_at }
        : { name: current.view.updated_by_name ?? null, at: current.view.updated_at };
    const result = mergeForms(base, this.draft, theirs);
    const onto = { view: current.view, workingCopy: current.workingCopy, rebase };
    if (result.conflicts.length === 0) {
      this.settleOnto(onto, result.merged);
      this.notice = `${theirsBy.name ?? "Someone"} saved at the same time; their changes and yours were merged.`;
      return "merged";
    }
    this.merge = { base, mine: this.draft, theirs, theirsBy, onto };
    this.state = "conflict";
    return "conflict";
  }

  /** Makes the newer server state our base and `form` what the editor has; a save follows. */
  private settleOnto(onto: MergeState["onto"], form: ArticleForm) {
    this.view = onto.view;
    if (onto.rebase) this.rebaseTo = onto.view.version;
    else if (onto.workingCopy) this.adoptCopy(onto.workingCopy, true);
    else {
      this.workingCopy = null;
      this.adoptForm(onto.view, true);
    }
    if (!same(form.body, this.draft.body)) this.bodyEpoch++;
    this.draft = form;
    this.merge = null;
    this.remote = null;
    this.state = this.dirty ? "dirty" : "saved";
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

  /** Merge a newer save noticed by polling now, instead of at the next save. */
  async mergeRemote(): Promise<void> {
    await this.exclusive(async () => {
      if (!this.id) return;
      if ((await this.startMerge()) === "merged") await this.send();
      this.emit();
    });
  }

  /** Asks the server every few seconds whether anyone else saved; cheap, and paused in hidden tabs. */
  startPolling() {
    if (this.poller || !this.id) return;
    this.poller = setInterval(() => void this.poll(), POLL_MS);
  }

  private async poll() {
    if (!this.id || this.busy || this.merge || (typeof document !== "undefined" && document.hidden)) return;
    const v = await api<VersionSummary>("GET", `/articles/${encodeURIComponent(this.id)}/version`).catch(() => null);
    if (!v || this.busy) return;
    const liveMoved = v.version !== this.view?.version;
    const theirCopy = v.status === "published" ? (v.working_copy?.etag ?? null) : null;
    const copyMoved = theirCopy !== (this.workingCopy?.etag ?? null);
    if (!liveMoved && !copyMoved) return;
    const by = copyMoved && theirCopy && v.working_copy ? v.working_copy.updated_by : v.updated_by;
    const at = copyMoved && theirCopy && v.working_copy ? v.working_copy.updated_at : v.updated_at;
    if (this.dirty) {
      this.remote = { name: by?.name ?? null, at };
    } else {
      // Nothing of ours is unsaved: take their version as it is.
      const current = await fetchArticleState(this.id).catch(() => null);
      if (!current || this.dirty || this.busy) return;
      this.view = current.view;
      if (current.workingCopy) this.adoptCopy(current.workingCopy, true);
      else {
        this.workingCopy = null;
        this.adoptForm(current.view, true);
      }
      this.notice = `${by?.name ?? "Someone"} saved a newer version; you are now looking at it.`;
    }
    this.emit();
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

  dismissError() {
    this.error = null;
    this.state = this.dirty ? "dirty" : "idle";
    this.emit();
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    this.listeners.clear();
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

