// "A crash between commit and enqueue is recovered by the sweep": a change written with no relay
// after it (as when the isolate dies right after the commit) stays pending in the outbox; the next
// cron run relays it onto the Queue and the webhook receives it.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { transition } from "../../src/editorial/articles/service";
import worker from "../../src/index";
import { newId } from "../../src/lib/ids";
import { db, actorFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { receiverUrl, waitForRequests } from "../helpers/webhooks";

let token: string;
let actor: Actor;
beforeAll(async () => {
  ({ token, actor } = await actorFor("editor"));
});

const rowOf = (articleId: string) =>
  env.DB.prepare("SELECT id, payload, claimed_until, relayed_at FROM outbox_events WHERE subject_id = ?").bind(articleId).first<{ id: string; payload: string | null; claimed_until: string | null; relayed_at: string | null }>();

/** A webhook written straight into the table (the API is not under test here), for article.published. */
async function webhookTo(url: string) {
  const now = new Date().toISOString();
  const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
  await env.DB.prepare("INSERT INTO webhooks (id, url, events, filters, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(newId("whk"), url, JSON.stringify(["article.published"]), JSON.stringify({ section_ids: [], tag_ids: [] }), secret, now, now)
    .run();
}

const cron = () => worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env);

describe("the cron sweep", () => {
  it("relays an event no relay ran for, and its webhook gets it", async () => {
    const { name, url } = receiverUrl("hooks", "sweep");
    await webhookTo(url);
    const a = await createPublishableArticle(token);
    // The domain function alone: the commit happens, no relay follows it.
    await transition(db(), actor, a.id, "publish", { expected: null });
    const pending = await rowOf(a.id);
    expect(pending).toMatchObject({ payload: null, relayed_at: null });

    await cron();
    const relayed = await rowOf(a.id);
    expect(relayed!.relayed_at).not.toBeNull();
    const payload = JSON.parse(relayed!.payload!);
    expect(payload).toMatchObject({ type: "article.published", data: { status: "published", previous_status: "draft", article: { id: a.id, json_ld: { "@type": "NewsArticle" } } } });

    const [hit] = await waitForRequests(name, 1);
    expect(hit?.headers["webhook-id"]).toBe(pending!.id);
    // The bytes stored on the first relay are the bytes delivered.
    expect(hit?.body).toBe(relayed!.payload);
  });

  it("takes again a row whose relay died after claiming it, but not one claimed a moment ago", async () => {
    const dead = await createPublishableArticle(token);
    const busy = await createPublishableArticle(token);
    await transition(db(), actor, dead.id, "publish", { expected: null });
    await transition(db(), actor, busy.id, "publish", { expected: null });
    const past = new Date(Date.now() - 1000).toISOString();
    const future = new Date(Date.now() + 30_000).toISOString();
    await env.DB.prepare("UPDATE outbox_events SET claimed_until = ? WHERE subject_id = ?").bind(past, dead.id).run();
    await env.DB.prepare("UPDATE outbox_events SET claimed_until = ? WHERE subject_id = ?").bind(future, busy.id).run();

    await cron();
    expect((await rowOf(dead.id))!.relayed_at).not.toBeNull();
    // Another relay holds it: this run leaves it to that one (or to a sweep after its claim lapses).
    expect((await rowOf(busy.id))!.relayed_at).toBeNull();
  });
});
