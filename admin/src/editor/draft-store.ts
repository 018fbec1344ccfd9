// The editor's state machine: working copy, the version it is based on, saving, autosave and the
// version-conflict dance. Plain TypeScript (no Preact), so the rules read in one place:
//  - a save sends only the fields changed since `base`, with If-Match: "<base version>";
//  - what the editor types while a save is in flight is kept, never replaced by the response;
//  - on 409 nothing is overwritten: the editor chooses "reload theirs" or "keep mine", and "keep
//    mine" re-applies exactly the fields this editor changed on top of the current version.
import { api, ApiError, type Problem } from "../api/client";
import type { ArticleView } from "../api/types";
import { same } from "../lib/same";
import { slugify } from "../lib/slug";
import { changedKeys, emptyForm, fromView, inputValue, toFieldKey, toInput, type ArticleForm, type FieldKey } from "./article-form";

export type SaveState = "idle" | "dirty" | "saving" | "saved" | "error" | "conflict";
export interface Conflict {
  problem: Problem;
  theirs: ArticleView;
  /** Changed by someone else since our base (from the problem's changed_fields). */
  changed: string[];
  /** Changed by this editor since our base. */
  mine: FieldKey[];
}

export const AUTOSAVE_MS = 4000;
type Transition = "publish" | "schedule" | "unpublish" | "archive";

export class DraftStore {
  id: string | null = null;
  view: ArticleView | null = null;
  base: ArticleForm = emptyForm();
  draft: ArticleForm = emptyForm();
  state: SaveState = "idle";
  error: unknown = null;
  conflict: Conflict | null = null;
  /** Bumped whenever the body changes from outside the body editor, so it reloads its content. */
  bodyEpoch = 0;
  /** A new story's slug follows its headline until the editor types one. */
  slugFollows = true;
  savedAt: Date | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  constructor(view: ArticleView | null, private onCreated: (id: string) => void = () => {}) {
    if (view) this.adopt(view, true);
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

  /** Takes a server answer as the new base; `replace` also makes it the working copy. */
  private adopt(view: ArticleView, replace: boolean, sent?: ArticleForm) {
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
    this.view = view;
    this.id = view.id;
    this.slugFollows = view.status === "draft" && !view.first_published_at && view.slug === slugify(view.headline);
  }

  set<K extends FieldKey>(key: K, value: ArticleForm[K]) {
    const draft = { ...this.draft, [key]: value };
    if (key === "headline" && this.slugFollows) draft.slug = slugify(String(value));
    if (key === "slug") this.slugFollows = false;
    this.draft = draft;
    if (this.state !== "conflict" && this.state !== "saving") this.state = this.dirty ? "dirty" : this.state;
    this.scheduleAutosave();
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
    // Autosave waits for a headline: the API requires one, and an empty draft is not worth a version.
    if (!this.dirty || (opts.auto && !this.draft.headline.trim())) return true;
    await this.send();
    return this.ok;
  }

  /** A method, not an inline comparison: TypeScript would keep its narrowing across the awaits. */
  private get ok() {
    return this.state !== "error" && this.state !== "conflict";
  }

  private async send() {
    const sent = this.draft;
    const keys = this.id ? this.dirtyKeys : undefined;
    this.state = "saving";
    this.error = null;
    this.emit();
    try {
      const res = this.id
        ? await api<{ article: ArticleView }>("PATCH", `/articles/${this.id}`, { body: toInput(sent, keys), ifMatch: this.version })
        : await api<{ article: ArticleView }>("POST", "/articles", { body: toInput(sent) });
      const created = !this.id;
      this.adopt(res.article, false, sent);
      this.state = this.dirty ? "dirty" : "saved";
      this.savedAt = new Date();
      if (created) this.onCreated(res.article.id);
      if (this.dirty) this.scheduleAutosave();
    } catch (err) {
      await this.fail(err);
    }
    this.emit();
  }

  private async fail(err: unknown) {
    if (err instanceof ApiError && err.code === "version_conflict" && this.id) {
      const theirs = await api<{ article: ArticleView }>("GET", `/articles/${this.id}`).catch(() => null);
      if (theirs) {
        const changed = Array.isArray(err.problem.changed_fields) ? (err.problem.changed_fields as string[]) : changedKeys(this.base, fromView(theirs.article));
        this.conflict = { problem: err.problem, theirs: theirs.article, changed, mine: this.dirtyKeys };
        this.state = "conflict";
        return;
      }
    }
    this.error = err;
    this.state = "error";
  }

  /** Drop my unsaved changes and continue from the current version. */
  reloadTheirs() {
    if (!this.conflict) return;
    this.adopt(this.conflict.theirs, true);
    this.conflict = null;
    this.state = "saved";
    this.emit();
  }

  /** Re-apply my changed fields on top of the current version, then save with its ETag. */
  async keepMine(): Promise<boolean> {
    if (!this.conflict) return false;
    const mine = this.draft;
    const keys = this.dirtyKeys;
    const theirs = this.conflict.theirs;
    this.adopt(theirs, true);
    const merged = { ...this.draft };
    for (const k of keys) (merged as Record<string, unknown>)[k] = mine[k];
    if (!same(merged.body, this.draft.body)) this.bodyEpoch++;
    this.draft = merged;
    this.conflict = null;
    this.state = "dirty";
    this.emit();
    return this.save();
  }

  /** Publish, schedule, unpublish, archive: saves pending edits first so what goes out is what is on screen. */
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
      } catch (err) {
        await this.fail(err);
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
        const res = await api<{ article: ArticleView }>("POST", `/articles/${this.id}/revisions/${version}/restore`, { ifMatch: this.version });
        this.adopt(res.article, true);
        this.state = "saved";
      } catch (err) {
        await this.fail(err);
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
    this.listeners.clear();
  }
}

export const conflictFieldKeys = (changed: string[]) => changed.map(toFieldKey).filter((k): k is FieldKey => k !== null);
