// Hooks that exist only when the bench runs the bundle with BENCH=1 (never set in wrangler.toml):
// a constant baseline route, a cache bypass for measuring misses, a count of D1 statements per
// request, and D1 failing or stalling for one request on demand (the bench's d1-outage phase).
// With BENCH unset, none of this is reachable.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { faultyD1, type D1Faults } from "./d1-faults";

type Counter = { statements: number; batched?: number };

function countingStatement(stmt: D1PreparedStatement, counter: Counter): D1PreparedStatement {
  return new Proxy(stmt, {
    get(target, prop, receiver) {
      if (prop === "__target") return target;
      const value = Reflect.get(target, prop, receiver);
      if (prop === "bind") return (...args: unknown[]) => countingStatement((value as Function).apply(target, args), counter);
      if (prop === "all" || prop === "run" || prop === "first" || prop === "raw") {
        return (...args: unknown[]) => {
          counter.statements++;
          return (value as Function).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const UNCOUNTED = Symbol("uncounted D1 binding");

/** Wraps a D1 binding (or session) so every executed statement, batched or not, is counted. */
export function countingD1<T extends D1Database | D1DatabaseSession>(db: T, counter: Counter): T {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === UNCOUNTED) return target;
      const value = Reflect.get(target, prop, receiver);
      if (prop === "prepare") return (sql: string) => countingStatement((value as Function).call(target, sql), counter);
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          counter.statements += stmts.length;
          counter.batched = (counter.batched ?? 0) + stmts.length;
          // The statements were wrapped by prepare(); batch() needs the originals.
          return (value as Function).call(target, stmts.map((s) => (s as unknown as { __target?: D1PreparedStatement }).__target ?? s));
        };
      }
      if (prop === "withSession") return (...args: unknown[]) => countingD1((value as Function).apply(target, args), counter);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export const benchEnabled = (env: Env) => (env as Env & { BENCH?: string }).BENCH === "1";

/** With BENCH=1: `fail`, `delay=<ms>` or both (`fail,delay=<ms>`) make D1 misbehave for that request. */
export const BENCH_D1_HEADER = "x-copydesk-bench-d1";
/** A stall longer than this is a typo, not a measurement: it would only tie up the bench's connections. */
const MAX_DELAY_MS = 60_000;

/** The faults a BENCH_D1_HEADER value asks for, or null when it asks for none (unknown words are ignored). */
export function parseD1Faults(value: string | undefined | null): D1Faults | null {
  if (!value) return null;
  const faults: D1Faults = {};
  for (const part of value.split(/[,;\s]+/)) {
    const word = part.trim().toLowerCase();
    if (word === "fail") faults.fail = true;
    const delay = /^delay=(\d{1,6})$/.exec(word);
    if (delay) faults.delayMs = Math.min(MAX_DELAY_MS, Number(delay[1]));
  }
  return faults.fail || faults.delayMs ? faults : null;
}

/**
 * With BENCH=1 only: counts the D1 statements a request runs (x-d1-statements), so the bench can
 * hold each route to its budget, and applies the faults BENCH_D1_HEADER asks for (under the
 * counter, so statements attempted against a failing D1 are counted too). Runs before the init
 * middleware, which then wraps the counted binding.
 */
export const benchHooks = createMiddleware<AppEnv>(async (c, next) => {
  if (!benchEnabled(c.env)) return next();
  const counter = { statements: 0, batched: 0 };
  const faults = parseD1Faults(c.req.header(BENCH_D1_HEADER));
  c.env = { ...c.env, DB: countingD1(faults ? faultyD1(c.env.DB, faults) : c.env.DB, counter) };
  await next();
  c.res.headers.set("x-d1-statements", String(counter.statements));
  // Of which run inside db.batch(): what a write's "beyond the batch" is counted from.
  c.res.headers.set("x-d1-batched", String(counter.batched));
});

/**
 * The binding under the bench's counter (itself when not counted): for work a request sets off to
 * run after its answer (the outbox relay in waitUntil), which x-d1-statements must not charge to it.
 */
export const uncountedD1 = (db: D1Database): D1Database => (db as D1Database & { [UNCOUNTED]?: D1Database })[UNCOUNTED] ?? db;
