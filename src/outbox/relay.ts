// The relay: moves outbox rows onto the delivery Queue. It runs after every successful editorial
// write (in waitUntil) and from the cron every minute (the sweep: rows whose relay never ran, or
// died half-way). Both may run at once: a row is claimed by one atomic UPDATE … RETURNING for a
// minute, so each relay sends only what it claimed. A relay that dies after sending but before
// marking the row leaves it to the next sweep, which sends it again: delivery is at-least-once, and
// every message of the event carries the same webhook-id for receivers to deduplicate on.
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { runBatch, type Statement } from "../db/batch";
import { createDb, type DB } from "../db/client";
import { outboxEvents, siteState, webhooks } from "../db/schema";
import type { DeliveryMessage } from "../delivery/messages";
import { configuredPublicOrigin, siteUrls } from "../lib/urls";
import { webhooksFor } from "../webhooks/match";
import { configuredHubs } from "../websub/hubs";
import { feedTopics } from "../websub/topics";
import type { EventData, EventType } from "./events";
import { payloadBuilder } from "./payload";

/** How long a claim holds: past it, the sweep takes the row again (its relay is presumed dead). */
export const CLAIM_MS = 60_000;
/** Rows per claim; a full claim is followed by another, up to ROUNDS. */
export const RELAY_LIMIT = 25;
const ROUNDS = 4;
/** Messages per sendBatch call (the Queues limit). */
const SEND_CHUNK = 100;
/** site_state key holding the origin last seen on an editorial request (for the cron's feed URLs). */
export const ORIGIN_KEY = "public_origin";

export interface RelayOptions {
  /** The request's origin: used when PUBLIC_API_ORIGIN is unset, and remembered for the cron. */
  origin?: string | null;
  now?: Date;
  /** Rows per claim (default 25). */
  limit?: number;
  /** Claims per run (default 4); the inline relay after a request makes one. */
  rounds?: number;
  /**
   * Claim the newest rows first: a request's relay sends its own events (the newest) at once even
   * behind a backlog, which the cron's sweep drains oldest first.
   */
  newestFirst?: boolean;
  /** A db over env.DB already made (the cron's, which counts statements under the bench). */
  db?: DB;
}

export interface RelayResult {
  relayed: number;
  messages: number;
}

/**
 * The statement that claims up to `limit` pending rows until now + CLAIM_MS (exported for its query
 * plan). `settle`: there is no hub to ping, so an event goes nowhere unless an active webhook
 * exists; when none does, the same statement marks the rows relayed (a newsroom without webhooks
 * pays one statement per relay, not claim + match + mark). A webhook added later never gets older
 * events anyway (src/webhooks/match.ts), and a ping to an inactive webhook is dropped either way.
 */
