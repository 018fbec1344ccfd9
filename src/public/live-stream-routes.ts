// GET /api/content/v1/articles/{slug}/live: a published live blog's changes as they happen, for
// readers' pages and embedding sites. Server-Sent Events (the Worker holds the stream, fed by the
// blog's Durable Object: src/live/bridge.ts); with `Upgrade: websocket`, the same events as JSON
// messages straight from the object. Mounted by src/public/index.ts outside the public cache (a
// stream is never cached, never 304'd, never compressed on the way), CORS-open like the rest.
import { Hono } from "hono";
import { and, eq } from "drizzle-orm";
import { articles } from "../db/schema";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { notFound } from "../lib/errors";
import { SSE_HEADERS, sseResponse, webSocketResponse } from "../live/bridge";
import { LastEventIdHeader, LastEventIdQuery, parseLastEventId } from "../live/sse";
import { SlugParams } from "./params";

export const READER_EVENTS =
  "Starts with `retry: 3000`. Without an event id (`Last-Event-ID` header or `?last_event_id=`; the header wins): `event: ready`, `id:` the blog's newest event number, `data: {\"last_event_id\": n}`. With one: every event after it, in order, then live ones; no gap, no duplicate. Ids are the blog's readers' event numbers, 1, 2, 3 … with no gap. Event types: `entry.published`, `entry.updated`, `entry.pinned`, `entry.unpinned` (`data: {\"entry\": {…}}`, the entry as `…/entries` lists it), `entry.deleted` (`{\"entry\": {\"id\": …}}`), `blog.updated` (`{\"blog\": {coverage_start_at, coverage_end_at, updated_at}}`), `blog.unpublished` (then the stream ends; a reconnect gets 404), `reset` (refetch `…/entries`, then carry on: the id is unknown or more than 1,000 events old, or the blog was published again; `data` is `{\"last_event_id\": n}`, where the stream continues, with `blog` beside it after a republication). `data:` is always one line of JSON with `<`, `>`, `&` escaped. A `: hb` comment every 25 s.";

const LIVE_HEADERS = {
  "Cache-Control": { description: "`no-cache, no-store, no-transform`: a stream is never kept or rewritten on the way.", required: true },
};

export const liveStreamRoutes = new Hono<AppEnv>().get("/articles/:slug/live",
  route({
    operationId: "streamLiveBlog",
    summary: "Follow a live blog as it happens",
    description: `Server-Sent Events of a published live blog's changes (\`new EventSource(url)\`). ${READER_EVENTS} With \`Upgrade: websocket\` the same events arrive as WebSocket text messages \`{"id": 42, "event": "entry.published", "data": {…}}\` (send \`ping\` to get \`pong\`). 404 for a story that is not a published live blog.`,
    tags: ["articles"],
    ok: {
      200: { description: "The event stream", content: { "text/event-stream": { description: READER_EVENTS } }, headers: LIVE_HEADERS },
      101: { description: "Switched to a WebSocket (the request carried `Upgrade: websocket`)." },
    },
    errors: ["validation_failed", "not_found"],
  }),
  input("param", SlugParams),
  input("header", LastEventIdHeader),
  input("query", LastEventIdQuery),
  async (c) => {
    // One statement: the published live blog of this slug (held or unpublished ones are not).
    const blog = await c.var.db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.slug, c.req.valid("param").slug), eq(articles.status, "published"), eq(articles.kind, "live")))
      .get();
    if (!blog) throw notFound("Live blog");
    const since = parseLastEventId(c.req.valid("header")["Last-Event-ID"], c.req.valid("query").last_event_id);
    if (c.req.method === "HEAD") return new Response(null, { status: 200, headers: SSE_HEADERS });
    if (c.req.header("Upgrade")?.toLowerCase() === "websocket") return webSocketResponse(c.env, { articleId: blog.id, audience: "public", since });
    return sseResponse(c.env, { articleId: blog.id, audience: "public", since, signal: c.req.raw.signal });
  });
