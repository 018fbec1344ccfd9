// The editor's state machine: the form, the server version it is based on, saving, autosave and
// the version-conflict dance. Plain TypeScript (no Preact), so the rules read in one place:
//  - a draft saves in place (PATCH); a published story saves into its working copy (PUT
//    …/working-copy), which readers never see until "Update live story" publishes it;
//  - a save sends only the fields changed since `base` (the last server state this editor saw),
//    with If-Match, so `base` is also the common ancestor of any conflict;
//  - what the editor types while a save is in flight is kept, never replaced by the response;
//  - on 409 nothing is overwritten: the newer version is merged block by block and field by field
//    (newer-version.ts); what merges cleanly is saved, what both changed is the editor's choice;
//  - a cheap poll notices someone else's save within seconds, before it becomes a conflict.
// The requests beyond a save (publishing, the working copy's own actions, restore, holds) are
// DraftStore's, in draft-store.ts, built on this class.
import { api, ApiError } from "../api/client";
import type { ArticleView, VersionSummary, WorkingCopy } from "../api/model";
import { fetchArticleState } from "./article-state";
import { same } from "../lib/same";
import { slugify } from "../lib/slug";
import { changedKeys, emptyForm, fromView, inputValue, toInput, type ArticleForm, type FieldKey } from "./article-form";
import { meetNewerVersion, newerSave, type MergeState, type SavedBy } from "./newer-version";

export type { MergeState } from "./newer-version";
export type SaveState = "idle" | "dirty" | "saving" | "saved" | "error" | "conflict";

export const AUTOSAVE_MS = 4000;
/** How often an open editor asks whether someone else saved (one small D1 read). */
export const POLL_MS = 5000;

/** The outcome of the last thing the editor asked for, in words (shown by SaveStatus). */
export interface LastAction {
  kind: string;
  ok: boolean;
  message: string;
}

export class DraftSession {
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
  remote: SavedBy | null = null;
  /** Said once after a merge or a refresh: whose changes were folded in. */
  notice: string | null = null;
  lastAction: LastAction | null = null;
  /** After merging onto a newer live version: the next working-copy save moves its base there. */
  private rebaseTo: number | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  protected inFlight = 0;
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
  protected emit() {
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
  protected adopt(view: ArticleView, replace: boolean, sent?: ArticleForm) {
    this.view = view;
    // A working copy outranks the live story in the form: that is where this editor's words are.
    if (this.workingCopy && view.status === "published" && view.working_copy?.etag === this.workingCopy.etag) return;
    this.workingCopy = null;
    this.adoptForm(view, replace, sent);
  }

  protected adoptCopy(wc: WorkingCopy, replace: boolean, sent?: ArticleForm) {
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

  /** The server's state as it is, replacing the form: its working copy when it has one, else the story. */
  private replaceWith(view: ArticleView, workingCopy: WorkingCopy | null) {
    this.view = view;
    if (workingCopy) this.adoptCopy(workingCopy, true);
    else {
      this.workingCopy = null;
      this.adoptForm(view, true);
    }
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
  protected exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }


  /** Saves now (after anything already in flight). */
  save(opts: { auto?: boolean } = {}): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer), (this.timer = null);
    return this.exclusive(() => this.saveNow(opts));
  }

  protected async saveNow(opts: { auto?: boolean } = {}): Promise<boolean> {
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
  protected get ok() {
    return this.state !== "error" && this.state !== "conflict";
  }

  protected async send(attempt = 1): Promise<void> {
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

  protected async fail(err: unknown, opts: { merge?: boolean } = { merge: true }): Promise<"merged" | "conflict" | "error"> {
    if (opts.merge && err instanceof ApiError && err.code === "version_conflict" && this.id) {
      const outcome = await this.startMerge();
      if (outcome) return outcome;
    }
    this.error = err;
    this.state = "error";
    return "error";
  }


  /**
   * Someone saved first: the newer state is merged with what this editor has (newer-version.ts).
   * Clean merges are settled at once, to be saved; anything both changed waits for the editor in
   * `merge`.
   */
  private async startMerge(): Promise<"merged" | "conflict" | null> {
    const met = await meetNewerVersion(this);
    if (!met) return null;
    if ("merge" in met) {
      this.merge = met.merge;
      this.state = "conflict";
      return "conflict";
    }
    const { onto, form, merged } = met.settle;
    this.settleOnto(onto, form);
    if (merged) this.notice = `${merged.name ?? "Someone"} saved at the same time; their changes and yours were merged.`;
    return "merged";
  }

  /** Makes the newer server state our base and `form` what the editor has; a save follows. */
  protected settleOnto(onto: MergeState["onto"], form: ArticleForm) {
    if (onto.rebase) {
      this.view = onto.view;
      this.rebaseTo = onto.view.version;
    } else this.replaceWith(onto.view, onto.workingCopy);
    if (!same(form.body, this.draft.body)) this.bodyEpoch++;
    this.draft = form;
    this.merge = null;
    this.remote = null;
    this.state = this.dirty ? "dirty" : "saved";
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
    const who = newerSave(v, this.view, this.workingCopy);
    if (!who) return;
    if (this.dirty) {
      this.remote = who;
    } else {
      // Nothing of ours is unsaved: take their version as it is.
      const current = await fetchArticleState(this.id).catch(() => null);
      if (!current || this.dirty || this.busy) return;
      this.replaceWith(current.view, current.workingCopy);
      this.notice = `${who.name ?? "Someone"} saved a newer version; you are now looking at it.`;
    }
    this.emit();
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
}