export function claimStatement(db: DB, now: Date, limit: number, newestFirst = false, settle = false) {
  const at = now.toISOString();
  const pending = db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(and(isNull(outboxEvents.relayedAt), or(isNull(outboxEvents.claimedUntil), lt(outboxEvents.claimedUntil, at))))
    .orderBy(newestFirst ? desc(outboxEvents.createdAt) : asc(outboxEvents.createdAt))
    .limit(limit);
  return db
    .update(outboxEvents)
    .set({
      claimedUntil: new Date(now.getTime() + CLAIM_MS).toISOString(),
      ...(settle ? { relayedAt: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM ${webhooks} WHERE ${webhooks.active} = 1) THEN NULL ELSE ${at} END` } : {}),
    })
    .where(inArray(outboxEvents.id, pending))
    .returning();
}

/** Never throws: a failure is logged, and the rows it held go out with the next sweep. */
export async function relayOutbox(env: Env, opts: RelayOptions = {}): Promise<RelayResult> {
  const db = opts.db ?? createDb(env.DB, env.MEDIA);
  const result: RelayResult = { relayed: 0, messages: 0 };
  try {
    const limit = opts.limit ?? RELAY_LIMIT;
    let origin: string | null | undefined;
    const settle = configuredHubs(env).length === 0;
    for (let round = 0; round < (opts.rounds ?? ROUNDS); round++) {
      const claimed = await claimStatement(db, opts.now ?? new Date(), limit, opts.newestFirst, settle).all();
      if (!claimed.length) break;
      // Rows the claim settled itself (no hub, no active webhook) have nowhere to go.
      const open = claimed.filter((row) => row.relayedAt === null);
      result.relayed += claimed.length - open.length;
      if (open.length) {
        // Worked out once per run, and only when there is something to send.
        origin ??= await resolveOrigin(db, env, opts.origin ?? null);
        const r = await relayRows(db, env, origin, open);
        result.relayed += r.relayed;
        result.messages += r.messages;
      }
      if (claimed.length < limit) break;
    }
  } catch (err) {
    console.error("outbox relay failed; the cron sweep will retry:", err);
  }
  return result;
}

let rememberedOrigin: string | null = null;

/**
 * PUBLIC_API_ORIGIN, else the request's origin (remembered in site_state when it changes), else the
 * one remembered: the cron has no request of its own. Null when none is known yet.
 */
async function resolveOrigin(db: DB, env: Env, requestOrigin: string | null): Promise<string | null> {
  const configured = configuredPublicOrigin(env);
  if (configured) return configured;
  if (requestOrigin) {
    // Written once per isolate and origin: every later relay here knows it is stored already.
    if (rememberedOrigin === requestOrigin) return requestOrigin;
    const now = new Date().toISOString();
    await db
      .insert(siteState)
      .values({ key: ORIGIN_KEY, value: requestOrigin, updatedAt: now })
      .onConflictDoUpdate({ target: siteState.key, set: { value: requestOrigin, updatedAt: now }, setWhere: sql`${siteState.value} <> ${requestOrigin}` });
    rememberedOrigin = requestOrigin;
    return requestOrigin;
  }
  const row = await db.select({ value: siteState.value }).from(siteState).where(eq(siteState.key, ORIGIN_KEY)).get();
  return row?.value ?? null;
}

type Claimed = typeof outboxEvents.$inferSelect;

async function relayRows(db: DB, env: Env, origin: string | null, rows: Claimed[]): Promise<RelayResult> {
  // Payload links: media on the Worker's origin (the site's own when none is known yet).
  const urls = siteUrls(env, origin ?? env.PUBLIC_SITE_URL);
  const build = payloadBuilder(db, env, urls);
  const hubs = configuredHubs(env);
  if (hubs.length && !origin) console.warn("outbox relay: WEBSUB_HUBS is set but no public origin is known (set PUBLIC_API_ORIGIN): hubs not pinged");

  const messages: DeliveryMessage[] = [];
  const done: string[] = [];
  const payloads: { id: string; payload: string }[] = [];
  for (const row of rows) {
    const event = { type: row.type as EventType, data: row.data as EventData };
    try {
      // A ping goes to its own webhook only (webhooksFor knows): never to every subscriber.
      const hooks = await webhooksFor(db, { ...event, createdAt: row.createdAt });
      // Built once, and only for an event some webhook receives (a newsroom without webhooks pays
      // nothing for it): a row re-claimed after a crash keeps the bytes its first relay stored.
      if (row.payload === null && hooks.length) payloads.push({ id: row.id, payload: await build({ id: row.id, type: event.type, data: event.data, createdAt: row.createdAt }) });
      for (const webhook_id of hooks) messages.push({ kind: "webhook", event_id: row.id, webhook_id });
      if (hubs.length && origin && event.data.kind !== "ping") {
        const topics = await feedTopics(db, origin, event);
        for (const hub of hubs) for (const topic of topics) messages.push({ kind: "websub", event_id: row.id, hub, topic });
      }
      done.push(row.id);
    } catch (err) {
      // One bad row must not hold up the others: it stays claimed, then the sweep tries it again.
      console.error(`outbox relay: event ${row.id} (${row.type}) not relayed:`, err);
    }
  }
  // The payloads are on their rows before any message can reach the consumer that reads them.
  if (payloads.length) {
    const stores: Statement[] = payloads.map((p) =>
      db.update(outboxEvents).set({ payload: sql`coalesce(${outboxEvents.payload}, ${p.payload})` }).where(eq(outboxEvents.id, p.id)),
    );
    await runBatch(db, stores);
  }
  const sent = messages.filter((m) => done.includes(m.event_id));
  for (let i = 0; i < sent.length; i += SEND_CHUNK) {
    await env.DELIVERIES.sendBatch(sent.slice(i, i + SEND_CHUNK).map((body) => ({ body, contentType: "json" as const })));
  }
  if (done.length) await db.update(outboxEvents).set({ relayedAt: new Date().toISOString() }).where(inArray(outboxEvents.id, done));
  return { relayed: done.length, messages: sent.length };
}
