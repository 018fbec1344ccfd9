// One event to one webhook, once: sign, POST, log the attempt. The queue consumer
// (src/delivery/consumer.ts) turns "retry" into a retry with exponential backoff and, once the
// retries are spent, hands the message to deadWebhook from the dead-letter queue.
//
// Rules: any 2xx is delivered; any other status, a redirect (never followed: a 3xx could lead
// anywhere, private addresses included), a time-out (10 s) or a network error is a failed attempt.
// A target the rules refuse (src/webhooks/target.ts) is a failed attempt with nothing sent. A
// webhook deleted or switched off, or an event no longer kept, is acknowledged with nothing sent
// and nothing logged.
import { and, desc, eq, sql } from "drizzle-orm";
import { runBatch, type Statement } from "../db/batch";
import type { DB } from "../db/client";
import { outboxEvents, webhookDeliveries, webhooks } from "../db/schema";
import type { Outcome, WebhookMessage } from "../delivery/messages";
import { newId } from "../lib/ids";
import { signedHeaders } from "./sign";
import { targetProblemIn } from "../http/outbound-target";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Of the receiver's answer, kept in the log's error (enough to see "invalid signature" or a proxy's page title). */
const ANSWER_EXCERPT = 200;
const ERROR_MAX = 500;

interface Attempt {
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export async function deliverWebhook(db: DB, env: Env, msg: WebhookMessage, attempts: number): Promise<Outcome> {
  const [hooks, events] = await db.batch([
    db.select({ url: webhooks.url, secret: webhooks.secret, active: webhooks.active, failures: webhooks.consecutiveFailures }).from(webhooks).where(eq(webhooks.id, msg.webhook_id)),
    db.select({ type: outboxEvents.type, payload: outboxEvents.payload }).from(outboxEvents).where(eq(outboxEvents.id, msg.event_id)),
  ]);
  const hook = hooks[0];
  const event = events[0];
  if (!hook?.active || !event?.payload) return "done";

  const refused = targetProblemIn(env, hook.url);
  const attempt: Attempt = refused ? { statusCode: null, latencyMs: null, error: `Not sent: ${refused}.` } : await post(hook.url, hook.secret, msg.event_id, event.payload);
  const delivered = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;

  const log = db.insert(webhookDeliveries).values({
    id: newId("whd"),
    webhookId: msg.webhook_id,
    eventId: msg.event_id,
    eventType: event.type,
    attempt: attempts,
    // When it ended (the answer, the time-out): the send time is this minus latency_ms.
    attemptedAt: new Date().toISOString(),
    ...attempt,
    outcome: delivered ? "delivered" : "failed",
  });
  // A delivered event ends a failure streak (written only when there is one).
  const statements: Statement[] = [log];
  if (delivered && hook.failures > 0) statements.push(db.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, msg.webhook_id)));
  await runBatch(db, statements);
  return delivered ? "done" : "retry";
}

/** The POST itself. Never throws: what went wrong is the attempt's error. */
async function post(url: string, secret: string, eventId: string, body: string): Promise<Attempt> {
  const headers = await signedHeaders(secret, eventId, body);
  const started = Date.now();
  try {
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    const latencyMs = Date.now() - started;
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel();
      return { statusCode: res.status, latencyMs, error: null };
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const to = res.headers.get("location");
      return { statusCode: res.status, latencyMs, error: clip(`The receiver answered ${res.status}${to ? ` to ${to}` : ""}; redirects are not followed.`) };
    }
    const excerpt = (await readStart(res)).trim();
    return { statusCode: res.status, latencyMs, error: clip(`The receiver answered ${res.status}${excerpt ? `: ${excerpt}` : "."}`) };
  } catch (err) {
    const latencyMs = Date.now() - started;
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return { statusCode: null, latencyMs, error: `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.` };
    return { statusCode: null, latencyMs, error: clip(`Could not reach the receiver: ${err instanceof Error ? err.message : String(err)}`) };
  }
}

const clip = (s: string) => (s.length > ERROR_MAX ? `${s.slice(0, ERROR_MAX - 1)}…` : s);

/** The first ANSWER_EXCERPT characters of the answer, without reading a large one to the end. */
async function readStart(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < ANSWER_EXCERPT) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off mid-way: what arrived is enough.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.slice(0, ANSWER_EXCERPT).replace(/\s+/g, " ");
}

/**
 * The queue gave up on this event for this webhook (every retry spent): one "dead" row in the log
 * and one more failed event in its streak. When the streak reaches `disable_after`, the webhook is
 * switched off with a sentence saying why. One atomic batch: the counter is incremented in SQL, so
 * dead letters of several events arriving together count each one.
 */
export async function deadWebhook(db: DB, msg: WebhookMessage, attempts: number): Promise<void> {
  const [hooks, events, lasts] = await db.batch([
    db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, msg.webhook_id)),
    db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.id, msg.event_id)),
    db
      .select({ attempt: webhookDeliveries.attempt, error: webhookDeliveries.error })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, msg.webhook_id), eq(webhookDeliveries.eventId, msg.event_id), eq(webhookDeliveries.outcome, "failed")))
      .orderBy(desc(webhookDeliveries.attemptedAt))
      .limit(1),
  ]);
  if (!hooks[0]) return; // deleted meanwhile: nothing to count against
  const last = lasts[0];
  // The log's last attempt says how many were made; the dead-letter message's own count is a fallback.
  const made = Math.max(last?.attempt ?? 0, attempts);
  const lastError = last?.error ?? "no attempt was logged";
  const now = new Date().toISOString();
  const reaches = sql`${webhooks.active} = 1 AND ${webhooks.consecutiveFailures} + 1 >= ${webhooks.disableAfter}`;
  await db.batch([
    db.insert(webhookDeliveries).values({
      id: newId("whd"),
      webhookId: msg.webhook_id,
      eventId: msg.event_id,
      eventType: events[0]?.type ?? "unknown",
      attempt: made,
      attemptedAt: now,
      statusCode: null,
      latencyMs: null,
      error: clip(`Gave up after ${made} attempt${made === 1 ? "" : "s"}. Last error: ${lastError}`),
      outcome: "dead",
    }),
    db
      .update(webhooks)
      .set({
        consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
        active: sql`CASE WHEN ${reaches} THEN 0 ELSE ${webhooks.active} END`,
        disabledReason: sql`CASE WHEN ${reaches} THEN 'Switched off after ' || (${webhooks.consecutiveFailures} + 1) || CASE WHEN ${webhooks.consecutiveFailures} = 0 THEN ' event' ELSE ' events in a row' END || ' failed for good (every retry spent). Last error: ' || ${clip(lastError)} ELSE ${webhooks.disabledReason} END`,
        disabledAt: sql`CASE WHEN ${reaches} THEN ${now} ELSE ${webhooks.disabledAt} END`,
      })
      .where(eq(webhooks.id, msg.webhook_id)),
  ]);
}
