// Which events a relay sends first, and to whom: a request's relay sends its own (newest) events even
// behind a backlog, and a webhook never gets events that happened before it was created (a backlog
// left by a queue outage, or a local run with no cron, must not flood a webhook added since).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { transition } from "../../src/editorial/articles/service";
import type { DeliveryMessage } from "../../src/delivery/messages";
import { relayOutbox } from "../../src/outbox/relay";
import { db, tokenFor, actorFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { createWebhook, receiverUrl } from "../helpers/webhooks";

let actor: Actor;
let token: string;
let admin: string;
beforeAll(async () => {
  ({ token, actor } = await actorFor("editor"));
  admin = (await tokenFor("admin")).token;
});

/** The env with a DELIVERIES that records what the relay sends instead of queueing it. */
function recording() {
  const sent: DeliveryMessage[] = [];
  const DELIVERIES = { sendBatch: async (batch: { body: DeliveryMessage }[]) => void sent.push(...batch.map((m) => m.body)) } as unknown as Queue;
  return { sent, env: { ...env, DELIVERIES } };
}

/** Publishes through the domain function: the commit, and no relay after it. */
async function publishQuietly(a?: { id: string }) {
  a ??= await createPublishableArticle(token);
  await transition(db(), actor, a.id, "publish", { expected: null });
  const row = await env.DB.prepare("SELECT id FROM outbox_events WHERE subject_id = ?").bind(a.id).first<{ id: string }>();
  return row!.id;
}

describe("the relay's order and audience", () => {
  it("a webhook created after an event does not get it; one created before does", async () => {
    const before = await publishQuietly();
    const hook = await createWebhook(admin, { url: receiverUrl("hooks", "order").url, events: ["article.published"] });
    const after = await publishQuietly();
    const r = recording();
    await relayOutbox(r.env, { rounds: 10 });
    const to = (eventId: string) => r.sent.filter((m) => m.kind === "webhook" && m.event_id === eventId && m.webhook_id === hook.webhook.id);
    expect(to(before)).toHaveLength(0);
    expect(to(after)).toHaveLength(1);
  });

  it("newest first claims a request's own event ahead of a backlog larger than its claim", async () => {
    // The stories are made through the API first, and whatever their writes left pending is cleared,
    // so that only this test's five publishes wait when the relay runs.
    const stories = [];
    for (let i = 0; i < 5; i++) stories.push(await createPublishableArticle(token));
    await new Promise((r) => setTimeout(r, 300));
    await env.DB.prepare("UPDATE outbox_events SET relayed_at = ? WHERE relayed_at IS NULL").bind(new Date().toISOString()).run();
    const backlog = [];
    for (const a of stories.slice(0, 4)) backlog.push(await publishQuietly(a));
    const own = await publishQuietly(stories[4]);
    const r = recording();
    const res = await relayOutbox(r.env, { limit: 2, rounds: 1, newestFirst: true });
    expect(res.relayed).toBe(2);
    const relayed = await env.DB.prepare("SELECT id FROM outbox_events WHERE relayed_at IS NOT NULL").all<{ id: string }>();
    const ids = relayed.results.map((x) => x.id);
    expect(ids).toContain(own);
    // Oldest first (the sweep) would have taken the two oldest of the backlog instead.
    expect(ids).not.toContain(backlog[0]);
  });
});
