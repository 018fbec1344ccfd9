// A webhook's delivery log: one row per attempt, and one "dead" row when the queue gave up on an event.
import { and, desc, eq, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { webhookDeliveries, webhooks } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import { notFound } from "../lib/errors";

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type LastDelivery = Pick<DeliveryRow, "attemptedAt" | "statusCode" | "outcome">;

/** Newest first, keyset-paged on (attempted_at, id): stable while new attempts are logged in front. */
export async function listDeliveries(db: DB, webhookId: string, q: { limit: number; cursor?: string | undefined }): Promise<{ rows: DeliveryRow[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor, isDateKey) : null;
  const [hook, rows] = await db.batch([
    db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, webhookId)),
    db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.webhookId, webhookId),
          after ? sql`(${webhookDeliveries.attemptedAt}, ${webhookDeliveries.id}) < (${new Date(after.key).toISOString()}, ${after.id})` : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.attemptedAt), desc(webhookDeliveries.id))
      .limit(q.limit + 1),
  ]);
  if (!hook[0]) throw notFound("Webhook");
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown[shown.length - 1];
  return { rows: shown, nextCursor: more && last ? encodeCursor(last.attemptedAt, last.id) : null };
}

/** The latest log row of each of `ids` (one query; the (webhook_id, attempted_at) index finds each). */
export async function lastDeliveries(db: DB, ids: string[]): Promise<Map<string, LastDelivery>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ webhookId: webhookDeliveries.webhookId, attemptedAt: webhookDeliveries.attemptedAt, statusCode: webhookDeliveries.statusCode, outcome: webhookDeliveries.outcome })
    .from(webhookDeliveries)
    .where(
      sql`${webhookDeliveries.id} IN (SELECT (SELECT d.id FROM webhook_deliveries d WHERE d.webhook_id = w.id ORDER BY d.attempted_at DESC, d.id DESC LIMIT 1) FROM webhooks w WHERE w.id IN ${ids})`,
    )
    .all();
  return new Map(rows.map((r) => [r.webhookId, r]));
}
