// A D1 binding that fails or stalls on purpose, to show what readers and editors get when D1 does
// not answer (issue 17: stale-if-error, 503 problems). Used by the tests, and by the bench when it
// runs the bundle with BENCH=1 (src/http/bench-hooks.ts); never reachable otherwise.

export interface D1Faults {
  /** Every statement rejects, as D1 does when the database cannot be reached. */
  fail?: boolean;
  /** Every statement waits this long first (then fails if `fail`, else runs). */
  delayMs?: number;
}

/** The message D1 gives when its connection drops: what callers see in an outage. */
export const D1_OUTAGE_MESSAGE = "D1_ERROR: Network connection lost.";

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function faulted<T>(faults: D1Faults, run: () => Promise<T>): Promise<T> {
  if (faults.delayMs) await wait(faults.delayMs);
  if (faults.fail) throw new Error(D1_OUTAGE_MESSAGE);
  return run();
}

function faultyStatement(stmt: D1PreparedStatement, faults: D1Faults): D1PreparedStatement {
  return new Proxy(stmt, {
    get(target, prop, receiver) {
      if (prop === "__target") return (target as unknown as { __target?: D1PreparedStatement }).__target ?? target;
      const value = Reflect.get(target, prop, receiver);
      if (prop === "bind") return (...args: unknown[]) => faultyStatement((value as Function).apply(target, args), faults);
      if (prop === "all" || prop === "run" || prop === "first" || prop === "raw") {
        return (...args: unknown[]) => faulted(faults, () => (value as Function).apply(target, args));
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Wraps a D1 binding (or session) so every statement, batched or not, meets `faults`. */
export function faultyD1<T extends D1Database | D1DatabaseSession>(db: T, faults: D1Faults): T {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "prepare") return (sql: string) => faultyStatement((value as Function).call(target, sql), faults);
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) =>
          faulted(faults, () => (value as Function).call(target, stmts.map((s) => (s as unknown as { __target?: D1PreparedStatement }).__target ?? s)));
      }
      if (prop === "exec") return (...args: unknown[]) => faulted(faults, () => (value as Function).apply(target, args));
      if (prop === "withSession") return (...args: unknown[]) => faultyD1((value as Function).apply(target, args), faults);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
