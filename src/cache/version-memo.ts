// The content version as this isolate last read it, kept for at most VERSION_BOUND_MS so a cache hit
// reads nothing from D1. Requests arriving while it is being read share that one read (no stampede).
// A write made through this isolate forgets it at once (src/app.ts after every non-GET request, and
// bumpContentVersion/refreshDueAt when a write builds them), so its author's next read sees the
// change; every other isolate sees it within the bound.
import { boundedMemo } from "./bounded-memo";
import { isD1Unavailable } from "./d1-availability";
import type { ContentVersion } from "./content-version";

/** How long an isolate may answer from a version it read: a publish elsewhere shows within this. */
export const VERSION_BOUND_MS = 1_000;

let clock: () => number = () => Date.now();
/** Tests move time on (another isolate's view after the bound) without waiting for it. */
export function useClock(now: () => number): () => void {
  clock = now;
  return () => {
    clock = () => Date.now();
  };
}
export const nowMs = () => clock();

// Bumped by every forget: a read that started before a write landed must not be kept after it.
let generation = 0;
const KEY = "content";
// A failed read is remembered for the bound too when D1 is what failed, so an outage costs D1 one
// attempt per isolate per bound rather than one per request (readers are answered from the last
// good copies meanwhile). Not any other failure: in workerd a shared read belongs to the request
// that started it, and one that ended first fails it for the others ("Cannot perform I/O on behalf
// of a different request"); kept, that would stand for a second in every request's answer.
const memo = boundedMemo<ContentVersion>({ boundMs: VERSION_BOUND_MS, maxKeys: 1, now: nowMs, generation: () => generation, keepFailures: isD1Unavailable });

/** The kept version, or one shared read of it through `read`. */
export const keptContentVersion = (read: () => Promise<ContentVersion>): Promise<ContentVersion> => memo.get(KEY, read);

/** The kept version if this isolate holds one within the bound (a cache hit then awaits nothing), else null. */
export const peekContentVersion = (): ContentVersion | null => memo.peek(KEY)?.value ?? null;

/** When a read that begins now began, for a memo that keeps what it returns (a forget since voids it). */
export const readStart = () => ({ at: clock(), generation });

/** Changes with every forget: other per-isolate memos (the Ghost API's keys) expire with the version. */
export const memoGeneration = () => generation;

/** This isolate's next public read asks D1 again (after a write it made, or a release it ran). */
export function forgetContentVersion(): void {
  generation++;
  memo.clear();
}

/** A version this isolate has just read itself (a release's new token): kept from now. */
export function keepContentVersion(version: ContentVersion): void {
  forgetContentVersion();
  memo.keep(KEY, version);
}
