// Fetching an imported image from the old site, carefully: only http(s), never (in production) a
// private, loopback or link-local address, every redirect hop checked the same way, bounded time
// and bytes. The bytes are judged by the media library (sniffed, size-capped), never by their name.
import { targetProblem } from "../../http/outbound-target";
import { MAX_UPLOAD_BYTES } from "../../media/library";

export const FETCH_TIMEOUT_MS = 8_000;
const MAX_REDIRECTS = 3;

export type Fetcher = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Why a URL may not be fetched, or null. `allowPrivate`: development and test (a local server).
 * The rules are the webhooks' (src/http/outbound-target.ts): one list of what is not the Internet.
 */
export const refusedTarget = (raw: string, allowPrivate: boolean): string | null => targetProblem(raw, { allowPrivate });

export type Fetched = { ok: true; bytes: Uint8Array; filename: string | null } | { ok: false; reason: string };

/** The image's bytes, or why not. Never throws. */
export async function fetchImageBytes(fetcher: Fetcher, url: string, allowPrivate: boolean): Promise<Fetched> {
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const refused = refusedTarget(current, allowPrivate);
      if (refused) return { ok: false, reason: `refused: ${refused}` };
      const res = await fetcher(current, { redirect: "manual", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "image/*" } });
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        await res.body?.cancel();
        current = new URL(res.headers.get("location")!, current).toString();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { ok: false, reason: `the server answered ${res.status}` };
      }
      const declared = Number(res.headers.get("content-length") ?? "0");
      if (declared > MAX_UPLOAD_BYTES) {
        await res.body?.cancel();
        return { ok: false, reason: `larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` };
      }
      const bytes = await readCapped(res, MAX_UPLOAD_BYTES);
      if (!bytes) return { ok: false, reason: `larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` };
      const name = new URL(current).pathname.split("/").pop() || null;
      return { ok: true, bytes, filename: name ? decodeURIComponent(name).slice(0, 200) : null };
    }
    return { ok: false, reason: "too many redirects" };
  } catch (err) {
    return { ok: false, reason: err instanceof Error && err.name === "TimeoutError" ? "timed out" : "could not be fetched" };
  }
}

/** The body, or null once it passes `max` bytes (reading stops there: a huge file costs no memory). */
async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
