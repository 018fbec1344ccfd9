// One WebSub publish ping (W3C WebSub §7: "the publisher notifies the hub"): tell `msg.hub` that
// feed `msg.topic` changed, so the hub fetches it and pushes it to subscribers. One queue message
// per (event, hub, feed), so a hub that is down is retried, and dead-lettered, on its own.
import type { Outcome, WebSubMessage } from "../delivery/messages";

const PING_TIMEOUT_MS = 10_000;

/** The form body of a publish ping: `hub.mode=publish&hub.url=<topic>` (URL-encoded). */
export const publishPingBody = (topic: string) => new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString();

/**
 * POST the ping; any 2xx (hubs answer 202 or 204) is done. Anything else — another status, a
 * redirect (not followed: a hub that moved belongs in WEBSUB_HUBS under its new address), a
 * time-out, a network error — asks the queue to try again later with backoff.
 */
export async function pingHub(_env: Env, msg: WebSubMessage, attempts: number): Promise<Outcome> {
  try {
    const res = await fetch(msg.hub, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Copydesk-WebSub/1.0" },
      body: publishPingBody(msg.topic),
      redirect: "manual",
      signal: AbortSignal.timeout(PING_TIMEOUT_MS),
    });
    // The body is of no interest; reading it frees the connection.
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return "done";
    console.warn(`websub: hub ${msg.hub} answered ${res.status} to the ping for ${msg.topic} (event ${msg.event_id}, attempt ${attempts}); retrying`);
  } catch (err) {
    console.warn(`websub: ping to ${msg.hub} for ${msg.topic} (event ${msg.event_id}, attempt ${attempts}) failed: ${err instanceof Error ? err.message : String(err)}; retrying`);
  }
  return "retry";
}

/**
 * The platform gave up on this ping after max_retries. No table records it: subscribers still get
 * the change at their next poll of the feed, and the error log says which hub to look at.
 */
export async function deadWebSub(msg: WebSubMessage): Promise<void> {
  console.error(`websub: gave up pinging hub ${msg.hub} for ${msg.topic} (event ${msg.event_id}): the hub never accepted it`);
}
