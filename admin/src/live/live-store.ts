// What the live desk shows, as pure functions over one immutable state: the entries of one blog,
// kept current from three sources that arrive in any order — a page of GET /entries (a snapshot as
// of its `last_event_id`), the desk stream's events (numbered by the blog's desk `seq`, in commit
// order), and the answers to this editor's own writes (no seq). They must converge on what the
// server holds, without one undoing another: an editor's own save is answered AND echoed by the
// stream, and a colleague's change may land between the two.
//
// The rules: events apply in seq order, once (seq ≤ the last applied is a replay, skipped). Per entry,
// a higher `version` is newer; pinning does not bump the version, so at equal versions the later in
// seq order wins. An answer carries no seq: it is as of "after everything seen when the request left"
// (sentAt + ½), so an event for that entry seen since then wins at an equal version. Deleted entries
// stay as tombstones: nothing late brings them back.
import type { DeskEntry } from "./types";

interface Tracked {
  /** null: deleted. */
  entry: DeskEntry | null;
  /** The desk seq this state is known as of (an answer's: sentAt + 0.5). */
  seq: number;
}

export interface DeskState {
  entries: Readonly<Record<string, Tracked>>;
  /** The last desk event applied (or a snapshot's last_event_id): the stream resumes after it. */
  seq: number;
  /** The seq of the last blog.* event, so the page reloads the blog's own fields when it moves. */
  blogSeq: number;
}

export interface DeskEvent {
  /** The SSE id: the blog's desk seq. */
  seq: number;
  type: string;
  data: unknown;
}

export const emptyDesk = (): DeskState => ({ entries: {}, seq: 0, blogSeq: 0 });

const put = (s: DeskState, id: string, t: Tracked): DeskState => ({ ...s, entries: { ...s.entries, [id]: t } });

/** Whether `incoming` (as of `seq`) replaces what is held. */
function newer(cur: Tracked | undefined, incoming: DeskEntry, seq: number): boolean {
  if (!cur) return true;
  if (!cur.entry) return false;
  if (incoming.version !== cur.entry.version) return incoming.version > cur.entry.version;
  return seq > cur.seq;
}

/**
 * A page of GET /entries taken as of `lastEventId`. `complete`: it holds every entry of the blog (no
 * next_cursor), so one held but absent was deleted or is gone, unless something newer than the
 * snapshot says otherwise. Older pages ("load older") are `complete: false` and remove nothing.
 */
export function applySnapshot(s: DeskState, entries: DeskEntry[], lastEventId: number, complete: boolean): DeskState {
  const next: Record<string, Tracked> = { ...s.entries };
  const seen = new Set<string>();
  for (const e of entries) {
    seen.add(e.id);
    if (newer(next[e.id], e, lastEventId)) next[e.id] = { entry: e, seq: lastEventId };
  }
  if (complete) for (const [id, t] of Object.entries(next)) if (!seen.has(id) && t.entry && t.seq <= lastEventId) delete next[id];
  return { entries: next, seq: Math.max(s.seq, lastEventId), blogSeq: s.blogSeq };
}

const entryOf = (data: unknown): Partial<DeskEntry> | null => {
  const e = (data as { entry?: unknown } | null)?.entry;
  return e && typeof e === "object" && typeof (e as { id?: unknown }).id === "string" ? (e as Partial<DeskEntry>) : null;
};

/** One desk stream event. Returns `s` itself when it changes nothing (a replay, an older version). */
export function applyEvent(s: DeskState, ev: DeskEvent): DeskState {
  if (!(ev.seq > s.seq)) return s;
  const moved = { ...s, seq: ev.seq };
  if (ev.type.startsWith("blog.")) return { ...moved, blogSeq: ev.seq };
  const e = entryOf(ev.data);
  if (!e) return moved;
  const id = e.id!;
  if (ev.type === "entry.deleted") return put(moved, id, { entry: null, seq: ev.seq });
  const cur = s.entries[id];
  // Versions only grow; an event older than what an answer already showed changes nothing.
  if (cur && (!cur.entry || (e.version ?? 0) < cur.entry.version)) return moved;
  return put(moved, id, { entry: e as DeskEntry, seq: ev.seq });
}

/** The answer to this editor's own write, sent when the state's seq was `sentAt`. */
export function applyAnswer(s: DeskState, entry: DeskEntry, sentAt: number): DeskState {
  return newer(s.entries[entry.id], entry, sentAt + 0.5) ? put(s, entry.id, { entry, seq: sentAt + 0.5 }) : s;
}

/** This editor's own delete was accepted (204). */
export const applyDeleted = (s: DeskState, id: string, sentAt: number): DeskState =>
  s.entries[id]?.entry === null ? s : put(s, id, { entry: null, seq: Math.max(sentAt + 0.5, s.entries[id]?.seq ?? 0) });

/** When an entry stands on the desk: its publication, else (a draft) when it was written. */
const when = (e: DeskEntry) => e.published_at ?? e.created_at;

/** The entries held, newest first (drafts where they were written). */
export function deskEntries(s: DeskState): DeskEntry[] {
  return Object.values(s.entries)
    .flatMap((t) => (t.entry ? [t.entry] : []))
    .sort((a, b) => (when(a) === when(b) ? (a.id < b.id ? 1 : -1) : when(a) < when(b) ? 1 : -1));
}

/** What sits on top of the blog for readers: pinned and published. */
export const pinnedEntries = (s: DeskState): DeskEntry[] => deskEntries(s).filter((e) => e.pinned && e.status === "published");

export const entryIn = (s: DeskState, id: string): DeskEntry | null => s.entries[id]?.entry ?? null;
