// The one way the admin talks to the editorial API: same origin, the session cookie, JSON in and
// out, and RFC 9457 problems turned into an ApiError whose `detail` is shown to the editor as is.

import type { ServerProblem } from "./model";

export const API_BASE = "/api/editorial/v1";

/** Refusals the admin makes itself: nothing answered, or a file it would not send. */
type ClientCode = "network" | "refused_before_sending";
/** The server's problem (its document's `Problem`), as the admin may meet it: partial when a proxy answered instead of the API. */
export type Problem = Partial<Omit<ServerProblem, "status" | "code">> & { status: number; code?: ServerProblem["code"] | ClientCode };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${problem.status}).`);
    this.name = "ApiError";
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
}

/** Called on any 401, so an expired session sends the editor back to sign in (edits stay in memory). */
let onUnauthorized: (() => void) | null = null;
export const setUnauthorizedHandler = (fn: (() => void) | null) => {
  onUnauthorized = fn;
};

export interface RequestOptions {
  body?: unknown;
  /** A version number (the article's ETag) or an ETag as the API issued it (a working copy's `"6.3"`). */
  ifMatch?: number | string;
  signal?: AbortSignal;
  /** Sign-in answers 401 for a wrong password; that is not an expired session. */
  quiet401?: boolean;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  if (opts.ifMatch !== undefined) headers["if-match"] = typeof opts.ifMatch === "number" ? `"${opts.ifMatch}"` : opts.ifMatch;
  let res: Response;
  try {
    // credentials "same-origin" is the default; the browser adds Origin to these writes itself.
    res = await fetch(API_BASE + path, { method, headers, body, signal: opts.signal ?? null });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError({ status: 0, code: "network", detail: "The server could not be reached. Check your connection; nothing was lost here." });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const problem: Problem =
      json && typeof json === "object" ? { status: res.status, ...(json as object) } : { status: res.status, detail: `The server answered ${res.status}.` };
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw new ApiError(problem);
  }
  return json as T;
}

export const qs = (params: Record<string, string | number | null | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
};

/** A problem in a sentence, with each field issue ("bylines.1.contributor: …") after it. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const issues = err.problem.errors?.map((e) => `${e.path}: ${e.message}`) ?? [];
    return [err.message, ...issues].join(" ");
  }
  return err instanceof Error ? err.message : String(err);
}
