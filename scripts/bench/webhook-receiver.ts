// The webhook receiver of the webhooks phase, in the bench process. The bundle runs with production's
// settings, which refuse loopback targets, so the webhook points at a public-looking name
// (https://hooks.bench.example/…) and Miniflare's outbound service — an HTTP server Miniflare runs in
// this Node process, which every fetch the Worker makes goes to — hands those requests here. Each
// delivery is timed when it reaches this handler, checked with the independent `standardwebhooks`
// package, and answered 204. Any other host is passed on to the network unchanged.
import { fetch as mfFetch, Response as MfResponse, type Request as MfRequest } from "miniflare";
import { Webhook } from "standardwebhooks";

export const RECEIVER_ORIGIN = "https://hooks.bench.example";

export interface Arrival {
  /** performance.now() when the delivery reached the handler (the same clock as the publish's response). */
  at: number;
  path: string;
  /** The `webhook-id` header: the outbox event's id, the same on every attempt and redelivery. */
  id: string;
  type: string;
  /** data.article.id of an article event. */
  articleId: string | null;
  /** standardwebhooks accepted the signature (null: no secret known yet). */
  verified: boolean | null;
  error: string | null;
  bytes: number;
  /** The delivery as received: the report keeps one as an example. */
  headers: Record<string, string>;
  body: string;
}

type Waiter = { match: (a: Arrival) => boolean; resolve: (a: Arrival | null) => void };

export function createReceiver() {
  const arrivals: Arrival[] = [];
  const waiters = new Set<Waiter>();
  let verifier: Webhook | null = null;

  const handle = async (request: MfRequest): Promise<MfResponse> => {
    const url = new URL(request.url);
    if (url.origin !== RECEIVER_ORIGIN) return mfFetch(request);
    const at = performance.now();
    const body = await request.text();
    const headers = Object.fromEntries(request.headers);
    let type = "";
    let articleId: string | null = null;
    let verified: boolean | null = null;
    let error: string | null = null;
    try {
      const parsed = JSON.parse(body) as { type?: string; data?: { article?: { id?: string } } };
      type = parsed.type ?? "";
      articleId = parsed.data?.article?.id ?? null;
    } catch {
      error = "body is not JSON";
    }
    if (verifier) {
      try {
        verifier.verify(body, headers);
        verified = true;
      } catch (err) {
        verified = false;
        error = `signature: ${(err as Error).message}`;
      }
    }
    const arrival: Arrival = { at, path: url.pathname, id: headers["webhook-id"] ?? "", type, articleId, verified, error, bytes: Buffer.byteLength(body), headers, body };
    arrivals.push(arrival);
    for (const w of waiters) {
      if (!w.match(arrival)) continue;
      waiters.delete(w);
      w.resolve(arrival);
    }
    return new MfResponse(null, { status: 204 });
  };

  /** The first arrival (already here or still to come) that matches, or null after timeoutMs. */
  const waitFor = (match: (a: Arrival) => boolean, timeoutMs: number): Promise<Arrival | null> => {
    const seen = arrivals.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const w: Waiter = { match, resolve };
      waiters.add(w);
      setTimeout(() => {
        if (waiters.delete(w)) resolve(null);
      }, timeoutMs);
    });
  };

  return {
    handle,
    arrivals,
    waitFor,
    url: (name: string) => `${RECEIVER_ORIGIN}/${name}`,
    /** The secret POST /webhooks returned: every later delivery is verified with it. */
    setSecret: (secret: string) => {
      verifier = new Webhook(secret);
    },
  };
}

export type Receiver = ReturnType<typeof createReceiver>;
