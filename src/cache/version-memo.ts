// The content version as this isolate last read it, kept for at most VERSION_BOUND_MS so a cache hit
// reads nothing from D1. Requests arriving while it is being read share that one read (no stampede).
// A write made through this isolate forgets it at once (src/app.ts after every non-GET request, and
// bumpContentVersion/refreshDueAt when a write builds them), so its author's next read sees the
// change; every other isolate sees it within the bound.
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

let kept: { version: ContentVersion; readAt: number } | null = null;
// The read under way and when it began. In workerd a read belongs to the request that started it:
// if that request is cancelled (its client went away) before the read ends, the read is cancelled
// with it and its promise never settles. So a read is shared only within the bound; a request
// arriving later starts its own instead of queueing forever behind a read that may be dead.
let inFlight: { reading: Promise<ContentVersion>; startedAt: number } | null = null;
// Bumped by every forget: a read that started before a write landed must not be kept after it.
let generation = 0;
// A failed read is remembered for the bound too, so an outage costs D1 one attempt per isolate per
// bound rather than one per request (readers are answered from the last good copies meanwhile).
let failed: { error: unknown; at: number } | null = null;

const fresh = (at: number, now: number) => now >= at && now - at < VERSION_BOUND_MS;

/** The kept version, or one shared read of it through `read`. */
export function keptContentVersion(read: () => Promise<ContentVersion>): Promise<ContentVersion> {
  const now = clock();
  if (kept && fresh(kept.readAt, now)) return Promise.resolve(kept.version);
  if (failed && fresh(failed.at, now)) return Promise.reject(failed.error);
  if (inFlight && fresh(inFlight.startedAt, now)) return inFlight.reading;
  const gen = generation;
  const started = now;
  const reading: Promise<ContentVersion> = read().then(
    (version) => {
      if (gen === generation) {
        // Dated from when the read began: the bound is never stretched by a slow answer.
        kept = { version, readAt: started };
        failed = null;
      }
      return version;
    },
    (error: unknown) => {
      if (gen === generation) failed = { error, at: clock() };
      throw error;
    },
  );
  inFlight = { reading, startedAt: now };
  const clear = () => {
    if (inFlight?.reading === reading) inFlight = null;
  };
  reading.then(clear, clear);
  return reading;
}

/** Changes with every forget: other per-isolate memos (the Ghost API's keys) expire with the version. */
export const memoGeneration = () => generation;

/** This isolate's next public read asks D1 again (after a write it made, or a release it ran). */
export function forgetContentVersion(): void {
  generation++;
  kept = null;
  inFlight = null;
  failed = null;
}

/** A version this isolate has just read itself (a release's new token): kept from now. */
export function keepContentVersion(version: ContentVersion): void {
  generation++;
  inFlight = null;
  failed = null;
  kept = { version, readAt: clock() };
}
