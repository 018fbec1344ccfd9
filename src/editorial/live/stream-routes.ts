// GET /articles/{id}/live/events: the live desk's stream (SSE) of one blog, drafts included. Ids are
// the blog's desk numbers (`seq`); the admin opens it after its first GET …/entries with that
// answer's last_event_id and applies each event idempotently. Same-origin (the session cookie), so
// no CORS. The stream ends after an hour and EventSource reconnects with Last-Event-ID: each
// reconnect passes requireActor and the role check again, so a revoked session stops receiving.
import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { articles } from "../../db/schema";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { AppError, notFound } from "../../lib/errors";
import { SSE_HEADERS, sseResponse } from "../../live/bridge";
import { LastEventIdHeader, LastEventIdQuery, parseLastEventId } from "../../live/sse";
import { IdParam } from "../shared";

const DESK_STREAM_MAX_AGE_MS = 60 * 60 * 1000;

const DESK_EVENTS =
  "`retry: 3000` first. Without an event id: `event: ready` with `id:` the blog's newest desk number and `data: {\"last_event_id\": n}`. With one: every change after it in order (ids `seq`: 1, 2, 3 … per blog), then live ones. Event types: `entry.created`, `entry.updated`, `entry.published`, `entry.unpublished`, `entry.deleted`, `entry.pinned`, `entry.unpinned`, `blog.updated`, `blog.published`, `blog.unpublished`, and `reset` (the id is unknown or more than 1,000 events old: refetch the entries, then carry on). `data:` is one line of JSON, `{\"entry\": {…}}` or `{\"blog\": {…}}`. A `: hb` comment every 25 s. The stream ends after an hour; EventSource reconnects by itself.";

export const liveStreamRoutes = new Hono<AuthedEnv>().get("/:id/live/events",
  route({
    operationId: "streamLiveDeskEvents",
    summary: "Stream a live blog's changes (desk)",
    description: `Server-Sent Events: every change to the blog and its entries, drafts included, as the newsroom sees them. ${DESK_EVENTS}`,
    tags: ["live"],
    ok: {
      200: {
        description: "The event stream",
        content: { "text/event-stream": { description: DESK_EVENTS } },
        headers: { "Cache-Control": { description: "`no-store`: never kept anywhere.", required: true } },
      },
    },
    errors: ["not_found", "not_live", "validation_failed"],
  }),
  can("live_entries.read"),
  input("param", IdParam),
  input("header", LastEventIdHeader),
  input("query", LastEventIdQuery),
  async (c) => {
    const { id } = c.req.valid("param");
    const blog = await c.var.db.select({ id: articles.id, kind: articles.kind }).from(articles).where(eq(articles.id, id)).get();
    if (!blog) throw notFound("Article");
    if (blog.kind !== "live") throw new AppError("not_live", "This story is not a live blog.");
    const since = parseLastEventId(c.req.valid("header")["Last-Event-ID"], c.req.valid("query").last_event_id);
    if (c.req.method === "HEAD") return new Response(null, { status: 200, headers: SSE_HEADERS });
    return sseResponse(c.env, { articleId: blog.id, audience: "desk", since, maxAgeMs: DESK_STREAM_MAX_AGE_MS, signal: c.req.raw.signal });
  });
