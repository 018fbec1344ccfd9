// The outbox and the delivery log do not grow without bound: the cron forgets relayed events and
// delivery attempts after DELIVERY_LOG_DAYS, keeps what is younger and what was never relayed, and
// finds them through indexes (the claim too), whatever the table's size.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/lib/ids";
import { claimStatement } from "../../src/outbox/relay";
import { DELIVERY_LOG_DAYS, deliveryPurgeStatements, purgeExpired } from "../../src/scheduled/purge";
import { db } from "../helpers/api";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function addEvent(relayedAt: string | null, createdAt: string) {
  const id = newId("msg");
  await env.DB.prepare("INSERT INTO outbox_events (id, type, subject_id, data, created_at, relayed_at) VALUES (?, 'ping', 'x', '{}', ?, ?)").bind(id, createdAt, relayedAt).run();
  return id;
}
const exists = async (table: string, id: string) => (await env.DB.prepare(`SELECT 1 AS one FROM ${table} WHERE id = ?`).bind(id).first()) !== null;

describe("purging the outbox and the delivery log", () => {
  it("deletes relayed events and attempts older than the window, keeps the rest", async () => {
    const now = Date.now();
    const old = iso(now - (DELIVERY_LOG_DAYS + 1) * DAY);
    const recent = iso(now - DAY);
    const oldRelayed = await addEvent(old, old);
    const recentRelayed = await addEvent(recent, old);
    // Never relayed (its payload kept failing): the sweep still owes it, so it stays.
    const neverRelayed = await addEvent(null, old);

    const hook = newId("whk");
    await env.DB.prepare("INSERT INTO webhooks (id, url, events, filters, secret, created_at, updated_at) VALUES (?, 'https://example.org/h', '[]', '{}', 'whsec_AAAA', ?, ?)").bind(hook, old, old).run();
    const attempt = async (at: string) => {
      const id = newId("dlv");
      await env.DB.prepare("INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, attempt, attempted_at, outcome) VALUES (?, ?, 'msg_x', 'ping', 1, ?, 'delivered')").bind(id, hook, at).run();
      return id;
    };
    const oldAttempt = await attempt(old);
    const recentAttempt = await attempt(recent);

    const counts = await purgeExpired(db(), new Date(now));
    expect(counts).toMatchObject({ outboxEvents: 1, deliveries: 1 });
    expect(await exists("outbox_events", oldRelayed)).toBe(false);
    expect(await exists("outbox_events", recentRelayed)).toBe(true);
    expect(await exists("outbox_events", neverRelayed)).toBe(true);
    expect(await exists("webhook_deliveries", oldAttempt)).toBe(false);
    expect(await exists("webhook_deliveries", recentAttempt)).toBe(true);
  });
});

const query = (q: { toSQL(): { sql: string } }) => q.toSQL().sql;

async function plan(query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql, params } = query.toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe("query plans", () => {
  const now = new Date();
  const [events, deliveries] = deliveryPurgeStatements(db(), now);

  it.each([
    ["the relay's claim", claimStatement(db(), now, 25)],
    ["a request's relay's claim (newest first)", claimStatement(db(), now, 10, true)],
    ["the outbox purge", events],
  ])("%s walks the pending index, bounded, without a sort", async (_name, query) => {
    const lines = await plan(query);
    expect(lines.some((l) => /SEARCH outbox_events USING (COVERING )?INDEX outbox_events_pending_idx/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith("SCAN "))).toEqual([]);
    expect(lines.filter((l) => l.includes("TEMP B-TREE"))).toEqual([]);
    expect(query.toSQL().sql).toMatch(/ limit \?\)/);
  });

  it("the claim that settles rows when nothing listens walks the pending index too, reading only the small webhooks table besides", async () => {
    const query = claimStatement(db(), now, 10, true, true);
    const lines = await plan(query);
    expect(lines.some((l) => /SEARCH outbox_events USING (COVERING )?INDEX outbox_events_pending_idx/.test(l))).toBe(true);
    // At most WEBHOOKS_MAX rows, and EXISTS stops at the first active one.
    expect(lines.filter((l) => l.startsWith("SCAN ") && !/^SCAN webhooks\b/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes("TEMP B-TREE"))).toEqual([]);
    expect(query.toSQL().sql).toMatch(/case when exists \(select 1 from "webhooks"/i);
  });

  it("the delivery-log purge reads the log through (webhook_id, attempted_at), webhook by webhook", async () => {
    const lines = await plan(deliveries);
    expect(lines.some((l) => /SEARCH webhook_deliveries USING (COVERING )?INDEX webhook_deliveries_webhook_idx \(webhook_id=\? AND attempted_at<\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith("SCAN "))).toEqual([]);
    expect(query(deliveries)).toMatch(/ limit \?\)$/);
  });
});
