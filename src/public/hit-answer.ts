// The answer made from a stored copy, one way for both the fast path (src/public/fast-hit.ts) and the
// app's publicCache (src/public/cache.ts): one copy of the stored headers (the Cache API's own are
// immutable) and two changes to it. Everything else a hit sends was stored with the copy when it was
// rendered (renderAndKeep, asStoredCopy): CORS from publicCors, the security headers, Vary, ETag,
// Last-Modified, `x-copydesk-cache: hit` and `Cache-Status`; the time it was kept rides in the stored
// Cache-Control, which every answer replaces (src/cache/last-good.ts keptAt).
import { CACHE_STATUS } from "../cache/last-good";

/**
 * The reader's answer from `stored` (a versioned copy as matched, or a miss's render as stored):
 * Cache-Control for this request, no Age and no stored Date (a hit was checked against the version just now), a 304
 * when the client's copy matches, a HEAD without the body. `miss` labels a render's own answer.
 */
export function hitAnswer(req: Request, stored: Response, cacheControl: string, miss = false): Response {
  return answerFrom(req, stored.body, stored.headers, cacheControl, miss);
}

/** hitAnswer from a stored copy's body and headers as held (src/public/held-copies.ts): neither is changed. */
export function answerFrom(req: Request, body: BodyInit | null, storedHeaders: Headers, cacheControl: string, miss = false): Response {
  const out = new Response(body, { status: 200, headers: storedHeaders });
  const headers = out.headers;
  headers.delete("age");
  // The Cache API dates a copy when it is put; sent on, that Date (with no Age) would tell a browser
  // the answer is as old as the copy, stale on arrival once older than its max-age. Without it the
  // answer is dated as it goes out, as a miss's is.
  headers.delete("date");
  headers.set("cache-control", cacheControl);
  if (miss) {
    headers.set("x-copydesk-cache", "miss");
    headers.set("cache-status", CACHE_STATUS.miss);
  }
  return conditionalAnswer(req, out);
}

/**
 * `res` (a 200 of ours, its headers the caller's to change) as the request asks for it: a feed
 * reader's conditional GET gets a 304 with the same headers but the length, a HEAD the same headers
 * without the body, a GET `res` itself (no second copy of its headers).
 */
export function conditionalAnswer(req: Request, res: Response): Response {
  const h = req.headers;
  const headers = res.headers;
  // Most requests ask neither: no ETag read for them.
  if ((h.has("if-none-match") || h.has("if-modified-since")) && notModified(req, headers.get("etag")!, headers)) {
    headers.delete("content-length");
    void res.body?.cancel();
    return new Response(null, { status: 304, headers });
  }
  if (req.method === "HEAD") {
    void res.body?.cancel();
    return new Response(null, { status: 200, headers });
  }
  return res;
}

/** Whether the client's copy (If-None-Match, else If-Modified-Since) is this answer's. */
export function notModified(req: Request, etag: string, headers: Headers) {
  const inm = req.headers.get("if-none-match");
  if (inm) return inm.split(",").some((t) => t.trim() === etag || t.trim() === "*");
  const ims = req.headers.get("if-modified-since");
  // Last-Modified is looked up only for a request that asks (most do not).
  const lastModified = ims && headers.get("last-modified");
  if (ims && lastModified) return Date.parse(lastModified) <= Date.parse(ims);
  return false;
}
