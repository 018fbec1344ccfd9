// When D1 does not answer: which errors mean "the database is unavailable" (try again shortly) as
// opposed to "this statement is wrong" (a bug, or a constraint a client broke), and a time budget for
// a read that might never come back. Readers then get the last good copy (src/cache/last-good.ts),
// writers a 503 `database_unavailable` problem: their batch is atomic, so it landed whole or (almost
// always) not at all.
import { AppError } from "../lib/errors";

/** Seconds a client is told to wait (Retry-After) before sending the same request again. */
export const RETRY_AFTER_S = 5;

// D1's transient errors, from its error list ("Recommended action: retry"): the connection dropped,
// the Durable Object holding the database was reset (code update, start-up, storage timeout, memory
// or CPU limit) or is overloaded, or the node could not be reached. Matched only on a message that
// starts with D1's own prefix, never on drizzle's "Failed query: …" wrapper, which quotes the SQL and
// the values a client sent.
const TRANSIENT = [
  /Network connection lost/i,
  /reset because its code was updated/i,
  /caused object to be reset/i,
  /exceeded its (memory|CPU time) limit and was reset/i,
  /\bis overloaded\b/i,
  /too many requests queued/i,
  /transient issue on remote node/i,
  /\btimed? ?out\b/i,
];

/** True when `err` (or an error in its `cause` chain) says D1 is unreachable or overloaded. */
export function isD1Unavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = typeof current === "string" ? current : (current as { message?: unknown }).message;
    if (typeof message === "string" && /^D1_[A-Z_]*ERROR\b/.test(message)) {
      const line = message.split("\n", 1)[0]!;
      // A constraint or SQL error is the statement's fault: never a 503, whatever else it says.
      if (!/SQLITE_(CONSTRAINT|ERROR|MISMATCH|RANGE|TOOBIG)(_[A-Z]+)?\b|constraint failed/.test(line) && TRANSIENT.some((re) => re.test(line))) return true;
    }
    current = typeof current === "object" ? (current as { cause?: unknown }).cause : null;
  }
  return false;
}

/** The 503 problem for an unavailable database: never kept by a cache, and says when to try again. */
export const databaseUnavailable = (detail = "The database did not answer, so this request was most likely not carried out. Try again after Retry-After: a change sent with If-Match is safe to repeat (if it did land, the repeat is a 409 naming the current version); check before repeating a create.") =>
  new AppError("database_unavailable", detail, { retry_after: RETRY_AFTER_S, headers: { "retry-after": String(RETRY_AFTER_S), "cache-control": "no-store" } });

export type Raced<T> = { done: true; value: T } | { done: false };

/**
 * `work`'s value if it settles within `ms`, else `{ done: false }` (the work goes on: the caller
 * decides whether to wait for it or answer without it). A rejection within the budget is thrown.
 */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<Raced<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
