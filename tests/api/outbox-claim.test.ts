// The claim: relays may run at once (after two requests, or a request's and the cron's), and each
// event must reach the queue once. A fake DELIVERIES binding counts what each relay sends.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DeliveryMessage } from "../../src/delivery/messages";
import { createSection } from "../../src/editorial/sections/domain";
import { newId } from "../../src/lib/ids";
import { relayOutbox } from "../../src/outbox/relay";
import { db, unique } from "../helpers/api";
import { SYSTEM_BY } from "../../src/audit/record";

/** An env whose queue only records the messages sent to it. */
function recordingEnv(sent: DeliveryMessage[]): Env {
  const DELIVERIES = {
    async send(body: DeliveryMessage) {
      sent.push(body);
    },
    async sendBatch(batch: { body: DeliveryMessage }[]) {
      sent.push(...batch.map((m) => m.body));
    },
  };
  return { ...env, DELIVERIES } as unknown as Env;
}

describe("relays running at once", () => {
  it("send each event once between them, and mark every one relayed", async () => {
    const now = new Date().toISOString();
    // Every section.updated goes to this webhook: one message per event.
    await env.DB.prepare("INSERT INTO webhooks (id, url, events, filters, secret, created_at, updated_at) VALUES (?, 'http://127.0.0.1:9/claim', ?, ?, 'whsec_AAAA', ?, ?)")
      .bind(newId("whk"), JSON.stringify(["section.updated"]), JSON.stringify({ section_ids: [], tag_ids: [] }), now, now)
      .run();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await createSection(db(), { name: `Claimed ${i}`, slug: unique("claimed") }, SYSTEM_BY)).id);

    const a: DeliveryMessage[] = [];
    const b: DeliveryMessage[] = [];
    // Small claims, so the two interleave over several rounds.
    const [ra, rb] = await Promise.all([relayOutbox(recordingEnv(a), { limit: 3, rounds: 10 }), relayOutbox(recordingEnv(b), { limit: 3, rounds: 10 })]);
    expect(ra.relayed + rb.relayed).toBe(12);
    expect(ra.relayed, "both relays took part").toBeGreaterThan(0);
    expect(rb.relayed, "both relays took part").toBeGreaterThan(0);

    const events = await env.DB.prepare("SELECT id, subject_id, relayed_at FROM outbox_events").all<{ id: string; subject_id: string; relayed_at: string | null }>();
    const mine = events.results.filter((e) => ids.includes(e.subject_id));
    expect(mine).toHaveLength(12);
    expect(mine.every((e) => e.relayed_at !== null)).toBe(true);
    const sentIds = [...a, ...b].map((m) => m.event_id).sort();
    expect(sentIds).toEqual(mine.map((e) => e.id).sort());

    // Nothing is left to send: a third relay finds nothing.
    const again: DeliveryMessage[] = [];
    expect((await relayOutbox(recordingEnv(again))).relayed).toBe(0);
    expect(again).toEqual([]);
  });
});

describe("a newsroom with no hub and no active webhook", () => {
  it("has its events settled by the claim alone, and sends nothing; a webhook switched on gets the next ones", async () => {
    // This file's other test left an active webhook: switch every one off first.
    await env.DB.prepare("UPDATE webhooks SET active = 0").run();
    const quiet = (await createSection(db(), { name: "Quiet", slug: unique("quiet") }, SYSTEM_BY)).id;
    const sent: DeliveryMessage[] = [];
    let statements = 0;
    const counted = { ...recordingEnv(sent), DB: new Proxy(env.DB, { get: (t, k) => (k === "prepare" ? (q: string) => (statements++, t.prepare(q)) : Reflect.get(t, k, t)) }) } as Env;
    const r = await relayOutbox(counted);
    expect(r.relayed).toBeGreaterThanOrEqual(1);
    expect(sent).toEqual([]);
    // Claim and settle in one statement; the empty second round is not reached (fewer than a claim's worth).
    expect(statements).toBe(1);
    const row = await env.DB.prepare("SELECT relayed_at FROM outbox_events WHERE subject_id = ?").bind(quiet).first<{ relayed_at: string | null }>();
    expect(row?.relayed_at).not.toBeNull();

    await env.DB.prepare("UPDATE webhooks SET active = 1").run();
    const heard = (await createSection(db(), { name: "Heard", slug: unique("heard") }, SYSTEM_BY)).id;
    await relayOutbox(recordingEnv(sent));
    expect(sent.map((m) => m.event_id)).toEqual([(await env.DB.prepare("SELECT id FROM outbox_events WHERE subject_id = ?").bind(heard).first<{ id: string }>())!.id]);
  });
});
