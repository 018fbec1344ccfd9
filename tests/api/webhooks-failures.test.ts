// A receiver that keeps failing: each failed attempt is logged and retried with exponentially
// growing delays; once the queue gives up, the dead-letter batch logs a "dead" row and counts a
// failed event; `disable_after` of those in a row switch the webhook off, with a reason the admin
// sees. Driven through the Worker's own queue handler with hand-made batches (so the retry delays
// are visible), and once end to end through the real queue (vitest.config.ts: 2 retries, no delay).
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { outboxEvents, webhookDeliveries, webhooks } from "../../src/db/schema";
import { DEAD_LETTER_QUEUE, DELIVERY_QUEUE, type WebhookMessage } from "../../src/delivery/messages";
import { newId } from "../../src/lib/ids";
import { call, db, tokenFor } from "../helpers/api";
import { createWebhook, receiverUrl, received, waitForRequests, waitUntil } from "../helpers/webhooks";

let admin: string;
beforeAll(async () => {
  admin = (await tokenFor("admin")).token;
});

/** An event already relayed (the relay and the cron leave it alone), with its payload fixed. */
async function event(): Promise<string> {
  const id = newId("msg");
  const now = new Date().toISOString();
  const payload = JSON.stringify({ type: "tag.updated", timestamp: now, data: { action: "updated", tag: { id: "tag_x", slug: "x" }, previous_slug: null } });
  await db().insert(outboxEvents).values({ id, type: "tag.updated", subjectId: "tag_x", data: { kind: "taxonomy", entity: "tag", id: "tag_x", slug: "x", previous_slug: null, action: "updated" }, payload, createdAt: now, relayedAt: now });
  return id;
}

/**
 * One message through the Worker's queue handler, as the platform hands it over, with production's
 * backoff base. The batch records what the handler asked for: cloudflare:test's createMessageBatch +
 * getQueueResult report that a message was retried but drop the delay it was retried with.
 */
async function consume(queue: string, body: WebhookMessage, attempts: number) {
  const seen: { acked: boolean; retried: { delaySeconds?: number } | null } = { acked: false, retried: null };
  const message = { id: newId("qm"), timestamp: new Date(), attempts, body, ack: () => void (seen.acked = true), retry: (o: { delaySeconds?: number } = {}) => void (seen.retried = o) };
  const batch = { queue, messages: [message], ackAll: () => void (seen.acked = true), retryAll: (o: { delaySeconds?: number } = {}) => void (seen.retried = o) };
  await worker.queue(batch as unknown as MessageBatch, { ...env, DELIVERY_RETRY_BASE_SECONDS: "10" });
  return seen;
}

const logOf = (webhookId: string) => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).orderBy(webhookDeliveries.attemptedAt).all();

describe("a receiver answering 500", () => {
  it("gets each attempt signed, logged, and retried after 10 s, 20 s, 40 s", async () => {
    const { name, url } = receiverUrl("fail");
    // Subscribed to nothing this file emits: only the hand-made batches reach it.
    const { webhook, secret } = await createWebhook(admin, { url, events: ["tag.updated"] });
    const msg: WebhookMessage = { kind: "webhook", event_id: await event(), webhook_id: webhook.id };
    const delays: (number | undefined)[] = [];
    for (const attempts of [1, 2, 3]) {
      const result = await consume(DELIVERY_QUEUE, msg, attempts);
      expect(result.acked).toBe(false);
      delays.push(result.retried?.delaySeconds);
    }
    expect(delays).toEqual([10, 20, 40]);

    const hits = await received(name);
    expect(hits).toHaveLength(3);
    // Every attempt carries the event's id; each is signed afresh (its own timestamp) and verifies.
    for (const hit of hits) {
      expect(hit.headers["webhook-id"]).toBe(msg.event_id);
      new Webhook(secret).verify(hit.body, hit.headers);
    }
    const log = await logOf(webhook.id);
    expect(log.map((d) => [d.attempt, d.statusCode, d.outcome])).toEqual([[1, 500, "failed"], [2, 500, "failed"], [3, 500, "failed"]]);
    expect(log[0]!.error).toBe("The receiver answered 500: receiver says no");
  });

  it("a redirect is a failure, not followed", async () => {
    const { name, url } = receiverUrl("status/302");
    const { webhook } = await createWebhook(admin, { url, events: ["tag.updated"] });
    const result = await consume(DELIVERY_QUEUE, { kind: "webhook", event_id: await event(), webhook_id: webhook.id }, 1);
    expect(result.retried).not.toBeNull();
    expect(await received(name)).toHaveLength(1);
    expect((await logOf(webhook.id))[0]).toMatchObject({ statusCode: 302, outcome: "failed" });
  });
});

