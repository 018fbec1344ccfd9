// One open live desk: loads the blog and its entries, follows the desk stream, and sends this
// editor's writes; every source goes through the pure rules of live-store.ts, so answers and their
// echoes converge. Pages subscribe and re-render on each change.
import type { LiveActor } from "@shared/auth/live-rules";
import { allowedEntryActions, liveEntryDenial, type LiveEntryVerb } from "@shared/auth/live-rules";
import { api, ApiError, qs } from "../api/client";
import type { ArticleView, Contributor, LiveEntry, LiveEntryInput, LiveEntryPage, LiveEntryPatch, LiveSettingsInput, SessionUser } from "../api/model";
import { fetchContributors } from "../lib/taxonomy";
import { applyAnswer, applyDeleted, applyEvent, applySnapshot, deskEntries, emptyDesk, pinnedEntries, type DeskState } from "./live-store";
import { openDeskStream, type EventSourceLike, type StreamStatus } from "./live-stream";
import type { BodyDoc } from "../editor/body-json";
import type { DeskEntry } from "./types";

/** A save refused because a colleague saved first: their version, which the desk now shows. */
export class EntryConflict extends Error {
  constructor(readonly theirs: DeskEntry) {
    super("Someone else changed this entry first.");
  }
}

const PAGE = 100;

export class LiveDesk {
  state: DeskState = emptyDesk();
  article: ArticleView | null = null;
  status: StreamStatus = "connecting";
  loadError: unknown = null;
  /** Older entries not loaded yet (GET /entries?cursor=). */
  olderCursor: string | null = null;
  private listeners = new Set<() => void>();
  private closeStream: (() => void) | null = null;
  private disposed = false;
  private blogSeq = 0;
  /** Bylines' contributors and the accounts they belong to: an author's own entries include those bylined to them. */
  contributors: Contributor[] = [];
  private accountOf = new Map<string, string>();

