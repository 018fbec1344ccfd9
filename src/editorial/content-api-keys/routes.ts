// Admins issue and revoke keys for the Ghost-compatible Content API (/ghost/api/content/…).
// A front-end that ran on Ghost changes one line: the client's `url` to this Worker's origin, and
// `key` to one of these.
import { Hono } from "hono";
import { auditBy } from "../../audit/record";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { BODY_ERRORS, IdParam } from "../shared";
import { createContentApiKey, listContentApiKeys, revokeContentApiKey, type ContentApiKeyRow } from "./domain";

export const CreateContentApiKeySchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "Name the key (the site or app that will use it)."), v.maxLength(100)),
});

const Time = v.pipe(v.string(), v.description("UTC, RFC 3339."));
// Never the hash, and the key itself only in ContentApiKeyCreated.
const ContentApiKeyView = v.object({
  id: v.string(),
  name: v.string(),
  hint: v.pipe(v.string(), v.description("The key's last four characters, to tell keys apart.")),
  created_at: Time,
  revoked_at: v.pipe(v.nullable(v.string()), v.description("When it was revoked (UTC, RFC 3339), or null while it works.")),
});
const ContentApiKeyCreated = v.object({
  content_api_key: v.object({
    ...ContentApiKeyView.entries,
    key: v.pipe(v.string(), v.regex(/^[0-9a-f]{26}$/), v.description("26 lowercase hex characters, as Ghost's keys: shown this once, only its SHA-256 is stored.")),
  }),
});

const toView = (k: ContentApiKeyRow): v.InferOutput<typeof ContentApiKeyView> => ({
  id: k.id,
  name: k.name,
  hint: k.hint,
  created_at: k.createdAt,
  revoked_at: k.revokedAt,
});

const tags = ["content-api-keys"];

export const contentApiKeyRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List Content API keys (never the keys themselves)", tags, ok: { 200: v.object({ content_api_keys: v.array(ContentApiKeyView) }) } }),
    can("content_keys.manage"),
    async (c) => c.json({ content_api_keys: (await listContentApiKeys(c.var.db)).map(toView) }))
  .post("/",
    route({ summary: "Issue a Content API key", description: "The key is in this answer only.", tags, ok: { 201: ContentApiKeyCreated }, errors: BODY_ERRORS }),
    can("content_keys.manage"), input("json", CreateContentApiKeySchema),
    async (c) => {
      const { row, key } = await createContentApiKey(c.var.db, c.req.valid("json").name, c.var.actor.userId, auditBy(c.var.actor));
      return c.json({ content_api_key: { ...toView(row), key } }, 201);
    })
  .delete("/:id",
    route({ summary: "Revoke a Content API key", description: "Requests with it get 401 from then on.", tags, ok: { 204: { description: "Revoked" } }, errors: ["not_found"] }),
    can("content_keys.manage"), input("param", IdParam),
    async (c) => {
      await revokeContentApiKey(c.var.db, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    });
