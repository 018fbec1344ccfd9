// Managing webhooks (/api/editorial/v1/webhooks): the secret shown once, validation that names the
// field, switching off and on, rotation, deletion, the delivery log's paging, and that only admins
// may touch any of it. Delivery itself is in webhooks-delivery.test.ts and webhooks-failures.test.ts.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_BY } from "../../src/audit/record";
import { auditLog, outboxEvents, webhookDeliveries, webhooks } from "../../src/db/schema";
import { redeliver } from "../../src/webhooks/domain";
import { call, db, tokenFor } from "../helpers/api";
import { createSection } from "../helpers/newsroom";

let admin: string;
let editor: string;
beforeAll(async () => {
  admin = (await tokenFor("admin")).token;
  editor = (await tokenFor("editor")).token;
});

// Never fetched: these webhooks subscribe to events no test here emits, or are inactive.
const URL = "https://hooks.example/copydesk";
const create = (body: Record<string, unknown>, token = admin) => call("POST", "/webhooks", { token, body: { url: URL, events: ["collection.updated"], ...body } });
const fieldPaths = (res: { json: any }) => (res.json.errors ?? []).map((e: { path: string }) => e.path);

describe("the secret", () => {
  it("is shown once, on create: every later answer has only its last four characters", async () => {
    const res = await create({ description: "Front-end revalidation" });
    expect(res.status).toBe(201);
    const { webhook, secret } = res.json;
    // "whsec_" + base64 of 24 random bytes, what Standard Webhooks libraries expect.
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(webhook).toMatchObject({ url: URL, events: ["collection.updated"], filters: { section_ids: [], tag_ids: [] }, active: true, disable_after: 5, consecutive_failures: 0, last_delivery: null });
    expect(webhook.secret_hint).toBe(secret.slice(-4));
    for (const res of [await call("GET", `/webhooks/${webhook.id}`, { token: admin }), await call("GET", "/webhooks", { token: admin }), await call("PATCH", `/webhooks/${webhook.id}`, { token: admin, body: { description: "x" } })]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(secret.slice(6));
    }
  });

  it("rotating gives a new secret, once; the old one is gone", async () => {
    const { webhook, secret } = (await create({})).json;
    const res = await call("POST", `/webhooks/${webhook.id}/rotate-secret`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.json.secret).toMatch(/^whsec_/);
    expect(res.json.secret).not.toBe(secret);
    expect(res.json.webhook.secret_hint).toBe(res.json.secret.slice(-4));
    const stored = await db().select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, webhook.id)).get();
    expect(stored?.secret).toBe(res.json.secret);
  });
});

describe("validation", () => {
  it("names each bad field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ events: [] }, "events"],
      [{ events: ["article.published", "article.exploded"] }, "events.1"],
      [{ url: "" }, "url"],
      [{ url: "not a url" }, "url"],
      [{ url: "ftp://hooks.example/x" }, "url"],
      [{ url: "https://user:pw@hooks.example/x" }, "url"],
      [{ description: "x".repeat(501) }, "description"],
      [{ disable_after: 0 }, "disable_after"],
      [{ disable_after: 101 }, "disable_after"],
      [{ disable_after: 2.5 }, "disable_after"],
      [{ filters: { section_ids: Array.from({ length: 51 }, (_, i) => `sec_${i}`) } }, "filters.section_ids"],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldPaths(res), JSON.stringify(body)).toEqual([path]);
    }
  });

  it("filters must name sections and tags that exist (a typo would silently match nothing)", async () => {
    const section = await createSection(editor);
    const res = await create({ filters: { section_ids: [section.id, "sec_missing"], tag_ids: ["tag_missing"] } });
    expect(res.status).toBe(400);
    expect(fieldPaths(res)).toEqual(["filters.section_ids.1", "filters.tag_ids.0"]);
    const ok = await create({ filters: { section_ids: [section.id, section.id] } });
    expect(ok.status).toBe(201);
    expect(ok.json.webhook.filters).toEqual({ section_ids: [section.id], tag_ids: [] });
  });

  it("drops repeated events, and accepts ping as a subscription (it changes nothing)", async () => {
    const res = await create({ events: ["tag.updated", "ping", "tag.updated"] });
    expect(res.json.webhook.events).toEqual(["tag.updated", "ping"]);
  });
});