  constructor(
    readonly articleId: string,
    private readonly user: SessionUser,
    private readonly makeSource?: (url: string) => EventSourceLike,
  ) {}

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }
  private changed() {
    if (!this.disposed) this.listeners.forEach((l) => l());
  }
  private set(s: DeskState) {
    if (s === this.state) return;
    this.state = s;
    // A blog.* event (coverage window, publication): the blog's own fields are reloaded.
    if (s.blogSeq !== this.blogSeq) {
      this.blogSeq = s.blogSeq;
      this.loadArticle().catch((e) => this.fail(e));
    }
    this.changed();
  }

  private path = (rest = "") => `/articles/${encodeURIComponent(this.articleId)}${rest}`;

  async start() {
    try {
      await Promise.all([this.loadArticle(), this.loadContributors()]);
      if (this.article?.kind !== "live") return this.changed();
      const seq = await this.loadEntries();
      if (this.disposed) return;
      this.closeStream = openDeskStream(
        this.articleId,
        seq,
        {
          onEvent: (ev) => this.set(applyEvent(this.state, ev)),
          onResync: () => void this.loadEntries().catch((e) => this.fail(e)),
          onStatus: (s) => {
            this.status = s;
            this.changed();
          },
        },
        this.makeSource,
      );
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    this.loadError = e;
    this.changed();
  }

  private async loadContributors() {
    this.contributors = await fetchContributors();
    this.accountOf = new Map(this.contributors.flatMap((c) => (c.user_id ? [[c.id, c.user_id] as const] : [])));
  }

  /** The signed-in user's own byline, when their account holds one. */
  ownContributor = (): Contributor | null => this.contributors.find((c) => c.user_id === this.user.id) ?? null;

  async loadArticle() {
    const r = await api<{ article: ArticleView }>("GET", this.path());
    this.article = r.article;
    this.changed();
  }

  /** The newest page, as of its last_event_id; returns that id. */
  async loadEntries(): Promise<number> {
    const r = await api<LiveEntryPage>("GET", this.path(`/entries${qs({ limit: PAGE })}`));
    this.olderCursor = r.next_cursor;
    this.set(applySnapshot(this.state, r.entries, r.last_event_id, r.next_cursor === null));
    this.changed();
    return r.last_event_id;
  }

  async loadOlder() {
    if (!this.olderCursor) return;
    const r = await api<LiveEntryPage>("GET", this.path(`/entries${qs({ limit: PAGE, cursor: this.olderCursor })}`));
    this.olderCursor = r.next_cursor;
    this.set(applySnapshot(this.state, r.entries, r.last_event_id, false));
    this.changed();
  }

  entries = () => deskEntries(this.state);
  pinned = () => pinnedEntries(this.state);

  get actor(): LiveActor {
    return { role: this.user.role, userId: this.user.id };
  }
  private blogStatus = () => this.article?.status ?? "draft";

  /** Why this editor may file no entry here (an archived blog is editors' only), or null. */
  newEntryDenial(): string | null {
    return liveEntryDenial(this.actor, "live_entries.write", { blogStatus: this.blogStatus(), entry: null });
  }

  /** Whether this editor's new entries go straight to readers (else they are drafts for an editor). */
  mayPublishNew(): boolean {
    return liveEntryDenial(this.actor, "live_entries.publish", { blogStatus: this.blogStatus(), entry: null }) === null;
  }

  /** What this editor may do to `e`, by the rule the endpoints apply (so no button answers 403). */
  actionsFor(e: DeskEntry): LiveEntryVerb[] {
    const bylinedUserIds = e.bylines.flatMap((b) => {
      const account = this.accountOf.get(b.contributor.id);
      return account ? [account] : [];
    });
    return allowedEntryActions(this.actor, {
      blogStatus: this.blogStatus(),
      entry: { status: e.status, everPublished: e.published_at !== null, createdBy: e.created_by, bylinedUserIds },
    });
  }

  /** Runs a write whose answer is `{entry}`, applied as of the seq seen when it left. */
  private async write(method: string, rest: string, opts: { body?: unknown; ifMatch?: string } = {}): Promise<DeskEntry> {
    const sentAt = this.state.seq;
    try {
      const r = await api<{ entry: LiveEntry }>(method, this.path(rest), opts);
      this.set(applyAnswer(this.state, r.entry, sentAt));
      return r.entry;
    } catch (e) {
      const stale = e instanceof ApiError && e.code === "version_conflict" ? (e.problem as { entry?: { id?: string } }).entry?.id : undefined;
      if (!stale) throw e;
      // The problem names the entry's current version; its text comes from the entry itself.
      const seen = this.state.seq;
      const r = await api<{ entry: LiveEntry }>("GET", this.path(`/entries/${encodeURIComponent(stale)}`));
      this.set(applyAnswer(this.state, r.entry, seen));
      throw new EntryConflict(r.entry);
    }
  }

  /** TipTap's JSON, normalised (body-json.ts), is the body schema's; the server validates it all the same. */
  static body = (doc: BodyDoc) => doc as LiveEntryInput["body"];

  create(input: LiveEntryInput) {
    return this.write("POST", "/entries", { body: input });
  }
  update(e: DeskEntry, input: LiveEntryPatch, etag = e.etag) {
    return this.write("PATCH", `/entries/${encodeURIComponent(e.id)}`, { body: input, ifMatch: etag });
  }
  publish(e: DeskEntry, on: boolean) {
    return this.write("POST", `/entries/${encodeURIComponent(e.id)}/${on ? "publish" : "unpublish"}`, { ifMatch: e.etag });
  }
  pin(e: DeskEntry, pinned: boolean) {
    return this.write("PUT", `/entries/${encodeURIComponent(e.id)}/pin`, { body: { pinned } });
  }
  async remove(e: DeskEntry) {
    const sentAt = this.state.seq;
    await api<void>("DELETE", `/articles/${encodeURIComponent(this.articleId)}/entries/${encodeURIComponent(e.id)}`, { ifMatch: e.etag });
    this.set(applyDeleted(this.state, e.id, sentAt));
  }

  /** The coverage window (PUT /articles/{id}/live); the blog.updated echo reloads the article too. */
  async setCoverage(start: string | null, end: string | null) {
    await api("PUT", this.path("/live"), { body: { kind: "live", coverage_start_at: start, coverage_end_at: end } satisfies LiveSettingsInput });
    await this.loadArticle();
  }

  /** Makes an ordinary story a live blog, then opens the desk on it. */
  async makeLive() {
    await api("PUT", this.path("/live"), { body: { kind: "live" } satisfies LiveSettingsInput });
    await this.start();
  }

  dispose() {
    this.disposed = true;
    this.closeStream?.();
    this.listeners.clear();
  }
}
