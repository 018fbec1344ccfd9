// Server-side request forgery: in production a webhook may not point at the Worker's own network —
// refused when saved (400 naming `url`) and again at delivery (a failed attempt, nothing fetched).
// Development and test may use a local receiver (the rest of the suite relies on it).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { outboxEvents, webhookDeliveries } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { deliverWebhook } from "../../src/webhooks/deliver";
import { targetProblem } from "../../src/http/outbound-target";
import { API, db, tokenFor } from "../helpers/api";
import { createWebhook, receiverUrl, received } from "../helpers/webhooks";

const PRODUCTION = { ENVIRONMENT: "production", PUBLIC_SITE_URL: "https://news.example.com" };

// Every spelling the URL parser turns into a private, loopback, link-local or metadata address.
const REFUSED = [
  "http://127.0.0.1/hook",
  "http://127.1/hook",
  "http://2130706433/hook", // 127.0.0.1 as one number
  "http://0x7f000001/hook",
  "http://0177.0.0.1/hook", // octal
  "http://0.0.0.0/hook",
  "http://10.0.0.8/hook",
  "http://172.20.1.1/hook",
  "http://192.168.1.1/hook",
  "http://100.64.0.1/hook", // carrier-grade NAT
  "http://169.254.169.254/latest/meta-data/", // cloud metadata
  "http://[::1]/hook",
  "http://[::]/hook",
  "http://[::ffff:127.0.0.1]/hook", // IPv4-mapped
  "http://[::ffff:a9fe:a9fe]/hook", // 169.254.169.254, mapped, in hex
  "http://[64:ff9b::a9fe:a9fe]/hook", // NAT64 of the metadata address
  "http://[2002:7f00:1::]/hook", // 6to4 of 127.0.0.1
  "http://[fd12:3456::1]/hook", // unique local
  "http://[fe80::1]/hook", // link-local
  "http://localhost/hook",
  "http://LOCALHOST./hook",
  "http://api.localhost/hook",
  "http://printer.local/hook",
  "http://metadata.google.internal/computeMetadata/v1/",
  "http://metadata/hook", // a single label is never a public name
  "http://224.0.0.1/hook", // multicast
  "ftp://hooks.example.com/hook",
  "file:///etc/passwd",
  "javascript:alert(1)",
];
const ALLOWED = ["https://hooks.example.com/copydesk", "http://93.184.216.34/hook", "https://[2606:4700:4700::1111]/hook", "https://hooks.example.com:8443/x?token=abc"];

describe("the rules", () => {
  it.each(REFUSED)("production refuses %s", (url) => {
    expect(targetProblem(url, { allowPrivate: false })).not.toBeNull();
  });

  it.each(ALLOWED)("production allows %s", (url) => {
    expect(targetProblem(url, { allowPrivate: false })).toBeNull();
  });

  it("development allows loopback and private addresses, never another scheme", () => {
    expect(targetProblem("http://127.0.0.1:8787/hooks/x", { allowPrivate: true })).toBeNull();
    expect(targetProblem("http://localhost/x", { allowPrivate: true })).toBeNull();
    expect(targetProblem("ftp://127.0.0.1/x", { allowPrivate: true })).not.toBeNull();
  });
});

async function send(vars: Record<string, string>, token: string, body: unknown) {
  const ctx = createExecutionContext();
  const req = new Request(`${API}/webhooks`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const res = await worker.fetch(req as never, { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, json: (await res.json()) as any };
}

describe("at create and update", () => {
  let admin: string;
  beforeAll(async () => {
    admin = (await tokenFor("admin")).token;
  });

  it("production answers 400 naming url for each refused target", async () => {
    for (const url of ["http://127.0.0.1/hook", "http://10.1.2.3/hook", "http://169.254.169.254/", "http://[::1]/hook", "http://2130706433/", "http://localhost/hook", "ftp://hooks.example.com/"]) {
      const res = await send(PRODUCTION, admin, { url, events: ["article.published"] });
      expect(res.status, url).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path), url).toEqual(["url"]);
    }
    expect((await send(PRODUCTION, admin, { url: "https://hooks.example.com/x", events: ["article.published"], active: false })).status).toBe(201);
  });

  it("development accepts a loopback receiver", async () => {
    const res = await send({ ENVIRONMENT: "development" }, admin, { url: "http://127.0.0.1:9/hook", events: ["article.published"], active: false });
    expect(res.status).toBe(201);
  });
});

describe("at delivery", () => {
  it("a webhook saved while local addresses were allowed is not fetched in production: a failed attempt, retried", async () => {
    const admin = (await tokenFor("admin")).token;
    const { name, url } = receiverUrl("hooks");
    const { webhook } = await createWebhook(admin, { url, events: ["tag.updated"] });
    const eventId = newId("msg");
    const now = new Date().toISOString();
    await db().insert(outboxEvents).values({ id: eventId, type: "tag.updated", subjectId: "tag_x", data: { kind: "taxonomy", entity: "tag", id: "tag_x", slug: "x", previous_slug: null, action: "updated" }, payload: "{}", createdAt: now, relayedAt: now });
    const msg = { kind: "webhook" as const, event_id: eventId, webhook_id: webhook.id };

    expect(await deliverWebhook(db(), { ...env, ...PRODUCTION } as Env, msg, 1)).toBe("retry");
    expect(await received(name)).toEqual([]);
    const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id)).all();
    expect(row).toMatchObject({ outcome: "failed", statusCode: null, latencyMs: null });
    expect(row!.error).toMatch(/^Not sent: 127\.0\.0\.1 is a private, loopback or link-local address\.$/);

    // The same webhook in the test environment (local receivers allowed) is delivered.
    expect(await deliverWebhook(db(), env, msg, 2)).toBe("done");
    expect(await received(name)).toHaveLength(1);
  });
});