describe("changing, switching off and on, deleting", () => {
  it("PATCH changes only what is sent", async () => {
    const { webhook } = (await create({ description: "before", disable_after: 3 })).json;
    const res = await call("PATCH", `/webhooks/${webhook.id}`, { token: admin, body: { events: ["tag.updated", "section.updated"] } });
    expect(res.status).toBe(200);
    expect(res.json.webhook).toMatchObject({ events: ["tag.updated", "section.updated"], description: "before", disable_after: 3, url: URL });
    expect((await call("PATCH", `/webhooks/${webhook.id}`, { token: admin, body: { url: "gopher://x" } })).status).toBe(400);
  });

  it("turning a disabled webhook back on clears its failure count and reason; sending active:true to an active one does not", async () => {
    const { webhook } = (await create({})).json;
    await db().update(webhooks).set({ active: false, consecutiveFailures: 5, disabledReason: "Disabled after 5 …", disabledAt: new Date().toISOString() }).where(eq(webhooks.id, webhook.id));
    const on = await call("PATCH", `/webhooks/${webhook.id}`, { token: admin, body: { active: true } });
    expect(on.json.webhook).toMatchObject({ active: true, consecutive_failures: 0, disabled_reason: null, disabled_at: null });
    // A streak in progress survives a form that always sends `active: true`.
    await db().update(webhooks).set({ consecutiveFailures: 2 }).where(eq(webhooks.id, webhook.id));
    const again = await call("PATCH", `/webhooks/${webhook.id}`, { token: admin, body: { active: true, description: "saved" } });
    expect(again.json.webhook.consecutive_failures).toBe(2);
    const off = await call("PATCH", `/webhooks/${webhook.id}`, { token: admin, body: { active: false } });
    expect(off.json.webhook).toMatchObject({ active: false, disabled_reason: null });
  });

  it("pinging an inactive webhook is refused (it would receive nothing)", async () => {
    const { webhook } = (await create({ active: false })).json;
    const res = await call("POST", `/webhooks/${webhook.id}/ping`, { token: admin });
    expect(res.status).toBe(409);
  });

  it("DELETE → 204, then 404 everywhere", async () => {
    const { webhook } = (await create({})).json;
    expect((await call("DELETE", `/webhooks/${webhook.id}`, { token: admin })).status).toBe(204);
    for (const [method, path] of [["GET", ""], ["PATCH", ""], ["DELETE", ""], ["POST", "/rotate-secret"], ["POST", "/ping"], ["GET", "/deliveries"]] as const) {
      const res = await call(method, `/webhooks/${webhook.id}${path}`, { token: admin, body: method === "PATCH" ? {} : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});

describe("the delivery log", () => {
  it("pages newest first with a keyset cursor; last_delivery is the newest row", async () => {
    const { webhook } = (await create({})).json;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    await db()
      .insert(webhookDeliveries)
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          id: `whd_log${i}`, webhookId: webhook.id, eventId: `msg_${i}`, eventType: "tag.updated", attempt: 1, attemptedAt: at(i),
          statusCode: i === 4 ? 500 : 200, latencyMs: 12, error: i === 4 ? "The receiver answered 500." : null, outcome: i === 4 ? ("failed" as const) : ("delivered" as const),
        })),
      );
    const first = await call("GET", `/webhooks/${webhook.id}/deliveries?limit=2`, { token: admin });
    expect(first.json.deliveries.map((d: { id: string }) => d.id)).toEqual(["whd_log4", "whd_log3"]);
    expect(first.json.deliveries[0]).toEqual({ id: "whd_log4", event_id: "msg_4", event_type: "tag.updated", attempt: 1, attempted_at: at(4), status_code: 500, latency_ms: 12, error: "The receiver answered 500.", outcome: "failed" });
    const second = await call("GET", `/webhooks/${webhook.id}/deliveries?limit=2&cursor=${first.json.next_cursor}`, { token: admin });
    const third = await call("GET", `/webhooks/${webhook.id}/deliveries?limit=2&cursor=${second.json.next_cursor}`, { token: admin });
    expect(second.json.deliveries.map((d: { id: string }) => d.id)).toEqual(["whd_log2", "whd_log1"]);
    expect(third.json.deliveries.map((d: { id: string }) => d.id)).toEqual(["whd_log0"]);
    expect(third.json.next_cursor).toBeNull();
    expect((await call("GET", `/webhooks/${webhook.id}/deliveries?cursor=forged`, { token: admin })).status).toBe(400);
    expect((await call("GET", `/webhooks/${webhook.id}/deliveries?limit=101`, { token: admin })).status).toBe(400);
    const got = await call("GET", `/webhooks/${webhook.id}`, { token: admin });
    expect(got.json.webhook.last_delivery).toEqual({ attempted_at: at(4), status_code: 500, outcome: "failed" });
  });

  it("redelivering a row this webhook never had is 404; one whose event is gone is 409", async () => {
    const { webhook } = (await create({})).json;
    expect((await call("POST", `/webhooks/${webhook.id}/deliveries/whd_none/redeliver`, { token: admin })).status).toBe(404);
    await db().insert(webhookDeliveries).values({ id: "whd_orphan", webhookId: webhook.id, eventId: "msg_purged", eventType: "tag.updated", attempt: 1, attemptedAt: new Date().toISOString(), outcome: "delivered" });
    const res = await call("POST", `/webhooks/${webhook.id}/deliveries/whd_orphan/redeliver`, { token: admin });
    expect(res.status).toBe(409);
  });
});

describe("redelivery's audit entry", () => {
  it("is written only once the queue took the message: a refused send records nothing", async () => {
    const { webhook } = (await create({})).json;
    const eventId = `msg_kept_${crypto.randomUUID().slice(0, 8)}`;
    const at = new Date().toISOString();
    await db().insert(outboxEvents).values({ id: eventId, type: "tag.updated", subjectId: "tag_x", data: {}, payload: "{}", createdAt: at });
    await db().insert(webhookDeliveries).values({ id: `whd_${eventId}`, webhookId: webhook.id, eventId, eventType: "tag.updated", attempt: 1, attemptedAt: at, outcome: "failed" });
    const entries = async () => (await db().select().from(auditLog).where(and(eq(auditLog.action, "webhook.redeliver"), eq(auditLog.targetId, webhook.id))).all()).length;
    const refusing = { send: async () => Promise.reject(new Error("queue unavailable")) };
    await expect(redeliver(db(), refusing, webhook.id, `whd_${eventId}`, SYSTEM_BY)).rejects.toThrow("queue unavailable");
    expect(await entries()).toBe(0);
    const sent: unknown[] = [];
    expect(await redeliver(db(), { send: async (m) => sent.push(m) }, webhook.id, `whd_${eventId}`, SYSTEM_BY)).toBe(eventId);
    expect(sent).toEqual([{ kind: "webhook", event_id: eventId, webhook_id: webhook.id }]);
    expect(await entries()).toBe(1);
  });
});

describe("who may", () => {
  it("only admins: an editor gets 403 on reads and writes alike", async () => {
    const { webhook } = (await create({})).json;
    expect((await call("GET", "/webhooks", { token: editor })).status).toBe(403);
    expect((await create({}, editor)).status).toBe(403);
    expect((await call("GET", `/webhooks/${webhook.id}`, { token: editor })).status).toBe(403);
    expect((await call("POST", `/webhooks/${webhook.id}/rotate-secret`, { token: editor })).status).toBe(403);
  });
});