describe("dead letters", () => {
  it("log a dead row per event; disable_after of them in a row switch the webhook off with the reason", async () => {
    const { name, url } = receiverUrl("fail");
    const { webhook } = await createWebhook(admin, { url, events: ["tag.updated"], disable_after: 2 });
    const first: WebhookMessage = { kind: "webhook", event_id: await event(), webhook_id: webhook.id };
    await consume(DELIVERY_QUEUE, first, 1);
    const dead = await consume(DEAD_LETTER_QUEUE, first, 1);
    expect(dead).toEqual({ acked: true, retried: null });
    let got = await call("GET", `/webhooks/${webhook.id}`, { token: admin });
    expect(got.json.webhook).toMatchObject({ active: true, consecutive_failures: 1, disabled_reason: null, last_delivery: { outcome: "dead", status_code: null } });

    const second: WebhookMessage = { kind: "webhook", event_id: await event(), webhook_id: webhook.id };
    await consume(DELIVERY_QUEUE, second, 1);
    await consume(DEAD_LETTER_QUEUE, second, 1);
    got = await call("GET", `/webhooks/${webhook.id}`, { token: admin });
    expect(got.json.webhook).toMatchObject({ active: false, consecutive_failures: 2 });
    expect(got.json.webhook.disabled_reason).toBe("Switched off after 2 events in a row failed for good (every retry spent). Last error: The receiver answered 500: receiver says no");
    expect(got.json.webhook.disabled_at).not.toBeNull();
    const log = await call("GET", `/webhooks/${webhook.id}/deliveries`, { token: admin });
    expect(log.json.deliveries[0]).toMatchObject({ event_id: second.event_id, outcome: "dead", attempt: 1 });
    expect(log.json.deliveries[0].error).toMatch(/^Gave up after 1 attempt\. Last error: The receiver answered 500/);

    // Switched off: a message still on the queue is acknowledged without sending anything.
    const before = (await received(name)).length;
    const late = await consume(DELIVERY_QUEUE, { kind: "webhook", event_id: await event(), webhook_id: webhook.id }, 1);
    expect(late).toEqual({ acked: true, retried: null });
    expect(await received(name)).toHaveLength(before);
  });

  it("a delivered event ends the streak", async () => {
    const { url } = receiverUrl("hooks");
    const { webhook } = await createWebhook(admin, { url, events: ["tag.updated"], disable_after: 3 });
    await db().update(webhooks).set({ consecutiveFailures: 2 }).where(eq(webhooks.id, webhook.id));
    const result = await consume(DELIVERY_QUEUE, { kind: "webhook", event_id: await event(), webhook_id: webhook.id }, 1);
    expect(result).toEqual({ acked: true, retried: null });
    const got = await call("GET", `/webhooks/${webhook.id}`, { token: admin });
    expect(got.json.webhook).toMatchObject({ active: true, consecutive_failures: 0, last_delivery: { status_code: 200, outcome: "delivered" } });
  });
});

describe("through the real queue", () => {
  it("a ping to a failing receiver: attempts, retries, the dead-letter queue, then the webhook switched off", async () => {
    const { name, url } = receiverUrl("fail");
    const { webhook } = await createWebhook(admin, { url, events: ["collection.updated"], disable_after: 1 });
    const ping = await call("POST", `/webhooks/${webhook.id}/ping`, { token: admin });
    expect(ping.status).toBe(202);
    const off = await waitUntil(() => call("GET", `/webhooks/${webhook.id}`, { token: admin }), (r) => r.json.webhook.active === false, 12_000);
    expect(off.json.webhook.disabled_reason).toMatch(/^Switched off after 1 event failed for good \(every retry spent\)\. Last error: The receiver answered 500/);
    // 1 attempt + max_retries (2, vitest.config.ts) retries, all the same event, then one dead row.
    const hits = await waitForRequests(name, 3);
    expect(hits.map((h) => h.headers["webhook-id"])).toEqual([ping.json.event_id, ping.json.event_id, ping.json.event_id]);
    const log = await logOf(webhook.id);
    expect(log.map((d) => [d.attempt, d.outcome])).toEqual([[1, "failed"], [2, "failed"], [3, "failed"], [3, "dead"]]);
  }, 20_000);
});
