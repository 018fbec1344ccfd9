// Webhooks (admins): where the newsroom's events are POSTed, signed (Standard Webhooks), with a
// delivery log and redelivery. The rules live in src/webhooks; these routes validate and map.
import { Hono } from "hono";
import { auditBy } from "../../audit/record";
import * as v from "valibot";
import { isLocalEnvironment } from "../../http/production-guard";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { Cursor, PageLimit } from "../../lib/paging";
import { lastDeliveries, listDeliveries } from "../../webhooks/deliveries";
import * as domain from "../../webhooks/domain";
import { WebhookCreate, WebhookUpdate } from "../../webhooks/schemas";
import { DeliveryView, toDeliveryView, toWebhookView, WebhookView, WebhookWithSecret } from "../../webhooks/views";
import { BODY_ERRORS, IdParam } from "../shared";
import type { DB } from "../../db/client";

const One = v.object({ webhook: WebhookView });
const Queued = v.object({ event_id: v.pipe(v.string(), v.description("The event's id: the `webhook-id` header of the delivery.")) });
const DeliveryPage = v.object({
  deliveries: v.array(DeliveryView),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` for the next (older) page; null on the last.")),
});
const DeliveryQuery = v.object({ limit: PageLimit, cursor: v.optional(Cursor) });
const DeliveryParam = v.object({ id: v.string(), delivery_id: v.string() });

const viewOf = async (db: DB, row: domain.WebhookRow) => toWebhookView(row, (await lastDeliveries(db, [row.id])).get(row.id));

const TARGETS =
  "The URL must be http(s); in production it may not be a private, loopback, link-local or metadata address (nor `localhost`, `*.local`, `*.internal`), checked here (400 naming `url`) and again before each delivery.";
const tags = ["webhooks"];

export const webhookRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List webhooks", description: "Newest first, each with its latest delivery. Never the secrets.", tags, ok: { 200: v.object({ webhooks: v.array(WebhookView) }) } }),
    can("webhooks.manage"),
    async (c) => {
      const rows = await domain.listWebhooks(c.var.db);
      const last = await lastDeliveries(c.var.db, rows.map((r) => r.id));
      return c.json({ webhooks: rows.map((r) => toWebhookView(r, last.get(r.id))) });
    })
  .post("/",
    route({
      summary: "Create a webhook",
      description: `The signing secret is in this answer only. ${TARGETS} Filters must name existing sections and tags (400 naming \`filters.section_ids.{i}\`). At most ${domain.WEBHOOKS_MAX} webhooks (409).`,
      tags, ok: { 201: WebhookWithSecret }, errors: [...BODY_ERRORS, "conflict"],
    }),
    can("webhooks.manage"), input("json", WebhookCreate),
    async (c) => {
      const { row, secret } = await domain.createWebhook(c.var.db, c.req.valid("json"), { allowPrivate: isLocalEnvironment(c.env), createdBy: c.var.actor.userId }, auditBy(c.var.actor));
      return c.json({ webhook: toWebhookView(row, null), secret }, 201);
    })
  .get("/:id",
    route({ summary: "Get a webhook", tags, ok: { 200: One }, errors: ["not_found"] }),
    can("webhooks.manage"), input("param", IdParam),
    async (c) => c.json({ webhook: await viewOf(c.var.db, await domain.getWebhook(c.var.db, c.req.valid("param").id)) }))
  .patch("/:id",
    route({
      summary: "Change a webhook",
      description: `Only the fields sent change. \`active: true\` on a switched-off webhook turns it back on with a clean slate (failure count and reason cleared). ${TARGETS}`,
      tags, ok: { 200: One }, errors: [...BODY_ERRORS, "not_found"],
    }),
    can("webhooks.manage"), input("param", IdParam), input("json", WebhookUpdate),
    async (c) => {
      const row = await domain.updateWebhook(c.var.db, c.req.valid("param").id, c.req.valid("json"), { allowPrivate: isLocalEnvironment(c.env) }, auditBy(c.var.actor));
      return c.json({ webhook: await viewOf(c.var.db, row) });
    })
  .delete("/:id",
    route({ summary: "Delete a webhook", description: "With its delivery log; deliveries already queued are dropped.", tags, ok: { 204: { description: "Deleted" } }, errors: ["not_found"] }),
    can("webhooks.manage"), input("param", IdParam),
    async (c) => {
      await domain.deleteWebhook(c.var.db, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    })
  .post("/:id/rotate-secret",
    route({ summary: "Replace the signing secret", description: "The new secret signs every delivery from now on, retries of earlier events included; it is in this answer only.", tags, ok: { 200: WebhookWithSecret }, errors: ["not_found"] }),
    can("webhooks.manage"), input("param", IdParam),
    async (c) => {
      const { row, secret } = await domain.rotateSecret(c.var.db, c.req.valid("param").id, auditBy(c.var.actor));
      return c.json({ webhook: await viewOf(c.var.db, row), secret });
    })
  .post("/:id/ping",
    route({
      summary: "Send a test delivery",
      description: "Queues a `ping` event (`data: {webhook_id, message: \"ping\"}`) for this webhook only, signed and logged like any other. 409 when the webhook is inactive.",
      tags, ok: { 202: Queued }, errors: ["not_found", "conflict"],
    }),
    can("webhooks.manage"), input("param", IdParam),
    async (c) => c.json({ event_id: await domain.pingWebhook(c.var.db, c.req.valid("param").id, auditBy(c.var.actor)) }, 202))
  .get("/:id/deliveries",
    route({ summary: "A webhook's delivery log", description: "Every attempt, newest first; `limit` is 1–100 (default 20), follow `next_cursor` for older ones.", tags, ok: { 200: DeliveryPage }, errors: ["not_found", "validation_failed"] }),
    can("webhooks.manage"), input("param", IdParam), input("query", DeliveryQuery),
    async (c) => {
      const page = await listDeliveries(c.var.db, c.req.valid("param").id, c.req.valid("query"));
      return c.json({ deliveries: page.rows.map(toDeliveryView), next_cursor: page.nextCursor });
    })
  .post("/:id/deliveries/:delivery_id/redeliver",
    route({
      summary: "Send a logged event again",
      description: "The same event, body and `webhook-id` (a receiver deduplicating by it sees a repeat), through the queue with its retries. 409 when the webhook is inactive or the event is no longer kept.",
      tags, ok: { 202: Queued }, errors: ["not_found", "conflict"],
    }),
    can("webhooks.manage"), input("param", DeliveryParam),
    async (c) => {
      const { id, delivery_id } = c.req.valid("param");
      return c.json({ event_id: await domain.redeliver(c.var.db, c.env.DELIVERIES, id, delivery_id, auditBy(c.var.actor)) }, 202);
    });
