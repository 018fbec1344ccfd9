// Delivery through the real chain: an editorial write commits an outbox row, the relay (after the
// response) puts a message on the Queue, the Worker's own queue consumer signs and POSTs it to the
// local receiver. Signatures are checked with the independent `standardwebhooks` package, never
// with our own code. Failures, backoff and dead letters: webhooks-failures.test.ts.
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { outboxEvents } from "../../src/db/schema";
import type { EventData, EventType } from "../../src/outbox/events";
import { matches } from "../../src/webhooks/match";
import { call, db, tokenFor } from "../helpers/api";
import { createContributor, createPublishableArticle, createSection } from "../helpers/newsroom";
import { createWebhook, receiverUrl, received, waitForRequests, waitUntil } from "../helpers/webhooks";

let admin: string;
let editor: string;
beforeAll(async () => {
  admin = (await tokenFor("admin")).token;
  editor = (await tokenFor("editor")).token;
});

async function publish(body: Record<string, unknown> = {}) {
  const article = await createPublishableArticle(editor, body);
  const res = await call("POST", `/articles/${article.id}/publish`, { token: editor });
  expect(res.status).toBe(200);
  return res.json.article as { id: string; slug: string; headline: string };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

describe("a publish", () => {
  it("delivers one signed article.published that standardwebhooks verifies, carrying the public article", async () => {
    const { name, url } = receiverUrl("hooks");
    const { webhook, secret } = await createWebhook(admin, { url, events: ["article.published"] });
    const article = await publish();

    const [hit] = await waitForRequests(name, 1);
    expect(hit, "the delivery arrived").toBeDefined();
    // Throws on a bad signature, a stale timestamp or a missing header.
    const verified = new Webhook(secret).verify(hit!.body, hit!.headers) as any;
    expect(verified.type).toBe("article.published");
    expect(hit!.headers["content-type"]).toBe("application/json");
    expect(hit!.headers["user-agent"]).toBe("Copydesk-Webhooks/1.0");
    expect(hit!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    // The webhook-id is the outbox event's id: stable for every attempt, what receivers deduplicate on.
    const events = await db().select().from(outboxEvents).where(and(eq(outboxEvents.subjectId, article.id), eq(outboxEvents.type, "article.published"))).all();
    expect(events).toHaveLength(1);
    expect(hit!.headers["webhook-id"]).toBe(events[0]!.id);
    expect(verified.timestamp).toBe(events[0]!.createdAt);

    // The content API's shape of the story; no email anywhere (authors' accounts never leave the newsroom).
    expect(verified.data).toMatchObject({ status: "published", article: { id: article.id, slug: article.slug, headline: article.headline } });
    const pub = await call("GET", `http://copydesk.test/api/content/v1/articles/${article.slug}`);
    expect(Object.keys(verified.data.article).sort()).toEqual(Object.keys(pub.json.article).sort());
    expect(hit!.body).not.toMatch(EMAIL);

    // Logged: one delivered attempt; and only one request reached the receiver.
    const log = await waitUntil(() => call("GET", `/webhooks/${webhook.id}/deliveries`, { token: admin }), (r) => r.json.deliveries.length > 0);
    expect(log.json.deliveries).toHaveLength(1);
    expect(log.json.deliveries[0]).toMatchObject({ event_id: events[0]!.id, event_type: "article.published", attempt: 1, status_code: 200, outcome: "delivered", error: null });
    expect(await received(name)).toHaveLength(1);
  });

  it("redeliver sends the same webhook-id and body again", async () => {
    const { name, url } = receiverUrl("hooks");
    const { webhook, secret } = await createWebhook(admin, { url, events: ["article.published"] });
    await publish();
    const [first] = await waitForRequests(name, 1);
    const log = await waitUntil(() => call("GET", `/webhooks/${webhook.id}/deliveries`, { token: admin }), (r) => r.json.deliveries.length > 0);
    const res = await call("POST", `/webhooks/${webhook.id}/deliveries/${log.json.deliveries[0].id}/redeliver`, { token: admin });
    expect(res.status).toBe(202);
    expect(res.json.event_id).toBe(first!.headers["webhook-id"]);
    const [, again] = await waitForRequests(name, 2);
    expect(again, "the redelivery arrived").toBeDefined();
    expect(again!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(again!.body).toBe(first!.body);
    new Webhook(secret).verify(again!.body, again!.headers);
  });

  it("ping reaches the webhook it was sent to, signed, with the ping payload", async () => {
    const { name, url } = receiverUrl("hooks");
    // Subscribed to something else entirely: a ping needs no subscription.
    const { webhook, secret } = await createWebhook(admin, { url, events: ["collection.updated"] });
    const res = await call("POST", `/webhooks/${webhook.id}/ping`, { token: admin });
    expect(res.status).toBe(202);
    const [hit] = await waitForRequests(name, 1);
    const verified = new Webhook(secret).verify(hit!.body, hit!.headers) as any;
    expect(hit!.headers["webhook-id"]).toBe(res.json.event_id);
    expect(verified).toMatchObject({ type: "ping", data: { webhook_id: webhook.id, message: "ping" } });
  });
});

describe("filters", () => {
  it("a webhook filtered to section A gets A's story and not B's; an unfiltered one gets both", async () => {
    const [a, b] = [await createSection(editor, "Section A"), await createSection(editor, "Section B")];
    const person = await createContributor(editor, "person", "Filter Reporter");
    const filtered = receiverUrl("hooks", "filtered");
    const all = receiverUrl("hooks", "all");
    await createWebhook(admin, { url: filtered.url, events: ["article.published"], filters: { section_ids: [a.id] } });
    await createWebhook(admin, { url: all.url, events: ["article.published"] });
    // B first: by the time A's story reaches the filtered receiver, B's would have too.
    const storyB = await publish({ section: b.slug, bylines: [{ contributor: person.slug }] });
    await waitForRequests(all.name, 1);
    const storyA = await publish({ section: a.slug, bylines: [{ contributor: person.slug }] });
    const everything = await waitForRequests(all.name, 2);
    const onlyA = await waitForRequests(filtered.name, 1);
    const ids = (log: { body: string }[]) => log.map((r) => JSON.parse(r.body).data.article.id);
    expect(ids(everything).sort()).toEqual([storyA.id, storyB.id].sort());
    expect(ids(onlyA)).toEqual([storyA.id]);
  });
});

describe("the filter rules", () => {
  const article = (section_ids: string[], tag_ids: string[]): EventData => ({
    kind: "article", article_id: "art_1", version: 2, previous_status: "draft", status: "published", changed_fields: [],
    scopes: { section_ids, tag_ids, contributor_ids: [] }, ref: { id: "art_1", slug: "s", headline: "h", section_slug: "a" },
  });
  const taxonomy = (entity: "tag" | "section" | "contributor", id: string): EventData => ({ kind: "taxonomy", entity, id, slug: "x", previous_slug: null, action: "updated" });
  const hook = (section_ids: string[], tag_ids: string[]) => ({ events: ["article.published", "tag.updated", "section.updated", "contributor.updated"] as EventType[], filters: { section_ids, tag_ids } });
  const gets = (h: ReturnType<typeof hook>, type: EventType, data: EventData) => matches(h, { type, data });

  it("article events: section filter AND tag filter, each empty meaning any", () => {
    expect(gets(hook([], []), "article.published", article(["sec_a"], []))).toBe(true);
    expect(gets(hook(["sec_a"], []), "article.published", article(["sec_b", "sec_a"], []))).toBe(true); // moved from B to A
    expect(gets(hook(["sec_a"], []), "article.published", article(["sec_b"], ["tag_1"]))).toBe(false);
    expect(gets(hook(["sec_a"], ["tag_1"]), "article.published", article(["sec_a"], ["tag_2"]))).toBe(false);
    expect(gets(hook(["sec_a"], ["tag_1", "tag_2"]), "article.published", article(["sec_a"], ["tag_2"]))).toBe(true);
    expect(gets(hook([], []), "article.deleted", article([], []))).toBe(false); // not subscribed
  });

  it("section and tag events match their own id against their own filter; contributor events ignore filters", () => {
    expect(gets(hook(["sec_a"], ["tag_1"]), "section.updated", taxonomy("section", "sec_a"))).toBe(true);
    expect(gets(hook(["sec_a"], []), "section.updated", taxonomy("section", "sec_b"))).toBe(false);
    expect(gets(hook(["sec_a"], ["tag_1"]), "tag.updated", taxonomy("tag", "tag_1"))).toBe(true);
    expect(gets(hook([], ["tag_1"]), "tag.updated", taxonomy("tag", "tag_9"))).toBe(false);
    expect(gets(hook(["sec_a"], ["tag_1"]), "contributor.updated", taxonomy("contributor", "ctb_1"))).toBe(true);
  });
});
